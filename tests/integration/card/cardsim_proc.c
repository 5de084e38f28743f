/* Starts and stops cardsim for the integration tests. */
#include "cardsim_proc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int counter;

int cardsim_start(struct cardsim_proc *p, const char *extra_arg)
{
	snprintf(p->path, sizeof(p->path), "/tmp/cardsim-test-%d-%d.sock", (int)getpid(), counter++);
	return cardsim_restart(p, extra_arg);
}

int cardsim_restart(struct cardsim_proc *p, const char *extra_arg)
{
	const char *bin = getenv("CARDSIM") ? getenv("CARDSIM") : "build/bin/cardsim";
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	pid_t parent = getpid();

	unlink(p->path);
	p->pid = fork();
	if (p->pid < 0)
		return -1;
	if (p->pid == 0) {
		/* extra_arg: options separated by spaces */
		char *argv[16] = { (char *)bin, "--socket", p->path }, *save = NULL, *tok;
		char buf[256];
		int argc = 3;

		snprintf(buf, sizeof(buf), "%s", extra_arg ? extra_arg : "");
		for (tok = strtok_r(buf, " ", &save); tok && argc < 15; tok = strtok_r(NULL, " ", &save))
			argv[argc++] = tok;
		argv[argc] = NULL;
		/* The simulator must not outlive the test on any exit path (a
		 * crash, a signal, an exit() deep in a failure): the kernel
		 * stops it when the test process ends. Checked after the prctl
		 * in case the test ended before it. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
			_exit(127);
		execv(bin, argv);
		_exit(127);
	}
	for (int i = 0; i < 1000; i++) {
		struct stat st;
		int status;
		if (stat(p->path, &st) == 0)
			return 0;
		if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
			errno = ECHILD;
			return -1;
		}
		nanosleep(&ts, NULL);
	}
	errno = ETIMEDOUT;
	return -1;
}

int cardsim_stop(struct cardsim_proc *p, int sig)
{
	int status = 0;

	if (p->pid <= 0)
		return -1;
	kill(p->pid, sig ? sig : SIGTERM);
	waitpid(p->pid, &status, 0);
	p->pid = 0;
	unlink(p->path);
	return status;
}

const char *cardsim_spec(const struct cardsim_proc *p)
{
	static char spec[128];
	snprintf(spec, sizeof(spec), "cardsim:%s", p->path);
	return spec;
}
