/*
 * The whole configuration grammar pnsd reads (every section registered as
 * in pnsd): the feature document's example loads strictly (unknown
 * commands are errors, IOS commands we do not have get a notice), every
 * command's range and default from the command reference, the no forms,
 * errors name line and column, a bad file never half-applies, and what
 * show running-config writes parses back to the same thing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>

#include "cli/config_access.h"
#include "cli/config_ops.h"
#include "common/config.h"
#include "pnsd/pnsd_config.h"
#include "pptp/pptp_config.h"

#include "../cfg_check.h"

static int notices;
static char last_notice[256];

static void count_notice(void *arg, const char *src, int line, int col, const char *msg)
{
	(void)arg;
	(void)src;
	(void)line;
	(void)col;
	notices++;
	snprintf(last_notice, sizeof(last_notice), "%s", msg);
}

static const struct cfg_options strict = { .flags = 0, .notice = count_notice };

static int setup(void **state)
{
	(void)state;
	static bool done;
	if (!done)
		assert_int_equal(pnsd_cfg_register_all(), 0);
	done = true;
	notices = 0;
	return 0;
}

static struct cfg *parse_ok(const char *text) { return cfg_check_ok(text, &strict); }
static void parse_err(const char *text, int line, int col, const char *needle)
{
	cfg_check_err(text, &strict, line, col, needle);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	static char text[32768];
	size_t n;

	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

static const struct acc_config *acc(const struct cfg *c) { return cfg_block(c, &acc_cfg_section); }
static const struct eng_config *eng(const struct cfg *c) { return cfg_block(c, &eng_cfg_section); }
static const struct vpdn_config *vpdn(const struct cfg *c) { return cfg_block(c, &vpdn_cfg_section); }

/* The feature document's running configuration, verbatim, in strict mode. */
static void test_feature_example_strict(void **state)
{
	struct cfg *c;
	const struct acc_template *t;
	const struct acc_iface *f;

	(void)state;
	c = parse_ok(slurp("tests/fixtures/feature-example.cfg"));
	/* version, service x3, logging, enable, ip subnet-zero, ... line vty: one notice each */
	assert_true(notices >= 30);
	assert_string_equal(((struct cfg_core *)cfg_block(c, &cfg_core_section))->hostname, "PNS");
	assert_non_null(acc_user(acc(c), "tester41"));
	assert_string_equal(acc_user(acc(c), "tester41")->secret, "lab41");
	t = acc_template(acc(c), 1);
	assert_non_null(t);
	assert_string_equal(t->unnumbered, "FastEthernet0/0");
	assert_int_equal(t->mppe, ACC_MPPE_40);
	assert_false(t->mppe_required);
	assert_false(t->mppe_passive);
	assert_false(t->mppe_stateful);      /* default: stateless */
	assert_int_equal(t->n_auth, 1);
	assert_int_equal(t->auth[0], ACC_AUTH_MSCHAP);
	f = acc_iface(acc(c), "FastEthernet0/0");
	assert_non_null(f);
	assert_int_equal(f->addr, 0x0a01010c);
	assert_int_equal(acc_unnumbered_addr(acc(c), t), 0x0a01010c);
	assert_true(eng(c)->controller);
	assert_string_equal(eng(c)->slot, "5/0");
	assert_true(eng(c)->mppe);
	assert_string_equal(eng_spec(eng(c)), "sw");
	assert_non_null(vpdn_pptp_group(vpdn(c)));
	assert_string_equal(vpdn_pptp_group(vpdn(c))->local_name, "cisco_pns");
	cfg_free(c);
}

/* The demo's configuration loads strictly too. */
static void test_demo_config(void **state)
{
	struct cfg *c;
	const struct acc_template *t;

	(void)state;
	c = parse_ok(slurp("contrib/demo/pnsd-demo.cfg"));
	t = acc_template(acc(c), 1);
	assert_non_null(t);
	assert_int_equal(t->mppe, ACC_MPPE_128);
	assert_false(t->mppe_stateful);
	assert_int_equal(t->auth[0], ACC_AUTH_MSCHAPV2);
	assert_non_null(acc_pool(acc(c), t->pool));
	cfg_free(c);
}

