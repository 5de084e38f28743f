/*
 * The CLI: the request language, the show-command layouts (checked
 * character for character against the Cisco feature document's examples),
 * clear/reload/debug, and the control socket itself (real UNIX socket,
 * real event loop): answers, oversized and garbled requests, a user who
 * is not allowed, and a --follow session receiving debug output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli_cmd.h"
#include "cli/cli_http.h"
#include "cli/cli_server.h"
#include "cli/cli_show.h"
#include "common/evloop.h"
#include "common/log.h"
#include "table_query.h"

static struct cli_request parse(const char *line)
{
	struct cli_request r;
	char err[200];
	int rc = cli_parse(line, strlen(line), &r, err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "'%s': %s\n", line, err);
	assert_int_equal(rc, 0);
	return r;
}

static void parse_bad(const char *line, const char *needle)
{
	struct cli_request r;
	char err[200];
	assert_int_equal(cli_parse(line, strlen(line), &r, err, sizeof(err)), -1);
	if (strstr(err, needle) == NULL)
		fprintf(stderr, "'%s': got '%s', wanted '%s'\n", line, err, needle);
	assert_non_null(strstr(err, needle));
}

static void test_parse(void **state)
{
	struct cli_request r;

	(void)state;
	assert_int_equal(parse("show vpdn").id, CLI_SHOW_VPDN);
	assert_int_equal(parse("  sh   vpdn ").id, CLI_SHOW_VPDN);
	assert_int_equal(parse("sh vp sess all").id, CLI_SHOW_VPDN_SESSION_ALL);
	assert_int_equal(parse("show vpdn session window").id, CLI_SHOW_VPDN_SESSION_WIN);
	assert_int_equal(parse("show vpdn session").id, CLI_SHOW_VPDN_SESSION);
	assert_int_equal(parse("show vpdn tunnel").id, CLI_SHOW_VPDN_TUNNEL);
	assert_int_equal(parse("show vpdn tunnel all").id, CLI_SHOW_VPDN_TUNNEL_ALL);
	assert_int_equal(parse("sh vp tu a --json").id, CLI_SHOW_VPDN_TUNNEL_ALL);
	assert_int_equal(parse("show vpdn session packets").id, CLI_SHOW_VPDN_SESSION_PKTS);
	assert_int_equal(parse("sh ipv6 loc pool").id, CLI_SHOW_IPV6_POOL);
	assert_int_equal(parse("sh ip loc pool").id, CLI_SHOW_IP_POOL);
	assert_int_equal(parse("sh vp sess p").id, CLI_SHOW_VPDN_SESSION_PKTS);
	r = parse("show ppp mppe virtual-access3");
	assert_int_equal(r.id, CLI_SHOW_PPP_MPPE);
	assert_true(r.vi_given);
	assert_int_equal(r.vi, 3);
	r = parse("show ppp mppe Vi12");
	assert_int_equal(r.vi, 12);
	r = parse("show ppp mppe virtual-access 7 --json");
	assert_int_equal(r.vi, 7);
	assert_true(r.json);
	r = parse("show ppp mppe virtual-access");
	assert_false(r.vi_given);
	assert_int_equal(parse("show running-config").id, CLI_SHOW_RUNNING);
	assert_int_equal(parse("sh ver").id, CLI_SHOW_VERSION);
	assert_int_equal(parse("show ip local pool").id, CLI_SHOW_IP_POOL);
	assert_int_equal(parse("clear vpdn tunnel l2tp orion samson").id, CLI_CLEAR_TUNNEL_OTHER);
	assert_int_equal(parse("clear vpdn tunnel l2f orion samson").id, CLI_CLEAR_TUNNEL_OTHER);
	assert_int_equal(parse("clear vpdn tunnel pptp orion samson").id, CLI_CLEAR_TUNNEL_NAMES);
	assert_int_equal(parse("show metrics").id, CLI_SHOW_METRICS);
	r = parse("clear vpdn tunnel pptp 10.1.2.41 cisco_pns");
	assert_int_equal(r.id, CLI_CLEAR_TUNNEL_NAMES);
	assert_string_equal(r.nas, "10.1.2.41");
	assert_string_equal(r.gateway, "cisco_pns");
	r = parse("clear vpdn tunnel orion samson");       /* the command reference's example */
	assert_int_equal(r.id, CLI_CLEAR_TUNNEL_NAMES);
	assert_string_equal(r.nas, "orion");
	r = parse("clear vpdn tunnel pptp id 13");
	assert_int_equal(r.id, CLI_CLEAR_TUNNEL_ID);
	assert_int_equal(r.tunnel_id, 13);
	assert_int_equal(parse("clear vpdn tunnel all").id, CLI_CLEAR_TUNNEL_ALL);
	r = parse("debug vpdn packet");
	assert_true(r.debug_on);
	assert_int_equal(r.debug_mask, (1u << DBG_VPDN_PKT_CONTROL) | (1u << DBG_VPDN_PKT_DATA));
	r = parse("debug vpdn packet data detail");
	assert_int_equal(r.debug_mask, (1u << DBG_VPDN_PKT_DATA) | (1u << DBG_VPDN_PKT_DETAIL));
	r = parse("debug vpdn event flow-control --follow");
	assert_int_equal(r.debug_mask, 1u << DBG_VPDN_FLOW);
	assert_true(r.follow);
	assert_int_equal(parse("debug vpdn event").debug_mask, 1u << DBG_VPDN_EVENT);
	assert_int_equal(parse("debug vpdn event protocol").debug_mask, 1u << DBG_VPDN_PROTOCOL);
	r = parse("no debug ppp mppe");
	assert_false(r.debug_on);
	assert_int_equal(r.debug_mask, 1u << DBG_PPP_MPPE);
	assert_int_equal(parse("debug ppp negotiation").debug_mask, 1u << DBG_PPP_NEGOTIATION);
	assert_int_equal(parse("debug ppp chap").debug_mask, 1u << DBG_PPP_CHAP);
	r = parse("undebug all");
	assert_false(r.debug_on);
	assert_int_equal(r.debug_mask, (1u << DBG_COUNT) - 1);
	assert_true(parse("terminal monitor").follow);
	assert_int_equal(parse("configure reload").id, CLI_CONFIGURE_RELOAD);

	parse_bad("show vpdn bogus", "Invalid input detected at 'bogus' (column 11)");
	parse_bad("show", "Incomplete command");
	parse_bad("c vpdn", "Ambiguous");
	parse_bad("", "Empty");
	parse_bad("show vpdn --xml", "Unknown option");
	parse_bad("show running-config --json", "--json goes with");
	parse_bad("show vpdn --follow", "--follow goes with");
	parse_bad("show ppp mppe virtual-access 70000", "Invalid input");
	parse_bad("show vpdn\x01", "control character");
	parse_bad("clear vpdn tunnel pptp id x", "Invalid input");
	char big[CLI_REQ_MAX + 10];
	memset(big, 'a', sizeof(big));
	assert_int_equal(cli_parse(big, sizeof(big), &r, big, 64), -1);
}

