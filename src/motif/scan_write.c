/* scan_write.c: a scanned chunk's rows, in order, formatted in parallel.
 *
 * With a whole collection the rows are many (hundreds of thousands per chunk) and
 * formatting them (numbers to text, the matched sequence) was the largest part of the
 * scan that ran on one thread. The chunk is cut at positions into blocks; each block
 * merges the motifs' hit lists between its two cut points (each list is in (record,
 * position, strand) order, so a binary search finds its share) and formats its rows on
 * its own thread; the blocks are written in order. The bytes do not depend on the number
 * of threads or blocks: a row's text depends only on its hit, and the cuts fall between
 * positions, never between rows of one position. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "motif/scan_chunk.h"

/* rows formatted per block (on average), and blocks formatted at once per thread: a round
 * holds about ROWS_PER_BLOCK * BLOCKS_PER_THREAD * threads rows of text */
#define ROWS_PER_BLOCK 8192
#define BLOCKS_PER_THREAD 4

typedef struct { /* the merge's cursor into one motif's hits */
	size_t k, end;
	int m;
} cursor_t;

typedef struct { /* a row kept for q-values: the hit and its text */
	mf_hit_t h;
	char *text;
} row_t;

typedef struct {
	char *text;         /* the block's rows, each ending in '\n' */
	size_t len, cap;
	mf_hit_t *hit;      /* --qvalue: the rows' hits */
	size_t *end;        /* and where each row's text ends */
	size_t n_row, cap_hit, cap_end;
	cursor_t *heap;
} block_t;

struct mf_chunk_writer {
	mf_out_t *out;
	mf_pwm_t *const *pwm;
	int n_pwm, threads;
	const mf_scanfile_opt_t *o;
	block_t *block;     /* [threads * BLOCKS_PER_THREAD] */
	int n_block;
	row_t *keep;        /* --qvalue: every row until the end */
	size_t n_keep, cap_keep;
};

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (mf_scan_grow(p, cap, n, size) < 0) {
		mf_error("out of memory writing matches");
		return -1;
	}
	return 0;
}

mf_chunk_writer_t *mf_chunk_writer_create(mf_out_t *out, mf_pwm_t *const *pwm, int n_pwm,
		const mf_scanfile_opt_t *o)
{
	mf_chunk_writer_t *w = calloc(1, sizeof *w);
	int threads = o->threads > 0 ? o->threads : 1;
	if (w) {
		*w = (mf_chunk_writer_t){.out = out, .pwm = pwm, .n_pwm = n_pwm, .threads = threads,
			.o = o, .n_block = threads * BLOCKS_PER_THREAD};
		w->block = calloc((size_t)w->n_block, sizeof *w->block);
	}
	int ok = w && w->block;
	for (int b = 0; ok && b < w->n_block; ++b)
		ok = (w->block[b].heap = malloc(((size_t)n_pwm + 1) * sizeof(cursor_t))) != NULL;
	if (!ok) {
		mf_error("out of memory");
		mf_chunk_writer_destroy(w);
		return NULL;
	}
	return w;
}

void mf_chunk_writer_destroy(mf_chunk_writer_t *w)
{
	if (!w)
		return;
	for (int b = 0; w->block && b < w->n_block; ++b) {
		block_t *k = &w->block[b];
		free(k->text), free(k->hit), free(k->end), free(k->heap);
	}
	free(w->block);
	for (size_t i = 0; i < w->n_keep; ++i)
		free(w->keep[i].text);
	free(w->keep);
	free(w);
}

/* ---- cutting the chunk ----------------------------------------------------------------- */

typedef struct {
	int32_t rec;
	int64_t pos;
} cut_t;

static int key_less(int32_t rec, int64_t pos, cut_t k)
{
	return rec != k.rec ? rec < k.rec : pos < k.pos;
}

/* The first hit of o at or after k. */
static size_t lower_bound(const mf_chits_t *o, cut_t k)
{
	size_t a = 0, b = o->n;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (key_less(o->a[m].rec, o->a[m].pos, k))
			a = m + 1;
		else
			b = m;
	}
	return a;
}

/* Cut point i of n: the window start at codes offset i * codes.n / n (before every hit
 * for i = 0, after every hit for i = n). */
