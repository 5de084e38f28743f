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

bool ppp_clamp_mss(uint8_t *pkt, size_t len, uint16_t mss)
{
	size_t ihl, thl, i;

	if (len < 20 || (pkt[0] >> 4) != 4 || pkt[9] != 6)
		return false;
	ihl = (size_t)(pkt[0] & 15) * 4;
	/* only unfragmented (or first-fragment) TCP with a full header */
	if (ihl < 20 || len < ihl + 20 || ((pkt[6] & 0x1F) | pkt[7]))
		return false;
	if (!(pkt[ihl + 13] & 0x02))     /* SYN */
		return false;
	thl = (size_t)(pkt[ihl + 12] >> 4) * 4;
	if (thl < 20 || ihl + thl > len)
		return false;
	for (i = ihl + 20; i < ihl + thl;) {
		uint8_t kind = pkt[i];

		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 1 >= ihl + thl || pkt[i + 1] < 2 || i + pkt[i + 1] > ihl + thl)
			break;
		if (kind == 2 && pkt[i + 1] == 4) {
			uint16_t old = (uint16_t)(pkt[i + 2] << 8 | pkt[i + 3]);
			uint16_t sum;

			if (old <= mss)
				return false;
			pkt[i + 2] = (uint8_t)(mss >> 8);
			pkt[i + 3] = (uint8_t)mss;
			sum = (uint16_t)(pkt[ihl + 16] << 8 | pkt[ihl + 17]);
			sum = csum_replace(sum, old, mss);
			pkt[ihl + 16] = (uint8_t)(sum >> 8);
			pkt[ihl + 17] = (uint8_t)sum;
			return true;
		}
		i += pkt[i + 1];
	}
	return false;
}
