// Verilator test bench of the iCEBreaker board top (RTL, or the netlist
// yosys synth_ice40 wrote, with yosys's iCE40 cell models): the 12 MHz
// clock, the button released, and a UART receiver on the TX pin that
// decodes what the board prints at 115200 8N1. The bit time comes from the
// board clock and the baud rate, not from the RTL's divider, and every start
// and stop bit is checked. Passes when the board prints
// "mppe-card icebreaker: self-test passed" with the green LED on and the red
// one off; fails on "FAILED", a framing error, or no report within the
// clock budget. Usage: tb_icebreaker [max_clocks] [+imem=firmware.hex (RTL)]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "Vboard.h"
#include "verilated.h"

namespace {

constexpr double kClockHz = 12e6;    // the iCEBreaker's oscillator
constexpr double kBaud = 115200.0;   // what a terminal on the FTDI port expects
constexpr double kBit = kClockHz / kBaud;

struct Uart {
	bool busy = false;
	uint64_t start = 0;   // clock of the start bit's falling edge
	int bit = 0;          // next bit to sample: 0 start, 1..8 data, 9 stop
	unsigned ch = 0;
	bool framing_error = false;

	// Called every clock with the line; returns a character or -1.
	int sample(uint64_t clk, int line)
	{
		if (!busy) {
			if (line == 0) {
				busy = true;
				start = clk;
				bit = 0;
				ch = 0;
			}
			return -1;
		}
		if ((double)(clk - start) < kBit * (bit + 0.5))
			return -1;
		if (bit == 0) {
			if (line != 0)
				framing_error = true;   // a glitch, not a start bit
		} else if (bit <= 8) {
			ch |= (unsigned)line << (bit - 1);
		} else {
			busy = false;
			if (line != 1) {
				framing_error = true;
				return -1;
			}
			return (int)ch;
		}
		bit++;
		return -1;
	}
};

}  // namespace

int main(int argc, char **argv)
{
	Verilated::commandArgs(argc, argv);
	uint64_t max_clocks = 20000000;   // the self-test takes well under 1 M clocks
	if (argc > 1 && argv[1][0] != '+')
		max_clocks = strtoull(argv[1], nullptr, 0);

	Vboard top;
	Uart uart;
	std::string line;
	top.CLK = 0;
	top.BTN_N = 1;
	top.RX = 1;
	top.eval();

	for (uint64_t clk = 0; clk < max_clocks; clk++) {
		top.CLK = 1;
		top.eval();
		top.CLK = 0;
		top.eval();
		int c = uart.sample(clk, top.TX);
		if (uart.framing_error) {
			fprintf(stderr, "tb_icebreaker: UART framing error at clock %llu after \"%s\"\n",
				(unsigned long long)clk, line.c_str());
			return 1;
		}
		if (c < 0)
			continue;
		if (c == '\r')
			continue;
		if (c != '\n') {
			if ((c < 0x20 || c > 0x7e) || line.size() > 200) {
				fprintf(stderr, "tb_icebreaker: unexpected UART octet 0x%02x after \"%s\"\n", c,
					line.c_str());
				return 1;
			}
			line += (char)c;
			continue;
		}
		printf("UART: %s\n", line.c_str());
		if (line.find("mppe-card icebreaker: self-test passed") == 0) {
			if (top.LEDG_N != 0 || top.LEDR_N != 1) {
				fprintf(stderr, "tb_icebreaker: passed, but LEDs green_n=%d red_n=%d\n", top.LEDG_N,
					top.LEDR_N);
				return 1;
			}
			printf("tb_icebreaker: self-test passed on the UART after %llu clocks (%.1f ms at 12 MHz)\n",
			       (unsigned long long)clk, clk / 12e3);
			return 0;
		}
		if (line.find("FAILED") != std::string::npos || line.find("trap") != std::string::npos) {
			fprintf(stderr, "tb_icebreaker: the board reports a failure (red LED %s)\n",
				top.LEDR_N == 0 ? "on" : "off");
			return 1;
		}
		line.clear();
	}
	fprintf(stderr, "tb_icebreaker: no self-test report within %llu clocks (line so far: \"%s\")\n",
		(unsigned long long)max_clocks, line.c_str());
	return 1;
}
