# NiteFury (RHS Research): M.2 2280 card, Artix-7 XC7A200T, PCIe Gen2 x4,
# 1 GiB DDR3. The card configuration for this board: the one place the
# synthesis (hdl/synth/card.sh), the board flow and the docs take it from.
BOARD_DESC        := NiteFury, Artix-7 XC7A200T
BOARD_FAMILY      := xc7
BOARD_PART        := xc7a200t
# device resources (DS180): the 85% budget of make synth is taken of these
BOARD_LUTS        := 134600
BOARD_FFS         := 269200
BOARD_BRAM36      := 365
# card_top parameters
BOARD_CARD        := engines
BOARD_NUM_ENGINES := 2
# card clock = the MMCM's 1000 MHz VCO / BOARD_CARD_CLK_DIV: 40 is 25.0 MHz, under
# make synth's logic-level estimate for this configuration (28.2 MHz,
# docs/synth-report.md); Vivado's timing report is the judge (build.tcl fails
# on negative slack).
BOARD_CARD_CLK_DIV := 40
BOARD_NUM_FLOWS   := 2048
