/*
 * Enhanced GRE (RFC 2637 sec 4) for PPTP: one raw IP protocol-47 socket
 * per daemon, and per call a session with sequence/acknowledgment state,
 * a small reorder buffer and the flow-control alarm.
 *
 * Sessions are found by (peer IPv4 address, our call ID): the key field
 * of a received packet carries our call ID, and the source address must
 * be the peer's. Many clients behind one NAT address therefore work as
 * long as each of their calls has its own call ID on our side, which the
 * call-ID allocator guarantees per peer address.
 */
#ifndef HOST_PPTP_GRE_H
#define HOST_PPTP_GRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "../common/evloop.h"

#define GRE_PROTO_PPP        0x880B  /* Protocol Type, sec 4.1 */
#define GRE_VERSION_ENHANCED 1
#define GRE_HDR_MIN          8       /* flags/version, protocol, key */
#define GRE_HDR_MAX          16      /* + sequence + acknowledgment */
#define GRE_MAX_PAYLOAD      4096    /* largest PPP frame we carry */

#define GRE_BATCH            32      /* packets per recvmmsg/sendmmsg */
#define GRE_REORDER_SLOTS    8       /* out-of-order packets held per session */
#define GRE_REORDER_TIMEOUT_MS 50    /* how long a gap is waited for */
#define GRE_ACK_DELAY_MS     20      /* a data packet's ack waits this long for a piggyback */
#define GRE_MAX_JUMP         256     /* larger forward sequence jumps are suspect */
#define GRE_RESYNC_COUNT     4       /* before the first packet only: consecutive packets that set the start */

/* A parsed enhanced-GRE header (pure parser, fuzzed). */
struct gre_hdr {
	uint16_t payload_len;
	uint16_t call_id;
	bool has_seq, has_ack;
	uint32_t seq, ack;
	size_t hdr_len;
	const uint8_t *payload;
};

enum gre_parse_status {
	GRE_OK = 0,
	GRE_E_SHORT = -1,        /* shorter than its header or payload length */
	GRE_E_FLAGS = -2,        /* C, R, s, Recur or Flags set, or K clear */
	GRE_E_VERSION = -3,      /* not version 1 */
	GRE_E_PROTO = -4,        /* protocol type not 0x880B */
	GRE_E_ACKONLY_DATA = -5, /* S clear but a payload present, or S set and empty */
};

/* Parse the GRE header at pkt (len bytes, after the IP header). */
enum gre_parse_status gre_parse(const uint8_t *pkt, size_t len, struct gre_hdr *h);
/* Parse an IPv4 packet as read from a raw socket: source address (network
 * order) and the GRE part. 0, or -1 when the IP header is not usable. */
int gre_parse_ipv4(const uint8_t *pkt, size_t len, uint32_t *src, const uint8_t **gre, size_t *gre_len);
/* The call ID in the key of an IPv4 GRE datagram as read from a raw
 * socket, without the rest of the checks (what gre_share hands over on):
 * 0-65535, or -1 when there is no IPv4 header or no room for a key. Equal
 * to gre_parse's call_id whenever that accepts the datagram (fuzz_gre). */
int gre_datagram_call_id(const uint8_t *pkt, size_t len);
/* Build a header into out (GRE_HDR_MAX bytes); returns its length. */
size_t gre_build(uint8_t *out, uint16_t peer_call_id, uint16_t payload_len,
		 bool with_seq, uint32_t seq, bool with_ack, uint32_t ack);

/* 32-bit sequence comparison with wrap-around (RFC 1982 style). */
static inline int32_t gre_seq_diff(uint32_t a, uint32_t b) { return (int32_t)(a - b); }

/* Per-session counters (what "show vpdn session" prints). */
struct gre_stats {
	uint64_t tx_pkts, tx_bytes;        /* data packets / payload bytes sent */
	uint64_t rx_pkts, rx_bytes;        /* data packets / bytes delivered */
	uint64_t zlb_tx, zlb_rx;           /* acknowledgment-only packets */
	uint64_t rx_out_of_order;          /* arrived ahead of a gap */
	uint64_t rx_reordered;             /* of those, delivered in order after the gap filled */
	uint64_t rx_duplicate;             /* old or duplicate sequence numbers, dropped */
	uint64_t rx_lost;                  /* sequence numbers given up after the reorder timeout */
	uint64_t rx_jump_dropped;          /* suspect forward jumps, not delivered in order */
	uint64_t rx_jumps_verified;        /* jumps followed once the layer above proved a packet after them */
	uint64_t rx_no_upper;              /* frames dropped: no upper layer attached */
	uint64_t tx_window_full;           /* sends refused: peer window full (enforce mode) */
	uint64_t tx_errors;
	uint64_t flow_alarms;              /* times the flow-control alarm went off */
};