static char *run(struct table_query *t, const char *line, int *rc)
{
	struct cli_request r = parse(line);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	*rc = cli_execute(&t->q, &r, f);
	fclose(f);
	return buf;
}

static void expect(struct table_query *t, const char *line, int want_rc, const char *want)
{
	int rc;
	char *got = run(t, line, &rc);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "--- %s: got\n%s--- wanted\n%s---\n", line, got, want);
	assert_string_equal(got, want);
	assert_int_equal(rc, want_rc);
	free(got);
}

/* The feature document's "Verifying a PPTP Connection" outputs. */
static void test_show_feature_example(void **state)
{
	struct table_query t;

	(void)state;
	table_query_init(&t);
	table_query_feature_example(&t);
	expect(&t, "show vpdn", 0,
	       "\n% No active L2TP tunnels\n\n% No active L2F tunnels\n"
	       "\nPPTP Tunnel and Session Information (Total tunnels=1 sessions=1)\n"
	       "\nLocID RemID Remote Name      State   Remote Address  Port  Sessions\n"
	       "13    13    10.1.2.41        estabd  10.1.2.41       1136  1\n"
	       "\nLocID RemID TunID Intf   Username      State   Last Chg\n"
	       "13    0     13    Vi3    unknown       estabd  000106\n");
	expect(&t, "show vpdn session all", 0,
	       "\n% No active L2TP tunnels\n\n% No active L2F tunnels\n"
	       "\nPPTP Session Information (Total tunnels=1 sessions=1)\n"
	       "\nCall id 13 is up on tunnel id 13\n"
	       "Remote tunnel name is 10.1.2.41\n"
	       "Internet Address is 10.1.2.41\n"
	       "Session username is unknown, state is estabd\n"
	       "Time since change 000106, interface Vi3\n"
	       "Remote call id is 0\n"
	       "10 packets sent, 10 received, 332 bytes sent, 448 received\n"
	       "Ss 11, Sr 10, Remote Nr 10, peer RWS 16\n"
	       "0 out of order packets\n"
	       "Flow alarm is clear.\n");
	expect(&t, "show vpdn session window", 0,
	       "\n% No active L2TP tunnels\n\n% No active L2F tunnels\n"
	       "\nPPTP Session Information (Total tunnels=1 sessions=1)\n"
	       "\nLocID RemID TunID ZLB-tx  ZLB-rx  Congestion Alarms  Peer-RWS\n"
	       "13    0     13    0       1       clear      0       16\n");
	expect(&t, "show ppp mppe virtual-access3", 0,
	       "Interface Virtual-Access3 (current connection)\n"
	       "  Hardware (ISA5/0, flow_id=13) encryption, 40 bit encryption, Stateless mode\n"
	       "  packets encrypted = 0      packets decrypted = 1\n"
	       "  sent CCP resets = 0      receive CCP resets = 0\n"
	       "  next tx coherency = 0    next rx coherency = 0\n"
	       "  tx key changes = 0      rx key changes = 1\n"
	       "  rx pkt dropped = 0      rx out of order pkt= 0\n"
	       "  rx missed packets = 0\n");
	expect(&t, "show ppp mppe virtual-access 4", -1, "% Interface Virtual-Access4 does not exist\n");
	/* not in the document: IOS's layouts (docs/cli.md) */
	expect(&t, "show vpdn session packets", 0,
	       "\n% No active L2TP tunnels\n\n% No active L2F tunnels\n"
	       "\nPPTP Session Information (Total tunnels=1 sessions=1)\n"
	       "\nLocID RemID TunID Pkts-In    Pkts-Out   Bytes-In     Bytes-Out\n"
	       "13    0     13    10         10         448          332\n");
	t.tunnels[0].local_addr = 0x0a010201;
	t.tunnels[0].local_port = 1723;
	t.tunnels[0].peer_version = 0x0100;
	t.tunnels[0].msgs_rx = 4;
	t.tunnels[0].msgs_tx = 3;
	snprintf(t.tunnels[0].peer_vendor, sizeof(t.tunnels[0].peer_vendor), "Microsoft");
	expect(&t, "show vpdn tunnel all", 0,
	       "\n% No active L2TP tunnels\n\n% No active L2F tunnels\n"
	       "\nPPTP Tunnel Information (Total tunnels=1 sessions=1)\n"
	       "\nTunnel id 13 is up, remote id is 13, 1 active sessions\n"
	       "  Tunnel state is estabd, time since change 000030\n"
	       "  Remote tunnel name is 10.1.2.41\n"
	       "    Internet Address 10.1.2.41, port 1136\n"
	       "  Local tunnel name is cisco_pns\n"
	       "    Internet Address 10.1.2.1, port 1723\n"
	       "  Remote vendor is Microsoft, protocol version 1.0, firmware 0\n"
	       "  10 packets sent, 10 received\n"
	       "  332 bytes sent, 448 received\n"
	       "  3 control messages sent, 4 received\n"
	       "  Echo reply is not outstanding\n");
	t.hardware = false;
	t.sessions[0].ppp.stateful = true;
	t.sessions[0].ppp.key_bits = 128;
	t.sessions[0].flow_alarm = true;
	t.sessions[0].alarms = 2;
	expect(&t, "show ppp mppe vi3", 0,
	       "Interface Virtual-Access3 (current connection)\n"
	       "  Software encryption, 128 bit encryption, Stateful mode\n"
	       "  packets encrypted = 0      packets decrypted = 1\n"
	       "  sent CCP resets = 0      receive CCP resets = 0\n"
	       "  next tx coherency = 0    next rx coherency = 0\n"
	       "  tx key changes = 0      rx key changes = 1\n"
	       "  rx pkt dropped = 0      rx out of order pkt= 0\n"
	       "  rx missed packets = 0\n");
	expect(&t, "show vpdn session window", 0,
	       "\n% No active L2TP tunnels\n\n% No active L2F tunnels\n"
	       "\nPPTP Session Information (Total tunnels=1 sessions=1)\n"
	       "\nLocID RemID TunID ZLB-tx  ZLB-rx  Congestion Alarms  Peer-RWS\n"
	       "13    0     13    0       1       set        2       16\n");
}

