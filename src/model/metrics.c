/* metrics.c: auROC and auPRC over (score, label) pairs sorted once by score. */
#include <math.h>
#include <stdlib.h>

#include "base/log.h"
#include "model/metrics.h"

typedef struct {
	double s;
	int y;
} pair_t;

/* Descending by score. */
static int cmp_desc(const void *a, const void *b)
{
	double x = ((const pair_t *)a)->s, y = ((const pair_t *)b)->s;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* Labelled pairs (label 0 or 1, finite score) sorted by descending score; NULL on OOM. */
static pair_t *collect(const float *score, const float *label, size_t n, size_t stride,
	size_t *m, size_t *pos)
{
	pair_t *p = malloc(sizeof(pair_t) * (n ? n : 1));
	*m = *pos = 0;
	if (!p) {
		mf_error("out of memory for %zu scores", n);
		return NULL;
	}
	for (size_t i = 0; i < n; ++i) {
		float y = label[i * stride], s = score[i * stride];
		if ((y != 0.0f && y != 1.0f) || isnan(s))
			continue;
		p[*m].s = s;
		p[*m].y = y == 1.0f;
		*pos += p[*m].y;
		++*m;
	}
	qsort(p, *m, sizeof *p, cmp_desc);
	return p;
}

double mf_auroc(const float *score, const float *label, size_t n, size_t stride, size_t *n_used)
{
	size_t m, pos;
	pair_t *p = collect(score, label, n, stride, &m, &pos);
	if (n_used)
		*n_used = m;
	if (!p || pos == 0 || pos == m) {
		free(p);
		return NAN;
	}
	/* walk tie groups from the top: each positive beats every negative below its group
	   and ties half of the negatives inside it */
	double wins = 0.0;
	size_t neg_below = m - pos;
	for (size_t i = 0; i < m;) {
		size_t j = i, gp = 0, gn = 0;
		for (; j < m && p[j].s == p[i].s; ++j)
			p[j].y ? ++gp : ++gn;
		neg_below -= gn;
		wins += (double)gp * ((double)neg_below + 0.5 * (double)gn);
		i = j;
	}
	free(p);
	return wins / ((double)pos * (double)(m - pos));
}

double mf_auprc(const float *score, const float *label, size_t n, size_t stride, size_t *n_used)
{
	size_t m, pos;
	pair_t *p = collect(score, label, n, stride, &m, &pos);
	if (n_used)
		*n_used = m;
	if (!p || pos == 0 || pos == m) {
		free(p);
		return NAN;
	}
	/* AP = sum over thresholds of (recall step) * precision at that threshold */
	double ap = 0.0;
	size_t tp = 0, seen = 0;
	for (size_t i = 0; i < m;) {
		size_t j = i, gp = 0;
		for (; j < m && p[j].s == p[i].s; ++j)
			gp += p[j].y;
		tp += gp;
		seen += j - i;
		if (gp)
			ap += ((double)gp / (double)pos) * ((double)tp / (double)seen);
		i = j;
	}
	free(p);
	return ap;
}
