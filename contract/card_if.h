/* Generated from contract/card_if.txt by contract/gen_contract.py. Do not edit. */
#ifndef CARD_IF_H
#define CARD_IF_H

#include <stddef.h>
#include <stdint.h>

#define CARD_MAGIC 0x4D505045u /* BAR0 offset 0 reads this ('MPPE') */
#define CARD_IF_VERSION_MAJOR 0x1u /* incompatible changes bump this */
#define CARD_IF_VERSION_MINOR 0x1u /* compatible additions bump this */
#define CARD_PCI_VENDOR_ID 0x10EEu /* vendor ID of the FPGA board (Xilinx default); no ID of our own yet */
#define CARD_PCI_DEVICE_ID 0x9A01u /* device ID of the MPPE offload function */
#define CARD_BAR0_SIZE 0x2000u /* BAR0: registers (0x0000-0x0FFF) and doorbells (0x1000-0x1FFF) */
#define CARD_DOORBELL_BASE 0x1000u /* doorbells: their own 4 KiB page, write-only */
#define CARD_NUM_QUEUES 0x9u /* queue pairs: 0 is the admin queue, 1..8 are data queues */
#define CARD_MAX_QUEUE_LOG2 0xCu /* largest ring: 4096 entries */
#define CARD_MIN_QUEUE_LOG2 0x1u /* smallest ring: 2 entries */
#define CARD_SQE_SIZE 0x40u /* octets per submission entry */
#define CARD_CQE_SIZE 0x10u /* octets per completion entry */
#define CARD_MAX_PAYLOAD 0x802u /* largest in_len the card accepts (decrypt: header + 2048) */
#define CARD_IDENT_MAGIC 0x44494D50u /* IDENT.MAGIC, 'PMID' */
#define CARD_MBOX_VERSION 0x1u /* admin mailbox interface version (IDENT.MBOX_VERSION) */
#define CARD_NUM_VECTORS 0x9u /* one MSI-X-style vector per completion queue, vector n = queue n */
#define CARD_MSIX_TABLE 0xE00u /* BAR0 offset of the MSI-X table (PCI config space announces it; the PCIe adapter or cardsim serves it) */
#define CARD_MSIX_PBA 0xF00u /* BAR0 offset of the MSI-X pending-bit array (hdl/pcie/pcie_ep_core.v serves it right after the table) */

/* Card header */
#define CARD_HDR_TYPE 0x0000u
#define CARD_HDR_TYPE_RESET_VALUE 0x4D505045u
#define CARD_HDR_VERSION 0x0004u
#define CARD_HDR_VERSION_RESET_VALUE 0x00010001u
#define CARD_HDR_VERSION_MAJOR_SHIFT 16
#define CARD_HDR_VERSION_MAJOR_MASK 0xFFFF0000u
#define CARD_HDR_VERSION_MINOR_SHIFT 0
#define CARD_HDR_VERSION_MINOR_MASK 0x0000FFFFu
#define CARD_HDR_NEXT 0x0008u
#define CARD_HDR_NEXT_RESET_VALUE 0x00000100u
#define CARD_HDR_BUILD 0x000Cu
#define CARD_HDR_BUILD_RESET_VALUE 0x00000000u

