/*
 * vfio-user conformance of cardsim: hand-built messages with the layouts of
 * the specification (QEMU docs/interop/vfio-user.rst), checked field by
 * field, independent of the driver's client.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "card_if.h"
#include "vfio_user.h"
#include "cardsim_proc.h"

static struct cardsim_proc sim;
static int sock = -1;
static uint16_t next_id = 1;

struct reply {
	struct vfio_user_header h;
	uint8_t p[4096];
	int fd;
};

static void send_raw(const void *buf, size_t len, const int *fds, unsigned nfds)
{
	struct iovec iov = { (void *)buf, len };
	union {
		struct cmsghdr a;
		char b[CMSG_SPACE(sizeof(int) * 4)];
	} cm;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (nfds) {
		struct cmsghdr *c;
		mh.msg_control = cm.b;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	assert_int_equal(sendmsg(sock, &mh, MSG_NOSIGNAL), (ssize_t)len);
}

static uint16_t send_cmd(uint16_t cmd, uint32_t flags, const void *p, uint32_t len, const int *fds, unsigned nfds)
{
	uint8_t buf[8192];
	struct vfio_user_header h = { .msg_id = next_id++, .command = cmd,
				      .msg_size = (uint32_t)sizeof(h) + len, .flags = flags };
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	send_raw(buf, sizeof(h) + len, fds, nfds);
	return h.msg_id;
}

static void recv_reply(struct reply *r)
{
	union {
		struct cmsghdr a;
		char b[CMSG_SPACE(sizeof(int) * 4)];
	} cm;
	struct iovec iov = { &r->h, sizeof(r->h) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cm.b, .msg_controllen = sizeof(cm.b) };
	r->fd = -1;
	assert_int_equal(recvmsg(sock, &mh, 0), (ssize_t)sizeof(r->h));
	if (mh.msg_controllen) {
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		memcpy(&r->fd, CMSG_DATA(c), sizeof(int));
	}
	assert_true(r->h.msg_size >= sizeof(r->h) && r->h.msg_size - sizeof(r->h) <= sizeof(r->p));
	if (r->h.msg_size > sizeof(r->h))
		assert_int_equal(recv(sock, r->p, r->h.msg_size - sizeof(r->h), MSG_WAITALL),
				 (ssize_t)(r->h.msg_size - sizeof(r->h)));
}

/* Sends a command and checks the reply's header: same ID and command, reply type. */
static void cmd(uint16_t command, const void *p, uint32_t len, const int *fds, unsigned nfds, struct reply *r,
		int want_errno)
{
	uint16_t id = send_cmd(command, 0, p, len, fds, nfds);
	recv_reply(r);
	assert_int_equal(r->h.msg_id, id);
	assert_int_equal(r->h.command, command);
	assert_int_equal(r->h.flags & VFIO_USER_F_TYPE_MASK, VFIO_USER_F_TYPE_REPLY);
	if (want_errno) {
		if (!(r->h.flags & VFIO_USER_F_ERROR))
			fprintf(stderr, "command %u: expected errno %d, got success\n", command, want_errno);
		assert_true(r->h.flags & VFIO_USER_F_ERROR);
		assert_int_equal(r->h.error_no, want_errno);
		assert_int_equal(r->h.msg_size, sizeof(r->h));
	} else {
		if (r->h.flags & VFIO_USER_F_ERROR)
			fprintf(stderr, "command %u: expected success, got errno %u\n", command, r->h.error_no);
		assert_false(r->h.flags & VFIO_USER_F_ERROR);
	}
}

static void connect_sock(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	strcpy(sa.sun_path, sim.path);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(sock >= 0);
	for (int i = 0; i < 100 && connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0; i++)
		usleep(10000);
}

static int setup(void **state)
{
	(void)state;
	if (cardsim_start(&sim, NULL) < 0)
		return -1;
	connect_sock();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	close(sock);
	return cardsim_stop(&sim, 0) == 0 ? 0 : -1;
}

static void negotiate(void)
{
	static const char json[] = "{\"capabilities\":{\"max_msg_fds\":8}}";
	uint8_t req[4 + sizeof(json)];
	struct vfio_user_version v = { 0, 1 };
	struct reply r;

	memcpy(req, &v, 4);
	memcpy(req + 4, json, sizeof(json));
	cmd(VFIO_USER_VERSION, req, sizeof(req), NULL, 0, &r, 0);
	memcpy(&v, r.p, 4);
	assert_int_equal(v.major, 0);
	assert_int_equal(v.minor, 1);
	assert_true(r.h.msg_size > sizeof(r.h) + 4);
	assert_int_equal(r.p[r.h.msg_size - sizeof(r.h) - 1], '\0');      /* JSON is terminated */
	assert_non_null(strstr((char *)r.p + 4, "\"capabilities\""));
	assert_non_null(strstr((char *)r.p + 4, "\"max_msg_fds\""));
}

