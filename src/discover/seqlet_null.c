/* seqlet_null.c: the Laplace null of window sums and the thresholds it implies (see
 * seqlet.h). Everything here works on plain arrays, so the tests can check each step
 * against a brute-force version. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "discover/dsort.h"
#include "discover/seqlet.h"

#define NBINS 1000

void mf_seqlet_opt_init(mf_seqlet_opt_t *o)
{
	o->window = 20;
	o->flank = 5;
	o->fdr = 0.05;
	o->min_frac = 0.03;
	o->max_frac = 0.2;
	o->weak_frac = 0.8;
	o->null_points = 10000;
	o->max_values = 4000000;
}

/* numpy.percentile's linear interpolation on sorted a[0..n), q in [0, 100]. */
static double percentile(const double *a, size_t n, double q)
{
	double idx = q / 100.0 * (double)(n - 1);
	size_t lo = (size_t)floor(idx), hi = (size_t)ceil(idx);
	double f = idx - (double)lo;
	return a[lo] + (a[hi] - a[lo]) * f;
}

/* The edges of the fullest of NBINS equal bins over the values in (lo, hi) (all values when
 * open is 0), binned as numpy.histogram does. Returns how many values fell in range. */
static size_t bin_mode(const float *v, size_t n, int open, double lo, double hi, double *l,
		double *r)
{
	double mn = INFINITY, mx = -INFINITY;
	size_t m = 0;
	for (size_t i = 0; i < n; ++i)
		if (!open || (v[i] > lo && v[i] < hi)) {
			mn = fmin(mn, v[i]), mx = fmax(mx, v[i]);
			++m;
		}
	if (m == 0)
		return 0;
	if (mn == mx) { /* numpy's range for a single value */
		*l = mn - 0.5, *r = mx + 0.5;
		return m;
	}
	static _Thread_local size_t count[NBINS];
	memset(count, 0, sizeof count);
	double step = (mx - mn) / NBINS, norm = NBINS / (mx - mn);
	for (size_t i = 0; i < n; ++i) {
		if (open && !(v[i] > lo && v[i] < hi))
			continue;
		long k = (long)((v[i] - mn) * norm);
		k = k >= NBINS ? NBINS - 1 : k;
		if (v[i] < mn + (double)k * step)
			--k;
		else if (k < NBINS - 1 && v[i] >= mn + (double)(k + 1) * step)
			++k;
		++count[k];
	}
	long best = 0;
	for (long k = 1; k < NBINS; ++k)
		if (count[k] > count[best])
			best = k;
	*l = mn + (double)best * step;
	*r = best == NBINS - 1 ? mx : mn + (double)(best + 1) * step;
	return m;
}

/* The largest -log(1 - q) / |quantile - mu| over q = 5 %, ..., 95 % of one side (sorted). */
static double side_rate(const double *a, size_t n, double mu, int upper)
{
	double best = -INFINITY;
	for (int p = 5; p <= 95; p += 5) {
		double q = percentile(a, n, upper ? p : 100 - p), d = fabs(q - mu);
		if (d > 0)
			best = fmax(best, -log(1.0 - p / 100.0) / d);
	}
	return best;
}

int mf_laplace_fit(const float *v, size_t n, mf_laplace_t *out)
{
	double l, r, l2, r2;
	if (n < 2 || bin_mode(v, n, 0, 0, 0, &l, &r) == 0) {
		mf_error("too few window sums (%zu) to fit the null", n);
		return -1;
	}
	out->mu = bin_mode(v, n, 1, l, r, &l2, &r2) ? (l2 + r2) / 2 : (l + r) / 2;
	size_t np = 0, nn = 0;
	for (size_t i = 0; i < n; ++i)
		np += v[i] >= out->mu, nn += v[i] <= out->mu;
	float *fp = malloc((np ? np : 1) * sizeof *fp), *fn = malloc((nn ? nn : 1) * sizeof *fn);
	double *pos = malloc((np ? np : 1) * sizeof *pos), *neg = malloc((nn ? nn : 1) * sizeof *neg);
	size_t ip = 0, in = 0;
	if (fp && fn && pos && neg) {
		for (size_t i = 0; i < n; ++i) {
			if (v[i] >= out->mu)
				fp[ip++] = v[i];
			if (v[i] <= out->mu)
				fn[in++] = v[i];
		}
	}
	if (!fp || !fn || !pos || !neg || mf_sort_floats(fp, np) < 0 || mf_sort_floats(fn, nn) < 0) {
		free(fp), free(fn), free(pos), free(neg);
		mf_error("out of memory");
		return -1;
	}
	for (size_t i = 0; i < np; ++i)
		pos[i] = fp[i];
	for (size_t i = 0; i < nn; ++i)
		neg[i] = fn[i];
	free(fp), free(fn);
	out->lpos = np ? side_rate(pos, np, out->mu, 1) : -INFINITY;
	out->lneg = nn ? side_rate(neg, nn, out->mu, 0) : -INFINITY;
	out->ppos = (double)np / (double)(np + nn);
	free(pos), free(neg);
	if (!(out->lpos > 0) || !(out->lneg > 0)) {
		mf_error("the window sums have no spread on one side of their mode (%g): "
			"contributions nearly constant?", out->mu);
		return -1;
	}
	return 0;
}