static cut_t cut_key(const mf_chunk_t *c, size_t i, size_t n)
{
	if (i == 0)
		return (cut_t){INT32_MIN, INT64_MIN};
	if (i >= n || c->n_piece == 0)
		return (cut_t){INT32_MAX, INT64_MAX};
	int64_t at = (int64_t)((double)c->codes.n * (double)i / (double)n);
	size_t a = 0, b = c->n_piece; /* the last piece starting at or before at */
	while (b - a > 1) {
		size_t m = a + (b - a) / 2;
		if (c->piece[m].at <= at)
			a = m;
		else
			b = m;
	}
	const mf_piece_t *p = &c->piece[a];
	int64_t off = at - p->at, len = (int64_t)(p->to - p->from);
	return (cut_t){p->rec, (int64_t)p->from + (off < 0 ? 0 : off > len ? len : off)};
}

/* ---- one block ------------------------------------------------------------------------- */

static int cursor_less(const mf_chunk_t *c, const cursor_t *a, const cursor_t *b)
{
	const mf_chit_t *x = &c->out[a->m].a[a->k], *y = &c->out[b->m].a[b->k];
	if (x->rec != y->rec)
		return x->rec < y->rec;
	if (x->pos != y->pos)
		return x->pos < y->pos;
	if (a->m != b->m)
		return a->m < b->m;
	return x->strand < y->strand;
}

static void sift_down(const mf_chunk_t *c, cursor_t *heap, int n, int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, best = i;
		if (l < n && cursor_less(c, &heap[l], &heap[best]))
			best = l;
		if (r < n && cursor_less(c, &heap[r], &heap[best]))
			best = r;
		if (best == i)
			return;
		cursor_t t = heap[i];
		heap[i] = heap[best], heap[best] = t;
		i = best;
	}
}

/* "chrom\tstart\tend\tmotif\tscore\tstrand\tlogodds\tpvalue\tmatch\n" appended to the
 * block's text (the match as read on the motif's strand). */
static int format_row(const mf_chunk_writer_t *w, block_t *k, const mf_seq_t *s,
		const mf_hit_t *h)
{
	const mf_pwm_t *p = w->pwm[h->motif];
	int64_t start = (s->chrom ? s->start : 0) + h->pos;
	int score = h->pvalue > 0 ? (int)fmin(1000, floor(-100 * log10(h->pvalue))) : 1000;
	const char *name = s->chrom ? s->chrom : s->name;
	double unit = w->o->nats ? M_LN2 : 1;
	for (;;) {
		size_t room = k->cap - k->len;
		int n = snprintf(k->text + k->len, room, "%s\t%lld\t%lld\t%s\t%d\t%c\t%.3f\t%.3g\t",
			name, (long long)start, (long long)(start + p->w), p->name, score,
			h->strand ? '-' : '+', h->score * unit, h->pvalue);
		if (n < 0) {
			mf_error("cannot format a match of motif '%s'", p->name);
			return -1;
		}
		size_t need = (size_t)n + (size_t)p->w + 2;
		if (need <= room) {
			char *m = k->text + k->len + n;
			memcpy(m, s->seq + h->pos, (size_t)p->w);
			if (h->strand)
				mf_revcomp(m, (size_t)p->w);
			m[p->w] = '\n', m[p->w + 1] = '\0';
			k->len += need - 1;
			return 0;
		}
		if (grow((void **)&k->text, &k->cap, k->len + need + 4096, 1) < 0)
			return -1;
	}
}

static int keep_row_hit(block_t *k, const mf_hit_t *h)
{
	if (grow((void **)&k->hit, &k->cap_hit, k->n_row + 1, sizeof *k->hit) < 0 ||
			grow((void **)&k->end, &k->cap_end, k->n_row + 1, sizeof *k->end) < 0)
		return -1;
	k->hit[k->n_row] = *h, k->end[k->n_row] = k->len;
	return 0;
}

/* The rows of hits in [lo, hi), merged over the motifs. */
static int format_block(const mf_chunk_writer_t *w, const mf_chunk_t *c, block_t *k,
		cut_t lo, cut_t hi)
{
	k->len = 0, k->n_row = 0;
	if (!k->text && grow((void **)&k->text, &k->cap, 4096, 1) < 0)
		return -1;
	k->text[0] = '\0';
	int n = 0;
	for (int m = 0; m < w->n_pwm; ++m) {
		const mf_chits_t *o = &c->out[m];
		if (o->n == 0)
			continue;
		size_t a = lower_bound(o, lo), b = lower_bound(o, hi);
		if (a < b)
			k->heap[n++] = (cursor_t){a, b, m};
	}
	for (int i = n / 2; i-- > 0;)
		sift_down(c, k->heap, n, i);
	while (n > 0) {
		cursor_t *top = &k->heap[0];
		const mf_chit_t *x = &c->out[top->m].a[top->k];
		mf_hit_t h = {x->pos, top->m, x->strand, x->score, x->pvalue, NAN};
		if (format_row(w, k, c->rec[x->rec], &h) < 0)
			return -1;
		if (w->o->qvalues && keep_row_hit(k, &h) < 0)
			return -1;
		k->n_row += 1;
		if (++top->k == top->end)
			k->heap[0] = k->heap[--n];
		sift_down(c, k->heap, n, 0);
	}
	return 0;
}

