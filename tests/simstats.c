#include "simstats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "io/seqio.h"

static int class_of(const char *name)
{
	static const char *const pre[4] = {"empty_", "gata_only_", "tal1_only_", "gata_tal1_"};
	for (int c = 0; c < 4; ++c)
		if (strncmp(name, pre[c], strlen(pre[c])) == 0)
			return c;
	return -1;
}

static int push(double **a, long n, double v)
{
	if ((n & (n - 1)) == 0) { /* grow at powers of two */
		double *t = realloc(*a, (size_t)(n ? 2 * n : 1) * sizeof *t);
		if (!t)
			return -1;
		*a = t;
	}
	(*a)[n] = v;
	return 0;
}

/* One "pos-S_NAME-STRING" embedding; marks its bases in mask. */
static int one_embedding(simstats_t *st, const mf_seq_t *s, const char *e, size_t n,
		const double *lo[2], const int w[2], unsigned char *mask, int cnt[2])
{
	int start;
	char name[64];
	if (sscanf(e, "pos-%d_%63[^-]", &start, name) != 2)
		return -1;
	int m = strcmp(name, "GATA_disc1") == 0 ? SS_GATA : strcmp(name, "TAL1_known1") == 0 ? SS_TAL1 : -1;
	const char *str = memchr(e + 4, '-', n - 4);
	if (m < 0 || !str || (size_t)(e + n - str - 1) != (size_t)w[m] || start < 0 ||
			start + w[m] > (int)s->len)
		return -1;
	++str;
	if (strncmp(s->seq + start, str, (size_t)w[m]) != 0)
		++st->bad_rows;
	memset(mask + start, 1, (size_t)w[m]);
	++cnt[m];
	if (push(&st->start[m], st->n_inst[m], start) < 0 ||
			push(&st->logodds[m], st->n_inst[m], mf_motif_score(lo[m], w[m], str)) < 0)
		return -1;
	++st->n_inst[m];
	return 0;
}

static int one_row(simstats_t *st, const mf_seq_t *s, const double *lo[2], const int w[2])
{
	int c = class_of(s->name), cnt[2] = {0, 0};
	if (c < 0 || s->len > SS_MAXL)
		return -1;
	++st->n_class[c];
	unsigned char mask[SS_MAXL] = {0};
	for (const char *e = s->embeddings; e && *e;) {
		size_t n = strcspn(e, ",");
		if (one_embedding(st, s, e, n, lo, w, mask, cnt) < 0)
			return -1;
		e += n + (e[n] == ',');
	}
	for (size_t i = 0; i < s->len; ++i)
		if (!mask[i] && mf_nt4[(unsigned char)s->seq[i]] < 4)
			++st->bg[mf_nt4[(unsigned char)s->seq[i]]];
	for (int m = 0; m < 2; ++m)
		if ((c == 1 && m == SS_GATA) || (c == 2 && m == SS_TAL1) || c == 3)
			++st->k[m][c == 3][cnt[m] < 4 ? cnt[m] : 3];
	return 0;
}

int simstats_load(const char *path, const mf_motifset_t *set, simstats_t *st)
{
	memset(st, 0, sizeof *st);
	const mf_motif_t *m[2] = {mf_motifset_find(set, "GATA_disc1"), mf_motifset_find(set, "TAL1_known1")};
	if (!m[0] || !m[1])
		return -1;
	const double paper_bg[4] = {0.3, 0.2, 0.2, 0.3};
	double lo0[64], lo1[64];
	mf_motif_logodds(m[0], 0.001, paper_bg, lo0);
	mf_motif_logodds(m[1], 0.001, paper_bg, lo1);
	const double *lo[2] = {lo0, lo1};
	const int w[2] = {m[0]->w, m[1]->w};
	mf_seqreader_t *r = mf_seqreader_open(path, MF_SEQ_SIMDATA, NULL);
	if (!r)
		return -1;
	mf_seq_t s;
	mf_seq_init(&s);
	int ret, rc = 0;
	while (rc == 0 && (ret = mf_seqreader_read(r, &s)) == 1) {
		rc = one_row(st, &s, lo, w);
		++st->n;
	}
	mf_seq_free(&s);
	mf_seqreader_close(r);
	return rc < 0 || ret < 0 ? -1 : 0;
}

void simstats_free(simstats_t *st)
{
	for (int m = 0; m < 2; ++m) {
		free(st->start[m]);
		free(st->logodds[m]);
	}
}

double ss_chisq2_p(const long *a, const long *b, int k)
{
	double na = 0, nb = 0, x2 = 0;
	int df = -1;
	for (int i = 0; i < k; ++i) {
		na += (double)a[i];
		nb += (double)b[i];
	}
	for (int i = 0; i < k; ++i) {
		double col = (double)(a[i] + b[i]);
		if (col == 0)
			continue;
		++df;
		double ea = col * na / (na + nb), eb = col * nb / (na + nb);
		x2 += (a[i] - ea) * (a[i] - ea) / ea + (b[i] - eb) * (b[i] - eb) / eb;
	}
	return df < 1 ? 1 : gsl_cdf_chisq_Q(x2, df);
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* Kolmogorov's limiting distribution: P(sqrt(n) D > t). */
static double kolmogorov_q(double t)
{
	if (t < 0.2)
		return 1;
	double q = 0;
	for (int j = 1; j <= 100; ++j)
		q += 2 * ((j & 1) ? 1 : -1) * exp(-2.0 * j * j * t * t);
	return q < 0 ? 0 : q > 1 ? 1 : q;
}

double ss_ks2_p(double *a, long na, double *b, long nb)
{
	qsort(a, (size_t)na, sizeof *a, cmp_double);
	qsort(b, (size_t)nb, sizeof *b, cmp_double);
	long i = 0, j = 0;
	double d = 0;
	while (i < na && j < nb) {
		double x = a[i] < b[j] ? a[i] : b[j];
		while (i < na && a[i] <= x)
			++i;
		while (j < nb && b[j] <= x)
			++j;
		double diff = fabs((double)i / na - (double)j / nb);
		if (diff > d)
			d = diff;
	}
	double ne = (double)na * nb / (na + nb);
	return kolmogorov_q((sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) * d);
}

double ss_mean(const double *a, long n)
{
	double s = 0;
	for (long i = 0; i < n; ++i)
		s += a[i];
	return n ? s / n : NAN;
}
