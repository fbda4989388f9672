/* compare_cols.c: a query's column scores against every database column, as Tomtom turns
 * them into integers: each query column's scores shifted by their median over the
 * database, then all of them rounded onto one grid (scale_score_matrix in tomtom.c). */
#include "motif/compare_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/log.h"

#define GRID_STEPS 100      /* Tomtom's BINS: at most this many grid steps per column */
#define MEDIAN_BUCKETS 4096 /* the histogram that narrows the search for a row's median */
#define CHUNK 2048          /* database columns scored for every query column in turn */

struct mf_cmp_scratch {
	double *raw;             /* [w][n] column scores */
	double med[MF_COMPARE_MAX_WIDTH];
	double *sel;             /* [n] the values a row's median is selected from */
	unsigned short *bucket;  /* [n] each value's histogram bucket */
	size_t *count;           /* [MEDIAN_BUCKETS + 1] */
	short *grid;             /* [n][w] the grid, one database column's w scores together */
};

void mf_cmp_scratch_free(mf_cmp_scratch_t *s)
{
	if (!s)
		return;
	free(s->raw);
	free(s->sel);
	free(s->bucket);
	free(s->count);
	free(s->grid);
	free(s);
}

mf_cmp_scratch_t *mf_cmp_scratch_new(int max_w, size_t n)
{
	mf_cmp_scratch_t *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->raw = malloc((size_t)max_w * n * sizeof *s->raw);
	s->sel = malloc(n * sizeof *s->sel);
	s->bucket = malloc(n * sizeof *s->bucket);
	s->count = malloc((MEDIAN_BUCKETS + 1) * sizeof *s->count);
	s->grid = malloc((size_t)max_w * n * sizeof *s->grid);
	if (s->raw && s->sel && s->bucket && s->count && s->grid)
		return s;
	mf_cmp_scratch_free(s);
	return NULL;
}

/* ---- columns as a distance reads them ----------------------------------------------- */

/* Pearson's column: centred on its mean and scaled to unit length (all zero when flat,
 * which then correlates 0 with everything, as Tomtom scores a zero denominator). */
static void pearson_column(const double *c, double *out)
{
	double mean = (c[0] + c[1] + c[2] + c[3]) / 4, ss = 0;
	for (int b = 0; b < 4; ++b)
		ss += (c[b] - mean) * (c[b] - mean);
	double norm = ss > 0 ? sqrt(ss) : 0;
	for (int b = 0; b < 4; ++b)
		out[b] = norm > 0 ? (c[b] - mean) / norm : 0;
}

void mf_cmp_lanes(const double *cols, mf_cmp_columns_t *c, double *lane, double *lg)
{
	size_t n = c->n;
	for (size_t t = 0; t < n; ++t) {
		double v[4];
		if (c->dist == MF_COMPARE_PEARSON)
			pearson_column(cols + t * 4, v);
		else
			memcpy(v, cols + t * 4, sizeof v);
		for (int b = 0; b < 4; ++b) {
			lane[b * n + t] = v[b];
			if (lg)
				lg[b * n + t] = log10(cols[t * 4 + b]);
		}
	}
	c->lane = lane;
	c->lg = lg;
}

/* x[t] = -sqrt(x[t]), and the range of the results: two at a time with SSE2 (sqrt is
 * the costly part of the Euclidean distance, and GCC does not vectorize sqrt while it may
 * set errno). */
static void negate_sqrt(double *x, size_t n, double *lo, double *hi)
{
	double mn = INFINITY, mx = -INFINITY;
	size_t t = 0;
#ifdef __SSE2__
	const __m128d zero = _mm_setzero_pd();
	__m128d vmn = _mm_set1_pd(mn), vmx = _mm_set1_pd(mx);
	for (; t + 2 <= n; t += 2) {
		__m128d v = _mm_sub_pd(zero, _mm_sqrt_pd(_mm_loadu_pd(x + t)));
		_mm_storeu_pd(x + t, v);
		vmn = _mm_min_pd(vmn, v);
		vmx = _mm_max_pd(vmx, v);
	}
	double a[2], b[2];
	_mm_storeu_pd(a, vmn);
	_mm_storeu_pd(b, vmx);
	mn = a[0] < a[1] ? a[0] : a[1];
	mx = b[0] > b[1] ? b[0] : b[1];
#endif
	for (; t < n; ++t) {
		x[t] = -sqrt(x[t]);
		mn = x[t] < mn ? x[t] : mn;
		mx = x[t] > mx ? x[t] : mx;
	}
	*lo = mn;
	*hi = mx;
}

