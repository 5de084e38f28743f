/*
 * Operating-side configuration sections:
 *
 *  "engine": `controller isa SLOT/PORT` with `encryption mppe [ENGINE]`,
 *     which selects where MPPE runs: `sw` (this process), `cardsim:SOCKET`
 *     (the simulated card) or `vfio:PCI-ADDRESS` (a real card). Without a
 *     controller block, or with a bare `encryption mppe`, the software
 *     engine is used.
 *  "ios": IOS commands this product knows but does not have (serial
 *     interfaces, line vty, ip route, ...), accepted with a one-line
 *     notice so that a real router's running configuration loads.
 */
#ifndef HOST_CLI_CONFIG_OPS_H
#define HOST_CLI_CONFIG_OPS_H

#include <stdbool.h>

#include "../common/config.h"

struct eng_config {
	bool controller;                 /* a `controller isa` block was given */
	char slot[16];                   /* "5/0" */
	bool mppe;                       /* `encryption mppe` in it */
	char spec[CFG_WORD_MAX];         /* engine spec: "sw", "cardsim:PATH", "vfio:ADDR" */
};

extern const struct cfg_section eng_cfg_section;
extern const struct cfg_section ios_cfg_section;

/* The engine spec of a configuration ("sw" when none is configured). */
const char *eng_spec(const struct eng_config *e);

#endif
