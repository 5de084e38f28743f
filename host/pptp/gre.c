/*
 * Enhanced GRE (RFC 2637 sec 4) over a raw IPv4 protocol-47 socket.
 *
 * Receive: recvmmsg() batches, IPv4 + GRE header checks, lookup of the
 * session by (source address, call ID in the key), then per session:
 *   - acknowledgment processing (sec 4.2.5: one ack covers all packets up
 *     to it) and the static-RTT flow-control alarm;
 *   - sequence check with 32-bit wrap: old/duplicate numbers are dropped
 *     (sec 4.3 "silently discard duplicate GRE packets"), small gaps wait
 *     in a reorder buffer for GRE_REORDER_TIMEOUT_MS (sec 4.3 allows
 *     reordering by the receiver), large gaps are skipped at once, and
 *     jumps beyond GRE_MAX_JUMP are believed only after GRE_RESYNC_COUNT
 *     consecutive packets confirm them, so that one forged packet cannot
 *     make every later genuine packet look old;
 *   - acknowledgments owed are piggybacked on the next data packet or sent
 *     alone (ZLB) after GRE_ACK_DELAY_MS, or at once when half our
 *     receive window is unacknowledged.
 * Send: one sendmsg() per frame, or sendmmsg() for a batch.
 */
#include "gre.h"
#include "../common/bytes.h"
#include "../common/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define GRE_RX_BUF   (GRE_MAX_PAYLOAD + 60 + GRE_HDR_MAX + 64)
#define GRE_RX_ROUNDS 8     /* recvmmsg batches per wakeup, for fairness */

struct gre_reorder {
	uint8_t n;
	struct {
		uint32_t seq;
		uint16_t len;
		uint8_t *data;
	} slot[GRE_REORDER_SLOTS];   /* sorted by sequence number */
};

struct gre_sock {
	struct ev_loop *loop;
	int fd;                      /* -1 for a virtual socket */
	bool bound;                  /* bound to one local address */
	bool fd_borrowed;            /* gre_sock_open_peer: another gre_sock's fd, not closed here */
	gre_steer_fn steer;          /* gre_sock_set_steer: may take a datagram before it is input here */
	void (*steer_flush)(void *arg);
	void *steer_arg;
	bool held;                   /* steer held rxbuf[held_from] back: the socket is not read */
	bool (*admit)(void *arg);    /* gre_sock_set_admit */
	void *admit_arg;
	bool gated;                  /* admit said no: the socket is not read until it says yes */
	struct ev_hook gate_hook;    /* while gated: asks admit again after each loop iteration */
	int held_from, held_n;       /* the held datagram and the end of its batch */
	struct ev_io io;
	gre_tx_fn vtx;
	void *vtx_arg;
	struct gre_session **buckets;
	uint32_t nbuckets, count;
	struct gre_sock_stats st;
	uint8_t (*rxbuf)[GRE_RX_BUF];
	struct mmsghdr msgs[GRE_BATCH];
	struct iovec iov[GRE_BATCH];
};

/* ---- pure parsing and building ---- */

static const char *gre_parse_status_str(enum gre_parse_status st)
{
	switch (st) {
	case GRE_OK: return "ok";
	case GRE_E_SHORT: return "truncated";
	case GRE_E_FLAGS: return "bad flags";
	case GRE_E_VERSION: return "not GRE version 1";
	case GRE_E_PROTO: return "protocol type not 0x880B";
	case GRE_E_ACKONLY_DATA: return "payload length disagrees with S bit";
	}
	return "?";
}

enum gre_parse_status gre_parse(const uint8_t *pkt, size_t len, struct gre_hdr *h)
{
	uint8_t f0, f1;
	size_t hl = GRE_HDR_MIN;

	memset(h, 0, sizeof(*h));
	if (len < GRE_HDR_MIN)
		return GRE_E_SHORT;
	f0 = pkt[0];
	f1 = pkt[1];
	/* sec 4.1: C, R, s, Recur and Flags zero; K one; version 1 */
	if ((f0 & 0xef) != 0x20 || (f1 & 0x78) != 0)
		return GRE_E_FLAGS;
	if ((f1 & 0x07) != GRE_VERSION_ENHANCED)
		return GRE_E_VERSION;
	if (get16(pkt + 2) != GRE_PROTO_PPP)
		return GRE_E_PROTO;
	h->has_seq = (f0 & 0x10) != 0;
	h->has_ack = (f1 & 0x80) != 0;
	if (!h->has_seq && !h->has_ack)
		return GRE_E_FLAGS;   /* carries nothing */
	hl += h->has_seq ? 4 : 0;
	hl += h->has_ack ? 4 : 0;
	if (len < hl)
		return GRE_E_SHORT;
	h->payload_len = get16(pkt + 4);
	h->call_id = get16(pkt + 6);
	if (h->has_seq)
		h->seq = get32(pkt + 8);
	if (h->has_ack)
		h->ack = get32(pkt + 8 + (h->has_seq ? 4 : 0));
	/* sec 4.1: S is set exactly when a payload is present */
	if (h->has_seq != (h->payload_len != 0))
		return GRE_E_ACKONLY_DATA;
	if (h->payload_len > len - hl)
		return GRE_E_SHORT;
	h->hdr_len = hl;
	h->payload = pkt + hl;
	return GRE_OK;
}

