/*
 * libFuzzer: the driver's vfio-user client (driver/card/vfio_user_client.c)
 * against a hostile server. A server thread answers the client's
 * connection with the replies the input describes, whatever the client
 * asked, then closes; the client opens the device (VERSION, DEVICE_GET_INFO,
 * REGION_INFO with the BAR0 file, IRQ_INFO, SET_IRQS) and, when that
 * succeeds, reads registers (one read that never waits, card_rd_nb, then
 * one that does) and writes them, rings a doorbell, maps and unmaps
 * DMA memory and resets the card, as the card engine does.
 *   reply = flags (1 octet), error (1 octet), length (2 octets, LE), payload
 *   flags: 0x01 pass a 8 KiB file (SCM_RIGHTS), 0x10 pass an empty file,
 *          0x02 a wrong message ID, 0x04 the error flag, 0x08 a command
 *          instead of a reply, 0x20 a header shorter than the payload,
 *          0x40 one longer
 * Message IDs are the client's in order (0, 1, ...) unless 0x02 is set.
 * Crashes, sanitizer reports, leaks, a hang and cost over budget
 * (fuzz_cost.h, 50 us per reply) are findings.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fuzz_cost.h"
#include "card_dev.h"
#include "card_if.h"
#include "vfio_user.h"

static char path[108];
static int lfd = -1;

static void unlink_sock(void) { unlink(path); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	(void)argc; (void)argv;
	snprintf(path, sizeof(path), "/tmp/fuzz_vfu_client.%d.sock", (int)getpid());
	unlink(path);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(lfd, 4) < 0) {
		perror("fuzz_vfu_client: listen");
		exit(1);
	}
	atexit(unlink_sock);
	return 0;
}

struct script { const uint8_t *data; size_t size; };

static void *server(void *arg)
{
	const struct script *s = arg;
	int fd = accept(lfd, NULL, NULL);
	size_t off = 0;
	uint16_t id = 0;
	char sink[4096];

	if (fd < 0)
		return NULL;
	while (off + 4 <= s->size) {
		uint8_t flags = s->data[off], err = s->data[off + 1];
		uint32_t len = (uint32_t)s->data[off + 2] | (uint32_t)s->data[off + 3] << 8;
		struct vfio_user_header h;
		uint8_t msg[sizeof(h) + 65536];
		union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } cm;
		struct iovec iov;
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		int file = -1;

		off += 4;
		if (len > s->size - off)
			len = (uint32_t)(s->size - off);
		h = (struct vfio_user_header){
			.msg_id = (flags & 0x02) ? (uint16_t)(id + 0x5a5a) : id,
			.command = 0,
			.msg_size = (uint32_t)sizeof(h) + len - ((flags & 0x20) && len ? 1 : 0) + ((flags & 0x40) ? 1 : 0),
			.flags = ((flags & 0x08) ? VFIO_USER_F_TYPE_COMMAND : VFIO_USER_F_TYPE_REPLY) |
				 ((flags & 0x04) ? VFIO_USER_F_ERROR : 0),
			.error_no = err,
		};
		id++;
		memcpy(msg, &h, sizeof(h));
		memcpy(msg + sizeof(h), s->data + off, len);
		off += len;
		iov = (struct iovec){ msg, sizeof(h) + len };
		if (flags & 0x11) {
			file = memfd_create("fuzz-bar0", MFD_CLOEXEC);
			if (file >= 0 && (flags & 0x01) && ftruncate(file, 0x2000) < 0)
				abort();
			if (file >= 0) {
				mh.msg_control = cm.buf;
				mh.msg_controllen = sizeof(cm.buf);
				struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
				c->cmsg_level = SOL_SOCKET;
				c->cmsg_type = SCM_RIGHTS;
				c->cmsg_len = CMSG_LEN(sizeof(int));
				memcpy(CMSG_DATA(c), &file, sizeof(int));
			}
		}
		if (sendmsg(fd, &mh, MSG_NOSIGNAL) < 0) {
			if (file >= 0)
				close(file);
			break;
		}
		if (file >= 0)
			close(file);
	}
	shutdown(fd, SHUT_WR);           /* no more replies: the client sees the card lost */
	while (read(fd, sink, sizeof(sink)) > 0)
		;
	close(fd);
	return NULL;
}

static void session(const uint8_t *data, size_t size)
{
	struct script s = { data, size };
	struct card_dev *d;
	pthread_t t;

	if (pthread_create(&t, NULL, server, &s) != 0)
		abort();
	d = card_dev_open_vfio_user(path);
	if (d != NULL) {
		struct card_dma m = { 0 };
		struct card_rdreq r = { 0 };
		/* a read that never waits: its answer taken by the next
		 * read's wait for its own, or by the second look here */
		(void)card_rd_nb(d, &r, 0);
		(void)d->ops->read32(d, 0);
		(void)card_rd_nb(d, &r, 0);
		card_rd_cancel(d, &r);
		(void)d->ops->write32(d, 4, 1);
		d->ops->doorbell(d, CARD_DOORBELL_BASE, 1);
		if (d->ops->dma_alloc(d, 4096, &m) == 0)
			d->ops->dma_free(d, &m);
		(void)d->ops->irq_fd(d, 0);
		(void)d->ops->reset(d);
		d->ops->close(d);
	}
	pthread_join(t, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;

	for (size_t off = 0; off + 4 <= size; n++)
		off += 4 + ((size_t)data[off + 2] | (size_t)data[off + 3] << 8);
	fuzz_cost_run("replies", n + 1, session, data, size);
	return 0;
}
