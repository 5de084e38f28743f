/*
 * mppecardctl's stats and flow show on flows in use: a card serves one
 * process, so this test makes flows and traffic on a simulated card and
 * runs the tool's commands (driver/cardctl/cardctl.c) in the same process;
 * the numbers must be the ones the engine API reports for those flows.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cardctl/cardctl.h"
#include "cardsim_proc.h"
#include "mppe/engine.h"

static struct cardsim_proc sim;
static struct mppe_engine *eng;

static int setup(void **state)
{
	(void)state;
	if (cardsim_start(&sim, NULL) < 0)
		return -1;
	eng = mppe_engine_open(cardsim_spec(&sim));
	return eng ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	mppe_engine_close(eng);
	cardsim_stop(&sim, 0);
	return 0;
}

static void run_all(struct mppe_engine *e, struct mppe_op *ops, unsigned n)
{
	struct mppe_completion c[16];
	unsigned done = 0, sent = 0;
	struct timespec ts = { 0, 200000 };

	while (done < n) {
		if (sent < n) {
			int r = mppe_submit(e, ops + sent, n - sent);
			assert_true(r >= 0 || errno == EAGAIN);
			sent += r > 0 ? (unsigned)r : 0;
		}
		int got = mppe_poll(e, c, 16);
		assert_true(got >= 0);
		for (int i = 0; i < got; i++)
			assert_int_equal(c[i].status, MPPE_OK);
		done += (unsigned)got;
		if (!got)
			nanosleep(&ts, NULL);
	}
}

/* What the command printed; the caller frees it. */
static char *command(const char *line, int want_rc)
{
	char buf[256], *argv[8], *save = NULL, *out = NULL;
	size_t len = 0;
	int argc = 0;
	FILE *f = open_memstream(&out, &len);

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok_r(buf, " ", &save); t && argc < 8; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	assert_int_equal(cardctl_command(eng, argc, argv, true, f, stderr), want_rc);
	fclose(f);
	return out;
}

static void test_stats_and_flow_show(void **state)
{
	struct mppe_flow_params tx = { .dir = MPPE_DIR_TX, .key_bits = 128 };
	struct mppe_flow_params rx = { .dir = MPPE_DIR_RX, .key_bits = 128 };
	uint8_t in[5][300], ct[5][302], pt[5][300];
	struct mppe_op enc[5], dec[5];
	struct mppe_counters c0, c1;
	uint32_t f0, f1, f2;
	char want[160], *out;
	(void)state;

	memset(tx.start_key, 0x3c, 16);
	memcpy(rx.start_key, tx.start_key, 16);
	assert_int_equal(mppe_flow_create(eng, &tx, &f0), 0);
	assert_int_equal(mppe_flow_create(eng, &tx, &f2), 0);
	assert_int_equal(mppe_flow_create(eng, &rx, &f1), 0);
	assert_int_equal(mppe_flow_destroy(eng, f2), 0);    /* a gap: stats must skip it */
	for (unsigned i = 0; i < 5; i++) {
		in[i][0] = 0;
		in[i][1] = 0x21;
		memset(in[i] + 2, (int)i, sizeof(in[i]) - 2);
		enc[i] = (struct mppe_op){ .cookie = i, .flow = f0, .opcode = MPPE_OP_ENCRYPT, .in = in[i],
					   .in_len = (uint16_t)(100 + i * 40), .out = ct[i], .out_cap = sizeof(ct[i]) };
		dec[i] = (struct mppe_op){ .cookie = i, .flow = f1, .opcode = MPPE_OP_DECRYPT, .in = ct[i],
					   .in_len = (uint16_t)(102 + i * 40), .out = pt[i], .out_cap = sizeof(pt[i]) };
	}
	run_all(eng, enc, 5);
	run_all(eng, dec, 3);
	assert_int_equal(mppe_flow_read_counters(eng, f0, &c0), 0);
	assert_int_equal(mppe_flow_read_counters(eng, f1, &c1), 0);
	assert_int_equal(c0.packets, 5);
	assert_int_equal(c1.packets, 3);

	out = command("stats", 0);
	assert_non_null(strstr(out, "\"flows_in_use\":2"));
	snprintf(want, sizeof(want), "{\"flow\":%u,\"direction\":\"tx\",\"key_bits\":128,\"mode\":\"stateless\","
		 "\"packets\":%llu,\"bytes\":%llu", f0, (unsigned long long)c0.packets, (unsigned long long)c0.bytes);
	if (!strstr(out, want))
		fail_msg("stats lacks %s:\n%s", want, out);
	snprintf(want, sizeof(want), "{\"flow\":%u,\"direction\":\"rx\",\"key_bits\":128,\"mode\":\"stateless\","
		 "\"packets\":3,\"bytes\":%llu", f1, (unsigned long long)c1.bytes);
	if (!strstr(out, want))
		fail_msg("stats lacks %s:\n%s", want, out);
	snprintf(want, sizeof(want), "\"flow\":%u,", f2);
	assert_null(strstr(out, want));
	assert_non_null(strstr(out, "\"operations\":8"));
	/* the golden image runs and never needed a recovery */
	assert_non_null(strstr(out, "\"mgmt_watchdog_resets\":0,\"mgmt_lockup_resets\":0,\"mgmt_update_image\":0"));
	free(out);

	snprintf(want, sizeof(want), "flow show %u", f1);
	out = command(want, 0);
	snprintf(want, sizeof(want), "\"packets\":3,\"bytes\":%llu,", (unsigned long long)c1.bytes);
	if (!strstr(out, want))
		fail_msg("flow show lacks %s:\n%s", want, out);
	free(out);
	snprintf(want, sizeof(want), "flow show %u", f2);
	out = command(want, 1);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stats_and_flow_show, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
