/* compare_internal.h: what the compare rooms share, used by compare.c: motif preparation
 * (compare_prep.c), column scores on Tomtom's integer grid (compare_cols.c) and the null
 * distributions of their sums (compare_null.c). */
#ifndef MF_COMPARE_INTERNAL_H
#define MF_COMPARE_INTERNAL_H

#include <stddef.h>

#include "motif/compare.h"

/* ---- preparation (compare_prep.c) ------------------------------------------------------- */

/* The columns [start, start + w) of m as compared, into cols[w*4]: probabilities with the
 * pseudocount, a CWM's positive-part PPM (with the pseudocount) or its signed values.
 * 0, or -1 (logged, naming what) for a signed CWM under a distance other than Pearson or a
 * zero cell under Kullback. */
int mf_cmp_prepare(const mf_motif_t *m, int start, int w, const mf_compare_opt_t *o,
		const char *what, double *cols);
/* The query columns to compare after trimming (opt.trim_bits, opt.trim_cwm). */
void mf_cmp_trim(const mf_motif_t *m, const mf_compare_opt_t *o, int *start, int *w);
void mf_cmp_revcomp(const double *cols, int w, double *out);
/* Tomtom's consensus: the first most likely letter of each column, into out[w+1]. */
void mf_cmp_consensus(const double *cols, int w, char *out);

/* ---- column scores (compare_cols.c) ------------------------------------------------------ */

/* The database's columns as a distance reads them. */
typedef struct {
	mf_compare_dist_t dist;
	size_t n;            /* columns, every motif on both strands */
	const double *lane;  /* [4][n]: the columns by letter (Pearson: centred, unit length) */
	const double *lg;    /* [4][n]: their log10 (Kullback), else NULL */
} mf_cmp_columns_t;

/* Fills lane (and lg when not NULL) [4][c->n] from cols [c->n][4]; points c at them. */
void mf_cmp_lanes(const double *cols, mf_cmp_columns_t *c, double *lane, double *lg);

/* Per-thread working memory for queries up to max_w columns. */
typedef struct mf_cmp_scratch mf_cmp_scratch_t;
mf_cmp_scratch_t *mf_cmp_scratch_new(int max_w, size_t n);
void mf_cmp_scratch_free(mf_cmp_scratch_t *s);

/* The w query columns q[w*4] scored against every database column, each query column's
 * scores shifted by their median, all rounded onto Tomtom's grid: *grid[t*w + i] (0..the
 * returned maximum) for database column t and query column i, in s. *shift is what a score
 * loses going from the grid's origin back to the median-shifted scale (-origin*scale).
 * -1 (logged) when the scores span more than the grid holds. */
int mf_cmp_grid(const mf_cmp_columns_t *c, const double *q, int w, mf_cmp_scratch_t *s,
		const short **grid, int *shift);

/* ---- null distributions (compare_null.c) -------------------------------------------- */

/* For one query of width w whose column scores were rounded to integers 0..maxs over the
 * n database columns (grid[t*w + q], mf_cmp_grid): the tail P(T >= t) of the sum T of the scores of
 * query columns i..j against independent uniformly drawn database columns, for every
 * 0 <= i <= j < w. shift is the integer that a column score loses when taken back from
 * the grid's origin to the median-shifted scale (Tomtom's -offset*scale). */
typedef struct {
	int w, maxs, shift;
	double **sf; /* sf[i*w + j][t], t = 0..maxs*(j-i+1) */
} mf_cmp_null_t;

int mf_cmp_null_build(mf_cmp_null_t *nl, const short *grid, int w, size_t n, int maxs, int shift);
void mf_cmp_null_free(mf_cmp_null_t *nl);
/* P(the best of the 2(w+L-1) alignments of a width-L target scores >= best), best the
 * integer sum of median-shifted scores over the aligned columns. */
double mf_cmp_null_pvalue(const mf_cmp_null_t *nl, int L, long best);

#endif
