/*
 * pnsd's privileges (issue 13, fault 7). pnsd starts as root (or with the
 * systemd unit's capabilities) because it opens a raw GRE socket, the TUN
 * device, the control socket and the card; once those are open it keeps
 * only CAP_NET_ADMIN (each session adds a host route to the TUN device)
 * and, with -u USER, runs as that user. The configuration file holds
 * passwords: pnsd refuses one that other users can read, as sshd does
 * with a private key.
 */
#ifndef HOST_PNSD_PNSD_PRIVS_H
#define HOST_PNSD_PNSD_PRIVS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct pnsd_privs {
	bool have_user;
	uid_t uid;
	gid_t gid;
	char user[64];
};

/* Look USER up (at start, while /etc/passwd is still readable). 0, or -1
 * with the reason in err. */
int pnsd_privs_user(struct pnsd_privs *p, const char *user, char *err, size_t errlen);
/* Keep CAP_NET_ADMIN only (when we have it) and become the user if one was
 * given. 0, or -1 with the reason in err: pnsd must not go on then. */
int pnsd_privs_drop(const struct pnsd_privs *p, char *err, size_t errlen);
/* 0 when only its owner can read path; -1 with the reason in err when
 * someone else can (group or others, through every directory above it). */
int pnsd_config_private(const char *path, char *err, size_t errlen);

#endif
