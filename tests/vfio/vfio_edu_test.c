/*
 * The generic VFIO layer (driver/vfio/vfio_dev.c) against a real kernel:
 * run inside a QEMU guest (tests/vfio/vfio_guest.py) on QEMU's `edu` PCI
 * device behind an emulated Intel IOMMU, bound to vfio-pci.
 *
 * edu (QEMU hw/misc/edu.c, docs/specs/edu.rst): BAR0 of 1 MiB; 0x00 ID
 * 0x010000ed; 0x04 reads back the inverse of what was written; 0x24
 * interrupt status, 0x60 raises, 0x64 acknowledges; a DMA engine between
 * host memory and a 4 KiB buffer at 0x40000 (0x80 source, 0x88 destination,
 * 0x90 count, 0x98 command: bit 0 run, bit 1 to host memory, bit 2 raise
 * interrupt 0x100 when done), addresses limited to 28 bits; one MSI vector.
 *
 *   vfio_edu_test [--uid N] [--memlock KIB] [--expect-error TEXT] CASE COMMAND ADDRESS [ARG]
 *
 * COMMAND: open (open and close), dma (DMA both ways, interrupts, the IOMMU
 * refusing an unmapped address, reset, close and reopen), killed (a process
 * holding the device is killed; the device opens again and works), map KIB
 * (map that much for DMA). --uid runs it as that user, --memlock lowers the
 * locked-memory limit first. --expect-error: the command must fail with
 * TEXT in its message. Prints one line: GUEST-RESULT case=CASE status=ok|fail ...
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "vfio/vfio_dev.h"

#define EDU_ID          0x00
#define EDU_LIVE        0x04
#define EDU_IRQ_STATUS  0x24
#define EDU_IRQ_RAISE   0x60
#define EDU_IRQ_ACK     0x64
#define EDU_DMA_SRC     0x80
#define EDU_DMA_DST     0x88
#define EDU_DMA_CNT     0x90
#define EDU_DMA_CMD     0x98
#define EDU_BUF         0x40000u
#define EDU_DMA_IRQ     0x100u
#define CMD_RUN         0x1u
#define CMD_TO_HOST     0x2u
#define CMD_IRQ         0x4u

/* IOVAs below edu's 28-bit DMA mask */
#define IOVA_A 0x100000ull
#define IOVA_B 0x200000ull
#define PAGE   4096u
/* QEMU 7.2's edu aborts (hw_error) on a transfer that ends exactly at the
 * end of its 4 KiB buffer (an off-by-one in its range check), so each DMA
 * moves half a page. */
#define XFER   2048u

static char why[2048];

__attribute__((format(printf, 1, 2))) static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return -1;
}

struct edu {
	struct vfio_dev *d;
	volatile uint32_t *bar;
	size_t bar_size;
	int efd;
};

static uint32_t rd(struct edu *e, unsigned off)
{
	return e->bar[off / 4];
}

static void wr(struct edu *e, unsigned off, uint32_t v)
{
	e->bar[off / 4] = v;
}

/*
 * edu ignores register writes while a DMA runs, and a reset does not stop
 * one (it has no reset handler): a DMA started by a process that was then
 * killed still completes after the next process opened the device, into
 * whatever that process mapped at the same IOVA. So, like any driver of a
 * device it did not just reset itself, wait for the engine to be idle.
 */
static int wait_idle(struct edu *e, const char *what)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	for (int i = 0; i < 2000; i++) {
		if (!(rd(e, EDU_DMA_CMD) & CMD_RUN))
			return 0;
		nanosleep(&ts, NULL);
	}
	return fail("%s: edu's DMA engine still busy after 20 s", what);
}

static void edu_close(struct edu *e)
{
	vfio_dev_unmap_bar((void *)e->bar, e->bar_size);
	vfio_dev_close(e->d);
	if (e->efd >= 0)
		close(e->efd);
	memset(e, 0, sizeof(*e));
	e->efd = -1;
}

