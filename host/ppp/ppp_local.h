/*
 * Inside the PPP library: the session and the protocol modules' state.
 * Nothing here is an interface to the rest of the daemon (that is ppp.h).
 */
#ifndef PPP_LOCAL_H
#define PPP_LOCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h"
#include "fsm.h"
#include "ppp.h"

/* ---- LCP (lcp.c) ---- */
struct lcp_opts {               /* one side's options (pppd's want/got/allow/his) */
	uint16_t mru;
	uint32_t accm;
	enum ppp_auth_method auth;
	uint32_t magic;
	bool neg_mru, neg_accm, neg_auth, neg_magic, pfc, acfc;
	/* asked by a Windows-like client only (cfg windows_like) */
	bool neg_callback, neg_mrru, neg_epdisc;
	uint8_t epdisc[20];         /* class 1 (locally assigned): 16 random octets + 4 zero, as Windows */
};
struct lcp_state {
	struct lcp_opts want;       /* what we ask for now */
	struct lcp_opts his;        /* what we acked of the peer's */
	unsigned auth_idx;          /* server: index into cfg->auth of the method asked */
	unsigned loops;             /* our magic came back this many times in a row */
	unsigned echo_pending;
	uint8_t echo_id;
	struct ppp_timer echo_timer;
	uint32_t set_link_send_accm, set_link_recv_accm;
	bool rejected_auth;         /* server: the peer refused every method we offered */
	bool looped;                /* magic numbers kept coming back: close */
};
extern const struct fsm_callbacks lcp_callbacks;
void lcp_extcode_protrej(struct ppp_session *s, const uint8_t *p, size_t len);
void lcp_send_protrej(struct ppp_session *s, uint16_t proto, const uint8_t *info, size_t len);
void lcp_echo_stop(struct ppp_session *s);
/* Option walker shared by the parsers: returns false on a malformed list. */
struct opt_iter { const uint8_t *p; size_t left; };
bool opt_next(struct opt_iter *it, uint8_t *type, const uint8_t **val, size_t *vlen);
/* Walks the options of a Configure-Nak or -Reject of our request (nakci,
 * rejci): false if the list is malformed or each returned false for an
 * option (the packet is then ignored). */
typedef bool (*opt_each_fn)(struct fsm *f, uint8_t type, const uint8_t *val, size_t vlen);
bool opt_each(struct fsm *f, const uint8_t *p, size_t len, opt_each_fn each);
/* Writers of one option of our own requests (and Nak suggestions); each
 * returns the option's length. */
size_t opt_put(uint8_t *p, uint8_t type, const void *val, size_t vlen);
size_t opt_put16(uint8_t *p, uint8_t type, uint16_t v);
size_t opt_put32(uint8_t *p, uint8_t type, uint32_t v);
/* One option of the peer's Configure-Request, judged by its protocol. */
enum opt_verdict { OPT_ACK, OPT_NAK, OPT_REJ };
#define OPT_MAX_SUGGEST 32      /* the longest Nak suggestion (IPV6CP's 10) */
/* Judges option type with value val (vlen octets); for OPT_NAK it writes
 * the suggested option (at most OPT_MAX_SUGGEST octets) to sugg. may_nak
 * false: a Nak will be sent as a Reject (side effects of a Nak may wait). */
typedef enum opt_verdict (*opt_check_fn)(struct fsm *f, uint8_t type, const uint8_t *val, size_t vlen,
					 uint8_t *sugg, bool may_nak);
/* The one reqci skeleton (RFC 1661 5.2-5.4): the Ack, Nak or Reject list. */
enum fsm_verdict opt_reqci(struct fsm *f, const uint8_t *in, size_t len, uint8_t *out,
			   size_t *out_len, bool may_nak, opt_check_fn check);

/* ---- IPCP (ipcp.c) ---- */
struct ipcp_state {
	uint32_t want_addr;         /* our address (host order) */
	uint32_t peer_addr;         /* server: assigned from the pool; client: learnt */
	uint32_t want_dns[2];       /* client: asked/learnt */
	uint32_t want_nbns[2];      /* client: asked/learnt (windows_like) */
	bool neg_addr, neg_dns[2], neg_nbns[2];
	bool addr_from_pool;
};
extern const struct fsm_callbacks ipcp_callbacks;

/* ---- IPV6CP (ipv6cp.c) ---- */
struct ipv6cp_state {
	uint8_t want_iid[8];        /* our Interface-Identifier (never zero once made) */
	uint8_t peer_iid[8];        /* the peer's, as acked */
	bool neg_iid;               /* the option in our request (false after a Reject) */
	bool have_peer;             /* peer_iid is valid */
};
extern const struct fsm_callbacks ipv6cp_callbacks;

