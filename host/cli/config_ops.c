/*
 * The "engine" and "ios" configuration sections (see config_ops.h).
 */
#include "config_ops.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- engine ---- */

/* Checks a spec's form; 0, or -1 with a reason in why. */
static int eng_spec_check(const char *spec, char *why, size_t whylen)
{
	if (strcmp(spec, "sw") == 0)
		return 0;
	if (strncmp(spec, "cardsim:", 8) == 0) {
		if (spec[8] == '\0') {
			snprintf(why, whylen, "cardsim: needs the simulator's socket path (cardsim:/run/x.sock)");
			return -1;
		}
		return 0;
	}
	if (strncmp(spec, "vfio:", 5) == 0) {
		/* domain:bus:device.function, e.g. 0000:03:00.0 */
		const char *a = spec + 5;
		static const char form[] = "xxxx:xx:xx.x";
		bool ok = strlen(a) == sizeof(form) - 1;
		for (size_t i = 0; ok && i < sizeof(form) - 1; i++)
			ok = form[i] == 'x' ? isxdigit((unsigned char)a[i]) != 0 : a[i] == form[i];
		if (!ok || a[11] > '7') {
			snprintf(why, whylen, "vfio: needs a PCI address DDDD:BB:DD.F (e.g. vfio:0000:03:00.0)");
			return -1;
		}
		return 0;
	}
	if (strncmp(spec, "cards:", 6) == 0) {
		/* several cards as one engine: cards:SPEC,SPEC,... (docs/driver.md) */
		char one[256];
		const char *s = spec + 6;
		unsigned n = 0;
		do {
			size_t len = strcspn(s, ",");
			if (len == 0 || len >= sizeof(one) || n++ == 8) {
				snprintf(why, whylen, "cards: takes 1 to 8 cardsim:SOCKET or vfio:ADDRESS, comma-separated");
				return -1;
			}
			memcpy(one, s, len);
			one[len] = '\0';
			if (strncmp(one, "cards:", 6) == 0 || strcmp(one, "sw") == 0 ||
			    eng_spec_check(one, why, whylen) < 0) {
				if (strncmp(one, "cards:", 6) == 0 || strcmp(one, "sw") == 0)
					snprintf(why, whylen, "cards: takes cardsim:SOCKET or vfio:ADDRESS entries");
				return -1;
			}
			s += len + (s[len] == ',');
		} while (*s);
		return 0;
	}
	snprintf(why, whylen, "engine must be sw, cardsim:SOCKET, vfio:PCI-ADDRESS or cards:SPEC,SPEC,...");
	return -1;
}

const char *eng_spec(const struct eng_config *e)
{
	return e != NULL && e->controller && e->mppe && e->spec[0] ? e->spec : "sw";
}

static int apply_controller(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct eng_config *e = blk;
	unsigned slot, port;
	char tail;

	if (no) {
		if (e->controller && (!a->v[0].present || strcmp(e->slot, a->v[0].str) == 0))
			memset(e, 0, sizeof(*e));
		return 0;
	}
	if (sscanf(a->v[0].str, "%u/%u%c", &slot, &port, &tail) != 2 || slot > 255 || port > 255)
		return cfg_fail(p, a->v[0].col, "'%s' is not SLOT/PORT (e.g. 5/0)", a->v[0].str);
	if (e->controller && e->mppe && strcmp(e->slot, a->v[0].str) != 0)
		return cfg_fail(p, a->v[0].col, "controller isa %s already does MPPE; one engine at a time",
				e->slot);
	if (!e->controller || strcmp(e->slot, a->v[0].str) != 0) {
		memset(e, 0, sizeof(*e));
		e->controller = true;
		snprintf(e->slot, sizeof(e->slot), "%u/%u", slot, port);
	}
	return 0;
}

static int apply_encryption_mppe(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct eng_config *e = blk;
	char why[128];

	if (no) {
		e->mppe = false;
		e->spec[0] = '\0';
		return 0;
	}
	if (a->v[0].present) {
		if (eng_spec_check(a->v[0].str, why, sizeof(why)) < 0)
			return cfg_fail(p, a->v[0].col, "%s", why);
		snprintf(e->spec, sizeof(e->spec), "%s", a->v[0].str);
	} else {
		e->spec[0] = '\0';
		cfg_notice(p, "controller isa %s: no engine named; MPPE runs in software "
			   "(write 'encryption mppe cardsim:SOCKET' or 'encryption mppe vfio:PCI-ADDRESS' "
			   "for a card)", e->slot);
	}
	e->mppe = true;
	return 0;
}

