/* compare.c: motif-versus-database matching (compare.h): the prepared database, best
 * alignments on the grid of compare_cols.c, and per query the p-, E- and q-values in
 * Tomtom's order. */
#include "motif/compare.h"
#include "motif/compare_internal.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/progress.h"


struct mf_compare_db {
	mf_compare_opt_t opt;
	int n;
	const mf_motif_t **motif;
	int *set, *w;
	size_t *base;   /* first column of target t (+ strand); its - strand follows */
	size_t ncols;   /* columns of every target on both strands */
	double *cols;   /* [ncols][4] as prepared */
	double *lane, *lg; /* [4][ncols] as the distance reads them (mf_cmp_lanes) */
	mf_cmp_columns_t view;
	char **cons;    /* [2n] consensus per target and strand */
	int max_w;
};

/* ---- the database ---------------------------------------------------------------------- */

void mf_compare_db_destroy(mf_compare_db_t *db)
{
	if (!db)
		return;
	for (int i = 0; db->cons && i < 2 * db->n; ++i)
		free(db->cons[i]);
	free(db->cons);
	free(db->motif);
	free(db->set);
	free(db->w);
	free(db->base);
	free(db->cols);
	free(db->lane);
	free(db->lg);
	free(db);
}

static int db_alloc(mf_compare_db_t *db)
{
	size_t n = (size_t)db->n;
	db->motif = calloc(n, sizeof *db->motif);
	db->set = calloc(n, sizeof *db->set);
	db->w = calloc(n, sizeof *db->w);
	db->base = calloc(n, sizeof *db->base);
	db->cons = calloc(2 * n, sizeof *db->cons);
	return db->motif && db->set && db->w && db->base && db->cons ? 0 : -1;
}

/* Both strands of target t into cols at db->base[t], and their consensus strings. */
static int db_add_target(mf_compare_db_t *db, int t, const char *path)
{
	const mf_motif_t *m = db->motif[t];
	int w = m->w;
	char what[512];
	snprintf(what, sizeof what, "%s: database motif", path ? path : "database");
	if (w < 2) {
		mf_error("%s: database motif '%s' has width %d; compare needs at least 2 columns",
			path ? path : "database", m->name, w);
		return -1;
	}
	double *plus = db->cols + db->base[t] * 4, *minus = plus + (size_t)w * 4;
	if (mf_cmp_prepare(m, 0, w, &db->opt, what, plus) < 0)
		return -1;
	mf_cmp_revcomp(plus, w, minus);
	db->cons[2 * t] = malloc((size_t)w + 1);
	db->cons[2 * t + 1] = malloc((size_t)w + 1);
	if (!db->cons[2 * t] || !db->cons[2 * t + 1])
		return -1;
	mf_cmp_consensus(plus, w, db->cons[2 * t]);
	mf_cmp_consensus(minus, w, db->cons[2 * t + 1]);
	return 0;
}

mf_compare_db_t *mf_compare_db_create(const mf_motifset_t *const *sets, const char *const *paths,
		int nsets, const mf_compare_opt_t *o)
{
	mf_compare_db_t *db = calloc(1, sizeof *db);
	if (!db)
		goto oom;
	db->opt = *o;
	for (int s = 0; s < nsets; ++s)
		db->n += sets[s] ? sets[s]->n : 0;
	if (db->n == 0) {
		mf_error("the motif database is empty: no motifs to compare with");
		goto fail;
	}
	if (db_alloc(db) < 0)
		goto oom;
	int t = 0;
	for (int s = 0; s < nsets; ++s)
		for (int i = 0; sets[s] && i < sets[s]->n; ++i, ++t) {
			db->motif[t] = &sets[s]->m[i];
			db->set[t] = s;
			db->w[t] = sets[s]->m[i].w;
			db->base[t] = db->ncols;
			db->ncols += 2 * (size_t)(db->w[t] > 0 ? db->w[t] : 0);
			db->max_w = db->w[t] > db->max_w ? db->w[t] : db->max_w;
		}
	db->cols = malloc((db->ncols ? db->ncols : 1) * 4 * sizeof *db->cols);
	db->lane = malloc((db->ncols ? db->ncols : 1) * 4 * sizeof *db->lane);
	if (o->dist == MF_COMPARE_KULLBACK)
		db->lg = malloc((db->ncols ? db->ncols : 1) * 4 * sizeof *db->lg);
	if (!db->cols || !db->lane || (o->dist == MF_COMPARE_KULLBACK && !db->lg))
		goto oom;
	for (t = 0; t < db->n; ++t)
		if (db_add_target(db, t, paths ? paths[db->set[t]] : NULL) < 0)
			goto fail;
	db->view.dist = o->dist;
	db->view.n = db->ncols;
	mf_cmp_lanes(db->cols, &db->view, db->lane, db->lg);
	return db;
oom:
	mf_error("out of memory for the motif database");
fail:
	mf_compare_db_destroy(db);
	return NULL;
}

