/*
 * A PPP session (RFC 1661) with MS-CHAP/CHAP/PAP, IPCP and CCP/MPPE, for
 * one PPTP call. The library does no I/O of its own: frames go out through
 * a send callback, timers come from the caller, MPPE work goes to an engine
 * (driver/include/mppe/engine.h) through a data path object whose
 * completions the caller collects with ppp_datapath_dispatch(). It runs over
 * PPTP in pnsd and back to back in memory in the tests. See docs/ppp.md.
 *
 * Threading: a session and its data path are driven from one thread; the
 * library has no process-wide state on the data path.
 * Errors: 0/-1 with errno.
 */
#ifndef PPP_H
#define PPP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mppe_engine;
struct ppp_datapath;
struct ppp_session;

/* ---- timers: one-shot, owned by PPP, run by the caller ---- */
struct ppp_timer {
	void (*expire)(struct ppp_timer *t);   /* set by PPP before starting */
	void *owner;                           /* set by PPP */
	void *impl;                            /* free for the timer implementation */
	uint64_t impl_when;                    /* free for the timer implementation */
	bool armed;                            /* maintained by the implementation */
};

/* ---- what the session reports upward ---- */
enum ppp_event {
	PPP_EV_AUTH_OK = 1,     /* peer (or we) authenticated; ppp_session_peer_name() valid */
	PPP_EV_NETWORK_UP,      /* IP may flow (IPCP opened and, if required, MPPE up) */
	PPP_EV_NETWORK_DOWN,    /* IP stops (IPCP or MPPE went down) */
	PPP_EV_DEAD,            /* the link is finished; the caller may now free the session */
	PPP_EV_IPV6_UP,         /* IPv6 may flow (IPV6CP opened and, if required, MPPE up); server:
				 * ppp_session_ipv6_prefix() is the peer's /64 */
	PPP_EV_IPV6_DOWN,       /* IPv6 stops */
};

/* The lower layer: a PPTP call in pnsd, a memory pipe in tests. */
struct ppp_lower {
	void *ctx;
	/* One complete PPP frame (address/control when not compressed away,
	 * protocol, information). The buffer is only valid during the call. */
	int (*send)(void *ctx, const uint8_t *frame, size_t len);
	void (*timer_start)(void *ctx, struct ppp_timer *t, unsigned ms);
	void (*timer_stop)(void *ctx, struct ppp_timer *t);
	/* A decrypted IPv4 or IPv6 packet from the peer (the version nibble
	 * tells), in the order it was sent. IPv6 reaches it only from the
	 * peer's /64 (server) and never to a link-local or multicast address. */
	void (*deliver_ip)(void *ctx, const uint8_t *pkt, size_t len);
	void (*event)(void *ctx, enum ppp_event ev, const char *reason);
	/* Optional: a frame given to ppp_input_unverified() with this tag
	 * proved genuine (it decrypted to valid IPv4). */
	void (*verified)(void *ctx, uint32_t tag);
};

/* ---- authentication: an interface that may answer later (RADIUS) ---- */
enum ppp_auth_method {
	PPP_AUTH_NONE = 0,
	PPP_AUTH_PAP,
	PPP_AUTH_CHAP_MD5,
	PPP_AUTH_MSCHAP_V1,
	PPP_AUTH_MSCHAP_V2,
};
const char *ppp_auth_method_name(enum ppp_auth_method m);

#define PPP_NAME_MAX 255

struct ppp_auth_request {
	enum ppp_auth_method method;
	char user[PPP_NAME_MAX + 1];       /* as the peer sent it (NUL-terminated, no NULs inside) */
	uint8_t chap_id;
	uint8_t challenge[16];             /* CHAP-MD5/MS-CHAPv2: 16, MS-CHAPv1: 8 */
	uint8_t challenge_len;
	uint8_t response[255];             /* MS-CHAP: the 49-octet response; MD5: 16; PAP: password */
	uint8_t response_len;
};

