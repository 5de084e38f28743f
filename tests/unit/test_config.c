/*
 * IOS-style configuration parser: the feature document's example loads,
 * ranges and defaults of every vpdn command, "no" forms, errors with line
 * and column, and nothing half-applied.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/config.h"
#include "pptp/pptp_config.h"

#include "cfg_check.h"

static int notices;
static char last_notice[256];

static void on_notice(void *arg, const char *source, int line, int col, const char *msg)
{
	(void)arg;
	(void)source;
	(void)line;
	(void)col;
	notices++;
	snprintf(last_notice, sizeof(last_notice), "%s", msg);
}

static const struct cfg_options lenient = { .flags = CFG_LENIENT, .notice = on_notice };
static const struct cfg_options strict = { .flags = 0, .notice = on_notice };

static int setup(void **state)
{
	(void)state;
	assert_int_equal(cfg_core_register(), 0);
	assert_int_equal(vpdn_cfg_register(), 0);
	notices = 0;
	return 0;
}

static void parse_err(const char *text, int line, int col, const char *needle)
{
	cfg_check_err(text, &strict, line, col, needle);
}

/* The running configuration of the feature document (Configuration
 * Examples), verbatim, loads: what this layer knows is applied, the rest
 * gets a notice. */
static void test_feature_example(void **state)
{
	FILE *f = fopen("tests/fixtures/feature-example.cfg", "r");
	static char text[16384];
	size_t n;
	struct cfg *c;
	const struct vpdn_config *v;
	const struct vpdn_group *g;
	const struct cfg_core *core;

	(void)state;
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	c = cfg_check_ok(text, &lenient);
	assert_true(notices > 10);
	core = cfg_block(c, &cfg_core_section);
	assert_string_equal(core->hostname, "PNS");
	v = cfg_block(c, &vpdn_cfg_section);
	assert_true(v->enabled);
	g = vpdn_pptp_group(v);
	assert_non_null(g);
	assert_int_equal(g->number, 1);
	assert_int_equal(g->virtual_template, 1);
	assert_string_equal(g->local_name, "cisco_pns");
	assert_int_equal(g->recv_window, 16);
	assert_int_equal(g->static_rtt_ms, 1500);
	assert_int_equal(g->echo_s, 60);

	struct pptp_params p;
	vpdn_to_params(v, core->hostname, &p);
	assert_string_equal(p.local_name, "cisco_pns");
	assert_int_equal(p.recv_window, 16);
	cfg_free(c);
}

static void test_ranges_and_no(void **state)
{
	struct cfg *c;
	const struct vpdn_group *g;

	(void)state;
	c = cfg_check_ok("vpdn enable\nvpdn-group 7\n accept-dialin\n  protocol pptp\n  virtual-template 3\n"
		     " pptp flow-control receive-window 64\n pptp flow-control static-rtt 100\n"
		     " pptp tunnel echo 0\n local name edge-1\n", &strict);
	g = vpdn_pptp_group(cfg_block(c, &vpdn_cfg_section));
	assert_non_null(g);
	assert_int_equal(g->recv_window, 64);
	assert_int_equal(g->static_rtt_ms, 100);
	assert_int_equal(g->echo_s, 0);
	assert_string_equal(g->local_name, "edge-1");
	cfg_free(c);

	/* the other ends of the ranges, then back to the defaults with "no" */
	c = cfg_check_ok("vpdn-group 1\n accept dialin\n protocol pptp\n exit\n"
		     " pptp flow-control receive-window 1\n pptp flow-control static-rtt 5000\n"
		     " pptp tunnel echo 1000\n", &strict);
	g = vpdn_pptp_group(cfg_block(c, &vpdn_cfg_section));
	assert_int_equal(g->recv_window, 1);
	assert_int_equal(g->static_rtt_ms, 5000);
	assert_int_equal(g->echo_s, 1000);
	cfg_free(c);
	c = cfg_check_ok("vpdn-group 1\n accept-dialin\n protocol pptp\n pptp tunnel echo 5\n"
		     " no pptp tunnel echo\n pptp flow-control receive-window 5\n"
		     " no pptp flow-control receive-window 5\n pptp flow-control static-rtt 200\n"
		     " no pptp flow-control static-rtt\n local name x\n no local name\n", &strict);
	g = vpdn_pptp_group(cfg_block(c, &vpdn_cfg_section));
	assert_int_equal(g->echo_s, 60);
	assert_int_equal(g->recv_window, 16);
	assert_int_equal(g->static_rtt_ms, 1500);
	assert_string_equal(g->local_name, "");
	cfg_free(c);
	c = cfg_check_ok("vpdn enable\nno vpdn enable\nvpdn-group 2\n accept-dialin\n protocol pptp\n"
		     "no vpdn-group 2\n", &strict);
	assert_false(((struct vpdn_config *)cfg_block(c, &vpdn_cfg_section))->enabled);
	assert_null(vpdn_pptp_group(cfg_block(c, &vpdn_cfg_section)));
	cfg_free(c);
}

