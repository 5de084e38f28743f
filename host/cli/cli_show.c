/*
 * Show-command output. Layouts follow the Cisco "PPTP with MPPE" feature
 * document ("Verifying a PPTP Connection" and "show ppp mppe"): the same
 * headings, columns and wording, so that operators' scripts and eyes work
 * unchanged. This product has no L2TP or L2F, so their lines always say
 * "No active".
 */
#include "cli_show.h"
#include "../common/escape.h"
#include "../common/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- snapshot ---- */

struct grow {
	void *v;
	size_t n, cap, size;
};

static void *grow_push(struct grow *g)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		void *v = realloc(g->v, cap * g->size);
		if (v == NULL)
			return NULL;
		g->v = v;
		g->cap = cap;
	}
	return (char *)g->v + g->size * g->n++;
}

static int take_tunnel(void *arg, const struct cli_tunnel *t)
{
	struct cli_tunnel *slot = grow_push(arg);
	if (slot == NULL)
		return -1;
	*slot = *t;
	return 0;
}

static int take_session(void *arg, const struct cli_session *s)
{
	struct cli_session *slot = grow_push(arg);
	if (slot == NULL)
		return -1;
	*slot = *s;
	return 0;
}

static int cmp_tunnel(const void *a, const void *b)
{
	const struct cli_tunnel *x = a, *y = b;
	return (int)x->loc_id - (int)y->loc_id;
}

static int cmp_session(const void *a, const void *b)
{
	const struct cli_session *x = a, *y = b;
	if (x->tun_id != y->tun_id)
		return (int)x->tun_id - (int)y->tun_id;
	return (int)x->loc_id - (int)y->loc_id;
}

int cli_snapshot_take(const struct cli_query *q, struct cli_snapshot *s)
{
	struct grow t = { .size = sizeof(struct cli_tunnel) };
	struct grow c = { .size = sizeof(struct cli_session) };

	memset(s, 0, sizeof(*s));
	if (q->counters != NULL)
		q->counters(q->ctx, &s->counters);
	if (q->foreach_tunnel(q->ctx, take_tunnel, &t) < 0 ||
	    q->foreach_session(q->ctx, 0, take_session, &c) < 0) {
		free(t.v);
		free(c.v);
		errno = ENOMEM;
		return -1;
	}
	s->tunnels = t.v;
	s->n_tunnels = t.n;
	s->sessions = c.v;
	s->n_sessions = c.n;
	if (t.n > 1)
		qsort(s->tunnels, t.n, sizeof(*s->tunnels), cmp_tunnel);
	if (c.n > 1)
		qsort(s->sessions, c.n, sizeof(*s->sessions), cmp_session);
	return 0;
}

void cli_snapshot_free(struct cli_snapshot *s)
{
	free(s->tunnels);
	free(s->sessions);
	memset(s, 0, sizeof(*s));
}

/* ---- helpers ---- */

/* "000106": hours, minutes, seconds, as IOS prints Last Chg. */
static void cli_hhmmss(uint64_t ms, char *buf, size_t len)
{
	uint64_t s = ms / 1000;
	snprintf(buf, len, "%02" PRIu64 "%02u%02u", s / 3600, (unsigned)(s / 60 % 60), (unsigned)(s % 60));
}

/* JSON string literal (quotes included). */
static void cli_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static const char *ip(uint32_t host_order, char *buf)
{
	struct in_addr in = { .s_addr = htonl(host_order) };
	return inet_ntop(AF_INET, &in, buf, INET_ADDRSTRLEN);
}

/* "2001:db8:0:1::/64", or "" when the session has no /64. */
static const char *prefix6(const struct cli_ppp_view *p, char *buf)
{
	uint8_t a[16] = { 0 };
	size_t n;

	buf[0] = '\0';
	if (!p->have_prefix6)
		return buf;
	memcpy(a, p->prefix6, 8);
	inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
	n = strlen(buf);
	snprintf(buf + n, INET6_ADDRSTRLEN + 4 - n, "/64");
	return buf;
}

static void intf_name(const struct cli_session *s, char *buf, size_t len)
{
	if (s->ppp.present)
		snprintf(buf, len, "Vi%u", s->ppp.vi);
	else
		snprintf(buf, len, "-");
}

/* Names from the network, for a terminal (see common/escape.h). */
typedef char shown_name[ESCAPED_SIZE(CLI_NAME_MAX)];

static const char *username(const struct cli_session *s, shown_name buf)
{
	return s->ppp.username[0] ? str_escape(buf, sizeof(shown_name), s->ppp.username) : "unknown";
}

static void no_other_protocols(FILE *out)
{
	fputs("\n% No active L2TP tunnels\n\n% No active L2F tunnels\n", out);
}

static void heading(const struct cli_snapshot *s, FILE *out, const char *what)
{
	fprintf(out, "\nPPTP %s Information (Total tunnels=%zu sessions=%zu)\n", what, s->n_tunnels,
		s->n_sessions);
}

static void tunnel_table(const struct cli_snapshot *s, FILE *out)
{
	char a[INET_ADDRSTRLEN];
	shown_name name;

	fputs("\nLocID RemID Remote Name      State   Remote Address  Port  Sessions\n", out);
	for (size_t i = 0; i < s->n_tunnels; i++) {
		const struct cli_tunnel *t = &s->tunnels[i];
		fprintf(out, "%-5u %-5u %-16.16s %-7s %-15s %-5u %u\n", t->loc_id, t->rem_id,
			str_escape(name, sizeof(name), t->remote_name), t->state, ip(t->remote_addr, a), t->remote_port, t->sessions);
	}
}

