/*
 * libFuzzer: cardsim's vfio-user server (sim/cardsim/vfu_server.c) and PCIe
 * model (pcie_model.c), driving the real Verilated card (hdl/card_top.v).
 *
 * Input: one option octet, then the octets a client sends on the socket.
 *   bit 0 of the option octet: before the input the harness negotiates the
 *         version and maps FUZZ_DMA_SIZE octets of a memory file at IOVA
 *         FUZZ_DMA_IOVA through the server's own DMA_MAP (the file travels
 *         as SCM_RIGHTS, which the input cannot carry), so rings programmed
 *         by the input can make the card read and write host memory.
 *   bit 1: DMA latency of FUZZ_DMA_LATENCY clocks instead of 0.
 *   bits 7..2: clocks the card runs after each message; 0: until it has
 *         left the bus alone for FUZZ_IDLE_CLOCKS (see step()). A few
 *         clocks leave DMA in flight when the next message is handled, as
 *         cardsim's fixed batches of clocks do.
 *
 * Per input the server gets a fresh socketpair as its client, reads the
 * input until the end of the stream, and the client is dropped, which
 * returns the card to power-on: every input starts from the same state.
 * Between messages the doorbells are applied and the card runs, as
 * between cardsim's batches.
 * Every reply is checked for framing; messages that need file descriptors
 * (DMA_MAP, SET_IRQS) arrive without them.
 *
 * The card is not READY during an input (its firmware self-test takes
 * about 0.75 million clocks after each power-on), so data entries complete
 * with an error status: the card still fetches them and writes the
 * completions, which is the DMA traffic this harness is after.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cardsim/vfu_server.h"

#define FUZZ_DMA_IOVA        0x0ull
#define FUZZ_DMA_SIZE        0x10000u
#define FUZZ_DMA_LATENCY     16u
#define FUZZ_IDLE_CLOCKS     8     /* clocks without DMA or interrupts that end a run */
#define FUZZ_MAX_CLOCKS      1024   /* per message */
#define FUZZ_MAX_INPUT       (VFIO_USER_MAX_MSG + 64u)   /* fits the socket buffer unread */

#define OPT_MAP              0x01u
#define OPT_LATENCY          0x02u
#define OPT_CLOCKS_SHIFT     2

static unsigned clocks_per_msg;      /* 0: until idle */

static struct vfu_server srv;
static int dma_fd = -1;
static uint8_t *dma_mem;

/* The reply stream as the client sees it, and the last complete reply. */
static uint8_t rx[VFIO_USER_MAX_MSG * 2];
static size_t rx_len;
static uint8_t last_reply[64];
static uint32_t last_reply_len;

static void die(const char *what)
{
	fprintf(stderr, "fuzz_vfu_server: %s\n", what);
	abort();
}

/* Checks every complete reply and keeps the start of the last one. */
static void check_replies(void)
{
	size_t off = 0;

	while (rx_len - off >= sizeof(struct vfio_user_header)) {
		struct vfio_user_header h;
		memcpy(&h, rx + off, sizeof(h));
		if ((h.flags & VFIO_USER_F_TYPE_MASK) != VFIO_USER_F_TYPE_REPLY ||
		    h.msg_size < sizeof(h) || h.msg_size > VFIO_USER_MAX_MSG)
			die("server sent a malformed reply header");
		if ((h.flags & VFIO_USER_F_ERROR) && (h.msg_size != sizeof(h) || h.error_no == 0))
			die("server sent an error reply with a payload or without an errno");
		if (rx_len - off < h.msg_size)
			break;
		last_reply_len = h.msg_size < sizeof(last_reply) ? h.msg_size : sizeof(last_reply);
		memcpy(last_reply, rx + off, last_reply_len);
		off += h.msg_size;
	}
	memmove(rx, rx + off, rx_len - off);
	rx_len -= off;
}

