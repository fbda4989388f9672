/* Unit tests for discover's similarity, clustering and aggregation, each against a
 * brute-force float64 version written here: the continuous Jaccard over offsets and both
 * strands (and its pruned search), gapped k-mers, the neighbour search, Spearman, the
 * perplexity calibration, AUROC, Leiden on an obvious graph, pattern aggregation and
 * re-framing (column sums recomputed from the members' windows), and best matches. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "discover/affinity.h"
#include "discover/collapse.h"
#include "discover/gkmer.h"
#include "discover/jaccard.h"
#include "discover/knn.h"
#include "discover/leiden.h"
#include "discover/match.h"
#include "discover/pattern.h"
#include "motif/motif.h"
#include "testutil.h"

static uint64_t rng_state = 1;
static double unif(void)
{
	rng_state ^= rng_state << 13, rng_state ^= rng_state >> 7, rng_state ^= rng_state << 17;
	return ((rng_state >> 11) + 0.5) / 9007199254740992.0;
}

static void setup(void)
{
	mf_verbose = getenv("MF_TEST_VERBOSE") ? MF_LOG_DEBUG : MF_LOG_QUIET;
}

/* ---- Jaccard ----------------------------------------------------------------------------- */

/* A random track of len columns (both groups L1-normalised), some cells zero. */
static void random_track(float *t, int len)
{
	float h[64 * 4], c[64 * 4];
	for (int j = 0; j < len * 4; ++j) {
		h[j] = (float)(unif() - 0.4) * (unif() < 0.2 ? 0 : 1);
		c[j] = j % 4 == (int)(unif() * 4) ? (float)(unif() - 0.3) : 0;
	}
	mf_track_make(h, c, len, t);
}

/* Both tracks on one axis (zeros outside), b reverse-complemented first when rc: sum of
 * min(|x|,|y|) sign(xy) over sum of max(|x|,|y|). */
static double bf_jaccard(const float *a, int la, const float *b, int lb, int off, int rc)
{
	int lo = off < 0 ? off : 0, hi = off + lb > la ? off + lb : la;
	double num = 0, den = 0;
	for (int p = lo; p < hi; ++p)
		for (int c = 0; c < 8; ++c) {
			double x = p >= 0 && p < la ? a[p * 8 + c] : 0, y = 0;
			int q = p - off;
			if (q >= 0 && q < lb) {
				int qq = rc ? lb - 1 - q : q, cc = rc ? (c < 4 ? 3 - c : 11 - c) : c;
				y = b[qq * 8 + cc];
			}
			double mn = fmin(fabs(x), fabs(y)), mx = fmax(fabs(x), fabs(y));
			num += mn * ((x > 0) - (x < 0)) * ((y > 0) - (y < 0));
			den += mx;
		}
	return den > 0 ? num / den : 0;
}

