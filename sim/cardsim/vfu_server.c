/*
 * The vfio-user server side of cardsim: one client at a time on a UNIX
 * socket, messages handled between clock batches (single-threaded).
 * Protocol layouts: contract/vfio_user.h; what is implemented:
 * docs/cardsim.md.
 */
#include "vfu_server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "byteorder.h"
#include "vfio_user.h"
#include "card/vfio_user_io.h"

#define DB_FILE_SIZE   CARD_BAR0_SIZE     /* the file covers BAR0; only the doorbell page is mapped */
#define CFG_SIZE       256u

static void logf_(struct vfu_server *s, const char *fmt, ...)
{
	va_list ap;
	if (!s->verbose)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "cardsim: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ------------------------------------------------------------------ config space */

/* A type 0 header with one 32-bit memory BAR and an MSI-X capability. The
 * PCIe core of an FPGA owns config space, so it is modelled here, not in
 * the RTL. */
static void config_init(struct vfu_server *s)
{
	uint8_t *c = s->cfg;

	memset(c, 0, sizeof(s->cfg));
	put_le16(c + 0x00, CARD_PCI_VENDOR_ID);
	put_le16(c + 0x02, CARD_PCI_DEVICE_ID);
	put_le16(c + 0x06, 0x0010);              /* status: capabilities list */
	c[0x08] = 1;                          /* revision */
	c[0x0a] = 0x00;                       /* subclass: network/computing encryption */
	c[0x0b] = 0x10;                       /* class: encryption controller */
	put_le32(c + 0x10, 0x00000000);          /* BAR0: 32-bit memory, not prefetchable */
	c[0x34] = 0x40;                       /* capabilities pointer */
	c[0x40] = 0x11;                       /* MSI-X */
	c[0x41] = 0x00;
	put_le16(c + 0x42, CARD_NUM_VECTORS - 1); /* table size - 1 */
	put_le32(c + 0x44, CARD_MSIX_TABLE);     /* table: BAR0 offset, BIR 0 (the register page's unused end) */
	put_le32(c + 0x48, CARD_MSIX_PBA);       /* PBA:   BAR0 offset, BIR 0 */
}

static void config_write(struct vfu_server *s, uint64_t off, const uint8_t *d, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint64_t a = off + i;
		/* command register and BAR0 address are writable; BAR sizing reads back the size mask */
		if (a == 0x04 || a == 0x05)
			s->cfg[a] = d[i];
		else if (a >= 0x10 && a < 0x14)
			s->cfg[a] = d[i];
	}
	if (off <= 0x10 && off + n >= 0x14) {
		put_le32(s->cfg + 0x10, get_le32(s->cfg + 0x10) & ~(uint32_t)(CARD_BAR0_SIZE - 1));
	}
}

/* ------------------------------------------------------------------ doorbells */

static volatile uint32_t *db_word(struct vfu_server *s, unsigned q, unsigned which)
{
	return (volatile uint32_t *)(s->db_map + CARD_DB_SQ_TAIL + 8 * q + 4 * which);
}

/* Forget what the page said: the next value software writes counts. */
static void doorbells_resync(struct vfu_server *s, int only_q)
{
	for (unsigned q = 0; q < CARD_NUM_QUEUES; q++)
		for (unsigned w = 0; w < 2; w++)
			if (only_q < 0 || (unsigned)only_q == q)
				s->db_seen[q][w] = __atomic_load_n(db_word(s, q, w), __ATOMIC_ACQUIRE);
}

int vfu_apply_doorbells(struct vfu_server *s)
{
	int n = 0;

	for (unsigned q = 0; q < CARD_NUM_QUEUES; q++) {
		for (unsigned w = 0; w < 2; w++) {
			uint32_t v = __atomic_load_n(db_word(s, q, w), __ATOMIC_ACQUIRE);
			if (v != s->db_seen[q][w]) {
				s->db_seen[q][w] = v;
				s->db_page_used[q][w] = true;
				pcie_bar_write(&s->pm, CARD_DB_SQ_TAIL + 8 * q + 4 * w, v);
				n++;
			}
		}
	}
	return n;
}