static void session_table(const struct cli_snapshot *s, FILE *out)
{
	char intf[16], chg[32];
	shown_name name;

	fputs("\nLocID RemID TunID Intf   Username      State   Last Chg\n", out);
	for (size_t i = 0; i < s->n_sessions; i++) {
		const struct cli_session *c = &s->sessions[i];
		intf_name(c, intf, sizeof(intf));
		cli_hhmmss(c->since_change_ms, chg, sizeof(chg));
		fprintf(out, "%-5u %-5u %-5u %-6s %-13.13s %-7s %s\n", c->loc_id, c->rem_id, c->tun_id, intf,
			username(c, name), c->state, chg);
	}
}

/* ---- JSON ---- */

/* A tunnel's data counters: the sum over its sessions' GRE counters (PPTP
 * carries data per call; the tunnel has only control messages). */
struct tunnel_data {
	uint64_t pkts_tx, pkts_rx, bytes_tx, bytes_rx;
};

static struct tunnel_data tunnel_data(const struct cli_snapshot *s, uint16_t tun_id)
{
	struct tunnel_data d = { 0 };

	for (size_t i = 0; i < s->n_sessions; i++) {
		const struct cli_session *c = &s->sessions[i];
		if (c->tun_id != tun_id)
			continue;
		d.pkts_tx += c->pkts_tx;
		d.pkts_rx += c->pkts_rx;
		d.bytes_tx += c->bytes_tx;
		d.bytes_rx += c->bytes_rx;
	}
	return d;
}

static void json_tunnel(FILE *out, const struct cli_snapshot *s, const struct cli_tunnel *t)
{
	char a[INET_ADDRSTRLEN];
	struct tunnel_data d = tunnel_data(s, t->loc_id);

	fprintf(out, "{\"loc_id\":%u,\"rem_id\":%u,\"remote_name\":", t->loc_id, t->rem_id);
	cli_json_str(out, t->remote_name);
	fprintf(out, ",\"state\":");
	cli_json_str(out, t->state);
	fprintf(out, ",\"remote_address\":\"%s\",\"port\":%u,\"sessions\":%u,\"last_change_ms\":%" PRIu64
		",\"peer_vendor\":", ip(t->remote_addr, a), t->remote_port, t->sessions, t->since_change_ms);
	cli_json_str(out, t->peer_vendor);
	fprintf(out, ",\"peer_version\":\"%u.%u\",\"peer_firmware\":%u,\"local_address\":\"%s\",\"local_port\":%u"
		",\"messages_rx\":%" PRIu64 ",\"messages_tx\":%" PRIu64 ",\"echo_outstanding\":%s"
		",\"packets_sent\":%" PRIu64 ",\"packets_received\":%" PRIu64 ",\"bytes_sent\":%" PRIu64
		",\"bytes_received\":%" PRIu64 "}", t->peer_version >> 8, t->peer_version & 0xff, t->peer_firmware,
		ip(t->local_addr, a), t->local_port, t->msgs_rx, t->msgs_tx, t->echo_outstanding ? "true" : "false",
		d.pkts_tx, d.pkts_rx, d.bytes_tx, d.bytes_rx);
}

static void json_mppe_counters(FILE *out, const struct mppe_counters *c)
{
	fprintf(out, "{\"packets\":%" PRIu64 ",\"bytes\":%" PRIu64 ",\"key_changes\":%" PRIu64
		",\"ccp_resets\":%" PRIu64 ",\"dropped\":%" PRIu64 ",\"out_of_order\":%" PRIu64
		",\"missed\":%" PRIu64 ",\"next_coherency\":%u}", c->packets, c->bytes, c->key_changes,
		c->ccp_resets, c->rx_dropped, c->rx_out_of_order, c->rx_missed, c->next_ccount);
}

