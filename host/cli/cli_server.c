/*
 * The control socket server (see cli_server.h).
 */
#include "cli_server.h"
#include "cli_show.h"
#include "pns_version.h"
#include "../common/evloop.h"
#include "../common/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define CLI_DRAIN_MS   1000
#define CLI_DRAIN_MAX  (1u << 20)
/* show ppp mppe virtual-access N on a card: how often the server asks
 * whether the card's counter reads came back, and how long it waits for
 * them before answering with the last values read */
#define CLI_REFRESH_POLL_MS  5
#define CLI_REFRESH_MAX_MS   5000

/* A request waiting for the engine (refresh_counters said 1); the
 * connection reads nothing meanwhile. */
struct parked {
	struct cli_request req;
	int fmode;
	uint64_t since_ms;
	char ftext[CLI_REQ_MAX];
};

struct cli_conn {
	struct cli_server *srv;
	struct cli_conn *next;
	struct ev_io io;
	struct ev_timer timer;
	struct ev_timer retry;       /* a parked request asks the engine again */
	struct parked *parked;
	int fd;
	pid_t pid;
	uid_t uid;
	char in[CLI_REQ_MAX];
	size_t in_len;
	char *out;                   /* pending output */
	size_t out_len, out_off, out_cap;
	bool following;              /* registered as a log sink */
	bool close_after_write;
	bool draining;               /* answered; discarding input until EOF */
	size_t drained;
	uint32_t debug_owned;        /* categories this follow session turned on */
};

struct cli_server {
	struct ev_loop *loop;
	const struct cli_query *q;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int fd;
	gid_t gid;
	struct ev_io io;
	struct cli_conn *conns;
	unsigned n_conns, n_followers;
	int wake_fd;                 /* eventfd: other threads' log lines wait (log_set_foreign_wake) */
	struct ev_io wake_io;
	struct cli_server_stats st;
};

/* ---- executing requests ---- */

static int clear_matching(const struct cli_query *q, const struct cli_request *req, FILE *out)
{
	struct cli_snapshot s;
	const char *local = q->local_name != NULL ? q->local_name(q->ctx) : "";
	unsigned cleared = 0;
	char a[INET_ADDRSTRLEN];

	if (req->id == CLI_CLEAR_TUNNEL_ID) {
		if (q->clear_tunnel(q->ctx, req->tunnel_id) < 0) {
			fprintf(out, "%% No PPTP tunnel with id %u\n", req->tunnel_id);
			return -1;
		}
		fprintf(out, "Cleared PPTP tunnel %u\n", req->tunnel_id);
		return 0;
	}
	if (req->id == CLI_CLEAR_TUNNEL_NAMES && strcasecmp(req->gateway, local) != 0) {
		fprintf(out, "%% No PPTP tunnel from %s to %s (this server's name is %s)\n", req->nas,
			req->gateway, local);
		return -1;
	}
	if (cli_snapshot_take(q, &s) < 0) {
		fprintf(out, "%% Out of memory\n");
		return -1;
	}
	for (size_t i = 0; i < s.n_tunnels; i++) {
		const struct cli_tunnel *t = &s.tunnels[i];
		struct in_addr in = { .s_addr = htonl(t->remote_addr) };
		inet_ntop(AF_INET, &in, a, sizeof(a));
		if (req->id == CLI_CLEAR_TUNNEL_NAMES && strcasecmp(t->remote_name, req->nas) != 0 &&
		    strcmp(a, req->nas) != 0)
			continue;
		if (q->clear_tunnel(q->ctx, t->loc_id) == 0) {
			fprintf(out, "Cleared PPTP tunnel %u (%s, %u session%s)\n", t->loc_id, t->remote_name,
				t->sessions, t->sessions == 1 ? "" : "s");
			cleared++;
		}
	}
	cli_snapshot_free(&s);
	if (cleared == 0 && req->id == CLI_CLEAR_TUNNEL_NAMES) {
		fprintf(out, "%% No PPTP tunnel from %s to %s\n", req->nas, req->gateway);
		return -1;
	}
	if (cleared == 0)
		fputs("% No active PPTP tunnels\n", out);
	return 0;
}

