/*
 * libFuzzer target: IPV6CP (RFC 5072) packets and IPv6 frames into a server
 * session whose IPV6CP is Opened (or, mode bit 1, still negotiating: the
 * client end stays silent), under the CPU budget of fuzz_cost.h per packet.
 * Input: a mode octet, then length-prefixed packets (fuzz_common.h); each
 * goes in as IPV6CP (code, id, length, options) or, mode bit 2 and an odd
 * first octet, as an IPv6 frame; a packet of length 0 advances the clock.
 */
#include <stdlib.h>

#include "../fuzz_cost.h"
#include "fuzz_common.h"
#include "ppp_local.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct h_pair P;
static uint8_t mode;

static void run(const uint8_t *data, size_t size)
{
	while (size) {
		const uint8_t *c;
		size_t n = next_chunk(&data, &size, &c);
		uint8_t f[PPP_MAX_FRAME + 8];

		if (n == 0) {
			h_clock_advance(&P.clock, 3000);
			h_pair_pump(&P);
			continue;
		}
		if (n > PPP_MAX_FRAME)
			n = PPP_MAX_FRAME;
		put16(f, (mode & 4) && (c[0] & 1) ? PPP_IPV6 : PPP_IPV6CP);
		memcpy(f + 2, c, n);
		ppp_input(P.end[0].s, f, n + 2);
		h_pair_pump(&P);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ppp_config srv, cli;
	uint64_t packets = 1;

	if (size < 1)
		return 0;
	mode = data[0];
	data++, size--;
	{
		const uint8_t *d = data, *c;
		size_t left = size;

		while (left) {              /* the units of work: one per packet */
			next_chunk(&d, &left, &c);
			packets++;
		}
	}
	h_server_config(&srv);
	h_client_config(&cli);
	srv.ipv6 = cli.ipv6 = true;
	/* no authentication, no MPPE: the set-up per input stays cheap */
	srv.n_auth = 0;
	srv.mppe.strength = cli.mppe.strength = PPP_MPPE_NONE;
	if (h_pair_init(&P, &srv, &cli, 2) < 0)
		abort();
	h_pair_start(&P);
	h_pair_run(&P, 10000);
	if (strcmp(ppp_session_ipv6cp_state(P.end[0].s), "Opened") != 0)
		abort();                        /* the set-up is broken, not the input */
	if (mode & 2)
		P.link_up = false;              /* the client no longer answers */
	fuzz_cost_run("packets", packets, run, data, size);
	h_pair_free(&P);
	return 0;
}
