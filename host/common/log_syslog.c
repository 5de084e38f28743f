/*
 * Syslog output (see log_syslog.h). Message format, RFC 3164 4.1:
 *   <PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG     (remote hosts)
 *   <PRI>Mmm dd hh:mm:ss TAG[PID]: MSG              (the local socket, as glibc's syslog(3))
 * PRI = facility * 8 + severity.
 */
#include "log_syslog.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static struct {
	bool on;
	struct log_syslog_config c;
	int udp_fd;                  /* one socket for every host */
	int local_fd;
	char ident[32];
	char hostname[64];
} S = { .udp_fd = -1, .local_fd = -1 };

static const char *const facilities[24] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
	"authpriv", "ftp", NULL, NULL, NULL, NULL,
	"local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
};

static const char *const levels[8] = {
	"emergencies", "alerts", "critical", "errors", "warnings", "notifications", "informational", "debugging",
};

int log_syslog_facility(const char *name)
{
	for (int i = 0; i < 24; i++)
		if (facilities[i] != NULL && strcasecmp(facilities[i], name) == 0)
			return i;
	return -1;
}

const char *log_syslog_facility_name(int f)
{
	return f >= 0 && f < 24 && facilities[f] ? facilities[f] : "local7";
}

int log_syslog_level(const char *name)
{
	if (name[0] >= '0' && name[0] <= '7' && name[1] == '\0')
		return name[0] - '0';
	for (int i = 0; i < 8; i++)
		if (strcasecmp(levels[i], name) == 0)
			return i;
	return -1;
}

const char *log_syslog_level_name(int l)
{
	return l >= 0 && l < 8 ? levels[l] : "informational";
}

static int local_connect(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	const char *path = S.c.path[0] ? S.c.path : "/dev/log";
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static void on_message(enum log_level level, const char *msg)
{
	int sev = log_level_severity(level);
	char stamp[32], buf[1200];
	time_t now;
	struct tm tm;
	int hdr, n;

	if (!S.on || sev > S.c.trap)
		return;
	now = time(NULL);
	localtime_r(&now, &tm);
	/* "Mmm dd hh:mm:ss", the day padded with a space (RFC 3164 4.1.2) */
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	if (S.c.local) {
		n = snprintf(buf, sizeof(buf), "<%d>%s %s[%d]: %s", S.c.facility * 8 + sev, stamp, S.ident,
			     (int)getpid(), msg);
		if (n > 0) {
			size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

			if (S.local_fd < 0)
				S.local_fd = local_connect();
			if (S.local_fd >= 0 && send(S.local_fd, buf, len, MSG_NOSIGNAL) < 0 && errno != EAGAIN) {
				/* the daemon restarted: a new socket at the same path */
				close(S.local_fd);
				S.local_fd = local_connect();
				if (S.local_fd >= 0)
					send(S.local_fd, buf, len, MSG_NOSIGNAL);
			}
		}
	}
	if (S.udp_fd >= 0 && S.c.n_hosts > 0) {
		hdr = snprintf(buf, sizeof(buf), "<%d>%s %s %s[%d]: %s", S.c.facility * 8 + sev, stamp,
			       S.hostname, S.ident, (int)getpid(), msg);
		if (hdr <= 0)
			return;
		/* RFC 3164 4.1: a packet of at most 1024 octets */
		size_t len = (size_t)hdr < 1024 ? (size_t)hdr : 1024;
		for (unsigned i = 0; i < S.c.n_hosts; i++) {
			struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(S.c.port[i]),
						  .sin_addr.s_addr = S.c.host[i] };
			sendto(S.udp_fd, buf, len, MSG_NOSIGNAL, (struct sockaddr *)&to, sizeof(to));
		}
	}
}

static void log_syslog_stop(void)
{
	log_set_raw_hook(NULL);
	S.on = false;
	if (S.udp_fd >= 0)
		close(S.udp_fd);
	if (S.local_fd >= 0)
		close(S.local_fd);
	S.udp_fd = S.local_fd = -1;
}

static int syslog_apply(const struct log_syslog_config *c, const char *ident);

/* Under the log's lock: on_message runs under it on any thread. */
int log_syslog_apply(const struct log_syslog_config *c, const char *ident)
{
	int rc;

	log_lock();
	rc = syslog_apply(c, ident);
	log_unlock();
	return rc;
}

static int syslog_apply(const struct log_syslog_config *c, const char *ident)
{
	int rc = 0;

	log_syslog_stop();
	if (c == NULL || (!c->local && c->n_hosts == 0))
		return 0;
	S.c = *c;
	snprintf(S.ident, sizeof(S.ident), "%s", ident);
	if (gethostname(S.hostname, sizeof(S.hostname)) < 0 || S.hostname[0] == '\0')
		snprintf(S.hostname, sizeof(S.hostname), "-");
	S.hostname[strcspn(S.hostname, ". ")] = '\0';    /* RFC 3164 4.1.2: no domain */
	if (c->n_hosts > 0) {
		S.udp_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (S.udp_fd < 0) {
			log_err("logging host: socket: %s", strerror(errno));
			rc = -1;
		}
	}
	if (c->local) {
		S.local_fd = local_connect();
		if (S.local_fd < 0) {
			log_warn("logging syslog %s: %s (tried again at each message)",
				 c->path[0] ? c->path : "/dev/log", strerror(errno));
			rc = -1;
		}
	}
	S.on = true;
	log_set_raw_hook(on_message);
	return rc;
}
