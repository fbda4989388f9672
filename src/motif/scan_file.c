/* scan_file.c: the streaming side of the scan room: chunks of records scanned in
 * parallel (by record and by 1 Mb block of long records), written in input order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/log.h"
#include "motif/scan.h"
#include "motif/scan_pick.h"
#include "io/seqio.h"
#include "io/writer.h"

#define CHUNK_RECORDS 512
#define CHUNK_BASES ((size_t)16 << 20)
#define BLOCK ((size_t)1 << 20)

typedef struct { /* one unit of parallel work: windows [from, to) of a record, one motif */
	int rec, motif;
	size_t from, to;
	mf_hits_t hits;
	int64_t tested;
} task_t;

typedef struct {
	mf_seq_t rec[CHUNK_RECORDS];
	int n;
	task_t *task;
	size_t n_task, cap_task;
} chunk_t;

typedef struct { /* an output row kept for q-values: the hit and its text */
	mf_hit_t h;
	char *text; /* "chrom\tstart\tend\tmotif\tscore\tstrand\tlogodds\tpvalue" */
	char *match;
} row_t;

static int add_task(chunk_t *c, int rec, int motif, size_t from, size_t to)
{
	if (c->n_task == c->cap_task) {
		size_t n = c->cap_task ? 2 * c->cap_task : 256;
		task_t *t = realloc(c->task, n * sizeof *t);
		if (!t)
			return -1;
		memset(t + c->cap_task, 0, (n - c->cap_task) * sizeof *t);
		c->task = t, c->cap_task = n;
	}
	task_t *t = &c->task[c->n_task++];
	t->rec = rec, t->motif = motif, t->from = from, t->to = to, t->tested = 0;
	t->hits.n = 0;
	return 0;
}

static int read_chunk(chunk_t *c, mf_seqreader_t *r, int n_pwm)
{
	size_t bases = 0;
	int ret = 0;
	c->n = 0, c->n_task = 0;
	while (c->n < CHUNK_RECORDS && bases < CHUNK_BASES &&
			(ret = mf_seqreader_read(r, &c->rec[c->n])) == 1) {
		size_t len = c->rec[c->n].len;
		for (int m = 0; m < n_pwm; ++m)
			for (size_t b = 0; b == 0 || b < len; b += BLOCK)
				if (add_task(c, c->n, m, b, b + BLOCK) < 0) {
					mf_error("out of memory");
					return -1;
				}
		bases += len;
		++c->n;
	}
	return ret < 0 ? -1 : c->n;
}

static int scan_chunk(chunk_t *c, mf_pwm_t *const *pwm, const mf_scanfile_opt_t *o)
{
	int failed = 0;
	long nt = (long)c->n_task;
	/* the greedy pick needs every passing window of the record: no running top-k */
	mf_scan_opt_t every = o->scan;
	every.top = 0;
	const mf_scan_opt_t *so = o->greedy ? &every : &o->scan;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(o->threads) reduction(|| : failed)
#endif
	for (long i = 0; i < nt; ++i) {
		task_t *t = &c->task[i];
		const mf_seq_t *s = &c->rec[t->rec];
		if (mf_scan_range(pwm[t->motif], t->motif, s->seq, s->len, t->from, t->to, so,
				&t->hits, &t->tested) < 0)
			failed = 1;
		/* top-k of a union is the top-k of the parts' top-k: bounds memory on long records */
		else if (so->top > 0 && !so->nonoverlap)
			mf_hits_top(&t->hits, 0, pwm[t->motif]->w, so);
	}
	return failed ? -1 : 0;
}

/* Gathers one record's hits from its tasks (in task order), applies top-k per motif and
 * sorts them by position. */
static int record_hits(chunk_t *c, size_t *ti, int rec, mf_pwm_t *const *pwm,
		const mf_scanfile_opt_t *o, mf_hits_t *out, mf_scan_stats_t *st)
{
	out->n = 0;
	while (*ti < c->n_task && c->task[*ti].rec == rec) {
		int m = c->task[*ti].motif;
		size_t first = out->n;
		for (; *ti < c->n_task && c->task[*ti].rec == rec && c->task[*ti].motif == m; ++*ti) {
			task_t *t = &c->task[*ti];
			for (size_t k = 0; k < t->hits.n; ++k)
				if (mf_hits_push(out, &t->hits.a[k]) < 0)
					return -1;
			if (st && st->n_tested)
				st->n_tested[m] += t->tested;
		}
		if (o->greedy) {
			size_t len = c->rec[rec].len, w = (size_t)pwm[m]->w;
			if (mf_hits_pick_greedy(out, first, pwm[m]->w, len >= w ? (int64_t)(len - w + 1) : 0,
					o->scan.top) < 0)
				return -1;
		} else {
			mf_hits_top(out, first, pwm[m]->w, &o->scan);
		}
	}
	mf_hits_sort_pos(out, 0);
	return 0;
}

