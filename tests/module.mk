# tests/: unit tests (cmocka), fuzz targets and benchmarks of the driver
# library. Other parts register their own tests in their module.mk.
TEST_VECTORS_SRC := tests/unit/vectors.c

$(eval $(call unit_test,test_crypto_vectors,tests/unit/test_crypto_vectors.c $(TEST_VECTORS_SRC),mppe))
$(eval $(call unit_test,test_mschap,tests/unit/test_mschap.c $(TEST_VECTORS_SRC),mppe))
$(eval $(call unit_test,test_mppe_keys,tests/unit/test_mppe_keys.c $(TEST_VECTORS_SRC),mppe))
$(eval $(call unit_test,test_mppe_flow,tests/unit/test_mppe_flow.c,mppe))
$(eval $(call unit_test,test_mppe_shadow,tests/unit/test_mppe_shadow.c,mppe))
$(eval $(call unit_test,test_capture_replay,tests/unit/test_capture_replay.c tests/unit/capture.c,mppe))

.PHONY: check-vector-mutation
check-vector-mutation: $(BUILD)/tests/test_crypto_vectors $(BUILD)/tests/test_mschap $(BUILD)/tests/test_mppe_keys
	tests/unit/vector_mutation.sh $(BUILD)/tests
CHECK_TARGETS += check-vector-mutation
$(eval $(call unit_test,test_engine,tests/unit/test_engine.c,mppe))
$(eval $(call fuzz_target,fuzz_mppe_rx,tests/fuzz/fuzz_mppe_rx.c,mppe))

# Benchmarks: built like programs, run by `make bench`.
$(eval $(call bench_program,bench_sw_mppe,tests/bench/bench_sw_mppe.c,mppe,-lnettle -lcrypto))
.PHONY: bench-sw-mppe
bench-sw-mppe: $(BUILD)/bench/bench_sw_mppe
	$(BUILD)/bench/bench_sw_mppe
BENCH_TARGETS += bench-sw-mppe
$(eval $(call bench_program,bench_mppe_forged,tests/bench/bench_mppe_forged.c,mppe,-lnettle -lcrypto))
.PHONY: bench-mppe-forged
bench-mppe-forged: $(BUILD)/bench/bench_mppe_forged
	$(BUILD)/bench/bench_mppe_forged
BENCH_TARGETS += bench-mppe-forged

# The stock Debian PPTP client (pppd + pptp-linux + kernel ppp_mppe) in a QEMU
# guest against pnsd (tests/interop/, guest from tests/guest/; needs root).
.PHONY: interop interop-internal
interop: deps
	@+$(SUBMAKE) interop-internal
interop-internal: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/cardsim $(BUILD)/firmware/firmware.hex
	nice tests/interop/run.sh $(BUILD)/bin
CHECK_TARGETS += interop-internal
# The same Linux client against pnsd -W 2 (docs/workers.md): its connection
# is handed to loop 1, its GRE crosses the hand-over (make soak: ~40 s more).
.PHONY: soak-interop-workers
soak-interop-workers: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl
	INTEROP_PNSD_ARGS="-W 2" nice tests/interop/run.sh $(BUILD)/bin v2-128-stateless,v2-128-stateful
SOAK_TARGETS += soak-interop-workers
.PHONY: bench-interop
bench-interop: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/pptp-client
	@mkdir -p $(BUILD)/interop
	INTEROP_BENCH=1 nice tests/interop/run.sh $(BUILD)/bin v2-128-stateless,v2-auto > $(BUILD)/interop/bench.log 2>&1 \
	    || { tail -n 40 $(BUILD)/interop/bench.log; exit 1; }
	@grep '^BENCH' $(BUILD)/interop/bench.log
BENCH_TARGETS += bench-interop
$(eval $(call fuzz_target,fuzz_vfu_client,tests/fuzz/fuzz_vfu_client.c,mppe))
$(eval $(call fuzz_target,fuzz_card_cq,tests/fuzz/fuzz_card_cq.c,mppe))
$(eval $(call fuzz_target,fuzz_card_engine,tests/fuzz/fuzz_card_engine.c,mppe))

# make soak: every fuzzer explores with random seeds, SOAK_FUZZ_SECONDS each
# (check-fuzz's fixed seed replays the same mutations each time, so it
# finds nothing new). The corpus grows in build/fuzz/corpus-NAME and is kept
# for the next run. A finding fails the soak with its input left as
# build/fuzz/NAME-{crash,leak,timeout,oom,slow-unit}-*: fix the fault and add
# the input to tests/fuzz/corpus/NAME, so that every make check replays it.
SOAK_FUZZ_SECONDS ?= 120
.PHONY: soak-fuzz
soak-fuzz:
	@mkdir -p $(BUILD)/fuzz && touch $(BUILD)/fuzz/soak-start
	@$(MAKE) --no-print-directory -k check-fuzz FUZZ_SEED=0 FUZZ_SECONDS=$(SOAK_FUZZ_SECONDS) || { \
	    echo "soak-fuzz: findings of this run (add each, once fixed, to tests/fuzz/corpus/NAME):"; \
	    find $(BUILD)/fuzz -maxdepth 1 -newer $(BUILD)/fuzz/soak-start -type f \
	        -regex '.*-\(crash\|leak\|timeout\|oom\|slow-unit\)-.*' | sed 's/^/  /'; exit 1; }
SOAK_TARGETS += soak-fuzz

