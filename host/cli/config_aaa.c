/*
 * The "aaa" configuration section (see config_aaa.h). The method lists and
 * the radius-server host line are read word by word here (not by table
 * patterns) so that a wrong word gets its own column in the error, and so
 * that no misspelt radius-server line falls through to the notice of
 * commands this product does not have.
 */
#include "config_aaa.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct words {
	int n;
	char w[CFG_MAX_TOKENS][CFG_WORD_MAX];
	int col[CFG_MAX_TOKENS];
};

/* Splits a LINE argument; columns are those of the file line. */
static int split(struct cfg_parse *p, const struct cfg_arg *line, struct words *out)
{
	int bad = 0;

	out->n = 0;
	if (!line->present || !line->str)
		return 0;
	out->n = cfg_tokenize(line->str, strlen(line->str), out->w, out->col, CFG_MAX_TOKENS, &bad);
	if (out->n < 0)
		return cfg_fail(p, line->col + bad - 1, "word too long");
	for (int i = 0; i < out->n; i++)
		out->col[i] += line->col - 1;
	return 0;
}

static bool need_new_model(struct cfg_parse *p, const struct aaa_config *a, int col)
{
	if (a->new_model)
		return true;
	cfg_fail(p, col, "AAA commands need 'aaa new-model' first");
	return false;
}

static int apply_new_model(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;

	(void)p;
	(void)args;
	a->new_model = !no;
	if (no)
		a->n_auth = 0, a->acct = AAA_ACCT_NONE;
	return 0;
}

/* "group radius" | "radius" | "local", at most two, no repeats. Returns the count or -1. */
static int methods(struct cfg_parse *p, const struct words *w, int from, enum aaa_method out[AAA_MAX_METHODS],
		   int endcol)
{
	int n = 0;

	for (int i = from; i < w->n; i++) {
		enum aaa_method m;
		int col = w->col[i];

		if (strcasecmp(w->w[i], "local") == 0) {
			m = AAA_LOCAL;
		} else if (strcasecmp(w->w[i], "radius") == 0) {
			m = AAA_RADIUS;     /* the feature document's older form, without "group" */
		} else if (strcasecmp(w->w[i], "group") == 0) {
			if (i + 1 == w->n)
				return cfg_fail(p, endcol, "incomplete command: group radius");
			if (strcasecmp(w->w[++i], "radius") != 0)
				return cfg_fail(p, w->col[i], "only 'group radius' is supported (no server groups, "
						"no TACACS+)");
			m = AAA_RADIUS;
		} else if (strcasecmp(w->w[i], "none") == 0 || strcasecmp(w->w[i], "if-needed") == 0) {
			return cfg_fail(p, col, "'%s' is not supported: a PPTP session always authenticates",
					w->w[i]);
		} else {
			return cfg_fail(p, col, "unknown method '%s' (group radius, local)", w->w[i]);
		}
		for (int k = 0; k < n; k++)
			if (out[k] == m)
				return cfg_fail(p, col, "method listed twice");
		if (n == AAA_MAX_METHODS)
			return cfg_fail(p, col, "at most two methods (group radius local)");
		out[n++] = m;
	}
	if (n == 0)
		return cfg_fail(p, endcol, "incomplete command: a method list (group radius, local)");
	return n;
}

static int default_list(struct cfg_parse *p, const struct cfg_arg *name)
{
	if (strcasecmp(name->str, "default") != 0)
		return cfg_fail(p, name->col, "only the 'default' list is supported");
	return 0;
}

/* aaa authentication ppp default METHODS */
static int apply_authentication(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;
	struct words w;
	enum aaa_method m[AAA_MAX_METHODS];
	int n;

	if (no) {
		a->n_auth = 0;
		return 0;
	}
	if (!need_new_model(p, a, 1) || default_list(p, &args->v[0]) < 0 || split(p, &args->v[1], &w) < 0)
		return -1;
	n = methods(p, &w, 0, m, args->v[0].col + (int)strlen(args->v[0].str) + 1);
	if (n < 0)
		return -1;
	memcpy(a->auth, m, sizeof(m));
	a->n_auth = (unsigned)n;
	for (int i = 0; i < n; i++)
		if (m[i] == AAA_RADIUS) {
			a->radius_line = cfg_line(p);
			a->radius_col = args->v[0].col;
		}
	return 0;
}

