/*
 * The CLI request language (see cli_cmd.h): a small command tree, matched
 * word by word with IOS abbreviations.
 */
#include "cli_cmd.h"
#include "../common/config.h"
#include "../common/log.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PH_NUM  "<number>"
#define PH_WORD "<name>"

struct node {
	const char *word;                  /* keyword, PH_NUM or PH_WORD */
	enum cli_cmd_id id;                /* command complete here, or CLI_NONE */
	const struct node *const *kids;    /* NULL-terminated, or NULL */
};

#define KIDS(...) ((const struct node *const[]){ __VA_ARGS__, NULL })

/* debug ... */
static const struct node n_detail = { "detail", CLI_DEBUG, NULL };
static const struct node n_pkt_control = { "control", CLI_DEBUG, KIDS(&n_detail) };
static const struct node n_pkt_data = { "data", CLI_DEBUG, KIDS(&n_detail) };
static const struct node n_packet = { "packet", CLI_DEBUG, KIDS(&n_pkt_control, &n_pkt_data, &n_detail) };
static const struct node n_ev_protocol = { "protocol", CLI_DEBUG, NULL };
static const struct node n_ev_flow = { "flow-control", CLI_DEBUG, NULL };
static const struct node n_event = { "event", CLI_DEBUG, KIDS(&n_ev_protocol, &n_ev_flow) };
static const struct node n_dvpdn = { "vpdn", CLI_NONE, KIDS(&n_event, &n_packet) };
static const struct node n_mppe_d = { "mppe", CLI_DEBUG, NULL };
static const struct node n_negotiation = { "negotiation", CLI_DEBUG, NULL };
static const struct node n_chap = { "chap", CLI_DEBUG, NULL };
static const struct node n_dppp = { "ppp", CLI_NONE, KIDS(&n_mppe_d, &n_negotiation, &n_chap) };
static const struct node n_dall = { "all", CLI_DEBUG, NULL };
static const struct node n_dradius = { "radius", CLI_DEBUG, NULL };
static const struct node n_debug = { "debug", CLI_NONE, KIDS(&n_dvpdn, &n_dppp, &n_dradius, &n_dall) };
static const struct node n_undebug = { "undebug", CLI_NONE, KIDS(&n_dvpdn, &n_dppp, &n_dradius, &n_dall) };
static const struct node n_no = { "no", CLI_NONE, KIDS(&n_debug) };

/* show ... */
static const struct node n_s_all = { "all", CLI_SHOW_VPDN_SESSION_ALL, NULL };
static const struct node n_s_window = { "window", CLI_SHOW_VPDN_SESSION_WIN, NULL };
static const struct node n_s_packets = { "packets", CLI_SHOW_VPDN_SESSION_PKTS, NULL };
static const struct node n_session = { "session", CLI_SHOW_VPDN_SESSION, KIDS(&n_s_all, &n_s_packets, &n_s_window) };
static const struct node n_t_all = { "all", CLI_SHOW_VPDN_TUNNEL_ALL, NULL };
static const struct node n_tunnel_s = { "tunnel", CLI_SHOW_VPDN_TUNNEL, KIDS(&n_t_all) };
static const struct node n_svpdn = { "vpdn", CLI_SHOW_VPDN, KIDS(&n_tunnel_s, &n_session) };
static const struct node n_vi_num = { PH_NUM, CLI_SHOW_PPP_MPPE, NULL };
static const struct node n_vi = { "virtual-access", CLI_SHOW_PPP_MPPE, KIDS(&n_vi_num) };
static const struct node n_smppe = { "mppe", CLI_NONE, KIDS(&n_vi) };
static const struct node n_sppp = { "ppp", CLI_NONE, KIDS(&n_smppe) };
static const struct node n_running = { "running-config", CLI_SHOW_RUNNING, NULL };
static const struct node n_metrics = { "metrics", CLI_SHOW_METRICS, NULL };
static const struct node n_debugging = { "debugging", CLI_SHOW_DEBUGGING, NULL };
static const struct node n_rstats = { "statistics", CLI_SHOW_RADIUS_STATS, NULL };
static const struct node n_sradius = { "radius", CLI_NONE, KIDS(&n_rstats) };
static const struct node n_sversion = { "version", CLI_SHOW_VERSION, NULL };
static const struct node n_spool = { "pool", CLI_SHOW_IP_POOL, NULL };
static const struct node n_slocal = { "local", CLI_NONE, KIDS(&n_spool) };
static const struct node n_sip = { "ip", CLI_NONE, KIDS(&n_slocal) };
static const struct node n_spool6 = { "pool", CLI_SHOW_IPV6_POOL, NULL };
static const struct node n_slocal6 = { "local", CLI_NONE, KIDS(&n_spool6) };
static const struct node n_sipv6 = { "ipv6", CLI_NONE, KIDS(&n_slocal6) };
static const struct node n_show = { "show", CLI_NONE,
	KIDS(&n_svpdn, &n_sppp, &n_running, &n_metrics, &n_debugging, &n_sradius, &n_sversion, &n_sip, &n_sipv6) };