void vfu_set_sleeping(struct vfu_server *s, bool sleeping)
{
	__atomic_store_n((uint32_t *)(s->db_map + CARD_DOORBELL_BASE + CARDSIM_DB_SLEEPING_OFF),
			 sleeping ? 1u : 0u, __ATOMIC_SEQ_CST);
}

/* ------------------------------------------------------------------ setup */

int vfu_init(struct vfu_server *s, const char *path, const char *trace, const char *firmware)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	memset((uint8_t *)s + offsetof(struct vfu_server, listen_fd), 0,
	       sizeof(*s) - offsetof(struct vfu_server, listen_fd));
	s->listen_fd = s->client_fd = s->db_fd = -1;
	/* path + ".new" must fit too: see the bind below */
	if (path && strlen(path) + 4 >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (path) {
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s.new", path);
		snprintf(s->path, sizeof(s->path), "%s", path);
	}
	if (pcie_init(&s->pm, trace, firmware) < 0)
		return -1;
	s->db_fd = memfd_create("cardsim-bar0", MFD_CLOEXEC);
	if (s->db_fd < 0 || ftruncate(s->db_fd, DB_FILE_SIZE) < 0)
		goto fail;
	s->db_map = mmap(NULL, DB_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, s->db_fd, 0);
	if (s->db_map == MAP_FAILED) {
		s->db_map = NULL;
		goto fail;
	}
	config_init(s);
	if (!path)
		return 0;      /* no listening socket: the caller attaches clients */
	s->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->listen_fd < 0)
		goto fail;
	/* Bound and listening under a temporary name, then renamed: a client
	 * that finds the path (as the tests do, waiting for it to appear) must
	 * never meet a socket that is bound but not yet listening, where its
	 * connect is refused. rename() replaces the path in one step. */
	unlink(sa.sun_path);
	if (bind(s->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s->listen_fd, 4) < 0 ||
	    rename(sa.sun_path, path) < 0) {
		unlink(sa.sun_path);
		goto fail;
	}
	return 0;
fail:
	vfu_fini(s);
	return -1;
}

void vfu_fini(struct vfu_server *s)
{
	vfu_drop_client(s);
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		unlink(s->path);
	}
	if (s->db_map)
		munmap(s->db_map, DB_FILE_SIZE);
	if (s->db_fd >= 0)
		close(s->db_fd);
	s->listen_fd = s->db_fd = -1;
	s->db_map = NULL;
	pcie_fini(&s->pm);
}

/* The card as a new client finds it: reset, nothing mapped, no interrupts. */
static void card_to_power_on(struct vfu_server *s)
{
	pcie_map_clear(&s->pm);
	for (unsigned v = 0; v < CARD_NUM_VECTORS; v++) {
		if (s->pm.irq_fd[v] >= 0)
			close(s->pm.irq_fd[v]);
		s->pm.irq_fd[v] = -1;
	}
	memset(s->db_map, 0, DB_FILE_SIZE);
	memset(s->db_page_used, 0, sizeof(s->db_page_used));
	pcie_hard_reset(&s->pm);
	doorbells_resync(s, -1);
	config_init(s);
}

void vfu_drop_client(struct vfu_server *s)
{
	if (s->client_fd < 0)
		return;
	close(s->client_fd);
	s->client_fd = -1;
	s->clients_dropped++;
	/* A client that disconnects or dies leaves nothing behind: its memory
	 * is unmapped before the card could write into a reused page. */
	card_to_power_on(s);
	logf_(s, "client gone; card reset");
}

