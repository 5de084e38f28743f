/*
 * pptp-client --load: the closed-loop load generator of BENCH datapath.
 *
 * Every session sends ICMP echo requests of the given IP size to the
 * server's tunnel address; the server's kernel answers each one, so every
 * packet crosses pnsd twice: decrypted client->host, encrypted host->client
 * (both directions at the same rate). The generator paces a total offered
 * rate over all sessions round robin for one trial, waits for the replies,
 * and counts what came back (replies carry the trial number in the ICMP
 * identifier, so a late reply is never counted for the next trial). It
 * searches the highest offered rate whose loss is at most loss_max:
 * doubling from a low rate until a trial fails, then bisecting.
 *
 * A trial fails when more than loss_max of its requests got no reply, or
 * when the generator itself could not send at the offered rate (it shares
 * the machine with pnsd; the result line then says limit=generator).
 *
 * Output, one line each (stdout):
 *   load_trial size=S offered_pps=R sent=N received=M late=L loss=F send_pps=P ok=0|1
 *   load size=S sessions=N pps=P mbps=M loss=F offered_pps=R loss_max=F trials=T limit=loss|generator|none
 *   load done out_of_order=N crossed=M
 *
 * With count (--load-count N) there is no search and no rate: per size, N
 * requests go out in bursts of 1, 2, ... COUNT_BURST_MAX requests (round
 * robin over the sessions, each burst in one flush, so the receiver reads
 * several datagrams at once), and the next burst goes when every reply of
 * the one before came back. So no queue anywhere ever holds more than one
 * burst, and on a correct data path nothing is lost however slow the
 * machine: loss is a bug, not load. A burst whose replies stop coming for
 * COUNT_LOST_MS (only reached when packets were lost) is given up, the
 * missing replies counted lost, and ends that size (sent= then says how
 * far it got). With burst (--load-burst N) every burst is N requests:
 * one closed burst of a few hundred is what a GRE backlog puts through
 * pnsd in a loop iteration or two, and every queue on the way must hold it
 * (a TUN's 500-packet transmit queue did not, docs/workers.md). One line
 * per size:
 *   load_count size=S sessions=N sent=N received=M lost=L late=X bursts=B
 *
 * out_of_order: echo replies of a session that came back behind a later
 * one of the same session (requests carry the session's index in their
 * payload, sizes of 32 and more); crossed: replies that came back on
 * another session than their request's, or to another address. Both are 0
 * on a correct data path whatever the loss (RFC 3078: stateful MPPE cannot
 * even decrypt a reordered packet).
 */
#ifndef HOST_VACCESS_CLIENT_LOAD_H
#define HOST_VACCESS_CLIENT_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct client_load;
struct ev_loop;
struct va_ctx;
struct va_session;

#define CLIENT_LOAD_MAX_SIZES 8
#define CLIENT_LOAD_BURST_MAX 4096

struct client_load_opts {
	unsigned sizes[CLIENT_LOAD_MAX_SIZES];  /* IP packet sizes, one search each, in order */
	unsigned n_sizes;
	unsigned trial_ms;          /* sending time of one trial (default 1000) */
	double loss_max;            /* default 0.001 */
	unsigned count;             /* 0: the search; else requests per size in closed bursts (above) */
	unsigned burst;             /* count mode: 0: bursts of 1..32; else every burst this many (a queue
				     * deeper than a TUN's 500 packets, which one GRE readiness can fill) */
};

/* Parse "SIZE[,SIZE...]" (28..1500 each); 0 or -1 (EINVAL). */
int client_load_parse(const char *spec, struct client_load_opts *o);

struct client_load *client_load_new(struct ev_loop *loop, struct va_ctx *va, const struct client_load_opts *o,
				    FILE *out);
/* All sessions are up: start the searches. */
void client_load_start(struct client_load *l);
/* A session ends: it is no longer sent on. */
void client_load_session_gone(struct client_load *l, struct va_session *s);
/* An IP packet a session received (the va on_ip hook). */
void client_load_on_ip(struct client_load *l, struct va_session *s, const uint8_t *pkt, size_t len);
void client_load_free(struct client_load *l);

#endif
