# PPTP VPN concentrator with a hardware MPPE offload card.
#
# User-facing targets install what they need first (mk/deps.sh), then run
# the real work in a sub-make so that a fresh Debian 12 machine needs nothing
# but this repository:
#   make            build everything into build/
#   make check      every test (unit, ASan/UBSan, fuzz smoke, RTL, integration)
#   make bench      benchmarks; one "BENCH name key=value ..." line per result
#   make plots      pictures of the last make bench run into docs/bench/ (gnuplot)
#   make formal     formal proofs of the RTL (yosys-smtbmc; docs/rtl-verification.md)
#   make demo       the concentrator end to end (see README)
#   make bitstream BOARD=b / make flash BOARD=b   FPGA boards (hdl/boards/)
#   make install    programs, man pages, systemd unit (PREFIX=/usr/local, DESTDIR; dist/)
#   make deb        the Debian package in build/deb (dist/debian)
#   make deps       only install missing Debian packages
#   make clean
# Each part of the tree describes its own build in <part>/module.mk.

NPROC := $(shell nproc 2>/dev/null || echo 2)
SUBMAKE = $(MAKE) --no-print-directory -j$(NPROC)

.DEFAULT_GOAL := all
.PHONY: all check bench demo deps clean lint soak synth formal plots
all check bench demo lint soak synth formal plots: deps
	@+$(SUBMAKE) $@-internal

deps:
	@./mk/deps.sh

.PHONY: bitstream flash
bitstream flash: deps
	@+$(SUBMAKE) $@-internal BOARD=$(BOARD)

clean:
	rm -rf build

INCLUDE_DIRS :=
include mk/common.mk
include hdl/rtl.mk
include $(sort $(wildcard */module.mk))

.PHONY: all-internal check-internal bench-internal demo-internal lint-internal soak-internal synth-internal
.PHONY: formal-internal
.PHONY: check-unit check-asan check-fuzz
all-internal: $(ALL_TARGETS)
check-unit: $(addprefix run-unit-,$(UNIT_TESTS))
check-asan: $(addprefix run-asan-,$(UNIT_TESTS))
check-fuzz: $(addprefix run-fuzz-,$(FUZZ_TARGETS))
# every lint target too (make lint): all are clean, and the Verilator lints
# together cost seconds of CPU (lint-rtl 5.6 s)
# CHECK_FIRST: long single jobs, started before the builds so that they do
# not run alone at the end of -j2
check-internal: $(CHECK_FIRST) all-internal check-unit check-asan check-fuzz $(CHECK_TARGETS) $(LINT_TARGETS)
	@echo "make check: all tests passed"
# one part after another (run_all.sh), not side by side at -j: they measure time
bench-internal:
	@tests/bench/run_all.sh "$(MAKE)" $(BUILD) $(BENCH_TARGETS)
# pictures of the last make bench run (build/bench-results) into docs/bench/
plots-internal:
	@test -s $(BUILD)/bench-results/results.txt || { echo "make plots: run make bench first" >&2; exit 1; }
	@python3 tests/bench/plots.py $(BUILD)/bench-results/results.txt docs/bench
lint-internal: $(LINT_TARGETS)
soak-internal: $(SOAK_TARGETS)
synth-internal: $(SYNTH_TARGETS)
formal-internal: $(FORMAL_TARGETS)
demo-internal: $(DEMO_TARGETS)

# build/guest holds unpacked Debian packages (tests/guest/), whose *.d are not ours
-include $(shell find $(BUILD) -path $(BUILD)/guest -prune -o -name '*.d' -type f -print 2>/dev/null)
