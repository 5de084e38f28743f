/*
 * IOS-style configuration parser. See config.h for the pattern language.
 */
#include "config.h"
#include "log.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct cfg_section *sections[CFG_MAX_SECTIONS];
static int nsections;

static const enum cfg_mode mode_parent[CFG_MODE_COUNT] = {
	[CFG_MODE_GLOBAL] = CFG_MODE_NONE,
	[CFG_MODE_VPDN] = CFG_MODE_GLOBAL,
	[CFG_MODE_VPDN_ACC_IN] = CFG_MODE_VPDN,
	[CFG_MODE_INTERFACE] = CFG_MODE_GLOBAL,
	[CFG_MODE_CONTROLLER] = CFG_MODE_GLOBAL,
	[CFG_MODE_DYNAUTH] = CFG_MODE_GLOBAL,
	[CFG_MODE_IGNORED] = CFG_MODE_GLOBAL,
};

struct cfg_parse {
	struct cfg *cfg;
	const struct cfg_options *opt;
	const char *source;
	int line;
	const char *line_text;      /* current line, NUL-terminated */
	enum cfg_mode mode;
	void *mode_obj;
	struct cfg_error *err;
	bool failed;
};

/* ---- registry and config objects ---- */

int cfg_section_register(const struct cfg_section *s)
{
	for (int i = 0; i < nsections; i++) {
		if (sections[i] == s)
			return 0;
		if (strcmp(sections[i]->name, s->name) == 0) {
			errno = EEXIST;
			return -1;
		}
	}
	if (nsections == CFG_MAX_SECTIONS) {
		errno = ENOSPC;
		return -1;
	}
	sections[nsections++] = s;
	return 0;
}

static int section_index(const struct cfg_section *s)
{
	for (int i = 0; i < nsections; i++)
		if (sections[i] == s)
			return i;
	return -1;
}

static struct cfg *cfg_new(void)
{
	struct cfg *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	for (int i = 0; i < nsections; i++) {
		c->blocks[i] = calloc(1, sections[i]->size ? sections[i]->size : 1);
		if (c->blocks[i] == NULL) {
			cfg_free(c);
			return NULL;
		}
		if (sections[i]->init != NULL)
			sections[i]->init(c->blocks[i]);
	}
	return c;
}

void cfg_free(struct cfg *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < CFG_MAX_SECTIONS; i++) {
		if (c->blocks[i] == NULL)
			continue;
		if (i < nsections && sections[i]->release != NULL)
			sections[i]->release(c->blocks[i]);
		free(c->blocks[i]);
	}
	free(c);
}

void *cfg_block(const struct cfg *c, const struct cfg_section *s)
{
	int i = section_index(s);
	return i < 0 || c == NULL ? NULL : c->blocks[i];
}

void cfg_write(const struct cfg *c, FILE *out)
{
	for (int i = 0; i < nsections; i++) {
		if (sections[i]->write != NULL && c->blocks[i] != NULL) {
			sections[i]->write(c->blocks[i], out);
			fputs("!\n", out);
		}
	}
	fputs("end\n", out);
}

/* ---- helpers for apply functions ---- */

