/*
 * Test plumbing for the PPP library: a virtual clock that runs the
 * sessions' timers, and a memory link joining a server and a client
 * session back to back (with a hook to drop, change or record frames).
 * The PPP code under test is the real thing; only the clock is virtual.
 */
#ifndef PPP_TEST_HARNESS_H
#define PPP_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp.h"

struct mppe_engine;

#define H_MAX_TIMERS 64
#define H_QUEUE 512

struct h_clock {
	uint64_t now;
	struct ppp_timer *t[H_MAX_TIMERS];
	unsigned n;
};

struct h_frame {
	uint16_t len;
	uint8_t data[2100];
};

struct h_end;
/* Return false to drop the frame; may modify it. dir: 0 = server->client */
typedef bool (*h_filter)(void *ctx, int dir, struct h_frame *f);

struct h_end {
	struct h_pair *pair;
	int side;                     /* 0 server, 1 client */
	struct ppp_session *s;
	struct h_frame *q;            /* frames waiting to reach this end */
	unsigned qh, qt;
	unsigned events[PPP_EV_IPV6_DOWN + 1];   /* indexed by event: the last one + 1 */
	char last_reason[64];
	uint8_t rx_ip[64][1600];      /* IP packets delivered here */
	uint16_t rx_ip_len[64];
	unsigned rx_ip_n;
	uint64_t rx_ip_total;
	unsigned verified_n;          /* lower.verified() calls, and the last tag */
	uint32_t verified_tag;
	bool capture_sent;            /* keep a copy of every frame this end sent */
	struct h_frame *sent;
	unsigned sent_n;
};

struct h_pair {
	struct h_clock clock;
	struct h_end end[2];
	struct mppe_engine *engine;
	struct ppp_datapath *dp;
	struct ppp_userdb *users;
	struct ppp_authenticator authr;
	struct ppp_pool *pool;
	h_filter filter;
	void *filter_ctx;
	/* Called as a frame reaches an end (dir: the end it reaches, 0 =
	 * server): sees the receiver's state at that moment; false drops it. */
	h_filter rx_filter;
	void *rx_filter_ctx;
	/* Reordering: with this probability (percent) a frame is held back and
	 * delivered after the next one in the same direction. */
	unsigned reorder_pct;
	unsigned rnd;
	struct h_frame held[2];
	bool has_held[2];
	bool link_up;
};

void h_clock_init(struct h_clock *c);
/* The ppp_lower timer functions over a struct h_clock (ctx = the clock). */
void h_timer_start(void *ctx, struct ppp_timer *t, unsigned ms);
void h_timer_stop(void *ctx, struct ppp_timer *t);
/* Fires the earliest timer if it is due within max_ms; returns false if none. */
bool h_clock_advance(struct h_clock *c, uint64_t max_ms);

/* Server and client configurations most tests start from. */
void h_server_config(struct ppp_config *c);
void h_client_config(struct ppp_config *c);

/* Creates both sessions (user "alice"/"secret-Pass1" known to the server,
 * pool 10.0.0.10..10.0.0.10+pool_size-1). Does not start them. */
int h_pair_init(struct h_pair *p, const struct ppp_config *srv, const struct ppp_config *cli,
		unsigned pool_size);
void h_pair_free(struct h_pair *p);
/* Starts both ends; delivers frames, engine completions and timers until
 * quiet or max_ms of virtual time passed. */
void h_pair_start(struct h_pair *p);
void h_pair_run(struct h_pair *p, uint64_t max_ms);
/* Delivers what is queued and completes engine work, without advancing time. */
void h_pair_pump(struct h_pair *p);

#endif

/* Splits a captured frame: protocol and where the information field starts. */
bool h_frame_parse(const struct h_frame *f, uint16_t *proto, const uint8_t **info, size_t *len);
/* Counts frames end `side` sent with this protocol (and code, if code >= 0). */
unsigned h_count_sent(const struct h_end *e, uint16_t proto, int code);
/* The n-th (0-based) such frame, or NULL. */
const struct h_frame *h_find_sent(const struct h_end *e, uint16_t proto, int code, unsigned n,
				  const uint8_t **info, size_t *len);
/* Queues a raw frame for delivery to end `to`. */
void h_inject(struct h_pair *p, int to, const uint8_t *frame, size_t len);
/* A recognisable IPv4-looking packet of len octets, numbered seq. */
void h_make_ip(uint8_t *buf, size_t len, unsigned seq);
/* Replaces the server session by a new one with cfg and p->authr as it is now. */
int h_recreate_server(struct h_pair *p, const struct ppp_config *cfg);
