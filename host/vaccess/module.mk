# host/vaccess/: virtual-access interfaces: PPP sessions on the event loop,
# the TUN data path, routing by client address. See docs/ppp.md.
VACCESS_SRCS := host/vaccess/vaccess.c host/vaccess/tun.c
PPTP_PPP_SRCS := host/vaccess/pptp_ppp.c
$(eval $(call c_library,vaccess,$(VACCESS_SRCS)))

$(eval $(call unit_test,test_vaccess,tests/unit/vaccess/test_vaccess.c,vaccess ppp pnscommon mppe))