/* Capabilities */
#define CARD_CAP_TYPE 0x0100u
#define CARD_CAP_TYPE_RESET_VALUE 0x00000001u
#define CARD_CAP_VERSION 0x0104u
#define CARD_CAP_VERSION_RESET_VALUE 0x00010000u
#define CARD_CAP_NEXT 0x0108u
#define CARD_CAP_NEXT_RESET_VALUE 0x00000200u
#define CARD_CAP_NUM_FLOWS 0x0110u
#define CARD_CAP_NUM_FLOWS_RESET_VALUE 0x00000000u
#define CARD_CAP_NUM_QUEUES 0x0114u
#define CARD_CAP_NUM_QUEUES_RESET_VALUE 0x00000009u
#define CARD_CAP_NUM_ENGINES 0x0118u
#define CARD_CAP_NUM_ENGINES_RESET_VALUE 0x00000000u
#define CARD_CAP_QUEUE_LIMITS 0x011Cu
#define CARD_CAP_QUEUE_LIMITS_RESET_VALUE 0x00000000u
#define CARD_CAP_QUEUE_LIMITS_MAX_LOG2_SHIFT 0
#define CARD_CAP_QUEUE_LIMITS_MAX_LOG2_MASK 0x000000FFu
#define CARD_CAP_QUEUE_LIMITS_MIN_LOG2_SHIFT 8
#define CARD_CAP_QUEUE_LIMITS_MIN_LOG2_MASK 0x0000FF00u
#define CARD_CAP_FEATURES 0x0120u
#define CARD_CAP_FEATURES_RESET_VALUE 0x00000000u
#define CARD_CAP_FEATURES_ENGINE_SHIFT 0
#define CARD_CAP_FEATURES_ENGINE_MASK 0x00000001u
#define CARD_CAP_FEATURES_MGMT_SHIFT 1
#define CARD_CAP_FEATURES_MGMT_MASK 0x00000002u
#define CARD_CAP_FEATURES_INPLACE_SHIFT 2
#define CARD_CAP_FEATURES_INPLACE_MASK 0x00000004u
#define CARD_CAP_FEATURES_COALESCE_SHIFT 3
#define CARD_CAP_FEATURES_COALESCE_MASK 0x00000008u
#define CARD_CAP_MAX_PAYLOAD 0x0124u
#define CARD_CAP_MAX_PAYLOAD_RESET_VALUE 0x00000802u
#define CARD_CAP_CLOCK_KHZ 0x0128u
#define CARD_CAP_CLOCK_KHZ_RESET_VALUE 0x00000000u
#define CARD_CAP_DMA_READS 0x012Cu
#define CARD_CAP_DMA_READS_RESET_VALUE 0x00000001u

/* Control and status */
#define CARD_CTL_TYPE 0x0200u
#define CARD_CTL_TYPE_RESET_VALUE 0x00000002u
#define CARD_CTL_VERSION 0x0204u
#define CARD_CTL_VERSION_RESET_VALUE 0x00010000u
#define CARD_CTL_NEXT 0x0208u
#define CARD_CTL_NEXT_RESET_VALUE 0x00000300u
#define CARD_CTL_CONTROL 0x0210u
#define CARD_CTL_CONTROL_RESET_VALUE 0x00000000u
#define CARD_CTL_CONTROL_ENABLE_SHIFT 0
#define CARD_CTL_CONTROL_ENABLE_MASK 0x00000001u
#define CARD_CTL_CONTROL_RESET_SHIFT 1
#define CARD_CTL_CONTROL_RESET_MASK 0x00000002u
#define CARD_CTL_STATUS 0x0214u
#define CARD_CTL_STATUS_RESET_VALUE 0x00000000u
#define CARD_CTL_STATUS_READY_SHIFT 0
#define CARD_CTL_STATUS_READY_MASK 0x00000001u
#define CARD_CTL_STATUS_FATAL_SHIFT 1
#define CARD_CTL_STATUS_FATAL_MASK 0x00000002u
#define CARD_CTL_STATUS_RESETTING_SHIFT 2
#define CARD_CTL_STATUS_RESETTING_MASK 0x00000004u
#define CARD_CTL_STATUS_IDLE_SHIFT 3
#define CARD_CTL_STATUS_IDLE_MASK 0x00000008u
#define CARD_CTL_STATUS_ENABLED_SHIFT 4
#define CARD_CTL_STATUS_ENABLED_MASK 0x00000010u
#define CARD_CTL_FATAL_CODE 0x0218u
#define CARD_CTL_FATAL_CODE_RESET_VALUE 0x00000000u
#define CARD_CTL_SCRATCH 0x021Cu
#define CARD_CTL_SCRATCH_RESET_VALUE 0x00000000u
#define CARD_CTL_MGMT_BOOT 0x0220u
#define CARD_CTL_MGMT_BOOT_RESET_VALUE 0x00000000u
#define CARD_CTL_MGMT_BOOT_WATCHDOG_SHIFT 0
#define CARD_CTL_MGMT_BOOT_WATCHDOG_MASK 0x0000FFFFu
#define CARD_CTL_MGMT_BOOT_LOCKUP_SHIFT 16
#define CARD_CTL_MGMT_BOOT_LOCKUP_MASK 0x00FF0000u
#define CARD_CTL_MGMT_BOOT_UPDATE_SHIFT 31
#define CARD_CTL_MGMT_BOOT_UPDATE_MASK 0x80000000u

