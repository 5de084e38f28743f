/*
 * vpdn configuration commands. Command reference:
 * ../shared/reference/000_52cb57d9d872e4a1.txt ("pptp flow-control
 * receive-window": 1-64, default 16; "static-rtt": 100-5000 ms, default
 * 1500; "pptp tunnel echo": 0-1000 s, default 60).
 */
#include "pptp_config.h"

#include <stdio.h>
#include <string.h>

static void group_defaults(struct vpdn_group *g)
{
	memset(g, 0, sizeof(*g));
	g->recv_window = VPDN_RWS_DEFAULT;
	g->static_rtt_ms = VPDN_RTT_DEFAULT;
	g->echo_s = VPDN_ECHO_DEFAULT;
	g->src_pending = VPDN_SRC_PENDING_DEFAULT;
	g->src_tunnels = VPDN_SRC_TUNNELS_DEFAULT;
	g->src_sessions = VPDN_SRC_SESSIONS_DEFAULT;
}

static void vpdn_init(void *blk)
{
	struct vpdn_config *v = blk;

	for (int i = 0; i < VPDN_MAX_GROUPS; i++)
		group_defaults(&v->groups[i]);
}

static int apply_vpdn_enable(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	(void)p;
	(void)a;
	((struct vpdn_config *)blk)->enabled = !no;
	return 0;
}

static int apply_vpdn_group(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct vpdn_config *v = blk;
	struct vpdn_group *free_slot = NULL;
	uint32_t n = a->v[0].num;

	for (int i = 0; i < VPDN_MAX_GROUPS; i++) {
		struct vpdn_group *g = &v->groups[i];
		if (g->used && g->number == n) {
			if (no) {
				group_defaults(g);
				return 0;
			}
			cfg_set_mode_obj(p, g);
			return 0;
		}
		if (!g->used && free_slot == NULL)
			free_slot = g;
	}
	if (no)
		return 0;
	if (free_slot == NULL)
		return cfg_fail(p, a->v[0].col, "too many vpdn-groups (at most %d)", VPDN_MAX_GROUPS);
	free_slot->used = true;
	free_slot->number = n;
	free_slot->line = cfg_line(p);
	cfg_set_mode_obj(p, free_slot);
	return 0;
}

static struct vpdn_group *cur_group(struct cfg_parse *p)
{
	return cfg_mode_obj(p);
}

static int apply_accept_dialin(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct vpdn_group *g = cur_group(p);

	(void)blk;
	(void)a;
	g->accept_dialin = !no;
	if (no) {
		g->protocol = VPDN_PROTO_NONE;
		g->virtual_template = 0;
	}
	return 0;
}

static int apply_protocol(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct vpdn_group *g = cur_group(p);

	(void)blk;
	if (no) {
		g->protocol = VPDN_PROTO_NONE;
		return 0;
	}
	/* {pptp|l2tp|l2f|any}: IOS knows them all; this product is PPTP only. */
	if (a->v[0].choice != 0)
		return cfg_fail(p, a->v[0].col, "protocol %s is not supported (only pptp)", a->v[0].str);
	g->protocol = VPDN_PROTO_PPTP;
	return 0;
}

static int apply_virtual_template(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct vpdn_group *g = cur_group(p);

	(void)blk;
	g->virtual_template = no ? 0 : a->v[0].num;
	g->vt_line = no ? 0 : cfg_line(p);
	g->vt_col = no ? 0 : a->v[0].col;
	return 0;
}

static int apply_local_name(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct vpdn_group *g = cur_group(p);

	(void)blk;
	if (no)
		g->local_name[0] = '\0';
	else
		snprintf(g->local_name, sizeof(g->local_name), "%s", a->v[0].str);
	return 0;
}

static int apply_rws(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	(void)blk;
	cur_group(p)->recv_window = no ? VPDN_RWS_DEFAULT : (uint16_t)a->v[0].num;
	return 0;
}

static int apply_rtt(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	(void)blk;
	cur_group(p)->static_rtt_ms = no ? VPDN_RTT_DEFAULT : (uint16_t)a->v[0].num;
	return 0;
}

static int apply_echo(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	(void)blk;
	cur_group(p)->echo_s = no ? VPDN_ECHO_DEFAULT : (uint16_t)a->v[0].num;
	return 0;
}

