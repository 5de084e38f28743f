/*
 * The firmware on the RTL core, driven through the admin mailbox by the
 * host-interface model (hostif_model.c). Each check prints what it did;
 * the first failure ends the run with exit status 1.
 *
 *   mgmt_sim fw|fw-noengine +imem=firmware.hex FIRMWARE.img NEXT.img
 *      fw: the model has the real engine; fw-noengine: it has none
 *      FIRMWARE.img: the image of the firmware in firmware.hex
 *      NEXT.img: a good image of another version, for the update test
 *   mgmt_sim bench +imem=firmware.hex FIRMWARE.img
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "byteorder.h"
#include "mgmt_map.h"
#include "fw_image.h"
#include "hostif_model.h"
#include "mgmt_sim.h"
#include "mppe/mppe.h"

#define BOOT_MAX_CYCLES  4000000u
#define CMD_MAX_CYCLES   2000000u   /* "never a hang": every command completes within this */
#define FW_VERSION_BOOT  0x010000u
#define DST_OFF          0x1000u    /* host buffers inside the model's memory */
#define SRC_OFF          0x10000u

static struct hostif H;
static int failures;
static bool with_engine;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("%s ", ok ? "ok  " : "FAIL");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (!ok)
		failures++;
}

static void sqe_init(struct card_sqe *s, uint8_t opc, uint16_t cid)
{
	memset(s, 0, sizeof *s);
	s->opcode = opc;
	s->cid = cid;
}

/* Runs a command; returns the completion code, or -1 (and a failure) on a hang. */
static int run(const struct card_sqe *s, struct card_cqe *c, long *clk)
{
	long n = hostif_admin(&H, s, c, CMD_MAX_CYCLES);

	if (clk)
		*clk = n;
	if (n < 0) {
		check(0, "opcode 0x%02x cid %u: no completion within %u clocks", s->opcode, s->cid,
		      CMD_MAX_CYCLES);
		return -1;
	}
	if (c->cid != s->cid)
		check(0, "completion cid %u for command cid %u", c->cid, s->cid);
	return cqe_code(c);
}

static uint8_t *load_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(HOST_MEM_SIZE);
	size_t n;

	if (!f || !buf) {
		perror(path);
		exit(2);
	}
	n = fread(buf, 1, HOST_MEM_SIZE, f);
	fclose(f);
	*len = n;
	return buf;
}

/* The n-th argument that is not a +plusarg for the model. */
static const char *nth_arg(int argc, char **argv, int n)
{
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] != '+' && n-- == 0)
			return argv[i];
	}
	return NULL;
}

static const char *first_arg(int argc, char **argv)
{
	return nth_arg(argc, argv, 0);
}

static int fw_update(const uint8_t *img, size_t len, uint16_t cid, struct card_cqe *c)
{
	struct card_sqe s;

	memcpy(H.mem + SRC_OFF, img, len);
	sqe_init(&s, CARD_ADM_FW_UPDATE, cid);
	s.src = HOST_IOVA_BASE + SRC_OFF;
	s.in_len = (uint16_t)len;
	return run(&s, c, NULL);
}

static int identify(uint16_t cid, struct card_ident *id)
{
	struct card_sqe s;
	struct card_cqe c;
	int rc;

	memset(H.mem + DST_OFF, 0xa5, 4096);
	sqe_init(&s, CARD_ADM_IDENTIFY, cid);
	s.dst = HOST_IOVA_BASE + DST_OFF;
	s.out_cap = 4096;
	rc = run(&s, &c, NULL);
	memcpy(id, H.mem + DST_OFF, sizeof *id);
	return rc;
}

static void boot(void)
{
	int rc;

	hostif_reset(&H, 4);
	rc = hostif_wait_boot(&H, BOOT_MAX_CYCLES);
	check(rc == 0, "boot: the card reported a state (%llu clocks)", (unsigned long long)H.cycles);
}

