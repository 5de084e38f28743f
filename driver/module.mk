# driver/: the MPPE library (libmppe): crypto seam, MS-CHAP, MPPE keys, the
# reference flow engine, and the engine API with its backends.
INCLUDE_DIRS += driver/include

LIBMPPE_SRCS := driver/crypto.c driver/mschap.c driver/mppe_keys.c driver/mppe_flow.c \
                driver/engine.c driver/sw/backend_sw.c driver/sw/backend_sw_mt.c driver/sw/sw_run.c \
                driver/card/queue.c driver/card/counters.c driver/card/card_engine.c driver/card/vfio_user_client.c driver/card/vfio_user_io.c \
                driver/card/vfio_pci.c driver/card/multi.c driver/vfio/vfio_dev.c driver/vfio/pci_find.c
$(eval $(call c_library,mppe,$(LIBMPPE_SRCS),-lnettle -lcrypto -lpci))

# driver/vfio/: the generic VFIO layer and libpci discovery (docs/driver.md).
# Their checks and messages on a sysfs tree built by the test; the same on a
# real kernel: make vfio-guest (tests/vfio/).
$(eval $(call unit_test,test_vfio_dev,tests/unit/vfio/test_vfio_dev.c,mppe))

# driver/cardctl/: mppecardctl, the card's tool (list, info, selftest, stats,
# flow show, firmware update, reset); tested against cardsim in
# tests/integration/card/ (sim/module.mk).
$(eval $(call c_library,cardctl,driver/cardctl/cardctl.c))
$(eval $(call c_program,mppecardctl,driver/cardctl/mppecardctl.c,cardctl mppe,))
$(call uses_version,driver/cardctl/mppecardctl.c)
$(eval $(call test_program,test_cardctl,tests/integration/card/test_cardctl.c tests/integration/card/cardsim_proc.c,cardctl mppe,-lcmocka))
.PHONY: check-cardctl
check-cardctl: $(BUILD)/bin/mppecardctl $(BUILD)/tests/test_cardctl $(BUILD)/bin/cardsim $(BUILD)/firmware/firmware.hex \
               $(BUILD)/firmware/firmware-next.img
	$(BUILD)/tests/test_cardctl
	tests/integration/card/test_mppecardctl.sh $(BUILD)
CHECK_TARGETS += check-cardctl

# make vfio-guest: the VFIO layer and libpci discovery on a real kernel, in
# QEMU guests (TCG) with an emulated Intel IOMMU and QEMU's edu device
# (tests/vfio/, docs/driver.md). The guest is built from Debian packages and
# cached under build/guest (tests/guest/).
$(eval $(call test_program,vfio_edu_test,tests/vfio/vfio_edu_test.c driver/vfio/vfio_dev.c driver/vfio/pci_find.c,,-lpci))
.PHONY: vfio-guest
vfio-guest: $(BUILD)/tests/vfio_edu_test $(BUILD)/bin/mppecardctl
	python3 tests/vfio/vfio_guest.py $(BUILD)
# ~50 s on 2 cores (image included): in make check
CHECK_TARGETS += vfio-guest
$(eval $(call test_program,test_card_multi,tests/integration/card/test_card_multi.c tests/integration/card/cardsim_proc.c,mppe,-lcmocka))
.PHONY: check-card-multi
check-card-multi: $(BUILD)/tests/test_card_multi $(BUILD)/bin/cardsim $(BUILD)/firmware/firmware.hex
	$(BUILD)/tests/test_card_multi
CHECK_TARGETS += check-card-multi
# A card stopped (SIGSTOP) and then killed under traffic: pnsd answers while
# the card is stopped (with a session's flow creates waiting for it), and its
# sessions move to the software engine and keep passing traffic
# (docs/driver.md). check-card-failover: 12 sessions, 3 stateful, in make
# check now that flow creates and destroys go through the engine's poll
# (24 sessions took 178-227 s beside stress-ng at load 17-21, 84-93 s of it
# the card's bring-up); soak-card-failover: the issue's kill test on 100
# sessions, 10 stateful.
.PHONY: check-card-failover soak-card-failover
FAILOVER_DEPS := $(BUILD)/bin/pnsd $(BUILD)/bin/pnsctl $(BUILD)/bin/pptp-client $(BUILD)/bin/cardsim $(BUILD)/firmware/firmware.hex
check-card-failover: $(FAILOVER_DEPS)
	SESSIONS=12 STATEFUL=3 nice tests/integration/test_card_failover.sh $(BUILD)/bin
CHECK_TARGETS += check-card-failover
soak-card-failover: $(FAILOVER_DEPS)
	SESSIONS=100 STATEFUL=10 nice tests/integration/test_card_failover.sh $(BUILD)/bin
# pnsd listens while its card boots (here: never finishes booting) and runs
# the sessions made meanwhile in software (~20 s)
.PHONY: check-card-bringup
check-card-bringup: $(FAILOVER_DEPS)
	nice tests/integration/test_card_bringup.sh $(BUILD)/bin
CHECK_TARGETS += check-card-bringup
SOAK_TARGETS += soak-card-failover
# A stopped card never holds pnsd's loop, and a card that comes back is used
# again (issue 18 item 2, docs/driver.md "Register reads"): cardsim killed
# and started again on its socket (pnsd opens it again), then stopped under
# traffic while pnsctl and a software-engine session answer, then
# continued (~25 s quiet)
.PHONY: check-card-stop
check-card-stop: $(FAILOVER_DEPS)
	nice tests/integration/test_card_stop.sh $(BUILD)/bin
CHECK_TARGETS += check-card-stop
# One card, two event loops (pnsd -W 2, docs/workers.md "A card under
# -W N"): sessions of both loops on the simulated card, byte-exact both
# ways in stateless and stateful MPPE, each loop's engine on its own queue
# pairs (STATUS card), cardsim stopped under traffic (pnsd answers; after
# the driver's timeout every loop's flows to software), clean stop. 20-25 s
# on a quiet machine, 197 s beside stress-ng --cpu 2 (the card boots in
# 2-37 s); check-tsan-card-workers (tests/module.mk) runs it under TSan.
.PHONY: check-card-workers
check-card-workers: $(FAILOVER_DEPS)
	nice tests/integration/test_card_workers.sh $(BUILD)/bin
CHECK_TARGETS += check-card-workers
# BENCH card_workers: pnsd -W 1 against -W 2 on the simulated card, one run
# (a simulation: it measures cardsim and this machine, not a card)
.PHONY: bench-card-workers
bench-card-workers: $(FAILOVER_DEPS)
	tests/bench/bench_card_workers.sh $(BUILD)/bin
BENCH_TARGETS += bench-card-workers
