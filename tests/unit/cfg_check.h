/*
 * The configuration tests' two checks (cmocka: include after <cmocka.h>):
 * TEXT parses with options O and gives a configuration, or TEXT is refused
 * with its error at LINE:COL, the message holding NEEDLE, and gives none.
 */
#ifndef TESTS_UNIT_CFG_CHECK_H
#define TESTS_UNIT_CFG_CHECK_H

#include <stdio.h>
#include <string.h>

#include "common/config.h"

static inline struct cfg *cfg_check_ok(const char *text, const struct cfg_options *o)
{
	struct cfg *c = NULL;
	struct cfg_error e;
	int rc = cfg_parse_buf(text, strlen(text), "test", o, &c, &e);

	if (rc != 0)
		fprintf(stderr, "unexpected error %d:%d: %s\n", e.line, e.col, e.msg);
	assert_int_equal(rc, 0);
	assert_non_null(c);
	return c;
}

static inline void cfg_check_err(const char *text, const struct cfg_options *o, int line, int col,
				 const char *needle)
{
	struct cfg *c = (struct cfg *)1;
	struct cfg_error e;

	assert_int_equal(cfg_parse_buf(text, strlen(text), "test", o, &c, &e), -1);
	assert_null(c);
	if (e.line != line || e.col != col || strstr(e.msg, needle) == NULL)
		fprintf(stderr, "got %d:%d: %s (wanted %d:%d %s)\n", e.line, e.col, e.msg, line, col, needle);
	assert_int_equal(e.line, line);
	assert_int_equal(e.col, col);
	assert_non_null(strstr(e.msg, needle));
}

#endif
