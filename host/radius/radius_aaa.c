/*
 * AAA for PPP sessions over RADIUS: see radius_aaa.h and docs/radius.md.
 *
 * Access-Request per method (RFC 2865, RFC 2548):
 *   PAP         User-Password (hidden with the secret)
 *   CHAP-MD5    CHAP-Password (Ident, Response), CHAP-Challenge
 *   MS-CHAPv1   MS-CHAP-Challenge (8), MS-CHAP-Response (Ident Flags LM[24] NT[24])
 *   MS-CHAPv2   MS-CHAP-Challenge (16), MS-CHAP2-Response (Ident Flags Peer-Challenge[16]
 *               Reserved[8] NT[24])
 * Access-Accept gives MS-CHAP2-Success (the "S=" the client checks), the
 * MPPE keys (MS-MPPE-Send-Key/Recv-Key, or MS-CHAP-MPPE-Keys for v1), the
 * MPPE policy, Framed-IP-Address, DNS, Session-Timeout, Class and
 * Acct-Interim-Interval; Access-Reject may carry MS-CHAP-Error.
 */
#include "radius_aaa.h"
#include "radius_dae.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/log.h"
#include "mppe/crypto.h"
#include "mppe/keys.h"

#define ACCT_QUEUE_MAX   4096     /* accounting records kept while no server answers */
#define ACCT_RETRY_MS    5000     /* after every server failed a record */
#define SESS_BUCKETS     1024

enum { ACCT_START = 1, ACCT_STOP = 2, ACCT_INTERIM = 3 };     /* Acct-Status-Type (RFC 2866 5.1) */

struct auth_job {
	struct rad_aaa *a;
	struct ppp_session *s;
	uint64_t token;
	struct ppp_auth_request rq;
	unsigned m;                 /* the method being tried */
	struct rad_request *req;
	struct auth_job *prev, *next;
};

/* What accounting needs to know of a live session. */
struct sess {
	struct ppp_session *s;
	struct rad_aaa *a;
	char user[PPP_NAME_MAX + 1];
	char sid[24];
	bool radius;                /* authenticated by RADIUS (Acct-Authentic) */
	uint8_t class_val[253];
	uint8_t class_len;
	uint32_t interim_s;
	bool up;
	uint64_t start_ms;
	unsigned nas_port;
	uint32_t framed;
	void (*read_counters)(struct ppp_session *s, struct rad_acct_counters *out);
	struct ev_timer interim;
	struct sess *next;
};

struct acct_rec {
	struct rad_aaa *a;
	uint32_t status;
	char user[PPP_NAME_MAX + 1];
	char sid[24];
	bool radius;
	uint8_t class_val[253];
	uint8_t class_len;
	uint32_t framed;
	unsigned nas_port;
	struct rad_acct_counters c;
	uint32_t session_time;
	uint32_t cause;
	uint64_t created_ms;
	struct rad_request *req;
	struct ev_timer retry;
	struct acct_rec *prev, *next;
};

struct rad_aaa {
	struct ev_loop *loop;
	struct rad_client *client;
	struct rad_dae *dae;
	struct ppp_authenticator authr;
	struct ppp_authenticator local;
	struct rad_aaa_config cfg;
	struct ppp_pool *(*pool_lookup)(void *arg, const char *name);
	void *pool_arg;
	struct auth_job *jobs;
	struct sess *sess[SESS_BUCKETS];
	struct acct_rec *acct;
	unsigned acct_n;
	uint32_t sid_base, sid_next, sid_step;
	struct rad_aaa_stats st;
};

/* ---- per-session records ---- */

static unsigned bucket(const struct ppp_session *s)
{
	return (unsigned)(((uintptr_t)s >> 4) * 2654435761u) % SESS_BUCKETS;
}

static struct sess *sess_find(struct rad_aaa *a, const struct ppp_session *s)
{
	for (struct sess *x = a->sess[bucket(s)]; x; x = x->next)
		if (x->s == s)
			return x;
	return NULL;
}

static struct sess *sess_get(struct rad_aaa *a, struct ppp_session *s)
{
	struct sess *x = sess_find(a, s);
	unsigned b = bucket(s);

	if (x)
		return x;
	x = calloc(1, sizeof(*x));
	if (!x)
		return NULL;
	x->s = s;
	x->a = a;
	/* unique over restarts too: the start time, then a counter; over
	 * pnsd -W N's loops, each its own residue of the counter (RFC 2866
	 * 5.5: Start and Stop are matched by it) */
	snprintf(x->sid, sizeof(x->sid), "%08X%08X", a->sid_base, a->sid_next);
	a->sid_next += a->sid_step;
	x->next = a->sess[b];
	a->sess[b] = x;
	return x;
}

static void sess_free(struct rad_aaa *a, struct sess *x)
{
	struct sess **pp = &a->sess[bucket(x->s)];

	while (*pp && *pp != x)
		pp = &(*pp)->next;
	if (*pp)
		*pp = x->next;
	ev_timer_stop(a->loop, &x->interim);
	free(x);
}