int gre_parse_ipv4(const uint8_t *pkt, size_t len, uint32_t *src, const uint8_t **gre, size_t *gre_len)
{
	size_t ihl, tot;

	if (len < 20 || (pkt[0] >> 4) != 4)
		return -1;
	ihl = (size_t)(pkt[0] & 0x0f) * 4;
	tot = get16(pkt + 2);
	if (ihl < 20 || ihl > len || tot < ihl || tot > len)
		return -1;
	if (pkt[9] != IPPROTO_GRE)
		return -1;
	if ((get16(pkt + 6) & 0x3fff) != 0)   /* a fragment: the kernel reassembles, so never expected */
		return -1;
	memcpy(src, pkt + 12, 4);
	*gre = pkt + ihl;
	*gre_len = tot - ihl;
	return 0;
}

int gre_datagram_call_id(const uint8_t *pkt, size_t len)
{
	uint32_t src;
	const uint8_t *g;
	size_t glen;

	if (gre_parse_ipv4(pkt, len, &src, &g, &glen) < 0 || glen < GRE_HDR_MIN)
		return -1;
	return get16(g + 6);   /* the key's low half: the receiver's call ID (sec 4.1) */
}

size_t gre_build(uint8_t *out, uint16_t peer_call_id, uint16_t payload_len,
		 bool with_seq, uint32_t seq, bool with_ack, uint32_t ack)
{
	size_t n = GRE_HDR_MIN;

	out[0] = 0x20 | (with_seq ? 0x10 : 0);
	out[1] = (uint8_t)((with_ack ? 0x80 : 0) | GRE_VERSION_ENHANCED);
	put16(out + 2, GRE_PROTO_PPP);
	put16(out + 4, payload_len);
	put16(out + 6, peer_call_id);
	if (with_seq) {
		put32(out + n, seq);
		n += 4;
	}
	if (with_ack) {
		put32(out + n, ack);
		n += 4;
	}
	return n;
}

/* ---- session table ---- */

static uint32_t hash_key(uint32_t addr, uint16_t id)
{
	uint32_t h = addr * 0x9E3779B1u ^ ((uint32_t)id * 0x85EBCA6Bu);
	return h ^ (h >> 15);
}

static struct gre_session *lookup(const struct gre_sock *gs, uint32_t addr, uint16_t id)
{
	struct gre_session *s;

	if (gs->nbuckets == 0)
		return NULL;
	for (s = gs->buckets[hash_key(addr, id) & (gs->nbuckets - 1)]; s != NULL; s = s->hnext)
		if (s->local_call_id == id && s->peer_addr == addr)
			return s;
	return NULL;
}

bool gre_session_exists(const struct gre_sock *gs, uint32_t peer_addr, uint16_t local_call_id)
{
	return lookup(gs, peer_addr, local_call_id) != NULL;
}

static int grow(struct gre_sock *gs)
{
	uint32_t nb = gs->nbuckets ? gs->nbuckets * 2 : 256;
	struct gre_session **b = calloc(nb, sizeof(*b));

	if (b == NULL)
		return -1;
	for (uint32_t i = 0; i < gs->nbuckets; i++) {
		struct gre_session *s = gs->buckets[i], *next;
		for (; s != NULL; s = next) {
			uint32_t k = hash_key(s->peer_addr, s->local_call_id) & (nb - 1);
			next = s->hnext;
			s->hnext = b[k];
			b[k] = s;
		}
	}
	free(gs->buckets);
	gs->buckets = b;
	gs->nbuckets = nb;
	return 0;
}

uint32_t gre_sock_sessions(const struct gre_sock *gs) { return gs->count; }
const struct gre_sock_stats *gre_sock_stats(const struct gre_sock *gs) { return &gs->st; }

/* ---- transmit ---- */

/* IP_PKTINFO ancillary data choosing the source address of a raw-socket
 * send; none when the socket is bound to one address already. */
union pktinfo_cmsg {
	struct cmsghdr h;
	uint8_t buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
};

static void set_source(const struct gre_session *s, struct msghdr *mh, union pktinfo_cmsg *c)
{
	struct in_pktinfo *pi;

	if (s->local_addr == 0 || s->sock->bound)
		return;
	memset(c, 0, sizeof(*c));
	c->h.cmsg_level = IPPROTO_IP;
	c->h.cmsg_type = IP_PKTINFO;
	c->h.cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
	pi = (struct in_pktinfo *)(void *)CMSG_DATA(&c->h);
	pi->ipi_spec_dst.s_addr = s->local_addr;
	mh->msg_control = c->buf;
	mh->msg_controllen = sizeof(c->buf);
}

/* debug vpdn packet data: one line per GRE packet either way, each label
 * only with its value ("seq=4 ack=9", "ack=9" for a ZLB). */
