/*
 * libFuzzer: the PPTP control-message framer and decoder on arbitrary
 * bytes, as a TCP stream would deliver them; every decoded message must
 * re-encode to the same length.
 */
#include <stdint.h>
#include <string.h>

#include "pptp/pptp_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0, len;
	struct pptp_msg m;
	uint8_t out[PPTP_MSG_MAX_LEN];
	char desc[512];

	while (off < size && pptp_msg_frame(data + off, size - off, &len) == PPTP_MSG_OK) {
		if (pptp_msg_decode(data + off, len, &m) == PPTP_MSG_OK) {
			size_t n = pptp_msg_encode(&m, out, sizeof(out));
			if (n != len)
				__builtin_trap();
			pptp_msg_describe(&m, 1, desc, sizeof(desc));
		}
		off += len;
	}
	return 0;
}