struct ppp_auth_result {
	bool ok;
	/* MS-CHAPv2: the "S=..." authenticator response (RFC 2759 section 5). */
	uint8_t authenticator_response[42];
	/* MS-CHAP: MPPE start keys from the authenticator's point of view
	 * (RFC 3079 MasterSendKey/MasterReceiveKey; RADIUS MS-MPPE-Send-Key/Recv-Key). */
	bool have_keys;
	uint8_t send_key[16];
	uint8_t recv_key[16];
	/* What a RADIUS Access-Accept/-Reject adds (a local check leaves all zero). */
	char message[128];          /* MS-CHAP Failure text from the server ("E=691 R=1 C=... V=3") */
	uint32_t framed_addr;       /* Framed-IP-Address (or `username NAME address`), host order; 0: the pool gives one */
	struct ppp_pool *pool;      /* Framed-Pool: this pool instead of the template's; NULL: the template's */
	uint32_t dns[2];            /* MS-Primary/Secondary-DNS-Server, host order; 0: the template's */
	bool have_mppe_policy;      /* MS-MPPE-Encryption-Policy/-Types given */
	bool mppe_required;         /* Policy 2: encryption required */
	uint32_t mppe_types;        /* Types: 0x2 40-bit, 0x4 128-bit, 0x8 56-bit; 0: any */
	uint32_t session_timeout_s; /* Session-Timeout; 0: none */
	uint32_t session_limit;     /* Port-Limit (RFC 2865 5.42): sessions of this user at a time; 0: none */
	uint32_t idle_timeout_s;    /* Idle-Timeout (RFC 2865 5.28): replaces `ppp timeout idle`; 0: the template's */
};

struct ppp_authenticator {
	void *ctx;
	/* Starts checking; the answer comes through ppp_auth_done(s, token, ...)
	 * now or later. Returns 0, or -1 (treated as a failed check). */
	int (*check)(void *ctx, struct ppp_session *s, uint64_t token, const struct ppp_auth_request *rq);
	/* The session is going away; do not call ppp_auth_done for token
	 * (tokens count per session: s tells whose). */
	void (*cancel)(void *ctx, struct ppp_session *s, uint64_t token);
};
/* The answer for token; stale tokens are ignored. The result is wiped. */
void ppp_auth_done(struct ppp_session *s, uint64_t token, struct ppp_auth_result *res);

/* Users from the configuration (`username NAME password 0 SECRET`). */
struct ppp_userdb;
struct ppp_userdb *ppp_userdb_new(void);
void ppp_userdb_free(struct ppp_userdb *db);
int ppp_userdb_add(struct ppp_userdb *db, const char *name, const char *secret);
/* `username NAME address A` (host order; 0: none): the local check gives it as framed_addr. */
int ppp_userdb_set_addr(struct ppp_userdb *db, const char *name, uint32_t addr);
/* Forgets every user (a reload refills the same object, which sessions keep pointing at). */
void ppp_userdb_clear(struct ppp_userdb *db);
/* Looks up the secret; returns NULL when unknown. */
const char *ppp_userdb_find(const struct ppp_userdb *db, const char *name);
/* An authenticator answering from db at once (the local backend). */
void ppp_userdb_authenticator(struct ppp_userdb *db, struct ppp_authenticator *out);

/* ---- address pools (`ip local pool NAME FIRST LAST`) ---- */
struct ppp_pool;
/* first/last in host byte order. */
struct ppp_pool *ppp_pool_new(const char *name, uint32_t first, uint32_t last);
void ppp_pool_free(struct ppp_pool *p);
/* Returns an address (host order), or 0 with errno ENOSPC when exhausted. */
uint32_t ppp_pool_alloc(struct ppp_pool *p);
void ppp_pool_release(struct ppp_pool *p, uint32_t addr);
unsigned ppp_pool_in_use(const struct ppp_pool *p);
unsigned ppp_pool_size(const struct ppp_pool *p);

/* ---- IPv6 prefix pools (`ipv6 local pool NAME PREFIX/LEN 64`, pool6.c) ----
 * The /64s of PREFIX/LEN, one per session; LEN from 44 (2^20 /64s) to 64.
 * Prefixes are their first 8 octets (network order). */
#define PPP_POOL6_MIN_PLEN 44
struct ppp_pool6;
/* NULL with EINVAL: LEN out of range, bits set past LEN, or the zero prefix. */
struct ppp_pool6 *ppp_pool6_new(const char *name, const uint8_t prefix[8], unsigned plen);
void ppp_pool6_free(struct ppp_pool6 *p);
/* false (ENOSPC) when every /64 is in use */
bool ppp_pool6_alloc(struct ppp_pool6 *p, uint8_t prefix[8]);
void ppp_pool6_release(struct ppp_pool6 *p, const uint8_t prefix[8]);
unsigned ppp_pool6_in_use(const struct ppp_pool6 *p);
unsigned ppp_pool6_size(const struct ppp_pool6 *p);
const char *ppp_pool6_name(const struct ppp_pool6 *p);
const char *ppp_pool_name(const struct ppp_pool *p);

