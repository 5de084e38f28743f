# host/pnsd/: the daemon pnsd itself: its main (listener, signals, reload,
# status report) and privileges, the wiring of a PPP session, the TUN
# device and the MPPE engine onto every PPTP call (pns_ppp.c), the
# control-socket view of its tunnels and sessions (cli_pnsd.c) and the list
# of configuration sections it reads (pnsd_config.c). The parts it stands
# on (pptp, vaccess, ppp, radius, cli, common) include nothing from here.
PNSD_SRCS := host/pnsd/pns_ppp.c host/pnsd/cli_pnsd.c host/pnsd/pnsd_config.c
$(eval $(call c_library,pnsd,$(PNSD_SRCS)))

$(eval $(call c_program,pnsd,host/pnsd/pnsd.c host/pnsd/pnsd_privs.c,pnsd pnsvaccess radius ppp pnscli pptp pnscommon mppe,-lcap-ng))
$(call uses_version,host/pnsd/pnsd.c)

# The whole PPTP-to-PPP input path of pnsd, and its TUN side.
$(eval $(call fuzz_target,fuzz_pnsd_input,tests/fuzz/fuzz_pnsd_input.c,pnsd pnsvaccess radius ppp pnscli pptp pnscommon mppe))
$(eval $(call fuzz_target,fuzz_pnsd_tun,tests/fuzz/fuzz_pnsd_tun.c,pnsd pnsvaccess radius ppp pnscli pptp pnscommon mppe))
