/*
 * The engine API: MPPE work for many flows, wherever it runs.
 *
 * Backends: "sw" (this process, the reference engine), and later the
 * simulated card ("cardsim:SOCKET") and a real card through VFIO
 * ("vfio:PCI-ADDRESS"). Callers cannot tell them apart except by speed and
 * by mppe_engine_label(): the API is batched and asynchronous for all of
 * them, even though the software backend completes every operation at once.
 *
 * Ordering: the operations of one flow complete in submission order.
 * Operations of different flows may complete in any order. One exception:
 * a card that stopped answering (its ring full, a register read unanswered
 * for 2 s) fails new operations at once (MPPE_ERR_DEVICE) while older ones
 * of the same flow are still on it; those that completed OK keep their
 * order among themselves.
 *
 * Errors: functions returning int return 0 (or a count) on success and -1
 * with errno set on failure.
 */
#ifndef MPPE_ENGINE_H
#define MPPE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mppe/mppe.h"

struct mppe_engine;

struct mppe_op {
	uint64_t cookie;       /* returned untouched in the completion */
	uint32_t flow;
	uint8_t opcode;        /* enum mppe_opcode */
	const uint8_t *in;     /* RESET: unused */
	uint16_t in_len;
	uint8_t *out;          /* encrypt: in_len + 2 octets; decrypt: in_len - 2. See mppe.h for aliasing */
	uint16_t out_cap;
};

/* enum mppe_opcode and the completion flags MPPE_CF_* are in
 * mppe_codes.h, generated from contract/mppe_codes.txt. */

struct mppe_completion {
	uint64_t cookie;
	uint32_t flow;
	uint16_t status;       /* enum mppe_status */
	uint16_t out_len;      /* octets written to op.out when status == MPPE_OK */
	uint16_t ccount;       /* coherency count of the packet (tx: sent; rx: received) */
	uint8_t flags;         /* MPPE_CF_* */
	uint8_t opcode;
};

/* spec: "sw", "cardsim:/path/to/socket", "vfio:0000:03:00.0". Waits for a
 * card's bring-up (its reset, the firmware's boot and self-test). */
struct mppe_engine *mppe_engine_open(const char *spec);
/* The same without waiting for a card's bring-up (what an event loop
 * uses): only what fails at once (no such socket or device, not our card)
 * fails here; mppe_engine_open_step() finishes it. A "cards:" engine is
 * usable at once without the step: flows go to software until a card is
 * up, and its mppe_poll brings the cards up (pnsd listens meanwhile). */
struct mppe_engine *mppe_engine_open_start(const char *spec);
/* 1: open and usable; 0: not yet, call again later (it does at most one
 * register read every 20 ms); -1: failed (errno, mppe_engine_error()):
 * close it. */
int mppe_engine_open_step(struct mppe_engine *e);
void mppe_engine_close(struct mppe_engine *e);
/* Why the last mppe_engine_open of this thread failed, and what to do
 * (e.g. "0000:03:00.0 is bound to driver nvme, not to vfio-pci. Bind it
 * with ..."); strerror(errno) when the backend said no more. */
const char *mppe_engine_error(void);
/* "Software", or e.g. "Hardware (card0)" for show ppp mppe. */
const char *mppe_engine_label(const struct mppe_engine *e);
/* Short backend name: "sw", "cardsim", "vfio". */
const char *mppe_engine_kind(const struct mppe_engine *e);
/* Threads the engine's MPPE work runs on: N for "sw:threads=N" (the
 * software engine beside the caller's thread), else 1. */
unsigned mppe_engine_threads(const struct mppe_engine *e);
/* Most flows the engine holds at once. */
uint32_t mppe_engine_max_flows(const struct mppe_engine *e);

/* Creates a flow; *flow receives its ID (for a card, its context index).
 * On a card this waits for the card's management core: tests and tools. */
int mppe_flow_create(struct mppe_engine *e, const struct mppe_flow_params *p, uint32_t *flow);
/*
 * Starts creating a flow and never waits (what an event loop uses). Returns
 * 1 when the flow exists already (*flow set: the software engine, or no card
 * took it), 0 when its creation completes through mppe_poll: a completion
 * with opcode MPPE_OP_FLOW_CREATED, this cookie, and status MPPE_OK with
 * .flow the new flow's ID, or MPPE_ERR_NO_SPACE (full) / MPPE_ERR_DEVICE
 * (the card failed); or -1 with errno. *p is copied (the caller wipes its
 * key); the flow takes no operation before its completion.
 */
int mppe_flow_create_start(struct mppe_engine *e, const struct mppe_flow_params *p, uint64_t cookie,
			   uint32_t *flow);
/* Opcode of a completion of mppe_flow_create_start (never an operation's:
 * above the engine's opcodes, mppe_codes.h) */
#define MPPE_OP_FLOW_CREATED 0x80
/* Destroys a flow and wipes its keys on the host at once; never waits for a
 * card (it frees the card's context once the flow's operations in flight
 * have completed, and the ID is not given out again before that).
 * Operations submitted later complete with MPPE_ERR_BAD_FLOW. */
int mppe_flow_destroy(struct mppe_engine *e, uint32_t flow);
/* Reads a flow's counters; on a card this waits for the card's answer. */
int mppe_flow_read_counters(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out);
/* Never blocks: on a card, the counters of the last read, and a new read
 * asked for, which mppe_poll sends and collects (an event loop calls it
 * anyway); -1 with EAGAIN until a read came back. On the software engine
 * the same as mppe_flow_read_counters. */
int mppe_flow_peek_counters(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out);
/* Never blocks: 0 with the counters of a read sent at or after since_ms
 * (CLOCK_MONOTONIC milliseconds), or -1 with EAGAIN until such a read has
 * come back through mppe_poll (one is asked for when none is on its way).
 * For a show that must answer with current values without waiting in the
 * event loop: call again after polling. Memory-only engines are always
 * current (the same as mppe_flow_read_counters). */
int mppe_flow_counters_since(struct mppe_engine *e, uint32_t flow, uint64_t since_ms, struct mppe_counters *out);

/*
 * Queues up to n operations; returns how many were accepted (fewer when the
 * engine's queues are full: back-pressure, try again after polling), or -1.
 * Buffers must stay valid until the operation completes.
 */
int mppe_submit(struct mppe_engine *e, const struct mppe_op *ops, unsigned n);
/* Collects up to max completions without blocking; returns the count. */
int mppe_poll(struct mppe_engine *e, struct mppe_completion *out, unsigned max);
/* A file descriptor that becomes readable when completions are ready (for
 * epoll); call mppe_poll until it returns 0, then mppe_ack_event. */
int mppe_event_fd(const struct mppe_engine *e);
void mppe_ack_event(struct mppe_engine *e);
/* True when the flow's work runs in this process: always for "sw"; for
 * "cards:", once its card failed and the flow moved (docs/driver.md). */
bool mppe_flow_in_software(struct mppe_engine *e, uint32_t flow);
/* Operations submitted but not yet collected. */
unsigned mppe_inflight(const struct mppe_engine *e);

#endif
