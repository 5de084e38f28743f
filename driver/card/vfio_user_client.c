/*
 * The vfio-user client: the card backend for the simulated card.
 *
 * Connects to cardsim's UNIX socket, negotiates the protocol version, maps
 * BAR0's doorbell page (a sparse mmap area backed by a file the server
 * passes), connects one eventfd per MSI-X vector, and shares DMA memory as
 * memfd files the server maps. Register accesses are messages with a reply;
 * doorbells are plain stores into the shared page, plus a posted (no reply)
 * write when the server said it is sleeping.
 *
 * One card may serve several event loops (pnsd -W N, docs/workers.md), each
 * on its own queue pairs: the socket is one stream of requests and replies,
 * so every message (a request and its reply, a posted write, a DMA mapping
 * and its IOVA) is sent under `io`. That is the simulator's transport: on a
 * real card (vfio_pci.c) registers and doorbells are stores to the BAR.
 * Doorbells take it only when the server sleeps (the posted write).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "card_dev.h"
#include "card_if.h"
#include "vfio_user.h"
#include "vfio_user_io.h"

#define VU_IOVA_BASE   0x100000000ull   /* IOVAs handed out from 4 GiB up */
#define VU_TIMEOUT_S   10
#define VU_PENDING     8                /* reads that never wait, on their way at once */

struct vu_dev {
	struct card_dev dev;
	int sock;
	uint16_t next_id;
	uint8_t *bar_map;          /* mmap of the BAR0 file; only the doorbell page is touched */
	size_t bar_map_len;
	int irq_fd[CARD_NUM_VECTORS];
	uint64_t next_iova;
	uint64_t posted_errors;
	pthread_mutex_t io;        /* recursive: a DMA mapping's transact nests */
	struct card_rdreq *pend[VU_PENDING];   /* reads sent that never wait, not yet answered (under io) */
	struct card_rdreq orphan[VU_PENDING];  /* pend[i] of a read its caller gave up (vu_read_cancel) */
};

static struct vu_dev *vu(struct card_dev *d)
{
	return (struct vu_dev *)d;
}

static void lose(struct vu_dev *v)
{
	v->dev.lost = true;
}

static int send_msg(struct vu_dev *v, uint16_t cmd, uint32_t flags, const void *p, uint32_t len,
		    const int *fds, unsigned nfds, uint16_t *id_out)
{
	struct vfio_user_header h = {
		.command = cmd, .msg_size = (uint32_t)sizeof(h) + len,
		.flags = VFIO_USER_F_TYPE_COMMAND | flags,
	};
	/* an ID a read that never waits still waits on is not used again */
	for (unsigned i = 0; i < VU_PENDING; i++)
		if (v->pend[i] && v->pend[i]->id == v->next_id) {
			v->next_id++;
			i = (unsigned)-1;
		}
	h.msg_id = v->next_id++;
	if (v->dev.lost) {
		errno = ENODEV;
		return -1;
	}
	if (vfu_send(v->sock, &h, p, len, fds, nfds) < 0) {
		lose(v);
		errno = ENODEV;
		return -1;
	}
	if (id_out)
		*id_out = h.msg_id;
	return 0;
}

/*
 * One message from the server (its header in h, already received): the
 * reply to `want` (copies up to cap payload octets to out, *len gets the
 * payload length, up to one passed fd to *fd_out), the answer to a read
 * that never waits (pend[]), or an error reply to an earlier posted write
 * (counted). 2: the reply to `want`, 3: that reply says the request failed
 * (errno set), 0: another message taken, -1: the stream is unusable.
 */
