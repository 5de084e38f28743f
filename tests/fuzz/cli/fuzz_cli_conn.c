/*
 * libFuzzer: pnsd's two listeners as a hostile peer sees them, the control
 * socket (cli_server.c) and the metrics endpoint (cli_http.c), over real
 * sockets in a network namespace of our own: connection handling, request
 * framing across arbitrary splits, half-closes, oversized and garbled
 * requests, clients that never read their answer. Behind them a fixed
 * daemon state (the feature document's example session, table_query.c).
 *   input: mode octet (bit 0: HTTP, else control socket; bit 1: never read
 *          the answers), then chunks: length octet (0xff: half-close our
 *          side) and that many octets
 * Crashes, sanitizer reports, leaks and cost over budget (fuzz_cost.h, 50
 * us per chunk) are findings.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../fuzz_cost.h"
#include "cli/cli_http.h"
#include "cli/cli_server.h"
#include "common/evloop.h"
#include "common/log.h"
#include "../../unit/cli/table_query.h"

#define HTTP_PORT 9469

static struct ev_loop *loop;
static struct table_query t;
static char sock_path[108];
static struct cli_server *srv;          /* live for the whole run */
static struct cli_http *http_srv;

static void unlink_sock(void) { unlink(sock_path); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int s;

	(void)argc; (void)argv;
	/* a loopback of our own for the HTTP listener (root needed) */
	if (unshare(CLONE_NEWNET) < 0) {
		perror("fuzz_cli_conn: unshare(CLONE_NEWNET) (run as root)");
		exit(1);
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		exit(1);
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		exit(1);
	close(s);
	log_stderr(false);
	loop = ev_loop_new();
	table_query_init(&t);
	table_query_feature_example(&t);
	snprintf(sock_path, sizeof(sock_path), "/tmp/fuzz_cli_conn.%d.sock", (int)getpid());
	atexit(unlink_sock);
	srv = cli_server_new(loop, sock_path, (gid_t)-1, &t.q);
	http_srv = cli_http_new(loop, htonl(INADDR_LOOPBACK), HTTP_PORT, &t.q);
	if (srv == NULL || http_srv == NULL) {
		perror("fuzz_cli_conn: listeners");
		exit(1);
	}
	return 0;
}

static int connect_to(bool http)
{
	int fd;

	if (http) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(HTTP_PORT),
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
			abort();
	} else {
		struct sockaddr_un a = { .sun_family = AF_UNIX };
		snprintf(a.sun_path, sizeof(a.sun_path), "%s", sock_path);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
			abort();
	}
	return fd;
}

static void drain(int fd)
{
	char b[65536];

	while (recv(fd, b, sizeof(b), MSG_DONTWAIT) > 0)
		;
}

static void session(const uint8_t *data, size_t size)
{
	bool http = data[0] & 1, deaf = data[0] & 2;
	int fd = connect_to(http);
	size_t off = 1;

	ev_run_once(loop, 0);                  /* accept */
	while (off < size) {
		size_t n = data[off++];
		if (n == 0xff) {
			shutdown(fd, SHUT_WR);
		} else {
			if (n > size - off)
				n = size - off;
			if (n && send(fd, data + off, n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
				break;
			off += n;
		}
		ev_run_once(loop, 0);
		if (!deaf)
			drain(fd);
	}
	close(fd);
	for (int i = 0; i < 3; i++)
		ev_run_once(loop, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t chunks = 0;

	if (size < 1)
		return 0;
	table_query_init(&t);                 /* clear commands change it */
	table_query_feature_example(&t);
	for (size_t off = 1; off < size; chunks++)
		off += 1 + (data[off] == 0xff ? 0 : data[off]);
	fuzz_cost_run("chunks", chunks + 1, session, data, size);
	return 0;
}