static void debug_packet(const struct gre_session *s, const char *dir, unsigned len, bool has_seq, uint32_t seq,
			 bool has_ack, uint32_t ack)
{
	char sq[24] = "", ak[24] = "";

	if (!log_debug_on(DBG_VPDN_PKT_DATA))
		return;
	if (has_seq)
		snprintf(sq, sizeof(sq), " seq=%u", seq);
	if (has_ack)
		snprintf(ak, sizeof(ak), " ack=%u", ack);
	log_msg(LOGL_DEBUG, "GRE %u: %s len=%u%s%s", s->local_call_id, dir, len, sq, ak);
}

static int xmit(struct gre_session *s, const uint8_t *hdr, size_t hl, const uint8_t *payload, size_t pl)
{
	struct gre_sock *gs = s->sock;

	if (gs->fd < 0) {
		uint8_t buf[GRE_HDR_MAX + GRE_MAX_PAYLOAD];
		memcpy(buf, hdr, hl);
		if (pl)
			memcpy(buf + hl, payload, pl);
		gs->vtx(gs->vtx_arg, s->peer_addr, buf, hl + pl);
	} else {
		struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = s->peer_addr };
		struct iovec iov[2] = { { (void *)hdr, hl }, { (void *)payload, pl } };
		struct msghdr mh = { .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = iov,
				     .msg_iovlen = pl ? 2 : 1 };
		union pktinfo_cmsg c;
		set_source(s, &mh, &c);
		if (sendmsg(gs->fd, &mh, MSG_DONTWAIT) < 0) {
			gs->st.tx_errors++;
			s->st.tx_errors++;
			return -1;
		}
	}
	gs->st.tx_pkts++;
	return 0;
}

static void ack_sent(struct gre_session *s)
{
	s->ack_owed = false;
	s->rcv_unacked = 0;
	ev_timer_stop(s->sock->loop, &s->ack_timer);
}

static void send_zlb(struct gre_session *s)
{
	uint8_t hdr[GRE_HDR_MAX];
	size_t hl;

	if (!s->ack_owed)
		return;
	hl = gre_build(hdr, s->peer_call_id, 0, false, 0, true, s->rcv_nxt - 1);
	if (xmit(s, hdr, hl, NULL, 0) == 0) {
		s->st.zlb_tx++;
		debug_packet(s, "tx ZLB", 0, false, 0, true, s->rcv_nxt - 1);
	}
	ack_sent(s);
}

static void rtt_arm(struct gre_session *s, uint32_t seq)
{
	s->rtt_seq = seq;
	ev_timer_start(s->sock->loop, &s->rtt_timer, s->static_rtt_ms);
}

static void sent_data(struct gre_session *s, uint32_t first, uint32_t n, size_t bytes)
{
	s->snd_nxt = first + n;
	s->st.tx_pkts += n;
	s->st.tx_bytes += bytes;
	if (!ev_timer_armed(&s->rtt_timer) && !s->alarm)
		rtt_arm(s, s->snd_nxt - 1);
}

static uint32_t outstanding(const struct gre_session *s)
{
	return s->snd_nxt - (s->peer_acked ? s->peer_ack + 1 : 0);
}

int gre_session_send(struct gre_session *s, const uint8_t *frame, size_t len)
{
	uint8_t hdr[GRE_HDR_MAX];
	size_t hl;
	bool ack = s->ack_owed;

	if (len == 0 || len > GRE_MAX_PAYLOAD) {
		errno = EMSGSIZE;
		return -1;
	}
	if (s->enforce_peer_window && s->peer_rws && outstanding(s) >= s->peer_rws) {
		s->st.tx_window_full++;
		errno = EAGAIN;
		return -1;
	}
	hl = gre_build(hdr, s->peer_call_id, (uint16_t)len, true, s->snd_nxt, ack, s->rcv_nxt - 1);
	if (xmit(s, hdr, hl, frame, len) < 0)
		return -1;
	debug_packet(s, "tx", (unsigned)len, true, s->snd_nxt, ack, s->rcv_nxt - 1);
	if (ack)
		ack_sent(s);
	sent_data(s, s->snd_nxt, 1, len);
	return 0;
}

