/* compare_null.c: the null distributions behind compare's p-values (Tomtom's complete
 * scores). A query column's score against a random database column takes the integer
 * value s with the share of database columns that score s; the sum over columns i..j is
 * their convolution, built column by column as Tomtom does, and kept as a tail table. */
#include "motif/compare_internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"

void mf_cmp_null_free(mf_cmp_null_t *nl)
{
	if (!nl->sf)
		return;
	for (int r = 0; r < nl->w * nl->w; ++r)
		free(nl->sf[r]);
	free(nl->sf);
	nl->sf = NULL;
}

/* hist[q*(maxs+1) + s]: the share of the n database columns on which query column q
 * scores s. */
static double *column_histograms(const short *grid, int w, size_t n, int maxs)
{
	size_t nb = (size_t)maxs + 1;
	double *hist = calloc((size_t)w * nb, sizeof *hist);
	size_t *count = calloc((size_t)w * nb, sizeof *count);
	if (!hist || !count) {
		free(hist);
		free(count);
		return NULL;
	}
	for (size_t t = 0; t < n; ++t)
		for (int q = 0; q < w; ++q)
			++count[(size_t)q * nb + (size_t)grid[t * (size_t)w + (size_t)q]];
	for (size_t c = 0; c < (size_t)w * nb; ++c)
		hist[c] = (double)count[c] / (double)n;
	free(count);
	return hist;
}

/* out[0..len_in+maxs] = in[0..len_in] convolved with h[0..maxs]. */
__attribute__((target_clones("avx2", "default")))
static void convolve(const double *restrict in, size_t len_in, const double *restrict h,
		int maxs, double *restrict out)
{
	memset(out, 0, (len_in + (size_t)maxs) * sizeof *out);
	for (int s = 0; s <= maxs; ++s) {
		double hs = h[s];
		if (hs == 0)
			continue;
		double *restrict o = out + s;
#pragma omp simd
		for (size_t k = 0; k < len_in; ++k)
			o[k] += hs * in[k];
	}
}

/* The tail table of a distribution: sf[t] = sum_{k >= t} pmf[k], capped at 1. */
static double *tail_of(const double *pmf, size_t len)
{
	double *sf = malloc(len * sizeof *sf);
	if (!sf)
		return NULL;
	double acc = 0;
	for (size_t t = len; t-- > 0;) {
		acc += pmf[t];
		sf[t] = acc < 1 ? acc : 1;
	}
	return sf;
}

int mf_cmp_null_build(mf_cmp_null_t *nl, const short *grid, int w, size_t n, int maxs, int shift)
{
	memset(nl, 0, sizeof *nl);
	nl->w = w;
	nl->maxs = maxs;
	nl->shift = shift;
	size_t cap = (size_t)maxs * (size_t)w + 1;
	double *hist = column_histograms(grid, w, n, maxs);
	double *a = malloc(cap * sizeof *a), *b = malloc(cap * sizeof *b);
	nl->sf = calloc((size_t)w * (size_t)w, sizeof *nl->sf);
	int rc = hist && a && b && nl->sf ? 0 : -1;
	for (int i = w - 1; rc == 0 && i >= 0; --i) {
		size_t len = 1;
		a[0] = 1; /* the empty sum */
		for (int j = i; rc == 0 && j < w; ++j) {
			convolve(a, len, hist + (size_t)j * ((size_t)maxs + 1), maxs, b);
			len += (size_t)maxs;
			double *t = a;
			a = b;
			b = t;
			if (!(nl->sf[i * w + j] = tail_of(a, len)))
				rc = -1;
		}
	}
	free(hist);
	free(a);
	free(b);
	if (rc < 0) {
		mf_error("out of memory for the null distributions of a %d-column query", w);
		mf_cmp_null_free(nl);
	}
	return rc;
}

/* P(T_ij >= t) on the tables' integer grid. */
static double tail(const mf_cmp_null_t *nl, int i, int j, long t)
{
	long top = (long)nl->maxs * (j - i + 1);
	if (t <= 0)
		return 1;
	if (t > top)
		return 0;
	return nl->sf[i * nl->w + j][t];
}

double mf_cmp_null_pvalue(const mf_cmp_null_t *nl, int L, long best)
{
	int w = nl->w;
	double p = 0;
	/* Alignment a puts the target's first column under query column w-1-a (a < w) or
	 * a-w+1 columns past the query's start; all of them, whatever the minimum overlap. */
	for (int a = 0; a < w + L - 1; ++a) {
		int i = a < w ? w - 1 - a : 0;
		int j = a < w ? (i + L < w ? i + L : w) - 1 : (L + w - a - 1 < w ? L + w - a - 1 : w) - 1;
		double s = tail(nl, i, j, best + (long)nl->shift * (j - i + 1));
		/* P(max >= best) over independent alignments, both strands: no cancellation. */
		p += s * (1 - p);
		p += s * (1 - p);
	}
	return p;
}
