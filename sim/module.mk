# sim/: the simulated card (cardsim) and the card interface definitions.
#
# The card interface has one source, hdl/card_if.txt; `make card-if`
# regenerates hdl/card_if.vh, driver/card/card_if.h and
# docs/card-interface.md, and `make check` fails if they are stale.
CARD_IF_SRC := hdl/card_if.txt
CARD_IF_GEN := python3 hdl/gen_card_if.py $(CARD_IF_SRC) --vh hdl/card_if.vh \
               --h driver/card/card_if.h --md docs/card-interface.md --intro hdl/card_if_intro.md

.PHONY: card-if check-card-if
card-if:
	$(CARD_IF_GEN)
check-card-if:
	$(CARD_IF_GEN) --check
	@echo "card-if: generated files are current"
CHECK_TARGETS += check-card-if

# ---------------------------------------------------------------- cardsim
# The Verilated card (hdl/card_top.v) with its PCIe side and vfio-user
# server (sim/cardsim/*.c, docs/cardsim.md).
INCLUDE_DIRS += driver
HIF_RTL     := hdl/hif_top.v hdl/hif_regs.v hdl/hif_fetch.v hdl/hif_cpl.v hdl/hif_irq.v hdl/hif_admdma.v
CARDSIM_RTL := hdl/card_top.v $(HIF_RTL)
CARDSIM_C   := sim/cardsim/main.c sim/cardsim/vfu_server.c sim/cardsim/pcie_model.c
CARDSIM_MDIR := $(BUILD)/sim/cardsim
VERILATOR_FLAGS := -O3 --x-assign fast --x-initial fast -Wall -Ihdl

$(BUILD)/bin/cardsim: $(CARDSIM_RTL) hdl/card_if.vh sim/cardsim/card_rtl.cpp sim/cardsim/card_rtl.h \
                      $(call objs_of,$(CARDSIM_C))
	@mkdir -p $(CARDSIM_MDIR) $(@D)
	verilator --cc --exe --build -j 2 $(VERILATOR_FLAGS) --trace-fst -MAKEFLAGS "-j1" --top-module card_top \
	    --Mdir $(CARDSIM_MDIR) -o cardsim -CFLAGS "-O2 -I$(CURDIR)/sim/cardsim" \
	    $(CARDSIM_RTL) $(CURDIR)/sim/cardsim/card_rtl.cpp $(addprefix $(CURDIR)/,$(call objs_of,$(CARDSIM_C))) \
	    > $(CARDSIM_MDIR)/build.log 2>&1 || { tail -n 40 $(CARDSIM_MDIR)/build.log; exit 1; }
	cp $(CARDSIM_MDIR)/cardsim $@
ALL_TARGETS += $(BUILD)/bin/cardsim

.PHONY: lint-hif
lint-hif:
	verilator --lint-only $(VERILATOR_FLAGS) --top-module card_top $(CARDSIM_RTL)
	@echo "lint-hif: clean"
LINT_TARGETS += lint-hif
CHECK_TARGETS += lint-hif