/* Command reference: ranges, defaults and no forms. */
static void test_vpdn_ranges_defaults(void **state)
{
	struct cfg *c;
	const struct vpdn_group *g;

	(void)state;
	c = parse_ok("vpdn enable\nvpdn-group 1\n accept-dialin\n  protocol pptp\n");
	g = vpdn_pptp_group(vpdn(c));
	assert_int_equal(g->recv_window, 16);
	assert_int_equal(g->static_rtt_ms, 1500);
	assert_int_equal(g->echo_s, 60);
	cfg_free(c);

	c = parse_ok("vpdn-group 1\n accept-dialin\n  protocol pptp\n pptp flow-control receive-window 1\n"
		     " pptp flow-control static-rtt 100\n pptp tunnel echo 0\n");
	g = vpdn_pptp_group(vpdn(c));
	assert_int_equal(g->recv_window, 1);
	assert_int_equal(g->static_rtt_ms, 100);
	assert_int_equal(g->echo_s, 0);
	cfg_free(c);

	c = parse_ok("vpdn-group 1\n accept-dialin\n  protocol pptp\n pptp flow-control receive-window 64\n"
		     " pptp flow-control static-rtt 5000\n pptp tunnel echo 1000\n"
		     " no pptp flow-control receive-window\n no pptp flow-control static-rtt\n"
		     " no pptp tunnel echo\n");
	g = vpdn_pptp_group(vpdn(c));
	assert_int_equal(g->recv_window, 16);
	assert_int_equal(g->static_rtt_ms, 1500);
	assert_int_equal(g->echo_s, 60);
	cfg_free(c);

	parse_err("vpdn-group 1\n pptp flow-control receive-window 0\n", 2, 35, "1-64");
	parse_err("vpdn-group 1\n pptp flow-control receive-window 65\n", 2, 35, "1-64");
	parse_err("vpdn-group 1\n pptp flow-control static-rtt 99\n", 2, 31, "100-5000");
	parse_err("vpdn-group 1\n pptp flow-control static-rtt 5001\n", 2, 31, "100-5000");
	parse_err("vpdn-group 1\n pptp tunnel echo 1001\n", 2, 19, "0-1000");
}

static void test_mppe_command(void **state)
{
	static const struct {
		const char *line;
		enum acc_mppe_strength s;
		bool passive, required, stateful;
	} cases[] = {
		{ "ppp encrypt mppe auto", ACC_MPPE_AUTO, false, false, false },
		{ "ppp encrypt mppe 40", ACC_MPPE_40, false, false, false },
		{ "ppp encrypt mppe 128", ACC_MPPE_128, false, false, false },
		{ "ppp encrypt mppe 128 required", ACC_MPPE_128, false, true, false },
		{ "ppp encrypt mppe 40 passive", ACC_MPPE_40, true, false, false },
		{ "ppp encrypt mppe auto stateful", ACC_MPPE_AUTO, false, false, true },
		{ "ppp encrypt mppe 128 required stateful", ACC_MPPE_128, false, true, true },
		{ "ppp encrypt mppe 128 passive stateful", ACC_MPPE_128, true, false, true },
	};
	char text[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "interface Virtual-Template1\n %s\n ppp authentication ms-chap-v2\n",
			 cases[i].line);
		struct cfg *c = parse_ok(text);
		const struct acc_template *t = acc_template(acc(c), 1);
		assert_int_equal(t->mppe, cases[i].s);
		assert_int_equal(t->mppe_passive, cases[i].passive);
		assert_int_equal(t->mppe_required, cases[i].required);
		assert_int_equal(t->mppe_stateful, cases[i].stateful);
		cfg_free(c);
	}
	/* Defaults: disabled (a template with its pool and authentication: no warning) */
	notices = 0;
	struct cfg *c = parse_ok("ip local pool p 10.9.9.1\ninterface Virtual-Template2\n ppp encrypt mppe 128\n"
				 " no ppp encrypt mppe\n ppp authentication pap\n peer default ip address pool p\n");
	assert_int_equal(acc_template(acc(c), 2)->mppe, ACC_MPPE_NONE);
	assert_int_equal(notices, 0);
	cfg_free(c);
	parse_err("interface Virtual-Template1\n ppp encrypt mppe 56\n", 2, 19, "auto|40|128");
	parse_err("interface Virtual-Template1\n ppp encrypt mppe 128 passive required\n", 2, 31,
		  "unexpected");
	/* MPPE without MS-CHAP: accepted, with a notice */
	notices = 0;
	c = parse_ok("ip local pool p 10.9.9.1\ninterface Virtual-Template1\n ppp encrypt mppe 128\n"
		     " ppp authentication pap\n peer default ip address pool p\n");
	assert_int_equal(notices, 1);
	assert_non_null(strstr(last_notice, "MS-CHAP"));
	cfg_free(c);
}