/* ---- authentication ---- */

static void job_unlink(struct auth_job *j)
{
	if (j->prev)
		j->prev->next = j->next;
	else if (j->a->jobs == j)
		j->a->jobs = j->next;
	if (j->next)
		j->next->prev = j->prev;
	j->prev = j->next = NULL;
}

static void job_free(struct auth_job *j)
{
	job_unlink(j);
	crypto_wipe(&j->rq, sizeof(j->rq));
	free(j);
}

static void build_access(void *ctx, struct rad_pkt *p, const struct rad_secret *sec)
{
	struct auth_job *j = ctx;
	const struct ppp_auth_request *rq = &j->rq;
	uint8_t v[50];

	rad_add_str(p, RAD_USER_NAME, rq->user);
	rad_add_u32(p, RAD_SERVICE_TYPE, 2);        /* Framed */
	rad_add_u32(p, RAD_FRAMED_PROTOCOL, 1);     /* PPP */
	rad_add_u32(p, RAD_NAS_PORT_TYPE, 5);       /* Virtual */
	switch (rq->method) {
	case PPP_AUTH_PAP:
		rad_add_user_password(p, sec, rq->response, rq->response_len);
		break;
	case PPP_AUTH_CHAP_MD5:
		v[0] = rq->chap_id;
		memcpy(v + 1, rq->response, 16);
		rad_add(p, RAD_CHAP_PASSWORD, v, 17);
		rad_add(p, RAD_CHAP_CHALLENGE, rq->challenge, rq->challenge_len);
		break;
	case PPP_AUTH_MSCHAP_V1:
		rad_add_vsa(p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_CHALLENGE, rq->challenge, rq->challenge_len);
		v[0] = rq->chap_id;
		v[1] = rq->response[48];            /* Use-NT */
		memcpy(v + 2, rq->response, 48);    /* LM-Response, NT-Response */
		rad_add_vsa(p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_RESPONSE, v, 50);
		break;
	case PPP_AUTH_MSCHAP_V2:
		rad_add_vsa(p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP_CHALLENGE, rq->challenge, rq->challenge_len);
		v[0] = rq->chap_id;
		v[1] = 0;                           /* Flags */
		memcpy(v + 2, rq->response, 48);    /* Peer-Challenge, Reserved, NT-Response */
		rad_add_vsa(p, RAD_VENDOR_MICROSOFT, RAD_MS_CHAP2_RESPONSE, v, 50);
		break;
	default:
		break;
	}
	crypto_wipe(v, sizeof(v));
}

/* The keys of an Access-Accept into res; false when the method needs keys and they are unusable. */
static void accept_keys(const struct ppp_auth_request *rq, const struct rad_view *v, const struct rad_secret *sec,
			const uint8_t req_auth[16], struct ppp_auth_result *res)
{
	const struct rad_attr *sk = rad_find_ms(v, RAD_MS_MPPE_SEND_KEY), *rk = rad_find_ms(v, RAD_MS_MPPE_RECV_KEY);
	const struct rad_attr *k1 = rad_find_ms(v, RAD_MS_CHAP_MPPE_KEYS);
	uint8_t key[32];
	int n;

	if (sk && rk) {
		/* RFC 2548 2.4.2/2.4.3: Send = NAS to client, our send direction */
		n = rad_mppe_key(sk, sec, req_auth, key, sizeof(key));
		if (n >= 16) {
			memcpy(res->send_key, key, 16);
			n = rad_mppe_key(rk, sec, req_auth, key, sizeof(key));
			if (n >= 16) {
				memcpy(res->recv_key, key, 16);
				res->have_keys = true;
			}
		}
		if (!res->have_keys)
			log_warn("RADIUS: %s: MS-MPPE keys that do not decrypt: no MPPE", rq->user);
	} else if (k1 && rq->method == PPP_AUTH_MSCHAP_V1 && k1->len == 32) {
		/* RFC 2548 2.4.1: LM-Key[8] NT-Key[16] padding, hidden as User-Password;
		 * the NT-Key is the hash of the NT password hash, the start key
		 * comes from it and the challenge (RFC 3079 2.3) */
		if (rad_unhide(sec, req_auth, NULL, k1->val, 32, key) == 0) {
			mppe_start_key_mschapv1(rq->challenge, key + 8, NULL, 128, res->send_key);
			memcpy(res->recv_key, res->send_key, 16);
			res->have_keys = true;
		}
	}
	crypto_wipe(key, sizeof(key));
}

