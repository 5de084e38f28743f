# host/vaccess/: virtual-access interfaces: PPP sessions on the event loop,
# the TUN data path, routing by client address. See docs/ppp.md.
VACCESS_SRCS := host/vaccess/vaccess.c host/vaccess/tun.c
$(eval $(call c_library,vaccess,$(VACCESS_SRCS)))
# PPP on PPTP calls: pnsd's and pptp-client's glue (needs pptp, and pnscli for pnsd's configuration)
PNSVACCESS_SRCS := host/vaccess/pptp_ppp.c host/vaccess/pns_ppp.c host/vaccess/client_ppp.c \
                   $(VACCESS_SRCS)
$(eval $(call c_library,pnsvaccess,$(PNSVACCESS_SRCS)))

$(eval $(call unit_test,test_vaccess,tests/unit/vaccess/test_vaccess.c,vaccess ppp pnscommon mppe))
