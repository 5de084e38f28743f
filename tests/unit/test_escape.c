/*
 * Control characters in names from the network (common/escape.c) and in
 * every log line (common/log.c): a PPP user name holding a newline must not
 * forge a log line, one holding ESC must not reach the reader's terminal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/escape.h"
#include "common/log.h"

static void escapes_controls(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(str_escape(out, sizeof(out), "alice"), "alice");
	assert_string_equal(str_escape(out, sizeof(out), "DOMAIN\\bob"), "DOMAIN\\bob");
	assert_string_equal(str_escape(out, sizeof(out), "a\nb\rc\x1b[2J\x7f"), "a\\x0ab\\x0dc\\x1b[2J\\x7f");
	/* C1 controls in UTF-8 (CSI U+009B) escaped; other UTF-8 kept */
	assert_string_equal(str_escape(out, sizeof(out), "\xc2\x9b" "31m Jos\xc3\xa9 \xc2\xa0"),
			    "\\xc2\\x9b31m Jos\xc3\xa9 \xc2\xa0");
}

static void truncates_whole(void **state)
{
	char out[8];

	(void)state;
	/* "ab" + "\x0a" does not fit in 8 with "cd": never half an escape */
	assert_string_equal(str_escape(out, sizeof(out), "ab\ncd"), "ab\\x0ac");
	assert_string_equal(str_escape(out, 6, "ab\ncd"), "ab");
	assert_string_equal(str_escape(out, sizeof(out), "abc\xc2\x85"), "abc");
	assert_string_equal(str_escape(out, 1, "abc"), "");
}

static char seen[1200];
static void sink(void *arg, enum log_level level, const char *line)
{
	(void)arg;
	(void)level;
	snprintf(seen, sizeof(seen), "%s", line);
}

static void log_lines_are_one_line(void **state)
{
	(void)state;
	log_stderr(false);
	assert_int_equal(log_sink_add(sink, NULL), 0);
	log_notice("Vi1: %s authenticated", "mallory\n00:00:01 notice: Vi2: admin authenticated\x1b[8m");
	assert_null(strchr(seen, '\n'));
	assert_null(strchr(seen, '\x1b'));
	assert_non_null(strstr(seen, "Vi1: mallory\\x0a00:00:01 notice: Vi2: admin authenticated\\x1b[8m"));
	log_sink_remove(sink, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_controls),
		cmocka_unit_test(truncates_whole),
		cmocka_unit_test(log_lines_are_one_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