static void test_errors(void **state)
{
	(void)state;
	parse_err("vpdn-group 1\n pptp flow-control receive-window 0\n", 2, 35, "range 1-64");
	parse_err("vpdn-group 1\n pptp flow-control receive-window 65\n", 2, 35, "range 1-64");
	parse_err("vpdn-group 1\n pptp flow-control static-rtt 99\n", 2, 31, "range 100-5000");
	parse_err("vpdn-group 1\n pptp flow-control static-rtt 5001\n", 2, 31, "range 100-5000");
	parse_err("vpdn-group 1\n pptp tunnel echo 1001\n", 2, 19, "range 0-1000");
	parse_err("vpdn-group 1\n pptp tunnel echo -1\n", 2, 19, "range 0-1000");
	parse_err("vpdn-group 1\n pptp tunnel echo 99999999999\n", 2, 19, "range");
	parse_err("vpdn-group 1\n pptp tunnel echo\n", 2, 18, "incomplete");
	parse_err("vpdn-group 1\n pptp tunnel echo 5 6\n", 2, 21, "unexpected '6'");
	parse_err("vpdn-group 1\n accept-dialin\n  protocol l2tp\n", 3, 12, "not supported");
	parse_err("vpdn-group 1\n accept-dialin\n  protocol gre\n", 3, 12, "not one of");
	parse_err("hostname a\nfrobnicate now\n", 2, 1, "unknown command");
	parse_err("vpdn-group 0\n", 1, 12, "range 1-65535");
	/* commands of a sub-mode are not valid at the top level */
	parse_err("pptp tunnel echo 5\n", 1, 1, "unknown command");
	/* tokens and lines that are too long */
	char big[700];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	parse_err(big, 1, CFG_LINE_MAX, "longer");
	parse_err("hostname aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 1, 10,
		  "too long");
	/* a control character inside a token */
	parse_err("hostname a\x01" "b\n", 1, 11, "control");
	/* NUL in the file */
	struct cfg *c;
	struct cfg_error e;
	assert_int_equal(cfg_parse_buf("hostname a\0b\n", 13, "t", &strict, &c, &e), -1);
}

static void test_lenient_and_comments(void **state)
{
	struct cfg *c;

	(void)state;
	notices = 0;
	c = cfg_check_ok("! comment\n\n   \nfrobnicate now\r\nhostname R1\r\nend\n! a comment after end\n\n", &lenient);
	assert_int_equal(notices, 1);
	assert_non_null(strstr(last_notice, "frobnicate"));
	assert_string_equal(((struct cfg_core *)cfg_block(c, &cfg_core_section))->hostname, "R1");
	cfg_free(c);
	/* a real error stays an error in lenient mode */
	struct cfg_error e;
	/* a command after "end" was dropped silently: now an error at its place */
	assert_int_equal(cfg_parse_buf("hostname R1\nend\n  hostname R2\n", 31, "t", &lenient, &c, &e), -1);
	assert_int_equal(e.line, 3);
	assert_int_equal(e.col, 3);
	assert_non_null(strstr(e.msg, "'hostname' after 'end'"));
	assert_int_equal(cfg_parse_buf("vpdn-group 1\n pptp tunnel echo 2000\n", 36, "t", &lenient, &c, &e), -1);
	/* case-insensitive keywords, as IOS */
	c = cfg_check_ok("VPDN Enable\nHostname x\n", &strict);
	assert_true(((struct vpdn_config *)cfg_block(c, &vpdn_cfg_section))->enabled);
	cfg_free(c);
}

static void test_write_round_trip(void **state)
{
	struct cfg *c, *c2;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	c = cfg_check_ok("hostname PNS\nvpdn enable\nvpdn-group 1\n accept-dialin\n  protocol pptp\n"
		     "  virtual-template 1\n local name n1\n pptp tunnel echo 10\n", &strict);
	f = open_memstream(&buf, &len);
	cfg_write(c, f);
	fclose(f);
	assert_non_null(strstr(buf, "pptp tunnel echo 10"));
	c2 = cfg_check_ok(buf, &strict);
	const struct vpdn_group *g = vpdn_pptp_group(cfg_block(c2, &vpdn_cfg_section));
	assert_int_equal(g->echo_s, 10);
	assert_string_equal(g->local_name, "n1");
	free(buf);
	cfg_free(c);
	cfg_free(c2);
}

static void test_tokenizer(void **state)
{
	char w[CFG_MAX_TOKENS][CFG_WORD_MAX];
	int cols[CFG_MAX_TOKENS], bad = 0;

	(void)state;
	assert_int_equal(cfg_tokenize("  a\tbb  ccc ", 12, w, cols, CFG_MAX_TOKENS, &bad), 3);
	assert_string_equal(w[1], "bb");
	assert_int_equal(cols[0], 3);
	assert_int_equal(cols[2], 9);
	assert_int_equal(cfg_tokenize("a b c", 5, w, cols, 2, &bad), -1);
	assert_int_equal(bad, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_feature_example),
		cmocka_unit_test(test_ranges_and_no),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_lenient_and_comments),
		cmocka_unit_test(test_write_round_trip),
		cmocka_unit_test(test_tokenizer),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