int gre_session_send_batch(struct gre_session *s, const struct iovec *frames, unsigned n)
{
	struct gre_sock *gs = s->sock;
	uint8_t hdrs[GRE_BATCH][GRE_HDR_MAX];
	struct mmsghdr mm[GRE_BATCH];
	struct iovec iov[GRE_BATCH][2];
	union pktinfo_cmsg c;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = s->peer_addr };
	unsigned done = 0;

	if (gs->fd < 0) {
		for (; done < n; done++)
			if (gre_session_send(s, frames[done].iov_base, frames[done].iov_len) < 0)
				break;
		return done ? (int)done : -1;
	}
	while (done < n) {
		unsigned k = 0, room = n - done < GRE_BATCH ? n - done : GRE_BATCH;
		bool ack = s->ack_owed;
		size_t bytes = 0;
		int sent;

		if (s->enforce_peer_window && s->peer_rws) {
			uint32_t out = outstanding(s);
			uint32_t win = out >= s->peer_rws ? 0 : s->peer_rws - out;
			if (win == 0) {
				s->st.tx_window_full++;
				errno = EAGAIN;
				break;
			}
			if (room > win)
				room = win;
		}
		for (; k < room; k++) {
			const struct iovec *f = &frames[done + k];
			if (f->iov_len == 0 || f->iov_len > GRE_MAX_PAYLOAD)
				break;
			size_t hl = gre_build(hdrs[k], s->peer_call_id, (uint16_t)f->iov_len, true,
					      s->snd_nxt + k, ack && k == 0, s->rcv_nxt - 1);
			iov[k][0] = (struct iovec){ hdrs[k], hl };
			iov[k][1] = *f;
			mm[k].msg_hdr = (struct msghdr){ .msg_name = &to, .msg_namelen = sizeof(to),
							 .msg_iov = iov[k], .msg_iovlen = 2 };
			set_source(s, &mm[k].msg_hdr, &c);   /* read-only for the kernel: shared */
			bytes += f->iov_len;
		}
		if (k == 0) {
			errno = EMSGSIZE;
			break;
		}
		sent = sendmmsg(gs->fd, mm, k, MSG_DONTWAIT);
		if (sent <= 0) {
			gs->st.tx_errors++;
			s->st.tx_errors++;
			break;
		}
		if ((unsigned)sent < k) {
			bytes = 0;
			for (int i = 0; i < sent; i++)
				bytes += frames[done + (unsigned)i].iov_len;
		}
		for (int i = 0; i < sent; i++)
			debug_packet(s, "tx", (unsigned)frames[done + (unsigned)i].iov_len, true, s->snd_nxt + (unsigned)i,
				     ack && i == 0, s->rcv_nxt - 1);
		if (ack)
			ack_sent(s);
		gs->st.tx_pkts += (unsigned)sent;
		sent_data(s, s->snd_nxt, (uint32_t)sent, bytes);
		done += (unsigned)sent;
		if ((unsigned)sent < k)
			break;
	}
	return done ? (int)done : -1;
}

/* ---- receive ---- */

static void owe_ack(struct gre_session *s)
{
	uint32_t half = s->our_rws / 2 ? s->our_rws / 2 : 1;

	s->ack_owed = true;
	if (++s->rcv_unacked >= half)
		send_zlb(s);
	else if (!ev_timer_armed(&s->ack_timer))
		ev_timer_start(s->sock->loop, &s->ack_timer, GRE_ACK_DELAY_MS);
}

/* Deliver one in-order payload; false if the session was stopped by it. */
static bool deliver(struct gre_session *s, const uint8_t *p, size_t len)
{
	s->rcv_nxt++;
	s->st.rx_pkts++;
	s->st.rx_bytes += len;
	s->ops->deliver(s, p, len);
	return s->hashed;
}

static void reorder_free(struct gre_session *s)
{
	if (s->ro == NULL)
		return;
	for (unsigned i = 0; i < s->ro->n; i++)
		free(s->ro->slot[i].data);
	free(s->ro);
	s->ro = NULL;
	ev_timer_stop(s->sock->loop, &s->reorder_timer);
}

/* Deliver held packets that are now in order. */
static bool reorder_drain(struct gre_session *s)
{
	while (s->ro != NULL && s->ro->n > 0 && s->ro->slot[0].seq == s->rcv_nxt) {
		uint8_t *d = s->ro->slot[0].data;
		uint16_t l = s->ro->slot[0].len;
		s->ro->n--;
		memmove(&s->ro->slot[0], &s->ro->slot[1], s->ro->n * sizeof(s->ro->slot[0]));
		s->st.rx_reordered++;
		bool alive = deliver(s, d, l);
		free(d);
		if (!alive)
			return false;
	}
	if (s->ro != NULL && s->ro->n == 0)
		reorder_free(s);
	return true;
}

/* Give up on the gap before the first held packet. */
static bool reorder_skip_gap(struct gre_session *s)
{
	if (s->ro == NULL || s->ro->n == 0)
		return true;
	s->st.rx_lost += s->ro->slot[0].seq - s->rcv_nxt;
	s->rcv_nxt = s->ro->slot[0].seq;
	return reorder_drain(s);
}

static void reorder_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	struct gre_session *s = t->arg;

	(void)loop;
	log_debug(DBG_VPDN_FLOW, "GRE %u: reorder timeout, skipping to %u", s->local_call_id,
		  s->ro ? s->ro->slot[0].seq : 0);
	if (!reorder_skip_gap(s))
		return;
	if (s->ro != NULL && s->ro->n > 0)
		ev_timer_start(s->sock->loop, &s->reorder_timer, GRE_REORDER_TIMEOUT_MS);
}