void mf_laplace_quantiles(const mf_laplace_t *l, int m, double *out)
{
	double pneg = 1.0 - l->ppos;
	for (int i = 0; i < m; ++i) {
		double u = (i + 0.5) / m;
		out[i] = u < pneg ? l->mu + log(u / pneg) / l->lneg
				  : l->mu - log(1.0 - (u - pneg) / l->ppos) / l->lpos;
	}
}

void mf_pava(const double *y, const double *w, size_t n, int increasing, double *fit)
{
	/* blocks on a stack: sum of w*y, sum of w, and the number of points */
	double *sy = malloc((n ? n : 1) * sizeof *sy), *sw = malloc((n ? n : 1) * sizeof *sw);
	size_t *len = malloc((n ? n : 1) * sizeof *len), top = 0;
	if (!sy || !sw || !len) { /* callers check memory before; fall back to the data */
		memcpy(fit, y, n * sizeof *fit);
		free(sy), free(sw), free(len);
		return;
	}
	double sgn = increasing ? 1.0 : -1.0;
	for (size_t i = 0; i < n; ++i) {
		sy[top] = sgn * y[i] * w[i], sw[top] = w[i], len[top] = 1;
		++top;
		while (top > 1 && sy[top - 2] / sw[top - 2] >= sy[top - 1] / sw[top - 1]) {
			sy[top - 2] += sy[top - 1], sw[top - 2] += sw[top - 1], len[top - 2] += len[top - 1];
			--top;
		}
	}
	size_t k = 0;
	for (size_t b = 0; b < top; ++b)
		for (size_t j = 0; j < len[b]; ++j)
			fit[k++] = sgn * (sy[b] / sw[b]);
	free(sy), free(sw), free(len);
}

typedef struct {
	double x, y;
} xy_t;

static int cmp_xy(const void *a, const void *b)
{
	const xy_t *p = a, *q = b;
	return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->y > q->y) - (p->y < q->y);
}

/* Isotonic fit of y on x with equal x pooled (sklearn's IsotonicRegression.fit); *nu gets
 * the number of distinct x, ux their values and fit the fitted y. */
static int isotonic_fit(xy_t *pts, size_t n, double wnull, int increasing, double **ux,
		double **fit, size_t *nu)
{
	qsort(pts, n, sizeof *pts, cmp_xy);
	double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *w = malloc(n * sizeof *w);
	double *f = malloc(n * sizeof *f);
	if (!x || !y || !w || !f) {
		free(x), free(y), free(w), free(f);
		mf_error("out of memory");
		return -1;
	}
	size_t u = 0;
	for (size_t i = 0; i < n;) {
		double sy = 0, sw = 0;
		size_t j = i;
		for (; j < n && pts[j].x == pts[i].x; ++j) {
			double wj = pts[j].y > 0 ? 1.0 : wnull;
			sy += wj * pts[j].y, sw += wj;
		}
		x[u] = pts[i].x, y[u] = sy / sw, w[u] = sw;
		++u, i = j;
	}
	mf_pava(y, w, u, increasing, f);
	free(y), free(w);
	*ux = x, *fit = f, *nu = u;
	return 0;
}

