/*
 * PPTP control-message codec: exact layouts (known answers from a real
 * Linux pptp client vs PoPToP capture), round trips of every message type,
 * and refusal of malformed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pptp/pptp_msg.h"

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = strlen(hex) / 2;
	assert_true(n <= cap);
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
	return n;
}

/* ../shared/reference/captures/linux-pptp-client-vs-pptpd.pcap, frame 6 */
static const char sccrq_linux[] =
	"009c00011a2b3c4d00010000010000000000000300000003ffff00016c6f63616c000000000000000000"
	"000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
	"000000000000000063616e616e69616e0000000000000000000000000000000000000000000000000000"
	"000000000000000000000000000000000000000000000000000000000000";
/* frame 10: OCRQ from the Linux client */
static const char ocrq_linux[] =
	"00a800011a2b3c4d0007000028b900000000096000989680000000030000000300030000000000000000"
	"000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
	"000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
	"000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
/* frame 12: OCRP from PoPToP */
static const char ocrp_pptpd[] = "002000011a2b3c4d00080000000028b901000000009896800003000000000000";
/* frame 59: CCRQ */
static const char ccrq_linux[] = "001000011a2b3c4d000c000028b90000";

static void test_known_sccrq(void **state)
{
	uint8_t buf[256], out[256];
	size_t n = unhex(sccrq_linux, buf, sizeof(buf)), flen = 0;
	struct pptp_msg m;

	(void)state;
	assert_int_equal(n, PPTP_SCCRQ_LEN);
	assert_int_equal(pptp_msg_frame(buf, n, &flen), PPTP_MSG_OK);
	assert_int_equal(flen, PPTP_SCCRQ_LEN);
	assert_int_equal(pptp_msg_decode(buf, n, &m), PPTP_MSG_OK);
	assert_int_equal(m.type, PPTP_SCCRQ);
	assert_int_equal(m.u.sccrq.version, 0x0100);
	assert_int_equal(m.u.sccrq.framing, 3);
	assert_int_equal(m.u.sccrq.bearer, 3);
	assert_int_equal(m.u.sccrq.max_channels, 0xffff);
	assert_int_equal(m.u.sccrq.firmware, 1);
	assert_string_equal(m.u.sccrq.hostname, "local");
	assert_string_equal(m.u.sccrq.vendor, "cananian");
	/* encoding the decoded message gives the same bytes back */
	assert_int_equal(pptp_msg_encode(&m, out, sizeof(out)), n);
	assert_memory_equal(out, buf, n);
}

static void test_known_ocrq_ocrp_ccrq(void **state)
{
	uint8_t buf[256], out[256];
	struct pptp_msg m;
	size_t n;

	(void)state;
	n = unhex(ocrq_linux, buf, sizeof(buf));
	assert_int_equal(n, PPTP_OCRQ_LEN);
	assert_int_equal(pptp_msg_decode(buf, n, &m), PPTP_MSG_OK);
	assert_int_equal(m.u.ocrq.call_id, 0x28b9);
	assert_int_equal(m.u.ocrq.min_bps, 2400);
	assert_int_equal(m.u.ocrq.max_bps, 10000000);
	assert_int_equal(m.u.ocrq.bearer, 3);
	assert_int_equal(m.u.ocrq.framing, 3);
	assert_int_equal(m.u.ocrq.recv_window, 3);
	assert_int_equal(m.u.ocrq.phone_len, 0);
	assert_int_equal(pptp_msg_encode(&m, out, sizeof(out)), n);
	assert_memory_equal(out, buf, n);

	n = unhex(ocrp_pptpd, buf, sizeof(buf));
	assert_int_equal(pptp_msg_decode(buf, n, &m), PPTP_MSG_OK);
	assert_int_equal(m.type, PPTP_OCRP);
	assert_int_equal(m.u.ocrp.call_id, 0);
	assert_int_equal(m.u.ocrp.peer_call_id, 0x28b9);
	assert_int_equal(m.u.ocrp.result, PPTP_OCRP_CONNECTED);
	assert_int_equal(m.u.ocrp.speed, 10000000);
	assert_int_equal(m.u.ocrp.recv_window, 3);
	assert_int_equal(pptp_msg_encode(&m, out, sizeof(out)), n);
	assert_memory_equal(out, buf, n);

	n = unhex(ccrq_linux, buf, sizeof(buf));
	assert_int_equal(pptp_msg_decode(buf, n, &m), PPTP_MSG_OK);
	assert_int_equal(m.type, PPTP_CCRQ);
	assert_int_equal(m.u.ccrq.call_id, 0x28b9);
}

/* Every type: encode a message with distinct field values, check the
 * length, decode, compare. */
