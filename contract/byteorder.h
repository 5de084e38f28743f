/* Little-endian loads and stores for the hardware/software contract: the
 * card's memory formats (SQE, CQE, admin results: contract/card_if.txt says
 * "little-endian"), PCI configuration space and the firmware image. One copy
 * for the firmware (freestanding RV32I), the driver, cardsim and the tools,
 * written byte by byte so that it is right on a big-endian host and on
 * unaligned pointers alike (GCC and Clang turn each into one load/store
 * where that is allowed). Network-order (big-endian) helpers of the PPP/PPTP
 * code are not here: that is host/'s wire format, not the card's. */
#ifndef CONTRACT_BYTEORDER_H
#define CONTRACT_BYTEORDER_H

#include <stdint.h>

static inline uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

#endif
