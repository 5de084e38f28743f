/*
 * libFuzzer: admin commands are outside input (the host writes them). Any
 * SQE, with any host memory behind its pointers and any engine behaviour,
 * must end in one completion with the command's CID, without a crash.
 * Input: 64 octets of SQE, 1 octet of switches, then host memory.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fake_hal.h"
#include "fw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct card_sqe s;
	struct card_cqe c;
	uint8_t sw;

	if (size < sizeof s + 1)
		return 0;
	fake_reset(8);
	memcpy(&s, data, sizeof s);
	sw = data[sizeof s];
	fake.engine_present = !(sw & 1);
	fake.rc4_wrong = sw & 2;
	fake.ctx_hang = sw & 4;
	fake.dma_fail_status = (sw & 8) ? 1 : 0;
	size -= sizeof s + 1;
	memcpy(fake.host, data + sizeof s + 1, size < FAKE_HOST_SIZE ? size : FAKE_HOST_SIZE);
	fake.ctx_hang = false;
	fw_boot();
	fake.ctx_hang = sw & 4;
	/* point the pointers into host memory half of the time */
	if (sw & 16) {
		s.src = FAKE_HOST_BASE + (s.src % FAKE_HOST_SIZE);
		s.dst = FAKE_HOST_BASE + (s.dst % FAKE_HOST_SIZE);
	}
	admin_execute(&s, &c);
	if (c.cid != s.cid || (c.status & 1))   /* phase is the host interface's */
		__builtin_trap();
	fake_reset(8);
	return 0;
}
