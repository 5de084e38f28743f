# host/radius/: the RADIUS client of pnsd (our own, on nettle's MD5 and
# HMAC-MD5; docs/radius.md says why not radcli): packets, the client on the
# event loop, and AAA for PPP sessions (authentication, accounting).
RADIUS_SRCS := host/radius/radius_pkt.c host/radius/radius_client.c host/radius/radius_aaa.c \
               host/radius/radius_dae.c
$(eval $(call c_library,radius,$(RADIUS_SRCS)))

$(eval $(call unit_test,test_radius_pkt,tests/unit/radius/test_radius_pkt.c,radius ppp pnscommon mppe))
$(eval $(call fuzz_target,fuzz_radius_response,tests/fuzz/radius/fuzz_radius_response.c,radius ppp pnscommon mppe))

# Integration (root): pnsd authenticating pptp-client sessions through a real
# FreeRADIUS (Debian's freeradius, -X) in the test's own network namespaces.
.PHONY: check-radius-integration
check-radius-integration: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client $(BUILD)/bin/pnsctl
	tests/integration/test_radius.sh $(BUILD)/bin
CHECK_TARGETS += check-radius-integration

# BENCH radius_setup: sessions per second authenticated through FreeRADIUS, anchored on local users.
.PHONY: bench-radius
bench-radius: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client
	tests/bench/bench_radius.sh $(BUILD)/bin
BENCH_TARGETS += bench-radius
