/*
 * TCP MSS clamping for SYNs crossing the tunnel (what npppd's and
 * RouterOS's "change-mss" do): a host behind the tunnel would otherwise
 * announce an MSS for its Ethernet MTU and stall on path-MTU black holes.
 * The checksum is fixed incrementally (RFC 1624).
 */
#include "ppp.h"

static uint16_t csum_replace(uint16_t sum, uint16_t old, uint16_t new)
{
	/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') */
	uint32_t s = (uint16_t)~sum + (uint32_t)(uint16_t)~old + new;

	s = (s & 0xFFFF) + (s >> 16);
	s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

/* The TCP header at th (thl_max octets of packet after it): clamps its MSS
 * option. The checksum covers the option whatever the IP version, so the
 * incremental fix is the same for both. */
static bool clamp_tcp(uint8_t *th, size_t avail, uint16_t mss)
{
	size_t thl, i;

	if (avail < 20 || !(th[13] & 0x02))     /* SYN */
		return false;
	thl = (size_t)(th[12] >> 4) * 4;
	if (thl < 20 || thl > avail)
		return false;
	for (i = 20; i < thl;) {
		uint8_t kind = th[i];

		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 1 >= thl || th[i + 1] < 2 || i + th[i + 1] > thl)
			break;
		if (kind == 2 && th[i + 1] == 4) {
			uint16_t old = (uint16_t)(th[i + 2] << 8 | th[i + 3]);
			uint16_t sum;

			if (old <= mss)
				return false;
			th[i + 2] = (uint8_t)(mss >> 8);
			th[i + 3] = (uint8_t)mss;
			sum = (uint16_t)(th[16] << 8 | th[17]);
			/* The checksum sums 16-bit words from the header's start; after
			 * an odd number of NOPs the value straddles two words, where
			 * the sum sees its octets swapped (RFC 1071 2(B): the sum is
			 * byte-order independent, so swapping both values works). */
			if ((i + 2) & 1)
				sum = csum_replace(sum, (uint16_t)(old << 8 | old >> 8),
						   (uint16_t)(mss << 8 | mss >> 8));
			else
				sum = csum_replace(sum, old, mss);
			th[16] = (uint8_t)(sum >> 8);
			th[17] = (uint8_t)sum;
			return true;
		}
		i += th[i + 1];
	}
	return false;
}

bool ppp_clamp_mss(uint8_t *pkt, size_t len, uint16_t mss)
{
	size_t ihl;

	if (len < 20 || (pkt[0] >> 4) != 4 || pkt[9] != 6)
		return false;
	ihl = (size_t)(pkt[0] & 15) * 4;
	/* only unfragmented (or first-fragment) TCP with a full header */
	if (ihl < 20 || len < ihl + 20 || ((pkt[6] & 0x1F) | pkt[7]))
		return false;
	return clamp_tcp(pkt + ihl, len - ihl, mss);
}

bool ppp_clamp_mss6(uint8_t *pkt, size_t len, uint16_t mss)
{
	if (len < 40 + 20 || (pkt[0] >> 4) != 6 || pkt[6] != 6)
		return false;
	return clamp_tcp(pkt + 40, len - 40, mss);
}