/* Error reporting */
#define CARD_ERR_TYPE 0x0300u
#define CARD_ERR_TYPE_RESET_VALUE 0x00000003u
#define CARD_ERR_VERSION 0x0304u
#define CARD_ERR_VERSION_RESET_VALUE 0x00010000u
#define CARD_ERR_NEXT 0x0308u
#define CARD_ERR_NEXT_RESET_VALUE 0x00000400u
#define CARD_ERR_ERR_STATUS 0x0310u
#define CARD_ERR_ERR_STATUS_RESET_VALUE 0x00000000u
#define CARD_ERR_ERR_STATUS_BAD_RING_SHIFT 0
#define CARD_ERR_ERR_STATUS_BAD_RING_MASK 0x00000001u
#define CARD_ERR_ERR_STATUS_SQ_DMA_SHIFT 1
#define CARD_ERR_ERR_STATUS_SQ_DMA_MASK 0x00000002u
#define CARD_ERR_ERR_STATUS_CQ_DMA_SHIFT 2
#define CARD_ERR_ERR_STATUS_CQ_DMA_MASK 0x00000004u
#define CARD_ERR_ERR_STATUS_CQ_OVERFLOW_SHIFT 3
#define CARD_ERR_ERR_STATUS_CQ_OVERFLOW_MASK 0x00000008u
#define CARD_ERR_ERR_STATUS_DOORBELL_SHIFT 4
#define CARD_ERR_ERR_STATUS_DOORBELL_MASK 0x00000010u
#define CARD_ERR_ERR_QUEUE 0x0314u
#define CARD_ERR_ERR_QUEUE_RESET_VALUE 0x00000000u
#define CARD_ERR_ERR_ADDR_LO 0x0318u
#define CARD_ERR_ERR_ADDR_LO_RESET_VALUE 0x00000000u
#define CARD_ERR_ERR_ADDR_HI 0x031Cu
#define CARD_ERR_ERR_ADDR_HI_RESET_VALUE 0x00000000u
#define CARD_ERR_ERR_COUNT 0x0320u
#define CARD_ERR_ERR_COUNT_RESET_VALUE 0x00000000u

/* Global counters */
#define CARD_CNT_TYPE 0x0400u
#define CARD_CNT_TYPE_RESET_VALUE 0x00000004u
#define CARD_CNT_VERSION 0x0404u
#define CARD_CNT_VERSION_RESET_VALUE 0x00010000u
#define CARD_CNT_NEXT 0x0408u
#define CARD_CNT_NEXT_RESET_VALUE 0x00000800u
#define CARD_CNT_CYCLES_LO 0x0410u
#define CARD_CNT_CYCLES_LO_RESET_VALUE 0x00000000u
#define CARD_CNT_CYCLES_HI 0x0414u
#define CARD_CNT_CYCLES_HI_RESET_VALUE 0x00000000u
#define CARD_CNT_OPS_LO 0x0418u
#define CARD_CNT_OPS_LO_RESET_VALUE 0x00000000u
#define CARD_CNT_OPS_HI 0x041Cu
#define CARD_CNT_OPS_HI_RESET_VALUE 0x00000000u
#define CARD_CNT_ERRORS_LO 0x0420u
#define CARD_CNT_ERRORS_LO_RESET_VALUE 0x00000000u
#define CARD_CNT_ERRORS_HI 0x0424u
#define CARD_CNT_ERRORS_HI_RESET_VALUE 0x00000000u
#define CARD_CNT_BYTES_IN_LO 0x0428u
#define CARD_CNT_BYTES_IN_LO_RESET_VALUE 0x00000000u
#define CARD_CNT_BYTES_IN_HI 0x042Cu
#define CARD_CNT_BYTES_IN_HI_RESET_VALUE 0x00000000u
#define CARD_CNT_BYTES_OUT_LO 0x0430u
#define CARD_CNT_BYTES_OUT_LO_RESET_VALUE 0x00000000u
#define CARD_CNT_BYTES_OUT_HI 0x0434u
#define CARD_CNT_BYTES_OUT_HI_RESET_VALUE 0x00000000u
#define CARD_CNT_ENGINE_BUSY_LO 0x0438u
#define CARD_CNT_ENGINE_BUSY_LO_RESET_VALUE 0x00000000u
#define CARD_CNT_ENGINE_BUSY_HI 0x043Cu
#define CARD_CNT_ENGINE_BUSY_HI_RESET_VALUE 0x00000000u
#define CARD_CNT_IRQS_LO 0x0440u
#define CARD_CNT_IRQS_LO_RESET_VALUE 0x00000000u
#define CARD_CNT_IRQS_HI 0x0444u
#define CARD_CNT_IRQS_HI_RESET_VALUE 0x00000000u

