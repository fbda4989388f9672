/* affinity.c: fine similarities of candidate pairs, the correlation filter, and the two
 * graph constructions (see affinity.h). */
#include "discover/affinity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "discover/jaccard.h"

/* A size for malloc that is never 0. */
static size_t nz(size_t n) { return n ? n : 1; }

void mf_graph_free(mf_graph_t *g)
{
	free(g->rowp), free(g->col), free(g->w), free(g->self);
	memset(g, 0, sizeof *g);
}

double mf_sim_distance(double s)
{
	double d = log(1.0 / (0.5 * fmax(s, 1e-7)) - 1.0);
	return d > 0 ? d : 0.0;
}

/* ---- fine similarities ------------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static uint64_t pair_key(int32_t i, int32_t j)
{
	uint32_t a = (uint32_t)(i < j ? i : j), b = (uint32_t)(i < j ? j : i);
	return (uint64_t)a << 32 | b;
}

/* The distinct unordered pairs of the candidate lists, sorted. */
static uint64_t *unique_pairs(const int32_t *nbr, size_t n, int k, size_t *np)
{
	uint64_t *p = malloc(nz(n * (size_t)k) * sizeof *p);
	size_t m = 0;
	if (!p)
		return NULL;
	for (size_t i = 0; i < n; ++i)
		for (int r = 0; r < k; ++r) {
			int32_t j = nbr[i * (size_t)k + (size_t)r];
			if (j >= 0 && (size_t)j != i)
				p[m++] = pair_key((int32_t)i, j);
		}
	qsort(p, m, sizeof *p, cmp_u64);
	size_t u = 0;
	for (size_t a = 0; a < m; ++a)
		if (u == 0 || p[a] != p[u - 1])
			p[u++] = p[a];
	*np = u;
	return p;
}

/* Similarities of the pairs, computed group by group (one reverse complement per group). */
static int pair_sims(const mf_tset_t *ts, const uint64_t *p, size_t np, double min_overlap,
		int threads, float *val)
{
	int L = ts->len, lo, hi, failed = 0;
	size_t cell = (size_t)L * 8;
	mf_jaccard_range(L, L, min_overlap, 0, &lo, &hi);
	size_t ng = 0;
	size_t *g = malloc((np + 1) * sizeof *g); /* group starts */
	if (!g)
		return -1;
	for (size_t a = 0; a < np; ++a)
		if (a == 0 || p[a] >> 32 != p[a - 1] >> 32)
			g[ng++] = a;
	g[ng] = np;
#pragma omp parallel num_threads(threads) reduction(|:failed)
	{
		float *arc = malloc(cell * sizeof *arc);
		failed |= !arc;
#pragma omp for schedule(dynamic, 16)
		for (size_t q = 0; q < ng; ++q) {
			if (failed)
				continue;
			size_t i = (size_t)(p[g[q]] >> 32);
			const float *a = ts->t + i * cell;
			mf_track_rc(a, L, arc);
			for (size_t e = g[q]; e < g[q + 1]; ++e) {
				size_t j = (size_t)(uint32_t)p[e];
				mf_align_t al = mf_jaccard_best(a, arc, L, ts->mass[i], ts->t + j * cell, L,
					ts->mass[j], lo, hi);
				val[e] = al.sim;
			}
		}
		free(arc);
	}
	free(g);
	return failed ? -1 : 0;
}