static void test_version_first(void **state)
{
	struct vfio_user_device_info di = { .argsz = sizeof(di) };
	struct vfio_user_version bad = { 1, 0 };
	struct reply r;
	(void)state;
	/* anything before VERSION is refused */
	cmd(VFIO_USER_DEVICE_GET_INFO, &di, sizeof(di), NULL, 0, &r, EINVAL);
	/* a major version the server does not speak */
	cmd(VFIO_USER_VERSION, &bad, sizeof(bad), NULL, 0, &r, ENOTSUP);
	/* truncated */
	cmd(VFIO_USER_VERSION, &bad, 2, NULL, 0, &r, EINVAL);
	negotiate();
}

static void test_device_and_regions(void **state)
{
	struct vfio_user_device_info di = { .argsz = sizeof(di) };
	struct vfio_user_region_info ri = { .argsz = sizeof(ri), .index = VFIO_USER_PCI_BAR0 };
	struct vfio_user_region_info full;
	struct vfio_user_sparse_mmap cap;
	struct vfio_user_region_access a = { .offset = 0, .region = VFIO_USER_PCI_CONFIG, .count = 4 };
	struct reply r;
	uint32_t id;
	(void)state;
	negotiate();
	cmd(VFIO_USER_DEVICE_GET_INFO, &di, sizeof(di), NULL, 0, &r, 0);
	assert_int_equal(r.h.msg_size, sizeof(r.h) + sizeof(di));
	memcpy(&di, r.p, sizeof(di));
	assert_int_equal(di.argsz, sizeof(di));
	assert_true(di.flags & VFIO_USER_DEVICE_FLAGS_PCI);
	assert_true(di.flags & VFIO_USER_DEVICE_FLAGS_RESET);
	assert_int_equal(di.num_regions, 9);
	assert_int_equal(di.num_irqs, 5);

	/* too small for the sparse-mmap capability: told the size needed */
	cmd(VFIO_USER_DEVICE_GET_REGION_INFO, &ri, sizeof(ri), NULL, 0, &r, 0);
	memcpy(&full, r.p, sizeof(full));
	assert_int_equal(full.index, VFIO_USER_PCI_BAR0);
	assert_int_equal(full.size, CARD_BAR0_SIZE);
	assert_int_equal(full.argsz, sizeof(full) + sizeof(cap));
	assert_int_equal(full.cap_offset, 0);
	assert_int_equal(r.fd, -1);
	/* large enough: capability at cap_offset, and the doorbell file */
	ri.argsz = sizeof(full) + sizeof(cap);
	cmd(VFIO_USER_DEVICE_GET_REGION_INFO, &ri, sizeof(ri), NULL, 0, &r, 0);
	memcpy(&full, r.p, sizeof(full));
	assert_true(full.flags & VFIO_USER_REGION_MMAP);
	assert_true(full.flags & VFIO_USER_REGION_CAPS);
	assert_int_equal(full.cap_offset, sizeof(full));
	memcpy(&cap, r.p + full.cap_offset, sizeof(cap));
	assert_int_equal(cap.header.id, VFIO_USER_CAP_SPARSE_MMAP);
	assert_int_equal(cap.header.version, 1);
	assert_int_equal(cap.header.next, 0);
	assert_int_equal(cap.nr_areas, 1);
	assert_int_equal(cap.areas[0].offset, CARD_DOORBELL_BASE);
	assert_int_equal(cap.areas[0].size, CARD_BAR0_SIZE - CARD_DOORBELL_BASE);
	assert_true(r.fd >= 0);
	assert_true(mmap(NULL, CARD_BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, r.fd, 0) != MAP_FAILED);
	close(r.fd);
	ri.index = 99;
	cmd(VFIO_USER_DEVICE_GET_REGION_INFO, &ri, sizeof(ri), NULL, 0, &r, EINVAL);

	/* config space: our IDs */
	cmd(VFIO_USER_REGION_READ, &a, sizeof(a), NULL, 0, &r, 0);
	assert_int_equal(r.h.msg_size, sizeof(r.h) + sizeof(a) + 4);
	memcpy(&id, r.p + sizeof(a), 4);
	assert_int_equal(id, CARD_PCI_VENDOR_ID | CARD_PCI_DEVICE_ID << 16);
}

