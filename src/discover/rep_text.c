/* rep_text.c: the MEME files (PPMs, CWMs of the trimmed cores) and the seqlet BED. */
#include "discover/rep_write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int meme_header(kstring_t *k, const mf_rmodel_t *m)
{
	return ksprintf(k, "MEME version 4\n\nALPHABET= ACGT\n\nstrands: + -\n\n"
		"Background letter frequencies\nA %.4f C %.4f G %.4f T %.4f\n\n",
		m->bg[0], m->bg[1], m->bg[2], m->bg[3]) < 0 ? -1 : 0;
}

int mf_rep_meme(kstring_t *k, const mf_rmodel_t *m, int cwm)
{
	if (meme_header(k, m) < 0)
		return -1;
	for (int i = 0; i < m->npat; ++i) {
		const mf_rpat_t *p = &m->pat[i];
		int c0 = p->d->core0, c1 = p->d->core1;
		if (ksprintf(k, "MOTIF %s %s\nletter-probability matrix: alength= 4 w= %d nsites= %zu "
				"E= 0\n", p->id, *p->consensus ? p->consensus : "n", c1 - c0, p->d->p->n) < 0)
			return -1;
		for (int j = c0; j < c1; ++j) {
			double v[4];
			for (int b = 0; b < 4; ++b)
				v[b] = cwm ? p->cwm[j * 4 + b] : p->ppm[j * 4 + b];
			if (ksprintf(k, "%.6f %.6f %.6f %.6f\n", v[0], v[1], v[2], v[3]) < 0)
				return -1;
		}
		if (kputc('\n', k) < 0)
			return -1;
	}
	return 0;
}

/* The largest |core contribution| of each task's seqlets, for the BED score. */
static void task_max(const mf_rmodel_t *m, double *mx)
{
	for (int t = 0; t < m->nt; ++t)
		mx[t] = 0;
	for (size_t r = 0; r < m->nrow; ++r)
		mx[m->row[r].task] = fmax(mx[m->row[r].task], fabs(m->row[r].w.score));
}

static int bed_row(kstring_t *k, const mf_rmodel_t *m, const mf_rrow_t *x, double mx)
{
	const mf_seqlet_t *w = &x->w;
	const mf_rpat_t *p = x->pat >= 0 ? &m->pat[x->pat] : NULL;
	int64_t a = w->start, b = w->end, ta = a, tb = b;
	if (p) { /* the core, on the seqlet's strand */
		ta = w->rc ? w->end - p->d->core1 : w->start + p->d->core0;
		tb = w->rc ? w->end - p->d->core0 : w->start + p->d->core1;
	}
	const char *chrom;
	mf_rmodel_coords(m, (size_t)w->seq, &a, &b, &chrom);
	mf_rmodel_coords(m, (size_t)w->seq, &ta, &tb, &chrom);
	ta = ta < a ? a : ta > b ? b : ta;
	tb = tb < ta ? ta : tb > b ? b : tb;
	int score = mx > 0 ? (int)fmin(1000.0, 1000.0 * fabs(w->score) / mx) : 0;
	return ksprintf(k, "%s\t%lld\t%lld\t%s\t%d\t%c\t%lld\t%lld\t%s\t%.6g\t%s\n", chrom,
		(long long)a, (long long)b, p ? p->id : ".", score, p ? (w->rc ? '-' : '+') : '.',
		(long long)ta, (long long)tb, m->res[x->task].name, w->score, m->s->names[w->seq]) < 0 ? -1 : 0;
}

int mf_rep_bed(kstring_t *k, const mf_rmodel_t *m)
{
	double *mx = malloc((size_t)(m->nt > 0 ? m->nt : 1) * sizeof *mx);
	if (!mx)
		return -1;
	task_max(m, mx);
	int rc = 0;
	if (ksprintf(k, "# motiflift discover: every seqlet, 0-based half-open, %s coordinates; a "
			"seqlet in a pattern shows its aligned window, strand and core (thick); columns: "
			"chrom start end pattern score strand thick_start thick_end task contribution "
			"sequence\n", m->s->chrom ? "genomic" : "sequence") < 0)
		rc = -1;
	for (size_t r = 0; rc == 0 && r < m->nrow; ++r)
		rc = bed_row(k, m, &m->row[r], mx[m->row[r].task]);
	free(mx);
	return rc;
}