/* clear vpdn tunnel [pptp] {NAS GATEWAY | id N | all} */
static const struct node n_gw = { PH_WORD, CLI_CLEAR_TUNNEL_NAMES, NULL };
static const struct node n_nas = { PH_WORD, CLI_NONE, KIDS(&n_gw) };
static const struct node n_id_num = { PH_NUM, CLI_CLEAR_TUNNEL_ID, NULL };
static const struct node n_id = { "id", CLI_NONE, KIDS(&n_id_num) };
static const struct node n_call = { "all", CLI_CLEAR_TUNNEL_ALL, NULL };
static const struct node n_pptp = { "pptp", CLI_NONE, KIDS(&n_id, &n_call, &n_nas) };
/* the document's syntax names l2f and l2tp too: understood, and answered
 * that there are no such tunnels here (not "Invalid input" at a later word) */
static const struct node n_ogw = { PH_WORD, CLI_CLEAR_TUNNEL_OTHER, NULL };
static const struct node n_onas = { PH_WORD, CLI_NONE, KIDS(&n_ogw) };
static const struct node n_l2f = { "l2f", CLI_NONE, KIDS(&n_onas) };
static const struct node n_l2tp = { "l2tp", CLI_NONE, KIDS(&n_onas) };
static const struct node n_ctunnel = { "tunnel", CLI_NONE, KIDS(&n_pptp, &n_l2f, &n_l2tp, &n_id, &n_call, &n_nas) };
static const struct node n_cvpdn = { "vpdn", CLI_NONE, KIDS(&n_ctunnel) };
static const struct node n_clear = { "clear", CLI_NONE, KIDS(&n_cvpdn) };

static const struct node n_monitor = { "monitor", CLI_TERMINAL_MONITOR, NULL };
static const struct node n_terminal = { "terminal", CLI_NONE, KIDS(&n_monitor) };
static const struct node n_creload = { "reload", CLI_CONFIGURE_RELOAD, NULL };
static const struct node n_configure = { "configure", CLI_NONE, KIDS(&n_creload) };
static const struct node n_help = { "help", CLI_HELP, NULL };

static const struct node n_root = { "", CLI_NONE,
	KIDS(&n_show, &n_clear, &n_debug, &n_undebug, &n_no, &n_terminal, &n_configure, &n_help) };

static const char help_text[] =
	"show vpdn                               tunnels and sessions\n"
	"show vpdn tunnel [all]                  tunnels: table, detail\n"
	"show vpdn session [all|packets|window]  sessions: table, detail, data counters, flow control\n"
	"show ppp mppe virtual-access [N]        MPPE state and counters of Virtual-Access N\n"
	"show running-config                     the configuration in use\n"
	"show metrics                            counters in the Prometheus text format\n"
	"show debugging                          debug categories that are on\n"
	"show radius statistics                  RADIUS servers: requests, answers, timeouts, round trips\n"
	"show version                            pnsd's version\n"
	"show ip local pool                      address pools: begin, end, free, in use\n"
	"show ipv6 local pool                    IPv6 prefix pools: prefix, free and in-use /64s\n"
	"clear vpdn tunnel [pptp] NAS GATEWAY    close the tunnel(s) from NAS to GATEWAY\n"
	"clear vpdn tunnel [pptp] id N           close tunnel N\n"
	"clear vpdn tunnel [pptp] all            close every tunnel\n"
	"[no] debug ppp {mppe|negotiation|chap}\n"
	"[no] debug radius                       RADIUS requests and responses\n"
	"[no] debug vpdn event [protocol|flow-control]\n"
	"[no] debug vpdn packet [control|data] [detail]\n"
	"undebug all                             every debug category off\n"
	"terminal monitor                        stream the daemon's log (--follow)\n"
	"configure reload                        re-read the configuration file\n"
	"options: --json (show commands), --follow (debug: stream the log to this session)\n"
	"output modifiers: COMMAND | include TEXT, | exclude TEXT, | begin TEXT (TEXT literal)\n";

const char *cli_help_text(void) { return help_text; }

/* ---- tokens ---- */

struct toks {
	int n;
	char w[CFG_MAX_TOKENS][CFG_WORD_MAX];
	int col[CFG_MAX_TOKENS];
};

