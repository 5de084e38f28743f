# Shared build rules. Every part of the tree describes itself in its own
# <part>/module.mk using the macros below; nothing part-specific lives here.
#
#   $(call c_library,NAME,SRCS)                 build/lib/libNAME.a (+ ASan variant)
#   $(call c_program,NAME,SRCS,LIBS,LDLIBS)     build/bin/NAME      (+ ASan variant)
#   $(call test_program,NAME,SRCS,LIBS,LDLIBS)  build/tests/NAME    a test driver run by its own rule
#   $(call bench_program,NAME,SRCS,LIBS,LDLIBS) build/bench/NAME    a benchmark program
#   $(call unit_test,NAME,SRCS,LIBS,LDLIBS)     build/tests/NAME, run by check-unit and check-asan
#   $(call fuzz_target,NAME,SRCS,LIBS,LDLIBS)   build/fuzz/NAME (libFuzzer), smoke-run by check-fuzz
#   $(call fuzz_run,NAME,ENV)                   only the smoke run, for a fuzzer with its own link rule
#
# LIBS are library NAMEs from c_library, dependents first. Sources are
# compiled three ways: normal (build/obj), ASan+UBSan (build/asan/obj) and,
# for fuzzers, clang with -fsanitize=fuzzer (build/fuzz/obj).

BUILD     ?= build
CC        ?= cc
FUZZ_CC   ?= clang
AR        ?= ar
OPT       ?= -O2
WARN      := -Wall -Wextra -Werror
CPPFLAGS  += -D_GNU_SOURCE -MMD -MP $(addprefix -I,$(INCLUDE_DIRS))
CFLAGS    := -std=c11 $(OPT) -g $(WARN) -fno-omit-frame-pointer $(EXTRA_CFLAGS)
ASAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -DFUZZING
LDFLAGS   ?=
# EXTRA_CFLAGS: added to every compile
# Debian's build flags (dpkg-buildflags, hardening=+all: fortify, stack
# protector, format security, relro and now) on the normal objects and
# programs, not on the sanitizer or fuzz builds: the Debian package is
# built from these very objects (dist/debian/rules), not from a second tree.
# fixfilepath and fixdebugpath off: the same flags from any directory (the package builds in
# build/deb/src); debug info keeps the source's absolute path, as before.
DEB_FLAGS = $(shell DEB_BUILD_MAINT_OPTIONS="hardening=+all reproducible=-fixfilepath,-fixdebugpath" DEB_CFLAGS_MAINT_STRIP="-g -O2" \
                    dpkg-buildflags --get $(1) 2>/dev/null)
HARDEN_CPPFLAGS := $(call DEB_FLAGS,CPPFLAGS)
HARDEN_CFLAGS   := $(call DEB_FLAGS,CFLAGS)
HARDEN_LDFLAGS  := $(call DEB_FLAGS,LDFLAGS)
# The normal objects depend on the flags they are built with (this file is
# rewritten only when they change): new flags rebuild them, so the package
# never takes objects compiled with other flags.
FLAGS_STAMP := $(BUILD)/gen/cflags
$(shell mkdir -p $(BUILD)/gen && { echo '$(CC) $(HARDEN_CPPFLAGS) $(CFLAGS) $(HARDEN_CFLAGS) $(LDFLAGS) $(HARDEN_LDFLAGS)' | \
        cmp -s - $(FLAGS_STAMP) || echo '$(CC) $(HARDEN_CPPFLAGS) $(CFLAGS) $(HARDEN_CFLAGS) $(LDFLAGS) $(HARDEN_LDFLAGS)' > $(FLAGS_STAMP); })

ALL_TARGETS   :=
UNIT_TESTS    :=
FUZZ_TARGETS  :=
CHECK_TARGETS :=
BENCH_TARGETS :=

# One version for every program (--version, pnsctl's show version): the
# file VERSION, written into build/gen/pns_version.h as PNS_VERSION. A
# program's main source names it with $(call uses_version,SRC).
CPPFLAGS  += -I$(BUILD)/gen
$(BUILD)/gen/pns_version.h: VERSION
	@mkdir -p $(@D)
	printf '#define PNS_VERSION "%s"\n' "$$(cat VERSION)" > $@
uses_version = $(eval $(call objs_of,$(1)) $(call asan_objs_of,$(1)) $(call fuzz_objs_of,$(1)): $(BUILD)/gen/pns_version.h)

objs_of      = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
asan_objs_of = $(patsubst %.c,$(BUILD)/asan/obj/%.o,$(1))
fuzz_objs_of = $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(1))
libs_of      = $(foreach l,$(1),$(BUILD)/lib/lib$(l).a)
asan_libs_of = $(foreach l,$(1),$(BUILD)/asan/lib/lib$(l).a)
lib_srcs_of  = $(foreach l,$(1),$($(l)_SRCS))
lib_ldlibs_of = $(foreach l,$(1),$($(l)_LDLIBS))

$(BUILD)/obj/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(HARDEN_CPPFLAGS) $(CFLAGS) $(HARDEN_CFLAGS) -c -o $@ $<
$(BUILD)/asan/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(ASAN_FLAGS) -c -o $@ $<
$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 -O1 -g $(WARN) $(FUZZ_FLAGS) -c -o $@ $<