static void test_access_commands(void **state)
{
	struct cfg *c;
	const struct acc_config *a;
	const struct acc_template *t;

	(void)state;
	c = parse_ok("username alice password 0 s3cret\nusername bob password plain\n"
		     "ip local pool default 10.9.0.10 10.9.0.20\nip local pool one 10.8.0.1\n"
		     "async-bootp dns-server 10.0.0.53 10.0.0.54\nasync-bootp nbns-server 10.0.0.137\n"
		     "interface Virtual-Template 3\n ip unnumbered lo\n"
		     " ppp authentication ms-chap-v2 ms-chap pap\n peer default ip address pool default\n"
		     "no username bob\n");
	a = acc(c);
	assert_int_equal(a->n_users, 1);
	assert_string_equal(acc_user(a, "alice")->secret, "s3cret");
	assert_int_equal(acc_pool(a, "default")->first, 0x0a09000a);
	assert_int_equal(acc_pool(a, "default")->last, 0x0a090014);
	assert_int_equal(acc_pool(a, "one")->last, 0x0a080001);
	assert_int_equal(a->dns[0], 0x0a000035);
	assert_int_equal(a->dns[1], 0x0a000036);
	assert_int_equal(a->nbns[0], 0x0a000089);
	assert_int_equal(a->nbns[1], 0);
	t = acc_template(a, 3);
	assert_non_null(t);
	assert_int_equal(t->n_auth, 3);
	assert_int_equal(t->auth[0], ACC_AUTH_MSCHAPV2);
	assert_int_equal(t->auth[2], ACC_AUTH_PAP);
	assert_string_equal(t->pool, "default");
	/* lo resolves from the host when the file has no such interface */
	assert_int_equal(acc_unnumbered_addr(a, t), 0x7f000001);
	cfg_free(c);

	parse_err("username a password 7 0822455D0A16\n", 1, 21, "type 7");
	parse_err("ip local pool p 10.0.0.9 10.0.0.1\n", 1, 26, "below");
	parse_err("ip local pool p 10.0.0.300\n", 1, 17, "IPv4");
	parse_err("ip local pool p 10.0.0.1 10.0.0.2\nip local pool p 10.0.1.1 10.0.1.2\n", 2, 15,
		  "already defined");
	parse_err("interface Virtual-Template1\n peer default ip address pool nowhere\n", 1, 11,
		  "no 'ip local pool nowhere'");
	parse_err("interface Virtual-Template201\n", 1, 11, "1-200");
	parse_err("interface Virtual-Template1\n ppp authentication ms-chap ms-chap\n", 2, 29, "twice");
	parse_err("interface Virtual-Template1\n ppp authentication eap\n", 2, 21, "is not one of");
	parse_err("interface Virtual-Template1\n ip address 10.0.0.1 255.255.255.0\n", 2, 1, "unnumbered");
	parse_err("async-bootp dns-server\n", 1, 23, "incomplete");
}

