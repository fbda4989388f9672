/* collapse.c: splitting spurious merges and merging similar patterns (see collapse.h). */
#include "discover/collapse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "discover/affinity.h"
#include "discover/dsort.h"
#include "discover/jaccard.h"
#include "discover/leiden.h"

/* A size for malloc that is never 0. */
static size_t nz(size_t n) { return n ? n : 1; }

/* Merge when (cross-contamination >= a and similarity >= b) for one of these pairs; never
 * when (cross-contamination <= a and similarity <= b) for one of the dealbreakers. */
static const double MERGE[][2] = {{0.8, 0.8}, {0.5, 0.85}, {0.2, 0.9}};
static const double DEALBREAK[][2] = {{0.4, 0.75}, {0.2, 0.8}, {0.1, 0.85}, {0.0, 0.9}};
#define NMERGE 3
#define NDEAL 4

/* ---- member tracks ------------------------------------------------------------------ */

/* Tracks of windows w[0..n) (each len wide) into ts. */
static int window_tracks(const mf_dctx_t *c, const mf_seqlet_t *w, size_t n, int len,
		int threads, mf_tset_t *ts)
{
	size_t cell = (size_t)len * MF_TCH;
	ts->n = n, ts->len = len;
	ts->t = malloc((n ? n : 1) * cell * sizeof *ts->t);
	ts->mass = malloc((n ? n : 1) * sizeof *ts->mass);
	if (!ts->t || !ts->mass)
		return -1;
	int failed = 0;
#pragma omp parallel num_threads(threads) reduction(|:failed)
	{
		float *buf = malloc((size_t)len * 8 * sizeof *buf);
		failed |= !buf;
#pragma omp for schedule(static)
		for (size_t i = 0; i < n; ++i) {
			if (!buf)
				continue;
			mf_dtrack_window(c->s, c->h, (size_t)w[i].seq, w[i].start, len, w[i].rc, NULL,
				buf + (size_t)len * 4, buf);
			mf_track_make(buf, buf + (size_t)len * 4, len, ts->t + i * cell);
			ts->mass[i] = mf_track_mass(ts->t + i * cell, len);
		}
		free(buf);
	}
	return failed ? -1 : 0;
}

static void free_tset(mf_tset_t *ts)
{
	free(ts->t), free(ts->mass);
	memset(ts, 0, sizeof *ts);
}

static double jac0(const mf_tset_t *a, size_t i, const mf_tset_t *b, size_t j)
{
	size_t cell = (size_t)a->len * MF_TCH;
	return mf_jaccard_at(a->t + i * cell, a->len, a->mass[i], b->t + j * cell, b->len, b->mass[j], 0);
}

/* n regularly spaced indices of m (all when m <= n). */
static size_t regular_sample(size_t m, size_t n, size_t *idx)
{
	size_t k = m < n ? m : n;
	for (size_t i = 0; i < k; ++i)
		idx[i] = m <= n ? i : i * m / n;
	return k;
}

/* ---- splitting ---------------------------------------------------------------------- */

/* Row i's k most similar other items (Jaccard at offset 0), all pairs compared. */
static int sample_knn(const mf_tset_t *ts, int k, int threads, int32_t *nbr, float *sim)
{
	size_t n = ts->n;
	float *all = malloc(n * n * sizeof *all);
	if (!all)
		return -1;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 8)
	for (size_t i = 0; i < n; ++i)
		for (size_t j = i + 1; j < n; ++j)
			all[i * n + j] = (float)jac0(ts, i, ts, j);
	for (size_t i = 0; i < n; ++i)
		for (size_t j = 0; j < i; ++j)
			all[i * n + j] = all[j * n + i];
	for (size_t i = 0; i < n; ++i) { /* partial selection: k best, ties to the smaller index */
		int cnt = 0;
		for (size_t j = 0; j < n; ++j) {
			if (j == i)
				continue;
			float s = all[i * n + j];
			int p = cnt < k ? cnt++ : k;
			if (p == k && !(s > sim[i * (size_t)k + (size_t)k - 1]))
				continue;
			if (p == k)
				--p;
			while (p > 0 && s > sim[i * (size_t)k + (size_t)p - 1]) {
				sim[i * (size_t)k + (size_t)p] = sim[i * (size_t)k + (size_t)p - 1];
				nbr[i * (size_t)k + (size_t)p] = nbr[i * (size_t)k + (size_t)p - 1];
				--p;
			}
			sim[i * (size_t)k + (size_t)p] = s, nbr[i * (size_t)k + (size_t)p] = (int32_t)j;
		}
		for (int r = cnt; r < k; ++r)
			nbr[i * (size_t)k + (size_t)r] = -1, sim[i * (size_t)k + (size_t)r] = 0;
	}
	free(all);
	return 0;
}