/* Queue pair n (n = 0 admin, 1..8 data) at 0x0800 + n*0x40 */
#define CARD_Q_BASE 0x0800u
#define CARD_Q_STRIDE 0x40u
#define CARD_Q_REG(n, reg) (CARD_Q_BASE + (n) * CARD_Q_STRIDE + (reg))
#define CARD_Q_SQ_BASE_LO 0x0000u
#define CARD_Q_SQ_BASE_LO_RESET_VALUE 0x00000000u
#define CARD_Q_SQ_BASE_HI 0x0004u
#define CARD_Q_SQ_BASE_HI_RESET_VALUE 0x00000000u
#define CARD_Q_CQ_BASE_LO 0x0008u
#define CARD_Q_CQ_BASE_LO_RESET_VALUE 0x00000000u
#define CARD_Q_CQ_BASE_HI 0x000Cu
#define CARD_Q_CQ_BASE_HI_RESET_VALUE 0x00000000u
#define CARD_Q_CFG 0x0010u
#define CARD_Q_CFG_RESET_VALUE 0x00000000u
#define CARD_Q_CFG_SQ_LOG2_SHIFT 0
#define CARD_Q_CFG_SQ_LOG2_MASK 0x0000000Fu
#define CARD_Q_CFG_CQ_LOG2_SHIFT 4
#define CARD_Q_CFG_CQ_LOG2_MASK 0x000000F0u
#define CARD_Q_CFG_ENABLE_SHIFT 31
#define CARD_Q_CFG_ENABLE_MASK 0x80000000u
#define CARD_Q_IRQ 0x0014u
#define CARD_Q_IRQ_RESET_VALUE 0x00000000u
#define CARD_Q_IRQ_ENABLE_SHIFT 0
#define CARD_Q_IRQ_ENABLE_MASK 0x00000001u
#define CARD_Q_IRQ_COUNT_SHIFT 8
#define CARD_Q_IRQ_COUNT_MASK 0x0000FF00u
#define CARD_Q_IRQ_TIME_SHIFT 16
#define CARD_Q_IRQ_TIME_MASK 0xFFFF0000u
#define CARD_Q_STATUS 0x0018u
#define CARD_Q_STATUS_RESET_VALUE 0x00000000u
#define CARD_Q_STATUS_SQ_HEAD_SHIFT 0
#define CARD_Q_STATUS_SQ_HEAD_MASK 0x0000FFFFu
#define CARD_Q_STATUS_ENABLED_SHIFT 16
#define CARD_Q_STATUS_ENABLED_MASK 0x00010000u
#define CARD_Q_STATUS_ERROR_SHIFT 17
#define CARD_Q_STATUS_ERROR_MASK 0x00020000u
#define CARD_Q_CQ_TAIL 0x001Cu
#define CARD_Q_CQ_TAIL_RESET_VALUE 0x00000000u
#define CARD_Q_IRQ_TICK 0x0020u
#define CARD_Q_IRQ_TICK_RESET_VALUE 0x00000001u

/* Doorbells */
#define CARD_DB_SQ_TAIL 0x1000u
#define CARD_DB_SQ_TAIL_RESET_VALUE 0x00000000u
#define CARD_DB_CQ_HEAD 0x1004u
#define CARD_DB_CQ_HEAD_RESET_VALUE 0x00000000u

/* Submission queue entry (data and admin) */
struct card_sqe {
	uint8_t opcode;
	uint8_t flags;
	uint16_t cid;
	uint32_t flow;
	uint64_t src;
	uint64_t dst;
	uint16_t in_len;
	uint16_t out_cap;
	uint32_t cdw7;
	uint8_t arg[32];
};
_Static_assert(sizeof(struct card_sqe) == 64, "SQE size");
_Static_assert(offsetof(struct card_sqe, opcode) == 0, "SQE.OPCODE");
_Static_assert(offsetof(struct card_sqe, flags) == 1, "SQE.FLAGS");
_Static_assert(offsetof(struct card_sqe, cid) == 2, "SQE.CID");
_Static_assert(offsetof(struct card_sqe, flow) == 4, "SQE.FLOW");
_Static_assert(offsetof(struct card_sqe, src) == 8, "SQE.SRC");
_Static_assert(offsetof(struct card_sqe, dst) == 16, "SQE.DST");
_Static_assert(offsetof(struct card_sqe, in_len) == 24, "SQE.IN_LEN");
_Static_assert(offsetof(struct card_sqe, out_cap) == 26, "SQE.OUT_CAP");
_Static_assert(offsetof(struct card_sqe, cdw7) == 28, "SQE.CDW7");
_Static_assert(offsetof(struct card_sqe, arg) == 32, "SQE.ARG");

