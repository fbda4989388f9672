/* testutil.h: small helpers shared by the Check suites. */
#ifndef MF_TESTUTIL_H
#define MF_TESTUTIL_H

#include <stddef.h>

/* A fresh directory under $TESTS_TMPDIR (or /tmp) for one test; caller frees. */
char *tu_tmpdir(const char *tag);
/* "<dir>/<name>" in a new string. */
char *tu_path(const char *dir, const char *name);
/* Writes len bytes to path, plain; 0 or -1. */
int tu_write(const char *path, const void *data, size_t len);
/* Writes text gzip-compressed (mode 0: plain gzip via zlib, 1: bgzip via htslib). */
int tu_write_gz(const char *path, const char *text, int bgzip);
/* Reads a whole file (plain or compressed) into a NUL-terminated string; caller frees. */
char *tu_read(const char *path, size_t *len);
/* Relative-plus-absolute closeness: |a-b| <= atol + rtol*|b|. */
int tu_close(double a, double b, double rtol, double atol);
/* Runs a Check suite; returns the process exit status. */
struct Suite;
int tu_run(struct Suite *s);

#endif
