/*
 * PPTP control connections: the RFC 2637 sec 3.1 state machines for both
 * roles, keepalive (sec 3.1.4 and the IOS "pptp tunnel echo" rule: reply
 * within 20 s or the tunnel goes), message I/O on the TCP stream.
 *
 * One function per received message (recv_*), each a switch on the state.
 * Calls live in pptp_call.c.
 */
#include "pptp_local.h"
#include "../common/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const state_names[] = {
	[CTRL_IDLE] = "wt-sccrq",
	[CTRL_CONNECTING] = "connecting",
	[CTRL_WAIT_CTL_REPLY] = "wt-sccrp",
	[CTRL_ESTABLISHED] = "estabd",
	[CTRL_WAIT_STOP_REPLY] = "wt-stop",
	[CTRL_DISPOSING] = "dying",
};

const char *pptp_down_reason_str(enum pptp_down_reason r)
{
	switch (r) {
	case PPTP_DOWN_PEER_CLEAR: return "peer Call-Clear-Request";
	case PPTP_DOWN_PEER_DISCONNECT: return "peer Call-Disconnect-Notify";
	case PPTP_DOWN_REFUSED: return "call refused";
	case PPTP_DOWN_CTRL_STOP: return "control connection stopped";
	case PPTP_DOWN_CTRL_LOST: return "control connection lost";
	case PPTP_DOWN_ECHO_TIMEOUT: return "echo timeout";
	case PPTP_DOWN_ADMIN: return "administrative";
	case PPTP_DOWN_TIMEOUT: return "timeout";
	}
	return "?";
}

static const char *peer_str(const struct pptp_ctrl *c, char *buf, size_t n)
{
	char a[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &c->peer.sin_addr, a, sizeof(a));
	snprintf(buf, n, "%s:%u", a, ntohs(c->peer.sin_port));
	return buf;
}

static void set_state(struct pptp_ctrl *c, enum pptp_ctrl_state st)
{
	if (c->state != st)
		log_debug(DBG_VPDN_PROTOCOL, "tunnel %u: %s -> %s", c->tunnel_id,
			  state_names[c->state], state_names[st]);
	c->state = st;
	c->last_change_ms = ev_clock_ms();
}

/* ---- context ---- */

struct pptp_ctx *pptp_ctx_new(struct ev_loop *loop, struct gre_sock *gre, enum pptp_role role,
			      const struct pptp_params *params)
{
	struct pptp_ctx *ctx = calloc(1, sizeof(*ctx));

	if (ctx == NULL)
		return NULL;
	ctx->loop = loop;
	ctx->gre = gre;
	ctx->role = role;
	if (params)
		ctx->params = *params;
	else
		pptp_params_default(&ctx->params);
	pthread_mutex_init(&ctx->own.lock, NULL);
	ctx->own.tunnel_ids[0] = 1;   /* tunnel ID 0 is never used */
	ctx->sh = &ctx->own;
	return ctx;
}

struct pptp_shared *pptp_shared_new(void)
{
	struct pptp_shared *sh = calloc(1, sizeof(*sh));

	if (sh == NULL)
		return NULL;
	sh->call_ids = calloc(65536 / 8, 1);
	if (sh->call_ids == NULL) {
		free(sh);
		return NULL;
	}
	sh->call_ids[0] = 1;          /* call ID 0 is never used */
	sh->tunnel_ids[0] = 1;
	pthread_mutex_init(&sh->lock, NULL);
	return sh;
}

void pptp_shared_free(struct pptp_shared *sh)
{
	if (sh == NULL)
		return;
	pptp_src_table_clear(&sh->srcs);
	pthread_mutex_destroy(&sh->lock);
	free(sh->call_ids);
	free(sh);
}

uint32_t pptp_ctx_load(const struct pptp_ctx *ctx) { return __atomic_load_n(&ctx->load, __ATOMIC_RELAXED); }

void pptp_ctx_share(struct pptp_ctx *ctx, struct pptp_shared *sh, struct gre_share *gshare, unsigned w)
{
	ctx->sh = sh;
	ctx->gshare = gshare;
	ctx->gworker = w;
}

static void ctrl_free_now(struct pptp_ctrl *c);

void pptp_ctx_free(struct pptp_ctx *ctx)
{
	if (ctx == NULL)
		return;
	while (ctx->ctrls != NULL)
		ctrl_free_now(ctx->ctrls);
	/* objects already disposed wait in zero-delay timers: let them go */
	ev_run_once(ctx->loop, 0);
	pptp_src_table_clear(&ctx->own.srcs);
	pthread_mutex_destroy(&ctx->own.lock);
	free(ctx);
}

