#include "nd.h"

#include <string.h>

#include "common/bytes.h"

#define ICMP6 58
#define ND_RS 133
#define ND_RA 134
#define OPT_SLLA 1
#define OPT_PREFIX 3
#define OPT_MTU 5

size_t nd_ip6_len(const uint8_t *pkt, size_t len)
{
	size_t plen;

	if (len < ND_IP6_HDR || (pkt[0] >> 4) != 6)
		return 0;
	plen = (size_t)pkt[4] << 8 | pkt[5];
	/* a jumbogram (length 0, RFC 2675) cannot fit a PPP frame */
	if (plen == 0 || ND_IP6_HDR + plen > len)
		return 0;
	return ND_IP6_HDR + plen;
}

uint16_t nd_icmp6_csum(const uint8_t *pkt, size_t len)
{
	uint32_t sum = 0;
	size_t ulen = len - ND_IP6_HDR, i;

	for (i = 8; i < 40; i += 2)        /* source and destination */
		sum += (uint32_t)pkt[i] << 8 | pkt[i + 1];
	sum += (uint32_t)(ulen >> 16) + (uint32_t)(ulen & 0xFFFF) + ICMP6;
	for (i = ND_IP6_HDR; i + 1 < len; i += 2)
		sum += (uint32_t)pkt[i] << 8 | pkt[i + 1];
	if (i < len)
		sum += (uint32_t)pkt[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

static bool unspecified(const uint8_t *a)
{
	static const uint8_t zero[16];

	return memcmp(a, zero, 16) == 0;
}

bool nd_is_rs(const uint8_t *pkt, size_t len)
{
	const uint8_t *icmp = pkt + ND_IP6_HDR;
	size_t i;

	if (!(len = nd_ip6_len(pkt, len)) || pkt[6] != ICMP6 || pkt[7] != 255)
		return false;
	if (len < ND_IP6_HDR + 8 || icmp[0] != ND_RS || icmp[1] != 0 || nd_icmp6_csum(pkt, len) != 0)
		return false;
	for (i = ND_IP6_HDR + 8; i < len;) {
		/* RFC 4861 4.6: lengths in units of 8 octets; 0 is invalid */
		if (len - i < 2 || pkt[i + 1] == 0 || (size_t)pkt[i + 1] * 8 > len - i)
			return false;
		if (pkt[i] == OPT_SLLA && unspecified(pkt + 8))
			return false;
		i += (size_t)pkt[i + 1] * 8;
	}
	return true;
}

size_t nd_build_ra(uint8_t *out, size_t cap, const uint8_t local_iid[8], const uint8_t dst[16],
		   const uint8_t prefix[8], uint32_t mtu, uint16_t router_lifetime_s)
{
	size_t len = mtu ? ND_RA_LEN : ND_RA_LEN - 8;
	uint8_t *ra = out + ND_IP6_HDR, *o;
	uint16_t sum;

	if (cap < len)
		return 0;
	memset(out, 0, len);
	out[0] = 0x60;
	put16(out + 4, (uint16_t)(len - ND_IP6_HDR));
	out[6] = ICMP6;
	out[7] = 255;                     /* RFC 4861 6.1.2: receivers drop anything else */
	out[8] = 0xfe;                    /* source: our link-local (RFC 5072 5) */
	out[9] = 0x80;
	memcpy(out + 16, local_iid, 8);
	memcpy(out + 24, dst, 16);
	ra[0] = ND_RA;
	ra[4] = 64;                       /* Cur Hop Limit */
	put16(ra + 6, router_lifetime_s); /* M = O = 0: SLAAC, no DHCPv6 */
	/* Reachable Time, Retrans Timer: 0 (unspecified) */
	o = ra + 16;
	o[0] = OPT_PREFIX;
	o[1] = 4;
	o[2] = 64;
	o[3] = 0xC0;                      /* L (on-link), A (autonomous: SLAAC) */
	put32(o + 4, ND_VALID_LIFETIME_S);
	put32(o + 8, ND_PREFERRED_LIFETIME_S);
	memcpy(o + 16, prefix, 8);        /* the rest of the 16 octets stays zero */
	if (mtu) {
		o += 32;
		o[0] = OPT_MTU;
		o[1] = 1;
		put32(o + 4, mtu);
	}
	sum = nd_icmp6_csum(out, len);
	put16(ra + 2, sum);
	return len;
}
