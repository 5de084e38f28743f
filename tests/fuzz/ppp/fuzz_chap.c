/*
 * libFuzzer target: CHAP (MD5, MS-CHAPv1, MS-CHAPv2) and PAP messages into
 * an authenticator and into a peer, each waiting in the Authenticate phase.
 * Input: a mode octet (method, side, whether to use the expected
 * identifier), then length-prefixed messages (code, id, length, body).
 */
#include <stdlib.h>

#include "fuzz_common.h"
#include "ppp_local.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum ppp_auth_method methods[4] = { PPP_AUTH_MSCHAP_V2, PPP_AUTH_MSCHAP_V1,
						 PPP_AUTH_CHAP_MD5, PPP_AUTH_PAP };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ppp_config srv, cli;
	struct h_pair p;
	uint8_t mode;
	enum ppp_auth_method m;
	int side;

	if (size < 1)
		return 0;
	mode = data[0];
	data++, size--;
	m = methods[mode & 3];
	side = (mode >> 2) & 1;
	h_server_config(&srv);
	h_client_config(&cli);
	srv.auth[0] = cli.auth[0] = m;
	srv.n_auth = cli.n_auth = 1;
	if (h_pair_init(&p, &srv, &cli, 2) < 0)
		abort();
	/* Both LCPs open, then cut the link: each end waits in Authenticate. */
	p.link_up = true;
	ppp_session_start(p.end[0].s);
	ppp_session_start(p.end[1].s);
	{
		/* deliver LCP only */
		bool busy = true;

		while (busy) {
			busy = false;
			for (int i = 0; i < 2; i++) {
				struct h_end *e = &p.end[i];

				while (e->qh != e->qt) {
					struct h_frame f = e->q[e->qh++ % H_QUEUE];
					uint16_t proto;
					const uint8_t *info;
					size_t len;

					if (h_frame_parse(&f, &proto, &info, &len) && proto == PPP_LCP) {
						ppp_input(e->s, f.data, f.len);
						busy = true;
					}
				}
			}
		}
	}
	p.link_up = false;
	while (size) {
		const uint8_t *c;
		size_t n = next_chunk(&data, &size, &c);
		uint8_t f[PPP_MAX_FRAME + 8];
		struct ppp_session *s = p.end[side].s;

		if (n == 0) {
			h_clock_advance(&p.clock, 5000);
			continue;
		}
		if (n > PPP_MAX_FRAME)
			n = PPP_MAX_FRAME;
		put16(f, m == PPP_AUTH_PAP ? PPP_PAP : PPP_CHAP);
		memcpy(f + 2, c, n);
		if ((mode & 8) && n >= 2)       /* reach past the identifier check */
			f[3] = side ? s->auth.resp_id : s->auth.id;
		if ((mode & 16) && n >= 4)      /* and past the length check */
			put16(f + 4, (uint16_t)n);
		ppp_input(s, f, n + 2);
		ppp_datapath_dispatch(p.dp, 64);
	}
	h_pair_free(&p);
	return 0;
}
