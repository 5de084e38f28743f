/*
 * The software backend: the reference engine run in this process. Every
 * operation completes during mppe_submit(); completions wait in a ring until
 * mppe_poll() collects them, exactly as they would from a card.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "../backend.h"
#include "mppe/crypto.h"
#include "sw_run.h"

#define SW_MAX_FLOWS   (1u << 20)
#define SW_CQ_SIZE     4096u            /* completions waiting: power of two */

struct sw_engine {
	struct sw_flows flows;
	struct mppe_completion cq[SW_CQ_SIZE];
	uint32_t cq_head, cq_tail;       /* free-running */
};

static struct sw_engine *sw(struct mppe_engine *e)
{
	return e->priv;
}

/* arg: "" or "threads=N" (1..MPPE_SW_MAX_THREADS); N > 1 is the engine on
 * N crypto threads (backend_sw_mt.c), 1 this one */
static int sw_open(struct mppe_engine *e, const char *arg)
{
	struct sw_engine *s;

	if (*arg) {
		char *end;
		unsigned long n;
		if (strncmp(arg, "threads=", 8) != 0 || (n = strtoul(arg + 8, &end, 10), *end) || arg[8] == '\0' ||
		    n < 1 || n > MPPE_SW_MAX_THREADS) {
			mppe_set_error("sw:%s: the software engine takes threads=N, N from 1 to %u", arg,
				       MPPE_SW_MAX_THREADS);
			errno = EINVAL;
			return -1;
		}
		if (n > 1) {
			e->ops = &mppe_backend_sw_mt;
			return mt_open_threads(e, (unsigned)n);
		}
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	e->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (e->event_fd < 0) {
		free(s);
		return -1;
	}
	e->priv = s;
	e->max_flows = SW_MAX_FLOWS;
	e->threads = 1;
	strcpy(e->label, "Software");
	return 0;
}

static void sw_close(struct mppe_engine *e)
{
	struct sw_engine *s = sw(e);

	sw_flows_clear(&s->flows);
	close(e->event_fd);
	free(s);
}

static int sw_flow_resume(struct mppe_engine *e, const struct mppe_flow_params *p, const struct mppe_shadow *t,
			  uint32_t *flow)
{
	struct sw_engine *s = sw(e);

	if (sw_flows_reserve(&s->flows, SW_MAX_FLOWS, flow) < 0)
		return -1;
	return sw_flows_put(&s->flows, *flow, p, t);
}

static int sw_flow_create(struct mppe_engine *e, const struct mppe_flow_params *p, uint32_t *flow)
{
	return sw_flow_resume(e, p, NULL, flow);
}

static int sw_flow_destroy(struct mppe_engine *e, uint32_t flow)
{
	struct mppe_flow *f = sw_flows_take(&sw(e)->flows, flow);

	if (!f)
		return -1;
	sw_flow_free(f);
	return 0;
}

static int sw_flow_counters(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out)
{
	struct mppe_flow *f = sw_flows_get(&sw(e)->flows, flow);

	if (!f) {
		errno = ENOENT;
		return -1;
	}
	mppe_flow_counters(f, out);
	return 0;
}

static int sw_submit(struct mppe_engine *e, const struct mppe_op *ops, unsigned n)
{
	struct sw_engine *s = sw(e);
	uint32_t was_empty = s->cq_head == s->cq_tail;
	unsigned done = 0;

	while (done < n && s->cq_tail - s->cq_head < SW_CQ_SIZE) {
		const struct mppe_op *op = &ops[done];
		unsigned ran = 1;

		/* two at once where sw_run_op_pair can (two stateless encryptions) */
		if (done + 1 < n && s->cq_tail - s->cq_head + 1 < SW_CQ_SIZE)
			ran = sw_run_op_pair(sw_flows_get(&s->flows, op->flow), op,
					     &s->cq[s->cq_tail & (SW_CQ_SIZE - 1)],
					     sw_flows_get(&s->flows, op[1].flow), &op[1],
					     &s->cq[(s->cq_tail + 1) & (SW_CQ_SIZE - 1)]);
		else
			sw_run_op(sw_flows_get(&s->flows, op->flow), op, &s->cq[s->cq_tail & (SW_CQ_SIZE - 1)]);
		s->cq_tail += ran;
		done += ran;
	}
	if (done && was_empty) {
		uint64_t one = 1;
		if (write(e->event_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
			return -1;
	}
	if (!done && n) {
		errno = EAGAIN;
		return 0;
	}
	return (int)done;
}

static int sw_poll(struct mppe_engine *e, struct mppe_completion *out, unsigned max)
{
	struct sw_engine *s = sw(e);
	unsigned n = 0;

	while (n < max && s->cq_head != s->cq_tail) {
		out[n++] = s->cq[s->cq_head & (SW_CQ_SIZE - 1)];
		s->cq_head++;
	}
	return (int)n;
}

static void sw_ack_event(struct mppe_engine *e)
{
	uint64_t v;
	struct sw_engine *s = sw(e);

	if (read(e->event_fd, &v, sizeof(v)) < 0) {
		/* EAGAIN: nothing was signalled */
	}
	if (s->cq_head != s->cq_tail) {
		uint64_t one = 1;
		if (write(e->event_fd, &one, sizeof(one)) < 0) {
			/* the counter is already non-zero */
		}
	}
}

const struct mppe_backend_ops mppe_backend_sw = {
	.kind = "sw",
	.open = sw_open,
	.close = sw_close,
	.flow_create = sw_flow_create,
	.flow_destroy = sw_flow_destroy,
	.flow_counters = sw_flow_counters,
	.submit = sw_submit,
	.poll = sw_poll,
	.ack_event = sw_ack_event,
	.flow_resume = sw_flow_resume,
};