/* Open, BAR0, bus mastering, MSI to an eventfd. */
static int edu_open(struct edu *e, const char *addr)
{
	void *bar;

	memset(e, 0, sizeof(*e));
	e->efd = -1;
	e->d = vfio_dev_open(addr);
	if (!e->d)
		return fail("%s", vfio_error());
	bar = vfio_dev_map_bar(e->d, 0, 1u << 20, &e->bar_size);
	if (!bar)
		return fail("%s", vfio_error());
	e->bar = bar;
	if (rd(e, EDU_ID) != 0x010000edu)
		return fail("BAR0 ID register reads 0x%08x, not edu's 0x010000ed", rd(e, EDU_ID));
	wr(e, EDU_LIVE, 0x12345678u);
	if (rd(e, EDU_LIVE) != ~0x12345678u)
		return fail("liveness register: wrote 0x12345678, read 0x%08x", rd(e, EDU_LIVE));
	if (vfio_dev_enable_dma(e->d) < 0)
		return fail("%s", vfio_error());
	if (vfio_dev_irq_count(e->d, VFIO_PCI_MSI_IRQ_INDEX) != 1)
		return fail("edu offers %d MSI vectors, not 1", vfio_dev_irq_count(e->d, VFIO_PCI_MSI_IRQ_INDEX));
	e->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (e->efd < 0 || vfio_dev_irq_enable(e->d, VFIO_PCI_MSI_IRQ_INDEX, 1, &e->efd) < 0)
		return fail("MSI: %s", vfio_error());
	/* a previous user's DMA may still run and its interrupt be pending */
	if (wait_idle(e, "open") < 0)
		return -1;
	wr(e, EDU_IRQ_ACK, rd(e, EDU_IRQ_STATUS));
	{
		uint64_t n;
		if (read(e->efd, &n, sizeof(n)) < 0 && errno != EAGAIN)
			return fail("eventfd: %s", strerror(errno));
	}
	return 0;
}

/* The interrupt arrives on the eventfd; edu says why; it is acknowledged. */
static int wait_irq(struct edu *e, uint32_t want, const char *what)
{
	struct pollfd p = { .fd = e->efd, .events = POLLIN };
	uint64_t n;
	uint32_t st;

	if (poll(&p, 1, 20000) != 1)
		return fail("%s: no interrupt on the eventfd within 20 s (edu status 0x%x)", what,
			    rd(e, EDU_IRQ_STATUS));
	if (read(e->efd, &n, sizeof(n)) != sizeof(n) || n == 0)
		return fail("%s: eventfd readable but no count", what);
	st = rd(e, EDU_IRQ_STATUS);
	if (!(st & want))
		return fail("%s: interrupt status 0x%x lacks 0x%x", what, st, want);
	wr(e, EDU_IRQ_ACK, st);
	return 0;
}

static int dma(struct edu *e, uint64_t src, uint64_t dst, uint32_t cmd, const char *what)
{
	if (wait_idle(e, what) < 0)
		return -1;
	wr(e, EDU_DMA_SRC, (uint32_t)src);
	wr(e, EDU_DMA_DST, (uint32_t)dst);
	wr(e, EDU_DMA_CNT, XFER);
	wr(e, EDU_DMA_CMD, cmd | CMD_RUN | CMD_IRQ);
	return wait_irq(e, EDU_DMA_IRQ, what);
}

/* Host page A -> edu -> host page B through the IOMMU; then B unmapped:
 * the device's write must not reach it. */
