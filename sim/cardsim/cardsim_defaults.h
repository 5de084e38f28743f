/*
 * cardsim's defaults that tests and benchmarks also need to know (one
 * source: the benchmarks print what cardsim ran with).
 */
#ifndef CARDSIM_DEFAULTS_H
#define CARDSIM_DEFAULTS_H

/*
 * The card clock in kHz: the MMCM's 1000 MHz VCO / BOARD_CARD_CLK_DIV of
 * hdl/boards/litefury/board.mk (25,000 kHz for its 40), passed by
 * sim/module.mk to every object that includes this file, so that a change
 * of the board's clock moves cardsim's defaults with it.
 */
#ifndef CARDSIM_CARD_CLK_KHZ
#error "CARDSIM_CARD_CLK_KHZ: sim/module.mk passes it from the board's BOARD_CARD_CLK_DIV"
#endif

/*
 * Card clocks from a DMA read request to its first data: 1 us of the card
 * clock (25 clocks at 25 MHz). A PCIe memory read from an endpoint to host
 * memory takes roughly 0.5-1 us on x86 root complexes; issue 15 asks for at
 * least 1 us. Benchmarks that report bytes or packets per clock run at this
 * latency, not at zero, and print it (latency_clk=).
 */
#define CARDSIM_DMA_LATENCY_DEFAULT (CARDSIM_CARD_CLK_KHZ / 1000u)

/*
 * Card clocks from the last beat of a DMA write burst to its
 * acknowledgement. PCIe writes are posted: the adapter (hdl/pcie/) answers
 * the card once the burst is in its transmit queue, after it crossed the
 * clock domains twice, not after a round trip to the host.
 */
#define CARDSIM_DMA_ACK_LATENCY_DEFAULT 16u

#endif
