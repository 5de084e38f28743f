/*
 * Firmware unit tests on the host: the firmware's own sources with the HAL
 * replaced by fake_hal.c (reference engine + OpenSSL behind the context port
 * and the self-test streams). The same sources run on the RTL core in
 * `make check-mgmt-fw`.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/rc4.h>
#include <openssl/sha.h>

#include "fake_hal.h"
#include "fw.h"
#include "fw_image.h"
#include "mppe/mppe.h"
#include "selftest_kat.h"
#include "util.h"

#define DST (FAKE_HOST_BASE + 0x1000)
#define SRC (FAKE_HOST_BASE + 0x4000)

static int setup(void **state)
{
	(void)state;
	fake_reset(8);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_reset(8);   /* wipes the reference flows */
	return 0;
}

static struct card_cqe exec(const struct card_sqe *s)
{
	struct card_cqe c;

	admin_execute(s, &c);
	assert_int_equal(c.cid, s->cid);
	return c;
}

static uint16_t code(const struct card_cqe *c)
{
	return (uint16_t)(c->status >> CARD_CQE_STATUS_CODE_SHIFT);
}

static struct card_sqe create_sqe(uint8_t dir, uint8_t bits, uint8_t stateful)
{
	struct card_sqe s;
	struct card_flowp p;

	memset(&s, 0, sizeof s);
	memset(&p, 0, sizeof p);
	s.opcode = CARD_ADM_FLOW_CREATE;
	s.cid = 0x4242;
	p.dir = dir;
	p.key_bits = bits;
	p.stateful = stateful;
	for (int i = 0; i < 16; i++)
		p.start_key[i] = (uint8_t)(0xa0 + i);
	memcpy(s.arg, &p, sizeof p);
	return s;
}

/* ---- the known answers are what OpenSSL and the reference engine say */

static void test_kat_rc4_matches_openssl(void **state)
{
	(void)state;
	for (unsigned i = 0; i < ST_RC4_KATS; i++) {
		const struct st_rc4_kat *k = &st_rc4_kat[i];
		uint8_t buf[4096 + 16];
		RC4_KEY key;

		memset(buf, 0, sizeof buf);
		RC4_set_key(&key, k->key_len, k->key);
		RC4(&key, k->offset + 16u, buf, buf);
		assert_memory_equal(buf + k->offset, k->keystream, 16);
	}
}

static void test_kat_sha1_matches_openssl(void **state)
{
	uint8_t d[20];

	(void)state;
	SHA1((const unsigned char *)"abc", 3, d);
	assert_memory_equal(d, st_sha1_abc, 20);
}

static void test_kat_mppe_matches_reference(void **state)
{
	struct mppe_flow_params p;
	struct mppe_flow f;
	uint8_t out[64];
	size_t n;

	(void)state;
	memset(&p, 0, sizeof p);
	p.dir = MPPE_DIR_TX;
	p.key_bits = 128;
	memcpy(p.start_key, st_mppe_start_key, 16);
	assert_int_equal(mppe_flow_init(&f, &p), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(mppe_flow_encrypt(&f, st_mppe_packet, sizeof st_mppe_packet, out,
						   sizeof out, &n), MPPE_OK);
		assert_int_equal(n, 16);
		assert_memory_equal(out, st_mppe_cipher[i], 16);
	}
	mppe_flow_wipe(&f);
}

/* ---- self-test and boot */

static void test_selftest_passes_on_a_good_engine(void **state)
{
	(void)state;
	fw_boot();
	assert_int_equal(fw.selftest_failed, 0);
	assert_int_equal(fake.card_status, CARD_IDENT_CARD_STATE_READY_MASK | CARD_IDENT_CARD_STATE_DATAPATH_ENABLE_MASK);
	assert_int_equal(fake.fw_version, FW_VERSION);
	assert_int_equal(fw.flows_in_use, 0);   /* the self-test flow is gone */
	assert_false(fake.live[0]);
	assert_int_equal(fake.log[1][2], CARD_EV_SELFTEST_PASS);
}

static void check_boot_fails(uint32_t bits)
{
	fw_boot();
	assert_int_equal(fw.selftest_failed, bits);
	assert_int_equal(fake.card_status, CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK);   /* no READY, no data path */
	assert_int_equal(fake.log[1][2], CARD_EV_SELFTEST_FAIL);
	assert_int_equal(fake.log[1][3], bits);
}

static void test_selftest_engine_absent(void **state)
{
	(void)state;
	fake.engine_present = false;
	check_boot_fails(CARD_IDENT_SELFTEST_ENGINE_MASK);
}