START_TEST(jaccard_offsets_strands)
{
	rng_state = 2024;
	float a[40 * 8], arc[40 * 8], b[40 * 8], brc[40 * 8];
	for (int rep = 0; rep < 200; ++rep) {
		int la = 10 + (int)(unif() * 30), lb = 10 + (int)(unif() * 30), lo, hi;
		random_track(a, la);
		random_track(b, lb);
		if (rep % 3 == 0) { /* b is a's reverse complement, shifted: a strong match */
			lb = la;
			mf_track_rc(a, la, b);
		}
		mf_track_rc(a, la, arc);
		mf_track_rc(b, lb, brc);
		double ma = mf_track_mass(a, la), mb = mf_track_mass(b, lb);
		for (int off = -lb - 2; off <= la + 2; ++off) {
			ck_assert(tu_close(mf_jaccard_at(a, la, ma, b, lb, mb, off),
				bf_jaccard(a, la, b, lb, off, 0), 1e-4, 1e-6));
			/* symmetric: b on a at off == a on b at -off */
			ck_assert(tu_close(mf_jaccard_at(a, la, ma, b, lb, mb, off),
				mf_jaccard_at(b, lb, mb, a, la, ma, -off), 1e-5, 1e-7));
		}
		mf_jaccard_range(la, lb, 0.7, rep & 1, &lo, &hi);
		ck_assert_int_le(lo, hi); /* at least one offset, however long b is */
		double best = -INFINITY;
		int bo = 0, br = 0;
		for (int rc = 0; rc < 2; ++rc)
			for (int off = lo; off <= hi; ++off) {
				double j = bf_jaccard(a, la, b, lb, off, rc);
				if (j > best + 1e-9)
					best = j, bo = off, br = rc;
			}
		mf_align_t al = mf_jaccard_best(a, arc, la, ma, b, lb, mb, lo, hi);
		ck_assert_msg(tu_close(al.sim, best, 1e-4, 1e-6), "rep %d la %d lb %d: %g (%d %d) vs %g (%d %d)", rep, la, lb, al.sim, al.off, al.rc, best, bo, br);
		ck_assert(tu_close(bf_jaccard(a, la, b, lb, al.off, al.rc), best, 1e-4, 1e-6));
		if (rep % 3 == 0) { /* the planted reverse complement, whole */
			ck_assert(tu_close(al.sim, 1.0, 1e-5, 0));
			ck_assert_int_eq(al.off, 0);
			ck_assert_int_eq(al.rc, 1);
		} else if (bo != al.off || br != al.rc) { /* only on a near tie */
			ck_assert(fabs(bf_jaccard(a, la, b, lb, al.off, al.rc) - best) < 1e-5);
		}
	}
	int lo, hi; /* TF-MoDISco's padding: int() for neighbours, ceil() when aggregating */
	mf_jaccard_range(30, 30, 0.7, 0, &lo, &hi);
	ck_assert_int_eq(lo, -9);
	ck_assert_int_eq(hi, 9);
	mf_jaccard_range(50, 30, 0.7, 1, &lo, &hi);
	ck_assert_int_eq(lo, -10);
	ck_assert_int_eq(hi, 30);
}
END_TEST

/* ---- gapped k-mers ---------------------------------------------------------------------- */

typedef struct {
	int64_t key;
	double sum;
	int k;
} bf_gk_t;

static int cmp_strength(const void *x, const void *y)
{
	const bf_gk_t *a = x, *b = y;
	double u = fabs(a->sum / a->k), v = fabs(b->sum / b->k);
	return u != v ? (u < v) - (u > v) : (a->key > b->key) - (a->key < b->key);
}

/* Every subset of the top positions, pooled by key; the strongest max_entries. */
static int bf_gkmers(const float *imp, const uint8_t *base, int len, const mf_gkmer_opt_t *o,
		bf_gk_t *out)
{
	int top[32], n = 0, used[64] = {0};
	for (int r = 0; r < o->topn && r < len; ++r) { /* largest imp, leftmost on ties */
		int best = -1;
		for (int p = 0; p < len; ++p)
			if (!used[p] && (best < 0 || imp[p] > imp[best]))
				best = p;
		used[best] = 1;
	}
	for (int p = 0; p < len; ++p)
		if (used[p])
			top[n++] = p;
	int m = 0;
	for (uint32_t mask = 1; mask < (1u << n); ++mask) {
		int k = __builtin_popcount(mask), first = -1, last = -1;
		if (k < o->min_k || k > o->max_k)
			continue;
		int64_t key = 0, p5 = 1;
		double sum = 0;
		for (int i = 0; i < n; ++i)
			if (mask >> i & 1) {
				first = first < 0 ? top[i] : first;
				last = top[i];
			}
		if (last - first >= o->max_len)
			continue;
		for (int i = 0; i < n; ++i)
			if (mask >> i & 1) {
				p5 = 1;
				for (int e = 0; e < top[i] - first; ++e)
					p5 *= 5;
				key += (int64_t)(base[top[i]] + 1) * p5;
				sum += imp[top[i]];
			}
		int q = 0;
		while (q < m && out[q].key != key)
			++q;
		if (q == m)
			out[m].key = key, out[m].sum = 0, out[m].k = k, ++m;
		out[q].sum += sum;
	}
	qsort(out, (size_t)m, sizeof *out, cmp_strength);
	return m < o->max_entries ? m : o->max_entries;
}

