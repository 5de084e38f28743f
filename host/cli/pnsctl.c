/*
 * pnsctl: the EXEC command line of pnsd, over its control socket.
 *
 *   pnsctl [-s SOCKET] COMMAND...     one command, for scripts (exit 0 / 1)
 *   pnsctl [-s SOCKET]                interactive, with history and completion
 *
 * Examples: pnsctl show vpdn; pnsctl show vpdn session all --json;
 * pnsctl show ppp mppe virtual-access 3; pnsctl debug ppp mppe --follow.
 * The protocol is in docs/cli.md.
 */
#include "cli_cmd.h"
#include "cli_server.h"
#include "pns_version.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

static const char *sock_path = CLI_SOCKET_DEFAULT;
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static int connect_daemon(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(sock_path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "pnsctl: socket path too long\n");
		return -1;
	}
	memcpy(sa.sun_path, sock_path, strlen(sock_path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "pnsctl: cannot reach pnsd at %s: %s\n", sock_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Send one request; the answer goes to out (OK) or err (ERROR; NULL: out).
 * 0 (OK), 1 (ERROR), 2 (no daemon). */
static int request(const char *line, FILE *out, FILE *err)
{
	char buf[8192];
	char status[8];
	size_t sl = 0;
	bool got_status = false, ok = false;
	int fd = connect_daemon();

	if (fd < 0)
		return 2;
	if (write_all(fd, line, strlen(line)) < 0 || write_all(fd, "\n", 1) < 0) {
		fprintf(stderr, "pnsctl: write: %s\n", strerror(errno));
		close(fd);
		return 2;
	}
	interrupted = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR) {
			if (interrupted) {
				interrupted = 0;   /* consumed: the prompt loop must not see it again */
				break;             /* Ctrl-C ends a --follow session */
			}
			continue;
		}
		if (n <= 0)
			break;
		size_t off = 0;
		/* the status line: "OK" or "ERROR" */
		while (!got_status && off < (size_t)n) {
			char ch = buf[off++];
			if (ch == '\n') {
				status[sl] = '\0';
				ok = strcmp(status, "OK") == 0;
				got_status = true;
			} else if (sl < sizeof(status) - 1) {
				status[sl++] = ch;
			}
		}
		if (off < (size_t)n) {
			FILE *to = ok || err == NULL ? out : err;
			fwrite(buf + off, 1, (size_t)n - off, to);
			fflush(to);
		}
	}
	close(fd);
	if (!got_status) {
		fprintf(stderr, "pnsctl: pnsd closed the connection without an answer\n");
		return 2;
	}
	return ok ? 0 : 1;
}

static int run(const char *line)
{
	return request(line, stdout, stderr);
}

/* ---- interactive ---- */

static char **matches;
static size_t n_matches, cap_matches;

static void add_match(void *arg, const char *word)
{
	(void)arg;
	if (n_matches + 1 >= cap_matches) {
		size_t cap = cap_matches ? cap_matches * 2 : 16;
		char **m = realloc(matches, cap * sizeof(*m));
		if (m == NULL)
			return;
		matches = m;
		cap_matches = cap;
	}
	matches[n_matches++] = strdup(word);
}

static char *next_match(const char *text, int state)
{
	static size_t i;

	(void)text;
	if (state == 0)
		i = 0;
	return i < n_matches ? matches[i++] : NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)start;
	for (size_t i = 0; i < n_matches; i++)
		free(matches[i]);
	n_matches = 0;
	cli_complete(rl_line_buffer, (size_t)end, add_match, NULL);
	rl_attempted_completion_over = 1;
	/* readline takes (and frees) the strings next_match returns */
	char **r = rl_completion_matches(text, next_match);
	n_matches = 0;       /* every string went to readline */
	return r;
}

/* IOS's '?': list what may come next where the cursor is, then give the
 * line back as it was (the '?' is not inserted). */
