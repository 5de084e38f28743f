/*
 * cardsim's defaults that tests and benchmarks also need to know (one
 * source: the benchmarks print what cardsim ran with).
 */
#ifndef CARDSIM_DEFAULTS_H
#define CARDSIM_DEFAULTS_H

/*
 * Card clocks from a DMA read request to its first data. A PCIe memory read
 * from an endpoint to host memory takes roughly 0.5-1 us on x86 root
 * complexes; the PCIe boards' card clock is 25 MHz (BOARD_CARD_CLK_DIV 40
 * in their board.mk, docs/hardware.md), so 1 us is 25 card clocks and 100
 * clocks is 4 us: a pessimistic figure at that clock (it was chosen as
 * 1.6 us when the card ran at 62.5 MHz). Benchmarks that report bytes or
 * packets per clock run at this latency, not at zero, and print it
 * (latency_clk=).
 */
#define CARDSIM_DMA_LATENCY_DEFAULT 100u

/*
 * Card clocks from the last beat of a DMA write burst to its
 * acknowledgement. PCIe writes are posted: the adapter (hdl/pcie/) answers
 * the card once the burst is in its transmit queue, after it crossed the
 * clock domains twice, not after a round trip to the host.
 */
#define CARDSIM_DMA_ACK_LATENCY_DEFAULT 16u

#endif
