/*
 * The management firmware: boot (self-test, then ready or failed), then
 * serve the admin mailbox forever. See docs/firmware.md.
 */
#include "fw.h"
#include "fw_image.h"
#include "hal.h"
#include "util.h"

void fw_boot(void)
{
	uint32_t t0, n = hal_num_flows();

	hal_wdog_kick();
	fw_fill(&fw, 0, sizeof fw);
	hal_set_card_status(0);
	hal_set_fw_version(FW_VERSION);
	evlog_add(CARD_EV_START, FW_VERSION);
	fw.fw_crc = hal_image_crc();   /* IDENTIFY reports it; computed once */
	fw.num_flows = n < FW_MAX_FLOWS ? n : FW_MAX_FLOWS;

	/* After a card reset the engine has wiped every context; after a
	 * firmware update (the loader restarted us) they are still live. */
	if (hal_boot_count() != 0 &&
	    (hal_engine_state() & (ENG_PRESENT | ENG_READY)) == (ENG_PRESENT | ENG_READY))
		flows_rebuild();
	hal_wdog_kick();   /* the rescan takes ~250 clocks per flow */
	t0 = hal_now();
	fw.selftest_failed = selftest_run();
	fw.selftest_clocks = hal_now() - t0;
	if (fw.selftest_failed) {
		/* readable failed state; the data path stays off */
		fw.card_status = CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK;
		evlog_add(CARD_EV_SELFTEST_FAIL, fw.selftest_failed);
	} else {
		fw.card_status = CARD_IDENT_CARD_STATE_READY_MASK | CARD_IDENT_CARD_STATE_DATAPATH_ENABLE_MASK;
		evlog_add(CARD_EV_SELFTEST_PASS, fw.selftest_clocks);
	}
	hal_set_card_status(fw.card_status);
}

/* An unexpected trap (start.S): a firmware bug. Log it, say FATAL, stop. */
void fw_trap(uint32_t mcause, uint32_t mepc)
{
	evlog_add(CARD_EV_TRAP_CAUSE, mcause);
	evlog_add(CARD_EV_TRAP_EPC, mepc);
	hal_set_card_status(CARD_IDENT_CARD_STATE_FATAL_MASK | (fw.card_status & CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK));
	/* a deliberate stop: FATAL is the report and the host decides (RESET);
	 * the watchdog is for a core that no longer runs this code */
	for (;;)
		hal_wdog_kick();
}

void fw_poll(void)
{
	/* the mailbox registers are words; the entries are the card_if structs */
	union { uint32_t w[16]; struct card_sqe s; } sqe;
	union { uint32_t w[4]; struct card_cqe c; } cqe;

	hal_wdog_kick();
	if (!hal_mbox_pending())
		return;
	hal_mbox_read_sqe(sqe.w);
	if (sqe.s.opcode == CARD_ADM_FLOW_CREATE)
		hal_mbox_wipe_sqe();   /* the key leaves the mailbox at once */
	admin_execute(&sqe.s, &cqe.c);
	if (sqe.s.opcode == CARD_ADM_FLOW_CREATE)
		fw_wipe(&sqe, sizeof sqe);
	hal_mbox_complete(cqe.w);
	if (fw.restart_pending) {
		/* the host has its OK; restart into the new image */
		hal_mbox_drain();
		hal_set_card_status(0);
		hal_loader_start(FW_IMAGE_HDR_SIZE, fw.restart_words);
		fw.restart_pending = false;   /* only reached off the card */
	}
}