START_TEST(gapped_kmers)
{
	rng_state = 31337;
	mf_gkmer_opt_t o;
	mf_gkmer_opt_init(&o);
	o.topn = 12, o.max_entries = 60; /* 2^12 subsets for the brute force */
	mf_gkmer_ws_t *w = mf_gkmer_ws_create(&o);
	static bf_gk_t ref[1 << 12];
	for (int rep = 0; rep < 30; ++rep) {
		int len = 14 + (int)(unif() * 16);
		float imp[32];
		uint8_t base[32];
		for (int p = 0; p < len; ++p) /* a repeated motif makes equal gapped k-mers pool; */
			base[p] = (uint8_t)(rep % 2 ? "\0\2\3\0\0\2"[p % 6] : (int)(unif() * 4)),
			imp[p] = (float)(unif() * 8 - 2); /* no ties (their order is ours to fix) */
		int64_t keys[64];
		double sc[64];
		int n = mf_gkmer_sparse(w, imp, base, len, keys, sc), m = bf_gkmers(imp, base, len, &o, ref);
		ck_assert_int_eq(n, m);
		for (int i = 0; i < m; ++i) { /* the same set (ours in no particular order) */
			int q = 0;
			while (q < n && keys[q] != ref[i].key)
				++q;
			ck_assert_int_lt(q, n);
			ck_assert(tu_close(sc[q], ref[i].sum / ref[i].k, 1e-12, 1e-12));
		}
		/* the reverse complement's vectors swap */
		float x[128], y[128], xr[128], yr[128], impr[32];
		uint8_t baser[32];
		for (int p = 0; p < len; ++p)
			impr[p] = imp[len - 1 - p], baser[p] = (uint8_t)(3 - base[len - 1 - p]);
		ck_assert_int_eq(mf_gkmer_embed(w, imp, base, len, x, y), 0);
		ck_assert_int_eq(mf_gkmer_embed(w, impr, baser, len, xr, yr), 0);
		for (int d = 0; d < o.dim; ++d)
			ck_assert(tu_close(x[d], yr[d], 1e-5, 1e-6) && tu_close(y[d], xr[d], 1e-5, 1e-6));
	}
	mf_gkmer_ws_destroy(w);
}
END_TEST

/* ---- neighbours ---------------------------------------------------------------------------- */

/* Unit vectors around 40 centres (their reverse complements another direction). */
static void clustered(float *x, float *y, size_t n, int dim)
{
	float c[40][64], r[40][64];
	for (int k = 0; k < 40; ++k)
		for (int d = 0; d < dim; ++d)
			c[k][d] = (float)(unif() - 0.5), r[k][d] = (float)(unif() - 0.5);
	for (size_t i = 0; i < n; ++i) {
		int k = (int)(unif() * 40);
		float *v[2] = {x + i * (size_t)dim, y + i * (size_t)dim};
		for (int s = 0; s < 2; ++s) {
			double ss = 0;
			for (int d = 0; d < dim; ++d) {
				v[s][d] = (s ? r[k][d] : c[k][d]) + (float)(0.15 * (unif() - 0.5));
				ss += v[s][d] * v[s][d];
			}
			for (int d = 0; d < dim; ++d)
				v[s][d] = (float)(v[s][d] / sqrt(ss));
		}
		if (unif() < 0.5) /* half of them seen on the other strand */
			for (int d = 0; d < dim; ++d) {
				float t = v[0][d];
				v[0][d] = v[1][d], v[1][d] = t;
			}
	}
}

