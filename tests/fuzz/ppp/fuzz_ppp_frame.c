/*
 * libFuzzer target: PPP frames (framing, protocol demux, the LCP/IPCP/CCP
 * option parsers and automata, MPPE headers) into sessions in each phase.
 * Input: a mode octet (which session, which phase, whether frames come as
 * from past a GRE sequence jump: ppp_input_unverified), then length-prefixed
 * frames; a frame of length 0 advances the virtual clock (timers fire).
 */
#include <stdlib.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	uint8_t mode;
	int target;

	if (size < 1)
		return 0;
	mode = data[0];
	data++, size--;
	h_server_config(&srv);
	h_client_config(&cli);
	if (mode & 4)
		srv.mppe.stateful = cli.mppe.stateful = true;
	if (mode & 8)
		srv.mppe.required = true;
	if (mode & 16)
		srv.mppe.passive = true;
	if (mode & 32)
		srv.auth[0] = PPP_AUTH_MSCHAP_V1;
	if (mode & 128)
		cli.windows_like = true;        /* the client's callback/MRRU/endpoint/NBNS paths */
	if (h_pair_init(&p, &srv, &cli, 2) < 0)
		abort();
	target = (mode >> 6) & 1;
	if (mode & 1) {
		h_pair_start(&p);               /* both up: Network phase, MPPE on */
	} else {
		ppp_session_start(p.end[target].s);
		p.link_up = false;              /* the other end stays silent */
	}
	while (size) {
		const uint8_t *f;
		size_t n = next_chunk(&data, &size, &f);

		if (n == 0) {
			h_clock_advance(&p.clock, 5000);
			h_pair_pump(&p);
			continue;
		}
		if (mode & 128)                 /* as from past a GRE sequence jump */
			ppp_input_unverified(p.end[target].s, f, n, (uint32_t)n);
		else
			ppp_input(p.end[target].s, f, n);
		if (mode & 2) {                 /* IP both ways, through the engine */
			uint8_t ip[64];

			h_make_ip(ip, sizeof(ip), (unsigned)n);
			ppp_send_ip(p.end[0].s, ip, sizeof(ip));
			ppp_send_ip(p.end[1].s, ip, sizeof(ip));
		}
		h_pair_pump(&p);
	}
	h_pair_free(&p);
	return 0;
}
