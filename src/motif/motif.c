/* motif.c: loading a motif file (sniffing its format, then its parser in motif_parse.c),
 * lookup with close-name suggestions, smoothing and log-odds. Lines and numbers are in
 * motif_lines.c, the set's building blocks in motif_set.c. */
#include "motif/motif.h"
#include "motif/motif_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <htslib/kstring.h>

#include "base/log.h"

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
	return mf_motifset_load_cwm(path, fmt, MF_CWM_NONE);
}

mf_motifset_t *mf_motifset_load_cwm(const char *path, mf_motif_fmt_t fmt, mf_cwm_read_t how)
{
	mf_mlines_t L;
	if (mf_mlines_read(path, &L) < 0)
		return NULL;
	mf_motifset_t *s = calloc(1, sizeof *s);
	if (!s) {
		mf_error("%s: out of memory", path);
		goto fail;
	}
	s->cwm_read = how;
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