static void debug_apply(const struct cli_request *req, FILE *out)
{
	bool all = req->debug_mask == (1u << DBG_COUNT) - 1;

	for (int i = 0; i < DBG_COUNT; i++) {
		if (!(req->debug_mask & (1u << i)))
			continue;
		log_debug_set((enum log_debug)i, req->debug_on);
		if (!all)
			fprintf(out, "%s debugging is %s\n", log_debug_names[i], req->debug_on ? "on" : "off");
	}
	if (all)
		fprintf(out, "All possible debugging has been turned %s\n", req->debug_on ? "on" : "off");
}

int cli_execute(const struct cli_query *q, const struct cli_request *req, FILE *out)
{
	struct cli_snapshot s;
	char err[200];
	int rc = 0;

	switch (req->id) {
	case CLI_SHOW_VPDN:
	case CLI_SHOW_VPDN_TUNNEL:
	case CLI_SHOW_VPDN_SESSION:
	case CLI_SHOW_VPDN_SESSION_ALL:
	case CLI_SHOW_VPDN_SESSION_WIN:
	case CLI_SHOW_VPDN_TUNNEL_ALL:
	case CLI_SHOW_VPDN_SESSION_PKTS:
	case CLI_SHOW_PPP_MPPE:
	case CLI_SHOW_METRICS:
		if (cli_snapshot_take(q, &s) < 0) {
			fputs("% Out of memory\n", out);
			return -1;
		}
		if (req->id == CLI_SHOW_VPDN)
			cli_show_vpdn(&s, out, req->json);
		else if (req->id == CLI_SHOW_VPDN_TUNNEL)
			cli_show_vpdn_tunnel(&s, out, req->json);
		else if (req->id == CLI_SHOW_VPDN_SESSION)
			cli_show_vpdn_session(&s, out, req->json);
		else if (req->id == CLI_SHOW_VPDN_SESSION_ALL)
			cli_show_vpdn_session_all(&s, out, req->json);
		else if (req->id == CLI_SHOW_VPDN_SESSION_WIN)
			cli_show_vpdn_session_window(&s, out, req->json);
		else if (req->id == CLI_SHOW_VPDN_TUNNEL_ALL)
			cli_show_vpdn_tunnel_all(&s, q->local_name ? q->local_name(q->ctx) : "", out, req->json);
		else if (req->id == CLI_SHOW_VPDN_SESSION_PKTS)
			cli_show_vpdn_session_packets(&s, out, req->json);
		else if (req->id == CLI_SHOW_PPP_MPPE)
			rc = cli_show_ppp_mppe(&s, q, req->vi_given ? req->vi : 0, out, req->json);
		else
			cli_show_metrics(&s, out);
		cli_snapshot_free(&s);
		if (req->id == CLI_SHOW_METRICS && q->radius)
			q->radius(q->ctx, out, true);
		if (req->id == CLI_SHOW_METRICS && q->ppp_report)
			q->ppp_report(q->ctx, out, CLI_PPP_METRICS);
		return rc;
	case CLI_SHOW_RUNNING:
		if (q->running_config == NULL) {
			fputs("% No configuration\n", out);
			return -1;
		}
		q->running_config(q->ctx, out);
		return 0;
	case CLI_SHOW_DEBUGGING:
		cli_show_debugging(out, req->json);
		return 0;
	case CLI_SHOW_IP_POOL:
	case CLI_SHOW_IPV6_POOL:
		if (q->ppp_report == NULL) {
			fputs("% No PPP in this daemon\n", out);
			return -1;
		}
		q->ppp_report(q->ctx, out, req->id == CLI_SHOW_IP_POOL ? CLI_PPP_POOLS : CLI_PPP_POOLS6);
		return 0;
	case CLI_SHOW_VERSION:
		if (req->json)
			fprintf(out, "{\"program\": \"pnsd\", \"version\": \"%s\"}\n", PNS_VERSION);
		else
			fprintf(out, "pnsd (pptp-mppe) Version %s, PPTP Network Server with MPPE\n", PNS_VERSION);
		return 0;
	case CLI_SHOW_RADIUS_STATS:
		if (q->radius == NULL) {
			fputs("% RADIUS is not part of this daemon\n", out);
			return -1;
		}
		q->radius(q->ctx, out, false);
		return 0;
	case CLI_CLEAR_TUNNEL_NAMES:
	case CLI_CLEAR_TUNNEL_ID:
	case CLI_CLEAR_TUNNEL_ALL:
		return clear_matching(q, req, out);
	case CLI_CLEAR_TUNNEL_OTHER:
		fputs("% No L2F or L2TP tunnels: this server has PPTP tunnels only (clear vpdn tunnel [pptp] ...)\n", out);
		return -1;
	case CLI_DEBUG:
		debug_apply(req, out);
		return 0;
	case CLI_TERMINAL_MONITOR:
		return 0;
	case CLI_CONFIGURE_RELOAD:
		if (q->reload == NULL) {
			fputs("% This daemon was started without a configuration file\n", out);
			return -1;
		}
		err[0] = '\0';
		if (q->reload(q->ctx, err, sizeof(err)) < 0) {
			fprintf(out, "%% Reload failed, the running configuration stays: %s\n", err);
			return -1;
		}
		fputs("Configuration reloaded; established sessions keep running, new ones use it\n", out);
		if (err[0])     /* what the reload could not apply */
			fprintf(out, "%% %s\n", err);
		return 0;
	case CLI_HELP:
		fputs(cli_help_text(), out);
		return 0;
	case CLI_NONE:
		break;
	}
	fputs("% Unknown command\n", out);
	return -1;
}