/* Hold an early packet; false if the session was stopped meanwhile. */
static bool reorder_hold(struct gre_session *s, uint32_t seq, const uint8_t *p, size_t len)
{
	unsigned i;
	uint8_t *copy;

	if (s->ro == NULL) {
		s->ro = calloc(1, sizeof(*s->ro));
		if (s->ro == NULL) {
			s->st.rx_lost++;
			return true;
		}
	}
	for (i = 0; i < s->ro->n; i++) {
		if (s->ro->slot[i].seq == seq) {
			s->st.rx_duplicate++;
			return true;
		}
		if (gre_seq_diff(seq, s->ro->slot[i].seq) < 0)
			break;
	}
	if (s->ro->n == GRE_REORDER_SLOTS) {
		/* full: give up on the oldest gap, then try again */
		if (!reorder_skip_gap(s))
			return false;
		if (gre_seq_diff(seq, s->rcv_nxt) == 0) {
			if (!deliver(s, p, len))
				return false;
			return reorder_drain(s);
		}
		if (gre_seq_diff(seq, s->rcv_nxt) < 0) {
			s->st.rx_duplicate++;
			return true;
		}
		return reorder_hold(s, seq, p, len);
	}
	copy = malloc(len ? len : 1);
	if (copy == NULL) {
		s->st.rx_lost++;
		return true;
	}
	memcpy(copy, p, len);
	memmove(&s->ro->slot[i + 1], &s->ro->slot[i], (s->ro->n - i) * sizeof(s->ro->slot[0]));
	s->ro->slot[i].seq = seq;
	s->ro->slot[i].len = (uint16_t)len;
	s->ro->slot[i].data = copy;
	s->ro->n++;
	if (!ev_timer_armed(&s->reorder_timer))
		ev_timer_start(s->sock->loop, &s->reorder_timer, GRE_REORDER_TIMEOUT_MS);
	return true;
}

static void handle_ack(struct gre_session *s, uint32_t ack)
{
	/* An ack for a packet we never sent is forged or broken: ignore it. */
	if (s->snd_nxt == 0 || gre_seq_diff(ack, s->snd_nxt - 1) > 0)
		return;
	if (s->peer_acked && gre_seq_diff(ack, s->peer_ack) <= 0)
		return;
	s->peer_ack = ack;
	s->peer_acked = true;
	/* sec 4.2.5: an ack covers every packet up to it; the static-RTT timer
	 * waits for rtt_seq. */
	if (gre_seq_diff(ack, s->rtt_seq) >= 0) {
		ev_timer_stop(s->sock->loop, &s->rtt_timer);
		if (s->alarm) {
			s->alarm = false;
			log_debug(DBG_VPDN_FLOW, "GRE %u: flow-control alarm clear", s->local_call_id);
			if (s->ops->alarm)
				s->ops->alarm(s, false);
			if (!s->hashed)
				return;
		}
		if (ack != s->snd_nxt - 1)
			rtt_arm(s, s->snd_nxt - 1);
	}
}

static void rtt_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	struct gre_session *s = t->arg;

	(void)loop;
	if (s->alarm)
		return;
	s->alarm = true;
	s->st.flow_alarms++;
	log_debug(DBG_VPDN_FLOW, "GRE %u: no ack for seq %u within %u ms: flow-control alarm set",
		  s->local_call_id, s->rtt_seq, s->static_rtt_ms);
	if (s->ops->alarm)
		s->ops->alarm(s, true);
}

static void ack_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	send_zlb(t->arg);
}

void gre_session_input(struct gre_session *s, const struct gre_hdr *h)
{
	int32_t diff;

	if (h->has_ack) {
		handle_ack(s, h->ack);
		if (!s->hashed)
			return;
	}
	if (!h->has_seq) {
		s->st.zlb_rx++;
		return;
	}
	if (!s->rcv_started && h->seq <= GRE_MAX_JUMP) {
		/* sec 4.1 says the first number is 0; Linux starts at 1. */
		s->rcv_started = true;
		s->rcv_nxt = h->seq;
	}
	diff = gre_seq_diff(h->seq, s->rcv_nxt);
	if (diff < 0) {
		s->st.rx_duplicate++;
		log_debug(DBG_VPDN_PKT_DATA, "GRE %u: old seq %u (expected %u) dropped",
			  s->local_call_id, h->seq, s->rcv_nxt);
		return;
	}
	if (diff > GRE_MAX_JUMP && s->rcv_started) {
		/* Issue 13: consecutive packets far ahead prove nothing (four
		 * forged ones used to take the session over). Only the layer
		 * above can prove one genuine; until it does, it gets them apart
		 * and the in-order stream goes on. */
		s->st.rx_jump_dropped++;
		if (s->ops->deliver_unverified)
			s->ops->deliver_unverified(s, h->seq, h->payload, h->payload_len);
		return;
	}
	if (diff > GRE_MAX_JUMP) {
		/* Nothing received yet (a peer whose first number is not near 0):
		 * consecutive packets set the start. A forger racing the call
		 * setup can at worst delay it; a started session never moves so. */
		if (s->resync_n > 0 && h->seq == s->resync_next)
			s->resync_n++;
		else
			s->resync_n = 1;
		s->resync_next = h->seq + 1;
		if (s->resync_n < GRE_RESYNC_COUNT) {
			s->st.rx_jump_dropped++;
			return;
		}
		s->resync_n = 0;
		s->rcv_started = true;
		s->rcv_nxt = h->seq;
		diff = 0;
	}
	s->resync_n = 0;
	if (diff == 0) {
		if (deliver(s, h->payload, h->payload_len) && reorder_drain(s))
			owe_ack(s);
		return;
	}
	s->st.rx_out_of_order++;
	if (diff <= GRE_REORDER_SLOTS) {
		if (reorder_hold(s, h->seq, h->payload, h->payload_len) && s->hashed)
			owe_ack(s);
		return;
	}
	/* A gap wider than the reorder buffer is loss, not reordering. */
	if (!reorder_skip_gap(s))
		return;
	if (gre_seq_diff(h->seq, s->rcv_nxt) > 0) {
		s->st.rx_lost += (uint32_t)(h->seq - s->rcv_nxt);
		s->rcv_nxt = h->seq;
	}
	if (deliver(s, h->payload, h->payload_len) && reorder_drain(s))
		owe_ack(s);
}

