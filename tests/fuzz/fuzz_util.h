/* fuzz_util.h: what every libFuzzer harness here shares. The parsers read files by path,
 * so each input is written to a scratch file first; logging is silenced but counted, and
 * the one-line rule is checked: a failure reports exactly one error, a success none. */
#ifndef MF_FUZZ_UTIL_H
#define MF_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"

/* A scratch directory of this process: $MF_FUZZ_TMP, else /dev/shm (memory), else /tmp. */
static const char *fz_dir(void)
{
	static char dir[512];
	if (!dir[0]) {
		const char *base = getenv("MF_FUZZ_TMP");
		struct stat st;
		if (!base || !*base)
			base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
		snprintf(dir, sizeof dir, "%s/mf_fuzz.%ld", base, (long)getpid());
		mkdir(dir, 0700);
	}
	return dir;
}

/* The path of scratch file `name` (static storage per call site's buffer). */
static void fz_path(char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "%s/%s", fz_dir(), name);
}

/* Writes data to scratch file `name`; its path in buf. Aborts on a scratch failure (not a
 * finding: the harness cannot run). */
static void fz_write(char *buf, size_t cap, const char *name, const uint8_t *data, size_t size)
{
	fz_path(buf, cap, name);
	FILE *fp = fopen(buf, "wb");
	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0) {
		perror(buf);
		abort();
	}
}

/* Call at the start of each input. */
static void fz_begin(void)
{
	mf_verbose = getenv("MF_FUZZ_VERBOSE") ? MF_LOG_DEBUG : MF_LOG_QUIET;
	memset(mf_log_count, 0, sizeof mf_log_count);
}

/* The one-line rule: a failure logs exactly one error, a success none. */
static void fz_end(int failed, const char *what)
{
	long n = mf_log_count[MF_LOG_ERROR];
	if ((failed && n != 1) || (!failed && n != 0)) {
		fprintf(stderr, "fuzz: %s %s with %ld error messages (want %d); rerun with "
			"MF_FUZZ_VERBOSE=1 to see them\n", what, failed ? "failed" : "succeeded", n,
			failed ? 1 : 0);
		abort();
	}
}

/* A part of the input up to a separator line, for harnesses that take two files. */
static size_t fz_split(const uint8_t *data, size_t size, const char *sep)
{
	size_t n = strlen(sep);
	for (size_t i = 0; i + n <= size; ++i)
		if (memcmp(data + i, sep, n) == 0)
			return i;
	return size;
}

#endif