int vfu_accept(struct vfu_server *s)
{
	int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return -1;
	if (s->client_fd >= 0) {
		/* one client at a time: the second is refused */
		close(fd);
		return 0;
	}
	vfu_attach_client(s, fd);
	return 0;
}

void vfu_attach_client(struct vfu_server *s, int fd)
{
	struct timeval tv = { .tv_sec = 2 };

	/* a message that starts must finish within this time */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	s->client_fd = fd;
	s->negotiated = false;
	card_to_power_on(s);
	logf_(s, "client connected");
}

/* ------------------------------------------------------------------ messages */

struct msg {
	struct vfio_user_header h;
	uint8_t *p;               /* payload */
	uint32_t len;             /* payload octets */
	int fds[VFIO_USER_MAX_FDS];
	unsigned nfds;
};

static int send_msg(struct vfu_server *s, const struct vfio_user_header *h, const void *p, uint32_t len,
		    const int *fds, unsigned nfds)
{
	return vfu_send(s->client_fd, h, p, len, fds, nfds);
}

static int reply(struct vfu_server *s, const struct msg *m, const void *p, uint32_t len, const int *fds,
		 unsigned nfds)
{
	struct vfio_user_header h = {
		.msg_id = m->h.msg_id, .command = m->h.command,
		.msg_size = (uint32_t)sizeof(h) + len, .flags = VFIO_USER_F_TYPE_REPLY,
	};
	if (m->h.flags & VFIO_USER_F_NO_REPLY)
		return 0;
	return send_msg(s, &h, p, len, fds, nfds);
}

static int reply_error(struct vfu_server *s, const struct msg *m, int err)
{
	struct vfio_user_header h = {
		.msg_id = m->h.msg_id, .command = m->h.command, .msg_size = sizeof(h),
		.flags = VFIO_USER_F_TYPE_REPLY | VFIO_USER_F_ERROR, .error_no = (uint32_t)err,
	};
	s->errors_replied++;
	logf_(s, "command %u refused: %s", m->h.command, strerror(err));
	/* errors are reported even for posted messages: the spec allows it, and
	 * a silent failure of a posted write is worse */
	return send_msg(s, &h, NULL, 0, NULL, 0);
}

static int recv_msg(struct vfu_server *s, struct msg *m)
{
	m->p = NULL;
	if (vfu_recv_header(s->client_fd, &m->h, m->fds, &m->nfds) < 0)
		return -1;    /* includes a size that hides the next message boundary: drop the client */
	m->len = m->h.msg_size - (uint32_t)sizeof(m->h);
	m->p = s->msgbuf;
	if (m->len && vfu_read_full(s->client_fd, m->p, m->len) < 0)
		return -1;
	return 0;
}

static void close_fds(struct msg *m, unsigned from)
{
	for (unsigned i = from; i < m->nfds; i++)
		close(m->fds[i]);
	m->nfds = from;
}

static int do_version(struct vfu_server *s, struct msg *m)
{
	static const char caps[] =
		"{\"capabilities\":{\"max_msg_fds\":16,\"max_data_xfer_size\":61440,\"pgsizes\":4096}}";
	uint8_t out[sizeof(struct vfio_user_version) + sizeof(caps)];
	struct vfio_user_version v;

	if (m->len < sizeof(v))
		return reply_error(s, m, EINVAL);
	memcpy(&v, m->p, sizeof(v));
	if (v.major != VFIO_USER_MAJOR)
		return reply_error(s, m, ENOTSUP);
	/* the client's JSON, if any, must be a terminated string */
	if (m->len > sizeof(v) && memchr(m->p + sizeof(v), '\0', m->len - sizeof(v)) == NULL)
		return reply_error(s, m, EINVAL);
	v.major = VFIO_USER_MAJOR;
	v.minor = VFIO_USER_MINOR;
	memcpy(out, &v, sizeof(v));
	memcpy(out + sizeof(v), caps, sizeof(caps));
	s->negotiated = true;
	return reply(s, m, out, sizeof(out), NULL, 0);
}

