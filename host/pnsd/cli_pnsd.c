/*
 * struct cli_query over pnsd's PPTP and PPP layers (see cli_pnsd.h).
 */
#include "cli_pnsd.h"
#include "cli/config_ops.h"
#include "common/evloop.h"
#include "common/worker.h"
#include "pptp/gre.h"
#include "pptp/pptp_config.h"
#include "pptp/pptp_ctrl.h"
#include "card/card_engine.h"
#include "mppe/engine.h"
#include "radius/radius_aaa.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct walk {
	struct cli_pnsd *p;
	const struct cli_loop *l;
	cli_tunnel_fn tfn;
	cli_session_fn sfn;
	void *arg;
	uint64_t now;
	const struct pptp_ctrl_info *ti;
};

static void ip_str(uint32_t net_order, char *buf)
{
	struct in_addr in = { .s_addr = net_order };
	inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

static uint64_t since(uint64_t now, uint64_t then)
{
	return now > then ? now - then : 0;
}

/* The loops to read: pnsd -W N's, or the one of the fields of cli_pnsd. */
static unsigned loops_of(struct cli_pnsd *p, struct cli_loop *one, const struct cli_loop **out)
{
	if (p->nloops > 0) {
		*out = p->loops;
		return p->nloops;
	}
	*one = (struct cli_loop){ .ctx = p->ctx, .gre = p->gre, .ppp_arg = p->ppp_arg, .engine = p->engine };
	*out = one;
	return 1;
}

/* fn(arg) on l's thread, the caller waiting for it. */
static void on_loop(const struct cli_loop *l, void (*fn)(void *arg), void *arg)
{
	if (l->w == NULL || worker_call(l->w, fn, arg) < 0)
		fn(arg);   /* the CLI's own loop (worker_call fails only once a worker is freed, after the CLI) */
}

static int one_tunnel(void *arg, struct pptp_ctrl *c)
{
	struct walk *w = arg;
	struct pptp_ctrl_info i;
	struct cli_tunnel t;

	pptp_ctrl_get_info(c, &i);
	memset(&t, 0, sizeof(t));
	t.loc_id = t.rem_id = i.tunnel_id;
	if (i.peer_hostname[0])
		snprintf(t.remote_name, sizeof(t.remote_name), "%s", i.peer_hostname);
	else
		ip_str(i.peer.sin_addr.s_addr, t.remote_name);   /* Windows sends no host name */
	snprintf(t.state, sizeof(t.state), "%s", i.state);
	t.remote_addr = ntohl(i.peer.sin_addr.s_addr);
	t.remote_port = ntohs(i.peer.sin_port);
	t.sessions = i.calls;
	t.since_change_ms = since(w->now, i.last_change_ms);
	snprintf(t.peer_vendor, sizeof(t.peer_vendor), "%s", i.peer_vendor);
	t.peer_version = i.peer_version;
	t.peer_firmware = i.peer_firmware;
	t.local_addr = ntohl(i.local.sin_addr.s_addr);
	t.local_port = ntohs(i.local.sin_port);
	t.echo_outstanding = i.echo_outstanding;
	t.msgs_rx = i.msgs_rx;
	t.msgs_tx = i.msgs_tx;
	return w->tfn(w->arg, &t);
}

struct loop_walk {
	struct walk *w;
	int rc;
	uint16_t only;
};

static void tunnels_there(void *arg)
{
	struct loop_walk *lw = arg;

	lw->rc = pptp_ctx_foreach_ctrl(lw->w->l->ctx, one_tunnel, lw->w);
}

static int pnsd_foreach_tunnel(void *ctx, cli_tunnel_fn fn, void *arg)
{
	struct cli_pnsd *p = ctx;
	struct walk w = { .p = p, .tfn = fn, .arg = arg, .now = ev_clock_ms() };
	struct cli_loop one;
	const struct cli_loop *ls;
	unsigned n = loops_of(p, &one, &ls);
	struct loop_walk lw = { .w = &w };

	for (unsigned i = 0; i < n && lw.rc == 0; i++) {
		w.l = &ls[i];
		on_loop(&ls[i], tunnels_there, &lw);
	}
	return lw.rc;
}

static int one_call(void *arg, struct pptp_call *call)
{
	struct walk *w = arg;
	struct pptp_call_info i;
	struct cli_session s;

	pptp_call_get_info(call, &i);
	memset(&s, 0, sizeof(s));
	s.loc_id = i.local_call_id;
	s.rem_id = i.peer_call_id;
	s.tun_id = i.tunnel_id;
	snprintf(s.state, sizeof(s.state), "%s", i.state);
	s.since_change_ms = since(w->now, i.last_change_ms);
	if (w->ti->peer_hostname[0])
		snprintf(s.remote_name, sizeof(s.remote_name), "%s", w->ti->peer_hostname);
	else
		ip_str(i.peer_addr, s.remote_name);
	s.remote_addr = ntohl(i.peer_addr);
	s.pkts_tx = i.gre.tx_pkts;
	s.pkts_rx = i.gre.rx_pkts;
	s.bytes_tx = i.gre.tx_bytes;
	s.bytes_rx = i.gre.rx_bytes;
	s.ss = i.ss;
	s.sr = i.sr;
	s.remote_nr = i.remote_nr;
	s.our_rws = i.our_rws;
	s.peer_rws = i.peer_rws;
	s.out_of_order = i.gre.rx_out_of_order;
	s.duplicates = i.gre.rx_duplicate;
	s.lost = i.gre.rx_lost;
	s.flow_alarm = i.flow_alarm;
	s.alarms = i.gre.flow_alarms;
	s.zlb_tx = i.gre.zlb_tx;
	s.zlb_rx = i.gre.zlb_rx;
	if (w->p->ppp_view != NULL)
		w->p->ppp_view(w->l->ppp_arg, call, &s.ppp);
	return w->sfn(w->arg, &s);
}

struct tunnel_calls {
	struct walk *w;
	uint16_t only;
};

static int calls_of_tunnel(void *arg, struct pptp_ctrl *c)
{
	struct tunnel_calls *tc = arg;
	struct pptp_ctrl_info ti;

	pptp_ctrl_get_info(c, &ti);
	if (tc->only != 0 && ti.tunnel_id != tc->only)
		return 0;
	tc->w->ti = &ti;
	return pptp_ctrl_foreach_call(c, one_call, tc->w);
}

static void sessions_there(void *arg)
{
	struct loop_walk *lw = arg;
	struct tunnel_calls tc = { .w = lw->w, .only = lw->only };

	lw->rc = pptp_ctx_foreach_ctrl(lw->w->l->ctx, calls_of_tunnel, &tc);
}

static int pnsd_foreach_session(void *ctx, uint16_t tun_id, cli_session_fn fn, void *arg)
{
	struct cli_pnsd *p = ctx;
	struct walk w = { .p = p, .sfn = fn, .arg = arg, .now = ev_clock_ms() };
	struct cli_loop one;
	const struct cli_loop *ls;
	unsigned n = loops_of(p, &one, &ls);
	struct loop_walk lw = { .w = &w, .only = tun_id };

	for (unsigned i = 0; i < n && lw.rc == 0; i++) {
		w.l = &ls[i];
		on_loop(&ls[i], sessions_there, &lw);
	}
	return lw.rc;
}

/* One loop's counters, read on its thread, added to the sum. */
struct loop_counters {
	const struct cli_loop *l;
	struct pptp_ctx_stats st;
	struct gre_sock_stats g;
	unsigned threads;
	struct card_engine_stats cs;
	bool card;
	uint64_t busy_max_ms;
};

static void counters_there(void *arg)
{
	struct loop_counters *lc = arg;

	lc->st = *pptp_ctx_stats(lc->l->ctx);
	if (lc->l->gre != NULL)
		lc->g = *gre_sock_stats(lc->l->gre);
	lc->threads = lc->l->engine != NULL ? mppe_engine_threads(lc->l->engine) : 0;
	lc->card = lc->l->engine != NULL && card_engine_stats(lc->l->engine, &lc->cs) == 0;
	lc->busy_max_ms = ev_thread_busy_max_ms();   /* on the loop's own thread */
}

/* pnsd -W N with a card: every loop's engine is on the card (its own queue
 * pairs); the counters are summed, a card is up when every loop has it. */
static void card_stats_add(struct card_engine_stats *to, const struct card_engine_stats *s, bool first)
{
	to->resets += s->resets;
	to->timeouts += s->timeouts;
	to->fatal_errors += s->fatal_errors;
	to->queue_errors += s->queue_errors;
	to->bad_cqes += s->bad_cqes;
	to->bad_lengths += s->bad_lengths;
	to->card_errors += s->card_errors;
	to->failed_ops += s->failed_ops;
	to->flows_card += s->flows_card;
	to->flows_sw += s->flows_sw;
	to->flows_moved += s->flows_moved;
	to->card_retries += s->card_retries;
	to->async_reads += s->async_reads;
	to->admin_pending += s->admin_pending;
	to->reads_waiting += s->reads_waiting;
	to->flows_creating += s->flows_creating;
	for (unsigned q = 0; q < CARD_ENGINE_QUEUES; q++)
		to->queue_completions[q] += s->queue_completions[q];
	if (first) {
		to->cards = s->cards;
		to->cards_up = s->cards_up;
		to->lost = s->lost;
	} else {
		if (s->cards_up < to->cards_up)
			to->cards_up = s->cards_up;
		to->lost = to->lost || s->lost;
	}
}

static void pnsd_counters(void *ctx, struct cli_counters *o)
{
	struct cli_pnsd *p = ctx;
	struct card_engine_stats cs = { 0 };
	struct cli_loop one;
	const struct cli_loop *ls;
	unsigned n = loops_of(p, &one, &ls), threads = 0, ncard = 0;
	uint64_t busy_max_ms = 0;
	struct pptp_ctx_stats sum = { 0 };
	struct gre_sock_stats gsum = { 0 };
	const struct pptp_ctx_stats *s = &sum;

	for (unsigned i = 0; i < n; i++) {
		struct loop_counters lc = { .l = &ls[i] };

		on_loop(&ls[i], counters_there, &lc);
		pptp_ctx_stats_add(&sum, &lc.st);
		gre_sock_stats_add(&gsum, &lc.g);
		threads += lc.threads;
		if (lc.busy_max_ms > busy_max_ms)
			busy_max_ms = lc.busy_max_ms;
		if (lc.card)
			card_stats_add(&cs, &lc.cs, ncard++ == 0);
	}
	memset(o, 0, sizeof(*o));
	o->uptime_ms = since(ev_clock_ms(), p->start_ms);
	o->tunnels = pptp_ctx_tunnel_count(p->ctx);
	o->sessions = pptp_ctx_session_count(p->ctx);
	o->ctrl_accepted = s->ctrl_accepted;
	o->ctrl_refused = s->ctrl_refused;
	o->ctrl_established = s->ctrl_established;
	o->ctrl_closed = s->ctrl_closed;
	o->sccrq_timeouts = s->sccrq_timeouts;
	o->echo_timeouts = s->echo_timeouts;
	o->msgs_rx = s->msgs_rx;
	o->msgs_tx = s->msgs_tx;
	o->msgs_bad = s->msgs_bad;
	o->calls_up = s->calls_up;
	o->calls_refused = s->calls_refused;
	o->calls_down = s->calls_down;
	o->icrq_refused = s->icrq_refused;
	o->unknown_call_id = s->unknown_call_id;
	if (ls[0].gre != NULL) {
		const struct gre_sock_stats *g = &gsum;
		o->gre_rx = g->rx_pkts;
		o->gre_bad_ip = g->rx_bad_ip;
		o->gre_bad = g->rx_bad_gre;
		o->gre_no_session = g->rx_no_session;
		o->gre_tx = g->tx_pkts;
		o->gre_tx_errors = g->tx_errors;
		o->gre_rx_paused = g->rx_paused;
	}
	o->loop_busy_max_ms = busy_max_ms;
	o->reloads = p->reloads;
	o->reload_failures = p->reload_failures;
	if (p->engine != NULL) {
		snprintf(o->engine_kind, sizeof(o->engine_kind), "%s", mppe_engine_kind(p->engine));
		snprintf(o->engine_label, sizeof(o->engine_label), "%s", mppe_engine_label(p->engine));
		o->engine_threads = threads;   /* over every loop's engine (pnsd -W N) */
	}
	if (ncard > 0) {
		o->card = true;
		o->card_resets = cs.resets;
		o->card_timeouts = cs.timeouts;
		o->card_fatal_errors = cs.fatal_errors;
		o->card_queue_errors = cs.queue_errors;
		o->card_bad_completions = cs.bad_cqes + cs.bad_lengths;
		o->card_error_completions = cs.card_errors;
		o->card_failed_ops = cs.failed_ops;
		o->cards = cs.cards ? cs.cards : 1;
		o->cards_up = cs.cards ? cs.cards_up : !cs.lost;
		o->flows_card = cs.flows_card;
		o->flows_sw = cs.flows_sw;
		o->flows_moved = cs.flows_moved;
		o->card_retries = cs.card_retries;
		o->card_counter_reads = cs.async_reads;
		o->card_admin_pending = cs.admin_pending;
		o->card_reads_waiting = cs.reads_waiting;
		o->flows_creating = cs.flows_creating;
	}
}

/* "Hardware (ISA5/0, flow_id=13)" for a card, "Software" for sw, as the
 * feature document's show ppp mppe names the engine. */
static void pnsd_engine_text(void *ctx, uint32_t flow, char *buf, size_t len)
{
	struct cli_pnsd *p = ctx;
	const struct eng_config *e = p->cfg && *p->cfg ? cfg_block(*p->cfg, &eng_cfg_section) : NULL;

	if (p->engine == NULL || mppe_flow_in_software(p->engine, flow)) {
		/* the software engine, or a flow moved off a failed card */
		snprintf(buf, len, "Software");
		return;
	}
	snprintf(buf, len, "Hardware (ISA%s, flow_id=%u)", e && e->controller ? e->slot : "?", flow);
}

static const char *pnsd_local_name(void *ctx)
{
	return pptp_ctx_params(((struct cli_pnsd *)ctx)->ctx)->local_name;
}

struct loop_clear {
	const struct cli_loop *l;
	uint16_t id;
	bool found;
};

static void clear_there(void *arg)
{
	struct loop_clear *lc = arg;
	struct pptp_ctrl *c = pptp_ctx_find_tunnel(lc->l->ctx, lc->id);

	if (c == NULL)
		return;
	/* RFC 2637 sec 2.3: Stop-Control-Connection-Request, reason 1 (None):
	 * administrative, as IOS does for clear vpdn tunnel. */
	pptp_ctrl_stop(c, PPTP_STOP_NONE, PPTP_DOWN_ADMIN);
	lc->found = true;
}

static int pnsd_clear(void *ctx, uint16_t id)
{
	struct cli_pnsd *p = ctx;
	struct cli_loop one;
	const struct cli_loop *ls;
	unsigned n = loops_of(p, &one, &ls);
	struct loop_clear lc = { .id = id };

	for (unsigned i = 0; i < n && !lc.found; i++) {
		lc.l = &ls[i];
		on_loop(&ls[i], clear_there, &lc);
	}
	if (!lc.found) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

static int pnsd_reload(void *ctx, char *err, size_t len)
{
	struct cli_pnsd *p = ctx;
	int rc;

	if (p->reload == NULL) {
		snprintf(err, len, "pnsd was started without -f FILE");
		p->reload_failures++;
		return -1;
	}
	rc = p->reload(p->reload_arg, err, len);
	if (rc == 0)
		p->reloads++;
	else
		p->reload_failures++;
	return rc;
}

void cli_pnsd_write_config(const struct cfg *c, FILE *out)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL)
		return;
	cfg_write(c, m);
	fclose(m);
	fputs("Current configuration\n!\n", out);
	for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *pw = strncmp(line, "username ", 9) == 0 ? strstr(line, " password 0 ") : NULL;
		char *key = strncmp(line, "radius-server ", 14) == 0 || strncmp(line, " client ", 8) == 0 ||
			    strncmp(line, " server-key ", 12) == 0 ? strstr(line, "key 0 ") : NULL;
		if (pw != NULL)
			fprintf(out, "%.*s password 0 <removed>\n", (int)(pw - line), line);
		else if (key != NULL)
			fprintf(out, "%.*skey 0 <removed>\n", (int)(key - line), line);
		else
			fprintf(out, "%s\n", line);
	}
	explicit_bzero(buf, len);
	free(buf);
}

