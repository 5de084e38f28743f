/*
 * Several cards as one engine: "cards:SPEC,SPEC,..." where each SPEC is a
 * card engine ("cardsim:SOCKET", "vfio:ADDRESS"). A new flow goes to the
 * card with the fewest flows (the next one on a tie); a flow stays on its
 * card. Flow IDs are (card index << 24) | the card's own ID, so a
 * completion or a counter read finds its card without a table.
 *
 * Ordering: one flow's operations go to one card, which keeps them in
 * order; a batch is cut into runs of consecutive operations for the same
 * card, and submit stops at the first run a card does not take whole, so
 * what it returns is still a prefix of the batch (engine.h).
 *
 * Not yet: moving a failed card's flows elsewhere. A card that dies ends
 * its own flows' operations with MPPE_ERR_DEVICE (as with one card, also
 * those submitted after it died, without holding up the rest of a batch);
 * the other cards carry on, and new flows avoid the dead card.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "../backend.h"
#include "card_engine.h"

#define MULTI_MAX   8
#define CARD_SHIFT  24
#define INNER_MASK  ((1u << CARD_SHIFT) - 1)

struct multi {
	unsigned n;
	struct mppe_engine *card[MULTI_MAX];
	uint32_t flows[MULTI_MAX];        /* live flows per card */
	unsigned rr;                      /* next card to poll first, and tie-break */
	int epfd;
	/* operations for a card that is gone, completed here with
	 * MPPE_ERR_DEVICE so the other cards' operations in the batch go on */
	struct mppe_completion local[256];
	unsigned local_head, local_tail;  /* free-running */
};

static struct multi *mu(struct mppe_engine *e)
{
	return e->priv;
}

static void multi_close(struct mppe_engine *e)
{
	struct multi *m = mu(e);

	if (!m)
		return;
	for (unsigned i = 0; i < m->n; i++)
		mppe_engine_close(m->card[i]);
	if (m->epfd >= 0)
		close(m->epfd);
	free(m);
	e->priv = NULL;
}

