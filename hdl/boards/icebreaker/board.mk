# iCEBreaker (1BitSquared): iCE40 UP5K-SG48, 12 MHz oscillator, FTDI
# FT2232H for programming (channel A) and a UART (channel B). The card
# configuration for this board: the one place the board flow
# (hdl/boards/ice40.mk), its firmware link and the docs take it from.
icebreaker_DESC      := iCEBreaker, iCE40 UP5K
icebreaker_NEXTPNR   := --up5k --package sg48
icebreaker_LCS       := 5280
icebreaker_PCF       := hdl/boards/icebreaker/icebreaker.pcf
icebreaker_CLK_MHZ   := 12
icebreaker_LOADER    := -b ice40_generic
# icebreaker_top parameters: flows, memories (log2 words), UART divider, core's registers in EBR,
# the engine's area variant
icebreaker_NUM_FLOWS := 4
icebreaker_IMEM_AW   := 10
icebreaker_DMEM_AW   := 10
icebreaker_UART_DIV  := 104
icebreaker_REGFILE_BRAM := 1
# the golden IMEM built once (data reads through the fetch port: 8 EBR, not 16); DMEM in SPRAM (no EBR)
icebreaker_IMEM_1PORT := 1
icebreaker_DMEM_SPRAM := 1
icebreaker_SMALL     := 1
# mppe_top's memories for one engine (hdl/mppe_top.v): one context bank (its two
# 64-bit RAMs are 4 EBR each at any depth), an input FIFO of 2 beats in logic
# (the engine takes a beat at a time), an output FIFO of 256 + 1 beats (4 EBR),
# which holds the largest result (2050 octets): no packet-size limit of its own.
# sim/module.mk's e1s engine model (check-rtl) is built with these too
icebreaker_CTX_BANKS := 1
icebreaker_IN_FIFO_AW := 1
icebreaker_OUT_FIFO_AW := 8
