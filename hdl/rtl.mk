# The RTL's file lists and the one way the tree runs Verilator on them,
# written once for every build that reads them: the Verilator models and
# lints (sim/module.mk, sim/pcie, firmware/module.mk, hdl/boards/ice40.mk),
# the iCE40 boards and the synthesis scripts' callers. Read by the top
# Makefile before any <part>/module.mk, so that a part's rules can name them
# in their prerequisites. Includes: contract/ (-Icontract).
# one MPPE engine (mppe_engine and the units it instantiates), synthesized alone by hdl/synth/
RTL_ENGINE_UNIT := hdl/rc4_core.v hdl/rc4_bram.v hdl/rc4_bram_port.v hdl/sha1_core.v hdl/sha1_iter.v \
              hdl/mppe_nextkey.v hdl/mppe_rxdecide.v hdl/mppe_stream.v hdl/mppe_engine.v
# the engines with their flow contexts and dispatcher (mppe_top)
RTL_ENGINE := $(RTL_ENGINE_UNIT) hdl/fifo_fwft.v hdl/ram_sp.v hdl/mppe_ctx_port.v hdl/mppe_top.v
# the engine farm (issue 15; in the card with card_top FARM=1, hdl/card_farm.v): RC4 lanes and key-change units
RTL_FARM   := hdl/mppe_farm.v hdl/mppe_lane_pair.v hdl/mppe_lane.v hdl/mppe_keyunit.v hdl/mppe_nextkey.v hdl/sha1_core.v hdl/rc4_ks.v hdl/rc4_dp.v hdl/rc4_bram.v
RTL_HIF    := hdl/hif_top.v hdl/hif_regs.v hdl/hif_fetch.v hdl/hif_cpl.v hdl/hif_irq.v hdl/hif_admdma.v
RTL_MGMT   := $(sort $(wildcard hdl/mgmt/*.v))
# the management core's CPU alone (both variants; synthesized alone by hdl/synth/ice40_blocks.sh)
RTL_MGMT_CPU := hdl/mgmt/mgmt_cpu.v hdl/mgmt/mgmt_cpu_small.v
# the whole card: host interface, engine, management core, and the farm
# beside the engine (card_top FARM=1)
RTL_CARD   := hdl/card_top.v hdl/card_farm.v $(RTL_HIF) $(RTL_ENGINE) $(filter-out $(RTL_ENGINE),$(RTL_FARM)) $(RTL_MGMT)
# the PCIe endpoint adapter (docs/pcie.md), which boards put in front of the card
RTL_PCIE   := hdl/pcie/pcie_adapter.v hdl/pcie/pcie_ep_core.v hdl/pcie/pcie_rx_dw.v hdl/pcie/pcie_tx_pack.v \
              hdl/pcie/pcie_msix.v hdl/pcie/pcie_async_fifo.v hdl/fifo_fwft.v

VERILATOR ?= verilator
# the C++ compiler jobs of one model (verilator --build -j)
VL_JOBS   ?= 2

# $(call verilate,TOP,PROGRAM,MDIR,LOG,ARGS): the recipe of one Verilator
# model, module TOP built (--cc --exe --build) into the program PROGRAM, its
# C++ and objects in MDIR, Verilator's and the compiler's messages in LOG (the
# last 40 lines shown when it fails). ARGS: the model's own flags, parameters,
# sources, C objects, -CFLAGS and -LDFLAGS. PROGRAM is removed first:
# verilator --build does not relink for a changed C object it does not track.
define verilate
	@mkdir -p $(dir $(2)) $(dir $(4)) && rm -f $(2)
	$(VERILATOR) --cc --exe --build -j $(VL_JOBS) --top-module $(1) --Mdir $(3) -o $(abspath $(2)) $(5) \
	    > $(4) 2>&1 || { tail -n 40 $(4); exit 1; }
endef

# $(call vlint,TOP,FILES[,FLAGS]): Verilator's lint of module TOP, every
# warning on (waivers only inline in the RTL, each with its reason)
vlint = $(VERILATOR) --lint-only -Wall -Ihdl -Icontract $(3) --top-module $(1) $(2)
