/*
 * The other end of a PPTP connection, for the fuzz harnesses that drive our
 * real PPTP code from inside (fuzz_pnsd_input, fuzz_pnsd_tun,
 * fuzz_client_ppp, fuzz_pptp_client): a network namespace of the harness's
 * own with its loopback up, control messages sent and read on a socket, and
 * GRE packets handed to a gre_sock as if the kernel had received them.
 * Header-only: each harness is one program, and links only what it uses.
 */
#ifndef FUZZ_PPTP_PEER_H
#define FUZZ_PPTP_PEER_H

#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pptp/gre.h"
#include "pptp/pptp_msg.h"

/* A network namespace for this process (root needed), so that the harness's
 * sockets, TUN and routes touch nothing outside it; its loopback up. */
static inline void fuzz_netns_own(const char *who)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int s;

	if (unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "%s: unshare(CLONE_NEWNET) (run as root): ", who);
		perror(NULL);
		exit(1);
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
		perror("loopback");
		exit(1);
	}
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) {
		perror("loopback up");
		exit(1);
	}
	close(s);
}

static inline void fuzz_pptp_send(int fd, const struct pptp_msg *m)
{
	uint8_t b[PPTP_MSG_MAX_LEN];
	size_t n = pptp_msg_encode(m, b, sizeof(b));

	if (n == 0 || send(fd, b, n, MSG_NOSIGNAL) != (ssize_t)n)
		abort();
}

/* Read what the other side sent so far; the call ID it gave in its first
 * Outgoing-Call-Request or -Reply (0: none). */
static inline uint16_t fuzz_pptp_drain(int fd)
{
	uint8_t b[8192];
	ssize_t n;
	uint16_t call = 0;

	while ((n = recv(fd, b, sizeof(b), MSG_DONTWAIT)) > 0) {
		size_t off = 0, ml;
		while (off < (size_t)n && pptp_msg_frame(b + off, (size_t)n - off, &ml) == PPTP_MSG_OK) {
			struct pptp_msg m;
			if (pptp_msg_decode(b + off, ml, &m) == PPTP_MSG_OK && !call) {
				if (m.type == PPTP_OCRQ)
					call = m.u.ocrq.call_id;
				else if (m.type == PPTP_OCRP)
					call = m.u.ocrp.call_id;
			}
			off += ml;
		}
	}
	return call;
}

/* One GRE packet (header and payload) received from src for dst (network
 * byte order), as the raw socket would hand it over: behind an IPv4 header. */
static inline void fuzz_gre_in(struct gre_sock *gs, uint32_t src, uint32_t dst, const uint8_t *gre, size_t len)
{
	uint8_t pkt[20 + 16 + GRE_MAX_PAYLOAD + 64];

	if (len > sizeof(pkt) - 20)
		len = sizeof(pkt) - 20;
	memset(pkt, 0, 20);
	pkt[0] = 0x45;
	pkt[2] = (uint8_t)((20 + len) >> 8);
	pkt[3] = (uint8_t)(20 + len);
	pkt[8] = 64;
	pkt[9] = 47;
	memcpy(pkt + 12, &src, 4);
	memcpy(pkt + 16, &dst, 4);
	memcpy(pkt + 20, gre, len);
	gre_sock_input(gs, pkt, 20 + len);
}

/* The harnesses' inputs are records: a type octet, a length (2 octets,
 * big-endian), then that many octets, fewer where the input ends first.
 * The record at *off into type, b and len, and *off past it; false at the
 * end of the input. */
static inline bool fuzz_record_next(const uint8_t *data, size_t size, size_t *off, uint8_t *type,
				    const uint8_t **b, size_t *len)
{
	if (*off + 3 > size)
		return false;
	*type = data[*off];
	*len = (size_t)(data[*off + 1] << 8 | data[*off + 2]);
	*b = data + *off + 3;
	*off += 3;
	if (*len > size - *off)
		*len = size - *off;
	*off += *len;
	return true;
}

/* How many records the input holds (for fuzz_cost_run's budget). */
static inline size_t fuzz_records(const uint8_t *data, size_t size)
{
	size_t n = 0;

	for (size_t o = 0; o + 3 <= size; n++)
		o += 3 + (size_t)(data[o + 1] << 8 | data[o + 2]);
	return n;
}

#endif
