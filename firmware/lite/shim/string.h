/* <string.h> for driver code built into the iCE40 firmware (no hosted libc):
 * the firmware's own (firmware/libc_min.c). */
#ifndef LITE_SHIM_STRING_H
#define LITE_SHIM_STRING_H

#include "lite_libc.h"

#endif
