/*
 * libFuzzer: ppp_clamp_mss (host/ppp/mss.c) on arbitrary packets. Beyond
 * crashes: a packet it changes must still be the same packet but for the
 * MSS option (same length, every other octet outside the TCP checksum
 * equal) and the TCP checksum still right
 * (RFC 1624 incremental update checked against a full recomputation).
 * Input: 2 octets clamp value, then the IPv4 packet.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz_cost.h"
#include "ppp.h"

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

/* TCP checksum over the pseudo-header and segment; 0 when it verifies */
static uint16_t tcp_check(const uint8_t *pkt, size_t len, size_t ihl)
{
	size_t tl = len - ihl;
	uint32_t s = sum16(pkt + 12, 8, 0) + 6 + (uint32_t)tl;

	s = sum16(pkt + ihl, tl, s);
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

static void run(const uint8_t *data, size_t size)
{
	uint16_t clamp;
	uint8_t *pkt;
	size_t len, ihl;
	bool valid_before;

	if (size < 2)
		return;
	clamp = (uint16_t)(data[0] << 8 | data[1]);
	len = size - 2;
	pkt = malloc(len ? len : 1);
	memcpy(pkt, data + 2, len);
	ihl = len ? (size_t)(pkt[0] & 15) * 4 : 0;
	valid_before = len >= 40 && ihl >= 20 && len >= ihl + 20 && tcp_check(pkt, len, ihl) == 0;
	if (ppp_clamp_mss(pkt, len, clamp)) {
		size_t i, diff = 0;
		if (len < 40 || ihl < 20)
			abort();
		for (i = 0; i < len; i++)
			diff += pkt[i] != data[2 + i];
		if (diff == 0 || diff > 4)     /* the MSS value and the checksum only */
			abort();
		if (memcmp(pkt, data + 2, ihl) != 0)
			abort();                   /* the IP header is not touched */
		if (valid_before && tcp_check(pkt, len, ihl) != 0)
			abort();                   /* a right checksum stays right */
	}
	free(pkt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_cost_run("packets", 1, run, data, size);
	return 0;
}