static void json_session(FILE *out, const struct cli_session *s)
{
	char a[INET_ADDRSTRLEN], intf[16];
	const struct cli_ppp_view *p = &s->ppp;

	intf_name(s, intf, sizeof(intf));
	fprintf(out, "{\"loc_id\":%u,\"rem_id\":%u,\"tun_id\":%u,\"interface\":", s->loc_id, s->rem_id,
		s->tun_id);
	cli_json_str(out, p->present ? intf : "");
	fputs(",\"username\":", out);
	cli_json_str(out, p->username);
	fputs(",\"state\":", out);
	cli_json_str(out, s->state);
	fprintf(out, ",\"last_change_ms\":%" PRIu64 ",\"remote_name\":", s->since_change_ms);
	cli_json_str(out, s->remote_name);
	fprintf(out, ",\"remote_address\":\"%s\",\"packets_sent\":%" PRIu64 ",\"packets_received\":%" PRIu64
		",\"bytes_sent\":%" PRIu64 ",\"bytes_received\":%" PRIu64 ",\"ss\":%u,\"sr\":%u"
		",\"remote_nr\":%u,\"our_rws\":%u,\"peer_rws\":%u,\"out_of_order\":%" PRIu64
		",\"duplicates\":%" PRIu64 ",\"lost\":%" PRIu64 ",\"flow_alarm\":%s,\"alarms\":%" PRIu64
		",\"zlb_tx\":%" PRIu64 ",\"zlb_rx\":%" PRIu64, ip(s->remote_addr, a), s->pkts_tx, s->pkts_rx,
		s->bytes_tx, s->bytes_rx, s->ss, s->sr, s->remote_nr, s->our_rws, s->peer_rws,
		s->out_of_order, s->duplicates, s->lost, s->flow_alarm ? "true" : "false", s->alarms,
		s->zlb_tx, s->zlb_rx);
	if (p->present) {
		fputs(",\"ppp\":{\"phase\":", out);
		cli_json_str(out, p->phase);
		fputs(",\"lcp\":", out);
		cli_json_str(out, p->lcp);
		fputs(",\"ipcp\":", out);
		cli_json_str(out, p->ipcp);
		fputs(",\"ccp\":", out);
		cli_json_str(out, p->ccp);
		fprintf(out, ",\"client_address\":\"%s\",\"ip_packets_in\":%" PRIu64 ",\"ip_packets_out\":%"
			PRIu64 ",\"ip_octets_in\":%" PRIu64 ",\"ip_octets_out\":%" PRIu64,
			p->client_addr ? ip(p->client_addr, a) : "", p->rx_ip, p->tx_ip, p->rx_ip_octets,
			p->tx_ip_octets);
		if (p->ipv6) {
			char pfx[INET6_ADDRSTRLEN + 4];
			fputs(",\"ipv6\":{\"ipv6cp\":", out);
			cli_json_str(out, p->ipv6cp);
			fprintf(out, ",\"prefix\":\"%s\",\"packets_in\":%" PRIu64 ",\"packets_out\":%" PRIu64
				",\"spoofed_dropped\":%" PRIu64 ",\"bad_dropped\":%" PRIu64 ",\"not_up_dropped\":%" PRIu64
				",\"local_dropped\":%" PRIu64 ",\"rs_received\":%" PRIu64 ",\"ra_sent\":%" PRIu64 "}",
				prefix6(p, pfx), p->rx_ipv6, p->tx_ipv6, p->rx_ipv6_spoofed, p->rx_ipv6_bad,
				p->rx_ipv6_dropped, p->rx_ipv6_local, p->nd_rs_rcvd, p->nd_ra_sent);
		}
		fputc('}', out);
	}
	fputc('}', out);
}

static void json_list(FILE *out, const char *name, const struct cli_snapshot *s, bool tunnels,
		      bool sessions)
{
	(void)name;
	fprintf(out, "{\"total_tunnels\":%zu,\"total_sessions\":%zu", s->n_tunnels, s->n_sessions);
	if (tunnels) {
		fputs(",\"tunnels\":[", out);
		for (size_t i = 0; i < s->n_tunnels; i++) {
			fputs(i ? "," : "", out);
			json_tunnel(out, s, &s->tunnels[i]);
		}
		fputc(']', out);
	}
	if (sessions) {
		fputs(",\"sessions\":[", out);
		for (size_t i = 0; i < s->n_sessions; i++) {
			fputs(i ? "," : "", out);
			json_session(out, &s->sessions[i]);
		}
		fputc(']', out);
	}
	fputs("}\n", out);
}

/* ---- show vpdn ---- */

/* What each `show vpdn` listing is of: its JSON name and members, its
 * heading, and whether "nothing to show" is counted in tunnels (else in
 * sessions). */
struct listing {
	const char *json, *heading;
	bool tunnels, sessions;
};
static const struct listing L_VPDN = { "vpdn", "Tunnel and Session", true, true };
static const struct listing L_TUNNEL = { "tunnel", "Tunnel", true, false };
static const struct listing L_SESSION = { "session", "Session", false, true };

/* The start every `show vpdn` listing shares: the JSON form whole, or IOS's
 * other-protocols line, then "% No active PPTP ..." when there is nothing,
 * else the heading. Whether the caller's rows follow. */
static bool listing_start(const struct cli_snapshot *s, FILE *out, bool json, const struct listing *l)
{
	if (json) {
		json_list(out, l->json, s, l->tunnels, l->sessions);
		return false;
	}
	no_other_protocols(out);
	if (l->tunnels ? s->n_tunnels == 0 : s->n_sessions == 0) {
		fputs(l->tunnels ? "\n% No active PPTP tunnels\n" : "\n% No active PPTP sessions\n", out);
		return false;
	}
	heading(s, out, l->heading);
	return true;
}

void cli_show_vpdn(const struct cli_snapshot *s, FILE *out, bool json)
{
	if (!listing_start(s, out, json, &L_VPDN))
		return;
	tunnel_table(s, out);
	if (s->n_sessions)
		session_table(s, out);
}

void cli_show_vpdn_tunnel(const struct cli_snapshot *s, FILE *out, bool json)
{
	if (!listing_start(s, out, json, &L_TUNNEL))
		return;
	tunnel_table(s, out);
}

void cli_show_vpdn_session(const struct cli_snapshot *s, FILE *out, bool json)
{
	if (!listing_start(s, out, json, &L_SESSION))
		return;
	session_table(s, out);
}

/* Ours (the document has no IPv6): IPV6CP, the /64 and the IPv6 counters,
 * after the flow alarm, only on sessions with `ipv6 enable`. */
