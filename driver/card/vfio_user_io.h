/*
 * Sending and receiving vfio-user messages on a stream socket: the framing
 * and SCM_RIGHTS handling that the client (driver/card/vfio_user_client.c)
 * and the server (sim/cardsim/vfu_server.c) share. What a message means is
 * each side's business; this only moves octets and descriptors.
 */
#ifndef CARD_VFIO_USER_IO_H
#define CARD_VFIO_USER_IO_H

#include <stddef.h>
#include <stdint.h>

#include "vfio_user.h"

/* One message: header, payload (len octets) and nfds descriptors. 0, or -1
 * when the whole message could not be sent (the peer is gone). */
int vfu_send(int sock, const struct vfio_user_header *h, const void *payload, uint32_t len, const int *fds,
	     unsigned nfds);

/*
 * The next header and the descriptors that came with it (at most
 * VFIO_USER_MAX_FDS; more are closed). 0 with h->msg_size checked to lie
 * within [sizeof(*h), VFIO_USER_MAX_MSG]; the payload is still to be read.
 * -1 when the stream is unusable (closed, truncated control data, or a size
 * that hides the next message boundary); then no descriptor is left open.
 */
int vfu_recv_header(int sock, struct vfio_user_header *h, int fds[VFIO_USER_MAX_FDS], unsigned *nfds);

/* Exactly n octets (the rest of a message that has begun); -1 if the
 * stream ends first. */
int vfu_read_full(int sock, void *buf, size_t n);

#endif