static void accept_attrs(const struct rad_view *v, struct ppp_auth_result *res)
{
	uint32_t u;

	if (rad_get_u32(rad_find(v, RAD_FRAMED_IP_ADDRESS), &u))
		res->framed_addr = u;
	if (rad_get_u32(rad_find(v, RAD_SESSION_TIMEOUT), &u))
		res->session_timeout_s = u;
	if (rad_get_u32(rad_find(v, RAD_PORT_LIMIT), &u))
		res->session_limit = u;
	if (rad_get_u32(rad_find(v, RAD_IDLE_TIMEOUT), &u))
		res->idle_timeout_s = u;
	if (rad_get_u32(rad_find_ms(v, RAD_MS_PRIMARY_DNS_SERVER), &u))
		res->dns[0] = u;
	if (rad_get_u32(rad_find_ms(v, RAD_MS_SECONDARY_DNS_SERVER), &u))
		res->dns[1] = u;
	/* the first of each counts: FreeRADIUS's mschap module appends its own
	 * defaults after the ones the users file set */
	if (rad_get_u32(rad_find_ms(v, RAD_MS_MPPE_ENCRYPTION_POLICY), &u)) {
		res->have_mppe_policy = true;
		res->mppe_required = u == 2;
	}
	if (rad_get_u32(rad_find_ms(v, RAD_MS_MPPE_ENCRYPTION_TYPES), &u)) {
		res->have_mppe_policy = true;
		res->mppe_types = u;
	}
}

/* What the session keeps: Class and Acct-Interim-Interval for accounting;
 * and Framed-Pool for its address. (Idle-Timeout goes to the PPP session,
 * accept_attrs: its idle check is the template's `ppp timeout idle`.) */
static void accept_sess(struct auth_job *j, const struct rad_view *v, struct ppp_auth_result *res)
{
	struct sess *rec;
	const struct rad_attr *x;
	uint32_t u;

	if ((x = rad_find(v, RAD_FRAMED_POOL)) != NULL && j->a->pool_lookup) {
		char name[64];

		if (x->len < sizeof(name) && !memchr(x->val, 0, x->len)) {
			memcpy(name, x->val, x->len);
			name[x->len] = 0;
			res->pool = j->a->pool_lookup(j->a->pool_arg, name);
		}
		if (!res->pool)
			log_warn("RADIUS: %s: Framed-Pool is no 'ip local pool': the template's pool", j->rq.user);
	}
	if (!(rec = sess_get(j->a, j->s)))
		return;
	rec->radius = true;
	rec->class_len = 0;
	if ((x = rad_find(v, RAD_CLASS)) != NULL) {
		memcpy(rec->class_val, x->val, x->len);
		rec->class_len = x->len;
	}
	if (rad_get_u32(rad_find(v, RAD_ACCT_INTERIM_INTERVAL), &u))
		rec->interim_s = u;
}

void rad_access_result(const struct ppp_auth_request *rq, const struct rad_view *v, const struct rad_secret *sec,
		       const uint8_t req_auth[RAD_AUTH_LEN], struct ppp_auth_result *res)
{
	const struct rad_attr *x;

	memset(res, 0, sizeof(*res));
	if (v->code != RAD_ACCESS_ACCEPT) {
		x = rad_find_ms(v, RAD_MS_CHAP_ERROR);
		/* Ident then the text; printable only */
		if (x && x->len > 1) {
			size_t n = x->len - 1u < sizeof(res->message) - 1 ? x->len - 1u : sizeof(res->message) - 1;

			for (size_t i = 0; i < n; i++)
				res->message[i] = x->val[1 + i] >= 0x20 && x->val[1 + i] < 0x7f ? (char)x->val[1 + i] : ' ';
		}
		return;
	}
	res->ok = true;
	if (rq->method == PPP_AUTH_MSCHAP_V2) {
		/* Ident then "S=" and 40 hex digits, for the client to check us (RFC 2759 5) */
		x = rad_find_ms(v, RAD_MS_CHAP2_SUCCESS);
		if (!x || x->len < 1 + 42 || memcmp(x->val + 1, "S=", 2) != 0) {
			log_warn("RADIUS: Access-Accept for %s without a usable MS-CHAP2-Success: refused", rq->user);
			res->ok = false;
			return;
		}
		memcpy(res->authenticator_response, x->val + 1, 42);
	}
	if (rq->method == PPP_AUTH_MSCHAP_V2 || rq->method == PPP_AUTH_MSCHAP_V1)
		accept_keys(rq, v, sec, req_auth, res);
	accept_attrs(v, res);
}

static void run_method(struct auth_job *j);

static void access_done(void *ctx, enum rad_status st, const struct rad_view *v, const struct rad_secret *sec,
			const uint8_t req_auth[RAD_AUTH_LEN])
{
	struct auth_job *j = ctx;
	struct ppp_auth_result res;

	j->req = NULL;
	if (st == RAD_NO_SERVER) {
		log_warn("RADIUS: no server answered for %s", j->rq.user);
		j->m++;
		run_method(j);
		return;
	}
	rad_access_result(&j->rq, v, sec, req_auth, &res);
	if (res.ok)
		accept_sess(j, v, &res);
	else if (v->code != RAD_ACCESS_ACCEPT)
		log_notice("RADIUS: %s rejected (%s)", j->rq.user, rad_code_name(v->code));
	{
		struct ppp_session *s = j->s;
		uint64_t token = j->token;

		job_free(j);
		ppp_auth_done(s, token, &res);
	}
}