static void test_engine_commands(void **state)
{
	struct cfg *c;

	(void)state;
	c = parse_ok("hostname x\n");
	assert_false(eng(c)->controller);
	assert_string_equal(eng_spec(eng(c)), "sw");
	cfg_free(c);
	c = parse_ok("controller isa 5/0\n encryption mppe cardsim:/run/card.sock\n");
	assert_string_equal(eng_spec(eng(c)), "cardsim:/run/card.sock");
	cfg_free(c);
	c = parse_ok("controller ISA 1/0\n encryption mppe vfio:0000:03:00.0\n");
	assert_string_equal(eng_spec(eng(c)), "vfio:0000:03:00.0");
	cfg_free(c);
	c = parse_ok("controller isa 1/0\n encryption mppe sw\n no encryption mppe\n");
	assert_false(eng(c)->mppe);
	assert_string_equal(eng_spec(eng(c)), "sw");
	cfg_free(c);
	notices = 0;
	c = parse_ok("controller isa 1/0\n encryption ipsec\n");
	assert_int_equal(notices, 1);
	cfg_free(c);
	parse_err("controller isa 5\n", 1, 16, "SLOT/PORT");
	parse_err("controller isa 5/0\n encryption mppe vfio:03:00.0\n", 2, 18, "PCI address");
	parse_err("controller isa 5/0\n encryption mppe cardsim:\n", 2, 18, "socket");
	parse_err("controller isa 5/0\n encryption mppe quantum\n", 2, 18, "sw, cardsim");
	c = parse_ok("controller isa 5/0\n encryption mppe cards:cardsim:/run/a.sock,vfio:0000:03:00.0\n");
	assert_string_equal(eng_spec(eng(c)), "cards:cardsim:/run/a.sock,vfio:0000:03:00.0");
	cfg_free(c);
	parse_err("controller isa 5/0\n encryption mppe cards:cardsim:/a,sw\n", 2, 18, "cardsim:SOCKET or vfio");
	parse_err("controller isa 5/0\n encryption mppe cards:cardsim:/a,vfio:3:0.0\n", 2, 18, "PCI address");
	parse_err("controller isa 5/0\n encryption mppe cards:\n", 2, 18, "1 to 8");
	parse_err("controller isa 5/0\n encryption mppe\ncontroller isa 6/0\n", 3, 16, "one engine");
}

/* Unknown commands are errors with line and column, in strict mode;
 * commands of things we do not have are notices. */
static void test_unknown_and_notices(void **state)
{
	struct cfg *c;

	(void)state;
	parse_err("hostname a\nfrobnicate now\n", 2, 1, "unknown command");
	parse_err("interface Virtual-Template1\n ppp multilink\n", 2, 6, "unknown keyword");
	parse_err("vpdn-group 1\n  local nam x\n", 2, 9, "unknown keyword");
	notices = 0;
	c = parse_ok("ip route 0.0.0.0 0.0.0.0 1.1.1.1\nline vty 0 4\n login\n transport input ssh\n"
		     "interface Serial0/0\n framing c-bit\n shutdown\n");
	assert_int_equal(notices, 6);   /* interface Serial0/0 itself is recorded */
	cfg_free(c);
}

/* A bad line anywhere: nothing is returned, so the caller's running
 * configuration stays as it was. */
static void test_never_half_applies(void **state)
{
	struct cfg *old, *c = NULL;
	struct cfg_error e;
	const char *bad = "hostname NEW\nusername x password 0 y\nvpdn-group 1\n pptp tunnel echo 5000\n";

	(void)state;
	old = parse_ok("hostname OLD\n");
	assert_int_equal(cfg_parse_buf(bad, strlen(bad), "t", &strict, &c, &e), -1);
	assert_null(c);
	assert_int_equal(e.line, 4);
	assert_string_equal(((struct cfg_core *)cfg_block(old, &cfg_core_section))->hostname, "OLD");
	assert_int_equal(acc(old)->n_users, 0);
	cfg_free(old);
}

/* Session limits, static addresses, MTU and ipv6 enable: values, errors,
 * and what show running-config writes back. */