static int do_dma_map(struct vfu_server *s, struct msg *m)
{
	struct vfio_user_dma_map d;
	struct stat st;
	void *va;
	int prot = PROT_READ;

	if (m->len < sizeof(d) || m->nfds != 1)
		return reply_error(s, m, EINVAL);
	memcpy(&d, m->p, sizeof(d));
	if (d.argsz < sizeof(d) || d.size == 0 || d.size > (1ull << 40) ||
	    (d.flags & ~(VFIO_USER_DMA_FLAG_READ | VFIO_USER_DMA_FLAG_WRITE)) ||
	    d.address + d.size < d.address || (d.offset & 4095) || (d.address & 4095) || (d.size & 4095))
		return reply_error(s, m, EINVAL);
	/* A range past the end of the file would map, and the card's first
	 * DMA into it would kill the simulator with SIGBUS. (A client that
	 * shrinks the file after mapping it can still do that: it only hurts
	 * its own simulator.) */
	if (fstat(m->fds[0], &st) < 0 || (S_ISREG(st.st_mode) &&
	    (d.offset + d.size < d.offset || d.offset + d.size > (uint64_t)st.st_size))) {
		close_fds(m, 0);
		return reply_error(s, m, EINVAL);
	}
	if (d.flags & VFIO_USER_DMA_FLAG_WRITE)
		prot |= PROT_WRITE;
	va = mmap(NULL, d.size, prot, MAP_SHARED, m->fds[0], (off_t)d.offset);
	close_fds(m, 0);
	if (va == MAP_FAILED)
		return reply_error(s, m, errno);
	if (pcie_map_add(&s->pm, d.address, d.size, va, (d.flags & VFIO_USER_DMA_FLAG_WRITE) != 0) < 0) {
		int err = errno;
		munmap(va, d.size);
		return reply_error(s, m, err);
	}
	return reply(s, m, NULL, 0, NULL, 0);
}

static int do_dma_unmap(struct vfu_server *s, struct msg *m)
{
	struct vfio_user_dma_unmap d;

	if (m->len < sizeof(d))
		return reply_error(s, m, EINVAL);
	memcpy(&d, m->p, sizeof(d));
	if (d.argsz < sizeof(d) || d.flags != 0 || d.address + d.size < d.address)
		return reply_error(s, m, EINVAL);
	if (pcie_map_remove(&s->pm, d.address, d.size) == 0)
		return reply_error(s, m, ENOENT);
	return reply(s, m, &d, sizeof(d), NULL, 0);
}

static int do_get_info(struct vfu_server *s, struct msg *m)
{
	struct vfio_user_device_info d;

	if (m->len < sizeof(d))
		return reply_error(s, m, EINVAL);
	memcpy(&d, m->p, sizeof(d));
	if (d.argsz < sizeof(d))
		return reply_error(s, m, EINVAL);
	d.argsz = sizeof(d);
	d.flags = VFIO_USER_DEVICE_FLAGS_RESET | VFIO_USER_DEVICE_FLAGS_PCI;
	d.num_regions = VFIO_USER_PCI_NUM_REGIONS;
	d.num_irqs = VFIO_USER_NUM_IRQS;
	return reply(s, m, &d, sizeof(d), NULL, 0);
}

