/* rep_npz.c: PREFIX.patterns.npz: every pattern's matrices and matches, every seqlet's place
 * (the arrays are listed in doc/motiflift-discover.1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "discover/rep_write.h"

/* A (rows, cols) numpy unicode array of names (NULL: ""), little-endian UTF-32. */
static int add_names2(mf_npz_t *z, const char *name, const char *const *s, size_t rows, size_t cols)
{
	size_t w = 1, n = rows * cols;
	for (size_t i = 0; i < n; ++i)
		if (s[i] && strlen(s[i]) > w)
			w = strlen(s[i]);
	char descr[32];
	snprintf(descr, sizeof descr, "<U%zu", w);
	size_t shape[2] = {rows, cols};
	unsigned char *row = calloc(w, 4);
	int rc = row ? mf_npz_begin_descr(z, name, descr, 4 * w, 2, shape) : -1;
	for (size_t i = 0; rc == 0 && i < n; ++i) {
		size_t l = s[i] ? strlen(s[i]) : 0;
		memset(row, 0, 4 * w);
		for (size_t j = 0; j < l; ++j)
			row[4 * j] = (unsigned char)s[i][j];
		rc = mf_npz_append(z, row, 4 * w);
	}
	free(row);
	return rc < 0 ? -1 : mf_npz_end(z);
}

typedef struct {
	size_t P, W, K;
	int64_t *task, *sign, *nseq, *width, *core, *weak, *matched, *mrc;
	float *ppm, *cwm, *hcwm, *cover, *mscore, *mpear, *tq;
	double *bg;
	const char **id, **mname, **tname;
} parr_t;

static void free_parr(parr_t *a)
{
	free(a->task), free(a->sign), free(a->nseq), free(a->width), free(a->core), free(a->weak);
	free(a->matched), free(a->mrc), free(a->ppm), free(a->cwm), free(a->hcwm), free(a->cover);
	free(a->mscore), free(a->mpear), free(a->bg), free(a->id), free(a->mname);
	free(a->tq), free(a->tname);
}

static int alloc_parr(parr_t *a)
{
	size_t P = a->P ? a->P : 1, PW = P * (a->W ? a->W : 1), PK = P * (a->K ? a->K : 1);
	a->task = calloc(P, 8), a->sign = calloc(P, 8), a->nseq = calloc(P, 8), a->width = calloc(P, 8);
	a->core = calloc(2 * P, 8), a->weak = calloc(P, 8), a->matched = calloc(P, 8);
	a->mrc = calloc(PK, 8), a->mscore = calloc(PK, 4), a->mpear = calloc(PK, 4);
	a->ppm = calloc(PW * 4, 4), a->cwm = calloc(PW * 4, 4), a->hcwm = calloc(PW * 4, 4);
	a->cover = calloc(PW, 4), a->bg = calloc(4 * P, 8);
	a->id = calloc(P, sizeof *a->id), a->mname = calloc(PK, sizeof *a->mname);
	a->tq = malloc(PK * 4), a->tname = calloc(PK, sizeof *a->tname);
	for (size_t i = 0; a->tq && i < PK; ++i)
		a->tq[i] = NAN;
	return a->task && a->sign && a->nseq && a->width && a->core && a->weak && a->matched &&
		a->mrc && a->mscore && a->mpear && a->ppm && a->cwm && a->hcwm && a->cover && a->bg &&
		a->id && a->mname && a->tq && a->tname ? 0 : -1;
}

static void fill_parr(parr_t *a, const mf_rmodel_t *m)
{
	for (size_t i = 0; i < a->P; ++i) {
		const mf_rpat_t *p = &m->pat[i];
		a->id[i] = p->id, a->task[i] = p->task, a->sign[i] = p->d->sign;
		a->nseq[i] = (int64_t)p->d->p->n, a->width[i] = p->w;
		a->core[2 * i] = p->d->core0, a->core[2 * i + 1] = p->d->core1;
		a->weak[i] = p->weak, a->matched[i] = p->matched;
		memcpy(a->bg + 4 * i, p->d->bg, 4 * sizeof *a->bg);
		for (int j = 0; j < p->w; ++j) {
			size_t at = (i * a->W + (size_t)j);
			for (int b = 0; b < 4; ++b) {
				a->ppm[at * 4 + (size_t)b] = (float)p->ppm[j * 4 + b];
				a->cwm[at * 4 + (size_t)b] = p->cwm[j * 4 + b];
				a->hcwm[at * 4 + (size_t)b] = p->hcwm[j * 4 + b];
			}
			a->cover[at] = p->cover[j];
		}
		for (int q = 0; q < p->nmatch; ++q) {
			size_t at = i * a->K + (size_t)q;
			a->mname[at] = m->db->m[p->match[q].motif].name;
			a->mscore[at] = (float)p->match[q].score, a->mpear[at] = (float)p->match[q].pearson;
			a->mrc[at] = p->match[q].rc;
		}
		for (int q = 0; q < p->ntomtom && (size_t)q < a->K; ++q) {
			size_t at = i * a->K + (size_t)q;
			a->tname[at] = m->db->m[p->tomtom[q].target].name;
			a->tq[at] = (float)p->tomtom[q].qvalue;
		}
	}
}

