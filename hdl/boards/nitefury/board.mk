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
BOARD_NUM_ENGINES := 2
BOARD_NUM_FLOWS   := 2048
