# host/cli/: operating the concentrator. The configuration sections this
# part owns (access: users/pools/templates; engine: controller isa; ios:
# commands accepted with a notice), the control-socket server pnsd links,
# the show-command output, and pnsctl. See docs/cli.md and docs/config.md.
PNSCLI_SRCS := host/cli/config_access.c host/cli/config_aaa.c host/cli/config_ops.c host/cli/config_logging.c host/cli/cli_cmd.c \
               host/cli/cli_show.c host/cli/cli_server.c host/cli/cli_http.c
$(eval $(call c_library,pnscli,$(PNSCLI_SRCS)))

$(eval $(call c_program,pnsctl,host/cli/pnsctl.c,pnscli pnscommon,-lreadline))
$(call uses_version,host/cli/pnsctl.c host/cli/cli_server.c)

$(eval $(call unit_test,test_cli_config,tests/unit/cli/test_cli_config.c,pnsd pnscli pptp pnscommon mppe))
$(eval $(call unit_test,test_cli,tests/unit/cli/test_cli.c tests/unit/cli/table_query.c,pnscli pptp pnscommon mppe))
$(eval $(call unit_test,test_cli_aaa,tests/unit/cli/test_cli_aaa.c,pnsd radius ppp pnscli pptp pnscommon mppe))

$(eval $(call fuzz_target,fuzz_cli_request,tests/fuzz/cli/fuzz_cli_request.c tests/unit/cli/table_query.c,pnscli pptp pnscommon mppe))
$(eval $(call fuzz_target,fuzz_cli_conn,tests/fuzz/cli/fuzz_cli_conn.c tests/unit/cli/table_query.c,pnscli pptp pnscommon mppe))
$(eval $(call fuzz_target,fuzz_config_all,tests/fuzz/cli/fuzz_config_all.c host/pnsd/pnsd_config.c,pnscli pptp pnscommon mppe))

# Integration: pnsd + pnsctl against live tunnels in network namespaces (root).
.PHONY: check-cli-integration
check-cli-integration: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/pptp-client
	tests/integration/test_cli.sh $(BUILD)/bin
CHECK_TARGETS += check-cli-integration

# make demo: the concentrator end to end in two namespaces (contrib/demo/).
.PHONY: demo-pnsd
# The simulated card is the demo's default engine (DEMO_ENGINE=sw for the software one).
demo-pnsd: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/pptp-client $(BUILD)/bin/cardsim $(BUILD)/firmware/firmware.hex
	contrib/demo/demo.sh $(BUILD)/bin
DEMO_TARGETS += demo-pnsd
# make check runs the demo too (non-interactive; it creates and removes its namespaces)
.PHONY: check-demo
check-demo: demo-pnsd
CHECK_TARGETS += check-demo

# BENCH cli_show / cli_metrics_http: show and /metrics at 10,000 PPP sessions, anchored at 1,000.
.PHONY: bench-cli-show
bench-cli-show: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/pptp-client
	tests/bench/bench_cli_show.sh $(BUILD)/bin
BENCH_TARGETS += bench-cli-show

# pnsd -t against the configuration mistakes of tests/fixtures/config-checks (no root).
.PHONY: check-config-checks
check-config-checks: $(BUILD)/bin/pnsd
	tests/integration/test_config_checks.sh $(BUILD)/bin
CHECK_TARGETS += check-config-checks

# What an operator sees at run time: refusals, logs, debug and show output (root).
.PHONY: check-operator-integration
check-operator-integration: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/pptp-client
	tests/integration/test_operator.sh $(BUILD)/bin
CHECK_TARGETS += check-operator-integration

# --help/--version and usage of every program, cardsim's firmware beside it (no root).
.PHONY: check-tools
check-tools: $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/pptp-client $(BUILD)/bin/mppecardctl \
             $(BUILD)/bin/mkfwimg $(BUILD)/bin/cardsim $(BUILD)/firmware/firmware.hex
	python3 tests/integration/test_tools.py $(BUILD)/bin
CHECK_TARGETS += check-tools
