/* discover.c: the pipeline of one task (see discover.h). */
#include "discover/discover.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "discover/affinity.h"
#include "discover/jaccard.h"
#include "discover/leiden.h"

void mf_discover_opt_init(mf_discover_opt_t *o)
{
	memset(o, 0, sizeof *o);
	mf_seqlet_opt_init(&o->call);
	mf_gkmer_opt_init(&o->gkmer);
	mf_knn_opt_init(&o->knn);
	o->k_fine = 32;
	o->min_overlap = 0.7;
	o->corr_thr = 0.15;
	o->perplexity = 10;
	o->leiden_runs = 2;
	o->polish.min_overlap = 0.7;
	o->polish.support_frac = 0.2;
	o->polish.support_num = 30;
	o->polish.flank = 10;
	o->polish.trim_width = 30;
	o->polish.pc = 0.001;
	for (int k = 0; k < 4; ++k)
		o->polish.bg[k] = 0.25;
	o->collapse.min_overlap = 0.7;
	o->collapse.perplexity = 50;
	o->collapse.min_split = 50;
	o->collapse.split_sample = 1000;
	o->collapse.subsample = 100;
	o->min_metacluster = 100;
	o->min_seqlets = 20;
	o->min_ic = 0.6;
	o->ic_window = 6;
	o->core_frac = 0.3;
	o->seed = 1;
	o->threads = 1;
}

void mf_dtask_free(mf_dtask_t *t)
{
	for (int i = 0; t->pat && i < t->npat; ++i)
		mf_pattern_destroy(t->pat[i].p);
	free(t->pat), free(t->seqlets);
	memset(t, 0, sizeof *t);
}

void mf_pattern_core(const mf_pattern_t *p, double frac, int *c0, int *c1)
{
	float *cwm = malloc((size_t)(p->len > 0 ? p->len : 1) * 4 * sizeof *cwm);
	double most = 0;
	*c0 = 0, *c1 = p->len;
	if (!cwm)
		return;
	mf_pattern_mean(p, p->contrib, cwm);
	for (int j = 0; j < p->len; ++j)
		most = fmax(most, fabs(cwm[j * 4]) + fabs(cwm[j * 4 + 1]) + fabs(cwm[j * 4 + 2]) +
			fabs(cwm[j * 4 + 3]));
	int first = -1, last = -1;
	for (int j = 0; j < p->len; ++j) {
		double s = fabs(cwm[j * 4]) + fabs(cwm[j * 4 + 1]) + fabs(cwm[j * 4 + 2]) + fabs(cwm[j * 4 + 3]);
		if (most > 0 && s >= frac * most) {
			first = first < 0 ? j : first;
			last = j;
		}
	}
	if (first >= 0)
		*c0 = first, *c1 = last + 1;
	free(cwm);
}

/* CPU seconds of the process so far, for the -vv stage timings. */
static double cpu_now(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}

/* k more stages done; to: the count a metacluster's stages end at, whatever stopped it. */
static void stage(const mf_discover_opt_t *o, uint64_t k)
{
	if (o->progress)
		mf_progress_update(o->progress->pg, o->progress->done += k);
}

static void stage_to(const mf_discover_opt_t *o, uint64_t to)
{
	if (o->progress && o->progress->done < to)
		stage(o, to - o->progress->done);
}

/* ---- one clustering round ---------------------------------------------------------- */

typedef struct {
	const mf_dctx_t *c;
	const mf_discover_opt_t *o;
	int sign, round;
	mf_polish_opt_t polish;
} run_t;

typedef struct {
	double key;
	mf_seqlet_t w;
} strong_t;

static int cmp_strong(const void *a, const void *b)
{
	const strong_t *x = a, *y = b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	if (x->w.seq != y->w.seq)
		return x->w.seq < y->w.seq ? -1 : 1;
	if (x->w.start != y->w.start)
		return x->w.start < y->w.start ? -1 : 1;
	return (x->w.rc > y->w.rc) - (x->w.rc < y->w.rc);
}

