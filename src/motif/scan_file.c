/* scan_file.c: the streaming side of the scan room (motiflift scan).
 *
 * Records are read in chunks (up to CHUNK_BASES_MAX bases; records longer than that are
 * cut into pieces that overlap by the widest motif). A chunk is encoded once (2-bit codes
 * and 8-mer codes, shared by every motif), then each motif scans the whole chunk as one
 * task: its tables are built once per chunk (its thresholds once per run, kept within a
 * budget) and used over millions of windows, so they stay in cache. Tasks run in
 * parallel; each keeps its hits in its own
 * buffer, and the buffers are merged in a fixed order (record, start, motif, strand),
 * written and freed before the next chunk, so the output is the same for any number of
 * threads and memory is bounded by the chunk. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/log.h"
#include "base/progress.h"
#include "io/seqio.h"
#include "io/writer.h"
#include "motif/scan.h"
#include "motif/scan_internal.h"
#include "motif/scan_pick.h"

#define CHUNK_BASES_MAX ((size_t)8 << 20)
#define CHUNK_BASES_MIN ((size_t)64 << 10)
/* expected matches per chunk: sizes the chunk so the hit buffers stay near 50 MB */
#define HIT_BUDGET ((double)(1 << 20))
/* a thread's threshold scratch kept from one motif to the next */
#define SCRATCH_KEEP ((size_t)4 << 20)
/* thresholds kept from one chunk to the next (a motif past it is prepared again) */
#define KEPT_BUDGET ((size_t)16 << 20)

typedef struct {        /* windows [from, to) of record rec, at codes position at */
	int rec;
	size_t from, to;
	int64_t at;
	int last;           /* the record ends in this piece */
} piece_t;

typedef struct {        /* a hit placed in a chunk's record (its motif is its list's) */
	int64_t pos;
	double score, pvalue;
	int32_t rec, strand;
} chit_t;

typedef struct {
	chit_t *a;
	size_t n, cap;
} chits_t;

typedef struct {
	mf_seq_t *rec;
	int n, cap;
	int pending;        /* rec[n-1] continues in the next chunk from next_from */
	size_t next_from;
	piece_t *piece;
	size_t n_piece, cap_piece;
	mf_codes_t codes;
	size_t bases;
	chits_t *out;       /* [n_pwm] each motif's hits in this chunk */
} chunk_t;

typedef struct {        /* one thread's scratch */
	mf_prep_t prep;
	mf_thr_scratch_t *sc;
	mf_hits_t hits;
} worker_t;

typedef struct {
	const mf_scanfile_opt_t *o;
	mf_pwm_t *const *pwm;
	int n_pwm, wmax;
	size_t chunk_bases, chunk_records;
	mf_hits_t *carry;    /* --top: each motif's hits of a record continued across chunks */
	int64_t *tested, *approx;
	char *inexact;       /* motifs whose band was decided on rounded scores */
	mf_thr_t (*kept)[2]; /* each motif's thresholds after its first chunk */
	char *has_kept;
	size_t kept_bytes;   /* their band scores, within KEPT_BUDGET */
} run_ctx_t;

static int grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (mf_scan_grow(p, cap, n, size) < 0) {
		mf_error("out of memory");
		return -1;
	}
	return 0;
}

/* ---- reading a chunk ------------------------------------------------------------------- */

static int add_piece(chunk_t *c, int rec, size_t from, size_t to, int last, int wmax)
{
	const mf_seq_t *s = &c->rec[rec];
	size_t end = to + (size_t)wmax - 1 < s->len ? to + (size_t)wmax - 1 : s->len;
	if (grow((void **)&c->piece, &c->cap_piece, c->n_piece + 1, sizeof *c->piece) < 0)
		return -1;
	int64_t at = mf_codes_append(&c->codes, s->seq + from, end - from, to - from);
	if (at < 0)
		return -1;
	c->piece[c->n_piece++] = (piece_t){rec, from, to, at, last};
	return 0;
}

