#include "client_load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/bytes.h"
#include "common/evloop.h"
#include "ppp/ppp.h"
#include "vaccess/vaccess.h"

#define TICK_MS        1        /* pacing tick: the loop sleeps in between (no spinning: pnsd needs the core) */
#define FLUSH_EVERY    32       /* engine submit batch while sending */
#define DRAIN_QUIET_MS 200      /* a trial ends this long after the last reply (or when all came back) */
#define DRAIN_MAX_MS   2000
#define START_PPS      1000
#define MAX_TRIALS     16
#define GEN_SLACK      0.95     /* the generator must send at least this share of the offered rate */
#define COUNT_BURST_MAX 32      /* count mode: bursts of 1..32 requests (client_load.h) */
#define COUNT_LOST_MS  3000     /* count mode: a burst's missing replies are lost after this long without one */

enum phase { PH_IDLE, PH_SEND, PH_DRAIN, PH_DONE };

struct client_load {
	struct client_load_opts o;
	struct ev_loop *loop;
	struct va_ctx *va;
	FILE *out;
	struct ev_timer tick;
	struct va_session **s;      /* the sessions, round robin */
	unsigned n, next;
	enum phase phase;
	unsigned size_i;
	/* the search for this size */
	double offered, good, bad;  /* pps; good/bad: best passing, lowest failing (0 = none yet) */
	double good_pps, good_loss; /* the passing trial's received rate and loss */
	unsigned trials;
	bool gen_limited;
	/* the trial */
	uint16_t trial_id;
	uint64_t t0_ns, t_end_ns, last_rx_ns;
	uint64_t sent, received, late, errors;
	uint32_t payload_sum;       /* one's-complement sum of the constant ICMP payload (after the index) */
	/* per session (the index in s[], carried in the payload): the last
	 * echo sequence number that came back this trial, so that a reply
	 * out of order, or on another session than its request's, shows */
	uint16_t *last_seq;
	uint8_t *seen;
	uint64_t out_of_order, crossed;
	/* count mode (o.count): a trial is one burst */
	uint64_t c_sent, c_received, c_late, c_bursts;
	uint16_t gone_trial;        /* a session ended during this trial (gone_any) */
	bool gone_any;
	uint8_t pkt[1536];
};

int client_load_parse(const char *spec, struct client_load_opts *o)
{
	const char *p = spec;

	memset(o, 0, sizeof(*o));
	o->trial_ms = 1000;
	o->loss_max = 0.001;
	while (*p) {
		char *end;
		unsigned long v = strtoul(p, &end, 10);

		if (end == p || v < 28 || v > 1500 || o->n_sizes == CLIENT_LOAD_MAX_SIZES || (*end && *end != ','))
			goto bad;
		o->sizes[o->n_sizes++] = (unsigned)v;
		p = *end ? end + 1 : end;
	}
	if (o->n_sizes)
		return 0;
bad:
	errno = EINVAL;
	return -1;
}