/* Strongest first: by the sum of |actual contribution| over the window (TF-MoDISco's order). */
static int sort_by_strength(const mf_dctx_t *c, mf_seqlet_t *w, size_t n, int threads)
{
	strong_t *s = malloc((n ? n : 1) * sizeof *s);
	if (!s)
		return -1;
#pragma omp parallel for num_threads(threads) schedule(static)
	for (size_t i = 0; i < n; ++i) {
		const mf_seqlet_t *x = &w[i];
		const uint8_t *b = c->s->base + c->s->off[x->seq];
		const float *h = c->h->hyp + c->s->off[x->seq] * 4;
		int64_t L = mf_dseq_len(c->s, (size_t)x->seq);
		double t = 0;
		for (int64_t p = x->start; p < x->end; ++p)
			if (p >= 0 && p < L && b[p] < 4)
				t += fabs((double)h[p * 4 + b[p]]);
		s[i].key = t, s[i].w = *x;
	}
	qsort(s, n, sizeof *s, cmp_strong);
	for (size_t i = 0; i < n; ++i)
		w[i] = s[i].w;
	free(s);
	return 0;
}

/* Tracks and coarse vectors of every window. */
static int describe(const run_t *r, const mf_seqlet_t *w, size_t n, int len, mf_tset_t *ts,
		float *x, float *y)
{
	size_t cell = (size_t)len * MF_TCH;
	int dim = r->o->gkmer.dim, failed = 0;
#pragma omp parallel num_threads(r->o->threads) reduction(|:failed)
	{
		float *buf = malloc((size_t)len * 13 * sizeof *buf);
		uint8_t *base = malloc((size_t)len);
		mf_gkmer_ws_t *ws = mf_gkmer_ws_create(&r->o->gkmer);
		failed |= !buf || !base || !ws;
#pragma omp for schedule(dynamic, 64)
		for (size_t i = 0; i < n; ++i) {
			if (failed)
				continue;
			float *oh = buf, *ac = buf + (size_t)len * 4, *hy = buf + (size_t)len * 8, *imp = buf + (size_t)len * 12;
			mf_dtrack_window(r->c->s, r->c->h, (size_t)w[i].seq, w[i].start, len, w[i].rc, oh, ac, hy);
			mf_track_make(hy, ac, len, ts->t + i * cell);
			ts->mass[i] = mf_track_mass(ts->t + i * cell, len);
			for (int j = 0; j < len; ++j) {
				imp[j] = r->sign * (ac[j * 4] + ac[j * 4 + 1] + ac[j * 4 + 2] + ac[j * 4 + 3]);
				base[j] = 0;
				for (uint8_t k = 0; k < 4; ++k)
					base[j] = oh[j * 4 + k] > 0 ? k : base[j];
			}
			if (mf_gkmer_embed(ws, imp, base, len, x + i * (size_t)dim, y + i * (size_t)dim) < 0)
				failed = 1;
		}
		free(buf), free(base);
		mf_gkmer_ws_destroy(ws);
	}
	return failed ? -1 : 0;
}

/* Keeps the items with keep[i]: compacts w and the tracks and remaps the neighbour lists. */
static size_t keep_items(const unsigned char *keep, size_t n, int k, int len, mf_seqlet_t *w,
		mf_tset_t *ts, int32_t *nbr, float *fine)
{
	int32_t *map = malloc((n ? n : 1) * sizeof *map);
	size_t m = 0, cell = (size_t)len * MF_TCH;
	if (!map)
		return (size_t)-1;
	for (size_t i = 0; i < n; ++i)
		map[i] = keep[i] ? (int32_t)m++ : -1;
	for (size_t i = 0; i < n; ++i) {
		if (!keep[i])
			continue;
		size_t to = (size_t)map[i];
		w[to] = w[i];
		memmove(ts->t + to * cell, ts->t + i * cell, cell * sizeof *ts->t);
		ts->mass[to] = ts->mass[i];
		int q = 0;
		for (int a = 0; a < k; ++a) {
			int32_t j = nbr[i * (size_t)k + (size_t)a];
			if (j < 0 || map[j] < 0)
				continue;
			nbr[to * (size_t)k + (size_t)q] = map[j];
			fine[to * (size_t)k + (size_t)q++] = fine[i * (size_t)k + (size_t)a];
		}
		for (; q < k; ++q)
			nbr[to * (size_t)k + (size_t)q] = -1, fine[to * (size_t)k + (size_t)q] = NAN;
	}
	ts->n = m;
	free(map);
	return m;
}