int cfg_fail(struct cfg_parse *p, int col, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return -1;
	p->failed = true;
	p->err->line = p->line;
	p->err->col = col;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int cfg_fail_at(struct cfg_parse *p, int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return -1;
	p->failed = true;
	p->err->line = line;
	p->err->col = line ? col : 0;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static void emit(struct cfg_parse *p, int line, int col, bool warning, const char *msg)
{
	if (p->opt != NULL && p->opt->notice != NULL) {
		p->opt->notice(p->opt->notice_arg, p->source, line, col, msg);
		return;
	}
	char where[CFG_WORD_MAX + 300];

	if (warning)   /* log_warn says "warning" itself */
		msg += strlen("warning: ");
	if (line == 0)            /* a whole-file check: no "line 0" */
		snprintf(where, sizeof(where), "%s", p->source);
	else if (col == 0)
		snprintf(where, sizeof(where), "%s:%d", p->source, line);
	else
		snprintf(where, sizeof(where), "%s:%d:%d", p->source, line, col);
	if (warning)
		log_warn("%s: %s", where, msg);
	else
		log_notice("%s: %s", where, msg);
}

void cfg_notice(struct cfg_parse *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(p, p->line, 0, false, msg);
}

void cfg_warn_at(struct cfg_parse *p, int line, int col, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	int n = snprintf(msg, sizeof(msg), "warning: ");

	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	emit(p, line, line ? col : 0, true, msg);
}

int cfg_line(const struct cfg_parse *p) { return p->line; }
void *cfg_mode_obj(const struct cfg_parse *p) { return p->mode_obj; }
void cfg_set_mode_obj(struct cfg_parse *p, void *obj) { p->mode_obj = obj; }
void *cfg_parse_block(struct cfg_parse *p, const struct cfg_section *s) { return cfg_block(p->cfg, s); }

/* ---- tokenizer ---- */

int cfg_tokenize(const char *line, size_t len, char words[][CFG_WORD_MAX], int *cols,
		 int max_tokens, int *bad_col)
{
	int n = 0;
	size_t i = 0;

	if (len >= CFG_LINE_MAX) {
		*bad_col = CFG_LINE_MAX;
		return -1;
	}
	while (i < len) {
		size_t start, wl;

		while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			i++;
		wl = i - start;
		if (n == max_tokens || wl >= CFG_WORD_MAX) {
			*bad_col = (int)start + 1;
			return -1;
		}
		for (size_t k = 0; k < wl; k++) {
			unsigned char ch = (unsigned char)line[start + k];
			if (ch < 0x20 || ch == 0x7f) {
				*bad_col = (int)(start + k) + 1;
				return -1;
			}
		}
		memcpy(words[n], line + start, wl);
		words[n][wl] = '\0';
		cols[n] = (int)start + 1;
		n++;
	}
	return n;
}

/* ---- pattern matching ---- */

enum elem_kind { EL_KEYWORD, EL_CHOICE, EL_RANGE, EL_WORD, EL_IPV4, EL_LINE };

struct elem {
	enum elem_kind kind;
	bool optional;
	const char *text;   /* keyword / choice list (inside braces) */
	size_t len;
	uint32_t lo, hi;
};

/* Next element of a syntax string; returns false at the end. */
static bool next_elem(const char **sp, struct elem *e)
{
	const char *s = *sp, *end;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return false;
	end = s;
	while (*end != ' ' && *end != '\0')
		end++;
	*sp = end;
	memset(e, 0, sizeof(*e));
	if (*s == '[' && end[-1] == ']') {
		e->optional = true;
		s++;
		end--;
	}
	if (*s == '{' && end[-1] == '}') {
		s++;
		end--;
		e->kind = EL_CHOICE;
	} else if (memchr(s, '|', (size_t)(end - s)) != NULL) {
		e->kind = EL_CHOICE;
	} else if (*s == '<') {
		e->kind = EL_RANGE;
		e->lo = (uint32_t)strtoul(s + 1, NULL, 10);
		e->hi = (uint32_t)strtoul(strchr(s, '-') + 1, NULL, 10);
	} else if ((size_t)(end - s) == 4 && memcmp(s, "WORD", 4) == 0) {
		e->kind = EL_WORD;
	} else if ((size_t)(end - s) == 4 && memcmp(s, "LINE", 4) == 0) {
		e->kind = EL_LINE;
	} else if ((size_t)(end - s) == 7 && memcmp(s, "A.B.C.D", 7) == 0) {
		e->kind = EL_IPV4;
	} else {
		e->kind = EL_KEYWORD;
	}
	e->text = s;
	e->len = (size_t)(end - s);
	return true;
}

static bool keyword_eq(const char *kw, size_t kwlen, const char *tok)
{
	return strlen(tok) == kwlen && strncasecmp(kw, tok, kwlen) == 0;
}

static int choice_index(const struct elem *e, const char *tok)
{
	const char *s = e->text, *end = e->text + e->len;
	int idx = 0;

	while (s < end) {
		const char *bar = memchr(s, '|', (size_t)(end - s));
		const char *stop = bar ? bar : end;
		if (keyword_eq(s, (size_t)(stop - s), tok))
			return idx;
		idx++;
		s = stop + 1;
	}
	return -1;
}

struct match_fail {
	int progress;       /* keywords matched before failing */
	int col;
	char msg[160];
};

struct tokens {
	int n;
	char (*w)[CFG_WORD_MAX];
	int *col;
	const char *line;   /* raw line, for LINE */
	int end_col;
};

static bool parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* Match tokens[first..] against syntax. Returns true on a full match. */
static bool match(const char *syntax, bool no_form, const struct tokens *t, int first,
		  struct cfg_args *a, struct match_fail *f)
{
	const char *sp = syntax;
	struct elem e;
	int ti = first, progress = 0;
	static char line_copy[CFG_LINE_MAX];

	memset(a, 0, sizeof(*a));
	f->progress = 0;
	f->col = 0;
	f->msg[0] = '\0';
	while (next_elem(&sp, &e)) {
		struct cfg_arg *arg = NULL;

		if (e.kind != EL_KEYWORD || e.optional) {
			if (a->n == CFG_MAX_ARGS) {
				snprintf(f->msg, sizeof(f->msg), "internal: pattern has too many arguments");
				return false;
			}
			arg = &a->v[a->n++];
		}
		if (ti >= t->n) {
			if (e.optional || e.kind == EL_LINE || (no_form && e.kind != EL_KEYWORD))
				continue;
			f->progress = progress;
			f->col = t->end_col;
			snprintf(f->msg, sizeof(f->msg), "incomplete command");
			return false;
		}
		const char *tok = t->w[ti];
		int col = t->col[ti];
		switch (e.kind) {
		case EL_KEYWORD:
			if (!keyword_eq(e.text, e.len, tok)) {
				if (e.optional)
					continue;
				f->progress = progress;
				f->col = col;
				snprintf(f->msg, sizeof(f->msg), "unknown keyword '%s'", tok);
				return false;
			}
			if (!e.optional)
				progress++;
			break;
		case EL_CHOICE: {
			int c = choice_index(&e, tok);
			if (c < 0) {
				if (e.optional)
					continue;
				f->progress = progress;
				f->col = col;
				snprintf(f->msg, sizeof(f->msg), "'%s' is not one of {%.*s}", tok,
					 (int)e.len, e.text);
				return false;
			}
			arg->choice = c;
			break;
		}
		case EL_RANGE:
			if (!parse_u32(tok, &arg->num) || arg->num < e.lo || arg->num > e.hi) {
				f->progress = progress + 1;
				f->col = col;
				snprintf(f->msg, sizeof(f->msg), "'%s' is not a number in the range %u-%u",
					 tok, e.lo, e.hi);
				return false;
			}
			break;
		case EL_WORD:
			break;
		case EL_IPV4: {
			struct in_addr in;
			if (inet_pton(AF_INET, tok, &in) != 1) {
				f->progress = progress + 1;
				f->col = col;
				snprintf(f->msg, sizeof(f->msg), "'%s' is not an IPv4 address", tok);
				return false;
			}
			arg->ipv4 = in.s_addr;
			break;
		}
		case EL_LINE:
			snprintf(line_copy, sizeof(line_copy), "%s", t->line + col - 1);
			arg->present = true;
			arg->col = col;
			arg->str = line_copy;
			ti = t->n;
			continue;
		}
		if (arg != NULL) {
			arg->present = true;
			arg->col = col;
			arg->str = tok;
		}
		ti++;
	}
	if (ti < t->n) {
		f->progress = progress + 1;
		f->col = t->col[ti];
		snprintf(f->msg, sizeof(f->msg), "unexpected '%s'", t->w[ti]);
		return false;
	}
	return true;
}

struct found {
	int section;
	const struct cfg_cmd *cmd;
	bool no;
	struct cfg_args args;
};

/* Find the command for tokens in one mode; best failure kept in *best. */
static bool find_in_mode(enum cfg_mode mode, const struct tokens *t, struct found *fd,
			 struct match_fail *best)
{
	bool has_no = t->n > 1 && strcasecmp(t->w[0], "no") == 0;
	struct match_fail f;

	for (int s = 0; s < nsections; s++) {
		for (size_t i = 0; i < sections[s]->ncmds; i++) {
			const struct cfg_cmd *c = &sections[s]->cmds[i];
			if (c->mode != mode)
				continue;
			if (match(c->syntax, false, t, 0, &fd->args, &f)) {
				fd->section = s;
				fd->cmd = c;
				fd->no = false;
				return true;
			}
			if (f.progress > best->progress)
				*best = f;
			if (has_no && (c->flags & CFG_F_NO)) {
				if (match(c->syntax, true, t, 1, &fd->args, &f)) {
					fd->section = s;
					fd->cmd = c;
					fd->no = true;
					return true;
				}
				/* "no" counts only once the command's own keywords matched */
				if (f.progress > 0)
					f.progress++;
				if (f.progress > best->progress)
					*best = f;
			}
		}
	}
	return false;
}

static int parse_line(struct cfg_parse *p, char *line, size_t len, bool *end)
{
	char words[CFG_MAX_TOKENS][CFG_WORD_MAX];
	int cols[CFG_MAX_TOKENS], bad_col = 0, n;
	struct tokens t;
	struct found fd;
	struct match_fail best = { .progress = 0 };

	n = cfg_tokenize(line, len, words, cols, CFG_MAX_TOKENS, &bad_col);
	if (n < 0)
		return cfg_fail(p, bad_col, "line or token too long, or control character");
	if (n == 0 || words[0][0] == '!')
		return 0;
	p->line_text = line;
	t = (struct tokens){ .n = n, .w = words, .col = cols, .line = line, .end_col = (int)len + 1 };

	if (*end)   /* IOS stops reading at "end"; a command after it was meant to count */
		return cfg_fail(p, cols[0], "'%s' after 'end' would be ignored: remove 'end' or move it last",
				words[0]);
	if (n == 1 && strcasecmp(words[0], "end") == 0) {
		*end = true;
		return 0;
	}
	if (n == 1 && strcasecmp(words[0], "exit") == 0) {
		if (p->mode != CFG_MODE_GLOBAL)
			p->mode = mode_parent[p->mode];
		return 0;
	}
	for (enum cfg_mode m = p->mode; m != CFG_MODE_NONE; m = mode_parent[m]) {
		if (!find_in_mode(m, &t, &fd, &best))
			continue;
		if (m != p->mode) {
			p->mode = m;    /* IOS leaves the sub-mode for the parent's command */
			if (m == CFG_MODE_GLOBAL)
				p->mode_obj = NULL;
		}
		if (fd.cmd->flags & CFG_F_NOTICE) {
			cfg_notice(p, "'%s' is not supported by this product; ignored", line + cols[0] - 1);
		} else if (fd.cmd->apply(p, p->cfg->blocks[fd.section], &fd.args, fd.no) < 0) {
			if (!p->failed)
				cfg_fail(p, cols[0], "command failed");
			return -1;
		}
		if (fd.cmd->enter != CFG_MODE_NONE && !fd.no)
			p->mode = fd.cmd->enter;
		return 0;
	}
	if (p->mode == CFG_MODE_IGNORED) {
		cfg_notice(p, "'%s' (in a block this product does not have) ignored", line + cols[0] - 1);
		return 0;
	}
	if (best.progress > 0)
		return cfg_fail(p, best.col, "%s", best.msg);
	if (p->opt != NULL && (p->opt->flags & CFG_LENIENT)) {
		cfg_notice(p, "unknown command '%s' accepted and ignored", line + cols[0] - 1);
		return 0;
	}
	return cfg_fail(p, cols[0], "unknown command '%s'", words[0]);
}

/* The lines, tokens and arguments of a configuration (passwords among
 * them) sit in parse_line's frame and its callees', below ours: zero that
 * much stack once parsing is over. */
static __attribute__((noinline)) void wipe_parse_stack(void)
{
	char pad[32 * 1024];

	explicit_bzero(pad, sizeof(pad));
}

static int parse_buf(const char *text, size_t len, const char *source,
		     const struct cfg_options *opt, struct cfg **out, struct cfg_error *err);

int cfg_parse_buf(const char *text, size_t len, const char *source,
		  const struct cfg_options *opt, struct cfg **out, struct cfg_error *err)
{
	int rc = parse_buf(text, len, source, opt, out, err);

	wipe_parse_stack();
	return rc;
}

static int parse_buf(const char *text, size_t len, const char *source,
		     const struct cfg_options *opt, struct cfg **out, struct cfg_error *err)
{
	struct cfg_parse p = { .opt = opt, .source = source ? source : "config", .mode = CFG_MODE_GLOBAL,
			       .err = err };
	char line[CFG_LINE_MAX + 1];
	size_t pos = 0;
	bool end = false;

	memset(err, 0, sizeof(*err));
	*out = NULL;
	if (len > CFG_FILE_MAX) {
		cfg_fail(&p, 0, "file larger than %u bytes", CFG_FILE_MAX);
		return -1;
	}
	p.cfg = cfg_new();
	if (p.cfg == NULL) {
		cfg_fail(&p, 0, "out of memory");
		return -1;
	}
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t raw = nl ? (size_t)(nl - (text + pos)) : len - pos;
		size_t ll = raw;

		p.line++;
		if (memchr(text + pos, '\0', raw) != NULL) {
			cfg_fail(&p, 0, "NUL byte in configuration");
			goto fail;
		}
		if (raw >= CFG_LINE_MAX) {
			cfg_fail(&p, CFG_LINE_MAX, "line longer than %d characters", CFG_LINE_MAX - 1);
			goto fail;
		}
		memcpy(line, text + pos, raw);
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		line[ll] = '\0';
		if (parse_line(&p, line, ll, &end) < 0)
			goto fail;
		pos += raw + (nl ? 1 : 0);
	}
	p.line = 0;
	p.mode_obj = NULL;
	for (int i = 0; i < nsections; i++) {
		if (sections[i]->validate != NULL && sections[i]->validate(&p, p.cfg->blocks[i]) < 0) {
			if (!p.failed)
				cfg_fail(&p, 0, "%s: invalid configuration", sections[i]->name);
			goto fail;
		}
	}
	*out = p.cfg;
	explicit_bzero(line, sizeof(line));
	return 0;
fail:
	explicit_bzero(line, sizeof(line));
	cfg_free(p.cfg);
	return -1;
}

int cfg_parse_file(const char *path, const struct cfg_options *opt,
		   struct cfg **out, struct cfg_error *err)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, iobuf[BUFSIZ];
	size_t n;
	int rc = -1;

	memset(err, 0, sizeof(*err));
	*out = NULL;
	/* the caller names the file: the messages do not repeat its path */
	if (f == NULL) {
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(errno));
		return -1;
	}
	setvbuf(f, iobuf, _IOFBF, sizeof(iobuf));
	buf = malloc(CFG_FILE_MAX + 1);
	if (buf == NULL) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		goto out;
	}
	errno = 0;
	n = fread(buf, 1, CFG_FILE_MAX + 1, f);
	if (ferror(f)) {
		/* a directory opens for reading; its read fails with EISDIR */
		snprintf(err->msg, sizeof(err->msg), "cannot read: %s", errno ? strerror(errno) : "read error");
		goto out;
	}
	rc = cfg_parse_buf(buf, n, path, opt, out, err);
