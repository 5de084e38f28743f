# host/: the PPTP Network Server daemon (pnsd), the PPTP client / load
# generator (pptp-client), and their shared infrastructure.
#   host/common  event loop, logging, IOS-style configuration parser
#   host/pptp    RFC 2637 control connections, calls and enhanced GRE
#   host/client  pptp-client
#   host/pnsd    the daemon: main, its wiring of PPP, TUN and engine, its CLI glue
INCLUDE_DIRS += host

PNSCOMMON_SRCS := host/common/evloop.c host/common/log.c host/common/log_syslog.c host/common/config.c host/common/escape.c \
                  host/common/mailbox.c host/common/worker.c
$(eval $(call c_library,pnscommon,$(PNSCOMMON_SRCS)))

PPTP_SRCS := host/pptp/pptp_msg.c host/pptp/pptp_config.c host/pptp/gre.c host/pptp/pptp_ctrl.c \
             host/pptp/pptp_call.c host/pptp/pptp_limits.c host/pptp/gre_share.c
$(eval $(call c_library,pptp,$(PPTP_SRCS)))

$(eval $(call unit_test,test_pptp_msg,tests/unit/test_pptp_msg.c,pptp pnscommon))
$(eval $(call unit_test,test_config,tests/unit/test_config.c,pptp pnscommon))
$(eval $(call unit_test,test_evloop,tests/unit/test_evloop.c,pnscommon))
$(eval $(call unit_test,test_worker,tests/unit/test_worker.c,pnscommon))
$(eval $(call unit_test,test_escape,tests/unit/test_escape.c,pnscommon))
$(eval $(call unit_test,test_log,tests/unit/test_log.c,pnscommon))

$(eval $(call fuzz_target,fuzz_pptp_msg,tests/fuzz/fuzz_pptp_msg.c,pptp pnscommon))
$(eval $(call fuzz_target,fuzz_config,tests/fuzz/fuzz_config.c,pptp pnscommon))

$(eval $(call c_program,pptp-client,host/client/pptp_client.c,pnsvaccess ppp pptp pnscommon mppe,-luring))
$(call uses_version,host/client/pptp_client.c)
$(eval $(call unit_test,test_gre,tests/unit/test_gre.c,pptp pnscommon))
# GRE steered over worker sockets by a kernel filter (real raw sockets in its own namespace; root)
$(eval $(call unit_test,test_gre_steer,tests/unit/test_gre_steer.c,pptp pnscommon))
$(eval $(call unit_test,test_gre_admit,tests/unit/test_gre_admit.c,pptp pnscommon))
$(eval $(call unit_test,test_gre_share_admit,tests/unit/test_gre_share_admit.c,pptp pnscommon))
# GRE read once and handed to the owning worker thread (real threads and raw sockets, own namespace; root)
$(eval $(call unit_test,test_gre_share,tests/unit/test_gre_share.c,pptp pnscommon))
$(eval $(call unit_test,test_pptp_seam,tests/unit/test_pptp_seam.c,pptp pnscommon))
$(eval $(call fuzz_target,fuzz_gre,tests/fuzz/fuzz_gre.c,pptp pnscommon))
$(eval $(call fuzz_target,fuzz_pptp_ctrl,tests/fuzz/fuzz_pptp_ctrl.c,pptp pnscommon))
$(eval $(call fuzz_target,fuzz_pptp_client,tests/fuzz/fuzz_pptp_client.c,pptp pnscommon))

# Integration: pnsd and pptp-client in two network namespaces (needs root).
.PHONY: check-pptp-integration
check-pptp-integration: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client $(BUILD)/asan/bin/pnsd
	tests/integration/test_pptp.sh $(BUILD)/bin
CHECK_TARGETS += check-pptp-integration

# Per-source limits and the output bound against floods (issue 13, fault 4; root).
.PHONY: check-limits-integration
check-limits-integration: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client
	tests/integration/test_limits.sh $(BUILD)/bin
CHECK_TARGETS += check-limits-integration

# pnsd's privileges: capabilities, -u USER, configuration file mode and wipe (fault 7; root).
.PHONY: check-privs-integration
check-privs-integration: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client
	tests/integration/test_privs.sh $(BUILD)/bin
CHECK_TARGETS += check-privs-integration

# Benchmarks (make bench): GRE data path, tunnel set-up rate, idle memory.
$(eval $(call bench_program,bench_gre,tests/bench/bench_gre.c,pptp pnscommon))
# BENCH gre_steer: GRE over 2 workers, kernel filter against one reader handing over (docs/workers.md)
$(eval $(call bench_program,bench_gre_steer,tests/bench/bench_gre_steer.c,pptp pnscommon))
.PHONY: bench-pptp
bench-pptp: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client $(BUILD)/bench/bench_gre $(BUILD)/bench/bench_gre_steer
	tests/bench/bench_pptp.sh $(BUILD)/bin $(BUILD)/bench
BENCH_TARGETS += bench-pptp

# host/ppp: the PPP layer (its own module.mk)
include host/ppp/module.mk
include host/vaccess/module.mk
include host/radius/module.mk

# host/cli: configuration sections, control socket, show output, pnsctl (its own module.mk)
include host/cli/module.mk
# host/pnsd: the daemon itself, on all of the above (its own module.mk)
include host/pnsd/module.mk

# pptp-client's PPTP control messages and first GRE packet against the real
# Linux client's capture, both profiles (needs root; docs/interop.md).
.PHONY: check-client-framing
check-client-framing: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client
	tests/integration/test_client_framing.sh $(BUILD)/bin
CHECK_TARGETS += check-client-framing
