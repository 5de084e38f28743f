/*
 * The "aaa" configuration section (host/cli/config_aaa.c) through pnsd's
 * whole grammar: values and defaults, every error at its line:column, the
 * round trip through show running-config, and that no secret is printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/config_aaa.h"
#include "common/config.h"
#include "pnsd/cli_pnsd.h"
#include "pnsd/pnsd_config.h"

#include "../cfg_check.h"

static const struct cfg_options strict = { .flags = 0 };

static int setup(void **state)
{
	(void)state;
	return pnsd_cfg_register_all();
}

static struct cfg *parse_ok(const char *text) { return cfg_check_ok(text, &strict); }
static void parse_err(const char *text, int line, int col, const char *needle)
{
	cfg_check_err(text, &strict, line, col, needle);
}

#define NM "aaa new-model\n"

static void test_values(void **state)
{
	struct cfg *c;
	const struct aaa_config *a;

	(void)state;
	c = parse_ok(NM "aaa authentication ppp default group radius local\n"
		     "aaa authorization network default group radius\n"
		     "aaa accounting network default start-stop group radius\n"
		     "radius-server host 192.0.2.1 auth-port 1645 acct-port 1646 key 0 k1\n"
		     "radius-server host 192.0.2.1 key k2\n"        /* other ports: another server */
		     "radius-server host 192.0.2.2\n"
		     "radius-server key global\n"
		     "radius-server timeout 2\nradius-server retransmit 0\n"
		     "ip radius source-interface eth0\n"
		     "aaa server radius dynamic-author\n client 192.0.2.9 server-key 0 dk\n port 3799\n");
	a = cfg_block(c, &aaa_cfg_section);
	assert_true(a->new_model);
	assert_int_equal(a->n_auth, 2);
	assert_int_equal(a->auth[0], AAA_RADIUS);
	assert_int_equal(a->auth[1], AAA_LOCAL);
	assert_true(aaa_uses_radius(a));
	assert_int_equal(a->acct, AAA_ACCT_START_STOP);
	assert_int_equal(a->n_hosts, 3);
	assert_int_equal(a->hosts[0].auth_port, 1645);
	assert_int_equal(a->hosts[0].acct_port, 1646);
	assert_string_equal(a->hosts[0].key, "k1");
	assert_int_equal(a->hosts[1].auth_port, 1812);
	assert_string_equal(a->hosts[1].key, "k2");
	assert_string_equal(a->hosts[2].key, "");
	assert_string_equal(a->key, "global");
	assert_int_equal(a->timeout_s, 2);
	assert_int_equal(a->retransmit, 0);
	assert_string_equal(a->source_if, "eth0");
	assert_true(a->dae);
	assert_int_equal(a->dae_port, 3799);
	assert_int_equal(a->n_dae_clients, 1);
	assert_string_equal(a->dae_clients[0].key, "dk");
	cfg_free(c);

	/* defaults; the feature document's own form "start-stop radius"; local alone */
	c = parse_ok(NM "aaa authentication ppp default local\n"
		     "aaa accounting network default start-stop radius\nradius-server host 10.0.0.1 key x\n");
	a = cfg_block(c, &aaa_cfg_section);
	assert_false(aaa_uses_radius(a));
	assert_int_equal(a->acct, AAA_ACCT_START_STOP);
	assert_int_equal(a->timeout_s, 5);
	assert_int_equal(a->retransmit, 3);
	assert_int_equal(a->dae_port, 1700);
	cfg_free(c);

	/* no forms */
	c = parse_ok(NM "radius-server host 10.0.0.1 key x\nradius-server host 10.0.0.1 auth-port 1 key y\n"
		     "radius-server host 10.0.0.2 key z\nno radius-server host 10.0.0.1\n"
		     "aaa authentication ppp default group radius\nno aaa authentication ppp default\n");
	a = cfg_block(c, &aaa_cfg_section);
	assert_int_equal(a->n_hosts, 1);
	assert_int_equal(a->hosts[0].addr, 0x0a000002);
	assert_int_equal(a->n_auth, 0);
	cfg_free(c);
}