START_TEST(neighbour_search)
{
	rng_state = 555;
	size_t n = 3000;
	int dim = 32, k = 16;
	float *x = malloc(n * (size_t)dim * sizeof *x), *y = malloc(n * (size_t)dim * sizeof *y);
	int32_t *na = malloc(n * (size_t)k * sizeof *na), *nb = malloc(n * (size_t)k * sizeof *nb);
	float *sa = malloc(n * (size_t)k * sizeof *sa), *sb = malloc(n * (size_t)k * sizeof *sb);
	clustered(x, y, n, dim);
	mf_knn_opt_t o;
	mf_knn_opt_init(&o);
	o.k = k;
	ck_assert_int_eq(mf_knn_coarse(x, y, n, dim, &o, 2, na, sa), 0);
	ck_assert_int_eq(mf_knn_brute(x, y, n, dim, k, nb, sb), 0);
	size_t hit = 0;
	for (size_t i = 0; i < n; ++i) {
		for (int r = 0; r < k; ++r) {
			ck_assert(na[i * k + r] >= 0 && (size_t)na[i * k + r] != i);
			ck_assert(tu_close(sa[i * k + r], mf_knn_sim(x, y, dim, i, (size_t)na[i * k + r]), 0, 0));
			if (r)
				ck_assert(sa[i * k + r] <= sa[i * k + r - 1]);
			for (int q = 0; q < k; ++q)
				hit += na[i * k + r] == nb[i * k + q];
		}
	}
	ck_assert_msg((double)hit / (double)(n * (size_t)k) > 0.95, "recall %.3f",
		(double)hit / (double)(n * (size_t)k));
	/* the same for any thread count */
	ck_assert_int_eq(mf_knn_coarse(x, y, n, dim, &o, 1, nb, sb), 0);
	ck_assert(memcmp(na, nb, n * (size_t)k * sizeof *na) == 0);
	/* few items: every pair is a candidate, so the search is exact */
	ck_assert_int_eq(mf_knn_coarse(x, y, 20, dim, &o, 1, na, sa), 0);
	ck_assert_int_eq(mf_knn_brute(x, y, 20, dim, k, nb, sb), 0);
	ck_assert(memcmp(na, nb, 20 * (size_t)k * sizeof *na) == 0);
	free(x), free(y), free(na), free(nb), free(sa), free(sb);
}
END_TEST

/* ---- graph pieces ------------------------------------------------------------------------ */

START_TEST(spearman_perplexity_auroc)
{
	float a[6] = {1, 2, 2, 5, 3, 0}, b[6] = {6, 5, 5, 1, 4, 9};
	ck_assert(tu_close(mf_spearman(a, b, 6), -1.0, 1e-12, 1e-12));
	float c[5] = {1, 1, 2, 3, 4}, d[5] = {2, 1, 4, 3, 5};
	/* ranks (1.5 1.5 3 4 5) and (2 1 4 3 5): Pearson by hand = 8.5 / sqrt(9.5 * 10) */
	ck_assert(tu_close(mf_spearman(c, d, 5), 8.5 / sqrt(9.5 * 10), 1e-12, 1e-12));
	ck_assert(isnan(mf_spearman(c, c + 0, 1)));
	double dist[30];
	for (int i = 0; i < 30; ++i)
		dist[i] = 0.1 * i;
	for (int self = 0; self < 2; ++self) {
		double beta = mf_perplexity_beta(dist, 30, 10, self), s = self, sd = 0;
		for (int i = 0; i < 30; ++i)
			s += exp(-dist[i] * beta), sd += dist[i] * exp(-dist[i] * beta);
		ck_assert(tu_close(log(s) + beta * sd / s, log(10.0), 1e-4, 1e-5));
	}
	rng_state = 7;
	float w[300], bt[200];
	for (int i = 0; i < 300; ++i)
		w[i] = (float)floor(unif() * 10);
	for (int i = 0; i < 200; ++i)
		bt[i] = (float)floor(unif() * 8);
	double num = 0;
	for (int i = 0; i < 300; ++i)
		for (int j = 0; j < 200; ++j)
			num += w[i] > bt[j] ? 1 : w[i] == bt[j] ? 0.5 : 0;
	ck_assert(tu_close(mf_auroc_sets(w, 300, bt, 200), num / (300.0 * 200), 1e-12, 1e-12));
	ck_assert(tu_close(mf_sim_distance(1.0), 0, 0, 0));
	ck_assert(tu_close(mf_sim_distance(0.5), log(3), 1e-12, 0));
	ck_assert(tu_close(mf_sim_distance(-1), log(2e7 - 1), 1e-9, 0));
}
END_TEST