void pptp_ctx_set_params(struct pptp_ctx *ctx, const struct pptp_params *p) { ctx->params = *p; }
const struct pptp_params *pptp_ctx_params(const struct pptp_ctx *ctx) { return &ctx->params; }
void pptp_ctx_set_hooks(struct pptp_ctx *ctx, const struct pptp_ctx_hooks *h) { ctx->hooks = *h; }
const struct pptp_ctx_stats *pptp_ctx_stats(const struct pptp_ctx *ctx) { return &ctx->st; }
/* The counts of every context sharing ctx's (pptp_ctx_share). */
static uint32_t sh_read(const struct pptp_ctx *ctx, const uint32_t *field)
{
	uint32_t v;

	pthread_mutex_lock(&ctx->sh->lock);
	v = *field;
	pthread_mutex_unlock(&ctx->sh->lock);
	return v;
}
uint32_t pptp_ctx_tunnel_count(const struct pptp_ctx *ctx) { return sh_read(ctx, &ctx->sh->nctrl); }
uint32_t pptp_ctx_session_count(const struct pptp_ctx *ctx) { return sh_read(ctx, &ctx->sh->nsessions); }
uint32_t pptp_ctx_source_count(const struct pptp_ctx *ctx) { return sh_read(ctx, &ctx->sh->srcs.nsrc); }
void pptp_ctrl_set_user(struct pptp_ctrl *c, void *user) { c->user = user; }
void *pptp_ctrl_user(const struct pptp_ctrl *c) { return c->user; }

void pptp_ctx_set_upper_factory(struct pptp_ctx *ctx, const struct pptp_upper_factory *f)
{
	if (f != NULL) {
		ctx->factory = *f;
		ctx->has_factory = true;
	} else {
		ctx->has_factory = false;
	}
}

int pptp_ctx_foreach_ctrl(struct pptp_ctx *ctx, int (*fn)(void *arg, struct pptp_ctrl *c), void *arg)
{
	for (struct pptp_ctrl *c = ctx->ctrls, *next; c != NULL; c = next) {
		int rc;
		next = c->next;
		if (c->state == CTRL_DISPOSING)
			continue;
		rc = fn(arg, c);
		if (rc)
			return rc;
	}
	return 0;
}

struct pptp_ctrl *pptp_ctx_find_tunnel(struct pptp_ctx *ctx, uint16_t id)
{
	for (struct pptp_ctrl *c = ctx->ctrls; c != NULL; c = c->next)
		if (c->tunnel_id == id && c->state != CTRL_DISPOSING)
			return c;
	return NULL;
}

void pptp_ctrl_get_info(const struct pptp_ctrl *c, struct pptp_ctrl_info *i)
{
	memset(i, 0, sizeof(*i));
	i->tunnel_id = c->tunnel_id;
	i->peer = c->peer;
	i->local = c->local;
	i->state = state_names[c->state];
	i->last_change_ms = c->last_change_ms;
	i->calls = c->ncalls;
	memcpy(i->peer_hostname, c->peer_hostname, sizeof(i->peer_hostname));
	memcpy(i->peer_vendor, c->peer_vendor, sizeof(i->peer_vendor));
	i->peer_version = c->peer_version;
	i->peer_firmware = c->peer_firmware;
	i->msgs_rx = c->msgs_rx;
	i->msgs_tx = c->msgs_tx;
	i->echo_outstanding = c->echo_outstanding;
}

/* ---- tunnel IDs (random, unique) ---- */

/* Under the shared lock. */
static int tunnel_id_alloc(struct pptp_ctx *ctx, uint16_t *out)
{
	uint8_t *ids = ctx->sh->tunnel_ids;

	for (int tries = 0; tries < 64; tries++) {
		uint16_t id = (uint16_t)arc4random_uniform(65536);
		if (!(ids[id / 8] & (1u << (id % 8)))) {
			ids[id / 8] |= (uint8_t)(1u << (id % 8));
			*out = id;
			return 0;
		}
	}
	errno = ENOSPC;
	return -1;
}

static void tunnel_id_free(struct pptp_ctx *ctx, uint16_t id)
{
	if (id != 0)
		ctx->sh->tunnel_ids[id / 8] &= (uint8_t)~(1u << (id % 8));
}

/* ---- lifetime ---- */

static void ctrl_on_dispose(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	free(t->arg);
}

static void ctrl_unlink(struct pptp_ctrl *c)
{
	struct pptp_ctx *ctx = c->ctx;

	ev_io_stop(ctx->loop, &c->io);
	ev_timer_stop(ctx->loop, &c->timer);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->wbuf);
	c->wbuf = NULL;
	pptp_sh_lock(ctx);
	ctx->sh->wbuf_total -= c->wlen;
	c->wlen = 0;
	if (c->pending) {
		ctx->sh->npending--;
		if (c->src)
			c->src->pending--;
		c->pending = false;
	}
	if (c->src) {
		c->src->tunnels--;
		pptp_src_put(&ctx->sh->srcs, c->src);
		c->src = NULL;
	}
	ctx->sh->nctrl--;
	tunnel_id_free(ctx, c->tunnel_id);
	pptp_sh_unlock(ctx);
	__atomic_fetch_sub(&ctx->load, 1, __ATOMIC_RELAXED);
	if (c->prev)
		c->prev->next = c->next;
	else
		ctx->ctrls = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	ctx->st.ctrl_closed++;
}

