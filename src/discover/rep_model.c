/* rep_model.c: the numbers every discover output shows (see rep_model.h). */
#include "discover/rep_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

static void free_pat(mf_rpat_t *p)
{
	free(p->id), free(p->ppm), free(p->cwm), free(p->hcwm), free(p->cover), free(p->consensus);
	free(p->match), free(p->tomtom);
}

void mf_rmodel_free(mf_rmodel_t *m)
{
	for (int i = 0; m->pat && i < m->npat; ++i)
		free_pat(&m->pat[i]);
	free(m->pat), free(m->row);
	memset(m, 0, sizeof *m);
}

static char *consensus(const double *ppm, int c0, int c1)
{
	char *s = malloc((size_t)(c1 - c0 > 0 ? c1 - c0 : 0) + 1);
	if (!s)
		return NULL;
	for (int j = c0; j < c1; ++j) {
		const double *p = ppm + (size_t)j * 4;
		int b = 0;
		for (int k = 1; k < 4; ++k)
			b = p[k] > p[b] ? k : b;
		s[j - c0] = p[b] > 0.5 ? "ACGT"[b] : p[b] > 0.25 ? "acgt"[b] : 'n';
	}
	s[c1 > c0 ? c1 - c0 : 0] = 0;
	return s;
}

static int fill_pattern(mf_rpat_t *r, int task, const mf_dtask_t *t, const mf_dpat_t *d,
		const mf_motifset_t *db, int k)
{
	const mf_pattern_t *p = d->p;
	size_t w = (size_t)p->len;
	r->task = task, r->d = d, r->w = p->len;
	r->ppm = malloc(w * 4 * sizeof *r->ppm);
	r->cwm = malloc(w * 4 * sizeof *r->cwm);
	r->hcwm = malloc(w * 4 * sizeof *r->hcwm);
	r->cover = malloc((w ? w : 1) * sizeof *r->cover);
	r->match = calloc((size_t)(k > 0 ? k : 1), sizeof *r->match);
	if (asprintf(&r->id, "%s.%s_patterns.pattern_%d", t->name, d->sign > 0 ? "pos" : "neg",
			d->index) < 0)
		r->id = NULL;
	if (!r->ppm || !r->cwm || !r->hcwm || !r->cover || !r->match || !r->id)
		return -1;
	mf_pattern_ppm(p, d->bg, r->ppm);
	mf_pattern_mean(p, p->contrib, r->cwm);
	mf_pattern_mean(p, p->hyp, r->hcwm);
	for (size_t j = 0; j < w; ++j)
		r->cover[j] = p->n ? (float)(p->count[j] / (double)p->n) : 0.0f;
	if (!(r->consensus = consensus(r->ppm, d->core0, d->core1)))
		return -1;
	r->nmatch = db ? mf_best_matches(r->ppm, p->len, d->core0, d->core1, db, k, r->match) : 0;
	r->matched = r->nmatch > 0 && r->match[0].score >= MF_MATCHED;
	return 0;
}

static void flag_weak(mf_rmodel_t *m)
{
	for (int i = 0; i < m->npat; ++i) {
		mf_rpat_t *a = &m->pat[i];
		size_t most = 0;
		for (int j = 0; j < m->npat; ++j)
			if (m->pat[j].task == a->task && m->pat[j].d->sign == a->d->sign && m->pat[j].d->p->n > most)
				most = m->pat[j].d->p->n;
		a->weak = (double)a->d->p->n < MF_WEAK_FRAC * (double)most;
	}
}

static int cmp_row(const void *x, const void *y)
{
	const mf_rrow_t *a = x, *b = y;
	if (a->task != b->task)
		return a->task < b->task ? -1 : 1;
	if (a->w.seq != b->w.seq)
		return a->w.seq < b->w.seq ? -1 : 1;
	if (a->w.start != b->w.start)
		return a->w.start < b->w.start ? -1 : 1;
	if (a->w.end != b->w.end)
		return a->w.end < b->w.end ? -1 : 1;
	return (a->w.id > b->w.id) - (a->w.id < b->w.id);
}

/* One row per called seqlet; those in a pattern show their window there. */
static int build_rows(mf_rmodel_t *m)
{
	size_t n = 0;
	for (int t = 0; t < m->nt; ++t)
		n += m->res[t].n_seqlets;
	m->row = malloc((n ? n : 1) * sizeof *m->row);
	if (!m->row)
		return -1;
	size_t at = 0;
	for (int t = 0; t < m->nt; ++t) {
		const mf_dtask_t *r = &m->res[t];
		int *where = malloc((r->n_seqlets ? r->n_seqlets : 1) * sizeof *where);
		size_t *member = malloc((r->n_seqlets ? r->n_seqlets : 1) * sizeof *member);
		if (!where || !member) {
			free(where), free(member);
			return -1;
		}
		for (size_t i = 0; i < r->n_seqlets; ++i)
			where[i] = -1;
		for (int q = 0; q < m->npat; ++q) {
			if (m->pat[q].task != t)
				continue;
			const mf_pattern_t *p = m->pat[q].d->p;
			for (size_t j = 0; j < p->n; ++j)
				if (where[p->m[j].id] < 0)
					where[p->m[j].id] = q, member[p->m[j].id] = j;
		}
		for (size_t i = 0; i < r->n_seqlets; ++i) {
			mf_rrow_t *x = &m->row[at++];
			x->task = t, x->pat = where[i];
			x->w = where[i] < 0 ? r->seqlets[i] : m->pat[where[i]].d->p->m[member[i]];
			x->w.score = r->seqlets[i].score;
		}
		free(where), free(member);
	}
	qsort(m->row, n, sizeof *m->row, cmp_row);
	m->nrow = n;
	return 0;
}