static void ipv6_lines(const struct cli_ppp_view *p, FILE *out)
{
	char pfx[INET6_ADDRSTRLEN + 4];

	prefix6(p, pfx);
	fprintf(out, "IPV6CP is %s, prefix %s\n", p->ipv6cp, pfx[0] ? pfx : "none");
	fprintf(out, "%" PRIu64 " IPv6 packets in, %" PRIu64 " out, %" PRIu64 " spoofed source dropped, %" PRIu64
		" other dropped\n", p->rx_ipv6, p->tx_ipv6, p->rx_ipv6_spoofed,
		p->rx_ipv6_bad + p->rx_ipv6_dropped + p->rx_ipv6_local);
	fprintf(out, "%" PRIu64 " router solicitations received, %" PRIu64 " router advertisements sent\n",
		p->nd_rs_rcvd, p->nd_ra_sent);
}

void cli_show_vpdn_session_all(const struct cli_snapshot *s, FILE *out, bool json)
{
	char a[INET_ADDRSTRLEN], chg[32];
	shown_name name;

	if (!listing_start(s, out, json, &L_SESSION))
		return;
	for (size_t i = 0; i < s->n_sessions; i++) {
		const struct cli_session *c = &s->sessions[i];
		cli_hhmmss(c->since_change_ms, chg, sizeof(chg));
		fprintf(out, "\nCall id %u is %s on tunnel id %u\n", c->loc_id,
			strcmp(c->state, "estabd") == 0 ? "up" : "down", c->tun_id);
		fprintf(out, "Remote tunnel name is %s\n", str_escape(name, sizeof(name), c->remote_name));
		fprintf(out, "Internet Address is %s\n", ip(c->remote_addr, a));
		fprintf(out, "Session username is %s, state is %s\n", username(c, name), c->state);
		if (c->ppp.present)
			fprintf(out, "Time since change %s, interface Vi%u\n", chg, c->ppp.vi);
		else
			fprintf(out, "Time since change %s, no interface\n", chg);
		fprintf(out, "Remote call id is %u\n", c->rem_id);
		fprintf(out, "%" PRIu64 " packets sent, %" PRIu64 " received, %" PRIu64 " bytes sent, %" PRIu64
			" received\n", c->pkts_tx, c->pkts_rx, c->bytes_tx, c->bytes_rx);
		fprintf(out, "Ss %u, Sr %u, Remote Nr %u, peer RWS %u\n", c->ss, c->sr, c->remote_nr,
			c->peer_rws);
		fprintf(out, "%" PRIu64 " out of order packets\n", c->out_of_order);
		fprintf(out, "Flow alarm is %s.\n", c->flow_alarm ? "set" : "clear");
		if (c->ppp.present && c->ppp.ipv6)
			ipv6_lines(&c->ppp, out);
	}
}

void cli_show_vpdn_session_window(const struct cli_snapshot *s, FILE *out, bool json)
{
	if (!listing_start(s, out, json, &L_SESSION))
		return;
	fputs("\nLocID RemID TunID ZLB-tx  ZLB-rx  Congestion Alarms  Peer-RWS\n", out);
	for (size_t i = 0; i < s->n_sessions; i++) {
		const struct cli_session *c = &s->sessions[i];
		fprintf(out, "%-5u %-5u %-5u %-7" PRIu64 " %-7" PRIu64 " %-10s %-7" PRIu64 " %u\n", c->loc_id,
			c->rem_id, c->tun_id, c->zlb_tx, c->zlb_rx, c->flow_alarm ? "set" : "clear", c->alarms,
			c->peer_rws);
	}
}

/*
 * show vpdn tunnel all: one block per tunnel, in the shape of IOS's
 * (Tunnel id ... is up, remote id ..., N active sessions / state and time
 * since change / remote and local name with address and port / packets and
 * bytes). The vendor, version and control-message lines are ours: PPTP's
 * SCCRQ carries them and an operator asks for them.
 */
void cli_show_vpdn_tunnel_all(const struct cli_snapshot *s, const char *local_name, FILE *out, bool json)
{
	char a[INET_ADDRSTRLEN], chg[32];
	shown_name name;

	if (!listing_start(s, out, json, &L_TUNNEL))
		return;
	for (size_t i = 0; i < s->n_tunnels; i++) {
		const struct cli_tunnel *t = &s->tunnels[i];
		struct tunnel_data d = tunnel_data(s, t->loc_id);

		cli_hhmmss(t->since_change_ms, chg, sizeof(chg));
		fprintf(out, "\nTunnel id %u is %s, remote id is %u, %u active sessions\n", t->loc_id,
			strcmp(t->state, "estabd") == 0 ? "up" : "down", t->rem_id, t->sessions);
		fprintf(out, "  Tunnel state is %s, time since change %s\n", t->state, chg);
		fprintf(out, "  Remote tunnel name is %s\n", str_escape(name, sizeof(name), t->remote_name));
		fprintf(out, "    Internet Address %s, port %u\n", ip(t->remote_addr, a), t->remote_port);
		fprintf(out, "  Local tunnel name is %s\n",
			str_escape(name, sizeof(name), local_name ? local_name : ""));
		fprintf(out, "    Internet Address %s, port %u\n", ip(t->local_addr, a), t->local_port);
		fprintf(out, "  Remote vendor is %s, protocol version %u.%u, firmware %u\n",
			t->peer_vendor[0] ? str_escape(name, sizeof(name), t->peer_vendor) : "unknown",
			t->peer_version >> 8, t->peer_version & 0xff, t->peer_firmware);
		fprintf(out, "  %" PRIu64 " packets sent, %" PRIu64 " received\n", d.pkts_tx, d.pkts_rx);
		fprintf(out, "  %" PRIu64 " bytes sent, %" PRIu64 " received\n", d.bytes_tx, d.bytes_rx);
		fprintf(out, "  %" PRIu64 " control messages sent, %" PRIu64 " received\n", t->msgs_tx, t->msgs_rx);
		fprintf(out, "  Echo reply is %s\n", t->echo_outstanding ? "outstanding" : "not outstanding");
	}
}

