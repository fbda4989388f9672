/* motif.c: the motif set, its loader's shared parts (lines, rows, normalisation),
 * lookup with close-name suggestions, smoothing and log-odds. The four format
 * parsers live in motif_parse.c. */
#include "motif/motif.h"
#include "motif/motif_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include "io/bgzf_line.h"
#include "base/log.h"

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
		size_t n = line.l && line.s[line.l - 1] == '\r' ? line.l - 1 : line.l;
		if (mf_line_has_cr(line.s, n)) {
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

/* Rows that sum to ~1 are probabilities; rows that all sum to more than 1.5 are
 * counts (JASPAR, some MEME conversions). Both end up normalised to sum 1. */
int mf_mnormalise(mf_motif_t *m, const char *path, int line)
{
	const double tol = 0.02;
	int probs = 1, counts = 1;
	double max_sum = 0;
	for (int i = 0; i < m->w; ++i) {
		double sum = 0;
		for (int j = 0; j < 4; ++j) {
			double v = m->p[i * 4 + j];
			if (!isfinite(v) || v < 0) {
				mf_error("%s: line %d: motif '%s' row %d: value %g is not a probability or a count",
					path, line + i, m->name, i + 1, v);
				return -1;
			}
			sum += v;
		}
		if (fabs(sum - 1) > tol)
			probs = 0;
		if (sum <= 1.5)
			counts = 0;
		if (sum > max_sum)
			max_sum = sum;
	}
	if (!probs && !counts) {
		mf_error("%s: line %d: motif '%s': rows must each sum to 1 (probabilities) or all be counts",
			path, line, m->name);
		return -1;
	}
	for (int i = 0; i < m->w; ++i) {
		double *r = m->p + i * 4, sum = r[0] + r[1] + r[2] + r[3];
		for (int j = 0; j < 4; ++j)
			r[j] /= sum;
	}
	if (counts && m->nsites == 0)
		m->nsites = max_sum;
	return 0;
}

/* ---- the set -------------------------------------------------------------------------- */

mf_motif_t *mf_motifset_add(mf_motifset_t *s, const char *name, size_t name_len, const char *desc)
{
	mf_motif_t *t = realloc(s->m, (size_t)(s->n + 1) * sizeof *t);
	if (!t)
		return NULL;
	s->m = t;
	mf_motif_t *m = &s->m[s->n];
	memset(m, 0, sizeof *m);
	m->threshold = NAN;
	m->name = strndup(name, name_len);
	m->desc = strdup(desc ? desc : "");
	if (!m->name || !m->desc) {
		free(m->name);
		free(m->desc);
		return NULL;
	}
	++s->n;
	return m;
}

int mf_motif_set_width(mf_motif_t *m, int w)
{
	double *p = realloc(m->p, (size_t)(w > 0 ? w : 1) * 4 * sizeof *p);
	if (!p)
		return -1;
	m->p = p;
	m->w = w;
	return 0;
}

void mf_motifset_destroy(mf_motifset_t *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; ++i) {
		free(s->m[i].name);
		free(s->m[i].desc);
		free(s->m[i].p);
	}
	free(s->m);
	free(s);
}

/* Whether the block of rows from line j holds exactly four rows led by A, C, G and T. */
static int letter_rows_acgt(const mf_mlines_t *L, int j)
{
	int seen = 0, n = 0;
	for (; j < L->n && L->l[j][0] != '>'; ++j) {
		const char *r = L->l[j];
		while (*r == ' ' || *r == '\t')
			++r;
		if (!*r)
			continue;
		const char *at = strchr("ACGT", toupper((unsigned char)*r));
		if (!at || !*r || ++n > 4)
			return 0;
		seen |= 1 << (at - "ACGT");
	}
	return n == 4 && seen == 15;
}