/* ---- CCP with MPPE (ccp.c) ---- */
struct ccp_state {
	uint32_t allowed;           /* MPPE_OPT_* strengths the policy allows */
	bool want_mppe;             /* MPPE option in our request */
	uint32_t want_bits;         /* our request (receive direction) */
	bool his_mppe;              /* MPPE acked in the peer's request */
	uint32_t his_bits;          /* what we acked (transmit direction) */
	bool force_stateless;       /* flow-control alarm */
	bool peer_wants_stateful;   /* peer asked for stateful (not 'stateful' config) */
	bool failed;                /* CCP gave up or MPPE was refused */
	uint8_t reset_id;
};
extern const struct fsm_callbacks ccp_callbacks;
unsigned ccp_key_bits(uint32_t bits);

/* ---- authentication (chap.c, pap.c) ---- */
struct auth_state {
	enum ppp_auth_method method;  /* what LCP agreed: we authenticate the peer (server) or are authenticated (client) */
	bool done, ok;
	/* authenticator */
	uint8_t id;
	uint8_t challenge[16];
	uint8_t challenge_len;
	unsigned challenges_sent;
	bool waiting;               /* an answer from the authenticator backend is pending */
	uint64_t token;
	struct ppp_auth_request rq; /* the last response, kept to resend Success */
	uint8_t last_reply[128];    /* Success/Failure/PAP Ack as sent, for retransmitted responses */
	size_t last_reply_len;
	bool have_reply;
	/* peer side */
	uint8_t peer_challenge[16];
	uint8_t nt_response[24];
	uint8_t resp_id;
	uint8_t last_resp[128];
	size_t last_resp_len;
	unsigned pap_sent;
	struct ppp_timer timer;     /* authenticator: challenge retransmit; peer: PAP retransmit */
	struct ppp_timer phase_timer;  /* the whole phase */
	struct ppp_timer fail_timer;   /* let the Failure go out before Terminate */
	struct ppp_timer session_timer; /* Session-Timeout from the authenticator */
};
void auth_start(struct ppp_session *s);
void auth_stop(struct ppp_session *s);
void chap_input(struct ppp_session *s, const uint8_t *p, size_t len);
void pap_input(struct ppp_session *s, const uint8_t *p, size_t len);
void chap_auth_done(struct ppp_session *s, struct ppp_auth_result *res);
void pap_auth_done(struct ppp_session *s, struct ppp_auth_result *res);
/* Applies what the authenticator sent with an accept (address, DNS, MPPE
 * policy, Session-Timeout); false when the session cannot meet it. */
bool auth_apply(struct ppp_session *s, const struct ppp_auth_result *res);

/* chap_ms.c / chap_md5.c: method computations */
void chap_ms_v2_make_response(const uint8_t auth_challenge[16], const char *user, const char *password,
			      uint8_t peer_challenge[16], uint8_t response[49]);
void chap_ms_v1_make_response(const uint8_t challenge[8], const char *password, uint8_t response[49]);
/* Local verification with a known secret: fills res (keys, S=). */
void chap_ms_v2_verify(const struct ppp_auth_request *rq, const char *secret, struct ppp_auth_result *res);
void chap_ms_v1_verify(const struct ppp_auth_request *rq, const char *secret, struct ppp_auth_result *res);
void chap_md5_response(uint8_t id, const char *secret, const uint8_t *challenge, size_t clen,
		       uint8_t out[16]);
void chap_md5_verify(const struct ppp_auth_request *rq, const char *secret, struct ppp_auth_result *res);
/* Parses "S=<40 hex> M=..." / "E=691 R=0 C=... V=3 M=..." */
bool chap_ms_parse_failure(const uint8_t *msg, size_t len, unsigned *error, bool *retry);

/* ---- the session (ppp.c) ---- */
struct ppp_pkt;