/* aaa authorization network default METHODS: RADIUS authorizes in the Access-Accept */
static int apply_authorization(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;
	struct words w;
	enum aaa_method m[AAA_MAX_METHODS];

	if (no)
		return 0;
	if (!need_new_model(p, a, 1) || default_list(p, &args->v[0]) < 0 || split(p, &args->v[1], &w) < 0)
		return -1;
	return methods(p, &w, 0, m, args->v[0].col + (int)strlen(args->v[0].str) + 1) < 0 ? -1 : 0;
}

/* aaa accounting network default {start-stop|stop-only|none} [group] radius */
static int apply_accounting(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;
	struct words w;
	enum aaa_method m[AAA_MAX_METHODS];
	int n;

	if (no || (args->v[1].present && args->v[1].choice == 2)) {
		a->acct = AAA_ACCT_NONE;
		return 0;
	}
	if (!need_new_model(p, a, 1) || default_list(p, &args->v[0]) < 0 || split(p, &args->v[2], &w) < 0)
		return -1;
	n = methods(p, &w, 0, m, args->v[1].col + (int)strlen(args->v[1].str) + 1);
	if (n < 0)
		return -1;
	if (n != 1 || m[0] != AAA_RADIUS)
		return cfg_fail(p, w.col[0], "accounting goes to 'group radius' only");
	a->acct = args->v[1].choice == 0 ? AAA_ACCT_START_STOP : AAA_ACCT_STOP_ONLY;
	a->radius_line = cfg_line(p);
	a->radius_col = w.col[0];
	return 0;
}

static int parse_u(struct cfg_parse *p, const char *s, int col, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno || v < lo || v > hi)
		return cfg_fail(p, col, "'%s' is not a number in the range %u-%u", s, lo, hi);
	*out = (unsigned)v;
	return 0;
}

/* A key word: "SECRET" or "0 SECRET"; type 7 is refused (we need the clear text). */
static int parse_key(struct cfg_parse *p, const struct words *w, int i, int endcol, char out[CFG_WORD_MAX])
{
	if (i >= w->n)
		return cfg_fail(p, endcol, "incomplete command: key SECRET");
	if (i + 1 < w->n && (strcmp(w->w[i], "0") == 0 || strcmp(w->w[i], "7") == 0 || strcmp(w->w[i], "6") == 0)) {
		if (w->w[i][0] != '0')
			return cfg_fail(p, w->col[i], "key type %s is not supported: write 'key 0 SECRET'", w->w[i]);
		i++;
	}
	if (i + 1 != w->n)
		return cfg_fail(p, w->col[i + 1], "the key is one word, and the last on the line");
	snprintf(out, CFG_WORD_MAX, "%s", w->w[i]);
	return 0;
}

/* radius-server host A.B.C.D [auth-port N] [acct-port N] [key [0] SECRET] */
static int apply_host(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;
	struct aaa_host h = { .auth_port = 1812, .acct_port = 1813 };
	struct in_addr in;
	struct words w;
	unsigned k;
	int endcol;

	if (!args->v[0].present || !args->v[0].str)
		return no ? cfg_fail(p, 0, "incomplete command: no radius-server host A.B.C.D") : -1;
	endcol = args->v[0].col + (int)strlen(args->v[0].str);
	if (inet_pton(AF_INET, args->v[0].str, &in) != 1)
		return cfg_fail(p, args->v[0].col, "'%s' is not an IPv4 address", args->v[0].str);
	h.addr = ntohl(in.s_addr);
	h.line = cfg_line(p);
	h.col = args->v[0].col;
	if (split(p, &args->v[1], &w) < 0)
		return -1;
	for (int i = 0; i < w.n; i++) {
		unsigned v;

		if (strcasecmp(w.w[i], "auth-port") == 0 || strcasecmp(w.w[i], "acct-port") == 0) {
			if (i + 1 == w.n)
				return cfg_fail(p, w.col[i] + (int)strlen(w.w[i]) + 1, "incomplete command: %s N",
						w.w[i]);
			if (parse_u(p, w.w[i + 1], w.col[i + 1], 0, 65535, &v) < 0)
				return -1;
			if (strcasecmp(w.w[i], "auth-port") == 0)
				h.auth_port = (uint16_t)v;
			else
				h.acct_port = (uint16_t)v;
			i++;
		} else if (strcasecmp(w.w[i], "key") == 0) {
			if (parse_key(p, &w, i + 1, w.col[i] + 4, h.key) < 0)
				return -1;
			break;
		} else if (strcasecmp(w.w[i], "timeout") == 0 || strcasecmp(w.w[i], "retransmit") == 0) {
			return cfg_fail(p, w.col[i], "per-server %s is not supported: use 'radius-server %s'",
					w.w[i], w.w[i]);
		} else {
			return cfg_fail(p, w.col[i], "unexpected '%s' (auth-port, acct-port, key)", w.w[i]);
		}
	}
	/* as IOS: a server is its address and both ports */
	for (k = 0; k < a->n_hosts; k++)
		if (a->hosts[k].addr == h.addr && (no && w.n == 0 ? true : a->hosts[k].auth_port == h.auth_port &&
						   a->hosts[k].acct_port == h.acct_port))
			break;
	if (no) {
		while (k < a->n_hosts) {
			memmove(&a->hosts[k], &a->hosts[k + 1], (a->n_hosts - k - 1) * sizeof(h));
			a->n_hosts--;
			explicit_bzero(&a->hosts[a->n_hosts], sizeof(h));
			if (w.n)
				break;      /* "no radius-server host A" alone removes every server at A */
			while (k < a->n_hosts && a->hosts[k].addr != h.addr)
				k++;
		}
		return 0;
	}
	if (h.auth_port == 0 && h.acct_port == 0)
		return cfg_fail(p, endcol, "auth-port 0 and acct-port 0: the server would do nothing");
	if (k == a->n_hosts) {
		if (a->n_hosts == AAA_MAX_HOSTS)
			return cfg_fail(p, args->v[0].col, "too many RADIUS servers (at most %d)", AAA_MAX_HOSTS);
		a->n_hosts++;
	}
	a->hosts[k] = h;                /* IOS: a repeated host line replaces that server, in place */
	explicit_bzero(&h, sizeof(h));
	return 0;
}

