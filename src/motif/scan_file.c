/* scan_file.c: the streaming side of the scan room (motiflift scan).
 *
 * Records are read in chunks (up to CHUNK_BASES_MAX bases, fewer with a few motifs, so the
 * chunk's codes stay in cache; records longer than that are cut into pieces that overlap
 * by the widest motif). A chunk is encoded once (2-bit codes and 8-mer codes, shared by
 * every motif; scan_codes.c), in stretches shared by the threads, then each motif scans
 * the whole chunk as one task: its tables are built once per chunk (its thresholds once
 * per run, kept within a budget) and used over millions of windows, so they stay in
 * cache. Tasks run in parallel; each keeps its hits in its own buffer, and the buffers are
 * merged in a fixed order (record, start, motif, strand) and formatted in parallel
 * (scan_write.c), written and freed before the next chunk, so the output is the same for
 * any number of threads and memory is bounded by the chunk. When reading is a large part
 * of the work (a few motifs over a genome), a thread of its own reads ahead
 * (scan_ahead.c). */
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
#include "motif/scan_chunk.h"
#include "motif/scan_pick.h"

#define CHUNK_BASES_MAX ((size_t)8 << 20)
#define CHUNK_BASES_MIN ((size_t)64 << 10)
#define CHUNK_BASES_PER_MOTIF ((size_t)512 << 10)
/* expected matches per chunk: sizes the chunk so the hit buffers stay near 50 MB */
#define HIT_BUDGET ((double)(1 << 20))
/* a thread's threshold scratch kept from one motif to the next */
#define SCRATCH_KEEP ((size_t)4 << 20)
/* thresholds kept from one chunk to the next (a motif past it is prepared again) */
#define KEPT_BUDGET ((size_t)16 << 20)
/* records held by a reader thread that is worth its core */
#define READ_HOLD_MAX ((size_t)64 << 20)
/* bases encoded per task */
#define ENCODE_STEP ((size_t)128 << 10)

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

static int add_piece(mf_chunk_t *c, int rec, size_t from, size_t to, int last)
{
	if (grow((void **)&c->piece, &c->cap_piece, c->n_piece + 1, sizeof *c->piece) < 0)
		return -1;
	c->piece[c->n_piece++] = (mf_piece_t){rec, from, to, -1, last, to};
	return 0;
}

static int add_record(mf_chunk_t *c, mf_seq_t *s)
{
	if (c->n == c->cap) {
		int cap = c->cap ? 2 * c->cap : 256;
		mf_seq_t **a = realloc(c->rec, (size_t)cap * sizeof *a);
		if (!a) {
			mf_error("out of memory");
			return -1;
		}
		c->rec = a, c->cap = cap;
	}
	c->rec[c->n++] = s;
	return 0;
}

/* Fills c with the next records (the rest of its last record first if that was cut);
 * returns the number of pieces, 0 at the end, -1 on error. */
static int read_chunk(mf_chunk_t *c, mf_ahead_t *ahead, const run_ctx_t *x)
{
	mf_seq_t *cut = c->pending ? c->rec[c->n - 1] : NULL;
	c->n = 0, c->n_piece = 0, c->bases = 0, c->pending = 0;
	if (cut && add_record(c, cut) < 0)
		return -1;
	while (c->bases < x->chunk_bases && (size_t)c->n_piece < x->chunk_records) {
		size_t from = 0;
		if (cut) {
			from = c->next_from, cut = NULL;
		} else {
			mf_seq_t *s;
			int ret = mf_ahead_next(ahead, &s);
			if (ret < 0 || (ret == 1 && add_record(c, s) < 0))
				return -1;
			if (ret == 0)
				break;
		}
		int rec = c->n - 1;
		size_t len = c->rec[rec]->len, take = len - from, room = x->chunk_bases - c->bases;
		if (take > room)
			take = room;
		int last = from + take >= len;
		if (add_piece(c, rec, from, from + take, last) < 0)
			return -1;
		c->bases += take;
		if (!last)
			c->pending = 1, c->next_from = from + take;
	}
	return (int)c->n_piece;
}

