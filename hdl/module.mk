# hdl/: synthesis of the whole card (card_top) for each board configuration
# (hdl/boards/<board>/board.mk) with yosys synth_xilinx; its simulation and
# lint are in sim/module.mk. Slow (tens of minutes per board on 2 shared
# cores), so not part of `make check`. Outputs stay under build/synth/<board>/
# and are reused while their inputs' contents are unchanged (hdl/synth/card.sh
# keeps a hash of them); `make synth` prints one
# BENCH synth line per board and fails when one is over 85% of its device;
# `make synth-report` then rewrites docs/synth-report.md from them.
# The RTL's file lists, which every simulation, lint and board flow uses,
# are hdl/rtl.mk (the top Makefile reads it before any module.mk).
SYNTH_BOARDS ?= litefury nitefury
.PHONY: synth-card synth-report
# one board at a time: each needs GBs of memory and both cores
synth-card: $(BUILD)/firmware/firmware.hex
	@for b in $(SYNTH_BOARDS); do RTL_CARD="$(RTL_CARD)" sh hdl/synth/card.sh $$b $(BUILD)/firmware/firmware.hex || exit 1; done
SYNTH_TARGETS += synth-card
# The block-RAM RC4 core alone (hdl/synth/cores.sh): Xilinx resources with an
# Fmax estimate, and the iCE40 UP5K place and route with nextpnr's timing
# and an icepack bitstream; a few minutes.
.PHONY: synth-cores
synth-cores:
	RTL_ENGINE_UNIT="$(RTL_ENGINE_UNIT)" sh hdl/synth/cores.sh
SYNTH_TARGETS += synth-cores
# Each block an iCEBreaker card would be built from, synthesized alone for
# the iCE40 UP5K (hdl/synth/ice40_blocks.sh; yosys cell counts, and the two
# SHA-1 cores placed by nextpnr-ice40; about 10 minutes on a busy machine).
.PHONY: synth-ice40-blocks
synth-ice40-blocks:
	RTL_ENGINE_UNIT="$(RTL_ENGINE_UNIT)" RTL_MGMT_CPU="$(RTL_MGMT_CPU)" sh hdl/synth/ice40_blocks.sh
SYNTH_TARGETS += synth-ice40-blocks
# LiteFury's small-engine configuration (BOARD_SMALL_* of its board.mk; issue
# 15): the card's blocks synthesized one at a time (hdl/synth/card_blocks.sh),
# and docs/synth-blocks.md from them, whose Fmax estimate make bench uses.
.PHONY: synth-card-blocks synth-blocks-report
synth-card-blocks: $(BUILD)/firmware/firmware.hex
	FW_HEX=$(BUILD)/firmware/firmware.hex RTL_ENGINE="$(RTL_ENGINE)" RTL_HIF="$(RTL_HIF)" RTL_MGMT="$(RTL_MGMT)" sh hdl/synth/card_blocks.sh litefury
SYNTH_TARGETS += synth-card-blocks
# The same for the farm card (BOARD_FARM_* of the board): the engine farm
# (hdl/mppe_farm.v) and mppe_top with BOARD_FARM_ENGINES small engines as the
# engine blocks: build/synth/litefury-blocks/bench-farm.txt.
.PHONY: synth-farm-blocks
synth-farm-blocks: $(BUILD)/firmware/firmware.hex
	FW_HEX=$(BUILD)/firmware/firmware.hex RTL_FARM="$(RTL_FARM)" RTL_ENGINE="$(RTL_ENGINE)" RTL_HIF="$(RTL_HIF)" RTL_MGMT="$(RTL_MGMT)" sh hdl/synth/card_blocks.sh litefury farm
SYNTH_TARGETS += synth-farm-blocks
# both configurations' blocks (LiteFury's board flow builds the farm card,
# BOARD_CARD of its board.mk; the report says so)
# (one after the other: both write hif_top and mgmt_top). The report is
# written also when a sum is over 85% (it says so), then the target fails.
synth-blocks-report:
	@$(MAKE) --no-print-directory synth-card-blocks; a=$$?; \
	 $(MAKE) --no-print-directory synth-farm-blocks; b=$$?; \
	 python3 hdl/synth/blocks_report.py litefury > docs/synth-blocks.md.tmp && \
	 mv -f docs/synth-blocks.md.tmp docs/synth-blocks.md && echo "synth-blocks-report: docs/synth-blocks.md written" && \
	 test $$a = 0 && test $$b = 0
	@echo "synth-blocks-report: docs/synth-blocks.md written"
synth-report: synth-card
	python3 hdl/synth/report.py $(SYNTH_BOARDS) > docs/synth-report.md
	@echo "synth-report: docs/synth-report.md written"
# The synthesis counts' inverter merge (opt_merge -share_all t:INV, before
# card_line.py counts) proven to keep a small netlist's function, and shown
# to catch a broken inverter (hdl/synth/inv_merge_check.sh; seconds).
.PHONY: check-synth-count
check-synth-count:
	sh hdl/synth/inv_merge_check.sh $(BUILD)
CHECK_TARGETS += check-synth-count
include hdl/lite/lite.mk
include hdl/boards/boards.mk
include hdl/pcie/pcie.mk

# Formal proofs (hdl/formal/prove.sh, docs/rtl-verification.md): yosys reads
# a module with its FORMAL_* block, yosys-smtbmc + z3 prove it by
# k-induction. `make formal`, and all of them part of `make check`. The
# fetch unit's proof is the longest single job of make check (140 s of CPU,
# docs/rtl-verification.md), so make check starts it first (CHECK_FIRST).
FORMAL_PROOFS := hif_fetch fifo_fwft rc4_core hif_cpl
FORMAL_SLOW   :=
CHECK_FIRST += formal-hif_fetch
.PHONY: $(addprefix formal-,$(FORMAL_PROOFS) $(FORMAL_SLOW))
$(addprefix formal-,$(FORMAL_PROOFS) $(FORMAL_SLOW)): formal-%:
	hdl/formal/prove.sh $* $(BUILD)
FORMAL_TARGETS += $(addprefix formal-,$(FORMAL_PROOFS) $(FORMAL_SLOW))
CHECK_TARGETS += $(addprefix formal-,$(FORMAL_PROOFS))
SOAK_TARGETS += $(addprefix formal-,$(FORMAL_SLOW))
# mppe_engine.v of revision REV proven equal to the tree's for PAR's
# parameters (hdl/formal/equiv_engine.sh, with rtl.mk's engine files; minutes,
# not in make check): make equiv-engine REV=main PAR="-set RC4_BRAM 1 -set SMALL 1"
.PHONY: equiv-engine
equiv-engine:
	RTL_ENGINE_UNIT="$(RTL_ENGINE_UNIT)" sh hdl/formal/equiv_engine.sh "$(REV)" "$(PAR)" $(BUILD)
