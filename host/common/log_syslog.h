/*
 * Log messages to syslog: to remote hosts over UDP (IOS `logging host`,
 * RFC 3164 with the host name) and to the local syslog socket (/dev/log,
 * `logging syslog`), with the configured facility (`logging facility`),
 * only up to the configured severity (`logging trap`). The configuration
 * commands are in host/cli/config_logging.c.
 *
 * Sending never blocks: the sockets are non-blocking and a message the
 * kernel cannot take now is counted as dropped, as a UDP datagram lost on
 * the way would be. A local socket that went away (syslog daemon
 * restarted) is reconnected at the next message.
 */
#ifndef HOST_COMMON_LOG_SYSLOG_H
#define HOST_COMMON_LOG_SYSLOG_H

#include "log.h"

#include <stdbool.h>
#include <stdint.h>

#define LOG_SYSLOG_MAX_HOSTS 8
#define LOG_SYSLOG_PATH_MAX 108      /* sun_path */

struct log_syslog_config {
	int facility;                    /* 0-23 (RFC 5424 6.2.1); local7 = 23 is IOS's default */
	int trap;                        /* highest severity sent, 0-7; IOS default 6 (informational) */
	bool local;                      /* to the local socket */
	char path[LOG_SYSLOG_PATH_MAX];  /* "" = /dev/log */
	unsigned n_hosts;
	uint32_t host[LOG_SYSLOG_MAX_HOSTS];   /* IPv4, network order */
	uint16_t port[LOG_SYSLOG_MAX_HOSTS];   /* host order; 514 by default */
};

/* Start (or change, or with nothing configured stop) logging to syslog
 * with this configuration; the previous sockets are closed. 0, or -1 when
 * a socket could not be made (logged; the rest still works). */
int log_syslog_apply(const struct log_syslog_config *c, const char *ident);

/* Facility and level names of IOS's `logging facility` / `logging trap`. */
int log_syslog_facility(const char *name);       /* -1 if unknown */
const char *log_syslog_facility_name(int facility);
int log_syslog_level(const char *name);          /* "informational" or "6"; -1 if unknown */
const char *log_syslog_level_name(int level);

#endif