static void test_show_empty_and_no_ppp(void **state)
{
	struct table_query t;

	(void)state;
	table_query_init(&t);
	expect(&t, "show vpdn", 0,
	       "\n% No active L2TP tunnels\n\n% No active L2F tunnels\n\n% No active PPTP tunnels\n");
	expect(&t, "show vpdn session", 0,
	       "\n% No active L2TP tunnels\n\n% No active L2F tunnels\n\n% No active PPTP sessions\n");
	expect(&t, "show ppp mppe virtual-access", 0, "% No Virtual-Access interfaces\n");
	/* a call with no PPP layer on it yet */
	table_query_feature_example(&t);
	memset(&t.sessions[0].ppp, 0, sizeof(t.sessions[0].ppp));
	t.sessions[0].since_change_ms = 3723000;   /* 1 h 2 min 3 s */
	expect(&t, "show vpdn session", 0,
	       "\n% No active L2TP tunnels\n\n% No active L2F tunnels\n"
	       "\nPPTP Session Information (Total tunnels=1 sessions=1)\n"
	       "\nLocID RemID TunID Intf   Username      State   Last Chg\n"
	       "13    0     13    -      unknown       estabd  010203\n");
}

static void test_clear_reload_debug(void **state)
{
	struct table_query t;

	(void)state;
	table_query_init(&t);
	table_query_feature_example(&t);
	expect(&t, "clear vpdn tunnel pptp id 99", -1, "% No PPTP tunnel with id 99\n");
	expect(&t, "clear vpdn tunnel pptp 10.1.2.41 samson", -1,
	       "% No PPTP tunnel from 10.1.2.41 to samson (this server's name is cisco_pns)\n");
	expect(&t, "clear vpdn tunnel pptp orion cisco_pns", -1, "% No PPTP tunnel from orion to cisco_pns\n");
	expect(&t, "clear vpdn tunnel pptp 10.1.2.41 cisco_pns", 0,
	       "Cleared PPTP tunnel 13 (10.1.2.41, 1 session)\n");
	assert_int_equal(t.n_tunnels, 0);
	assert_int_equal(t.n_sessions, 0);
	table_query_feature_example(&t);
	expect(&t, "clear vpdn tunnel id 13", 0, "Cleared PPTP tunnel 13\n");
	expect(&t, "clear vpdn tunnel all", 0, "% No active PPTP tunnels\n");

	expect(&t, "configure reload", 0,
	       "Configuration reloaded; established sessions keep running, new ones use it\n");
	assert_int_equal(t.reloads, 1);
	t.reload_fails = true;
	expect(&t, "configure reload", -1,
	       "% Reload failed, the running configuration stays: t.cfg:3:7: unknown command 'x'\n");

	expect(&t, "debug ppp mppe", 0, "ppp mppe debugging is on\n");
	assert_true(log_debug_on(DBG_PPP_MPPE));
	expect(&t, "show debugging", 0, "PPTP concentrator debugging:\n  ppp mppe debugging is on\n");
	expect(&t, "undebug all", 0, "All possible debugging has been turned off\n");
	assert_int_equal(log_debug_mask, 0);
	expect(&t, "show debugging", 0, "PPTP concentrator debugging:\n  all debugging is off\n");
}

