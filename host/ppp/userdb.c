/*
 * Users from the configuration (`username NAME password 0 SECRET`) and the
 * local authenticator that checks responses against them at once. A RADIUS
 * authenticator implements the same struct ppp_authenticator and answers
 * later through ppp_auth_done().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mppe/crypto.h"
#include "mppe/mschap.h"
#include "ppp_local.h"

struct ppp_user {
	char *name, *secret;
	uint32_t addr;              /* static address, host order; 0: none */
};

struct ppp_userdb {
	struct ppp_user *u;
	size_t n, cap;
};

struct ppp_userdb *ppp_userdb_new(void)
{
	return calloc(1, sizeof(struct ppp_userdb));
}

void ppp_userdb_free(struct ppp_userdb *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n; i++) {
		crypto_wipe(db->u[i].secret, strlen(db->u[i].secret));
		free(db->u[i].secret);
		free(db->u[i].name);
	}
	free(db->u);
	free(db);
}

void ppp_userdb_clear(struct ppp_userdb *db)
{
	for (size_t i = 0; i < db->n; i++) {
		crypto_wipe(db->u[i].secret, strlen(db->u[i].secret));
		free(db->u[i].secret);
		free(db->u[i].name);
	}
	db->n = 0;
}

/* A later entry for the same name replaces the earlier one, as in IOS. */
int ppp_userdb_add(struct ppp_userdb *db, const char *name, const char *secret)
{
	char *n = NULL, *s = NULL;

	if (!name || !secret || !*name || strlen(name) > PPP_NAME_MAX || strlen(secret) > 256) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < db->n; i++) {
		if (strcmp(db->u[i].name, name) == 0) {
			if (!(s = strdup(secret)))
				return -1;
			crypto_wipe(db->u[i].secret, strlen(db->u[i].secret));
			free(db->u[i].secret);
			db->u[i].secret = s;
			return 0;
		}
	}
	if (db->n == db->cap) {
		size_t cap = db->cap ? db->cap * 2 : 8;
		struct ppp_user *u = realloc(db->u, cap * sizeof(*u));

		if (!u)
			return -1;
		db->u = u;
		db->cap = cap;
	}
	n = strdup(name);
	s = strdup(secret);
	if (!n || !s)
		goto fail;
	db->u[db->n].name = n;
	db->u[db->n].secret = s;
	db->u[db->n].addr = 0;
	db->n++;
	return 0;
fail:
	free(n);
	free(s);
	errno = ENOMEM;
	return -1;
}

static const struct ppp_user *find_user(const struct ppp_userdb *db, const char *name)
{
	for (size_t i = 0; i < db->n; i++)
		if (strcmp(db->u[i].name, name) == 0)
			return &db->u[i];
	return NULL;
}

const char *ppp_userdb_find(const struct ppp_userdb *db, const char *name)
{
	const struct ppp_user *u = find_user(db, name);

	return u ? u->secret : NULL;
}

int ppp_userdb_set_addr(struct ppp_userdb *db, const char *name, uint32_t addr)
{
	struct ppp_user *u = (struct ppp_user *)find_user(db, name);

	if (!u) {
		errno = ENOENT;
		return -1;
	}
	u->addr = addr;
	return 0;
}

static int local_check(void *ctx, struct ppp_session *s, uint64_t token, const struct ppp_auth_request *rq)
{
	const struct ppp_userdb *db = ctx;
	struct ppp_auth_result res;
	/* "DOMAIN\user" from Windows: the configured name may carry the domain or not. */
	const struct ppp_user *u = find_user(db, rq->user);
	const char *secret;

	if (!u)
		u = find_user(db, mschap_strip_domain(rq->user));
	secret = u ? u->secret : NULL;
	memset(&res, 0, sizeof(res));
	if (secret) {
		switch (rq->method) {
		case PPP_AUTH_MSCHAP_V2:
			chap_ms_v2_verify(rq, secret, &res);
			break;
		case PPP_AUTH_MSCHAP_V1:
			chap_ms_v1_verify(rq, secret, &res);
			break;
		case PPP_AUTH_CHAP_MD5:
			chap_md5_verify(rq, secret, &res);
			break;
		case PPP_AUTH_PAP:
			res.ok = rq->response_len == strlen(secret) &&
				 mschap_ct_equal(rq->response, (const uint8_t *)secret, rq->response_len);
			break;
		default:
			break;
		}
	}
	if (res.ok)
		res.framed_addr = u->addr;
	ppp_auth_done(s, token, &res);
	return 0;
}

void ppp_userdb_authenticator(struct ppp_userdb *db, struct ppp_authenticator *out)
{
	memset(out, 0, sizeof(*out));
	out->ctx = db;
	out->check = local_check;
}
