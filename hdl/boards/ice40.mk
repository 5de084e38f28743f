# iCE40 boards without a host (docs/hardware.md "iCEBreaker"): the
# management core's CPU with its firmware, the crypto units of hdl/lite/
# (RC4, SHA-1 compression) and a UART; not the card's packet engine, which
# does not fit. At power-on the firmware (firmware/lite/) runs the self-test
# through the units and prints the result. Per board (hdl/boards/<board>/board.mk):
#   make bitstream BOARD=<board>  yosys synth_ice40, nextpnr-ice40, icepack into build/boards/<board>/
#   make flash BOARD=<board>      openFPGALoader writes it to the board's SPI flash
#   check-board-<board>-rtl       (make check) the board top in Verilator decoding its UART: the
#                                 RTL, and the RTL with a firmware whose RFC 3079 master key
#                                 is wrong (must print FAILED 0x01), or one packet (0x04)
#   check-board-<board>-netlist   (make check) the netlist of synth_ice40 with yosys's
#                                 iCE40 cell models, the same test bench
# Included from hdl/boards/boards.mk.
ICE40_BOARDS := icebreaker
include $(foreach b,$(ICE40_BOARDS),hdl/boards/$(b)/board.mk)

# the management core's blocks and the crypto units (hdl/rtl.mk, hdl/lite/lite.mk)
ICE40_RTL := $(RTL_MGMT_CPU) hdl/mgmt/mgmt_ram.v hdl/mgmt/mgmt_spram.v hdl/mgmt/mgmt_sys.v \
             hdl/mgmt/mgmt_uart.v hdl/mgmt/mgmt_bus.v $(RTL_LITE)
ICE40_INCS := contract/mgmt_map.vh hdl/mgmt/mgmt_bus.vh hdl/mgmt/mgmt_rv32i.vh hdl/mgmt/mgmt_cpu_ports.vh
ICE40_CELLS := /usr/share/yosys/ice40/cells_sim.v   # Debian yosys
# the RTL uses one iCE40 primitive by name (SB_SPRAM256KA, hdl/mgmt/mgmt_spram.v):
# simulated and linted with yosys's own model of it, whose warnings ice40_cells.vlt waives
ICE40_CELLS_VL := -DNO_ICE40_DEFAULT_ASSIGNMENTS hdl/boards/ice40_cells.vlt $(ICE40_CELLS)

# The firmware: firmware/lite/ with the HAL and libc of the card's firmware
# (same flags); the self-test's known answers are written at build time by
# gen_lite_kat from RFC 3079's vectors and the driver's software engine
# and the driver's RFC 3079 key derivation (driver/mppe_keys.c) over the SHA-1
# unit (firmware/lite/shim/: its crypto seam and <string.h>)
ICE40_FW_SRCS := firmware/lite/lite_main.c firmware/lite/lite_selftest.c firmware/lite/lite_mppe.c \
                 firmware/lite/lite_units.c firmware/hal_mgmt.c firmware/libc_min.c
ICE40_FW_OBJS := $(patsubst firmware/%.c,$(BUILD)/lite/fw/%.o,$(ICE40_FW_SRCS)) $(BUILD)/lite/fw/start.o \
                 $(BUILD)/lite/fw/driver/mppe_keys.o
GEN_LITE_KAT_OBJS := $(call objs_of,firmware/tools/gen_lite_kat.c tests/unit/vectors.c)
$(call objs_of,firmware/tools/gen_lite_kat.c): CPPFLAGS += -Itests/unit
$(BUILD)/lite/gen_lite_kat: $(GEN_LITE_KAT_OBJS) $(BUILD)/lib/libmppe.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ -lcmocka -lnettle -lcrypto -lpci
$(BUILD)/lite/lite_kat.h: $(BUILD)/lite/gen_lite_kat tests/vectors/rfc3079-mppe-keys.txt
	$(BUILD)/lite/gen_lite_kat > $@.tmp && mv $@.tmp $@
$(BUILD)/lite/fw/lite/lite_selftest.o: $(BUILD)/lite/lite_kat.h
ICE40_FW_INC := -Ifirmware/lite -Ifirmware/lite/shim -Idriver/include -I$(BUILD)/lite
$(BUILD)/lite/fw/%.o: firmware/%.c
	@mkdir -p $(@D)
	$(RV_CC) $(FW_CFLAGS) $(ICE40_FW_INC) -DFW_VERSION=$(FW_VERSION_HEX)u -c -o $@ $<