struct gre_session;

/* What a session reports upward (implemented by pptp_call.c). */
struct gre_session_ops {
	void (*deliver)(struct gre_session *s, const uint8_t *frame, size_t len);
	void (*alarm)(struct gre_session *s, bool set);
	/* Optional. A packet more than GRE_MAX_JUMP ahead: a real peer after a
	 * long outage, or anyone who guessed the call ID. Sequence numbers prove
	 * nothing, so the jump is followed only when the layer above proves a
	 * packet after it genuine (an MPPE packet that decrypts to valid IPv4)
	 * and calls gre_session_jump_verified(s, seq). Until then the session
	 * stays where it was and its genuine packets keep flowing. */
	void (*deliver_unverified)(struct gre_session *s, uint32_t seq, const uint8_t *frame, size_t len);
};

struct gre_reorder;
struct gre_sock;

struct gre_session {
	struct gre_sock *sock;
	const struct gre_session_ops *ops;
	struct gre_session *hnext;         /* hash chain */
	uint32_t peer_addr;                /* network byte order */
	uint32_t local_addr;               /* our source address (the control connection's); 0 = kernel's choice */
	uint16_t local_call_id;            /* ours; in the key of packets we receive */
	uint16_t peer_call_id;             /* theirs; in the key of packets we send */
	uint16_t our_rws;                  /* receive window we announced */
	uint16_t peer_rws;                 /* window the peer announced (0: none) */
	uint16_t static_rtt_ms;
	bool enforce_peer_window;          /* hold sends when the peer window is full */
	bool hashed;
	bool rcv_started;                  /* first data packet seen */
	bool ack_owed;                     /* received data not yet acknowledged */
	bool peer_acked;                   /* peer has acknowledged at least once */
	bool alarm;                        /* flow-control alarm state */
	uint8_t resync_n;                  /* suspect consecutive jumps seen */
	uint32_t resync_next;              /* sequence expected to confirm a jump */
	uint32_t snd_nxt;                  /* next sequence number to send (Ss) */
	uint32_t peer_ack;                 /* highest ack received (Remote Nr) */
	uint32_t rcv_nxt;                  /* next sequence number expected (Sr) */
	uint32_t rcv_unacked;              /* data packets received since our last ack */
	uint32_t rtt_seq;                  /* sequence the RTT timer waits an ack for */
	struct gre_reorder *ro;            /* allocated only while packets wait */
	struct ev_timer ack_timer, rtt_timer, reorder_timer;
	struct gre_stats st;
};

struct gre_sock_stats {
	uint64_t rx_pkts;
	uint64_t rx_bad_ip;        /* unusable IPv4 header */
	uint64_t rx_bad_gre;       /* failed gre_parse */
	uint64_t rx_no_session;    /* unknown call ID, or not from that call's peer */
	uint64_t tx_pkts, tx_errors;
	uint64_t rx_paused;        /* reads put off because the layer above was full (gre_sock_set_admit) */
};

/* sum += s, member by member (pnsd -W N adds every loop's) */
void gre_sock_stats_add(struct gre_sock_stats *sum, const struct gre_sock_stats *s);

/* Open the raw socket bound to local_addr (network order, 0 = any). */
struct gre_sock *gre_sock_open(struct ev_loop *loop, uint32_t local_addr);
/* One of nworkers sockets that share the GRE traffic (pnsd -W, docs/workers.md):
 * the kernel queues to this one only the datagrams whose call ID modulo
 * nworkers is worker (a classic BPF filter on the key), plus, on worker 0,
 * those too short to carry a key. Each worker thread reads its own socket:
 * no receiver thread, no hand-over, no lock. Calls must then be given call
 * IDs of their worker's class. nworkers 1 is gre_sock_open. */
struct gre_sock *gre_sock_open_steered(struct ev_loop *loop, uint32_t local_addr, unsigned worker,
				       unsigned nworkers);
/* A second instance on the socket of reader (pnsd -W, gre_share.h): its
 * own session table and counters, on its own loop, sending through
 * reader's socket (a socket's sendmsg is safe from several threads) and
 * reading nothing itself: its datagrams are given to it by
 * gre_sock_input() on its loop's thread. Close it before reader. */
