/*
 * BENCH gre_relay: GRE packets per second through one session's data path
 * (gre_session_send_batch -> raw socket -> recvmmsg -> IPv4/GRE parse ->
 * session lookup -> sequence check -> delivery, with the receiver's ZLB
 * acks flowing back and being processed), one core, loopback. Anchor in
 * the same run: the same raw protocol-47 sockets with prebuilt packets,
 * sendmmsg/recvmmsg only, no GRE processing.
 *
 * Run inside a fresh network namespace (lo up, needs CAP_NET_RAW):
 *   bench_gre [SECONDS]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/evloop.h"
#include "pptp/gre.h"

#define BATCH 32

static uint64_t delivered;
static void deliver(struct gre_session *s, const uint8_t *f, size_t len)
{
	(void)s; (void)f; (void)len;
	delivered++;
}
static const struct gre_session_ops ops = { .deliver = deliver };

static double run_gre(size_t size, double seconds)
{
	struct ev_loop *loop = ev_loop_new();
	uint32_t a_addr = htonl(0x7f000001), b_addr = htonl(0x7f000002);
	struct gre_sock *a = gre_sock_open(loop, a_addr), *b = gre_sock_open(loop, b_addr);
	struct gre_session sa, sb;
	static uint8_t frame[GRE_MAX_PAYLOAD];
	struct iovec v[BATCH];
	uint64_t t0, t1, sent = 0;

	if (a == NULL || b == NULL) {
		perror("gre_sock_open");
		exit(1);
	}
	gre_session_init(&sa, a, &ops, b_addr, 1, 64, 1500);
	gre_session_init(&sb, b, &ops, a_addr, 2, 64, 1500);
	sa.peer_call_id = 2;
	sb.peer_call_id = 1;
	gre_session_start(&sa);
	gre_session_start(&sb);
	memset(frame, 0x5a, sizeof(frame));
	for (int i = 0; i < BATCH; i++)
		v[i] = (struct iovec){ frame, size };
	delivered = 0;
	t0 = ev_clock_ns();
	do {
		for (int k = 0; k < 64; k++) {
			int n = gre_session_send_batch(&sa, v, BATCH);
			if (n > 0)
				sent += (uint64_t)n;
			ev_run_once(loop, 0);
		}
		t1 = ev_clock_ns();
	} while ((double)(t1 - t0) / 1e9 < seconds);
	ev_run_once(loop, 10);
	if (delivered < sent * 99 / 100)
		fprintf(stderr, "bench_gre: only %llu of %llu packets delivered\n",
			(unsigned long long)delivered, (unsigned long long)sent);
	gre_session_stop(&sa);
	gre_session_stop(&sb);
	gre_sock_close(a);
	gre_sock_close(b);
	ev_loop_free(loop);
	return (double)delivered / ((double)(t1 - t0) / 1e9);
}

/* Anchor: raw sockets, prebuilt GRE packets, sendmmsg + recvmmsg. */
static double run_raw(size_t size, double seconds)
{
	int tx = socket(AF_INET, SOCK_RAW, IPPROTO_GRE), rx = socket(AF_INET, SOCK_RAW, IPPROTO_GRE);
	struct sockaddr_in ba = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000002) };
	struct sockaddr_in aa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
	static uint8_t pkt[GRE_HDR_MAX + GRE_MAX_PAYLOAD];
	static uint8_t rbuf[BATCH][GRE_MAX_PAYLOAD + 128];
	struct mmsghdr sm[BATCH], rm[BATCH];
	struct iovec siov[BATCH], riov[BATCH];
	uint64_t t0, t1, got = 0;
	int sz = 8 << 20;
	size_t hl = gre_build(pkt, 2, (uint16_t)size, true, 0, false, 0);

	if (tx < 0 || rx < 0 || bind(tx, (struct sockaddr *)&aa, sizeof(aa)) < 0 ||
	    bind(rx, (struct sockaddr *)&ba, sizeof(ba)) < 0) {
		perror("raw socket");
		exit(1);
	}
	setsockopt(rx, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz));
	memset(pkt + hl, 0x5a, size);
	for (int i = 0; i < BATCH; i++) {
		siov[i] = (struct iovec){ pkt, hl + size };
		sm[i].msg_hdr = (struct msghdr){ .msg_name = &ba, .msg_namelen = sizeof(ba),
						 .msg_iov = &siov[i], .msg_iovlen = 1 };
	}
	t0 = ev_clock_ns();
	do {
		for (int k = 0; k < 64; k++) {
			if (sendmmsg(tx, sm, BATCH, 0) < 0)
				continue;
			for (int i = 0; i < BATCH; i++) {
				riov[i] = (struct iovec){ rbuf[i], sizeof(rbuf[i]) };
				rm[i].msg_hdr = (struct msghdr){ .msg_iov = &riov[i], .msg_iovlen = 1 };
			}
			int n = recvmmsg(rx, rm, BATCH, MSG_DONTWAIT, NULL);
			if (n > 0)
				got += (uint64_t)n;
		}
		t1 = ev_clock_ns();
	} while ((double)(t1 - t0) / 1e9 < seconds);
	close(tx);
	close(rx);
	return (double)got / ((double)(t1 - t0) / 1e9);
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 64, 576, 1400 };
	double secs = argc > 1 ? atof(argv[1]) : 2.0;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* interleaved, best of three each: the machine is shared, so the
		 * anchor and the measurement see the same background load */
		double raw = 0, pps = 0;
		for (int r = 0; r < 3; r++) {
			double a = run_raw(sizes[i], secs / 3), b = run_gre(sizes[i], secs / 3);
			raw = a > raw ? a : raw;
			pps = b > pps ? b : pps;
		}
		printf("BENCH gre_relay size=%zu pps=%.0f mbps=%.1f anchor=raw_gre_sendmmsg_recvmmsg_same_size "
		       "anchor_pps=%.0f ratio=%.2f\n", sizes[i], pps, pps * (double)sizes[i] * 8 / 1e6, raw,
		       raw > 0 ? pps / raw : 0.0);
		fflush(stdout);
	}
	return 0;
}