/* "virtual-access3", "Vi3" -> "virtual-access" "3", right after "mppe" */
static void split_vi(struct toks *t)
{
	static const char vi[] = "virtual-access";

	for (int i = 1; i < t->n; i++) {
		size_t len = strlen(t->w[i]), alpha = len;
		if (strncasecmp(t->w[i - 1], "mppe", strlen(t->w[i - 1])) != 0)
			continue;
		while (alpha > 0 && isdigit((unsigned char)t->w[i][alpha - 1]))
			alpha--;
		if (alpha < 2 || alpha == len || alpha > sizeof(vi) - 1 ||
		    strncasecmp(t->w[i], vi, alpha) != 0 || t->n == CFG_MAX_TOKENS)
			continue;
		memmove(&t->w[i + 2], &t->w[i + 1], (size_t)(t->n - i - 1) * sizeof(t->w[0]));
		memmove(&t->col[i + 2], &t->col[i + 1], (size_t)(t->n - i - 1) * sizeof(t->col[0]));
		memmove(t->w[i + 1], t->w[i] + alpha, len - alpha + 1);
		t->w[i][alpha] = '\0';
		t->col[i + 1] = t->col[i] + (int)alpha;
		t->n++;
		i++;
	}
}

static bool parse_num(const char *s, unsigned *out)
{
	unsigned v = 0;

	if (*s == '\0' || strlen(s) > 5)
		return false;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > 65535)
		return false;
	*out = v;
	return true;
}

static bool has_placeholder(const struct node *n)
{
	for (int i = 0; n->kids && n->kids[i]; i++)
		if (n->kids[i]->word[0] == '<')
			return true;
	return false;
}

enum step { STEP_OK, STEP_NONE, STEP_AMBIGUOUS };

/* The child of n that word selects. */
static enum step step(const struct node *n, const char *word, const struct node **out)
{
	const struct node *pfx = NULL;
	int npfx = 0;
	bool abbrev = !has_placeholder(n);   /* a free name could look like an abbreviation */
	unsigned num;

	for (int i = 0; n->kids && n->kids[i]; i++) {
		const struct node *k = n->kids[i];
		if (k->word[0] == '<')
			continue;
		if (strcasecmp(k->word, word) == 0) {
			*out = k;
			return STEP_OK;
		}
		if (abbrev && strncasecmp(k->word, word, strlen(word)) == 0) {
			pfx = k;
			npfx++;
		}
	}
	if (npfx == 1) {
		*out = pfx;
		return STEP_OK;
	}
	if (npfx > 1)
		return STEP_AMBIGUOUS;
	for (int i = 0; n->kids && n->kids[i]; i++) {
		const struct node *k = n->kids[i];
		if ((strcmp(k->word, PH_NUM) == 0 && parse_num(word, &num)) || strcmp(k->word, PH_WORD) == 0) {
			*out = k;
			return STEP_OK;
		}
	}
	return STEP_NONE;
}

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int tokenize(const char *line, size_t len, struct toks *t, char *err, size_t errlen)
{
	int bad = 0;

	if (len >= CLI_REQ_MAX)
		return fail(err, errlen, "%% Request longer than %d characters", CLI_REQ_MAX - 1);
	if (memchr(line, '\0', len) != NULL || memchr(line, '\n', len) != NULL)
		return fail(err, errlen, "%% Garbled request (control character)");
	t->n = cfg_tokenize(line, len, t->w, t->col, CFG_MAX_TOKENS, &bad);
	if (t->n < 0)
		return fail(err, errlen, "%% Invalid input detected at column %d (word too long, too many "
			    "words, or a control character)", bad);
	return 0;
}

static uint32_t debug_mask_of(const struct node *const *path, int n)
{
	uint32_t m = 0;
	bool packet = false, which = false;

	for (int i = 0; i < n; i++) {
		const struct node *k = path[i];
		if (k == &n_dall)
			return (1u << DBG_COUNT) - 1;
		if (k == &n_event)
			m = 1u << DBG_VPDN_EVENT;
		else if (k == &n_ev_protocol)
			m = 1u << DBG_VPDN_PROTOCOL;
		else if (k == &n_ev_flow)
			m = 1u << DBG_VPDN_FLOW;
		else if (k == &n_packet)
			packet = true;
		else if (k == &n_pkt_control)
			m |= 1u << DBG_VPDN_PKT_CONTROL, which = true;
		else if (k == &n_pkt_data)
			m |= 1u << DBG_VPDN_PKT_DATA, which = true;
		else if (k == &n_detail)
			m |= 1u << DBG_VPDN_PKT_DETAIL;
		else if (k == &n_mppe_d)
			m = 1u << DBG_PPP_MPPE;
		else if (k == &n_negotiation)
			m = 1u << DBG_PPP_NEGOTIATION;
		else if (k == &n_chap)
			m = 1u << DBG_PPP_CHAP;
		else if (k == &n_dradius)
			m = 1u << DBG_RADIUS;
	}
	if (packet && !which)
		m |= (1u << DBG_VPDN_PKT_CONTROL) | (1u << DBG_VPDN_PKT_DATA);
	return m;
}