static void run_method(struct auth_job *j)
{
	struct rad_aaa *a = j->a;
	struct ppp_auth_result res;

	for (; j->m < (a->cfg.n_methods ? a->cfg.n_methods : 1); j->m++) {
		enum rad_method m = a->cfg.n_methods ? a->cfg.methods[j->m] : RAD_METHOD_LOCAL;

		if (m == RAD_METHOD_LOCAL) {
			struct ppp_session *s = j->s;
			uint64_t token = j->token;
			struct ppp_auth_request rq = j->rq;

			if (j->m > 0)
				a->st.auth_fallback++;
			a->st.auth_local++;
			job_free(j);
			a->local.check(a->local.ctx, s, token, &rq);
			crypto_wipe(&rq, sizeof(rq));
			return;
		}
		a->st.auth_radius++;
		j->req = rad_send(a->client, RAD_AUTH, RAD_ACCESS_REQUEST, build_access, access_done, j);
		if (j->req)
			return;
		log_warn("RADIUS: %s: %s", j->rq.user, errno == ENOENT ? "no server" : strerror(errno));
	}
	memset(&res, 0, sizeof(res));
	{
		struct ppp_session *s = j->s;
		uint64_t token = j->token;

		job_free(j);
		ppp_auth_done(s, token, &res);
	}
}

static int aaa_check(void *ctx, struct ppp_session *s, uint64_t token, const struct ppp_auth_request *rq)
{
	struct rad_aaa *a = ctx;
	struct auth_job *j = calloc(1, sizeof(*j));

	if (!j)
		return -1;
	j->a = a;
	j->s = s;
	j->token = token;
	j->rq = *rq;
	j->next = a->jobs;
	if (a->jobs)
		a->jobs->prev = j;
	a->jobs = j;
	run_method(j);
	return 0;
}

static void aaa_cancel(void *ctx, struct ppp_session *s, uint64_t token)
{
	struct rad_aaa *a = ctx;

	for (struct auth_job *j = a->jobs; j; j = j->next) {
		if (j->s == s && j->token == token) {
			rad_cancel(a->client, j->req);
			job_free(j);
			return;
		}
	}
}

/* ---- accounting ---- */

static void acct_free(struct acct_rec *r)
{
	struct rad_aaa *a = r->a;

	if (r->prev)
		r->prev->next = r->next;
	else
		a->acct = r->next;
	if (r->next)
		r->next->prev = r->prev;
	a->acct_n--;
	ev_timer_stop(a->loop, &r->retry);
	if (r->req)
		rad_cancel(a->client, r->req);
	free(r);
}

static void put_counter(struct rad_pkt *p, uint8_t type, uint8_t giga, uint64_t v)
{
	rad_add_u32(p, type, (uint32_t)v);
	if (v >> 32)
		rad_add_u32(p, giga, (uint32_t)(v >> 32));
}

static void build_acct(void *ctx, struct rad_pkt *p, const struct rad_secret *sec)
{
	struct acct_rec *r = ctx;

	(void)sec;
	rad_add_u32(p, RAD_ACCT_STATUS_TYPE, r->status);
	rad_add_str(p, RAD_USER_NAME, r->user);
	rad_add_str(p, RAD_ACCT_SESSION_ID, r->sid);
	rad_add_u32(p, RAD_NAS_PORT, r->nas_port);
	rad_add_u32(p, RAD_NAS_PORT_TYPE, 5);
	rad_add_u32(p, RAD_SERVICE_TYPE, 2);
	rad_add_u32(p, RAD_FRAMED_PROTOCOL, 1);
	if (r->framed)
		rad_add_u32(p, RAD_FRAMED_IP_ADDRESS, r->framed);
	if (r->class_len)
		rad_add(p, RAD_CLASS, r->class_val, r->class_len);     /* RFC 2865 5.25: echoed unchanged */
	rad_add_u32(p, RAD_ACCT_AUTHENTIC, r->radius ? 1 : 2);
	/* RFC 2866 5.2: how long this record waited, so the server can date the event */
	rad_add_u32(p, RAD_ACCT_DELAY_TIME, (uint32_t)((ev_clock_ms() - r->created_ms) / 1000));
	if (r->status != ACCT_START) {
		put_counter(p, RAD_ACCT_INPUT_OCTETS, RAD_ACCT_INPUT_GIGAWORDS, r->c.in_octets);
		put_counter(p, RAD_ACCT_OUTPUT_OCTETS, RAD_ACCT_OUTPUT_GIGAWORDS, r->c.out_octets);
		rad_add_u32(p, RAD_ACCT_INPUT_PACKETS, (uint32_t)r->c.in_packets);
		rad_add_u32(p, RAD_ACCT_OUTPUT_PACKETS, (uint32_t)r->c.out_packets);
		rad_add_u32(p, RAD_ACCT_SESSION_TIME, r->session_time);
	}
	if (r->status == ACCT_STOP)
		rad_add_u32(p, RAD_ACCT_TERMINATE_CAUSE, r->cause);
}

