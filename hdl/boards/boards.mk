# hdl/boards: bitstreams and flashing for the PCIe boards (docs/pcie.md).
#   make bitstream BOARD=litefury|nitefury   Vivado non-project flow (hdl/boards/vivado/build.tcl)
#   make flash BOARD=litefury|nitefury       write the SPI flash with openFPGALoader over JTAG
# Each board folder holds board.mk (the card's parameters: engines, flows)
# and flow.mk (FPGA part, flash size, constraints). The iCE40 boards have
# their own flow (ice40.mk, included at the end).
# Included from hdl/module.mk.
PCIE_BOARDS  := litefury nitefury
FLASH_CABLE  ?= digilent_hs2
FLASH_BRIDGE ?=
LOADER_DATA  ?= /usr/share/openFPGALoader

.PHONY: bitstream-internal flash-internal
bitstream-internal: $(if $(BOARD),bitstream-$(BOARD),board-missing)
flash-internal: $(if $(BOARD),flash-$(BOARD),board-missing)
.PHONY: board-missing
board-missing:
	@echo "name a board: make bitstream BOARD=<board> / make flash BOARD=<board> (PCIe boards: $(PCIE_BOARDS); iCE40 boards: $(ICE40_BOARDS))" >&2; exit 1

# board_flow BOARD: the targets of one PCIe board. Its Vivado script,
# $(BUILD)/boards/BOARD/BOARD.tcl, is generated (hdl/boards/vivado/gen_tcl.py)
# from its board.mk and flow.mk: part, top, the card's parameters
# (hdl/boards/card_params.py, the board's BOARD_CARD) and the file list;
# make check parses it and elaborates its file list (check-board-vivado), as
# no Vivado runs here. The other variables are read from the board's files
# when the target runs, so the boards do not overwrite each other's settings.
BOARD_VIVADO_SOURCES = $(sort $(RTL_CARD) $(RTL_PCIE) $(shell sed -n 's/^BOARD_TOP_FILE[[:space:]]*:=[[:space:]]*//p' hdl/boards/$(1)/flow.mk))
define board_flow
.PHONY: bitstream-$(1) flash-$(1) vivado-tcl-$(1)
vivado-tcl-$(1): $(BUILD)/boards/$(1)/$(1).tcl
$(BUILD)/boards/$(1)/$(1).tcl: hdl/boards/vivado/gen_tcl.py hdl/boards/card_params.py hdl/boards/$(1)/board.mk \
    hdl/boards/$(1)/flow.mk hdl/rtl.mk hdl/boards/boards.mk
	@mkdir -p $$(@D)
	python3 hdl/boards/vivado/gen_tcl.py $(1) $$@ $$(call BOARD_VIVADO_SOURCES,$(1))
bitstream-$(1): $(BUILD)/firmware/firmware.hex $(BUILD)/boards/$(1)/$(1).tcl
	@if ! command -v vivado >/dev/null 2>&1; then \
	    echo "make bitstream BOARD=$(1): Vivado is not installed on this machine (it is not a Debian package)." >&2; \
	    echo "  On a machine with Vivado (2019.1 or later, pcie_7x 3.3) run: make bitstream BOARD=$(1)" >&2; \
	    echo "  It runs $(BUILD)/boards/$(1)/$(1).tcl (generated; hdl/boards/vivado/build.tcl) and writes" >&2; \
	    echo "  $(BUILD)/boards/$(1)/$(1).bit and $(1).bin." >&2; \
	    exit 1; fi
	cd $(CURDIR) && vivado -mode batch -nojournal -log $(BUILD)/boards/$(1)/vivado.log \
	    -source $(BUILD)/boards/$(1)/$(1).tcl
flash-$(1):
	$$(eval include hdl/boards/$(1)/flow.mk)
	@test -f $(BUILD)/boards/$(1)/$(1).bit || { \
	    echo "make flash BOARD=$(1): no bitstream at $(BUILD)/boards/$(1)/$(1).bit; build it first with" >&2; \
	    echo "  make bitstream BOARD=$(1) (needs Vivado, which this machine does not have)" >&2; exit 1; }
	@command -v openFPGALoader >/dev/null 2>&1 || { \
	    echo "make flash BOARD=$(1): openFPGALoader is missing (make deps installs it)" >&2; exit 1; }
	@test -n "$(FLASH_BRIDGE)" || test -f $(LOADER_DATA)/spiOverJtag_$$(BOARD_LOADER_PART).bit.gz || { \
	    echo "make flash BOARD=$(1): openFPGALoader has no SPI-over-JTAG bridge for $$(BOARD_LOADER_PART)" >&2; \
	    echo "  (Debian's 0.10 ships none for this package); build one from openFPGALoader's spiOverJtag" >&2; \
	    echo "  sources with Vivado and pass it: make flash BOARD=$(1) FLASH_BRIDGE=path/to/bridge.bit" >&2; exit 1; }
	@openFPGALoader -c $(FLASH_CABLE) --detect >/dev/null 2>&1 || { \
	    echo "make flash BOARD=$(1): no JTAG cable '$(FLASH_CABLE)' answers (is the board's JTAG header" >&2; \
	    echo "  connected? another cable: FLASH_CABLE=name, see openFPGALoader --list-cables)" >&2; exit 1; }
	openFPGALoader -c $(FLASH_CABLE) --fpga-part $$(BOARD_LOADER_PART) $(if $(FLASH_BRIDGE),-B $(FLASH_BRIDGE)) \
	    --write-flash --verify $(BUILD)/boards/$(1)/$(1).bit
endef
$(foreach b,$(PCIE_BOARDS),$(eval $(call board_flow,$(b))))

# The generated Vivado scripts checked without Vivado (tests/rtl/check_vivado_tcl.py):
# part, top, generics against board.mk/flow.mk, the file list elaborated by
# yosys with the generics (a few seconds a board). LiteFury's generics must
# also be the farm card cardsim-farm simulates (sim/module.mk CARDSIM_FARM_PARAMS),
# so what would be flashed is what check-card-engine-farm tests.
.PHONY: check-board-vivado
# (the firmware image too: the top's FW_HEX is read when yosys elaborates)
check-board-vivado: $(foreach b,$(PCIE_BOARDS),$(BUILD)/boards/$(b)/$(b).tcl) $(BUILD)/firmware/firmware.hex
	python3 tests/rtl/check_vivado_tcl.py litefury $(BUILD)/boards/litefury/litefury.tcl $(BUILD)/boards/litefury/check \
	    $(filter -G%,$(CARDSIM_FARM_PARAMS))
	python3 tests/rtl/check_vivado_tcl.py nitefury $(BUILD)/boards/nitefury/nitefury.tcl $(BUILD)/boards/nitefury/check
CHECK_TARGETS += check-board-vivado

# iCE40 boards (iCEBreaker): their own flow, yosys + nextpnr-ice40 + icepack
include hdl/boards/ice40.mk
