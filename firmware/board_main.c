/*
 * Entry point of the firmware for a board without a host (the iCEBreaker,
 * hdl/boards/icebreaker): the card's power-on self-test (selftest.c, through
 * the same HAL and the real engine), its result on the UART and the LEDs
 * (CARD_STATUS drives them), then idle. No mailbox: nobody would ask.
 * Prints one line:
 *   mppe-card icebreaker: self-test passed (N clocks)
 *   mppe-card icebreaker: self-test FAILED 0x.. (N clocks)
 * the hex value being the IDENT.SELFTEST bits (contract/card_if.txt).
 */
#include "fw.h"
#include "hal.h"

int main(void);

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

static void put_hex8(uint32_t v)
{
	static const char digits[] = "0123456789abcdef";

	hal_uart_putc(digits[(v >> 4) & 0xfu]);
	hal_uart_putc(digits[v & 0xfu]);
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
	uint32_t t0, n = hal_num_flows();

	hal_wdog_kick();
	hal_set_card_status(0);
	hal_set_fw_version(FW_VERSION);
	fw.num_flows = n < FW_MAX_FLOWS ? n : FW_MAX_FLOWS;
	t0 = hal_now();
	fw.selftest_failed = selftest_run();
	fw.selftest_clocks = hal_now() - t0;
	fw.card_status = fw.selftest_failed ? CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK : CARD_IDENT_CARD_STATE_READY_MASK;
	hal_set_card_status(fw.card_status);

	put_str("mppe-card icebreaker: self-test ");
	if (fw.selftest_failed) {
		put_str("FAILED 0x");
		put_hex8(fw.selftest_failed);
	} else {
		put_str("passed");
	}
	put_str(" (");
	put_dec(fw.selftest_clocks);
	put_str(" clocks)\r\n");
	for (;;)
		hal_wdog_kick();
}