static void test_selftest_engine_never_ready(void **state)
{
	(void)state;
	fake.engine_ready = false;
	check_boot_fails(CARD_IDENT_SELFTEST_ENGINE_MASK);
}

static void test_selftest_wrong_rc4(void **state)
{
	(void)state;
	fake.rc4_wrong = true;
	check_boot_fails(CARD_IDENT_SELFTEST_RC4_MASK);
}

static void test_selftest_wrong_sha1(void **state)
{
	(void)state;
	fake.sha1_wrong = true;
	check_boot_fails(CARD_IDENT_SELFTEST_SHA1_MASK);
}

static void test_selftest_wrong_rekey(void **state)
{
	(void)state;
	fake.encrypt_wrong = true;
	check_boot_fails(CARD_IDENT_SELFTEST_REKEY_MASK);
	assert_false(fake.live[0]);   /* cleaned up even so */
}

static void test_selftest_streams_hang(void **state)
{
	(void)state;
	fake.st_hang = true;
	check_boot_fails(CARD_IDENT_SELFTEST_RC4_MASK | CARD_IDENT_SELFTEST_SHA1_MASK | CARD_IDENT_SELFTEST_REKEY_MASK);
}

static void test_selftest_context_port_hangs(void **state)
{
	(void)state;
	fake.ctx_hang = true;
	check_boot_fails(CARD_IDENT_SELFTEST_CTX_MASK);
}

static void test_flow_commands_refused_after_failed_selftest(void **state)
{
	struct card_sqe s = create_sqe(0, 128, 0);
	struct card_cqe c;
	unsigned cmds;

	(void)state;
	fake.sha1_wrong = true;
	fw_boot();
	cmds = fake.ctx_cmds;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_NOT_READY);
	assert_int_equal(fake.ctx_cmds, cmds);   /* the engine was not touched */
}

static void test_boot_adopts_live_contexts(void **state)
{
	struct card_sqe s = create_sqe(1, 40, 1);
	struct card_cqe c;

	(void)state;
	fw_boot();
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	c = exec(&s);
	assert_int_equal(c.result, 1u);
	/* a firmware restart by the loader: contexts 0 and 1 survive in the engine */
	fake.boot_count = 1;
	fw_boot();
	assert_int_equal(fw.flows_in_use, 2);
	assert_true(flows_in_use(0) && flows_in_use(1));
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	assert_int_equal(c.result, 2u);
}

/* ---- flows */

static void test_flow_create_destroy_counters(void **state)
{
	struct card_sqe s = create_sqe(0, 128, 0);
	struct card_cqe c;
	struct card_flowcnt cnt;

	(void)state;
	fw_boot();
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	assert_int_equal(c.result, 0);
	assert_true(fake.live[0]);
	assert_int_equal(fake.created[0].key_bits, 128);
	assert_int_equal(fake.last_key[15], 0xaf);          /* the key reached the engine */

	memset(&s, 0, sizeof s);
	s.opcode = CARD_ADM_FLOW_COUNTERS;
	s.cid = 7;
	s.flow = 0;
	s.dst = DST;
	s.out_cap = 96;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	memcpy(&cnt, fake.host + 0x1000, sizeof cnt);
	assert_int_equal(cnt.key_bits, 128);
	assert_int_equal(cnt.dir, 0);
	assert_int_equal(cnt.stateful, 0);
	assert_int_equal(cnt.packets, 0);

	memset(&s, 0, sizeof s);
	s.opcode = CARD_ADM_FLOW_DESTROY;
	s.flow = 0;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	assert_false(fake.live[0]);
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ERR_BAD_FLOW);
	s.flow = 8;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_CARD_FLOW_RANGE);
	s.flow = 0xffffffffu;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_CARD_FLOW_RANGE);
}

static void test_flow_create_bad_arguments(void **state)
{
	struct card_sqe s;
	struct card_cqe c;
	struct card_flowp p;

	(void)state;
	fw_boot();
	s = create_sqe(2, 128, 0);
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
	s = create_sqe(0, 64, 0);
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
	s = create_sqe(0, 128, 2);
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
	s = create_sqe(0, 56, 1);
	memcpy(&p, s.arg, sizeof p);
	p.first_ccount = 4096;
	memcpy(s.arg, &p, sizeof p);
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
	s = create_sqe(0, 56, 1);
	s.arg[3] = 2;   /* ACCEPT_PFC is 0 or 1 */
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
	s = create_sqe(0, 56, 1);
	s.arg[12] = 1;  /* RSVD2 */
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
	s = create_sqe(0, 56, 1);
	s.cdw7 = 1;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
	assert_int_equal(fw.flows_in_use, 0);
}