/* Close the connection: every call goes down with `why`, the owner hears
 * of it, the memory goes in the deferred step. */
static void ctrl_close(struct pptp_ctrl *c, enum pptp_down_reason why)
{
	char p[48];
	bool was_up;

	if (c->state == CTRL_DISPOSING)
		return;
	was_up = c->state != CTRL_IDLE && c->state != CTRL_CONNECTING;
	log_debug(DBG_VPDN_EVENT, "tunnel %u (%s): closing: %s", c->tunnel_id,
		  peer_str(c, p, sizeof(p)), pptp_down_reason_str(why));
	pptp_call_all_down(c, why);
	set_state(c, CTRL_DISPOSING);
	ctrl_unlink(c);
	if (c->ctx->hooks.ctrl_down && was_up)
		c->ctx->hooks.ctrl_down(c->ctx->hooks.arg, c, why);
	ev_defer(c->ctx->loop, &c->dispose);
}

static void ctrl_free_now(struct pptp_ctrl *c)
{
	while (c->calls != NULL)
		pptp_call_free_now(c->calls);
	if (c->state != CTRL_DISPOSING)
		ctrl_unlink(c);
	ev_timer_stop(c->ctx->loop, &c->dispose);
	free(c);
}

static struct pptp_ctrl *ctrl_new(struct pptp_ctx *ctx, int fd)
{
	struct pptp_ctrl *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	pptp_sh_lock(ctx);
	if (tunnel_id_alloc(ctx, &c->tunnel_id) < 0) {
		pptp_sh_unlock(ctx);
		free(c);
		return NULL;
	}
	ctx->sh->nctrl++;
	pptp_sh_unlock(ctx);
	__atomic_fetch_add(&ctx->load, 1, __ATOMIC_RELAXED);
	c->ctx = ctx;
	c->fd = fd;
	c->recv_window = ctx->params.recv_window;
	c->static_rtt_ms = ctx->params.static_rtt_ms;
	c->echo_s = ctx->params.echo_interval_s;
	c->last_rx_ms = ev_now(ctx->loop);
	c->last_change_ms = ev_clock_ms();
	ev_timer_init(&c->dispose, ctrl_on_dispose, c);
	c->next = ctx->ctrls;
	if (ctx->ctrls)
		ctx->ctrls->prev = c;
	ctx->ctrls = c;
	return c;
}

/* ---- output ---- */

static void update_events(struct pptp_ctrl *c)
{
	if (c->io.active)
		ev_io_modify(c->ctx->loop, &c->io, EPOLLIN | (c->wlen ? EPOLLOUT : 0));
}

static int flush_output(struct pptp_ctrl *c)
{
	while (c->wlen > 0) {
		ssize_t n = send(c->fd, c->wbuf, c->wlen, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return -1;
		}
		memmove(c->wbuf, c->wbuf + n, c->wlen - (size_t)n);
		c->wlen -= (uint32_t)n;
		pptp_sh_lock(c->ctx);
		c->ctx->sh->wbuf_total -= (uint64_t)n;
		pptp_sh_unlock(c->ctx);
	}
	if (c->wlen == 0) {
		free(c->wbuf);
		c->wbuf = NULL;
	}
	update_events(c);
	return 0;
}

int pptp_ctrl_send(struct pptp_ctrl *c, const struct pptp_msg *m)
{
	uint8_t buf[PPTP_MSG_MAX_LEN];
	size_t len = pptp_msg_encode(m, buf, sizeof(buf)), off = 0;

	if (c->fd < 0 || len == 0) {
		errno = ENOTCONN;
		return -1;
	}
	if (log_debug_on(DBG_VPDN_PKT_CONTROL)) {
		char d[512];
		pptp_msg_describe(m, log_debug_on(DBG_VPDN_PKT_DETAIL), d, sizeof(d));
		log_msg(LOGL_DEBUG, "tunnel %u: O %s", c->tunnel_id, d);
	}
	c->msgs_tx++;
	c->ctx->st.msgs_tx++;
	if (c->wlen == 0) {
		ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		off = n > 0 ? (size_t)n : 0;
		if (off == len)
			return 0;
	}
	/* The peer is not reading fast enough: queue, within a limit per
	 * tunnel and one over all of them (the caller closes the tunnel). */
	pptp_sh_lock(c->ctx);
	if (c->wlen + (len - off) > PPTP_WBUF_MAX ||
	    c->ctx->sh->wbuf_total + (len - off) > PPTP_WBUF_TOTAL_MAX) {
		pptp_sh_unlock(c->ctx);
		c->ctx->st.ctrl_output_overflow++;
		errno = ENOBUFS;
		return -1;
	}
	c->ctx->sh->wbuf_total += len - off;
	pptp_sh_unlock(c->ctx);
	uint8_t *nb = realloc(c->wbuf, c->wlen + (len - off));
	if (nb == NULL) {
		pptp_sh_lock(c->ctx);
		c->ctx->sh->wbuf_total -= len - off;
		pptp_sh_unlock(c->ctx);
		return -1;
	}
	c->wbuf = nb;
	memcpy(c->wbuf + c->wlen, buf + off, len - off);
	c->wlen += (uint32_t)(len - off);
	update_events(c);
	return 0;
}