/* pptp limit source {half-open|tunnels|sessions} <n> */
static int apply_src_limit(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct vpdn_group *g = cur_group(p);
	static const uint32_t defaults[] = { VPDN_SRC_PENDING_DEFAULT, VPDN_SRC_TUNNELS_DEFAULT,
					     VPDN_SRC_SESSIONS_DEFAULT };
	uint32_t *field[] = { &g->src_pending, &g->src_tunnels, &g->src_sessions };
	int which = a->v[0].choice;

	(void)blk;
	*field[which] = no ? defaults[which] : a->v[1].num;
	return 0;
}

static int vpdn_validate(struct cfg_parse *p, void *blk)
{
	struct vpdn_config *v = blk;

	for (int i = 0; i < VPDN_MAX_GROUPS; i++) {
		const struct vpdn_group *g = &v->groups[i];
		if (g->used && g->accept_dialin && g->protocol == VPDN_PROTO_NONE)
			cfg_warn_at(p, g->line, 1, "vpdn-group %u: accept-dialin without 'protocol pptp' accepts "
				    "nothing", g->number);
		/* (a virtual-template with no interface of that number: the access
		 * section's check, which sees the interfaces) */
		if (g->used && g->accept_dialin && g->protocol == VPDN_PROTO_PPTP && !g->virtual_template)
			cfg_warn_at(p, g->line, 1, "vpdn-group %u: accept-dialin has no 'virtual-template': calls "
				    "come up without PPP, which no client can use (a test of the PPTP layer only)",
				    g->number);
	}
	return 0;
}

static void vpdn_write(const void *blk, FILE *out)
{
	const struct vpdn_config *v = blk;

	if (v->enabled)
		fputs("vpdn enable\n", out);
	for (int i = 0; i < VPDN_MAX_GROUPS; i++) {
		const struct vpdn_group *g = &v->groups[i];
		if (!g->used)
			continue;
		fprintf(out, "!\nvpdn-group %u\n", g->number);
		if (g->accept_dialin) {
			fputs(" accept-dialin\n", out);
			if (g->protocol == VPDN_PROTO_PPTP)
				fputs("  protocol pptp\n", out);
			if (g->virtual_template)
				fprintf(out, "  virtual-template %u\n", g->virtual_template);
		}
		if (g->local_name[0])
			fprintf(out, " local name %s\n", g->local_name);
		if (g->recv_window != VPDN_RWS_DEFAULT)
			fprintf(out, " pptp flow-control receive-window %u\n", g->recv_window);
		if (g->static_rtt_ms != VPDN_RTT_DEFAULT)
			fprintf(out, " pptp flow-control static-rtt %u\n", g->static_rtt_ms);
		if (g->echo_s != VPDN_ECHO_DEFAULT)
			fprintf(out, " pptp tunnel echo %u\n", g->echo_s);
		if (g->src_pending != VPDN_SRC_PENDING_DEFAULT)
			fprintf(out, " pptp limit source half-open %u\n", g->src_pending);
		if (g->src_tunnels != VPDN_SRC_TUNNELS_DEFAULT)
			fprintf(out, " pptp limit source tunnels %u\n", g->src_tunnels);
		if (g->src_sessions != VPDN_SRC_SESSIONS_DEFAULT)
			fprintf(out, " pptp limit source sessions %u\n", g->src_sessions);
	}
}