START_TEST(graphs_and_leiden)
{
	enum { N = 20, K = 12 };
	int32_t nbr[N * K], mem[N], mem2[N];
	float sim[N * K];
	for (int i = 0; i < N; ++i) { /* two cliques of 10, one weak bridge */
		int r = 0;
		for (int j = 0; j < N; ++j)
			if (j != i && (j / 10 == i / 10 || (i == 0 && j == 10) || (i == 10 && j == 0)))
				nbr[i * K + r] = j, sim[i * K + r++] = j / 10 == i / 10 ?
					(float)(0.5 + 0.45 * ((i + j) % 10) / 10.0) : 0.05f;
		for (; r < K; ++r)
			nbr[i * K + r] = -1, sim[i * K + r] = 0;
	}
	/* density adaptation, by hand: each row's beta calibrated to perplexity 5 with the self
	 * term for exp(-d * beta), then applied as exp(-d / beta) as TF-MoDISco does, and the
	 * geometric mean of the two directions */
	mf_graph_t g;
	ck_assert_int_eq(mf_graph_density(nbr, sim, N, K, 5, 1, &g), 0);
	double beta[N], norm[N];
	for (int i = 0; i < N; ++i) {
		double d[K];
		int n = 0;
		for (int r = 0; r < K && nbr[i * K + r] >= 0; ++r)
			d[n++] = mf_sim_distance(sim[i * K + r]);
		beta[i] = mf_perplexity_beta(d, n, 5, 1), norm[i] = 1;
		for (int r = 0; r < n; ++r)
			norm[i] += exp(-d[r] / beta[i]);
		ck_assert(tu_close(g.self[i], 1 / norm[i], 1e-12, 0));
	}
	for (int i = 0; i < N; ++i)
		for (int64_t e = g.rowp[i]; e < g.rowp[i + 1]; ++e) {
			int j = g.col[e];
			double d = 0;
			for (int r = 0; r < K; ++r)
				if (nbr[i * K + r] == j)
					d = mf_sim_distance(sim[i * K + r]);
			double want = sqrt(exp(-d / beta[i]) / norm[i] * exp(-d / beta[j]) / norm[j]);
			ck_assert(tu_close(g.w[e], want, 1e-9, 0));
		}
	mf_graph_free(&g);
	/* the t-SNE graph sums to 1 and splits into the cliques, the same every time */
	ck_assert_int_eq(mf_graph_tsne(nbr, sim, N, K, 8, 1, &g), 0);
	double total = 0;
	for (int64_t e = 0; e < g.rowp[N]; ++e)
		total += g.w[e];
	ck_assert(tu_close(total, 1.0, 1e-9, 0));
	ck_assert_int_eq(mf_leiden(&g, 3, 1, mem), 2);
	ck_assert_int_eq(mf_leiden(&g, 3, 1, mem2), 2);
	for (int i = 0; i < N; ++i) {
		ck_assert_int_eq(mem[i], i / 10);
		ck_assert_int_eq(mem2[i], mem[i]);
	}
	mf_graph_free(&g);
}
END_TEST

/* ---- aggregation --------------------------------------------------------------------------- */

enum { NSEQ = 60, SLEN = 50, MW = 8 };
static const char MOTIF[MW + 1] = "TGATAAGC";

/* Sequences with the motif planted on either strand; hyp is 1 on the motif's bases (and the
 * complement's), small noise elsewhere. */
static void planted(mf_dseqs_t *s, mf_dhyp_t *h, uint64_t *off, uint8_t *base, float *hyp,
		int *at, int *strand)
{
	memset(s, 0, sizeof *s);
	s->n = NSEQ, s->off = off, s->base = base, s->T = 1;
	h->task = 0, h->hyp = hyp;
	for (int i = 0; i <= NSEQ; ++i)
		off[i] = (uint64_t)i * SLEN;
	for (int i = 0; i < NSEQ; ++i) {
		uint8_t *b = base + i * SLEN;
		float *y = hyp + i * SLEN * 4;
		for (int p = 0; p < SLEN; ++p) {
			b[p] = (uint8_t)(unif() * 4);
			for (int c = 0; c < 4; ++c)
				y[p * 4 + c] = (float)(0.02 * (unif() - 0.5));
		}
		at[i] = (i * 7) % (SLEN - MW - 4) + (i % 3 == 0 ? -3 : 2); /* some run past the ends */
		at[i] = at[i] < 0 ? 0 : at[i];
		strand[i] = i % 2;
		for (int j = 0; j < MW; ++j) {
			int p = at[i] + (strand[i] ? MW - 1 - j : j);
			int c = (int)(strchr("ACGT", MOTIF[j]) - "ACGT");
			c = strand[i] ? 3 - c : c;
			b[p] = (uint8_t)c;
			for (int k = 0; k < 4; ++k)
				y[p * 4 + k] = k == c ? 1.0f : -0.2f;
		}
	}
}