/* ---- configuration of one session (from the virtual template) ---- */
enum ppp_mppe_strength {        /* `ppp encrypt mppe {auto|40|128}` */
	PPP_MPPE_NONE = 0,          /* no `ppp encrypt mppe` */
	PPP_MPPE_40,
	PPP_MPPE_128,
	PPP_MPPE_AUTO,              /* 40, 56 and 128 */
};
struct ppp_mppe_policy {
	enum ppp_mppe_strength strength;
	bool passive;               /* do not offer, accept when asked */
	bool required;              /* no MPPE, no session; no IP before MPPE */
	bool stateful;              /* only stateful; else stateless first, stateful if the peer asks */
};

#define PPP_MAX_AUTH_METHODS 4

struct ppp_config {
	bool server;                               /* authenticator and address giver (pnsd) */
	char name[64];                             /* our CHAP name (hostname / local name) */
	/* Server: `ppp authentication ...` in order of preference.
	 * Client: the methods it accepts, in order of preference. */
	enum ppp_auth_method auth[PPP_MAX_AUTH_METHODS];
	unsigned n_auth;
	char user[PPP_NAME_MAX + 1];               /* client credentials */
	char password[257];
	struct ppp_mppe_policy mppe;
	/* Server addressing (host byte order): our address (`ip unnumbered`),
	 * the pool, DNS and NBNS (`async-bootp dns-server/nbns-server`). */
	uint32_t local_addr;
	struct ppp_pool *pool;
	uint32_t dns[2], nbns[2];
	/* Client: ask for DNS servers. */
	bool request_dns;
	/* Client: behave on the wire as the Windows PPTP client does
	 * (docs/interop.md): LCP also asks for Callback (CBCP), MRRU 1614 and
	 * an Endpoint Discriminator, and Identification packets follow LCP;
	 * IPCP asks for DNS and NBNS servers and runs beside CCP; CCP offers
	 * every MPPE strength, stateless, and MPPC (bit C). */
	bool windows_like;
	uint16_t mru;                              /* 0: 1500 */
	/* Run IPV6CP (RFC 5072; `ipv6 enable` on the template, pptp-client
	 * --ipv6) and carry IPv6 (protocol 0x0057). A server with pool6 gives
	 * the peer a /64 from it when IPV6CP opens, advertises it in Router
	 * Advertisements (nd.c; periodic and answering Router Solicitations)
	 * and takes IPv6 from the peer only from that /64. Without pool6 only
	 * link-local traffic exists, which is not forwarded. Without ipv6,
	 * IPV6CP and IPv6 are Protocol-Rejected. */
	bool ipv6;
	struct ppp_pool6 *pool6;
	/* Largest IP packet through the session either way (`ip mtu` / `mtu` of
	 * the template); 0: what the MRUs give. The MSS clamp and the route
	 * follow it (ppp_session_mtu). */
	uint16_t ip_mtu;
	/* RFC 1661 section 4.6 counters and timer; 0 selects the default. */
	unsigned restart_ms;                       /* 3000 */
	unsigned max_configure;                    /* 10 */
	unsigned max_terminate;                    /* 2 */
	unsigned max_failure;                      /* 5 */
	unsigned auth_timeout_ms;                  /* whole authentication phase: 30000 */
	unsigned echo_interval_ms;                 /* LCP echo; 0 = off (PPTP has its own keepalive) */
	unsigned echo_failures;                    /* 3 */
	/* Session limits (`ppp timeout idle`, `timeout absolute`; host/ppp/timeouts.c),
	 * 0: none. Idle counts IP packets both ways, or only the peer's with
	 * idle_inbound; absolute counts from authentication. The authenticator's
	 * Idle-Timeout and Session-Timeout take their places for the session. */
	uint32_t idle_timeout_s;
	bool idle_inbound;
	uint32_t absolute_timeout_s;
};
/* Defaults for everything, server or client. */
void ppp_config_defaults(struct ppp_config *c, bool server);