int mf_compare_db_size(const mf_compare_db_t *db)
{
	return db->n;
}

const mf_motif_t *mf_compare_db_motif(const mf_compare_db_t *db, int target)
{
	return db->motif[target];
}

int mf_compare_db_set(const mf_compare_db_t *db, int target)
{
	return db->set[target];
}

const char *mf_compare_db_consensus(const mf_compare_db_t *db, int target, int strand)
{
	return db->cons[2 * target + (strand != 0)];
}

const double *mf_compare_db_columns(const mf_compare_db_t *db, int target, int strand)
{
	return db->cols + (db->base[target] + (strand ? (size_t)db->w[target] : 0)) * 4;
}

/* ---- one query ------------------------------------------------------------------------- */

typedef struct {
	long score;
	int offset, overlap;
} align_t;

/* The best alignment of the query (w columns) with the L database columns from base, on
 * the grid (grid[t*w + i]): the largest sum of shifted scores, ties to the larger overlap,
 * then the first offset. */
static align_t best_alignment(const short *grid, int w, size_t base, int L, int mo, int shift)
{
	align_t best = {LONG_MIN, 0, -1};
	for (int c = mo; c <= w + L - mo; ++c) {
		int qs = c <= w ? w - c : 0, ts = c <= w ? 0 : c - w;
		int ov = w - qs < L - ts ? w - qs : L - ts;
		long sum = 0;
		const short *g = grid + (base + (size_t)ts) * (size_t)w + (size_t)qs;
		for (int k = 0; k < ov; ++k)
			sum += g[k * (w + 1)];
		sum -= (long)shift * ov;
		if (sum > best.score || (sum == best.score && ov > best.overlap)) {
			best.score = sum;
			best.offset = c - w;
			best.overlap = ov;
		}
	}
	return best;
}

/* Tomtom's order: p-value, larger overlap, database file, + before -, name, then index. */
static int hit_cmp(const mf_compare_db_t *db, const mf_compare_hit_t *a, const mf_compare_hit_t *b)
{
	if (a->pvalue != b->pvalue)
		return a->pvalue < b->pvalue ? -1 : 1;
	if (a->overlap != b->overlap)
		return a->overlap > b->overlap ? -1 : 1;
	if (db->set[a->target] != db->set[b->target])
		return db->set[a->target] < db->set[b->target] ? -1 : 1;
	if (a->strand != b->strand)
		return a->strand < b->strand ? -1 : 1;
	int c = strcmp(db->motif[a->target]->name, db->motif[b->target]->name);
	return c ? c : (a->target > b->target) - (a->target < b->target);
}

/* Bottom-up merge sort (qsort has no context argument to carry db). */
static void sort_hits(const mf_compare_db_t *db, mf_compare_hit_t *h, int n, mf_compare_hit_t *tmp)
{
	for (int width = 1; width < n; width *= 2) {
		for (int lo = 0; lo < n - width; lo += 2 * width) {
			int mid = lo + width, hi = lo + 2 * width < n ? lo + 2 * width : n;
			int i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = hit_cmp(db, &h[j], &h[i]) < 0 ? h[j++] : h[i++];
			while (i < mid)
				tmp[k++] = h[i++];
			while (j < hi)
				tmp[k++] = h[j++];
			memcpy(h + lo, tmp + lo, (size_t)(hi - lo) * sizeof *h);
		}
	}
}

/* Benjamini-Hochberg over the n sorted p-values. */
static void bh_qvalues(mf_compare_hit_t *h, int n)
{
	double q = 1;
	for (int i = n - 1; i >= 0; --i) {
		double v = h[i].pvalue * n / (i + 1);
		q = v < q ? v : q;
		h[i].qvalue = q;
	}
}

static double stat_of(const mf_compare_hit_t *h, mf_compare_by_t by)
{
	return by == MF_COMPARE_BY_P ? h->pvalue : by == MF_COMPARE_BY_E ? h->evalue : h->qvalue;
}

/* Target t's best alignment on its better strand, with its p- and E-value. */
static mf_compare_hit_t best_hit(const mf_compare_db_t *db, const short *grid, int w,
		const mf_cmp_null_t *nl, int t)
{
	int L = db->w[t], mo = db->opt.min_overlap;
	mo = mo < w ? mo : w;
	mo = mo < L ? mo : L;
	mf_compare_hit_t best = {0};
	for (int s = 0; s < 2; ++s) {
		align_t a = best_alignment(grid, w, db->base[t] + (size_t)s * L, L, mo, nl->shift);
		double p = mf_cmp_null_pvalue(nl, L, a.score);
		if (s == 0 || p < best.pvalue || (p == best.pvalue && a.overlap > best.overlap))
			best = (mf_compare_hit_t){t, s, a.offset, a.overlap, p, p * db->n, 1};
	}
	return best;
}

