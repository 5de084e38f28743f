/*
 * Per-source admission limits (issue 13, fault 4). The global limits
 * (max_pending, max_tunnels, max_sessions in pptp_params) protect the
 * daemon; these keep one address from taking all of them: nothing in PPTP
 * is authenticated before the PPP session, so an attacker only needs TCP.
 *
 * Each source address with at least one connection has one record with
 * its half-open connections, tunnels and calls. Records are freed when the
 * last of them goes (chained hash, no tombstones: see fault 1).
 *
 * Refusal log lines are rate-limited (pptp_ratelimit): a flood of refused
 * connections must not become a flood of log lines.
 */
#ifndef HOST_PPTP_PPTP_LIMITS_H
#define HOST_PPTP_PPTP_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

struct pptp_src {
	struct pptp_src *next;        /* hash chain */
	uint32_t addr;                /* network byte order */
	uint32_t pending;             /* connections that have not completed SCCRQ */
	uint32_t tunnels;             /* every control connection, pending ones included */
	uint32_t calls;
};

#define PPTP_SRC_BUCKETS 4096

struct pptp_src_table {
	struct pptp_src *bucket[PPTP_SRC_BUCKETS];
	uint32_t nsrc;
};

/* The record of addr, created when missing (NULL: out of memory). */
struct pptp_src *pptp_src_get(struct pptp_src_table *t, uint32_t addr);
/* Free the record once it counts nothing. */
void pptp_src_put(struct pptp_src_table *t, struct pptp_src *s);
void pptp_src_table_clear(struct pptp_src_table *t);

/* At most `burst` lines per `period_ms`; the first line after a quiet
 * period says how many were left out. */
struct pptp_ratelimit {
	uint64_t window_start_ms;
	uint32_t in_window;
	uint32_t suppressed;
};
#define PPTP_LOG_BURST 5
#define PPTP_LOG_PERIOD_MS 10000
/* true: log now; *suppressed then holds the lines left out before it. */
bool pptp_ratelimit_ok(struct pptp_ratelimit *r, uint64_t now_ms, uint32_t *suppressed);

#endif
