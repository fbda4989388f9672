/* cli.h: what every subcommand shares: common options, number parsing, exit codes.
 * Only the CLI (motiflift.c, cmd_*.c) includes this; the library does not. */
#ifndef MF_CLI_H
#define MF_CLI_H

#include <stdint.h>

#include "cli/opt.h"

/* Exit codes of the motiflift program. */
enum { MF_EXIT_OK = 0, MF_EXIT_FAIL = 1, MF_EXIT_USAGE = 2 };

/* Common options: -t/--threads, --seed, -v/--verbose, -q/--quiet. */
typedef struct {
	int threads;
	uint64_t seed;
} mf_common_t;

#define MF_COMMON_SHORTOPTS "t:vqh"
enum { MF_OPT_SEED = 1000, MF_OPT_HELP_LONG, MF_OPT_FIRST_COMMAND_OPT = 1100 };
#define MF_COMMON_LONGOPTS                                                     \
	{"threads", MF_OPT_REQ, 't'}, {"seed", MF_OPT_REQ, MF_OPT_SEED},           \
	{"verbose", MF_OPT_NONE, 'v'}, {"quiet", MF_OPT_NONE, 'q'},                \
	{"help", MF_OPT_NONE, 'h'}
#define MF_COMMON_HELP                                                         \
	"  -t, --threads INT   worker threads [%d]\n"                                  \
	"      --seed INT      random seed [%llu]\n"                                   \
	"  -v, --verbose       more messages (repeat for debug)\n"                     \
	"  -q, --quiet         errors only\n"                                          \
	"  -h, --help          this help\n"

void mf_common_init(mf_common_t *c);

/* Handles a common option. Returns 1 if c was one (consumed), 0 if not, -1 on a bad
 * value (already reported). 'h' is not consumed: commands print their own help. */
int mf_common_parse(mf_common_t *c, int opt, const char *arg, const char *cmd);

/* Reports an unknown option or missing argument from mf_opt_next; returns MF_EXIT_USAGE. */
int mf_usage_error(const char *cmd, int opt, const mf_opt_t *s);

/* Strict number parsing: the whole string must be a number in [lo, hi]; on failure
 * one line names the option and the value, and -1 is returned. */
int mf_parse_int(const char *cmd, const char *what, const char *s, long lo, long hi, long *out);
int mf_parse_u64(const char *cmd, const char *what, const char *s, uint64_t *out);
int mf_parse_double(const char *cmd, const char *what, const char *s, double lo, double hi,
		double *out);
/* A comma-separated list of exactly n numbers ("0.3,0.2,0.2,0.3"). */
int mf_parse_doubles(const char *cmd, const char *what, const char *s, int n, double *out);

/* Base frequencies "A,C,G,T": four numbers in [0, 1] summing to 1 (within 1e-3); 0, or -1 with
 * one line on stderr. The one rule of every command that takes frequencies. */
int mf_parse_freqs(const char *cmd, const char *what, const char *s, double *out);
/* The same for a background of log-odds (scan --bg, score --bg, simulate --background):
 * every frequency also above 0, since log2(p / 0) is undefined. */
int mf_parse_bg(const char *cmd, const char *what, const char *s, double *out);
/* Checks that writes to stdout succeeded (full disk, closed pipe); returns an exit code. */
int mf_finish_stdout(const char *cmd);

/* Before the work starts: every output path (NULL and "-" skipped) must name a file in an
 * existing, writable directory, and no two may be the same, so a long run does not fail
 * at its end or overwrite one output with another. 0, or -1 with one line on stderr. */
int mf_check_outputs(const char *cmd, const char *const *paths, int n);
/* mf_check_outputs, and no output the same file as an input (same device and inode, so
 * through symlinks and hard links too; "-" is standard input or output, and only regular
 * files count): a run never replaces what it reads. in_place_opt names the option that
 * allows it on purpose (e.g. "--in-place") for the message, or NULL. NULL and "-" entries
 * of ins are skipped like those of outs. 0, or -1 with one line on stderr. */
int mf_check_files(const char *cmd, const char *const *outs, int n_out, const char *const *ins,
		int n_in, const char *in_place_opt);

#endif
