/*
 * mkfwimg: wrap a raw firmware payload (objcopy -O binary) in the image
 * header of firmware/fw_image.h, the format FW_UPDATE accepts.
 *
 *   mkfwimg VERSION PAYLOAD.bin IMAGE.img     VERSION as 0xMMmmpp or MM.mm.pp
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_image.h"
#include "pns_version.h"
#include "util.h"

#define USAGE "usage: mkfwimg VERSION PAYLOAD.bin IMAGE.img   (VERSION: MM.mm.pp or 0xMMmmpp, the firmware's)\n" \
	      "       mkfwimg -h | --help | --version\n"

static int parse_version(const char *s, uint32_t *v)
{
	unsigned ma, mi, pa;
	char *end;

	if (sscanf(s, "%u.%u.%u", &ma, &mi, &pa) == 3 && ma < 65536 && mi < 256 && pa < 256) {
		*v = ma << 16 | mi << 8 | pa;
		return 0;
	}
	*v = (uint32_t)strtoul(s, &end, 0);
	return *end ? -1 : 0;
}

int main(int argc, char **argv)
{
	static uint8_t img[FW_IMAGE_HDR_SIZE + FW_IMAGE_MAX_PAYLOAD + 4];
	uint32_t version;
	size_t n;
	FILE *in, *out;

	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("mkfwimg (pptp-mppe) %s\n", PNS_VERSION);
		return 0;
	}
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("%s", USAGE);
		return 0;
	}
	if (argc != 4 || parse_version(argv[1], &version)) {
		fprintf(stderr, "%s", USAGE);
		return 2;
	}
	in = fopen(argv[2], "rb");
	if (!in) {
		perror(argv[2]);
		return 1;
	}
	n = fread(img + FW_IMAGE_HDR_SIZE, 1, FW_IMAGE_MAX_PAYLOAD + 1, in);
	fclose(in);
	n = (n + 3) & ~(size_t)3;   /* the buffer is zeroed: pad with zeros */
	if (n == 0 || n > FW_IMAGE_MAX_PAYLOAD) {
		fprintf(stderr, "mkfwimg: payload of %zu octets does not fit (max %u)\n", n,
			FW_IMAGE_MAX_PAYLOAD);
		return 1;
	}
	put_le32(img + 0, FW_IMAGE_MAGIC);
	put_le32(img + 4, FW_IMAGE_HDR_VERSION);
	put_le32(img + 8, version);
	put_le32(img + 12, (uint32_t)n);
	put_le32(img + 16, crc32(img + FW_IMAGE_HDR_SIZE, n));
	put_le32(img + 20, 0);
	put_le32(img + 24, 0);
	put_le32(img + 28, crc32(img, 28));
	out = fopen(argv[3], "wb");
	if (!out || fwrite(img, 1, FW_IMAGE_HDR_SIZE + n, out) != FW_IMAGE_HDR_SIZE + n ||
	    fclose(out)) {
		perror(argv[3]);
		return 1;
	}
	return 0;
}