static int dma_cycle(struct edu *e, unsigned seed)
{
	uint8_t *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *b = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int r = -1;

	if (a == MAP_FAILED || b == MAP_FAILED)
		return fail("mmap: %s", strerror(errno));
	for (unsigned i = 0; i < PAGE; i++)
		a[i] = (uint8_t)(i * 31 + seed);
	memset(b, 0, PAGE);
	if (vfio_dev_dma_map(e->d, a, PAGE, IOVA_A) < 0 || vfio_dev_dma_map(e->d, b, PAGE, IOVA_B) < 0) {
		fail("%s", vfio_error());
		goto out;
	}
	if (dma(e, IOVA_A, EDU_BUF, 0, "DMA host -> edu") < 0 ||
	    dma(e, EDU_BUF, IOVA_B, CMD_TO_HOST, "DMA edu -> host") < 0)
		goto out;
	if (memcmp(a, b, XFER) != 0) {
		fail("DMA round trip: page B differs from page A");
		goto out;
	}
	/* an interrupt the driver raises itself */
	wr(e, EDU_IRQ_RAISE, 0x10000u + seed);
	if (wait_irq(e, 0x10000u + seed, "raised interrupt") < 0)
		goto out;
	/* the IOMMU: B unmapped, the device writes to its old IOVA in vain */
	if (vfio_dev_dma_unmap(e->d, IOVA_B, PAGE) < 0) {
		fail("%s", vfio_error());
		goto out;
	}
	memset(b, 0x55, PAGE);
	if (dma(e, EDU_BUF, IOVA_B, CMD_TO_HOST, "DMA to an unmapped IOVA") < 0)
		goto out;
	for (unsigned i = 0; i < XFER; i++)
		if (b[i] != 0x55) {
			fail("DMA to an unmapped IOVA reached the page (octet %u is 0x%02x): the IOMMU let it through",
			     i, b[i]);
			goto out;
		}
	r = 0;
out:
	vfio_dev_dma_unmap(e->d, IOVA_A, PAGE);
	munmap(a, PAGE);
	munmap(b, PAGE);
	return r;
}

static int cmd_open(const char *addr)
{
	struct edu e;
	int r = edu_open(&e, addr);

	edu_close(&e);
	return r;
}

static int cmd_dma(const char *addr, char *detail, size_t cap)
{
	struct edu e;

	if (edu_open(&e, addr) < 0 || dma_cycle(&e, 1) < 0)
		goto fail;
	if (vfio_dev_reset(e.d) < 0) {
		fail("%s", vfio_error());
		goto fail;
	}
	/* edu keeps its registers over a reset (it has no reset handler in
	 * QEMU): what counts is that the kernel reset it and restored the
	 * function, so DMA mappings and the interrupt still work after it */
	if (dma_cycle(&e, 2) < 0)
		goto fail;
	edu_close(&e);
	if (edu_open(&e, addr) < 0 || dma_cycle(&e, 3) < 0)
		goto fail;
	snprintf(detail, cap, "group=%d dma=ok irq=msi iommu_blocks_unmapped=yes reset=ok reopen=ok",
		 vfio_dev_group(e.d));
	edu_close(&e);
	return 0;
fail:
	edu_close(&e);
	return -1;
}

/* A process holding the device dies by SIGKILL in the middle of a DMA: the
 * kernel releases the group, and the device opens and works again. */