static void acct_send(struct acct_rec *r);

static void acct_done(void *ctx, enum rad_status st, const struct rad_view *v, const struct rad_secret *sec,
		      const uint8_t req_auth[RAD_AUTH_LEN])
{
	struct acct_rec *r = ctx;

	(void)v;
	(void)sec;
	(void)req_auth;
	r->req = NULL;
	if (st == RAD_ANSWERED) {
		r->a->st.acct_sent++;
		acct_free(r);
		return;
	}
	/* RFC 2866 2: keep it; a later server restart must not lose a Stop */
	log_debug(DBG_RADIUS, "RADIUS: accounting for %s: no server answered, kept", r->sid);
	ev_timer_start(r->a->loop, &r->retry, ACCT_RETRY_MS);
}

static void acct_retry(struct ev_loop *loop, struct ev_timer *t)
{
	(void)loop;
	acct_send(t->arg);
}

static void acct_send(struct acct_rec *r)
{
	r->req = rad_send(r->a->client, RAD_ACCT, RAD_ACCOUNTING_REQUEST, build_acct, acct_done, r);
	if (!r->req)
		ev_timer_start(r->a->loop, &r->retry, ACCT_RETRY_MS);
}

static void acct_record(struct rad_aaa *a, struct sess *x, uint32_t status, const struct rad_acct_counters *c,
			uint32_t cause)
{
	struct acct_rec *r;

	if (a->acct_n >= ACCT_QUEUE_MAX) {
		a->st.acct_dropped++;
		log_warn("RADIUS: accounting queue full (%u records): %s record of %s dropped", a->acct_n,
			 status == ACCT_STOP ? "Stop" : status == ACCT_START ? "Start" : "Interim", x->sid);
		return;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return;
	r->a = a;
	r->status = status;
	memcpy(r->user, x->user, sizeof(r->user));
	memcpy(r->sid, x->sid, sizeof(r->sid));
	r->radius = x->radius;
	memcpy(r->class_val, x->class_val, x->class_len);
	r->class_len = x->class_len;
	r->framed = x->framed;
	r->nas_port = x->nas_port;
	if (c)
		r->c = *c;
	r->created_ms = ev_clock_ms();
	r->session_time = (uint32_t)((r->created_ms - x->start_ms) / 1000);
	r->cause = cause;
	ev_timer_init(&r->retry, acct_retry, r);
	r->next = a->acct;
	if (a->acct)
		a->acct->prev = r;
	a->acct = r;
	a->acct_n++;
	acct_send(r);
}

static void interim_tick(struct ev_loop *loop, struct ev_timer *t)
{
	struct sess *x = t->arg;
	struct rad_acct_counters c = { 0 };

	x->read_counters(x->s, &c);
	acct_record(x->a, x, ACCT_INTERIM, &c, 0);
	ev_timer_start(loop, t, x->interim_s * 1000ull);
}

void rad_aaa_session_up(struct rad_aaa *a, struct ppp_session *s, unsigned nas_port, uint32_t framed_addr,
			void (*read_counters)(struct ppp_session *s, struct rad_acct_counters *out))
{
	struct sess *x;

	if (!(x = sess_get(a, s)) || x->up)
		return;
	x->up = true;
	snprintf(x->user, sizeof(x->user), "%s", ppp_session_peer_name(s));
	x->nas_port = nas_port;
	x->framed = framed_addr;
	x->start_ms = ev_clock_ms();
	x->read_counters = read_counters;
	ev_timer_init(&x->interim, interim_tick, x);
	if (!a->cfg.acct)
		return;                 /* the record still serves Disconnect/CoA */
	if (!a->cfg.acct_stop_only)
		acct_record(a, x, ACCT_START, NULL, 0);
	if (x->interim_s && read_counters)
		ev_timer_start(a->loop, &x->interim, x->interim_s * 1000ull);
}

void rad_aaa_session_end(struct rad_aaa *a, struct ppp_session *s, const struct rad_acct_counters *c,
			 enum rad_term_cause cause)
{
	struct sess *x = sess_find(a, s);

	if (!x)
		return;
	if (x->up && a->cfg.acct)
		acct_record(a, x, ACCT_STOP, c, cause);
	sess_free(a, x);
}

int rad_aaa_match(struct rad_aaa *a, const struct rad_view *v, struct ppp_session **out, unsigned max)
{
	const struct rad_attr *user = rad_find(v, RAD_USER_NAME), *sid = rad_find(v, RAD_ACCT_SESSION_ID);
	uint32_t addr = 0, port = 0;
	bool have_addr = rad_get_u32(rad_find(v, RAD_FRAMED_IP_ADDRESS), &addr);
	bool have_port = rad_get_u32(rad_find(v, RAD_NAS_PORT), &port);
	int n = 0;

	if (!user && !sid && !have_addr && !have_port)
		return -1;
	for (unsigned b = 0; b < SESS_BUCKETS; b++) {
		for (struct sess *x = a->sess[b]; x; x = x->next) {
			if (!x->up)
				continue;
			if (user && (strlen(x->user) != user->len || memcmp(x->user, user->val, user->len) != 0))
				continue;
			if (sid && (strlen(x->sid) != sid->len || memcmp(x->sid, sid->val, sid->len) != 0))
				continue;
			if ((have_addr && x->framed != addr) || (have_port && x->nas_port != port))
				continue;
			if ((unsigned)n < max)
				out[n] = x->s;
			n++;
		}
	}
	return n;
}

enum rad_term_cause rad_term_cause_of(const char *r)
{
	if (!r || !*r)
		return RAD_TERM_NAS_REQUEST;
	if (strcasestr(r, "session timeout"))
		return RAD_TERM_SESSION_TIMEOUT;
	if (strcasestr(r, "idle"))
		return RAD_TERM_IDLE_TIMEOUT;
	if (strcasestr(r, "admin") || strcasestr(r, "clear") || strcasestr(r, "disconnect"))
		return RAD_TERM_ADMIN_RESET;
	if (strcasestr(r, "peer") || strcasestr(r, "terminate") || strcasestr(r, "user"))
		return RAD_TERM_USER_REQUEST;
	if (strcasestr(r, "lower") || strcasestr(r, "call") || strcasestr(r, "echo") || strcasestr(r, "keepalive"))
		return RAD_TERM_LOST_CARRIER;
	return RAD_TERM_NAS_REQUEST;
}

/* ---- show radius statistics, metrics ---- */

struct stat_row {
	const char *name, *metric, *help;
	size_t off;
	bool auth, acct;            /* meaningful for that port */
};

#define ROW(n, m, h, f, au, ac) { n, m, h, offsetof(struct rad_port_stats, f), au, ac }
static const struct stat_row rows[] = {
	ROW("Requests", "requests_total", "requests sent (first transmissions)", requests, true, true),
	ROW("Retransmissions", "retransmissions_total", "requests sent again to the same server", retransmissions,
	    true, true),
	ROW("Accepts", "accepts_total", "Access-Accepts", accepts, true, false),
	ROW("Rejects", "rejects_total", "Access-Rejects", rejects, true, false),
	ROW("Challenges", "challenges_total", "Access-Challenges (taken as a reject)", challenges, true, false),
	ROW("Responses", "responses_total", "Accounting-Responses", responses, false, true),
	ROW("Timeouts", "timeouts_total", "requests this server never answered", timeouts, true, true),
	ROW("Dropped", "dropped_total", "responses dropped (authenticators, framing, unknown id)", dropped, true, true),
	ROW("Pending", "pending", "requests waiting for this server's answer", pending, true, true),
};

static uint64_t field(const struct rad_port_stats *s, size_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)s + off, sizeof(v));
	return v;
}

