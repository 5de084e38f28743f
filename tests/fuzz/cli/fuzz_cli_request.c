/*
 * libFuzzer: control-socket requests. Every input is parsed as a request
 * line; what parses is executed against a small fixed daemon state (the
 * feature document's example session), so the show formatters, clear and
 * debug paths run on every accepted request too. Nothing may crash, and a
 * parse failure must leave an error message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_cmd.h"
#include "cli/cli_http.h"
#include "cli/cli_server.h"
#include "common/log.h"
#include "../../unit/cli/table_query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table_query t;
	struct cli_request r;
	char err[200];
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	log_stderr(false);
	/* the same bytes as an HTTP request line for the metrics endpoint */
	int st = cli_http_status((const char *)data, size);
	if (st != 200 && st != 400 && st != 404 && st != 405)
		__builtin_trap();
	err[0] = '\0';
	if (cli_parse((const char *)data, size, &r, err, sizeof(err)) < 0) {
		if (err[0] != '%')
			__builtin_trap();
		return 0;
	}
	if (r.id == CLI_SHOW_RUNNING || r.id == CLI_CONFIGURE_RELOAD)
		return 0;
	table_query_init(&t);
	table_query_feature_example(&t);
	f = open_memstream(&buf, &len);
	cli_execute(&t.q, &r, f);
	fclose(f);
	free(buf);
	log_debug_mask = 0;
	return 0;
}