static void test_identify_and_state(uint32_t boot_crc)
{
	struct card_ident id;
	int rc = identify(1, &id);
	size_t tail_zero = 1;

	for (size_t i = sizeof id; i < 4096; i++)
		tail_zero &= H.mem[DST_OFF + i] == 0;
	check(rc == CARD_STATUS_OK, "IDENTIFY completes OK (0x%x)", rc);
	check(id.magic == CARD_IDENT_MAGIC, "IDENTIFY magic 'PMID'");
	check(id.fw_version == FW_VERSION_BOOT, "IDENTIFY firmware version 0x%06x", id.fw_version);
	check(id.rtl_version == MGMT_SYS_RTL_VERSION_RESET_VALUE, "IDENTIFY RTL version 0x%08x", id.rtl_version);
	check(id.mbox_version == CARD_MBOX_VERSION && id.max_xfer == MGMT_DMABUF_SIZE, "IDENTIFY mailbox version and max transfer");
	check(strcmp((const char *)id.fw_name, "pptp-mppe mgmt firmware") == 0, "IDENTIFY name \"%.32s\"",
	      (const char *)id.fw_name);
	check(tail_zero, "IDENTIFY zeroes OUT_CAP beyond the structure");
	check(id.fw_crc == boot_crc, "IDENTIFY: running image CRC 0x%08x = the image's payload CRC",
	      id.fw_crc);
	if (with_engine) {
		/* the self-test ran through the real engine and passed */
		check(id.engine == 1 && id.num_flows == 256, "IDENTIFY: engine present, %u flows", id.num_flows);
		check(id.selftest == 0, "IDENTIFY self-test bits 0x%x = all passed (%u clocks)", id.selftest,
		      id.selftest_clk);
		check(id.card_state == (CARD_IDENT_CARD_STATE_READY_MASK | CARD_IDENT_CARD_STATE_DATAPATH_ENABLE_MASK), "IDENTIFY card state 0x%x = ready, data path enabled", id.card_state);
		check(H.p.card_ready && !H.p.card_selftest_failed && H.p.datapath_enable && !H.p.card_fatal,
		      "card pins: ready, data path enabled, not fatal");
	} else {
		/* no engine: the self-test must fail and say why */
		check(id.engine == 0, "IDENTIFY: no engine present");
		check(id.selftest == CARD_IDENT_SELFTEST_ENGINE_MASK, "IDENTIFY self-test bits 0x%x = engine absent", id.selftest);
		check(id.card_state == CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK, "IDENTIFY card state 0x%x = self-test failed, not ready", id.card_state);
		check(H.p.card_selftest_failed && !H.p.card_ready && !H.p.datapath_enable && !H.p.card_fatal,
		      "card pins: self-test failed, not ready, data path disabled, not fatal");
	}
	check(H.p.fw_version == FW_VERSION_BOOT, "fw_version_o = 0x%06x", H.p.fw_version);
}

static void test_not_ready(void)
{
	struct card_sqe s;
	struct card_cqe c;
	int rc;

	sqe_init(&s, CARD_ADM_FLOW_CREATE, 10);
	s.arg[0] = 0;
	s.arg[1] = 128;
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_ADM_NOT_READY, "FLOW_CREATE on a card that failed self-test: NOT_READY (0x%x)", rc);
	sqe_init(&s, CARD_ADM_FLOW_DESTROY, 11);
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_ADM_NOT_READY, "FLOW_DESTROY: NOT_READY (0x%x)", rc);
	sqe_init(&s, CARD_ADM_FLOW_COUNTERS, 12);
	s.out_cap = 96;
	s.dst = HOST_IOVA_BASE + DST_OFF;
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_ADM_NOT_READY, "FLOW_COUNTERS: NOT_READY (0x%x)", rc);
}