static void test_metrics_and_json(void **state)
{
	struct table_query t;
	int rc;
	char *out;

	(void)state;
	table_query_init(&t);
	table_query_feature_example(&t);
	t.counters.calls_up = 5;
	snprintf(t.sessions[0].ppp.username, sizeof(t.sessions[0].ppp.username), "a\"b");
	out = run(&t, "show metrics", &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "# TYPE pnsd_calls_up_total counter\npnsd_calls_up_total 5\n"));
	assert_non_null(strstr(out, "pnsd_tunnels 1\n"));
	assert_non_null(strstr(out, "pnsd_session_mppe_rx_key_changes_total{tunnel=\"13\",call=\"13\","
				    "interface=\"Vi3\",user=\"a\\\"b\"} 1\n"));
	assert_null(strstr(out, "pnsd_card_"));          /* software engine: no card lines */
	free(out);
	t.counters.card = true;
	t.counters.card_resets = 2;
	t.counters.card_queue_errors = 1;
	out = run(&t, "show metrics", &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "# TYPE pnsd_card_resets_total counter\npnsd_card_resets_total 2\n"));
	assert_non_null(strstr(out, "pnsd_card_queue_errors_total 1\n"));
	assert_non_null(strstr(out, "pnsd_card_timeouts_total 0\n"));
	free(out);
	out = run(&t, "show vpdn --json", &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "\"username\":\"a\\\"b\""));
	assert_non_null(strstr(out, "\"total_tunnels\":1"));
	free(out);
}

