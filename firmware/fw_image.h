/*
 * Firmware image format (docs/firmware.md): a 32-octet header, then the
 * payload, which is copied to instruction RAM at 0 and run from there.
 * All fields little-endian. Built by firmware/tools/mkfwimg.c, checked by
 * the firmware before it accepts an update (fwupdate.c).
 */
#ifndef FW_IMAGE_H
#define FW_IMAGE_H

#include <stdint.h>

#include "mgmt_map.h"   /* contract/: the image is staged in STAGE */

#define FW_IMAGE_MAGIC       0x57464d50u   /* "PMFW" */
#define FW_IMAGE_HDR_VERSION 1u
#define FW_IMAGE_HDR_SIZE    32u
#define FW_IMAGE_MAX_PAYLOAD (MGMT_STAGE_SIZE - FW_IMAGE_HDR_SIZE)

struct fw_image_hdr {
	uint32_t magic;        /* FW_IMAGE_MAGIC */
	uint32_t hdr_version;  /* FW_IMAGE_HDR_VERSION */
	uint32_t fw_version;   /* major << 16 | minor << 8 | patch */
	uint32_t payload_len;  /* octets, a multiple of 4, 4..FW_IMAGE_MAX_PAYLOAD */
	uint32_t payload_crc;  /* CRC-32 (IEEE) of the payload */
	uint32_t load_addr;    /* 0: instruction RAM */
	uint32_t reserved;     /* 0 */
	uint32_t hdr_crc;      /* CRC-32 of the 28 octets before it */
};

/* Why an image was refused (FW_UPDATE RESULT, log code 0x0031) */
enum fw_image_reason {
	FW_REFUSED_HEADER = 0,   /* magic, version, load address, reserved or header CRC */
	FW_REFUSED_LENGTH = 1,   /* payload length bad or not what IN_LEN says */
	FW_REFUSED_CRC = 2,      /* payload CRC-32 mismatch */
	FW_REFUSED_TRANSFER = 3, /* the image could not be read from the host */
};

#endif