/* show vpdn session packets: IOS's columns (Pkts-In, Pkts-Out, Bytes-In,
 * Bytes-Out); here the GRE data packets of the call and their payload. */
void cli_show_vpdn_session_packets(const struct cli_snapshot *s, FILE *out, bool json)
{
	if (!listing_start(s, out, json, &L_SESSION))
		return;
	fputs("\nLocID RemID TunID Pkts-In    Pkts-Out   Bytes-In     Bytes-Out\n", out);
	for (size_t i = 0; i < s->n_sessions; i++) {
		const struct cli_session *c = &s->sessions[i];
		fprintf(out, "%-5u %-5u %-5u %-10" PRIu64 " %-10" PRIu64 " %-12" PRIu64 " %" PRIu64 "\n", c->loc_id,
			c->rem_id, c->tun_id, c->pkts_rx, c->pkts_tx, c->bytes_rx, c->bytes_tx);
	}
}

/* ---- show ppp mppe ---- */

static void mppe_block(const struct cli_session *c, const struct cli_query *q, FILE *out)
{
	const struct cli_ppp_view *p = &c->ppp;
	char eng[96];

	fprintf(out, "Interface Virtual-Access%u (current connection)\n", p->vi);
	if (!p->mppe_up) {
		fprintf(out, "  MPPE is not negotiated (CCP %s)\n", p->ccp[0] ? p->ccp : "not running");
		return;
	}
	eng[0] = '\0';
	if (q != NULL && q->engine_text != NULL)
		q->engine_text(q->ctx, p->tx_flow, eng, sizeof(eng));
	fprintf(out, "  %s encryption, %u bit encryption, %s mode\n", eng[0] ? eng : "Software",
		p->key_bits, p->stateful ? "Stateful" : "Stateless");
	fprintf(out, "  packets encrypted = %-6" PRIu64 " packets decrypted = %" PRIu64 "\n",
		p->tx.packets, p->rx.packets);
	fprintf(out, "  sent CCP resets = %-6" PRIu64 " receive CCP resets = %" PRIu64 "\n",
		p->ccp_resets_sent, p->ccp_resets_rcvd);
	fprintf(out, "  next tx coherency = %-4u next rx coherency = %u\n", p->tx.next_ccount,
		p->rx.next_ccount);
	fprintf(out, "  tx key changes = %-6" PRIu64 " rx key changes = %" PRIu64 "\n", p->tx.key_changes,
		p->rx.key_changes);
	fprintf(out, "  rx pkt dropped = %-6" PRIu64 " rx out of order pkt= %" PRIu64 "\n", p->rx.rx_dropped,
		p->rx.rx_out_of_order);
	fprintf(out, "  rx missed packets = %" PRIu64 "\n", p->rx.rx_missed);
}

static void mppe_json(const struct cli_session *c, const struct cli_query *q, FILE *out)
{
	const struct cli_ppp_view *p = &c->ppp;
	char eng[96] = "";

	if (p->mppe_up && q != NULL && q->engine_text != NULL)
		q->engine_text(q->ctx, p->tx_flow, eng, sizeof(eng));
	fprintf(out, "{\"interface\":\"Virtual-Access%u\",\"mppe\":%s,\"engine\":", p->vi,
		p->mppe_up ? "true" : "false");
	cli_json_str(out, eng);
	fprintf(out, ",\"key_bits\":%u,\"mode\":\"%s\",\"tx_flow\":%u,\"rx_flow\":%u"
		",\"sent_ccp_resets\":%" PRIu64 ",\"receive_ccp_resets\":%" PRIu64
		",\"counters_age_ms\":%" PRIu64 ",\"tx\":",
		p->key_bits, p->stateful ? "stateful" : "stateless", p->tx_flow, p->rx_flow,
		p->ccp_resets_sent, p->ccp_resets_rcvd, p->counters_age_ms);
	json_mppe_counters(out, &p->tx);
	fputs(",\"rx\":", out);
	json_mppe_counters(out, &p->rx);
	fputc('}', out);
}

int cli_show_ppp_mppe(const struct cli_snapshot *s, const struct cli_query *q, unsigned vi,
		      FILE *out, bool json)
{
	size_t shown = 0;

	if (json)
		fputs("{\"interfaces\":[", out);
	for (size_t i = 0; i < s->n_sessions; i++) {
		const struct cli_session *c = &s->sessions[i];
		if (!c->ppp.present || (vi != 0 && c->ppp.vi != vi))
			continue;
		if (json) {
			fputs(shown ? "," : "", out);
			mppe_json(c, q, out);
		} else {
			mppe_block(c, q, out);
		}
		shown++;
	}
	if (json)
		fputs("]}\n", out);
	if (shown == 0 && vi != 0) {
		if (!json)
			fprintf(out, "%% Interface Virtual-Access%u does not exist\n", vi);
		return -1;
	}
	if (shown == 0 && !json)
		fputs("% No Virtual-Access interfaces\n", out);
	return 0;
}

