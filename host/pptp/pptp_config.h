/*
 * The "vpdn" configuration section: vpdn enable, vpdn-group and the
 * PPTP tuning commands of the Cisco "PPTP with MPPE" feature, with the
 * ranges and defaults of its command reference.
 */
#ifndef HOST_PPTP_PPTP_CONFIG_H
#define HOST_PPTP_PPTP_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/config.h"
#include "pptp_ctrl.h"

#define VPDN_MAX_GROUPS 16

/* Command reference defaults (the ranges are in the command patterns of
 * pptp_config.c, e.g. "receive-window <1-64>", which the parser enforces) */
#define VPDN_RWS_DEFAULT 16
#define VPDN_RTT_DEFAULT 1500
#define VPDN_ECHO_DEFAULT 60
/* Per-source limits (no IOS counterpart; see docs/config.md). Generous
 * enough for a NAT gateway with many users; each can be raised. */
#define VPDN_SRC_PENDING_DEFAULT 128
#define VPDN_SRC_TUNNELS_DEFAULT 2048
#define VPDN_SRC_SESSIONS_DEFAULT 4096

enum vpdn_protocol { VPDN_PROTO_NONE, VPDN_PROTO_PPTP };

struct vpdn_group {
	bool used;
	uint32_t number;
	bool accept_dialin;
	enum vpdn_protocol protocol;      /* of the accept-dialin block */
	uint32_t virtual_template;        /* 0 = not set */
	int line;                         /* of `vpdn-group N` (for whole-file checks) */
	int vt_line, vt_col;              /* of `virtual-template N`'s number */
	char local_name[CFG_WORD_MAX];    /* "" = use hostname */
	uint16_t recv_window;
	uint16_t static_rtt_ms;
	uint16_t echo_s;
	uint32_t src_pending, src_tunnels, src_sessions;   /* pptp limit source ... */
};

struct vpdn_config {
	bool enabled;                     /* vpdn enable */
	struct vpdn_group groups[VPDN_MAX_GROUPS];
};

extern const struct cfg_section vpdn_cfg_section;
int vpdn_cfg_register(void);

/* The group that accepts PPTP dial-in (the first with accept-dialin and
 * protocol pptp), or NULL. */
const struct vpdn_group *vpdn_pptp_group(const struct vpdn_config *v);
/* Fill params from a configuration (defaults where there is no group);
 * hostname is the fallback for the SCCRP host name. */
void vpdn_to_params(const struct vpdn_config *v, const char *hostname, struct pptp_params *p);

#endif