/* Send, and close the tunnel if that is impossible. */
static bool send_or_close(struct pptp_ctrl *c, const struct pptp_msg *m)
{
	if (pptp_ctrl_send(c, m) == 0)
		return true;
	log_debug(DBG_VPDN_EVENT, "tunnel %u: send %s failed: %s", c->tunnel_id,
		  pptp_msg_name(m->type), strerror(errno));
	ctrl_close(c, PPTP_DOWN_CTRL_LOST);
	return false;
}

static void local_hostname(const struct pptp_ctx *ctx, char *out, size_t n)
{
	if (ctx->params.local_name[0]) {
		snprintf(out, n, "%s", ctx->params.local_name);
		return;
	}
	if (gethostname(out, n) < 0)
		out[0] = '\0';
	out[n - 1] = '\0';
}

static void fill_start(struct pptp_ctrl *c, struct pptp_msg *m, uint16_t type)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->u.sccrq.version = PPTP_VERSION;
	m->u.sccrq.framing = PPTP_FRAMING_ASYNC | PPTP_FRAMING_SYNC;
	m->u.sccrq.bearer = PPTP_BEARER_ANALOG | PPTP_BEARER_DIGITAL;
	m->u.sccrq.max_channels = 0;      /* sec 2.2: a PNS sends 0; the PAC's count is meaningless here */
	m->u.sccrq.firmware = 0x0100;
	local_hostname(c->ctx, m->u.sccrq.hostname, sizeof(m->u.sccrq.hostname));
	snprintf(m->u.sccrq.vendor, sizeof(m->u.sccrq.vendor), "%s", c->ctx->params.vendor);
}

/* ---- keepalive ---- */

static void arm_echo(struct pptp_ctrl *c, uint64_t after_ms)
{
	if (c->echo_s == 0)
		ev_timer_stop(c->ctx->loop, &c->timer);
	else
		ev_timer_start(c->ctx->loop, &c->timer, after_ms);
}

static void established(struct pptp_ctrl *c)
{
	if (c->pending) {
		pptp_sh_lock(c->ctx);
		c->ctx->sh->npending--;
		if (c->src)
			c->src->pending--;
		pptp_sh_unlock(c->ctx);
		c->pending = false;
	}
	set_state(c, CTRL_ESTABLISHED);
	c->ctx->st.ctrl_established++;
	arm_echo(c, (uint64_t)c->echo_s * 1000);
	log_debug(DBG_VPDN_EVENT, "tunnel %u: established with \"%s\" (%s)", c->tunnel_id,
		  c->peer_hostname, c->peer_vendor);
	if (c->ctx->hooks.ctrl_up)
		c->ctx->hooks.ctrl_up(c->ctx->hooks.arg, c);
}

static void on_timer(struct ev_loop *loop, struct ev_timer *t)
{
	struct pptp_ctrl *c = t->arg;
	uint64_t now = ev_now(loop), idle, period;
	struct pptp_msg m;

	switch (c->state) {
	case CTRL_IDLE:
	case CTRL_CONNECTING:
	case CTRL_WAIT_CTL_REPLY:
		/* sec 3.1.4 rule 1: no SCCRQ/SCCRP in time */
		c->ctx->st.sccrq_timeouts++;
		log_debug(DBG_VPDN_EVENT, "tunnel %u: no start-control-connection exchange in time",
			  c->tunnel_id);
		ctrl_close(c, PPTP_DOWN_TIMEOUT);
		break;
	case CTRL_ESTABLISHED:
		if (c->echo_outstanding) {
			c->ctx->st.echo_timeouts++;
			log_notice("tunnel %u: no Echo-Reply within %u ms, tearing the tunnel down",
				   c->tunnel_id, c->ctx->params.echo_timeout_ms);
			ctrl_close(c, PPTP_DOWN_ECHO_TIMEOUT);
			break;
		}
		period = (uint64_t)c->echo_s * 1000;
		idle = now - c->last_rx_ms;
		if (idle < period) {
			arm_echo(c, period - idle);
			break;
		}
		memset(&m, 0, sizeof(m));
		m.type = PPTP_ECHORQ;
		m.u.echorq.id = c->echo_id = ++c->ctx->echo_id;
		c->echo_outstanding = true;
		if (!send_or_close(c, &m))
			break;
		ev_timer_start(loop, &c->timer, c->ctx->params.echo_timeout_ms);
		break;
	case CTRL_WAIT_STOP_REPLY:
		ctrl_close(c, PPTP_DOWN_CTRL_STOP);
		break;
	case CTRL_DISPOSING:
		break;
	}
}

