/*
 * The metrics over HTTP: `pnsd -m 127.0.0.1:9469` serves GET /metrics
 * (the same text as `pnsctl show metrics`, Prometheus text format 0.0.4)
 * for a Prometheus server to scrape. Nothing else: no other paths, no
 * keep-alive, requests of at most CLI_HTTP_REQ_MAX bytes within
 * CLI_REQ_TIMEOUT_MS, at most CLI_HTTP_MAX_CONNS at once. Bind it to a
 * loopback address: the metrics carry user names.
 */
#ifndef HOST_CLI_CLI_HTTP_H
#define HOST_CLI_CLI_HTTP_H

#include <stdint.h>

#include "cli_query.h"

#define CLI_HTTP_REQ_MAX    4096
#define CLI_HTTP_MAX_CONNS  16

struct ev_loop;
struct cli_http;

/* addr: IPv4 in network byte order. NULL with errno on failure. */
struct cli_http *cli_http_new(struct ev_loop *loop, uint32_t addr, uint16_t port, const struct cli_query *q);
void cli_http_free(struct cli_http *h);

/* What to answer to one request (pure; fuzzed with the CLI parser):
 * 200 for GET /metrics, 404 for other paths, 405 for other methods, 400
 * for garbage. */
int cli_http_status(const char *req, size_t len);

#endif