/* ---- show debugging ---- */

void cli_show_debugging(FILE *out, bool json)
{
	bool any = false;

	if (json)
		fputs("{\"debugging\":[", out);
	else
		fputs("PPTP concentrator debugging:\n", out);
	for (int i = 0; i < DBG_COUNT; i++) {
		if (!log_debug_on((enum log_debug)i))
			continue;
		if (json) {
			fputs(any ? "," : "", out);
			cli_json_str(out, log_debug_names[i]);
		} else {
			fprintf(out, "  %s debugging is on\n", log_debug_names[i]);
		}
		any = true;
	}
	if (json)
		fputs("]}\n", out);
	else if (!any)
		fputs("  all debugging is off\n", out);
}

/* ---- Prometheus text format (version 0.0.4) ---- */

static void metric(FILE *out, const char *name, const char *type, const char *help, uint64_t v)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n%s %" PRIu64 "\n", name, help, name, type, name, v);
}

/* Prometheus label value: \\, \" and \n are its escapes; other control
 * characters become the text \xNN (written with an escaped backslash). */
static void label_str(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\\\x%02x", c);
		else if (c == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f)
			fprintf(out, "\\\\xc2\\\\x%02x", (unsigned char)*++s);
		else
			fputc(c, out);
	}
}

/* prefix: an extra prefix="..." label, or NULL */
static void session_labels(FILE *out, const struct cli_session *c, const char *prefix)
{
	fprintf(out, "{tunnel=\"%u\",call=\"%u\",interface=\"", c->tun_id, c->loc_id);
	if (c->ppp.present)
		fprintf(out, "Vi%u", c->ppp.vi);
	fputs("\",user=\"", out);
	label_str(out, c->ppp.username);
	if (prefix != NULL)
		fprintf(out, "\",prefix=\"%s", prefix);
	fputs("\"}", out);
}

typedef uint64_t (*sess_get)(const struct cli_session *c);
#define GETTER(name, expr) static uint64_t name(const struct cli_session *c) { return (expr); }
GETTER(g_pkts_tx, c->pkts_tx)
GETTER(g_pkts_rx, c->pkts_rx)
GETTER(g_bytes_tx, c->bytes_tx)
GETTER(g_bytes_rx, c->bytes_rx)
GETTER(g_ooo, c->out_of_order)
GETTER(g_dup, c->duplicates)
GETTER(g_lost, c->lost)
GETTER(g_zlb_tx, c->zlb_tx)
GETTER(g_zlb_rx, c->zlb_rx)
GETTER(g_alarms, c->alarms)
GETTER(g_alarm, c->flow_alarm)
GETTER(g_peer_rws, c->peer_rws)
GETTER(g_enc, c->ppp.tx.packets)
GETTER(g_dec, c->ppp.rx.packets)
GETTER(g_txkey, c->ppp.tx.key_changes)
GETTER(g_rxkey, c->ppp.rx.key_changes)
GETTER(g_rst_sent, c->ppp.ccp_resets_sent)
GETTER(g_rst_rcvd, c->ppp.ccp_resets_rcvd)
GETTER(g_rxdrop, c->ppp.rx.rx_dropped)
GETTER(g_rxooo, c->ppp.rx.rx_out_of_order)
GETTER(g_rxmiss, c->ppp.rx.rx_missed)
GETTER(g_insw, c->ppp.in_software)
GETTER(g_rx6, c->ppp.rx_ipv6)
GETTER(g_tx6, c->ppp.tx_ipv6)
GETTER(g_spoof6, c->ppp.rx_ipv6_spoofed)
GETTER(g_drop6, c->ppp.rx_ipv6_bad + c->ppp.rx_ipv6_dropped + c->ppp.rx_ipv6_local)
GETTER(g_rs, c->ppp.nd_rs_rcvd)
GETTER(g_ra, c->ppp.nd_ra_sent)

enum { M_ALL, M_MPPE, M_IPV6 };   /* which sessions a per-session metric has lines for */