/* The smallest and largest of x[0..n) (four at a time with SSE2: the reduction is not
 * vectorized at -O2, and one accumulator would wait on itself). */
static void value_range(const double *x, size_t n, double *lo, double *hi)
{
	double mn = INFINITY, mx = -INFINITY;
	size_t t = 0;
#ifdef __SSE2__
	__m128d mn0 = _mm_set1_pd(mn), mn1 = mn0, mx0 = _mm_set1_pd(mx), mx1 = mx0;
	for (; t + 4 <= n; t += 4) {
		__m128d u = _mm_loadu_pd(x + t), v = _mm_loadu_pd(x + t + 2);
		mn0 = _mm_min_pd(mn0, u);
		mn1 = _mm_min_pd(mn1, v);
		mx0 = _mm_max_pd(mx0, u);
		mx1 = _mm_max_pd(mx1, v);
	}
	double a[2], b[2];
	_mm_storeu_pd(a, _mm_min_pd(mn0, mn1));
	_mm_storeu_pd(b, _mm_max_pd(mx0, mx1));
	mn = a[0] < a[1] ? a[0] : a[1];
	mx = b[0] > b[1] ? b[0] : b[1];
#endif
	for (; t < n; ++t) {
		mn = x[t] < mn ? x[t] : mn;
		mx = x[t] > mx ? x[t] : mx;
	}
	*lo = mn;
	*hi = mx;
}

/* Scores of query column q against database columns [from, from + m), into out[m], and
 * their range. */
__attribute__((target_clones("avx2", "default")))
static void score_chunk(const mf_cmp_columns_t *c, const double *q, size_t from, size_t m,
		double *restrict out, double *lo, double *hi)
{
	size_t n = c->n;
	const double *restrict A = c->lane + from, *restrict C = A + n, *restrict G = C + n,
		*restrict T = G + n;
	switch (c->dist) {
	case MF_COMPARE_PEARSON: {
		double v[4];
		pearson_column(q, v);
#pragma omp simd
		for (size_t t = 0; t < m; ++t)
			out[t] = v[0] * A[t] + v[1] * C[t] + v[2] * G[t] + v[3] * T[t];
		break;
	}
	case MF_COMPARE_ED:
	case MF_COMPARE_SANDELIN: {
		double bias = c->dist == MF_COMPARE_SANDELIN ? 2 : 0;
		double sign = c->dist == MF_COMPARE_SANDELIN ? -1 : 1;
#pragma omp simd
		for (size_t t = 0; t < m; ++t) {
			double a = q[0] - A[t], cc = q[1] - C[t], g = q[2] - G[t], u = q[3] - T[t];
			out[t] = bias + sign * (a * a + cc * cc + g * g + u * u);
		}
		if (c->dist == MF_COMPARE_ED) {
			negate_sqrt(out, m, lo, hi);
			return;
		}
		break;
	}
	case MF_COMPARE_KULLBACK: {
		const double *restrict LA = c->lg + from, *restrict LC = LA + n, *restrict LG = LC + n,
			*restrict LT = LG + n;
		double l[4];
		for (int b = 0; b < 4; ++b)
			l[b] = log10(q[b]);
#pragma omp simd
		for (size_t t = 0; t < m; ++t)
			out[t] = -((q[0] - A[t]) * (l[0] - LA[t]) + (q[1] - C[t]) * (l[1] - LC[t]) +
				(q[2] - G[t]) * (l[2] - LG[t]) + (q[3] - T[t]) * (l[3] - LT[t])) / 2;
		break;
	}
	}
	value_range(out, m, lo, hi);
}

/* ---- medians ------------------------------------------------------------------------------ */