static void pnsd_running_config(void *ctx, FILE *out)
{
	struct cli_pnsd *p = ctx;

	if (p->cfg == NULL || *p->cfg == NULL) {
		fputs("! no configuration file: every setting has its default\nend\n", out);
		return;
	}
	cli_pnsd_write_config(*p->cfg, out);
}

static void pnsd_ppp_report(void *ctx, FILE *out, int what)
{
	struct cli_pnsd *p = ctx;

	if (p->ppp_report)
		p->ppp_report(p->ppp_arg, out, what);
	else if (what == CLI_PPP_POOLS || what == CLI_PPP_POOLS6)
		fputs("% No PPP in this daemon\n", out);
}

struct loop_radius {
	struct cli_pnsd *p;
	const struct cli_loop *l;
	struct rad_aaa_snap s;
};

static void radius_there(void *arg)
{
	struct loop_radius *r = arg;

	r->p->radius(r->l->ppp_arg, &r->s);
}

/* Every loop has its own RADIUS client and counters (pnsd -W N): the sum. */
static void pnsd_radius(void *ctx, FILE *out, bool metrics)
{
	struct cli_pnsd *p = ctx;
	struct cli_loop one;
	const struct cli_loop *ls;
	unsigned n = loops_of(p, &one, &ls);
	struct rad_aaa_snap sum = { 0 };
	struct loop_radius r = { .p = p };

	if (!p->radius) {
		if (!metrics)
			fputs("% RADIUS is not part of this daemon\n", out);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		r.l = &ls[i];
		on_loop(&ls[i], radius_there, &r);
		rad_aaa_snap_add(&sum, &r.s);
	}
	rad_aaa_snap_show(&sum, out, metrics);
}

