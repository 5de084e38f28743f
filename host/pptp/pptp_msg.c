/*
 * PPTP control-message codec. Layouts from RFC 2637 sec 2.1-2.15; every
 * message has a fixed length, checked exactly.
 */
#include "pptp_msg.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	uint16_t len;
} msg_table[PPTP_CTRL_TYPE_MAX + 1] = {
	[PPTP_SCCRQ] = { "SCCRQ", PPTP_SCCRQ_LEN },
	[PPTP_SCCRP] = { "SCCRP", PPTP_SCCRP_LEN },
	[PPTP_StopCCRQ] = { "StopCCRQ", PPTP_StopCCRQ_LEN },
	[PPTP_StopCCRP] = { "StopCCRP", PPTP_StopCCRP_LEN },
	[PPTP_ECHORQ] = { "ECHORQ", PPTP_ECHORQ_LEN },
	[PPTP_ECHORP] = { "ECHORP", PPTP_ECHORP_LEN },
	[PPTP_OCRQ] = { "OCRQ", PPTP_OCRQ_LEN },
	[PPTP_OCRP] = { "OCRP", PPTP_OCRP_LEN },
	[PPTP_ICRQ] = { "ICRQ", PPTP_ICRQ_LEN },
	[PPTP_ICRP] = { "ICRP", PPTP_ICRP_LEN },
	[PPTP_ICCN] = { "ICCN", PPTP_ICCN_LEN },
	[PPTP_CCRQ] = { "CCRQ", PPTP_CCRQ_LEN },
	[PPTP_CDN] = { "CDN", PPTP_CDN_LEN },
	[PPTP_WEN] = { "WEN", PPTP_WEN_LEN },
	[PPTP_SLI] = { "SLI", PPTP_SLI_LEN },
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

/* ---- byte access; callers have checked the length ---- */

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
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
	/* Reserved fields are not checked: the RFC asks senders to zero them,
	 * and refusing a message for them would only break interoperation. */

	switch (type) {
	case PPTP_SCCRQ:
	case PPTP_SCCRP: {
		struct pptp_sccrq *s = &m->u.sccrq;
		s->version = get16(b);
		if (type == PPTP_SCCRP) {
			s->result = b[2];
			s->error = b[3];
		}
		s->framing = get32(b + 4);
		s->bearer = get32(b + 8);
		s->max_channels = get16(b + 12);
		s->firmware = get16(b + 14);
		get_str(s->hostname, b + 16, PPTP_HOSTNAME_LEN);
		get_str(s->vendor, b + 80, PPTP_VENDOR_LEN);
		break;
	}
	case PPTP_StopCCRQ:
		m->u.stopccrq.reason = b[0];
		break;
	case PPTP_StopCCRP:
		m->u.stopccrp.result = b[0];
		m->u.stopccrp.error = b[1];
		break;
	case PPTP_ECHORQ:
		m->u.echorq.id = get32(b);
		break;
	case PPTP_ECHORP:
		m->u.echorp.id = get32(b);
		m->u.echorp.result = b[4];
		m->u.echorp.error = b[5];
		break;
	case PPTP_OCRQ: {
		struct pptp_ocrq *o = &m->u.ocrq;
		o->call_id = get16(b);
		o->serial = get16(b + 2);
		o->min_bps = get32(b + 4);
		o->max_bps = get32(b + 8);
		o->bearer = get32(b + 12);
		o->framing = get32(b + 16);
		o->recv_window = get16(b + 20);
		o->proc_delay = get16(b + 22);
		o->phone_len = get16(b + 24);
		if (o->phone_len > PPTP_PHONE_LEN)
			return PPTP_MSG_BAD_VALUE;
		get_str(o->phone, b + 28, o->phone_len);
		get_str(o->subaddr, b + 92, PPTP_SUBADDR_LEN);
		break;
	}
	case PPTP_OCRP: {
		struct pptp_ocrp *o = &m->u.ocrp;
		o->call_id = get16(b);
		o->peer_call_id = get16(b + 2);
		o->result = b[4];
		o->error = b[5];
		o->cause = get16(b + 6);
		o->speed = get32(b + 8);
		o->recv_window = get16(b + 12);
		o->proc_delay = get16(b + 14);
		o->channel_id = get32(b + 16);
		break;
	}
	case PPTP_ICRQ: {
		struct pptp_icrq *i = &m->u.icrq;
		i->call_id = get16(b);
		i->serial = get16(b + 2);
		i->bearer = get32(b + 4);
		i->channel_id = get32(b + 8);
		i->dialed_len = get16(b + 12);
		i->dialing_len = get16(b + 14);
		if (i->dialed_len > PPTP_PHONE_LEN || i->dialing_len > PPTP_PHONE_LEN)
			return PPTP_MSG_BAD_VALUE;
		get_str(i->dialed, b + 16, i->dialed_len);
		get_str(i->dialing, b + 80, i->dialing_len);
		get_str(i->subaddr, b + 144, PPTP_SUBADDR_LEN);
		break;
	}
	case PPTP_ICRP: {
		struct pptp_icrp *i = &m->u.icrp;
		i->call_id = get16(b);
		i->peer_call_id = get16(b + 2);
		i->result = b[4];
		i->error = b[5];
		i->recv_window = get16(b + 6);
		i->tx_delay = get16(b + 8);
		break;
	}
	case PPTP_ICCN: {
		struct pptp_iccn *i = &m->u.iccn;
		i->peer_call_id = get16(b);
		i->speed = get32(b + 4);
		i->recv_window = get16(b + 8);
		i->tx_delay = get16(b + 10);
		i->framing = get32(b + 12);
		break;
	}
	case PPTP_CCRQ:
		m->u.ccrq.call_id = get16(b);
		break;
	case PPTP_CDN: {
		struct pptp_cdn *c = &m->u.cdn;
		c->call_id = get16(b);
		c->result = b[2];
		c->error = b[3];
		c->cause = get16(b + 4);
		get_str(c->stats, b + 8, PPTP_STATS_LEN);
		break;
	}
	case PPTP_WEN: {
		struct pptp_wen *w = &m->u.wen;
		w->peer_call_id = get16(b);
		w->crc_errors = get32(b + 4);
		w->framing_errors = get32(b + 8);
		w->hw_overruns = get32(b + 12);
		w->buf_overruns = get32(b + 16);
		w->timeouts = get32(b + 20);
		w->alignment_errors = get32(b + 24);
		break;
	}
	case PPTP_SLI: {
		struct pptp_sli *s = &m->u.sli;
		s->peer_call_id = get16(b);
		s->send_accm = get32(b + 4);
		s->recv_accm = get32(b + 8);
		break;
	}
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

	switch (m->type) {
	case PPTP_SCCRQ:
	case PPTP_SCCRP: {
		const struct pptp_sccrq *s = &m->u.sccrq;
		put16(b, s->version);
		if (m->type == PPTP_SCCRP) {
			b[2] = s->result;
			b[3] = s->error;
		}
		put32(b + 4, s->framing);
		put32(b + 8, s->bearer);
		put16(b + 12, s->max_channels);
		put16(b + 14, s->firmware);
		put_str(b + 16, s->hostname, PPTP_HOSTNAME_LEN);
		put_str(b + 80, s->vendor, PPTP_VENDOR_LEN);
		break;
	}
	case PPTP_StopCCRQ:
		b[0] = m->u.stopccrq.reason;
		break;
	case PPTP_StopCCRP:
		b[0] = m->u.stopccrp.result;
		b[1] = m->u.stopccrp.error;
		break;
	case PPTP_ECHORQ:
		put32(b, m->u.echorq.id);
		break;
	case PPTP_ECHORP:
		put32(b, m->u.echorp.id);
		b[4] = m->u.echorp.result;
		b[5] = m->u.echorp.error;
		break;
	case PPTP_OCRQ: {
		const struct pptp_ocrq *o = &m->u.ocrq;
		size_t pl = strnlen(o->phone, PPTP_PHONE_LEN);
		put16(b, o->call_id);
		put16(b + 2, o->serial);
		put32(b + 4, o->min_bps);
		put32(b + 8, o->max_bps);
		put32(b + 12, o->bearer);
		put32(b + 16, o->framing);
		put16(b + 20, o->recv_window);
		put16(b + 22, o->proc_delay);
		put16(b + 24, (uint16_t)pl);
		put_str(b + 28, o->phone, PPTP_PHONE_LEN);
		put_str(b + 92, o->subaddr, PPTP_SUBADDR_LEN);
		break;
	}
	case PPTP_OCRP: {
		const struct pptp_ocrp *o = &m->u.ocrp;
		put16(b, o->call_id);
		put16(b + 2, o->peer_call_id);
		b[4] = o->result;
		b[5] = o->error;
		put16(b + 6, o->cause);
		put32(b + 8, o->speed);
		put16(b + 12, o->recv_window);
		put16(b + 14, o->proc_delay);
		put32(b + 16, o->channel_id);
		break;
	}
	case PPTP_ICRQ: {
		const struct pptp_icrq *i = &m->u.icrq;
		put16(b, i->call_id);
		put16(b + 2, i->serial);
		put32(b + 4, i->bearer);
		put32(b + 8, i->channel_id);
		put16(b + 12, (uint16_t)strnlen(i->dialed, PPTP_PHONE_LEN));
		put16(b + 14, (uint16_t)strnlen(i->dialing, PPTP_PHONE_LEN));
		put_str(b + 16, i->dialed, PPTP_PHONE_LEN);
		put_str(b + 80, i->dialing, PPTP_PHONE_LEN);
		put_str(b + 144, i->subaddr, PPTP_SUBADDR_LEN);
		break;
	}
	case PPTP_ICRP: {
		const struct pptp_icrp *i = &m->u.icrp;
		put16(b, i->call_id);
		put16(b + 2, i->peer_call_id);
		b[4] = i->result;
		b[5] = i->error;
		put16(b + 6, i->recv_window);
		put16(b + 8, i->tx_delay);
		break;
	}
	case PPTP_ICCN: {
		const struct pptp_iccn *i = &m->u.iccn;
		put16(b, i->peer_call_id);
		put32(b + 4, i->speed);
		put16(b + 8, i->recv_window);
		put16(b + 10, i->tx_delay);
		put32(b + 12, i->framing);
		break;
	}
	case PPTP_CCRQ:
		put16(b, m->u.ccrq.call_id);
		break;
	case PPTP_CDN: {
		const struct pptp_cdn *c = &m->u.cdn;
		put16(b, c->call_id);
		b[2] = c->result;
		b[3] = c->error;
		put16(b + 4, c->cause);
		put_str(b + 8, c->stats, PPTP_STATS_LEN);
		break;
	}
	case PPTP_WEN: {
		const struct pptp_wen *w = &m->u.wen;
		put16(b, w->peer_call_id);
		put32(b + 4, w->crc_errors);
		put32(b + 8, w->framing_errors);
		put32(b + 12, w->hw_overruns);
		put32(b + 16, w->buf_overruns);
		put32(b + 20, w->timeouts);
		put32(b + 24, w->alignment_errors);
		break;
	}
	case PPTP_SLI: {
		const struct pptp_sli *s = &m->u.sli;
		put16(b, s->peer_call_id);
		put32(b + 4, s->send_accm);
		put32(b + 8, s->recv_accm);
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
