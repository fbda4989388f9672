/* compare_prep.c: compare's options, and motifs as compare uses them: Tomtom's
 * pseudocount, CWMs as PPMs or as signed columns, edge trimming, reverse complements and
 * consensus strings. */
#include "motif/compare_internal.h"

#include <math.h>
#include <string.h>

#include "base/log.h"

#define TOMTOM_DEFAULT_SITES 20 /* what Tomtom assumes when a motif gives no nsites */
#define MODISCO_TRIM_FLANK 4    /* tfmodisco-lite's report keeps 4 positions past the trim */

void mf_compare_opt_init(mf_compare_opt_t *o)
{
	memset(o, 0, sizeof *o);
	o->dist = MF_COMPARE_ED;
	o->min_overlap = 5;
	o->pseudocount = 0.1;
	for (int b = 0; b < 4; ++b)
		o->bg[b] = 0.25;
	o->cwm = MF_COMPARE_CWM_POSITIVE;
	o->by = MF_COMPARE_BY_Q;
	o->thresh = 0.5;
	o->threads = 1;
}

static const char *const dist_names[] = {"ed", "pearson", "sandelin", "kullback"};

int mf_compare_dist_parse(const char *name)
{
	for (int d = 0; d < 4; ++d)
		if (strcmp(name, dist_names[d]) == 0)
			return d;
	return -1;
}

const char *mf_compare_dist_name(mf_compare_dist_t d)
{
	return d >= 0 && d < 4 ? dist_names[d] : "?";
}

/* p -> (p n + pc bg) / (n + pc) with the strand-symmetric background, as Tomtom. */
static void add_pseudocount(double *cols, int w, double nsites, const mf_compare_opt_t *o)
{
	if (o->pseudocount <= 0)
		return;
	double at = (o->bg[0] + o->bg[3]) / 2, cg = (o->bg[1] + o->bg[2]) / 2;
	const double bg[4] = {at, cg, cg, at};
	double n = nsites > 0 ? nsites : TOMTOM_DEFAULT_SITES, tot = n + o->pseudocount;
	for (int i = 0; i < w * 4; ++i)
		cols[i] = (cols[i] * n + o->pseudocount * bg[i & 3]) / tot;
}

/* A CWM as a PPM: the cells of the motif's sign, scaled so the strongest row sums to 1;
 * what a row lacks of 1 is spread evenly, so weak rows are near uniform. */
static void cwm_to_ppm(const mf_motif_t *m, int start, int w, double *cols)
{
	double total = 0, top = 0;
	for (int i = 0; i < m->w * 4; ++i)
		total += m->p[i];
	double sign = total < 0 ? -1 : 1;
	for (int i = 0; i < w; ++i) {
		double sum = 0;
		for (int b = 0; b < 4; ++b) {
			double v = sign * m->p[(start + i) * 4 + b];
			cols[i * 4 + b] = v > 0 ? v : 0;
			sum += cols[i * 4 + b];
		}
		top = sum > top ? sum : top;
	}
	for (int i = 0; i < w; ++i) {
		double *c = cols + i * 4, sum = 0;
		for (int b = 0; b < 4; ++b)
			sum += c[b] = top > 0 ? c[b] / top : 0;
		for (int b = 0; b < 4; ++b)
			c[b] += (1 - sum) / 4;
	}
}

int mf_cmp_prepare(const mf_motif_t *m, int start, int w, const mf_compare_opt_t *o,
		const char *what, double *cols)
{
	if (m->cwm && o->cwm == MF_COMPARE_CWM_SIGNED) {
		if (o->dist != MF_COMPARE_PEARSON) {
			mf_error("%s '%s' is a CWM compared as signed columns, which only --dist pearson "
				"can score (not %s)", what, m->name, mf_compare_dist_name(o->dist));
			return -1;
		}
		memcpy(cols, m->p + start * 4, (size_t)w * 4 * sizeof *cols);
		return 0;
	}
	if (m->cwm)
		cwm_to_ppm(m, start, w, cols);
	else
		memcpy(cols, m->p + start * 4, (size_t)w * 4 * sizeof *cols);
	add_pseudocount(cols, w, m->cwm ? 0 : m->nsites, o);
	for (int i = 0; o->dist == MF_COMPARE_KULLBACK && i < w * 4; ++i)
		if (!(cols[i] > 0)) {
			mf_error("%s '%s' has a zero probability at column %d, which --dist kullback cannot "
				"score: give a --pseudocount above 0", what, m->name, start + i / 4 + 1);
			return -1;
		}
	return 0;
}

/* Information content (bits) of row i of a probability motif, against a uniform background. */
static double row_bits(const double *p)
{
	double ic = 2;
	for (int b = 0; b < 4; ++b)
		if (p[b] > 0)
			ic += p[b] * log2(p[b]);
	return ic;
}

static double row_weight(const double *p)
{
	return fabs(p[0]) + fabs(p[1]) + fabs(p[2]) + fabs(p[3]);
}

void mf_cmp_trim(const mf_motif_t *m, const mf_compare_opt_t *o, int *start, int *w)
{
	*start = 0;
	*w = m->w;
	double cut = m->cwm ? o->trim_cwm : o->trim_bits;
	if (!(cut > 0))
		return;
	double top = 0;
	for (int i = 0; m->cwm && i < m->w; ++i)
		top = fmax(top, row_weight(m->p + i * 4));
	int first = -1, last = -1;
	for (int i = 0; i < m->w; ++i) {
		double v = m->cwm ? row_weight(m->p + i * 4) : row_bits(m->p + i * 4);
		if (v >= (m->cwm ? cut * top : cut)) {
			first = first < 0 ? i : first;
			last = i;
		}
	}
	if (m->cwm && first >= 0) {
		first = first > MODISCO_TRIM_FLANK ? first - MODISCO_TRIM_FLANK : 0;
		last = last + MODISCO_TRIM_FLANK < m->w ? last + MODISCO_TRIM_FLANK : m->w - 1;
	}
	if (first < 0 || last - first + 1 < 2) {
		mf_warn("motif '%s': fewer than 2 columns pass the trimming threshold; compared whole",
			m->name);
		return;
	}
	*start = first;
	*w = last - first + 1;
}

void mf_cmp_revcomp(const double *cols, int w, double *out)
{
	for (int i = 0; i < w; ++i)
		for (int b = 0; b < 4; ++b)
			out[i * 4 + b] = cols[(w - 1 - i) * 4 + 3 - b];
}

void mf_cmp_consensus(const double *cols, int w, char *out)
{
	for (int i = 0; i < w; ++i) {
		const double *c = cols + i * 4;
		float best = (float)c[0]; /* Tomtom compares in float: its ties stay ties */
		out[i] = 'A';
		for (int b = 1; b < 4; ++b)
			if (c[b] > best) {
				best = (float)c[b];
				out[i] = "ACGT"[b];
			}
	}
	out[w] = '\0';
}
