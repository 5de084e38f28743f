/*
 * GET /metrics over HTTP/1.0 (see cli_http.h).
 */
#include "cli_http.h"
#include "cli_server.h"
#include "cli_show.h"
#include "../common/evloop.h"
#include "../common/log.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

struct http_conn {
	struct cli_http *h;
	struct http_conn *next;
	struct ev_io io;
	struct ev_timer timer;
	int fd;
	char in[CLI_HTTP_REQ_MAX];
	size_t in_len;
	char *out;
	size_t out_len, out_off;
};

struct cli_http {
	struct ev_loop *loop;
	const struct cli_query *q;
	int fd;
	struct ev_io io;
	struct http_conn *conns;
	unsigned n_conns;
	uint64_t requests;
};

int cli_http_status(const char *req, size_t len)
{
	const char *sp, *end = req + len;
	size_t plen;

	if (memchr(req, '\0', len) != NULL)
		return 400;
	sp = memchr(req, ' ', len);
	if (sp == NULL || sp == req)
		return 400;
	if ((size_t)(sp - req) != 3 || memcmp(req, "GET", 3) != 0)
		return 405;
	req = sp + 1;
	sp = memchr(req, ' ', (size_t)(end - req));
	if (sp == NULL || (size_t)(end - sp) < 9 || memcmp(sp + 1, "HTTP/1.", 7) != 0)
		return 400;
	plen = (size_t)(sp - req);
	if ((plen == 8 && memcmp(req, "/metrics", 8) == 0) ||
	    (plen > 9 && memcmp(req, "/metrics?", 9) == 0))
		return 200;
	return 404;
}

static void conn_close(struct http_conn *c)
{
	struct cli_http *h = c->h;
	struct http_conn **pp;

	ev_io_stop(h->loop, &c->io);
	ev_timer_stop(h->loop, &c->timer);
	close(c->fd);
	for (pp = &h->conns; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	h->n_conns--;
	free(c->out);
	free(c);
}

static void answer(struct http_conn *c, int status)
{
	static const char *const reason[] = { [0] = "OK", [1] = "Bad Request", [2] = "Not Found",
					      [3] = "Method Not Allowed" };
	int r = status == 200 ? 0 : status == 400 ? 1 : status == 404 ? 2 : 3;
	char *body = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&body, &blen);
	FILE *o;

	if (f == NULL) {
		conn_close(c);
		return;
	}
	if (status == 200) {
		struct cli_snapshot s;
		if (cli_snapshot_take(c->h->q, &s) == 0) {
			cli_show_metrics(&s, f);
			cli_snapshot_free(&s);
		}
		if (c->h->q->radius)
			c->h->q->radius(c->h->q->ctx, f, true);
		if (c->h->q->ppp_report)
			c->h->q->ppp_report(c->h->q->ctx, f, CLI_PPP_METRICS);
	} else {
		fprintf(f, "%d %s\n", status, reason[r]);
	}
	fclose(f);
	o = open_memstream(&c->out, &c->out_len);
	if (o == NULL) {
		free(body);
		conn_close(c);
		return;
	}
	fprintf(o, "HTTP/1.0 %d %s\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
		"Content-Length: %zu\r\nConnection: close\r\n\r\n", status, reason[r], blen);
	fwrite(body, 1, blen, o);
	fclose(o);
	free(body);
	c->h->requests++;
	ev_io_modify(c->h->loop, &c->io, EPOLLOUT);
}

static void conn_io(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct http_conn *c = io->arg;

	(void)loop;
	if (c->out != NULL) {
		if (!(events & EPOLLOUT))
			return;
		while (c->out_off < c->out_len) {
			ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			if (n <= 0)
				break;
			c->out_off += (size_t)n;
		}
		shutdown(c->fd, SHUT_WR);
		conn_close(c);
		return;
	}
	for (;;) {
		ssize_t n = read(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			conn_close(c);
			return;
		}
		c->in_len += (size_t)n;
		/* the request line is all we need; wait for the end of the headers */
		if (c->in_len >= 4 && memmem(c->in, c->in_len, "\r\n\r\n", 4) != NULL) {
			char *eol = memmem(c->in, c->in_len, "\r\n", 2);
			answer(c, cli_http_status(c->in, (size_t)(eol - c->in)));
			return;
		}
		if (c->in_len == sizeof(c->in)) {
			answer(c, 400);
			return;
		}
	}
}

static void conn_timeout(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	conn_close(t->arg);
}

static void on_accept(struct ev_loop *loop, struct ev_io *io, uint32_t events)
{
	struct cli_http *h = io->arg;

	(void)events;
	for (int i = 0; i < 16; i++) {
		int fd = accept4(h->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct http_conn *c;

		if (fd < 0)
			return;
		if (h->n_conns >= CLI_HTTP_MAX_CONNS || (c = calloc(1, sizeof(*c))) == NULL) {
			close(fd);
			continue;
		}
		c->h = h;
		c->fd = fd;
		ev_timer_init(&c->timer, conn_timeout, c);
		if (ev_io_start(loop, &c->io, fd, EPOLLIN, conn_io, c) < 0 ||
		    ev_timer_start(loop, &c->timer, CLI_REQ_TIMEOUT_MS) < 0) {
			ev_io_stop(loop, &c->io);
			close(fd);
			free(c);
			continue;
		}
		c->next = h->conns;
		h->conns = c;
		h->n_conns++;
	}
}

struct cli_http *cli_http_new(struct ev_loop *loop, uint32_t addr, uint16_t port, const struct cli_query *q)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = addr };
	struct cli_http *h = calloc(1, sizeof(*h));
	int one = 1, err;

	if (h == NULL)
		return NULL;
	h->loop = loop;
	h->q = q;
	h->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (h->fd < 0)
		goto fail;
	setsockopt(h->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(h->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(h->fd, 16) < 0 ||
	    ev_io_start(loop, &h->io, h->fd, EPOLLIN, on_accept, h) < 0)
		goto fail;
	return h;
fail:
	err = errno;
	if (h->fd >= 0)
		close(h->fd);
	free(h);
	errno = err;
	return NULL;
}

void cli_http_free(struct cli_http *h)
{
	if (h == NULL)
		return;
	while (h->conns != NULL)
		conn_close(h->conns);
	ev_io_stop(h->loop, &h->io);
	close(h->fd);
	free(h);
}