#define NOMODE CFG_MODE_NONE
static const struct cfg_cmd vpdn_cmds[] = {
	{ CFG_MODE_GLOBAL, "vpdn enable", apply_vpdn_enable, NOMODE, CFG_F_NO,
	  "Enable virtual private dial-up networking" },
	{ CFG_MODE_GLOBAL, "vpdn-group <1-65535>", apply_vpdn_group, CFG_MODE_VPDN, CFG_F_NO,
	  "Enter VPDN group configuration" },
	/* The feature document spells it both ways ("accept dialin" in the
	 * task table, "accept-dialin" in the example). */
	{ CFG_MODE_VPDN, "accept-dialin", apply_accept_dialin, CFG_MODE_VPDN_ACC_IN, CFG_F_NO,
	  "Accept dial-in tunnels" },
	{ CFG_MODE_VPDN, "accept dialin", apply_accept_dialin, CFG_MODE_VPDN_ACC_IN, CFG_F_NO,
	  "Accept dial-in tunnels" },
	{ CFG_MODE_VPDN_ACC_IN, "protocol {pptp|l2tp|l2f|any}", apply_protocol, NOMODE, CFG_F_NO,
	  "Tunnelling protocol" },
	{ CFG_MODE_VPDN_ACC_IN, "virtual-template <1-200>", apply_virtual_template, NOMODE, CFG_F_NO,
	  "Virtual template to clone virtual-access interfaces from" },
	{ CFG_MODE_VPDN, "local name WORD", apply_local_name, NOMODE, CFG_F_NO,
	  "Name this tunnel server gives in SCCRP (default: hostname)" },
	{ CFG_MODE_VPDN, "pptp flow-control receive-window <1-64>", apply_rws, NOMODE, CFG_F_NO,
	  "Packets the client may send before it waits for an acknowledgment" },
	{ CFG_MODE_VPDN, "pptp flow-control static-rtt <100-5000>", apply_rtt, NOMODE, CFG_F_NO,
	  "Milliseconds without acknowledgment before the flow-control alarm" },
	{ CFG_MODE_VPDN, "pptp tunnel echo <0-1000>", apply_echo, NOMODE, CFG_F_NO,
	  "Idle seconds before an Echo-Request (0: never)" },
	/* The upper bound is the server-wide limit of each (pptp_params_default). */
	{ CFG_MODE_VPDN, "pptp limit source {half-open|tunnels|sessions} <1-60000>", apply_src_limit,
	  NOMODE, CFG_F_NO,
	  "Most half-open connections / tunnels / sessions one source address may hold" },
};

const struct cfg_section vpdn_cfg_section = {
	.name = "vpdn",
	.size = sizeof(struct vpdn_config),
	.init = vpdn_init,
	.validate = vpdn_validate,
	.write = vpdn_write,
	.cmds = vpdn_cmds,
	.ncmds = sizeof(vpdn_cmds) / sizeof(vpdn_cmds[0]),
};

int vpdn_cfg_register(void)
{
	return cfg_section_register(&vpdn_cfg_section);
}

const struct vpdn_group *vpdn_pptp_group(const struct vpdn_config *v)
{
	for (int i = 0; i < VPDN_MAX_GROUPS; i++) {
		const struct vpdn_group *g = &v->groups[i];
		if (g->used && g->accept_dialin && g->protocol == VPDN_PROTO_PPTP)
			return g;
	}
	return NULL;
}

void vpdn_to_params(const struct vpdn_config *v, const char *hostname, struct pptp_params *p)
{
	const struct vpdn_group *g = v ? vpdn_pptp_group(v) : NULL;

	pptp_params_default(p);
	if (hostname != NULL && hostname[0])
		snprintf(p->local_name, sizeof(p->local_name), "%s", hostname);
	if (g == NULL)
		return;
	p->recv_window = g->recv_window;
	p->static_rtt_ms = g->static_rtt_ms;
	p->echo_interval_s = g->echo_s;
	p->src_max_pending = g->src_pending;
	p->src_max_tunnels = g->src_tunnels;
	p->src_max_sessions = g->src_sessions;
	if (g->local_name[0])
		snprintf(p->local_name, sizeof(p->local_name), "%s", g->local_name);
}

void pptp_params_default(struct pptp_params *p)
{
	memset(p, 0, sizeof(*p));
	p->recv_window = VPDN_RWS_DEFAULT;
	p->static_rtt_ms = VPDN_RTT_DEFAULT;
	p->echo_interval_s = VPDN_ECHO_DEFAULT;
	p->echo_timeout_ms = 20000;      /* "hard coded" 20 s, pptp tunnel echo usage guidelines */
	p->sccrq_timeout_ms = 10000;     /* RFC 2637 sec 3.1.4 allows 60 s; slow senders cost us memory */
	p->call_timeout_ms = 10000;
	p->stop_timeout_ms = 5000;
	p->max_tunnels = 20000;
	p->max_pending = 2048;
	p->max_calls_per_tunnel = 4096;
	p->max_sessions = 60000;
	p->src_max_pending = VPDN_SRC_PENDING_DEFAULT;
	p->src_max_tunnels = VPDN_SRC_TUNNELS_DEFAULT;
	p->src_max_sessions = VPDN_SRC_SESSIONS_DEFAULT;
	p->enforce_peer_window = false;
	snprintf(p->vendor, sizeof(p->vendor), "pptp-mppe pnsd");
}