static void test_round_trip_all(void **state)
{
	uint8_t buf[PPTP_MSG_MAX_LEN + 8];
	(void)state;

	for (unsigned t = 1; t <= PPTP_CTRL_TYPE_MAX; t++) {
		struct pptp_msg m, d;
		memset(&m, 0, sizeof(m));
		m.type = (uint16_t)t;
		switch (t) {
		case PPTP_SCCRQ: case PPTP_SCCRP:
			m.u.sccrq.version = 0x0100;
			m.u.sccrq.result = t == PPTP_SCCRP ? 1 : 0;
			m.u.sccrq.error = 0;
			m.u.sccrq.framing = 1; m.u.sccrq.bearer = 2;
			m.u.sccrq.max_channels = 7; m.u.sccrq.firmware = 0x1234;
			strcpy(m.u.sccrq.hostname, "pns.example");
			memset(m.u.sccrq.vendor, 'v', PPTP_VENDOR_LEN);   /* full 64 bytes, no NUL on wire */
			break;
		case PPTP_StopCCRQ: m.u.stopccrq.reason = 3; break;
		case PPTP_StopCCRP: m.u.stopccrp.result = 1; m.u.stopccrp.error = 4; break;
		case PPTP_ECHORQ: m.u.echorq.id = 0xdeadbeef; break;
		case PPTP_ECHORP: m.u.echorp.id = 0xfeedf00d; m.u.echorp.result = 1; m.u.echorp.error = 0; break;
		case PPTP_OCRQ:
			m.u.ocrq.call_id = 0xabcd; m.u.ocrq.serial = 9; m.u.ocrq.min_bps = 300;
			m.u.ocrq.max_bps = 1000000; m.u.ocrq.bearer = 3; m.u.ocrq.framing = 3;
			m.u.ocrq.recv_window = 64; m.u.ocrq.proc_delay = 1;
			strcpy(m.u.ocrq.phone, "5551234"); m.u.ocrq.phone_len = 7;
			strcpy(m.u.ocrq.subaddr, "sub");
			break;
		case PPTP_OCRP:
			m.u.ocrp.call_id = 1; m.u.ocrp.peer_call_id = 2; m.u.ocrp.result = 7;
			m.u.ocrp.error = 4; m.u.ocrp.cause = 0x9999; m.u.ocrp.speed = 64000;
			m.u.ocrp.recv_window = 16; m.u.ocrp.proc_delay = 5; m.u.ocrp.channel_id = 77;
			break;
		case PPTP_ICRQ:
			m.u.icrq.call_id = 5; m.u.icrq.serial = 6; m.u.icrq.bearer = 1; m.u.icrq.channel_id = 2;
			strcpy(m.u.icrq.dialed, "123"); m.u.icrq.dialed_len = 3;
			strcpy(m.u.icrq.dialing, "4567"); m.u.icrq.dialing_len = 4;
			strcpy(m.u.icrq.subaddr, "x");
			break;
		case PPTP_ICRP:
			m.u.icrp.call_id = 8; m.u.icrp.peer_call_id = 9; m.u.icrp.result = 3;
			m.u.icrp.error = 0; m.u.icrp.recv_window = 10; m.u.icrp.tx_delay = 11;
			break;
		case PPTP_ICCN:
			m.u.iccn.peer_call_id = 12; m.u.iccn.speed = 13; m.u.iccn.recv_window = 14;
			m.u.iccn.tx_delay = 15; m.u.iccn.framing = 2;
			break;
		case PPTP_CCRQ: m.u.ccrq.call_id = 0x4242; break;
		case PPTP_CDN:
			m.u.cdn.call_id = 0x1111; m.u.cdn.result = 4; m.u.cdn.error = 0; m.u.cdn.cause = 2;
			strcpy(m.u.cdn.stats, "stats");
			break;
		case PPTP_WEN:
			m.u.wen.peer_call_id = 3; m.u.wen.crc_errors = 1; m.u.wen.framing_errors = 2;
			m.u.wen.hw_overruns = 3; m.u.wen.buf_overruns = 4; m.u.wen.timeouts = 5;
			m.u.wen.alignment_errors = 6;
			break;
		case PPTP_SLI:
			m.u.sli.peer_call_id = 44; m.u.sli.send_accm = 0xffffffff; m.u.sli.recv_accm = 0;
			break;
		}
		size_t n = pptp_msg_encode(&m, buf, sizeof(buf));
		assert_int_equal(n, pptp_msg_len(t));
		assert_int_equal(buf[0] << 8 | buf[1], n);
		/* too small a buffer: nothing */
		assert_int_equal(pptp_msg_encode(&m, buf, n - 1), 0);
		n = pptp_msg_encode(&m, buf, sizeof(buf));
		assert_int_equal(pptp_msg_decode(buf, n, &d), PPTP_MSG_OK);
		assert_int_equal(d.type, t);
		if (t == PPTP_SCCRQ) {
			assert_string_equal(d.u.sccrq.hostname, "pns.example");
			assert_int_equal(strlen(d.u.sccrq.vendor), PPTP_VENDOR_LEN);
			d.u.sccrq.result = 0;   /* SCCRQ has no result field */
		}
		assert_memory_equal(&d, &m, sizeof(m));
		/* one byte more or less than the type's length: refused */
		buf[0] = (uint8_t)((n + 1) >> 8); buf[1] = (uint8_t)(n + 1);
		assert_int_equal(pptp_msg_decode(buf, n, &d), PPTP_MSG_BAD_LENGTH);
		buf[0] = (uint8_t)((n - 1) >> 8); buf[1] = (uint8_t)(n - 1);
		assert_int_equal(pptp_msg_decode(buf, n - 1, &d), PPTP_MSG_BAD_LENGTH);
	}
}