static int next_record(chunk_t *c, mf_seqreader_t *r)
{
	if (c->n == c->cap) {
		int cap = c->cap ? 2 * c->cap : 256;
		mf_seq_t *a = realloc(c->rec, (size_t)cap * sizeof *a);
		if (!a) {
			mf_error("out of memory");
			return -1;
		}
		for (int i = c->cap; i < cap; ++i)
			mf_seq_init(&a[i]);
		c->rec = a, c->cap = cap;
	}
	int ret = mf_seqreader_read(r, &c->rec[c->n]);
	if (ret == 1)
		++c->n;
	return ret;
}

/* Fills c with the next records (and the rest of a record cut by the last chunk); returns
 * the number of pieces, 0 at the end, -1 on error. */
static int read_chunk(chunk_t *c, mf_seqreader_t *r, const run_ctx_t *x)
{
	if (c->pending) { /* the cut record goes first */
		mf_seq_t t = c->rec[0];
		c->rec[0] = c->rec[c->n - 1], c->rec[c->n - 1] = t;
		c->n = 1;
	} else {
		c->n = 0;
	}
	c->n_piece = 0, c->bases = 0;
	mf_codes_reset(&c->codes);
	while (c->bases < x->chunk_bases && (size_t)c->n_piece < x->chunk_records) {
		size_t from = 0;
		if (c->pending) {
			from = c->next_from, c->pending = 0;
		} else {
			int ret = next_record(c, r);
			if (ret < 0)
				return -1;
			if (ret == 0)
				break;
		}
		int rec = c->n - 1;
		size_t len = c->rec[rec].len, take = len - from, room = x->chunk_bases - c->bases;
		if (take > room)
			take = room;
		int last = from + take >= len;
		if (add_piece(c, rec, from, from + take, last, x->wmax) < 0)
			return -1;
		c->bases += take;
		if (!last)
			c->pending = 1, c->next_from = from + take;
	}
	return mf_codes_finish(&c->codes) < 0 ? -1 : (int)c->n_piece;
}

/* ---- one motif over the chunk ---------------------------------------------------------- */

static int push_chit(chits_t *o, int rec, const mf_hit_t *h)
{
	if (grow((void **)&o->a, &o->cap, o->n + 1, sizeof *o->a) < 0)
		return -1;
	o->a[o->n++] = (chit_t){h->pos, h->score, h->pvalue, rec, h->strand};
	return 0;
}

/* The kernel's hits (codes positions, in order) placed in their pieces and records. */
static int place_hits(const chunk_t *c, const mf_hits_t *h, chits_t *out)
{
	size_t j = 0;
	for (size_t k = 0; k < h->n; ++k) {
		int64_t pos = h->a[k].pos;
		while (j + 1 < c->n_piece && c->piece[j + 1].at <= pos)
			++j;
		const piece_t *pc = &c->piece[j];
		mf_hit_t x = h->a[k];
		x.pos = (int64_t)pc->from + (pos - pc->at);
		if (push_chit(out, pc->rec, &x) < 0)
			return -1;
	}
	return 0;
}

/* --top: each record's K best, the scan of a long record carried across chunks. */
static int scan_top(const run_ctx_t *x, worker_t *wk, const chunk_t *c, int m, chits_t *out,
		int64_t *approx)
{
	const mf_pwm_t *p = x->pwm[m];
	const mf_scan_opt_t *o = &x->o->scan;
	/* the greedy pick needs every passing window of the record: no running top-k */
	mf_scan_opt_t every = *o;
	every.top = 0;
	const mf_scan_opt_t *ko = x->o->greedy ? &every : o;
	mf_hits_t *h = &x->carry[m];
	for (size_t j = 0; j < c->n_piece; ++j) {
		const piece_t *pc = &c->piece[j];
		if (pc->from == 0)
			h->n = 0;
		size_t first_new = h->n;
		int64_t shift = (int64_t)pc->from - pc->at;
		mf_prep_reset(p, &wk->prep); /* a raise was for another record */
		if (mf_scan_kernel(p, &wk->prep, m, &c->codes, (size_t)pc->at,
				(size_t)pc->at + (pc->to - pc->from), shift, 0, ko, h, approx) < 0 ||
				mf_hits_fill_pvalues(p, &wk->prep, &c->codes, h, first_new, shift, wk->sc) < 0)
			return -1;
		if (!pc->last)
			continue;
		if (x->o->greedy) {
			size_t len = c->rec[pc->rec].len, w = (size_t)p->w;
			if (mf_hits_pick_greedy(h, 0, p->w, len >= w ? (int64_t)(len - w + 1) : 0, o->top) < 0)
				return -1;
		} else {
			mf_hits_top(h, 0, p->w, o);
		}
		mf_hits_sort_pos(h, 0);
		for (size_t k = 0; k < h->n; ++k)
			if (push_chit(out, pc->rec, &h->a[k]) < 0)
				return -1;
		h->n = 0;
	}
	return 0;
}

