/*
 * The GRE admission tests' session and gate (test_gre_admit,
 * test_gre_share_admit): a session that counts what it is delivered and
 * whether each datagram's sequence number follows the last, and a gate
 * that lets `budget` batches through (< 0: any).
 */
#ifndef TEST_GRE_ADMIT_FIXTURE_H
#define TEST_GRE_ADMIT_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "pptp/gre.h"

static struct gre_session sess;
static unsigned got;
static uint32_t last_seq;
static bool in_order = true;
static int budget;                       /* batches the gate lets through; < 0: any */

static void deliver(struct gre_session *s, const uint8_t *f, size_t len)
{
	uint32_t seq;

	(void)s;
	assert_int_equal(len, 4);
	memcpy(&seq, f, 4);
	if (seq != last_seq + 1)
		in_order = false;
	last_seq = seq;
	got++;
}

static const struct gre_session_ops ops = { .deliver = deliver };

static bool admit(void *arg)
{
	assert_ptr_equal(arg, &sess);
	if (budget < 0)
		return true;
	if (budget == 0)
		return false;
	budget--;
	return true;
}

#endif