static uint32_t sum16(const uint8_t *b, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (n & 1)
		s += (uint32_t)b[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

static unsigned cur_size(const struct client_load *l) { return l->o.sizes[l->size_i]; }

/* The ICMP payload is constant for a size but for its first 4 octets, the
 * session's index (sizes of 32 and more); identifier and sequence change. */
#define IDX_LEN 4

static void prepare_size(struct client_load *l)
{
	unsigned size = cur_size(l);

	memset(l->pkt, 0x5a, size);
	l->payload_sum = size >= 28 + IDX_LEN ? sum16(l->pkt + 28 + IDX_LEN, size - 28 - IDX_LEN) : 0;
}

static int send_one(struct client_load *l, struct va_session *s, uint32_t idx)
{
	struct ppp_session *ps = va_session_ppp(s);
	uint32_t src = ppp_session_local_addr(ps), dst = ppp_session_peer_addr(ps);
	unsigned size = cur_size(l);
	uint16_t seq = (uint16_t)l->sent, cs;
	uint8_t *p = l->pkt;

	if (!ppp_session_network_up(ps))
		return -1;
	memset(p, 0, 28);
	p[0] = 0x45;
	p[2] = (uint8_t)(size >> 8);
	p[3] = (uint8_t)size;
	p[6] = 0x40;                /* DF */
	p[8] = 64;
	p[9] = 1;                   /* ICMP */
	for (int i = 0; i < 4; i++) {
		p[12 + i] = (uint8_t)(src >> (24 - 8 * i));
		p[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
	}
	cs = fold(sum16(p, 20));
	p[10] = (uint8_t)(cs >> 8);
	p[11] = (uint8_t)cs;
	p[20] = 8;                  /* echo request */
	p[24] = (uint8_t)(l->trial_id >> 8);
	p[25] = (uint8_t)l->trial_id;
	p[26] = (uint8_t)(seq >> 8);
	p[27] = (uint8_t)seq;
	if (size >= 28 + IDX_LEN) {
		for (int i = 0; i < IDX_LEN; i++)
			p[28 + i] = (uint8_t)(idx >> (24 - 8 * i));
		cs = fold(l->payload_sum + 0x0800u + l->trial_id + seq + (idx >> 16) + (idx & 0xffff));
	} else {
		cs = fold(l->payload_sum + 0x0800u + l->trial_id + seq);
	}
	p[22] = (uint8_t)(cs >> 8);
	p[23] = (uint8_t)cs;
	return va_session_send_ip(s, p, size);
}

/* One packet to the next session in turn, counted as sent or as an error. */
static void send_next(struct client_load *l)
{
	uint32_t idx = l->next;

	l->next = (l->next + 1) % l->n;
	if (send_one(l, l->s[idx], idx) == 0)
		l->sent++;
	else
		l->errors++;
}

static void start_trial(struct client_load *l)
{
	l->trial_id++;
	l->trials++;
	l->sent = l->received = l->late = l->errors = 0;
	if (l->seen)
		memset(l->seen, 0, l->n);
	l->t0_ns = ev_clock_ns();
	l->t_end_ns = l->t0_ns + (uint64_t)l->o.trial_ms * 1000000u;
	l->last_rx_ns = l->t0_ns;
	l->phase = PH_SEND;
}

static void start_size(struct client_load *l)
{
	prepare_size(l);
	l->offered = START_PPS;
	l->good = l->bad = 0;
	l->good_pps = l->good_loss = 0;
	l->trials = 0;
	l->gen_limited = false;
	l->c_sent = l->c_received = l->c_late = l->c_bursts = 0;
	start_trial(l);
}

static void finish_size(struct client_load *l)
{
	unsigned size = cur_size(l);

	if (l->o.count)
		fprintf(l->out, "load_count size=%u sessions=%u sent=%llu received=%llu lost=%llu late=%llu bursts=%llu\n",
			size, l->n, (unsigned long long)l->c_sent, (unsigned long long)l->c_received,
			(unsigned long long)(l->c_sent - l->c_received), (unsigned long long)l->c_late,
			(unsigned long long)l->c_bursts);
	else
		fprintf(l->out, "load size=%u sessions=%u pps=%.0f mbps=%.1f loss=%.5f offered_pps=%.0f loss_max=%g "
		"trials=%u limit=%s\n", size, l->n, l->good_pps, l->good_pps * size * 8 / 1e6, l->good_loss,
		l->good, l->o.loss_max, l->trials, l->gen_limited ? "generator" : l->bad > 0 ? "loss" : "none");
	fflush(l->out);
	if (++l->size_i < l->o.n_sizes) {
		start_size(l);
		return;
	}
	l->phase = PH_DONE;
	fprintf(l->out, "load done out_of_order=%llu crossed=%llu\n", (unsigned long long)l->out_of_order,
		(unsigned long long)l->crossed);
	fflush(l->out);
}

/* The trial's verdict, and the next offered rate of the search. */
static void end_trial(struct client_load *l)
{
	double secs = (double)(l->t_end_ns - l->t0_ns) / 1e9;
	double send_pps = (double)l->sent / secs;
	double loss = l->sent ? 1.0 - (double)l->received / (double)l->sent : 1.0;
	bool gen_ok = send_pps >= GEN_SLACK * l->offered;
	bool ok = gen_ok && loss <= l->o.loss_max && !l->errors;

	fprintf(l->out, "load_trial size=%u offered_pps=%.0f sent=%llu received=%llu late=%llu errors=%llu "
		"loss=%.5f send_pps=%.0f ok=%d\n", cur_size(l), l->offered, (unsigned long long)l->sent,
		(unsigned long long)l->received, (unsigned long long)l->late, (unsigned long long)l->errors,
		loss < 0 ? 0.0 : loss, send_pps, ok);
	fflush(l->out);
	if (ok) {
		l->good = l->offered;
		l->good_pps = (double)l->received / secs;
		l->good_loss = loss < 0 ? 0.0 : loss;
	} else {
		l->bad = l->offered;
		if (!gen_ok)
			l->gen_limited = true;
		else
			l->gen_limited = false;
	}
	if (l->trials >= MAX_TRIALS || (l->good > 0 && l->bad > 0 && l->bad / l->good < 1.08) ||
	    (l->bad > 0 && l->good == 0 && l->offered <= START_PPS / 8)) {
		finish_size(l);
		return;
	}
	if (l->bad == 0)
		l->offered *= 2;
	else if (l->good == 0)
		l->offered /= 2;
	else
		l->offered = (l->good + l->bad) / 2;
	start_trial(l);
}

/* Count mode: when the burst before is over (every reply back, or none for
 * COUNT_LOST_MS), account for it and send the next, or end the size. The
 * burst sizes cycle 1..COUNT_BURST_MAX so that the receiver's batches end
 * at every offset of its rings. */
static void count_tick(struct client_load *l, uint64_t now)
{
	uint64_t done = l->sent + l->errors;
	unsigned burst;

	if (l->received < l->sent && now - l->last_rx_ns < COUNT_LOST_MS * 1000000ull)
		return;             /* replies still to come */
	if (done) {
		l->c_sent += done;  /* a request that could not be sent is lost too */
		l->c_received += l->received;
		l->c_late += l->late;
		l->c_bursts++;
	}
	/* a loss ends the size: loss is a bug here, not load (and waiting
	 * COUNT_LOST_MS for each loss would make a failing test slow) */
	if (l->c_sent >= l->o.count || l->c_received < l->c_sent) {
		finish_size(l);
		if (l->phase == PH_DONE)
			return;
	}
	start_trial(l);
	burst = l->o.burst ? l->o.burst : 1 + (unsigned)(l->c_bursts % COUNT_BURST_MAX);
	if (burst > l->o.count - l->c_sent)
		burst = (unsigned)(l->o.count - l->c_sent);
	for (unsigned k = 0; k < burst && l->n; k++)
		send_next(l);
	ppp_datapath_flush(va_ctx_datapath(l->va));
}

static void tick(struct ev_loop *loop, struct ev_timer *t)
{
	struct client_load *l = t->arg;
	uint64_t now = ev_clock_ns();

	if (l->o.count) {
		count_tick(l, now);
		if (l->phase != PH_DONE)
			ev_timer_start(loop, t, TICK_MS);
		return;
	}
	if (l->phase == PH_SEND) {
		uint64_t until = now < l->t_end_ns ? now : l->t_end_ns;
		double due = l->offered * (double)(until - l->t0_ns) / 1e9 - (double)(l->sent + l->errors);
		/* never more than 5 ms of the rate at once: a generator that fell
		 * behind shows as a low send rate, not as one huge burst */
		double cap = l->offered / 200 + 64;
		unsigned k = 0;

		for (; due >= 1 && cap >= 1 && l->n; due -= 1, cap -= 1) {
			send_next(l);
			if (++k % FLUSH_EVERY == 0)
				ppp_datapath_flush(va_ctx_datapath(l->va));
		}
		ppp_datapath_flush(va_ctx_datapath(l->va));
		if (now >= l->t_end_ns)
			l->phase = PH_DRAIN;
	} else if (l->phase == PH_DRAIN) {
		if (l->received >= l->sent || now - l->last_rx_ns > DRAIN_QUIET_MS * 1000000ull ||
		    now - l->t_end_ns > DRAIN_MAX_MS * 1000000ull)
			end_trial(l);
	}
	if (l->phase != PH_DONE)
		ev_timer_start(loop, t, TICK_MS);
}

void client_load_on_ip(struct client_load *l, struct va_session *s, const uint8_t *pkt, size_t len)
{
	if (l->phase != PH_SEND && l->phase != PH_DRAIN)
		return;
	if (len < 28 || pkt[0] != 0x45 || pkt[9] != 1 || pkt[20] != 0)
		return;             /* not an echo reply */
	if (get16(pkt + 24) != l->trial_id) {
		l->late++;
		return;
	}
	l->received++;
	l->last_rx_ns = ev_clock_ns();
	if (len >= 28 + IDX_LEN && l->seen && !(l->gone_any && l->gone_trial == l->trial_id)) {
		uint32_t idx = get32(pkt + 28);
		uint16_t seq = get16(pkt + 26);
		uint32_t dst = get32(pkt + 16);
		if (idx >= l->n || l->s[idx] != s || dst != ppp_session_local_addr(va_session_ppp(s))) {
			l->crossed++;       /* the reply of another session's request */
			return;
		}
		/* a session's replies come back in the order of its requests:
		 * the sequence numbers only grow (modulo 2^16) */
		if (l->seen[idx] && (int16_t)(seq - l->last_seq[idx]) <= 0)
			l->out_of_order++;
		l->seen[idx] = 1;
		l->last_seq[idx] = seq;
	}
}

void client_load_session_gone(struct client_load *l, struct va_session *s)
{
	for (unsigned i = 0; i < l->n; i++)
		if (l->s[i] == s) {
			l->s[i] = l->s[--l->n];
			/* the moved session's replies in flight carry its old
			 * index: no order or crossing checks for this trial */
			l->gone_trial = l->trial_id;
			l->gone_any = true;
			if (l->seen)
				l->seen[i] = 0;
			break;
		}
	if (l->next >= l->n)
		l->next = 0;
	if (!l->n && l->phase != PH_IDLE && l->phase != PH_DONE) {
		l->phase = PH_DONE;
		fprintf(l->out, "load failed: every session ended\n");
		fflush(l->out);
	}
}

static int collect(void *arg, struct va_session *s)
{
	struct client_load *l = arg;

	l->s[l->n++] = s;
	return 0;
}

struct client_load *client_load_new(struct ev_loop *loop, struct va_ctx *va, const struct client_load_opts *o,
				    FILE *out)
{
	struct client_load *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->o = *o;
	l->loop = loop;
	l->va = va;
	l->out = out;
	ev_timer_init(&l->tick, tick, l);
	return l;
}

void client_load_start(struct client_load *l)
{
	if (l->phase != PH_IDLE)
		return;
	l->s = calloc(va_count(l->va) + 1, sizeof(*l->s));
	l->last_seq = calloc(va_count(l->va) + 1, sizeof(*l->last_seq));
	l->seen = calloc(va_count(l->va) + 1, 1);
	if (!l->s || !l->last_seq || !l->seen)
		return;
	va_foreach(l->va, collect, l);
	if (!l->n)
		return;
	start_size(l);
	ev_timer_start(l->loop, &l->tick, TICK_MS);
}

void client_load_free(struct client_load *l)
{
	if (!l)
		return;
	ev_timer_stop(l->loop, &l->tick);
	free(l->s);
	free(l->last_seq);
	free(l->seen);
	free(l);
}