static int apply_key(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;
	struct words w;

	if (no) {
		explicit_bzero(a->key, sizeof(a->key));
		return 0;
	}
	if (split(p, &args->v[0], &w) < 0)
		return -1;
	return parse_key(p, &w, 0, args->v[0].col, a->key);
}

static int apply_timeout(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;

	if (no) {
		a->timeout_s = 5;
		return 0;
	}
	return parse_u(p, args->v[0].str, args->v[0].col, 1, 1000, &a->timeout_s);
}

static int apply_retransmit(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;

	if (no) {
		a->retransmit = 3;
		return 0;
	}
	return parse_u(p, args->v[0].str, args->v[0].col, 0, 100, &a->retransmit);
}

static int apply_source_if(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;

	(void)p;
	if (no)
		a->source_if[0] = '\0';
	else
		snprintf(a->source_if, sizeof(a->source_if), "%s", args->v[0].str);
	return 0;
}

/* ---- aaa server radius dynamic-author ---- */

static int apply_dae(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;

	(void)args;
	if (no) {
		explicit_bzero(a->dae_clients, sizeof(a->dae_clients));
		explicit_bzero(a->dae_key, sizeof(a->dae_key));
		a->n_dae_clients = 0;
		a->dae = false;
		a->dae_port = 1700;
		return 0;
	}
	if (!need_new_model(p, a, 1))
		return -1;
	a->dae = true;
	a->dae_line = cfg_line(p);
	return 0;
}

/* client A.B.C.D [server-key [0] SECRET] */
static int apply_dae_client(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;
	struct in_addr in;
	struct words w;
	unsigned k;
	char key[CFG_WORD_MAX] = "";

	if (!args->v[0].present || !args->v[0].str)
		return cfg_fail(p, 0, "incomplete command: client A.B.C.D");
	if (inet_pton(AF_INET, args->v[0].str, &in) != 1)
		return cfg_fail(p, args->v[0].col, "'%s' is not an IPv4 address", args->v[0].str);
	for (k = 0; k < a->n_dae_clients; k++)
		if (a->dae_clients[k].addr == ntohl(in.s_addr))
			break;
	if (no) {
		if (k < a->n_dae_clients) {
			memmove(&a->dae_clients[k], &a->dae_clients[k + 1],
				(a->n_dae_clients - k - 1) * sizeof(a->dae_clients[0]));
			a->n_dae_clients--;
			explicit_bzero(&a->dae_clients[a->n_dae_clients], sizeof(a->dae_clients[0]));
		}
		return 0;
	}
	if (split(p, &args->v[1], &w) < 0)
		return -1;
	if (w.n > 0) {
		if (strcasecmp(w.w[0], "server-key") != 0)
			return cfg_fail(p, w.col[0], "unexpected '%s' (server-key)", w.w[0]);
		if (parse_key(p, &w, 1, w.col[0] + 11, key) < 0)
			return -1;
	}
	if (k == a->n_dae_clients) {
		if (k == AAA_MAX_DAE_CLIENTS) {
			explicit_bzero(key, sizeof(key));
			return cfg_fail(p, args->v[0].col, "too many clients (at most %d)", AAA_MAX_DAE_CLIENTS);
		}
		a->n_dae_clients++;
	}
	a->dae_clients[k].addr = ntohl(in.s_addr);
	a->dae_clients[k].line = cfg_line(p);
	a->dae_clients[k].col = args->v[0].col;
	memcpy(a->dae_clients[k].key, key, sizeof(key));
	explicit_bzero(key, sizeof(key));
	return 0;
}