static int do_region_info(struct vfu_server *s, struct msg *m)
{
	struct {
		struct vfio_user_region_info r;
		struct vfio_user_sparse_mmap cap;
	} out;
	struct vfio_user_region_info r;
	uint32_t client_argsz;

	if (m->len < sizeof(r))
		return reply_error(s, m, EINVAL);
	memcpy(&r, m->p, sizeof(r));
	if (r.argsz < sizeof(r) || r.index >= VFIO_USER_PCI_NUM_REGIONS)
		return reply_error(s, m, EINVAL);
	client_argsz = r.argsz;
	memset(&out, 0, sizeof(out));
	out.r.index = r.index;
	out.r.argsz = sizeof(out.r);
	if (r.index == VFIO_USER_PCI_BAR0) {
		out.r.size = CARD_BAR0_SIZE;
		out.r.flags = VFIO_USER_REGION_READ_OK | VFIO_USER_REGION_WRITE_OK |
			      VFIO_USER_REGION_MMAP | VFIO_USER_REGION_CAPS;
		out.r.argsz = sizeof(out);     /* what the full answer needs */
		if (client_argsz >= sizeof(out)) {
			out.r.cap_offset = sizeof(out.r);
			out.cap.header.id = VFIO_USER_CAP_SPARSE_MMAP;
			out.cap.header.version = 1;
			out.cap.nr_areas = 1;
			out.cap.areas[0].offset = CARD_DOORBELL_BASE;
			out.cap.areas[0].size = CARD_BAR0_SIZE - CARD_DOORBELL_BASE;
			return reply(s, m, &out, sizeof(out), &s->db_fd, 1);
		}
		/* too small for the capability: the client asks again */
		return reply(s, m, &out.r, sizeof(out.r), NULL, 0);
	}
	if (r.index == VFIO_USER_PCI_CONFIG) {
		out.r.size = CFG_SIZE;
		out.r.flags = VFIO_USER_REGION_READ_OK | VFIO_USER_REGION_WRITE_OK;
	}
	return reply(s, m, &out.r, sizeof(out.r), NULL, 0);
}

static int do_irq_info(struct vfu_server *s, struct msg *m)
{
	struct vfio_user_irq_info d;

	if (m->len < sizeof(d))
		return reply_error(s, m, EINVAL);
	memcpy(&d, m->p, sizeof(d));
	if (d.argsz < sizeof(d) || d.index >= VFIO_USER_NUM_IRQS)
		return reply_error(s, m, EINVAL);
	d.argsz = sizeof(d);
	d.flags = 0;
	d.count = 0;
	if (d.index == VFIO_USER_IRQ_MSIX) {
		d.flags = VFIO_USER_IRQ_INFO_EVENTFD | VFIO_USER_IRQ_INFO_NORESIZE;
		d.count = CARD_NUM_VECTORS;
	}
	return reply(s, m, &d, sizeof(d), NULL, 0);
}

static int do_set_irqs(struct vfu_server *s, struct msg *m)
{
	struct vfio_user_irq_set d;
	uint32_t data, action;

	if (m->len < sizeof(d))
		goto inval;
	memcpy(&d, m->p, sizeof(d));
	data = d.flags & (VFIO_USER_IRQ_DATA_NONE | VFIO_USER_IRQ_DATA_BOOL | VFIO_USER_IRQ_DATA_EVENTFD);
	action = d.flags & (VFIO_USER_IRQ_ACTION_MASK | VFIO_USER_IRQ_ACTION_UNMASK | VFIO_USER_IRQ_ACTION_TRIGGER);
	if (d.argsz < sizeof(d) || d.index != VFIO_USER_IRQ_MSIX || (data & (data - 1)) || !data ||
	    action != VFIO_USER_IRQ_ACTION_TRIGGER || d.start > CARD_NUM_VECTORS ||
	    d.count > CARD_NUM_VECTORS - d.start)
		goto inval;
	if (data == VFIO_USER_IRQ_DATA_EVENTFD) {
		if (m->nfds > d.count)
			goto inval;
		/* fds for start.. start+nfds-1; the rest of the range is disconnected */
		for (uint32_t i = 0; i < d.count; i++) {
			unsigned v = d.start + i;
			if (s->pm.irq_fd[v] >= 0)
				close(s->pm.irq_fd[v]);
			s->pm.irq_fd[v] = i < m->nfds ? m->fds[i] : -1;
		}
		m->nfds = 0;
	} else if (data == VFIO_USER_IRQ_DATA_NONE) {
		if (m->nfds)
			goto inval;
		if (d.count == 0) {
			for (unsigned v = 0; v < CARD_NUM_VECTORS; v++) {
				if (s->pm.irq_fd[v] >= 0)
					close(s->pm.irq_fd[v]);
				s->pm.irq_fd[v] = -1;
			}
		} else {
			/* trigger: signal the vectors now (a loopback test of the wiring) */
			for (uint32_t i = 0; i < d.count; i++) {
				uint64_t one = 1;
				int fd = s->pm.irq_fd[d.start + i];
				if (fd >= 0 && write(fd, &one, sizeof(one)) < 0) {
					/* saturated counter: already signalled */
				}
			}
		}
	} else {
		goto inval;      /* DATA_BOOL: not supported */
	}
	return reply(s, m, NULL, 0, NULL, 0);
inval:
	close_fds(m, 0);
	return reply_error(s, m, EINVAL);
}