/* A session with `ipv6 enable`: the IPv6 lines of session all (ours),
 * its JSON and metrics; a session without IPv6 shows none of them. */
static void test_ipv6_view(void **state)
{
	static const uint8_t pfx[8] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x07, 0x00, 0x2a };
	struct table_query t;
	struct cli_ppp_view *p;
	int rc;
	char *out;

	(void)state;
	table_query_init(&t);
	table_query_feature_example(&t);
	out = run(&t, "show vpdn session all", &rc);
	assert_null(strstr(out, "IPV6CP"));
	free(out);
	out = run(&t, "show metrics", &rc);
	assert_null(strstr(out, "ipv6"));
	assert_null(strstr(out, "_nd_"));
	free(out);
	p = &t.sessions[0].ppp;
	p->ipv6 = true;
	snprintf(p->ipv6cp, sizeof(p->ipv6cp), "Opened");
	p->have_prefix6 = true;
	memcpy(p->prefix6, pfx, 8);
	p->rx_ipv6 = 12;
	p->tx_ipv6 = 9;
	p->rx_ipv6_spoofed = 3;
	p->rx_ipv6_bad = 1;
	p->rx_ipv6_local = 1;
	p->nd_rs_rcvd = 2;
	p->nd_ra_sent = 5;
	out = run(&t, "show vpdn session all", &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "Flow alarm is clear.\n"
				    "IPV6CP is Opened, prefix 2001:db8:7:2a::/64\n"
				    "12 IPv6 packets in, 9 out, 3 spoofed source dropped, 2 other dropped\n"
				    "2 router solicitations received, 5 router advertisements sent\n"));
	free(out);
	out = run(&t, "show vpdn session all --json", &rc);
	assert_non_null(strstr(out, "\"ipv6\":{\"ipv6cp\":\"Opened\",\"prefix\":\"2001:db8:7:2a::/64\","
				    "\"packets_in\":12,\"packets_out\":9,\"spoofed_dropped\":3,\"bad_dropped\":1,"
				    "\"not_up_dropped\":0,\"local_dropped\":1,\"rs_received\":2,\"ra_sent\":5}}"));
	free(out);
	out = run(&t, "show metrics", &rc);
	assert_non_null(strstr(out, "pnsd_session_ipv6_spoofed_dropped_total{tunnel=\"13\",call=\"13\","
				    "interface=\"Vi3\",user=\"\"} 3\n"));
	assert_non_null(strstr(out, "pnsd_session_nd_router_advertisements_sent_total{tunnel=\"13\",call=\"13\","
				    "interface=\"Vi3\",user=\"\"} 5\n"));
	assert_non_null(strstr(out, "# TYPE pnsd_session_ipv6_prefix_info gauge\npnsd_session_ipv6_prefix_info{"
				    "tunnel=\"13\",call=\"13\",interface=\"Vi3\",user=\"\",prefix=\"2001:db8:7:2a::/64\"} 1\n"));
	free(out);
	/* IPV6CP not (yet) open: no prefix */
	p->have_prefix6 = false;
	snprintf(p->ipv6cp, sizeof(p->ipv6cp), "Req-Sent");
	out = run(&t, "show vpdn session all", &rc);
	assert_non_null(strstr(out, "IPV6CP is Req-Sent, prefix none\n"));
	free(out);
}