/* ---- connections ---- */

static void conn_close(struct cli_conn *c);
static void conn_io(struct ev_loop *loop, struct ev_io *io, uint32_t events);

static int out_append(struct cli_conn *c, const char *data, size_t len, size_t limit)
{
	if (c->out_off > 0 && c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	if (c->out_len - c->out_off + len > limit)
		return -1;
	if (c->out_len + len > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 4096;
		if (c->out_off > 0) {
			memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
			c->out_len -= c->out_off;
			c->out_off = 0;
		}
		while (cap < c->out_len + len)
			cap *= 2;
		if (cap != c->out_cap) {
			char *n = realloc(c->out, cap);
			if (n == NULL)
				return -1;
			c->out = n;
			c->out_cap = cap;
		}
	}
	memcpy(c->out + c->out_len, data, len);
	c->out_len += len;
	return 0;
}

static void want_write(struct cli_conn *c)
{
	ev_io_modify(c->srv->loop, &c->io, EPOLLIN | EPOLLOUT);
}

static void follow_sink(void *arg, enum log_level level, const char *line)
{
	struct cli_conn *c = arg;

	(void)level;
	if (out_append(c, line, strlen(line), CLI_FOLLOW_BACKLOG) < 0 ||
	    out_append(c, "\n", 1, CLI_FOLLOW_BACKLOG + 1) < 0) {
		c->srv->st.follow_lines_dropped++;
		return;
	}
	want_write(c);
}

/* pnsd -W N logs on several threads; a follow session is a connection of
 * this loop: the other threads' lines reach it through log.c's queue, this
 * eventfd waking the loop to deliver them. */
static void wake_from_log(void *arg)
{
	struct cli_server *s = arg;
	uint64_t one = 1;

	if (write(s->wake_fd, &one, sizeof(one)) < 0) {
		/* EAGAIN: already awake */
	}
}

static void on_log_wake(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct cli_server *s = io->arg;
	uint64_t n;

	(void)loop;
	(void)events;
	if (read(s->wake_fd, &n, sizeof(n)) < 0) {
		/* EAGAIN: delivered already */
	}
	log_deliver_foreign();
}

static void followers_changed(struct cli_server *s)
{
	if (s->n_followers == 0) {
		log_set_foreign_wake(NULL, NULL);
		return;
	}
	if (s->wake_fd < 0) {
		s->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (s->wake_fd < 0 || ev_io_start(s->loop, &s->wake_io, s->wake_fd, EPOLLIN, on_log_wake, s) < 0) {
			log_warn("terminal monitor: no eventfd (%s); other threads' lines are not shown",
				 strerror(errno));
			if (s->wake_fd >= 0)
				close(s->wake_fd);
			s->wake_fd = -1;
			return;
		}
	}
	if (s->n_followers == 1)
		log_set_foreign_wake(wake_from_log, s);
}

static void conn_close(struct cli_conn *c)
{
	struct cli_server *s = c->srv;
	struct cli_conn **pp;

	if (c->following) {
		log_sink_remove(follow_sink, c);
		s->n_followers--;
		followers_changed(s);
		for (int i = 0; i < DBG_COUNT; i++)
			if (c->debug_owned & (1u << i))
				log_debug_set((enum log_debug)i, false);
	}
	ev_io_stop(s->loop, &c->io);
	ev_timer_stop(s->loop, &c->timer);
	ev_timer_stop(s->loop, &c->retry);
	free(c->parked);
	close(c->fd);
	for (pp = &s->conns; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	s->n_conns--;
	free(c->out);
	free(c);
}

static void respond(struct cli_conn *c, bool ok, const char *body, size_t len)
{
	const char *status = ok ? "OK\n" : "ERROR\n";

	if (out_append(c, status, strlen(status), SIZE_MAX / 2) < 0 ||
	    (len && out_append(c, body, len, SIZE_MAX / 2) < 0)) {
		conn_close(c);
		return;
	}
	want_write(c);
}

/*
 * IOS output modifiers: COMMAND | include TEXT, | exclude TEXT, | begin TEXT.
 * TEXT is taken literally (no regular expressions: a pattern from the
 * socket must not cost more than a scan of the output). Keyword
 * abbreviations as everywhere ("| inc"). 0 and *mode set (0: no filter),
 * or -1 with a message in err.
 */
enum { FILTER_NONE, FILTER_INCLUDE, FILTER_EXCLUDE, FILTER_BEGIN };

static int split_filter(const char *line, size_t *len, int *mode, char *text, size_t textlen, char *err,
			size_t errlen)
{
	static const char *const kw[] = { "include", "exclude", "begin" };
	const char *bar = memchr(line, '|', *len), *p, *end = line + *len;
	size_t wl;

	*mode = FILTER_NONE;
	if (bar == NULL)
		return 0;
	for (p = bar + 1; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	for (wl = 0; p + wl < end && p[wl] != ' ' && p[wl] != '\t'; wl++)
		;
	for (int i = 0; i < 3 && wl > 0; i++)
		if (wl <= strlen(kw[i]) && strncasecmp(p, kw[i], wl) == 0)
			*mode = FILTER_INCLUDE + i;
	if (*mode == FILTER_NONE) {
		snprintf(err, errlen, "%% Invalid output modifier after '|' (include, exclude or begin)");
		return -1;
	}
	for (p += wl; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	if (p == end || (size_t)(end - p) >= textlen) {
		snprintf(err, errlen, "%% '| %s' needs the text to look for", kw[*mode - FILTER_INCLUDE]);
		return -1;
	}
	memcpy(text, p, (size_t)(end - p));
	text[end - p] = '\0';
	*len = (size_t)(bar - line);
	return 0;
}

/* Keep the lines of body[0..*len) the filter wants, in place. */
static void apply_filter(char *body, size_t *len, int mode, const char *text)
{
	size_t in = 0, out = 0;
	bool begun = false;

	while (in < *len) {
		char *nl = memchr(body + in, '\n', *len - in);
		size_t ll = nl ? (size_t)(nl - (body + in)) + 1 : *len - in;
		bool has = memmem(body + in, ll, text, strlen(text)) != NULL, keep;

		begun |= mode == FILTER_BEGIN && has;
		keep = mode == FILTER_INCLUDE ? has : mode == FILTER_EXCLUDE ? !has : begun;
		if (keep) {
			memmove(body + out, body + in, ll);
			out += ll;
		}
		in += ll;
	}
	*len = out;
}

/* Runs a parsed request and queues its answer. line: the request as typed,
 * for the log of commands that change state (NULL for a parked request,
 * which never does); note: a line put before the output. */
static void execute(struct cli_conn *c, const struct cli_request *req, int fmode, const char *ftext,
		    const char *line, size_t len, const char *note)
{
	struct cli_server *s = c->srv;
	char *body = NULL, *noted = NULL;
	size_t blen = 0, nlen = 0;
	FILE *out;
	int rc;

	out = open_memstream(&body, &blen);
	if (out == NULL) {
		conn_close(c);
		return;
	}
	if (req->id == CLI_DEBUG && req->follow && req->debug_on)
		c->debug_owned = req->debug_mask & ~log_debug_mask;
	rc = cli_execute(s->q, req, out);
	fclose(out);
	if (fmode != FILTER_NONE && body != NULL)
		apply_filter(body, &blen, fmode, ftext);
	if (line != NULL && (req->id == CLI_DEBUG || req->id == CLI_CLEAR_TUNNEL_ALL || req->id == CLI_CLEAR_TUNNEL_ID ||
			     req->id == CLI_CLEAR_TUNNEL_NAMES || req->id == CLI_CONFIGURE_RELOAD))
		log_notice("control socket (uid %u, pid %d): %.*s: %s", (unsigned)c->uid, (int)c->pid,
			   (int)len, line, rc == 0 ? "done" : "failed");
	c->close_after_write = !(req->follow && rc == 0);
	if (note != NULL && (out = open_memstream(&noted, &nlen)) != NULL) {
		fputs(note, out);       /* after the filter: | include does not hide it */
		fwrite(body, 1, blen, out);
		fclose(out);
		free(body);
		body = noted;
		blen = nlen;
	}
	respond(c, rc == 0, body, blen);
	free(body);
	if (req->follow && rc == 0 && log_sink_add(follow_sink, c) == 0) {
		c->following = true;
		s->n_followers++;
		followers_changed(s);
	} else if (req->follow && rc == 0) {
		c->close_after_write = true;
	}
}

static void handle_request(struct cli_conn *c, const char *line, size_t len)
{
	struct cli_server *s = c->srv;
	struct cli_request req;
	char err[200], ftext[CLI_REQ_MAX];
	int fmode;

	s->st.requests++;
	ev_timer_stop(s->loop, &c->timer);
	if (split_filter(line, &len, &fmode, ftext, sizeof(ftext), err, sizeof(err)) < 0 ||
	    cli_parse(line, len, &req, err, sizeof(err)) < 0) {
		s->st.bad_requests++;
		strncat(err, "\n", sizeof(err) - strlen(err) - 1);
		c->close_after_write = true;
		respond(c, false, err, strlen(err));
		return;
	}
	if (req.follow && s->n_followers >= CLI_MAX_FOLLOWERS) {
		static const char busy[] = "% Too many sessions are following the log\n";
		c->close_after_write = true;
		respond(c, false, busy, sizeof(busy) - 1);
		return;
	}
	if (req.id == CLI_SHOW_PPP_MPPE && req.vi_given && s->q->refresh_counters != NULL) {
		/* one interface asked for: its counters as the engine reads them
		 * from now, collected by the event loop while the request waits */
		uint64_t now = ev_clock_ms();
		if (s->q->refresh_counters(s->q->ctx, req.vi, now) == 1 &&
		    (c->parked = malloc(sizeof(*c->parked))) != NULL) {
			*c->parked = (struct parked){ .req = req, .fmode = fmode, .since_ms = now };
			memcpy(c->parked->ftext, ftext, sizeof(ftext));
			ev_io_modify(s->loop, &c->io, 0);      /* only a hang-up wakes it */
			ev_timer_start(s->loop, &c->retry, CLI_REFRESH_POLL_MS);
			return;
		}
	}
	execute(c, &req, fmode, ftext, line, len, NULL);
}

/* A parked request: answered once the engine's reads came back, or after
 * CLI_REFRESH_MAX_MS with the last values read, and a line that says so. */
static void parked_retry(struct ev_loop *loop, struct ev_timer *t)
{
	struct cli_conn *c = t->arg;
	struct parked *p = c->parked;
	const struct cli_query *q = c->srv->q;
	int r = q->refresh_counters(q->ctx, p->req.vi, p->since_ms);
	uint64_t waited = ev_clock_ms() - p->since_ms;

	if (r == 1 && waited < CLI_REFRESH_MAX_MS) {
		ev_timer_start(loop, &c->retry, CLI_REFRESH_POLL_MS);
		return;
	}
	c->parked = NULL;
	execute(c, &p->req, p->fmode, p->ftext, NULL, 0,
		r == 1 ? "% The engine did not answer within 5 s: MPPE counters as last read\n" : NULL);
	free(p);
}
static void conn_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	struct cli_conn *c = t->arg;

	(void)loop;
	if (!c->draining)
		c->srv->st.timeouts++;
	conn_close(c);
}

static void conn_read(struct cli_conn *c)
{
	if (c->parked) {
		conn_close(c);          /* woken only by a hang-up or an error */
		return;
	}
	for (;;) {
		ssize_t n;
		char *nl;

		if (c->draining) {
			char sink[4096];
			n = read(c->fd, sink, sizeof(sink));
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			if (n <= 0 || (c->drained += (size_t)n) > CLI_DRAIN_MAX)
				conn_close(c);
			if (n <= 0 || c->drained > CLI_DRAIN_MAX)
				return;
			continue;
		}
		if (c->following) {
			char sink[256];
			n = read(c->fd, sink, sizeof(sink));   /* a follower only closes */
			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
				conn_close(c);
				return;
			}
			if (n < 0)
				return;
			continue;
		}
		if (c->in_len == sizeof(c->in)) {
			static const char big[] = "% Request too long\n";
			c->srv->st.oversized++;
			c->srv->st.bad_requests++;
			c->in_len = 0;
			c->close_after_write = true;
			respond(c, false, big, sizeof(big) - 1);
			ev_io_modify(c->srv->loop, &c->io, EPOLLOUT);
			return;
		}
		n = read(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			/* EOF: a request without its newline still counts (printf | nc -U) */
			if (n == 0 && c->in_len > 0 && c->out_len == 0) {
				handle_request(c, c->in, c->in_len);
				c->in_len = 0;
				if (c->out_len > c->out_off)
					ev_io_modify(c->srv->loop, &c->io, EPOLLOUT);
				return;
			}
			conn_close(c);
			return;
		}
		c->in_len += (size_t)n;
		nl = memchr(c->in, '\n', c->in_len);
		if (nl != NULL) {
			size_t len = (size_t)(nl - c->in);
			if (len > 0 && c->in[len - 1] == '\r')
				len--;
			handle_request(c, c->in, len);
			c->in_len = 0;
			return;
		}
	}
}

static void conn_write(struct cli_conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			conn_close(c);
			return;
		}
		c->out_off += (size_t)n;
	}
	c->out_off = c->out_len = 0;
	if (c->close_after_write) {
		/* Half-close, then read what the client still sends (a request
		 * cut at CLI_REQ_MAX) before closing: closing with unread input
		 * would reset the connection and lose the answer. Bounded in
		 * time and bytes. */
		shutdown(c->fd, SHUT_WR);
		c->draining = true;
		ev_timer_start(c->srv->loop, &c->timer, CLI_DRAIN_MS);
		ev_io_modify(c->srv->loop, &c->io, EPOLLIN);
		return;
	}
	ev_io_modify(c->srv->loop, &c->io, EPOLLIN);
}

