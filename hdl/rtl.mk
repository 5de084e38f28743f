# The RTL's file lists, written once for every build that reads them: the
# Verilator models and lints (sim/module.mk, sim/pcie, firmware/module.mk),
# the iCE40 boards (hdl/boards/ice40.mk) and the synthesis scripts' callers.
# Read by the top Makefile before any <part>/module.mk, so that a part's rules
# can name them in their prerequisites. Includes: contract/ (-Icontract).
RTL_ENGINE := hdl/rc4_core.v hdl/rc4_bram.v hdl/rc4_bram_port.v hdl/sha1_core.v hdl/sha1_iter.v \
              hdl/fifo_fwft.v hdl/ram_sp.v \
              hdl/mppe_engine.v hdl/mppe_ctx_port.v hdl/mppe_top.v
RTL_HIF    := hdl/hif_top.v hdl/hif_regs.v hdl/hif_fetch.v hdl/hif_cpl.v hdl/hif_irq.v hdl/hif_admdma.v
RTL_MGMT   := $(sort $(wildcard hdl/mgmt/*.v))
# the whole card: host interface, engine, management core
RTL_CARD   := hdl/card_top.v $(RTL_HIF) $(RTL_ENGINE) $(RTL_MGMT)