static int help_key(int count, int key)
{
	(void)count;
	(void)key;
	for (size_t i = 0; i < n_matches; i++)
		free(matches[i]);
	n_matches = 0;
	cli_context_help(rl_line_buffer, (size_t)rl_point, add_match, NULL);
	putchar('\n');
	if (n_matches == 0)
		puts("% Unrecognized command");
	for (size_t i = 0; i < n_matches; i++) {
		printf("  %s\n", matches[i]);
		free(matches[i]);
	}
	n_matches = 0;
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

/* The prompt as the documents show it: the router's hostname, "PNS#" in
 * the feature document (pnsd's `hostname`; "pnsd#" when it has none). */
static void make_prompt(char *prompt, size_t len)
{
	char *text = NULL, *h;
	size_t tlen = 0;
	FILE *f = open_memstream(&text, &tlen);
	int rc = f ? request("show running-config", f, NULL) : 2;

	if (f)
		fclose(f);
	snprintf(prompt, len, "pnsd# ");
	if (rc == 0 && text && (h = strstr(text, "hostname ")) && (h == text || h[-1] == '\n')) {
		h += strlen("hostname ");
		size_t n = strcspn(h, " \r\n");
		if (n > 0 && n < len - 2)
			snprintf(prompt, len, "%.*s# ", (int)n, h);
	}
	free(text);
}

static bool leave;
static int last_rc;

/* One line from readline (NULL: Ctrl-D). The answer is printed here, in
 * the handler: readline draws the next prompt once it returns. */
static void on_line(char *line)
{
	char *p = line;

	if (line == NULL) {
		putchar('\n');
		leave = true;
		return;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0') {
		add_history(p);
		if (strcmp(p, "exit") == 0 || strcmp(p, "quit") == 0 || strcmp(p, "end") == 0)
			leave = true;
		else
			last_rc = run(p);
	}
	free(line);
	if (leave)
		rl_callback_handler_remove();
}

/*
 * readline's callback interface, so that Ctrl-C at the prompt is ours: the
 * line typed so far is dropped and a fresh prompt drawn on a new line (as a
 * shell does), not "^C" left in the middle of the line.
 *
 * SIGINT is blocked except inside pselect(), which unblocks it atomically
 * while it waits, and the flag is cleared only where it is acted on. The
 * old loop cleared it before a plain select(): a Ctrl-C that came while
 * readline was still handling the previous key (e.g. after '?' had drawn
 * the line again) was forgotten, or one between the clearing and select()
 * did not wake it, and pnsctl waited for input that a ^C had already
 * consumed (the tty turns it into the signal, no byte to read): the "no
 * prompt on the terminal" of test_operator.sh, 1 run in 4 under load.
 * A command run from the prompt gets SIGINT unblocked, so that Ctrl-C
 * still ends a --follow (request() consumes the flag then).
 */
static int interactive(void)
{
	char prompt[80];
	sigset_t intr, waiting;

	sigemptyset(&intr);
	sigaddset(&intr, SIGINT);
	sigprocmask(SIG_BLOCK, &intr, &waiting);
	sigdelset(&waiting, SIGINT);
	rl_attempted_completion_function = complete;
	rl_bind_key('?', help_key);
	make_prompt(prompt, sizeof(prompt));
	printf("pnsctl: pnsd at %s; '?' or 'help' lists the commands, Ctrl-D leaves\n", sock_path);
	rl_catch_signals = 0;
	rl_callback_handler_install(prompt, on_line);
	while (!leave) {
		fd_set in;

		if (interrupted) {
			interrupted = 0;
			rl_free_line_state();
			rl_replace_line("", 0);
			rl_crlf();
			rl_on_new_line();
			rl_redisplay();
			continue;
		}
		FD_ZERO(&in);
		FD_SET(STDIN_FILENO, &in);
		if (pselect(STDIN_FILENO + 1, &in, NULL, NULL, NULL, &waiting) < 0)
			continue;  /* EINTR: the flag is seen at the top */
		sigprocmask(SIG_UNBLOCK, &intr, NULL);
		rl_callback_read_char();
		sigprocmask(SIG_BLOCK, &intr, NULL);
	}
	return last_rc == 2 ? 2 : 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: pnsctl [-s SOCKET] [COMMAND...]\n"
		"       pnsctl --help | --version\n"
		"  -s SOCKET  pnsd's control socket (default %s, or $PNSD_SOCKET)\n"
		"  -h, --help this text;  --version  pnsctl's version (show version: pnsd's)\n"
		"without COMMAND: interactive. Commands:\n%s", CLI_SOCKET_DEFAULT, cli_help_text());
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sigint };
	char line[CLI_REQ_MAX];
	size_t len = 0;
	int i = 1;

	for (int k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[k], "--version") == 0) {
			printf("pnsctl (pptp-mppe) %s\n", PNS_VERSION);
			return 0;
		}
	}
	sigaction(SIGINT, &sa, NULL);   /* no SA_RESTART: read() returns EINTR */
	signal(SIGPIPE, SIG_IGN);
	if (getenv("PNSD_SOCKET") != NULL)
		sock_path = getenv("PNSD_SOCKET");
	while (i < argc && argv[i][0] == '-' && argv[i][1] != '-') {
		if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
			sock_path = argv[i + 1];
			i += 2;
		} else {
			bool h = strcmp(argv[i], "-h") == 0;
			usage(h ? stdout : stderr);
			return h ? 0 : 2;
		}
	}
	if (i == argc)
		return interactive();
	line[0] = '\0';
	for (; i < argc; i++) {
		size_t wl = strlen(argv[i]);
		if (len + wl + 2 > sizeof(line)) {
			fprintf(stderr, "pnsctl: command too long\n");
			return 2;
		}
		if (len)
			line[len++] = ' ';
		memcpy(line + len, argv[i], wl + 1);
		len += wl;
	}
	return run(line);
}
