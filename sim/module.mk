# sim/: Verilator test bench and benchmarks of the RTL MPPE engine (hdl/).
# The model is built once per engine count: build/sim/eN/tb_mppe (N = 1, 4, 8).
# All test logic is C (sim/tb_*.c) linked with libmppe; sim/tb_top.cpp is the
# thin Verilator harness. RTL_WAVES=1 builds with FST tracing (--wave FILE).

RTL_CORE_SRCS := hdl/rc4_core.v hdl/sha1_core.v hdl/fifo_fwft.v hdl/ram_sp.v \
                 hdl/mppe_engine.v hdl/mppe_ctx_port.v hdl/mppe_top.v
RTL_INCS      := hdl/mppe_pkg.vh
TB_C_SRCS     := sim/tb_drv.c sim/tb_mppe.c
TB_OBJS       := $(call objs_of,$(TB_C_SRCS))
BENCH_C_SRCS  := sim/tb_drv.c sim/bench_mppe.c
BENCH_OBJS    := $(call objs_of,$(BENCH_C_SRCS))
INCLUDE_DIRS  += sim

VERILATOR      ?= verilator
RTL_NUM_FLOWS  ?= 4096
RTL_WAVES      ?= 0
VL_FLAGS := --cc --exe --build -j 2 -O3 --x-assign fast --x-initial fast -Wno-fatal \
            -Ihdl --top-module mppe_top -MAKEFLAGS "OPT_FAST=-O2"
ifeq ($(RTL_WAVES),1)
VL_FLAGS += --trace-fst -CFLAGS -DTB_WAVES
endif

# rtl_model N: build/sim/eN/{tb_mppe,bench_mppe}
define rtl_model
$(BUILD)/sim/e$(1)/tb_mppe: $(RTL_CORE_SRCS) $(RTL_INCS) sim/tb_top.cpp sim/tb_pins.h $(TB_OBJS) $(BUILD)/lib/libmppe.a
	@mkdir -p $$(@D) && rm -f $$@
	$(VERILATOR) $(VL_FLAGS) -GNUM_ENGINES=$(1) -GNUM_FLOWS=$(RTL_NUM_FLOWS) \
	    --Mdir $(BUILD)/sim/e$(1)/obj_tb -o $(CURDIR)/$$@ \
	    -CFLAGS "-DTB_NUM_ENGINES=$(1) -DTB_NUM_FLOWS=$(RTL_NUM_FLOWS) -I$(CURDIR)/sim" \
	    $(RTL_CORE_SRCS) $(CURDIR)/sim/tb_top.cpp $(addprefix $(CURDIR)/,$(TB_OBJS)) \
	    $(CURDIR)/$(BUILD)/lib/libmppe.a -LDFLAGS "-lnettle -lcrypto" > $(BUILD)/sim/e$(1)/build-tb.log 2>&1 \
	    || { tail -40 $(BUILD)/sim/e$(1)/build-tb.log; exit 1; }
$(BUILD)/sim/e$(1)/bench_mppe: $(RTL_CORE_SRCS) $(RTL_INCS) sim/tb_top.cpp sim/tb_pins.h $(BENCH_OBJS) $(BUILD)/lib/libmppe.a
	@mkdir -p $$(@D) && rm -f $$@
	$(VERILATOR) $(VL_FLAGS) -GNUM_ENGINES=$(1) -GNUM_FLOWS=$(RTL_NUM_FLOWS) \
	    --Mdir $(BUILD)/sim/e$(1)/obj_bench -o $(CURDIR)/$$@ \
	    -CFLAGS "-DTB_NUM_ENGINES=$(1) -DTB_NUM_FLOWS=$(RTL_NUM_FLOWS) -I$(CURDIR)/sim" \
	    $(RTL_CORE_SRCS) $(CURDIR)/sim/tb_top.cpp $(addprefix $(CURDIR)/,$(BENCH_OBJS)) \
	    $(CURDIR)/$(BUILD)/lib/libmppe.a -LDFLAGS "-lnettle -lcrypto" > $(BUILD)/sim/e$(1)/build-bench.log 2>&1 \
	    || { tail -40 $(BUILD)/sim/e$(1)/build-bench.log; exit 1; }
endef
$(foreach n,1 4 8,$(eval $(call rtl_model,$(n))))

.PHONY: check-rtl bench-rtl lint-rtl
# check: 4 engines, all directed tests and 10,000+ random operations; then a
# 1-engine model on a shorter random run (one engine: no dispatcher choice).
check-rtl: $(BUILD)/sim/e4/tb_mppe $(BUILD)/sim/e1/tb_mppe
	$(BUILD)/sim/e4/tb_mppe --seed 1 --ops 10000
	$(BUILD)/sim/e1/tb_mppe --seed 2 --ops 2000 random
CHECK_TARGETS += check-rtl

bench-rtl: $(BUILD)/sim/e1/bench_mppe $(BUILD)/sim/e4/bench_mppe $(BUILD)/sim/e8/bench_mppe
	$(BUILD)/sim/e1/bench_mppe --fmax-file docs/synth-report.md --keystream --sw
	$(BUILD)/sim/e4/bench_mppe --fmax-file docs/synth-report.md
	$(BUILD)/sim/e8/bench_mppe --fmax-file docs/synth-report.md
# BENCH_TARGETS += bench-rtl  (sim/bench_mppe.c lands next)

# lint: every RTL file of the engine, -Wall, waivers only inline with a reason
lint-rtl:
	$(VERILATOR) --lint-only -Wall -Ihdl --top-module mppe_top $(RTL_CORE_SRCS)
	$(VERILATOR) --lint-only -Wall -Ihdl --top-module rc4_core hdl/rc4_core.v
	$(VERILATOR) --lint-only -Wall -Ihdl --top-module sha1_core hdl/sha1_core.v
	@echo "lint-rtl: clean"
LINT_TARGETS += lint-rtl