$(BUILD)/lite/fw/driver/mppe_keys.o: driver/mppe_keys.c
	@mkdir -p $(@D)
	$(RV_CC) $(FW_CFLAGS) $(ICE40_FW_INC) -c -o $@ $<
$(BUILD)/lite/fw/start.o: firmware/start.S
	@mkdir -p $(@D)
	$(RV_CC) $(RV_ASARCH) -c -o $@ $<
ICE40_VL_FLAGS := -O3 --x-assign fast --prefix Vboard -CFLAGS -O2 -Wno-fatal
ICE40_NET_VL_FLAGS := --x-assign fast --prefix Vboard -Wno-fatal \
                      -MAKEFLAGS 'OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0'

# ice40_board BOARD
define ice40_board
ICE40_B_$(1) := $(BUILD)/boards/$(1)
ICE40_PARAMS_$(1) := IMEM_AW=$$($(1)_IMEM_AW) DMEM_AW=$$($(1)_DMEM_AW) \
                     UART_DIV=$$($(1)_UART_DIV) REGFILE_BRAM=$$($(1)_REGFILE_BRAM) SLOT_W=$$($(1)_SLOT_W) \
                     CPU_SMALL=$$($(1)_CPU_SMALL)

# firmware, linked for the board's memories (4 << AW bytes)
$(BUILD)/boards/$(1)/fw.elf: $(ICE40_FW_OBJS) firmware/link.ld hdl/boards/$(1)/board.mk
	@mkdir -p $$(@D)
	$(RV_CC) $(RV_ARCH) -nostdlib -nostartfiles -T firmware/link.ld -Wl,--gc-sections \
	    -Wl,--defsym=FW_IMEM_LEN=$$$$((4 << $$($(1)_IMEM_AW))) -Wl,--defsym=FW_DMEM_LEN=$$$$((4 << $$($(1)_DMEM_AW))) \
	    -o $$@ $$(filter %.o,$$^) -lgcc
$(BUILD)/boards/$(1)/fw.hex: $(BUILD)/boards/$(1)/fw.elf firmware/tools/bin2memh.py
	$(RV_OBJCOPY) -O binary $$< $$(@:.hex=.bin)
	python3 firmware/tools/bin2memh.py $$(@:.hex=.bin) $$@
# the same firmware with one bit of its RFC 3079 master key known answer flipped
$(BUILD)/boards/$(1)/fw-badkat.hex: $(BUILD)/boards/$(1)/fw.hex firmware/tools/flip_bit.py
	python3 firmware/tools/flip_bit.py $$< \
	    0x$$$$($(RV_NM) $(BUILD)/boards/$(1)/fw.elf | awk '$$$$3 == "kat_master" { print $$$$1 }') 0 $$@
# and with one bit of the packet after flow 0's key change flipped (its
# libmppe octets): the packet comparison must fail
$(BUILD)/boards/$(1)/fw-badpkt.hex: $(BUILD)/boards/$(1)/fw.hex firmware/tools/flip_bit.py
	python3 firmware/tools/flip_bit.py $$< \
	    0x$$$$($(RV_NM) $(BUILD)/boards/$(1)/fw.elf | awk '$$$$3 == "kat_wire_0_2" { print $$$$1 }') 5 $$@

# the board top's RTL in Verilator (the firmware file is read when it starts)
$(BUILD)/boards/$(1)/rtl/tb: $(ICE40_RTL) $(ICE40_INCS) hdl/boards/ice40_cells.vlt hdl/boards/$(1)/$(1)_top.v \
                              hdl/boards/$(1)/tb_icebreaker.cpp hdl/boards/$(1)/board.mk
	$$(call verilate,$(1)_top,$$@,$$(@D)/obj,$$(@D)/build.log,$(ICE40_VL_FLAGS) --x-initial fast -Ihdl -Icontract \
	    $$(addprefix -G,$$(ICE40_PARAMS_$(1))) -GFW_HEX='"$$(abspath $(BUILD)/boards/$(1)/fw.hex)"' \
	    $(ICE40_CELLS_VL) hdl/boards/$(1)/$(1)_top.v $(ICE40_RTL) $(CURDIR)/hdl/boards/$(1)/tb_icebreaker.cpp)

