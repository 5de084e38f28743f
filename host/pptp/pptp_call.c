/*
 * PPTP calls (RFC 2637 sec 3.2): the server answers Outgoing-Call-Request
 * with a random call ID, refuses incoming calls (only voluntary tunnelling,
 * as in the Cisco feature), handles Call-Clear-Request, Call-Disconnect-
 * Notify, Set-Link-Info and WAN-Error-Notify; the client side sends OCRQ
 * and CCRQ. Each call owns one GRE session and, through the seam in
 * pptp_call.h, at most one upper layer.
 */
#include "gre_share.h"
#include "pptp_local.h"
#include "../common/log.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define container_of(p, T, m) ((T *)(void *)((char *)(p) - offsetof(T, m)))

static const char *const call_state_names[] = {
	[CALL_WAIT_REPLY] = "wt-ocrp",
	[CALL_ESTABLISHED] = "estabd",
	[CALL_WAIT_CDN] = "wt-cdn",
	[CALL_DISPOSING] = "dying",
};

static void set_state(struct pptp_call *k, enum pptp_call_state st)
{
	k->state = st;
	k->last_change_ms = ev_clock_ms();
}

/* ---- GRE upcalls ---- */

static void gre_deliver(struct gre_session *s, const uint8_t *frame, size_t len)
{
	struct pptp_call *k = container_of(s, struct pptp_call, gre);

	if (k->ops == NULL || k->ops->on_ppp_frame == NULL || k->state != CALL_ESTABLISHED) {
		s->st.rx_no_upper++;
		return;
	}
	k->ops->on_ppp_frame(k->upper, frame, len);
}

static void gre_alarm(struct gre_session *s, bool set)
{
	struct pptp_call *k = container_of(s, struct pptp_call, gre);

	log_debug(DBG_VPDN_FLOW, "call %u: flow-control alarm %s", s->local_call_id, set ? "set" : "clear");
	if (k->ops != NULL && k->ops->on_flow_alarm != NULL)
		k->ops->on_flow_alarm(k->upper, set);
}

static void gre_deliver_unverified(struct gre_session *s, uint32_t seq, const uint8_t *frame, size_t len)
{
	struct pptp_call *k = container_of(s, struct pptp_call, gre);

	if (k->ops == NULL || k->ops->on_ppp_frame_unverified == NULL || k->state != CALL_ESTABLISHED)
		return;
	k->ops->on_ppp_frame_unverified(k->upper, seq, frame, len);
}

static const struct gre_session_ops call_gre_ops = {
	.deliver = gre_deliver,
	.alarm = gre_alarm,
	.deliver_unverified = gre_deliver_unverified,
};

void pptp_call_jump_verified(struct pptp_call *call, uint32_t tag)
{
	if (call->state == CALL_ESTABLISHED)
		gre_session_jump_verified(&call->gre, tag);
}

/* ---- lifetime ---- */

static void on_dispose(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	free(t->arg);
}

static void unlink_call(struct pptp_call *k)
{
	struct pptp_ctrl *c = k->ctrl;

	gre_session_stop(&k->gre);
	ev_timer_stop(c->ctx->loop, &k->timer);
	if (k->prev)
		k->prev->next = k->next;
	else
		c->calls = k->next;
	if (k->next)
		k->next->prev = k->prev;
	k->prev = k->next = NULL;
	c->ncalls--;
	pptp_sh_lock(c->ctx);
	c->ctx->sh->nsessions--;
	__atomic_fetch_sub(&c->ctx->load, 1, __ATOMIC_RELAXED);
	if (c->src)
		c->src->calls--;
	if (c->ctx->sh->call_ids != NULL)
		c->ctx->sh->call_ids[k->gre.local_call_id / 8] &= (uint8_t)~(1u << (k->gre.local_call_id % 8));
	pptp_sh_unlock(c->ctx);
	c->ctx->st.calls_down++;
}