void rad_aaa_snapshot(const struct rad_aaa *a, struct rad_aaa_snap *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < RAD_MAX_SERVERS &&
	     rad_client_stats(a->client, i, out->srv[i].name, sizeof(out->srv[i].name), &out->srv[i].port[RAD_AUTH],
			      &out->srv[i].port[RAD_ACCT]); i++)
		out->nsrv = i + 1;
	rad_aaa_stats(a, &out->st);
	out->acct = a->cfg.acct;
	out->acct_stop_only = a->cfg.acct_stop_only;
	out->dae = a->cfg.dae.on;
	out->any = true;
}

/* a field added to rad_port_stats must be added here too */
_Static_assert(sizeof(struct rad_port_stats) == 13 * sizeof(uint64_t), "port_add adds every field");

static void port_add(struct rad_port_stats *sum, const struct rad_port_stats *s)
{
	/* every field is a uint64_t count (radius_client.h): add them all, by name */
	sum->requests += s->requests;
	sum->retransmissions += s->retransmissions;
	sum->accepts += s->accepts;
	sum->rejects += s->rejects;
	sum->challenges += s->challenges;
	sum->responses += s->responses;
	sum->timeouts += s->timeouts;
	sum->dropped += s->dropped;
	sum->rtt_sum_ms += s->rtt_sum_ms;
	sum->rtt_count += s->rtt_count;
	sum->pending += s->pending;
	/* "last" is the latest answer of any loop, not a sum */
	if (s->rtt_count && s->rtt_last_at_ms >= sum->rtt_last_at_ms) {
		sum->rtt_last_ms = s->rtt_last_ms;
		sum->rtt_last_at_ms = s->rtt_last_at_ms;
	}
}