/* The column sums, counts and member placement recomputed from the members' windows. */
static void check_sums(const mf_pattern_t *p, const mf_dctx_t *c)
{
	int w = p->len;
	double *s = calloc((size_t)w * 12, sizeof *s), *cnt = calloc((size_t)w, sizeof *cnt);
	float *oh = malloc((size_t)w * 12 * sizeof *oh);
	for (size_t i = 0; i < p->n; ++i) {
		const mf_seqlet_t *m = &p->m[i];
		ck_assert_int_eq(m->end - m->start, w);
		mf_dtrack_window(c->s, c->h, (size_t)m->seq, m->start, w, m->rc, oh, oh + w * 4, oh + w * 8);
		for (int j = 0; j < w; ++j) {
			int64_t pos = m->rc ? m->start + w - 1 - j : m->start + j;
			cnt[j] += pos >= 0 && pos < SLEN;
			for (int k = 0; k < 4; ++k)
				for (int g = 0; g < 3; ++g)
					s[g * w * 4 + j * 4 + k] += oh[g * w * 4 + j * 4 + k];
		}
	}
	for (int j = 0; j < w; ++j) {
		ck_assert(tu_close(p->count[j], cnt[j], 0, 0));
		for (int k = 0; k < 4; ++k) {
			ck_assert(tu_close(p->seq[j * 4 + k], s[j * 4 + k], 1e-9, 1e-9));
			ck_assert(tu_close(p->contrib[j * 4 + k], s[w * 4 + j * 4 + k], 1e-6, 1e-6));
			ck_assert(tu_close(p->hyp[j * 4 + k], s[2 * w * 4 + j * 4 + k], 1e-6, 1e-6));
		}
	}
	free(s), free(cnt), free(oh);
}

