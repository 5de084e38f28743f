/*
 * PPTP control-message codec. Layouts from RFC 2637 sec 2.1-2.15; every
 * message has a fixed length, checked exactly.
 */
#include "pptp_msg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../common/bytes.h"

/*
 * Every message's fields after the 12-octet header (RFC 2637 2.1-2.15), in
 * one table that decode and encode both walk: the field's offset in the
 * message body, its kind, and where it lives in struct pptp_msg (FIELD
 * refuses to compile when the member's size does not match the kind).
 * Reserved fields are not listed: encode leaves them zero, and decode does
 * not check them (the RFC asks senders to zero them; refusing a message
 * for them would only break interoperation).
 */
enum field_kind {
	F_U8, F_U16, F_U32,
	F_STR,          /* fixed-size string field of size octets */
	F_STR_LEN,      /* 16-bit length of the string at ref: the string's
			 * strnlen when sent; when received at most size, and
			 * then how much of the string field is read */
};
struct field {
	uint16_t off;           /* octets after the header */
	uint8_t kind;
	uint8_t size;           /* F_STR, F_STR_LEN: the string field's size */
	uint16_t mem;           /* offsetof(struct pptp_msg, ...) */
	uint16_t ref;           /* F_STR_LEN: its string; F_STR: its length (0: none) */
};
#define MEM(f) offsetof(struct pptp_msg, u.f)
#define SIZE_IS(f, n) (0 * sizeof(char[sizeof(((struct pptp_msg *)0)->u.f) == (n) ? 1 : -1]))
#define FIELD(off, kind, size, f, n, ref) { off, kind, size, (uint16_t)(MEM(f) + SIZE_IS(f, n)), ref }
#define U8(off, f) FIELD(off, F_U8, 0, f, 1, 0)
#define U16(off, f) FIELD(off, F_U16, 0, f, 2, 0)
#define U32(off, f) FIELD(off, F_U32, 0, f, 4, 0)
#define STR(off, f, size) FIELD(off, F_STR, size, f, (size) + 1, 0)
/* a phone number (64 octets) and its length field */
#define PHONE(off, f, len) FIELD(off, F_STR, PPTP_PHONE_LEN, f, PPTP_PHONE_LEN + 1, MEM(len))
#define PHONE_LEN(off, f, str) FIELD(off, F_STR_LEN, PPTP_PHONE_LEN, f, 2, MEM(str))

static const struct field sccrq_fields[] = {
	U16(0, sccrq.version), U32(4, sccrq.framing), U32(8, sccrq.bearer),
	U16(12, sccrq.max_channels), U16(14, sccrq.firmware),
	STR(16, sccrq.hostname, PPTP_HOSTNAME_LEN), STR(80, sccrq.vendor, PPTP_VENDOR_LEN),
};
static const struct field sccrp_fields[] = {      /* SCCRQ's with Result and Error Code */
	U16(0, sccrq.version), U8(2, sccrq.result), U8(3, sccrq.error),
	U32(4, sccrq.framing), U32(8, sccrq.bearer),
	U16(12, sccrq.max_channels), U16(14, sccrq.firmware),
	STR(16, sccrq.hostname, PPTP_HOSTNAME_LEN), STR(80, sccrq.vendor, PPTP_VENDOR_LEN),
};
static const struct field stopccrq_fields[] = { U8(0, stopccrq.reason) };
static const struct field stopccrp_fields[] = { U8(0, stopccrp.result), U8(1, stopccrp.error) };
static const struct field echorq_fields[] = { U32(0, echorq.id) };
static const struct field echorp_fields[] = { U32(0, echorp.id), U8(4, echorp.result), U8(5, echorp.error) };
static const struct field ocrq_fields[] = {
	U16(0, ocrq.call_id), U16(2, ocrq.serial), U32(4, ocrq.min_bps), U32(8, ocrq.max_bps),
	U32(12, ocrq.bearer), U32(16, ocrq.framing), U16(20, ocrq.recv_window),
	U16(22, ocrq.proc_delay), PHONE_LEN(24, ocrq.phone_len, ocrq.phone),
	PHONE(28, ocrq.phone, ocrq.phone_len), STR(92, ocrq.subaddr, PPTP_SUBADDR_LEN),
};
static const struct field ocrp_fields[] = {
	U16(0, ocrp.call_id), U16(2, ocrp.peer_call_id), U8(4, ocrp.result), U8(5, ocrp.error),
	U16(6, ocrp.cause), U32(8, ocrp.speed), U16(12, ocrp.recv_window),
	U16(14, ocrp.proc_delay), U32(16, ocrp.channel_id),
};
static const struct field icrq_fields[] = {
	U16(0, icrq.call_id), U16(2, icrq.serial), U32(4, icrq.bearer), U32(8, icrq.channel_id),
	PHONE_LEN(12, icrq.dialed_len, icrq.dialed), PHONE_LEN(14, icrq.dialing_len, icrq.dialing),
	PHONE(16, icrq.dialed, icrq.dialed_len), PHONE(80, icrq.dialing, icrq.dialing_len),
	STR(144, icrq.subaddr, PPTP_SUBADDR_LEN),
};
static const struct field icrp_fields[] = {
	U16(0, icrp.call_id), U16(2, icrp.peer_call_id), U8(4, icrp.result), U8(5, icrp.error),
	U16(6, icrp.recv_window), U16(8, icrp.tx_delay),
};
static const struct field iccn_fields[] = {
	U16(0, iccn.peer_call_id), U32(4, iccn.speed), U16(8, iccn.recv_window),
	U16(10, iccn.tx_delay), U32(12, iccn.framing),
};
static const struct field ccrq_fields[] = { U16(0, ccrq.call_id) };
static const struct field cdn_fields[] = {
	U16(0, cdn.call_id), U8(2, cdn.result), U8(3, cdn.error), U16(4, cdn.cause),
	STR(8, cdn.stats, PPTP_STATS_LEN),
};
static const struct field wen_fields[] = {
	U16(0, wen.peer_call_id), U32(4, wen.crc_errors), U32(8, wen.framing_errors),
	U32(12, wen.hw_overruns), U32(16, wen.buf_overruns), U32(20, wen.timeouts),
	U32(24, wen.alignment_errors),
};
static const struct field sli_fields[] = {
	U16(0, sli.peer_call_id), U32(4, sli.send_accm), U32(8, sli.recv_accm),
};