void gre_session_jump_verified(struct gre_session *s, uint32_t seq)
{
	if (!s->hashed || gre_seq_diff(seq, s->rcv_nxt) < 0)
		return;
	log_debug(DBG_VPDN_FLOW, "GRE %u: jump to seq %u verified (expected %u)", s->local_call_id, seq,
		  s->rcv_nxt);
	if (!reorder_skip_gap(s))
		return;
	reorder_free(s);
	if (gre_seq_diff(seq, s->rcv_nxt) < 0)
		return;
	/* seq itself went up through deliver_unverified */
	s->st.rx_lost += (uint32_t)(seq - s->rcv_nxt);
	s->rcv_nxt = seq + 1;
	s->st.rx_jumps_verified++;
	owe_ack(s);
}

void gre_sock_input(struct gre_sock *gs, const uint8_t *pkt, size_t len)
{
	uint32_t src;
	const uint8_t *g;
	size_t glen;
	struct gre_hdr h;
	enum gre_parse_status st;
	struct gre_session *s;

	gs->st.rx_pkts++;
	if (gre_parse_ipv4(pkt, len, &src, &g, &glen) < 0) {
		gs->st.rx_bad_ip++;
		return;
	}
	st = gre_parse(g, glen, &h);
	if (st != GRE_OK) {
		gs->st.rx_bad_gre++;
		log_debug(DBG_VPDN_PKT_DATA, "GRE from %s dropped: %s",
			  inet_ntoa((struct in_addr){ src }), gre_parse_status_str(st));
		return;
	}
	s = lookup(gs, src, h.call_id);
	if (s == NULL) {
		gs->st.rx_no_session++;
		return;
	}
	debug_packet(s, "rx", h.payload_len, h.has_seq, h.seq, h.has_ack, h.ack);
	gre_session_input(s, &h);
}

static bool input_batch(struct gre_sock *gs, int from, int n);
static void on_readable(struct ev_loop *loop, struct ev_io *io, uint32_t events);

/* After each loop iteration while gated: read again once admit says yes.
 * The layer above finishes its work in its own end-of-iteration hook, and
 * whatever it submitted then completes with an event, so the loop does
 * not sleep for good while the gate is shut. */
static void gate_check(struct ev_loop *loop, void *arg)
{
	struct gre_sock *gs = arg;

	if (!gs->gated || (gs->admit != NULL && !gs->admit(gs->admit_arg)))
		return;
	gs->gated = false;
	ev_hook_remove(loop, &gs->gate_hook);
	if (gs->held) {
		/* a resume came while gated: offer the held datagrams now */
		gre_sock_resume(gs);
		return;
	}
	if (ev_io_start(gs->loop, &gs->io, gs->fd, EPOLLIN, on_readable, gs) < 0)
		log_err("GRE: the socket cannot be watched again: %s", strerror(errno));
}

/* Whether the layer above takes another batch; if not, stop reading. */
static bool gate_open(struct gre_sock *gs)
{
	if (gs->admit == NULL || gs->admit(gs->admit_arg))
		return true;
	gs->gated = true;
	gs->st.rx_paused++;
	ev_io_stop(gs->loop, &gs->io);
	gs->gate_hook.fn = gate_check;
	gs->gate_hook.arg = gs;
	ev_hook_add(gs->loop, &gs->gate_hook);
	return false;
}

void gre_sock_set_admit(struct gre_sock *gs, bool (*admit)(void *arg), void *arg)
{
	gs->admit = admit;
	gs->admit_arg = arg;
}

bool gre_sock_admits(struct gre_sock *gs)
{
	return gs->admit == NULL || gs->admit(gs->admit_arg);
}