/* End a call. The upper layer hears `why` unless it is already detached. */
static void call_destroy(struct pptp_call *k, bool notify, enum pptp_down_reason why)
{
	const struct pptp_upper_ops *ops = k->ops;

	if (k->state == CALL_DISPOSING)
		return;
	log_debug(DBG_VPDN_EVENT, "tunnel %u call %u: down: %s", k->ctrl->tunnel_id,
		  k->gre.local_call_id, pptp_down_reason_str(why));
	set_state(k, CALL_DISPOSING);
	unlink_call(k);
	k->ops = NULL;
	if (notify && ops != NULL && ops->on_call_down != NULL)
		ops->on_call_down(k->upper, why);
	ev_defer(k->ctrl->ctx->loop, &k->dispose);
}

void pptp_call_free_now(struct pptp_call *k)
{
	if (k->state != CALL_DISPOSING) {
		set_state(k, CALL_DISPOSING);
		unlink_call(k);
		if (k->ops != NULL && k->ops->on_call_down != NULL)
			k->ops->on_call_down(k->upper, PPTP_DOWN_ADMIN);
	}
	ev_timer_stop(k->ctrl->ctx->loop, &k->dispose);
	free(k);
}

void pptp_call_all_down(struct pptp_ctrl *c, enum pptp_down_reason why)
{
	while (c->calls != NULL)
		call_destroy(c->calls, true, why);
}

static void on_call_timer(struct ev_loop *loop, struct ev_timer *t)
{
	struct pptp_call *k = t->arg;

	(void)loop;
	switch (k->state) {
	case CALL_WAIT_REPLY:
		call_destroy(k, true, PPTP_DOWN_TIMEOUT);
		break;
	case CALL_WAIT_CDN:
		call_destroy(k, false, PPTP_DOWN_TIMEOUT);
		break;
	default:
		break;
	}
}

/* A random call ID not in use towards this peer. Random, not sequential:
 * a blind attacker must guess it to inject GRE into a session. */
/* Contexts that share (pnsd -W N, pptp_ctx_share): unique over all of
 * them, taken in the shared bitmap (released in unlink_call) and its GRE
 * handed to this context's worker before the call can receive any. */
static int alloc_call_id(struct pptp_ctrl *c, uint16_t *out)
{
	struct pptp_shared *sh = c->ctx->sh;

	for (int tries = 0; tries < 128; tries++) {
		uint16_t id = (uint16_t)(1 + arc4random_uniform(65535));
		if (sh->call_ids == NULL) {
			if (!gre_session_exists(c->ctx->gre, c->peer.sin_addr.s_addr, id)) {
				*out = id;
				return 0;
			}
			continue;
		}
		pptp_sh_lock(c->ctx);
		bool taken = sh->call_ids[id / 8] & (1u << (id % 8));
		if (!taken)
			sh->call_ids[id / 8] |= (uint8_t)(1u << (id % 8));
		pptp_sh_unlock(c->ctx);
		if (!taken) {
			if (c->ctx->gshare != NULL)
				gre_share_assign(c->ctx->gshare, id, c->ctx->gworker);
			*out = id;
			return 0;
		}
	}
	errno = ENOSPC;
	return -1;
}

static void release_call_id(struct pptp_ctx *ctx, uint16_t id)
{
	if (ctx->sh->call_ids == NULL)
		return;
	pptp_sh_lock(ctx);
	ctx->sh->call_ids[id / 8] &= (uint8_t)~(1u << (id % 8));
	pptp_sh_unlock(ctx);
}

static struct pptp_call *call_new(struct pptp_ctrl *c)
{
	struct pptp_call *k;
	uint16_t id;

