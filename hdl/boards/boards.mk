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

# board_flow BOARD: the targets of one PCIe board; its variables are read
# from its files when the target runs, so the boards do not overwrite each
# other's settings.
define board_flow
.PHONY: bitstream-$(1) flash-$(1)
bitstream-$(1): $(BUILD)/firmware/firmware.hex
	@if ! command -v vivado >/dev/null 2>&1; then \
	    echo "make bitstream BOARD=$(1): Vivado is not installed on this machine (it is not a Debian package)." >&2; \
	    echo "  On a machine with Vivado (2019.1 or later, pcie_7x 3.3) run: make bitstream BOARD=$(1)" >&2; \
	    echo "  It runs hdl/boards/vivado/build.tcl and writes $(BUILD)/boards/$(1)/$(1).bit and $(1).bin." >&2; \
	    exit 1; fi
	@mkdir -p $(BUILD)/boards/$(1)
	printf '%s\n' $$(sort $$(RTL_CARD) $$(RTL_PCIE) hdl/boards/rhs_m2/pcie_board_top.v) > $(BUILD)/boards/$(1)/sources.txt
	$$(eval include hdl/boards/$(1)/flow.mk)
	$$(eval -include hdl/boards/$(1)/board.mk)
	cd $(CURDIR) && vivado -mode batch -nojournal -log $(BUILD)/boards/$(1)/vivado.log \
	    -source hdl/boards/vivado/build.tcl -tclargs $(1) $$(BOARD_VIVADO_PART) $$(BOARD_TOP) $$(BOARD_XDC) \
	    $(BUILD)/boards/$(1) $$(or $$(BOARD_NUM_FLOWS),512) $$(or $$(BOARD_NUM_ENGINES),1) $$(BOARD_FLASH_MB) \
	    $(BUILD)/boards/$(1)/sources.txt $$(or $$(BOARD_CARD_CLK_DIV),40)
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

# iCE40 boards (iCEBreaker): their own flow, yosys + nextpnr-ice40 + icepack
include hdl/boards/ice40.mk
