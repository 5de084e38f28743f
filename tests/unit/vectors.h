/*
 * Test-vector files (the files in tests/vectors/, copied from the RFCs): lines of
 * "name = lowercase hex". A test fetches every value it checks and ends with
 * vec_assert_all_used(), so that a vector nobody checks is itself a failure
 * and changing any value in a file breaks a test.
 */
#ifndef TEST_VECTORS_H
#define TEST_VECTORS_H

#include <stddef.h>
#include <stdint.h>

struct vecfile;

struct vecfile *vec_load(const char *name);          /* file under tests/vectors/ */
void vec_free(struct vecfile *v);
/* Fails the test if the name is missing. *len receives the octet count. */
const uint8_t *vec_get(struct vecfile *v, const char *name, size_t *len);
/* Same, and fails unless the value has exactly `len` octets. */
const uint8_t *vec_get_n(struct vecfile *v, const char *name, size_t len);
/* A decimal value (e.g. SHA-1 repeat counts). */
unsigned long vec_get_dec(struct vecfile *v, const char *name);
int vec_has(struct vecfile *v, const char *name);
/* Calls fn for each entry whose name starts with prefix and ends with suffix. */
void vec_each(struct vecfile *v, const char *prefix, const char *suffix,
	      void (*fn)(struct vecfile *v, const char *name, void *arg), void *arg);
void vec_assert_all_used(struct vecfile *v);
/* For group teardowns: prints and counts the vectors never checked. */
int vec_report_unused(struct vecfile *v);
/* A value as a NUL-terminated string (for ASCII names/passwords). */
const char *vec_get_str(struct vecfile *v, const char *name);

#endif
