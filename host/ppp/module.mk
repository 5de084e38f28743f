# host/ppp/: the PPP library (LCP, CHAP/MS-CHAP/PAP, IPCP, CCP/MPPE, the
# session and its data path). No I/O of its own; see docs/ppp.md.
INCLUDE_DIRS += host/ppp

LIBPPP_SRCS := host/ppp/fsm.c host/ppp/options.c host/ppp/lcp.c host/ppp/auth.c host/ppp/chap.c \
               host/ppp/chap_ms.c host/ppp/chap_md5.c host/ppp/pap.c host/ppp/userdb.c \
               host/ppp/pool.c host/ppp/ipcp.c host/ppp/ccp.c host/ppp/ppp.c host/ppp/mss.c \
               host/ppp/timeouts.c host/ppp/ipv6cp.c host/ppp/ipv6.c host/ppp/nd.c host/ppp/pool6.c
$(eval $(call c_library,ppp,$(LIBPPP_SRCS)))

PPP_TEST_HARNESS := tests/unit/ppp/harness.c
$(eval $(call unit_test,test_ppp_session,tests/unit/ppp/test_ppp_session.c $(PPP_TEST_HARNESS),ppp mppe))
$(eval $(call unit_test,test_ppp_protocols,tests/unit/ppp/test_ppp_protocols.c $(PPP_TEST_HARNESS),ppp mppe))
$(eval $(call unit_test,test_nd,tests/unit/ppp/test_nd.c,ppp mppe))
$(eval $(call unit_test,test_client_vs_capture,tests/unit/ppp/test_client_vs_capture.c tests/unit/capture.c $(PPP_TEST_HARNESS),ppp mppe))

$(eval $(call fuzz_target,fuzz_ppp_frame,tests/fuzz/ppp/fuzz_ppp_frame.c $(PPP_TEST_HARNESS),ppp mppe))
$(eval $(call fuzz_target,fuzz_chap,tests/fuzz/ppp/fuzz_chap.c $(PPP_TEST_HARNESS),ppp mppe))

$(eval $(call bench_program,bench_ppp,tests/bench/ppp/bench_ppp.c,ppp mppe))
.PHONY: bench-ppp
bench-ppp: $(BUILD)/bench/bench_ppp
	$(BUILD)/bench/bench_ppp
BENCH_TARGETS += bench-ppp
$(eval $(call fuzz_target,fuzz_mss,tests/fuzz/ppp/fuzz_mss.c,ppp mppe))
$(eval $(call fuzz_target,fuzz_nd,tests/fuzz/ppp/fuzz_nd.c,ppp mppe))
$(eval $(call fuzz_target,fuzz_ipv6cp,tests/fuzz/ppp/fuzz_ipv6cp.c $(PPP_TEST_HARNESS),ppp mppe))