struct loop_refresh {
	struct cli_pnsd *p;
	const struct cli_loop *l;
	unsigned vi;
	uint64_t since_ms;
	int rc;
};

static void refresh_there(void *arg)
{
	struct loop_refresh *r = arg;

	r->rc = r->p->ppp_refresh(r->l->ppp_arg, r->vi, r->since_ms);
}

/* The session is on one loop; the others find no such unit (0). */
static int pnsd_refresh(void *ctx, unsigned vi, uint64_t since_ms)
{
	struct cli_pnsd *p = ctx;
	struct cli_loop one;
	const struct cli_loop *ls;
	unsigned n = loops_of(p, &one, &ls);
	struct loop_refresh r = { .p = p, .vi = vi, .since_ms = since_ms };

	if (p->ppp_refresh == NULL)
		return 0;
	for (unsigned i = 0; i < n && r.rc == 0; i++) {
		r.l = &ls[i];
		on_loop(&ls[i], refresh_there, &r);
	}
	return r.rc;
}

void cli_pnsd_init(struct cli_pnsd *p, struct pptp_ctx *ctx, struct gre_sock *gre, struct cfg **cfg)
{
	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	p->gre = gre;
	p->cfg = cfg;
	p->start_ms = ev_clock_ms();
	p->q = (struct cli_query){
		.ctx = p,
		.foreach_tunnel = pnsd_foreach_tunnel,
		.foreach_session = pnsd_foreach_session,
		.counters = pnsd_counters,
		.engine_text = pnsd_engine_text,
		.local_name = pnsd_local_name,
		.clear_tunnel = pnsd_clear,
		.reload = pnsd_reload,
		.running_config = pnsd_running_config,
		.radius = pnsd_radius,
		.ppp_report = pnsd_ppp_report,
		.refresh_counters = pnsd_refresh,
	};
}