static void input_stats(mf_rmodel_t *m)
{
	double c[5] = {0};
	for (uint64_t p = 0; p < m->s->off[m->s->n]; ++p)
		c[m->s->base[p] < 4 ? m->s->base[p] : 4] += 1;
	double t = c[0] + c[1] + c[2] + c[3];
	for (int k = 0; k < 4; ++k)
		m->bg[k] = t > 0 ? c[k] / t : 0.25;
	m->max_len = 0;
	for (size_t i = 0; i < m->s->n; ++i)
		if (mf_dseq_len(m->s, i) > m->max_len)
			m->max_len = (int)mf_dseq_len(m->s, i);
}

/* Every pattern's core PPM (widened to 2 columns at least, at most MF_COMPARE_MAX_WIDTH)
 * against the whole database with motiflift compare's defaults (Tomtom's). */
static int tomtom_matches(mf_rmodel_t *m, int k, int threads)
{
	if (m->npat == 0 || k <= 0)
		return 0;
	mf_compare_opt_t o;
	mf_compare_opt_init(&o);
	o.top = k, o.threads = threads;
	const mf_motifset_t *sets[1] = {m->db};
	mf_compare_db_t *cdb = mf_compare_db_create(sets, &m->dbpath, 1, &o);
	mf_motif_t *q = calloc((size_t)m->npat, sizeof *q);
	mf_compare_result_t *res = calloc((size_t)m->npat, sizeof *res);
	int rc = cdb && q && res ? 0 : -1, oom = cdb && (!q || !res);
	for (int i = 0; rc == 0 && i < m->npat; ++i) {
		const mf_rpat_t *p = &m->pat[i];
		int c0 = p->d->core0, c1 = p->d->core1;
		if (c1 - c0 < 2)
			c0 = c0 > 0 ? c0 - 1 : c0, c1 = c0 + 2 < p->w ? c0 + 2 : p->w;
		if (c1 - c0 > MF_COMPARE_MAX_WIDTH)
			c1 = c0 + MF_COMPARE_MAX_WIDTH;
		q[i].name = p->id, q[i].desc = "", q[i].w = c1 - c0, q[i].p = p->ppm + (size_t)c0 * 4;
		q[i].nsites = (double)p->d->p->n, q[i].threshold = NAN;
	}
	if (rc == 0)
		rc = mf_compare_run(cdb, q, m->npat, NULL, res);
	for (int i = 0; rc == 0 && i < m->npat; ++i) {
		mf_rpat_t *p = &m->pat[i];
		int n = res[i].n < k ? res[i].n : k;
		if (n > 0 && !(p->tomtom = malloc((size_t)n * sizeof *p->tomtom)))
			rc = -1, oom = 1;
		else if (n > 0)
			memcpy(p->tomtom, res[i].hit, (size_t)n * sizeof *p->tomtom), p->ntomtom = n;
	}
	if (res)
		mf_compare_results_free(res, m->npat);
	free(res), free(q);
	mf_compare_db_destroy(cdb);
	if (oom)
		mf_error("out of memory comparing the patterns with %s", m->dbpath);
	return rc;
}

int mf_rmodel_build(mf_rmodel_t *m, const mf_dseqs_t *s, const mf_dtask_t *res, int nt,
		const mf_motifset_t *db, const char *dbpath, int k, int threads)
{
	memset(m, 0, sizeof *m);
	m->s = s, m->res = res, m->nt = nt, m->db = db, m->dbpath = dbpath;
	for (int t = 0; t < nt; ++t)
		m->npat += res[t].npat;
	m->pat = calloc((size_t)m->npat + 1, sizeof *m->pat);
	int failed = !m->pat, q = 0;
	for (int t = 0; !failed && t < nt; ++t) {
		int first = q;
		q += res[t].npat;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) reduction(|:failed)
		for (int i = 0; i < res[t].npat; ++i)
			failed |= fill_pattern(&m->pat[first + i], t, &res[t], &res[t].pat[i], db, k) < 0;
	}
	if (failed || build_rows(m) < 0) {
		mf_rmodel_free(m);
		mf_error("out of memory writing the report");
		return -1;
	}
	if (db && tomtom_matches(m, k, threads) < 0) {
		mf_rmodel_free(m);
		return -1;
	}
	flag_weak(m);
	input_stats(m);
	return 0;
}

void mf_rmodel_coords(const mf_rmodel_t *m, size_t i, int64_t *a, int64_t *b, const char **chrom)
{
	int64_t L = mf_dseq_len(m->s, i);
	*a = *a < 0 ? 0 : *a > L ? L : *a;
	*b = *b < *a ? *a : *b > L ? L : *b;
	if (m->s->chrom) {
		*a += m->s->start[i], *b += m->s->start[i];
		*chrom = m->s->chrom[i];
		if (*a < 0) /* a window padded past a chromosome start */
			*a = 0;
		if (*b < *a)
			*b = *a;
	} else {
		*chrom = m->s->names[i];
	}
}