/* A user name and a peer host name with control characters (a client chose
 * them) reach no terminal raw: show vpdn, session all and metrics escape them. */
static void test_hostile_names(void **state)
{
	struct table_query t;
	int rc;
	char *out;

	(void)state;
	table_query_init(&t);
	table_query_feature_example(&t);
	snprintf(t.sessions[0].ppp.username, sizeof(t.sessions[0].ppp.username), "ev\nil\x1b[2J\xc2\x9b\x7f");
	snprintf(t.sessions[0].remote_name, sizeof(t.sessions[0].remote_name), "host\r\n00:00:01 forged");
	snprintf(t.tunnels[0].remote_name, sizeof(t.tunnels[0].remote_name), "tun\x1b]0;x\a");
	const char *cmds[] = { "show vpdn", "show vpdn session all", "show metrics", "show vpdn session" };
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		out = run(&t, cmds[i], &rc);
		assert_int_equal(rc, 0);
		for (const char *p = out; *p; p++) {
			unsigned char c = (unsigned char)*p;
			if (c == '\n' && (p[1] == 0 || strncmp(p + 1, "00:00:01", 8) != 0))
				continue;       /* a line of ours; a forged one would start with the fake time */
			if (c < 0x20 || c == 0x7f || (c == 0xc2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9f))
				fail_msg("'%s': raw control character 0x%02x at offset %td", cmds[i], c, p - out);
		}
		free(out);
	}
	out = run(&t, "show vpdn session all", &rc);
	assert_non_null(strstr(out, "Session username is ev\\x0ail\\x1b[2J\\xc2\\x9b\\x7f, state"));
	assert_non_null(strstr(out, "Remote tunnel name is host\\x0d\\x0a00:00:01 forged\n"));
	free(out);
	out = run(&t, "show metrics", &rc);
	/* label value: \n as Prometheus writes it, the others as the text \xNN */
	assert_non_null(strstr(out, "user=\"ev\\nil\\\\x1b[2J\\\\xc2\\\\x9b\\\\x7f\"}"));
	free(out);
}

/* ---- the socket ---- */

static char sock_path[108];

static int client(const char *req, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	strcpy(sa.sun_path, sock_path);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	if (len)
		assert_int_equal(send(fd, req, len, MSG_NOSIGNAL), (ssize_t)len);
	return fd;
}

/* Run the loop until the server closes fd (or the answer holds until). */
static char *collect(struct ev_loop *loop, int fd, const char *until)
{
	static char buf[65536];
	size_t n = 0;

	for (int i = 0; i < 500; i++) {
		ev_run_once(loop, 10);
		ssize_t r = recv(fd, buf + n, sizeof(buf) - 1 - n, MSG_DONTWAIT);
		if (r > 0)
			n += (size_t)r;
		buf[n] = '\0';
		if (r == 0 || (until != NULL && strstr(buf, until) != NULL))
			break;
	}
	return buf;
}

/* refresh_counters of an engine whose counter reads come back when the
 * test says so */
static struct {
	unsigned calls, vi;
	uint64_t since_ms;
	bool ready;
} refresh;

static int refresh_stub(void *ctx, unsigned vi, uint64_t since_ms)
{
	(void)ctx;
	refresh.calls++;
	refresh.vi = vi;
	refresh.since_ms = since_ms;
	return refresh.ready ? 0 : 1;
}

/* show ppp mppe virtual-access N waits for the engine's reads without
 * holding the loop: another request is answered meanwhile */
