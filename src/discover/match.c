/* match.c: column-Pearson best matches (see match.h). */
#include "discover/match.h"

#include <math.h>
#include <stdlib.h>

/* A column scaled so that the Pearson correlation of two columns is the dot product of their
 * scaled forms: minus its mean, over its norm (all zeros for a constant column, whose
 * correlation with anything is taken as 0). */
static void standardise(const double *p, double *z)
{
	double m = (p[0] + p[1] + p[2] + p[3]) / 4, ss = 0;
	for (int k = 0; k < 4; ++k)
		ss += (p[k] - m) * (p[k] - m);
	for (int k = 0; k < 4; ++k)
		z[k] = ss > 1e-12 ? (p[k] - m) / sqrt(ss) : 0.0;
}

static double column_pearson(const double *za, const double *zb)
{
	return za[0] * zb[0] + za[1] * zb[1] + za[2] * zb[2] + za[3] * zb[3];
}

/* Information content against the uniform background, in bits. */
static double column_ic(const double *p)
{
	double h = 0;
	for (int k = 0; k < 4; ++k)
		h -= p[k] > 0 ? p[k] * log2(p[k]) : 0;
	return 2.0 - h;
}

typedef struct {
	double score, pearson;
	int off, rc;
} aln_t;

/* The best alignment of motif m (columns mc[wm][4], IC mic) on query q. */
static aln_t best_alignment(const double *qz, const double *qic, int w, int c0, int c1,
		const double *mz, const double *mic, int wm, int rc)
{
	aln_t best = {-INFINITY, 0, 0, rc};
	double qtot = 0, mtot = 0;
	for (int j = 0; j < w; ++j)
		qtot += qic[j];
	for (int i = 0; i < wm; ++i)
		mtot += mic[i];
	int need = wm < 5 ? wm : 5;
	for (int off = -wm + need; off <= w - need; ++off) {
		double num = 0, wov = 0, qov = 0, mov = 0, core = 0;
		for (int i = 0; i < wm; ++i) {
			int j = off + i;
			if (j < 0 || j >= w)
				continue;
			double r = column_pearson(qz + j * 4, mz + i * 4), wt = fmax(qic[j], mic[i]);
			num += wt * r, wov += wt, qov += qic[j], mov += mic[i];
			if (j >= c0 && j < c1)
				core += r;
		}
		double den = wov + (qtot - qov) + (mtot - mov);
		double s = den > 0 ? num / den : 0;
		if (s > best.score)
			best.score = s, best.off = off, best.pearson = c1 > c0 ? core / (c1 - c0) : 0;
	}
	return best;
}

int mf_best_matches(const double *q, int w, int c0, int c1, const mf_motifset_t *db, int k,
		mf_dmatch_t *out)
{
	int maxw = 0, n = 0;
	for (int m = 0; m < db->n; ++m)
		maxw = db->m[m].w > maxw ? db->m[m].w : maxw;
	double *qic = malloc((size_t)(w > 0 ? w : 1) * sizeof *qic);
	double *qz = malloc((size_t)(w > 0 ? w : 1) * 4 * sizeof *qz);
	double *mc = malloc((size_t)(maxw > 0 ? maxw : 1) * 4 * sizeof *mc);
	double *mz = malloc((size_t)(maxw > 0 ? maxw : 1) * 4 * sizeof *mz);
	double *mic = malloc((size_t)(maxw > 0 ? maxw : 1) * sizeof *mic);
	if (!qic || !qz || !mc || !mz || !mic || k <= 0) {
		free(qic), free(qz), free(mc), free(mz), free(mic);
		return 0;
	}
	for (int j = 0; j < w; ++j) {
		qic[j] = column_ic(q + j * 4);
		standardise(q + j * 4, qz + j * 4);
	}
	for (int m = 0; m < db->n; ++m) {
		const mf_motif_t *mo = &db->m[m];
		aln_t best = {-INFINITY, 0, 0, 0};
		for (int rc = 0; rc < 2; ++rc) {
			for (int i = 0; i < mo->w; ++i) {
				const double *src = mo->p + (size_t)(rc ? mo->w - 1 - i : i) * 4;
				for (int b = 0; b < 4; ++b)
					mc[i * 4 + b] = src[rc ? 3 - b : b];
				mic[i] = column_ic(mc + i * 4);
				standardise(mc + i * 4, mz + i * 4);
			}
			aln_t a = best_alignment(qz, qic, w, c0, c1, mz, mic, mo->w, rc);
			if (a.score > best.score)
				best = a;
		}
		/* insert into the sorted top k (ties: database order) */
		int p = n < k ? n++ : k;
		if (p == k && !(best.score > out[k - 1].score))
			continue;
		if (p == k)
			--p;
		while (p > 0 && best.score > out[p - 1].score) {
			out[p] = out[p - 1];
			--p;
		}
		out[p].motif = m, out[p].score = best.score, out[p].pearson = best.pearson;
		out[p].off = best.off, out[p].rc = best.rc;
	}
	free(qic), free(qz), free(mc), free(mz), free(mic);
	return n;
}