static int add_patterns(mf_npz_t *z, const mf_rmodel_t *m)
{
	parr_t a = {0};
	a.P = (size_t)m->npat;
	for (int i = 0; i < m->npat; ++i) {
		a.W = (size_t)m->pat[i].w > a.W ? (size_t)m->pat[i].w : a.W;
		a.K = (size_t)m->pat[i].nmatch > a.K ? (size_t)m->pat[i].nmatch : a.K;
	}
	int rc = alloc_parr(&a);
	if (rc == 0) {
		fill_parr(&a, m);
		size_t s1[1] = {a.P}, s2[2] = {a.P, 2}, sw[2] = {a.P, a.W}, s3[3] = {a.P, a.W, 4};
		size_t sk[2] = {a.P, a.K}, sb[2] = {a.P, 4};
		rc = mf_npz_add_strings(z, "pattern", a.id, a.P);
		rc = rc ? rc : mf_npz_add(z, "pattern_task", MF_DT_I64, a.task, 1, s1);
		rc = rc ? rc : mf_npz_add(z, "pattern_sign", MF_DT_I64, a.sign, 1, s1);
		rc = rc ? rc : mf_npz_add(z, "pattern_seqlets", MF_DT_I64, a.nseq, 1, s1);
		rc = rc ? rc : mf_npz_add(z, "pattern_width", MF_DT_I64, a.width, 1, s1);
		rc = rc ? rc : mf_npz_add(z, "core", MF_DT_I64, a.core, 2, s2);
		rc = rc ? rc : mf_npz_add(z, "ppm", MF_DT_F32, a.ppm, 3, s3);
		rc = rc ? rc : mf_npz_add(z, "cwm", MF_DT_F32, a.cwm, 3, s3);
		rc = rc ? rc : mf_npz_add(z, "hcwm", MF_DT_F32, a.hcwm, 3, s3);
		rc = rc ? rc : mf_npz_add(z, "coverage", MF_DT_F32, a.cover, 2, sw);
		rc = rc ? rc : mf_npz_add(z, "bg", MF_DT_F64, a.bg, 2, sb);
		rc = rc ? rc : mf_npz_add(z, "weak", MF_DT_I64, a.weak, 1, s1);
		rc = rc ? rc : mf_npz_add(z, "matched", MF_DT_I64, a.matched, 1, s1);
		rc = rc ? rc : add_names2(z, "match", a.mname, a.P, a.K);
		rc = rc ? rc : mf_npz_add(z, "match_score", MF_DT_F32, a.mscore, 2, sk);
		rc = rc ? rc : mf_npz_add(z, "match_pearson", MF_DT_F32, a.mpear, 2, sk);
		rc = rc ? rc : mf_npz_add(z, "match_rc", MF_DT_I64, a.mrc, 2, sk);
		rc = rc ? rc : add_names2(z, "tomtom_match", a.tname, a.P, a.K);
		rc = rc ? rc : mf_npz_add(z, "tomtom_qvalue", MF_DT_F32, a.tq, 2, sk);
	}
	free_parr(&a);
	return rc ? -1 : 0;
}

static int add_seqlets(mf_npz_t *z, const mf_rmodel_t *m)
{
	size_t n = m->nrow, c = n ? n : 1;
	int64_t *v = malloc(c * 6 * sizeof *v);
	float *sc = malloc(c * sizeof *sc);
	int rc = v && sc ? 0 : -1;
	for (size_t r = 0; rc == 0 && r < n; ++r) {
		const mf_rrow_t *x = &m->row[r];
		v[r] = x->task, v[c + r] = x->pat, v[2 * c + r] = x->w.seq;
		v[3 * c + r] = x->w.start, v[4 * c + r] = x->w.end, v[5 * c + r] = x->w.rc;
		sc[r] = x->w.score;
	}
	size_t s1[1] = {n};
	static const char *const name[6] = {"seqlet_task", "seqlet_pattern", "seqlet_example",
		"seqlet_start", "seqlet_end", "seqlet_revcomp"};
	for (int k = 0; rc == 0 && k < 6; ++k)
		rc = mf_npz_add(z, name[k], MF_DT_I64, v + (size_t)k * c, 1, s1);
	if (rc == 0)
		rc = mf_npz_add(z, "seqlet_contribution", MF_DT_F32, sc, 1, s1);
	free(v), free(sc);
	return rc;
}

int mf_rep_npz(mf_npz_t *z, const mf_rmodel_t *m)
{
	const char **tasks = malloc((size_t)(m->nt > 0 ? m->nt : 1) * sizeof *tasks);
	if (!tasks)
		return -1;
	for (int t = 0; t < m->nt; ++t)
		tasks[t] = m->res[t].name;
	int rc = mf_npz_add_strings(z, "tasks", tasks, (size_t)m->nt);
	free(tasks);
	if (rc == 0)
		rc = add_patterns(z, m);
	return rc == 0 ? add_seqlets(z, m) : -1;
}
