/* Stream driver for mppe_top (see tb_drv.h). */
#include "tb_drv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QLEN 64u

static struct tb_pins pins;
static struct tb_op *queue;        /* ring of QLEN operations */
static unsigned bad_last_tag = ~0u; /* tag of an operation sent with a wrong in_last */
static bool bad_last_next;
static unsigned q_head, q_tail;    /* free-running */
static unsigned beat;              /* beats of the head operation sent */
static unsigned outstanding;
static struct tb_res cur;          /* result being reassembled */
static unsigned cur_beats;
static tb_result_fn result_fn;
static void *result_arg;
static unsigned stall_in, stall_out;
static uint32_t rng = 1;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

void drv_set_stalls(unsigned in_pct, unsigned out_pct, uint32_t seed)
{
	stall_in = in_pct;
	stall_out = out_pct;
	rng = seed ? seed : 1;
}

static unsigned beats_of(unsigned len)
{
	return len ? (len + 7) / 8 : 1;
}

static uint64_t word_of(const uint8_t *d, unsigned len, unsigned b)
{
	uint64_t w = 0;
	for (unsigned i = 0; i < 8; i++)
		if (8 * b + i < len)
			w |= (uint64_t)d[8 * b + i] << (8 * i);
	return w;
}

void drv_cycle(void)
{
	struct tb_op *op = q_head != q_tail ? &queue[q_head % QLEN] : NULL;
	bool in_fire, out_fire;

	pins.in_valid = op && !(stall_in && rnd() % 100 < stall_in);
	if (op) {
		pins.in_tag = op->tag;
		pins.in_flow = op->flow;
		pins.in_op = op->op;
		pins.in_len = op->len;
		pins.in_data = word_of(op->data, op->len, beat);
		pins.in_last = beat + 1 == beats_of(op->len);
		if (op->tag == bad_last_tag)
			pins.in_last = beat == 0;
	}
	pins.out_ready = !(stall_out && rnd() % 100 < stall_out);
	tb_cycle(&pins);

	in_fire = pins.in_valid && pins.in_ready;
	out_fire = pins.out_valid && pins.out_ready;
	if (in_fire) {
		if (++beat == beats_of(op->len)) {
			if (op->tag == bad_last_tag)
				bad_last_tag = ~0u;
			beat = 0;
			q_head++;
		}
	}
	if (out_fire) {
		if (cur_beats == 0) {
			cur.tag = pins.out_tag;
			cur.flow = pins.out_flow;
			cur.op = pins.out_op;
			cur.status = pins.out_status;
			cur.flags = pins.out_flags;
			cur.ccount = pins.out_ccount;
			cur.len = pins.out_len;
		} else if (cur.tag != pins.out_tag || cur.len != pins.out_len) {
			fprintf(stderr, "FAIL: output fields changed inside a result (tag %u)\n", cur.tag);
			exit(1);
		}
		for (unsigned i = 0; i < 8; i++)
			if (8 * cur_beats + i < cur.len && 8 * cur_beats + i < TB_MAX_DATA)
				cur.data[8 * cur_beats + i] = (uint8_t)(pins.out_data >> (8 * i));
		cur_beats++;
		if ((cur_beats == beats_of(cur.len)) != !!pins.out_last) {
			fprintf(stderr, "FAIL: out_last on beat %u of a %u-byte result (tag %u)\n",
				cur_beats, cur.len, cur.tag);
			exit(1);
		}
		if (pins.out_last) {
			cur_beats = 0;
			outstanding--;
			if (result_fn)
				result_fn(&cur, result_arg);
		}
	}
}

int drv_open(int argc, char **argv, const char *wave, tb_result_fn fn, void *arg)
{
	queue = calloc(QLEN, sizeof(*queue));
	if (!queue || tb_open_waves(argc, argv, wave) < 0)
		return -1;
	result_fn = fn;
	result_arg = arg;
	memset(&pins, 0, sizeof(pins));
	pins.rst_n = 0;
	for (int i = 0; i < 4; i++)
		tb_cycle(&pins);
	pins.rst_n = 1;
	pins.ctx_rsp_ready = 1;
	for (uint64_t n = 0; !pins.ready; n++) {
		if (n > 4000000) {
			fprintf(stderr, "FAIL: context wipe never finished\n");
			return -1;
		}
		tb_cycle(&pins);
	}
	return 0;
}

