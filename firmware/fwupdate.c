/* Firmware image verification (format: fw_image.h, docs/firmware.md). */
#include "fw.h"
#include "fw_image.h"
#include "util.h"

int fwimg_check(const uint8_t *img, uint32_t len, uint32_t *version, uint32_t *reason)
{
	uint32_t magic, hdr_version, fw_version, payload_len, payload_crc, load_addr, rsvd, hdr_crc;

	if (len < FW_IMAGE_HDR_SIZE) {
		*reason = FW_REFUSED_LENGTH;
		return -1;
	}
	magic = get_le32(img + 0);
	hdr_version = get_le32(img + 4);
	fw_version = get_le32(img + 8);
	payload_len = get_le32(img + 12);
	payload_crc = get_le32(img + 16);
	load_addr = get_le32(img + 20);
	rsvd = get_le32(img + 24);
	hdr_crc = get_le32(img + 28);
	if (magic != FW_IMAGE_MAGIC || hdr_version != FW_IMAGE_HDR_VERSION || load_addr != 0 ||
	    rsvd != 0 || crc32(img, 28) != hdr_crc) {
		*reason = FW_REFUSED_HEADER;
		return -1;
	}
	if (payload_len == 0 || payload_len % 4 != 0 || payload_len > FW_IMAGE_MAX_PAYLOAD ||
	    payload_len != len - FW_IMAGE_HDR_SIZE) {
		*reason = FW_REFUSED_LENGTH;
		return -1;
	}
	if (crc32(img + FW_IMAGE_HDR_SIZE, payload_len) != payload_crc) {
		*reason = FW_REFUSED_CRC;
		return -1;
	}
	*version = fw_version;
	return 0;
}
