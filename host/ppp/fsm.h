/*
 * The RFC 1661 option-negotiation automaton (section 4), written once and
 * shared by LCP, IPCP and CCP. One function per RFC event, each a switch on
 * the ten RFC states; protocol specifics live behind struct fsm_callbacks.
 */
#ifndef PPP_FSM_H
#define PPP_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp.h"

enum fsm_state {        /* RFC 1661 section 4.2 */
	FSM_INITIAL = 0,
	FSM_STARTING,
	FSM_CLOSED,
	FSM_STOPPED,
	FSM_CLOSING,
	FSM_STOPPING,
	FSM_REQSENT,
	FSM_ACKRCVD,
	FSM_ACKSENT,
	FSM_OPENED,
};

struct fsm;

/* What reqci decided about the peer's Configure-Request. */
enum fsm_verdict { FSM_ACK = 2, FSM_NAK = 3, FSM_REJ = 4 }; /* = the reply code */

struct fsm_callbacks {
	const char *name;                 /* "LCP" */
	uint16_t proto;
	/* Our Configure-Request options start again from the configured wishes. */
	void (*resetci)(struct fsm *f);
	/* Writes our Configure-Request options; returns their length. */
	size_t (*addci)(struct fsm *f, uint8_t *buf, size_t cap);
	/* The peer acked/naked/rejected our request: return false if the
	 * packet is not a valid answer to it (then it is ignored, RFC 1661 5.x). */
	bool (*ackci)(struct fsm *f, const uint8_t *p, size_t len);
	bool (*nakci)(struct fsm *f, const uint8_t *p, size_t len);
	bool (*rejci)(struct fsm *f, const uint8_t *p, size_t len);
	/* The peer's request: fills out[] with the options of the reply (the
	 * acked list, the Nak list or the Reject list) and returns the verdict.
	 * may_nak false: Max-Failure reached, turn Naks into Rejects. */
	enum fsm_verdict (*reqci)(struct fsm *f, const uint8_t *in, size_t len, uint8_t *out,
				  size_t *out_len, bool may_nak);
	void (*up)(struct fsm *f);        /* This-Layer-Up */
	void (*down)(struct fsm *f);      /* This-Layer-Down */
	void (*starting)(struct fsm *f);  /* This-Layer-Started */
	void (*finished)(struct fsm *f);  /* This-Layer-Finished */
	/* Codes beyond 1..7 (LCP echo, Protocol-Reject, CCP reset). Returns
	 * false for a code the protocol does not know (then Code-Reject). */
	bool (*extcode)(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *p, size_t len);
	/* A Code-Reject of code: true if it is acceptable (RXJ+). */
	bool (*code_rejected_ok)(struct fsm *f, uint8_t code);
};

struct fsm {
	const struct fsm_callbacks *cb;
	struct ppp_session *s;
	void *proto_state;                /* the protocol's own state */
	enum fsm_state state;
	uint8_t id;                       /* identifier of our last request */
	uint8_t reqid;                    /* identifier of our current Configure-Request */
	bool reqid_valid;
	bool silent;                      /* passive open: wait for the peer (Stopped) */
	unsigned restart_count;
	unsigned nak_loops;               /* Naks sent in a row (Max-Failure) */
	unsigned max_configure, max_terminate, max_failure, restart_ms;
	struct ppp_timer timer;
	char term_reason[64];
	bool acked_term_closing;          /* a Terminate-Ack sent while we were closing too */
	uint64_t rx_bad;                  /* ignored packets, counted */
};

void fsm_init(struct fsm *f, struct ppp_session *s, const struct fsm_callbacks *cb, void *proto_state);
const char *fsm_state_name(enum fsm_state st);

/* Administrative and lower-layer events (RFC 1661 4.3) */
void fsm_up(struct fsm *f);
void fsm_down(struct fsm *f);
void fsm_open(struct fsm *f);
void fsm_close(struct fsm *f, const char *reason);
/* The peer Protocol-Rejected this protocol: RXJ- (RFC 1661 5.7). */
void fsm_protocol_rejected(struct fsm *f);

/* A packet of this protocol (starting at the code). */
void fsm_input(struct fsm *f, const uint8_t *pkt, size_t len);
/* ackci for every protocol: RFC 1661 5.2, a Configure-Ack repeats our request exactly. */
bool fsm_ackci_exact(struct fsm *f, const uint8_t *p, size_t len);
/* Sends a packet of this protocol with code, id and data. */
void fsm_send(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *data, size_t len);

#endif