/* The piece of each member: sampled ones from Leiden, the rest by the most similar piece
 * mean track. */
static int assign_members(const mf_pattern_t *p, const mf_dctx_t *c, const size_t *idx, size_t ns,
		const int32_t *mem, int npieces, int threads, int32_t *piece)
{
	mf_pattern_t **pp = calloc((size_t)npieces, sizeof *pp);
	float *mt = malloc((size_t)npieces * (size_t)p->len * MF_TCH * sizeof *mt);
	double *mm = malloc((size_t)npieces * sizeof *mm);
	mf_tset_t all = {0};
	int rc = pp && mt && mm ? 0 : -1;
	for (size_t i = 0; i < p->n; ++i)
		piece[i] = -1;
	for (size_t a = 0; rc == 0 && a < ns; ++a) {
		const mf_seqlet_t *m = &p->m[idx[a]];
		piece[idx[a]] = mem[a];
		if (!pp[mem[a]] && !(pp[mem[a]] = mf_pattern_new()))
			rc = -1;
		else if (mf_pattern_add(pp[mem[a]], c, m, m->start, p->len, m->rc) < 0)
			rc = -1;
	}
	for (int q = 0; rc == 0 && q < npieces; ++q) {
		mf_pattern_track(pp[q], mt + (size_t)q * (size_t)p->len * MF_TCH);
		mm[q] = mf_track_mass(mt + (size_t)q * (size_t)p->len * MF_TCH, p->len);
	}
	if (rc == 0 && ns < p->n)
		rc = window_tracks(c, p->m, p->n, p->len, threads, &all);
	mf_tset_t means = {(size_t)npieces, p->len, mt, mm};
#pragma omp parallel for num_threads(threads) schedule(static) if (rc == 0 && ns < p->n)
	for (size_t i = 0; i < p->n; ++i) {
		if (rc != 0 || piece[i] >= 0)
			continue;
		double best = -INFINITY;
		for (int q = 0; q < npieces; ++q) {
			double s = jac0(&all, i, &means, (size_t)q);
			if (s > best)
				best = s, piece[i] = q;
		}
	}
	for (int q = 0; pp && q < npieces; ++q)
		mf_pattern_destroy(pp[q]);
	free(pp), free(mt), free(mm);
	free_tset(&all);
	return rc;
}

static int cmp_size_desc(const void *a, const void *b)
{
	const mf_pattern_t *x = *(mf_pattern_t *const *)a, *y = *(mf_pattern_t *const *)b;
	return (x->n < y->n) - (x->n > y->n);
}