/* The chunk's pieces encoded once for every motif (each overlaps the next by the widest
 * motif, so windows across a cut are scanned), in stretches of ENCODE_STEP shared by the
 * threads: with a few motifs the encoding is a large part of the scan. 0 or -1 (logged). */
static int encode_chunk(mf_chunk_t *c, int wmax, int threads)
{
	mf_codes_t *k = &c->codes;
	mf_codes_reset(k);
	size_t n_task = 0;
	for (size_t j = 0; j < c->n_piece; ++j) {
		mf_piece_t *p = &c->piece[j];
		const mf_seq_t *s = c->rec[p->rec];
		p->end = p->to + (size_t)wmax - 1 < s->len ? p->to + (size_t)wmax - 1 : s->len;
		if ((p->at = mf_codes_place(k, p->end - p->from, p->to - p->from)) < 0)
			return -1;
		n_task += (p->end - p->from) / ENCODE_STEP + 1;
	}
	if (grow((void **)&c->task, &c->cap_task, n_task, sizeof *c->task) < 0)
		return -1;
	n_task = 0;
	for (size_t j = 0; j < c->n_piece; ++j)
		for (size_t off = 0; off == 0 || off < c->piece[j].end - c->piece[j].from;
				off += ENCODE_STEP)
			c->task[n_task++] = (mf_encode_task_t){j, off};
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads) if (n_task > 1)
#endif
	for (size_t t = 0; t < n_task; ++t) {
		const mf_piece_t *p = &c->piece[c->task[t].piece];
		size_t len = p->end - p->from, off = c->task[t].off;
		size_t n = len - off < ENCODE_STEP ? len - off : ENCODE_STEP;
		mf_codes_fill(k, p->at, off, c->rec[p->rec]->seq + p->from + off, n, off + n == len);
	}
	if (mf_codes_seal(k) < 0)
		return -1;
	size_t end = mf_codes_qmer_end(k);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (end > ENCODE_STEP)
#endif
	for (size_t from = 0; from < end; from += ENCODE_STEP)
		mf_codes_qmers(k, from, end - from < ENCODE_STEP ? end : from + ENCODE_STEP);
	return 0;
}

/* ---- one motif over the chunk ---------------------------------------------------------- */

static int push_chit(mf_chits_t *o, int rec, const mf_hit_t *h)
{
	if (grow((void **)&o->a, &o->cap, o->n + 1, sizeof *o->a) < 0)
		return -1;
	o->a[o->n++] = (mf_chit_t){h->pos, h->score, h->pvalue, rec, h->strand};
	return 0;
}

/* The kernel's hits (codes positions, in order) placed in their pieces and records. */
static int place_hits(const mf_chunk_t *c, const mf_hits_t *h, mf_chits_t *out)
{
	size_t j = 0;
	for (size_t k = 0; k < h->n; ++k) {
		int64_t pos = h->a[k].pos;
		while (j + 1 < c->n_piece && c->piece[j + 1].at <= pos)
			++j;
		const mf_piece_t *pc = &c->piece[j];
		mf_hit_t x = h->a[k];
		x.pos = (int64_t)pc->from + (pos - pc->at);
		if (push_chit(out, pc->rec, &x) < 0)
			return -1;
	}
	return 0;
}