static void test_errors(void **state)
{
	(void)state;
	parse_err("aaa authentication ppp default local\n", 1, 1, "aaa new-model");
	parse_err(NM "aaa authentication ppp default group tacacs+\n", 2, 38, "only 'group radius'");
	parse_err(NM "aaa authentication ppp vpn local\n", 2, 24, "only the 'default' list");
	parse_err(NM "aaa authentication ppp default local local\n", 2, 38, "listed twice");
	parse_err(NM "aaa authentication ppp default none\n", 2, 32, "not supported");
	parse_err(NM "aaa authentication ppp default\n", 2, 32, "incomplete");
	parse_err(NM "aaa accounting network default start-stop local\n", 2, 43, "group radius' only");
	parse_err("radius-server host 10.0.0.300 key x\n", 1, 20, "not an IPv4 address");
	parse_err("radius-server host 10.0.0.1 auth-port 65536 key x\n", 1, 39, "0-65535");
	parse_err("radius-server host 10.0.0.1 auth-port\n", 1, 39, "incomplete");
	parse_err("radius-server host 10.0.0.1 key 7 0822455D0A16\n", 1, 33, "key type 7");
	parse_err("radius-server host 10.0.0.1 key a b\n", 1, 35, "one word");
	parse_err("radius-server host 10.0.0.1 timeout 3\n", 1, 29, "per-server timeout");
	parse_err("radius-server host 10.0.0.1 auth-port 0 acct-port 0\n", 1, 28, "would do nothing");
	parse_err("radius-server timeout 0\n", 1, 23, "1-1000");
	parse_err("radius-server retransmit 101\n", 1, 26, "0-100");
	parse_err(NM "aaa authentication ppp default group radius\n", 2, 24, "without any 'radius-server host'");
	parse_err(NM "aaa authentication ppp default group radius\nradius-server host 10.0.0.1\n", 3, 20,
		  "no key");
	parse_err(NM "aaa server radius dynamic-author\n port 0\n", 3, 7, "");
	parse_err(NM "aaa server radius dynamic-author\n client 10.0.0.1\n", 3, 9, "has no key");
	parse_err(NM "aaa server radius dynamic-author\n", 2, 1, "no 'client'");
}

/* show running-config reads back the same, without a secret in it */
static void test_round_trip(void **state)
{
	static const char text[] = NM "aaa authentication ppp default group radius local\n"
		"aaa accounting network default stop-only group radius\n"
		"radius-server host 192.0.2.1 auth-port 1645 acct-port 1646 key 0 sekrit-1\n"
		"radius-server key 0 sekrit-2\nradius-server timeout 9\nip radius source-interface lo\n"
		"aaa server radius dynamic-author\n client 192.0.2.9 server-key 0 sekrit-3\n server-key sekrit-4\n";
	struct cfg *c = parse_ok(text), *c2;
	char *buf = NULL, *shown = NULL;
	size_t len = 0, slen = 0;
	FILE *f = open_memstream(&buf, &len);
	const struct aaa_config *a, *b;

	(void)state;
	cfg_write(c, f);
	fclose(f);
	c2 = parse_ok(buf);
	a = cfg_block(c, &aaa_cfg_section);
	b = cfg_block(c2, &aaa_cfg_section);
	{
		/* the same but for where each line was (cfg_write's order is its own) */
		struct aaa_config x = *a, y = *b;
		struct aaa_config *both[2] = { &x, &y };

		for (int k = 0; k < 2; k++) {
			both[k]->radius_line = both[k]->radius_col = both[k]->dae_line = 0;
			for (unsigned i = 0; i < AAA_MAX_HOSTS; i++)
				both[k]->hosts[i].line = both[k]->hosts[i].col = 0;
			for (unsigned i = 0; i < AAA_MAX_DAE_CLIENTS; i++)
				both[k]->dae_clients[i].line = both[k]->dae_clients[i].col = 0;
		}
		assert_memory_equal(&x, &y, sizeof(x));
		explicit_bzero(&x, sizeof(x));
		explicit_bzero(&y, sizeof(y));
	}
	f = open_memstream(&shown, &slen);
	cli_pnsd_write_config(c, f);
	fclose(f);
	assert_null(strstr(shown, "sekrit"));
	assert_non_null(strstr(shown, "radius-server key 0 <removed>"));
	assert_non_null(strstr(shown, " client 192.0.2.9 server-key 0 <removed>"));
	free(buf);
	free(shown);
	cfg_free(c);
	cfg_free(c2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
