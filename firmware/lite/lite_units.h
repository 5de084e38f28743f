/*
 * The iCE40 board's crypto units (hdl/lite/, block LITE of
 * contract/mgmt_map.txt) as C calls: RC4 key schedule and keystream on one
 * of the unit's S-box slots, and SHA-1 with the compression in hardware
 * (padding and the chaining add here). The register access is the caller's:
 * lite_wr()/lite_rd() are MMIO in the firmware (lite_main.c) and the
 * Verilator harness in the unit's test bench (sim/lite/), so the bench runs
 * this very code against the software reference.
 */
#ifndef LITE_UNITS_H
#define LITE_UNITS_H

#include <stddef.h>
#include <stdint.h>

#define LU_SLOTS 4u       /* S-boxes in the RC4 unit (lite_crypto SLOT_W = 2) */
#define LU_SHA1_LEN 20u

/* offset of a LITE register from the block's base */
#define LU_OFF(reg) ((reg) - MGMT_LITE_BASE)

void lite_wr(uint32_t off, uint32_t v);
uint32_t lite_rd(uint32_t off);

/* RC4: the key schedule of key (1..16 octets) into slot; i = j = 0 */
void lu_rc4_key(unsigned slot, const uint8_t *key, unsigned len);
/* select slot with its saved i, j (lu_rc4_pos() of that slot) */
void lu_rc4_select(unsigned slot, uint32_t pos);
/* the selected slot's i, j and slot number, to save while others run */
uint32_t lu_rc4_pos(void);
/* buf ^= the selected slot's next len keystream octets */
void lu_rc4_xor(uint8_t *buf, size_t len);

struct lu_sha1 {
	uint32_t h[5];
	uint8_t buf[64];
	uint32_t n;          /* octets in buf */
	uint32_t total;      /* octets hashed (messages here are short) */
};
void lu_sha1_init(struct lu_sha1 *s);
void lu_sha1_update(struct lu_sha1 *s, const uint8_t *in, size_t len);
/* the digest; s, and the unit's registers, are wiped */
void lu_sha1_final(struct lu_sha1 *s, uint8_t out[LU_SHA1_LEN]);

void lu_wipe(void *p, size_t len);

#endif
