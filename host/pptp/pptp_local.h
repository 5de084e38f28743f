/*
 * Internal structures shared by pptp_ctrl.c and pptp_call.c (npppd's
 * pptp_local.h). Not for use outside host/pptp/.
 */
#ifndef HOST_PPTP_PPTP_LOCAL_H
#define HOST_PPTP_PPTP_LOCAL_H

#include <pthread.h>

#include "../common/evloop.h"
#include "gre.h"
#include "pptp_call.h"
#include "pptp_ctrl.h"
#include "pptp_limits.h"
#include "pptp_msg.h"

#define PPTP_RBUF_LEN   512          /* read buffer: at least one longest message */
/* Pending output before a peer counts as not reading: a control message
 * is at most 220 octets and a well-behaved peer has a few in flight. The
 * total over every tunnel is bounded too (PPTP_WBUF_TOTAL_MAX). */
#define PPTP_WBUF_MAX   (16 * 1024)
#define PPTP_WBUF_TOTAL_MAX (32u * 1024 * 1024)

/* What the contexts of one daemon share (pptp_ctx_share, pnsd -W N): IDs
 * and admission counts. Every field under lock; a context alone has its
 * own copy (the lock is then never contended). Touched on the control
 * path only (a connection, a call, a control message), never per packet. */
struct pptp_shared {
	pthread_mutex_t lock;
	uint32_t nctrl, npending, nsessions;
	uint64_t wbuf_total;                 /* output queued over every tunnel */
	uint8_t tunnel_ids[65536 / 8];       /* bitmap of tunnel IDs in use */
	/* pnsd -W N: call IDs in use over every context (the GRE hand-over
	 * goes by call ID alone, gre_share.h); NULL: unique per peer address,
	 * checked in the context's gre_sock */
	uint8_t *call_ids;
	struct pptp_src_table srcs;          /* per-source counts (server) */
};

struct pptp_ctx {
	struct ev_loop *loop;
	struct gre_sock *gre;
	enum pptp_role role;
	struct pptp_params params;
	struct pptp_upper_factory factory;
	bool has_factory;
	struct pptp_ctx_hooks hooks;
	struct pptp_ctrl *ctrls;             /* this context's control connections */
	uint32_t load;                       /* its connections + calls (pptp_ctx_load; atomic) */
	uint32_t echo_id;
	struct pptp_ctx_stats st;
	struct pptp_shared *sh;              /* &own, or the one given to pptp_ctx_share */
	struct pptp_shared own;
	struct gre_share *gshare;            /* pptp_ctx_share: calls' GRE handed to worker gworker */
	unsigned gworker;
	struct pptp_ratelimit rl_accept, rl_call;   /* refusal log lines */
};

/* Control-connection states: RFC 2637 sec 3.1.1/3.1.2 names where the RFC
 * has one. */
enum pptp_ctrl_state {
	CTRL_IDLE,              /* server: TCP open, waiting for SCCRQ */
	CTRL_CONNECTING,        /* client: TCP connect in progress */
	CTRL_WAIT_CTL_REPLY,    /* client: SCCRQ sent */
	CTRL_ESTABLISHED,
	CTRL_WAIT_STOP_REPLY,   /* StopCCRQ sent */
	CTRL_DISPOSING,         /* closed; freed by the deferred step */
};

struct pptp_ctrl {
	struct pptp_ctx *ctx;
	struct pptp_ctrl *prev, *next;
	void *user;
	enum pptp_ctrl_state state;
	int fd;
	struct ev_io io;
	struct ev_timer timer;       /* SCCRQ/SCCRP wait, echo, stop-reply wait */
	struct ev_timer dispose;
	uint16_t tunnel_id;
	uint16_t recv_window, static_rtt_ms, echo_s;   /* parameters at creation */
	bool echo_outstanding;
	bool pending;                /* counted in ctx->npending */
	struct pptp_src *src;        /* server: this peer address's counts */
	uint32_t echo_id;
	struct sockaddr_in peer, local;
	uint64_t last_rx_ms, last_change_ms;
	uint64_t msgs_rx, msgs_tx;
	struct pptp_call *calls;
	uint32_t ncalls;
	uint16_t call_serial;
	uint16_t rlen;
	uint32_t wlen;
	uint8_t *wbuf;               /* allocated only while output is pending */
	uint16_t peer_version, peer_firmware;
	char peer_hostname[PPTP_HOSTNAME_LEN + 1];
	char peer_vendor[PPTP_VENDOR_LEN + 1];
	uint8_t rbuf[PPTP_RBUF_LEN];
};

enum pptp_call_state {
	CALL_WAIT_REPLY,        /* client: OCRQ sent */
	CALL_ESTABLISHED,
	CALL_WAIT_CDN,          /* client: CCRQ sent */
	CALL_DISPOSING,
};

struct pptp_call {
	struct pptp_ctrl *ctrl;
	struct pptp_call *prev, *next;
	enum pptp_call_state state;
	const struct pptp_upper_ops *ops;   /* NULL: no upper layer */
	void *upper;
	uint16_t serial;
	uint64_t last_change_ms;
	struct ev_timer timer;
	struct ev_timer dispose;
	struct gre_session gre;
};

/* pptp_ctrl.c */
static inline void pptp_sh_lock(struct pptp_ctx *ctx) { pthread_mutex_lock(&ctx->sh->lock); }
static inline void pptp_sh_unlock(struct pptp_ctx *ctx) { pthread_mutex_unlock(&ctx->sh->lock); }
int pptp_ctrl_send(struct pptp_ctrl *c, const struct pptp_msg *m);

/* pptp_call.c: control messages for calls */
void pptp_call_recv_ocrq(struct pptp_ctrl *c, const struct pptp_ocrq *o, enum pptp_msg_status st);
void pptp_call_recv_ocrp(struct pptp_ctrl *c, const struct pptp_ocrp *o);
void pptp_call_recv_icrq(struct pptp_ctrl *c, const struct pptp_icrq *i);
void pptp_call_recv_ccrq(struct pptp_ctrl *c, const struct pptp_ccrq *q);
void pptp_call_recv_cdn(struct pptp_ctrl *c, const struct pptp_cdn *d);
void pptp_call_recv_sli(struct pptp_ctrl *c, const struct pptp_sli *s);
void pptp_call_recv_wen(struct pptp_ctrl *c, const struct pptp_wen *w);
/* Bring every call of c down (control connection ends). */
void pptp_call_all_down(struct pptp_ctrl *c, enum pptp_down_reason why);
/* Free a call at once (context teardown). */
void pptp_call_free_now(struct pptp_call *call);

#endif
