/*
 * libFuzzer: the IPv6 parsers of host/ppp (nd.c, mss.c) on arbitrary
 * packets. Beyond crashes: nd_ip6_len never claims more than it was given;
 * a packet nd_is_rs accepts has a valid ICMPv6 checksum; an RA built from
 * the input's octets parses back as a whole IPv6 packet with a valid
 * checksum and is never taken for a Router Solicitation; ppp_clamp_mss6
 * changes at most the MSS and checksum octets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nd.h"
#include "ppp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t ra[ND_RA_LEN], *pkt;
	size_t n;

	if (size > 4096)
		return 0;
	n = nd_ip6_len(data, size);
	if (n > size || (n && n < ND_IP6_HDR))
		abort();
	if (nd_is_rs(data, size) && nd_icmp6_csum(data, n) != 0)
		abort();
	if (size >= 32) {
		uint32_t mtu = (uint32_t)data[0] << 8 | data[1];

		n = nd_build_ra(ra, sizeof(ra), data, data + 8, data + 24, mtu, (uint16_t)(data[2] << 8 | data[3]));
		if (n != (mtu ? ND_RA_LEN : ND_RA_LEN - 8) || nd_ip6_len(ra, n) != n || nd_icmp6_csum(ra, n) != 0 || nd_is_rs(ra, n))
			abort();
	}
	if (size >= 2 && (pkt = malloc(size - 2 ? size - 2 : 1))) {
		memcpy(pkt, data + 2, size - 2);
		if (ppp_clamp_mss6(pkt, size - 2, (uint16_t)(data[0] << 8 | data[1]))) {
			for (size_t i = 0; i < size - 2; i++)
				if (pkt[i] != data[2 + i] && i != 56 && i != 57 && (i < 60 || i >= 40 + (size_t)(pkt[52] >> 4) * 4))
					abort();
		}
		free(pkt);
	}
	return 0;
}
