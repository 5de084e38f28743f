/*
 * Logging to sinks, with debug categories. See log.h.
 */
#include "log.h"
#include "escape.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOG_MAX_SINKS 16
#define LOG_LINE_MAX 1024

const char *const log_debug_names[DBG_COUNT] = {
	[DBG_VPDN_EVENT] = "vpdn event",
	[DBG_VPDN_PROTOCOL] = "vpdn event protocol",
	[DBG_VPDN_FLOW] = "vpdn event flow-control",
	[DBG_VPDN_PKT_CONTROL] = "vpdn packet control",
	[DBG_VPDN_PKT_DATA] = "vpdn packet data",
	[DBG_VPDN_PKT_DETAIL] = "vpdn packet detail",
	[DBG_PPP_NEGOTIATION] = "ppp negotiation",
	[DBG_PPP_CHAP] = "ppp chap",
	[DBG_PPP_MPPE] = "ppp mppe",
	[DBG_RADIUS] = "radius",
};

uint32_t log_debug_mask;

/* Several threads log (pnsd -W N, docs/workers.md): a line is formatted
 * on the caller's stack, then written out under out_lock, so lines never
 * interleave and the sinks and the syslog hook (log_syslog.c, which takes
 * the same lock to change its sockets) see one line at a time. Recursive:
 * a sink or log_syslog_apply may log. A sink is given only the lines of
 * the thread that added it (pnsctl's terminal monitor is a connection of
 * the main loop, which no other thread may touch). */
static pthread_mutex_t out_lock;
static pthread_once_t out_once = PTHREAD_ONCE_INIT;

static struct {
	log_sink_fn fn;
	void *arg;
	pthread_t owner;
} sinks[LOG_MAX_SINKS];
/* Lines of other threads for the sinks of one thread (pnsd -W N: pnsctl's
 * terminal monitor is a connection of the main loop, and a session on a
 * worker logs on the worker's thread). Queued under out_lock; the first
 * line into an empty queue calls the wake hook, and the owner delivers the
 * queue from its own loop (log_deliver_foreign). Bounded: a line that
 * finds it full is counted and the sinks are told how many they missed. */
#define LOG_FOREIGN_MAX 128
static struct {
	enum log_level level;
	char line[LOG_LINE_MAX];
} foreign[LOG_FOREIGN_MAX];
static unsigned foreign_n;
static unsigned long long foreign_dropped;
static void (*foreign_wake)(void *arg);
static void *foreign_arg;
static pthread_t foreign_owner;
static bool to_stderr = true;
static enum log_level max_level = LOGL_INFO;
static char ident[32] = "";
static int journal = -1;             /* stderr is the journal: -1 not checked yet */
static log_raw_fn raw_hook;

static const char *const level_names[] = { "error", "warning", "notice", "info", "debug" };

static void out_init(void)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&out_lock, &a);
	pthread_mutexattr_destroy(&a);
}

void log_lock(void)
{
	pthread_once(&out_once, out_init);
	pthread_mutex_lock(&out_lock);
}

void log_unlock(void) { pthread_mutex_unlock(&out_lock); }

/* pnsctl debug turns categories on while other threads test them:
 * relaxed atomics (a line more or less around the switch is fine). */
void log_debug_set(enum log_debug cat, bool on)
{
	if ((unsigned)cat >= DBG_COUNT)
		return;
	if (on)
		__atomic_fetch_or(&log_debug_mask, 1u << cat, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&log_debug_mask, ~(1u << cat), __ATOMIC_RELAXED);
}

int log_debug_lookup(const char *words)
{
	for (int i = 0; i < DBG_COUNT; i++)
		if (strcmp(log_debug_names[i], words) == 0)
			return i;
	return -1;
}

int log_sink_add(log_sink_fn fn, void *arg)
{
	log_lock();
	for (int i = 0; i < LOG_MAX_SINKS; i++) {
		if (sinks[i].fn == NULL) {
			sinks[i].fn = fn;
			sinks[i].arg = arg;
			sinks[i].owner = pthread_self();
			log_unlock();
			return 0;
		}
	}
	log_unlock();
	errno = ENOSPC;
	return -1;
}

void log_sink_remove(log_sink_fn fn, void *arg)
{
	log_lock();
	for (int i = 0; i < LOG_MAX_SINKS; i++)
		if (sinks[i].fn == fn && sinks[i].arg == arg)
			sinks[i].fn = NULL;
	log_unlock();
}

void log_stderr(bool on)
{
	log_lock();
	to_stderr = on;
	log_unlock();
}

