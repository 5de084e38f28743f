# dist/: installing the concentrator (make install), its man pages, and the
# Debian package (dist/debian). docs/deployment.md is the operator's guide.
#
#   make install [PREFIX=/usr/local] [DESTDIR=]    programs, man pages, systemd unit,
#                                                  sysusers entry, docs, example configuration
# The unit's ExecStart names the installed pnsd ($(SBINDIR)/pnsd).

PREFIX     ?= /usr/local
SBINDIR    ?= $(PREFIX)/sbin
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/pnsd
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
SYSCONFDIR ?= /etc

INSTALL_SBIN := pnsd pnsctl mppecardctl
INSTALL_BIN  := pptp-client
INSTALL_MAN  := dist/man/pnsd.8 dist/man/pnsctl.8 dist/man/mppecardctl.8 dist/man/pnsd.conf.5 \
                dist/man/pptp-client.1
INSTALL_DOCS := docs/deployment.md docs/config.md docs/cli.md docs/radius.md docs/driver.md

.PHONY: install programs
# what install installs, built (the Debian package builds only these)
programs: $(addprefix $(BUILD)/bin/,$(INSTALL_SBIN) $(INSTALL_BIN))
install: programs
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) \
	    $(DESTDIR)$(DOCDIR)/examples $(addprefix $(DESTDIR)$(MANDIR)/man,1 5 8)
	install -m 755 $(addprefix $(BUILD)/bin/,$(INSTALL_SBIN)) $(DESTDIR)$(SBINDIR)
	install -m 755 $(addprefix $(BUILD)/bin/,$(INSTALL_BIN)) $(DESTDIR)$(BINDIR)
	for m in $(INSTALL_MAN); do install -m 644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/; done
	sed -e 's#/usr/sbin/#$(SBINDIR)/#g' -e 's#/etc/pnsd/#$(SYSCONFDIR)/pnsd/#g' \
	    -e 's#/usr/share/doc/pnsd/#$(DOCDIR)/#g' contrib/pnsd.service > $(DESTDIR)$(UNITDIR)/pnsd.service
	chmod 644 $(DESTDIR)$(UNITDIR)/pnsd.service
	install -m 644 contrib/pnsd.sysusers $(DESTDIR)$(SYSUSERSDIR)/pnsd.conf
	install -m 644 $(INSTALL_DOCS) $(DESTDIR)$(DOCDIR)
	install -m 644 dist/pnsd.conf.example $(DESTDIR)$(DOCDIR)/examples/pnsd.conf

# Every option of every program is in its man page and nothing else is.
.PHONY: check-man-options check-install
check-man-options:
	python3 dist/check_man_options.py
CHECK_TARGETS += check-man-options

# make install into a scratch DESTDIR: every file there, the unit runs what
# was installed, the man pages render, the installed pnsd checks the example.
check-install: programs
	dist/test_install.sh "$(MAKE)"
CHECK_TARGETS += check-install

# Logging to syslog (UDP logging host, local socket), session lines,
# journald priorities on stderr, against receivers the test binds (root).
.PHONY: check-logging
check-logging: $(BUILD)/bin/pnsd $(BUILD)/bin/pptp-client
	tests/integration/test_logging.sh $(BUILD)/bin
CHECK_TARGETS += check-logging

# The Debian package (dist/debian, dpkg-buildpackage + debhelper, cached in
# build/deb; lintian clean), installed with dpkg -i in a QEMU guest built
# from Debian packages, pnsd started there by its unit's commands (root).
# The package takes the normal build's programs (debian/rules runs make in
# this tree): they are built first, here, so that make inside
# dpkg-buildpackage finds them done and never compiles beside this make.
.PHONY: check-deb deb
deb: programs
	dist/build_deb.sh
check-deb: programs
	nice python3 dist/test_deb.py $(BUILD)
CHECK_TARGETS += check-deb
