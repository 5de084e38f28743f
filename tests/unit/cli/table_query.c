/* See table_query.h. */
#include "table_query.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int tq_foreach_tunnel(void *ctx, cli_tunnel_fn fn, void *arg)
{
	struct table_query *t = ctx;
	for (unsigned i = 0; i < t->n_tunnels; i++) {
		int rc = fn(arg, &t->tunnels[i]);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int tq_foreach_session(void *ctx, uint16_t tun_id, cli_session_fn fn, void *arg)
{
	struct table_query *t = ctx;
	for (unsigned i = 0; i < t->n_sessions; i++) {
		if (tun_id != 0 && t->sessions[i].tun_id != tun_id)
			continue;
		int rc = fn(arg, &t->sessions[i]);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static void tq_counters(void *ctx, struct cli_counters *out)
{
	*out = ((struct table_query *)ctx)->counters;
}

static void tq_engine_text(void *ctx, uint32_t flow, char *buf, size_t len)
{
	struct table_query *t = ctx;
	if (t->hardware)
		snprintf(buf, len, "Hardware (ISA5/0, flow_id=%u)", flow);
	else
		snprintf(buf, len, "Software");
}

static const char *tq_local_name(void *ctx)
{
	(void)ctx;
	return "cisco_pns";
}

static int tq_clear(void *ctx, uint16_t id)
{
	struct table_query *t = ctx;
	for (unsigned i = 0; i < t->n_tunnels; i++) {
		if (t->tunnels[i].loc_id != id)
			continue;
		t->tunnels[i] = t->tunnels[--t->n_tunnels];
		for (unsigned k = 0; k < t->n_sessions;) {
			if (t->sessions[k].tun_id == id)
				t->sessions[k] = t->sessions[--t->n_sessions];
			else
				k++;
		}
		t->clears++;
		return 0;
	}
	errno = ENOENT;
	return -1;
}

static int tq_reload(void *ctx, char *err, size_t len)
{
	struct table_query *t = ctx;
	if (t->reload_fails) {
		snprintf(err, len, "t.cfg:3:7: unknown command 'x'");
		return -1;
	}
	t->reloads++;
	return 0;
}

static void tq_running(void *ctx, FILE *out)
{
	(void)ctx;
	fputs("hostname PNS\n!\nend\n", out);
}

void table_query_init(struct table_query *t)
{
	memset(t, 0, sizeof(*t));
	t->q = (struct cli_query){
		.ctx = t,
		.foreach_tunnel = tq_foreach_tunnel,
		.foreach_session = tq_foreach_session,
		.counters = tq_counters,
		.engine_text = tq_engine_text,
		.local_name = tq_local_name,
		.clear_tunnel = tq_clear,
		.reload = tq_reload,
		.running_config = tq_running,
	};
}

void table_query_feature_example(struct table_query *t)
{
	struct cli_tunnel *tu = &t->tunnels[t->n_tunnels++];
	struct cli_session *s = &t->sessions[t->n_sessions++];

	*tu = (struct cli_tunnel){ .loc_id = 13, .rem_id = 13, .remote_name = "10.1.2.41", .state = "estabd",
				   .remote_addr = 0x0a010229, .remote_port = 1136, .sessions = 1,
				   .since_change_ms = 30000 };
	*s = (struct cli_session){ .loc_id = 13, .rem_id = 0, .tun_id = 13, .state = "estabd",
				   .since_change_ms = 66000, .remote_name = "10.1.2.41",
				   .remote_addr = 0x0a010229, .pkts_tx = 10, .pkts_rx = 10, .bytes_tx = 332,
				   .bytes_rx = 448, .ss = 11, .sr = 10, .remote_nr = 10, .peer_rws = 16,
				   .zlb_rx = 1 };
	s->ppp.present = true;
	s->ppp.vi = 3;
	s->ppp.mppe_up = true;
	s->ppp.key_bits = 40;
	s->ppp.tx_flow = 13;
	s->ppp.rx_flow = 14;
	s->ppp.rx.packets = 1;
	s->ppp.rx.key_changes = 1;
	t->hardware = true;
}
