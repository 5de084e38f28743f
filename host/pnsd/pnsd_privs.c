/*
 * pnsd's privileges: see pnsd_privs.h.
 */
#include "pnsd_privs.h"

#include <cap-ng.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int pnsd_privs_user(struct pnsd_privs *p, const char *user, char *err, size_t errlen)
{
	struct passwd *pw;

	memset(p, 0, sizeof(*p));
	if (user == NULL)
		return 0;
	errno = 0;
	pw = getpwnam(user);
	if (pw == NULL) {
		snprintf(err, errlen, "unknown user %s", user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		snprintf(err, errlen, "-u %s: that is root; name an unprivileged user", user);
		return -1;
	}
	p->have_user = true;
	p->uid = pw->pw_uid;
	p->gid = pw->pw_gid;
	snprintf(p->user, sizeof(p->user), "%s", user);
	return 0;
}

int pnsd_privs_drop(const struct pnsd_privs *p, char *err, size_t errlen)
{
	bool net_admin;

	capng_get_caps_process();
	net_admin = capng_have_capability(CAPNG_PERMITTED, CAP_NET_ADMIN);
	capng_clear(CAPNG_SELECT_BOTH);
	if (net_admin)
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET, CAP_NET_ADMIN);
	if (p->have_user) {
		/* keeps the capabilities above across setuid, drops the
		 * supplementary groups and the bounding set */
		int rc = capng_change_id((int)p->uid, (int)p->gid, CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING);
		if (rc != 0) {
			snprintf(err, errlen, "cannot become user %s (libcap-ng error %d): %s", p->user, rc,
				 strerror(errno));
			return -1;
		}
		return 0;
	}
	/* Shrinking the bounding set needs CAP_SETPCAP, which a systemd unit
	 * may not grant (it bounds us itself then): the sets alone suffice. */
	if (capng_apply(CAPNG_SELECT_BOTH) != 0 && capng_apply(CAPNG_SELECT_CAPS) != 0) {
		snprintf(err, errlen, "cannot drop capabilities: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Can the file's group or others use it: its mode grants them read or
 * write, and they can search every directory above it? */
static void reachable(const char *file, bool *grp, bool *oth)
{
	char path[PATH_MAX], *dir;
	struct stat fst, st;

	if (realpath(file, path) == NULL || stat(path, &fst) < 0) {
		*grp = *oth = true;      /* cannot tell: the file's own bits decide */
		return;
	}
	*oth = (fst.st_mode & (S_IROTH | S_IWOTH)) != 0;
	*grp = (fst.st_mode & (S_IRGRP | S_IWGRP)) != 0;
	for (dir = dirname(path); *grp || *oth; dir = dirname(dir)) {
		if (stat(dir, &st) < 0)
			break;
		if (!(st.st_mode & S_IXOTH))
			*oth = false;
		/* the file's group passes a directory with that group's or
		 * everybody's search permission */
		if (!(st.st_mode & S_IXOTH) && !((st.st_mode & S_IXGRP) && st.st_gid == fst.st_gid))
			*grp = false;
		if (strcmp(dir, "/") == 0)
			break;
	}
}

int pnsd_config_private(const char *path, char *err, size_t errlen)
{
	struct stat st;
	bool grp, oth;

	if (stat(path, &st) < 0)
		return 0;                /* the parser reports it */
	reachable(path, &grp, &oth);
	if (grp || oth) {
		snprintf(err, errlen, "%s: permissions %04o are too open: it holds passwords and %s can read "
			 "or change it; chmod 600 %s (owned by the user pnsd runs as)", path,
			 (unsigned)(st.st_mode & 07777), oth ? "every user" : "its group", path);
		return -1;
	}
	return 0;
}