struct ppp_session {
	struct ppp_config cfg;
	struct ppp_lower lower;
	struct ppp_authenticator authr;
	bool have_authr;
	struct mppe_engine *engine;
	struct ppp_datapath *dp;    /* pool, submit batch, completions (NULL without MPPE) */
	enum ppp_phase phase;
	bool lower_up;
	struct fsm lcp, ipcp, ccp, ipv6cp;
	struct lcp_state lcp_st;
	struct ipcp_state ipcp_st;
	struct ccp_state ccp_st;
	struct ipv6cp_state ipv6cp_st;
	struct auth_state auth;
	char peer_name[PPP_NAME_MAX + 1];
	unsigned user_limit;        /* Port-Limit from the authenticator; 0: none */
	char auth_name[PPP_NAME_MAX + 1];   /* the name the peer gave, accepted or not (logs) */
	/* MPPE */
	bool have_keys;
	uint8_t send_key[16], recv_key[16];
	bool mppe_up;
	/* the flows' creates started (mppe_flow_create_start) and not yet come
	 * back: CCP is Opened but the session waits for them (ppp_ccp_up) */
	unsigned mppe_pending;
	unsigned mppe_have;         /* of that pair: 1 tx, 2 rx created */
	bool mppe_failed;           /* of that pair: a create failed */
	uint32_t mppe_gen;          /* a pair's creates answered after it was given up are destroyed */
	unsigned mppe_bits;
	bool mppe_stateful;
	unsigned rx_fail_run;       /* stateless: received packets in a row not decrypted */
	uint32_t tx_flow, rx_flow;
	bool network_up;
	struct ppp_timer reset_timer;  /* rate limit of our CCP Reset-Requests */
	struct ppp_timer ipcp_hold;    /* passive MPPE: how long IPCP waits for the peer's CCP */
	struct ppp_timer linger;       /* LCP finished: the wait before the link goes (RFC 1661 3.7) */
	bool lingered;
	unsigned inflight;          /* engine operations not yet completed */
	bool freed;                 /* ppp_session_free called while operations in flight */
	char down_reason[64];
	struct ppp_counters c;
	/* timeouts.c */
	struct ppp_timer idle_timer;
	/* IPv6 (ppp.c, Router Advertisements from nd.c) */
	bool ipv6_up;
	bool have_prefix;           /* prefix is from cfg.pool6 (released at the end) */
	uint8_t prefix[8];
	struct ppp_timer ra_timer;  /* the next unsolicited RA */
	struct ppp_timer ra_hold;   /* RFC 4861 6.2.6: MIN_DELAY_BETWEEN_RAS after each RA */
	unsigned ra_initial;        /* unsolicited RAs sent since IPv6 came up */
	bool ra_holding, ra_pending;
	uint64_t idle_seen;         /* IP packets counted at the last idle tick */
	unsigned idle_quiet;        /* idle ticks without a packet */
};

static inline const struct ppp_config *ppp_cfg(const struct ppp_session *s) { return &s->cfg; }

void ppp_output(struct ppp_session *s, uint16_t proto, const uint8_t *info, size_t len);
void ppp_timer_start(struct ppp_session *s, struct ppp_timer *t, unsigned ms);
void ppp_timer_stop(struct ppp_session *s, struct ppp_timer *t);
void ppp_logf(const struct ppp_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same under another `debug ppp` category (chap, mppe). */
void ppp_logc(const struct ppp_session *s, enum ppp_log_cat cat, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ppp_count_bad(struct ppp_session *s);
unsigned ppp_peer_mru(const struct ppp_session *s);
void ppp_random(void *buf, size_t len);

/* IPv6 (ipv6.c) */
void ppp_ipv6_init(struct ppp_session *s);
void ppp_ipv6_update(struct ppp_session *s);    /* IPV6CP or MPPE changed */
void ppp_ipv6_stop(struct ppp_session *s);
void ppp_ipv6_release(struct ppp_session *s);   /* the /64 back to its pool */
void ppp_ipv6_input(struct ppp_session *s, const uint8_t *p, size_t len);

/* Session limits (timeouts.c) */
void ppp_timeouts_network_up(struct ppp_session *s);
void ppp_timeouts_authenticated(struct ppp_session *s);
void ppp_timeouts_stop(struct ppp_session *s);

/* Phase transitions driven by the protocols */
void ppp_lcp_up(struct ppp_session *s);
void ppp_lcp_down(struct ppp_session *s);
void ppp_lcp_finished(struct ppp_session *s);
void ppp_auth_finished(struct ppp_session *s, bool ok);
void ppp_ipcp_up(struct ppp_session *s);
void ppp_ipcp_down(struct ppp_session *s);
void ppp_ipcp_finished(struct ppp_session *s);
void ppp_ipv6cp_up(struct ppp_session *s);
void ppp_ipv6cp_down(struct ppp_session *s);
void ppp_ipv6cp_finished(struct ppp_session *s);
void ppp_ccp_up(struct ppp_session *s);
void ppp_ccp_down(struct ppp_session *s);
void ppp_ccp_finished(struct ppp_session *s);
void ppp_ccp_reset_request_rcvd(struct ppp_session *s);
/* RFC 3078 8.2: ask the peer to flush (rate-limited; only in Opened). */
void ccp_send_reset_request(struct ppp_session *s);
void ppp_event(struct ppp_session *s, enum ppp_event ev, const char *reason);


#endif