/* ---- counters (per virtual-access interface) ---- */
struct ppp_counters {
	uint64_t rx_frames, tx_frames, rx_octets, tx_octets;
	uint64_t rx_ip, tx_ip, rx_ip_octets, tx_ip_octets;
	uint64_t rx_bad;            /* malformed frames or control packets, dropped */
	uint64_t rx_unknown_proto;  /* answered with Protocol-Reject */
	uint64_t rx_ipv6_dropped;   /* IPv6 while IPv6 is not up (IPV6CP not Opened, MPPE not up) */
	uint64_t rx_ipv6, tx_ipv6;  /* IPv6 packets (also counted in rx_ip/tx_ip) */
	uint64_t rx_ipv6_bad;       /* not a whole IPv6 packet */
	uint64_t rx_ipv6_spoofed;   /* source outside the peer's /64 (anti-spoofing) */
	uint64_t rx_ipv6_local;     /* to a link-local or multicast address, not a Router Solicitation */
	uint64_t nd_rs_rcvd, nd_ra_sent;
	uint64_t rx_dropped_phase;  /* frames for a protocol not running in this phase */
	uint64_t rx_ip_dropped;     /* IP while network not up, or MPPE drop */
	uint64_t tx_ip_dropped;
	uint64_t rx_unencrypted_dropped; /* plain IP while MPPE is on */
	uint64_t mppe_rx_drops;     /* engine statuses other than OK */
	uint64_t mppe_sanity_fatal; /* engine said "sanity fatal" (counted, the session stays) */
	uint64_t ccp_resets_sent, ccp_resets_rcvd;
	uint64_t auth_failures;
	uint64_t engine_errors;     /* submit refused or device error */
};

enum ppp_phase { PPP_PHASE_DEAD, PPP_PHASE_ESTABLISH, PPP_PHASE_AUTHENTICATE, PPP_PHASE_NETWORK,
		 PPP_PHASE_TERMINATE };
const char *ppp_phase_name(enum ppp_phase p);

/* ---- the session ---- */
/* cfg is copied (the pool and data path must outlive the session). dp may
 * be NULL when MPPE is not configured. auth may be NULL on a client. */
struct ppp_session *ppp_session_new(const struct ppp_config *cfg, const struct ppp_lower *lower,
				    struct ppp_datapath *dp, const struct ppp_authenticator *auth);
/* Frees the session. Engine work still in flight is finished (or dropped)
 * by later ppp_datapath_dispatch() calls, which must go on while
 * ppp_datapath_inflight() > 0. */
void ppp_session_free(struct ppp_session *s);
/* The lower layer is up: start LCP. */
void ppp_session_start(struct ppp_session *s);
/* Administrative close: LCP Terminate-Request with reason. */
void ppp_session_close(struct ppp_session *s, const char *reason);
/* The lower layer went away (call cleared): no more frames can be sent. */
void ppp_session_lower_down(struct ppp_session *s);

/* One frame from the peer (the GRE payload). Hostile input is fine. */
void ppp_input(struct ppp_session *s, const uint8_t *frame, size_t len);
/* A frame the link cannot vouch for (from past a GRE sequence jump): only
 * an MPPE packet is used, and only if it decrypts to valid IPv4; then it is
 * delivered and lower.verified(tag) called. Anything else is dropped. */
void ppp_input_unverified(struct ppp_session *s, const uint8_t *frame, size_t len, uint32_t tag);
/* An IPv4 or IPv6 packet (by its version nibble) to the peer: encrypted
 * through the engine when MPPE is up. Returns 0, or -1 (errno ENETDOWN:
 * not up; EMSGSIZE; ENOBUFS). */
int ppp_send_ip(struct ppp_session *s, const uint8_t *pkt, size_t len);
/* ---- the data path: one per engine and thread ---- */
/* The packet pool, the batch of engine work not yet submitted and the
 * completion dispatch of the sessions created on it. Several data paths may
 * share an engine (client and server in one test): a completion always
 * goes back to its own packet's data path, whichever dispatch polled it. */
struct ppp_datapath *ppp_datapath_new(struct mppe_engine *e);
/* Call when ppp_datapath_inflight() is 0 (dispatch until then). */
void ppp_datapath_free(struct ppp_datapath *dp);
struct mppe_engine *ppp_datapath_engine(const struct ppp_datapath *dp);
/* Collects engine completions and finishes them (sends, delivers). Returns
 * the number handled. All users of the engine must go through here. */
int ppp_datapath_dispatch(struct ppp_datapath *dp, unsigned max);
/* Hands queued engine work to the engine in one batch (done by dispatch
 * too); call once per event-loop iteration after reading packets. Returns
 * how many operations the engine took, or -1 (they were dropped). */