/* BAR0 accesses: 32-bit registers, 4 or 8 octets at a 4-octet boundary. */
static int bar_ok(uint64_t off, uint32_t count)
{
	return (count == 4 || count == 8) && (off & 3) == 0 && off < CARD_BAR0_SIZE &&
	       count <= CARD_BAR0_SIZE - off;
}

static void bar_write_hook(struct vfu_server *s, uint64_t off, uint32_t v)
{
	/* Keep the shared doorbell page and the card in step: a reset or a
	 * queue (re)enable makes the page's current value the baseline. */
	if (off == CARD_CTL_CONTROL && (v & CARD_CTL_CONTROL_RESET_MASK))
		doorbells_resync(s, -1);
	if (off >= CARD_Q_BASE && off < CARD_Q_BASE + CARD_NUM_QUEUES * CARD_Q_STRIDE &&
	    (off - CARD_Q_BASE) % CARD_Q_STRIDE == CARD_Q_CFG)
		doorbells_resync(s, (int)((off - CARD_Q_BASE) / CARD_Q_STRIDE));
}

static bool is_doorbell(uint64_t off)
{
	return off >= CARD_DOORBELL_BASE && off < CARD_DOORBELL_BASE + 8 * CARD_NUM_QUEUES;
}

/*
 * A doorbell that came as a message. A client that rings this doorbell on
 * the shared page sends a message only to wake a sleeping server, and the
 * message may be older than the page: the client writes the page first and
 * may write it again before the message is read (a second batch right after
 * the first). Taking the message's value then would lose the newer one (it
 * once did: that batch was never fetched) or move the index backwards, so
 * for such a client the message only says "look at the page". A client that
 * never used the page rings with messages alone, and they count.
 */
static void doorbell_message(struct vfu_server *s, uint64_t off, uint32_t v)
{
	unsigned q = (unsigned)(off - CARD_DOORBELL_BASE) / 8, w = (unsigned)(off & 4) / 4;

	if (!s->db_page_used[q][w])
		pcie_bar_write(&s->pm, (uint32_t)off, v);
	vfu_apply_doorbells(s);
}

static int do_region_read(struct vfu_server *s, struct msg *m)
{
	struct vfio_user_region_access a;
	uint8_t out[sizeof(a) + 8];

	if (m->len != sizeof(a))
		return reply_error(s, m, EINVAL);
	memcpy(&a, m->p, sizeof(a));
	if (a.region == VFIO_USER_PCI_BAR0 && bar_ok(a.offset, a.count)) {
		for (uint32_t i = 0; i < a.count; i += 4) {
			uint32_t v = a.offset + i >= CARD_DOORBELL_BASE ? 0 : pcie_bar_read(&s->pm, (uint32_t)a.offset + i);
			memcpy(out + sizeof(a) + i, &v, 4);
		}
	} else if (a.region == VFIO_USER_PCI_CONFIG && a.count && a.count <= 8 && a.offset < CFG_SIZE &&
		   a.count <= CFG_SIZE - a.offset) {
		memcpy(out + sizeof(a), s->cfg + a.offset, a.count);
	} else {
		return reply_error(s, m, EINVAL);
	}
	memcpy(out, &a, sizeof(a));
	return reply(s, m, out, (uint32_t)sizeof(a) + a.count, NULL, 0);
}

