# The card's management subsystem (issue 8): the RV32I core (hdl/mgmt/), its
# Verilator harness (sim/mgmt/), the instruction tests (tests/mgmt-cpu/) and
# the firmware (firmware/). One module.mk for the part, because the top
# Makefile only reads <dir>/module.mk one level deep.

RV_CC      := riscv64-unknown-elf-gcc
RV_OBJCOPY := riscv64-unknown-elf-objcopy
RV_SIZE    := riscv64-unknown-elf-size
RV_NM      := riscv64-unknown-elf-nm
RV_ARCH    := -march=rv32i -mabi=ilp32
# the assembler needs the CSR and FENCE.I instructions named (GCC 12 keeps them
# out of "rv32i"); C stays rv32i so that the rv32i/ilp32 libgcc multilib is used
RV_ASARCH  := -march=rv32i_zicsr_zifencei -mabi=ilp32

# ---------------------------------------------------------------- RTL lint
# the file lists and the Verilator recipe are hdl/rtl.mk's
MGMT_SIM_RTL := sim/mgmt/tb_mgmt_top.v

.PHONY: lint-mgmt
lint-mgmt:
	$(call vlint,mgmt_top,$(RTL_MGMT))
	$(call vlint,mgmt_top,$(RTL_MGMT),-GREGFILE_BRAM=1 -GIMEM_1PORT=1)
	$(call vlint,mgmt_top,$(RTL_MGMT),-GCPU_SMALL=1)
	$(call vlint,tb_mgmt_top,$(RTL_MGMT) $(MGMT_SIM_RTL),-DMGMT_TB_NO_ENGINE)
	@echo "lint-mgmt: clean"
LINT_TARGETS  += lint-mgmt
CHECK_TARGETS += lint-mgmt

# ---------------------------------------------------------------- simulator
# build/sim/mgmt/mgmt_sim: mgmt_top with the real engine (256 flows, 1 engine);
# build/sim/mgmt-noeng/mgmt_sim: mgmt_top alone (engine absent).
INCLUDE_DIRS += sim/mgmt
MGMT_SIM_C   := sim/mgmt/mgmt_sim.c sim/mgmt/hostif_model.c sim/mgmt/fw_tests.c
MGMT_SIM       := $(BUILD)/sim/mgmt/mgmt_sim
MGMT_SIM_NOENG := $(BUILD)/sim/mgmt-noeng/mgmt_sim
MGMT_VL_FLAGS  := -O3 --x-assign fast --x-initial fast -CFLAGS "-O2 -I$(CURDIR)/sim/mgmt -I$(CURDIR)/sim -I$(abspath $(BUILD)/gen)" -Ihdl -Icontract
MGMT_VL_C      := $(CURDIR)/sim/mgmt/tb_mgmt.cpp $(abspath $(call objs_of,$(MGMT_SIM_C))) $(abspath $(BUILD)/lib/libmppe.a) \
                  -LDFLAGS "-lnettle -lcrypto"
