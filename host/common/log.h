/*
 * Daemon logging with IOS-style debug categories.
 *
 * Messages go to every registered sink (stderr by default). Debug
 * messages are emitted only while their category is enabled; the CLI maps
 * its `debug ...` / `no debug ...` commands onto log_debug_set(), e.g.
 *   debug vpdn event               -> DBG_VPDN_EVENT
 *   debug vpdn event protocol      -> DBG_VPDN_PROTOCOL
 *   debug vpdn event flow-control  -> DBG_VPDN_FLOW
 *   debug vpdn packet [control]    -> DBG_VPDN_PKT_CONTROL
 *   debug vpdn packet [data]       -> DBG_VPDN_PKT_DATA
 *   debug vpdn packet ... detail   -> DBG_VPDN_PKT_DETAIL (adds hex/fields)
 *   debug ppp negotiation / chap / mppe -> DBG_PPP_*
 *   debug radius                   -> DBG_RADIUS
 * log_debug_names[] gives each category's CLI words.
 *
 * Never pass key material to these functions, at any level.
 */
#ifndef HOST_COMMON_LOG_H
#define HOST_COMMON_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_level {
	LOGL_ERR,
	LOGL_WARN,
	LOGL_NOTICE,
	LOGL_INFO,
	LOGL_DEBUG,
};

enum log_debug {
	DBG_VPDN_EVENT,        /* tunnel/session up/down, errors */
	DBG_VPDN_PROTOCOL,     /* control-connection protocol events */
	DBG_VPDN_FLOW,         /* GRE window, acks, flow-control alarm */
	DBG_VPDN_PKT_CONTROL,  /* each PPTP control message */
	DBG_VPDN_PKT_DATA,     /* each GRE packet header */
	DBG_VPDN_PKT_DETAIL,   /* with packet debug: every field */
	DBG_PPP_NEGOTIATION,
	DBG_PPP_CHAP,
	DBG_PPP_MPPE,
	DBG_RADIUS,            /* each RADIUS request and response (never secrets or keys) */
	DBG_COUNT
};

/* CLI words of each category, e.g. "vpdn event flow-control". */
extern const char *const log_debug_names[DBG_COUNT];

extern uint32_t log_debug_mask;

static inline bool log_debug_on(enum log_debug cat)
{
	return (__atomic_load_n(&log_debug_mask, __ATOMIC_RELAXED) >> cat) & 1u;
}
void log_debug_set(enum log_debug cat, bool on);
/* The lock lines are written out under (recursive): for a raw hook's own
 * state (log_syslog.c), so that it never changes under another thread's line. */
void log_lock(void);
void log_unlock(void);
/* Category from its CLI words ("vpdn packet data"); -1 if unknown. */
int log_debug_lookup(const char *words);

/* A sink receives each formatted line (no trailing newline). */
typedef void (*log_sink_fn)(void *arg, enum log_level level, const char *line);
/* Up to 16 sinks; 0 or -1 (ENOSPC). The stderr sink is installed by default
 * and can be removed with log_stderr(false). */
int log_sink_add(log_sink_fn fn, void *arg);
void log_sink_remove(log_sink_fn fn, void *arg);
/* Sinks see only the lines of the thread that added them, unless that
 * thread sets a wake hook: then other threads' lines are queued for it
 * (bounded, 128) and wake(arg) is called, on the logging thread under the
 * log's lock, when the first line goes into an empty queue; the owner then
 * calls log_deliver_foreign() on its own thread. wake NULL: off. */
void log_set_foreign_wake(void (*wake)(void *arg), void *arg);
void log_deliver_foreign(void);
void log_stderr(bool on);
/* Messages above this level are dropped (debug ones are gated by category). */
void log_set_level(enum log_level max);
/* Prefix each line with this tag (e.g. "pnsd"). */
void log_set_ident(const char *ident);

/* Every line on stderr and to the sinks carries the local wall-clock time:
 *   pnsd 2026-12-06T11:30:00.123+0000 notice: MESSAGE
 * When stderr is the systemd journal (JOURNAL_STREAM names it), each line
 * starts with "<N>", N its syslog severity, which journald stores. */
int log_level_severity(enum log_level level);     /* syslog severity 3..7 */
/* The syslog writer (log_syslog.h): each message, escaped, without prefix. */
typedef void (*log_raw_fn)(enum log_level level, const char *msg);
void log_set_raw_hook(log_raw_fn fn);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...)    log_msg(LOGL_ERR, __VA_ARGS__)
#define log_warn(...)   log_msg(LOGL_WARN, __VA_ARGS__)
#define log_notice(...) log_msg(LOGL_NOTICE, __VA_ARGS__)
#define log_info(...)   log_msg(LOGL_INFO, __VA_ARGS__)
/* Arguments are not evaluated while the category is off. */
#define log_debug(cat, ...) \
	do { if (log_debug_on(cat)) log_msg(LOGL_DEBUG, __VA_ARGS__); } while (0)

#endif