/* Completion queue entry */
struct card_cqe {
	uint32_t result;
	uint32_t info;
	uint16_t sq_head;
	uint16_t sq_id;
	uint16_t cid;
	uint16_t status;
};
_Static_assert(sizeof(struct card_cqe) == 16, "CQE size");
_Static_assert(offsetof(struct card_cqe, result) == 0, "CQE.RESULT");
#define CARD_CQE_RESULT_OUT_LEN_SHIFT 0
#define CARD_CQE_RESULT_OUT_LEN_MASK 0xFFFFu
#define CARD_CQE_RESULT_CCOUNT_SHIFT 16
#define CARD_CQE_RESULT_CCOUNT_MASK 0xFFF0000u
_Static_assert(offsetof(struct card_cqe, info) == 4, "CQE.INFO");
#define CARD_CQE_INFO_FLAGS_SHIFT 0
#define CARD_CQE_INFO_FLAGS_MASK 0xFFu
#define CARD_CQE_INFO_OPCODE_SHIFT 8
#define CARD_CQE_INFO_OPCODE_MASK 0xFF00u
_Static_assert(offsetof(struct card_cqe, sq_head) == 8, "CQE.SQ_HEAD");
_Static_assert(offsetof(struct card_cqe, sq_id) == 10, "CQE.SQ_ID");
_Static_assert(offsetof(struct card_cqe, cid) == 12, "CQE.CID");
_Static_assert(offsetof(struct card_cqe, status) == 14, "CQE.STATUS");
#define CARD_CQE_STATUS_PHASE_SHIFT 0
#define CARD_CQE_STATUS_PHASE_MASK 0x1u
#define CARD_CQE_STATUS_CODE_SHIFT 1
#define CARD_CQE_STATUS_CODE_MASK 0xFFFEu

/* Admin FLOW_CREATE arguments (SQE.ARG) */
struct card_flowp {
	uint8_t dir;
	uint8_t key_bits;
	uint8_t stateful;
	uint8_t accept_pfc;
	uint16_t first_ccount;
	uint16_t max_rekeys;
	uint64_t rsvd2;
	uint8_t start_key[16];
};
_Static_assert(sizeof(struct card_flowp) == 32, "FLOWP size");
_Static_assert(offsetof(struct card_flowp, dir) == 0, "FLOWP.DIR");
_Static_assert(offsetof(struct card_flowp, key_bits) == 1, "FLOWP.KEY_BITS");
_Static_assert(offsetof(struct card_flowp, stateful) == 2, "FLOWP.STATEFUL");
_Static_assert(offsetof(struct card_flowp, accept_pfc) == 3, "FLOWP.ACCEPT_PFC");
_Static_assert(offsetof(struct card_flowp, first_ccount) == 4, "FLOWP.FIRST_CCOUNT");
_Static_assert(offsetof(struct card_flowp, max_rekeys) == 6, "FLOWP.MAX_REKEYS");
_Static_assert(offsetof(struct card_flowp, rsvd2) == 8, "FLOWP.RSVD2");
_Static_assert(offsetof(struct card_flowp, start_key) == 16, "FLOWP.START_KEY");

