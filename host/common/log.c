/*
 * Logging to sinks, with debug categories. See log.h.
 */
#include "log.h"
#include "escape.h"
#include "evloop.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
static uint64_t start_ms;

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
void log_set_level(enum log_level max) { max_level = max; }

void log_set_ident(const char *id)
{
	snprintf(ident, sizeof(ident), "%s", id);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX], msg[LOG_LINE_MAX];
	uint64_t up;
	int n;
	va_list ap;

	if (level > max_level && level != LOGL_DEBUG)
		return;
	if (start_ms == 0)
		start_ms = ev_clock_ms();
	up = (ev_clock_ms() - start_ms);
	/* IOS "service timestamps ... uptime" style: hh:mm:ss.mmm since start. */
	n = snprintf(line, sizeof(line), "%s%s%02u:%02u:%02u.%03u %s: ", ident, ident[0] ? " " : "",
		     (unsigned)(up / 3600000u), (unsigned)(up / 60000u % 60u),
		     (unsigned)(up / 1000u % 60u), (unsigned)(up % 1000u), level_names[level]);
	if (n < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* names from the network are in many messages: no forged lines, no terminal control */
	str_escape(line + n, sizeof(line) - (size_t)n, msg);
	if (to_stderr)
		fprintf(stderr, "%s\n", line);
	for (int i = 0; i < LOG_MAX_SINKS; i++)
		if (sinks[i].fn != NULL)
			sinks[i].fn(sinks[i].arg, level, line);
}