static void on_readable(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct gre_sock *gs = io->arg;

	(void)loop;
	(void)events;
	for (int round = 0; round < GRE_RX_ROUNDS; round++) {
		int n;

		if (!gate_open(gs))
			return;
		for (int i = 0; i < GRE_BATCH; i++) {
			gs->iov[i] = (struct iovec){ gs->rxbuf[i], GRE_RX_BUF };
			gs->msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &gs->iov[i], .msg_iovlen = 1 };
		}
		n = recvmmsg(gs->fd, gs->msgs, GRE_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0 || !input_batch(gs, 0, n) || n < GRE_BATCH)
			return;
	}
}

/* Input (or steer) datagrams from..n-1 of the batch read. false: steer
 * held one back; it and the rest wait in rxbuf, and the socket is not
 * watched until gre_sock_resume(). */
static bool input_batch(struct gre_sock *gs, int from, int n)
{
	for (int i = from; i < n; i++) {
		enum gre_steer r = GRE_STEER_LOCAL;

		if (gs->msgs[i].msg_hdr.msg_flags & MSG_TRUNC) {
			gs->st.rx_pkts++;
			gs->st.rx_bad_ip++;
			continue;
		}
		if (gs->steer != NULL)
			r = gs->steer(gs->steer_arg, gs->rxbuf[i], gs->msgs[i].msg_len);
		if (r == GRE_STEER_HOLD) {
			gs->held = true;
			gs->held_from = i;
			gs->held_n = n;
			ev_io_stop(gs->loop, &gs->io);
			break;
		}
		if (r == GRE_STEER_LOCAL)
			gre_sock_input(gs, gs->rxbuf[i], gs->msgs[i].msg_len);
	}
	if (gs->steer_flush != NULL)
		gs->steer_flush(gs->steer_arg);
	return !gs->held;
}

void gre_sock_resume(struct gre_sock *gs)
{
	if (!gs->held)
		return;
	/* the rest of the held batch may be this loop's own: not into a full
	 * engine either (gate_check resumes once it has room) */
	if (gs->gated || !gate_open(gs))
		return;
	gs->held = false;
	if (input_batch(gs, gs->held_from, gs->held_n) && !gs->gated &&
	    ev_io_start(gs->loop, &gs->io, gs->fd, EPOLLIN, on_readable, gs) < 0)
		log_err("GRE: the socket cannot be watched again: %s", strerror(errno));
}

static struct gre_sock *sock_new(struct ev_loop *loop)
{
	struct gre_sock *gs = calloc(1, sizeof(*gs));

	if (gs == NULL)
		return NULL;
	gs->loop = loop;
	gs->fd = -1;
	if (grow(gs) < 0) {
		free(gs);
		return NULL;
	}
	return gs;
}

struct gre_sock *gre_sock_open_virtual(struct ev_loop *loop, gre_tx_fn tx, void *arg)
{
	struct gre_sock *gs = sock_new(loop);

	if (gs != NULL) {
		gs->vtx = tx;
		gs->vtx_arg = arg;
	}
	return gs;
}

/* The steering filter (gre_sock_open_steered): classic BPF run by the
 * kernel on every protocol-47 datagram before it is queued to this socket.
 * A raw IPv4 socket's filter sees the packet from its IP header on. The
 * call ID is the low half of the GRE key, octets 6-7 after the IP header
 * (RFC 2637 sec 4.1); its remainder modulo the worker count names the
 * worker. A datagram too short to carry a key goes to worker 0 alone, so
 * that every datagram is counted by exactly one socket. */
static int attach_steer(int fd, unsigned worker, unsigned nworkers)
{
	struct sock_filter prog[] = {
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),               /* X = IP header length */
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),                /* A = datagram length */
		BPF_STMT(BPF_ALU | BPF_SUB | BPF_X, 0),               /* A = GRE length */
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, GRE_HDR_MIN, 0, 5),  /* short: to the last */
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 6),                /* A = call ID */
		BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, nworkers),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, worker, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffffu),               /* ours: all of it */
		BPF_STMT(BPF_RET | BPF_K, 0),                         /* another worker's */
		BPF_STMT(BPF_RET | BPF_K, worker == 0 ? 0xffffffffu : 0), /* no key: worker 0 */
	};
	struct sock_fprog fp = { .len = sizeof(prog) / sizeof(prog[0]), .filter = prog };
	uint8_t junk[1];

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp)) < 0)
		return -1;
	/* What arrived between socket() and the filter passed no filter: it may
	 * be another worker's, so none of it is taken (GRE may lose packets). */
	while (recv(fd, junk, sizeof(junk), MSG_DONTWAIT | MSG_TRUNC) >= 0)
		;
	return 0;
}

struct gre_sock *gre_sock_open(struct ev_loop *loop, uint32_t local_addr)
{
	return gre_sock_open_steered(loop, local_addr, 0, 1);
}

