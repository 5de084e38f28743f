/*
 * The vfio-user protocol: message layouts shared by the server in
 * sim/cardsim and the client backend in driver/card/vfio_user_client.c.
 *
 * Written from the specification (QEMU docs/interop/vfio-user.rst, protocol
 * version 0.1). Every message is a 16-octet header followed by a payload;
 * all integers are little-endian (this code runs on little-endian hosts
 * only, checked below). File descriptors travel as SCM_RIGHTS ancillary
 * data with the message that needs them. The subset implemented is listed
 * in docs/cardsim.md.
 */
#ifndef CARD_VFIO_USER_H
#define CARD_VFIO_USER_H

#include <stddef.h>
#include <stdint.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "vfio-user messages are little-endian; this code assumes a little-endian host"
#endif

#define VFIO_USER_MAJOR            0
#define VFIO_USER_MINOR            1

/* Commands (spec: "Commands") */
enum vfio_user_command {
	VFIO_USER_VERSION = 1,
	VFIO_USER_DMA_MAP = 2,
	VFIO_USER_DMA_UNMAP = 3,
	VFIO_USER_DEVICE_GET_INFO = 4,
	VFIO_USER_DEVICE_GET_REGION_INFO = 5,
	VFIO_USER_DEVICE_GET_REGION_IO_FDS = 6,
	VFIO_USER_DEVICE_GET_IRQ_INFO = 7,
	VFIO_USER_DEVICE_SET_IRQS = 8,
	VFIO_USER_REGION_READ = 9,
	VFIO_USER_REGION_WRITE = 10,
	VFIO_USER_DMA_READ = 11,
	VFIO_USER_DMA_WRITE = 12,
	VFIO_USER_DEVICE_RESET = 13,
};

/* Header flags */
#define VFIO_USER_F_TYPE_MASK      0x0fu
#define VFIO_USER_F_TYPE_COMMAND   0x00u
#define VFIO_USER_F_TYPE_REPLY     0x01u
#define VFIO_USER_F_NO_REPLY       0x10u
#define VFIO_USER_F_ERROR          0x20u

struct vfio_user_header {
	uint16_t msg_id;
	uint16_t command;
	uint32_t msg_size;        /* header + payload, octets */
	uint32_t flags;
	uint32_t error_no;        /* replies with VFIO_USER_F_ERROR: an errno */
};
_Static_assert(sizeof(struct vfio_user_header) == 16, "vfio-user header");

struct vfio_user_version {
	uint16_t major;
	uint16_t minor;
	/* followed by a NUL-terminated JSON object of capabilities */
};
_Static_assert(sizeof(struct vfio_user_version) == 4, "VERSION");

#define VFIO_USER_DMA_FLAG_READ    0x1u
#define VFIO_USER_DMA_FLAG_WRITE   0x2u
struct vfio_user_dma_map {
	uint32_t argsz;
	uint32_t flags;
	uint64_t offset;          /* into the file passed with the message */
	uint64_t address;         /* IOVA */
	uint64_t size;
};
_Static_assert(sizeof(struct vfio_user_dma_map) == 32, "DMA_MAP");

struct vfio_user_dma_unmap {
	uint32_t argsz;
	uint32_t flags;
	uint64_t address;
	uint64_t size;
};
_Static_assert(sizeof(struct vfio_user_dma_unmap) == 24, "DMA_UNMAP");

#define VFIO_USER_DEVICE_FLAGS_RESET 0x1u
#define VFIO_USER_DEVICE_FLAGS_PCI   0x2u
struct vfio_user_device_info {
	uint32_t argsz;
	uint32_t flags;
	uint32_t num_regions;
	uint32_t num_irqs;
};
_Static_assert(sizeof(struct vfio_user_device_info) == 16, "DEVICE_GET_INFO");

/* PCI region indexes (as VFIO_PCI_*_REGION_INDEX) */
#define VFIO_USER_PCI_BAR0         0
#define VFIO_USER_PCI_ROM          6
#define VFIO_USER_PCI_CONFIG       7
#define VFIO_USER_PCI_NUM_REGIONS  9

