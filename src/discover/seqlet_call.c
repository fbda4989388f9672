/* seqlet_call.c: window sums of one task's contributions, and the seqlets they call (see
 * seqlet.h). Sequences are independent, so both passes run in parallel and write into
 * places fixed by the sequence order: the result does not depend on the thread count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "discover/seqlet.h"

#define SEQS_PER_BLOCK 256

/* Window sums of `window` actual contributions over sequence i into w (d of them). */
static size_t window_sums(const mf_dseqs_t *s, const mf_dhyp_t *h, size_t i, int window,
		double *prefix, double *w)
{
	int64_t L = mf_dseq_len(s, i);
	if (L < window)
		return 0;
	const uint8_t *b = s->base + s->off[i];
	const float *y = h->hyp + s->off[i] * 4;
	prefix[0] = 0;
	for (int64_t p = 0; p < L; ++p)
		prefix[p + 1] = prefix[p] + (b[p] < 4 ? y[p * 4 + b[p]] : 0.0);
	size_t d = (size_t)(L - window + 1);
	for (size_t k = 0; k < d; ++k)
		w[k] = prefix[k + (size_t)window] - prefix[k];
	return d;
}

static int64_t longest(const mf_dseqs_t *s)
{
	int64_t m = 0;
	for (size_t i = 0; i < s->n; ++i)
		m = mf_dseq_len(s, i) > m ? mf_dseq_len(s, i) : m;
	return m;
}

/* Every stride-th window sum (by global window number) into *out. */
static float *sample_sums(const mf_dseqs_t *s, const mf_dhyp_t *h, const mf_seqlet_opt_t *o,
		int threads, uint64_t *total, size_t *used)
{
	uint64_t *first = malloc((s->n + 1) * sizeof *first);
	if (!first) {
		mf_error("out of memory");
		return NULL;
	}
	first[0] = 0;
	for (size_t i = 0; i < s->n; ++i) {
		int64_t d = mf_dseq_len(s, i) - o->window + 1;
		first[i + 1] = first[i] + (uint64_t)(d > 0 ? d : 0);
	}
	uint64_t nw = first[s->n], stride = nw > o->max_values ? (nw + o->max_values - 1) / o->max_values : 1;
	size_t m = (size_t)((nw + stride - 1) / stride);
	float *v = malloc((m ? m : 1) * sizeof *v);
	int64_t Lmax = longest(s);
	int failed = !v;
#pragma omp parallel num_threads(threads) reduction(|:failed)
	{
		double *pre = malloc(((size_t)Lmax + 1) * sizeof *pre), *w = malloc(((size_t)Lmax + 1) * sizeof *w);
		failed |= !pre || !w;
#pragma omp for schedule(dynamic, SEQS_PER_BLOCK)
		for (size_t i = 0; i < s->n; ++i) {
			if (failed)
				continue;
			size_t d = window_sums(s, h, i, o->window, pre, w);
			for (size_t k = 0; k < d; ++k)
				if ((first[i] + k) % stride == 0)
					v[(first[i] + k) / stride] = (float)w[k];
		}
		free(pre), free(w);
	}
	free(first);
	if (failed) {
		free(v);
		mf_error("out of memory");
		return NULL;
	}
	*total = nw, *used = m;
	return v;
}

typedef struct {
	double a;
	size_t k;
} cand_t;

static int cmp_cand(const void *x, const void *y)
{
	const cand_t *p = x, *q = y;
	return p->a > q->a ? -1 : p->a < q->a ? 1 : (p->k > q->k) - (p->k < q->k);
}

size_t mf_seqlet_pick(const double *w, size_t d, const mf_seqlet_opt_t *o, double pos, double neg,
		size_t *out)
{
	size_t fl = (size_t)o->flank, nc = 0, taken = 0;
	if (d <= 2 * fl)
		return 0;
	cand_t *c = malloc(d * sizeof *c);
	unsigned char *gone = calloc(d, 1);
	if (!c || !gone) {
		free(c), free(gone);
		mf_error("out of memory");
		return (size_t)-1;
	}
	for (size_t k = fl; k < d - fl; ++k)
		if (w[k] >= pos || w[k] <= neg)
			c[nc].a = fabs(w[k]), c[nc++].k = k;
	qsort(c, nc, sizeof *c, cmp_cand);
	long sup = o->window / 2 + o->flank;
	for (size_t j = 0; j < nc; ++j) {
		long k = (long)c[j].k;
		if (gone[k])
			continue;
		out[taken++] = (size_t)k;
		long lo = k - sup < 0 ? 0 : k - sup, hi = k + sup + 1 > (long)d ? (long)d : k + sup + 1;
		memset(gone + lo, 1, (size_t)(hi - lo));
	}
	free(c), free(gone);
	return taken;
}

typedef struct {
	mf_seqlet_t *a;
	size_t n;
	int failed;
} block_t;