static void test_region_access(void **state)
{
	struct vfio_user_region_access a = { .offset = CARD_HDR_TYPE, .region = VFIO_USER_PCI_BAR0, .count = 4 };
	struct {
		struct vfio_user_region_access a;
		uint32_t v;
	} __attribute__((packed)) w = { { .offset = CARD_CTL_SCRATCH, .region = VFIO_USER_PCI_BAR0, .count = 4 }, 0x12345678 };
	struct reply r;
	uint32_t v;
	(void)state;
	negotiate();
	cmd(VFIO_USER_REGION_READ, &a, sizeof(a), NULL, 0, &r, 0);
	memcpy(&v, r.p + sizeof(a), 4);
	assert_int_equal(v, CARD_MAGIC);
	/* the reply echoes offset, region and count */
	assert_memory_equal(r.p, &a, sizeof(a));
	/* write with a reply, then a posted write: no reply for it */
	cmd(VFIO_USER_REGION_WRITE, &w, sizeof(w), NULL, 0, &r, 0);
	assert_int_equal(r.h.msg_size, sizeof(r.h) + sizeof(w.a));
	w.v = 0xcafef00d;
	send_cmd(VFIO_USER_REGION_WRITE, VFIO_USER_F_NO_REPLY, &w, sizeof(w), NULL, 0);
	a.offset = CARD_CTL_SCRATCH;
	cmd(VFIO_USER_REGION_READ, &a, sizeof(a), NULL, 0, &r, 0);   /* the next reply is this one */
	memcpy(&v, r.p + sizeof(a), 4);
	assert_int_equal(v, 0xcafef00d);
	/* bad accesses */
	a.count = 3;
	cmd(VFIO_USER_REGION_READ, &a, sizeof(a), NULL, 0, &r, EINVAL);
	a.count = 4;
	a.offset = CARD_BAR0_SIZE;
	cmd(VFIO_USER_REGION_READ, &a, sizeof(a), NULL, 0, &r, EINVAL);
	a.offset = 2;
	cmd(VFIO_USER_REGION_READ, &a, sizeof(a), NULL, 0, &r, EINVAL);
	a.offset = 0;
	a.region = 3;
	cmd(VFIO_USER_REGION_READ, &a, sizeof(a), NULL, 0, &r, EINVAL);
	w.a.count = 8;                                 /* says 8, carries 4 */
	cmd(VFIO_USER_REGION_WRITE, &w, sizeof(w), NULL, 0, &r, EINVAL);
	/* reset: SCRATCH back to 0 */
	cmd(VFIO_USER_DEVICE_RESET, NULL, 0, NULL, 0, &r, 0);
	a = (struct vfio_user_region_access){ .offset = CARD_CTL_SCRATCH, .region = VFIO_USER_PCI_BAR0, .count = 4 };
	cmd(VFIO_USER_REGION_READ, &a, sizeof(a), NULL, 0, &r, 0);
	memcpy(&v, r.p + sizeof(a), 4);
	assert_int_equal(v, 0);
	/* unknown command */
	cmd(99, NULL, 0, NULL, 0, &r, ENOSYS);
	cmd(VFIO_USER_DMA_READ, NULL, 0, NULL, 0, &r, ENOSYS);
}

static uint32_t bar_rd(uint32_t off)
{
	struct vfio_user_region_access a = { .offset = off, .region = VFIO_USER_PCI_BAR0, .count = 4 };
	struct reply r;
	uint32_t v;

	cmd(VFIO_USER_REGION_READ, &a, sizeof(a), NULL, 0, &r, 0);
	memcpy(&v, r.p + sizeof(a), 4);
	return v;
}

static void bar_wr(uint32_t off, uint32_t v)
{
	struct {
		struct vfio_user_region_access a;
		uint32_t v;
	} __attribute__((packed)) w = { { .offset = off, .region = VFIO_USER_PCI_BAR0, .count = 4 }, v };
	struct reply r;

	cmd(VFIO_USER_REGION_WRITE, &w, sizeof(w), NULL, 0, &r, 0);
}

static unsigned sq_head_becomes(unsigned q, unsigned want)
{
	unsigned head = 0;
	for (int i = 0; i < 200 && (head = bar_rd(CARD_Q_REG(q, CARD_Q_STATUS)) & 0xffff) != want; i++)
		usleep(5000);
	return head;
}

