# LiteFury: XC7A100T-L2FGG484E, 16 MiB (128 Mbit) S25FL flash
# (RHS Research NiteFury-and-LiteFury README). What the Vivado flow and the
# flash step need; the card parameters are in board.mk beside this file.
BOARD_VIVADO_PART := xc7a100tlfgg484-2L
BOARD_FLASH_MB    := 16
BOARD_LOADER_PART := xc7a100tfgg484
BOARD_XDC         := hdl/boards/rhs_m2/pins.xdc
BOARD_TOP         := pcie_board_top
BOARD_TOP_FILE    := hdl/boards/rhs_m2/pcie_board_top.v
