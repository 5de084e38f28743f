/* The firmware's freestanding libc (firmware/libc_min.c): what firmware/lite/ uses. */
#ifndef LITE_LIBC_H
#define LITE_LIBC_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
