# hdl/: synthesis of the whole card (card_top) for each board configuration
# (hdl/boards/<board>/board.mk) with yosys synth_xilinx; its simulation and
# lint are in sim/module.mk. Slow (tens of minutes per board on 2 shared
# cores), so not part of `make check`. Outputs stay under build/synth/<board>/
# and are reused while their inputs are unchanged; `make synth` prints one
# BENCH synth line per board and fails when one is over 85% of its device;
# `make synth-report` then rewrites docs/synth-report.md from them.
SYNTH_BOARDS ?= litefury nitefury
SYNTH_CARD_RTL := $(wildcard hdl/*.v hdl/*.vh hdl/mgmt/*.v)
SYNTH_SCRIPTS  := hdl/synth/card.sh hdl/synth/fmax_est.py hdl/synth/card_line.py

# the firmware built into IMEM is an input: a new firmware means a new netlist
$(BUILD)/synth/%/bench.txt: hdl/boards/%/board.mk $(SYNTH_CARD_RTL) $(SYNTH_SCRIPTS) \
                            $(BUILD)/firmware/firmware.hex
	sh hdl/synth/card.sh $* $(BUILD)/firmware/firmware.hex

.PHONY: synth-card synth-report
# one board at a time: each needs GBs and both cores
synth-card: $(BUILD)/firmware/firmware.hex
	@for b in $(SYNTH_BOARDS); do $(MAKE) --no-print-directory -j1 $(BUILD)/synth/$$b/bench.txt || exit 1; done
	@cat $(foreach b,$(SYNTH_BOARDS),$(BUILD)/synth/$(b)/bench.txt)
SYNTH_TARGETS += synth-card
synth-report: $(foreach b,$(SYNTH_BOARDS),$(BUILD)/synth/$(b)/bench.txt)
	python3 hdl/synth/report.py $(SYNTH_BOARDS) > docs/synth-report.md
	@echo "synth-report: docs/synth-report.md written"
include hdl/boards/boards.mk
include hdl/pcie/pcie.mk