/* ---- one function per received message ---- */

static void recv_sccrq(struct pptp_ctrl *c, const struct pptp_sccrq *q)
{
	struct pptp_msg r;

	switch (c->state) {
	case CTRL_IDLE:
		c->peer_version = q->version;
		c->peer_firmware = q->firmware;
		memcpy(c->peer_hostname, q->hostname, sizeof(c->peer_hostname));
		memcpy(c->peer_vendor, q->vendor, sizeof(c->peer_vendor));
		fill_start(c, &r, PPTP_SCCRP);
		/* sec 3.1.2 idle: an earlier, unsupported version gets a reply
		 * and the connection is closed; a later one gets our version. */
		if (q->version < PPTP_VERSION) {
			r.u.sccrq.result = PPTP_SCCRP_BAD_VERSION;
			send_or_close(c, &r);
			ctrl_close(c, PPTP_DOWN_CTRL_LOST);
			return;
		}
		r.u.sccrq.result = PPTP_SCCRP_OK;
		if (!send_or_close(c, &r))
			return;
		established(c);
		break;
	case CTRL_ESTABLISHED:
	case CTRL_WAIT_STOP_REPLY:
		/* A second SCCRQ on a working connection: the command channel
		 * already exists (sec 2.2 Result Code 3); the tunnel stays. */
		fill_start(c, &r, PPTP_SCCRP);
		r.u.sccrq.result = PPTP_SCCRP_CHANNEL_EXISTS;
		c->ctx->st.msgs_bad++;
		send_or_close(c, &r);
		break;
	default:
		/* client side: a server never sends SCCRQ to us */
		c->ctx->st.msgs_bad++;
		ctrl_close(c, PPTP_DOWN_CTRL_LOST);
		break;
	}
}

static void recv_sccrp(struct pptp_ctrl *c, const struct pptp_sccrq *p)
{
	switch (c->state) {
	case CTRL_WAIT_CTL_REPLY:
		c->peer_version = p->version;
		c->peer_firmware = p->firmware;
		memcpy(c->peer_hostname, p->hostname, sizeof(c->peer_hostname));
		memcpy(c->peer_vendor, p->vendor, sizeof(c->peer_vendor));
		if (p->result != PPTP_SCCRP_OK) {
			log_notice("tunnel %u: SCCRP refused: result %u error %u", c->tunnel_id,
				   p->result, p->error);
			ctrl_close(c, PPTP_DOWN_REFUSED);
			return;
		}
		established(c);
		break;
	default:
		c->ctx->st.msgs_bad++;
		log_debug(DBG_VPDN_PROTOCOL, "tunnel %u: unexpected SCCRP in %s", c->tunnel_id,
			  state_names[c->state]);
		break;
	}
}

static void recv_stopccrq(struct pptp_ctrl *c, const struct pptp_stopccrq *q)
{
	struct pptp_msg r;

	switch (c->state) {
	case CTRL_ESTABLISHED:
	case CTRL_WAIT_STOP_REPLY:
	case CTRL_WAIT_CTL_REPLY:
		/* sec 3.1.1: reply, then close (calls are cleared implicitly) */
		log_debug(DBG_VPDN_EVENT, "tunnel %u: peer stops the control connection (reason %u)",
			  c->tunnel_id, q->reason);
		memset(&r, 0, sizeof(r));
		r.type = PPTP_StopCCRP;
		r.u.stopccrp.result = PPTP_RESULT_OK;
		pptp_call_all_down(c, PPTP_DOWN_CTRL_STOP);
		if (send_or_close(c, &r))
			ctrl_close(c, PPTP_DOWN_CTRL_STOP);
		break;
	default:
		ctrl_close(c, PPTP_DOWN_CTRL_STOP);
		break;
	}
}

static void recv_stopccrp(struct pptp_ctrl *c, const struct pptp_stopccrp *p)
{
	switch (c->state) {
	case CTRL_WAIT_STOP_REPLY:
		log_debug(DBG_VPDN_EVENT, "tunnel %u: StopCCRP result %u", c->tunnel_id, p->result);
		ctrl_close(c, PPTP_DOWN_CTRL_STOP);
		break;
	default:
		c->ctx->st.msgs_bad++;
		break;
	}
}

static void recv_echorq(struct pptp_ctrl *c, const struct pptp_echorq *q)
{
	struct pptp_msg r;

	switch (c->state) {
	case CTRL_ESTABLISHED:
	case CTRL_WAIT_STOP_REPLY:
		memset(&r, 0, sizeof(r));
		r.type = PPTP_ECHORP;
		r.u.echorp.id = q->id;
		r.u.echorp.result = PPTP_RESULT_OK;
		send_or_close(c, &r);
		break;
	default:
		c->ctx->st.msgs_bad++;
		break;
	}
}