/* Reads what the server wrote so far, without waiting; closes any fds. */
static void drain(int fd)
{
	for (;;) {
		union {
			struct cmsghdr align;
			char buf[CMSG_SPACE(sizeof(int) * VFIO_USER_MAX_FDS)];
		} cm;
		struct iovec iov = { rx + rx_len, sizeof(rx) - rx_len };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.buf,
				     .msg_controllen = sizeof(cm.buf) };
		ssize_t r = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

		if (r <= 0)
			break;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
				int fds[VFIO_USER_MAX_FDS];
				size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
				memcpy(fds, CMSG_DATA(c), n * sizeof(int));
				for (size_t i = 0; i < n; i++)
					close(fds[i]);
			}
		}
		rx_len += (size_t)r;
		if (rx_len == sizeof(rx))
			die("reply buffer full: a reply larger than the protocol allows");
	}
	check_replies();
}

static void send_fd_msg(int fd, uint16_t cmd, const void *payload, uint32_t len, int pass_fd)
{
	struct vfio_user_header h = { .msg_id = 0xf000 | cmd, .command = cmd,
				      .msg_size = (uint32_t)sizeof(h) + len };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)payload, len } };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} cm;
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };

	if (pass_fd >= 0) {
		struct cmsghdr *c;
		mh.msg_control = cm.buf;
		mh.msg_controllen = sizeof(cm.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
	}
	if (sendmsg(fd, &mh, MSG_NOSIGNAL) != (ssize_t)(sizeof(h) + len))
		die("cannot send to the server");
}

/* VERSION, then DMA_MAP of the memory file: one sendmsg each, so the fd
 * arrives with the header the server reads it with. */
static void send_prefix(int fd)
{
	static const char caps[] = "{\"capabilities\":{\"max_msg_fds\":1}}";
	uint8_t ver[sizeof(struct vfio_user_version) + sizeof(caps)];
	struct vfio_user_version v = { VFIO_USER_MAJOR, VFIO_USER_MINOR };
	struct vfio_user_dma_map m = {
		.argsz = sizeof(m), .flags = VFIO_USER_DMA_FLAG_READ | VFIO_USER_DMA_FLAG_WRITE,
		.offset = 0, .address = FUZZ_DMA_IOVA, .size = FUZZ_DMA_SIZE,
	};

	memcpy(ver, &v, sizeof(v));
	memcpy(ver + sizeof(v), caps, sizeof(caps));
	send_fd_msg(fd, VFIO_USER_VERSION, ver, sizeof(ver), -1);
	send_fd_msg(fd, VFIO_USER_DMA_MAP, &m, sizeof(m), dma_fd);
}

/* A fresh client: returns the harness's end of the connection. */
static int connect_client(unsigned opts)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		die("socketpair");
	memset(dma_mem, 0, FUZZ_DMA_SIZE);
	rx_len = 0;
	vfu_attach_client(&srv, sv[0]);
	srv.pm.dma_latency = (opts & OPT_LATENCY) ? FUZZ_DMA_LATENCY : 0;
	srv.pm.dma_ack_latency = srv.pm.dma_latency;
	clocks_per_msg = (opts & 0xffu) >> OPT_CLOCKS_SHIFT;
	if (opts & OPT_MAP)
		send_prefix(sv[1]);
	return sv[1];
}

/* The card is using the bus: a DMA request, transfer or acknowledgement,
 * or an interrupt. */
static bool card_busy(const struct pcie_model *m)
{
	return m->rd_n || m->wr_in_burst || m->wr_rsp_pending || m->pins.dmar_req_valid ||
	       m->pins.dmaw_valid || m->pins.irq;
}

/* One message, then the card's clocks; false when the client is gone.
 * cardsim runs batches of 256 clocks between messages. Here the input
 * chooses a fixed number, or the card runs until it has left the bus alone
 * for FUZZ_IDLE_CLOCKS: a card that is not READY is never quiet (the
 * firmware's self-test runs), and long fixed batches would spend most of
 * the time on clocks that nothing the server or PCIe model does sees. */