void drv_close(void)
{
	tb_close();
	free(queue);
}

/* Clocks the queue may stay full with no operation taken before the bench
 * calls the engine hung: far longer than any legitimate stall (the longest
 * operation the bench sends is TB_MAX_DATA octets, 512 beats), and a hang
 * is reported as a failure instead of a bench that never ends. */
#define SUBMIT_MAX_IDLE 2000000u

void drv_submit(const struct tb_op *op)
{
	unsigned head = q_head;

	for (unsigned idle = 0; q_tail - q_head == QLEN; idle++) {
		if (q_head != head) {
			head = q_head;
			idle = 0;
		}
		if (idle == SUBMIT_MAX_IDLE) {
			fprintf(stderr, "FAIL: the engine took no operation in %u clocks (hang)\n", SUBMIT_MAX_IDLE);
			exit(1);
		}
		drv_cycle();
	}
	struct tb_op *q = &queue[q_tail % QLEN];
	q->tag = op->tag;
	if (bad_last_next) {
		bad_last_tag = op->tag;
		bad_last_next = false;
	}
	q->flow = op->flow;
	q->op = op->op;
	q->len = op->len;
	memcpy(q->data, op->data, op->len < TB_MAX_DATA ? op->len : TB_MAX_DATA);
	q_tail++;
	outstanding++;
}

bool drv_drain(uint64_t max_idle)
{
	uint64_t idle = 0;
	while (outstanding) {
		unsigned before = outstanding;
		drv_cycle();
		idle = outstanding == before ? idle + 1 : 0;
		if (idle > max_idle)
			return false;
	}
	return true;
}

bool drv_ctx(const struct tb_ctx_req *req, struct tb_pins *rsp)
{
	uint64_t n;

	pins.ctx_req_valid = 1;
	memset(pins.ctx_req, 0, sizeof(pins.ctx_req));
	MPPE_CTX_REQ_SET(pins.ctx_req, CMD, req->cmd);
	MPPE_CTX_REQ_SET(pins.ctx_req, FLOW, req->flow);
	MPPE_CTX_REQ_SET(pins.ctx_req, DIR, req->dir);
	MPPE_CTX_REQ_SET(pins.ctx_req, STATEFUL, req->stateful);
	MPPE_CTX_REQ_SET(pins.ctx_req, KEY_BITS, req->key_bits);
	for (unsigned i = 0; i < 16; i++)
		mppe_bus_set(pins.ctx_req, MPPE_CTX_REQ_START_KEY_LSB + 8 * i, 8, req->start_key[i]);
	MPPE_CTX_REQ_SET(pins.ctx_req, FIRST_CCOUNT, req->first_ccount);
	MPPE_CTX_REQ_SET(pins.ctx_req, MAX_REKEYS, req->max_rekeys);
	MPPE_CTX_REQ_SET(pins.ctx_req, ACCEPT_PFC, req->accept_pfc);
	for (n = 0;; n++) {
		drv_cycle();
		if (pins.ctx_req_ready)
			break;
		if (n > 2000000)
			return false;
	}
	pins.ctx_req_valid = 0;
	memset(pins.ctx_req, 0, sizeof(pins.ctx_req));
	for (n = 0;; n++) {
		drv_cycle();
		if (pins.ctx_rsp_valid)
			break;
		if (n > 2000000)
			return false;
	}
	*rsp = pins;
	return true;
}

void drv_flush_input(void)
{
	while (q_head != q_tail)
		drv_cycle();
}

void drv_bad_last_next(void)
{
	bad_last_next = true;
}

bool drv_framing_error(void)
{
	return pins.in_framing_error;
}

unsigned drv_outstanding(void)
{
	return outstanding;
}