static void recv_echorp(struct pptp_ctrl *c, const struct pptp_echorp *p)
{
	switch (c->state) {
	case CTRL_ESTABLISHED:
		if (!c->echo_outstanding || p->id != c->echo_id) {
			c->ctx->st.msgs_bad++;
			return;
		}
		c->echo_outstanding = false;
		arm_echo(c, (uint64_t)c->echo_s * 1000);
		break;
	default:
		c->ctx->st.msgs_bad++;
		break;
	}
}

static void dispatch(struct pptp_ctrl *c, const uint8_t *buf, size_t len)
{
	struct pptp_msg m;
	enum pptp_msg_status st = pptp_msg_decode(buf, len, &m);

	c->msgs_rx++;
	c->ctx->st.msgs_rx++;
	c->last_rx_ms = ev_now(c->ctx->loop);
	if (log_debug_on(DBG_VPDN_PKT_CONTROL)) {
		char d[512];
		if (st == PPTP_MSG_OK)
			pptp_msg_describe(&m, log_debug_on(DBG_VPDN_PKT_DETAIL), d, sizeof(d));
		else
			snprintf(d, sizeof(d), "%s (%s)", pptp_msg_name(m.type), pptp_msg_status_str(st));
		log_msg(LOGL_DEBUG, "tunnel %u: I %s", c->tunnel_id, d);
	}
	if (st == PPTP_MSG_BAD_VALUE && m.type == PPTP_OCRQ) {
		pptp_call_recv_ocrq(c, &m.u.ocrq, st);   /* answered with Bad-Value */
		return;
	}
	if (st != PPTP_MSG_OK) {
		c->ctx->st.msgs_bad++;
		log_debug(DBG_VPDN_PROTOCOL, "tunnel %u: %s message refused: %s", c->tunnel_id,
			  pptp_msg_name(m.type), pptp_msg_status_str(st));
		/* Before SCCRQ nothing but a valid SCCRQ is acceptable. */
		if (c->state == CTRL_IDLE)
			ctrl_close(c, PPTP_DOWN_CTRL_LOST);
		return;
	}
	if (c->state == CTRL_IDLE && m.type != PPTP_SCCRQ && m.type != PPTP_StopCCRQ) {
		c->ctx->st.msgs_bad++;
		log_debug(DBG_VPDN_PROTOCOL, "tunnel %u: %s before SCCRQ: closing", c->tunnel_id,
			  pptp_msg_name(m.type));
		ctrl_close(c, PPTP_DOWN_CTRL_LOST);
		return;
	}
	switch (m.type) {
	case PPTP_SCCRQ: recv_sccrq(c, &m.u.sccrq); break;
	case PPTP_SCCRP: recv_sccrp(c, &m.u.sccrq); break;
	case PPTP_StopCCRQ: recv_stopccrq(c, &m.u.stopccrq); break;
	case PPTP_StopCCRP: recv_stopccrp(c, &m.u.stopccrp); break;
	case PPTP_ECHORQ: recv_echorq(c, &m.u.echorq); break;
	case PPTP_ECHORP: recv_echorp(c, &m.u.echorp); break;
	case PPTP_OCRQ: pptp_call_recv_ocrq(c, &m.u.ocrq, st); break;
	case PPTP_OCRP: pptp_call_recv_ocrp(c, &m.u.ocrp); break;
	case PPTP_ICRQ: pptp_call_recv_icrq(c, &m.u.icrq); break;
	case PPTP_CCRQ: pptp_call_recv_ccrq(c, &m.u.ccrq); break;
	case PPTP_CDN: pptp_call_recv_cdn(c, &m.u.cdn); break;
	case PPTP_WEN: pptp_call_recv_wen(c, &m.u.wen); break;
	case PPTP_SLI: pptp_call_recv_sli(c, &m.u.sli); break;
	case PPTP_ICRP:
	case PPTP_ICCN:
	default:
		/* we never send ICRQ, so ICRP/ICCN have no call to belong to */
		c->ctx->st.msgs_bad++;
		log_debug(DBG_VPDN_PROTOCOL, "tunnel %u: unexpected %s ignored", c->tunnel_id,
			  pptp_msg_name(m.type));
		break;
	}
}

/* ---- input ---- */