static const struct {
	const char *name;
	uint16_t len;
	const struct field *fields;
	size_t n_fields;
} msg_table[PPTP_CTRL_TYPE_MAX + 1] = {
#define MSG(type, fields) [PPTP_##type] = { #type, PPTP_##type##_LEN, fields, sizeof(fields) / sizeof(fields[0]) }
	MSG(SCCRQ, sccrq_fields),
	MSG(SCCRP, sccrp_fields),
	MSG(StopCCRQ, stopccrq_fields),
	MSG(StopCCRP, stopccrp_fields),
	MSG(ECHORQ, echorq_fields),
	MSG(ECHORP, echorp_fields),
	MSG(OCRQ, ocrq_fields),
	MSG(OCRP, ocrp_fields),
	MSG(ICRQ, icrq_fields),
	MSG(ICRP, icrp_fields),
	MSG(ICCN, iccn_fields),
	MSG(CCRQ, ccrq_fields),
	MSG(CDN, cdn_fields),
	MSG(WEN, wen_fields),
	MSG(SLI, sli_fields),
#undef MSG
};

size_t pptp_msg_len(unsigned type)
{
	return type >= 1 && type <= PPTP_CTRL_TYPE_MAX ? msg_table[type].len : 0;
}

const char *pptp_msg_name(unsigned type)
{
	return type >= 1 && type <= PPTP_CTRL_TYPE_MAX ? msg_table[type].name : "unknown";
}

const char *pptp_msg_status_str(enum pptp_msg_status st)
{
	switch (st) {
	case PPTP_MSG_OK: return "ok";
	case PPTP_MSG_NEED_MORE: return "incomplete";
	case PPTP_MSG_BAD_LENGTH: return "bad length";
	case PPTP_MSG_BAD_MAGIC: return "bad magic cookie";
	case PPTP_MSG_NOT_CONTROL: return "not a control message";
	case PPTP_MSG_UNKNOWN_TYPE: return "unknown control message type";
	case PPTP_MSG_BAD_VALUE: return "field value out of range";
	}
	return "?";
}

/* Fixed-size string field to a safe C string (cut at NUL, '.' for the rest). */
static void get_str(char *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i] != '\0'; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '.';
	dst[i] = '\0';
}

static void put_str(uint8_t *dst, const char *src, size_t n)
{
	size_t l = strnlen(src, n);

	memset(dst, 0, n);
	memcpy(dst, src, l);
}

enum pptp_msg_status pptp_msg_frame(const uint8_t *buf, size_t avail, size_t *msg_len)
{
	uint16_t len;

