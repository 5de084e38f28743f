/*
 * Logging to sinks, with debug categories. See log.h.
 */
#include "log.h"
#include "escape.h"

#include <errno.h>
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

static struct {
	log_sink_fn fn;
	void *arg;
} sinks[LOG_MAX_SINKS];
static bool to_stderr = true;
static enum log_level max_level = LOGL_INFO;
static char ident[32] = "";
static int journal = -1;             /* stderr is the journal: -1 not checked yet */
static log_raw_fn raw_hook;

static const char *const level_names[] = { "error", "warning", "notice", "info", "debug" };

void log_debug_set(enum log_debug cat, bool on)
{
	if ((unsigned)cat >= DBG_COUNT)
		return;
	if (on)
		log_debug_mask |= 1u << cat;
	else
		log_debug_mask &= ~(1u << cat);
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
	for (int i = 0; i < LOG_MAX_SINKS; i++) {
		if (sinks[i].fn == NULL) {
			sinks[i].fn = fn;
			sinks[i].arg = arg;
			return 0;
		}
	}
	errno = ENOSPC;
	return -1;
}

void log_sink_remove(log_sink_fn fn, void *arg)
{
	for (int i = 0; i < LOG_MAX_SINKS; i++)
		if (sinks[i].fn == fn && sinks[i].arg == arg)
			sinks[i].fn = NULL;
}

void log_stderr(bool on) { to_stderr = on; }
void log_set_raw_hook(log_raw_fn fn) { raw_hook = fn; }

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

void log_set_level(enum log_level max) { max_level = max; }

void log_set_ident(const char *id)
{
	snprintf(ident, sizeof(ident), "%s", id);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX], msg[LOG_LINE_MAX], stamp[48], zone[8];
	struct timespec ts;
	struct tm tm;
	int n;
	va_list ap;

	if (level > max_level && level != LOGL_DEBUG)
		return;
	if (journal < 0)
		journal = log_stderr_is_journal();
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
	if (to_stderr) {
		if (journal)
			fprintf(stderr, "<%d>%s\n", log_level_severity(level), line);
		else
			fprintf(stderr, "%s\n", line);
	}
	for (int i = 0; i < LOG_MAX_SINKS; i++)
		if (sinks[i].fn != NULL)
			sinks[i].fn(sinks[i].arg, level, line);
	if (raw_hook != NULL)
		raw_hook(level, line + n);
}