static int build_pieces(const mf_pattern_t *p, const mf_dctx_t *c, const int32_t *piece,
		int npieces, mf_pattern_t ***out, int *n_out)
{
	mf_pattern_t **v = calloc((size_t)npieces, sizeof *v);
	int rc = v ? 0 : -1;
	for (int q = 0; rc == 0 && q < npieces; ++q)
		if (!(v[q] = mf_pattern_new()))
			rc = -1;
	for (size_t i = 0; rc == 0 && i < p->n; ++i) {
		const mf_seqlet_t *m = &p->m[i];
		if (mf_pattern_add(v[piece[i]], c, m, m->start, p->len, m->rc) < 0)
			rc = -1;
	}
	if (rc < 0) {
		for (int q = 0; v && q < npieces; ++q)
			mf_pattern_destroy(v[q]);
		free(v);
		return -1;
	}
	int k = 0; /* pieces left empty by the assignment are dropped */
	for (int q = 0; q < npieces; ++q) {
		if (v[q]->n)
			v[k++] = v[q];
		else
			mf_pattern_destroy(v[q]);
	}
	/* stable: equal sizes keep piece order (qsort is not stable, so break ties by index) */
	for (int a = 1; a < k; ++a) {
		mf_pattern_t *x = v[a];
		int b = a;
		while (b > 0 && v[b - 1]->n < x->n) {
			v[b] = v[b - 1];
			--b;
		}
		v[b] = x;
	}
	(void)cmp_size_desc;
	*out = v, *n_out = k;
	return 0;
}

int mf_split_pattern(const mf_pattern_t *p, const mf_dctx_t *c, const mf_collapse_opt_t *o,
		mf_pattern_t ***out, int *n_out)
{
	size_t *idx = malloc((p->n ? p->n : 1) * sizeof *idx);
	size_t ns = idx ? regular_sample(p->n, (size_t)o->split_sample, idx) : 0;
	int k = (int)(3 * o->perplexity + 1);
	if (ns < 2)
		k = 0;
	else if ((size_t)k > ns - 1)
		k = (int)ns - 1;
	mf_seqlet_t *w = malloc((ns ? ns : 1) * sizeof *w);
	int32_t *nbr = malloc((ns * (size_t)(k > 0 ? k : 1)) * sizeof *nbr);
	float *sim = malloc((ns * (size_t)(k > 0 ? k : 1)) * sizeof *sim);
	int32_t *mem = malloc((ns ? ns : 1) * sizeof *mem), *piece = malloc((p->n ? p->n : 1) * sizeof *piece);
	mf_tset_t ts = {0};
	mf_graph_t g = {0};
	int rc = -1, np = 0;
	if (!idx || !w || !nbr || !sim || !mem || !piece)
		goto done;
	for (size_t a = 0; a < ns; ++a)
		w[a] = p->m[idx[a]];
	if (k < 1 || window_tracks(c, w, ns, p->len, o->threads, &ts) < 0 ||
			sample_knn(&ts, k, o->threads, nbr, sim) < 0 ||
			mf_graph_tsne(nbr, sim, ns, k, o->perplexity, o->threads, &g) < 0 ||
			(np = mf_leiden(&g, o->leiden_runs, o->seed, mem)) < 0 ||
			assign_members(p, c, idx, ns, mem, np, o->threads, piece) < 0 ||
			build_pieces(p, c, piece, np, out, n_out) < 0)
		goto done;
	rc = 0;
done:
	if (rc < 0 && k >= 1)
		mf_error("could not split a pattern of %zu seqlets", p->n);
	if (k < 1) { /* too few to split: the pattern itself */
		mf_pattern_t **v = malloc(sizeof *v);
		rc = v && (v[0] = mf_pattern_copy(p)) ? 0 : -1;
		if (rc == 0)
			*out = v, *n_out = 1;
		else
			free(v);
	}
	free(idx), free(w), free(nbr), free(sim), free(mem), free(piece);
	free_tset(&ts);
	mf_graph_free(&g);
	return rc;
}

/* ---- AUROC ---------------------------------------------------------------------------- */

/* AUROC of two sorted sets: P(w > b) + P(w == b) / 2. */
static double auroc_sorted(const float *w, size_t nw, const float *b, size_t nb)
{
	size_t lt = 0, le = 0;
	double s = 0;
	for (size_t i = 0; i < nw; ++i) {
		while (lt < nb && b[lt] < w[i])
			++lt;
		if (le < lt)
			le = lt;
		while (le < nb && b[le] <= w[i])
			++le;
		s += (double)lt + 0.5 * (double)(le - lt);
	}
	return s / ((double)nw * (double)nb);
}