#define VFIO_USER_REGION_READ_OK   0x1u
#define VFIO_USER_REGION_WRITE_OK  0x2u
#define VFIO_USER_REGION_MMAP      0x4u
#define VFIO_USER_REGION_CAPS      0x8u
struct vfio_user_region_info {
	uint32_t argsz;
	uint32_t flags;
	uint32_t index;
	uint32_t cap_offset;      /* from the start of this struct, 0 = none */
	uint64_t size;
	uint64_t offset;          /* mmap offset into the file passed with the reply */
};
_Static_assert(sizeof(struct vfio_user_region_info) == 32, "DEVICE_GET_REGION_INFO");

#define VFIO_USER_CAP_SPARSE_MMAP  1
struct vfio_user_cap_header {
	uint16_t id;
	uint16_t version;
	uint32_t next;
};
struct vfio_user_sparse_mmap {
	struct vfio_user_cap_header header;
	uint32_t nr_areas;
	uint32_t reserved;
	struct {
		uint64_t offset;
		uint64_t size;
	} areas[1];
};
_Static_assert(sizeof(struct vfio_user_sparse_mmap) == 32, "sparse mmap capability");

/* IRQ indexes (as VFIO_PCI_*_IRQ_INDEX) */
#define VFIO_USER_IRQ_INTX         0
#define VFIO_USER_IRQ_MSI          1
#define VFIO_USER_IRQ_MSIX         2
#define VFIO_USER_IRQ_ERR          3
#define VFIO_USER_IRQ_REQ          4
#define VFIO_USER_NUM_IRQS         5

#define VFIO_USER_IRQ_INFO_EVENTFD 0x1u
#define VFIO_USER_IRQ_INFO_NORESIZE 0x8u
struct vfio_user_irq_info {
	uint32_t argsz;
	uint32_t flags;
	uint32_t index;
	uint32_t count;
};
_Static_assert(sizeof(struct vfio_user_irq_info) == 16, "DEVICE_GET_IRQ_INFO");

#define VFIO_USER_IRQ_DATA_NONE    0x01u
#define VFIO_USER_IRQ_DATA_BOOL    0x02u
#define VFIO_USER_IRQ_DATA_EVENTFD 0x04u
#define VFIO_USER_IRQ_ACTION_MASK  0x08u
#define VFIO_USER_IRQ_ACTION_UNMASK 0x10u
#define VFIO_USER_IRQ_ACTION_TRIGGER 0x20u
struct vfio_user_irq_set {
	uint32_t argsz;
	uint32_t flags;
	uint32_t index;
	uint32_t start;
	uint32_t count;
	/* DATA_EVENTFD: count file descriptors with the message (-1 entries are
	 * not representable: fewer fds than count means "disable the rest") */
};
_Static_assert(sizeof(struct vfio_user_irq_set) == 20, "DEVICE_SET_IRQS");

struct vfio_user_region_access {
	uint64_t offset;
	uint32_t region;
	uint32_t count;
	/* REGION_WRITE request and REGION_READ reply: count octets of data */
};
_Static_assert(sizeof(struct vfio_user_region_access) == 16, "REGION_READ/WRITE");

/* Largest message either side sends or accepts (header + payload). */
#define VFIO_USER_MAX_MSG          (64u * 1024u)
#define VFIO_USER_MAX_FDS          16

/*
 * cardsim's doorbell page. BAR0 0x1000-0x1FFF is offered as a sparse mmap
 * area backed by a shared file: the driver writes doorbells there without a
 * message, and the server applies them between clock batches. The last word
 * of the page is the server's "sleeping" flag (not a card register; on real
 * hardware it reads 0): when it is set after a doorbell write, the client
 * sends a posted REGION_WRITE of the same doorbell to wake the server.
 */
#define CARDSIM_DB_SLEEPING_OFF    0xFFCu

#endif