int ppp_datapath_flush(struct ppp_datapath *dp);
unsigned ppp_datapath_inflight(const struct ppp_datapath *dp);
/* How many more operations the data path takes now without dropping one
 * (its submit queue's free places after handing the engine what it
 * accepts): a reader may put input off while this is low. */
unsigned ppp_datapath_room(struct ppp_datapath *dp);

/* PPTP Set-Link-Info (RFC 2637 2.15): the ACCMs the PAC uses. */
void ppp_set_link_info(struct ppp_session *s, uint32_t send_accm, uint32_t recv_accm);
/* PPTP flow-control alarm: a stateful MPPE session renegotiates stateless. */
void ppp_flow_alarm(struct ppp_session *s);

/* Session-Timeout (RADIUS Access-Accept or CoA-Request): close the session
 * seconds from now ("Session timeout"); 0 cancels. Only while the link is up. */
void ppp_session_set_timeout(struct ppp_session *s, uint32_t seconds);

/* ---- inspection ---- */
enum ppp_phase ppp_session_phase(const struct ppp_session *s);
const struct ppp_counters *ppp_session_counters(const struct ppp_session *s);
const char *ppp_session_peer_name(const struct ppp_session *s);
/* The name the peer authenticated with, or tried to ("" before): for log lines. */
const char *ppp_session_auth_name(const struct ppp_session *s);
enum ppp_auth_method ppp_session_auth_method(const struct ppp_session *s);
uint32_t ppp_session_local_addr(const struct ppp_session *s);   /* host order */
uint32_t ppp_session_peer_addr(const struct ppp_session *s);
uint32_t ppp_session_dns(const struct ppp_session *s, int i);   /* client: servers learnt */
bool ppp_session_network_up(const struct ppp_session *s);
/* Largest IP packet the peer takes through this session. */
unsigned ppp_session_mtu(const struct ppp_session *s);
struct ppp_mppe_state {
	bool up;
	unsigned key_bits;          /* 40, 56, 128 */
	bool stateful;
	uint32_t tx_flow, rx_flow;  /* engine flow IDs (for show ppp mppe) */
};
void ppp_session_mppe(const struct ppp_session *s, struct ppp_mppe_state *out);
/* State names of the automata, for debugging/`show`: "Opened" etc. */
const char *ppp_session_lcp_state(const struct ppp_session *s);
const char *ppp_session_ipcp_state(const struct ppp_session *s);
const char *ppp_session_ccp_state(const struct ppp_session *s);
const char *ppp_session_ipv6cp_state(const struct ppp_session *s);
/* IPv6 is configured for this session (ppp_config.ipv6). */
bool ppp_session_ipv6_enabled(const struct ppp_session *s);
/* IPV6CP Opened: our and the peer's Interface-Identifiers (8 octets each);
 * false when IPV6CP is not Opened. */
bool ppp_session_ipv6_iids(const struct ppp_session *s, uint8_t local[8], uint8_t peer[8]);
/* The /64 given to the peer (8 octets); false when it has none. */
bool ppp_session_ipv6_prefix(const struct ppp_session *s, uint8_t prefix[8]);
/* Last reason the link went down ("" if none). */
const char *ppp_session_down_reason(const struct ppp_session *s);
/* The authenticator's limit on this user's sessions (RADIUS Port-Limit); 0: none. */
unsigned ppp_session_user_limit(const struct ppp_session *s);

/* Debug logging, off by default: each line with its category (what
 * `debug ppp negotiation|chap|mppe` turns on); the hook prefixes the
 * session's name. */
enum ppp_log_cat { PPP_LOG_NEGOTIATION, PPP_LOG_CHAP, PPP_LOG_MPPE };
extern void (*ppp_log_hook)(const struct ppp_session *s, enum ppp_log_cat cat, const char *line);
/* The ctx of the session's struct ppp_lower (the hook's way to its name). */
void *ppp_session_lower_ctx(const struct ppp_session *s);

/* ---- helpers for the data path ---- */
/* Clamp the TCP MSS option of an IPv4 SYN to at most mss (fixing the
 * checksum incrementally). Returns true if the packet was changed. */
bool ppp_clamp_mss(uint8_t *pkt, size_t len, uint16_t mss);
/* The same for an IPv6 SYN whose TCP header follows the fixed header
 * directly (next header 6; extension headers are left alone). */
bool ppp_clamp_mss6(uint8_t *pkt, size_t len, uint16_t mss);

#endif
