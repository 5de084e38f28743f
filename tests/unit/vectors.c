#include "vectors.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define VEC_MAX 512
#define VEC_NAME 96

struct vec {
	char name[VEC_NAME];
	char *raw;          /* the text after '=' (trimmed) */
	uint8_t *bytes;
	size_t len;
	char *str;
	int used;
};

struct vecfile {
	char path[256];
	struct vec v[VEC_MAX];
	unsigned n;
};

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

struct vecfile *vec_load(const char *name)
{
	struct vecfile *vf = calloc(1, sizeof(*vf));
	char line[4096];
	FILE *fp;
	unsigned lineno = 0;

	assert_non_null(vf);
	const char *dir = getenv("MPPE_VECTOR_DIR"); /* the mutation test points elsewhere */
	snprintf(vf->path, sizeof(vf->path), "%s/%s", dir ? dir : "tests/vectors", name);
	fp = fopen(vf->path, "r");
	if (!fp)
		fail_msg("cannot open %s", vf->path);
	while (fgets(line, sizeof(line), fp)) {
		char *eq, *key, *val;
		lineno++;
		if (line[0] == '#' || trim(line)[0] == '\0')
			continue;
		eq = strchr(line, '=');
		if (!eq)
			fail_msg("%s:%u: no '='", vf->path, lineno);
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		if (vf->n == VEC_MAX || strlen(key) >= VEC_NAME)
			fail_msg("%s:%u: too many vectors or name too long", vf->path, lineno);
		for (unsigned i = 0; i < vf->n; i++)
			if (strcmp(vf->v[i].name, key) == 0)
				fail_msg("%s:%u: duplicate name %s", vf->path, lineno, key);
		strcpy(vf->v[vf->n].name, key);
		vf->v[vf->n].raw = strdup(val);
		vf->n++;
	}
	fclose(fp);
	if (vf->n == 0)
		fail_msg("%s: no vectors", vf->path);
	return vf;
}

void vec_free(struct vecfile *vf)
{
	for (unsigned i = 0; i < vf->n; i++) {
		free(vf->v[i].raw);
		free(vf->v[i].bytes);
		free(vf->v[i].str);
	}
	free(vf);
}

static struct vec *find(struct vecfile *vf, const char *name)
{
	for (unsigned i = 0; i < vf->n; i++)
		if (strcmp(vf->v[i].name, name) == 0)
			return &vf->v[i];
	fail_msg("%s: no vector named %s", vf->path, name);
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

const uint8_t *vec_get(struct vecfile *vf, const char *name, size_t *len)
{
	struct vec *v = find(vf, name);
	size_t n = strlen(v->raw);

	if (!v->bytes) {
		if (n % 2)
			fail_msg("%s: %s: odd number of hex digits", vf->path, name);
		v->bytes = malloc(n / 2 + 1);
		assert_non_null(v->bytes);
		for (size_t i = 0; i < n / 2; i++) {
			int hi = hexval(v->raw[2 * i]), lo = hexval(v->raw[2 * i + 1]);
			if (hi < 0 || lo < 0)
				fail_msg("%s: %s: not lowercase hex", vf->path, name);
			v->bytes[i] = (uint8_t)(hi << 4 | lo);
		}
		v->len = n / 2;
	}
	v->used = 1;
	if (len)
		*len = v->len;
	return v->bytes;
}

const uint8_t *vec_get_n(struct vecfile *vf, const char *name, size_t len)
{
	size_t got;
	const uint8_t *b = vec_get(vf, name, &got);
	if (got != len)
		fail_msg("%s: %s has %zu octets, expected %zu", vf->path, name, got, len);
	return b;
}

const char *vec_get_str(struct vecfile *vf, const char *name)
{
	size_t len;
	const uint8_t *b = vec_get(vf, name, &len);
	struct vec *v = find(vf, name);

	if (!v->str) {
		v->str = malloc(len + 1);
		assert_non_null(v->str);
		memcpy(v->str, b, len);
		v->str[len] = '\0';
	}
	return v->str;
}

unsigned long vec_get_dec(struct vecfile *vf, const char *name)
{
	struct vec *v = find(vf, name);
	char *end;
	unsigned long x = strtoul(v->raw, &end, 10);

	if (*v->raw == '\0' || *end != '\0')
		fail_msg("%s: %s: not a decimal number", vf->path, name);
	v->used = 1;
	return x;
}

int vec_has(struct vecfile *vf, const char *name)
{
	for (unsigned i = 0; i < vf->n; i++)
		if (strcmp(vf->v[i].name, name) == 0)
			return 1;
	return 0;
}

void vec_each(struct vecfile *vf, const char *prefix, const char *suffix,
	      void (*fn)(struct vecfile *v, const char *name, void *arg), void *arg)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);
	for (unsigned i = 0; i < vf->n; i++) {
		const char *nm = vf->v[i].name;
		size_t nl = strlen(nm);
		if (nl >= pl + sl && strncmp(nm, prefix, pl) == 0 && strcmp(nm + nl - sl, suffix) == 0)
			fn(vf, nm, arg);
	}
}

void vec_assert_all_used(struct vecfile *vf)
{
	for (unsigned i = 0; i < vf->n; i++)
		if (!vf->v[i].used)
			fail_msg("%s: vector %s is never checked", vf->path, vf->v[i].name);
}

int vec_report_unused(struct vecfile *vf)
{
	int n = 0;
	for (unsigned i = 0; i < vf->n; i++)
		if (!vf->v[i].used) {
			fprintf(stderr, "%s: vector %s is never checked\n", vf->path, vf->v[i].name);
			n++;
		}
	return n;
}
