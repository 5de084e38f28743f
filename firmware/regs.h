/* The management core's memory map (docs/mgmt-core.md). Used by the real
 * HAL (hal_mgmt.c) only; the rest of the firmware goes through hal.h. */
#ifndef FW_REGS_H
#define FW_REGS_H

#define IMEM_BASE        0x00000000u
#define IMEM_SIZE        0x4000u
#define DMEM_BASE        0x10000000u
#define STAGE_BASE       0x20000000u
#define STAGE_SIZE       0x4000u
#define DMABUF_BASE      0x30000000u
#define DMABUF_SIZE      0x1000u

#define SYS_BASE         0x40000000u
#define SYS_ID           (SYS_BASE + 0x00)
#define SYS_RTL_VERSION  (SYS_BASE + 0x04)
#define SYS_CARD_STATUS  (SYS_BASE + 0x08)
#define SYS_FW_VERSION   (SYS_BASE + 0x0c)
#define SYS_SCRATCH      (SYS_BASE + 0x10)
#define SYS_LOADER_SRC   (SYS_BASE + 0x14)
#define SYS_LOADER_WORDS (SYS_BASE + 0x18)
#define SYS_LOADER_GO    (SYS_BASE + 0x1c)
#define SYS_SIM_TOHOST   (SYS_BASE + 0x20)
#define SYS_SIM_CONSOLE  (SYS_BASE + 0x24)
#define SYS_IRQ_COALESCE (SYS_BASE + 0x28)
#define SYS_BOOT_COUNT   (SYS_BASE + 0x2c)
#define SYS_WDOG         (SYS_BASE + 0x30)   /* write: kick the watchdog */
#define SYS_RECOVERY     (SYS_BASE + 0x34)

#define TIMER_MTIME_LO   0x40001000u
#define TIMER_MTIME_HI   0x40001004u

#define ADMIN_BASE       0x40002000u
#define ADMIN_STATUS     (ADMIN_BASE + 0x00)
#define ADMIN_DONE       (ADMIN_BASE + 0x04)
#define ADMIN_CQE(i)     (ADMIN_BASE + 0x10 + 4u * (i))
#define ADMIN_SQE(i)     (ADMIN_BASE + 0x40 + 4u * (i))
#define DMA_HOST_LO      (ADMIN_BASE + 0x80)
#define DMA_HOST_HI      (ADMIN_BASE + 0x84)
#define DMA_LEN          (ADMIN_BASE + 0x88)
#define DMA_DIR          (ADMIN_BASE + 0x8c)
#define DMA_GO           (ADMIN_BASE + 0x90)
#define DMA_STATUS       (ADMIN_BASE + 0x94)
#define ADMIN_SQE_WIPE   (ADMIN_BASE + 0x98)
#define ADMIN_STATUS_PENDING  0x1u
#define ADMIN_STATUS_CQE_BUSY 0x2u
#define DMA_STATUS_BUSY  0x1u

#define LOG_BASE         0x40003000u
#define LOG_NEXT         (LOG_BASE + 0x000)
#define LOG_RAM(w)       (LOG_BASE + 0x400 + 4u * (w))

#define CTX_BASE         0x50000000u
#define CTX_CMD          (CTX_BASE + 0x00)
#define CTX_STATUS       (CTX_BASE + 0x04)
#define CTX_FLOW         (CTX_BASE + 0x08)
#define CTX_PARAM        (CTX_BASE + 0x0c)
#define CTX_CCOUNT       (CTX_BASE + 0x10)
#define CTX_NUM_FLOWS    (CTX_BASE + 0x14)
#define CTX_KEY(i)       (CTX_BASE + 0x20 + 4u * (i))
#define CTX_RSP(i)       (CTX_BASE + 0x40 + 4u * (i))

#define ST_BASE          0x50008000u
#define ST_GO            (ST_BASE + 0x000)
#define ST_STATUS        (ST_BASE + 0x004)
#define ST_OP            (ST_BASE + 0x008)
#define ST_FLOW          (ST_BASE + 0x00c)
#define ST_LEN           (ST_BASE + 0x010)
#define ST_OUT_LEN       (ST_BASE + 0x014)
#define ST_ENGINE        (ST_BASE + 0x018)
#define ST_IN(w)         (ST_BASE + 0x100 + 4u * (w))
#define ST_OUT(w)        (ST_BASE + 0x200 + 4u * (w))

#endif