# c_library NAME SRCS [LDLIBS the library needs at link time]
define c_library
$(1)_SRCS := $(2)
$(1)_LDLIBS := $(3)
$(BUILD)/lib/lib$(1).a: $(call objs_of,$(2))
	@mkdir -p $$(@D)
	rm -f $$@ && $(AR) rcs $$@ $$^
$(BUILD)/asan/lib/lib$(1).a: $(call asan_objs_of,$(2))
	@mkdir -p $$(@D)
	rm -f $$@ && $(AR) rcs $$@ $$^
ALL_TARGETS += $(BUILD)/lib/lib$(1).a
endef

# program_in DIR NAME SRCS LIBS LDLIBS: build/DIR/NAME (+ build/asan/DIR/NAME).
# build/bin holds only what `make install` installs and the simulated card;
# test drivers and benchmarks live in build/tests and build/bench.
define program_in
$(BUILD)/$(1)/$(2): $(call objs_of,$(3)) $(call libs_of,$(4))
	@mkdir -p $$(@D)
	$(CC) $(CFLAGS) $(HARDEN_CFLAGS) $(LDFLAGS) $(HARDEN_LDFLAGS) -o $$@ $$^ $(5) $(call lib_ldlibs_of,$(4))
$(BUILD)/asan/$(1)/$(2): $(call asan_objs_of,$(3)) $(call asan_libs_of,$(4))
	@mkdir -p $$(@D)
	$(CC) $(CFLAGS) $(ASAN_FLAGS) $(LDFLAGS) -o $$@ $$^ $(5) $(call lib_ldlibs_of,$(4))
ALL_TARGETS += $(BUILD)/$(1)/$(2)
endef

# c_program NAME SRCS LIBS LDLIBS
c_program = $(call program_in,bin,$(1),$(2),$(3),$(4))
test_program = $(call program_in,tests,$(1),$(2),$(3),$(4))
bench_program = $(call program_in,bench,$(1),$(2),$(3),$(4))

# unit_test NAME SRCS LIBS LDLIBS  (cmocka is linked in)
define unit_test
$(BUILD)/tests/$(1): $(call objs_of,$(2)) $(call libs_of,$(3))
	@mkdir -p $$(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $$@ $$^ $(4) $(call lib_ldlibs_of,$(3)) -lcmocka
$(BUILD)/asan/tests/$(1): $(call asan_objs_of,$(2)) $(call asan_libs_of,$(3))
	@mkdir -p $$(@D)
	$(CC) $(CFLAGS) $(ASAN_FLAGS) $(LDFLAGS) -o $$@ $$^ $(4) $(call lib_ldlibs_of,$(3)) -lcmocka
.PHONY: run-unit-$(1) run-asan-$(1)
run-unit-$(1): $(BUILD)/tests/$(1)
	cd $(CURDIR) && $(BUILD)/tests/$(1)
run-asan-$(1): $(BUILD)/asan/tests/$(1)
	cd $(CURDIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 $(BUILD)/asan/tests/$(1)
UNIT_TESTS += $(1)
endef

# fuzz_target NAME HARNESS_SRCS LIBS LDLIBS: LIBS' sources are rebuilt with
# coverage instrumentation. A seed corpus may live in tests/fuzz/corpus/NAME.
define fuzz_target
$(BUILD)/fuzz/$(1): $(call fuzz_objs_of,$(2) $(call lib_srcs_of,$(3)))
	@mkdir -p $$(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $$@ $$^ $(4) $(call lib_ldlibs_of,$(3))
$(call fuzz_run,$(1))
endef

# fuzz_run NAME [ENV]: the smoke run of build/fuzz/NAME in check-fuzz, for a
# fuzzer linked by its own rule (fuzz_target uses it too). ENV: VAR=value
# settings for the fuzzer's environment.
define fuzz_run
.PHONY: run-fuzz-$(1)
run-fuzz-$(1): $(BUILD)/fuzz/$(1)
	@mkdir -p $(BUILD)/fuzz/corpus-$(1)
	$(2) $(BUILD)/fuzz/$(1) -max_total_time=$(FUZZ_SECONDS) -seed=$(FUZZ_SEED) -rss_limit_mb=1024 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/$(1)- \
	    $(BUILD)/fuzz/corpus-$(1) $(wildcard tests/fuzz/corpus/$(1)) > $(BUILD)/fuzz/$(1).log 2>&1 \
	    || { tail -n 60 $(BUILD)/fuzz/$(1).log; exit 1; }
	@grep -E 'stat::number_of_executed_units|Done' $(BUILD)/fuzz/$(1).log | sed 's/^/fuzz $(1): /'
FUZZ_TARGETS += $(1)
endef

# 5 s each: 23 fuzzers, side by side at -j2, cost about a minute of make
# check; 10 s each cost two, and that minute now goes to the formal proof of
# the queue pointers (hdl/module.mk). Exploration is soak-fuzz's job.
FUZZ_SECONDS ?= 5
# A fixed seed: from a fresh clone every smoke run replays the committed
# corpus and then the same mutations (a busy machine runs fewer of them, a
# prefix of the same sequence), so `make check` does not fail on a finding
# that a lucky run happens upon; findings are fixed and their inputs added
# to tests/fuzz/corpus/NAME. Exploration is a separate run with random
# seeds: make check-fuzz FUZZ_SEED=0 FUZZ_SECONDS=600
FUZZ_SEED ?= 1