static const struct {
	const char *name, *type, *help;
	sess_get get;
	int only;
} sess_metrics[] = {
	{ "pnsd_session_packets_sent_total", "counter", "GRE data packets sent", g_pkts_tx, M_ALL },
	{ "pnsd_session_packets_received_total", "counter", "GRE data packets received", g_pkts_rx, M_ALL },
	{ "pnsd_session_bytes_sent_total", "counter", "GRE payload octets sent", g_bytes_tx, M_ALL },
	{ "pnsd_session_bytes_received_total", "counter", "GRE payload octets received", g_bytes_rx, M_ALL },
	{ "pnsd_session_out_of_order_total", "counter", "GRE packets that arrived out of order", g_ooo, M_ALL },
	{ "pnsd_session_duplicates_total", "counter", "GRE duplicates dropped", g_dup, M_ALL },
	{ "pnsd_session_lost_total", "counter", "GRE sequence numbers given up", g_lost, M_ALL },
	{ "pnsd_session_zlb_sent_total", "counter", "acknowledgment-only GRE packets sent", g_zlb_tx, M_ALL },
	{ "pnsd_session_zlb_received_total", "counter", "acknowledgment-only GRE packets received", g_zlb_rx, M_ALL },
	{ "pnsd_session_flow_alarms_total", "counter", "flow-control alarms", g_alarms, M_ALL },
	{ "pnsd_session_flow_alarm", "gauge", "flow-control alarm now set (1) or clear (0)", g_alarm, M_ALL },
	{ "pnsd_session_peer_rws", "gauge", "receive window the peer announced", g_peer_rws, M_ALL },
	{ "pnsd_session_mppe_packets_encrypted_total", "counter", "MPPE packets encrypted", g_enc, M_MPPE },
	{ "pnsd_session_mppe_packets_decrypted_total", "counter", "MPPE packets decrypted", g_dec, M_MPPE },
	{ "pnsd_session_mppe_tx_key_changes_total", "counter", "MPPE transmit key changes", g_txkey, M_MPPE },
	{ "pnsd_session_mppe_rx_key_changes_total", "counter", "MPPE receive key changes", g_rxkey, M_MPPE },
	{ "pnsd_session_mppe_ccp_resets_sent_total", "counter", "CCP Reset-Requests sent", g_rst_sent, M_MPPE },
	{ "pnsd_session_mppe_ccp_resets_received_total", "counter", "CCP Reset-Requests received", g_rst_rcvd, M_MPPE },
	{ "pnsd_session_mppe_rx_dropped_total", "counter", "MPPE packets received and dropped", g_rxdrop, M_MPPE },
	{ "pnsd_session_mppe_rx_out_of_order_total", "counter", "MPPE packets received out of order", g_rxooo, M_MPPE },
	{ "pnsd_session_mppe_rx_missed_total", "counter", "MPPE packets inferred missed", g_rxmiss, M_MPPE },
	{ "pnsd_session_mppe_software", "gauge", "MPPE runs in software (1) or on the engine's card (0)", g_insw, M_MPPE },
	{ "pnsd_session_ipv6_packets_received_total", "counter", "IPv6 packets from the client (also in the IP counts)", g_rx6, M_IPV6 },
	{ "pnsd_session_ipv6_packets_sent_total", "counter", "IPv6 packets to the client", g_tx6, M_IPV6 },
	{ "pnsd_session_ipv6_spoofed_dropped_total", "counter", "IPv6 packets from a source outside the client's /64, dropped", g_spoof6, M_IPV6 },
	{ "pnsd_session_ipv6_other_dropped_total", "counter", "IPv6 packets dropped: malformed, before IPv6 was up, or link-local/multicast", g_drop6, M_IPV6 },
	{ "pnsd_session_nd_router_solicitations_received_total", "counter", "Router Solicitations received", g_rs, M_IPV6 },
	{ "pnsd_session_nd_router_advertisements_sent_total", "counter", "Router Advertisements sent", g_ra, M_IPV6 },
};