/*
 * The doorbell page and doorbell messages together, as the driver uses
 * them: it writes the page, and also sends a message when the server is
 * asleep; by the time the message is read the page may hold a newer value
 * (a second batch). The message must neither hide the newer page value
 * (that batch would never be fetched) nor, arriving after it, move the
 * index back (the card would stop the queue: a doorbell past the ring).
 */
static void test_doorbell_page_and_messages(void **state)
{
	struct vfio_user_region_info ri = { .argsz = sizeof(ri) + sizeof(struct vfio_user_sparse_mmap),
					    .index = VFIO_USER_PCI_BAR0 };
	struct vfio_user_dma_map m = { .argsz = sizeof(m), .flags = VFIO_USER_DMA_FLAG_READ | VFIO_USER_DMA_FLAG_WRITE,
				       .offset = 0, .address = 0x100000, .size = 8192 };
	volatile uint32_t *db;
	uint8_t *page, *ring;
	int fd = memfd_create("rings", 0);
	struct reply r;
	(void)state;

	negotiate();
	cmd(VFIO_USER_DEVICE_GET_REGION_INFO, &ri, sizeof(ri), NULL, 0, &r, 0);
	assert_true(r.fd >= 0);
	page = mmap(NULL, CARD_BAR0_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, r.fd, 0);
	assert_true(page != MAP_FAILED);
	close(r.fd);
	db = (volatile uint32_t *)(page + CARD_DB_SQ_TAIL + 8 * 1);
	/* queue 1: 4 entries the card answers itself (no such opcode) */
	assert_int_equal(ftruncate(fd, 8192), 0);
	ring = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(ring != MAP_FAILED);
	for (unsigned i = 0; i < 4; i++)
		ring[i * CARD_SQE_SIZE] = 0x7f;
	cmd(VFIO_USER_DMA_MAP, &m, sizeof(m), &fd, 1, &r, 0);
	bar_wr(CARD_CTL_CONTROL, CARD_CTL_CONTROL_ENABLE_MASK);
	bar_wr(CARD_Q_REG(1, CARD_Q_SQ_BASE_LO), 0x100000);
	bar_wr(CARD_Q_REG(1, CARD_Q_CQ_BASE_LO), 0x101000);
	bar_wr(CARD_Q_REG(1, CARD_Q_CFG), CARD_Q_CFG_ENABLE_MASK | (2u << CARD_Q_CFG_CQ_LOG2_SHIFT) | 2u);
	bar_wr(CARD_ERR_ERR_STATUS, 0xffffffff);

	/* the page says 2, an older message says 1: both entries are fetched */
	__atomic_store_n(db, 2, __ATOMIC_RELEASE);
	bar_wr(CARD_DB_SQ_TAIL + 8 * 1, 1);
	assert_int_equal(sq_head_becomes(1, 2), 2);
	/* the page moves on to 3; a late message saying 2 changes nothing */
	__atomic_store_n(db, 3, __ATOMIC_RELEASE);
	assert_int_equal(sq_head_becomes(1, 3), 3);
	bar_wr(CARD_DB_SQ_TAIL + 8 * 1, 2);
	usleep(20000);
	assert_int_equal(bar_rd(CARD_ERR_ERR_STATUS) & CARD_ERR_ERR_STATUS_DOORBELL_MASK, 0);
	assert_true(bar_rd(CARD_Q_REG(1, CARD_Q_STATUS)) & CARD_Q_STATUS_ENABLED_MASK);
	munmap(ring, 8192);
	munmap(page, CARD_BAR0_SIZE);
	close(fd);
}