static void test_flow_table_full(void **state)
{
	struct card_sqe s = create_sqe(1, 40, 0);
	struct card_cqe c;

	(void)state;
	fw_boot();
	for (uint32_t i = 0; i < 8; i++) {
		c = exec(&s);
		assert_int_equal(code(&c), CARD_STATUS_OK);
		assert_int_equal(c.result, i);
	}
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_NO_FLOWS);
	/* free one in the middle: it is reused */
	memset(&s, 0, sizeof s);
	s.opcode = CARD_ADM_FLOW_DESTROY;
	s.flow = 5;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	s = create_sqe(1, 40, 0);
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	assert_int_equal(c.result, 5);
}

static void test_flow_create_engine_timeout(void **state)
{
	struct card_sqe s = create_sqe(0, 128, 0);
	struct card_cqe c;

	(void)state;
	fw_boot();
	fake.ctx_hang = true;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ERR_DEVICE);
	assert_int_equal(fw.flows_in_use, 0);
}

/* ---- other commands */

static void test_identify(void **state)
{
	struct card_sqe s;
	struct card_cqe c;
	struct card_ident id;

	(void)state;
	fw_boot();
	memset(&s, 0, sizeof s);
	s.opcode = CARD_ADM_IDENTIFY;
	s.dst = DST;
	s.out_cap = 4096;
	memset(fake.host, 0xee, sizeof fake.host);
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	memcpy(&id, fake.host + 0x1000, sizeof id);
	assert_int_equal(id.magic, CARD_IDENT_MAGIC);
	assert_int_equal(id.fw_version, FW_VERSION);
	assert_int_equal(id.engine, 1);
	assert_int_equal(id.num_flows, 8);
	assert_int_equal(id.card_state, CARD_IDENT_CARD_STATE_READY_MASK | CARD_IDENT_CARD_STATE_DATAPATH_ENABLE_MASK);
	assert_int_equal(id.fw_crc, 0x12345678u);
	assert_int_equal(fake.host[0x1000 + 4095], 0);
	s.out_cap = 127;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
	s.out_cap = 128;
	fake.dma_fail_status = 1;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_CARD_DST_DMA);
}

static void test_bad_opcodes(void **state)
{
	struct card_sqe s;
	struct card_cqe c;

	(void)state;
	fw_boot();
	memset(&s, 0, sizeof s);
	for (unsigned op = 0; op < 256; op++) {
		if (op >= CARD_ADM_IDENTIFY && op <= CARD_ADM_SET_INTERRUPTS)
			continue;
		s.opcode = (uint8_t)op;
		c = exec(&s);
		assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_OPCODE);
	}
}

static void test_set_interrupts(void **state)
{
	struct card_sqe s;
	struct card_cqe c;

	(void)state;
	fw_boot();
	memset(&s, 0, sizeof s);
	s.opcode = CARD_ADM_SET_INTERRUPTS;
	put_le32(s.arg, 1000u << 16 | 32u);
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	assert_int_equal(fake.irq_coalesce, 1000u << 16 | 32u);
	put_le32(s.arg, 1001u << 16);
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
	assert_int_equal(fake.irq_writes, 1);
	put_le32(s.arg, 0);
	s.arg[31] = 1;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
}

static void test_log_keeps_last_64(void **state)
{
	struct card_sqe s;
	struct card_cqe c;

	(void)state;
	fw_boot();   /* 2 entries */
	for (int i = 0; i < 100; i++)
		evlog_add(CARD_EV_FLOW_CREATED, (uint32_t)i);
	memset(&s, 0, sizeof s);
	s.opcode = CARD_ADM_GET_LOG;
	s.dst = DST;
	s.out_cap = 4096;
	c = exec(&s);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	assert_int_equal(c.result, 64 * 16);
	assert_int_equal(c.info, 102);
	assert_int_equal(get_le32(fake.host + 0x1000), 38);          /* oldest kept */
	assert_int_equal(get_le32(fake.host + 0x1000 + 63 * 16 + 12), 99);
	/* from a given sequence, and only whole entries */
	put_le32(s.arg, 100);
	s.out_cap = 40;
	c = exec(&s);
	assert_int_equal(c.result, 32);
	assert_int_equal(get_le32(fake.host + 0x1000), 100);
}

/* ---- firmware update */