	if (alloc_call_id(c, &id) < 0)
		return NULL;
	k = calloc(1, sizeof(*k));
	if (k == NULL) {
		release_call_id(c->ctx, id);
		return NULL;
	}
	k->ctrl = c;
	ev_timer_init(&k->timer, on_call_timer, k);
	ev_timer_init(&k->dispose, on_dispose, k);
	gre_session_init(&k->gre, c->ctx->gre, &call_gre_ops, c->peer.sin_addr.s_addr, id,
			 c->recv_window, c->static_rtt_ms);
	k->gre.enforce_peer_window = c->ctx->params.enforce_peer_window;
	/* GRE leaves from the address the peer reached us on (multi-homed hosts) */
	k->gre.local_addr = c->local.sin_addr.s_addr;
	if (gre_session_start(&k->gre) < 0) {
		release_call_id(c->ctx, id);
		free(k);
		return NULL;
	}
	k->next = c->calls;
	if (c->calls)
		c->calls->prev = k;
	c->calls = k;
	c->ncalls++;
	pptp_sh_lock(c->ctx);
	c->ctx->sh->nsessions++;
	__atomic_fetch_add(&c->ctx->load, 1, __ATOMIC_RELAXED);
	if (c->src)
		c->src->calls++;
	pptp_sh_unlock(c->ctx);
	k->last_change_ms = ev_clock_ms();
	return k;
}

static struct pptp_call *find_by_peer_id(struct pptp_ctrl *c, uint16_t peer_id)
{
	for (struct pptp_call *k = c->calls; k != NULL; k = k->next)
		if (k->gre.peer_call_id == peer_id && k->state != CALL_WAIT_REPLY)
			return k;
	return NULL;
}

static struct pptp_call *find_by_local_id(struct pptp_ctrl *c, uint16_t id)
{
	for (struct pptp_call *k = c->calls; k != NULL; k = k->next)
		if (k->gre.local_call_id == id)
			return k;
	return NULL;
}

/* ---- server: Outgoing-Call-Request ---- */

static void send_ocrp_error(struct pptp_ctrl *c, const struct pptp_ocrq *o, uint8_t result, uint8_t error)
{
	struct pptp_msg r;

	memset(&r, 0, sizeof(r));
	r.type = PPTP_OCRP;
	r.u.ocrp.peer_call_id = o->call_id;
	r.u.ocrp.result = result;
	r.u.ocrp.error = error;
	r.u.ocrp.recv_window = c->recv_window;
	c->ctx->st.calls_refused++;
	pptp_ctrl_send(c, &r);
}

void pptp_call_recv_ocrq(struct pptp_ctrl *c, const struct pptp_ocrq *o, enum pptp_msg_status st)
{
	struct pptp_ctx *ctx = c->ctx;
	struct pptp_call *k;
	struct pptp_msg r;

	if (ctx->role != PPTP_ROLE_SERVER || c->state != CTRL_ESTABLISHED) {
		/* sec 2.16 Not-Connected when the connection is not up (or we
		 * are the side that sends OCRQs) */
		send_ocrp_error(c, o, PPTP_OCRP_GENERAL_ERROR, PPTP_ERR_NOT_CONNECTED);
		return;
	}
	if (st != PPTP_MSG_OK) {
		send_ocrp_error(c, o, PPTP_OCRP_GENERAL_ERROR, PPTP_ERR_BAD_VALUE);
		return;
	}
	pptp_sh_lock(ctx);
	uint32_t nsessions = ctx->sh->nsessions, src_calls = c->src != NULL ? c->src->calls : 0;
	pptp_sh_unlock(ctx);
	if (nsessions >= ctx->params.max_sessions || c->ncalls >= ctx->params.max_calls_per_tunnel ||
	    (c->src != NULL && src_calls >= ctx->params.src_max_sessions)) {
		bool per_src = nsessions < ctx->params.max_sessions &&
			       c->ncalls < ctx->params.max_calls_per_tunnel;
		uint32_t left_out;
		if (per_src)
			ctx->st.calls_refused_source++;
		if (pptp_ratelimit_ok(&ctx->rl_call, ev_clock_ms(), &left_out))
			log_notice("tunnel %u: OCRQ refused: %ssession limit reached; %u refusals not "
				   "logged before this one", c->tunnel_id, per_src ? "per-source " : "",
				   left_out);
		send_ocrp_error(c, o, PPTP_OCRP_GENERAL_ERROR, PPTP_ERR_NO_RESOURCE);
		return;
	}
	if (find_by_peer_id(c, o->call_id) != NULL) {
		/* the peer's call ID must identify one call on this connection */
		send_ocrp_error(c, o, PPTP_OCRP_GENERAL_ERROR, PPTP_ERR_BAD_CALL_ID);
		return;
	}
	k = call_new(c);
	if (k == NULL) {
		send_ocrp_error(c, o, PPTP_OCRP_GENERAL_ERROR, PPTP_ERR_NO_RESOURCE);
		return;
	}
	k->serial = o->serial;
	k->gre.peer_call_id = o->call_id;
	k->gre.peer_rws = o->recv_window;
	if (ctx->has_factory && ctx->factory.attach(ctx->factory.ctx, k, &k->ops, &k->upper) < 0) {
		k->ops = NULL;
		call_destroy(k, false, PPTP_DOWN_REFUSED);
		send_ocrp_error(c, o, PPTP_OCRP_GENERAL_ERROR, PPTP_ERR_NO_RESOURCE);
		return;
	}
	memset(&r, 0, sizeof(r));
	r.type = PPTP_OCRP;
	r.u.ocrp.call_id = k->gre.local_call_id;
	r.u.ocrp.peer_call_id = o->call_id;
	r.u.ocrp.result = PPTP_OCRP_CONNECTED;
	r.u.ocrp.speed = o->max_bps ? o->max_bps : 10000000;
	r.u.ocrp.recv_window = c->recv_window;
	r.u.ocrp.proc_delay = 0;
	if (pptp_ctrl_send(c, &r) < 0) {
		call_destroy(k, true, PPTP_DOWN_CTRL_LOST);
		return;
	}
	set_state(k, CALL_ESTABLISHED);
	ctx->st.calls_up++;
	log_debug(DBG_VPDN_EVENT, "tunnel %u: call %u up (peer call %u, peer window %u)", c->tunnel_id,
		  k->gre.local_call_id, o->call_id, o->recv_window);
	if (k->ops != NULL && k->ops->on_call_up != NULL)
		k->ops->on_call_up(k->upper, k);
}

