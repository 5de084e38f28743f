/*
 * The CLI request language: the EXEC commands pnsctl sends to pnsd, one
 * line per request. Parsed here (pure, fuzzed) on both sides: pnsd checks
 * every request it receives, pnsctl uses the same grammar for completion.
 *
 * Keywords may be abbreviated to any unique prefix, as on IOS
 * ("sh vpdn sess all"). Options anywhere on the line:
 *   --json    machine-readable output (show commands)
 *   --follow  keep the connection and stream the daemon's log to it
 *             (debug commands and `terminal monitor`)
 */
#ifndef HOST_CLI_CLI_CMD_H
#define HOST_CLI_CLI_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_REQ_MAX   1024   /* longest request line, newline included */
#define CLI_WORD_MAX  64

enum cli_cmd_id {
	CLI_NONE = 0,
	CLI_SHOW_VPDN,              /* show vpdn */
	CLI_SHOW_VPDN_TUNNEL,       /* show vpdn tunnel */
	CLI_SHOW_VPDN_SESSION,      /* show vpdn session */
	CLI_SHOW_VPDN_SESSION_ALL,  /* show vpdn session all */
	CLI_SHOW_VPDN_SESSION_WIN,  /* show vpdn session window */
	CLI_SHOW_VPDN_TUNNEL_ALL,   /* show vpdn tunnel all */
	CLI_SHOW_VPDN_SESSION_PKTS, /* show vpdn session packets */
	CLI_SHOW_PPP_MPPE,          /* show ppp mppe virtual-access [N] */
	CLI_SHOW_RUNNING,           /* show running-config */
	CLI_SHOW_METRICS,           /* show metrics (Prometheus text format) */
	CLI_SHOW_DEBUGGING,         /* show debugging */
	CLI_SHOW_RADIUS_STATS,      /* show radius statistics */
	CLI_SHOW_VERSION,           /* show version */
	CLI_SHOW_IP_POOL,           /* show ip local pool */
	CLI_SHOW_IPV6_POOL,         /* show ipv6 local pool */
	CLI_CLEAR_TUNNEL_NAMES,     /* clear vpdn tunnel [pptp] NAS GATEWAY */
	CLI_CLEAR_TUNNEL_ID,        /* clear vpdn tunnel [pptp] id N */
	CLI_CLEAR_TUNNEL_ALL,       /* clear vpdn tunnel [pptp] all */
	CLI_CLEAR_TUNNEL_OTHER,     /* clear vpdn tunnel {l2f|l2tp} NAS GATEWAY: the document's syntax; none here */
	CLI_DEBUG,                  /* [no] debug ... / undebug all */
	CLI_TERMINAL_MONITOR,       /* terminal monitor: stream the log */
	CLI_CONFIGURE_RELOAD,       /* configure reload: re-read the configuration file */
	CLI_HELP,                   /* help */
};

struct cli_request {
	enum cli_cmd_id id;
	bool json, follow;
	/* show ppp mppe virtual-access [N] */
	bool vi_given;
	unsigned vi;
	/* clear vpdn tunnel */
	uint16_t tunnel_id;
	char nas[CLI_WORD_MAX], gateway[CLI_WORD_MAX];
	/* debug: categories (bits of enum log_debug) turned on or off */
	bool debug_on;
	uint32_t debug_mask;
};

/* Parse one request (no trailing newline needed). 0, or -1 with an
 * IOS-style message in err ("% Invalid input detected at 'x'"). */
int cli_parse(const char *line, size_t len, struct cli_request *req, char *err, size_t errlen);

/* Completion: the keywords that may follow the complete words of line
 * and start with the partial last word; calls fn for each. */
void cli_complete(const char *line, size_t len, void (*fn)(void *arg, const char *word), void *arg);
/* IOS's '?': what may follow, placeholders (<number>, <name>) and "<cr>"
 * (the line is a complete command) included. */
void cli_context_help(const char *line, size_t len, void (*fn)(void *arg, const char *word), void *arg);

/* The command list with one line of help each. */
const char *cli_help_text(void);

#endif
