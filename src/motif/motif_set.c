/* motif_set.c: building a motif set (adding motifs, sizing and normalising their rows)
 * and freeing it: what the parsers build with, below both them and the loader. */
#include "motif/motif.h"
#include "motif/motif_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

/* A CWM's rows only need finite values; 1 when m is read as a CWM under how, 0 when
 * not, -1 (logged) for a non-finite value. */
static int as_cwm(const mf_motif_t *m, mf_cwm_read_t how, const char *path, int line)
{
	int negative = 0;
	for (int i = 0; i < m->w * 4; ++i) {
		if (!isfinite(m->p[i])) {
			mf_error("%s: line %d: motif '%s' row %d: value %g is not a number", path,
				line + i / 4, m->name, i / 4 + 1, m->p[i]);
			return -1;
		}
		negative |= m->p[i] < 0;
	}
	return how == MF_CWM_ALL || (how == MF_CWM_DETECT && negative);
}

/* Rows that sum to ~1 are probabilities; rows that all sum to more than 1.5 are
 * counts (JASPAR, some MEME conversions). Both end up normalised to sum 1. */
int mf_mnormalise(mf_motif_t *m, const char *path, int line)
{
	const double tol = 0.02;
	mf_cwm_read_t how = m->cwm < 0 ? (mf_cwm_read_t)-m->cwm : MF_CWM_NONE;
	m->cwm = how == MF_CWM_NONE ? 0 : as_cwm(m, how, path, line);
	if (m->cwm != 0)
		return m->cwm < 0 ? -1 : 0;
	int probs = 1, counts = 1;
	double max_sum = 0;
	for (int i = 0; i < m->w; ++i) {
		double sum = 0;
		for (int j = 0; j < 4; ++j) {
			double v = m->p[i * 4 + j];
			if (!isfinite(v) || v < 0) {
				mf_error("%s: line %d: motif '%s' row %d: value %g is not a probability or a count",
					path, line + i, m->name, i + 1, v);
				return -1;
			}
			sum += v;
		}
		if (fabs(sum - 1) > tol)
			probs = 0;
		if (sum <= 1.5)
			counts = 0;
		if (sum > max_sum)
			max_sum = sum;
	}
	if (!probs && !counts && how == MF_CWM_DETECT) {
		m->cwm = 1; /* neither probabilities nor counts: contribution weights */
		return 0;
	}
	if (!probs && !counts) {
		mf_error("%s: line %d: motif '%s': rows must each sum to 1 (probabilities) or all be counts",
			path, line, m->name);
		return -1;
	}
	for (int i = 0; i < m->w; ++i) {
		double *r = m->p + i * 4, sum = r[0] + r[1] + r[2] + r[3];
		for (int j = 0; j < 4; ++j)
			r[j] /= sum;
	}
	if (counts && m->nsites == 0)
		m->nsites = max_sum;
	return 0;
}

/* ---- the set -------------------------------------------------------------------------- */

mf_motif_t *mf_motifset_add(mf_motifset_t *s, const char *name, size_t name_len, const char *desc)
{
	mf_motif_t *t = realloc(s->m, (size_t)(s->n + 1) * sizeof *t);
	if (!t)
		return NULL;
	s->m = t;
	mf_motif_t *m = &s->m[s->n];
	memset(m, 0, sizeof *m);
	m->threshold = NAN;
	m->cwm = -s->cwm_read; /* resolved by mf_mnormalise */
	m->name = strndup(name, name_len);
	m->desc = strdup(desc ? desc : "");
	if (!m->name || !m->desc) {
		free(m->name);
		free(m->desc);
		return NULL;
	}
	++s->n;
	return m;
}

int mf_motif_set_width(mf_motif_t *m, int w)
{
	double *p = realloc(m->p, (size_t)(w > 0 ? w : 1) * 4 * sizeof *p);
	if (!p)
		return -1;
	m->p = p;
	m->w = w;
	return 0;
}

void mf_motifset_destroy(mf_motifset_t *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; ++i) {
		free(s->m[i].name);
		free(s->m[i].desc);
		free(s->m[i].p);
	}
	free(s->m);
	free(s);
}