static void test_errors(void)
{
	struct card_sqe s;
	struct card_cqe c;
	int rc;

	sqe_init(&s, 0x7f, 13);
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_ADM_BAD_OPCODE, "unknown opcode 0x7f: BAD_OPCODE (0x%x)", rc);
	sqe_init(&s, 0x00, 14);
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_ADM_BAD_OPCODE, "opcode 0: BAD_OPCODE (0x%x)", rc);
	sqe_init(&s, CARD_ADM_IDENTIFY, 15);
	s.flags = 1;
	s.dst = HOST_IOVA_BASE + DST_OFF;
	s.out_cap = 4096;
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_ADM_BAD_ARG, "reserved FLAGS set: BAD_ARG (0x%x)", rc);
	sqe_init(&s, CARD_ADM_IDENTIFY, 16);
	s.dst = HOST_IOVA_BASE + DST_OFF;
	s.out_cap = 64;
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_ADM_BAD_ARG, "IDENTIFY with OUT_CAP 64: BAD_ARG (0x%x)", rc);
	sqe_init(&s, CARD_ADM_IDENTIFY, 17);
	s.dst = 0xdead0000ull;
	s.out_cap = 128;
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_CARD_DST_DMA, "IDENTIFY to an unmapped IOVA: CARD_DST_DMA (0x%x)", rc);

	sqe_init(&s, CARD_ADM_SET_INTERRUPTS, 18);
	s.arg[0] = 8;
	s.arg[2] = 100;      /* 8 completions or 100 us */
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_OK && H.p.irq_coalesce == 0x00640008u && H.irq_coalesce_pulses == 1,
	      "SET_INTERRUPTS 8 / 100 us: OK, irq_coalesce_o = 0x%08x", H.p.irq_coalesce);
	sqe_init(&s, CARD_ADM_SET_INTERRUPTS, 19);
	s.arg[2] = 0xd0;
	s.arg[3] = 0x07;     /* 2000 us: out of range */
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_ADM_BAD_ARG && H.p.irq_coalesce == 0x00640008u,
	      "SET_INTERRUPTS 2000 us: BAD_ARG, setting unchanged (0x%x)", rc);
}

static void test_log(void)
{
	struct card_sqe s;
	struct card_cqe c;
	int rc;
	const uint8_t *e = H.mem + DST_OFF;

	sqe_init(&s, CARD_ADM_GET_LOG, 30);
	s.dst = HOST_IOVA_BASE + DST_OFF;
	s.out_cap = 4096;
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_OK && c.result >= 32 && c.result % 16 == 0,
	      "GET_LOG: OK, %u octets, next sequence %u", c.result, c.info);
	check(get_le32(e) == 0 && get_le32(e + 8) == 0x0001 && get_le32(e + 12) == FW_VERSION_BOOT,
	      "log entry 0: firmware started, version 0x%06x", get_le32(e + 12));
	if (with_engine) {
		check(get_le32(e + 16) == 1 && get_le32(e + 24) == 0x0002 && get_le32(e + 28) > 0,
		      "log entry 1: self-test passed in %u clocks", get_le32(e + 28));
	} else {
		check(get_le32(e + 16) == 1 && get_le32(e + 24) == 0x0003 && get_le32(e + 28) == 0x10,
		      "log entry 1: self-test failed, bits 0x%x", get_le32(e + 28));
		check(get_le32(e + 32) == 2 && get_le32(e + 40) == 0x0020 &&
		      get_le32(e + 44) == (CARD_ADM_FLOW_CREATE | CARD_STATUS_ADM_NOT_READY << 8),
		      "log entry 2: the refused FLOW_CREATE");
	}
	sqe_init(&s, CARD_ADM_GET_LOG, 31);
	s.dst = HOST_IOVA_BASE + DST_OFF;
	s.out_cap = 8;
	rc = run(&s, &c, NULL);
	check(rc == CARD_STATUS_ADM_BAD_ARG, "GET_LOG with OUT_CAP 8: BAD_ARG (0x%x)", rc);
}

static int flow_create(uint16_t cid, uint8_t dir, uint8_t bits, uint8_t stateful, uint16_t first,
		       uint16_t max_rekeys, uint8_t pfc, struct card_cqe *c, long *clk)
{
	struct card_sqe s;
	struct card_flowp p;

	memset(&p, 0, sizeof p);
	p.dir = dir;
	p.key_bits = bits;
	p.stateful = stateful;
	p.first_ccount = first;
	p.max_rekeys = max_rekeys;
	p.accept_pfc = pfc;
	for (int i = 0; i < 16; i++)
		p.start_key[i] = (uint8_t)(cid * 31 + i);
	sqe_init(&s, CARD_ADM_FLOW_CREATE, cid);
	memcpy(s.arg, &p, sizeof p);
	return run(&s, c, clk);
}