static void test_dma_map_unmap(void **state)
{
	struct vfio_user_dma_map m = { .argsz = sizeof(m), .flags = VFIO_USER_DMA_FLAG_READ | VFIO_USER_DMA_FLAG_WRITE,
				       .offset = 0, .address = 0x200000, .size = 8192 };
	struct vfio_user_dma_unmap u = { .argsz = sizeof(u), .address = 0x200000, .size = 8192 };
	int fd = memfd_create("t", 0);
	struct reply r;
	(void)state;
	assert_int_equal(ftruncate(fd, 8192), 0);
	negotiate();
	cmd(VFIO_USER_DMA_MAP, &m, sizeof(m), NULL, 0, &r, EINVAL);       /* no fd */
	cmd(VFIO_USER_DMA_MAP, &m, sizeof(m), &fd, 1, &r, 0);
	assert_int_equal(r.h.msg_size, sizeof(r.h));
	cmd(VFIO_USER_DMA_MAP, &m, sizeof(m), &fd, 1, &r, EEXIST);        /* overlaps */
	m.address = 0x300001;
	cmd(VFIO_USER_DMA_MAP, &m, sizeof(m), &fd, 1, &r, EINVAL);        /* not page aligned */
	m.address = 0x400000;
	m.size = 3 * 4096;
	cmd(VFIO_USER_DMA_MAP, &m, sizeof(m), &fd, 1, &r, EINVAL);        /* past the end of the file */
	m.size = 4096;
	m.offset = 8192;
	cmd(VFIO_USER_DMA_MAP, &m, sizeof(m), &fd, 1, &r, EINVAL);        /* likewise, by its offset */
	cmd(VFIO_USER_DMA_UNMAP, &u, sizeof(u), NULL, 0, &r, 0);
	assert_int_equal(r.h.msg_size, sizeof(r.h) + sizeof(u));
	cmd(VFIO_USER_DMA_UNMAP, &u, sizeof(u), NULL, 0, &r, ENOENT);
	close(fd);
}

static void test_irqs(void **state)
{
	struct vfio_user_irq_info ii = { .argsz = sizeof(ii), .index = VFIO_USER_IRQ_MSIX };
	struct vfio_user_irq_set s = { .argsz = sizeof(s), .flags = VFIO_USER_IRQ_DATA_EVENTFD |
				       VFIO_USER_IRQ_ACTION_TRIGGER, .index = VFIO_USER_IRQ_MSIX, .start = 2, .count = 1 };
	int efd = eventfd(0, EFD_NONBLOCK);
	struct reply r;
	uint64_t v = 0;
	(void)state;
	negotiate();
	cmd(VFIO_USER_DEVICE_GET_IRQ_INFO, &ii, sizeof(ii), NULL, 0, &r, 0);
	memcpy(&ii, r.p, sizeof(ii));
	assert_int_equal(ii.count, CARD_NUM_VECTORS);
	assert_true(ii.flags & VFIO_USER_IRQ_INFO_EVENTFD);
	ii.index = VFIO_USER_IRQ_INTX;
	cmd(VFIO_USER_DEVICE_GET_IRQ_INFO, &ii, sizeof(ii), NULL, 0, &r, 0);
	memcpy(&ii, r.p, sizeof(ii));
	assert_int_equal(ii.count, 0);
	cmd(VFIO_USER_DEVICE_SET_IRQS, &s, sizeof(s), &efd, 1, &r, 0);
	/* DATA_NONE + TRIGGER on vector 2 signals our eventfd */
	s.flags = VFIO_USER_IRQ_DATA_NONE | VFIO_USER_IRQ_ACTION_TRIGGER;
	cmd(VFIO_USER_DEVICE_SET_IRQS, &s, sizeof(s), NULL, 0, &r, 0);
	assert_int_equal(read(efd, &v, sizeof(v)), sizeof(v));
	assert_int_equal(v, 1);
	/* out of range, wrong index, mask: refused */
	s.start = 8;
	s.count = 2;
	cmd(VFIO_USER_DEVICE_SET_IRQS, &s, sizeof(s), NULL, 0, &r, EINVAL);
	s.start = 0;
	s.count = 1;
	s.index = VFIO_USER_IRQ_MSI;
	cmd(VFIO_USER_DEVICE_SET_IRQS, &s, sizeof(s), NULL, 0, &r, EINVAL);
	s.index = VFIO_USER_IRQ_MSIX;
	s.flags = VFIO_USER_IRQ_DATA_NONE | VFIO_USER_IRQ_ACTION_MASK;
	cmd(VFIO_USER_DEVICE_SET_IRQS, &s, sizeof(s), NULL, 0, &r, EINVAL);
	close(efd);
}

/* A message the server cannot frame ends the connection; the server lives on. */
static void test_malformed_header_drops_client(void **state)
{
	struct vfio_user_header h = { .msg_id = 1, .command = VFIO_USER_VERSION, .msg_size = 8 };
	char c;
	(void)state;
	send_raw(&h, sizeof(h), NULL, 0);
	assert_int_equal(recv(sock, &c, 1, 0), 0);                       /* closed */
	close(sock);
	connect_sock();
	negotiate();                                                    /* the next client is served */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_version_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_and_regions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_region_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dma_map_unmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doorbell_page_and_messages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irqs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_header_drops_client, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