static size_t make_image(uint8_t *img, uint32_t version, size_t payload)
{
	for (size_t i = 0; i < payload; i++)
		img[FW_IMAGE_HDR_SIZE + i] = (uint8_t)(i * 7 + 3);
	put_le32(img + 0, FW_IMAGE_MAGIC);
	put_le32(img + 4, FW_IMAGE_HDR_VERSION);
	put_le32(img + 8, version);
	put_le32(img + 12, (uint32_t)payload);
	put_le32(img + 16, crc32(img + FW_IMAGE_HDR_SIZE, payload));
	put_le32(img + 20, 0);
	put_le32(img + 24, 0);
	put_le32(img + 28, crc32(img, 28));
	return FW_IMAGE_HDR_SIZE + payload;
}

static struct card_cqe update(const uint8_t *img, size_t len)
{
	struct card_sqe s;

	memset(&s, 0, sizeof s);
	s.opcode = CARD_ADM_FW_UPDATE;
	s.src = SRC;
	s.in_len = (uint16_t)len;
	memcpy(fake.host + 0x4000, img, len);
	return exec(&s);
}

static void test_update_good_image(void **state)
{
	static uint8_t img[HAL_STAGE_SIZE];
	size_t len = make_image(img, 0x020304, 10000);
	struct card_cqe c;

	(void)state;
	fw_boot();
	c = update(img, len);
	assert_int_equal(code(&c), CARD_STATUS_OK);
	assert_int_equal(c.result, 0x020304);
	assert_int_equal(fake.dma_calls, 3);   /* 4096 + 4096 + 1840 */
	assert_memory_equal(fake.stage, img, len);
	assert_true(fw.restart_pending);
	assert_int_equal(fw.restart_words, 2500);
	assert_false(fake.loader_started);     /* only after the completion is out */
}

static void test_update_refuses_every_corruption(void **state)
{
	static uint8_t img[HAL_STAGE_SIZE], bad[HAL_STAGE_SIZE];
	size_t len = make_image(img, 0x010203, 4096);
	struct card_cqe c;

	(void)state;
	fw_boot();
	/* every single-bit flip anywhere in the image is refused */
	for (size_t bit = 0; bit < len * 8; bit += 13) {
		memcpy(bad, img, len);
		bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		c = update(bad, len);
		assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_IMAGE);
		assert_false(fw.restart_pending);
	}
	c = update(img, len - 4);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_IMAGE);
	assert_int_equal(c.result, FW_REFUSED_LENGTH);
	c = update(img, 16);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_IMAGE);
	c = update(img, 0);
	assert_int_equal(code(&c), CARD_STATUS_ADM_BAD_ARG);
	fake.dma_fail_status = 2;
	c = update(img, len);
	assert_int_equal(code(&c), CARD_STATUS_CARD_SRC_DMA);
	assert_false(fw.restart_pending);
	assert_int_equal(fake.card_status, CARD_IDENT_CARD_STATE_READY_MASK | CARD_IDENT_CARD_STATE_DATAPATH_ENABLE_MASK);   /* still running */
}

static void test_image_checks(void **state)
{
	static uint8_t img[HAL_STAGE_SIZE + 64];
	uint32_t v = 0, why = 99;

	(void)state;
	make_image(img, 1, FW_IMAGE_MAX_PAYLOAD);
	assert_int_equal(fwimg_check(img, FW_IMAGE_HDR_SIZE + FW_IMAGE_MAX_PAYLOAD, &v, &why), 0);
	assert_int_equal(v, 1);
	make_image(img, 1, 6);   /* not a multiple of 4 */
	assert_int_equal(fwimg_check(img, FW_IMAGE_HDR_SIZE + 6, &v, &why), -1);
	assert_int_equal(why, FW_REFUSED_LENGTH);
	assert_int_equal(fwimg_check(img, 3, &v, &why), -1);
	assert_int_equal(crc32((const uint8_t *)"123456789", 9), 0xcbf43926u);   /* the CRC-32 check value */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kat_rc4_matches_openssl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kat_sha1_matches_openssl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kat_mppe_matches_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selftest_passes_on_a_good_engine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selftest_engine_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selftest_engine_never_ready, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selftest_wrong_rc4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selftest_wrong_sha1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selftest_wrong_rekey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selftest_streams_hang, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selftest_context_port_hangs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flow_commands_refused_after_failed_selftest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boot_adopts_live_contexts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flow_create_destroy_counters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flow_create_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flow_table_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flow_create_engine_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_opcodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_interrupts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_keeps_last_64, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_good_image, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_refuses_every_corruption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_image_checks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
