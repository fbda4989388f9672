/* motif_lines.c: a motif file as lines (plain or gzip; motif files are small) and the
 * numbers on a line: what every format parser reads with. */
#include "motif/motif_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include "base/log.h"
#include "io/bgzf_line.h"

/* ---- lines ------------------------------------------------------------------------ */

void mf_mlines_free(mf_mlines_t *L)
{
	for (int i = 0; i < L->n; ++i)
		free(L->l[i]);
	free(L->l);
	L->l = NULL;
	L->n = L->cap = 0;
}

static int push_line(mf_mlines_t *L, const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n'))
		--len;
	if (L->n == L->cap) {
		int cap = L->cap ? 2 * L->cap : 256;
		char **t = realloc(L->l, (size_t)cap * sizeof *t);
		if (!t)
			return -1;
		L->l = t;
		L->cap = cap;
	}
	if (!(L->l[L->n] = strndup(s, len)))
		return -1;
	++L->n;
	return 0;
}

/* The whole file as lines: motif files are small (the ENCODE set is 1.4 MB). */
int mf_mlines_read(const char *path, mf_mlines_t *L)
{
	memset(L, 0, sizeof *L);
	errno = 0;
	BGZF *fp = bgzf_open(path, "r");
	if (!fp) {
		mf_error("cannot open motif file '%s': %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	kstring_t line = {0, 0, NULL};
	int ret;
	while ((ret = mf_bgzf_getline(fp, &line)) >= 0) {
		if (mf_kline_has_cr(&line)) {
			mf_error("%s: line %d: %s", path, L->n + 1, MF_CR_ONLY_HINT);
			ret = -4; /* reported */
			break;
		}
		if (push_line(L, line.s ? line.s : "", line.l) < 0) {
			mf_error("%s: out of memory", path);
			ret = -4;
			break;
		}
	}
	if (ret == -1 && fp->errcode)
		ret = -2;
	if (ret < -1 && ret != -4)
		mf_error("%s: read error: the file is truncated or corrupt", path);
	free(line.s);
	if (bgzf_close(fp) < 0 && ret == -1) {
		mf_error("%s: read error: the file is truncated or corrupt", path);
		ret = -2;
	}
	if (ret < -1) {
		mf_mlines_free(L);
		return -1;
	}
	return 0;
}

int mf_mline_blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		++s;
	return *s == '\0';
}

/* ---- numbers and rows --------------------------------------------------------------- */

int mf_mparse_numbers(const char *s, double *out, int cap)
{
	int n = 0;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			++s;
		if (*s == '\0')
			return n;
		char *end;
		double v = strtod(s, &end);
		if (end == s || (*end && *end != ' ' && *end != '\t' && *end != ','))
			return -1;
		if (n < cap)
			out[n] = v;
		++n;
		s = end;
	}
}