/* Each row's kf most similar candidates by fine similarity (ties: coarse order). */
static void best_fine(const int32_t *nbr, const float *fine, size_t n, int k, int kf, int32_t *nb2,
		float *s2)
{
	for (size_t i = 0; i < n; ++i) {
		int c = 0;
		for (int a = 0; a < k; ++a) {
			int32_t j = nbr[i * (size_t)k + (size_t)a];
			float s = fine[i * (size_t)k + (size_t)a];
			if (j < 0)
				continue;
			int p = c < kf ? c++ : kf;
			if (p == kf && !(s > s2[i * (size_t)kf + (size_t)kf - 1]))
				continue;
			if (p == kf)
				--p;
			while (p > 0 && s > s2[i * (size_t)kf + (size_t)p - 1]) {
				s2[i * (size_t)kf + (size_t)p] = s2[i * (size_t)kf + (size_t)p - 1];
				nb2[i * (size_t)kf + (size_t)p] = nb2[i * (size_t)kf + (size_t)p - 1];
				--p;
			}
			s2[i * (size_t)kf + (size_t)p] = s, nb2[i * (size_t)kf + (size_t)p] = j;
		}
		for (; c < kf; ++c)
			nb2[i * (size_t)kf + (size_t)c] = -1, s2[i * (size_t)kf + (size_t)c] = 0;
	}
}

/* The graph of the round and its Leiden clusters; *n may shrink (first-round filter). */
static int cluster_seqlets(const run_t *r, mf_seqlet_t *w, size_t *n, int len, int32_t *mem)
{
	const mf_discover_opt_t *o = r->o;
	size_t m = *n;
	int k = o->knn.k < (int)m - 1 ? o->knn.k : (int)m - 1, kf = o->k_fine < k ? o->k_fine : k;
	int dim = o->gkmer.dim, nc = -1;
	mf_tset_t ts = {m, len, malloc(m * (size_t)len * MF_TCH * sizeof(float)), malloc(m * sizeof(double))};
	float *x = malloc(m * (size_t)dim * sizeof *x), *y = malloc(m * (size_t)dim * sizeof *y);
	int32_t *nbr = malloc(m * (size_t)k * sizeof *nbr), *nb2 = malloc(m * (size_t)kf * sizeof *nb2);
	float *coarse = malloc(m * (size_t)k * sizeof *coarse), *fine = malloc(m * (size_t)k * sizeof *fine);
	float *s2 = malloc(m * (size_t)kf * sizeof *s2);
	unsigned char *keep = malloc(m);
	mf_graph_t g = {0};
	mf_knn_opt_t ko = o->knn;
	ko.k = k, ko.seed = o->seed * 1000003u + (uint64_t)r->round * 2 + (r->sign < 0);
	if (!ts.t || !ts.mass || !x || !y || !nbr || !nb2 || !coarse || !fine || !s2 || !keep) {
		mf_error("out of memory clustering %zu seqlets", m);
		goto done;
	}
	double t0 = cpu_now();
	if (describe(r, w, m, len, &ts, x, y) < 0)
		goto done;
	double t1 = cpu_now();
	if (mf_knn_coarse(x, y, m, dim, &ko, o->threads, nbr, coarse) < 0)
		goto done;
	double t2 = cpu_now();
	if (mf_fine_sims(&ts, nbr, m, k, o->min_overlap, o->threads, fine) < 0)
		goto done;
	mf_debug("round %d: embedding %.2f s, neighbours %.2f s, similarities %.2f s CPU",
		r->round + 1, t1 - t0, t2 - t1, cpu_now() - t2);
	stage(o, 1);
	free(x), free(y);
	x = y = NULL;
	if (r->round == 0) {
		mf_filter_by_correlation(fine, coarse, nbr, m, k, o->corr_thr, keep);
		if ((m = keep_items(keep, m, k, len, w, &ts, nbr, fine)) == (size_t)-1)
			goto done;
		mf_info("round 1: %zu of %zu seqlets agree between coarse and fine similarity", m, *n);
		*n = m;
	}
	best_fine(nbr, fine, m, k, kf, nb2, s2);
	t0 = cpu_now();
	if (mf_graph_density(nb2, s2, m, kf, o->perplexity, o->threads, &g) < 0)
		goto done;
	t1 = cpu_now();
	nc = mf_leiden(&g, o->leiden_runs, o->seed + (uint64_t)r->round, mem);
	mf_debug("round %d: graph %.2f s, Leiden %.2f s CPU", r->round + 1, t1 - t0, cpu_now() - t1);
	stage(o, 1);
done:
	free(ts.t), free(ts.mass), free(x), free(y), free(nbr), free(nb2), free(coarse), free(fine);
	free(s2), free(keep);
	mf_graph_free(&g);
	return nc;
}