static mf_motif_fmt_t sniff(const mf_mlines_t *L, int *first)
{
	int i = 0;
	while (i < L->n && mf_mline_blank(L->l[i]))
		++i;
	*first = i;
	if (i == L->n)
		return MF_MOTIF_AUTO;
	if (strncmp(L->l[i], "MEME version", 12) == 0)
		return MF_MOTIF_MEME;
	if (L->l[i][0] != '>')
		return MF_MOTIF_AUTO;
	int j = i + 1;
	while (j < L->n && mf_mline_blank(L->l[j]))
		++j;
	if (j == L->n)
		return MF_MOTIF_AUTO;
	const char *r = L->l[j];
	while (*r == ' ' || *r == '\t')
		++r;
	double v[8];
	int nnum = mf_mparse_numbers(r, v, 8);
	if (nnum == 4)
		return MF_MOTIF_HOMER;
	if (nnum > 0)
		return MF_MOTIF_JASPAR; /* a bare count row of the old .pfm layout */
	if (strchr(r, '['))
		return MF_MOTIF_JASPAR;
	if (isalpha((unsigned char)r[0]) && (r[1] == ' ' || r[1] == '\t')) {
		int n = mf_mparse_numbers(r + 1, v, 8);
		if (n <= 0)
			return MF_MOTIF_AUTO;
		/* a bracketless JASPAR block is one row per letter A, C, G, T; anything else led
		 * by letters is ENCODE, so that its bad row gets an ENCODE message */
		return n != 4 && letter_rows_acgt(L, j) ? MF_MOTIF_JASPAR : MF_MOTIF_ENCODE;
	}
	return MF_MOTIF_AUTO;
}

static int parse(mf_motifset_t *s, const mf_mlines_t *L, mf_motif_fmt_t fmt, const char *path)
{
	switch (fmt) {
	case MF_MOTIF_MEME: return mf_mparse_meme(s, L, path);
	case MF_MOTIF_ENCODE: return mf_mparse_encode(s, L, path);
	case MF_MOTIF_JASPAR: return mf_mparse_jaspar(s, L, path);
	case MF_MOTIF_HOMER: return mf_mparse_homer(s, L, path);
	default: return -1;
	}
}

mf_motifset_t *mf_motifset_load(const char *path, mf_motif_fmt_t fmt)
{
	mf_mlines_t L;
	if (mf_mlines_read(path, &L) < 0)
		return NULL;
	mf_motifset_t *s = calloc(1, sizeof *s);
	if (!s) {
		mf_error("%s: out of memory", path);
		goto fail;
	}
	for (int j = 0; j < 4; ++j)
		s->bg[j] = 0.25;
	int first;
	mf_motif_fmt_t sniffed = sniff(&L, &first);
	if (first == L.n) {
		mf_error("%s: empty file: no motifs", path);
		goto fail;
	}
	if (fmt == MF_MOTIF_AUTO && (fmt = sniffed) == MF_MOTIF_AUTO) {
		mf_error("%s: line %d: not a motif file (expected 'MEME version', or '>' followed by "
			"ENCODE, JASPAR or HOMER rows)", path, first + 1);
		goto fail;
	}
	if (parse(s, &L, fmt, path) < 0)
		goto fail;
	if (s->n == 0) {
		mf_error("%s: no motifs in the file", path);
		goto fail;
	}
	for (int i = 1; i < s->n; ++i) /* outputs name matches by motif: names must differ */
		for (int j = 0; j < i; ++j)
			if (strcmp(s->m[i].name, s->m[j].name) == 0) {
				mf_error("%s: two motifs are named '%s' (motifs %d and %d); rename one", path,
					s->m[i].name, j + 1, i + 1);
				goto fail;
			}
	mf_mlines_free(&L);
	return s;
fail:
	mf_mlines_free(&L);
	mf_motifset_destroy(s);
	return NULL;
}

/* ---- lookup ------------------------------------------------------------------------------ */

const mf_motif_t *mf_motifset_find(const mf_motifset_t *s, const char *name)
{
	for (int i = 0; s && i < s->n; ++i)
		if (strcmp(s->m[i].name, name) == 0)
			return &s->m[i];
	return NULL;
}

