# hdl/pcie: the PCIe endpoint adapter (docs/pcie.md). Its simulation is in
# sim/pcie/pcie.mk. Included from hdl/module.mk.
.PHONY: synth-pcie
# yosys synth_xilinx of the adapter alone: one BENCH line (make synth)
synth-pcie:
	sh hdl/pcie/synth.sh
SYNTH_TARGETS += synth-pcie