/* Admin FLOW_COUNTERS result */
struct card_flowcnt {
	uint64_t packets;
	uint64_t bytes;
	uint64_t key_changes;
	uint64_t ccp_resets;
	uint64_t rx_dropped;
	uint64_t rx_out_of_order;
	uint64_t rx_missed;
	uint64_t rx_rekey_limited;
	uint64_t rx_implausible;
	uint64_t sanity_errors;
	uint32_t sanity_score;
	uint16_t next_ccount;
	uint8_t discarding;
	uint8_t key_bits;
	uint8_t stateful;
	uint8_t dir;
	uint8_t rsvd[6];
};
_Static_assert(sizeof(struct card_flowcnt) == 96, "FLOWCNT size");
_Static_assert(offsetof(struct card_flowcnt, packets) == 0, "FLOWCNT.PACKETS");
_Static_assert(offsetof(struct card_flowcnt, bytes) == 8, "FLOWCNT.BYTES");
_Static_assert(offsetof(struct card_flowcnt, key_changes) == 16, "FLOWCNT.KEY_CHANGES");
_Static_assert(offsetof(struct card_flowcnt, ccp_resets) == 24, "FLOWCNT.CCP_RESETS");
_Static_assert(offsetof(struct card_flowcnt, rx_dropped) == 32, "FLOWCNT.RX_DROPPED");
_Static_assert(offsetof(struct card_flowcnt, rx_out_of_order) == 40, "FLOWCNT.RX_OUT_OF_ORDER");
_Static_assert(offsetof(struct card_flowcnt, rx_missed) == 48, "FLOWCNT.RX_MISSED");
_Static_assert(offsetof(struct card_flowcnt, rx_rekey_limited) == 56, "FLOWCNT.RX_REKEY_LIMITED");
_Static_assert(offsetof(struct card_flowcnt, rx_implausible) == 64, "FLOWCNT.RX_IMPLAUSIBLE");
_Static_assert(offsetof(struct card_flowcnt, sanity_errors) == 72, "FLOWCNT.SANITY_ERRORS");
_Static_assert(offsetof(struct card_flowcnt, sanity_score) == 80, "FLOWCNT.SANITY_SCORE");
_Static_assert(offsetof(struct card_flowcnt, next_ccount) == 84, "FLOWCNT.NEXT_CCOUNT");
_Static_assert(offsetof(struct card_flowcnt, discarding) == 86, "FLOWCNT.DISCARDING");
_Static_assert(offsetof(struct card_flowcnt, key_bits) == 87, "FLOWCNT.KEY_BITS");
_Static_assert(offsetof(struct card_flowcnt, stateful) == 88, "FLOWCNT.STATEFUL");
_Static_assert(offsetof(struct card_flowcnt, dir) == 89, "FLOWCNT.DIR");
_Static_assert(offsetof(struct card_flowcnt, rsvd) == 90, "FLOWCNT.RSVD");

/* Admin IDENTIFY result */
struct card_ident {
	uint32_t magic;
	uint32_t fw_version;
	uint32_t rtl_version;
	uint32_t engine;
	uint32_t num_flows;
	uint32_t caps;
	uint32_t card_state;
	uint32_t selftest;
	uint32_t max_xfer;
	uint32_t mbox_version;
	uint32_t flows_in_use;
	uint32_t fw_crc;
	uint32_t selftest_clk;
	uint8_t rsvd[12];
	uint8_t fw_name[32];
	uint8_t rsvd2[32];
};
_Static_assert(sizeof(struct card_ident) == 128, "IDENT size");
_Static_assert(offsetof(struct card_ident, magic) == 0, "IDENT.MAGIC");
_Static_assert(offsetof(struct card_ident, fw_version) == 4, "IDENT.FW_VERSION");
_Static_assert(offsetof(struct card_ident, rtl_version) == 8, "IDENT.RTL_VERSION");
_Static_assert(offsetof(struct card_ident, engine) == 12, "IDENT.ENGINE");
_Static_assert(offsetof(struct card_ident, num_flows) == 16, "IDENT.NUM_FLOWS");
_Static_assert(offsetof(struct card_ident, caps) == 20, "IDENT.CAPS");
#define CARD_IDENT_CAPS_STATELESS_SHIFT 0
#define CARD_IDENT_CAPS_STATELESS_MASK 0x1u
#define CARD_IDENT_CAPS_STATEFUL_SHIFT 1
#define CARD_IDENT_CAPS_STATEFUL_MASK 0x2u
#define CARD_IDENT_CAPS_KEY40_SHIFT 2
#define CARD_IDENT_CAPS_KEY40_MASK 0x4u
#define CARD_IDENT_CAPS_KEY56_SHIFT 3
#define CARD_IDENT_CAPS_KEY56_MASK 0x8u
#define CARD_IDENT_CAPS_KEY128_SHIFT 4
#define CARD_IDENT_CAPS_KEY128_MASK 0x10u
#define CARD_IDENT_CAPS_FW_UPDATE_SHIFT 5
#define CARD_IDENT_CAPS_FW_UPDATE_MASK 0x20u
#define CARD_IDENT_CAPS_EVENT_LOG_SHIFT 6
#define CARD_IDENT_CAPS_EVENT_LOG_MASK 0x40u
_Static_assert(offsetof(struct card_ident, card_state) == 24, "IDENT.CARD_STATE");
#define CARD_IDENT_CARD_STATE_READY_SHIFT 0
#define CARD_IDENT_CARD_STATE_READY_MASK 0x1u
#define CARD_IDENT_CARD_STATE_SELFTEST_FAILED_SHIFT 1
#define CARD_IDENT_CARD_STATE_SELFTEST_FAILED_MASK 0x2u
#define CARD_IDENT_CARD_STATE_FATAL_SHIFT 2
#define CARD_IDENT_CARD_STATE_FATAL_MASK 0x4u
#define CARD_IDENT_CARD_STATE_DATAPATH_ENABLE_SHIFT 3
#define CARD_IDENT_CARD_STATE_DATAPATH_ENABLE_MASK 0x8u
_Static_assert(offsetof(struct card_ident, selftest) == 28, "IDENT.SELFTEST");
#define CARD_IDENT_SELFTEST_CTX_SHIFT 0
#define CARD_IDENT_SELFTEST_CTX_MASK 0x1u
#define CARD_IDENT_SELFTEST_RC4_SHIFT 1
#define CARD_IDENT_SELFTEST_RC4_MASK 0x2u
#define CARD_IDENT_SELFTEST_SHA1_SHIFT 2
#define CARD_IDENT_SELFTEST_SHA1_MASK 0x4u
#define CARD_IDENT_SELFTEST_REKEY_SHIFT 3
#define CARD_IDENT_SELFTEST_REKEY_MASK 0x8u
#define CARD_IDENT_SELFTEST_ENGINE_SHIFT 4
#define CARD_IDENT_SELFTEST_ENGINE_MASK 0x10u
_Static_assert(offsetof(struct card_ident, max_xfer) == 32, "IDENT.MAX_XFER");
_Static_assert(offsetof(struct card_ident, mbox_version) == 36, "IDENT.MBOX_VERSION");
_Static_assert(offsetof(struct card_ident, flows_in_use) == 40, "IDENT.FLOWS_IN_USE");
_Static_assert(offsetof(struct card_ident, fw_crc) == 44, "IDENT.FW_CRC");
_Static_assert(offsetof(struct card_ident, selftest_clk) == 48, "IDENT.SELFTEST_CLK");
_Static_assert(offsetof(struct card_ident, rsvd) == 52, "IDENT.RSVD");
_Static_assert(offsetof(struct card_ident, fw_name) == 64, "IDENT.FW_NAME");
_Static_assert(offsetof(struct card_ident, rsvd2) == 96, "IDENT.RSVD2");

