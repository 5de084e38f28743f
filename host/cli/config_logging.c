/*
 * The "logging" configuration section (see config_logging.h).
 */
#include "config_logging.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static void log_init(void *blk)
{
	struct log_syslog_config *c = blk;

	c->facility = 23;       /* local7, as IOS */
	c->trap = 6;            /* informational, as IOS */
}

static int apply_host(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct log_syslog_config *c = blk;
	uint32_t addr = a->v[0].ipv4;
	uint16_t port = a->n > 4 && a->v[4].present ? (uint16_t)a->v[4].num : 514;
	unsigned i;

	if (a->n > 3 && a->v[3].present && !a->v[4].present)
		return cfg_fail(p, a->v[3].col, "port needs a number (1-65535)");
	for (i = 0; i < c->n_hosts && c->host[i] != addr; i++)
		;
	if (no) {
		if (!a->v[0].present) {
			c->n_hosts = 0;
			return 0;
		}
		if (i < c->n_hosts) {
			memmove(&c->host[i], &c->host[i + 1], (c->n_hosts - i - 1) * sizeof(c->host[0]));
			memmove(&c->port[i], &c->port[i + 1], (c->n_hosts - i - 1) * sizeof(c->port[0]));
			c->n_hosts--;
		}
		return 0;
	}
	if (i == c->n_hosts) {          /* the same host again replaces it, as on IOS */
		if (c->n_hosts == LOG_SYSLOG_MAX_HOSTS)
			return cfg_fail(p, a->v[0].col, "at most %d logging hosts", LOG_SYSLOG_MAX_HOSTS);
		c->n_hosts++;
	}
	c->host[i] = addr;
	c->port[i] = port;
	return 0;
}

static int apply_facility(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct log_syslog_config *c = blk;
	int f;

	if (no) {
		c->facility = 23;
		return 0;
	}
	f = log_syslog_facility(a->v[0].str);
	if (f < 0)
		return cfg_fail(p, a->v[0].col, "'%s' is not a facility: auth, cron, daemon, kern, local0-local7, "
				"lpr, mail, news, syslog, user, uucp", a->v[0].str);
	c->facility = f;
	return 0;
}

static int apply_trap(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct log_syslog_config *c = blk;
	int l;

	if (no) {                       /* IOS: nothing to the syslog servers */
		c->trap = -1;
		return 0;
	}
	if (!a->v[0].present) {
		c->trap = 6;
		return 0;
	}
	l = log_syslog_level(a->v[0].str);
	if (l < 0)
		return cfg_fail(p, a->v[0].col, "'%s' is not a level: 0-7, emergencies, alerts, critical, errors, "
				"warnings, notifications, informational, debugging", a->v[0].str);
	c->trap = l;
	return 0;
}

static int apply_syslog(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct log_syslog_config *c = blk;

	c->local = !no;
	c->path[0] = '\0';
	if (!no && a->v[0].present) {
		if (a->v[0].str[0] != '/' || strlen(a->v[0].str) >= sizeof(c->path))
			return cfg_fail(p, a->v[0].col, "the syslog socket must be an absolute path of at most %zu "
					"characters", sizeof(c->path) - 1);
		snprintf(c->path, sizeof(c->path), "%s", a->v[0].str);
	}
	return 0;
}

static void log_write(const void *blk, FILE *out)
{
	const struct log_syslog_config *c = blk;
	char ip[INET_ADDRSTRLEN];

	if (c->facility != 23)
		fprintf(out, "logging facility %s\n", log_syslog_facility_name(c->facility));
	if (c->trap < 0)
		fprintf(out, "no logging trap\n");
	else if (c->trap != 6)
		fprintf(out, "logging trap %s\n", log_syslog_level_name(c->trap));
	for (unsigned i = 0; i < c->n_hosts; i++) {
		inet_ntop(AF_INET, &c->host[i], ip, sizeof(ip));
		if (c->port[i] != 514)
			fprintf(out, "logging host %s transport udp port %u\n", ip, c->port[i]);
		else
			fprintf(out, "logging host %s\n", ip);
	}
	if (c->local)
		fprintf(out, "logging syslog%s%s\n", c->path[0] ? " " : "", c->path);
}

#define NOMODE CFG_MODE_NONE
static const struct cfg_cmd log_cmds[] = {
	{ CFG_MODE_GLOBAL, "logging host A.B.C.D [transport] [udp] [port] [<1-65535>]", apply_host, NOMODE,
	  CFG_F_NO, "Send log messages to a syslog server (UDP, port 514 by default)" },
	{ CFG_MODE_GLOBAL, "logging A.B.C.D", apply_host, NOMODE, CFG_F_NO,
	  "Send log messages to a syslog server (older IOS form of logging host)" },
	{ CFG_MODE_GLOBAL, "logging facility WORD", apply_facility, NOMODE, CFG_F_NO,
	  "Syslog facility of the messages (default local7)" },
	{ CFG_MODE_GLOBAL, "logging trap [WORD]", apply_trap, NOMODE, CFG_F_NO,
	  "Highest severity sent to syslog (default informational)" },
	{ CFG_MODE_GLOBAL, "logging syslog [WORD]", apply_syslog, NOMODE, CFG_F_NO,
	  "Also log to the local syslog socket (default /dev/log)" },
};

const struct cfg_section log_cfg_section = {
	.name = "logging",
	.size = sizeof(struct log_syslog_config),
	.init = log_init,
	.write = log_write,
	.cmds = log_cmds,
	.ncmds = sizeof(log_cmds) / sizeof(log_cmds[0]),
};

void logging_apply(const struct cfg *c, const char *ident)
{
	const struct log_syslog_config *l = c ? cfg_block(c, &log_cfg_section) : NULL;

	log_syslog_apply(l, ident);
}