static int apply_dae_key(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;
	struct words w;

	if (no) {
		explicit_bzero(a->dae_key, sizeof(a->dae_key));
		return 0;
	}
	if (split(p, &args->v[0], &w) < 0)
		return -1;
	return parse_key(p, &w, 0, args->v[0].col, a->dae_key);
}

static int apply_dae_port(struct cfg_parse *p, void *blk, const struct cfg_args *args, bool no)
{
	struct aaa_config *a = blk;

	(void)p;
	a->dae_port = no ? 1700 : (uint16_t)args->v[0].num;
	return 0;
}

bool aaa_uses_radius(const struct aaa_config *a)
{
	return a && a->new_model && a->n_auth > 0 && a->auth[0] == AAA_RADIUS;
}

static void aaa_init(void *blk)
{
	struct aaa_config *a = blk;

	a->timeout_s = 5;
	a->retransmit = 3;
	a->dae_port = 1700;
}

static void aaa_release(void *blk)
{
	struct aaa_config *a = blk;

	explicit_bzero(a->key, sizeof(a->key));
	explicit_bzero(a->hosts, sizeof(a->hosts));
	explicit_bzero(a->dae_clients, sizeof(a->dae_clients));
	explicit_bzero(a->dae_key, sizeof(a->dae_key));
}

static int aaa_validate(struct cfg_parse *p, void *blk)
{
	struct aaa_config *a = blk;
	bool radius = a->acct != AAA_ACCT_NONE;

	if (a->dae) {
		if (a->n_dae_clients == 0)
			return cfg_fail_at(p, a->dae_line, 1, "aaa server radius dynamic-author: no 'client'");
		for (unsigned i = 0; i < a->n_dae_clients; i++) {
			struct in_addr in = { .s_addr = htonl(a->dae_clients[i].addr) };

			if (!a->dae_clients[i].key[0] && !a->dae_key[0])
				return cfg_fail_at(p, a->dae_clients[i].line, a->dae_clients[i].col,
						   "aaa server radius dynamic-author: client %s has no key "
						"('client %s server-key SECRET' or 'server-key SECRET')",
						inet_ntoa(in), inet_ntoa(in));
		}
	}
	for (unsigned i = 0; i < a->n_auth; i++)
		radius |= a->auth[i] == AAA_RADIUS;
	if (!radius)
		return 0;
	if (a->n_hosts == 0)
		return cfg_fail_at(p, a->radius_line, a->radius_col,
				   "aaa: 'group radius' without any 'radius-server host'");
	for (unsigned i = 0; i < a->n_hosts; i++) {
		struct in_addr in = { .s_addr = htonl(a->hosts[i].addr) };

		if (!a->hosts[i].key[0] && !a->key[0])
			return cfg_fail_at(p, a->hosts[i].line, a->hosts[i].col,
					   "radius-server host %s: no key (give 'key SECRET' on the host line "
					"or 'radius-server key SECRET')", inet_ntoa(in));
	}
	return 0;
}