double mf_auroc_sets(const float *within, size_t nw, const float *between, size_t nb)
{
	if (nw == 0 || nb == 0)
		return 0.5;
	float *w = malloc(nw * sizeof *w), *b = malloc(nb * sizeof *b);
	double auc = NAN;
	if (w && b) {
		memcpy(w, within, nw * sizeof *w), memcpy(b, between, nb * sizeof *b);
		if (mf_sort_floats(w, nw) == 0 && mf_sort_floats(b, nb) == 0)
			auc = auroc_sorted(w, nw, b, nb);
	}
	free(w), free(b);
	return auc;
}

/* ---- merging -------------------------------------------------------------------------- */

typedef struct {
	mf_pattern_t *p;
	mf_tset_t sub;       /* tracks of its regular subsample */
	mf_seqlet_t *subw;   /* that subsample's windows */
	float *within;       /* each pair of the subsample once (no member with itself); sorted */
	size_t nw;
	int ready;
} cpat_t;

typedef struct {
	int n;
	cpat_t *cp;
	double *sim, *auroc; /* n x n; NAN = not computed */
	int *off, *rc;
} cstate_t;

static int prepare(cpat_t *q, const mf_dctx_t *c, const mf_collapse_opt_t *o)
{
	if (q->ready)
		return 0;
	size_t *idx = calloc(nz(q->p->n), sizeof *idx);
	size_t ns = idx ? regular_sample(q->p->n, (size_t)o->subsample, idx) : 0;
	q->subw = calloc(nz(ns), sizeof *q->subw);
	q->nw = ns * (ns - (ns > 0)) / 2;
	q->within = malloc(nz(q->nw) * sizeof *q->within);
	if (!idx || !q->subw || !q->within) {
		free(idx);
		return -1;
	}
	for (size_t a = 0; a < ns; ++a)
		q->subw[a] = q->p->m[idx[a]];
	free(idx);
	if (window_tracks(c, q->subw, ns, q->p->len, o->threads, &q->sub) < 0)
		return -1;
	/* pair (i, j), i < j, goes to the triangle index j (j - 1) / 2 + i */
#pragma omp parallel for num_threads(o->threads) schedule(dynamic, 8)
	for (size_t j = 1; j < ns; ++j)
		for (size_t i = 0; i < j; ++i)
			q->within[j * (j - 1) / 2 + i] = (float)jac0(&q->sub, i, &q->sub, j);
	if (mf_sort_floats(q->within, q->nw) < 0)
		return -1;
	q->ready = 1;
	return 0;
}

static void release(cpat_t *q)
{
	free_tset(&q->sub);
	free(q->subw), free(q->within);
	q->subw = NULL, q->within = NULL, q->ready = 0;
}

/* The AUROC of pattern i's members among themselves against them with pattern j's members
 * placed on i's frame by the alignment of j on i. */
static double pair_auroc(cstate_t *s, int i, int j, const mf_dctx_t *c, const mf_collapse_opt_t *o)
{
	cpat_t *a = &s->cp[i], *b = &s->cp[j];
	if (prepare(a, c, o) < 0 || prepare(b, c, o) < 0)
		return NAN;
	size_t na = a->sub.n, nb = b->sub.n;
	int off = s->off[i * s->n + j], flip = s->rc[i * s->n + j], lp = a->p->len;
	mf_seqlet_t *w = malloc((nb ? nb : 1) * sizeof *w);
	float *between = malloc(nz(na * nb) * sizeof *between);
	mf_tset_t moved = {0};
	double auc = NAN;
	if (w && between) {
		for (size_t q = 0; q < nb; ++q) {
			int no;
			w[q] = b->subw[q];
			mf_place(b->subw[q].start, b->subw[q].end, b->subw[q].rc, flip, off, 0, lp,
				&w[q].start, &w[q].end, &no);
			w[q].rc = (int8_t)no;
		}
		if (window_tracks(c, w, nb, lp, o->threads, &moved) == 0) {
#pragma omp parallel for num_threads(o->threads) schedule(dynamic, 8)
			for (size_t x = 0; x < na; ++x)
				for (size_t y = 0; y < nb; ++y)
					between[x * nb + y] = (float)jac0(&a->sub, x, &moved, y);
			/* no pair within a: nothing tells the members apart */
			auc = a->nw == 0 ? 0.5 : mf_sort_floats(between, na * nb) == 0 ?
				auroc_sorted(a->within, a->nw, between, na * nb) : NAN;
		}
	}
	free(w);
	free_tset(&moved);
	{
		double mw = 0, mb = 0;
		for (size_t q = 0; q < a->nw; ++q) mw += a->within[q];
		for (size_t q = 0; between && q < na * nb; ++q) mb += between[q];
		mf_debug("AUROC of %zu x %zu members of patterns %d and %d: %.3f (mean within %.3f, between %.3f; off %d rc %d)", na, nb, i, j, auc, mw / (a->nw ? a->nw : 1), mb / (double)nz(na * nb), off, flip);
	}
	free(between);
	return auc;
}