static int format_row(const mf_seq_t *s, const mf_hit_t *h, const mf_pwm_t *p, double unit,
		char **text, char **match)
{
	int64_t start = (s->chrom ? s->start : 0) + h->pos;
	int score = h->pvalue > 0 ? (int)fmin(1000, floor(-100 * log10(h->pvalue))) : 1000;
	const char *fmt = "%s\t%lld\t%lld\t%s\t%d\t%c\t%.3f\t%.3g";
	const char *name = s->chrom ? s->chrom : s->name;
	int n = snprintf(NULL, 0, fmt, name, (long long)start, (long long)(start + p->w), p->name,
		score, h->strand ? '-' : '+', h->score * unit, h->pvalue);
	*match = strndup(s->seq + h->pos, (size_t)p->w);
	*text = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!*match || !*text) {
		free(*match), free(*text);
		*text = *match = NULL;
		mf_error("out of memory");
		return -1;
	}
	snprintf(*text, (size_t)n + 1, fmt, name, (long long)start, (long long)(start + p->w),
		p->name, score, h->strand ? '-' : '+', h->score * unit, h->pvalue);
	if (h->strand)
		mf_revcomp(*match, (size_t)p->w);
	return 0;
}

static int write_row(mf_out_t *out, const char *text, const char *match, double q, int with_q)
{
	if (with_q)
		return mf_out_printf(out, "%s\t%.3g\t%s\n", text, q, match);
	return mf_out_printf(out, "%s\t%s\n", text, match);
}

typedef struct {
	row_t *a;
	size_t n, cap;
} rows_t;

static int emit(chunk_t *c, mf_pwm_t *const *pwm, const mf_scanfile_opt_t *o, mf_out_t *out,
		rows_t *keep, mf_hits_t *tmp, mf_scan_stats_t *st)
{
	size_t ti = 0;
	for (int r = 0; r < c->n; ++r) {
		if (record_hits(c, &ti, r, pwm, o, tmp, st) < 0)
			return -1;
		if (st)
			++st->n_seq, st->n_bases += (int64_t)c->rec[r].len, st->n_hits += (int64_t)tmp->n;
		for (size_t k = 0; k < tmp->n; ++k) {
			row_t row = {.h = tmp->a[k]};
			if (format_row(&c->rec[r], &row.h, pwm[row.h.motif], o->nats ? M_LN2 : 1, &row.text,
					&row.match) < 0)
				return -1;
			if (!o->qvalues) {
				int rc = write_row(out, row.text, row.match, 0, 0);
				free(row.text), free(row.match);
				if (rc < 0)
					return -1;
				continue;
			}
			if (keep->n == keep->cap) {
				size_t n = keep->cap ? 2 * keep->cap : 1024;
				row_t *a = realloc(keep->a, n * sizeof *a);
				if (!a) {
					free(row.text), free(row.match);
					mf_error("out of memory keeping matches for q-values");
					return -1;
				}
				keep->a = a, keep->cap = n;
			}
			keep->a[keep->n++] = row;
		}
	}
	return 0;
}

/* q-values per motif over all its tested windows, then every kept row in order. */
static int write_with_q(rows_t *keep, int n_pwm, const mf_scan_stats_t *st, mf_out_t *out)
{
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
		mf_hits_bh(ptr, n, st->n_tested[m]);
	}
	free(ptr);
	for (size_t i = 0; i < keep->n; ++i)
		if (write_row(out, keep->a[i].text, keep->a[i].match, keep->a[i].h.qvalue, 1) < 0)
			return -1;
	return 0;
}

static void free_all(chunk_t *c, rows_t *keep, mf_hits_t *tmp)
{
	if (c) {
		for (int i = 0; i < CHUNK_RECORDS; ++i)
			mf_seq_free(&c->rec[i]);
		for (size_t t = 0; t < c->cap_task; ++t)
			mf_hits_free(&c->task[t].hits);
		free(c->task);
		free(c);
	}
	for (size_t i = 0; i < keep->n; ++i)
		free(keep->a[i].text), free(keep->a[i].match);
	free(keep->a);
	mf_hits_free(tmp);
}

int mf_scan_file(mf_seqreader_t *r, mf_pwm_t *const *pwm, int n_pwm, const char *out_path,
		const mf_scanfile_opt_t *o, mf_scan_stats_t *stats)
{
	int rc = -1, got;
	rows_t keep = {0};
	mf_hits_t tmp = {0};
	mf_scan_stats_t own = {0};
	int64_t *own_tested = calloc((size_t)n_pwm + 1, sizeof *own_tested);
	mf_scan_stats_t *st = stats ? stats : &own;
	if (!stats)
		own.n_tested = own_tested;
	chunk_t *c = calloc(1, sizeof *c);
	mf_out_t *out = NULL;
	if (!c || !own_tested) {
		mf_error("out of memory");
		goto done;
	}
	for (int i = 0; i < CHUNK_RECORDS; ++i)
		mf_seq_init(&c->rec[i]);
	if (!(out = mf_out_open(out_path)) || (o->header && mf_out_puts(out, o->header) < 0))
		goto done;
	while ((got = read_chunk(c, r, n_pwm)) > 0)
		if (scan_chunk(c, pwm, o) < 0 || emit(c, pwm, o, out, &keep, &tmp, st) < 0)
			goto done;
	if (got < 0 || (o->qvalues && write_with_q(&keep, n_pwm, st, out) < 0))
		goto done;
	rc = mf_out_close(out);
	out = NULL;
done:
	mf_out_abort(out);
	free_all(c, &keep, &tmp);
	free(own_tested);
	return rc;
}
