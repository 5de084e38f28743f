/*
 * mppecardctl: the MPPE offload card's tool (docs/driver.md).
 *
 *   mppecardctl [--json] list [--id VVVV:DDDD]
 *   mppecardctl [--json] CARD info | selftest | stats | flow show N | firmware update FILE | reset
 *
 * CARD: a PCI address (0000:03:00.0 or vfio:0000:03:00.0) of a card bound
 * to vfio-pci, or a simulated card's socket (cardsim:PATH, or any PATH with
 * a slash). A card serves one process at a time and is reset when it
 * changes hands: use this tool on a card no pnsd holds (pnsctl show metrics
 * shows a card in use).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cardctl.h"
#include "mppe/engine.h"
#include "pns_version.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: mppecardctl [--json] list [--id VVVV:DDDD]\n"
		   "       mppecardctl [--json] CARD info|selftest|stats|reset\n"
		   "       mppecardctl [--json] CARD flow show N\n"
		   "       mppecardctl [--json] CARD firmware update FILE\n"
		   "       mppecardctl --help | --version\n"
		   "CARD: 0000:03:00.0, vfio:0000:03:00.0 (bound to vfio-pci), cardsim:PATH or PATH (simulated card)\n"
		   "  --json  machine-readable output;  -h, --help  this text;  --version  the version\n");
	return 2;
}

int main(int argc, char **argv)
{
	bool json = false;
	char spec[512];
	struct mppe_engine *e;
	int i = 1, r;

	if (i < argc && strcmp(argv[i], "--json") == 0) {
		json = true;
		i++;
	}
	if (i < argc && strcmp(argv[i], "--version") == 0) {
		printf("mppecardctl (pptp-mppe) %s\n", PNS_VERSION);
		return 0;
	}
	if (i < argc && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (i >= argc)
		return usage(stderr);
	if (strcmp(argv[i], "list") == 0)
		return cardctl_list(argc - i, argv + i, json, stdout, stderr);
	if (i + 1 >= argc)
		return usage(stderr);
	if (cardctl_check(argc - i - 1, argv + i + 1, stderr))
		return 2;
	if (strncmp(argv[i], "vfio:", 5) == 0 || strncmp(argv[i], "cardsim:", 8) == 0)
		snprintf(spec, sizeof(spec), "%s", argv[i]);
	else if (strchr(argv[i], '/'))
		snprintf(spec, sizeof(spec), "cardsim:%s", argv[i]);
	else
		snprintf(spec, sizeof(spec), "vfio:%s", argv[i]);
	e = mppe_engine_open(spec);
	if (!e) {
		fprintf(stderr, "mppecardctl: %s\n", mppe_engine_error());
		return 1;
	}
	r = cardctl_command(e, argc - i - 1, argv + i + 1, json, stdout, stderr);
	mppe_engine_close(e);
	return r;
}
