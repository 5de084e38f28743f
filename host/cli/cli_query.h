/*
 * The read-only query interface between the CLI and the daemon's layers.
 *
 * The CLI never looks into PPTP or PPP structures. The daemon gives it a
 * struct cli_query: functions that walk the tunnels and sessions and fill
 * the plain views below (a snapshot taken on the event-loop thread, so
 * nothing changes while a show command formats it), plus the few actions
 * the CLI may take (clear a tunnel, reload the configuration).
 *
 * host/pnsd/cli_pnsd.c implements it for pnsd over the PPTP layer's public
 * introspection (pptp_ctrl_get_info, pptp_call_get_info) and what the PPP
 * side fills in for each call (struct cli_ppp_view, through cli_pnsd's
 * ppp_view callback).
 */
#ifndef HOST_CLI_CLI_QUERY_H
#define HOST_CLI_CLI_QUERY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mppe/mppe.h"

#define CLI_NAME_MAX 72   /* PPTP host names are 64 octets */
enum { CLI_PPP_METRICS, CLI_PPP_POOLS, CLI_PPP_POOLS6 };   /* cli_query.ppp_report */

/* A PPTP control connection ("tunnel"): show vpdn. */
struct cli_tunnel {
	uint16_t loc_id;
	uint16_t rem_id;                 /* PPTP has no peer tunnel ID: same as loc_id, as IOS shows */
	char remote_name[CLI_NAME_MAX];  /* SCCRQ host name, or the address when the peer sent none */
	char state[16];                  /* "estabd", "wt-sccrq", ... */
	uint32_t remote_addr;            /* host byte order */
	uint16_t remote_port;
	uint32_t sessions;
	uint64_t since_change_ms;
	char peer_vendor[CLI_NAME_MAX];
	uint16_t peer_version, peer_firmware;   /* SCCRQ Protocol Version and Firmware Revision */
	uint32_t local_addr;             /* host byte order: our end of the control connection */
	uint16_t local_port;
	uint64_t msgs_rx, msgs_tx;
	bool echo_outstanding;           /* an Echo-Request is waiting for its reply */
};

/* What the PPP layer adds to a session (all zero before PPP exists). */
struct cli_ppp_view {
	bool present;
	unsigned vi;                     /* Virtual-Access number (Vi3) */
	char username[CLI_NAME_MAX];     /* "" until authenticated */
	char phase[16];                  /* "Establish", "Network", ... */
	char lcp[16], ipcp[16], ccp[16];
	uint32_t client_addr;            /* host byte order; 0 = none yet */
	uint64_t rx_ip, tx_ip, rx_ip_octets, tx_ip_octets;
	/* MPPE */
	bool mppe_up;
	unsigned key_bits;
	bool stateful;
	uint32_t tx_flow, rx_flow;
	bool have_counters;
	struct mppe_counters tx, rx;     /* mppe_flow_read_counters */
	uint64_t counters_age_ms;        /* card: how old the cached counters are (0: read now) */
	uint64_t ccp_resets_sent, ccp_resets_rcvd;
	bool in_software;                /* a card engine's flows moved to software (mppe_flow_in_software) */
	/* IPv6 (`ipv6 enable` on the template; all zero without it) */
	bool ipv6;
	char ipv6cp[16];
	bool have_prefix6;
	uint8_t prefix6[8];              /* the peer's /64 (network order) */
	uint64_t rx_ipv6, tx_ipv6;       /* IPv6 packets (also in rx_ip/tx_ip) */
	uint64_t rx_ipv6_spoofed;        /* source outside the peer's /64, dropped */
	uint64_t rx_ipv6_bad, rx_ipv6_dropped, rx_ipv6_local;
	uint64_t nd_rs_rcvd, nd_ra_sent; /* Router Solicitations in, Advertisements out */
};

/* A PPTP call ("session"): show vpdn session. */
struct cli_session {
	uint16_t loc_id, rem_id, tun_id;
	char state[16];
	uint64_t since_change_ms;
	char remote_name[CLI_NAME_MAX];
	uint32_t remote_addr;            /* host byte order */
	uint64_t pkts_tx, pkts_rx, bytes_tx, bytes_rx;
	uint32_t ss, sr, remote_nr;
	uint16_t our_rws, peer_rws;
	uint64_t out_of_order, duplicates, lost;
	bool flow_alarm;
	uint64_t alarms, zlb_tx, zlb_rx;
	struct cli_ppp_view ppp;
};