static void test_framing(void **state)
{
	uint8_t buf[300];
	size_t n = unhex(ccrq_linux, buf, sizeof(buf)), len;

	(void)state;
	/* every proper prefix is "need more", never an error */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(pptp_msg_frame(buf, i, &len), PPTP_MSG_NEED_MORE);
	assert_int_equal(pptp_msg_frame(buf, n, &len), PPTP_MSG_OK);
	assert_int_equal(len, 16);
	/* magic cookie wrong: stream unusable */
	buf[7] ^= 1;
	assert_int_equal(pptp_msg_frame(buf, n, &len), PPTP_MSG_BAD_MAGIC);
	assert_int_equal(pptp_msg_decode(buf, n, &(struct pptp_msg){0}), PPTP_MSG_BAD_MAGIC);
	buf[7] ^= 1;
	/* lengths no message can have */
	buf[0] = 0; buf[1] = 15;
	assert_int_equal(pptp_msg_frame(buf, n, &len), PPTP_MSG_BAD_LENGTH);
	buf[0] = 0; buf[1] = 221;
	assert_int_equal(pptp_msg_frame(buf, n, &len), PPTP_MSG_BAD_LENGTH);
	buf[0] = 0xff; buf[1] = 0xff;
	assert_int_equal(pptp_msg_frame(buf, n, &len), PPTP_MSG_BAD_LENGTH);
}

static void test_bad_fields(void **state)
{
	uint8_t buf[300];
	struct pptp_msg m;
	size_t n;

	(void)state;
	n = unhex(ccrq_linux, buf, sizeof(buf));
	buf[3] = 2;   /* management message type */
	assert_int_equal(pptp_msg_decode(buf, n, &m), PPTP_MSG_NOT_CONTROL);
	buf[3] = 1;
	buf[9] = 0;   /* control type 0 */
	assert_int_equal(pptp_msg_decode(buf, n, &m), PPTP_MSG_UNKNOWN_TYPE);
	buf[9] = 16;  /* control type 16 */
	assert_int_equal(pptp_msg_decode(buf, n, &m), PPTP_MSG_UNKNOWN_TYPE);
	/* a StopCCRQ-sized CCRQ is fine, a CCRQ with SCCRQ type is not */
	buf[9] = PPTP_SCCRQ;
	assert_int_equal(pptp_msg_decode(buf, n, &m), PPTP_MSG_BAD_LENGTH);

	/* phone number length beyond its 64-byte field */
	n = unhex(ocrq_linux, buf, sizeof(buf));
	buf[12 + 24] = 0; buf[12 + 25] = 65;
	assert_int_equal(pptp_msg_decode(buf, n, &m), PPTP_MSG_BAD_VALUE);
	/* phone length honoured, bytes sanitised */
	buf[12 + 25] = 3;
	memcpy(buf + 12 + 28, "1\n3456", 6);
	assert_int_equal(pptp_msg_decode(buf, n, &m), PPTP_MSG_OK);
	assert_string_equal(m.u.ocrq.phone, "1.3");
}

static void test_describe(void **state)
{
	uint8_t buf[300];
	struct pptp_msg m;
	char s[512];

	(void)state;
	unhex(ocrq_linux, buf, sizeof(buf));
	assert_int_equal(pptp_msg_decode(buf, PPTP_OCRQ_LEN, &m), PPTP_MSG_OK);
	pptp_msg_describe(&m, 0, s, sizeof(s));
	assert_string_equal(s, "OCRQ");
	pptp_msg_describe(&m, 1, s, sizeof(s));
	assert_non_null(strstr(s, "call_id=10425"));
	assert_non_null(strstr(s, "rws=3"));
	pptp_msg_describe(&m, 1, s, 8);   /* truncation is safe */
	assert_int_equal(strlen(s), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_sccrq),
		cmocka_unit_test(test_known_ocrq_ocrp_ccrq),
		cmocka_unit_test(test_round_trip_all),
		cmocka_unit_test(test_framing),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_describe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
