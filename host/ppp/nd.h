/*
 * IPv6 on a PPP link, the router's side (RFC 5072 5, RFC 4861): the checks
 * every IPv6 packet from a peer passes, Router Solicitations, and the
 * Router Advertisement that gives the peer its /64 for SLAAC. Pure
 * functions on byte buffers (no session state), so that each is unit
 * tested and fuzzed alone (tests/unit/ppp/test_nd.c, tests/fuzz/ppp/fuzz_nd.c).
 */
#ifndef PPP_ND_H
#define PPP_ND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ND_IP6_HDR 40
#define ND_RA_LEN (ND_IP6_HDR + 16 + 32 + 8)   /* header, RA, Prefix Information, MTU */

/* RFC 4861 6.2.1 defaults, and 10.: a router's timing constants */
#define ND_MAX_RTR_ADV_S        600
#define ND_MIN_RTR_ADV_S        198   /* 0.33 * MaxRtrAdvInterval */
#define ND_ROUTER_LIFETIME_S    1800  /* 3 * MaxRtrAdvInterval */
#define ND_VALID_LIFETIME_S     2592000
#define ND_PREFERRED_LIFETIME_S 604800
#define ND_MAX_INITIAL_RAS      3
#define ND_MAX_INITIAL_RA_S     16
#define ND_MIN_DELAY_BETWEEN_RAS_MS 3000

/* The IPv6 packet's real length: its header is whole, the version is 6
 * and the payload length fits in len (a PPP frame may carry padding).
 * 0: not a valid IPv6 packet. */
size_t nd_ip6_len(const uint8_t *pkt, size_t len);

/* ICMPv6 checksum over the pseudo-header (RFC 8200 8.1) of a packet whose
 * header nd_ip6_len accepted and whose next header is ICMPv6 (58). */
uint16_t nd_icmp6_csum(const uint8_t *pkt, size_t len);

/* A valid Router Solicitation (RFC 4861 6.1.1): ICMPv6 type 133 code 0
 * directly after the header, hop limit 255, checksum right, ICMP length
 * >= 8, every option of non-zero length and inside the packet, no
 * Source Link-Layer Address option when the source is unspecified. The
 * options are walked once (bounded by len). */
bool nd_is_rs(const uint8_t *pkt, size_t len);

/* Builds a Router Advertisement from fe80::local_iid to dst (16 octets,
 * e.g. ff02::1) with the /64 prefix (its first 8 octets) as a Prefix
 * Information option with the L and A flags (SLAAC, RFC 4862 5.5.3) and
 * an MTU option (mtu 0: none). Returns its length (ND_RA_LEN or 8 less
 * without MTU), or 0 when cap is too small. */
size_t nd_build_ra(uint8_t *out, size_t cap, const uint8_t local_iid[8], const uint8_t dst[16],
		   const uint8_t prefix[8], uint32_t mtu, uint16_t router_lifetime_s);

#endif