/* Daemon-wide counters: show metrics. */
struct cli_counters {
	uint64_t uptime_ms;
	uint32_t tunnels, sessions;
	uint64_t ctrl_accepted, ctrl_refused, ctrl_established, ctrl_closed;
	uint64_t sccrq_timeouts, echo_timeouts;
	uint64_t msgs_rx, msgs_tx, msgs_bad;
	uint64_t calls_up, calls_refused, calls_down, icrq_refused, unknown_call_id;
	uint64_t gre_rx, gre_bad_ip, gre_bad, gre_no_session, gre_tx, gre_tx_errors;
	uint64_t gre_rx_paused;      /* reads put off while the MPPE engine was full */
	uint64_t reloads, reload_failures;
	uint64_t loop_busy_max_ms;       /* the longest an event loop was held between waits, over every loop */
	char engine_kind[16];            /* "sw", "cardsim", "vfio" */
	char engine_label[64];           /* mppe_engine_label() */
	unsigned engine_threads;         /* mppe_engine_threads() */
	/* the card's health as its driver sees it (card_engine_stats) */
	bool card;                       /* a card engine: the fields below are set */
	uint64_t card_resets, card_timeouts, card_fatal_errors, card_queue_errors;
	uint64_t card_bad_completions, card_error_completions, card_failed_ops;
	uint32_t cards, cards_up, flows_card, flows_sw;   /* where the flows run (docs/driver.md) */
	uint64_t flows_moved, card_retries;
	uint64_t card_counter_reads;     /* counter reads sent and collected by the engine's poll */
	uint64_t card_admin_pending;     /* flow creates, destroys, counter reads queued or on a card */
	uint64_t card_reads_waiting;     /* health-check register reads sent to a card, not yet answered */
	uint32_t flows_creating;         /* flows whose create is on its way to a card */
};

typedef int (*cli_tunnel_fn)(void *arg, const struct cli_tunnel *t);
typedef int (*cli_session_fn)(void *arg, const struct cli_session *s);

struct cli_query {
	void *ctx;
	/* Walk every tunnel / session (all of them, or one tunnel's when
	 * tun_id != 0); stop when fn returns non-zero. */
	int (*foreach_tunnel)(void *ctx, cli_tunnel_fn fn, void *arg);
	int (*foreach_session)(void *ctx, uint16_t tun_id, cli_session_fn fn, void *arg);
	void (*counters)(void *ctx, struct cli_counters *out);
	/* "Hardware (ISA5/0" ... or "Software": how `show ppp mppe` names the
	 * engine; flow is the session's transmit flow ID. */
	void (*engine_text)(void *ctx, uint32_t flow, char *buf, size_t len);
	/* Our SCCRP host name (the GATEWAY of clear vpdn tunnel). */
	const char *(*local_name)(void *ctx);
	/* Clear (Stop-Control-Connection) one tunnel; 0, or -1 with errno
	 * ENOENT when it does not exist. */
	int (*clear_tunnel)(void *ctx, uint16_t tun_id);
	/* Re-read the configuration file; 0 (err: "" or what could not be
	 * applied, e.g. an engine change that needs a restart), or -1 with the
	 * reason in err. */
	int (*reload)(void *ctx, char *err, size_t errlen);
	/* The running configuration as text. */
	void (*running_config)(void *ctx, FILE *out);
	/* RADIUS: `show radius statistics` text, or (metrics) Prometheus lines
	 * for show metrics and GET /metrics. NULL: no RADIUS in this daemon. */
	void (*radius)(void *ctx, FILE *out, bool metrics);
	/* The PPP layer's own report: CLI_PPP_METRICS (Prometheus lines:
	 * authentications by result, pool addresses) or CLI_PPP_POOLS (show
	 * ip local pool). NULL: no PPP in this daemon. */
	void (*ppp_report)(void *ctx, FILE *out, int what);
	/* Read the MPPE counters of Virtual-Access vi as the engine has them
	 * at or after since_ms (CLOCK_MONOTONIC ms) without waiting: 0 done,
	 * 1 on its way (the server asks again later), -1 failed (NULL: nothing
	 * to refresh); other shows use cached counters. */
	int (*refresh_counters)(void *ctx, unsigned vi, uint64_t since_ms);
};

#endif