static int do_region_write(struct vfu_server *s, struct msg *m)
{
	struct vfio_user_region_access a;

	if (m->len < sizeof(a))
		return reply_error(s, m, EINVAL);
	memcpy(&a, m->p, sizeof(a));
	if (m->len != sizeof(a) + a.count)
		return reply_error(s, m, EINVAL);
	if (a.region == VFIO_USER_PCI_BAR0 && bar_ok(a.offset, a.count)) {
		for (uint32_t i = 0; i < a.count; i += 4) {
			uint32_t v;
			memcpy(&v, m->p + sizeof(a) + i, 4);
			if (is_doorbell(a.offset + i)) {
				doorbell_message(s, a.offset + i, v);
				continue;
			}
			pcie_bar_write(&s->pm, (uint32_t)a.offset + i, v);
			bar_write_hook(s, a.offset + i, v);
		}
	} else if (a.region == VFIO_USER_PCI_CONFIG && a.count && a.count <= 8 && a.offset < CFG_SIZE &&
		   a.count <= CFG_SIZE - a.offset) {
		config_write(s, a.offset, m->p + sizeof(a), a.count);
	} else {
		return reply_error(s, m, EINVAL);
	}
	return reply(s, m, &a, sizeof(a), NULL, 0);
}

static int do_reset(struct vfu_server *s, struct msg *m)
{
	/* Function-level reset: the card returns to power-on; mappings and
	 * interrupt eventfds belong to the client and stay. */
	pcie_hard_reset(&s->pm);
	doorbells_resync(s, -1);
	return reply(s, m, NULL, 0, NULL, 0);
}

int vfu_handle_one(struct vfu_server *s)
{
	struct msg m;
	int r;

	if (recv_msg(s, &m) < 0) {
		for (unsigned i = 0; i < m.nfds; i++)
			close(m.fds[i]);
		vfu_drop_client(s);
		return -1;
	}
	s->msgs++;
	if ((m.h.flags & VFIO_USER_F_TYPE_MASK) != VFIO_USER_F_TYPE_COMMAND) {
		r = reply_error(s, &m, EINVAL);
	} else if (!s->negotiated && m.h.command != VFIO_USER_VERSION) {
		/* the spec requires the version handshake first */
		r = reply_error(s, &m, EINVAL);
	} else {
		switch (m.h.command) {
		case VFIO_USER_VERSION:                r = do_version(s, &m); break;
		case VFIO_USER_DMA_MAP:                r = do_dma_map(s, &m); break;
		case VFIO_USER_DMA_UNMAP:              r = do_dma_unmap(s, &m); break;
		case VFIO_USER_DEVICE_GET_INFO:        r = do_get_info(s, &m); break;
		case VFIO_USER_DEVICE_GET_REGION_INFO: r = do_region_info(s, &m); break;
		case VFIO_USER_DEVICE_GET_IRQ_INFO:    r = do_irq_info(s, &m); break;
		case VFIO_USER_DEVICE_SET_IRQS:        r = do_set_irqs(s, &m); break;
		case VFIO_USER_REGION_READ:            r = do_region_read(s, &m); break;
		case VFIO_USER_REGION_WRITE:           r = do_region_write(s, &m); break;
		case VFIO_USER_DEVICE_RESET:           r = do_reset(s, &m); break;
		default:                               r = reply_error(s, &m, ENOSYS); break;
		}
	}
	close_fds(&m, 0);
	if (r < 0) {
		vfu_drop_client(s);
		return -1;
	}
	return 0;
}