/* Thresholds are made once per motif: kept for the next chunks while memory allows. */
static int keep_thresholds(run_ctx_t *x, worker_t *wk, int m)
{
	if (x->has_kept[m])
		return 0;
	size_t bytes = 0;
	for (int s = 0; s < 2; ++s)
		bytes += wk->prep.thr[s].nb * (sizeof(int64_t) + sizeof(double));
	size_t total;
#ifdef _OPENMP
#pragma omp atomic capture
#endif
	total = x->kept_bytes += bytes;
	if (total > KEPT_BUDGET)
		return 0;
	for (int s = 0; s < 2; ++s)
		if (mf_thr_keep(&x->kept[m][s], &wk->prep.thr[s]) < 0)
			return -1;
	x->has_kept[m] = 1;
	return 0;
}

static int scan_motif(run_ctx_t *x, worker_t *wk, const chunk_t *c, int m)
{
	const mf_pwm_t *p = x->pwm[m];
	const mf_scan_opt_t *o = &x->o->scan;
	chits_t *out = &c->out[m];
	int64_t approx = 0;
	out->n = 0;
	if (mf_prep_build(p, o, x->has_kept[m] ? x->kept[m] : NULL, &wk->prep, wk->sc) < 0 ||
			keep_thresholds(x, wk, m) < 0)
		return -1;
	mf_thr_scratch_trim(wk->sc, SCRATCH_KEEP);
	for (int s = 0; s < wk->prep.strands; ++s)
		if (!wk->prep.thr[s == 1 && p->sym ? 0 : s].exact && o->exact && o->pvalue < 1)
			x->inexact[m] = 1;
	int rc;
	if (o->top > 0) {
		rc = scan_top(x, wk, c, m, out, &approx);
	} else {
		wk->hits.n = 0;
		rc = mf_scan_kernel(p, &wk->prep, m, &c->codes, 0, c->codes.n, 0, 0, o, &wk->hits,
			&approx);
		if (rc == 0)
			rc = mf_hits_fill_pvalues(p, &wk->prep, &c->codes, &wk->hits, 0, 0, wk->sc);
		if (rc == 0)
			rc = place_hits(c, &wk->hits, out);
	}
	x->tested[m] += (o->strands == 1 ? 1 : 2) * mf_codes_windows(&c->codes, 0, c->codes.n, p->w);
	x->approx[m] += approx;
	return rc;
}

static int thread_id(void)
{
#ifdef _OPENMP
	return omp_get_thread_num();
#else
	return 0;
#endif
}

/* Every motif over the chunk, in parallel; progress counts bases times motifs done. */
static int scan_chunk(run_ctx_t *x, worker_t *wk, chunk_t *c, mf_progress_t *pg,
		uint64_t done_before)
{
	int failed = 0, n_done = 0, n = x->n_pwm;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(x->o->threads) reduction(|| : failed)
#endif
	for (int m = 0; m < n; ++m) {
		int tid = thread_id();
		if (!failed && scan_motif(x, &wk[tid], c, m) < 0)
			failed = 1;
		int d;
#ifdef _OPENMP
#pragma omp atomic capture
#endif
		d = ++n_done;
		if (tid == 0) /* progress is drawn by one thread only */
			mf_progress_update(pg, done_before + (uint64_t)((double)c->bases * d / n));
	}
	return failed ? -1 : 0;
}

