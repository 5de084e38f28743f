/*
 * The control socket: pnsd's side of pnsctl.
 *
 * A UNIX stream socket (default /run/pnsd.sock), mode 0660, owned by root
 * and the configured group. A connecting process must be root, the
 * daemon's own user, or a member of that group (SO_PEERCRED and the user's
 * group list); others get "% Permission denied" and are closed.
 *
 * Protocol (docs/cli.md): the client sends one request line (at most
 * CLI_REQ_MAX bytes with the newline, cli_cmd.h). The server answers with a
 * status line, "OK" or "ERROR", then the output, and closes. With
 * --follow (debug, terminal monitor) it keeps the connection open after
 * "OK" and streams the daemon's log lines until the client closes; debug
 * categories the follow session turned on are turned off again then.
 *
 * Hostile clients: oversized lines, NUL or other control bytes, garbage,
 * slow senders (a request must be complete within CLI_REQ_TIMEOUT_MS),
 * too many connections (CLI_MAX_CONNS), and followers that do not read
 * (their backlog is bounded; lines beyond it are dropped and counted) cost
 * a bounded amount of memory and never stop the daemon.
 */
#ifndef HOST_CLI_CLI_SERVER_H
#define HOST_CLI_CLI_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "cli_cmd.h"
#include "cli_query.h"

#define CLI_SOCKET_DEFAULT   "/run/pnsd.sock"
#define CLI_MAX_CONNS        64
#define CLI_MAX_FOLLOWERS    8
#define CLI_REQ_TIMEOUT_MS   5000
#define CLI_FOLLOW_BACKLOG   (256u * 1024u)

struct ev_loop;
struct cli_server;

struct cli_server_stats {
	uint64_t accepted, refused_perm, refused_busy;
	uint64_t requests, bad_requests, oversized, timeouts;
	uint64_t follow_lines_dropped;
};

/* Listen on path (an existing socket file is replaced; any other file is
 * an error). gid: the group allowed besides root, or (gid_t)-1. NULL with
 * errno on failure. q must outlive the server. */
struct cli_server *cli_server_new(struct ev_loop *loop, const char *path, gid_t gid,
				  const struct cli_query *q);
/* Close every connection, remove the socket file. */
void cli_server_free(struct cli_server *s);
const struct cli_server_stats *cli_server_stats(const struct cli_server *s);

/* Run one parsed request against q, writing the output to out. Returns 0
 * (OK) or -1 (ERROR: out holds the message). Used by the server, the
 * tests and the fuzzer; --follow is the server's business. */
int cli_execute(const struct cli_query *q, const struct cli_request *req, FILE *out);

#endif