	if (avail < 2)
		return PPTP_MSG_NEED_MORE;
	len = get16(buf);
	/* Every defined message is between 16 and 220 bytes long; anything
	 * outside that means the stream is corrupt or hostile. */
	if (len < PPTP_HDR_LEN + 4 || len > PPTP_MSG_MAX_LEN)
		return PPTP_MSG_BAD_LENGTH;
	if (avail < 8)
		return PPTP_MSG_NEED_MORE;
	/* sec 1.4: the cookie lets the receiver check it is in sync */
	if (get32(buf + 4) != PPTP_MAGIC_COOKIE)
		return PPTP_MSG_BAD_MAGIC;
	if (avail < len)
		return PPTP_MSG_NEED_MORE;
	*msg_len = len;
	return PPTP_MSG_OK;
}

enum pptp_msg_status pptp_msg_decode(const uint8_t *buf, size_t len, struct pptp_msg *m)
{
	const uint8_t *b = buf + PPTP_HDR_LEN;
	uint16_t type;
	bool bad = false;

	memset(m, 0, sizeof(*m));
	if (len < PPTP_HDR_LEN || get16(buf) != len)
		return PPTP_MSG_BAD_LENGTH;
	if (get32(buf + 4) != PPTP_MAGIC_COOKIE)
		return PPTP_MSG_BAD_MAGIC;
	if (get16(buf + 2) != PPTP_MSG_CONTROL)
		return PPTP_MSG_NOT_CONTROL;
	type = get16(buf + 8);
	m->type = type;
	if (pptp_msg_len(type) == 0)
		return PPTP_MSG_UNKNOWN_TYPE;
	if (len != pptp_msg_len(type))
		return PPTP_MSG_BAD_LENGTH;
	/* numbers first; a string is read only once every length is in range */
	for (size_t i = 0; i < msg_table[type].n_fields; i++) {
		const struct field *f = &msg_table[type].fields[i];
		uint8_t *v = (uint8_t *)m + f->mem;

		switch (f->kind) {
		case F_U8: *v = b[f->off]; break;
		case F_U16: case F_STR_LEN: { uint16_t x = get16(b + f->off); memcpy(v, &x, 2); break; }
		case F_U32: { uint32_t x = get32(b + f->off); memcpy(v, &x, 4); break; }
		}
		if (f->kind == F_STR_LEN && get16(b + f->off) > f->size)
			bad = true;
	}
	if (bad)
		return PPTP_MSG_BAD_VALUE;
	for (size_t i = 0; i < msg_table[type].n_fields; i++) {
		const struct field *f = &msg_table[type].fields[i];
		size_t n = f->size;

		if (f->kind != F_STR)
			continue;
		if (f->ref) {
			uint16_t x;

			memcpy(&x, (const uint8_t *)m + f->ref, 2);
			n = x;
		}
		get_str((char *)m + f->mem, b + f->off, n);
	}
	return PPTP_MSG_OK;
}

size_t pptp_msg_encode(const struct pptp_msg *m, uint8_t *buf, size_t cap)
{
	size_t len = pptp_msg_len(m->type);
	uint8_t *b = buf + PPTP_HDR_LEN;

	if (len == 0 || cap < len)
		return 0;
	memset(buf, 0, len);
	put16(buf, (uint16_t)len);
	put16(buf + 2, PPTP_MSG_CONTROL);
	put32(buf + 4, PPTP_MAGIC_COOKIE);
	put16(buf + 8, m->type);

	for (size_t i = 0; i < msg_table[m->type].n_fields; i++) {
		const struct field *f = &msg_table[m->type].fields[i];
		const uint8_t *v = (const uint8_t *)m + f->mem;
		uint16_t x16;
		uint32_t x32;

		switch (f->kind) {
		case F_U8: b[f->off] = *v; break;
		case F_U16: memcpy(&x16, v, 2); put16(b + f->off, x16); break;
		case F_U32: memcpy(&x32, v, 4); put32(b + f->off, x32); break;
		case F_STR: put_str(b + f->off, (const char *)v, f->size); break;
		case F_STR_LEN:
			put16(b + f->off, (uint16_t)strnlen((const char *)m + f->ref, f->size));
			break;
		}
	}
	return len;
}

