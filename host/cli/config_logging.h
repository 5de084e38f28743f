/*
 * The "logging" configuration section: where pnsd's messages go besides
 * stderr (host/common/log_syslog.h). IOS commands:
 *   logging host A.B.C.D [transport udp [port N]]   (also the old `logging A.B.C.D`)
 *   logging facility NAME                           default local7
 *   logging trap [LEVEL]                            default informational
 * and ours (IOS has no local syslog daemon):
 *   logging syslog [PATH]                           the local socket, /dev/log by default
 * Other `logging` commands of IOS (buffered, console, ...) get a notice
 * (host/cli/config_ops.c).
 */
#ifndef HOST_CLI_CONFIG_LOGGING_H
#define HOST_CLI_CONFIG_LOGGING_H

#include "../common/config.h"
#include "../common/log_syslog.h"

extern const struct cfg_section log_cfg_section;

/* Start logging to syslog as configuration c says (at start and reload). */
void logging_apply(const struct cfg *c, const char *ident);

#endif