/* One pattern per cluster: the strongest member first, the others aligned onto it. */
static int clusters_to_patterns(const run_t *r, const mf_seqlet_t *w, size_t n, const int32_t *mem,
		int nc, mf_pattern_t ***out, int *nout)
{
	mf_pattern_t **p = calloc((size_t)(nc > 0 ? nc : 1), sizeof *p);
	size_t *cnt = calloc((size_t)nc + 1, sizeof *cnt);
	mf_seqlet_t *byc = malloc((n ? n : 1) * sizeof *byc);
	int failed = !p || !cnt || !byc;
	for (size_t i = 0; !failed && i < n; ++i)
		++cnt[mem[i] + 1];
	for (int q = 0; !failed && q < nc; ++q)
		cnt[q + 1] += cnt[q];
	size_t *at = failed ? NULL : malloc(((size_t)nc + 1) * sizeof *at);
	failed |= !at;
	if (!failed) {
		memcpy(at, cnt, ((size_t)nc + 1) * sizeof *at);
		for (size_t i = 0; i < n; ++i)
			byc[at[mem[i]]++] = w[i];
	}
	free(at);
#pragma omp parallel for num_threads(r->o->threads) schedule(dynamic, 1) reduction(|:failed)
	for (int q = 0; q < (failed ? 0 : nc); ++q) {
		const mf_seqlet_t *a = byc + cnt[q];
		size_t m = cnt[q + 1] - cnt[q];
		mf_pattern_t *pt = mf_pattern_new();
		if (!pt || mf_pattern_add(pt, r->c, &a[0], a[0].start, a[0].end - a[0].start, a[0].rc) < 0 ||
				mf_pattern_merge_in(pt, r->c, a + 1, m - 1, 0, r->o->min_overlap) < 0 ||
				mf_pattern_polish(pt, r->c, &r->polish) < 0) {
			mf_pattern_destroy(pt);
			failed = 1;
			continue;
		}
		if ((mf_pattern_total(pt) > 0 ? 1 : mf_pattern_total(pt) < 0 ? -1 : 0) != r->sign) {
			mf_pattern_destroy(pt); /* its members contribute the other way overall */
			pt = NULL;
		}
		p[q] = pt;
	}
	free(cnt), free(byc);
	int k = 0;
	for (int q = 0; p && q < nc; ++q)
		if (p[q])
			p[k++] = p[q];
	if (failed) {
		for (int q = 0; p && q < k; ++q)
			mf_pattern_destroy(p[q]);
		free(p);
		mf_error("out of memory building patterns");
		return -1;
	}
	*out = p, *nout = k;
	return 0;
}

