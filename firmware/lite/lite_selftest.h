/* The iCE40 board's self-test through its crypto units (lite_selftest.c). */
#ifndef LITE_SELFTEST_H
#define LITE_SELFTEST_H

#include <stdint.h>

/* 0: passed; else a bit per failed part (lite_selftest.c) */
uint32_t lite_selftest(void);

#endif