static double cross(cstate_t *s, int i, int j, const mf_dctx_t *c, const mf_collapse_opt_t *o,
		int *err)
{
	double *v = &s->auroc[i * s->n + j];
	if (isnan(*v)) {
		*v = pair_auroc(s, i, j, c, o);
		if (isnan(*v)) {
			*err = 1;
			*v = 0.5;
		}
	}
	return 2.0 * (1.0 - fmax(*v, 0.5));
}

static double sym_sim(const cstate_t *s, int i, int j)
{
	return 0.5 * (s->sim[i * s->n + j] + s->sim[j * s->n + i]);
}

static void compute_sims(cstate_t *s, const mf_collapse_opt_t *o)
{
	int n = s->n;
#pragma omp parallel for num_threads(o->threads) schedule(dynamic, 1) collapse(2)
	for (int i = 0; i < n; ++i)
		for (int j = 0; j < n; ++j) {
			size_t e = (size_t)i * (size_t)n + (size_t)j;
			if (i == j) {
				s->sim[e] = 1.0, s->auroc[e] = 0.5;
				continue;
			}
			if (!isnan(s->sim[e]))
				continue;
			s->sim[e] = mf_pattern_align_pearson(s->cp[i].p, s->cp[j].p, o->min_overlap,
				&s->off[e], &s->rc[e]);
		}
}

typedef struct {
	int i, j;
	double s;
} pair_t;

static int cmp_pair(const void *a, const void *b)
{
	const pair_t *x = a, *y = b;
	if (x->s != y->s)
		return x->s > y->s ? -1 : 1;
	return x->i != y->i ? (x->i > y->i) - (x->i < y->i) : (x->j > y->j) - (x->j < y->j);
}

static int no_dealbreaker(cstate_t *s, const int *grp, int gi, int gj, const mf_dctx_t *c,
		const mf_collapse_opt_t *o, int *err)
{
	for (int a = 0; a < s->n; ++a)
		for (int b = a + 1; b < s->n; ++b) {
			if ((grp[a] != gi && grp[a] != gj) || (grp[b] != gi && grp[b] != gj))
				continue;
			double sim = sym_sim(s, a, b);
			if (sim > DEALBREAK[NDEAL - 1][1])
				continue;
			double cc = 0.5 * (cross(s, a, b, c, o, err) + cross(s, b, a, c, o, err));
			for (int t = 0; t < NDEAL; ++t)
				if (cc <= DEALBREAK[t][0] && sim <= DEALBREAK[t][1])
					return 0;
		}
	return 1;
}