/* ---- client: OCRQ / OCRP ---- */

struct pptp_call *pptp_ctrl_open_call(struct pptp_ctrl *c, const struct pptp_upper_ops *ops, void *upper)
{
	struct pptp_call *k;
	struct pptp_msg m;

	if (c->state != CTRL_ESTABLISHED || c->ctx->role != PPTP_ROLE_CLIENT) {
		errno = ENOTCONN;
		return NULL;
	}
	k = call_new(c);
	if (k == NULL)
		return NULL;
	k->ops = ops;
	k->upper = upper;
	k->serial = ++c->call_serial;
	set_state(k, CALL_WAIT_REPLY);
	memset(&m, 0, sizeof(m));
	m.type = PPTP_OCRQ;
	m.u.ocrq.call_id = k->gre.local_call_id;
	m.u.ocrq.serial = k->serial;
	m.u.ocrq.min_bps = 2400;
	m.u.ocrq.max_bps = 10000000;
	m.u.ocrq.bearer = PPTP_BEARER_ANALOG | PPTP_BEARER_DIGITAL;
	m.u.ocrq.framing = PPTP_FRAMING_ASYNC | PPTP_FRAMING_SYNC;
	m.u.ocrq.recv_window = c->recv_window;
	if (pptp_ctrl_send(c, &m) < 0) {
		k->ops = NULL;
		call_destroy(k, false, PPTP_DOWN_CTRL_LOST);
		return NULL;
	}
	ev_timer_start(c->ctx->loop, &k->timer, c->ctx->params.call_timeout_ms);
	return k;
}

void pptp_call_recv_ocrp(struct pptp_ctrl *c, const struct pptp_ocrp *o)
{
	struct pptp_call *k = c->ctx->role == PPTP_ROLE_CLIENT ? find_by_local_id(c, o->peer_call_id) : NULL;

	if (k == NULL || k->state != CALL_WAIT_REPLY) {
		c->ctx->st.unknown_call_id++;
		log_debug(DBG_VPDN_PROTOCOL, "tunnel %u: OCRP for unknown call %u", c->tunnel_id,
			  o->peer_call_id);
		return;
	}
	ev_timer_stop(c->ctx->loop, &k->timer);
	if (o->result != PPTP_OCRP_CONNECTED) {
		log_debug(DBG_VPDN_EVENT, "tunnel %u: call %u refused: result %u error %u", c->tunnel_id,
			  k->gre.local_call_id, o->result, o->error);
		c->ctx->st.calls_refused++;
		call_destroy(k, true, PPTP_DOWN_REFUSED);
		return;
	}
	k->gre.peer_call_id = o->call_id;
	k->gre.peer_rws = o->recv_window;
	set_state(k, CALL_ESTABLISHED);
	c->ctx->st.calls_up++;
	if (k->ops != NULL && k->ops->on_call_up != NULL)
		k->ops->on_call_up(k->upper, k);
}