/* The seqlets of sequences [i0, i1), in order. */
static void call_block(const mf_dseqs_t *s, const mf_dhyp_t *h, const mf_seqlet_opt_t *o,
		const mf_seqlet_thr_t *t, size_t i0, size_t i1, double *pre, double *w, size_t *starts,
		block_t *out)
{
	size_t cap = 0;
	for (size_t i = i0; i < i1 && !out->failed; ++i) {
		size_t d = window_sums(s, h, i, o->window, pre, w);
		size_t m = d ? mf_seqlet_pick(w, d, o, t->pos, t->neg, starts) : 0;
		if (m == (size_t)-1) {
			out->failed = 1;
			break;
		}
		for (size_t j = 0; j < m; ++j) {
			double sc = w[starts[j]];
			if (!(fabs(sc) > t->weak))
				continue;
			if (out->n == cap) {
				cap = cap ? 2 * cap : 64;
				mf_seqlet_t *a = realloc(out->a, cap * sizeof *a);
				if (!a) {
					out->failed = 1;
					break;
				}
				out->a = a;
			}
			mf_seqlet_t *x = &out->a[out->n++];
			x->seq = (int32_t)i;
			x->start = (int32_t)starts[j] - o->flank;
			x->end = (int32_t)starts[j] + o->window + o->flank;
			x->rc = 0;
			x->score = (float)sc;
		}
	}
}

static mf_seqlet_t *join_blocks(block_t *b, size_t nb, size_t *n)
{
	size_t total = 0;
	for (size_t k = 0; k < nb; ++k)
		total += b[k].n;
	mf_seqlet_t *all = malloc((total ? total : 1) * sizeof *all);
	if (!all) {
		mf_error("out of memory: %zu seqlets", total);
		return NULL;
	}
	size_t at = 0;
	for (size_t k = 0; k < nb; ++k) {
		if (b[k].n)
			memcpy(all + at, b[k].a, b[k].n * sizeof *all);
		at += b[k].n;
	}
	for (size_t i = 0; i < total; ++i)
		all[i].id = (int32_t)i;
	*n = total;
	return all;
}

static mf_seqlet_t *extract(const mf_dseqs_t *s, const mf_dhyp_t *h, const mf_seqlet_opt_t *o,
		const mf_seqlet_thr_t *t, int threads, size_t *n)
{
	size_t nb = (s->n + SEQS_PER_BLOCK - 1) / SEQS_PER_BLOCK;
	block_t *b = calloc(nb ? nb : 1, sizeof *b);
	int64_t Lmax = longest(s);
	int failed = !b;
	if (b) {
#pragma omp parallel num_threads(threads) reduction(|:failed)
		{
			size_t sz = (size_t)Lmax + 1;
			double *pre = malloc(sz * sizeof *pre), *w = malloc(sz * sizeof *w);
			size_t *st = malloc(sz * sizeof *st);
			failed |= !pre || !w || !st;
#pragma omp for schedule(dynamic, 1)
			for (size_t k = 0; k < nb; ++k) {
				size_t i1 = (k + 1) * SEQS_PER_BLOCK < s->n ? (k + 1) * SEQS_PER_BLOCK : s->n;
				if (!failed)
					call_block(s, h, o, t, k * SEQS_PER_BLOCK, i1, pre, w, st, &b[k]);
				failed |= b[k].failed;
			}
			free(pre), free(w), free(st);
		}
	}
	mf_seqlet_t *all = failed ? NULL : join_blocks(b, nb, n);
	if (failed)
		mf_error("out of memory calling seqlets");
	for (size_t k = 0; b && k < nb; ++k)
		free(b[k].a);
	free(b);
	return all;
}

mf_seqlet_t *mf_seqlets_call(const mf_dseqs_t *s, const mf_dhyp_t *h, const mf_seqlet_opt_t *o,
		int threads, size_t *n, mf_seqlet_thr_t *thr)
{
	memset(thr, 0, sizeof *thr);
	float *v = sample_sums(s, h, o, threads, &thr->windows, &thr->used);
	if (!v)
		return NULL;
	if (thr->used < 2) {
		mf_error("the sequences are too short for windows of %d bases (%llu windows)", o->window,
			(unsigned long long)thr->windows);
		free(v);
		return NULL;
	}
	size_t k = 1;
	while (k < thr->used && v[k] == v[0])
		++k;
	if (k == thr->used) { /* a Laplace fit needs spread: say what the user can act on */
		mf_error("task %s: no seqlet passes the threshold: every window sum of %d bases is %g "
			"(contributions all zero?)", s->tasks[h->task], o->window, (double)v[0]);
		free(v);
		return NULL;
	}
	int rc = mf_seqlet_thresholds(v, thr->used, o, thr);
	free(v);
	return rc < 0 ? NULL : extract(s, h, o, thr, threads, n);
}
