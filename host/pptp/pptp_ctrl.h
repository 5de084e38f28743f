/*
 * PPTP control connections (RFC 2637 sec 3.1) and the context that owns
 * them: one per daemon (pnsd, role SERVER) or per load generator (role
 * CLIENT). A control connection is a "tunnel" in Cisco's words.
 */
#ifndef HOST_PPTP_PPTP_CTRL_H
#define HOST_PPTP_PPTP_CTRL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "pptp.h"
#include "pptp_call.h"

struct ev_loop;
struct gre_sock;
struct pptp_ctx;
struct pptp_ctrl;

enum pptp_role {
	PPTP_ROLE_SERVER,   /* answers SCCRQ and OCRQ (the PAC's part, sec 1.3) */
	PPTP_ROLE_CLIENT,   /* sends SCCRQ and OCRQ */
};

/* Tunables; the server takes them from the vpdn-group (pptp_config.h). */
struct pptp_params {
	uint16_t recv_window;          /* our GRE receive window, in OCRP/OCRQ: 1..64, default 16 */
	uint16_t static_rtt_ms;        /* flow-control alarm: 100..5000, default 1500 */
	uint16_t echo_interval_s;      /* idle time before Echo-Request: 0 (off)..1000, default 60 */
	uint32_t echo_timeout_ms;      /* Echo-Reply wait: 20 s (fixed in IOS) */
	uint32_t sccrq_timeout_ms;     /* connection that never completes SCCRQ: closed */
	uint32_t call_timeout_ms;      /* client: OCRP / CDN wait */
	uint32_t stop_timeout_ms;      /* StopCCRP wait */
	uint32_t max_tunnels;          /* established + pending control connections */
	uint32_t max_pending;          /* connections that have not completed SCCRQ yet */
	uint32_t max_calls_per_tunnel;
	uint32_t max_sessions;
	/* per source address (pptp_limits.h; vpdn-group "pptp limit source ...") */
	uint32_t src_max_pending;      /* half-open connections */
	uint32_t src_max_tunnels;
	uint32_t src_max_sessions;
	bool enforce_peer_window;      /* throttle sends to the peer's window (off: deployed peers mis-size it) */
	char local_name[PPTP_HOSTNAME_LEN + 1];   /* SCCRP/SCCRQ host name; "" = system host name */
	char vendor[PPTP_VENDOR_LEN + 1];
};
void pptp_params_default(struct pptp_params *p);

/* Events a context reports to its owner (pnsd's lifecycle code or the
 * load generator); any member may be NULL. */
struct pptp_ctx_hooks {
	void (*ctrl_up)(void *arg, struct pptp_ctrl *c);
	void (*ctrl_down)(void *arg, struct pptp_ctrl *c, enum pptp_down_reason r);
	void *arg;
};

struct pptp_ctx_stats {
	uint64_t ctrl_accepted, ctrl_refused, ctrl_established, ctrl_closed;
	uint64_t ctrl_refused_source;              /* of ctrl_refused: a per-source limit */
	uint64_t calls_refused_source;             /* of calls_refused: a per-source limit */
	uint64_t ctrl_output_overflow;             /* tunnels closed: the peer stopped reading */
	uint64_t sccrq_timeouts, echo_timeouts;
	uint64_t msgs_rx, msgs_tx, msgs_bad;      /* control messages; bad = refused by the codec or FSM */
	uint64_t calls_up, calls_refused, calls_down;
	uint64_t icrq_refused;
	uint64_t unknown_call_id;
};

struct pptp_ctx *pptp_ctx_new(struct ev_loop *loop, struct gre_sock *gre, enum pptp_role role,
			      const struct pptp_params *params);
/* Tear down every tunnel at once (no messages) and free the context. */
void pptp_ctx_free(struct pptp_ctx *ctx);
/* New tunnels use new parameters; existing ones keep theirs. */
void pptp_ctx_set_params(struct pptp_ctx *ctx, const struct pptp_params *params);
const struct pptp_params *pptp_ctx_params(const struct pptp_ctx *ctx);
void pptp_ctx_set_upper_factory(struct pptp_ctx *ctx, const struct pptp_upper_factory *f);
void pptp_ctx_set_hooks(struct pptp_ctx *ctx, const struct pptp_ctx_hooks *h);
const struct pptp_ctx_stats *pptp_ctx_stats(const struct pptp_ctx *ctx);
/* sum += s, member by member (pnsd -W N adds every loop's) */
void pptp_ctx_stats_add(struct pptp_ctx_stats *sum, const struct pptp_ctx_stats *s);
uint32_t pptp_ctx_tunnel_count(const struct pptp_ctx *ctx);
uint32_t pptp_ctx_session_count(const struct pptp_ctx *ctx);
/* Source addresses holding at least one connection (pptp_limits.h). */
uint32_t pptp_ctx_source_count(const struct pptp_ctx *ctx);
/* Send Stop-Control-Connection-Request on every tunnel (graceful shutdown). */
void pptp_ctx_stop_all(struct pptp_ctx *ctx, enum pptp_stop_reason reason);