static void eng_write(const void *blk, FILE *out)
{
	const struct eng_config *e = blk;

	if (!e->controller)
		return;
	fprintf(out, "controller ISA %s\n", e->slot);
	if (e->mppe)
		fprintf(out, " encryption mppe%s%s\n", e->spec[0] ? " " : "", e->spec);
}

#define NOMODE CFG_MODE_NONE
static const struct cfg_cmd eng_cmds[] = {
	{ CFG_MODE_GLOBAL, "controller isa WORD", apply_controller, CFG_MODE_CONTROLLER, CFG_F_NO,
	  "The MPPE offload card (ISA in the Cisco feature)" },
	{ CFG_MODE_CONTROLLER, "encryption mppe [WORD]", apply_encryption_mppe, NOMODE, CFG_F_NO,
	  "Run MPPE on an engine: sw, cardsim:SOCKET or vfio:PCI-ADDRESS" },
	{ CFG_MODE_CONTROLLER, "encryption ipsec", NULL, NOMODE, CFG_F_NOTICE | CFG_F_NO,
	  "IPSec on the ISA card (not in this product)" },
};

const struct cfg_section eng_cfg_section = {
	.name = "engine",
	.size = sizeof(struct eng_config),
	.write = eng_write,
	.cmds = eng_cmds,
	.ncmds = sizeof(eng_cmds) / sizeof(eng_cmds[0]),
};

/* ---- IOS commands accepted with a notice ---- */

#define N(mode, syntax) { mode, syntax, NULL, NOMODE, CFG_F_NOTICE | CFG_F_NO, NULL }
#define NB(mode, syntax) { mode, syntax, NULL, CFG_MODE_IGNORED, CFG_F_NOTICE | CFG_F_NO, NULL }
#define G CFG_MODE_GLOBAL
#define I CFG_MODE_INTERFACE
static const struct cfg_cmd ios_cmds[] = {
	/* global */
	N(G, "current configuration LINE"), N(G, "building configuration LINE"),
	N(G, "version LINE"), N(G, "service LINE"), N(G, "enable LINE"),
	/* logging host/facility/trap/syslog are ours (config_logging.c) */
	N(G, "logging {buffered|console|monitor|source-interface|origin-id|rate-limit|queue-limit|history|"
	     "on|count|exception|persistent|discriminator|userinfo|file|event|snmp-trap|message-counter|"
	     "alarm|delimiter|reload|cns-events|server-arp|esm|filter|linecard|debug-trace} LINE"),
	N(G, "ip subnet-zero"), N(G, "ip domain-lookup"), N(G, "ip domain-name LINE"),
	N(G, "ip domain lookup"), N(G, "ip domain name LINE"), N(G, "ip name-server LINE"),
	N(G, "ip classless"), N(G, "ip route LINE"), N(G, "ip http LINE"), N(G, "ip cef LINE"),
	N(G, "ip source-route"), N(G, "ip multicast-routing LINE"), N(G, "ip ssh LINE"),
	N(G, "memory LINE"), N(G, "process-max-time LINE"), N(G, "aaa LINE"),
	N(G, "radius-server LINE"), N(G, "snmp-server LINE"), N(G, "ntp LINE"), N(G, "clock LINE"),
	N(G, "boot LINE"), N(G, "boot-start-marker"), N(G, "boot-end-marker"),
	N(G, "access-list LINE"), N(G, "exception LINE"), N(G, "scheduler LINE"), N(G, "cdp LINE"),
	N(G, "vpdn search-order LINE"), N(G, "vpdn logging LINE"),
	NB(G, "line LINE"), NB(G, "router LINE"), NB(G, "ip access-list LINE"), NB(G, "crypto LINE"),
	/* interface */
	N(I, "ip directed-broadcast"), N(I, "ip mroute-cache"), N(I, "ip route-cache LINE"),
	N(I, "ip redirects"), N(I, "ip unreachables"), N(I, "ip proxy-arp"),
	N(I, "ip tcp adjust-mss LINE"), N(I, "ip nat LINE"), N(I, "ip access-group LINE"),
	N(I, "keepalive LINE"), N(I, "duplex LINE"), N(I, "speed LINE"), N(I, "shutdown"),
	N(I, "framing LINE"), N(I, "cablelength LINE"), N(I, "dsu LINE"), N(I, "description LINE"),
	N(I, "encapsulation LINE"), N(I, "bandwidth LINE"), N(I, "load-interval LINE"),
	N(I, "media-type LINE"), N(I, "clock LINE"),
};
#undef N
#undef NB
#undef G
#undef I

const struct cfg_section ios_cfg_section = {
	.name = "ios",
	.cmds = ios_cmds,
	.ncmds = sizeof(ios_cmds) / sizeof(ios_cmds[0]),
};
