/*
 * RFC 5176 Dynamic Authorization Extensions: pnsd as the Dynamic
 * Authorization Server. Disconnect-Request ends the sessions it names,
 * CoA-Request changes their Session-Timeout; each is answered with an ACK
 * or a NAK (Error-Cause). Only from the configured clients, only with a
 * correct Request Authenticator (and Message-Authenticator when present).
 * Part of rad_aaa (radius_aaa.c owns one).
 */
#ifndef HOST_RADIUS_DAE_H
#define HOST_RADIUS_DAE_H

#include "radius_aaa.h"

struct rad_dae;

struct rad_dae *rad_dae_new(struct rad_aaa *a, struct ev_loop *loop);
/* Opens, moves or closes the socket; 0 or -1 with errno (the old one stays). */
int rad_dae_configure(struct rad_dae *d, const struct rad_dae_config *c);
void rad_dae_free(struct rad_dae *d);
void rad_dae_stats(const struct rad_dae *d, struct rad_aaa_stats *out);
void rad_dae_set_elsewhere(struct rad_dae *d, int (*elsewhere)(void *arg, const struct rad_dae_req *r), void *arg);

#endif
