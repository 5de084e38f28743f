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
# icebreaker_top parameters: memories (log2 words), UART divider, core's
# registers in EBR, the RC4 unit's S-boxes (log2: 4 flows, 2 EBR)
icebreaker_IMEM_AW   := 11
icebreaker_DMEM_AW   := 10
icebreaker_UART_DIV  := 104
icebreaker_REGFILE_BRAM := 1
icebreaker_SLOT_W    := 2
icebreaker_CPU_SMALL := 1