MGMT_SIM_DEPS  := $(RTL_MGMT) $(wildcard hdl/mgmt/*.vh) contract/mgmt_map.vh contract/mppe_ctx_bus.vh $(MGMT_SIM_RTL) sim/mgmt/tb_mgmt.cpp sim/mgmt/mgmt_pins.h $(BUILD)/gen/mgmt_pins_gen.h sim/vl_wrap.h \
                  $(call objs_of,$(MGMT_SIM_C)) $(BUILD)/lib/libmppe.a

$(MGMT_SIM): $(MGMT_SIM_DEPS) $(RTL_ENGINE) contract/mppe_codes.vh hdl/mppe_keyfn.vh
	$(call verilate,tb_mgmt_top,$@,$(@D)/obj,$(@D)/build.log,$(MGMT_VL_FLAGS) -Wno-fatal \
	    $(RTL_MGMT) $(RTL_ENGINE) $(MGMT_SIM_RTL) $(MGMT_VL_C))
$(MGMT_SIM_NOENG): $(MGMT_SIM_DEPS)
	$(call verilate,tb_mgmt_top,$@,$(@D)/obj,$(@D)/build.log,$(MGMT_VL_FLAGS) -DMGMT_TB_NO_ENGINE \
	    $(RTL_MGMT) $(MGMT_SIM_RTL) $(MGMT_VL_C))
# build/sim/mgmt-bramrf/mgmt_sim: the same without the engine, the core's
# registers in block RAM, one IMEM port for fetch and data reads and DMEM
# in the UP5K's SPRAM cells (REGFILE_BRAM=1 IMEM_1PORT=1 DMEM_SPRAM=1, for
# iCE40), the cells simulated by yosys's own model (Debian yosys)
MGMT_SIM_BRAMRF := $(BUILD)/sim/mgmt-bramrf/mgmt_sim
MGMT_ICE40_CELLS := /usr/share/yosys/ice40/cells_sim.v
$(MGMT_SIM_BRAMRF): $(MGMT_SIM_DEPS)
	$(call verilate,tb_mgmt_top,$@,$(@D)/obj,$(@D)/build.log,$(MGMT_VL_FLAGS) -DMGMT_TB_NO_ENGINE \
	    -GREGFILE_BRAM=1 -GIMEM_1PORT=1 -GDMEM_SPRAM=1 -DNO_ICE40_DEFAULT_ASSIGNMENTS -Wno-lint -Wno-style -Wno-TIMESCALEMOD \
	    $(RTL_MGMT) $(MGMT_SIM_RTL) $(MGMT_ICE40_CELLS) $(MGMT_VL_C))
# build/sim/mgmt-small/mgmt_sim: the iCEBreaker's management subsystem: the
# area-first core (mgmt_cpu SMALL=1; CPU_SMALL=1 here) with the one-port
# golden IMEM and DMEM in SPRAM, beside the real engine (256 flows)
MGMT_SIM_SMALL := $(BUILD)/sim/mgmt-small/mgmt_sim
$(MGMT_SIM_SMALL): $(MGMT_SIM_DEPS) $(RTL_ENGINE) contract/mppe_codes.vh hdl/mppe_keyfn.vh
	$(call verilate,tb_mgmt_top,$@,$(@D)/obj,$(@D)/build.log,$(MGMT_VL_FLAGS) -Wno-fatal \
	    -GCPU_SMALL=1 -GIMEM_1PORT=1 -GDMEM_SPRAM=1 -DNO_ICE40_DEFAULT_ASSIGNMENTS -Wno-lint -Wno-style -Wno-TIMESCALEMOD \
	    $(RTL_MGMT) $(RTL_ENGINE) $(MGMT_SIM_RTL) $(MGMT_ICE40_CELLS) $(MGMT_VL_C))
ALL_TARGETS += $(MGMT_SIM) $(MGMT_SIM_NOENG) $(MGMT_SIM_BRAMRF) $(MGMT_SIM_SMALL)

# ---------------------------------------------------------------- instruction tests
MGMT_CPU_TESTS := alu jump_branch loadstore csr traps regfile alurand
MGMT_CPU_HEX   := $(patsubst %,$(BUILD)/mgmt-cpu/%.hex,$(MGMT_CPU_TESTS))

$(BUILD)/mgmt-cpu/%.elf: tests/mgmt-cpu/%.S tests/mgmt-cpu/test.h tests/mgmt-cpu/link.ld
	@mkdir -p $(@D)
	$(RV_CC) $(RV_ASARCH) -nostdlib -nostartfiles -T tests/mgmt-cpu/link.ld -Itests/mgmt-cpu -o $@ $<
# regfile (every register in every operand role) and alurand (OP, OP-IMM
# and branches on random operands): generated with their expected values
MGMT_CPU_GEN := regfile alurand
$(patsubst %,$(BUILD)/mgmt-cpu/%.S,$(MGMT_CPU_GEN)): $(BUILD)/mgmt-cpu/%.S: tests/mgmt-cpu/gen_rv32i.py
	@mkdir -p $(@D)
	python3 $< $* $@
$(patsubst %,$(BUILD)/mgmt-cpu/%.elf,$(MGMT_CPU_GEN)): $(BUILD)/mgmt-cpu/%.elf: $(BUILD)/mgmt-cpu/%.S \
    tests/mgmt-cpu/test.h tests/mgmt-cpu/link.ld
	$(RV_CC) $(RV_ASARCH) -nostdlib -nostartfiles -T tests/mgmt-cpu/link.ld -Itests/mgmt-cpu -o $@ $<
$(BUILD)/mgmt-cpu/%.bin: $(BUILD)/mgmt-cpu/%.elf
	$(RV_OBJCOPY) -O binary $< $@
$(BUILD)/mgmt-cpu/%.hex: $(BUILD)/mgmt-cpu/%.bin firmware/tools/bin2memh.py
	python3 firmware/tools/bin2memh.py $< $@
ALL_TARGETS += $(MGMT_CPU_HEX)

.SECONDARY: $(patsubst %,$(BUILD)/mgmt-cpu/%.elf,$(MGMT_CPU_TESTS) must_fail) \
            $(patsubst %,$(BUILD)/mgmt-cpu/%.bin,$(MGMT_CPU_TESTS) must_fail)
.PHONY: check-mgmt-cpu
check-mgmt-cpu: $(MGMT_SIM_NOENG) $(MGMT_SIM_BRAMRF) $(MGMT_SIM_SMALL) $(MGMT_CPU_HEX) $(BUILD)/mgmt-cpu/must_fail.hex
	@for t in $(MGMT_CPU_TESTS); do \
	    printf 'mgmt-cpu %-12s ' $$t; \
	    $(MGMT_SIM_NOENG) cpu +imem=$(BUILD)/mgmt-cpu/$$t.hex || exit 1; \
	    printf 'mgmt-cpu %-12s regfile in RAM: ' $$t; \
	    $(MGMT_SIM_BRAMRF) cpu +imem=$(BUILD)/mgmt-cpu/$$t.hex || exit 1; \
	    printf 'mgmt-cpu %-12s small core: ' $$t; \
	    $(MGMT_SIM_SMALL) cpu +imem=$(BUILD)/mgmt-cpu/$$t.hex || exit 1; \
	done
	@for s in $(MGMT_SIM_NOENG) $(MGMT_SIM_SMALL); do \
	    printf 'mgmt-cpu %-12s %s: ' must_fail $$s; \
	    if $$s cpu +imem=$(BUILD)/mgmt-cpu/must_fail.hex 2>&1 | tee $(BUILD)/mgmt-cpu/must_fail.log | \
	        grep -q 'test case 7 failed'; then echo "failed as it must (case 7)"; \
	    else echo "FAIL: the harness did not report the broken case"; exit 1; fi; \
	done
CHECK_TARGETS += check-mgmt-cpu

# ---------------------------------------------------------------- firmware
FW_VERSION      := 1.0.0
FW_VERSION_HEX  := 0x010000
# a second build, one patch level up, that the update test installs
FW_NEXT_VERSION := 1.0.1
FW_NEXT_HEX     := 0x010001

FW_SRCS   := firmware/main.c firmware/admin.c firmware/flows.c firmware/selftest.c \
             firmware/fwupdate.c firmware/evlog.c firmware/util.c
FW_CARD_SRCS := firmware/card_main.c firmware/hal_mgmt.c firmware/libc_min.c
# the card's IMEM and DMEM (mgmt_top's default IMEM_AW, DMEM_AW: 16 KiB each)
FW_CARD_MEM  := -Wl,--defsym=FW_IMEM_LEN=16384 -Wl,--defsym=FW_DMEM_LEN=16384
FW_CFLAGS := -std=c11 -Os -g $(WARN) $(RV_ARCH) -ffreestanding -fno-builtin \
             -fno-tree-loop-distribute-patterns -ffunction-sections -fdata-sections \
             -Icontract -Ifirmware -MMD -MP

# fw_build NAME VERSION_HEX VERSION: build/firmware/NAME.{elf,bin,hex,img}
define fw_build
$(BUILD)/firmware/$(1)/%.o: firmware/%.c
	@mkdir -p $$(@D)
	$(RV_CC) $(FW_CFLAGS) -DFW_VERSION=$(2)u -c -o $$@ $$<
$(BUILD)/firmware/$(1)/start.o: firmware/start.S
	@mkdir -p $$(@D)
	$(RV_CC) $(RV_ASARCH) -c -o $$@ $$<
$(BUILD)/firmware/$(1).elf: $(BUILD)/firmware/$(1)/start.o \
    $(patsubst firmware/%.c,$(BUILD)/firmware/$(1)/%.o,$(FW_SRCS) $(FW_CARD_SRCS)) firmware/link.ld
	$(RV_CC) $(RV_ARCH) -nostdlib -nostartfiles -T firmware/link.ld -Wl,--gc-sections \
	    $(FW_CARD_MEM) -o $$@ $$(filter %.o,$$^) -lgcc
$(BUILD)/firmware/$(1).bin: $(BUILD)/firmware/$(1).elf
	$(RV_OBJCOPY) -O binary $$< $$@
$(BUILD)/firmware/$(1).hex: $(BUILD)/firmware/$(1).bin firmware/tools/bin2memh.py
	python3 firmware/tools/bin2memh.py $$< $$@
$(BUILD)/firmware/$(1).img: $(BUILD)/firmware/$(1).bin $(BUILD)/bin/mkfwimg
	$(BUILD)/bin/mkfwimg $(3) $$< $$@
ALL_TARGETS += $(BUILD)/firmware/$(1).hex $(BUILD)/firmware/$(1).img
endef
$(eval $(call fw_build,firmware,$(FW_VERSION_HEX),$(FW_VERSION)))
$(eval $(call fw_build,firmware-next,$(FW_NEXT_HEX),$(FW_NEXT_VERSION)))

INCLUDE_DIRS += firmware driver/card
$(eval $(call c_program,mkfwimg,firmware/tools/mkfwimg.c firmware/util.c))
$(call uses_version,firmware/tools/mkfwimg.c)

# ---------------------------------------------------------------- firmware on the RTL core
.PHONY: check-mgmt-fw bench-mgmt
check-mgmt-fw: $(MGMT_SIM) $(MGMT_SIM_NOENG) $(MGMT_SIM_BRAMRF) $(MGMT_SIM_SMALL) $(BUILD)/firmware/firmware.hex \
               $(BUILD)/firmware/firmware.img $(BUILD)/firmware/firmware-next.img
	$(MGMT_SIM) fw +imem=$(BUILD)/firmware/firmware.hex $(BUILD)/firmware/firmware.img \
	    $(BUILD)/firmware/firmware-next.img
	$(MGMT_SIM_NOENG) fw-noengine +imem=$(BUILD)/firmware/firmware.hex $(BUILD)/firmware/firmware.img \
	    $(BUILD)/firmware/firmware-next.img
	$(MGMT_SIM_BRAMRF) fw-noengine +imem=$(BUILD)/firmware/firmware.hex $(BUILD)/firmware/firmware.img \
	    $(BUILD)/firmware/firmware-next.img
	$(MGMT_SIM) selftest-fail +imem=$(BUILD)/firmware/firmware-badsha1.hex
	$(MGMT_SIM) fatal +imem=$(BUILD)/firmware/firmware-badinsn.hex
	$(MGMT_SIM_SMALL) fw +imem=$(BUILD)/firmware/firmware.hex $(BUILD)/firmware/firmware.img \
	    $(BUILD)/firmware/firmware-next.img
	$(MGMT_SIM_SMALL) selftest-fail +imem=$(BUILD)/firmware/firmware-badsha1.hex
	$(MGMT_SIM_SMALL) fatal +imem=$(BUILD)/firmware/firmware-badinsn.hex

# the firmware with one bit of its SHA-1 known answer flipped
$(BUILD)/firmware/firmware-badsha1.hex: $(BUILD)/firmware/firmware.hex $(BUILD)/firmware/firmware.elf \
                                        firmware/tools/flip_bit.py
	python3 firmware/tools/flip_bit.py $< \
	    0x$$($(RV_NM) $(BUILD)/firmware/firmware.elf | awk '$$3 == "st_sha1_abc" { print $$1 }') 0 $@
# the firmware with the first instruction of fw_poll made illegal (bit 0 of
# its opcode cleared: a compressed encoding, which this core does not have)
$(BUILD)/firmware/firmware-badinsn.hex: $(BUILD)/firmware/firmware.hex $(BUILD)/firmware/firmware.elf \
                                        firmware/tools/flip_bit.py
	python3 firmware/tools/flip_bit.py $< \
	    0x$$($(RV_NM) $(BUILD)/firmware/firmware.elf | awk '$$3 == "fw_poll" { print $$1 }') 0 $@
check-mgmt-fw: $(BUILD)/firmware/firmware-badsha1.hex $(BUILD)/firmware/firmware-badinsn.hex
CHECK_TARGETS += check-mgmt-fw

# Recovery: update images that hang (never kick the watchdog) and lock the
# core up; the card must come back in the golden image and count it.
$(BUILD)/firmware/img_%.bin: tests/firmware/img_%.S
	@mkdir -p $(@D)
	$(RV_CC) $(RV_ASARCH) -nostdlib -nostartfiles -Ttext=0 -o $(@:.bin=.elf) $<
	$(RV_OBJCOPY) -O binary $(@:.bin=.elf) $@
$(BUILD)/firmware/img_%.img: $(BUILD)/firmware/img_%.bin $(BUILD)/bin/mkfwimg
	$(BUILD)/bin/mkfwimg 9.9.9 $< $@
.PHONY: check-mgmt-recovery
check-mgmt-recovery: $(MGMT_SIM) $(MGMT_SIM_SMALL) $(BUILD)/firmware/firmware.hex $(BUILD)/firmware/img_hang.img \
                     $(BUILD)/firmware/img_lockup.img
	$(MGMT_SIM) recovery +imem=$(BUILD)/firmware/firmware.hex $(BUILD)/firmware/img_hang.img \
	    $(BUILD)/firmware/img_lockup.img
	$(MGMT_SIM_SMALL) recovery +imem=$(BUILD)/firmware/firmware.hex $(BUILD)/firmware/img_hang.img \
	    $(BUILD)/firmware/img_lockup.img
CHECK_TARGETS += check-mgmt-recovery

# MGMT_MHZ: the clock the flow rate is converted at: the core's iCE40 Fmax
# estimate (docs/mgmt-cpu-ice40.txt)
MGMT_MHZ ?= 25
bench-mgmt: $(MGMT_SIM) $(BUILD)/firmware/firmware.hex $(BUILD)/firmware/firmware.img
	@$(MGMT_SIM) bench +imem=$(BUILD)/firmware/firmware.hex $(BUILD)/firmware/firmware.img $(MGMT_MHZ)
BENCH_TARGETS += bench-mgmt

# ---------------------------------------------------------------- firmware on the host
# The firmware's sources with firmware/hal_mgmt.c replaced by the fake HAL.
FW_HOST_SRCS := $(FW_SRCS) tests/firmware/fake_hal.c
INCLUDE_DIRS += tests/firmware
$(eval $(call unit_test,test_fw,tests/firmware/test_fw.c $(FW_HOST_SRCS),mppe))
$(eval $(call fuzz_target,fuzz_fw_admin,tests/firmware/fuzz_fw_admin.c $(FW_HOST_SRCS),mppe))

# ---------------------------------------------------------------- synthesis
# yosys synth_xilinx of mgmt_top (7-series cells); make synth-report copies it to docs/.
.PHONY: synth-mgmt
synth-mgmt:
	@mkdir -p $(BUILD)/synth
	yosys -q -l $(BUILD)/synth/mgmt_xilinx.log \
	    -p 'read_verilog -DSYNTHESIS -Ihdl -Icontract $(RTL_MGMT); synth_xilinx -top mgmt_top -flatten; tee -q -o $(BUILD)/synth/mgmt_xilinx.txt stat'
	{ echo "# yosys $$(yosys -V | cut -d' ' -f2) synth_xilinx -top mgmt_top (make synth-mgmt)"; \
	  sed -n '/Number of wires/,$$p' $(BUILD)/synth/mgmt_xilinx.txt; } > $(BUILD)/synth/mgmt-synth-xilinx.txt
	@grep -E 'Number of cells|LUT6|RAMB' $(BUILD)/synth/mgmt-synth-xilinx.txt
SYNTH_TARGETS += synth-mgmt

# Fmax estimate of the core alone: iCE40 HX8K (ct256, I/O placed by the
# tool), yosys synth_ice40 + nextpnr-ice40. Report in $(BUILD)/synth, copied to docs/mgmt-cpu-ice40.txt by make synth-report.
.PHONY: synth-mgmt-cpu
synth-mgmt-cpu:
	@mkdir -p $(BUILD)/synth
	yosys -q -l $(BUILD)/synth/cpu_ice40.log \
	    -p 'read_verilog -DSYNTHESIS -Ihdl $(RTL_MGMT_CPU); synth_ice40 -top mgmt_cpu -json $(BUILD)/synth/cpu_ice40.json; tee -q -o $(BUILD)/synth/cpu_ice40.txt stat'
	nextpnr-ice40 --hx8k --package ct256 --json $(BUILD)/synth/cpu_ice40.json --freq 25 --seed 1 \
	    > $(BUILD)/synth/cpu_pnr.log 2>&1
	{ echo "# mgmt_cpu alone: yosys synth_ice40 + nextpnr-ice40 --hx8k --package ct256 (make synth-mgmt-cpu)"; \
	  grep -E 'SB_LUT4|SB_DFF|SB_CARRY|SB_RAM|Number of cells' $(BUILD)/synth/cpu_ice40.txt; \
	  grep -E 'Max frequency' $(BUILD)/synth/cpu_pnr.log | tail -1; } > $(BUILD)/synth/mgmt-cpu-ice40.txt
	yosys -q -l $(BUILD)/synth/cpu_small_ice40.log \
	    -p 'read_verilog -DSYNTHESIS -Ihdl $(RTL_MGMT_CPU); chparam -set SMALL 1 mgmt_cpu; synth_ice40 -top mgmt_cpu; tee -q -o $(BUILD)/synth/cpu_small_ice40.txt stat'
	yosys -q -l $(BUILD)/synth/cpu_small_wrapped.log \
	    -p 'read_verilog -DSYNTHESIS -Ihdl $(RTL_MGMT_CPU) hdl/synth/mgmt_cpu_timing_top.v; chparam -set SMALL 1 mgmt_cpu_timing_top; synth_ice40 -top mgmt_cpu_timing_top -json $(BUILD)/synth/cpu_small_wrapped.json'
	printf 'set_io clk_i 35\n' > $(BUILD)/synth/cpu_small.pcf
	nextpnr-ice40 --up5k --package sg48 --json $(BUILD)/synth/cpu_small_wrapped.json --pcf $(BUILD)/synth/cpu_small.pcf \
	    --pcf-allow-unconstrained --freq 12 --seed 1 > $(BUILD)/synth/cpu_small_pnr.log 2>&1
	{ echo "# mgmt_cpu SMALL=1 (the area-first core) alone: yosys synth_ice40"; \
	  grep -E 'SB_LUT4|SB_DFF|SB_CARRY|SB_RAM|Number of cells' $(BUILD)/synth/cpu_small_ice40.txt; \
	  echo "# ... in hdl/synth/mgmt_cpu_timing_top.v (its shift register and output multiplexer counted): nextpnr-ice40 --up5k --package sg48"; \
	  grep -E 'ICESTORM_LC|ICESTORM_RAM' $(BUILD)/synth/cpu_small_pnr.log | tail -2; \
	  grep -E 'Max frequency' $(BUILD)/synth/cpu_small_pnr.log | tail -1; } >> $(BUILD)/synth/mgmt-cpu-ice40.txt
	@cat $(BUILD)/synth/mgmt-cpu-ice40.txt
SYNTH_TARGETS += synth-mgmt-cpu
# make synth writes under build/ only; make synth-report copies into docs/
.PHONY: synth-report-mgmt
synth-report-mgmt: synth-mgmt synth-mgmt-cpu
	cp $(BUILD)/synth/mgmt-synth-xilinx.txt docs/mgmt-synth-xilinx.txt
	cp $(BUILD)/synth/mgmt-cpu-ice40.txt docs/mgmt-cpu-ice40.txt
synth-report: synth-report-mgmt