void log_set_raw_hook(log_raw_fn fn)
{
	log_lock();
	raw_hook = fn;
	log_unlock();
}

int log_level_severity(enum log_level level)
{
	/* RFC 5424 6.2.1 severities: 3 error, 4 warning, 5 notice, 6 info, 7 debug */
	static const int sev[] = { 3, 4, 5, 6, 7 };

	return (unsigned)level < sizeof(sev) / sizeof(sev[0]) ? sev[level] : 7;
}

/* systemd sets JOURNAL_STREAM=DEVICE:INODE to the stream it connected to
 * stderr (systemd.exec(5)); if stderr is still that stream, journald reads
 * a "<N>" prefix as the line's priority (sd-daemon(3)). */
static bool log_stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2 || fstat(STDERR_FILENO, &st) < 0)
		return false;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void log_set_level(enum log_level max) { __atomic_store_n(&max_level, max, __ATOMIC_RELAXED); }

/* Before any other thread logs (the ident is read without the lock). */
void log_set_ident(const char *id)
{
	snprintf(ident, sizeof(ident), "%s", id);
}

/* Under out_lock, on a thread other than foreign_owner. */
static void queue_foreign(enum log_level level, const char *line)
{
	bool wanted = false;

	for (int i = 0; i < LOG_MAX_SINKS && !wanted; i++)
		wanted = sinks[i].fn != NULL && pthread_equal(sinks[i].owner, foreign_owner);
	if (!wanted)
		return;
	if (foreign_n == LOG_FOREIGN_MAX) {
		foreign_dropped++;
		return;
	}
	foreign[foreign_n].level = level;
	snprintf(foreign[foreign_n].line, sizeof(foreign[foreign_n].line), "%s", line);
	if (foreign_n++ == 0)
		foreign_wake(foreign_arg);
}

void log_set_foreign_wake(void (*wake)(void *arg), void *arg)
{
	log_lock();
	foreign_wake = wake;
	foreign_arg = arg;
	foreign_owner = pthread_self();
	foreign_n = 0;
	foreign_dropped = 0;
	log_unlock();
}

void log_deliver_foreign(void)
{
	log_lock();
	for (unsigned k = 0; k < foreign_n; k++)
		for (int i = 0; i < LOG_MAX_SINKS; i++)
			if (sinks[i].fn != NULL && pthread_equal(sinks[i].owner, pthread_self()))
				sinks[i].fn(sinks[i].arg, foreign[k].level, foreign[k].line);
	if (foreign_dropped) {
		char line[128];

		snprintf(line, sizeof(line), "%s%s(%llu lines of other threads not shown: too many at once)", ident,
			 ident[0] ? " " : "", foreign_dropped);
		for (int i = 0; i < LOG_MAX_SINKS; i++)
			if (sinks[i].fn != NULL && pthread_equal(sinks[i].owner, pthread_self()))
				sinks[i].fn(sinks[i].arg, LOGL_WARN, line);
	}
	foreign_n = 0;
	foreign_dropped = 0;
	log_unlock();
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX], msg[LOG_LINE_MAX], stamp[48], zone[8];
	struct timespec ts;
	struct tm tm;
	int n;
	va_list ap;

	if (level > __atomic_load_n(&max_level, __ATOMIC_RELAXED) && level != LOGL_DEBUG)
		return;
	/* wall-clock local time with its offset, to the millisecond (IOS
	 * "service timestamps log datetime msec localtime show-timezone") */
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	n = snprintf(line, sizeof(line), "%s%s%s.%03ld%s %s: ", ident, ident[0] ? " " : "", stamp,
		     ts.tv_nsec / 1000000L, zone, level_names[level]);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* names from the network are in many messages: no forged lines, no terminal control */
	str_escape(line + n, sizeof(line) - (size_t)n, msg);
	log_lock();
	if (journal < 0)
		journal = log_stderr_is_journal();
	if (to_stderr) {
		if (journal)
			fprintf(stderr, "<%d>%s\n", log_level_severity(level), line);
		else
			fprintf(stderr, "%s\n", line);
	}
	for (int i = 0; i < LOG_MAX_SINKS; i++)
		if (sinks[i].fn != NULL && pthread_equal(sinks[i].owner, pthread_self()))
			sinks[i].fn(sinks[i].arg, level, line);
	if (foreign_wake != NULL && !pthread_equal(foreign_owner, pthread_self()))
		queue_foreign(level, line);
	if (raw_hook != NULL)
		raw_hook(level, line + n);
	log_unlock();
}