static void test_socket_refresh_waits(void **state)
{
	struct table_query t;
	struct ev_loop *loop = ev_loop_new();
	struct cli_server *s;
	char buf[256];
	char *out;
	int fd, fd2;

	(void)state;
	table_query_init(&t);
	table_query_feature_example(&t);
	t.q.refresh_counters = refresh_stub;
	memset(&refresh, 0, sizeof(refresh));
	snprintf(sock_path, sizeof(sock_path), "/tmp/test_cli_r.%d.sock", (int)getpid());
	s = cli_server_new(loop, sock_path, (gid_t)-1, &t.q);
	assert_non_null(s);

	fd = client("show ppp mppe virtual-access 3\n", 31);
	for (int i = 0; i < 10; i++)
		ev_run_once(loop, 10);
	assert_true(recv(fd, buf, sizeof(buf), MSG_DONTWAIT) < 0 && errno == EAGAIN);
	assert_true(refresh.calls >= 2);          /* asked again while waiting */
	assert_int_equal(refresh.vi, 3);
	assert_true(refresh.since_ms > 0);
	fd2 = client("show debugging\n", 15);
	out = collect(loop, fd2, NULL);
	assert_true(strncmp(out, "OK\nPPTP concentrator debugging:", 31) == 0);
	close(fd2);
	refresh.ready = true;
	out = collect(loop, fd, NULL);
	assert_true(strncmp(out, "OK\nInterface Virtual-Access3", 28) == 0);
	assert_null(strstr(out, "did not answer"));
	close(fd);

	/* the client hangs up while its request waits: the connection goes */
	refresh.ready = false;
	fd = client("show ppp mppe virtual-access 3\n", 31);
	for (int i = 0; i < 5; i++)
		ev_run_once(loop, 10);
	close(fd);
	unsigned calls = refresh.calls;
	for (int i = 0; i < 10; i++)
		ev_run_once(loop, 10);
	assert_true(refresh.calls <= calls + 1);  /* no longer asked for */

	cli_server_free(s);
	ev_loop_free(loop);
}