# The software engine on several crypto threads (driver/sw/backend_sw_mt.c)
# and its hand-over ring; make check-tsan runs both under ThreadSanitizer.
$(eval $(call unit_test,test_spsc_ring,tests/unit/test_spsc_ring.c,mppe))
$(eval $(call unit_test,test_engine_threads,tests/unit/test_engine_threads.c,mppe))
TSAN_TESTS := test_spsc_ring test_engine_threads test_worker test_gre_share test_log
# pnsd's worker threads and their mailboxes (host/common/worker.c, mailbox.c),
# GRE handed over to them (host/pptp/gre_share.c)
TSAN_HOST_SRCS := host/common/evloop.c host/common/mailbox.c host/common/worker.c \
                  host/common/log.c host/common/log_syslog.c host/common/escape.c host/pptp/gre.c host/pptp/gre_share.c
.PHONY: check-tsan
check-tsan:
	@mkdir -p $(BUILD)/tsan
	for t in $(TSAN_TESTS); do \
	  $(CC) -std=c11 -O1 -g $(WARN) -Wno-tsan -D_GNU_SOURCE $(addprefix -I,$(INCLUDE_DIRS)) -I$(BUILD)/gen -fsanitize=thread \
	    -o $(BUILD)/tsan/$$t tests/unit/$$t.c $(LIBMPPE_SRCS) $(TSAN_HOST_SRCS) -lcmocka -lnettle -lcrypto -lpci && \
	  TSAN_OPTIONS=halt_on_error=1 $(BUILD)/tsan/$$t || exit 1; done
	$(MAKE) --no-print-directory check-tsan-workers

# pnsd built with -fsanitize=thread into $(BUILD)/tsan/bin, beside the
# programs the tests run with it (one build for every target below, at most
# once a make)
PNSD_TSAN_SRCS = host/pnsd/pnsd.c host/pnsd/pnsd_privs.c $(PNSD_SRCS) $(PNSVACCESS_SRCS) $(RADIUS_SRCS) \
                  $(LIBPPP_SRCS) $(PNSCLI_SRCS) $(PPTP_SRCS) $(PNSCOMMON_SRCS) $(LIBMPPE_SRCS)
.PHONY: tsan-pnsd
tsan-pnsd: $(BUILD)/bin/pptp-client $(BUILD)/bin/pnsctl $(BUILD)/gen/pns_version.h
	@mkdir -p $(BUILD)/tsan/bin
	nice $(CC) -std=c11 -O1 -g $(WARN) -Wno-tsan -D_GNU_SOURCE $(addprefix -I,$(INCLUDE_DIRS)) -I$(BUILD)/gen -fsanitize=thread \
	    -o $(BUILD)/tsan/bin/pnsd $(PNSD_TSAN_SRCS) -lcap-ng -luring -lnettle -lcrypto -lpci
	ln -sf ../../bin/pptp-client ../../bin/pnsctl ../../bin/cardsim $(BUILD)/tsan/bin/
	ln -sfn ../firmware $(BUILD)/tsan/firmware

# pnsd -W 2 itself under ThreadSanitizer (docs/workers.md): check-workers'
# 40 sessions under pptp-client --load against a pnsd built with
# -fsanitize=thread; the first report stops pnsd (halt_on_error) and so
# fails the test, and is kept in $(BUILD)/tsan/pnsd-tsan.*
.PHONY: check-tsan-workers
check-tsan-workers: tsan-pnsd
	rm -f $(BUILD)/tsan/pnsd-tsan.*
	TSAN_OPTIONS="halt_on_error=1 log_path=$(CURDIR)/$(BUILD)/tsan/pnsd-tsan" THREADS_PNSD_ARGS="-W 2" \
	    nice tests/integration/test_threads.sh $(BUILD)/tsan/bin || { cat $(BUILD)/tsan/pnsd-tsan.* 2>/dev/null; exit 1; }
	@! ls $(BUILD)/tsan/pnsd-tsan.* 2>/dev/null || { cat $(BUILD)/tsan/pnsd-tsan.*; exit 1; }

# The loops of pnsd -W 2 sharing one simulated card under ThreadSanitizer
# (docs/workers.md "A card under -W N"): check-card-workers' test, cardsim
# stopped included, against the pnsd above. What the loops share there:
# the card's connection (card_dev, the vfio-user client's lock), the admin
# queue under its try-lock, the inboxes, the wake eventfds, the failed
# mark. Its own report file (check-tsan-workers may run beside it).
# ~25 s to build and ~30 s to run on a quiet machine, 190 s beside
# stress-ng --cpu 2 (load 9, as the test without the sanitizer): in make check.
.PHONY: check-tsan-card-workers
check-tsan-card-workers: tsan-pnsd $(FAILOVER_DEPS)
	rm -f $(BUILD)/tsan/pnsd-card-tsan.*
	TSAN_OPTIONS="halt_on_error=1 log_path=$(CURDIR)/$(BUILD)/tsan/pnsd-card-tsan" \
	    nice tests/integration/test_card_workers.sh $(BUILD)/tsan/bin || { cat $(BUILD)/tsan/pnsd-card-tsan.* 2>/dev/null; exit 1; }
	@! ls $(BUILD)/tsan/pnsd-card-tsan.* 2>/dev/null || { cat $(BUILD)/tsan/pnsd-card-tsan.*; exit 1; }
CHECK_TARGETS += check-tsan-card-workers