struct gre_sock *gre_sock_open_steered(struct ev_loop *loop, uint32_t local_addr, unsigned worker,
				       unsigned nworkers)
{
	struct gre_sock *gs;
	int sz = 8 << 20;

	if (nworkers == 0 || worker >= nworkers) {
		errno = EINVAL;
		return NULL;
	}
	gs = sock_new(loop);
	if (gs == NULL)
		return NULL;
	gs->rxbuf = malloc(sizeof(*gs->rxbuf) * GRE_BATCH);
	if (gs->rxbuf == NULL)
		goto fail;
	gs->fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_GRE);
	if (gs->fd < 0)
		goto fail;
	if (nworkers > 1 && attach_steer(gs->fd, worker, nworkers) < 0)
		goto fail;
	/* Bursts from thousands of sessions: a big buffer (FORCE needs root). */
	if (setsockopt(gs->fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
		setsockopt(gs->fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(gs->fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz));
	if (local_addr != 0) {
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = local_addr };
		if (bind(gs->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			goto fail;
		gs->bound = true;
	}
	if (ev_io_start(loop, &gs->io, gs->fd, EPOLLIN, on_readable, gs) < 0)
		goto fail;
	return gs;
fail:
	gre_sock_close(gs);
	return NULL;
}

struct gre_sock *gre_sock_open_peer(struct ev_loop *loop, const struct gre_sock *reader)
{
	struct gre_sock *gs;

	if (reader == NULL || reader->fd < 0) {
		errno = EINVAL;
		return NULL;
	}
	gs = sock_new(loop);
	if (gs == NULL)
		return NULL;
	gs->fd = reader->fd;
	gs->bound = reader->bound;
	gs->fd_borrowed = true;
	return gs;
}

void gre_sock_set_steer(struct gre_sock *gs, gre_steer_fn steer, void (*flush)(void *arg), void *arg)
{
	gs->steer = steer;
	gs->steer_flush = flush;
	gs->steer_arg = arg;
}

void gre_sock_close(struct gre_sock *gs)
{
	if (gs == NULL)
		return;
	if (gs->gated)
		ev_hook_remove(gs->loop, &gs->gate_hook);
	/* Sessions are owned by calls; they must have been stopped. */
	if (gs->fd >= 0 && !gs->fd_borrowed) {
		ev_io_stop(gs->loop, &gs->io);
		close(gs->fd);
	}
	free(gs->rxbuf);
	free(gs->buckets);
	free(gs);
}

/* ---- session lifecycle ---- */

static const struct gre_session_ops no_ops;

void gre_session_init(struct gre_session *s, struct gre_sock *gs, const struct gre_session_ops *ops,
		      uint32_t peer_addr, uint16_t local_call_id, uint16_t our_rws,
		      uint16_t static_rtt_ms)
{
	memset(s, 0, sizeof(*s));
	s->sock = gs;
	s->ops = ops ? ops : &no_ops;
	s->peer_addr = peer_addr;
	s->local_call_id = local_call_id;
	s->our_rws = our_rws;
	s->static_rtt_ms = static_rtt_ms;
	ev_timer_init(&s->ack_timer, ack_timeout, s);
	ev_timer_init(&s->rtt_timer, rtt_timeout, s);
	ev_timer_init(&s->reorder_timer, reorder_timeout, s);
}

int gre_session_start(struct gre_session *s)
{
	struct gre_sock *gs = s->sock;
	uint32_t k;

	if (s->hashed)
		return 0;
	if (lookup(gs, s->peer_addr, s->local_call_id) != NULL) {
		errno = EEXIST;
		return -1;
	}
	if (gs->count >= gs->nbuckets && grow(gs) < 0) {
		errno = ENOMEM;
		return -1;
	}
	k = hash_key(s->peer_addr, s->local_call_id) & (gs->nbuckets - 1);
	s->hnext = gs->buckets[k];
	gs->buckets[k] = s;
	gs->count++;
	s->hashed = true;
	return 0;
}

void gre_session_stop(struct gre_session *s)
{
	struct gre_sock *gs = s->sock;

	if (gs == NULL)
		return;
	if (s->hashed) {
		struct gre_session **pp = &gs->buckets[hash_key(s->peer_addr, s->local_call_id) &
						       (gs->nbuckets - 1)];
		for (; *pp != NULL; pp = &(*pp)->hnext) {
			if (*pp == s) {
				*pp = s->hnext;
				break;
			}
		}
		gs->count--;
		s->hashed = false;
	}
	reorder_free(s);
	ev_timer_stop(gs->loop, &s->ack_timer);
	ev_timer_stop(gs->loop, &s->rtt_timer);
	ev_timer_stop(gs->loop, &s->reorder_timer);
}

/* a member added to struct gre_sock_stats must be added here too */
_Static_assert(sizeof(struct gre_sock_stats) == 7 * sizeof(uint64_t), "gre_sock_stats_add adds every member");

void gre_sock_stats_add(struct gre_sock_stats *sum, const struct gre_sock_stats *s)
{
	sum->rx_pkts += s->rx_pkts;
	sum->rx_bad_ip += s->rx_bad_ip;
	sum->rx_bad_gre += s->rx_bad_gre;
	sum->rx_no_session += s->rx_no_session;
	sum->tx_pkts += s->tx_pkts;
	sum->tx_errors += s->tx_errors;
	sum->rx_paused += s->rx_paused;
}