static void on_io(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct pptp_ctrl *c = io->arg;

	(void)loop;
	if (c->state == CTRL_CONNECTING) {
		int err = 0;
		socklen_t l = sizeof(err);
		struct pptp_msg m;
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l);
		if (err != 0 || (events & (EPOLLERR | EPOLLHUP))) {
			ctrl_close(c, PPTP_DOWN_CTRL_LOST);
			return;
		}
		l = sizeof(c->local);
		getsockname(c->fd, (struct sockaddr *)&c->local, &l);
		set_state(c, CTRL_WAIT_CTL_REPLY);
		fill_start(c, &m, PPTP_SCCRQ);
		update_events(c);
		send_or_close(c, &m);
		return;
	}
	if (events & EPOLLOUT) {
		if (flush_output(c) < 0) {
			ctrl_close(c, PPTP_DOWN_CTRL_LOST);
			return;
		}
	}
	if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
		return;
	for (int round = 0; round < 16 && c->state != CTRL_DISPOSING; round++) {
		size_t space = sizeof(c->rbuf) - c->rlen, off = 0, mlen;
		ssize_t n = recv(c->fd, c->rbuf + c->rlen, space, MSG_DONTWAIT);

		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			ctrl_close(c, PPTP_DOWN_CTRL_LOST);
			return;
		}
		if (n < 0)
			return;
		c->rlen += (uint16_t)n;
		while (c->state != CTRL_DISPOSING) {
			enum pptp_msg_status st = pptp_msg_frame(c->rbuf + off, c->rlen - off, &mlen);
			if (st == PPTP_MSG_NEED_MORE)
				break;
			if (st != PPTP_MSG_OK) {
				/* the byte stream cannot be trusted any more */
				c->ctx->st.msgs_bad++;
				log_debug(DBG_VPDN_PROTOCOL, "tunnel %u: %s: closing", c->tunnel_id,
					  pptp_msg_status_str(st));
				ctrl_close(c, PPTP_DOWN_CTRL_LOST);
				return;
			}
			dispatch(c, c->rbuf + off, mlen);
			off += mlen;
		}
		if (c->state == CTRL_DISPOSING)
			return;
		memmove(c->rbuf, c->rbuf + off, c->rlen - off);
		c->rlen -= (uint16_t)off;
		if ((size_t)n < space)
			break;   /* socket drained */
	}
}

/* ---- creation and local termination ---- */

/* A refused connection is worth a line, a flood of them is not. */
static void refuse_log(struct pptp_ctx *ctx, const struct sockaddr_in *peer, const char *which,
		       uint32_t tunnels, uint32_t pending)
{
	char a[INET_ADDRSTRLEN];
	uint32_t left_out;

	if (!pptp_ratelimit_ok(&ctx->rl_accept, ev_clock_ms(), &left_out))
		return;
	inet_ntop(AF_INET, &peer->sin_addr, a, sizeof(a));
	/* at most PPTP_LOG_BURST lines per period; the next one counts the rest */
	log_notice("connection from %s refused: %s (%u tunnels, %u half-open); %u refusals not logged "
		   "before this one", a, which, tunnels, pending, left_out);
}

int pptp_ctrl_accept(struct pptp_ctx *ctx, int fd, const struct sockaddr_in *peer,
		     const struct sockaddr_in *local)
{
	struct pptp_ctrl *c;
	struct pptp_src *src;
	int one = 1;

	struct pptp_shared *sh = ctx->sh;

	ctx->st.ctrl_accepted++;
	pptp_sh_lock(ctx);
	if (sh->nctrl >= ctx->params.max_tunnels || sh->npending >= ctx->params.max_pending) {
		uint32_t t = sh->nctrl, p = sh->npending;
		pptp_sh_unlock(ctx);
		refuse_log(ctx, peer, "limit of the server", t, p);
		ctx->st.ctrl_refused++;
		close(fd);
		errno = EMFILE;
		return -1;
	}
	/* One address must not take the global limits for itself. Its
	 * half-open limit applies once half of the server's half-open slots
	 * are taken: a client that opens hundreds of tunnels at once (a load
	 * generator, a NAT gateway after an outage) has them all half-open
	 * for a moment, and is no threat while the server has room. */
	src = pptp_src_get(&sh->srcs, peer->sin_addr.s_addr);
	if (src != NULL && (src->tunnels >= ctx->params.src_max_tunnels ||
			    (src->pending >= ctx->params.src_max_pending &&
			     sh->npending >= ctx->params.max_pending / 2))) {
		uint32_t t = src->tunnels, p = src->pending;
		pptp_src_put(&sh->srcs, src);
		pptp_sh_unlock(ctx);
		refuse_log(ctx, peer, "per-source limit", t, p);
		ctx->st.ctrl_refused++;
		ctx->st.ctrl_refused_source++;
		close(fd);
		errno = EMFILE;
		return -1;
	}
	if (src != NULL) {
		/* counted now, under the same lock as the checks */
		src->pending++;
		src->tunnels++;
		sh->npending++;
	}
	pptp_sh_unlock(ctx);
	c = src != NULL ? ctrl_new(ctx, fd) : NULL;
	if (c == NULL) {
		pptp_sh_lock(ctx);
		if (src != NULL) {
			src->pending--;
			src->tunnels--;
			sh->npending--;
		}
		pptp_src_put(&sh->srcs, src);
		pptp_sh_unlock(ctx);
		ctx->st.ctrl_refused++;
		close(fd);
		return -1;
	}
	c->src = src;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->peer = *peer;
	c->local = *local;
	c->pending = true;
	c->state = CTRL_IDLE;
	ev_timer_init(&c->timer, on_timer, c);
	if (ev_io_start(ctx->loop, &c->io, fd, EPOLLIN, on_io, c) < 0 ||
	    ev_timer_start(ctx->loop, &c->timer, ctx->params.sccrq_timeout_ms) < 0) {
		ctrl_free_now(c);
		return -1;
	}
	/* A client sends SCCRQ right after connecting: read it now, so that
	 * a burst of connections being accepted does not count as half-open
	 * against its source (only those that really stay silent do). */
	on_io(ctx->loop, &c->io, EPOLLIN);
	return 0;
}