static size_t find_key(const uint64_t *p, size_t np, uint64_t key)
{
	size_t lo = 0, hi = np;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int mf_fine_sims(const mf_tset_t *ts, const int32_t *nbr, size_t n, int k, double min_overlap,
		int threads, float *fine)
{
	size_t np = 0;
	uint64_t *p = unique_pairs(nbr, n, k, &np);
	float *val = p ? malloc((np ? np : 1) * sizeof *val) : NULL;
	if (!val || pair_sims(ts, p, np, min_overlap, threads, val) < 0) {
		free(p), free(val);
		mf_error("out of memory: similarities of %zu seqlets", n);
		return -1;
	}
	for (size_t i = 0; i < n; ++i)
		for (int r = 0; r < k; ++r) {
			int32_t j = nbr[i * (size_t)k + (size_t)r];
			fine[i * (size_t)k + (size_t)r] = j < 0 ? NAN : (size_t)j == i ? 1.0f :
				val[find_key(p, np, pair_key((int32_t)i, j))];
		}
	free(p), free(val);
	return 0;
}

/* ---- correlation filter ------------------------------------------------------------------ */

static void ranks(const float *v, int n, int *order, double *r)
{
	for (int i = 0; i < n; ++i)
		order[i] = i;
	for (int i = 1; i < n; ++i) { /* insertion sort: rows are short */
		int o = order[i], j = i;
		while (j > 0 && v[order[j - 1]] > v[o]) {
			order[j] = order[j - 1];
			--j;
		}
		order[j] = o;
	}
	for (int i = 0; i < n;) {
		int j = i;
		while (j + 1 < n && v[order[j + 1]] == v[order[i]])
			++j;
		for (int t = i; t <= j; ++t)
			r[order[t]] = (i + j) / 2.0 + 1.0;
		i = j + 1;
	}
}

double mf_spearman(const float *a, const float *b, int n)
{
	if (n < 2)
		return NAN;
	int *order = malloc((size_t)n * sizeof *order);
	double *ra = malloc((size_t)n * sizeof *ra), *rb = malloc((size_t)n * sizeof *rb);
	double c = NAN;
	if (order && ra && rb) {
		ranks(a, n, order, ra);
		ranks(b, n, order, rb);
		double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;
		for (int i = 0; i < n; ++i)
			ma += ra[i], mb += rb[i];
		ma /= n, mb /= n;
		for (int i = 0; i < n; ++i) {
			sab += (ra[i] - ma) * (rb[i] - mb);
			saa += (ra[i] - ma) * (ra[i] - ma);
			sbb += (rb[i] - mb) * (rb[i] - mb);
		}
		c = saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : NAN;
	}
	free(order), free(ra), free(rb);
	return c;
}

void mf_filter_by_correlation(const float *fine, const float *coarse, const int32_t *nbr, size_t n,
		int k, double thr, unsigned char *keep)
{
	float *a = malloc(((size_t)k + 1) * sizeof *a), *b = malloc(((size_t)k + 1) * sizeof *b);
	for (size_t i = 0; i < n; ++i) {
		int m = 0;
		if (a && b) {
			a[m] = 1.0f, b[m++] = 1.0f; /* the seqlet itself, TF-MoDISco's first neighbour */
			for (int r = 0; r < k; ++r) {
				size_t e = i * (size_t)k + (size_t)r;
				if (nbr[e] >= 0 && fine[e] != 0)
					a[m] = fine[e], b[m++] = coarse[e];
			}
		}
		double c = a && b ? mf_spearman(a, b, m) : NAN;
		keep[i] = c > thr;
	}
	free(a), free(b);
}

/* ---- perplexity calibration ----------------------------------------------------------- */

double mf_perplexity_beta(const double *d, int n, double perp, int self_term)
{
	double want = log(perp), beta = 1.0, lo = -INFINITY, hi = INFINITY;
	for (int step = 0; step < 100; ++step) {
		double sp = self_term ? 1.0 : 0.0, sdp = 0;
		for (int j = 0; j < n; ++j) {
			double p = exp(-d[j] * beta);
			sp += p, sdp += d[j] * p;
		}
		if (sp == 0)
			sp = 1e-8;
		double h = log(sp) + beta * sdp / sp;
		if (fabs(h - want) <= 1e-5)
			break;
		if (h > want) {
			lo = beta;
			beta = hi == INFINITY ? beta * 2.0 : (beta + hi) / 2.0;
		} else {
			hi = beta;
			beta = lo == -INFINITY ? beta / 2.0 : (beta + lo) / 2.0;
		}
	}
	return beta;
}

/* ---- symmetric sparse graphs ----------------------------------------------------------- */

typedef struct {
	int32_t i, j;
	double v;
} trip_t;

static int cmp_trip(const void *a, const void *b)
{
	const trip_t *x = a, *y = b;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	if (x->j != y->j)
		return x->j < y->j ? -1 : 1;
	return (x->v > y->v) - (x->v < y->v);
}

/* CSR of the triplets (each given in both directions), equal (i, j) merged by their mean
 * (mean = 1) or their sum. */
static int build_csr(trip_t *t, size_t m, size_t n, int mean, mf_graph_t *g)
{
	qsort(t, m, sizeof *t, cmp_trip);
	g->n = n;
	g->rowp = calloc(n + 1, sizeof *g->rowp);
	g->col = malloc((m ? m : 1) * sizeof *g->col);
	g->w = malloc((m ? m : 1) * sizeof *g->w);
	g->self = calloc(n ? n : 1, sizeof *g->self);
	if (!g->rowp || !g->col || !g->w || !g->self)
		return -1;
	size_t e = 0;
	for (size_t a = 0; a < m;) {
		size_t b = a;
		double s = 0;
		for (; b < m && t[b].i == t[a].i && t[b].j == t[a].j; ++b)
			s += t[b].v;
		g->col[e] = t[a].j;
		g->w[e] = mean ? s / (double)(b - a) : s;
		++g->rowp[t[a].i + 1];
		++e, a = b;
	}
	for (size_t i = 0; i < n; ++i)
		g->rowp[i + 1] += g->rowp[i];
	return 0;
}

/* Both directions of every kNN entry (skipping -1 and i itself), valued by f(sim). */
static trip_t *knn_triplets(const int32_t *nbr, const float *sim, size_t n, int k, int as_distance,
		size_t *m)
{
	trip_t *t = malloc(nz(2 * n * (size_t)k) * sizeof *t);
	size_t c = 0;
	if (!t)
		return NULL;
	for (size_t i = 0; i < n; ++i)
		for (int r = 0; r < k; ++r) {
			size_t e = i * (size_t)k + (size_t)r;
			if (nbr[e] < 0 || (size_t)nbr[e] == i)
				continue;
			double v = as_distance ? mf_sim_distance(sim[e]) : sim[e];
			if (as_distance && v == 0) /* identical: TF-MoDISco's eliminate_zeros */
				continue;
			t[c].i = (int32_t)i, t[c].j = nbr[e], t[c++].v = v;
			t[c].i = nbr[e], t[c].j = (int32_t)i, t[c++].v = v;
		}
	*m = c;
	return t;
}

int mf_graph_density(const int32_t *nbr, const float *sim, size_t n, int k, double perp,
		int threads, mf_graph_t *g)
{
	size_t m = 0;
	trip_t *t = knn_triplets(nbr, sim, n, k, 1, &m);
	double *beta = malloc((n ? n : 1) * sizeof *beta), *norm = malloc((n ? n : 1) * sizeof *norm);
	memset(g, 0, sizeof *g);
	if (!t || !beta || !norm || build_csr(t, m, n, 1, g) < 0) {
		free(t), free(beta), free(norm);
		mf_graph_free(g);
		mf_error("out of memory building the similarity graph of %zu seqlets", n);
		return -1;
	}
	free(t);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 256)
	for (size_t i = 0; i < n; ++i) {
		const double *d = g->w + g->rowp[i];
		int len = (int)(g->rowp[i + 1] - g->rowp[i]);
		beta[i] = mf_perplexity_beta(d, len, perp, 1);
		double s = 1.0;
		for (int j = 0; j < len; ++j)
			s += exp(-d[j] / beta[i]);
		norm[i] = s;
	}
	for (size_t i = 0; i < n; ++i) {
		for (int64_t e = g->rowp[i]; e < g->rowp[i + 1]; ++e) {
			size_t j = (size_t)g->col[e];
			double d = g->w[e];
			g->w[e] = sqrt(exp(-d / beta[i]) / norm[i] * exp(-d / beta[j]) / norm[j]);
		}
		g->self[i] = 1.0 / norm[i];
	}
	free(beta), free(norm);
	return 0;
}