static bool step(int fd)
{
	int r = vfu_handle_one(&srv);
	unsigned idle = 0;

	drain(fd);
	if (r < 0)
		return false;
	vfu_apply_doorbells(&srv);
	if (clocks_per_msg) {
		for (unsigned i = 0; i < clocks_per_msg; i++)
			pcie_cycle(&srv.pm);
		return true;
	}
	for (unsigned i = 0; i < FUZZ_MAX_CLOCKS && idle < FUZZ_IDLE_CLOCKS; i++) {
		pcie_cycle(&srv.pm);
		idle = card_busy(&srv.pm) ? 0 : idle + 1;
	}
	return true;
}

static void fini(void)
{
	vfu_fini(&srv);
	if (dma_mem)
		munmap(dma_mem, FUZZ_DMA_SIZE);
	if (dma_fd >= 0)
		close(dma_fd);
}

/* Whether the last reply answered cmd without an error. */
static bool last_ok(uint16_t cmd)
{
	struct vfio_user_header h;

	if (last_reply_len < sizeof(h))
		return false;
	memcpy(&h, last_reply, sizeof(h));
	last_reply_len = 0;
	return h.command == cmd && !(h.flags & VFIO_USER_F_ERROR);
}

/* The harness is only worth running if the prefix really maps memory and
 * the card answers: check both once, through the server's replies. */
static void self_check(void)
{
	struct vfio_user_region_access a = { .offset = CARD_HDR_TYPE, .region = VFIO_USER_PCI_BAR0, .count = 4 };
	int fd = connect_client(OPT_MAP);
	uint32_t magic;

	if (!step(fd) || !last_ok(VFIO_USER_VERSION))
		die("self-check: VERSION refused");
	if (!step(fd) || !last_ok(VFIO_USER_DMA_MAP) || srv.pm.nmaps != 1)
		die("self-check: the harness's DMA_MAP was refused");
	send_fd_msg(fd, VFIO_USER_REGION_READ, &a, sizeof(a), -1);
	if (!step(fd) || last_reply_len != sizeof(struct vfio_user_header) + sizeof(a) + 4 ||
	    !last_ok(VFIO_USER_REGION_READ))
		die("self-check: REGION_READ of BAR0 not answered");
	memcpy(&magic, last_reply + sizeof(struct vfio_user_header) + sizeof(a), 4);
	if (magic != CARD_MAGIC)
		die("self-check: the card's header does not read MAGIC");
	close(fd);
	vfu_drop_client(&srv);
	if (srv.pm.nmaps != 0)
		die("self-check: dropping the client left memory mapped");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *fw = getenv("FUZZ_CARDSIM_FIRMWARE");

	(void)argc;
	(void)argv;
	if (!fw)
		fw = "build/firmware/firmware.hex";
	if (access(fw, R_OK) != 0) {
		fprintf(stderr, "fuzz_vfu_server: firmware %s: %s (set FUZZ_CARDSIM_FIRMWARE)\n", fw,
			strerror(errno));
		exit(1);
	}
	if (vfu_init(&srv, NULL, NULL, fw) < 0)
		die("vfu_init");
	dma_fd = memfd_create("fuzz-dma", MFD_CLOEXEC);
	if (dma_fd < 0 || ftruncate(dma_fd, FUZZ_DMA_SIZE) < 0)
		die("memfd");
	dma_mem = mmap(NULL, FUZZ_DMA_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, dma_fd, 0);
	if (dma_mem == MAP_FAILED)
		die("mmap");
	atexit(fini);
	self_check();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd;

	if (size < 1 || size > FUZZ_MAX_INPUT)
		return -1;
	fd = connect_client(data[0]);
	if (size > 1 && write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
		die("cannot write the input to the server's socket");
	shutdown(fd, SHUT_WR);
	while (step(fd))
		;
	vfu_drop_client(&srv);
	close(fd);
	return 0;
}