/* ---- writing -------------------------------------------------------------------------- */

typedef struct { /* a row kept for q-values: the hit, its text and its match */
	mf_hit_t h;
	char *text;
} row_t;

typedef struct {
	row_t *a;
	size_t n, cap;
} rows_t;

/* "chrom\tstart\tend\tmotif\tscore\tstrand\tlogodds\tpvalue" of h into *buf. */
static int row_text(const mf_seq_t *s, const mf_hit_t *h, const mf_pwm_t *p, double unit,
		char **buf, size_t *cap)
{
	int64_t start = (s->chrom ? s->start : 0) + h->pos;
	int score = h->pvalue > 0 ? (int)fmin(1000, floor(-100 * log10(h->pvalue))) : 1000;
	const char *name = s->chrom ? s->chrom : s->name;
	for (;;) {
		int n = snprintf(*buf, *cap, "%s\t%lld\t%lld\t%s\t%d\t%c\t%.3f\t%.3g", name,
			(long long)start, (long long)(start + p->w), p->name, score, h->strand ? '-' : '+',
			h->score * unit, h->pvalue);
		if (n < 0)
			return -1;
		if ((size_t)n < *cap)
			return 0;
		if (grow((void **)buf, cap, (size_t)n + 1 + (size_t)p->w + 32, 1) < 0)
			return -1;
	}
}

/* The matched sequence as read on the motif's strand, appended to buf after a tab. */
static int row_match(const mf_seq_t *s, const mf_hit_t *h, int w, char **buf, size_t *cap)
{
	size_t n = strlen(*buf);
	if (grow((void **)buf, cap, n + (size_t)w + 2, 1) < 0)
		return -1;
	(*buf)[n] = '\t';
	memcpy(*buf + n + 1, s->seq + h->pos, (size_t)w);
	(*buf)[n + 1 + (size_t)w] = '\0';
	if (h->strand)
		mf_revcomp(*buf + n + 1, (size_t)w);
	return 0;
}

typedef struct { /* the merge's cursor into one motif's hits */
	size_t k;
	int m;
} cursor_t;

static int cursor_less(const chunk_t *c, const cursor_t *a, const cursor_t *b)
{
	const chit_t *x = &c->out[a->m].a[a->k], *y = &c->out[b->m].a[b->k];
	if (x->rec != y->rec)
		return x->rec < y->rec;
	if (x->pos != y->pos)
		return x->pos < y->pos;
	if (a->m != b->m)
		return a->m < b->m;
	return x->strand < y->strand;
}

static void sift_down(const chunk_t *c, cursor_t *heap, int n, int i)
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

typedef struct {
	mf_out_t *out;
	rows_t keep;       /* --qvalue: every row until the end */
	char *buf;
	size_t cap;
	cursor_t *heap;
} writer_t;

static int emit_hit(const run_ctx_t *x, writer_t *wr, const mf_seq_t *s, const mf_hit_t *h)
{
	const mf_pwm_t *p = x->pwm[h->motif];
	if (row_text(s, h, p, x->o->nats ? M_LN2 : 1, &wr->buf, &wr->cap) < 0 || row_match(s, h, p->w, &wr->buf, &wr->cap) < 0) {
		mf_error("out of memory");
		return -1;
	}
	if (!x->o->qvalues)
		return mf_out_printf(wr->out, "%s\n", wr->buf);
	if (grow((void **)&wr->keep.a, &wr->keep.cap, wr->keep.n + 1, sizeof *wr->keep.a) < 0)
		return -1;
	row_t *r = &wr->keep.a[wr->keep.n];
	if (!(r->text = strdup(wr->buf))) {
		mf_error("out of memory keeping matches for q-values");
		return -1;
	}
	r->h = *h, ++wr->keep.n;
	return 0;
}

/* Rows of the chunk in the output order: record, start, motif, strand (a heap over the
 * motifs' hit lists, each already in that order). */