static void test_socket(void **state)
{
	struct table_query t;
	struct ev_loop *loop = ev_loop_new();
	struct cli_server *s;
	char *out;
	int fd;

	(void)state;
	table_query_init(&t);
	table_query_feature_example(&t);
	snprintf(sock_path, sizeof(sock_path), "/tmp/test_cli.%d.sock", (int)getpid());
	s = cli_server_new(loop, sock_path, (gid_t)-1, &t.q);
	assert_non_null(s);

	fd = client("show vpdn session window\n", 25);
	out = collect(loop, fd, NULL);
	if (strncmp(out, "OK\n\n% No active L2TP", 20) != 0)
		fprintf(stderr, "got [%s]\n", out);
	assert_true(strncmp(out, "OK\n\n% No active L2TP", 20) == 0);
	assert_non_null(strstr(out, "13    0     13    0       1       clear"));
	close(fd);

	fd = client("sh vpdn bogus\n", 14);
	out = collect(loop, fd, NULL);
	assert_string_equal(out, "ERROR\n% Invalid input detected at 'bogus' (column 9)\n");
	close(fd);

	fd = client("show\0vpdn\n", 10);
	out = collect(loop, fd, NULL);
	assert_string_equal(out, "ERROR\n% Garbled request (control character)\n");
	close(fd);

	/* oversized: more than CLI_REQ_MAX without a newline */
	static char big[CLI_REQ_MAX * 3];
	memset(big, 'x', sizeof(big));
	fd = client(big, CLI_REQ_MAX + 100);
	out = collect(loop, fd, NULL);
	assert_string_equal(out, "ERROR\n% Request too long\n");
	close(fd);
	assert_int_equal(cli_server_stats(s)->oversized, 1);

	/* the request without its newline, then EOF (printf ... | socat) */
	fd = client("show debugging", 14);
	shutdown(fd, SHUT_WR);
	out = collect(loop, fd, NULL);
	assert_true(strncmp(out, "OK\nPPTP concentrator debugging:", 31) == 0);
	close(fd);

	/* not root, not in the group: refused. The socket file is 0600 without
	 * a group, so the kernel already refuses; open it up to reach the
	 * daemon's own SO_PEERCRED check. */
	if (geteuid() == 0) {
		assert_int_equal(chmod(sock_path, 0666), 0);
		pid_t pid = fork();
		if (pid == 0) {
			char buf[256] = "";
			ssize_t n = 0, r;
			struct sockaddr_un sa = { .sun_family = AF_UNIX };
			int cfd;
			strcpy(sa.sun_path, sock_path);
			if (setgid(65534) < 0 || setuid(65534) < 0)
				_exit(3);
			cfd = socket(AF_UNIX, SOCK_STREAM, 0);
			if (connect(cfd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
				_exit(5);
			/* the server may have answered and closed already */
			(void)!send(cfd, "show vpdn\n", 10, MSG_NOSIGNAL);
			while ((r = read(cfd, buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
				n += r;
			buf[n] = '\0';
			_exit(strcmp(buf, "ERROR\n% Permission denied\n") == 0 ? 0 : 4);
		}
		int st = 0;
		for (int i = 0; i < 500 && waitpid(pid, &st, WNOHANG) == 0; i++)
			ev_run_once(loop, 10);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
		assert_int_equal(cli_server_stats(s)->refused_perm, 1);
	}

	/* --follow: debug output streams to the session, off again when it leaves */
	log_stderr(false);
	fd = client("debug ppp mppe --follow\n", 24);
	out = collect(loop, fd, "debugging is on\n");
	assert_string_equal(out, "OK\nppp mppe debugging is on\n");
	log_debug(DBG_PPP_MPPE, "Vi3 MPPE: test line %d", 42);
	out = collect(loop, fd, "test line 42");
	assert_non_null(strstr(out, "Vi3 MPPE: test line 42\n"));
	close(fd);
	for (int i = 0; i < 20; i++)
		ev_run_once(loop, 5);
	assert_false(log_debug_on(DBG_PPP_MPPE));
	log_stderr(true);

	cli_server_free(s);
	assert_int_equal(access(sock_path, F_OK), -1);
	ev_loop_free(loop);
}

static void test_http_status(void **state)
{
	(void)state;
	assert_int_equal(cli_http_status("GET /metrics HTTP/1.1", 21), 200);
	assert_int_equal(cli_http_status("GET /metrics?x=1 HTTP/1.0", 25), 200);
	assert_int_equal(cli_http_status("GET / HTTP/1.1", 14), 404);
	assert_int_equal(cli_http_status("GET /metricsx HTTP/1.1", 22), 404);
	assert_int_equal(cli_http_status("POST /metrics HTTP/1.1", 22), 405);
	assert_int_equal(cli_http_status("GET /metrics", 12), 400);
	assert_int_equal(cli_http_status("GET\0/metrics HTTP/1.1", 21), 400);
	assert_int_equal(cli_http_status("", 0), 400);
}

/* pnsctl's Tab completion uses the same grammar */
static char completed[256];
static void add_word(void *arg, const char *w)
{
	(void)arg;
	strcat(completed, w);
	strcat(completed, " ");
}

static void test_complete(void **state)
{
	(void)state;
	completed[0] = '\0';
	cli_complete("sh", 2, add_word, NULL);
	assert_string_equal(completed, "show ");
	completed[0] = '\0';
	cli_complete("show vpdn session ", 18, add_word, NULL);
	assert_string_equal(completed, "all packets window ");
	completed[0] = '\0';
	cli_complete("debug vpdn ", 11, add_word, NULL);
	assert_string_equal(completed, "event packet ");
	completed[0] = '\0';
	cli_complete("show bogus ", 11, add_word, NULL);
	assert_string_equal(completed, "");
	/* IOS '?': placeholders and <cr> where the command is complete */
	completed[0] = '\0';
	cli_context_help("show vpdn session ", 18, add_word, NULL);
	assert_string_equal(completed, "all packets window <cr> ");
	completed[0] = '\0';
	cli_context_help("clear vpdn tunnel id ", 21, add_word, NULL);
	assert_string_equal(completed, "<number> ");
	completed[0] = '\0';
	cli_context_help("show ver", 8, add_word, NULL);
	assert_string_equal(completed, "version ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_show_feature_example),
		cmocka_unit_test(test_show_empty_and_no_ppp),
		cmocka_unit_test(test_clear_reload_debug),
		cmocka_unit_test(test_metrics_and_json),
		cmocka_unit_test(test_ipv6_view),
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_socket),
		cmocka_unit_test(test_socket_refresh_waits),
		cmocka_unit_test(test_http_status),
		cmocka_unit_test(test_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