static int flow_cmd(uint8_t opc, uint16_t cid, uint32_t flow, struct card_cqe *c, long *clk)
{
	struct card_sqe s;

	sqe_init(&s, opc, cid);
	s.flow = flow;
	if (opc == CARD_ADM_FLOW_COUNTERS) {
		s.dst = HOST_IOVA_BASE + DST_OFF;
		s.out_cap = 96;
		memset(H.mem + DST_OFF, 0xa5, 96);
	}
	return run(&s, c, clk);
}

/* The counters a new flow must report: what the reference engine says. */
static int counters_match_reference(uint8_t dir, uint8_t bits, uint8_t stateful, uint16_t first)
{
	struct mppe_flow_params p;
	struct mppe_flow f;
	struct mppe_counters r;
	struct card_flowcnt got;

	memset(&p, 0, sizeof p);
	p.dir = dir ? MPPE_DIR_RX : MPPE_DIR_TX;
	p.key_bits = bits;
	p.stateful = stateful;
	p.first_ccount = first;
	if (mppe_flow_init(&f, &p))
		return 0;
	mppe_flow_counters(&f, &r);
	mppe_flow_wipe(&f);
	memcpy(&got, H.mem + DST_OFF, sizeof got);
	return got.packets == r.packets && got.bytes == r.bytes && got.key_changes == r.key_changes &&
	       got.next_ccount == r.next_ccount && got.key_bits == r.key_bits &&
	       got.stateful == r.stateful && got.dir == r.dir && got.discarding == r.discarding &&
	       got.sanity_score == r.sanity_score;
}

static void test_flows(void)
{
	struct card_cqe c;
	int rc;
	uint32_t n = 0;

	rc = flow_create(100, 0, 128, 0, 0, 0, 0, &c, NULL);
	check(rc == CARD_STATUS_OK && c.result == 0, "FLOW_CREATE tx 128-bit stateless: OK, flow %u", c.result);
	rc = flow_create(101, 1, 40, 1, 100, 5, 1, &c, NULL);
	check(rc == CARD_STATUS_OK && c.result == 1, "FLOW_CREATE rx 40-bit stateful, count 100, PFC: flow %u",
	      c.result);
	rc = flow_create(102, 0, 56, 1, 4095, 0, 0, &c, NULL);
	check(rc == CARD_STATUS_OK && c.result == 2, "FLOW_CREATE tx 56-bit stateful, count 4095: flow %u",
	      c.result);
	rc = flow_cmd(CARD_ADM_FLOW_COUNTERS, 103, 1, &c, NULL);
	check(rc == CARD_STATUS_OK && counters_match_reference(1, 40, 1, 100),
	      "FLOW_COUNTERS flow 1: the engine's context equals the reference engine's new flow");
	rc = flow_cmd(CARD_ADM_FLOW_COUNTERS, 104, 2, &c, NULL);
	check(rc == CARD_STATUS_OK && counters_match_reference(0, 56, 1, 4095),
	      "FLOW_COUNTERS flow 2: equals the reference (next count %u)", c.info);
	rc = flow_create(105, 0, 64, 0, 0, 0, 0, &c, NULL);
	check(rc == CARD_STATUS_ADM_BAD_ARG, "FLOW_CREATE with 64-bit keys: BAD_ARG (0x%x)", rc);
	rc = flow_create(106, 1, 128, 0, 4096, 0, 0, &c, NULL);
	check(rc == CARD_STATUS_ADM_BAD_ARG, "FLOW_CREATE with first count 4096: BAD_ARG (0x%x)", rc);
	rc = flow_create(107, 2, 128, 0, 0, 0, 0, &c, NULL);
	check(rc == CARD_STATUS_ADM_BAD_ARG, "FLOW_CREATE with direction 2: BAD_ARG (0x%x)", rc);
	rc = flow_cmd(CARD_ADM_FLOW_DESTROY, 108, 1, &c, NULL);
	check(rc == CARD_STATUS_OK, "FLOW_DESTROY flow 1: OK (0x%x)", rc);
	rc = flow_cmd(CARD_ADM_FLOW_DESTROY, 109, 1, &c, NULL);
	check(rc == CARD_STATUS_ERR_BAD_FLOW, "FLOW_DESTROY flow 1 again: ERR_BAD_FLOW (0x%x)", rc);
	rc = flow_cmd(CARD_ADM_FLOW_COUNTERS, 110, 1, &c, NULL);
	check(rc == CARD_STATUS_ERR_BAD_FLOW, "FLOW_COUNTERS of a destroyed flow: ERR_BAD_FLOW (0x%x)", rc);
	rc = flow_cmd(CARD_ADM_FLOW_DESTROY, 111, 256, &c, NULL);
	check(rc == CARD_STATUS_CARD_FLOW_RANGE, "FLOW_DESTROY flow 256 (of 256): CARD_FLOW_RANGE (0x%x)", rc);
	rc = flow_cmd(CARD_ADM_FLOW_COUNTERS, 112, 0x10000, &c, NULL);
	check(rc == CARD_STATUS_CARD_FLOW_RANGE, "FLOW_COUNTERS flow 0x10000: CARD_FLOW_RANGE (0x%x)", rc);
	/* fill the table: flow 1 is reused first, then 3.. */
	for (;;) {
		rc = flow_create((uint16_t)(200 + n), (uint8_t)(n & 1), 128, (uint8_t)(n >> 1 & 1), 0, 0, 0, &c,
				 NULL);
		if (rc != CARD_STATUS_OK)
			break;
		if (n == 0 && c.result != 1)
			check(0, "the freed flow 1 is reused (got %u)", c.result);
		n++;
	}
	check(rc == CARD_STATUS_ADM_NO_FLOWS && n == 254, "the table fills after %u more flows: NO_FLOWS (0x%x)",
	      n, rc);
	for (uint32_t f = 3; f < 256; f++) {
		rc = flow_cmd(CARD_ADM_FLOW_DESTROY, (uint16_t)(500 + f), f, &c, NULL);
		if (rc != CARD_STATUS_OK) {
			check(0, "FLOW_DESTROY flow %u: 0x%x", f, rc);
			break;
		}
	}
	rc = flow_cmd(CARD_ADM_FLOW_DESTROY, 800, 1, &c, NULL);
	check(rc == CARD_STATUS_OK, "destroyed all but flows 0 and 2 (kept for the update test)");
}