static void test_session_commands(void **state)
{
	static const char text[] =
		"username alice password 0 s3cret\nusername alice address 10.7.0.5\n"
		"username alice session-limit 2\nip local pool default 10.9.0.10 10.9.0.20\n"
		"interface Virtual-Template1\n ppp timeout idle 600 inbound\n timeout absolute 90 30\n"
		" session-limit 40\n ip mtu 1400\n mtu 1450\n ipv6 enable\n"
		"interface Virtual-Template2\n ppp timeout absolute 5\n ppp timeout idle 30 either\n";
	struct cfg *c, *c2;
	const struct acc_template *t;
	char *b1 = NULL, *b2 = NULL;
	size_t l1 = 0, l2 = 0;
	FILE *f;

	(void)state;
	c = parse_ok(text);
	assert_int_equal(acc_user(acc(c), "alice")->addr, 0x0a070005);
	assert_int_equal(acc_user(acc(c), "alice")->session_limit, 2);
	t = acc_template(acc(c), 1);
	assert_int_equal(t->idle_s, 600);
	assert_true(t->idle_inbound);
	assert_int_equal(t->absolute_s, 90 * 60 + 30);
	assert_int_equal(t->session_limit, 40);
	assert_int_equal(t->ip_mtu, 1400);
	assert_int_equal(t->mtu, 1450);
	assert_true(t->ipv6);
	t = acc_template(acc(c), 2);
	assert_int_equal(t->absolute_s, 300);
	assert_int_equal(t->idle_s, 30);
	assert_false(t->idle_inbound);
	assert_false(t->ipv6);
	f = open_memstream(&b1, &l1);
	cfg_write(c, f);
	fclose(f);
	c2 = parse_ok(b1);
	f = open_memstream(&b2, &l2);
	cfg_write(c2, f);
	fclose(f);
	assert_string_equal(b1, b2);
	assert_non_null(strstr(b1, "username alice address 10.7.0.5\nusername alice session-limit 2\n"));
	assert_non_null(strstr(b1, " ppp timeout idle 600 inbound\n timeout absolute 90 30\n session-limit 40\n"
				   " mtu 1450\n ip mtu 1400\n ipv6 enable\n"));
	free(b1);
	free(b2);
	cfg_free(c);
	cfg_free(c2);

	parse_err("username bob address 10.7.0.5\n", 1, 10, "no 'username bob password");
	parse_err("username a password 0 x\nusername a address 127.0.0.1\n", 2, 20, "unicast");
	/* whole-file checks name the address's own line and column */
	parse_err("username a password 0 x\nusername a address 10.9.0.12\nip local pool p 10.9.0.10 10.9.0.20\n",
		  2, 20, "inside ip local pool p");
	parse_err("username a password 0 x\nusername b password 0 y\nusername a address 10.7.0.5\n"
		  "username b address 10.7.0.5\n", 4, 20, "already the address of user a");
	parse_err("interface Virtual-Template1\n ip mtu 100\n", 2, 9, "128-1500");
	parse_err("interface Virtual-Template1\n mtu 1600\n", 2, 6, "128-1500");
	parse_err("interface Virtual-Template1\n ppp timeout idle 0\n", 2, 19, "");
	parse_err("interface Virtual-Template1\n timeout absolute 10 60\n", 2, 22, "");
}

/* show running-config output parses back to the same running-config. */
static void test_write_round_trip(void **state)
{
	struct cfg *c, *c2;
	char *b1 = NULL, *b2 = NULL;
	size_t l1 = 0, l2 = 0;
	FILE *f;

	(void)state;
	c = parse_ok(slurp("tests/fixtures/feature-example.cfg"));
	f = open_memstream(&b1, &l1);
	cfg_write(c, f);
	fclose(f);
	c2 = parse_ok(b1);
	f = open_memstream(&b2, &l2);
	cfg_write(c2, f);
	fclose(f);
	assert_string_equal(b1, b2);
	assert_non_null(strstr(b1, "interface Virtual-Template1\n ip unnumbered FastEthernet0/0\n"
				   " ppp encrypt mppe 40\n ppp authentication ms-chap\n"));
	assert_non_null(strstr(b1, "controller ISA 5/0\n encryption mppe\n"));
	free(b1);
	free(b2);
	cfg_free(c);
	cfg_free(c2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_feature_example_strict, setup),
		cmocka_unit_test_setup(test_demo_config, setup),
		cmocka_unit_test_setup(test_session_commands, setup),
		cmocka_unit_test_setup(test_vpdn_ranges_defaults, setup),
		cmocka_unit_test_setup(test_mppe_command, setup),
		cmocka_unit_test_setup(test_access_commands, setup),
		cmocka_unit_test_setup(test_engine_commands, setup),
		cmocka_unit_test_setup(test_unknown_and_notices, setup),
		cmocka_unit_test_setup(test_never_half_applies, setup),
		cmocka_unit_test_setup(test_write_round_trip, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