static int write_chunk(const run_ctx_t *x, writer_t *wr, chunk_t *c, mf_scan_stats_t *st)
{
	int n = 0;
	for (int m = 0; m < x->n_pwm; ++m)
		if (c->out[m].n)
			wr->heap[n++] = (cursor_t){0, m};
	for (int i = n / 2; i-- > 0;)
		sift_down(c, wr->heap, n, i);
	int64_t hits = 0;
	while (n > 0) {
		cursor_t *top = &wr->heap[0];
		const chit_t *h = &c->out[top->m].a[top->k];
		mf_hit_t hit = {h->pos, top->m, h->strand, h->score, h->pvalue, NAN};
		if (emit_hit(x, wr, &c->rec[h->rec], &hit) < 0)
			return -1;
		++hits;
		if (++top->k == c->out[top->m].n)
			wr->heap[0] = wr->heap[--n];
		sift_down(c, wr->heap, n, 0);
	}
	for (size_t j = 0; j < c->n_piece; ++j)
		if (c->piece[j].last)
			++st->n_seq, st->n_bases += (int64_t)c->rec[c->piece[j].rec].len;
	st->n_hits += hits;
	for (int m = 0; m < x->n_pwm; ++m) { /* the chunk's buffers go back to a small size */
		if (c->out[m].cap > 4096) {
			free(c->out[m].a);
			c->out[m] = (chits_t){0};
		}
		c->out[m].n = 0;
	}
	return 0;
}

/* q-values per motif over all its tested windows, then every kept row in order. */
static int write_with_q(writer_t *wr, int n_pwm, const int64_t *tested)
{
	rows_t *keep = &wr->keep;
	mf_hit_t **ptr = malloc((keep->n ? keep->n : 1) * sizeof *ptr);
	if (!ptr) {
		mf_error("out of memory computing q-values");
		return -1;
	}
	for (int m = 0; m < n_pwm; ++m) {
		size_t n = 0;
		for (size_t i = 0; i < keep->n; ++i)
			if (keep->a[i].h.motif == m)
				ptr[n++] = &keep->a[i].h;
		mf_hits_bh(ptr, n, tested[m]);
	}
	free(ptr);
	for (size_t i = 0; i < keep->n; ++i) {
		const char *t = keep->a[i].text, *tab = strrchr(t, '\t');
		if (mf_out_printf(wr->out, "%.*s\t%.3g%s\n", (int)(tab - t), t, keep->a[i].h.qvalue,
				tab) < 0)
			return -1;
	}
	return 0;
}

/* ---- the run ------------------------------------------------------------------------- */

/* Bases per chunk: enough that each motif's tables serve many windows, few enough that
 * the expected matches of the chunk (2 per window per motif times P) stay in budget. */
static void chunk_size(run_ctx_t *x)
{
	const mf_scan_opt_t *o = &x->o->scan;
	double per_base = 2.0 * x->n_pwm * (o->pvalue < 1 ? o->pvalue * 1.1 : 1);
	double b = o->top > 0 ? (double)CHUNK_BASES_MAX : HIT_BUDGET / per_base;
	x->chunk_bases = b > (double)CHUNK_BASES_MAX ? CHUNK_BASES_MAX :
		b < (double)CHUNK_BASES_MIN ? CHUNK_BASES_MIN : (size_t)b;
	if (x->o->chunk_bases)
		x->chunk_bases = x->o->chunk_bases;
	/* --top keeps K per record and motif */
	double recs = o->top > 0 ? HIT_BUDGET / ((double)x->n_pwm * o->top) : 1e9;
	x->chunk_records = recs < 16 ? 16 : recs > 1e9 ? (size_t)1e9 : (size_t)recs;
}

