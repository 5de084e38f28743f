/*
 * Virtual-access interfaces: the daemon side of the PPP layer. Each PPP
 * session on a call is a named interface (Vi1, Vi2, ...) with its own
 * counters; this module runs the sessions on the event loop (timers, the
 * MPPE engine's completions) and moves IP between them and the host:
 *
 *   server (pnsd)        one TUN device for all sessions; packets the host
 *                        routes into it are sent to the session whose
 *                        client address is their destination (a host
 *                        route per client is added when its IPCP is up)
 *   client (pptp-client) a TUN device per session, addressed from IPCP;
 *                        or no TUN (VA_CLIENT_NOTUN): the program sends
 *                        and receives IP itself (load generator)
 *
 * Batching: TUN reads are taken in bursts, engine work is submitted once
 * per burst (ppp_datapath_flush: the context owns its ppp_datapath),
 * completions are collected when the
 * engine's event fd is readable and at the end of each loop iteration,
 * and the frames a burst produces go to the link in batches (send_batch).
 * A session's packets keep their order throughout.
 *
 * TCP MSS of SYNs crossing the tunnel (both ways) is clamped to the
 * session's MTU - 40.
 */
#ifndef HOST_VACCESS_VACCESS_H
#define HOST_VACCESS_VACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "ppp/ppp.h"

/* Packets one readiness of a TUN device reads at most, and engine
 * completions taken in at most between two reads of the server's TUN
 * (dispatch in vaccess.c). Each packet written to the TUN that the host
 * answers (an echo, a TCP ack) puts the answer in the TUN's transmit queue
 * during that write, and the kernel drops what does not fit (txqueuelen
 * packets, tx_dropped): writes and reads must keep pace. It was 64 against
 * 256 datagrams from one GRE readiness and every completion at once: a
 * backlogged loop then lost three answers in four at the TUN
 * (docs/workers.md, "One session"). */
#define VA_TUN_BURST 256
/* The transmit queue of our TUN devices (the kernel's default is 500): two
 * bursts of writes can come between two reads of the TUN (the completions
 * taken before the loop's TUN readiness and those after it), and the host's
 * own traffic to the clients comes on top. */
#define VA_TUN_TXQUEUELEN (4 * VA_TUN_BURST)

struct ev_loop;
struct mppe_engine;
struct va_ctx;
struct va_session;

enum va_mode {
	VA_SERVER,          /* one shared TUN */
	VA_CLIENT_TUN,      /* one TUN per session */
	VA_CLIENT_NOTUN,    /* no TUN: va_session_send_ip / on_ip */
};

/* The link under a session (a PPTP call). */
struct va_link_ops {
	int (*send)(void *link, const uint8_t *frame, size_t len);
	/* Optional: n frames of this link at once. Returns the number sent. */
	int (*send_batch)(void *link, const struct iovec *frames, unsigned n);
	/* PPP is finished with the link (LCP down, auth failed, ...): end the
	 * call. Called at most once; no frames are sent after it. */
	void (*close)(void *link);
	/* Optional: a frame given to va_session_input_unverified() with this
	 * tag proved genuine (see ppp_input_unverified). */
	void (*verified)(void *link, uint32_t tag);
};

struct va_hooks {
	void *arg;
	/* Every PPP event of every session (after the module's own handling). */
	void (*on_event)(void *arg, struct va_session *s, enum ppp_event ev, const char *reason);
	/* VA_CLIENT_NOTUN: an IP packet from the peer. */
	void (*on_ip)(void *arg, struct va_session *s, const uint8_t *pkt, size_t len);
};

