/*
 * libFuzzer: pnsd's routing table (host/vaccess/route.c) under any order of
 * adds, deletes and lookups, checked against a plain list of what should
 * be there: every lookup must give what the list says (no lost or stale
 * route after backward-shift deletions), and each operation must stay
 * within the cost budget (fuzz_cost.h): the hang of issue 13 fault 1, a
 * lookup that never ends, is a finding here.
 *   operation = 3 octets: op (low 2 bits: add, del, find, del-other),
 *               address (16 bits, in a few /16s so that keys collide)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz_cost.h"
#include "vaccess/route.h"

#define MODEL_MAX 4096

struct entry { uint32_t addr; void *v; };
static struct entry model[MODEL_MAX];
static unsigned nmodel;

static struct entry *model_find(uint32_t addr)
{
	for (unsigned i = 0; i < nmodel; i++)
		if (model[i].addr == addr)
			return &model[i];
	return NULL;
}

static void run(const uint8_t *data, size_t size)
{
	struct va_routes r;

	memset(&r, 0, sizeof(r));
	nmodel = 0;
	for (size_t i = 0; i + 3 <= size; i += 3) {
		uint8_t op = data[i] & 3;
		/* 10.x.y.z with x from the op's high bits: 4 blocks of 65,536 */
		uint32_t addr = 0x0A000000u | (uint32_t)(data[i] >> 6) << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
		/* a session's identity: any non-NULL pointer, derived from the address and a generation */
		void *v = (void *)(uintptr_t)(((uintptr_t)addr << 4) | ((data[i] >> 2) & 15) | 1);
		struct entry *e = model_find(addr);

		switch (op) {
		case 0:
			if (e == NULL && nmodel == MODEL_MAX)
				break;
			if (va_routes_add(&r, addr, v) < 0)
				break;                          /* out of memory: nothing changed */
			if (e != NULL)
				e->v = v;
			else
				model[nmodel++] = (struct entry){ addr, v };
			break;
		case 1:                                         /* the session that owns it leaves */
			if (e != NULL) {
				va_routes_del(&r, addr, e->v);
				*e = model[--nmodel];
			} else {
				va_routes_del(&r, addr, v);
			}
			break;
		case 3:                                         /* another session's delete: no effect */
			va_routes_del(&r, addr, (void *)((uintptr_t)v ^ 0x2));
			if (e != NULL && e->v == (void *)((uintptr_t)v ^ 0x2))
				*e = model[--nmodel];
			break;
		default:
			break;
		}
		/* every lookup agrees with the model */
		e = model_find(addr);
		if (va_routes_find(&r, addr) != (e ? e->v : NULL))
			abort();
		if (r.used != nmodel)
			abort();
	}
	for (unsigned k = 0; k < nmodel; k++)
		if (va_routes_find(&r, model[k].addr) != model[k].v)
			abort();
	va_routes_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_cost_run("route operations", size / 3, run, data, size);
	return 0;
}