/* Every target, sorted, with q-values; then the threshold and top. */
static int rank_targets(const mf_compare_db_t *db, const short *grid, int w,
		const mf_cmp_null_t *nl, mf_compare_result_t *r)
{
	int nt = db->n;
	mf_compare_hit_t *h = malloc((size_t)nt * sizeof *h), *tmp = malloc((size_t)nt * sizeof *tmp);
	if (!h || !tmp) {
		free(h);
		free(tmp);
		return -1;
	}
	for (int t = 0; t < nt; ++t)
		h[t] = best_hit(db, grid, w, nl, t);
	sort_hits(db, h, nt, tmp);
	free(tmp);
	bh_qvalues(h, nt);
	int keep = 0;
	while (keep < nt && stat_of(&h[keep], db->opt.by) <= db->opt.thresh &&
			(db->opt.top <= 0 || keep < db->opt.top))
		++keep;
	mf_compare_hit_t *k = realloc(h, (size_t)(keep ? keep : 1) * sizeof *h);
	r->hit = k ? k : h;
	r->n = keep;
	return 0;
}

/* The query's columns and consensus into r (trimmed as the options say). */
static int prepare_query(const mf_compare_db_t *db, const mf_motif_t *m, const char *path,
		mf_compare_result_t *r)
{
	char what[512];
	snprintf(what, sizeof what, "%s%squery motif", path ? path : "", path ? ": " : "");
	mf_cmp_trim(m, &db->opt, &r->start, &r->w);
	if (r->w < 2 || r->w > MF_COMPARE_MAX_WIDTH) {
		mf_error("%s '%s' has width %d; compare takes 2 to %d columns", what, m->name, r->w,
			MF_COMPARE_MAX_WIDTH);
		return -1;
	}
	r->cols = malloc((size_t)r->w * 4 * sizeof *r->cols);
	r->consensus = malloc((size_t)r->w + 1);
	if (!r->cols || !r->consensus) {
		mf_error("out of memory");
		return -1;
	}
	if (mf_cmp_prepare(m, r->start, r->w, &db->opt, what, r->cols) < 0)
		return -1;
	mf_cmp_consensus(r->cols, r->w, r->consensus);
	return 0;
}

static int compare_one(const mf_compare_db_t *db, mf_compare_result_t *r, mf_cmp_scratch_t *s)
{
	const short *grid;
	int shift;
	mf_cmp_null_t nl;
	int top = mf_cmp_grid(&db->view, r->cols, r->w, s, &grid, &shift);
	if (top < 0 || mf_cmp_null_build(&nl, grid, r->w, db->ncols, top, shift) < 0)
		return -1;
	int rc = rank_targets(db, grid, r->w, &nl, r);
	mf_cmp_null_free(&nl);
	if (rc < 0)
		mf_error("out of memory ranking %d database motifs", db->n);
	return rc;
}

/* Queries [from, to) on the threads; 0 or -1. */
static int compare_block(const mf_compare_db_t *db, mf_compare_result_t *res, int from, int to,
		int max_w)
{
	int failed = 0;
#pragma omp parallel num_threads(db->opt.threads > 0 ? db->opt.threads : 1) reduction(| : failed)
	{
		mf_cmp_scratch_t *s = mf_cmp_scratch_new(max_w, db->ncols);
		if (!s) {
			mf_error("out of memory for the column scores of a %d-column query", max_w);
			failed = 1;
		}
#pragma omp for schedule(dynamic, 1)
		for (int i = from; i < to; ++i)
			if (!failed && compare_one(db, &res[i], s) < 0)
				failed = 1;
		mf_cmp_scratch_free(s);
	}
	return failed ? -1 : 0;
}

int mf_compare_run(const mf_compare_db_t *db, const mf_motif_t *queries, int nq,
		const char *path, mf_compare_result_t *res)
{
	memset(res, 0, (size_t)(nq > 0 ? nq : 0) * sizeof *res);
	int max_w = 0, rc = 0;
	for (int i = 0; i < nq && rc == 0; ++i) {
		rc = prepare_query(db, &queries[i], path, &res[i]);
		max_w = res[i].w > max_w ? res[i].w : max_w;
	}
	enum { BLOCK = 256 };
	mf_progress_t *pg = rc == 0 ? mf_progress_start("compare", "queries", (uint64_t)nq) : NULL;
	for (int b = 0; rc == 0 && b < nq; b += BLOCK) {
		rc = compare_block(db, res, b, b + BLOCK < nq ? b + BLOCK : nq, max_w);
		mf_progress_update(pg, (uint64_t)(b + BLOCK < nq ? b + BLOCK : nq));
	}
	mf_progress_finish(pg);
	if (rc < 0)
		mf_compare_results_free(res, nq);
	return rc;
}

void mf_compare_results_free(mf_compare_result_t *res, int nq)
{
	for (int i = 0; res && i < nq; ++i) {
		free(res[i].cols);
		free(res[i].consensus);
		free(res[i].hit);
		memset(&res[i], 0, sizeof res[i]);
	}
}