int cli_parse(const char *line, size_t len, struct cli_request *req, char *err, size_t errlen)
{
	struct toks t;
	const struct node *path[CFG_MAX_TOKENS];
	const struct node *n = &n_root;
	int np = 0, k = 0;

	memset(req, 0, sizeof(*req));
	if (tokenize(line, len, &t, err, errlen) < 0)
		return -1;
	/* options */
	for (int i = 0; i < t.n; i++) {
		if (strncmp(t.w[i], "--", 2) != 0)
			continue;
		if (strcmp(t.w[i], "--json") == 0)
			req->json = true;
		else if (strcmp(t.w[i], "--follow") == 0)
			req->follow = true;
		else
			return fail(err, errlen, "%% Unknown option '%s' (column %d)", t.w[i], t.col[i]);
		t.w[i][0] = '\0';
	}
	for (int i = 0; i < t.n; i++)
		if (t.w[i][0] != '\0') {
			if (k != i) {
				memcpy(t.w[k], t.w[i], sizeof(t.w[0]));
				t.col[k] = t.col[i];
			}
			k++;
		}
	t.n = k;
	if (t.n == 0)
		return fail(err, errlen, "%% Empty request");
	split_vi(&t);
	for (int i = 0; i < t.n; i++) {
		const struct node *next;
		switch (step(n, t.w[i], &next)) {
		case STEP_AMBIGUOUS:
			return fail(err, errlen, "%% Ambiguous command at '%s' (column %d)", t.w[i], t.col[i]);
		case STEP_NONE:
			return fail(err, errlen, "%% Invalid input detected at '%s' (column %d)", t.w[i],
				    t.col[i]);
		case STEP_OK:
			break;
		}
		if (next == &n_vi_num || next == &n_id_num) {
			unsigned v = 0;
			parse_num(t.w[i], &v);
			if (next == &n_vi_num) {
				req->vi = v;
				req->vi_given = true;
			} else {
				req->tunnel_id = (uint16_t)v;
			}
		} else if (next == &n_nas) {
			snprintf(req->nas, sizeof(req->nas), "%s", t.w[i]);
		} else if (next == &n_gw) {
			snprintf(req->gateway, sizeof(req->gateway), "%s", t.w[i]);
		}
		path[np++] = next;
		n = next;
	}
	if (n->id == CLI_NONE)
		return fail(err, errlen, "%% Incomplete command.");
	req->id = n->id;
	if (req->id == CLI_DEBUG) {
		req->debug_on = path[0] == &n_debug;
		req->debug_mask = debug_mask_of(path, np);
	}
	if (req->id == CLI_TERMINAL_MONITOR)
		req->follow = true;
	if (req->follow && req->id != CLI_DEBUG && req->id != CLI_TERMINAL_MONITOR)
		return fail(err, errlen, "%% --follow goes with debug and terminal monitor");
	if (req->json && (req->id < CLI_SHOW_VPDN || req->id > CLI_SHOW_DEBUGGING ||
			  req->id == CLI_SHOW_RUNNING || req->id == CLI_SHOW_METRICS))
		return fail(err, errlen, "%% --json goes with the show vpdn, show ppp mppe and "
			    "show debugging commands");
	return 0;
}

/* The words that may follow line[0..len): for Tab (keywords only) and for
 * IOS's '?' (placeholders too, and "<cr>" where the command is complete). */
static void next_words(const char *line, size_t len, bool ios_help, void (*fn)(void *arg, const char *word),
		       void *arg)
{
	struct toks t;
	char err[8];
	const struct node *n = &n_root;
	const char *partial = "";
	int full;

	if (tokenize(line, len, &t, err, sizeof(err)) < 0)
		return;
	full = t.n;
	if (len > 0 && line[len - 1] != ' ' && t.n > 0) {
		full = t.n - 1;
		partial = t.w[t.n - 1];
	}
	for (int i = 0; i < full; i++) {
		if (strncmp(t.w[i], "--", 2) == 0)
			continue;
		if (step(n, t.w[i], &n) != STEP_OK)
			return;
	}
	for (int i = 0; n->kids && n->kids[i]; i++) {
		const char *w = n->kids[i]->word;
		if (w[0] == '<' ? ios_help && partial[0] == '\0' : strncasecmp(w, partial, strlen(partial)) == 0)
			fn(arg, w);
	}
	if (ios_help && partial[0] == '\0' && n->id != CLI_NONE)
		fn(arg, "<cr>");
}

void cli_complete(const char *line, size_t len, void (*fn)(void *arg, const char *word), void *arg)
{
	next_words(line, len, false, fn, arg);
}

void cli_context_help(const char *line, size_t len, void (*fn)(void *arg, const char *word), void *arg)
{
	next_words(line, len, true, fn, arg);
}
