# LiteFury (RHS Research): M.2 2280 card, Artix-7 XC7A100T, PCIe Gen2 x4,
# 512 MiB DDR3. The card configuration for this board: the one place the
# synthesis (hdl/synth/card.sh), the board flow and the docs take it from.
BOARD_DESC        := LiteFury, Artix-7 XC7A100T
BOARD_FAMILY      := xc7
BOARD_PART        := xc7a100t
# device resources (DS180): the 85% budget of make synth is taken of these
BOARD_LUTS        := 63400
BOARD_FFS         := 126800
BOARD_BRAM36      := 135
# PCIe Gen2 x4: 4 lanes x 5 GT/s x 8b/10b, per direction, before TLP overhead
BOARD_PCIE_GBPS   := 16
# card_top parameters
BOARD_NUM_ENGINES := 1
# card clock = the MMCM's 1000 MHz VCO / BOARD_CARD_CLK_DIV: 40 is 25.0 MHz, under
# make synth's logic-level estimate for this configuration (27.4 MHz,
# docs/synth-report.md); Vivado's timing report is the judge (build.tcl fails
# on negative slack).
BOARD_CARD_CLK_DIV := 40
BOARD_NUM_FLOWS   := 512
# The small-engine configuration (issue 15): BOARD_SMALL_ENGINES engines with
# their S-box in block RAM (mppe_engine SMALL=1, RC4_BRAM=1) and the flows
# above in BOARD_SMALL_CTX_BANKS context banks, sized by the area arithmetic
# of docs/hardware.md "Many small engines". Simulated and benchmarked
# (sim/module.mk: check-rtl, bench-rtl), as the whole card in cardsim
# (build/bin/cardsim-litefury: card_top's CTX_BANKS, RC4_BRAM, SMALL), its
# blocks synthesized alone (make synth-card-blocks); make synth and the Vivado
# flow still build the BOARD_NUM_ENGINES card above.
BOARD_SMALL_ENGINES   := 4
BOARD_SMALL_CTX_BANKS := 4
# The engine farm (hdl/mppe_farm.v, issue 15): BOARD_FARM_LANES RC4 lanes
# fed by BOARD_FARM_UNITS key-change channels, BOARD_FARM_UNIT_CH of them on
# each SHA-1 core, for stateless transmit flows; synthesized alone by make
# synth-farm-blocks. In the card beside the engines with card_top FARM=1
# (hdl/card_farm.v), which only the simulation sets: build/bin/cardsim-farm
# (the small-engine card above plus this farm; make check-card-engine-farm).
# make synth and the Vivado flow do not set it: beside mppe_top the farm
# exceeds the budget by the block sums (docs/hardware.md "The engine farm").
# Sized within the 85% LUT budget with hif_top and mgmt_top alone, by the board figures of make bench-farm
# at the estimated Fmax (docs/hardware.md "The engine farm", "Sized into the
# room": 29 lanes and 9 channels, 3 a core, measured against 17 and 8).
# ESTIMATES (logic levels, yosys 0.23, "The free lane a clock ahead"): the
# farm alone 30,198 LUTs at 75.8 MHz; with hif_top and mgmt_top 45,820 LUTs
# (72.3%) at hif_top's 61.0 MHz: 3.42 Gbit/s at 1400 octets, 0.764 M
# packets/s at 64 (make bench-farm).
BOARD_FARM_LANES := 29
BOARD_FARM_UNITS := 9
BOARD_FARM_UNIT_CH := 3
# the farm's RC4 cores (mppe_farm LANE_RC4_DUAL, UNIT_RC4_DUAL): 1 on both
# block-RAM ports (hdl/rc4_dp.v), 0 rc4_bram (docs/hardware.md "The engine farm")
BOARD_FARM_LANE_RC4_DUAL := 0
BOARD_FARM_UNIT_RC4_DUAL := 0
