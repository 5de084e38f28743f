#include "pptp_ppp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"

/* One per call: lives from attach until the call or the session ends. */
struct upper {
	struct pptp_ppp *p;
	struct pptp_call *call;
	struct va_session *s;
	struct upper *next, *prev;  /* doubly linked: a session's end costs O(1), not a search */
	struct pptp_ppp_counters counters;
	bool closed;                /* PPP ended the call: no callback follows */
	bool client;                /* pptp-client: the load generator owns the call */
};

struct pptp_ppp {
	struct va_ctx *va;
	pptp_ppp_config_fn config;
	void *config_arg;
	struct upper *all;
};

static void unlink_upper(struct pptp_ppp *p, struct upper *u)
{
	if (u->prev)
		u->prev->next = u->next;
	else if (p->all == u)
		p->all = u->next;
	if (u->next)
		u->next->prev = u->prev;
	u->next = u->prev = NULL;
}

/* ---- the link under the session: the PPTP call ---- */

static int link_send(void *link, const uint8_t *frame, size_t len)
{
	struct upper *u = link;

	return pptp_call_send(u->call, frame, len);
}

static int link_send_batch(void *link, const struct iovec *frames, unsigned n)
{
	struct upper *u = link;

	return pptp_call_send_batch(u->call, frames, n);
}

/* PPP is done with the call (LCP finished, authentication failed, pool
 * exhausted, MPPE refused...). pnsd: end the call; the seam promises no
 * callback after pptp_call_close(), so the upper goes now. pptp-client:
 * the load generator owns the call and tears it down itself (it still
 * forwards on_call_down, which frees the upper). */
static void link_close(void *link)
{
	struct upper *u = link;

	u->closed = true;
	u->s = NULL;                /* the session is being destroyed */
	if (u->client)
		return;
	pptp_call_close(u->call);
	unlink_upper(u->p, u);
	free(u);
}

static void link_verified(void *link, uint32_t tag)
{
	struct upper *u = link;

	if (!u->closed && u->call)
		pptp_call_jump_verified(u->call, tag);
}

static const struct va_link_ops link_ops = {
	.send = link_send, .send_batch = link_send_batch, .close = link_close, .verified = link_verified,
};

static int start_session(struct upper *u)
{
	struct ppp_config cfg;
	const struct ppp_authenticator *auth = NULL;

	if (u->p->config(u->p->config_arg, u->call, &cfg, &auth) < 0)
		return -1;
	u->s = va_session_new(u->p->va, &cfg, auth, &link_ops, u);
	explicit_bzero(cfg.password, sizeof(cfg.password));
	if (u->s) {
		struct pptp_call_info ci;

		pptp_call_get_info(u->call, &ci);
		va_session_set_link_peer(u->s, ci.peer_addr);
	}
	return u->s ? 0 : -1;
}

/* ---- up: what the call reports ---- */

static void on_call_up(void *upper, struct pptp_call *call)
{
	struct upper *u = upper;

	u->call = call;
	if (!u->s && start_session(u) < 0) {
		log_warn("call %u: no PPP session: %s", pptp_call_local_id(call), strerror(errno));
		u->closed = true;
		pptp_call_close(call);
		unlink_upper(u->p, u);
		free(u);
	}
}

static void on_ppp_frame(void *upper, const uint8_t *frame, size_t len)
{
	struct upper *u = upper;

	if (u->s)
		va_session_input(u->s, frame, len);
}

static void on_ppp_frame_unverified(void *upper, uint32_t tag, const uint8_t *frame, size_t len)
{
	struct upper *u = upper;

	if (u->s)
		va_session_input_unverified(u->s, frame, len, tag);
}

static void on_call_down(void *upper, enum pptp_down_reason reason)
{
	struct upper *u = upper;

	(void)reason;
	if (u->s)
		va_session_link_down(u->s);    /* the session is reaped later; it no longer uses u */
	unlink_upper(u->p, u);
	free(u);
}

static void on_flow_alarm(void *upper, bool set)
{
	struct upper *u = upper;

	if (u->s)
		va_session_flow_alarm(u->s, set);
}

static void on_set_link_info(void *upper, uint32_t send_accm, uint32_t recv_accm)
{
	struct upper *u = upper;

	if (u->s)
		va_session_set_link_info(u->s, send_accm, recv_accm);
}

static const struct pptp_upper_ops upper_ops = {
	.on_call_up = on_call_up,
	.on_ppp_frame = on_ppp_frame,
	.on_call_down = on_call_down,
	.on_flow_alarm = on_flow_alarm,
	.on_set_link_info = on_set_link_info,
	.on_ppp_frame_unverified = on_ppp_frame_unverified,
};

static struct upper *new_upper(struct pptp_ppp *p, struct pptp_call *call)
{
	struct upper *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	u->p = p;
	u->call = call;
	u->next = p->all;
	if (p->all)
		p->all->prev = u;
	p->all = u;
	return u;
}

int pptp_ppp_attach_server(void *ctx, struct pptp_call *call, const struct pptp_upper_ops **ops,
			   void **upper)
{
	struct upper *u = new_upper(ctx, call);

	if (!u)
		return -1;
	*ops = &upper_ops;
	*upper = u;
	return 0;
}

int pptp_ppp_attach_client(void *ctx, struct pptp_call *call, const struct pptp_upper_ops **ops,
			   void **upper)
{
	struct upper *u = new_upper(ctx, call);

	if (!u)
		return -1;
	u->client = true;
	if (start_session(u) < 0) {
		unlink_upper(u->p, u);
		free(u);
		return -1;
	}
	*ops = &upper_ops;
	*upper = u;
	return 0;
}

/* ---- the context ---- */

struct pptp_ppp *pptp_ppp_new(struct ev_loop *loop, struct mppe_engine *engine,
			      const struct va_options *o, const struct va_hooks *hooks,
			      pptp_ppp_config_fn config, void *config_arg)
{
	struct pptp_ppp *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->config = config;
	p->config_arg = config_arg;
	p->va = va_ctx_new(loop, engine, o, hooks);
	if (!p->va) {
		free(p);
		return NULL;
	}
	return p;
}

void pptp_ppp_free(struct pptp_ppp *p)
{
	if (!p)
		return;
	va_ctx_free(p->va);         /* closes every remaining call through link_close */
	while (p->all) {
		struct upper *u = p->all;

		p->all = u->next;
		free(u);
	}
	free(p);
}

struct va_ctx *pptp_ppp_vaccess(const struct pptp_ppp *p) { return p->va; }

struct va_session *pptp_ppp_session(const struct pptp_ppp *p, const struct pptp_call *call)
{
	/* once per session per show command: a list search here made show
	 * cost the square of the sessions (issue 13, fault 5) */
	const struct upper *u = pptp_call_upper(call, &upper_ops);

	return u != NULL && u->p == p ? u->s : NULL;
}

struct pptp_ppp_counters *pptp_ppp_counters(const struct va_session *s)
{
	struct upper *u = va_session_link(s);

	return u ? &u->counters : NULL;
}
