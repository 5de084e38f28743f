/*
 * The "aaa" configuration section: authentication, accounting and the
 * RADIUS servers, in IOS syntax (docs/config.md, "AAA and RADIUS").
 *
 *   aaa new-model
 *   aaa authentication ppp default {group radius|local} [local|group radius]
 *   aaa authorization network default ...       (accepted: RADIUS authorizes in its Access-Accept)
 *   aaa accounting network default {start-stop|stop-only|none} [group] radius
 *   radius-server host A.B.C.D [auth-port N] [acct-port N] [key [0] SECRET]
 *   radius-server key [0] SECRET
 *   radius-server timeout S           radius-server retransmit N
 *   ip radius source-interface IF
 *   aaa server radius dynamic-author       (RFC 5176 Disconnect/CoA; sub-mode)
 *    client A.B.C.D [server-key [0] SECRET]
 *    server-key [0] SECRET
 *    port N                                (1700 as IOS; RFC 5176 says 3799)
 *
 * Only values here; the daemon (host/radius) turns them into a client.
 */
#ifndef HOST_CLI_CONFIG_AAA_H
#define HOST_CLI_CONFIG_AAA_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/config.h"

#define AAA_MAX_HOSTS   8
#define AAA_MAX_METHODS 2
#define AAA_MAX_DAE_CLIENTS 8

enum aaa_method { AAA_LOCAL, AAA_RADIUS };
enum aaa_acct { AAA_ACCT_NONE, AAA_ACCT_START_STOP, AAA_ACCT_STOP_ONLY };

struct aaa_host {
	uint32_t addr;                   /* host byte order */
	uint16_t auth_port, acct_port;   /* 1812 / 1813 unless given; 0: not used for that */
	char key[CFG_WORD_MAX];          /* "" = the global key; wiped on release */
	int line, col;                   /* where it was configured (pnsd -t's messages) */
};

struct aaa_config {
	bool new_model;
	int radius_line, radius_col;             /* the last line naming 'group radius' (messages) */
	enum aaa_method auth[AAA_MAX_METHODS];   /* order = fallback order */
	unsigned n_auth;                         /* 0: local (no aaa authentication ppp) */
	enum aaa_acct acct;
	unsigned n_hosts;
	struct aaa_host hosts[AAA_MAX_HOSTS];
	char key[CFG_WORD_MAX];                  /* radius-server key; wiped on release */
	unsigned timeout_s;                      /* 5 */
	unsigned retransmit;                     /* 3 */
	char source_if[CFG_WORD_MAX];            /* "" = none */
	/* aaa server radius dynamic-author */
	bool dae;
	int dae_line;                            /* the 'aaa server radius dynamic-author' line */
	uint16_t dae_port;                       /* 1700 */
	unsigned n_dae_clients;
	struct aaa_dae_client {
		uint32_t addr;                   /* host byte order */
		char key[CFG_WORD_MAX];          /* "" = server-key; wiped on release */
		int line, col;
	} dae_clients[AAA_MAX_DAE_CLIENTS];
	char dae_key[CFG_WORD_MAX];              /* server-key */
};

extern const struct cfg_section aaa_cfg_section;
int aaa_cfg_register(void);

/* Whether sessions authenticate through RADIUS (first or only method). */
bool aaa_uses_radius(const struct aaa_config *a);

#endif