void pptp_msg_describe(const struct pptp_msg *m, int detail, char *out, size_t cap)
{
	const char *n = pptp_msg_name(m->type);

	if (!detail) {
		snprintf(out, cap, "%s", n);
		return;
	}
	switch (m->type) {
	case PPTP_SCCRQ:
	case PPTP_SCCRP:
		snprintf(out, cap, "%s ver=0x%04x result=%u error=%u framing=0x%x bearer=0x%x "
			 "maxch=%u fw=0x%04x host=\"%s\" vendor=\"%s\"", n, m->u.sccrq.version,
			 m->u.sccrq.result, m->u.sccrq.error, m->u.sccrq.framing, m->u.sccrq.bearer,
			 m->u.sccrq.max_channels, m->u.sccrq.firmware, m->u.sccrq.hostname,
			 m->u.sccrq.vendor);
		break;
	case PPTP_StopCCRQ:
		snprintf(out, cap, "%s reason=%u", n, m->u.stopccrq.reason);
		break;
	case PPTP_StopCCRP:
		snprintf(out, cap, "%s result=%u error=%u", n, m->u.stopccrp.result, m->u.stopccrp.error);
		break;
	case PPTP_ECHORQ:
		snprintf(out, cap, "%s id=%u", n, m->u.echorq.id);
		break;
	case PPTP_ECHORP:
		snprintf(out, cap, "%s id=%u result=%u error=%u", n, m->u.echorp.id,
			 m->u.echorp.result, m->u.echorp.error);
		break;
	case PPTP_OCRQ:
		snprintf(out, cap, "%s call_id=%u serial=%u bps=%u-%u bearer=0x%x framing=0x%x rws=%u "
			 "delay=%u phone=\"%s\"", n, m->u.ocrq.call_id, m->u.ocrq.serial, m->u.ocrq.min_bps,
			 m->u.ocrq.max_bps, m->u.ocrq.bearer, m->u.ocrq.framing, m->u.ocrq.recv_window,
			 m->u.ocrq.proc_delay, m->u.ocrq.phone);
		break;
	case PPTP_OCRP:
		snprintf(out, cap, "%s call_id=%u peer_call_id=%u result=%u error=%u cause=%u speed=%u "
			 "rws=%u delay=%u", n, m->u.ocrp.call_id, m->u.ocrp.peer_call_id, m->u.ocrp.result,
			 m->u.ocrp.error, m->u.ocrp.cause, m->u.ocrp.speed, m->u.ocrp.recv_window,
			 m->u.ocrp.proc_delay);
		break;
	case PPTP_ICRQ:
		snprintf(out, cap, "%s call_id=%u serial=%u dialed=\"%s\" dialing=\"%s\"", n,
			 m->u.icrq.call_id, m->u.icrq.serial, m->u.icrq.dialed, m->u.icrq.dialing);
		break;
	case PPTP_ICRP:
		snprintf(out, cap, "%s call_id=%u peer_call_id=%u result=%u error=%u rws=%u", n,
			 m->u.icrp.call_id, m->u.icrp.peer_call_id, m->u.icrp.result, m->u.icrp.error,
			 m->u.icrp.recv_window);
		break;
	case PPTP_ICCN:
		snprintf(out, cap, "%s peer_call_id=%u speed=%u rws=%u", n, m->u.iccn.peer_call_id,
			 m->u.iccn.speed, m->u.iccn.recv_window);
		break;
	case PPTP_CCRQ:
		snprintf(out, cap, "%s call_id=%u", n, m->u.ccrq.call_id);
		break;
	case PPTP_CDN:
		snprintf(out, cap, "%s call_id=%u result=%u error=%u cause=%u stats=\"%s\"", n,
			 m->u.cdn.call_id, m->u.cdn.result, m->u.cdn.error, m->u.cdn.cause, m->u.cdn.stats);
		break;
	case PPTP_WEN:
		snprintf(out, cap, "%s peer_call_id=%u crc=%u framing=%u hw=%u buf=%u timeout=%u align=%u",
			 n, m->u.wen.peer_call_id, m->u.wen.crc_errors, m->u.wen.framing_errors,
			 m->u.wen.hw_overruns, m->u.wen.buf_overruns, m->u.wen.timeouts,
			 m->u.wen.alignment_errors);
		break;
	case PPTP_SLI:
		snprintf(out, cap, "%s peer_call_id=%u send_accm=0x%08x recv_accm=0x%08x", n,
			 m->u.sli.peer_call_id, m->u.sli.send_accm, m->u.sli.recv_accm);
		break;
	default:
		snprintf(out, cap, "%s (type %u)", n, m->type);
	}
}