#define NO_WANT 0x10000u
static int take_msg(struct vu_dev *v, const struct vfio_user_header *hp, int *fds, unsigned nfds, uint32_t want,
		    void *out, uint32_t cap, uint32_t *len, int *fd_out)
{
	struct vfio_user_header h = *hp;
	uint32_t plen = h.msg_size - (uint32_t)sizeof(h);

	if ((h.flags & VFIO_USER_F_TYPE_MASK) != VFIO_USER_F_TYPE_REPLY)
		goto lost_fds;        /* not a reply we can parse: the stream is unusable */
	if (h.msg_id != want) {
		for (unsigned i = 0; i < VU_PENDING; i++) {
			struct card_rdreq *r = v->pend[i];
			uint8_t b[sizeof(struct vfio_user_region_access) + 4];
			if (!r || r->id != h.msg_id)
				continue;
			/* the answer to a read that never waits */
			v->pend[i] = NULL;
			if (plen > sizeof(b) || (plen && vfu_read_full(v->sock, b, plen) < 0))
				goto lost_fds;
			for (unsigned k = 0; k < nfds; k++)
				close(fds[k]);
			r->val = 0xffffffffu;
			if (!(h.flags & VFIO_USER_F_ERROR) && plen == sizeof(b))
				memcpy(&r->val, b + sizeof(struct vfio_user_region_access), 4);
			card_rd_set(r, CARD_RD_DONE);
			return 0;
		}
		/* the failure of a posted write, reported late */
		uint8_t skip[256];
		while (plen) {
			uint32_t n = plen < sizeof(skip) ? plen : (uint32_t)sizeof(skip);
			if (vfu_read_full(v->sock, skip, n) < 0)
				goto lost_fds;
			plen -= n;
		}
		for (unsigned i = 0; i < nfds; i++)
			close(fds[i]);
		if (!(h.flags & VFIO_USER_F_ERROR))
			return -1;
		v->posted_errors++;
		return 0;
	}
	if (plen > cap) {
		errno = EPROTO;
		goto lost_fds;
	}
	if (plen && vfu_read_full(v->sock, out, plen) < 0)
		goto lost_fds;
	if (len)
		*len = plen;
	for (unsigned i = 0; i < nfds; i++) {
		if (i == 0 && fd_out)
			*fd_out = fds[0];
		else
			close(fds[i]);
	}
	if (h.flags & VFIO_USER_F_ERROR) {
		errno = h.error_no ? (int)h.error_no : EIO;
		return 3;
	}
	return 2;
lost_fds:
	for (unsigned i = 0; i < nfds; i++)
		close(fds[i]);
	return -1;
}

/*
 * Waits for the reply to message `id` (take_msg), taking the messages
 * before it.
 */
static int wait_reply(struct vu_dev *v, uint16_t id, void *out, uint32_t cap, uint32_t *len, int *fd_out)
{
	for (;;) {
		struct vfio_user_header h;
		int fds[VFIO_USER_MAX_FDS];
		unsigned nfds;
		int r;

		if (vfu_recv_header(v->sock, &h, fds, &nfds) < 0)
			break;
		r = take_msg(v, &h, fds, nfds, id, out, cap, len, fd_out);
		if (r == 2)
			return 0;
		if (r == 3)
			return -1;
		if (r < 0)
			break;
	}
	lose(v);
	errno = ENODEV;
	return -1;
}

/*
 * Takes every whole message the socket holds, without waiting (under io):
 * the answers to reads that never wait. 0, or -1 when the stream is
 * unusable or the server hung up (the card is lost).
 */
static int drain(struct vu_dev *v)
{
	for (;;) {
		struct vfio_user_header h;
		int fds[VFIO_USER_MAX_FDS];
		unsigned nfds;
		int avail = 0;
		ssize_t n;

		if (v->dev.lost)
			return -1;
		if (ioctl(v->sock, FIONREAD, &avail) < 0)
			goto lost;
		n = recv(v->sock, &h, sizeof(h), MSG_PEEK | MSG_DONTWAIT);
		if (n == 0)
			goto lost;            /* the server hung up */
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 : (lose(v), -1);
		if ((size_t)n < sizeof(h))
			return 0;
		if (h.msg_size < sizeof(h) || h.msg_size > VFIO_USER_MAX_MSG)
			goto lost;
		if ((uint32_t)avail < h.msg_size)
			return 0;             /* not whole yet */
		if (vfu_recv_header(v->sock, &h, fds, &nfds) < 0 ||
		    take_msg(v, &h, fds, nfds, NO_WANT, NULL, 0, NULL, NULL) < 0)
			goto lost;
	}
lost:
	lose(v);
	return -1;
}

