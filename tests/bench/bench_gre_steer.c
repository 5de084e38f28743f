/*
 * BENCH gre_steer: two ways of sharing one host's GRE over 2 worker threads
 * (pnsd -W, docs/workers.md), measured on the real kernel (loopback, in a
 * network namespace of its own; needs root):
 *
 *   design=one      today: one thread, one raw socket (the anchor)
 *   design=filter   each worker its own raw socket with the kernel filter of
 *                   gre_sock_open_steered (call ID mod 2): no hand-over
 *   design=handoff  host/pptp/gre_share.c, what pnsd -W is to use: worker 0
 *                   reads the one socket, keeps its calls' packets and hands
 *                   worker 1's over in batches through a single-producer
 *                   single-consumer ring (+ eventfd wake-up); both send
 *                   through that one socket
 *
 * Every worker runs its own event loop (epoll) and sends its sessions' acks
 * on a real raw socket, in all three designs.
 *
 * A sender thread sends SIZE-byte GRE data packets of 64 calls round robin,
 * as fast as it can, for SECONDS; each receiving worker runs the full GRE
 * receive path (parse, session lookup, sequence check, delivery). pps =
 * packets delivered per second, all workers together; sent_pps = what the
 * sender managed. On loopback the kernel's receive work (raw socket
 * delivery, the filters, the copies to each socket) runs in the sender's
 * system call, so the sender sets the pace and pps mostly measures it; the
 * figures that compare the designs are the CPU times per delivered packet:
 * workers_cpu_ns_per_pkt (the receiving threads, user + kernel),
 * sender_cpu_ns_per_pkt (sending plus the kernel's delivery), and their sum.
 * The sender shares the 2 cores with the workers: this says which design
 * costs less per packet, not what a host with more cores gets.
 *   usage: bench_gre_steer [SECONDS]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/evloop.h"
#include "pptp/gre.h"
#include "pptp/gre_share.h"

#define NCALLS 64
#define BATCH  32
#define SLOT   2048

static struct gre_share *share;   /* design=handoff */

static atomic_bool stop;
static double seconds = 2.0;

/* ---- one worker: a loop, a gre_sock (real or virtual), its sessions ---- */
struct wk {
	struct ev_loop *loop;
	struct gre_sock *gs;
	struct gre_session s[NCALLS];
	uint64_t delivered;
	pthread_t th;
	uint64_t cpu_ns;            /* the thread's CPU time, user + kernel */
};

/* deliveries counted per worker (each counter written by its worker only) */
static struct wk W[2];
static void deliver0(struct gre_session *s, const uint8_t *f, size_t l) { (void)s; (void)f; (void)l; W[0].delivered++; }
static void deliver1(struct gre_session *s, const uint8_t *f, size_t l) { (void)s; (void)f; (void)l; W[1].delivered++; }
static const struct gre_session_ops ops[2] = { { .deliver = deliver0 }, { .deliver = deliver1 } };

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void add_sessions(struct wk *w, unsigned idx, unsigned nworkers)
{
	for (unsigned id = 0; id < NCALLS; id++) {
		if (id % nworkers != idx)
			continue;
		gre_session_init(&w->s[id], w->gs, &ops[idx], htonl(INADDR_LOOPBACK), (uint16_t)id, 256, 60000);
		w->s[id].peer_call_id = 0xffff;    /* its ZLB acks go nowhere anyone counts */
		gre_session_start(&w->s[id]);
	}
}

static void del_sessions(struct wk *w, unsigned idx, unsigned nworkers)
{
	for (unsigned id = 0; id < NCALLS; id++)
		if (id % nworkers == idx)
			gre_session_stop(&w->s[id]);
}

/* ---- the sender ---- */
static size_t size;
static uint64_t sent, sender_cpu_ns;
static void *sender(void *arg)
{
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_GRE);
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	static uint8_t pkt[BATCH][GRE_HDR_MAX + SLOT];
	struct iovec iov[BATCH];
	struct mmsghdr mm[BATCH];
	uint32_t seq[NCALLS] = { 0 };
	unsigned id = 0;

	(void)arg;
	while (!atomic_load(&stop)) {
		for (int i = 0; i < BATCH; i++, id = (id + 1) % NCALLS) {
			size_t hl = gre_build(pkt[i], (uint16_t)id, (uint16_t)size, true, ++seq[id], false, 0);
			iov[i] = (struct iovec){ pkt[i], hl + size };
			mm[i].msg_hdr = (struct msghdr){ .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov[i],
							 .msg_iovlen = 1 };
		}
		int n = sendmmsg(fd, mm, BATCH, 0);
		if (n > 0)
			sent += (unsigned)n;
	}
	close(fd);
	sender_cpu_ns = thread_cpu_ns();
	return NULL;
}

