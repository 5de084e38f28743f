/*
 * Names that come from the network (PPP user names, the host name in a
 * peer's SCCRQ) end up in log lines and on an operator's terminal. A name
 * holding a newline forges log lines; one holding ESC drives the terminal
 * of whoever reads `show vpdn` or the log. Every control character is
 * therefore written as \xNN wherever such text is shown: C0 (0x00-0x1f),
 * DEL (0x7f) and the C1 controls U+0080-U+009F in their UTF-8 form (C2 80 -
 * C2 9F: some terminals act on them). Other UTF-8 text passes unchanged.
 */
#ifndef HOST_COMMON_ESCAPE_H
#define HOST_COMMON_ESCAPE_H

#include <stddef.h>

/* Longest output for an input of n bytes (every byte escaped), with the NUL. */
#define ESCAPED_SIZE(n) (4 * (n) + 1)

/* Writes s escaped into out (cap > 0 bytes, always NUL-terminated; an
 * escape sequence is never cut in half). Returns out. */
char *str_escape(char *out, size_t cap, const char *s);

#endif