out:
	/* the file holds passwords: leave no copy of it behind, neither ours
	 * nor stdio's (setvbuf above) */
	if (buf != NULL)
		explicit_bzero(buf, CFG_FILE_MAX + 1);
	free(buf);
	fclose(f);
	explicit_bzero(iobuf, sizeof(iobuf));
	return rc;
}

/* ---- the core section: commands every layer shares ---- */

static int apply_hostname(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no)
{
	struct cfg_core *core = blk;

	(void)p;
	if (no)
		core->hostname[0] = '\0';
	else
		snprintf(core->hostname, sizeof(core->hostname), "%s", a->v[0].str);
	return 0;
}

static void core_write(const void *blk, FILE *out)
{
	const struct cfg_core *core = blk;

	if (core->hostname[0])
		fprintf(out, "hostname %s\n", core->hostname);
}

static const struct cfg_cmd core_cmds[] = {
	{ CFG_MODE_GLOBAL, "hostname WORD", apply_hostname, CFG_MODE_NONE, CFG_F_NO,
	  "Set the system's network name" },
};

const struct cfg_section cfg_core_section = {
	.name = "core",
	.size = sizeof(struct cfg_core),
	.write = core_write,
	.cmds = core_cmds,
	.ncmds = sizeof(core_cmds) / sizeof(core_cmds[0]),
};

int cfg_core_register(void)
{
	return cfg_section_register(&cfg_core_section);
}
