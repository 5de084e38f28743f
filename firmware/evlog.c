/* The event log: 64 entries in the LOG RAM, entry seq at slot seq % 64. */
#include "fw.h"
#include "hal.h"
#include "util.h"

void evlog_add(uint16_t code, uint32_t arg)
{
	uint32_t seq = hal_log_next();
	uint32_t e[4] = { seq, hal_now(), code, arg };

	hal_log_write(seq % HAL_LOG_ENTRIES, e);
	hal_log_set_next(seq + 1);
}

uint32_t evlog_read(uint32_t first, uint8_t *out, uint32_t cap)
{
	uint32_t next = hal_log_next();
	uint32_t oldest = next > HAL_LOG_ENTRIES ? next - HAL_LOG_ENTRIES : 0;
	uint32_t n = 0;

	if (first < oldest)
		first = oldest;
	for (uint32_t seq = first; seq < next && n + 16 <= cap; seq++) {
		uint32_t e[4];

		hal_log_read(seq % HAL_LOG_ENTRIES, e);
		put_le32(out + n, e[0]);
		put_le32(out + n + 4, e[1]);
		put_le32(out + n + 8, e[2] & 0xffffu);   /* CODE, RSVD = 0 */
		put_le32(out + n + 12, e[3]);
		n += 16;
	}
	return n;
}