/* Admin GET_LOG entry */
struct card_logent {
	uint32_t seq;
	uint32_t time;
	uint16_t code;
	uint16_t rsvd;
	uint32_t arg;
};
_Static_assert(sizeof(struct card_logent) == 16, "LOGENT size");
_Static_assert(offsetof(struct card_logent, seq) == 0, "LOGENT.SEQ");
_Static_assert(offsetof(struct card_logent, time) == 4, "LOGENT.TIME");
_Static_assert(offsetof(struct card_logent, code) == 8, "LOGENT.CODE");
_Static_assert(offsetof(struct card_logent, rsvd) == 10, "LOGENT.RSVD");
_Static_assert(offsetof(struct card_logent, arg) == 12, "LOGENT.ARG");

/* Data opcodes */
enum card_opc {
	CARD_OPC_ENCRYPT = 0x1, /* tx flow: protocol + data at SRC -> MPPE header + ciphertext at DST */
	CARD_OPC_DECRYPT = 0x2, /* rx flow: MPPE header + ciphertext -> protocol + data */
	CARD_OPC_RESET = 0x3, /* tx flow: apply a CCP Reset-Request, in order with the flow's packets (no payload) */
};

/* Completion status (CQE.STATUS.CODE) */
enum card_status {
	CARD_STATUS_OK = 0x0, /* success */
	CARD_STATUS_DROP_DUPLICATE = 0x1, /* rx: duplicate (the engine statuses 1-15 equal enum mppe_status) */
	CARD_STATUS_DROP_LATE = 0x2, /* rx: behind */
	CARD_STATUS_DROP_LOSS = 0x3, /* rx stateful: loss; send a CCP Reset-Request */
	CARD_STATUS_DROP_DISCARDING = 0x4, /* rx stateful: waiting for a flushed packet */
	CARD_STATUS_DROP_REKEY_LIMIT = 0x5, /* rx stateless: too many key changes */
	CARD_STATUS_DROP_IMPLAUSIBLE = 0x6, /* rx: implausible protocol field */
	CARD_STATUS_ERR_SHORT = 0x7, /* too short */
	CARD_STATUS_ERR_NOT_ENCRYPTED = 0x8, /* rx: D bit clear */
	CARD_STATUS_ERR_NOT_FLUSHED = 0x9, /* rx: A bit missing */
	CARD_STATUS_ERR_BAD_PROTOCOL = 0xA, /* tx: protocol outside 0x0021..0x00FA */
	CARD_STATUS_ERR_TOO_LONG = 0xB, /* in_len above MAX_PAYLOAD */
	CARD_STATUS_ERR_BAD_FLOW = 0xC, /* no such flow or wrong direction */
	CARD_STATUS_ERR_BAD_OP = 0xD, /* unknown opcode */
	CARD_STATUS_ERR_NO_SPACE = 0xE, /* out_cap too small for the result */
	CARD_STATUS_ERR_DEVICE = 0xF, /* engine failure */
	CARD_STATUS_CARD_SRC_DMA = 0x20, /* card: SRC not mapped (DMA read failed); nothing written at DST */
	CARD_STATUS_CARD_DST_DMA = 0x21, /* card: DST not mapped (DMA write failed); DST may be partly written */
	CARD_STATUS_CARD_FLOW_RANGE = 0x22, /* card: flow ID >= NUM_FLOWS */
	CARD_STATUS_CARD_NO_ENGINE = 0x23, /* card: no engine connected (CAP.FEATURES.ENGINE = 0) */
	CARD_STATUS_CARD_ABORTED = 0x24, /* card: the operation was cut short by a reset or a queue disable */
	CARD_STATUS_CARD_DISABLED = 0x25, /* card: the data path is disabled (management core not READY, self-test failed or fatal); nothing was read or written */
	CARD_STATUS_ADM_BAD_OPCODE = 0x30, /* admin: unknown command */
	CARD_STATUS_ADM_BAD_ARG = 0x31, /* admin: malformed arguments */
	CARD_STATUS_ADM_NO_FLOWS = 0x32, /* admin: no free flow context */
	CARD_STATUS_ADM_BAD_IMAGE = 0x33, /* admin: firmware image refused */
	CARD_STATUS_ADM_NOT_READY = 0x34, /* admin: the card is not ready (self-test failed): flow commands refused */
};

