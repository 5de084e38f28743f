/* Small freestanding helpers shared by the firmware (and its host tests). */
#ifndef FW_UTIL_H
#define FW_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "byteorder.h"   /* contract/: get_le32, put_le32, ... */

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
