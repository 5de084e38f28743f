/*
 * The seam between a PPTP call (this layer) and the PPP session above it
 * (host/ppp/). Documented in docs/pptp-ppp-seam.md; keep the two in step.
 *
 * Direction up (PPTP -> PPP): the call invokes an ops table the upper
 * layer gives when it attaches. Direction down (PPP -> PPTP): the upper
 * layer calls pptp_call_send() / pptp_call_send_batch() / pptp_call_close().
 *
 * The same seam is used on both sides of the wire: in pnsd a call is
 * created by the peer's Outgoing-Call-Request; in pptp-client by our own.
 * Everything runs on the one event-loop thread; no callback is ever made
 * from another thread, and the upper layer may call any function here
 * from inside any callback.
 */
#ifndef HOST_PPTP_PPTP_CALL_H
#define HOST_PPTP_PPTP_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "gre.h"

struct pptp_call;
struct pptp_ctrl;
struct ev_loop;

/* Why a call went down (argument of on_call_down). */
enum pptp_down_reason {
	PPTP_DOWN_PEER_CLEAR,      /* peer sent Call-Clear-Request (pnsd side) */
	PPTP_DOWN_PEER_DISCONNECT, /* peer sent Call-Disconnect-Notify (client side) */
	PPTP_DOWN_REFUSED,         /* client side: Outgoing-Call-Reply refused the call */
	PPTP_DOWN_CTRL_STOP,       /* control connection stopped (Stop-Control-Connection) */
	PPTP_DOWN_CTRL_LOST,       /* TCP closed or reset, or a protocol error on it */
	PPTP_DOWN_ECHO_TIMEOUT,    /* keepalive: no Echo-Reply in time, peer presumed dead */
	PPTP_DOWN_ADMIN,           /* administrative: clear vpdn tunnel, daemon shutdown */
	PPTP_DOWN_TIMEOUT,         /* client side: no Outgoing-Call-Reply in time */
};
const char *pptp_down_reason_str(enum pptp_down_reason r);

/* Implemented by the upper layer. `upper` is the pointer it gave at attach. */
struct pptp_upper_ops {
	/* The call is established: the OCRP was sent (pnsd) or received
	 * (client). Frames may be sent from now on. */
	void (*on_call_up)(void *upper, struct pptp_call *call);
	/* One PPP frame from the peer, in sequence order (GRE has already
	 * dropped duplicates and reordered or given up on gaps). No
	 * address/control or media framing is removed or added: exactly the
	 * GRE payload (RFC 2637 sec 4.1). The buffer is only valid during the
	 * call. */
	void (*on_ppp_frame)(void *upper, const uint8_t *frame, size_t len);
	/* The call is gone. Called exactly once unless the upper layer itself
	 * called pptp_call_close(); after it returns `call` must not be used. */
	void (*on_call_down)(void *upper, enum pptp_down_reason reason);
	/* Flow-control alarm (Cisco "pptp flow-control static-rtt"): set when
	 * an acknowledgment did not arrive within the static RTT, clear when
	 * acknowledgments flow again. MPPE switches stateful -> stateless on set. */
	void (*on_flow_alarm)(void *upper, bool set);
	/* Set-Link-Info from the peer (RFC 2637 sec 2.15): the ACCMs the PPP
	 * layer should use. May be NULL in the table. */
	void (*on_set_link_info)(void *upper, uint32_t send_accm, uint32_t recv_accm);
	/* Optional. A frame from past a GRE sequence jump not believed yet
	 * (gre.h, deliver_unverified): use it only if it proves itself (an MPPE
	 * packet that decrypts to valid IPv4), then call
	 * pptp_call_jump_verified(call, tag). May be NULL: such frames are dropped. */
	void (*on_ppp_frame_unverified)(void *upper, uint32_t tag, const uint8_t *frame, size_t len);
};

/* How a new call gets its upper layer. Registered once per daemon/client
 * with pptp_ctx_set_upper_factory() (pptp_ctrl.h). attach() is called
 * when a call is about to come up, before on_call_up. Return 0 with *ops
 * and *upper set; or -1 to refuse the call (pnsd answers the OCRQ with
 * General-Error/No-Resource). Without a factory a call comes up with no
 * upper layer and its received frames are counted (rx_no_upper) and dropped. */
struct pptp_upper_factory {
	int (*attach)(void *ctx, struct pptp_call *call, const struct pptp_upper_ops **ops,
		      void **upper);
	void *ctx;
};

/* ---- down: used by the upper layer ---- */

/* Send one PPP frame in a GRE packet (acknowledgment piggybacked when one
 * is owed). The frame is copied to the kernel before returning. 0, or -1
 * with errno (ENOTCONN: call not established; EMSGSIZE; EAGAIN: peer
 * window full while window enforcement is on). */
int pptp_call_send(struct pptp_call *call, const uint8_t *frame, size_t len);
/* Send n frames with one system call (sendmmsg). Returns the number sent
 * (frames after the first failure are not sent), or -1 with errno. */
int pptp_call_send_batch(struct pptp_call *call, const struct iovec *frames, unsigned n);
/* Close the call from above: pnsd sends Call-Disconnect-Notify, the client
 * Call-Clear-Request. The upper layer is detached at once: no callback
 * (not even on_call_down) follows. */
void pptp_call_close(struct pptp_call *call);
/* The frame given to on_ppp_frame_unverified with this tag proved genuine:
 * GRE follows the sequence jump. */
void pptp_call_jump_verified(struct pptp_call *call, uint32_t tag);
/* Client side: send Set-Link-Info to the peer (pnsd never needs to). */
int pptp_call_send_link_info(struct pptp_call *call, uint32_t send_accm, uint32_t recv_accm);

/* ---- introspection (show vpdn session, metrics) ---- */

struct pptp_call_info {
	uint16_t local_call_id, peer_call_id, tunnel_id;
	uint32_t peer_addr;                /* network byte order */
	const char *state;                 /* "estabd", "wt-ocrp", ... */
	uint64_t last_change_ms;           /* ev_clock_ms() of the last state change */
	uint16_t our_rws, peer_rws;
	uint32_t ss, sr, remote_nr;        /* next seq to send, next expected, last ack received */
	bool flow_alarm;
	bool ack_owed;                     /* received data not yet acknowledged (GRE_ACK_DELAY_MS) */
	struct gre_stats gre;
};
void pptp_call_get_info(const struct pptp_call *call, struct pptp_call_info *info);
uint16_t pptp_call_local_id(const struct pptp_call *call);
/* The upper layer's pointer if it attached with these ops, else NULL: a
 * constant-time way back from a call to what sits on it. */
void *pptp_call_upper(const struct pptp_call *call, const struct pptp_upper_ops *ops);

#endif
