/* Starts and stops a cardsim process for a test (unique socket, cleanup). */
#ifndef TEST_CARDSIM_PROC_H
#define TEST_CARDSIM_PROC_H

#include <sys/types.h>

struct cardsim_proc {
	pid_t pid;
	char path[108];
};

/* Starts build/bin/cardsim on a fresh socket; waits until it accepts. */
/* extra_arg: further cardsim options separated by spaces, or NULL. */
int cardsim_start(struct cardsim_proc *p, const char *extra_arg);
/* Starts it again on the same socket path (after cardsim_stop). */
int cardsim_restart(struct cardsim_proc *p, const char *extra_arg);
/* SIGTERM and wait; sig 0 means SIGTERM. Returns the exit status. */
int cardsim_stop(struct cardsim_proc *p, int sig);
/* "cardsim:PATH" */
const char *cardsim_spec(const struct cardsim_proc *p);

#endif