/* The pairs to merge this round, in order; returns their number (-1 on error). */
static int choose_merges(cstate_t *s, const mf_dctx_t *c, const mf_collapse_opt_t *o, pair_t *out)
{
	int n = s->n, np = 0, nm = 0, err = 0;
	pair_t *pairs = malloc(((size_t)n * (size_t)n + 1) * sizeof *pairs);
	int *grp = malloc(((size_t)n + 1) * sizeof *grp);
	if (!pairs || !grp) {
		free(pairs), free(grp);
		return -1;
	}
	for (int i = 0; i < n; ++i) {
		grp[i] = i;
		for (int j = i + 1; j < n; ++j)
			pairs[np].i = i, pairs[np].j = j, pairs[np++].s = sym_sim(s, i, j);
	}
	qsort(pairs, (size_t)np, sizeof *pairs, cmp_pair);
	for (int q = 0; q < np && !err; ++q) {
		int i = pairs[q].i, j = pairs[q].j, collapse = 0;
		double sim = pairs[q].s;
		if (sim < MERGE[0][1]) {
			if (s->cp[i].p->n >= 20 && s->cp[j].p->n >= 20)
				mf_debug("patterns %d (%zu) and %d (%zu): similarity %.3f (offset %d, %d)", i, s->cp[i].p->n, j, s->cp[j].p->n, sim, s->off[i * s->n + j], s->rc[i * s->n + j]);
			continue; /* no merge rule accepts a similarity this low */
		}
		double cc = fmin(cross(s, i, j, c, o, &err), cross(s, j, i, c, o, &err));
		for (int t = 0; t < NMERGE; ++t)
			collapse |= cc >= MERGE[t][0] && sim >= MERGE[t][1];
		mf_debug("patterns %d (%zu) and %d (%zu): similarity %.3f, cross-contamination %.3f%s", i,
			s->cp[i].p->n, j, s->cp[j].p->n, sim, cc, collapse ? ": merge" : "");
		if (!collapse || !no_dealbreaker(s, grp, grp[i], grp[j], c, o, &err))
			continue;
		out[nm++] = pairs[q];
		int gi = grp[i], gj = grp[j];
		for (int a = 0; a < n; ++a)
			if (grp[a] == gj)
				grp[a] = gi;
	}
	free(pairs), free(grp);
	return err ? -1 : nm;
}

/* Performs the merges on slot pointers; returns 0 or -1. */
static int apply_merges(mf_pattern_t **slot, int n, const pair_t *m, int nm, const mf_dctx_t *c,
		const mf_collapse_opt_t *o, mf_pattern_t **made, int *nmade)
{
	for (int q = 0; q < nm; ++q) {
		mf_pattern_t *p1 = slot[m[q].i], *p2 = slot[m[q].j];
		if (p1 == p2)
			continue;
		mf_pattern_t *parent = p1->n < p2->n ? p2 : p1, *child = parent == p1 ? p2 : p1;
		mf_pattern_t *np = mf_pattern_copy(parent);
		if (!np || mf_pattern_merge_in(np, c, child->m, child->n, 1, o->min_overlap) < 0 ||
				mf_pattern_polish(np, c, &o->polish) < 0) {
			mf_pattern_destroy(np);
			return -1;
		}
		made[(*nmade)++] = np;
		for (int k = 0; k < n; ++k)
			if (slot[k] == parent || slot[k] == child)
				slot[k] = np;
	}
	return 0;
}

static void free_state(cstate_t *s)
{
	for (int i = 0; s->cp && i < s->n; ++i)
		release(&s->cp[i]);
	free(s->cp), free(s->sim), free(s->auroc), free(s->off), free(s->rc);
	memset(s, 0, sizeof *s);
}

static int init_state(cstate_t *s, mf_pattern_t **pats, int n)
{
	size_t nn = (size_t)n * (size_t)n + 1;
	s->n = n;
	s->cp = calloc((size_t)n + 1, sizeof *s->cp);
	s->sim = malloc(nn * sizeof *s->sim), s->auroc = malloc(nn * sizeof *s->auroc);
	s->off = calloc(nn, sizeof *s->off), s->rc = calloc(nn, sizeof *s->rc);
	if (!s->cp || !s->sim || !s->auroc || !s->off || !s->rc)
		return -1;
	for (size_t e = 0; e < nn; ++e)
		s->sim[e] = s->auroc[e] = NAN;
	for (int i = 0; i < n; ++i)
		s->cp[i].p = pats[i];
	return 0;
}