static int transact(struct vu_dev *v, uint16_t cmd, const void *req, uint32_t req_len, const int *fds,
		    unsigned nfds, void *rsp, uint32_t rsp_cap, uint32_t *rsp_len, int *fd_out)
{
	uint16_t id;
	int r = -1;

	pthread_mutex_lock(&v->io);
	if (send_msg(v, cmd, 0, req, req_len, fds, nfds, &id) == 0)
		r = wait_reply(v, id, rsp, rsp_cap, rsp_len, fd_out);
	pthread_mutex_unlock(&v->io);
	return r;
}

/* ------------------------------------------------------------------ card_dev ops */

static uint32_t vu_read32(struct card_dev *d, uint32_t off)
{
	struct vu_dev *v = vu(d);
	struct vfio_user_region_access a = { .offset = off, .region = VFIO_USER_PCI_BAR0, .count = 4 };
	uint8_t out[sizeof(a) + 4];
	uint32_t len = 0, val;

	if (transact(v, VFIO_USER_REGION_READ, &a, sizeof(a), NULL, 0, out, sizeof(out), &len, NULL) < 0 ||
	    len != sizeof(out))
		return 0xffffffffu;
	memcpy(&val, out + sizeof(a), 4);
	return val;
}

static uint64_t vu_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/*
 * A read that never waits: the request is sent, and its answer taken by
 * whichever call reads the socket next (this one from the caller's poll, or
 * another register access's wait_reply). A stopped server (SIGSTOP) leaves
 * it on its way; the caller decides how long is too long. When another
 * thread holds the socket (pnsd -W N), nothing is done this time.
 */
static int vu_read32_nb(struct card_dev *d, struct card_rdreq *r)
{
	struct vu_dev *v = vu(d);
	int ret = 0;

	if (d->lost)
		return -1;
	if (pthread_mutex_trylock(&v->io) != 0)
		return 0;
	if (!r) {
		/* only a look: answers that came, and a server that hung up */
		ret = drain(v) < 0 ? -1 : 0;
		pthread_mutex_unlock(&v->io);
		return ret;
	}
	if (card_rd_state(r) == CARD_RD_IDLE) {
		struct vfio_user_region_access a = { .offset = r->off, .region = VFIO_USER_PCI_BAR0, .count = 4 };
		unsigned i = 0;
		while (i < VU_PENDING && v->pend[i])
			i++;
		if (i == VU_PENDING)
			goto out;                 /* all in use: later */
		if (send_msg(v, VFIO_USER_REGION_READ, 0, &a, sizeof(a), NULL, 0, &r->id) < 0) {
			ret = -1;
			goto out;
		}
		card_rd_set(r, CARD_RD_SENT);
		r->t_ms = vu_now_ms();
		v->pend[i] = r;
	}
	if (card_rd_state(r) == CARD_RD_SENT && drain(v) < 0)
		ret = -1;
	else if (card_rd_state(r) == CARD_RD_DONE)
		ret = 1;
out:
	if (ret < 0) {
		for (unsigned i = 0; i < VU_PENDING; i++)
			if (v->pend[i] == r)
				v->pend[i] = NULL;
		card_rd_set(r, CARD_RD_IDLE);
	}
	pthread_mutex_unlock(&v->io);
	return ret;
}

static void vu_read_cancel(struct card_dev *d, struct card_rdreq *r)
{
	struct vu_dev *v = vu(d);

	pthread_mutex_lock(&v->io);
	/* its answer may still come: a copy waits for it, so that it is
	 * taken as an answer and not as a reply nobody asked for */
	for (unsigned i = 0; i < VU_PENDING; i++)
		if (v->pend[i] == r) {
			v->orphan[i] = *r;
			v->pend[i] = &v->orphan[i];
		}
	pthread_mutex_unlock(&v->io);
}

