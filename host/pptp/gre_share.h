/*
 * GRE shared over worker threads (pnsd -W, docs/workers.md): the host's GRE
 * is received once and each datagram handed to the worker that owns its
 * call, without a lock on the packet path.
 *
 * Worker 0's loop reads the one raw socket (recvmmsg). The call ID in each
 * datagram's key names its worker in a table of 65,536 bytes that any
 * thread may change (atomic stores; the reader's loads are relaxed: a
 * datagram racing a change goes to the old owner, which no longer has the
 * session and counts it as rx_no_session). Worker 0's datagrams, and every
 * datagram without a usable key, are input on worker 0 in place; each other
 * worker's are copied into that worker's single-producer single-consumer
 * ring (driver/sw/spsc_ring.h) and its eventfd written after the batch,
 * only if the worker had emptied its ring and waits (gre_share_signals);
 * when a worker's ring is full the reader holds the datagram back and
 * reads nothing more until that worker has freed slots (gre_share_holds),
 * so a burst waits in the socket's buffer instead of being dropped;
 * the worker drains the ring on its own loop and inputs them to its own
 * gre_sock. So each worker has its own gre_sock (sessions, counters) and
 * only the worker's thread touches it; all of them send through the one
 * socket (a second protocol-47 socket would be given a copy of every GRE
 * datagram the host receives: the cost `BENCH gre_steer` measured).
 */
#ifndef HOST_PPTP_GRE_SHARE_H
#define HOST_PPTP_GRE_SHARE_H

#include <stdint.h>

#include "gre.h"

#define GRE_SHARE_MAX_WORKERS 64
#define GRE_SHARE_RING        1024   /* datagrams waiting per worker; then the reader holds back */

struct gre_share;

/* Open the raw socket (bound to local_addr, network order, 0 = any) read
 * on loops[0], and one gre_sock per loop (n of them, 1..64). Every call ID
 * starts owned by worker 0. Call from the thread that will run loops[0]
 * before the worker threads start. NULL with errno. */
struct gre_share *gre_share_open(struct ev_loop *const *loops, unsigned n, uint32_t local_addr);
/* Worker w's gre_sock: its sessions are started, input and sent on w's loop only. */
struct gre_sock *gre_share_sock(struct gre_share *sh, unsigned w);
unsigned gre_share_workers(const struct gre_share *sh);
/* Any thread: datagrams for call_id go to worker w from now on. */
void gre_share_assign(struct gre_share *sh, uint16_t call_id, unsigned w);
unsigned gre_share_owner(const struct gre_share *sh, uint16_t call_id);
/* Datagrams handed to worker w; times the reader held one back because
 * w's ring was full (and stopped reading the socket until w freed slots:
 * nothing is dropped at the hand-over). Any thread; relaxed reads of
 * counters the reader adds to. */
uint64_t gre_share_handed(const struct gre_share *sh, unsigned w);
uint64_t gre_share_holds(const struct gre_share *sh, unsigned w);
/* Times worker w stopped taking from its ring because its MPPE engine had
 * no room for a GRE batch (gre_sock_admits; its ring then fills and the
 * reader holds back). Any thread; a relaxed read. */
uint64_t gre_share_paused(const struct gre_share *sh, unsigned w);
/* Times the reader wrote worker w's eventfd: only when w had drained its
 * ring and waited (one per batch at most, none while w is busy). */
uint64_t gre_share_signals(const struct gre_share *sh, unsigned w);
/* After the worker threads have stopped; their sessions must be stopped. */
void gre_share_close(struct gre_share *sh);

#endif
