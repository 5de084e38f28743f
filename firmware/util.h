/* Small freestanding helpers shared by the firmware (and its host tests). */
#ifndef FW_UTIL_H
#define FW_UTIL_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void store_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void store_le64(uint8_t *p, uint64_t v)
{
	store_le32(p, (uint32_t)v);
	store_le32(p + 4, (uint32_t)(v >> 32));
}

/* Zeroes key material in a way the compiler may not drop. */
void fw_wipe(void *p, size_t n);
/* Byte copy/fill/compare that work on any memory, MMIO-backed RAMs included. */
void fw_copy(void *dst, const void *src, size_t n);
void fw_fill(void *dst, uint8_t v, size_t n);
int fw_equal(const void *a, const void *b, size_t n);

/* CRC-32 (IEEE 802.3 / zlib polynomial, reflected 0xEDB88320). */
uint32_t crc32_update(uint32_t crc, const uint8_t *p, size_t n);
uint32_t crc32(const uint8_t *p, size_t n);

#endif