void cli_show_metrics(const struct cli_snapshot *s, FILE *out)
{
	const struct cli_counters *c = &s->counters;

	metric(out, "pnsd_uptime_seconds", "gauge", "seconds since pnsd started", c->uptime_ms / 1000);
	metric(out, "pnsd_tunnels", "gauge", "PPTP control connections (tunnels)", s->n_tunnels);
	metric(out, "pnsd_sessions", "gauge", "PPTP calls (sessions)", s->n_sessions);
	metric(out, "pnsd_control_connections_accepted_total", "counter", "TCP connections accepted", c->ctrl_accepted);
	metric(out, "pnsd_control_connections_refused_total", "counter", "TCP connections refused (limits)", c->ctrl_refused);
	metric(out, "pnsd_control_connections_established_total", "counter", "control connections established", c->ctrl_established);
	metric(out, "pnsd_control_connections_closed_total", "counter", "control connections closed", c->ctrl_closed);
	metric(out, "pnsd_sccrq_timeouts_total", "counter", "connections closed before their SCCRQ", c->sccrq_timeouts);
	metric(out, "pnsd_echo_timeouts_total", "counter", "tunnels torn down by the echo keepalive", c->echo_timeouts);
	metric(out, "pnsd_control_messages_received_total", "counter", "PPTP control messages received", c->msgs_rx);
	metric(out, "pnsd_control_messages_sent_total", "counter", "PPTP control messages sent", c->msgs_tx);
	metric(out, "pnsd_control_messages_bad_total", "counter", "PPTP control messages refused", c->msgs_bad);
	metric(out, "pnsd_calls_up_total", "counter", "calls established", c->calls_up);
	metric(out, "pnsd_calls_refused_total", "counter", "calls refused", c->calls_refused);
	metric(out, "pnsd_calls_down_total", "counter", "calls ended", c->calls_down);
	metric(out, "pnsd_incoming_calls_refused_total", "counter", "Incoming-Call-Requests refused", c->icrq_refused);
	metric(out, "pnsd_unknown_call_id_total", "counter", "control messages naming an unknown call", c->unknown_call_id);
	metric(out, "pnsd_gre_packets_received_total", "counter", "GRE packets read from the raw socket", c->gre_rx);
	metric(out, "pnsd_gre_bad_ip_total", "counter", "GRE packets with an unusable IP header", c->gre_bad_ip);
	metric(out, "pnsd_gre_bad_header_total", "counter", "GRE packets with a bad enhanced-GRE header", c->gre_bad);
	metric(out, "pnsd_gre_no_session_total", "counter", "GRE packets for no session (unknown call or wrong peer)", c->gre_no_session);
	metric(out, "pnsd_gre_packets_sent_total", "counter", "GRE packets sent", c->gre_tx);
	metric(out, "pnsd_gre_send_errors_total", "counter", "GRE send errors", c->gre_tx_errors);
	metric(out, "pnsd_gre_reads_paused_total", "counter", "times GRE reading waited for a full MPPE engine", c->gre_rx_paused);
	metric(out, "pnsd_config_reloads_total", "counter", "configuration reloads applied", c->reloads);
	metric(out, "pnsd_config_reload_failures_total", "counter", "configuration reloads refused", c->reload_failures);
	metric(out, "pnsd_loop_busy_max_ms", "gauge", "the longest time an event loop was held between two waits for readiness, since start (over every loop)", c->loop_busy_max_ms);
	fputs("# HELP pnsd_engine_info MPPE engine in use\n# TYPE pnsd_engine_info gauge\n", out);
	fprintf(out, "pnsd_engine_info{kind=\"");
	label_str(out, c->engine_kind);
	fputs("\",label=\"", out);
	label_str(out, c->engine_label);
	fputs("\"} 1\n", out);
	metric(out, "pnsd_engine_threads", "gauge", "threads the MPPE work runs on (pnsd -T; 1 = the event loop's)",
	       c->engine_threads);
	if (c->card) {
		metric(out, "pnsd_card_resets_total", "counter", "card resets by the driver to recover", c->card_resets);
		metric(out, "pnsd_card_timeouts_total", "counter", "card operations or admin commands overdue", c->card_timeouts);
		metric(out, "pnsd_card_fatal_errors_total", "counter", "times the card reported a fatal error", c->card_fatal_errors);
		metric(out, "pnsd_card_queue_errors_total", "counter", "times the card stopped a queue (ERR_STATUS)", c->card_queue_errors);
		metric(out, "pnsd_card_bad_completions_total", "counter", "card completions the driver refused", c->card_bad_completions);
		metric(out, "pnsd_card_error_completions_total", "counter", "card completions with a card error status", c->card_error_completions);
		metric(out, "pnsd_card_failed_operations_total", "counter", "operations failed by a card reset or loss", c->card_failed_ops);
		metric(out, "pnsd_cards", "gauge", "cards configured", c->cards);
		metric(out, "pnsd_cards_up", "gauge", "cards open and working", c->cards_up);
		metric(out, "pnsd_card_flows", "gauge", "MPPE flows running on a card", c->flows_card);
		metric(out, "pnsd_card_flows_software", "gauge", "MPPE flows of the card engine running in software", c->flows_sw);
		metric(out, "pnsd_card_flows_moved_total", "counter", "MPPE flows moved off a failed card to software", c->flows_moved);
		metric(out, "pnsd_card_retries_total", "counter", "attempts to open a failed card again", c->card_retries);
		metric(out, "pnsd_card_counter_reads_total", "counter", "flow counter reads answered by a card (sent and collected without waiting)", c->card_counter_reads);
		metric(out, "pnsd_card_reads_waiting", "gauge", "health-check register reads sent to a card and not yet answered (never waited for)", c->card_reads_waiting);
		metric(out, "pnsd_card_admin_pending", "gauge", "flow creates, destroys and counter reads queued for a card or on it, not yet answered", c->card_admin_pending);
		metric(out, "pnsd_card_flows_creating", "gauge", "MPPE flows whose create is on its way to a card (their sessions wait in CCP)", c->flows_creating);
	}
	for (size_t m = 0; m < sizeof(sess_metrics) / sizeof(sess_metrics[0]); m++) {
		bool header = false;
		for (size_t i = 0; i < s->n_sessions; i++) {
			const struct cli_session *c2 = &s->sessions[i];
			if ((sess_metrics[m].only == M_MPPE && !c2->ppp.mppe_up) ||
			    (sess_metrics[m].only == M_IPV6 && !c2->ppp.ipv6))
				continue;
			if (!header) {
				fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", sess_metrics[m].name,
					sess_metrics[m].help, sess_metrics[m].name, sess_metrics[m].type);
				header = true;
			}
			fputs(sess_metrics[m].name, out);
			session_labels(out, c2, NULL);
			fprintf(out, " %" PRIu64 "\n", sess_metrics[m].get(c2));
		}
	}
	bool header = false;
	for (size_t i = 0; i < s->n_sessions; i++) {
		char pfx[INET6_ADDRSTRLEN + 4];
		if (!s->sessions[i].ppp.have_prefix6)
			continue;
		if (!header)
			fputs("# HELP pnsd_session_ipv6_prefix_info the /64 given to the client\n"
			      "# TYPE pnsd_session_ipv6_prefix_info gauge\n", out);
		header = true;
		fputs("pnsd_session_ipv6_prefix_info", out);
		session_labels(out, &s->sessions[i], prefix6(&s->sessions[i].ppp, pfx));
		fputs(" 1\n", out);
	}
}