struct va_options {
	enum va_mode mode;
	const char *tun_name;       /* server: the shared TUN ("pns%d" if NULL); client: pattern ("ppp%d") */
	uint32_t tun_addr;          /* server: address given to the shared TUN (host order), 0 = none */
	bool no_clamp_mss;          /* MSS clamping is on unless this is set */
	/* Server: start LCP when the client's first frame arrives (or after
	 * this many ms). A PPTP client starts LCP as soon as it has the
	 * Outgoing-Call-Reply; our Configure-Request sent at the same moment
	 * can reach it before it knows the call and be dropped, which costs a
	 * whole restart interval (3 s). 0: start at once. */
	unsigned start_wait_ms;
	/* Packets to the host are queued and written once per loop iteration
	 * with one io_uring_enter (tun_batch.h) instead of one write() each;
	 * without io_uring, one by one as before (a warning says so). */
	bool tun_uring;
	/* Server, pnsd -W N: Vi unit numbers unit_first, unit_first +
	 * unit_step, ... (loop k of N: k + 1 and N), unique over the loops;
	 * 0: 1, 2, 3, ... */
	unsigned unit_first, unit_step;
};

struct va_ctx *va_ctx_new(struct ev_loop *loop, struct mppe_engine *engine, const struct va_options *o,
			  const struct va_hooks *hooks);
/* Frees every session (their links get close()), the TUN, the watchers. */
void va_ctx_free(struct va_ctx *c);
/* The context's data path (NULL without an engine): flush it after sending IP. */
struct ppp_datapath *va_ctx_datapath(const struct va_ctx *c);
const char *va_ctx_tun_name(const struct va_ctx *c);

/* A session on a link that has just come up; starts PPP at once. The
 * configuration is copied. NULL with errno on failure. */
struct va_session *va_session_new(struct va_ctx *c, const struct ppp_config *cfg,
				  const struct ppp_authenticator *auth, const struct va_link_ops *ops,
				  void *link);
/* A frame from the link. */
void va_session_input(struct va_session *s, const uint8_t *frame, size_t len);
/* A frame the link cannot vouch for yet (past a GRE sequence jump). */
void va_session_input_unverified(struct va_session *s, const uint8_t *frame, size_t len, uint32_t tag);
/* The link went away (the call was cleared): the session ends; close() is
 * not called; the session is freed later by the module. */
void va_session_link_down(struct va_session *s);
void va_session_flow_alarm(struct va_session *s, bool set);
void va_session_set_link_info(struct va_session *s, uint32_t send_accm, uint32_t recv_accm);
/* Administrative close (LCP Terminate-Request). */
void va_session_close(struct va_session *s, const char *reason);
/* VA_CLIENT_NOTUN: send an IP packet to the peer. */
int va_session_send_ip(struct va_session *s, const uint8_t *pkt, size_t len);

/* ---- inspection (show ppp mppe virtual-access, show vpdn session) ---- */
struct va_counters {
	uint64_t tun_rx, tun_rx_octets;     /* from the host into the tunnel */
	uint64_t tun_tx, tun_tx_octets;     /* from the tunnel to the host */
	uint64_t tun_tx_errors;
	uint64_t mss_clamped;
	uint64_t link_tx_errors;
};
const char *va_session_name(const struct va_session *s);      /* "Vi3" */
unsigned va_session_unit(const struct va_session *s);
struct ppp_session *va_session_ppp(const struct va_session *s);
const struct va_counters *va_session_counters(const struct va_session *s);
const char *va_session_tun_name(const struct va_session *s);  /* client: its own TUN */
void *va_session_link(const struct va_session *s);
/* The link's remote address (network order; 0: unknown), kept after the
 * link went away so that the session-down log line can name the peer. */
void va_session_set_link_peer(struct va_session *s, uint32_t addr);
uint32_t va_session_link_peer(const struct va_session *s);
uint64_t va_session_age_ms(const struct va_session *s);    /* since va_session_new */
/* Sessions by unit number order; stop when fn returns non-zero. */
int va_foreach(struct va_ctx *c, int (*fn)(void *arg, struct va_session *s), void *arg);
/* Sessions; any thread may read it. */
unsigned va_count(const struct va_ctx *c);
/* Packets read from the TUN whose destination no session has. */
uint64_t va_ctx_unrouted(const struct va_ctx *c);
/* Times the shared TUN was left unread because the engine had no room. */
uint64_t va_ctx_tun_paused(const struct va_ctx *c);
/* o.tun_uring: io_uring_enter calls made for TUN writes (0 without). */
uint64_t va_ctx_tun_batches(const struct va_ctx *c);

#endif