/* Index of the first element of sorted a[0..n) not less than x (numpy.searchsorted). */
static size_t lower_bound(const double *a, size_t n, double x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double mf_isotonic_threshold(const double *values, size_t n, const double *null, size_t m,
		int increasing, double fdr)
{
	if (n == 0)
		return increasing ? INFINITY : -INFINITY;
	if (m == 0) /* no null mass on this side: everything observed is real */
		return values[0];
	xy_t *pts = malloc((n + m) * sizeof *pts);
	double *ux = NULL, *fit = NULL, thr = values[n - 1];
	size_t nu = 0;
	if (!pts)
		return values[n - 1];
	for (size_t i = 0; i < n; ++i)
		pts[i].x = values[i], pts[i].y = 1.0;
	for (size_t i = 0; i < m; ++i)
		pts[n + i].x = null[i], pts[n + i].y = 0.0;
	if (isotonic_fit(pts, n + m, (double)n / (double)m, increasing, &ux, &fit, &nu) == 0) {
		double minp = increasing ? fit[0] : fit[nu - 1];
		double frac = -1.0 / (1.0 - 1.0 / fmax(minp, 1e-7));
		if (frac > 1.0 || frac < 0.95)
			frac = fmax(fmin(1.0, frac), 0.95);
		for (size_t i = 0; i < n; ++i) {
			double f = fit[lower_bound(ux, nu, values[i])]; /* values[i] is in ux */
			double prec = fmin(fmax(1.0 + frac * (1.0 - 1.0 / fmax(f, 1e-7)), 0.0), 1.0);
			if (i == n - 1 || prec >= 1.0 - fdr) {
				thr = values[i];
				break;
			}
		}
	}
	free(pts), free(ux), free(fit);
	return thr;
}

/* Sorted copies of the observed values: >= 0 ascending, < 0 descending, and |v| ascending. */
static int split_values(const float *v, size_t n, double **pos, size_t *np, double **neg,
		size_t *nn, double **dist)
{
	size_t a = 0;
	for (size_t i = 0; i < n; ++i)
		a += v[i] >= 0;
	float *f = malloc((n ? n : 1) * sizeof *f), *g = malloc((n ? n : 1) * sizeof *g);
	*pos = malloc((a ? a : 1) * sizeof **pos);
	*neg = malloc((n - a ? n - a : 1) * sizeof **neg);
	*dist = malloc((n ? n : 1) * sizeof **dist);
	if (!f || !g || !*pos || !*neg || !*dist) {
		free(f), free(g);
		mf_error("out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; ++i)
		f[i] = v[i], g[i] = fabsf(v[i]);
	if (mf_sort_floats(f, n) < 0 || mf_sort_floats(g, n) < 0) {
		free(f), free(g);
		mf_error("out of memory");
		return -1;
	}
	for (size_t i = 0; i < n - a; ++i) /* the negatives, nearest zero first */
		(*neg)[i] = f[n - a - 1 - i];
	for (size_t i = 0; i < a; ++i)
		(*pos)[i] = f[n - a + i];
	for (size_t i = 0; i < n; ++i)
		(*dist)[i] = g[i];
	*np = a, *nn = n - a;
	free(f), free(g);
	return 0;
}

/* The null quantiles on each side of zero. */
static int null_sides(const mf_laplace_t *l, int m, double **pn, size_t *np, double **nn,
		size_t *nnn)
{
	double *q = malloc((size_t)m * sizeof *q);
	*pn = malloc((size_t)m * sizeof **pn), *nn = malloc((size_t)m * sizeof **nn);
	if (!q || !*pn || !*nn) {
		free(q);
		mf_error("out of memory");
		return -1;
	}
	mf_laplace_quantiles(l, m, q);
	*np = *nnn = 0;
	for (int i = 0; i < m; ++i) {
		if (q[i] >= 0)
			(*pn)[(*np)++] = q[i];
		else
			(*nn)[(*nnn)++] = q[i];
	}
	free(q);
	return 0;
}

static double sign_of(double x) { return (x > 0) - (x < 0); }

/* _refine_thresholds: between min_frac and max_frac of the windows pass. */
static void clamp_thresholds(const float *v, const double *dist, size_t n,
		const mf_seqlet_opt_t *o, mf_seqlet_thr_t *t)
{
	size_t pass = 0;
	for (size_t i = 0; i < n; ++i)
		pass += v[i] >= t->pos || v[i] <= t->neg;
	double frac = (double)pass / (double)n, pos = t->pos, neg = t->neg;
	if (frac < o->min_frac)
		pos = percentile(dist, n, 100.0 * (1.0 - o->min_frac)), neg = -pos;
	if (frac > o->max_frac)
		pos = percentile(dist, n, 100.0 * (1.0 - o->max_frac)), neg = -pos;
	t->pos = pos, t->neg = neg;
}

/* The |sum| that sets a seqlet's sign: the quantile of |sums| just below the weaker
 * threshold's, at most weak_frac. */
static double weak_threshold(const double *dist, size_t n, const mf_seqlet_opt_t *o,
		const mf_seqlet_thr_t *t)
{
	double tp = sign_of(t->pos) * (double)lower_bound(dist, n, fabs(t->pos)) / (double)n;
	double tn = sign_of(t->neg) * (double)lower_bound(dist, n, fabs(t->neg)) / (double)n;
	double q = fmin(fmin(tp, fabs(tn)) - 0.0001, o->weak_frac);
	long k = (long)(q * (double)n); /* truncation toward zero, as int() */
	k = k < 0 ? 0 : k >= (long)n ? (long)n - 1 : k;
	return dist[k];
}

int mf_seqlet_thresholds(const float *v, size_t n, const mf_seqlet_opt_t *o, mf_seqlet_thr_t *t)
{
	double *pos = NULL, *neg = NULL, *dist = NULL, *pnull = NULL, *nnull = NULL;
	size_t np = 0, nn = 0, npn = 0, nnn = 0;
	int rc = -1;
	t->used = n;
	if (mf_laplace_fit(v, n, &t->null) < 0 || null_sides(&t->null, o->null_points, &pnull, &npn,
				&nnull, &nnn) < 0 || split_values(v, n, &pos, &np, &neg, &nn, &dist) < 0)
		goto done;
	t->pos = mf_isotonic_threshold(pos, np, pnull, npn, 1, o->fdr);
	t->neg = mf_isotonic_threshold(neg, nn, nnull, nnn, 0, o->fdr);
	clamp_thresholds(v, dist, n, o, t);
	t->weak = weak_threshold(dist, n, o, t);
	rc = 0;
done:
	free(pos), free(neg), free(dist), free(pnull), free(nnull);
	return rc;
}
