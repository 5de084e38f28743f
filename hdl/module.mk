# hdl/: synthesis of the RTL MPPE engine (its simulation and lint are in
# sim/module.mk). `make synth` regenerates docs/synth-report.md; slow (tens of
# minutes on 2 shared cores), so it is not part of `make check`.
.PHONY: synth-rtl
synth-rtl:
	sh hdl/synth/run.sh
SYNTH_TARGETS += synth-rtl
include hdl/boards/boards.mk
include hdl/pcie/pcie.mk