static void conn_io(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct cli_conn *c = io->arg;

	(void)loop;
	if (events & EPOLLOUT) {
		conn_write(c);
		return;       /* c may be gone; EPOLLIN comes again (level-triggered) */
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		conn_read(c);
}

/* Root, the daemon's own user, or a member of the group. */
static bool peer_allowed(const struct cli_server *s, const struct ucred *cr)
{
	struct passwd pw, *res = NULL;
	char buf[4096];
	gid_t groups[256];
	int ng = 256;

	if (cr->uid == 0 || cr->uid == geteuid())
		return true;
	if (s->gid == (gid_t)-1)
		return false;
	if (cr->gid == s->gid)
		return true;
	if (getpwuid_r(cr->uid, &pw, buf, sizeof(buf), &res) != 0 || res == NULL)
		return false;
	if (getgrouplist(pw.pw_name, pw.pw_gid, groups, &ng) < 0)
		return false;
	for (int i = 0; i < ng; i++)
		if (groups[i] == s->gid)
			return true;
	return false;
}

static void on_accept(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct cli_server *s = io->arg;

	(void)events;
	for (int i = 0; i < 16; i++) {
		struct ucred cr;
		socklen_t crl = sizeof(cr);
		struct cli_conn *c;
		int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		s->st.accepted++;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &crl) < 0 || !peer_allowed(s, &cr)) {
			static const char msg[] = "ERROR\n% Permission denied\n";
			s->st.refused_perm++;
			if (send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
				(void)0;
			close(fd);
			continue;
		}
		if (s->n_conns >= CLI_MAX_CONNS || (c = calloc(1, sizeof(*c))) == NULL) {
			static const char msg[] = "ERROR\n% Too many control connections\n";
			s->st.refused_busy++;
			if (send(fd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
				(void)0;
			close(fd);
			continue;
		}
		c->srv = s;
		c->fd = fd;
		c->uid = cr.uid;
		c->pid = cr.pid;
		ev_timer_init(&c->timer, conn_timeout, c);
		ev_timer_init(&c->retry, parked_retry, c);
		if (ev_io_start(loop, &c->io, fd, EPOLLIN, conn_io, c) < 0 ||
		    ev_timer_start(loop, &c->timer, CLI_REQ_TIMEOUT_MS) < 0) {
			ev_io_stop(loop, &c->io);
			close(fd);
			free(c);
			continue;
		}
		c->next = s->conns;
		s->conns = c;
		s->n_conns++;
	}
}

struct cli_server *cli_server_new(struct ev_loop *loop, const char *path, gid_t gid,
				  const struct cli_query *q)
{
	struct cli_server *s;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int err;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	memcpy(sa.sun_path, path, strlen(path));
	if (lstat(path, &st) == 0) {
		int probe;
		if (!S_ISSOCK(st.st_mode)) {
			errno = EEXIST;
			return NULL;
		}
		/* A live daemon answers on it: leave it alone. A stale one goes. */
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			close(probe);
			errno = EADDRINUSE;
			return NULL;
		}
		if (probe >= 0)
			close(probe);
		unlink(path);
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->loop = loop;
	s->q = q;
	s->gid = gid;
	s->wake_fd = -1;
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		goto fail;
	/* Nobody but the owner may connect until the mode and group are set. */
	mode_t old = umask(0177);
	err = bind(s->fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (err < 0)
		goto fail;
	if (gid != (gid_t)-1 && (chown(path, (uid_t)-1, gid) < 0 || chmod(path, 0660) < 0))
		goto fail_unlink;
	if (listen(s->fd, 64) < 0 || ev_io_start(loop, &s->io, s->fd, EPOLLIN, on_accept, s) < 0)
		goto fail_unlink;
	return s;
fail_unlink:
	unlink(path);
fail:
	err = errno;
	if (s->fd >= 0)
		close(s->fd);
	free(s);
	errno = err;
	return NULL;
}

void cli_server_free(struct cli_server *s)
{
	if (s == NULL)
		return;
	while (s->conns != NULL)
		conn_close(s->conns);
	if (s->wake_fd >= 0) {
		ev_io_stop(s->loop, &s->wake_io);
		close(s->wake_fd);
	}
	ev_io_stop(s->loop, &s->io);
	close(s->fd);
	unlink(s->path);
	free(s);
}

const struct cli_server_stats *cli_server_stats(const struct cli_server *s)
{
	return &s->st;
}
