/*
 * A small, bounded reader of the real captures in tests/fixtures/captures/
 * (pcap, Ethernet, IPv4): the PPTP control messages and the PPP frames (GRE
 * payloads) of both directions, with the MS-CHAPv2 exchange and the MPPE
 * packets picked out. Used by test_capture_replay (keys, MPPE bytes) and
 * test_client_vs_capture (pptp-client against the real client's frames).
 * The files are ours, but a parser is a parser: every length is checked.
 */
#ifndef TEST_CAPTURE_H
#define TEST_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CAPTURES "tests/fixtures/captures/"
#define CAPTURE_CLIENT_IP 0xC0000202u   /* 192.0.2.2 in all three captures */
#define CAPTURE_MAX_MPPE 64
#define CAPTURE_MAX_FRAMES 128
#define CAPTURE_MAX_CTRL 16

struct capture_mppe {
	bool from_client;
	uint16_t len;
	uint8_t data[1600];   /* MPPE header + ciphertext */
};

/* A PPP frame exactly as it was on the wire (the GRE payload), and where
 * its protocol and information field are. */
struct capture_frame {
	bool from_client;
	uint16_t proto;
	uint16_t len, info_off;
	uint8_t data[1600];
};

/* A PPTP control message (RFC 2637 2), as sent. */
struct capture_ctrl {
	bool from_client;
	uint16_t type, len;
	uint8_t data[256];
};

struct capture {
	uint8_t auth_challenge[16];
	uint8_t peer_challenge[16];
	uint8_t nt_response[24];
	char user[64];
	char success[128];    /* the CHAP Success message ("S=... M=...") */
	bool have_challenge, have_response, have_success;
	struct capture_mppe pkt[CAPTURE_MAX_MPPE];
	unsigned n_pkt;
	struct capture_frame frame[CAPTURE_MAX_FRAMES];
	unsigned n_frame;
	struct capture_ctrl ctrl[CAPTURE_MAX_CTRL];
	unsigned n_ctrl;
};

/* Reads file into c (cmocka assertions on anything malformed). */
void capture_load(const char *file, struct capture *c);
/* The n-th (0-based) frame from the client with this protocol (and, if
 * code >= 0, this first octet of the information field); NULL if none. */
const struct capture_frame *capture_find(const struct capture *c, bool from_client, uint16_t proto, int code,
					 unsigned n);

#endif