static void free_patterns(mf_pattern_t **p, int n)
{
	for (int i = 0; p && i < n; ++i)
		mf_pattern_destroy(p[i]);
	free(p);
}

typedef struct {
	int32_t seq, start, end;
	size_t at;
} wkey_t;

static int cmp_wkey(const void *a, const void *b)
{
	const wkey_t *x = a, *y = b;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* The distinct member windows of the patterns (by sequence, start and end), in pattern and
 * member order, the first of equal ones kept. */
static mf_seqlet_t *members_of(mf_pattern_t **p, int np, size_t *n)
{
	size_t total = 0, m = 0;
	for (int i = 0; i < np; ++i)
		total += p[i]->n;
	mf_seqlet_t *w = malloc((total ? total : 1) * sizeof *w);
	wkey_t *k = malloc((total ? total : 1) * sizeof *k);
	unsigned char *dup = calloc(total ? total : 1, 1);
	if (!w || !k || !dup) {
		free(w), free(k), free(dup);
		mf_error("out of memory");
		return NULL;
	}
	for (int i = 0; i < np; ++i)
		for (size_t j = 0; j < p[i]->n; ++j, ++m) {
			w[m] = p[i]->m[j];
			k[m].seq = w[m].seq, k[m].start = w[m].start, k[m].end = w[m].end, k[m].at = m;
		}
	qsort(k, total, sizeof *k, cmp_wkey);
	for (size_t a = 1; a < total; ++a)
		if (k[a].seq == k[a - 1].seq && k[a].start == k[a - 1].start && k[a].end == k[a - 1].end)
			dup[k[a].at] = 1;
	m = 0;
	for (size_t a = 0; a < total; ++a)
		if (!dup[a])
			w[m++] = w[a];
	free(k), free(dup);
	*n = m;
	return w;
}

static int one_round(const run_t *r, mf_seqlet_t *w, size_t *n, mf_pattern_t ***out, int *nout)
{
	int len = w[0].end - w[0].start;
	int32_t *mem = malloc((*n ? *n : 1) * sizeof *mem);
	int rc = -1, nc;
	if (!mem) {
		mf_error("out of memory");
		return -1;
	}
	if (*n < 2) { /* nothing to compare: each seqlet its own cluster */
		for (size_t i = 0; i < *n; ++i)
			mem[i] = (int32_t)i;
		rc = clusters_to_patterns(r, w, *n, mem, (int)*n, out, nout);
		free(mem);
		return rc;
	}
	if (sort_by_strength(r->c, w, *n, r->o->threads) == 0 &&
			(nc = cluster_seqlets(r, w, n, len, mem)) >= 0) {
		mf_info("round %d: %zu seqlets in %d clusters", r->round + 1, *n, nc);
		double t0 = cpu_now();
		rc = clusters_to_patterns(r, w, *n, mem, nc, out, nout);
		mf_debug("round %d: patterns %.2f s CPU", r->round + 1, cpu_now() - t0);
		stage(r->o, 1);
	}
	free(mem);
	return rc;
}

/* ---- a metacluster ------------------------------------------------------------------- */

/* Whether some ic_window consecutive columns hold min_ic bits (all columns when fewer). */
static int informative(const mf_pattern_t *p, const mf_discover_opt_t *o, const double bg[4])
{
	double *ic = malloc((size_t)(p->len > 0 ? p->len : 1) * sizeof *ic), best = -INFINITY;
	if (!ic)
		return 1;
	mf_pattern_ic(p, bg, o->polish.pc, ic);
	int w = o->ic_window < p->len ? o->ic_window : p->len;
	for (int s = 0; s + w <= p->len; ++s) {
		double t = 0;
		for (int j = s; j < s + w; ++j)
			t += ic[j];
		best = fmax(best, t);
	}
	free(ic);
	return best >= o->min_ic;
}

/* Splits spurious merges, merges similar patterns, drops small and uninformative ones. */
static int finish_patterns(const run_t *r, mf_pattern_t **p, int np, mf_pattern_t ***out, int *nout)
{
	const mf_discover_opt_t *o = r->o;
	mf_collapse_opt_t co = o->collapse;
	co.polish = r->polish, co.seed = o->seed, co.threads = o->threads, co.leiden_runs = o->leiden_runs;
	co.min_overlap = o->min_overlap;
	int split_above = o->min_seqlets > co.min_split ? o->min_seqlets : co.min_split, n = 0;
	size_t cap = 0;
	mf_pattern_t **all = NULL;
	for (int i = 0; i < np; ++i) {
		mf_pattern_t **piece = NULL;
		int k = 0;
		if ((int)p[i]->n > split_above) {
			if (mf_split_pattern(p[i], r->c, &co, &piece, &k) < 0 ||
					mf_collapse(piece, &k, r->c, &co) < 0) {
				free_patterns(piece, k);
				goto fail;
			}
			mf_info("a pattern of %zu seqlets splits into %d", p[i]->n, k);
			mf_pattern_destroy(p[i]);
		} else {
			piece = malloc(sizeof *piece);
			if (!piece)
				goto fail;
			piece[0] = p[i], k = 1;
		}
		p[i] = NULL;
		if ((size_t)(n + k) > cap) {
			cap = (size_t)(n + k) * 2;
			mf_pattern_t **a = realloc(all, cap * sizeof *a);
			if (!a) {
				free_patterns(piece, k);
				goto fail;
			}
			all = a;
		}
		memcpy(all + n, piece, (size_t)k * sizeof *piece);
		n += k;
		free(piece);
	}
	if (n > 0 && mf_collapse(all, &n, r->c, &co) < 0)
		goto fail;
	int kept = 0;
	for (int i = 0; i < n; ++i) {
		if ((int)all[i]->n >= o->min_seqlets && informative(all[i], o, r->polish.bg))
			all[kept++] = all[i];
		else
			mf_pattern_destroy(all[i]);
	}
	*out = all, *nout = kept;
	return 0;
fail:
	free_patterns(all, n);
	for (int i = 0; i < np; ++i)
		mf_pattern_destroy(p[i]), p[i] = NULL;
	mf_error("out of memory finishing patterns");
	return -1;
}

/* The base frequencies of the windows (TF-MoDISco's bg_freq, made to sum to 1). */
static void base_freqs(const mf_dctx_t *c, const mf_seqlet_t *w, size_t n, double *bg)
{
	double t[4] = {0};
	for (size_t i = 0; i < n; ++i) {
		int64_t L = mf_dseq_len(c->s, (size_t)w[i].seq);
		const uint8_t *b = c->s->base + c->s->off[w[i].seq];
		for (int64_t p = w[i].start; p < w[i].end; ++p)
			if (p >= 0 && p < L && b[p] < 4)
				t[w[i].rc ? 3 - b[p] : b[p]] += 1;
	}
	double s = t[0] + t[1] + t[2] + t[3];
	for (int k = 0; k < 4; ++k)
		bg[k] = s > 0 ? t[k] / s : 0.25;
}

static int cmp_abs_score(const void *a, const void *b)
{
	const mf_seqlet_t *x = a, *y = b;
	double u = fabs(x->score), v = fabs(y->score);
	return u != v ? (u < v) - (u > v) : (x->id > y->id) - (x->id < y->id);
}

static int metacluster(const mf_dctx_t *c, const mf_discover_opt_t *o, mf_seqlet_t *w, size_t n,
		int sign, double *bg, mf_pattern_t ***out, int *nout)
{
	run_t r = {c, o, sign, 0, o->polish};
	mf_pattern_t **p0 = NULL, **p1 = NULL;
	int n0 = 0, n1 = 0;
	*out = NULL, *nout = 0;
	if (o->max_seqlets && n > o->max_seqlets) { /* the strongest, not the first */
		qsort(w, n, sizeof *w, cmp_abs_score);
		n = o->max_seqlets;
	}
	base_freqs(c, w, n, bg);
	memcpy(r.polish.bg, bg, sizeof r.polish.bg);
	if (one_round(&r, w, &n, &p0, &n0) < 0)
		return -1;
	size_t n2 = 0;
	mf_seqlet_t *w2 = members_of(p0, n0, &n2);
	free_patterns(p0, n0);
	if (!w2)
		return -1;
	r.round = 1;
	int rc = n2 == 0 ? 0 : one_round(&r, w2, &n2, &p1, &n1);
	free(w2);
	if (rc < 0 || n1 == 0) {
		free(p1); /* an empty array when every cluster was dropped */
		return rc;
	}
	double t0 = cpu_now();
	rc = finish_patterns(&r, p1, n1, out, nout);
	free(p1); /* its patterns now belong to *out (or were destroyed) */
	mf_debug("splitting and merging %.2f s CPU", cpu_now() - t0);
	return rc;
}

static int append_patterns(mf_dtask_t *t, mf_pattern_t **p, int n, int sign, const double *bg,
		double core_frac)
{
	mf_dpat_t *a = realloc(t->pat, (size_t)(t->npat + n + 1) * sizeof *a);
	if (!a)
		return -1;
	t->pat = a;
	for (int i = 0; i < n; ++i) {
		mf_dpat_t *d = &t->pat[t->npat++];
		d->p = p[i], d->sign = sign, d->index = i;
		memcpy(d->bg, bg, sizeof d->bg);
		mf_pattern_core(p[i], core_frac, &d->core0, &d->core1);
	}
	return 0;
}

int mf_discover_task(const mf_dseqs_t *s, const mf_dhyp_t *h, const mf_discover_opt_t *o,
		mf_dtask_t *out)
{
	mf_dctx_t c = {s, h};
	memset(out, 0, sizeof *out);
	out->task = h->task, out->name = s->tasks[h->task];
	double t0 = cpu_now();
	out->seqlets = mf_seqlets_call(s, h, &o->call, o->threads, &out->n_seqlets, &out->thr);
	if (!out->seqlets)
		return -1;
	mf_debug("seqlet calling %.2f s CPU", cpu_now() - t0);
	stage(o, 1);
	if (out->n_seqlets == 0) {
		mf_error("task %s: no seqlet passes the threshold (window sums of %d bases >= %.4g or "
			"<= %.4g, %llu windows)", out->name, o->call.window, out->thr.pos, out->thr.neg,
			(unsigned long long)out->thr.windows);
		return -1;
	}
	for (size_t i = 0; i < out->n_seqlets; ++i)
		++out->n_sign[out->seqlets[i].score < 0];
	for (int side = 0; side < 2; ++side) {
		int sign = side == 0 ? 1 : -1;
		uint64_t end = o->progress ? o->progress->done + (MF_DISCOVER_STAGES - 1) / 2 : 0;
		if (out->n_sign[side] <= (size_t)o->min_metacluster) {
			stage_to(o, end);
			continue;
		}
		mf_seqlet_t *w = malloc(out->n_sign[side] * sizeof *w);
		size_t n = 0;
		mf_pattern_t **p = NULL;
		int np = 0;
		double bg[4];
		if (!w) {
			mf_error("out of memory");
			return -1;
		}
		for (size_t i = 0; i < out->n_seqlets; ++i)
			if ((out->seqlets[i].score < 0) == (side == 1))
				w[n++] = out->seqlets[i];
		out->ran[side] = 1;
		int rc = metacluster(&c, o, w, n, sign, bg, &p, &np);
		free(w);
		stage_to(o, end);
		if (rc < 0 || append_patterns(out, p, np, sign, bg, o->core_frac) < 0) {
			free_patterns(p, np);
			if (rc == 0)
				mf_error("out of memory");
			return -1;
		}
		free(p);
	}
	return 0;
}
