/*
 * IOS-style configuration parser, shared by every layer of pnsd.
 *
 * A configuration is a set of blocks, one per registered section (a layer:
 * "core" here, "vpdn" in host/pptp, "ppp"... in later layers). A section
 * brings its block's size, its defaults, and a table of commands. Parsing
 * always builds a fresh struct cfg from the defaults; the caller swaps it
 * in only when cfg_parse_*() succeeded, so a bad file never half-applies.
 *
 * Command syntax patterns (one per table entry), space-separated elements:
 *   keyword        literal word, matched case-insensitively
 *   <LO-HI>        unsigned decimal integer in [LO, HI]
 *   WORD           any single token (at most CFG_WORD_MAX-1 characters)
 *   A.B.C.D        IPv4 address
 *   LINE           the rest of the line (zero or more tokens); last only
 *   {a|b|c}        one of the keywords a, b, c
 *   [x]            optional element x (a keyword, {a|b}, or a placeholder);
 *                  optional elements may only follow the required ones
 * Every element other than a plain keyword fills one struct cfg_arg, in
 * order. With CFG_F_NO, the "no" form matches once all keywords matched;
 * its placeholders become optional (IOS ignores them in "no" forms).
 *
 * Modes: a command that opens a sub-mode (vpdn-group, accept-dialin,
 * interface, ...) names it in .enter. A line that matches nothing in the
 * current mode is tried in the parent modes (as IOS does, which also
 * leaves the sub-mode). "exit" goes to the parent mode, "end" ends the
 * file, "!" starts a comment line.
 *
 * A line no table knows is, by default, accepted with a one-line notice
 * (CFG_LENIENT); without that flag it is an error. Commands that are
 * known but deliberately not supported by this product are table entries
 * with CFG_F_NOTICE: accepted, with the notice.
 */
#ifndef HOST_COMMON_CONFIG_H
#define HOST_COMMON_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CFG_WORD_MAX      64    /* token length limit incl. NUL */
#define CFG_LINE_MAX      512   /* line length limit */
#define CFG_MAX_TOKENS    32
#define CFG_MAX_ARGS      12
#define CFG_MAX_SECTIONS  16
#define CFG_FILE_MAX      (1u << 20)

enum cfg_mode {
	CFG_MODE_GLOBAL,       /* PNS(config)# */
	CFG_MODE_VPDN,         /* PNS(config-vpdn)# */
	CFG_MODE_VPDN_ACC_IN,  /* PNS(config-vpdn-acc-in)# */
	CFG_MODE_INTERFACE,    /* PNS(config-if)# */
	CFG_MODE_CONTROLLER,   /* PNS(config-controller)# */
	CFG_MODE_DYNAUTH,      /* PNS(config-locsvr-da-radius)#: aaa server radius dynamic-author */
	CFG_MODE_IGNORED,      /* body of a block this product does not have */
	CFG_MODE_COUNT,
	CFG_MODE_NONE = -1,
};

/* One matched pattern element. */
struct cfg_arg {
	bool present;          /* false: optional element absent */
	int col;               /* 1-based column of the token */
	const char *str;       /* token text (or rest of line for LINE) */
	uint32_t num;          /* <LO-HI>: the value */
	uint32_t ipv4;         /* A.B.C.D: network byte order */
	int choice;            /* {a|b|c} / keyword: index of the keyword */
};

struct cfg_args {
	int n;
	struct cfg_arg v[CFG_MAX_ARGS];
};

struct cfg_parse;   /* parser state, passed to apply functions */

/* Apply one command to blk (the section's block of the new config).
 * Return 0, or call cfg_fail() and return -1. */
typedef int (*cfg_apply_fn)(struct cfg_parse *p, void *blk, const struct cfg_args *a, bool no);

#define CFG_F_NO      0x1u   /* has a "no" form */
#define CFG_F_NOTICE  0x2u   /* known, not supported: accept with a notice */

