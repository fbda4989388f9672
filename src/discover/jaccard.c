/* jaccard.c: continuous Jaccard kernels (see jaccard.h). The inner loop runs over the 8
 * channels of a column with one accumulator per channel, which the compiler turns into
 * vector code without reordering any sum. */
#include "discover/jaccard.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>

static void l1_group(const float *x, int len, float *out, int shift)
{
	double s = 0;
	for (int j = 0; j < len * 4; ++j)
		s += fabs((double)x[j]);
	for (int j = 0; j < len; ++j)
		for (int k = 0; k < 4; ++k)
			out[j * MF_TCH + shift + k] = s > 0 ? (float)(x[j * 4 + k] / s) : 0.0f;
}

void mf_track_make(const float *hyp, const float *contrib, int len, float *out)
{
	l1_group(hyp, len, out, 0);
	l1_group(contrib, len, out, 4);
}

void mf_track_rc(const float *t, int len, float *out)
{
	for (int j = 0; j < len; ++j) {
		const float *src = t + (size_t)(len - 1 - j) * MF_TCH;
		float *dst = out + (size_t)j * MF_TCH;
		for (int k = 0; k < 4; ++k) {
			dst[k] = src[3 - k];
			dst[4 + k] = src[7 - k];
		}
	}
}

double mf_track_mass(const float *t, int len)
{
	double s = 0;
	for (int j = 0; j < len * MF_TCH; ++j)
		s += fabs((double)t[j]);
	return s;
}

/* Sums of min(|x|, |y|) and of that signed by sign(x y), over n columns: one lane per channel,
 * the lanes added in a fixed order, so the scalar and AVX2 builds give the same bits. */
#define OVERLAP_SUMS_BODY                                                                   \
	float am[MF_TCH] = {0}, as[MF_TCH] = {0};                                               \
	for (int p = 0; p < n; ++p) {                                                           \
		const float *xp = x + (size_t)p * MF_TCH, *yp = y + (size_t)p * MF_TCH;             \
		for (int c = 0; c < MF_TCH; ++c) {                                                  \
			float u = xp[c], v = yp[c], au = fabsf(u), av = fabsf(v);                       \
			float mn = au < av ? au : av;                                                   \
			am[c] += mn;                                                                    \
			as[c] += (u < 0) != (v < 0) ? -mn : mn;                                         \
		}                                                                                   \
	}                                                                                       \
	double tm = 0, ts = 0;                                                                  \
	for (int c = 0; c < MF_TCH; ++c)                                                        \
		tm += am[c], ts += as[c];                                                           \
	*m = tm, *s = ts;

static void overlap_sums_plain(const float *x, const float *y, int n, double *m, double *s)
{
	OVERLAP_SUMS_BODY
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) static void overlap_sums_avx2(const float *x, const float *y,
		int n, double *m, double *s)
{
	OVERLAP_SUMS_BODY
}

typedef void (*overlap_fn)(const float *, const float *, int, double *, double *);

static overlap_fn pick_overlap(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") ? overlap_sums_avx2 : overlap_sums_plain;
}
#else
typedef void (*overlap_fn)(const float *, const float *, int, double *, double *);
static overlap_fn pick_overlap(void) { return overlap_sums_plain; }
#endif

static double jaccard_with(overlap_fn f, const float *a, int la, double ma, const float *b, int lb,
		double mb, int off)
{
	int a0 = off > 0 ? off : 0, b0 = off < 0 ? -off : 0;
	int n = la - a0 < lb - b0 ? la - a0 : lb - b0;
	double m = 0, s = 0;
	if (n > 0)
		f(a + (size_t)a0 * MF_TCH, b + (size_t)b0 * MF_TCH, n, &m, &s);
	double den = ma + mb - m;
	return den > 0 ? s / den : 0.0;
}

double mf_jaccard_at(const float *a, int la, double ma, const float *b, int lb, double mb, int off)
{
	return jaccard_with(pick_overlap(), a, la, ma, b, lb, mb, off);
}

/* Per column, the sums of |hypothetical| and of |actual| (the two groups of a track). */
static void group_mass(const float *t, int len, float *g)
{
	for (int j = 0; j < len; ++j) {
		const float *x = t + (size_t)j * MF_TCH;
		g[2 * j] = fabsf(x[0]) + fabsf(x[1]) + fabsf(x[2]) + fabsf(x[3]);
		g[2 * j + 1] = fabsf(x[4]) + fabsf(x[5]) + fabsf(x[6]) + fabsf(x[7]);
	}
}

