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
# Which card make synth (hdl/synth/card.sh) and the Vivado flow
# (hdl/boards/vivado/gen_tcl.py) build, by hdl/boards/card_params.py: "farm",
# the farm card below (card_top FARM=1 with BOARD_FARM_*, what cardsim-farm
# simulates); "engines" would be BOARD_NUM_ENGINES register-file engines.
BOARD_CARD        := farm
# The register-file configuration (card_top's default engine variant), which
# make synth and the Vivado flow built before the farm card (its synthesis:
# docs/hardware.md); make bench's register-file card_board lines
# (sim/module.mk bench-rtl) still count its engines.
BOARD_NUM_ENGINES := 1
# card clock = the MMCM's 1000 MHz VCO / BOARD_CARD_CLK_DIV: 40 is 25.0 MHz,
# under make synth's logic-level estimate (27.4 MHz for the register-file card;
# 55.9 MHz for the whole farm card, docs/hardware.md); Vivado's timing
# report is the judge (build.tcl fails on negative slack).
BOARD_CARD_CLK_DIV := 40
BOARD_NUM_FLOWS   := 512
# The small-engine configuration (issue 15): BOARD_SMALL_ENGINES engines with
# their S-box in block RAM (mppe_engine SMALL=1, RC4_BRAM=1) and the flows
# above in BOARD_SMALL_CTX_BANKS context banks, sized by the area arithmetic
# of docs/hardware.md "Many small engines". Simulated and benchmarked
# (sim/module.mk: check-rtl, bench-rtl), as the whole card in cardsim
# (build/bin/cardsim-litefury: card_top's CTX_BANKS, RC4_BRAM, SMALL), its
# blocks synthesized alone (make synth-card-blocks); no board flow builds it
# (BOARD_CARD above is the farm card).
BOARD_SMALL_ENGINES   := 4
BOARD_SMALL_CTX_BANKS := 4
# The engine farm (hdl/mppe_farm.v, issue 15): BOARD_FARM_LANES RC4 lanes
# fed by BOARD_FARM_UNITS key-change channels, BOARD_FARM_UNIT_CH of them on
# each SHA-1 core, for stateless transmit flows; synthesized alone by make
# synth-farm-blocks. The farm card (card_top FARM=1, hdl/card_farm.v): this
# farm beside mppe_top with BOARD_FARM_ENGINES small engines (SMALL=1,
# RC4_BRAM=1) in BOARD_FARM_CTX_BANKS context banks, which do what the farm
# does not (receive, stateful flows, CCP resets, the self-test opcodes).
# Sized so that the blocks' sum (farm, mppe_top, hif_top, mgmt_top) is
# within 85% of the LUTs and of the block RAM (docs/hardware.md "The farm
# card on LiteFury", "Two lanes in one block RAM"): until the lanes shared
# their buffers' block RAM two by two (hdl/mppe_lane_pair.v) block RAM bound
# (a lane 1.5 RAMB36: 23 lanes 118 RAMB36 with the firmware's golden-image
# ROM, 87.4%, over the budget); a lane is now 1 RAMB36: 28 lanes, sums by
# make synth-farm-blocks in docs/synth-blocks.md and docs/hardware.md
# (card_farm's glue measured apart). Simulated as build/bin/cardsim-farm
# (make check-card-engine-farm); make synth and the Vivado flow build it
# (BOARD_CARD above).
BOARD_FARM_ENGINES   := 1
BOARD_FARM_CTX_BANKS := 1
BOARD_FARM_LANES := 28
BOARD_FARM_UNITS := 9
BOARD_FARM_UNIT_CH := 3
# the farm's RC4 cores (mppe_farm LANE_RC4_DUAL, UNIT_RC4_DUAL): 1 on both
# block-RAM ports (hdl/rc4_dp.v), 0 rc4_bram (docs/hardware.md "The engine farm")
BOARD_FARM_LANE_RC4_DUAL := 0
BOARD_FARM_UNIT_RC4_DUAL := 0