struct gre_sock *gre_sock_open_peer(struct ev_loop *loop, const struct gre_sock *reader);
/* Offer every datagram this socket reads to steer() first: GRE_STEER_TAKEN
 * means steer took it (another thread's, see gre_share.c), GRE_STEER_LOCAL
 * that it is input here as usual, GRE_STEER_HOLD that it cannot be taken
 * now (its worker's ring is full): the socket then keeps it and the rest of
 * its batch and reads nothing more until gre_sock_resume(), so the kernel's
 * socket buffer holds what comes meanwhile. flush(arg) follows every batch
 * of datagrams read, and a hold. */
enum gre_steer { GRE_STEER_LOCAL, GRE_STEER_TAKEN, GRE_STEER_HOLD };
typedef enum gre_steer (*gre_steer_fn)(void *arg, const uint8_t *pkt, size_t len);
void gre_sock_set_steer(struct gre_sock *gs, gre_steer_fn steer, void (*flush)(void *arg), void *arg);
/* Ask admit(arg) before each batch the socket would read (GRE_BATCH
 * datagrams): false means the layer above cannot take a batch now (pnsd:
 * its MPPE engine is full). The socket then reads nothing more, so the
 * datagrams wait in the kernel's socket buffer instead of being read and
 * dropped, and asks again after every event-loop iteration; each pause
 * counts in rx_paused. A run of drops after the read would lose MPPE
 * coherency counts (RFC 3078 3.1) as surely as loss on the wire, and only
 * the socket buffer is deep enough to ride out a crypto thread that was
 * not scheduled for some milliseconds. NULL: no gate. */
void gre_sock_set_admit(struct gre_sock *gs, bool (*admit)(void *arg), void *arg);
/* For a socket fed by gre_sock_input (pnsd -W N: a worker loop's, from
 * gre_share's ring): whether its layer above takes another GRE_BATCH now
 * (the admit given to gre_sock_set_admit; true without one). false: the
 * caller feeds nothing more until it says true (and counts the pause). */
bool gre_sock_admits(struct gre_sock *gs);
/* On the socket's loop: offer the datagrams held back (GRE_STEER_HOLD)
 * again, from the one held; once all are taken, read the socket again.
 * Nothing when nothing is held. */
void gre_sock_resume(struct gre_sock *gs);
/* A socket-less instance whose outgoing packets (GRE header + payload,
 * no IP header) go to tx: for unit tests, the fuzzer and benchmarks. */
typedef void (*gre_tx_fn)(void *arg, uint32_t dst_addr, const uint8_t *pkt, size_t len);
struct gre_sock *gre_sock_open_virtual(struct ev_loop *loop, gre_tx_fn tx, void *arg);
void gre_sock_close(struct gre_sock *gs);
const struct gre_sock_stats *gre_sock_stats(const struct gre_sock *gs);
uint32_t gre_sock_sessions(const struct gre_sock *gs);

/* Prepare a session (not yet receiving). */
void gre_session_init(struct gre_session *s, struct gre_sock *gs, const struct gre_session_ops *ops,
		      uint32_t peer_addr, uint16_t local_call_id, uint16_t our_rws,
		      uint16_t static_rtt_ms);
/* Is (peer_addr, local_call_id) taken? */
bool gre_session_exists(const struct gre_sock *gs, uint32_t peer_addr, uint16_t local_call_id);
/* Start receiving (insert into the socket's table); 0 or -1 (EEXIST/ENOMEM). */
int gre_session_start(struct gre_session *s);
/* Stop receiving, stop timers, free held packets. Safe to call twice. */
void gre_session_stop(struct gre_session *s);

/* The payload of packet seq (given to deliver_unverified) proved genuine:
 * follow the jump (everything before seq counts as lost). Ignored when the
 * session has meanwhile passed seq or is stopped. */
void gre_session_jump_verified(struct gre_session *s, uint32_t seq);

/* Send one PPP frame (copied into the socket before returning). 0, or
 * -1 with errno (EMSGSIZE, EAGAIN when the enforced peer window is full,
 * or the socket's error). */
int gre_session_send(struct gre_session *s, const uint8_t *frame, size_t len);
/* Send n frames with one sendmmsg; returns how many were sent, or -1. */
int gre_session_send_batch(struct gre_session *s, const struct iovec *frames, unsigned n);

/* ---- receive path, exposed for unit tests and the fuzzer ---- */
/* Process one parsed packet already matched to s (sequence, ack, reorder,
 * delivery). */
void gre_session_input(struct gre_session *s, const struct gre_hdr *h);
/* Process one raw IPv4 datagram as read from the socket. */
void gre_sock_input(struct gre_sock *gs, const uint8_t *pkt, size_t len);

#endif
