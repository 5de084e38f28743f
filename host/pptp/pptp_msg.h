/*
 * PPTP control-message codec (RFC 2637 sec 1.4, 2). Pure functions: no
 * I/O, no allocation, no global state; safe to fuzz.
 */
#ifndef HOST_PPTP_PPTP_MSG_H
#define HOST_PPTP_PPTP_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "pptp.h"

/* Why a message was refused. */
enum pptp_msg_status {
	PPTP_MSG_OK = 0,
	PPTP_MSG_NEED_MORE = 1,       /* pptp_msg_frame: incomplete */
	PPTP_MSG_BAD_LENGTH = -1,     /* Length < header, > max, or != the type's length */
	PPTP_MSG_BAD_MAGIC = -2,      /* stream out of sync (sec 1.4): close */
	PPTP_MSG_NOT_CONTROL = -3,    /* PPTP Message Type is not 1 (control) */
	PPTP_MSG_UNKNOWN_TYPE = -4,   /* Control Message Type not 1..15 */
	PPTP_MSG_BAD_VALUE = -5,      /* a field is out of range (e.g. phone length > 64) */
};

/* Expected length of a control message type, 0 if unknown. */
size_t pptp_msg_len(unsigned type);
const char *pptp_msg_name(unsigned type);          /* "SCCRQ", ... or "unknown" */
const char *pptp_msg_status_str(enum pptp_msg_status st);

/*
 * Delimit the next message in a TCP byte stream: looks only at the 12-byte
 * header. Returns PPTP_MSG_OK with *msg_len set when a whole message is
 * available, PPTP_MSG_NEED_MORE, or a negative status when the stream is
 * unusable (bad length or magic: the connection must be closed).
 */
enum pptp_msg_status pptp_msg_frame(const uint8_t *buf, size_t avail, size_t *msg_len);

/*
 * Decode exactly one message of len bytes (as delimited by pptp_msg_frame).
 * Every field is range-checked; strings are cut at the first NUL and any
 * non-printable byte is replaced by '.', so they are safe to log.
 */
enum pptp_msg_status pptp_msg_decode(const uint8_t *buf, size_t len, struct pptp_msg *m);

/* Encode m into buf; returns its length, or 0 if cap is too small or the
 * type is unknown. Strings are NUL-padded to their fixed fields. */
size_t pptp_msg_encode(const struct pptp_msg *m, uint8_t *buf, size_t cap);

/* One-line description for "debug vpdn packet control [detail]". */
void pptp_msg_describe(const struct pptp_msg *m, int detail, char *out, size_t cap);

#endif
