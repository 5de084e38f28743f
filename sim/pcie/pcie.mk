# sim/pcie: the PCIe endpoint adapter (hdl/pcie/) in Verilator against the
# TLP-level root complex model (sim/pcie/tlp_host.c); docs/pcie.md.
# Included from sim/module.mk.
# the adapter's files: RTL_PCIE of hdl/rtl.mk
PCIE_TB_C := sim/pcie/tb_pcie.c sim/pcie/tlp_host.c
PCIE_TB_MDIR := $(BUILD)/sim/pcie/obj
# a short completion timeout (2^14 clocks) so the test can wait one out; the
# FIFO invariants of hdl/fifo_fwft.v (MPPE_ASSERT) are checked as it runs
PCIE_TB_GEN := -GCPL_TO_W=14 -GNTAGS=8 -GTAG_W=3 --assert +define+MPPE_ASSERT
PCIE_TB_VFLAGS ?=

$(BUILD)/sim/pcie/tb_pcie: $(RTL_PCIE) sim/pcie/tb_pcie_rtl.cpp sim/pcie/tb_pcie_pins.h sim/pcie/pcie.mk \
                           $(call objs_of,$(PCIE_TB_C))
	$(call verilate,pcie_adapter,$@,$(PCIE_TB_MDIR),$(BUILD)/sim/pcie/build.log,\
	    -O3 --x-assign fast --x-initial fast -Wall $(PCIE_TB_VFLAGS) -Ihdl -Icontract $(PCIE_TB_GEN) -MAKEFLAGS "OPT_FAST=-O2" \
	    -CFLAGS "-O2 -I$(CURDIR)/sim/pcie -DTB_NTAGS=8 -DTB_CPL_TO_W=14" \
	    $(RTL_PCIE) $(CURDIR)/sim/pcie/tb_pcie_rtl.cpp $(addprefix $(CURDIR)/,$(call objs_of,$(PCIE_TB_C))))
$(call objs_of,sim/pcie/tb_pcie.c): CPPFLAGS += -DTB_NTAGS=8 -DTB_CPL_TO_W=14

.PHONY: check-pcie lint-pcie
# two clock ratios (card slower and faster than the 250 MHz user clock),
# back-pressure on every stream
check-pcie: $(BUILD)/sim/pcie/tb_pcie
	$(BUILD)/sim/pcie/tb_pcie --seed 1 --card-period 7 --stall 30
	$(BUILD)/sim/pcie/tb_pcie --seed 2 --card-period 3 --stall 50 --ops 150
CHECK_TARGETS += check-pcie

lint-pcie:
	$(call vlint,pcie_adapter,$(RTL_PCIE))
	@echo "lint-pcie: clean"
LINT_TARGETS += lint-pcie
CHECK_TARGETS += lint-pcie

# the faults tb_pcie must catch, each in a copy of hdl/pcie/ (minutes; not in make check)
.PHONY: mutants-pcie
mutants-pcie:
	python3 sim/pcie/mutants.py