/* The next round's state: unchanged patterns keep their subsample and computed values. */
static int next_state(cstate_t *old, mf_pattern_t **pats, int n, cstate_t *s)
{
	if (init_state(s, pats, n) < 0)
		return -1;
	int *from = malloc(((size_t)n + 1) * sizeof *from);
	if (!from)
		return -1;
	for (int i = 0; i < n; ++i) {
		from[i] = -1;
		for (int k = 0; k < old->n; ++k)
			if (old->cp[k].p == pats[i])
				from[i] = k;
		if (from[i] >= 0) {
			s->cp[i] = old->cp[from[i]];
			memset(&old->cp[from[i]], 0, sizeof old->cp[from[i]]);
		}
	}
	for (int i = 0; i < n; ++i)
		for (int j = 0; j < n; ++j)
			if (from[i] >= 0 && from[j] >= 0) {
				size_t e = (size_t)i * (size_t)n + (size_t)j;
				size_t f = (size_t)from[i] * (size_t)old->n + (size_t)from[j];
				s->sim[e] = old->sim[f], s->auroc[e] = old->auroc[f];
				s->off[e] = old->off[f], s->rc[e] = old->rc[f];
			}
	free(from);
	return 0;
}

/* The distinct patterns of the slots by size (descending, first slot first on ties); frees
 * the patterns no slot holds any more. Returns the new count. */
static int survivors(mf_pattern_t **pats, int n, mf_pattern_t **slot, mf_pattern_t **made, int nmade)
{
	int k = 0;
	mf_pattern_t **u = malloc(((size_t)n + (size_t)nmade + 1) * sizeof *u);
	if (!u)
		return -1;
	for (int i = 0; i < n; ++i) {
		int seen = 0;
		for (int a = 0; a < k; ++a)
			seen |= u[a] == slot[i];
		if (!seen)
			u[k++] = slot[i];
	}
	for (int a = 1; a < k; ++a) { /* stable insertion sort by size */
		mf_pattern_t *x = u[a];
		int b = a;
		while (b > 0 && u[b - 1]->n < x->n) {
			u[b] = u[b - 1];
			--b;
		}
		u[b] = x;
	}
	for (int i = 0; i < n + nmade; ++i) { /* free what is gone */
		mf_pattern_t *p = i < n ? pats[i] : made[i - n];
		int kept = 0;
		for (int a = 0; a < k; ++a)
			kept |= u[a] == p;
		if (!kept)
			mf_pattern_destroy(p);
	}
	memcpy(pats, u, (size_t)k * sizeof *u);
	free(u);
	return k;
}

int mf_collapse(mf_pattern_t **pats, int *n, const mf_dctx_t *c, const mf_collapse_opt_t *o)
{
	cstate_t s = {0}, next = {0};
	int rc = -1;
	if (init_state(&s, pats, *n) < 0)
		goto oom;
	for (;;) {
		compute_sims(&s, o);
		pair_t *m = malloc(((size_t)s.n * (size_t)s.n + 1) * sizeof *m);
		mf_pattern_t **slot = malloc(((size_t)s.n + 1) * sizeof *slot);
		mf_pattern_t **made = malloc(((size_t)s.n + 1) * sizeof *made);
		int nm = m && slot && made ? choose_merges(&s, c, o, m) : -1, nmade = 0;
		if (nm > 0) {
			memcpy(slot, pats, (size_t)s.n * sizeof *slot);
			if (apply_merges(slot, s.n, m, nm, c, o, made, &nmade) < 0)
				nm = -1;
		}
		int k = nm > 0 ? survivors(pats, s.n, slot, made, nmade) : 0;
		if (nm < 0 || k < 0) {
			for (int q = 0; q < nmade; ++q)
				mf_pattern_destroy(made[q]);
		}
		free(m), free(slot), free(made);
		if (nm < 0 || k < 0)
			goto oom;
		if (nm == 0)
			break;
		if (next_state(&s, pats, k, &next) < 0)
			goto oom;
		free_state(&s);
		s = next;
		memset(&next, 0, sizeof next);
		*n = k;
	}
	rc = 0;
oom:
	if (rc < 0)
		mf_error("out of memory merging patterns");
	free_state(&s);
	free_state(&next);
	return rc;
}