/* STATUS.FATAL codes (CTL.FATAL_CODE) */
enum card_fatal {
	CARD_FATAL_NONE = 0x0, /* no fatal error */
	CARD_FATAL_SELFTEST = 0x1, /* the power-on self-test failed; the data path stays disabled */
	CARD_FATAL_FIRMWARE = 0x2, /* the management core trapped or stopped */
};

/* Admin opcodes (queue 0, executed by the management core's firmware) */
enum card_adm {
	CARD_ADM_IDENTIFY = 0x1, /* write the identify structure (4096 octets) at DST */
	CARD_ADM_FLOW_CREATE = 0x2, /* ARG holds struct FLOWP; RESULT = new flow ID */
	CARD_ADM_FLOW_DESTROY = 0x3, /* FLOW: destroy and wipe its keys */
	CARD_ADM_FLOW_COUNTERS = 0x4, /* FLOW: write struct FLOWCNT at DST */
	CARD_ADM_GET_LOG = 0x5, /* write up to OUT_CAP octets of the event log at DST; RESULT = octets */
	CARD_ADM_FW_UPDATE = 0x6, /* IN_LEN octets of firmware image at SRC */
	CARD_ADM_SET_INTERRUPTS = 0x7, /* ARG word 0: [15:0] coalescing threshold, [31:16] time in us (0..1000) */
};

/* Event log codes (LOGENT.CODE; ARG in each description) */
enum card_ev {
	CARD_EV_START = 0x1, /* firmware started; ARG firmware version */
	CARD_EV_SELFTEST_PASS = 0x2, /* self-test passed; ARG clocks taken */
	CARD_EV_SELFTEST_FAIL = 0x3, /* self-test failed; ARG the failed-test bits (IDENT.SELFTEST) */
	CARD_EV_FLOW_CREATED = 0x10, /* flow created; ARG flow ID */
	CARD_EV_FLOW_DESTROYED = 0x11, /* flow destroyed; ARG flow ID */
	CARD_EV_CMD_REJECTED = 0x20, /* admin command rejected; ARG opcode | status << 8 */
	CARD_EV_FW_ACCEPTED = 0x30, /* firmware image accepted, restarting; ARG new version */
	CARD_EV_FW_REFUSED = 0x31, /* firmware image refused; ARG reason */
	CARD_EV_TRAP_CAUSE = 0x40, /* unexpected trap (fatal); ARG mcause (a TRAP_EPC entry follows) */
	CARD_EV_TRAP_EPC = 0x41, /* the trap's mepc; ARG mepc */
	CARD_EV_DMA_ERROR = 0x42, /* DMA window error; ARG DMA status */
};

#endif