static void test_update(const uint8_t *img, size_t len)
{
	struct card_cqe c;
	struct card_ident id;
	uint8_t *bad = malloc(len);
	int rc;
	uint32_t next_version = get_le32(img + 8);

	/* corrupted payload: refused by its CRC-32, the running firmware stays */
	memcpy(bad, img, len);
	bad[FW_IMAGE_HDR_SIZE + len / 2] ^= 0x01;
	rc = fw_update(bad, len, 40, &c);
	check(rc == CARD_STATUS_ADM_BAD_IMAGE && c.result == FW_REFUSED_CRC,
	      "FW_UPDATE, one payload bit flipped: BAD_IMAGE, reason %u (payload CRC)", c.result);
	/* corrupted header */
	memcpy(bad, img, len);
	bad[1] ^= 0x40;
	rc = fw_update(bad, len, 41, &c);
	check(rc == CARD_STATUS_ADM_BAD_IMAGE && c.result == FW_REFUSED_HEADER,
	      "FW_UPDATE, bad magic: BAD_IMAGE, reason %u (header)", c.result);
	/* truncated */
	rc = fw_update(img, len - 4, 42, &c);
	check(rc == CARD_STATUS_ADM_BAD_IMAGE && c.result == FW_REFUSED_LENGTH,
	      "FW_UPDATE, image 4 octets short: BAD_IMAGE, reason %u (length)", c.result);
	/* unreadable source */
	{
		struct card_sqe s;
		sqe_init(&s, CARD_ADM_FW_UPDATE, 43);
		s.src = 0x1000;
		s.in_len = (uint16_t)len;
		rc = run(&s, &c, NULL);
		check(rc == CARD_STATUS_CARD_SRC_DMA, "FW_UPDATE from an unmapped IOVA: CARD_SRC_DMA (0x%x)", rc);
	}
	rc = identify(44, &id);
	check(rc == CARD_STATUS_OK && id.fw_version == FW_VERSION_BOOT && H.p.fw_version == FW_VERSION_BOOT,
	      "after the refused images the running firmware is still 0x%06x", id.fw_version);
	free(bad);

	/* the good image: OK first, then the card restarts into it */
	rc = fw_update(img, len, 45, &c);
	check(rc == CARD_STATUS_OK && c.result == next_version,
	      "FW_UPDATE with a good image (0x%06x): OK (0x%x)", next_version, rc);
	{
		uint64_t t0 = H.cycles;
		int seen_down = 0;
		while (H.cycles - t0 < BOOT_MAX_CYCLES) {
			hostif_cycle(&H);
			if (!H.p.card_ready && !H.p.card_selftest_failed)
				seen_down = 1;
			if (seen_down && H.p.fw_version == next_version &&
			    (H.p.card_ready || H.p.card_selftest_failed))
				break;
		}
		check(seen_down && H.p.fw_version == next_version,
		      "the card restarted into 0x%06x (%llu clocks)", H.p.fw_version,
		      (unsigned long long)(H.cycles - t0));
	}
	rc = identify(46, &id);
	check(rc == CARD_STATUS_OK && id.fw_version == next_version, "IDENTIFY after the update: 0x%06x",
	      id.fw_version);
	{
		struct card_sqe s;
		const uint8_t *e = H.mem + DST_OFF;
		int accepted = 0, started = 0;

		sqe_init(&s, CARD_ADM_GET_LOG, 47);
		s.dst = HOST_IOVA_BASE + DST_OFF;
		s.out_cap = 4096;
		rc = run(&s, &c, NULL);
		for (uint32_t off = 0; rc == CARD_STATUS_OK && off < c.result; off += 16) {
			accepted |= get_le32(e + off + 8) == CARD_EV_FW_ACCEPTED && get_le32(e + off + 12) == next_version;
			started |= get_le32(e + off + 8) == 0x0001 && get_le32(e + off + 12) == next_version;
		}
		check(accepted && started, "the log kept the update across the restart");
	}
	if (with_engine) {
		rc = identify(48, &id);
		check(rc == CARD_STATUS_OK && id.flows_in_use == 2 && id.selftest == 0 && id.card_state == 0x9,
		      "after the restart: self-test passed again, the 2 live flows were found (%u)",
		      id.flows_in_use);
		rc = flow_cmd(CARD_ADM_FLOW_COUNTERS, 49, 2, &c, NULL);
		check(rc == CARD_STATUS_OK && counters_match_reference(0, 56, 1, 4095),
		      "flow 2 kept its context across the update");
		rc = flow_create(50, 1, 128, 1, 0, 0, 0, &c, NULL);
		check(rc == CARD_STATUS_OK && c.result == 1, "the next FLOW_CREATE gets flow 1 (%u)", c.result);
	}
}