static int vu_write_msg(struct vu_dev *v, uint32_t off, uint32_t val, bool posted)
{
	struct {
		struct vfio_user_region_access a;
		uint32_t val;
	} __attribute__((packed)) w = { { .offset = off, .region = VFIO_USER_PCI_BAR0, .count = 4 }, val };
	struct vfio_user_region_access back;
	uint32_t len;

	if (posted) {
		int r;
		pthread_mutex_lock(&v->io);
		r = send_msg(v, VFIO_USER_REGION_WRITE, VFIO_USER_F_NO_REPLY, &w, sizeof(w), NULL, 0, NULL);
		pthread_mutex_unlock(&v->io);
		return r;
	}
	return transact(v, VFIO_USER_REGION_WRITE, &w, sizeof(w), NULL, 0, &back, sizeof(back), &len, NULL);
}

static int vu_write32(struct card_dev *d, uint32_t off, uint32_t val)
{
	return vu_write_msg(vu(d), off, val, false);
}

static void vu_doorbell(struct card_dev *d, uint32_t off, uint32_t val)
{
	struct vu_dev *v = vu(d);
	uint32_t *db = (uint32_t *)(v->bar_map + off);
	uint32_t *sleeping = (uint32_t *)(v->bar_map + CARD_DOORBELL_BASE + CARDSIM_DB_SLEEPING_OFF);

	if (d->lost)
		return;
	/* The ring entries were written before: release orders them before the
	 * doorbell; the full fence orders the doorbell before reading the flag
	 * (the server sets the flag, then looks at the doorbells). */
	__atomic_store_n(db, val, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(sleeping, __ATOMIC_ACQUIRE)) {
		/* Messages the server has not read yet wake it anyway, and it
		 * looks at the doorbells after them: no posted write then. A
		 * stopped server (SIGSTOP) would otherwise fill the socket with
		 * them until a send waited for room (up to 10 s, the caller's
		 * event loop with it). */
		int outq = 0;
		if (ioctl(v->sock, SIOCOUTQ, &outq) == 0 && outq > 0)
			return;
		vu_write_msg(v, off, val, true);
	}
}

static int vu_dma_alloc(struct card_dev *d, size_t size, struct card_dma *out)
{
	struct vu_dev *v = vu(d);
	struct vfio_user_dma_map m;
	size_t len = (size + 4095) & ~(size_t)4095;
	int fd = memfd_create("mppe-card-dma", MFD_CLOEXEC);
	void *va = MAP_FAILED;
	int err;

	if (fd < 0)
		return -1;
	pthread_mutex_lock(&v->io);   /* next_iova: another loop may map at once */
	if (ftruncate(fd, (off_t)len) < 0)
		goto fail;
	va = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (va == MAP_FAILED)
		goto fail;
	m = (struct vfio_user_dma_map){ .argsz = sizeof(m),
		.flags = VFIO_USER_DMA_FLAG_READ | VFIO_USER_DMA_FLAG_WRITE,
		.offset = 0, .address = v->next_iova, .size = len };
	if (transact(v, VFIO_USER_DMA_MAP, &m, sizeof(m), &fd, 1, NULL, 0, NULL, NULL) < 0)
		goto fail;
	close(fd);
	out->va = va;
	out->iova = v->next_iova;
	out->size = len;
	out->priv = NULL;
	/* a guard gap between mappings: an overrun faults instead of landing in a neighbour */
	v->next_iova += len + 4096;
	pthread_mutex_unlock(&v->io);
	return 0;
fail:
	err = errno;
	pthread_mutex_unlock(&v->io);
	if (va != MAP_FAILED)
		munmap(va, len);
	close(fd);
	errno = err;
	return -1;
}

static void vu_dma_free(struct card_dev *d, struct card_dma *m)
{
	struct vu_dev *v = vu(d);
	struct vfio_user_dma_unmap u = { .argsz = sizeof(u), .address = m->iova, .size = m->size };
	struct vfio_user_dma_unmap back;
	uint32_t len;

	if (!m->va)
		return;
	/* unmap on the card's side first, so it never writes into freed memory */
	if (!d->lost)
		transact(v, VFIO_USER_DMA_UNMAP, &u, sizeof(u), NULL, 0, &back, sizeof(back), &len, NULL);
	munmap(m->va, m->size);
	m->va = NULL;
}

