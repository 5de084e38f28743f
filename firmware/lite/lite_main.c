/*
 * Entry point of the iCE40 board's firmware (hdl/boards/icebreaker: the
 * management core and the crypto units of hdl/lite/, no packet engine, no
 * host). At power-on it runs the self-test (lite_selftest.c) through the
 * units, shows the result on the LEDs (CARD_STATUS) and prints one line on
 * the UART:
 *   mppe-card icebreaker: self-test passed (N clocks)
 *   mppe-card icebreaker: self-test FAILED 0x.. (N clocks)
 * then idles.
 */
#include "fw.h"
#include "hal.h"
#include "lite_selftest.h"
#include "lite_units.h"
#include "mgmt_map.h"

int main(void);
void fw_trap(uint32_t mcause, uint32_t mepc);

void lite_wr(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(MGMT_LITE_BASE + off) = v;
}

uint32_t lite_rd(uint32_t off)
{
	return *(volatile uint32_t *)(MGMT_LITE_BASE + off);
}

static void put_str(const char *s)
{
	while (*s)
		hal_uart_putc(*s++);
}

static void put_dec(uint32_t v)
{
	char buf[10];
	unsigned n = 0;

	do {
		buf[n++] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v);
	while (n)
		hal_uart_putc(buf[--n]);
}

/* An unexpected trap (start.S): say so on the UART, FATAL, stop. */
void fw_trap(uint32_t mcause, uint32_t mepc)
{
	hal_set_card_status(CARD_IDENT_CARD_STATE_FATAL_MASK);
	put_str("mppe-card icebreaker: trap ");
	put_dec(mcause);
	put_str(" at ");
	put_dec(mepc);
	put_str("\r\n");
	for (;;)
		hal_wdog_kick();
}

int main(void)
{
	static const char digits[] = "0123456789abcdef";
	uint32_t t0, failed, clocks;

	hal_wdog_kick();
	hal_set_card_status(0);
	hal_set_fw_version(FW_VERSION);
	t0 = hal_now();
	failed = lite_selftest();
	clocks = hal_now() - t0;
	hal_set_card_status(failed ? CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK : CARD_IDENT_CARD_STATE_READY_MASK);

	put_str("mppe-card icebreaker: self-test ");
	if (failed) {
		put_str("FAILED 0x");
		hal_uart_putc(digits[(failed >> 4) & 0xfu]);
		hal_uart_putc(digits[failed & 0xfu]);
	} else {
		put_str("passed");
	}
	put_str(" (");
	put_dec(clocks);
	put_str(" clocks)\r\n");
	for (;;)
		hal_wdog_kick();
}