int run_fw_tests(int argc, char **argv, bool engine)
{
	size_t len, boot_len;
	uint8_t *img, *boot_img;

	if (!nth_arg(argc, argv, 1)) {
		fprintf(stderr, "fw: need the running image and the image to update to\n");
		return 2;
	}
	boot_img = load_file(nth_arg(argc, argv, 0), &boot_len);
	img = load_file(nth_arg(argc, argv, 1), &len);
	with_engine = engine;
	boot();
	test_identify_and_state(get_le32(boot_img + 16));
	free(boot_img);
	if (!with_engine)
		test_not_ready();
	test_errors();
	test_log();
	if (with_engine)
		test_flows();
	test_update(img, len);
	free(img);
	printf("firmware tests: %s (%llu clocks)\n", failures ? "FAILED" : "passed",
	       (unsigned long long)H.cycles);
	return failures ? 1 : 0;
}

/* A firmware whose SHA-1 known answer was corrupted must fail its self-test
 * on the real engine, report exactly that, and refuse flow commands. */
int run_fw_selftest_fail(int argc, char **argv)
{
	struct card_ident id;
	struct card_cqe c;
	int rc;

	(void)argc;
	(void)argv;
	with_engine = true;
	boot();
	rc = identify(1, &id);
	check(rc == CARD_STATUS_OK && id.engine == 1 && id.selftest == 0x04,
	      "corrupted SHA-1 known answer: self-test bits 0x%x = SHA-1 only", id.selftest);
	check(id.card_state == 0x2 && H.p.card_selftest_failed && !H.p.card_ready && !H.p.datapath_enable,
	      "card state 0x%x: self-test failed, data path disabled", id.card_state);
	rc = flow_create(2, 0, 128, 0, 0, 0, 0, &c, NULL);
	check(rc == CARD_STATUS_ADM_NOT_READY, "FLOW_CREATE refused: NOT_READY (0x%x)", rc);
	printf("self-test failure test: %s\n", failures ? "FAILED" : "passed");
	return failures ? 1 : 0;
}