/* ---- filter / one: each worker runs its loop ---- */
static void *loop_thread(void *arg)
{
	struct wk *w = arg;

	while (!atomic_load(&stop))
		ev_run_once(w->loop, 20);
	w->cpu_ns = thread_cpu_ns();
	return NULL;
}

static void lo_up(void)
{
	struct ifreq ifr = { 0 };
	int fd;

	if (unshare(CLONE_NEWNET) < 0) {
		perror("unshare (needs root)");
		exit(1);
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);   /* in the new namespace */
	strcpy(ifr.ifr_name, "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 || (ifr.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &ifr)) < 0) {
		perror("lo up");
		exit(1);
	}
	close(fd);
}

static void run(const char *design)
{
	bool one = strcmp(design, "one") == 0, filter = strcmp(design, "filter") == 0;
	unsigned nw = one ? 1 : 2;
	pthread_t snd;
	uint64_t t0, t1;

	memset(W, 0, sizeof(W));
	sent = 0;
	atomic_store(&stop, false);
	for (unsigned i = 0; i < nw; i++)
		W[i].loop = ev_loop_new();
	if (!one && !filter) {
		struct ev_loop *loops[2] = { W[0].loop, W[1].loop };

		share = gre_share_open(loops, 2, 0);
		if (share == NULL) {
			perror("gre_share_open");
			exit(1);
		}
		for (unsigned id = 0; id < NCALLS; id++)
			gre_share_assign(share, (uint16_t)id, id % 2);
	}
	for (unsigned i = 0; i < nw; i++) {
		if (one || filter)
			W[i].gs = gre_sock_open_steered(W[i].loop, 0, i, nw);
		else
			W[i].gs = gre_share_sock(share, i);
		if (W[i].gs == NULL) {
			perror("gre socket");
			exit(1);
		}
		add_sessions(&W[i], i, nw);
	}
	t0 = ev_clock_ns();
	pthread_create(&snd, NULL, sender, NULL);
	for (unsigned i = 0; i < nw; i++)
		pthread_create(&W[i].th, NULL, loop_thread, &W[i]);
	usleep((useconds_t)(seconds * 1e6));
	atomic_store(&stop, true);
	pthread_join(snd, NULL);
	t1 = ev_clock_ns();
	for (unsigned i = 0; i < nw; i++)
		pthread_join(W[i].th, NULL);
	double s = (double)(t1 - t0) / 1e9;
	uint64_t got = W[0].delivered + W[1].delivered;
	double rx = (double)(W[0].cpu_ns + W[1].cpu_ns) / (double)(got ? got : 1);
	double tx = (double)sender_cpu_ns / (double)(got ? got : 1);
	char ring[64] = "";
	if (share != NULL)   /* datagrams worker 0 handed over, and times it held one back on the full ring */
		snprintf(ring, sizeof(ring), " handed=%llu ring_holds=%llu", (unsigned long long)gre_share_handed(share, 1),
			 (unsigned long long)gre_share_holds(share, 1));
	printf("BENCH gre_steer design=%s workers=%u size=%zu pps=%.0f sent_pps=%.0f delivered_w0=%llu delivered_w1=%llu "
	       "workers_cpu_ns_per_pkt=%.0f sender_cpu_ns_per_pkt=%.0f total_cpu_ns_per_pkt=%.0f%s anchor=design_one\n",
	       design, nw, size, (double)got / s, (double)sent / s, (unsigned long long)W[0].delivered,
	       (unsigned long long)W[1].delivered, rx, tx, rx + tx, ring);
	for (unsigned i = 0; i < nw; i++) {
		del_sessions(&W[i], i, nw);
		if (one || filter)
			gre_sock_close(W[i].gs);
	}
	if (!one && !filter) {
		gre_share_close(share);
		share = NULL;
	}
	for (unsigned i = 0; i < nw; i++)
		ev_loop_free(W[i].loop);
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 64, 1400 };

	if (argc > 1)
		seconds = atof(argv[1]);
	lo_up();
	for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
		size = sizes[z];
		run("one");
		run("filter");
		run("handoff");
	}
	return 0;
}