struct cfg_cmd {
	enum cfg_mode mode;    /* where the command is valid */
	const char *syntax;
	cfg_apply_fn apply;    /* NULL for CFG_F_NOTICE entries */
	enum cfg_mode enter;   /* sub-mode entered, or CFG_MODE_NONE (0 is GLOBAL: set it!) */
	unsigned flags;
	const char *help;
};

struct cfg_section {
	const char *name;
	size_t size;                                      /* block size */
	void (*init)(void *blk);                          /* defaults */
	void (*release)(void *blk);                       /* free what the block owns */
	/* Cross-command checks after the whole file parsed; 0 or cfg_fail(). */
	int (*validate)(struct cfg_parse *p, void *blk);
	/* Write the block as configuration text (show running-config). */
	void (*write)(const void *blk, FILE *out);
	const struct cfg_cmd *cmds;
	size_t ncmds;
};

struct cfg {
	void *blocks[CFG_MAX_SECTIONS];
};

struct cfg_error {
	int line, col;          /* 0 when not tied to a place */
	char msg[200];
};

/* A notice (a command accepted but not supported) or a warning (valid,
 * but it will not work as one expects at run time: msg starts with
 * "warning: "). line and col are 0 when not tied to a place. */
typedef void (*cfg_notice_fn)(void *arg, const char *source, int line, int col, const char *msg);

struct cfg_options {
	unsigned flags;         /* CFG_LENIENT */
	cfg_notice_fn notice;   /* NULL: log_notice() */
	void *notice_arg;
};
#define CFG_LENIENT 0x1u

/* Register a section (at start-up, before any parse); 0 or -1 (ENOSPC/EEXIST). */
int cfg_section_register(const struct cfg_section *s);
/* The "core" section (hostname); registered by cfg_core_register(). */
extern const struct cfg_section cfg_core_section;
int cfg_core_register(void);

struct cfg_core {
	char hostname[CFG_WORD_MAX];   /* "" when not configured */
};

/* A config holding every registered section's defaults. */
void cfg_free(struct cfg *c);
/* The block of section s in c (NULL if s was registered after c was made). */
void *cfg_block(const struct cfg *c, const struct cfg_section *s);

/* Parse text into a new config. On success *out is set and 0 returned;
 * on failure -1, err says where, and nothing is allocated. */
int cfg_parse_buf(const char *text, size_t len, const char *source,
		  const struct cfg_options *opt, struct cfg **out, struct cfg_error *err);
int cfg_parse_file(const char *path, const struct cfg_options *opt,
		   struct cfg **out, struct cfg_error *err);

/* Write c as configuration text, section by section. */
void cfg_write(const struct cfg *c, FILE *out);

/* ---- for apply / validate functions ---- */

/* Record an error at column col (0: the line as a whole); returns -1. */
int cfg_fail(struct cfg_parse *p, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record an error at line:col of the file (a whole-file check naming the
 * line a command was on, see cfg_line()); returns -1. */
int cfg_fail_at(struct cfg_parse *p, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Emit a notice for the current line. */
void cfg_notice(struct cfg_parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Emit a warning at line:col (0: no place): the configuration loads, but
 * something in it will not work (e.g. sessions that get no address). */
void cfg_warn_at(struct cfg_parse *p, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The line being parsed (1-based; 0 during whole-file checks): apply
 * functions store it with what they define, for validate's messages. */
int cfg_line(const struct cfg_parse *p);
/* The object the current sub-mode configures (set by the command that
 * entered it, e.g. the vpdn-group), and its setter. */
void *cfg_mode_obj(const struct cfg_parse *p);
void cfg_set_mode_obj(struct cfg_parse *p, void *obj);
/* Another section's block of the config being built (whole-file checks
 * across sections: the access section checks the vpdn-group's template). */
void *cfg_parse_block(struct cfg_parse *p, const struct cfg_section *s);

/* Tokenize one line (pure; used by the CLI too). Returns the token count,
 * or -1 with *bad_col set when a token or the line is too long. Tokens
 * are copied into words[i] (CFG_WORD_MAX each); cols[i] is 1-based. */
int cfg_tokenize(const char *line, size_t len, char words[][CFG_WORD_MAX], int *cols,
		 int max_tokens, int *bad_col);

#endif