static void free_run(run_ctx_t *x, chunk_t *c, worker_t *wk, int n_wk, writer_t *wr)
{
	for (int i = 0; c && i < c->cap; ++i)
		mf_seq_free(&c->rec[i]);
	if (c) {
		free(c->rec), free(c->piece);
		mf_codes_free(&c->codes);
		for (int m = 0; c->out && m < x->n_pwm; ++m)
			free(c->out[m].a);
		free(c->out);
		free(c);
	}
	for (int i = 0; wk && i < n_wk; ++i) {
		mf_prep_free(&wk[i].prep);
		mf_thr_scratch_destroy(wk[i].sc);
		mf_hits_free(&wk[i].hits);
	}
	free(wk);
	for (int m = 0; x->carry && m < x->n_pwm; ++m)
		mf_hits_free(&x->carry[m]);
	for (int m = 0; x->kept && m < x->n_pwm; ++m)
		mf_thr_free(&x->kept[m][0]), mf_thr_free(&x->kept[m][1]);
	free(x->carry), free(x->tested), free(x->approx), free(x->inexact);
	free(x->kept), free(x->has_kept);
	for (size_t i = 0; i < wr->keep.n; ++i)
		free(wr->keep.a[i].text);
	free(wr->keep.a), free(wr->buf), free(wr->heap);
}

static double wall_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int mf_scan_file(mf_seqreader_t *r, mf_pwm_t *const *pwm, int n_pwm, const char *out_path,
		const mf_scanfile_opt_t *o, mf_scan_stats_t *stats)
{
	int rc = -1, got, n_wk = o->threads > 0 ? o->threads : 1;
	double t0 = wall_seconds();
	run_ctx_t x = {.o = o, .pwm = pwm, .n_pwm = n_pwm};
	writer_t wr = {0};
	mf_scan_stats_t own = {0}, *st = stats ? stats : &own;
	chunk_t *c = calloc(1, sizeof *c);
	worker_t *wk = calloc((size_t)n_wk, sizeof *wk);
	x.carry = calloc((size_t)n_pwm + 1, sizeof *x.carry);
	x.tested = calloc((size_t)n_pwm + 1, sizeof *x.tested);
	x.approx = calloc((size_t)n_pwm + 1, sizeof *x.approx);
	x.inexact = calloc((size_t)n_pwm + 1, 1);
	x.kept = calloc((size_t)n_pwm + 1, sizeof *x.kept);
	x.has_kept = calloc((size_t)n_pwm + 1, 1);
	wr.heap = malloc(((size_t)n_pwm + 1) * sizeof *wr.heap);
	if (c)
		c->out = calloc((size_t)n_pwm + 1, sizeof *c->out);
	int ok = c && c->out && wk && x.carry && x.tested && x.approx && x.inexact && wr.heap &&
		x.kept && x.has_kept;
	for (int i = 0; ok && i < n_wk; ++i)
		ok = (wk[i].sc = mf_thr_scratch_create()) != NULL;
	mf_progress_t *pg = NULL;
	if (!ok) {
		mf_error("out of memory");
		goto done;
	}
	for (int m = 0; m < n_pwm; ++m)
		x.wmax = pwm[m]->w > x.wmax ? pwm[m]->w : x.wmax;
	chunk_size(&x);
	if (!(wr.out = mf_out_open(out_path)) || (o->header && mf_out_puts(wr.out, o->header) < 0))
		goto done;
	pg = mf_progress_start("scan", "bases", o->total_bases);
	uint64_t done_bases = 0;
	while ((got = read_chunk(c, r, &x)) > 0) {
		if (scan_chunk(&x, wk, c, pg, done_bases) < 0 || write_chunk(&x, &wr, c, st) < 0)
			goto done;
		done_bases += c->bases;
		mf_progress_update(pg, done_bases);
	}
	if (got < 0 || (o->qvalues && write_with_q(&wr, n_pwm, x.tested) < 0))
		goto done;
	rc = mf_out_close(wr.out);
	wr.out = NULL;
done:
	mf_progress_finish(pg);
	mf_out_abort(wr.out);
	for (int m = 0; m < n_pwm && x.tested; ++m) {
		if (st->n_tested)
			st->n_tested[m] += x.tested[m];
		st->n_approx += x.approx[m], st->n_inexact += x.inexact[m];
	}
	st->n_motifs = n_pwm, st->seconds = wall_seconds() - t0;
	free_run(&x, c, wk, n_wk, &wr);
	return rc;
}

