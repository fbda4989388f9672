#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "io/tmpfile.h"

void mf_common_init(mf_common_t *c)
{
	c->threads = 1;
	c->seed = 1;
}

int mf_common_parse(mf_common_t *c, int opt, const char *arg, const char *cmd)
{
	long v;
	switch (opt) {
	case 't':
		if (mf_parse_int(cmd, "--threads", arg, 1, 1024, &v) < 0)
			return -1;
		c->threads = (int)v;
		return 1;
	case MF_OPT_SEED:
		return mf_parse_u64(cmd, "--seed", arg, &c->seed) < 0 ? -1 : 1;
	case 'v':
		if (mf_verbose < MF_LOG_DEBUG)
			++mf_verbose;
		return 1;
	case 'q':
		mf_verbose = MF_LOG_ERROR;
		return 1;
	default:
		return 0;
	}
}

int mf_usage_error(const char *cmd, int opt, const mf_opt_t *s)
{
	if (opt == ':')
		fprintf(stderr, "motiflift %s: option %s needs an argument (see 'motiflift %s --help')\n",
			cmd, s->bad, cmd);
	else
		fprintf(stderr, "motiflift %s: unknown option %s (see 'motiflift %s --help')\n", cmd,
			s->bad, cmd);
	return MF_EXIT_USAGE;
}

static void bad_number(const char *cmd, const char *what, const char *s, const char *why)
{
	fprintf(stderr, "motiflift %s: %s '%s': %s\n", cmd, what, s, why);
}

int mf_parse_int(const char *cmd, const char *what, const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno) {
		bad_number(cmd, what, s, "not an integer");
		return -1;
	}
	if (v < lo || v > hi) {
		char why[96];
		snprintf(why, sizeof why, "must be between %ld and %ld", lo, hi);
		bad_number(cmd, what, s, why);
		return -1;
	}
	*out = v;
	return 0;
}

int mf_parse_u64(const char *cmd, const char *what, const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (*s == '-' || *s == '\0') {
		bad_number(cmd, what, s, "not a non-negative integer");
		return -1;
	}
	unsigned long long v = strtoull(s, &end, 10);
	if (*end != '\0' || errno) {
		bad_number(cmd, what, s, "not a non-negative integer");
		return -1;
	}
	*out = v;
	return 0;
}

int mf_parse_double(const char *cmd, const char *what, const char *s, double lo, double hi,
		double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno || !isfinite(v)) {
		bad_number(cmd, what, s, "not a finite number");
		return -1;
	}
	if (v < lo || v > hi) {
		char why[96];
		snprintf(why, sizeof why, "must be between %g and %g", lo, hi);
		bad_number(cmd, what, s, why);
		return -1;
	}
	*out = v;
	return 0;
}

int mf_parse_doubles(const char *cmd, const char *what, const char *s, int n, double *out)
{
	const char *p = s;
	for (int i = 0; i < n; ++i) {
		char *end;
		errno = 0;
		out[i] = strtod(p, &end);
		if (end == p || errno || !isfinite(out[i]) || (i < n - 1 && *end != ',') ||
				(i == n - 1 && *end != '\0')) {
			char why[64];
			snprintf(why, sizeof why, "expected %d comma-separated numbers", n);
			bad_number(cmd, what, s, why);
			return -1;
		}
		p = end + 1;
	}
	return 0;
}

int mf_parse_freqs(const char *cmd, const char *what, const char *s, double *out)
{
	if (mf_parse_doubles(cmd, what, s, 4, out) < 0)
		return -1;
	double sum = out[0] + out[1] + out[2] + out[3];
	int ok = fabs(sum - 1) < 1e-3;
	for (int j = 0; j < 4; ++j)
		ok &= out[j] >= 0 && out[j] <= 1;
	if (!ok)
		fprintf(stderr, "motiflift %s: %s '%s': need 4 frequencies >= 0 summing to 1\n", cmd,
			what, s);
	return ok ? 0 : -1;
}

int mf_parse_bg(const char *cmd, const char *what, const char *s, double *out)
{
	if (mf_parse_freqs(cmd, what, s, out) < 0)
		return -1;
	for (int j = 0; j < 4; ++j)
		if (!(out[j] > 0)) {
			fprintf(stderr, "motiflift %s: %s '%s': the frequency of %c is 0; a background "
				"needs every base (log-odds divide by it)\n", cmd, what, s, "ACGT"[j]);
			return -1;
		}
	double sum = out[0] + out[1] + out[2] + out[3];
	for (int j = 0; j < 4; ++j)
		out[j] /= sum; /* exactly 1, as a background read from a file */
	return 0;
}

int mf_finish_stdout(const char *cmd)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "motiflift %s: error writing to standard output: %s\n", cmd,
			strerror(errno));
		return MF_EXIT_FAIL;
	}
	return MF_EXIT_OK;
}

static int output_writable(const char *cmd, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "motiflift %s: output '%s' is a directory; name a file\n", cmd, path);
		return -1;
	}
	char *dir = mf_path_dir(path);
	int ok = dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	int err = ok ? 0 : errno;
	if (ok && access(dir, W_OK | X_OK) != 0)
		ok = 0, err = errno;
	if (!ok)
		fprintf(stderr, "motiflift %s: cannot write '%s': directory '%s': %s\n", cmd, path,
			dir ? dir : "?", err ? strerror(err) : "not a directory");
	free(dir);
	return ok ? 0 : -1;
}

/* The regular file path names ("-": standard input or output) as device and inode;
 * 0 when there is none (not yet created, a pipe, a terminal, a device). */
static int file_id(const char *path, int is_output, struct stat *st)
{
	int ok = strcmp(path, "-") == 0 ? fstat(is_output ? STDOUT_FILENO : STDIN_FILENO, st) == 0
		: stat(path, st) == 0;
	return ok && S_ISREG(st->st_mode);
}

static int same_file(const char *a, int a_out, const char *b, int b_out)
{
	struct stat x, y;
	return file_id(a, a_out, &x) && file_id(b, b_out, &y) && x.st_dev == y.st_dev &&
		x.st_ino == y.st_ino;
}

static const char *shown(const char *path, int is_output)
{
	return strcmp(path, "-") != 0 ? path : is_output ? "standard output" : "standard input";
}

int mf_check_outputs(const char *cmd, const char *const *paths, int n)
{
	return mf_check_files(cmd, paths, n, NULL, 0, NULL);
}

int mf_check_files(const char *cmd, const char *const *outs, int n_out, const char *const *ins,
		int n_in, const char *in_place_opt)
{
	for (int i = 0; i < n_out; ++i) {
		if (!outs[i])
			continue;
		if (strcmp(outs[i], "-") != 0 && output_writable(cmd, outs[i]) < 0)
			return -1;
		for (int j = 0; j < i; ++j)
			if (outs[j] && strcmp(outs[i], "-") != 0 && (strcmp(outs[i], outs[j]) == 0 ||
					same_file(outs[i], 1, outs[j], 1))) {
				fprintf(stderr, "motiflift %s: '%s' is named for two outputs\n", cmd, outs[i]);
				return -1;
			}
		for (int j = 0; j < n_in; ++j)
			if (ins[j] && same_file(outs[i], 1, ins[j], 0)) {
				fprintf(stderr, "motiflift %s: output '%s' is the input '%s' (the same file): "
					"the run would replace it; name another output%s%s\n", cmd,
					shown(outs[i], 1), shown(ins[j], 0), in_place_opt ? " or use " : "",
					in_place_opt ? in_place_opt : "");
				return -1;
			}
	}
	return 0;
}