/* ---- incoming calls: refused ---- */

void pptp_call_recv_icrq(struct pptp_ctrl *c, const struct pptp_icrq *i)
{
	struct pptp_msg r;

	/* Only voluntary tunnelling: the PAC-initiated (incoming) call
	 * model has no use here. sec 2.10 Result 3, Do Not Accept. */
	memset(&r, 0, sizeof(r));
	r.type = PPTP_ICRP;
	r.u.icrp.peer_call_id = i->call_id;
	r.u.icrp.result = PPTP_ICRP_DO_NOT_ACCEPT;
	r.u.icrp.recv_window = c->recv_window;
	c->ctx->st.icrq_refused++;
	pptp_ctrl_send(c, &r);
}

/* ---- clearing ---- */

void pptp_call_recv_ccrq(struct pptp_ctrl *c, const struct pptp_ccrq *q)
{
	struct pptp_call *k = find_by_peer_id(c, q->call_id);
	struct pptp_msg r;

	if (k == NULL || c->ctx->role != PPTP_ROLE_SERVER) {
		/* No reply is defined for a CCRQ that names no call: counted. */
		c->ctx->st.unknown_call_id++;
		log_debug(DBG_VPDN_PROTOCOL, "tunnel %u: CCRQ for unknown call %u", c->tunnel_id, q->call_id);
		return;
	}
	/* sec 2.12/2.13: answer with CDN, Result 4 (Request) */
	memset(&r, 0, sizeof(r));
	r.type = PPTP_CDN;
	r.u.cdn.call_id = k->gre.local_call_id;
	r.u.cdn.result = PPTP_CDN_REQUEST;
	call_destroy(k, true, PPTP_DOWN_PEER_CLEAR);
	pptp_ctrl_send(c, &r);
}

void pptp_call_recv_cdn(struct pptp_ctrl *c, const struct pptp_cdn *d)
{
	struct pptp_call *k = find_by_peer_id(c, d->call_id);

	if (k == NULL) {
		c->ctx->st.unknown_call_id++;
		log_debug(DBG_VPDN_PROTOCOL, "tunnel %u: CDN for unknown call %u", c->tunnel_id, d->call_id);
		return;
	}
	log_debug(DBG_VPDN_EVENT, "tunnel %u: call %u: peer disconnected (result %u error %u cause %u)",
		  c->tunnel_id, k->gre.local_call_id, d->result, d->error, d->cause);
	call_destroy(k, k->state != CALL_WAIT_CDN, PPTP_DOWN_PEER_DISCONNECT);
}

void pptp_call_recv_sli(struct pptp_ctrl *c, const struct pptp_sli *s)
{
	/* sec 2.15: Peer's Call ID is the ID the PAC (here: we) assigned */
	struct pptp_call *k = find_by_local_id(c, s->peer_call_id);

	if (k == NULL || k->state != CALL_ESTABLISHED) {
		c->ctx->st.unknown_call_id++;
		return;
	}
	log_debug(DBG_VPDN_EVENT, "call %u: Set-Link-Info send ACCM 0x%08x recv ACCM 0x%08x",
		  k->gre.local_call_id, s->send_accm, s->recv_accm);
	if (k->ops != NULL && k->ops->on_set_link_info != NULL)
		k->ops->on_set_link_info(k->upper, s->send_accm, s->recv_accm);
}