/* Clocks of n runs of one admin command; returns the mean, -1 on an error. */
static double bench_flows(unsigned n, double *create, double *query, double *destroy, double *wall_s)
{
	struct card_cqe c;
	long clk;
	double sc = 0, sq = 0, sd = 0;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned i = 0; i < n; i++) {
		if (flow_create((uint16_t)i, (uint8_t)(i & 1), 128, 0, 0, 0, 0, &c, &clk) != CARD_STATUS_OK)
			return -1;
		sc += (double)clk;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*wall_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	for (unsigned i = 0; i < n; i++) {
		if (flow_cmd(CARD_ADM_FLOW_COUNTERS, (uint16_t)i, i, &c, &clk) != CARD_STATUS_OK)
			return -1;
		sq += (double)clk;
	}
	for (unsigned i = 0; i < n; i++) {
		if (flow_cmd(CARD_ADM_FLOW_DESTROY, (uint16_t)i, i, &c, &clk) != CARD_STATUS_OK)
			return -1;
		sd += (double)clk;
	}
	*create = sc / n;
	*query = sq / n;
	*destroy = sd / n;
	return 0;
}

/* The anchor: flows the software engine creates per second on this machine. */
static double sw_flows_per_s(void)
{
	struct mppe_flow_params p;
	struct mppe_flow f;
	struct timespec t0, t1;
	unsigned n = 0;
	double dt;

	memset(&p, 0, sizeof p);
	p.key_bits = 128;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (int i = 0; i < 1000; i++, n++) {
			p.start_key[0] = (uint8_t)n;
			if (mppe_flow_init(&f, &p))
				return 0;
			mppe_flow_wipe(&f);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		dt = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	} while (dt < 0.5);
	return n / dt;
}

/* An update that installs but never runs the firmware's loop. The loader
 * copies it and the core runs it; it must end in the golden image, ready
 * again, with the recovery counted for the host (CTL.MGMT_BOOT). */
static void recover_from(const char *path, uint16_t cid, const char *what, uint32_t want)
{
	size_t len;
	uint8_t *img = load_file(path, &len);
	struct card_cqe c;
	struct card_ident id;
	int rc, ran_update = 0;
	uint64_t t0;

	rc = fw_update(img, len, cid, &c);
	check(rc == CARD_STATUS_OK, "FW_UPDATE with the %s image: accepted (0x%x)", what, rc);
	t0 = H.cycles;
	/* the watchdog (2^22 clocks) and the golden image's boot */
	while (H.cycles - t0 < (1u << 22) + 2 * (uint64_t)BOOT_MAX_CYCLES) {
		hostif_cycle(&H);
		ran_update |= (H.p.recovery >> 31) & 1;
		if (ran_update && H.p.recovery == want && H.p.card_ready)
			break;
	}
	check(ran_update, "the %s image ran from the update RAM (MGMT_BOOT.UPDATE was 1)", what);
	check(H.p.recovery == want && H.p.card_ready && H.p.fw_version == FW_VERSION_BOOT,
	      "%s: back in the golden image 0x%06x, ready, MGMT_BOOT 0x%08x (want 0x%08x), %llu clocks",
	      what, H.p.fw_version, H.p.recovery, want, (unsigned long long)(H.cycles - t0));
	rc = identify((uint16_t)(cid + 1), &id);
	check(rc == CARD_STATUS_OK && id.fw_version == FW_VERSION_BOOT && id.selftest == 0,
	      "IDENTIFY after the %s recovery: 0x%06x, self-test passed", what, id.fw_version);
	free(img);
}

/* mgmt_sim recovery +imem=FIRMWARE.hex HANG.img LOCKUP.img */
int run_fw_recovery(int argc, char **argv)
{
	if (!nth_arg(argc, argv, 1)) {
		fprintf(stderr, "recovery: need the hanging and the locking-up images\n");
		return 2;
	}
	with_engine = true;
	boot();
	check(H.p.recovery == 0, "at power-on the golden image runs, no recovery (0x%08x)", H.p.recovery);
	recover_from(nth_arg(argc, argv, 0), 60, "hanging (never kicks the watchdog)", 0x00000001u);
	recover_from(nth_arg(argc, argv, 1), 70, "locking up (trap with mtvec outside IMEM)", 0x00010001u);
	printf("recovery test: %s\n", failures ? "FAILED" : "passed");
	return failures ? 1 : 0;
}

