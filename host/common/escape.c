#include "escape.h"

#include <stdio.h>

static size_t put_hex(char *out, size_t at, size_t cap, unsigned char c)
{
	if (at + 4 >= cap)
		return 0;
	snprintf(out + at, 5, "\\x%02x", c);
	return 4;
}

char *str_escape(char *out, size_t cap, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t at = 0, k;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			if (!(k = put_hex(out, at, cap, *p)))
				break;
			at += k;
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			if (at + 8 >= cap)
				break;
			at += put_hex(out, at, cap, p[0]);
			at += put_hex(out, at, cap, p[1]);
			p++;
		} else {
			if (at + 1 >= cap)
				break;
			out[at++] = (char)*p;
		}
	}
	out[at] = 0;
	return out;
}
