/*
 * Output of the show commands, laid out field for field as the Cisco
 * "PPTP with MPPE" feature document prints them, plus the same data as
 * JSON (--json) and the daemon's counters in the Prometheus text format.
 *
 * Everything works on a snapshot taken through struct cli_query, so the
 * formatting is pure and unit-tested on hand-made snapshots.
 */
#ifndef HOST_CLI_CLI_SHOW_H
#define HOST_CLI_CLI_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "cli_cmd.h"
#include "cli_query.h"

struct cli_snapshot {
	struct cli_tunnel *tunnels;      /* sorted by loc_id */
	size_t n_tunnels;
	struct cli_session *sessions;    /* sorted by tun_id, loc_id */
	size_t n_sessions;
	struct cli_counters counters;
};

/* 0, or -1 with errno ENOMEM. */
int cli_snapshot_take(const struct cli_query *q, struct cli_snapshot *s);
void cli_snapshot_free(struct cli_snapshot *s);

void cli_show_vpdn(const struct cli_snapshot *s, FILE *out, bool json);
void cli_show_vpdn_tunnel(const struct cli_snapshot *s, FILE *out, bool json);
void cli_show_vpdn_session(const struct cli_snapshot *s, FILE *out, bool json);
void cli_show_vpdn_session_all(const struct cli_snapshot *s, FILE *out, bool json);
void cli_show_vpdn_session_window(const struct cli_snapshot *s, FILE *out, bool json);
/* Not in the feature document: laid out as IOS prints them (docs/cli.md
 * names the fields that are ours). local_name: our SCCRP host name. */
void cli_show_vpdn_tunnel_all(const struct cli_snapshot *s, const char *local_name, FILE *out, bool json);
void cli_show_vpdn_session_packets(const struct cli_snapshot *s, FILE *out, bool json);
/* vi == 0: every Virtual-Access interface. Returns -1 (after printing
 * "% No such interface") when vi names none. engine_text as in cli_query. */
int cli_show_ppp_mppe(const struct cli_snapshot *s, const struct cli_query *q, unsigned vi,
		      FILE *out, bool json);
void cli_show_metrics(const struct cli_snapshot *s, FILE *out);
void cli_show_debugging(FILE *out, bool json);


#endif