int mf_graph_tsne(const int32_t *nbr, const float *sim, size_t n, int k, double perp,
		int threads, mf_graph_t *g)
{
	trip_t *t = malloc(nz(2 * n * (size_t)k) * sizeof *t);
	size_t *cnt = calloc(n ? n : 1, sizeof *cnt);
	memset(g, 0, sizeof *g);
	if (!t || !cnt) {
		free(t), free(cnt);
		mf_error("out of memory");
		return -1;
	}
#pragma omp parallel num_threads(threads)
	{
		double *d = malloc((size_t)k * sizeof *d);
		int32_t *jj = malloc((size_t)k * sizeof *jj);
#pragma omp for schedule(dynamic, 64)
		for (size_t i = 0; i < n; ++i) {
			int len = 0;
			for (int r = 0; d && jj && r < k; ++r) {
				size_t e = i * (size_t)k + (size_t)r;
				if (nbr[e] >= 0 && (size_t)nbr[e] != i)
					jj[len] = nbr[e], d[len++] = mf_sim_distance(sim[e]);
			}
			double beta = mf_perplexity_beta(d, len, perp, 0), s = 0;
			for (int r = 0; r < len; ++r)
				s += exp(-d[r] * beta);
			s = s < 1e-8 ? 1e-8 : s;
			for (int r = 0; r < len; ++r) { /* row i's slots: 2 (i, r) and 2 (i, r) + 1 */
				double p = exp(-d[r] * beta) / s;
				trip_t *a = &t[2 * (i * (size_t)k + (size_t)r)];
				a[0].i = (int32_t)i, a[0].j = jj[r], a[0].v = p;
				a[1].i = jj[r], a[1].j = (int32_t)i, a[1].v = p;
			}
			cnt[i] = (size_t)len;
		}
		free(d), free(jj);
	}
	size_t m = 0; /* compact the used slots, in row order */
	for (size_t i = 0; i < n; ++i)
		for (size_t r = 0; r < 2 * cnt[i]; ++r)
			t[m++] = t[2 * i * (size_t)k + r];
	free(cnt);
	if (build_csr(t, m, n, 0, g) < 0) {
		free(t);
		mf_graph_free(g);
		mf_error("out of memory");
		return -1;
	}
	free(t);
	double total = 0;
	for (int64_t e = 0; e < g->rowp[n]; ++e)
		total += g->w[e];
	for (int64_t e = 0; total > 0 && e < g->rowp[n]; ++e)
		g->w[e] /= total;
	return 0;
}
