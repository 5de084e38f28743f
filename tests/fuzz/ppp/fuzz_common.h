/* Shared by the PPP fuzz targets: sessions brought to a phase, then fed. */
#ifndef PPP_FUZZ_COMMON_H
#define PPP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../unit/ppp/harness.h"
#include "ppp_defs.h"

/* Next chunk of the input: a length octet, then that many octets. */
static inline size_t next_chunk(const uint8_t **data, size_t *size, const uint8_t **chunk)
{
	size_t n;

	if (*size < 1)
		return 0;
	n = (*data)[0];
	if (n == 255 && *size >= 3) {       /* 255: a 2-octet length follows, for long frames */
		n = (size_t)((*data)[1] << 8 | (*data)[2]) % 2100;
		*data += 2;
		*size -= 2;
	}
	(*data)++;
	(*size)--;
	if (n > *size)
		n = *size;
	*chunk = *data;
	*data += n;
	*size -= n;
	return n;
}

#endif