static int multi_open(struct mppe_engine *e, const char *arg)
{
	char specs[1024], *save = NULL, *s;
	struct multi *m = calloc(1, sizeof(*m));
	size_t len = 0;

	if (!m)
		return -1;
	m->epfd = -1;
	e->priv = m;
	if (snprintf(specs, sizeof(specs), "%s", arg) >= (int)sizeof(specs)) {
		mppe_set_error("cards: the list is too long");
		errno = EINVAL;
		goto fail;
	}
	m->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (m->epfd < 0)
		goto fail;
	for (s = strtok_r(specs, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		struct epoll_event ev = { .events = EPOLLIN };
		if (m->n == MULTI_MAX || (strncmp(s, "cardsim:", 8) && strncmp(s, "vfio:", 5))) {
			mppe_set_error("cards: '%s': %s", s, m->n == MULTI_MAX ? "at most 8 cards" :
				       "each entry is cardsim:SOCKET or vfio:ADDRESS");
			errno = EINVAL;
			goto fail;
		}
		m->card[m->n] = mppe_engine_open(s);
		if (!m->card[m->n]) {
			char why[900];
			snprintf(why, sizeof(why), "%s", mppe_engine_error());
			mppe_set_error("cards: %s: %s", s, why);
			goto fail;
		}
		if (mppe_engine_max_flows(m->card[m->n]) > INNER_MASK + 1) {
			mppe_set_error("cards: %s has more flows than this engine numbers", s);
			errno = EPROTO;
			m->n++;
			goto fail;
		}
		ev.data.u32 = m->n;
		if (mppe_event_fd(m->card[m->n]) >= 0 &&
		    epoll_ctl(m->epfd, EPOLL_CTL_ADD, mppe_event_fd(m->card[m->n]), &ev) < 0) {
			m->n++;
			goto fail;
		}
		m->n++;
	}
	if (m->n == 0) {
		mppe_set_error("cards: no card named (cards:cardsim:SOCKET,vfio:ADDRESS,...)");
		errno = EINVAL;
		goto fail;
	}
	e->event_fd = m->epfd;
	e->max_flows = 0;
	for (unsigned i = 0; i < m->n; i++)
		e->max_flows += mppe_engine_max_flows(m->card[i]);
	len = (size_t)snprintf(e->label, sizeof(e->label), "Hardware (%u cards)", m->n);
	(void)len;
	return 0;
fail: {
		int err = errno ? errno : EIO;
		multi_close(e);
		errno = err;
		return -1;
	}
}

static int route(struct multi *m, uint32_t flow, uint32_t *inner)
{
	unsigned c = flow >> CARD_SHIFT;

	if (c >= m->n) {
		errno = ENOENT;
		return -1;
	}
	*inner = flow & INNER_MASK;
	return (int)c;
}

static int multi_flow_create(struct mppe_engine *e, const struct mppe_flow_params *p, uint32_t *flow)
{
	struct multi *m = mu(e);
	unsigned order[MULTI_MAX], k = 0;
	int err = ENODEV;

	/* fewest flows first; a card that refuses (full, dead) passes to the next */
	for (unsigned i = 0; i < m->n; i++)
		order[i] = (m->rr + i) % m->n;
	for (unsigned i = 1; i < m->n; i++)
		for (unsigned j = i; j > 0 && m->flows[order[j]] < m->flows[order[j - 1]]; j--) {
			unsigned t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (; k < m->n; k++) {
		unsigned c = order[k];
		uint32_t inner;
		if (mppe_flow_create(m->card[c], p, &inner) == 0) {
			m->flows[c]++;
			m->rr = (c + 1) % m->n;
			*flow = ((uint32_t)c << CARD_SHIFT) | inner;
			return 0;
		}
		err = errno;
	}
	errno = err;
	return -1;
}

static int multi_flow_destroy(struct mppe_engine *e, uint32_t flow)
{
	struct multi *m = mu(e);
	uint32_t inner;
	int c = route(m, flow, &inner);

	if (c < 0 || mppe_flow_destroy(m->card[c], inner) < 0)
		return -1;
	m->flows[c]--;
	return 0;
}

static int multi_flow_counters(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out)
{
	struct multi *m = mu(e);
	uint32_t inner;
	int c = route(m, flow, &inner);

	return c < 0 ? -1 : mppe_flow_read_counters(m->card[c], inner, out);
}

static int multi_submit(struct mppe_engine *e, const struct mppe_op *ops, unsigned n)
{
	struct multi *m = mu(e);
	struct mppe_op run[64];
	unsigned done = 0;
	int first_err = 0;

	while (done < n) {
		unsigned c = ops[done].flow >> CARD_SHIFT, k = 0;
		int r;
		if (c >= m->n) {
			/* an unknown flow: the card would say so in a completion; here
			 * the batch stops before it, as for any refusal */
			first_err = ENOENT;
			break;
		}
		while (done + k < n && k < 64 && (ops[done + k].flow >> CARD_SHIFT) == c) {
			run[k] = ops[done + k];
			run[k].flow &= INNER_MASK;
			k++;
		}
		r = mppe_submit(m->card[c], run, k);
		if (r < 0 && errno == ENODEV) {
			/* the card is gone: its operations fail, the batch goes on */
			if (256 - (m->local_tail - m->local_head) < k)
				break;
			for (unsigned i = 0; i < k; i++)
				m->local[m->local_tail++ % 256] = (struct mppe_completion){
					.cookie = ops[done + i].cookie, .flow = ops[done + i].flow,
					.opcode = ops[done + i].opcode, .status = MPPE_ERR_DEVICE };
			r = (int)k;
		}
		if (r < 0) {
			first_err = errno;
			break;
		}
		done += (unsigned)r;
		if ((unsigned)r < k)
			break;                   /* back-pressure from that card */
	}
	if (!done && n) {
		errno = first_err ? first_err : EAGAIN;
		return first_err && first_err != EAGAIN ? -1 : 0;
	}
	return (int)done;
}

static int multi_poll(struct mppe_engine *e, struct mppe_completion *out, unsigned max)
{
	struct multi *m = mu(e);
	unsigned n = 0;

	while (n < max && m->local_head != m->local_tail)
		out[n++] = m->local[m->local_head++ % 256];
	for (unsigned i = 0; i < m->n && n < max; i++) {
		unsigned c = (m->rr + i) % m->n;
		int r = mppe_poll(m->card[c], out + n, max - n);
		if (r <= 0)
			continue;
		for (int k = 0; k < r; k++)
			out[n + (unsigned)k].flow |= (uint32_t)c << CARD_SHIFT;
		n += (unsigned)r;
	}
	m->rr = (m->rr + 1) % m->n;      /* no card starves the others */
	return (int)n;
}

static void multi_ack_event(struct mppe_engine *e)
{
	struct multi *m = mu(e);

	for (unsigned i = 0; i < m->n; i++)
		mppe_ack_event(m->card[i]);
}

struct mppe_engine *multi_card(struct mppe_engine *e, unsigned i)
{
	if (strcmp(e->ops->kind, "cards") || i >= mu(e)->n)
		return NULL;
	return mu(e)->card[i];
}

const struct mppe_backend_ops mppe_backend_multi = {
	.kind = "cards",
	.open = multi_open,
	.close = multi_close,
	.flow_create = multi_flow_create,
	.flow_destroy = multi_flow_destroy,
	.flow_counters = multi_flow_counters,
	.submit = multi_submit,
	.poll = multi_poll,
	.ack_event = multi_ack_event,
};
