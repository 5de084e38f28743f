/*
 * libFuzzer: the configuration parser with every section pnsd registers
 * (core, vpdn, access, engine, ios). A parse either fails cleanly or yields
 * a configuration whose written form (show running-config) parses again,
 * strictly, and writes out identically.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/config.h"
#include "pnsd/pnsd_config.h"

static void quiet(void *arg, const char *s, int l, int col, const char *m)
{
	(void)arg; (void)s; (void)l; (void)col; (void)m;
}

static char *write_cfg(const struct cfg *c, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	cfg_write(c, f);
	fclose(f);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct cfg *c, *c2;
	struct cfg_error e;
	struct cfg_options o = { .notice = quiet };

	if (!init) {
		pnsd_cfg_register_all();
		init = 1;
	}
	if (cfg_parse_buf((const char *)data, size, "fuzz", &o, &c, &e) != 0)
		return 0;
	size_t l1, l2;
	char *b1 = write_cfg(c, &l1);
	if (cfg_parse_buf(b1, l1, "rewrite", &o, &c2, &e) != 0)
		__builtin_trap();
	char *b2 = write_cfg(c2, &l2);
	if (l1 != l2 || memcmp(b1, b2, l1) != 0)
		__builtin_trap();
	free(b1);
	free(b2);
	cfg_free(c);
	cfg_free(c2);
	return 0;
}
