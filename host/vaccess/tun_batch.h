/*
 * Batched TUN writes (pnsd -U): the packets one event-loop iteration
 * delivers to TUN devices are copied into a batch and written with one
 * io_uring_enter() instead of one write() each (Linux TUN has no writev of
 * several packets). The batch is one io_uring link chain, so the packets
 * are written in the order they were queued, exactly as consecutive
 * write()s would be; a packet the kernel refuses ends the chain and the rest
 * are submitted again, so a bad packet costs one more system call and
 * delays no one else's.
 */
#ifndef HOST_VACCESS_TUN_BATCH_H
#define HOST_VACCESS_TUN_BATCH_H

#include <stddef.h>
#include <stdint.h>

#define TUN_BATCH_MAX  64
#define TUN_BATCH_PKT  2048

struct tun_batch;

/* NULL with errno when io_uring is not available (the caller writes). */
struct tun_batch *tun_batch_new(void);
void tun_batch_free(struct tun_batch *b);
/* Room for one more packet? (flush first when not) */
int tun_batch_full(const struct tun_batch *b);
/* The buffer for the next packet (len <= TUN_BATCH_PKT), to fd, for owner. */
uint8_t *tun_batch_add(struct tun_batch *b, int fd, void *owner, size_t len);
/* Write what is queued; done(owner, len, res) for each packet, in order
 * (res: bytes written or -errno). */
void tun_batch_flush(struct tun_batch *b, void (*done)(void *owner, size_t len, int res));
/* io_uring_enter() calls made (for tests and the benchmark). */
uint64_t tun_batch_syscalls(const struct tun_batch *b);

#endif
