/*
 * libFuzzer: the configuration parser (strict and lenient) on arbitrary
 * text; a parse either fails cleanly or yields a config that writes out
 * and parses again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/config.h"
#include "common/log.h"
#include "pptp/pptp_config.h"

static void quiet(void *arg, const char *s, int l, int col, const char *m)
{
	(void)arg; (void)s; (void)l; (void)col; (void)m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct cfg *c;
	struct cfg_error e;
	struct cfg_options o = { .notice = quiet };

	if (!init) {
		cfg_core_register();
		vpdn_cfg_register();
		init = 1;
	}
	for (int pass = 0; pass < 2; pass++) {
		o.flags = pass ? CFG_LENIENT : 0;
		if (cfg_parse_buf((const char *)data, size, "fuzz", &o, &c, &e) == 0) {
			char *buf = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&buf, &len);
			struct cfg *c2;
			cfg_write(c, f);
			fclose(f);
			o.flags = 0;
			if (cfg_parse_buf(buf, len, "rewrite", &o, &c2, &e) != 0)
				__builtin_trap();
			cfg_free(c2);
			free(buf);
			cfg_free(c);
		}
	}
	return 0;
}