void rad_aaa_snap_add(struct rad_aaa_snap *sum, const struct rad_aaa_snap *s)
{
	if (!sum->any) {
		*sum = *s;
		return;
	}
	for (unsigned i = 0; i < s->nsrv; i++) {
		unsigned j = 0;

		/* the loops share one configuration, so one server list; by name
		 * all the same, for a show that meets a reload half done */
		while (j < sum->nsrv && strcmp(sum->srv[j].name, s->srv[i].name) != 0)
			j++;
		if (j == sum->nsrv) {
			if (j == RAD_MAX_SERVERS)
				continue;
			memset(&sum->srv[j], 0, sizeof(sum->srv[j]));
			memcpy(sum->srv[j].name, s->srv[i].name, sizeof(sum->srv[j].name));
			sum->nsrv++;
		}
		port_add(&sum->srv[j].port[RAD_AUTH], &s->srv[i].port[RAD_AUTH]);
		port_add(&sum->srv[j].port[RAD_ACCT], &s->srv[i].port[RAD_ACCT]);
	}
	sum->st.auth_radius += s->st.auth_radius;
	sum->st.auth_local += s->st.auth_local;
	sum->st.auth_fallback += s->st.auth_fallback;
	sum->st.acct_queued += s->st.acct_queued;
	sum->st.acct_sent += s->st.acct_sent;
	sum->st.acct_dropped += s->st.acct_dropped;
	sum->st.dae_requests += s->st.dae_requests;
	sum->st.dae_acks += s->st.dae_acks;
	sum->st.dae_naks += s->st.dae_naks;
	sum->st.dae_dropped += s->st.dae_dropped;
}

static void show_text(const struct rad_aaa_snap *sn, FILE *out)
{
	if (sn->nsrv == 0)
		fputs("No RADIUS server configured\n", out);
	for (unsigned i = 0; i < sn->nsrv; i++) {
		const struct rad_port_stats *au = &sn->srv[i].port[RAD_AUTH], *ac = &sn->srv[i].port[RAD_ACCT];

		fprintf(out, "Server %u: %s (auth,acct ports)\n%24s %12s %12s\n", i + 1, sn->srv[i].name, "", "Auth.",
			"Acct.");
		for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
			char x[24] = "-", y[24] = "-";

			if (rows[r].auth)
				snprintf(x, sizeof(x), "%llu", (unsigned long long)field(au, rows[r].off));
			if (rows[r].acct)
				snprintf(y, sizeof(y), "%llu", (unsigned long long)field(ac, rows[r].off));
			fprintf(out, "  %-22s %12s %12s\n", rows[r].name, x, y);
		}
		fprintf(out, "  %-22s %12llu %12llu\n  %-22s %12llu %12llu\n", "Round trip last (ms)",
			(unsigned long long)au->rtt_last_ms, (unsigned long long)ac->rtt_last_ms, "Round trip avg (ms)",
			(unsigned long long)(au->rtt_count ? au->rtt_sum_ms / au->rtt_count : 0),
			(unsigned long long)(ac->rtt_count ? ac->rtt_sum_ms / ac->rtt_count : 0));
	}
	fprintf(out, "Authentication: %llu through RADIUS, %llu local (%llu after no RADIUS answer)\n",
		(unsigned long long)sn->st.auth_radius, (unsigned long long)sn->st.auth_local,
		(unsigned long long)sn->st.auth_fallback);
	fprintf(out, "Accounting: %s; %llu records waiting, %llu delivered, %llu dropped (queue full)\n",
		sn->acct ? (sn->acct_stop_only ? "stop-only" : "start-stop") : "off",
		(unsigned long long)sn->st.acct_queued, (unsigned long long)sn->st.acct_sent,
		(unsigned long long)sn->st.acct_dropped);
	fprintf(out, "Dynamic authorization: %s; %llu requests, %llu ACK, %llu NAK, %llu dropped\n",
		sn->dae ? "on" : "off", (unsigned long long)sn->st.dae_requests, (unsigned long long)sn->st.dae_acks,
		(unsigned long long)sn->st.dae_naks, (unsigned long long)sn->st.dae_dropped);
}

static void metric1(FILE *out, const char *name, const char *type, const char *help, uint64_t v)
{
	fprintf(out, "# HELP pnsd_radius_%s %s\n# TYPE pnsd_radius_%s %s\npnsd_radius_%s %llu\n", name, help, name,
		type, name, (unsigned long long)v);
}