/* Case-insensitive Levenshtein distance, capped at 255 characters per string. */
static int edit_distance(const char *a, const char *b)
{
	int na = (int)strlen(a), nb = (int)strlen(b);
	if (na > 255)
		na = 255;
	if (nb > 255)
		nb = 255;
	int row[256];
	for (int j = 0; j <= nb; ++j)
		row[j] = j;
	for (int i = 1; i <= na; ++i) {
		int diag = row[0];
		row[0] = i;
		for (int j = 1; j <= nb; ++j) {
			int up = row[j];
			int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
			int best = diag + !same;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

/* Names that start with what the user typed rank first, then by edit distance. */
static int closeness(const char *want, const char *name)
{
	return strncasecmp(name, want, strlen(want)) == 0 ? 0 : 1 + edit_distance(want, name);
}

const mf_motif_t *mf_motifset_require(const mf_motifset_t *s, const char *name, const char *path)
{
	const mf_motif_t *m = mf_motifset_find(s, name);
	if (m)
		return m;
	enum { K = 5 };
	int best[K], score[K], nb = 0;
	for (int i = 0; s && i < s->n; ++i) {
		int sc = closeness(name, s->m[i].name), at = nb < K ? nb++ : K;
		while (at > 0 && score[at - 1] > sc) {
			if (at < K) {
				best[at] = best[at - 1];
				score[at] = score[at - 1];
			}
			--at;
		}
		if (at < K) {
			best[at] = i;
			score[at] = sc;
		}
	}
	kstring_t list = {0, 0, NULL};
	for (int i = 0; i < nb; ++i)
		ksprintf(&list, "%s%s", i ? ", " : "", s->m[best[i]].name);
	mf_error("motif '%s' not in %s; close names: %s", name, path, list.s ? list.s : "(none)");
	free(list.s);
	return NULL;
}

/* ---- scores --------------------------------------------------------------------------------- */

void mf_motif_smooth(const mf_motif_t *m, double pc, double *out)
{
	for (int i = 0; i < m->w * 4; ++i)
		out[i] = m->p[i] * (1 - pc) + pc / 4;
}

void mf_motif_logodds(const mf_motif_t *m, double pc, const double bg[4], double *lo)
{
	mf_motif_smooth(m, pc, lo);
	for (int i = 0; i < m->w; ++i)
		for (int j = 0; j < 4; ++j)
			lo[i * 4 + j] = log2(lo[i * 4 + j] / bg[j]);
}

double mf_motif_score(const double *lo, int w, const char *seq)
{
	double sum = 0;
	for (int i = 0; i < w; ++i) {
		int b;
		switch (seq[i]) {
		case 'A': case 'a': b = 0; break;
		case 'C': case 'c': b = 1; break;
		case 'G': case 'g': b = 2; break;
		case 'T': case 't': b = 3; break;
		default: return NAN;
		}
		sum += lo[i * 4 + b];
	}
	return sum;
}

/* ---- shipped files --------------------------------------------------------------------------- */

#ifndef MF_MOTIF_DIR
#define MF_MOTIF_DIR ""
#endif
#ifndef MF_MOTIF_SRCDIR
#define MF_MOTIF_SRCDIR ""
#endif

char *mf_motif_default_path(const char *file)
{
	const char *dirs[] = {getenv("MOTIFLIFT_MOTIF_DIR"), MF_MOTIF_DIR, MF_MOTIF_SRCDIR};
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; ++i) {
		if (!dirs[i] || !*dirs[i])
			continue;
		kstring_t p = {0, 0, NULL};
		ksprintf(&p, "%s/%s", dirs[i], file);
		struct stat st;
		if (p.s && stat(p.s, &st) == 0 && S_ISREG(st.st_mode))
			return p.s;
		free(p.s);
	}
	mf_error("cannot find the motif file '%s' (looked in $MOTIFLIFT_MOTIF_DIR, %s and %s); "
		"give one with --motifs", file, MF_MOTIF_DIR, MF_MOTIF_SRCDIR);
	return NULL;
}