# synthesis: the netlist for nextpnr (json) and for simulation (Verilog)
$(BUILD)/boards/$(1)/$(1).json: $(ICE40_RTL) $(ICE40_INCS) hdl/boards/$(1)/$(1)_top.v \
                                 $(BUILD)/boards/$(1)/fw.hex hdl/boards/$(1)/board.mk
	@mkdir -p $$(@D)
	yosys -q -l $$(@D)/yosys.log -p 'read_verilog -DSYNTHESIS -Ihdl -Icontract hdl/boards/$(1)/$(1)_top.v $(ICE40_RTL); \
	    $$(foreach p,$$(ICE40_PARAMS_$(1)),chparam -set $$(subst =, ,$$(p)) $(1)_top;) \
	    chparam -set FW_HEX "$$(abspath $(BUILD)/boards/$(1)/fw.hex)" $(1)_top; \
	    synth_ice40 -top $(1)_top -json $$@.tmp; tee -q -o $$(@D)/yosys-stat.txt stat; \
	    write_verilog -noattr $$(@D)/netlist.v' && mv $$@.tmp $$@
$(BUILD)/boards/$(1)/netlist.v: $(BUILD)/boards/$(1)/$(1).json

# the netlist with yosys's iCE40 cell models in Verilator; every flip-flop
# starts at 0 as the iCE40's do after configuration. The C++ of ~6,000
# inlined cells is compiled at -O0 (the build costs more than the run's
# ~460,000 clocks gain from -O2)
# (the json is named too: netlist.v's rule has no recipe of its own, and
# make did not count it as changed when the synthesis rewrote it, so a new
# firmware left the old netlist's binary in place)
$(BUILD)/boards/$(1)/net/tb: $(BUILD)/boards/$(1)/netlist.v $(BUILD)/boards/$(1)/$(1).json \
                             hdl/boards/$(1)/tb_icebreaker.cpp
	$$(call verilate,$(1)_top,$$@,$$(@D)/obj,$$(@D)/build.log,$(ICE40_NET_VL_FLAGS) --x-initial 0 -Wno-lint -Wno-style \
	    -Wno-TIMESCALEMOD -DNO_ICE40_DEFAULT_ASSIGNMENTS \
	    $(ICE40_CELLS) $(BUILD)/boards/$(1)/netlist.v $(CURDIR)/hdl/boards/$(1)/tb_icebreaker.cpp)
	@# Verilator's dependency file names netlist.v, which has a rule here: the top
	@# Makefile includes every *.d under build/, and would resynthesize for it
	rm -f $$(@D)/obj/*__ver.d

.PHONY: check-board-$(1) check-board-$(1)-rtl check-board-$(1)-netlist
check-board-$(1): check-board-$(1)-rtl check-board-$(1)-netlist
check-board-$(1)-rtl: $(BUILD)/boards/$(1)/rtl/tb $(BUILD)/boards/$(1)/fw.hex $(BUILD)/boards/$(1)/fw-badkat.hex \
                      $(BUILD)/boards/$(1)/fw-badpkt.hex
	@echo "check-board-$(1): RTL"
	$(BUILD)/boards/$(1)/rtl/tb
	@echo "check-board-$(1): RTL, firmware with a wrong RFC 3079 master key (must report FAILED 0x01)"
	@if $(BUILD)/boards/$(1)/rtl/tb +imem=$(BUILD)/boards/$(1)/fw-badkat.hex \
	    > $(BUILD)/boards/$(1)/badkat.log 2>&1; then cat $(BUILD)/boards/$(1)/badkat.log; \
	    echo "check-board-$(1): FAIL: the broken self-test passed"; exit 1; fi
	@grep -q 'self-test FAILED 0x01' $(BUILD)/boards/$(1)/badkat.log || { \
	    cat $(BUILD)/boards/$(1)/badkat.log; echo "check-board-$(1): FAIL: no FAILED 0x01 report"; exit 1; }
	@grep UART: $(BUILD)/boards/$(1)/badkat.log
	@echo "check-board-$(1): RTL, firmware with a wrong libmppe packet (must report FAILED 0x04)"
	@if $(BUILD)/boards/$(1)/rtl/tb +imem=$(BUILD)/boards/$(1)/fw-badpkt.hex \
	    > $(BUILD)/boards/$(1)/badpkt.log 2>&1; then cat $(BUILD)/boards/$(1)/badpkt.log; \
	    echo "check-board-$(1): FAIL: the broken self-test passed"; exit 1; fi
	@grep -q 'self-test FAILED 0x04' $(BUILD)/boards/$(1)/badpkt.log || { \
	    cat $(BUILD)/boards/$(1)/badpkt.log; echo "check-board-$(1): FAIL: no FAILED 0x04 report"; exit 1; }
	@grep UART: $(BUILD)/boards/$(1)/badpkt.log
check-board-$(1)-netlist: $(BUILD)/boards/$(1)/net/tb
	@echo "check-board-$(1): netlist of synth_ice40 with the iCE40 cell models"
	$(BUILD)/boards/$(1)/net/tb
CHECK_TARGETS += check-board-$(1)-rtl
# In make check: synthesis, the netlist's C++ at -O0 and the run take about
# 1 min 45 s of CPU (docs/hardware.md). The must-fail firmware is not run
# on the netlist (its ROM is in the netlist: a second synthesis)
CHECK_TARGETS += check-board-$(1)-netlist
endef
$(foreach b,$(ICE40_BOARDS),$(eval $(call ice40_board,$(b))))

# ice40_flow BOARD: place and route at the board clock, pack, flash
define ice40_flow
.PHONY: bitstream-$(1) flash-$(1)
bitstream-$(1): $(BUILD)/boards/$(1)/$(1).json
	@rm -f $(BUILD)/boards/$(1)/$(1).bin $(BUILD)/boards/$(1)/report.json
	@echo "bitstream-$(1): nextpnr-ice40 $$($(1)_NEXTPNR) --freq $$($(1)_CLK_MHZ) (log: $(BUILD)/boards/$(1)/nextpnr.log)"
	@if nextpnr-ice40 $$($(1)_NEXTPNR) --pcf $$($(1)_PCF) --json $$< --asc $(BUILD)/boards/$(1)/$(1).asc \
	    --freq $$($(1)_CLK_MHZ) --seed 1 --report $(BUILD)/boards/$(1)/report.json \
	    > $(BUILD)/boards/$(1)/nextpnr.log 2>&1; then :; else \
	    python3 hdl/boards/ice40_report.py $(1) $$($(1)_CLK_MHZ) $(BUILD)/boards/$(1)/nextpnr.log; \
	    echo "make bitstream BOARD=$(1): no bitstream ($$($(1)_DESC); docs/hardware.md)" >&2; exit 1; fi
	python3 hdl/boards/ice40_report.py $(1) $$($(1)_CLK_MHZ) $(BUILD)/boards/$(1)/nextpnr.log \
	    $(BUILD)/boards/$(1)/report.json
	icepack $(BUILD)/boards/$(1)/$(1).asc $(BUILD)/boards/$(1)/$(1).bin
	@echo "bitstream-$(1): $(BUILD)/boards/$(1)/$(1).bin"
flash-$(1):
	@test -f $(BUILD)/boards/$(1)/$(1).bin || { \
	    echo "make flash BOARD=$(1): no bitstream at $(BUILD)/boards/$(1)/$(1).bin; make bitstream BOARD=$(1) first" >&2; exit 1; }
	openFPGALoader $$($(1)_LOADER) --write-flash $(BUILD)/boards/$(1)/$(1).bin
endef
$(foreach b,$(ICE40_BOARDS),$(eval $(call ice40_flow,$(b))))

# lint of the board tops (-Wall, waivers inline with a reason)
.PHONY: lint-boards-ice40
lint-boards-ice40:
	@for b in $(ICE40_BOARDS); do \
	    $(call vlint,$${b}_top,$(ICE40_CELLS_VL) hdl/boards/$$b/$${b}_top.v $(ICE40_RTL)) || exit 1; \
	done
	@echo "lint-boards-ice40: clean"
LINT_TARGETS  += lint-boards-ice40
CHECK_TARGETS += lint-boards-ice40