/* --top: each record's K best, the scan of a long record carried across chunks. */
static int scan_top(const run_ctx_t *x, worker_t *wk, const mf_chunk_t *c, int m, mf_chits_t *out,
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
		const mf_piece_t *pc = &c->piece[j];
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
			size_t len = c->rec[pc->rec]->len, w = (size_t)p->w;
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

static int scan_motif(run_ctx_t *x, worker_t *wk, const mf_chunk_t *c, int m)
{
	const mf_pwm_t *p = x->pwm[m];
	const mf_scan_opt_t *o = &x->o->scan;
	mf_chits_t *out = &c->out[m];
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

/* With a reader thread, whether the other threads should leave it a core: t - 1 threads
 * encoding and scanning beside the reader beat t threads that it pushes off their cores
 * now and then (they wait for each other at every step) when max(r, w / (t - 1)) <
 * r + w / t, from the seconds per base of reading (r, the reader's) and of the rest (w,
 * one thread's: wall seconds times threads, over the chunks since the first, which pays
 * for starting up). With a few motifs over a genome the reading is about half the work
 * (more from gzip); with a collection, almost nothing. */
typedef struct {
	double t_work;
	uint64_t n_work;
} probe_t;

static int leave_reader_a_core(probe_t *p, long round, double t_work, uint64_t n_work,
		double r, int t)
{
	if (round < 1 || t < 2 || r <= 0)
		return 0;
	p->t_work += t_work, p->n_work += n_work;
	double w = p->t_work / (double)p->n_work;
	return fmax(r, w / (t - 1)) < r + w / t;
}

/* The threads that encode, scan and write: all, or all but one left to the reader, which
 * may then hold the next records whole (a chromosome is read while the one before is
 * scanned); otherwise it holds a chunk's worth, as without it. */
static int team_beside_reader(mf_ahead_t *ahead, int n_wk, int leave_a_core, size_t chunk)
{
	mf_ahead_hold(ahead, leave_a_core ? READ_HOLD_MAX : chunk);
	return n_wk - leave_a_core;
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
static int scan_chunk(run_ctx_t *x, worker_t *wk, mf_chunk_t *c, int threads,
		mf_progress_t *pg, uint64_t done_before)
{
	int failed = 0, n_done = 0, n = x->n_pwm;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) reduction(|| : failed)
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

/* ---- the run ------------------------------------------------------------------------- */

/* Bases per chunk: enough that each motif's tables serve many windows, few enough that
 * the expected matches of the chunk (2 per window per motif times P) stay in budget. */
static void chunk_size(run_ctx_t *x)
{
	const mf_scan_opt_t *o = &x->o->scan;
	double per_base = 2.0 * x->n_pwm * (o->pvalue < 1 ? o->pvalue * 1.1 : 1);
	double b = o->top > 0 ? (double)CHUNK_BASES_MAX : HIT_BUDGET / per_base;
	/* a few motifs: small chunks, whose codes stay in cache between encoding and scans */
	b = fmin(b, (double)x->n_pwm * CHUNK_BASES_PER_MOTIF);
	x->chunk_bases = b > (double)CHUNK_BASES_MAX ? CHUNK_BASES_MAX :
		b < (double)CHUNK_BASES_MIN ? CHUNK_BASES_MIN : (size_t)b;
	if (x->o->chunk_bases)
		x->chunk_bases = x->o->chunk_bases;
	/* --top keeps K per record and motif */
	double recs = o->top > 0 ? HIT_BUDGET / ((double)x->n_pwm * o->top) : 1e9;
	x->chunk_records = recs < 16 ? 16 : recs > 1e9 ? (size_t)1e9 : (size_t)recs;
}

static mf_chunk_t *chunk_create(int n_pwm)
{
	mf_chunk_t *c = calloc(1, sizeof *c);
	if (c && !(c->out = calloc((size_t)n_pwm + 1, sizeof *c->out))) {
		free(c);
		return NULL;
	}
	return c;
}

static void chunk_destroy(mf_chunk_t *c, int n_pwm)
{
	if (!c)
		return;
	free(c->rec), free(c->piece), free(c->task);
	mf_codes_free(&c->codes);
	for (int m = 0; m < n_pwm; ++m)
		free(c->out[m].a);
	free(c->out);
	free(c);
}

static void free_run(run_ctx_t *x, mf_chunk_t *c, worker_t *wk, int n_wk)
{
	chunk_destroy(c, x->n_pwm);
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
	mf_out_t *out = NULL;
	mf_chunk_writer_t *wr = NULL;
	mf_scan_stats_t own = {0}, *st = stats ? stats : &own;
	mf_chunk_t *c = chunk_create(n_pwm);
	mf_ahead_t *ahead = NULL;
	worker_t *wk = calloc((size_t)n_wk, sizeof *wk);
	x.carry = calloc((size_t)n_pwm + 1, sizeof *x.carry);
	x.tested = calloc((size_t)n_pwm + 1, sizeof *x.tested);
	x.approx = calloc((size_t)n_pwm + 1, sizeof *x.approx);
	x.inexact = calloc((size_t)n_pwm + 1, 1);
	x.kept = calloc((size_t)n_pwm + 1, sizeof *x.kept);
	x.has_kept = calloc((size_t)n_pwm + 1, 1);
	int ok = c && wk && x.carry && x.tested && x.approx && x.inexact &&
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
	if (!(out = mf_out_open(out_path)) || (o->header && mf_out_puts(out, o->header) < 0) ||
			!(wr = mf_chunk_writer_create(out, pwm, n_pwm, o)))
		goto done;
	if (!(ahead = mf_ahead_start(r, 2 * x.chunk_bases, x.chunk_bases)))
		goto done;
	pg = mf_progress_start("scan", "bases", o->total_bases);
	uint64_t done_bases = 0;
	/* with threads, one more reads ahead */
	int reader = n_wk > 1 && o->read_ahead >= 0 && mf_ahead_thread(ahead);
	int team = reader ? team_beside_reader(ahead, n_wk, o->read_ahead > 0, x.chunk_bases) : n_wk;
	probe_t probe = {0};
	for (long round = 0; (got = read_chunk(c, ahead, &x)) > 0; ++round) {
		double t_work = wall_seconds();
		int threads_used = team;
		if (encode_chunk(c, x.wmax, team) < 0 || scan_chunk(&x, wk, c, team, pg, done_bases) < 0 ||
				mf_chunk_write(wr, c, team, st) < 0)
			goto done;
		/* the records that ended in this chunk go back to the reader */
		mf_ahead_release(ahead, (size_t)(c->n - c->pending));
		done_bases += c->bases;
		mf_progress_update(pg, done_bases);
		if (reader && o->read_ahead == 0)
			team = team_beside_reader(ahead, n_wk, leave_reader_a_core(&probe, round,
				(wall_seconds() - t_work) * threads_used, c->bases, mf_ahead_read_cost(ahead),
				n_wk), x.chunk_bases);
	}
	if (got < 0 || mf_chunk_writer_finish(wr, x.tested) < 0)
		goto done;
	rc = mf_out_close(out);
	out = NULL;
done:
	mf_progress_finish(pg);
	mf_out_abort(out);
	mf_chunk_writer_destroy(wr);
	mf_ahead_stop(ahead);
	for (int m = 0; m < n_pwm && x.tested; ++m) {
		if (st->n_tested)
			st->n_tested[m] += x.tested[m];
		st->n_approx += x.approx[m], st->n_inexact += x.inexact[m];
	}
	st->n_motifs = n_pwm, st->seconds = wall_seconds() - t0;
	free_run(&x, c, wk, n_wk);
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

int mf_scan_list(mf_pwm_t *const *pwm, int n_pwm, const mf_scanfile_opt_t *fo,
		const char *out_path)
{
	const mf_scan_opt_t *o = &fo->scan;
	double unit = fo->nats ? M_LN2 : 1; /* the log-odds column's, as in scan's rows */
	int n_wk = fo->threads > 0 ? fo->threads : 1, failed = 0;
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
				snprintf(b, 32, "%.3f", unit * (v == -INFINITY ? (double)p->smin[s] / p->scale : v));
		}
		int64_t best = 0; /* the best word's exact score */
		for (int i = 0; i < p->w; ++i) {
			int64_t b = p->fix[0][i * 4];
			for (int c = 1; c < 4; ++c)
				b = p->fix[0][i * 4 + c] > b ? p->fix[0][i * 4 + c] : b;
			best += b;
		}
		rc = mf_out_printf(out, "%s\t%d\t%.3f\t%s\t%s\t%s\n", p->name, p->w,
			unit * ldexp((double)best, -p->fbits), t0, t1, exact[m] ? "yes" : "no");
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