static int vu_irq_fd(struct card_dev *d, unsigned vec)
{
	return vec < CARD_NUM_VECTORS ? vu(d)->irq_fd[vec] : -1;
}

static int vu_reset(struct card_dev *d)
{
	return transact(vu(d), VFIO_USER_DEVICE_RESET, NULL, 0, NULL, 0, NULL, 0, NULL, NULL);
}

static void vu_close(struct card_dev *d)
{
	struct vu_dev *v = vu(d);

	if (v->bar_map)
		munmap(v->bar_map, v->bar_map_len);
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++)
		if (v->irq_fd[i] >= 0)
			close(v->irq_fd[i]);
	if (v->sock >= 0)
		close(v->sock);
	pthread_mutex_destroy(&v->io);
	free(v);
}

static const struct card_dev_ops vu_ops = {
	.kind = "cardsim",
	.timeout_ms = 60000,
	.read32 = vu_read32,
	.read32_nb = vu_read32_nb,
	.read_cancel = vu_read_cancel,
	.write32 = vu_write32,
	.doorbell = vu_doorbell,
	.dma_alloc = vu_dma_alloc,
	.dma_free = vu_dma_free,
	.irq_fd = vu_irq_fd,
	.reset = vu_reset,
	.close = vu_close,
};

/* ------------------------------------------------------------------ setup */

static int negotiate(struct vu_dev *v)
{
	static const char caps[] = "{\"capabilities\":{\"max_msg_fds\":16,\"max_data_xfer_size\":61440}}";
	uint8_t req[sizeof(struct vfio_user_version) + sizeof(caps)], rsp[1024];
	struct vfio_user_version ver = { VFIO_USER_MAJOR, VFIO_USER_MINOR };
	uint32_t len = 0;

	memcpy(req, &ver, sizeof(ver));
	memcpy(req + sizeof(ver), caps, sizeof(caps));
	if (transact(v, VFIO_USER_VERSION, req, sizeof(req), NULL, 0, rsp, sizeof(rsp), &len, NULL) < 0)
		return -1;
	memcpy(&ver, rsp, sizeof(ver));
	if (len < sizeof(ver) || ver.major != VFIO_USER_MAJOR) {
		errno = EPROTONOSUPPORT;
		return -1;
	}
	return 0;
}

static int map_bar0(struct vu_dev *v)
{
	struct {
		struct vfio_user_region_info r;
		struct vfio_user_sparse_mmap cap;
	} info;
	struct vfio_user_region_info req = { .argsz = sizeof(info), .index = VFIO_USER_PCI_BAR0 };
	struct stat st;
	uint32_t len = 0;
	int fd = -1;

	if (transact(v, VFIO_USER_DEVICE_GET_REGION_INFO, &req, sizeof(req), NULL, 0, &info, sizeof(info),
		     &len, &fd) < 0)
		return -1;
	if (len < sizeof(info) || info.r.size < CARD_BAR0_SIZE || !(info.r.flags & VFIO_USER_REGION_MMAP) ||
	    info.r.cap_offset != sizeof(info.r) || info.cap.header.id != VFIO_USER_CAP_SPARSE_MMAP ||
	    info.cap.nr_areas != 1 || info.cap.areas[0].offset != CARD_DOORBELL_BASE || fd < 0) {
		if (fd >= 0)
			close(fd);
		errno = EPROTO;
		return -1;
	}
	/* The doorbell page must be whole (doorbells and the sleeping flag at
	 * its end are touched) and the file must hold the mapping: a server
	 * that passes a shorter file would make the first doorbell a SIGBUS
	 * (found by fuzz_vfu_client). */
	if (info.cap.areas[0].size < CARD_BAR0_SIZE - CARD_DOORBELL_BASE ||
	    info.cap.areas[0].size > CARD_BAR0_SIZE || info.r.offset > (uint64_t)INT64_MAX - CARD_BAR0_SIZE ||
	    fstat(fd, &st) < 0 || (uint64_t)st.st_size < info.r.offset + CARD_DOORBELL_BASE + info.cap.areas[0].size) {
		close(fd);
		errno = EPROTO;
		return -1;
	}
	/* map from the region's start so BAR offsets index the mapping; only
	 * the doorbell page is ever touched */
	v->bar_map_len = CARD_DOORBELL_BASE + info.cap.areas[0].size;
	v->bar_map = mmap(NULL, v->bar_map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)info.r.offset);
	close(fd);
	if (v->bar_map == MAP_FAILED) {
		v->bar_map = NULL;
		return -1;
	}
	return 0;
}

