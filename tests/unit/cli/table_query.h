/*
 * A struct cli_query over tables a test fills in: lets the unit tests and
 * the CLI fuzzer drive the show formatting, clear and reload paths with
 * exact, known state. The live daemon's implementation (cli_pnsd.c) is
 * checked against real sessions by the integration test.
 */
#ifndef TESTS_UNIT_CLI_TABLE_QUERY_H
#define TESTS_UNIT_CLI_TABLE_QUERY_H

#include "cli/cli_query.h"

#define TQ_MAX 8

struct table_query {
	struct cli_tunnel tunnels[TQ_MAX];
	unsigned n_tunnels;
	struct cli_session sessions[TQ_MAX];
	unsigned n_sessions;
	struct cli_counters counters;
	bool hardware;            /* engine_text: "Hardware (ISA5/0, flow_id=N)" */
	bool reload_fails;
	unsigned reloads, clears;
	struct cli_query q;
};

void table_query_init(struct table_query *t);
/* The feature document's verification example: tunnel 13 from 10.1.2.41,
 * call 13 (peer call 0) on Vi3, 40-bit stateless MPPE on ISA5/0. */
void table_query_feature_example(struct table_query *t);

#endif