/* pnsd -W N (docs/workers.md): one context per event loop, sharing one
 * set of tunnel IDs, call IDs and admission counts (max_tunnels,
 * max_pending, max_sessions, the per-source limits) under a mutex: the
 * control path only. Each call ID is unique over all of them and handed
 * to GRE worker w of gshare (gre_share_assign) when the call is made.
 * pptp_ctx_share before the context has any tunnel; pptp_shared_free
 * after every context that shares it. A limit can be passed by at most
 * N-1 calls admitted at the same instant on different loops (the check
 * and the count are two steps). */
struct pptp_shared;
struct gre_share;
struct pptp_shared *pptp_shared_new(void);
void pptp_shared_free(struct pptp_shared *sh);
void pptp_ctx_share(struct pptp_ctx *ctx, struct pptp_shared *sh, struct gre_share *gshare, unsigned w);
/* This context's control connections plus calls; any thread (pnsd hands a
 * new connection to the loop with the least). */
uint32_t pptp_ctx_load(const struct pptp_ctx *ctx);

/* Server: adopt an accepted TCP connection (non-blocking fd). On failure
 * the fd is closed. */
int pptp_ctrl_accept(struct pptp_ctx *ctx, int fd, const struct sockaddr_in *peer,
		     const struct sockaddr_in *local);
/* Client: connect to server and send SCCRQ; hooks.ctrl_up reports success. */
struct pptp_ctrl *pptp_ctrl_connect(struct pptp_ctx *ctx, const struct sockaddr_in *server,
				    const struct sockaddr_in *local);
/* Local termination: Stop-Control-Connection-Request, then close on the
 * reply (or after stop_timeout_ms). All calls go down with `why`. */
void pptp_ctrl_stop(struct pptp_ctrl *c, enum pptp_stop_reason reason, enum pptp_down_reason why);
/* Client: open a call (sends OCRQ) with its upper layer attached from the
 * start: on_call_up when the OCRP says Connected, on_call_down(REFUSED or
 * TIMEOUT) otherwise. NULL with errno on failure. */
struct pptp_call *pptp_ctrl_open_call(struct pptp_ctrl *c, const struct pptp_upper_ops *ops, void *upper);

/* ---- introspection (show vpdn) ---- */
struct pptp_ctrl_info {
	uint16_t tunnel_id;
	struct sockaddr_in peer, local;
	const char *state;                 /* "idle", "estabd", "wt-stop", ... */
	uint64_t last_change_ms;
	uint32_t calls;
	char peer_hostname[PPTP_HOSTNAME_LEN + 1];
	char peer_vendor[PPTP_VENDOR_LEN + 1];
	uint16_t peer_version, peer_firmware;
	uint64_t msgs_rx, msgs_tx;
	bool echo_outstanding;
};
void pptp_ctrl_get_info(const struct pptp_ctrl *c, struct pptp_ctrl_info *info);
/* Iterate tunnels / a tunnel's calls; stop when fn returns non-zero. */
int pptp_ctx_foreach_ctrl(struct pptp_ctx *ctx, int (*fn)(void *arg, struct pptp_ctrl *c), void *arg);
int pptp_ctrl_foreach_call(struct pptp_ctrl *c, int (*fn)(void *arg, struct pptp_call *call), void *arg);
struct pptp_ctrl *pptp_ctx_find_tunnel(struct pptp_ctx *ctx, uint16_t tunnel_id);
/* One pointer of the owner's own per tunnel (e.g. the CLI's or the load
 * generator's bookkeeping). */
void pptp_ctrl_set_user(struct pptp_ctrl *c, void *user);
void *pptp_ctrl_user(const struct pptp_ctrl *c);

#endif