START_TEST(aggregation)
{
	rng_state = 8080;
	static uint64_t off[NSEQ + 1];
	static uint8_t base[NSEQ * SLEN];
	static float hyp[NSEQ * SLEN * 4];
	int at[NSEQ], strand[NSEQ];
	mf_dseqs_t s;
	mf_dhyp_t h;
	planted(&s, &h, off, base, hyp, at, strand);
	mf_dctx_t c = {&s, &h};
	mf_seqlet_t w[NSEQ];
	for (int i = 0; i < NSEQ; ++i) { /* seqlets around each site, off-centre by up to 4 */
		int shift = (int)(unif() * 9) - 4;
		w[i].seq = i, w[i].start = at[i] - 6 + shift, w[i].end = w[i].start + 20;
		w[i].rc = (int8_t)(i % 4 == 1), w[i].score = 1, w[i].id = i;
	}
	mf_pattern_t *p = mf_pattern_new();
	ck_assert_int_eq(mf_pattern_add(p, &c, &w[0], w[0].start, 20, w[0].rc), 1);
	ck_assert_int_eq(mf_pattern_add(p, &c, &w[0], w[0].start, 20, w[0].rc), 0); /* duplicate */
	ck_assert_int_eq(mf_pattern_merge_in(p, &c, w + 1, NSEQ - 1, 0, 0.7), 0);
	ck_assert_uint_eq(p->n, NSEQ);
	check_sums(p, &c);
	/* every member holds the motif at the same frame column, on its strand */
	int col = -1;
	for (size_t i = 0; i < p->n; ++i) {
		const mf_seqlet_t *m = &p->m[i];
		int s0 = m->seq, mc = m->rc == strand[s0] ? at[s0] - m->start : m->end - (at[s0] + MW);
		ck_assert_int_eq(m->rc, p->m[0].rc ^ (strand[s0] != strand[p->m[0].seq]));
		if (col < 0)
			col = mc;
		ck_assert_int_eq(mc, col);
	}
	/* the PPM spells the motif there */
	double ppm[256 * 4], bg[4] = {0.25, 0.25, 0.25, 0.25};
	mf_pattern_ppm(p, bg, ppm);
	for (int j = 0; j < MW; ++j) {
		int want = (int)(strchr("ACGT", MOTIF[j]) - "ACGT");
		if (p->m[0].rc != strand[p->m[0].seq])
			want = 3 - (int)(strchr("ACGT", MOTIF[MW - 1 - j]) - "ACGT");
		ck_assert(ppm[(col + j) * 4 + want] > 0.99);
	}
	/* growing and trimming keep the sums true; windows past the ends count nothing */
	ck_assert_int_eq(mf_pattern_reframe(p, &c, -15, p->len + 12), 0);
	check_sums(p, &c);
	int low = 0;
	for (int j = 0; j < p->len; ++j)
		low |= p->count[j] < (double)p->n;
	ck_assert(low);
	mf_polish_opt_t o = {0.7, 0.2, 30, 3, 10, {0.25, 0.25, 0.25, 0.25}, 0.001};
	ck_assert_int_eq(mf_pattern_polish(p, &c, &o), 0);
	ck_assert_int_eq(p->len, 16);
	check_sums(p, &c);
	mf_pattern_t *q = mf_pattern_copy(p);
	ck_assert_int_eq(mf_pattern_merge_in(q, &c, w, NSEQ, 1, 0.7), 0);
	check_sums(q, &c);
	ck_assert(q->n >= p->n && q->n <= p->n + NSEQ); /* windows already there are not added */
	mf_pattern_destroy(q);
	mf_pattern_destroy(p);
}
END_TEST

/* ---- best matches -------------------------------------------------------------------------- */

START_TEST(best_matches)
{
	char *path = mf_motif_default_path("encode_motifs.txt.gz");
	ck_assert_ptr_nonnull(path);
	mf_motifset_t *db = mf_motifset_load(path, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(db);
	const mf_motif_t *g = mf_motifset_find(db, "GATA_disc1");
	ck_assert_ptr_nonnull(g);
	int w = g->w + 12;
	double *q = malloc((size_t)w * 4 * sizeof *q);
	for (int rc = 0; rc < 2; ++rc) { /* the motif in background flanks, either strand */
		for (int j = 0; j < w; ++j)
			for (int b = 0; b < 4; ++b) {
				int i = j - 5;
				q[j * 4 + b] = i < 0 || i >= g->w ? 0.25 :
					rc ? g->p[(g->w - 1 - i) * 4 + 3 - b] : g->p[i * 4 + b];
			}
		mf_dmatch_t m[3];
		ck_assert_int_eq(mf_best_matches(q, w, 5, 5 + g->w, db, 3, m), 3);
		ck_assert_str_eq(db->m[m[0].motif].name, "GATA_disc1");
		ck_assert(tu_close(m[0].score, 1.0, 1e-9, 0) && tu_close(m[0].pearson, 1.0, 1e-9, 0));
		ck_assert_int_eq(m[0].off, 5);
		ck_assert_int_eq(m[0].rc, rc);
		ck_assert(m[1].score <= m[0].score && m[2].score <= m[1].score);
	}
	free(q);
	mf_motifset_destroy(db);
	free(path);
}
END_TEST

static Suite *discover_suite(void)
{
	Suite *s = suite_create("discover");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, jaccard_offsets_strands);
	tcase_add_test(tc, gapped_kmers);
	tcase_add_test(tc, neighbour_search);
	tcase_add_test(tc, spearman_perplexity_auroc);
	tcase_add_test(tc, graphs_and_leiden);
	tcase_add_test(tc, aggregation);
	tcase_add_test(tc, best_matches);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(discover_suite());
}