struct pptp_ctrl *pptp_ctrl_connect(struct pptp_ctx *ctx, const struct sockaddr_in *server,
				    const struct sockaddr_in *local)
{
	struct pptp_ctrl *c;
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (local != NULL && bind(fd, (const struct sockaddr *)local, sizeof(*local)) < 0) {
		close(fd);
		return NULL;
	}
	if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) < 0 && errno != EINPROGRESS) {
		close(fd);
		return NULL;
	}
	c = ctrl_new(ctx, fd);
	if (c == NULL) {
		close(fd);
		return NULL;
	}
	c->peer = *server;
	c->state = CTRL_CONNECTING;
	ev_timer_init(&c->timer, on_timer, c);
	if (ev_io_start(ctx->loop, &c->io, fd, EPOLLIN | EPOLLOUT, on_io, c) < 0 ||
	    ev_timer_start(ctx->loop, &c->timer, ctx->params.sccrq_timeout_ms) < 0) {
		ctrl_free_now(c);
		return NULL;
	}
	return c;
}

void pptp_ctrl_stop(struct pptp_ctrl *c, enum pptp_stop_reason reason, enum pptp_down_reason why)
{
	struct pptp_msg m;

	switch (c->state) {
	case CTRL_ESTABLISHED:
		/* sec 3.1.1: local termination sends StopCCRQ, waits for the reply */
		pptp_call_all_down(c, why);
		memset(&m, 0, sizeof(m));
		m.type = PPTP_StopCCRQ;
		m.u.stopccrq.reason = reason;
		if (!send_or_close(c, &m))
			return;
		set_state(c, CTRL_WAIT_STOP_REPLY);
		ev_timer_start(c->ctx->loop, &c->timer, c->ctx->params.stop_timeout_ms);
		break;
	case CTRL_WAIT_STOP_REPLY:
	case CTRL_DISPOSING:
		break;
	default:
		ctrl_close(c, why);
		break;
	}
}

void pptp_ctx_stop_all(struct pptp_ctx *ctx, enum pptp_stop_reason reason)
{
	for (struct pptp_ctrl *c = ctx->ctrls, *next; c != NULL; c = next) {
		next = c->next;
		pptp_ctrl_stop(c, reason, PPTP_DOWN_ADMIN);
	}
}

int pptp_ctrl_foreach_call(struct pptp_ctrl *c, int (*fn)(void *arg, struct pptp_call *call), void *arg)
{
	for (struct pptp_call *k = c->calls, *next; k != NULL; k = next) {
		int rc;
		next = k->next;
		if (k->state == CALL_DISPOSING)
			continue;
		rc = fn(arg, k);
		if (rc)
			return rc;
	}
	return 0;
}

/* a member added to struct pptp_ctx_stats must be added here too */
_Static_assert(sizeof(struct pptp_ctx_stats) == 17 * sizeof(uint64_t), "pptp_ctx_stats_add adds every member");

void pptp_ctx_stats_add(struct pptp_ctx_stats *sum, const struct pptp_ctx_stats *s)
{
	sum->ctrl_accepted += s->ctrl_accepted;
	sum->ctrl_refused += s->ctrl_refused;
	sum->ctrl_established += s->ctrl_established;
	sum->ctrl_closed += s->ctrl_closed;
	sum->ctrl_refused_source += s->ctrl_refused_source;
	sum->calls_refused_source += s->calls_refused_source;
	sum->ctrl_output_overflow += s->ctrl_output_overflow;
	sum->sccrq_timeouts += s->sccrq_timeouts;
	sum->echo_timeouts += s->echo_timeouts;
	sum->msgs_rx += s->msgs_rx;
	sum->msgs_tx += s->msgs_tx;
	sum->msgs_bad += s->msgs_bad;
	sum->calls_up += s->calls_up;
	sum->calls_refused += s->calls_refused;
	sum->calls_down += s->calls_down;
	sum->icrq_refused += s->icrq_refused;
	sum->unknown_call_id += s->unknown_call_id;
}