/* An upper bound of the similarity at one alignment: the sum of min(|x|, |y|) over a column's
 * group is at most the min of the groups' sums, and s / (ma + mb - m) <= m / (ma + mb - m),
 * which grows with m. ga, gb: group_mass of a (or of a reversed) and b. */
static double jaccard_bound(const float *ga, int la, double ma, const float *gb, int lb, double mb,
		int off)
{
	int a0 = off > 0 ? off : 0, b0 = off < 0 ? -off : 0;
	int n = la - a0 < lb - b0 ? la - a0 : lb - b0, j = 0;
	const float *x = ga + 2 * a0, *y = gb + 2 * b0;
	float acc[8] = {0};
	for (; j + 8 <= 2 * n; j += 8)
		for (int c = 0; c < 8; ++c)
			acc[c] += x[j + c] < y[j + c] ? x[j + c] : y[j + c];
	double m = 0;
	for (; j < 2 * n; ++j)
		m += x[j] < y[j] ? x[j] : y[j];
	for (int c = 0; c < 8; ++c)
		m += acc[c];
	double den = ma + mb - m;
	/* with room for the float rounding of both sums */
	return den > 0 ? m / den * (1 + 1e-4) + 1e-7 : (m > 0 ? INFINITY : 0);
}

typedef struct {
	double bound;
	int off, rc, order;
} cand_t;

mf_align_t mf_jaccard_best(const float *a, const float *arc, int la, double ma, const float *b,
		int lb, double mb, int lo, int hi)
{
	mf_align_t best = {0, lo, 0};
	int nalign = (hi - lo + 1) * (arc ? 2 : 1);
	float stack_g[768];
	cand_t stack_c[512];
	size_t gsize = (size_t)(4 * la + 2 * lb);
	float *g = gsize <= 768 ? stack_g : malloc(gsize * sizeof *g);
	cand_t *c = nalign <= 512 ? stack_c : malloc((size_t)(nalign > 0 ? nalign : 1) * sizeof *c);
	overlap_fn f = pick_overlap();
	double bs = -INFINITY;
	if (!g || !c || hi < lo) { /* no room for the bounds: evaluate every alignment */
		for (int k = 0; k < nalign; ++k) {
			int off = lo + k % (hi - lo + 1), rc = k >= hi - lo + 1;
			double j = rc ? jaccard_with(f, arc, la, ma, b, lb, mb, la - lb - off)
				      : jaccard_with(f, a, la, ma, b, lb, mb, off);
			if (j > bs)
				bs = j, best.off = off, best.rc = rc;
		}
		goto done;
	}
	float *ga = g, *gar = g + 2 * la, *gb = g + 4 * la;
	group_mass(a, la, ga);
	if (arc)
		group_mass(arc, la, gar);
	group_mass(b, lb, gb);
	int top = 0;
	for (int k = 0; k < nalign; ++k) { /* canonical order: forward, then reverse; offsets up */
		int off = lo + k % (hi - lo + 1), rc = k >= hi - lo + 1;
		c[k].off = off, c[k].rc = rc, c[k].order = k;
		c[k].bound = rc ? jaccard_bound(gar, la, ma, gb, lb, mb, la - lb - off)
				: jaccard_bound(ga, la, ma, gb, lb, mb, off);
		top = c[k].bound > c[top].bound ? k : top;
	}
	/* the most promising alignment first, then, in canonical order, every one whose bound
	 * reaches the best so far: exact J never exceeds its bound, so none is missed */
	int best_order = nalign;
	for (int k = -1; k < nalign; ++k) {
		const cand_t *x = &c[k < 0 ? top : k];
		if ((k >= 0 && k == top) || x->bound < bs)
			continue;
		double j = x->rc ? jaccard_with(f, arc, la, ma, b, lb, mb, la - lb - x->off)
				 : jaccard_with(f, a, la, ma, b, lb, mb, x->off);
		if (j > bs || (j == bs && x->order < best_order))
			bs = j, best.off = x->off, best.rc = x->rc, best_order = x->order;
	}
done:
	if (g != stack_g)
		free(g);
	if (c != stack_c)
		free(c);
	best.sim = (float)bs;
	return best;
}

void mf_jaccard_range(int la, int lb, double frac, int ceil_pad, int *lo, int *hi)
{
	double p = lb * (1.0 - frac); /* as numpy computes it: 30 * (1 - 0.7) is just above 9 */
	int pad = ceil_pad ? (int)ceil(p) : (int)p;
	*lo = -pad;
	*hi = la - lb + pad;
	if (*hi < *lo) /* b much longer than a: centre it */
		*lo = *hi = (la - lb) / 2;
}