/* ---- the chunk ------------------------------------------------------------------------- */

/* --qvalue: the block's rows kept (without their '\n') until every test is counted. */
static int keep_block(mf_chunk_writer_t *w, const block_t *k)
{
	if (grow((void **)&w->keep, &w->cap_keep, w->n_keep + k->n_row, sizeof *w->keep) < 0)
		return -1;
	for (size_t i = 0; i < k->n_row; ++i) {
		size_t from = i ? k->end[i - 1] : 0, len = k->end[i] - from - 1;
		char *t = malloc(len + 1);
		if (!t) {
			mf_error("out of memory keeping matches for q-values");
			return -1;
		}
		memcpy(t, k->text + from, len), t[len] = '\0';
		w->keep[w->n_keep++] = (row_t){k->hit[i], t};
	}
	return 0;
}

int mf_chunk_write(mf_chunk_writer_t *w, mf_chunk_t *c, int threads, mf_scan_stats_t *st)
{
	size_t hits = 0;
	for (int m = 0; m < w->n_pwm; ++m)
		hits += c->out[m].n;
	threads = threads < 1 ? 1 : threads > w->threads ? w->threads : threads;
	size_t n_cut = hits / (w->o->rows_per_block ? w->o->rows_per_block : ROWS_PER_BLOCK) + 1;
	int rc = 0;
	for (size_t b0 = 0; rc == 0 && hits && b0 < n_cut; b0 += (size_t)w->n_block) {
		int nr = n_cut - b0 < (size_t)w->n_block ? (int)(n_cut - b0) : w->n_block, failed = 0;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (nr > 1) \
	reduction(|| : failed)
#endif
		for (int i = 0; i < nr; ++i)
			if (!failed && format_block(w, c, &w->block[i], cut_key(c, b0 + (size_t)i, n_cut),
					cut_key(c, b0 + (size_t)i + 1, n_cut)) < 0)
				failed = 1;
		for (int i = 0; !failed && i < nr; ++i) {
			const block_t *k = &w->block[i];
			if (w->o->qvalues ? keep_block(w, k) < 0 : mf_out_write(w->out, k->text, k->len) < 0)
				failed = 1;
		}
		rc = failed ? -1 : 0;
	}
	for (size_t j = 0; j < c->n_piece; ++j)
		if (c->piece[j].last)
			++st->n_seq, st->n_bases += (int64_t)c->rec[c->piece[j].rec]->len;
	st->n_hits += (int64_t)hits;
	for (int m = 0; m < w->n_pwm; ++m) { /* the chunk's buffers go back to a small size */
		if (c->out[m].cap > 4096) {
			free(c->out[m].a);
			c->out[m] = (mf_chits_t){0};
		}
		c->out[m].n = 0;
	}
	return rc;
}

int mf_chunk_writer_finish(mf_chunk_writer_t *w, const int64_t *tested)
{
	if (!w->o->qvalues)
		return 0;
	mf_hit_t **ptr = malloc((w->n_keep ? w->n_keep : 1) * sizeof *ptr);
	if (!ptr) {
		mf_error("out of memory computing q-values");
		return -1;
	}
	for (int m = 0; m < w->n_pwm; ++m) {
		size_t n = 0;
		for (size_t i = 0; i < w->n_keep; ++i)
			if (w->keep[i].h.motif == m)
				ptr[n++] = &w->keep[i].h;
		mf_hits_bh(ptr, n, tested[m]);
	}
	free(ptr);
	for (size_t i = 0; i < w->n_keep; ++i) {
		const char *t = w->keep[i].text, *tab = strrchr(t, '\t');
		if (mf_out_printf(w->out, "%.*s\t%.3g%s\n", (int)(tab - t), t, w->keep[i].h.qvalue,
				tab) < 0)
			return -1;
	}
	return 0;
}
