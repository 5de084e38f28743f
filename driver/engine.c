/* The engine API front: backend selection and argument checks. */
#include "mppe/engine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "card/card_engine.h"
#include "mppe/keys.h"

static const struct mppe_backend_ops *const backends[] = {
	&mppe_backend_sw,
	&mppe_backend_cardsim,     /* "cardsim:SOCKET": the simulated card over vfio-user */
	&mppe_backend_vfio,        /* "vfio:0000:03:00.0": a real card */
	&mppe_backend_multi,       /* "cards:SPEC,SPEC,...": flows spread over several cards */
	NULL,
};

/* the create completion's opcode is none of the engine's (mppe_codes.h) */
_Static_assert(MPPE_OP_FLOW_CREATED > MPPE_OP_SELFTEST_SHA1 && MPPE_OP_FLOW_CREATED <= 0xff,
	       "MPPE_OP_FLOW_CREATED is no engine opcode");

static const struct mppe_backend_ops *backend_find(const char *kind)
{
	for (unsigned i = 0; backends[i]; i++)
		if (strcmp(backends[i]->kind, kind) == 0)
			return backends[i];
	return NULL;
}

static _Thread_local char open_error[1024];

void mppe_set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(open_error, sizeof(open_error), fmt, ap);
	va_end(ap);
}

const char *mppe_engine_error(void)
{
	return open_error[0] ? open_error : "no error";
}

struct mppe_engine *mppe_engine_open_start(const char *spec)
{
	char kind[16];
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
	const struct mppe_backend_ops *ops;
	struct mppe_engine *e;

	open_error[0] = '\0';
	if (n == 0 || n >= sizeof(kind)) {
		mppe_set_error("'%s' is not an engine: sw, cardsim:SOCKET, vfio:PCI-ADDRESS or cards:SPEC,SPEC,...", spec);
		errno = EINVAL;
		return NULL;
	}
	memcpy(kind, spec, n);
	kind[n] = '\0';
	ops = backend_find(kind);
	if (!ops) {
		mppe_set_error("no engine of kind '%s': sw, cardsim:SOCKET, vfio:PCI-ADDRESS or cards:SPEC,SPEC,...", kind);
		errno = ENOENT;
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->ops = ops;
	e->event_fd = -1;
	if (ops->open(e, colon ? colon + 1 : "") < 0) {
		int err = errno;
		free(e);
		if (!open_error[0])
			mppe_set_error("%s: %s", spec, strerror(err));
		errno = err;
		return NULL;
	}
	return e;
}

int mppe_engine_open_step(struct mppe_engine *e)
{
	return e->ops->open_step ? e->ops->open_step(e) : 1;
}

struct mppe_engine *mppe_engine_open(const char *spec)
{
	struct mppe_engine *e = mppe_engine_open_start(spec);
	int r;

	while (e && (r = mppe_engine_open_step(e)) <= 0) {
		if (r < 0) {
			int err = errno;
			mppe_engine_close(e);
			errno = err;
			return NULL;
		}
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	}
	return e;
}

void mppe_engine_close(struct mppe_engine *e)
{
	if (!e)
		return;
	e->ops->close(e);
	free(e);
}

const char *mppe_engine_label(const struct mppe_engine *e)
{
	return e->label;
}

const char *mppe_engine_kind(const struct mppe_engine *e)
{
	return e->ops->kind;
}

unsigned mppe_engine_threads(const struct mppe_engine *e)
{
	return e->threads ? e->threads : 1;
}

uint32_t mppe_engine_max_flows(const struct mppe_engine *e)
{
	return e->max_flows;
}

int mppe_flow_create(struct mppe_engine *e, const struct mppe_flow_params *p, uint32_t *flow)
{
	if (!p || !flow || !mppe_key_len(p->key_bits) || p->first_ccount > MPPE_CCOUNT_MASK ||
	    p->max_rekeys > MPPE_MAX_REKEYS_LIMIT || p->rekey_base > MPPE_MAX_REKEYS_LIMIT ||
	    (p->dir != MPPE_DIR_TX && p->dir != MPPE_DIR_RX)) {
		errno = EINVAL;
		return -1;
	}
	return e->ops->flow_create(e, p, flow);
}

int mppe_flow_create_start(struct mppe_engine *e, const struct mppe_flow_params *p, uint64_t cookie,
			   uint32_t *flow)
{
	int r;

	if (!p || !flow || !mppe_key_len(p->key_bits) || p->first_ccount > MPPE_CCOUNT_MASK ||
	    p->max_rekeys > MPPE_MAX_REKEYS_LIMIT || p->rekey_base > MPPE_MAX_REKEYS_LIMIT ||
	    (p->dir != MPPE_DIR_TX && p->dir != MPPE_DIR_RX)) {
		errno = EINVAL;
		return -1;
	}
	if (!e->ops->flow_create_start)
		return e->ops->flow_create(e, p, flow) < 0 ? -1 : 1;
	r = e->ops->flow_create_start(e, p, cookie, flow);
	if (r == 0)
		e->inflight++;          /* its completion comes through poll */
	return r;
}

int mppe_flow_destroy(struct mppe_engine *e, uint32_t flow)
{
	return e->ops->flow_destroy(e, flow);
}

int mppe_flow_read_counters(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out)
{
	return e->ops->flow_counters(e, flow, out);
}

int mppe_flow_peek_counters(struct mppe_engine *e, uint32_t flow, struct mppe_counters *out)
{
	return mppe_flow_counters_since(e, flow, 0, out);
}

int mppe_flow_counters_since(struct mppe_engine *e, uint32_t flow, uint64_t since_ms, struct mppe_counters *out)
{
	if (e->ops->flow_counters_since)
		return e->ops->flow_counters_since(e, flow, since_ms, out);
	return e->ops->flow_counters(e, flow, out);
}

int mppe_submit(struct mppe_engine *e, const struct mppe_op *ops, unsigned n)
{
	int r = e->ops->submit(e, ops, n);
	if (r > 0)
		e->inflight += (unsigned)r;
	return r;
}

int mppe_poll(struct mppe_engine *e, struct mppe_completion *out, unsigned max)
{
	int r = e->ops->poll(e, out, max);
	if (r > 0)
		e->inflight -= (unsigned)r < e->inflight ? (unsigned)r : e->inflight;
	return r;
}

int mppe_event_fd(const struct mppe_engine *e)
{
	return e->event_fd;
}

void mppe_ack_event(struct mppe_engine *e)
{
	e->ops->ack_event(e);
}

unsigned mppe_inflight(const struct mppe_engine *e)
{
	return e->inflight;
}

bool mppe_flow_in_software(struct mppe_engine *e, uint32_t flow)
{
	if (e->ops->flow_in_software)
		return e->ops->flow_in_software(e, flow);
	return e->ops == &mppe_backend_sw;
}

int card_engine_stats(struct mppe_engine *e, struct card_engine_stats *out)
{
	if (!e->ops->stats) {
		errno = EINVAL;          /* no card behind this engine */
		return -1;
	}
	memset(out, 0, sizeof(*out));
	return e->ops->stats(e, out);
}
