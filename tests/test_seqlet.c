/* Unit tests for discover's input and seqlet calling: the Laplace null, pool-adjacent-
 * violators, the isotonic thresholds and their clamping, the greedy extraction, each against
 * a brute-force float64 version written here from TF-MoDISco's definitions; and reading
 * explain npz files (several files, lengths, strands, bad inputs). */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "discover/dtrack.h"
#include "discover/seqlet.h"
#include "io/writer.h"
#include "testutil.h"

static char *dir;

static void setup(void)
{
	mf_verbose = getenv("MF_TEST_VERBOSE") ? MF_LOG_DEBUG : MF_LOG_QUIET;
	dir = tu_tmpdir("seqlet");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	free(dir);
}

/* ---- a reproducible source of numbers -------------------------------------------------- */

static uint64_t rng_state;
static double unif(void)
{
	rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
	return ((rng_state >> 11) + 0.5) / 9007199254740992.0;
}

/* Laplace-distributed window sums around mu, plus a tail of "motif" windows. */
static float *laplace_values(size_t n, double mu, double lp, double ln, double pp, double real)
{
	float *v = malloc(n * sizeof *v);
	for (size_t i = 0; i < n; ++i) {
		double u = unif(), x;
		if (unif() < real)
			x = 4 + 3 * u; /* far in the upper tail */
		else if (unif() < pp)
			x = mu - log(u) / lp;
		else
			x = mu + log(u) / ln;
		v[i] = (float)x;
	}
	return v;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* ---- brute force: TF-MoDISco's _laplacian_null, written out ----------------------------- */

/* numpy.histogram's fullest bin: bin i is [e_i, e_i+1), the last one closed. */
static void bf_mode(const double *v, size_t n, double *l, double *r)
{
	double mn = INFINITY, mx = -INFINITY;
	for (size_t i = 0; i < n; ++i)
		mn = fmin(mn, v[i]), mx = fmax(mx, v[i]);
	if (mn == mx) {
		*l = mn - 0.5, *r = mx + 0.5;
		return;
	}
	double e[1001];
	for (int i = 0; i <= 1000; ++i)
		e[i] = mn + i * ((mx - mn) / 1000);
	e[1000] = mx;
	size_t cnt[1000] = {0};
	for (size_t i = 0; i < n; ++i) {
		int b = 999;
		for (int k = 0; k < 1000; ++k)
			if (v[i] >= e[k] && v[i] < e[k + 1]) {
				b = k;
				break;
			}
		++cnt[b];
	}
	int best = 0;
	for (int k = 1; k < 1000; ++k)
		if (cnt[k] > cnt[best])
			best = k;
	*l = e[best], *r = e[best + 1];
}

static double bf_percentile(const double *sorted, size_t n, double q)
{
	double idx = q / 100 * (double)(n - 1), f = idx - floor(idx);
	return sorted[(size_t)floor(idx)] * (1 - f) + sorted[(size_t)ceil(idx)] * f;
}

static void bf_laplace(const float *fv, size_t n, mf_laplace_t *out)
{
	double *v = malloc(n * sizeof *v), *in = malloc(n * sizeof *in), l, r, l2, r2;
	size_t m = 0;
	for (size_t i = 0; i < n; ++i)
		v[i] = fv[i];
	bf_mode(v, n, &l, &r);
	for (size_t i = 0; i < n; ++i)
		if (v[i] > l && v[i] < r)
			in[m++] = v[i];
	bf_mode(in, m, &l2, &r2);
	double mu = (l2 + r2) / 2;
	double *pos = malloc(n * sizeof *pos), *neg = malloc(n * sizeof *neg);
	size_t np = 0, nn = 0;
	for (size_t i = 0; i < n; ++i) {
		if (v[i] >= mu)
			pos[np++] = v[i];
		if (v[i] <= mu)
			neg[nn++] = v[i];
	}
	qsort(pos, np, sizeof *pos, cmp_d);
	qsort(neg, nn, sizeof *neg, cmp_d);
	double lp = -INFINITY, ln = -INFINITY;
	for (int p = 5; p <= 95; p += 5) {
		lp = fmax(lp, -log(1 - p / 100.0) / (bf_percentile(pos, np, p) - mu));
		ln = fmax(ln, -log(1 - p / 100.0) / fabs(bf_percentile(neg, nn, 100 - p) - mu));
	}
	out->mu = mu, out->lpos = lp, out->lneg = ln, out->ppos = (double)np / (double)(np + nn);
	free(v), free(in), free(pos), free(neg);
}

START_TEST(laplace_fit)
{
	rng_state = 88172645463325252ull;
	size_t n = 30000;
	float *v = laplace_values(n, 0.3, 2.0, 3.0, 0.6, 0.02);
	mf_laplace_t a, b;
	ck_assert_int_eq(mf_laplace_fit(v, n, &a), 0);
	bf_laplace(v, n, &b);
	ck_assert(tu_close(a.mu, b.mu, 1e-12, 1e-12));
	ck_assert(tu_close(a.lpos, b.lpos, 1e-9, 1e-12));
	ck_assert(tu_close(a.lneg, b.lneg, 1e-9, 1e-12));
	ck_assert(tu_close(a.ppos, b.ppos, 1e-12, 1e-12));
	/* and near the truth: the mode of the bulk, rates within 25 % */
	ck_assert(fabs(a.mu - 0.3) < 0.05);
	ck_assert(fabs(a.lpos / 2.0 - 1) < 0.25 && fabs(a.lneg / 3.0 - 1) < 0.25);
	/* the quantiles are the distribution's: their fraction above mu is ppos */
	double q[1000];
	mf_laplace_quantiles(&a, 1000, q);
	int above = 0;
	for (int i = 0; i < 1000; ++i) {
		above += q[i] >= a.mu;
		if (i)
			ck_assert(q[i] >= q[i - 1]);
	}
	ck_assert(fabs(above / 1000.0 - a.ppos) < 0.002);
	/* constant sums cannot be fitted */
	for (size_t i = 0; i < 100; ++i)
		v[i] = 1.0f;
	ck_assert_int_eq(mf_laplace_fit(v, 100, &a), -1);
	free(v);
}
END_TEST

/* ---- brute force isotonic regression: the max-min formula -------------------------------- */

static void bf_pava(const double *y, const double *w, size_t n, int increasing, double *fit)
{
	double *cy = calloc(n + 1, sizeof *cy), *cw = calloc(n + 1, sizeof *cw);
	for (size_t i = 0; i < n; ++i)
		cy[i + 1] = cy[i] + w[i] * y[i], cw[i + 1] = cw[i] + w[i];
	for (size_t i = 0; i < n; ++i) {
		double best = increasing ? -INFINITY : INFINITY;
		for (size_t a = 0; a <= i; ++a) {
			double inner = increasing ? INFINITY : -INFINITY;
			for (size_t b = i; b < n; ++b) {
				double mean = (cy[b + 1] - cy[a]) / (cw[b + 1] - cw[a]);
				inner = increasing ? fmin(inner, mean) : fmax(inner, mean);
			}
			best = increasing ? fmax(best, inner) : fmin(best, inner);
		}
		fit[i] = best;
	}
	free(cy), free(cw);
}

START_TEST(pava)
{
	rng_state = 12345;
	for (int rep = 0; rep < 20; ++rep) {
		size_t n = 5 + (size_t)(unif() * 40);
		double y[64], w[64], a[64], b[64];
		for (size_t i = 0; i < n; ++i)
			y[i] = unif() < 0.3 ? 1.0 : unif(), w[i] = 0.1 + unif();
		for (int inc = 0; inc < 2; ++inc) {
			mf_pava(y, w, n, inc, a);
			bf_pava(y, w, n, inc, b);
			for (size_t i = 0; i < n; ++i)
				ck_assert(tu_close(a[i], b[i], 1e-10, 1e-12));
		}
	}
}
END_TEST

/* TF-MoDISco's _isotonic_thresholds on the brute-force fit. */
static double bf_isotonic(const double *vals, size_t n, const double *null, size_t m, int inc,
		double fdr)
{
	size_t t = n + m, u = 0;
	double *x = malloc(t * sizeof *x), *ux = malloc(t * sizeof *ux), *uy = malloc(t * sizeof *uy);
	double *uw = malloc(t * sizeof *uw), *fit = malloc(t * sizeof *fit);
	for (size_t i = 0; i < n; ++i)
		x[i] = vals[i];
	for (size_t i = 0; i < m; ++i)
		x[n + i] = null[i];
	qsort(x, t, sizeof *x, cmp_d);
	for (size_t i = 0; i < t; ++i) /* distinct x, pooled: weighted mean of the labels */
		if (u == 0 || x[i] != ux[u - 1])
			ux[u++] = x[i];
	for (size_t k = 0; k < u; ++k) {
		double sy = 0, sw = 0;
		for (size_t i = 0; i < n; ++i)
			if (vals[i] == ux[k])
				sy += 1, sw += 1;
		for (size_t i = 0; i < m; ++i)
			if (null[i] == ux[k])
				sw += (double)n / (double)m;
		uy[k] = sy / sw, uw[k] = sw;
	}
	bf_pava(uy, uw, u, inc, fit);
	double minp = inc ? fit[0] : fit[u - 1], frac = -1 / (1 - 1 / fmax(minp, 1e-7)), thr = vals[n - 1];
	if (frac > 1 || frac < 0.95)
		frac = fmax(fmin(1, frac), 0.95);
	for (size_t i = 0; i < n; ++i) {
		size_t k = 0;
		while (ux[k] != vals[i])
			++k;
		double prec = fmin(fmax(1 + frac * (1 - 1 / fmax(fit[k], 1e-7)), 0), 1);
		if (i == n - 1 || prec >= 1 - fdr) {
			thr = vals[i];
			break;
		}
	}
	free(x), free(ux), free(uy), free(uw), free(fit);
	return thr;
}

START_TEST(isotonic_threshold)
{
	rng_state = 777;
	int differ = 0;
	for (int rep = 0; rep < 10; ++rep) {
		size_t n = 100 + (size_t)(unif() * 100), m = 200;
		double v[200], nul[200], d[200];
		for (size_t i = 0; i < n; ++i) { /* half like the null, half real; ties too */
			double u = unif();
			v[i] = floor((unif() < 0.5 ? 1.5 * u * u : 2 * u) * 50) / 50;
		}
		for (size_t i = 0; i < m; ++i) {
			double u = unif();
			nul[i] = 1.5 * u * u;
		}
		qsort(v, n, sizeof *v, cmp_d);
		double a = mf_isotonic_threshold(v, n, nul, m, 1, 0.05);
		ck_assert(tu_close(a, bf_isotonic(v, n, nul, m, 1, 0.05), 0, 0));
		double a3 = mf_isotonic_threshold(v, n, nul, m, 1, 0.3);
		ck_assert(tu_close(a3, bf_isotonic(v, n, nul, m, 1, 0.3), 0, 0));
		differ += a3 < a;
		for (size_t i = 0; i < n; ++i) /* the negative side: descending */
			d[i] = -v[i];
		for (size_t i = 0; i < m; ++i)
			nul[i] = -nul[i];
		a = mf_isotonic_threshold(d, n, nul, m, 0, 0.2);
		ck_assert(tu_close(a, bf_isotonic(d, n, nul, m, 0, 0.2), 0, 0));
	}
	ck_assert_int_ge(differ, 2); /* the data do tell the rates apart */
	ck_assert(isinf(mf_isotonic_threshold(NULL, 0, NULL, 0, 1, 0.05)));
}
END_TEST

/* The whole threshold step from its parts: null, sides, isotonic, clamp, weak threshold. */
START_TEST(thresholds)
{
	rng_state = 4242;
	size_t n = 500;
	float *v = laplace_values(n, 0.0, 5.0, 6.0, 0.5, 0.05);
	mf_seqlet_opt_t o;
	mf_seqlet_opt_init(&o);
	o.null_points = 100;
	mf_seqlet_thr_t t;
	ck_assert_int_eq(mf_seqlet_thresholds(v, n, &o, &t), 0);
	mf_laplace_t l;
	bf_laplace(v, n, &l);
	double *q = malloc(100 * sizeof *q), *pn = malloc(100 * sizeof *pn), *nn = malloc(100 * sizeof *nn);
	double *pos = malloc(n * sizeof *pos), *neg = malloc(n * sizeof *neg), *dist = malloc(n * sizeof *dist);
	mf_laplace_quantiles(&l, 100, q);
	size_t npn = 0, nnn = 0, np = 0, nneg = 0;
	for (int i = 0; i < 100; ++i) {
		if (q[i] >= 0)
			pn[npn++] = q[i];
		else
			nn[nnn++] = q[i];
	}
	for (size_t i = 0; i < n; ++i) {
		if (v[i] >= 0)
			pos[np++] = v[i];
		else
			neg[nneg++] = v[i];
		dist[i] = fabs((double)v[i]);
	}
	qsort(pos, np, sizeof *pos, cmp_d);
	qsort(neg, nneg, sizeof *neg, cmp_d);
	for (size_t i = 0; i < nneg / 2; ++i) { /* descending */
		double x = neg[i];
		neg[i] = neg[nneg - 1 - i], neg[nneg - 1 - i] = x;
	}
	qsort(dist, n, sizeof *dist, cmp_d);
	double tp = bf_isotonic(pos, np, pn, npn, 1, o.fdr), tn = bf_isotonic(neg, nneg, nn, nnn, 0, o.fdr);
	size_t pass = 0;
	for (size_t i = 0; i < n; ++i)
		pass += v[i] >= tp || v[i] <= tn;
	double frac = (double)pass / (double)n;
	if (frac < o.min_frac)
		tp = bf_percentile(dist, n, 100 * (1 - o.min_frac)), tn = -tp;
	if (frac > o.max_frac)
		tp = bf_percentile(dist, n, 100 * (1 - o.max_frac)), tn = -tp;
	ck_assert(tu_close(t.pos, tp, 1e-12, 0) && tu_close(t.neg, tn, 1e-12, 0));
	size_t a = 0, b = 0;
	while (a < n && dist[a] < fabs(tp))
		++a;
	while (b < n && dist[b] < fabs(tn))
		++b;
	double wq = fmin(fmin((double)a / (double)n, (double)b / (double)n) - 0.0001, o.weak_frac);
	ck_assert(tu_close(t.weak, dist[(size_t)(wq * (double)n)], 0, 0));
	/* the passing fraction ends within the clamp */
	pass = 0;
	for (size_t i = 0; i < n; ++i)
		pass += v[i] >= t.pos || v[i] <= t.neg;
	ck_assert((double)pass / (double)n <= o.max_frac + 0.001);
	free(v), free(q), free(pn), free(nn), free(pos), free(neg), free(dist);
}
END_TEST

/* TF-MoDISco's _iterative_extract_seqlets on one track. */
static size_t bf_pick(const double *w, size_t d, const mf_seqlet_opt_t *o, double pos, double neg,
		size_t *out)
{
	double *t = malloc(d * sizeof *t);
	size_t m = 0;
	for (size_t k = 0; k < d; ++k)
		t[k] = w[k] >= pos || w[k] <= neg ? fabs(w[k]) : -INFINITY;
	for (size_t k = 0; k < d; ++k)
		if (k < (size_t)o->flank || k + (size_t)o->flank >= d)
			t[k] = -INFINITY;
	int sup = o->window / 2 + o->flank;
	for (;;) {
		size_t am = 0;
		for (size_t k = 1; k < d; ++k)
			if (t[k] > t[am])
				am = k;
		if (t[am] == -INFINITY)
			break;
		out[m++] = am;
		long lo = (long)floor(am + 0.5 - sup), hi = (long)ceil(am + 0.5 + sup);
		for (long k = lo < 0 ? 0 : lo; k < (hi > (long)d ? (long)d : hi); ++k)
			t[k] = -INFINITY;
	}
	free(t);
	return m;
}

START_TEST(greedy_pick)
{
	rng_state = 99;
	mf_seqlet_opt_t o;
	mf_seqlet_opt_init(&o);
	for (int rep = 0; rep < 50; ++rep) {
		size_t d = 20 + (size_t)(unif() * 300), a[400], b[400];
		double w[400];
		for (size_t k = 0; k < d; ++k) /* with repeated values: ties go left */
			w[k] = floor((unif() - 0.5) * 8) / 2;
		size_t na = mf_seqlet_pick(w, d, &o, 1.0, -1.5, a), nb = bf_pick(w, d, &o, 1.0, -1.5, b);
		ck_assert_uint_eq(na, nb);
		for (size_t k = 0; k < na; ++k)
			ck_assert_uint_eq(a[k], b[k]);
	}
}
END_TEST

/* ---- npz input ---------------------------------------------------------------------------- */

/* An explain-like npz: n sequences of length L (bases from seq[], 'N' = zeros), T tasks with
 * hyp[i][l][c][t] = 100 i + 10 l + c + t / 10. what: 0 ok, 1 no hyp, 2 hyp of the wrong L,
 * 3 a soft onehot, 4 other task names. */
static char *write_npz(const char *file, size_t n, size_t L, int T, const char *seq, int what)
{
	char *path = tu_path(dir, file);
	mf_npz_t *z = mf_npz_open(path);
	float *oh = calloc(n * L * 4, sizeof *oh), *hy = malloc(n * L * 4 * (size_t)T * sizeof *hy);
	for (size_t i = 0; i < n; ++i)
		for (size_t l = 0; l < L; ++l) {
			const char *p = strchr("ACGT", seq[(i * 3 + l) % strlen(seq)]);
			if (p)
				oh[(i * L + l) * 4 + (size_t)(p - "ACGT")] = 1;
			for (int c = 0; c < 4; ++c)
				for (int t = 0; t < T; ++t)
					hy[((i * L + l) * 4 + (size_t)c) * (size_t)T + (size_t)t] =
						(float)(100.0 * (double)i + 10.0 * (double)l + c + t / 10.0);
		}
	if (what == 3)
		oh[5] = 0.5f;
	size_t so[3] = {n, L, 4}, sh[4] = {n, what == 2 ? L + 1 : L, 4, (size_t)T};
	const char *tasks[2] = {"first", what == 4 ? "other" : "second"};
	char *names[64];
	for (size_t i = 0; i < n; ++i)
		asprintf(&names[i], "%s_seq%zu", file, i);
	ck_assert_int_eq(mf_npz_add(z, "onehot", MF_DT_F32, oh, 3, so), 0);
	if (what != 1) {
		float *h2 = what == 2 ? calloc(n * (L + 1) * 4 * (size_t)T, sizeof *h2) : hy;
		ck_assert_int_eq(mf_npz_add(z, "hyp", MF_DT_F32, h2, 4, sh), 0);
		if (h2 != hy)
			free(h2);
	}
	ck_assert_int_eq(mf_npz_add_strings(z, "tasks", tasks, (size_t)T), 0);
	ck_assert_int_eq(mf_npz_add_strings(z, "names", (const char *const *)names, n), 0);
	ck_assert_int_eq(mf_npz_close(z), 0);
	for (size_t i = 0; i < n; ++i)
		free(names[i]);
	free(oh), free(hy);
	return path;
}

START_TEST(two_files)
{
	char *a = write_npz("a.npz", 3, 12, 2, "ACGTNA", 0), *b = write_npz("b.npz", 2, 7, 2, "GGCAT", 0);
	const char *in[2] = {a, b};
	mf_dseqs_t *s = mf_dseqs_open(in, 2);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->n, 5);
	ck_assert_int_eq(mf_dseq_len(s, 0), 12);
	ck_assert_int_eq(mf_dseq_len(s, 4), 7);
	ck_assert_str_eq(s->names[3], "b.npz_seq0");
	ck_assert_ptr_null(s->chrom);
	ck_assert_int_eq(s->base[4], MF_BASE_N); /* "ACGTNA"[4] */
	int *tasks, nt;
	ck_assert_int_eq(mf_dseqs_tasks(s, "second,0", &tasks, &nt), 0);
	ck_assert_int_eq(nt, 2);
	ck_assert_int_eq(tasks[0], 1);
	ck_assert_int_eq(tasks[1], 0);
	free(tasks);
	ck_assert_int_eq(mf_dseqs_tasks(s, "third", &tasks, &nt), -2); /* the option's fault */
	ck_assert_int_eq(mf_dseqs_tasks(s, "1,second", &tasks, &nt), -2);
	mf_dhyp_t *h = mf_dhyp_load(s, 1, 2);
	ck_assert_ptr_nonnull(h);
	/* sequence 4 = second file's row 1; position 3, channel 2 */
	ck_assert(tu_close(h->hyp[(s->off[4] + 3) * 4 + 2], 100 + 30 + 2 + 0.1, 1e-6, 0));
	/* a window on the reverse strand running past the end: column j is position
	 * start + len - 1 - j, complemented */
	float oh[6 * 4], ac[6 * 4], hy[6 * 4];
	mf_dtrack_window(s, h, 4, 3, 6, 1, oh, ac, hy);
	for (int j = 0; j < 6; ++j) {
		int p = 3 + 6 - 1 - j;
		for (int k = 0; k < 4; ++k) {
			if (p >= 7) {
				ck_assert(oh[j * 4 + k] == 0 && ac[j * 4 + k] == 0 && hy[j * 4 + k] == 0);
				continue;
			}
			float want = (float)(100 + 10.0 * p + (3 - k) + 0.1);
			ck_assert(tu_close(hy[j * 4 + k], want, 1e-6, 0));
			int base = s->base[s->off[4] + (uint64_t)p];
			ck_assert(oh[j * 4 + k] == (base == 3 - k ? 1.0f : 0.0f));
			ck_assert(ac[j * 4 + k] == (base == 3 - k ? hy[j * 4 + k] : 0.0f));
		}
	}
	mf_dhyp_destroy(h);
	mf_dseqs_destroy(s);
	free(a), free(b);
}
END_TEST

START_TEST(bad_inputs)
{
	static const char *const file[4] = {"nohyp.npz", "shape.npz", "soft.npz", "tasks.npz"};
	char *ok = write_npz("ok.npz", 2, 10, 2, "ACGT", 0);
	for (int w = 1; w <= 4; ++w) {
		char *p = write_npz(file[w - 1], 2, 10, 2, "ACGT", w);
		const char *in[2] = {ok, p};
		ck_assert_ptr_null(mf_dseqs_open(in + (w == 4 ? 0 : 1), w == 4 ? 2 : 1));
		free(p);
	}
	const char *missing[1] = {"/nonexistent/x.npz"};
	ck_assert_ptr_null(mf_dseqs_open(missing, 1));
	free(ok);
}
END_TEST

static Suite *seqlet_suite(void)
{
	Suite *s = suite_create("seqlet");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, laplace_fit);
	tcase_add_test(tc, pava);
	tcase_add_test(tc, isotonic_threshold);
	tcase_add_test(tc, thresholds);
	tcase_add_test(tc, greedy_pick);
	tcase_add_test(tc, two_files);
	tcase_add_test(tc, bad_inputs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(seqlet_suite());
}