static void aaa_write(const void *blk, FILE *out)
{
	const struct aaa_config *a = blk;
	static const char *const acct[] = { "none", "start-stop", "stop-only" };

	if (!a->new_model && !a->n_hosts)
		return;
	if (a->new_model)
		fputs("aaa new-model\n", out);
	if (a->n_auth) {
		fputs("aaa authentication ppp default", out);
		for (unsigned i = 0; i < a->n_auth; i++)
			fputs(a->auth[i] == AAA_RADIUS ? " group radius" : " local", out);
		fputc('\n', out);
	}
	if (a->acct != AAA_ACCT_NONE)
		fprintf(out, "aaa accounting network default %s group radius\n", acct[a->acct]);
	for (unsigned i = 0; i < a->n_hosts; i++) {
		struct in_addr in = { .s_addr = htonl(a->hosts[i].addr) };

		fprintf(out, "radius-server host %s auth-port %u acct-port %u", inet_ntoa(in),
			a->hosts[i].auth_port, a->hosts[i].acct_port);
		if (a->hosts[i].key[0])
			fprintf(out, " key 0 %s", a->hosts[i].key);
		fputc('\n', out);
	}
	if (a->key[0])
		fprintf(out, "radius-server key 0 %s\n", a->key);
	if (a->timeout_s != 5)
		fprintf(out, "radius-server timeout %u\n", a->timeout_s);
	if (a->retransmit != 3)
		fprintf(out, "radius-server retransmit %u\n", a->retransmit);
	if (a->source_if[0])
		fprintf(out, "ip radius source-interface %s\n", a->source_if);
	if (a->dae) {
		fputs("aaa server radius dynamic-author\n", out);
		for (unsigned i = 0; i < a->n_dae_clients; i++) {
			struct in_addr in = { .s_addr = htonl(a->dae_clients[i].addr) };

			fprintf(out, " client %s", inet_ntoa(in));
			if (a->dae_clients[i].key[0])
				fprintf(out, " server-key 0 %s", a->dae_clients[i].key);
			fputc('\n', out);
		}
		if (a->dae_key[0])
			fprintf(out, " server-key 0 %s\n", a->dae_key);
		if (a->dae_port != 1700)
			fprintf(out, " port %u\n", a->dae_port);
	}
}

#define NOMODE CFG_MODE_NONE
#define G CFG_MODE_GLOBAL
static const struct cfg_cmd aaa_cmds[] = {
	{ G, "aaa new-model", apply_new_model, NOMODE, CFG_F_NO, "Turn on AAA (authentication lists, RADIUS)" },
	{ G, "aaa authentication ppp WORD LINE", apply_authentication, NOMODE, CFG_F_NO,
	  "PPP authentication methods in fallback order: group radius, local" },
	{ G, "aaa authorization network WORD LINE", apply_authorization, NOMODE, CFG_F_NO,
	  "Accepted: the RADIUS Access-Accept carries the authorization" },
	{ G, "aaa accounting network WORD {start-stop|stop-only|none} LINE", apply_accounting, NOMODE, CFG_F_NO,
	  "Session accounting to RADIUS" },
	{ G, "radius-server host WORD LINE", apply_host, NOMODE, CFG_F_NO,
	  "A RADIUS server; several are tried in order" },
	{ G, "radius-server key LINE", apply_key, NOMODE, CFG_F_NO, "Shared secret of servers without their own key" },
	{ G, "radius-server timeout WORD", apply_timeout, NOMODE, CFG_F_NO, "Seconds to wait for an answer (1-1000)" },
	{ G, "radius-server retransmit WORD", apply_retransmit, NOMODE, CFG_F_NO,
	  "Resends to one server before the next (0-100)" },
	{ G, "ip radius source-interface WORD", apply_source_if, NOMODE, CFG_F_NO,
	  "Send RADIUS from this interface's address (also the NAS-IP-Address)" },
	{ G, "aaa server radius dynamic-author", apply_dae, CFG_MODE_DYNAUTH, CFG_F_NO,
	  "Take RFC 5176 Disconnect-Request and CoA-Request from the clients listed" },
	{ CFG_MODE_DYNAUTH, "client WORD LINE", apply_dae_client, NOMODE, CFG_F_NO,
	  "A client allowed to send Disconnect/CoA, with its key" },
	{ CFG_MODE_DYNAUTH, "server-key LINE", apply_dae_key, NOMODE, CFG_F_NO, "Key of clients without their own" },
	{ CFG_MODE_DYNAUTH, "port <1-65535>", apply_dae_port, NOMODE, CFG_F_NO, "UDP port (1700; RFC 5176: 3799)" },
	{ CFG_MODE_DYNAUTH, "auth-type LINE", NULL, NOMODE, CFG_F_NOTICE | CFG_F_NO, NULL },
	{ CFG_MODE_DYNAUTH, "ignore LINE", NULL, NOMODE, CFG_F_NOTICE | CFG_F_NO, NULL },
};
#undef G

const struct cfg_section aaa_cfg_section = {
	.name = "aaa",
	.size = sizeof(struct aaa_config),
	.init = aaa_init,
	.release = aaa_release,
	.validate = aaa_validate,
	.write = aaa_write,
	.cmds = aaa_cmds,
	.ncmds = sizeof(aaa_cmds) / sizeof(aaa_cmds[0]),
};

int aaa_cfg_register(void)
{
	return cfg_section_register(&aaa_cfg_section);
}