/* The k-th smallest of a[0..n) (0-based; a is reordered). */
static double select_kth(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		double pivot = a[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				++i;
			while (a[j] > pivot)
				--j;
			if (i <= j) {
				double t = a[i];
				a[i] = a[j];
				a[j] = t;
				++i;
				if (j == 0)
					break;
				--j;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return a[k];
}

/* The k-th smallest of row[0..n) whose values lie in [lo, hi]: a histogram finds the
 * bucket holding it, then only that bucket's values are searched. */
static double kth_by_buckets(const double *row, size_t n, size_t k, double lo, double hi,
		mf_cmp_scratch_t *s)
{
	if (!(hi > lo))
		return lo;
	double f = MEDIAN_BUCKETS / (hi - lo);
	memset(s->count, 0, (MEDIAN_BUCKETS + 1) * sizeof *s->count);
	for (size_t t = 0; t < n; ++t) {
		int b = (int)((row[t] - lo) * f); /* int: the unsigned conversion costs branches */
		s->bucket[t] = (unsigned short)b;
		++s->count[b];
	}
	size_t below = 0;
	unsigned short b = 0;
	while (below + s->count[b] <= k)
		below += s->count[b++];
	size_t m = 0;
	for (size_t t = 0; t < n; ++t)
		if (s->bucket[t] == b)
			s->sel[m++] = row[t];
	return select_kth(s->sel, m, k - below);
}

/* Tomtom's median of a row: the mean of the sorted values at floor(n/2)-1 and ceil(n/2)-1. */
static double row_median(const double *row, size_t n, double lo, double hi, mf_cmp_scratch_t *s)
{
	size_t i1 = n / 2 >= 1 ? n / 2 - 1 : 0, i2 = (n + 1) / 2 >= 1 ? (n + 1) / 2 - 1 : 0;
	double a = kth_by_buckets(row, n, i1, lo, hi, s);
	double b = i2 == i1 ? a : kth_by_buckets(row, n, i2, lo, hi, s);
	return (a + b) / 2;
}

/* ---- the grid ------------------------------------------------------------------------------- */

/* Raw scores of every query column (a block of database columns at a time, so the block
 * stays in cache across the query's columns) and each row's median; *lo and *hi the range
 * of the median-shifted scores. */
static void column_scores(const mf_cmp_columns_t *c, const double *q, int w,
		mf_cmp_scratch_t *s, double *lo, double *hi)
{
	size_t n = c->n;
	double rlo[MF_COMPARE_MAX_WIDTH], rhi[MF_COMPARE_MAX_WIDTH];
	for (int i = 0; i < w; ++i) {
		rlo[i] = INFINITY;
		rhi[i] = -INFINITY;
	}
	for (size_t from = 0; from < n; from += CHUNK) {
		size_t m = n - from < CHUNK ? n - from : CHUNK;
		for (int i = 0; i < w; ++i) {
			double mn, mx;
			score_chunk(c, q + i * 4, from, m, s->raw + (size_t)i * n + from, &mn, &mx);
			rlo[i] = mn < rlo[i] ? mn : rlo[i];
			rhi[i] = mx > rhi[i] ? mx : rhi[i];
		}
	}
	*lo = INFINITY;
	*hi = -INFINITY;
	for (int i = 0; i < w; ++i) {
		double med = s->med[i] = row_median(s->raw + (size_t)i * n, n, rlo[i], rhi[i], s);
		*lo = rlo[i] - med < *lo ? rlo[i] - med : *lo;
		*hi = rhi[i] - med > *hi ? rhi[i] - med : *hi;
	}
}

int mf_cmp_grid(const mf_cmp_columns_t *c, const double *q, int w, mf_cmp_scratch_t *s,
		const short **grid, int *shift)
{
	size_t n = c->n;
	double lo, hi;
	column_scores(c, q, w, s, &lo, &hi);
	if (hi == lo)
		lo = hi - 1;
	double origin = floor(lo), scale = floor(GRID_STEPS / (hi - origin));
	if (scale < 1)
		scale = 1;
	if ((hi - origin) * scale + 0.5 > 32767) {
		mf_error("column scores span %g units, more than the grid holds", hi - origin);
		return -1;
	}
	int top = 0, v[CHUNK];
	for (size_t from = 0; from < n; from += CHUNK) {
		size_t m = n - from < CHUNK ? n - from : CHUNK;
		for (int i = 0; i < w; ++i) {
			const double *restrict raw = s->raw + (size_t)i * n + from;
			double med = s->med[i];
			int row_top = 0;
#pragma omp simd reduction(max : row_top)
			for (size_t t = 0; t < m; ++t) {
				v[t] = (int)(((raw[t] - med) - origin) * scale + 0.5);
				row_top = v[t] > row_top ? v[t] : row_top;
			}
			top = row_top > top ? row_top : top;
			short *g = s->grid + from * (size_t)w + (size_t)i;
			for (size_t t = 0; t < m; ++t)
				g[t * (size_t)w] = (short)v[t];
		}
	}
	*shift = (int)(-origin * scale);
	*grid = s->grid;
	return top;
}