void pptp_call_recv_wen(struct pptp_ctrl *c, const struct pptp_wen *w)
{
	/* Informational (sec 2.14): logged, nothing to act on. */
	struct pptp_call *k = find_by_local_id(c, w->peer_call_id);

	if (k == NULL)
		c->ctx->st.unknown_call_id++;
	log_debug(DBG_VPDN_EVENT, "tunnel %u: WAN-Error-Notify call %u: crc %u framing %u hw %u buf %u "
		  "timeout %u align %u", c->tunnel_id, w->peer_call_id, w->crc_errors, w->framing_errors,
		  w->hw_overruns, w->buf_overruns, w->timeouts, w->alignment_errors);
}

/* ---- the seam, down direction ---- */

int pptp_call_send(struct pptp_call *k, const uint8_t *frame, size_t len)
{
	if (k->state != CALL_ESTABLISHED) {
		errno = ENOTCONN;
		return -1;
	}
	return gre_session_send(&k->gre, frame, len);
}

int pptp_call_send_batch(struct pptp_call *k, const struct iovec *frames, unsigned n)
{
	if (k->state != CALL_ESTABLISHED) {
		errno = ENOTCONN;
		return -1;
	}
	return gre_session_send_batch(&k->gre, frames, n);
}

void pptp_call_close(struct pptp_call *k)
{
	struct pptp_ctrl *c = k->ctrl;
	struct pptp_msg m;

	if (k->state == CALL_DISPOSING || k->state == CALL_WAIT_CDN)
		return;
	k->ops = NULL;
	memset(&m, 0, sizeof(m));
	if (c->ctx->role == PPTP_ROLE_SERVER) {
		m.type = PPTP_CDN;
		m.u.cdn.call_id = k->gre.local_call_id;
		m.u.cdn.result = PPTP_CDN_ADMIN_SHUTDOWN;
		pptp_ctrl_send(c, &m);
		call_destroy(k, false, PPTP_DOWN_ADMIN);
		return;
	}
	m.type = PPTP_CCRQ;
	m.u.ccrq.call_id = k->gre.local_call_id;
	if (pptp_ctrl_send(c, &m) < 0 || k->state == CALL_WAIT_REPLY) {
		call_destroy(k, false, PPTP_DOWN_ADMIN);
		return;
	}
	/* wait for the CDN; GRE stops now */
	gre_session_stop(&k->gre);
	set_state(k, CALL_WAIT_CDN);
	ev_timer_start(c->ctx->loop, &k->timer, c->ctx->params.call_timeout_ms);
}

int pptp_call_send_link_info(struct pptp_call *k, uint32_t send_accm, uint32_t recv_accm)
{
	struct pptp_msg m;

	if (k->state != CALL_ESTABLISHED) {
		errno = ENOTCONN;
		return -1;
	}
	memset(&m, 0, sizeof(m));
	m.type = PPTP_SLI;
	m.u.sli.peer_call_id = k->gre.peer_call_id;
	m.u.sli.send_accm = send_accm;
	m.u.sli.recv_accm = recv_accm;
	return pptp_ctrl_send(k->ctrl, &m);
}

/* ---- introspection ---- */

void pptp_call_get_info(const struct pptp_call *k, struct pptp_call_info *i)
{
	memset(i, 0, sizeof(*i));
	i->local_call_id = k->gre.local_call_id;
	i->peer_call_id = k->gre.peer_call_id;
	i->tunnel_id = k->ctrl->tunnel_id;
	i->peer_addr = k->gre.peer_addr;
	i->state = call_state_names[k->state];
	i->last_change_ms = k->last_change_ms;
	i->our_rws = k->gre.our_rws;
	i->peer_rws = k->gre.peer_rws;
	i->ss = k->gre.snd_nxt;
	i->sr = k->gre.rcv_nxt;
	i->remote_nr = k->gre.peer_ack;
	i->flow_alarm = k->gre.alarm;
	i->ack_owed = k->gre.ack_owed;
	i->gre = k->gre.st;
}

uint16_t pptp_call_local_id(const struct pptp_call *k) { return k->gre.local_call_id; }

void *pptp_call_upper(const struct pptp_call *k, const struct pptp_upper_ops *ops)
{
	return k->ops == ops && k->state != CALL_DISPOSING ? k->upper : NULL;
}