static int connect_irqs(struct vu_dev *v)
{
	struct vfio_user_irq_info ii = { .argsz = sizeof(ii), .index = VFIO_USER_IRQ_MSIX };
	struct vfio_user_irq_set set = {
		.argsz = sizeof(set), .flags = VFIO_USER_IRQ_DATA_EVENTFD | VFIO_USER_IRQ_ACTION_TRIGGER,
		.index = VFIO_USER_IRQ_MSIX, .start = 0, .count = CARD_NUM_VECTORS,
	};
	uint32_t len = 0;

	if (transact(v, VFIO_USER_DEVICE_GET_IRQ_INFO, &ii, sizeof(ii), NULL, 0, &ii, sizeof(ii), &len, NULL) < 0)
		return -1;
	if (len != sizeof(ii) || ii.count < CARD_NUM_VECTORS || !(ii.flags & VFIO_USER_IRQ_INFO_EVENTFD)) {
		errno = EPROTO;
		return -1;
	}
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++) {
		v->irq_fd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (v->irq_fd[i] < 0)
			return -1;
	}
	return transact(v, VFIO_USER_DEVICE_SET_IRQS, &set, sizeof(set), v->irq_fd, CARD_NUM_VECTORS,
			NULL, 0, NULL, NULL);
}

struct card_dev *card_dev_open_vfio_user(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = VU_TIMEOUT_S };
	struct vfio_user_device_info di = { .argsz = sizeof(di) };
	struct vu_dev *v;
	uint32_t len = 0;
	int err;

	if (!path || !*path || strlen(path) >= sizeof(sa.sun_path)) {
		errno = EINVAL;
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v->dev.ops = &vu_ops;
	v->next_iova = VU_IOVA_BASE;
	{
		pthread_mutexattr_t a;
		pthread_mutexattr_init(&a);
		pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
		pthread_mutex_init(&v->io, &a);
		pthread_mutexattr_destroy(&a);
	}
	for (unsigned i = 0; i < CARD_NUM_VECTORS; i++)
		v->irq_fd[i] = -1;
	snprintf(v->dev.name, sizeof(v->dev.name), "cardsim, %.80s", path);
	strcpy(sa.sun_path, path);
	v->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (v->sock < 0)
		goto fail;
	if (connect(v->sock, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto fail;
	/* a simulator that stops answering counts as a lost card */
	setsockopt(v->sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(v->sock, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (negotiate(v) < 0)
		goto fail;
	if (transact(v, VFIO_USER_DEVICE_GET_INFO, &di, sizeof(di), NULL, 0, &di, sizeof(di), &len, NULL) < 0)
		goto fail;
	if (len != sizeof(di) || !(di.flags & VFIO_USER_DEVICE_FLAGS_PCI) || di.num_regions <= VFIO_USER_PCI_BAR0 ||
	    di.num_irqs <= VFIO_USER_IRQ_MSIX) {
		errno = ENODEV;
		goto fail;
	}
	if (map_bar0(v) < 0 || connect_irqs(v) < 0)
		goto fail;
	return &v->dev;
fail:
	err = errno == 0 ? EIO : errno;
	vu_close(&v->dev);
	errno = err;
	return NULL;
}