/* ---- --list --------------------------------------------------------------------------- */

/* The log-odds (bits) strand s needs for p-value <= P: exact (the smallest attainable
 * exact score passing) or rounded (the band too large to list); INFINITY when none. */
static double threshold_bits(const mf_pwm_t *p, int s, const mf_thr_t *t)
{
	if (t->every)
		return -INFINITY;
	if (!t->exact)
		return t->cut > p->smax[s] ? INFINITY : (double)t->cut / p->scale;
	if (t->nb == 0 || t->fix > t->bf[0])
		return INFINITY; /* no listed score passes: none reaches P */
	return ldexp((double)t->fix, -p->fbits);
}

int mf_scan_list(mf_pwm_t *const *pwm, int n_pwm, const mf_scan_opt_t *o, int threads,
		const char *out_path)
{
	int n_wk = threads > 0 ? threads : 1, failed = 0;
	double (*th)[2] = calloc((size_t)n_pwm + 1, sizeof *th);
	char *exact = calloc((size_t)n_pwm + 1, 1);
	worker_t *wk = calloc((size_t)n_wk, sizeof *wk);
	for (int i = 0; wk && i < n_wk; ++i)
		failed |= !(wk[i].sc = mf_thr_scratch_create());
	if (!th || !exact || !wk || failed) {
		mf_error("out of memory");
		failed = 1;
		goto done;
	}
	mf_scan_opt_t lo = *o;
	lo.min_score = -INFINITY, lo.top = 0;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_wk) reduction(|| : failed)
#endif
	for (int m = 0; m < n_pwm; ++m) {
		int tid = thread_id();
		if (failed || mf_prep_build(pwm[m], &lo, NULL, &wk[tid].prep, wk[tid].sc) < 0) {
			failed = 1;
			continue;
		}
		exact[m] = 1;
		for (int s = 0; s < wk[tid].prep.strands; ++s) {
			const mf_thr_t *t = &wk[tid].prep.thr[s == 1 && pwm[m]->sym ? 0 : s];
			th[m][s] = threshold_bits(pwm[m], s, t);
			exact[m] &= t->exact;
		}
	}
	if (failed)
		goto done;
	mf_out_t *out = mf_out_open(out_path);
	int rc = out ? mf_out_printf(out, "#motif\twidth\tmax_logodds\tthreshold\t"
		"threshold_minus\texact\n") : -1;
	for (int m = 0; rc >= 0 && m < n_pwm; ++m) {
		const mf_pwm_t *p = pwm[m];
		char t0[32], t1[32];
		for (int s = 0; s < 2; ++s) {
			char *b = s ? t1 : t0;
			double v = th[m][s];
			if (s >= (o->strands == 1 ? 1 : 2) || v == INFINITY)
				snprintf(b, 32, "NA");
			else
				snprintf(b, 32, "%.3f", v == -INFINITY ? (double)p->smin[s] / p->scale : v);
		}
		int64_t best = 0; /* the best word's exact score */
		for (int i = 0; i < p->w; ++i) {
			int64_t b = p->fix[0][i * 4];
			for (int c = 1; c < 4; ++c)
				b = p->fix[0][i * 4 + c] > b ? p->fix[0][i * 4 + c] : b;
			best += b;
		}
		rc = mf_out_printf(out, "%s\t%d\t%.3f\t%s\t%s\t%s\n", p->name, p->w,
			ldexp((double)best, -p->fbits), t0, t1, exact[m] ? "yes" : "no");
	}
	if (rc < 0 || mf_out_close(out) < 0) {
		if (rc < 0)
			mf_out_abort(out);
		failed = 1;
	}
done:
	for (int i = 0; wk && i < n_wk; ++i)
		mf_prep_free(&wk[i].prep), mf_thr_scratch_destroy(wk[i].sc);
	free(wk), free(th), free(exact);
	return failed ? -1 : 0;
}
