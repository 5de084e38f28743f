# host/vaccess/: virtual-access interfaces: PPP sessions on the event loop,
# the TUN data path, routing by client address. See docs/ppp.md.
VACCESS_SRCS := host/vaccess/vaccess.c host/vaccess/route.c host/vaccess/tun.c host/vaccess/tun_batch.c
$(eval $(call c_library,vaccess,$(VACCESS_SRCS),-luring))
# PPP on PPTP calls: pnsd's and pptp-client's glue (needs pptp)
PNSVACCESS_SRCS := host/vaccess/pptp_ppp.c host/vaccess/client_ppp.c host/vaccess/client_load.c $(VACCESS_SRCS)
$(eval $(call c_library,pnsvaccess,$(PNSVACCESS_SRCS),-luring))

$(eval $(call unit_test,test_route,tests/unit/vaccess/test_route.c host/vaccess/route.c,,))
$(eval $(call unit_test,test_vaccess,tests/unit/vaccess/test_vaccess.c,vaccess ppp pnscommon mppe))
# batched TUN writes through io_uring on a real TUN in its own namespace
# (root); --wrap lets the test interrupt a submission's wait (EINTR)
TUN_BATCH_TEST_LDLIBS := -Wl,--wrap=io_uring_submit_and_wait -luring
$(eval $(call unit_test,test_tun_batch,tests/unit/vaccess/test_tun_batch.c host/vaccess/tun_batch.c host/vaccess/tun.c,,$(TUN_BATCH_TEST_LDLIBS)))
$(eval $(call fuzz_target,fuzz_route,tests/fuzz/vaccess/fuzz_route.c host/vaccess/route.c,,))
# pptp-client's PPTP-to-PPP input path
$(eval $(call fuzz_target,fuzz_client_ppp,tests/fuzz/fuzz_client_ppp.c,pnsvaccess ppp pptp pnscommon mppe))

# Integration (root, network namespaces): PPP over PPTP between pnsd and
# pptp-client, every MPPE setting, MS-CHAPv1/v2, refusals, tshark, loss.
.PHONY: check-ppp-integration bench-ppp-datapath
check-ppp-integration: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client
	tests/integration/test_ppp.sh $(BUILD)/bin
CHECK_TARGETS += check-ppp-integration

# BENCH datapath: IP through pnsd both ways, closed loop (software engine); anchors: the library data path, the raw GRE relay.
bench-ppp-datapath: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client $(BUILD)/bench/bench_ppp $(BUILD)/bench/bench_gre
	tests/bench/bench_datapath.sh $(BUILD)/bin $(BUILD)/bench
BENCH_TARGETS += bench-ppp-datapath

# The datapath benchmark's load generator, a few seconds (pptp-client --load through pnsd).
.PHONY: check-load-smoke
check-load-smoke: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client
	tests/integration/test_load_smoke.sh $(BUILD)/bin
CHECK_TARGETS += check-load-smoke

# pnsd -T 2: 40 stateful sessions under load, every session's replies in
# order and on their own session (docs/ppp.md, "Every core").
.PHONY: check-threads
check-threads: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client $(BUILD)/bin/pnsctl
	nice tests/integration/test_threads.sh $(BUILD)/bin
CHECK_TARGETS += check-threads
# The same with pnsd -U: packets to the host written in io_uring batches
# (tun_batch.c), still every session's replies in order (docs/workers.md).
.PHONY: check-tun-uring
check-tun-uring: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client $(BUILD)/bin/pnsctl
	THREADS_PNSD_ARGS=-U nice tests/integration/test_threads.sh $(BUILD)/bin
CHECK_TARGETS += check-tun-uring
# The same with pnsd -W 2 under ASan: sessions spread over two event loops
# (docs/workers.md), each reply in order on its own session, both loops'
# TUN devices carrying sessions; show, reload, status and stop over both.
# make check-tsan runs it with a ThreadSanitizer pnsd.
.PHONY: check-workers
check-workers: $(BUILD)/asan/bin/pnsd $(BUILD)/asan/bin/pptp-client $(BUILD)/asan/bin/pnsctl
	THREADS_PNSD_ARGS="-W 2" nice tests/integration/test_threads.sh $(BUILD)/asan/bin
CHECK_TARGETS += check-workers
# pnsd -W 2 -T 2 flooded past its engines with stateless MPPE (crypto
# threads at nice 19): both loops' sessions stay up, engine_errors 0 (issue 18).
.PHONY: check-flood-workers
check-flood-workers: $(BUILD)/asan/bin/pnsd $(BUILD)/asan/bin/pptp-client $(BUILD)/asan/bin/pnsctl
	tests/integration/test_flood_workers.sh $(BUILD)/asan/bin
CHECK_TARGETS += check-flood-workers

# Session limits: ppp timeout idle, timeout absolute, session-limit per
# template and per user, per-user static address (namespaces, root).
.PHONY: check-session-integration
check-session-integration: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client
	tests/integration/test_session.sh $(BUILD)/bin
CHECK_TARGETS += check-session-integration

# Scale (issue 18 item 5): N sessions fully up with MPPE-128 from
# pptp-client in a namespace (default 30,000; BENCH_SCALE_SESSIONS),
# memory per session, set-up rate, show vpdn / /metrics time.
.PHONY: bench-scale
bench-scale: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/pptp-client
	nice tests/bench/bench_scale.sh $(BUILD)/bin
BENCH_TARGETS += bench-scale

# Soak: 10,000 sessions held while 100/s are set up and torn down for 10
# minutes; RSS flat, no failure (SOAK_SESSIONS, SOAK_CHURN_PER_S, SOAK_SECONDS).
.PHONY: soak-scale
soak-scale: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/pptp-client
	SOAK_RSS_OUT=$(BUILD)/soak-scale-rss.txt nice tests/integration/soak_scale.sh $(BUILD)/bin
SOAK_TARGETS += soak-scale

# make check: the churn path of soak-scale in seconds (200 sessions held,
# 20 set up and torn down a second for 15 s); every churn client must pass.
.PHONY: check-scale-smoke
check-scale-smoke: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/pptp-client
	SOAK_SESSIONS=200 SOAK_CHURN_PER_S=20 SOAK_SECONDS=15 SOAK_RSS_MAX_PCT=10 tests/integration/soak_scale.sh $(BUILD)/bin
CHECK_TARGETS += check-scale-smoke