/* A firmware whose mailbox loop starts with an illegal instruction: after
 * its self-test it traps, and must end in the readable FATAL state, with
 * READY and the data path off, not in a silent hang. */
int run_fw_fatal(int argc, char **argv)
{
	uint64_t t0;

	(void)argc;
	(void)argv;
	hostif_reset(&H, 4);
	t0 = H.cycles;
	while (H.cycles - t0 < BOOT_MAX_CYCLES && !H.p.card_fatal)
		hostif_cycle(&H);
	for (int i = 0; i < 100; i++)
		hostif_cycle(&H);
	check(H.p.card_fatal && !H.p.card_ready && !H.p.datapath_enable && !H.p.cpu_lockup,
	      "illegal instruction in the firmware: card FATAL, not ready, data path off (%llu clocks)",
	      (unsigned long long)(H.cycles - t0));
	printf("fatal trap test: %s\n", failures ? "FAILED" : "passed");
	return failures ? 1 : 0;
}

int run_fw_bench(int argc, char **argv)
{
	size_t len;
	uint8_t *img;
	struct card_sqe s;
	struct card_cqe c;
	struct card_ident id;
	long clk;
	uint64_t t0;
	double create, query, destroy, wall;
	const unsigned n = 200;
	double mhz = 25.0;   /* the core's iCE40 Fmax estimate, docs/mgmt-cpu-ice40.txt */

	if (!first_arg(argc, argv)) {
		fprintf(stderr, "bench: need the firmware image\n");
		return 2;
	}
	img = load_file(first_arg(argc, argv), &len);
	if (nth_arg(argc, argv, 1))
		mhz = atof(nth_arg(argc, argv, 1));
	with_engine = true;
	printf("BENCH firmware image_bytes=%zu payload_bytes=%u imem_bytes=16384 imem_used=%.0f%%\n", len,
	       get_le32(img + 12), 100.0 * get_le32(img + 12) / 16384);
	free(img);
	hostif_reset(&H, 4);
	t0 = H.cycles;
	if (hostif_wait_boot(&H, BOOT_MAX_CYCLES) || !H.p.card_ready) {
		fprintf(stderr, "bench: the card did not become ready\n");
		return 1;
	}
	if (identify(1, &id) != CARD_STATUS_OK)
		return 1;
	printf("BENCH selftest clk=%u boot_clk=%llu flows=%u engines=1 result=%s\n", id.selftest_clk,
	       (unsigned long long)(H.cycles - t0), id.num_flows, id.selftest ? "failed" : "passed");
	sqe_init(&s, CARD_ADM_IDENTIFY, 2);
	s.dst = HOST_IOVA_BASE + DST_OFF;
	s.out_cap = 128;
	if (run(&s, &c, &clk) != CARD_STATUS_OK)
		return 1;
	printf("BENCH admin cmd=identify clk=%ld out_bytes=128\n", clk);
	sqe_init(&s, 0x7f, 3);
	if (run(&s, &c, &clk) != CARD_STATUS_ADM_BAD_OPCODE)
		return 1;
	printf("BENCH admin cmd=bad_opcode clk=%ld\n", clk);
	if (bench_flows(n, &create, &query, &destroy, &wall)) {
		fprintf(stderr, "bench: a flow command failed\n");
		return 1;
	}
	printf("BENCH admin cmd=flow_create clk=%.0f flows=%u\n", create, n);
	printf("BENCH admin cmd=flow_query clk=%.0f out_bytes=96\n", query);
	printf("BENCH admin cmd=flow_destroy clk=%.0f\n", destroy);
	printf("BENCH flow_create_rate flows_per_s_at_%.0fmhz=%.0f flows_per_s_sim_wall=%.0f "
	       "sw_flows_per_s=%.0f\n", mhz, mhz * 1e6 / create, n / wall, sw_flows_per_s());
	return 0;
}
