/*
 * The "access" configuration section: what a dial-in session is made of,
 * in the IOS commands of the Cisco "PPTP with MPPE" feature document.
 *
 *   username NAME password 0 SECRET
 *   ip local pool NAME FIRST [LAST]
 *   async-bootp dns-server A [B]      async-bootp nbns-server A [B]
 *   interface Virtual-TemplateN       (and physical interfaces: ip address)
 *    ip unnumbered IF
 *    ppp authentication {ms-chap|ms-chap-v2|chap|pap} ...
 *    ppp encrypt mppe {auto|40|128} [passive|required] [stateful]
 *    peer default ip address pool NAME
 *    ppp timeout idle SECONDS [either|inbound]
 *    timeout absolute MINUTES [SECONDS]   (also written `ppp timeout absolute`)
 *    session-limit N                      (sessions cloned from this template)
 *    mtu N / ip mtu N
 *    ipv6 enable                          (IPV6CP and IPv6)
 *    peer default ipv6 pool NAME          (the /64 each session gets, advertised by RA)
 *   ipv6 local pool NAME PREFIX/LEN 64    (the /64s inside PREFIX/LEN)
 *   username NAME address A.B.C.D         (a per-user static address)
 *   username NAME session-limit N
 *
 * This block only holds the values (no ppp.h types); the daemon turns a
 * template into a PPP session configuration when a call comes up.
 */
#ifndef HOST_CLI_CONFIG_ACCESS_H
#define HOST_CLI_CONFIG_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/config.h"

#define ACC_MAX_USERS      256
#define ACC_MAX_POOLS      16
#define ACC_MAX_IFACES     32
#define ACC_MAX_TEMPLATES  16
#define ACC_MAX_AUTH       4
#define ACC_SECRET_MAX     CFG_WORD_MAX
/* mtu / ip mtu of a template: 128 is the smallest MRU LCP takes (host/ppp
 * PPP_MIN_MRU), 1500 what GRE over Ethernet carries whole */
#define ACC_MTU_MIN        128
#define ACC_MTU_MAX        1500

enum acc_auth { ACC_AUTH_MSCHAP, ACC_AUTH_MSCHAPV2, ACC_AUTH_CHAP, ACC_AUTH_PAP };
enum acc_mppe_strength { ACC_MPPE_NONE, ACC_MPPE_AUTO, ACC_MPPE_40, ACC_MPPE_128 };

struct acc_user {
	char name[CFG_WORD_MAX];
	char secret[ACC_SECRET_MAX];     /* wiped when the block is released */
	uint32_t addr;                   /* `username NAME address A`: host order; 0 = from the pool */
	int addr_line, addr_col;         /* of A, for whole-file checks */
	uint32_t session_limit;          /* `username NAME session-limit N`; 0 = none */
};

struct acc_pool {
	char name[CFG_WORD_MAX];
	uint32_t first, last;            /* host byte order */
	int line, col;                   /* of its first address, for whole-file checks */
};

/* ipv6 local pool NAME PREFIX/LEN 64 */
struct acc_pool6 {
	char name[CFG_WORD_MAX];
	uint8_t prefix[8];               /* the first 64 bits (the rest is zero) */
	unsigned plen;                   /* 44..64 */
	int line, col;                   /* of its prefix */
};

/* A physical interface named in the file (for ip unnumbered). */
struct acc_iface {
	char name[CFG_WORD_MAX];
	uint32_t addr, mask;             /* host byte order; 0 = no ip address */
	int addr_line;                   /* of its `ip address` */
};

struct acc_template {
	uint32_t number;                 /* Virtual-Template<number> */
	int line, col;                   /* of `interface Virtual-TemplateN`'s name */
	char unnumbered[CFG_WORD_MAX];   /* "" = not set */
	enum acc_auth auth[ACC_MAX_AUTH];
	unsigned n_auth;                 /* 0 = no ppp authentication */
	enum acc_mppe_strength mppe;     /* ACC_MPPE_NONE = no ppp encrypt mppe */
	bool mppe_passive, mppe_required, mppe_stateful;
	char pool[CFG_WORD_MAX];         /* "" = no peer default ip address pool */
	uint32_t idle_s;                 /* ppp timeout idle; 0 = none */
	bool idle_inbound;               /* ... inbound: only traffic from the client counts */
	uint32_t absolute_s;             /* timeout absolute, in seconds; 0 = none */
	uint32_t session_limit;          /* session-limit; 0 = none */
	uint32_t mtu;                    /* mtu (the PPP payload: our MRU); 0 = 1500 */
	uint32_t ip_mtu;                 /* ip mtu (largest IP packet); 0 = from mtu */
	bool ipv6;                       /* ipv6 enable: IPV6CP */
	char pool6[CFG_WORD_MAX];        /* "" = no peer default ipv6 pool */
	int pool6_line, pool6_col;
};

struct acc_config {
	unsigned n_users, n_pools, n_ifaces, n_templates, n_pools6;
	struct acc_pool6 pools6[ACC_MAX_POOLS];
	struct acc_user users[ACC_MAX_USERS];
	struct acc_pool pools[ACC_MAX_POOLS];
	struct acc_iface ifaces[ACC_MAX_IFACES];
	struct acc_template templates[ACC_MAX_TEMPLATES];
	uint32_t dns[2], nbns[2];        /* host byte order; 0 = none */
};

extern const struct cfg_section acc_cfg_section;
int acc_cfg_register(void);

const struct acc_template *acc_template(const struct acc_config *a, uint32_t number);
const struct acc_pool *acc_pool(const struct acc_config *a, const char *name);
const struct acc_pool6 *acc_pool6(const struct acc_config *a, const char *name);
const struct acc_user *acc_user(const struct acc_config *a, const char *name);
const struct acc_iface *acc_iface(const struct acc_config *a, const char *name);
/* The address a template's `ip unnumbered IF` stands for: the interface's
 * `ip address` in this file, else the host's interface of that name
 * (getifaddrs). Host byte order; 0 with errno when it has none. */
uint32_t acc_unnumbered_addr(const struct acc_config *a, const struct acc_template *t);
/* The host interface that has IPv4 address addr (host byte order), other
 * than skip_if (NULL: none skipped), into ifname; false when none has it. */
bool acc_host_has_addr(uint32_t addr, const char *skip_if, char *ifname, size_t ifname_len);
/* One line for `pnsd -t` per template: where its server address comes from
 * and whether the host owns it (pnsd makes it local on its TUN if not). */
void acc_describe_template_addr(const struct acc_config *a, const struct acc_template *t, char *out,
				size_t len);


#endif