static void show_metrics(const struct rad_aaa_snap *sn, FILE *out)
{
	const struct rad_aaa_stats *s = &sn->st;

	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]) && sn->nsrv; r++) {
		bool gauge = strcmp(rows[r].metric, "pending") == 0;

		fprintf(out, "# HELP pnsd_radius_%s %s\n# TYPE pnsd_radius_%s %s\n", rows[r].metric, rows[r].help,
			rows[r].metric, gauge ? "gauge" : "counter");
		for (unsigned i = 0; i < sn->nsrv; i++)
			for (int k = 0; k < 2; k++)
				if (k == 0 ? rows[r].auth : rows[r].acct)
					fprintf(out, "pnsd_radius_%s{server=\"%s\",port=\"%s\"} %llu\n", rows[r].metric,
						sn->srv[i].name, k ? "acct" : "auth",
						(unsigned long long)field(&sn->srv[i].port[k], rows[r].off));
	}
	if (sn->nsrv) {
		fputs("# HELP pnsd_radius_round_trip_seconds_avg mean time to an answer\n"
		      "# TYPE pnsd_radius_round_trip_seconds_avg gauge\n", out);
		for (unsigned i = 0; i < sn->nsrv; i++)
			for (int k = 0; k < 2; k++) {
				const struct rad_port_stats *st = &sn->srv[i].port[k];

				fprintf(out, "pnsd_radius_round_trip_seconds_avg{server=\"%s\",port=\"%s\"} %.3f\n",
					sn->srv[i].name, k ? "acct" : "auth",
					st->rtt_count ? (double)st->rtt_sum_ms / (double)st->rtt_count / 1000.0 : 0.0);
			}
	}
	metric1(out, "auth_radius_total", "counter", "authentications sent to RADIUS", s->auth_radius);
	metric1(out, "auth_local_total", "counter", "authentications against the local users", s->auth_local);
	metric1(out, "auth_fallback_total", "counter", "local authentications after no RADIUS answer",
		s->auth_fallback);
	metric1(out, "accounting_queued", "gauge", "accounting records waiting for a server", s->acct_queued);
	metric1(out, "accounting_delivered_total", "counter", "accounting records answered", s->acct_sent);
	metric1(out, "accounting_dropped_total", "counter", "accounting records dropped (queue full)", s->acct_dropped);
	metric1(out, "dae_requests_total", "counter", "Disconnect/CoA-Requests received", s->dae_requests);
	metric1(out, "dae_acks_total", "counter", "Disconnect/CoA ACKs sent", s->dae_acks);
	metric1(out, "dae_naks_total", "counter", "Disconnect/CoA NAKs sent", s->dae_naks);
	metric1(out, "dae_dropped_total", "counter", "Disconnect/CoA-Requests dropped (client, authenticator)",
		s->dae_dropped);
}

void rad_aaa_snap_show(const struct rad_aaa_snap *s, FILE *out, bool metrics)
{
	if (metrics)
		show_metrics(s, out);
	else
		show_text(s, out);
}

/* ---- the object ---- */

struct rad_aaa *rad_aaa_new(struct ev_loop *loop, struct ppp_userdb *users)
{
	struct rad_aaa *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->loop = loop;
	a->client = rad_client_new(loop);
	a->dae = rad_dae_new(a, loop);
	if (!a->client || !a->dae) {
		rad_client_free(a->client);
		rad_dae_free(a->dae);
		free(a);
		return NULL;
	}
	ppp_userdb_authenticator(users, &a->local);
	a->authr = (struct ppp_authenticator){ .ctx = a, .check = aaa_check, .cancel = aaa_cancel };
	a->sid_base = (uint32_t)time(NULL);
	a->sid_step = 1;
	return a;
}

int rad_aaa_configure(struct rad_aaa *a, const struct rad_aaa_config *cfg)
{
	if (rad_dae_configure(a->dae, &cfg->dae) < 0 || rad_client_configure(a->client, &cfg->client) < 0)
		return -1;
	crypto_wipe(&a->cfg, sizeof(a->cfg));
	a->cfg = *cfg;
	/* the client and the DAE server keep their own copies of the secrets */
	crypto_wipe(a->cfg.client.servers, sizeof(a->cfg.client.servers));
	crypto_wipe(a->cfg.dae.clients, sizeof(a->cfg.dae.clients));
	return 0;
}

void rad_aaa_free(struct rad_aaa *a)
{
	if (!a)
		return;
	if (a->acct_n)
		log_warn("RADIUS: %u accounting records not delivered at exit", a->acct_n);
	while (a->jobs)
		job_free(a->jobs);          /* their sessions are gone with the daemon */
	while (a->acct)
		acct_free(a->acct);
	for (unsigned b = 0; b < SESS_BUCKETS; b++)
		while (a->sess[b])
			sess_free(a, a->sess[b]);
	rad_client_free(a->client);
	rad_dae_free(a->dae);
	free(a);
}

const struct ppp_authenticator *rad_aaa_authenticator(struct rad_aaa *a) { return &a->authr; }

void rad_aaa_set_pool_lookup(struct rad_aaa *a, struct ppp_pool *(*lookup)(void *arg, const char *name), void *arg)
{
	a->pool_lookup = lookup;
	a->pool_arg = arg;
}

void rad_aaa_set_dae_elsewhere(struct rad_aaa *a, int (*elsewhere)(void *arg, const struct rad_dae_req *r),
			       void *arg)
{
	rad_dae_set_elsewhere(a->dae, elsewhere, arg);
}

void rad_aaa_set_session_ids(struct rad_aaa *a, unsigned index, unsigned count)
{
	a->sid_next = index;
	a->sid_step = count ? count : 1;
}

void rad_aaa_stats(const struct rad_aaa *a, struct rad_aaa_stats *out)
{
	*out = a->st;
	out->acct_queued = a->acct_n;
	rad_dae_stats(a->dae, out);
}