static int cmd_killed(const char *addr, char *detail, size_t cap)
{
	int pipefd[2];
	char c;
	pid_t pid;
	struct edu e;
	struct vfio_dev *busy;
	char busy_msg[512];

	if (pipe(pipefd) < 0)
		return fail("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		return fail("fork: %s", strerror(errno));
	if (pid == 0) {
		uint8_t *b = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (edu_open(&e, addr) < 0 || b == MAP_FAILED || vfio_dev_dma_map(e.d, b, PAGE, IOVA_B) < 0)
			_exit(1);
		wr(&e, EDU_DMA_SRC, EDU_BUF);
		wr(&e, EDU_DMA_DST, (uint32_t)IOVA_B);
		wr(&e, EDU_DMA_CNT, XFER);
		wr(&e, EDU_DMA_CMD, CMD_RUN | CMD_TO_HOST | CMD_IRQ);   /* in flight when killed */
		if (write(pipefd[1], "R", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(pipefd[1]);
	if (read(pipefd[0], &c, 1) != 1) {
		waitpid(pid, NULL, 0);
		return fail("the child could not open the device");
	}
	close(pipefd[0]);
	busy = vfio_dev_open(addr);
	snprintf(busy_msg, sizeof(busy_msg), "%s", vfio_error());
	if (busy) {
		vfio_dev_close(busy);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return fail("a second process opened the device while the first held it");
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (!strstr(busy_msg, "already in use by another process"))
		return fail("while held elsewhere, the message was: %s", busy_msg);
	if (edu_open(&e, addr) < 0 || dma_cycle(&e, 4) < 0) {
		edu_close(&e);
		return -1;
	}
	edu_close(&e);
	snprintf(detail, cap, "busy_while_held=yes reopen_after_kill=ok dma=ok");
	return 0;
}

static int cmd_map(const char *addr, const char *kib)
{
	size_t len = (size_t)strtoul(kib, NULL, 10) * 1024;
	struct vfio_dev *d = vfio_dev_open(addr);
	void *p;
	int r;

	if (!d)
		return fail("%s", vfio_error());
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		vfio_dev_close(d);
		return fail("mmap: %s", strerror(errno));
	}
	r = vfio_dev_dma_map(d, p, len, IOVA_A);
	if (r < 0)
		fail("%s", vfio_error());
	vfio_dev_close(d);
	munmap(p, len);
	return r;
}

/* The message on one line for the console: newlines become " | ". */
static void one_line(const char *in, char *out, size_t cap)
{
	size_t n = 0;

	for (; *in && n + 4 < cap; in++) {
		if (*in == '\n') {
			memcpy(out + n, " | ", 3);
			n += 3;
		} else if (*in != '"') {
			out[n++] = *in;
		}
	}
	out[n] = '\0';
}

int main(int argc, char **argv)
{
	const char *expect = NULL, *name, *cmd, *addr;
	char detail[256] = "", line[2200];
	int i = 1, r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "--uid") == 0) {
			uid_t u = (uid_t)atoi(argv[i + 1]);
			if (setgid(u) < 0 || setuid(u) < 0) {
				perror("setuid");
				return 2;
			}
		} else if (strcmp(argv[i], "--memlock") == 0) {
			struct rlimit rl;
			rl.rlim_cur = rl.rlim_max = (rlim_t)atoi(argv[i + 1]) * 1024;
			if (setrlimit(RLIMIT_MEMLOCK, &rl) < 0) {
				perror("setrlimit");
				return 2;
			}
		} else if (strcmp(argv[i], "--expect-error") == 0) {
			expect = argv[i + 1];
		} else {
			break;
		}
	}
	if (argc - i < 3) {
		fprintf(stderr, "usage: vfio_edu_test [--uid N] [--memlock KIB] [--expect-error TEXT] CASE "
				"open|dma|killed|map ADDRESS [KIB]\n");
		return 2;
	}
	name = argv[i];
	cmd = argv[i + 1];
	addr = argv[i + 2];
	if (strcmp(cmd, "open") == 0)
		r = cmd_open(addr);
	else if (strcmp(cmd, "dma") == 0)
		r = cmd_dma(addr, detail, sizeof(detail));
	else if (strcmp(cmd, "killed") == 0)
		r = cmd_killed(addr, detail, sizeof(detail));
	else if (strcmp(cmd, "map") == 0 && argc - i == 4)
		r = cmd_map(addr, argv[i + 3]);
	else
		r = fail("unknown command %s", cmd);
	one_line(why, line, sizeof(line));
	if (expect) {
		bool ok = r < 0 && strstr(why, expect);
		printf("GUEST-RESULT case=%s status=%s expected=\"%s\" message=\"%s\"\n", name, ok ? "ok" : "fail",
		       expect, r < 0 ? line : "(it succeeded)");
		return ok ? 0 : 1;
	}
	printf("GUEST-RESULT case=%s status=%s %s%s%s%s\n", name, r == 0 ? "ok" : "fail", detail,
	       r ? "message=\"" : "", r ? line : "", r ? "\"" : "");
	return r == 0 ? 0 : 1;
}
