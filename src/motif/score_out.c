/* score_out.c: the per-match TSV and the benchmark summary of motiflift score. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "motif/score.h"
#include "io/writer.h"

#define CLASS_CAP 256

void mf_summary_opt_init(mf_summary_opt_t *o)
{
	o->threshold = 7;
	o->inclusive = 0;
	o->pos_class = "gata_tal1";
	o->neg_class = "empty";
	o->motif = NULL;
	o->task = -1;
}

static int count_fields(const char *line)
{
	int n = 1;
	for (; *line; ++line)
		n += *line == '\t';
	return n;
}

static int write_header(mf_out_t *out, const mf_scores_t *s, const mf_matches_t *m,
		const mf_annot_t *a)
{
	int nf = m->n ? count_fields(m->a[0].line) : m->n_cols, rc = 0;
	for (int i = 0; rc == 0 && i < nf; ++i) {
		if (i < m->n_cols)
			rc = mf_out_printf(out, "%s%s", i ? "\t" : "", m->cols[i]);
		else
			rc = mf_out_printf(out, "\tcol%d", i + 1);
	}
	for (int t = 0; rc == 0 && t < mf_scores_ntasks(s); ++t)
		rc = mf_out_printf(out, "\timp_%s", mf_scores_task(s, t));
	if (rc == 0)
		rc = mf_out_puts(out, "\tseqname\tclass");
	if (rc == 0 && a && mf_annot_has_counts(a))
		rc = mf_out_puts(out, "\tinstances\tembedded");
	for (int j = 0; rc == 0 && a && j < mf_annot_nlabels(a); ++j)
		rc = mf_out_printf(out, "\tlabel_%s", mf_annot_label_name(a, j));
	return rc == 0 ? mf_out_puts(out, "\n") : -1;
}

/* Whether the match window lies on (overlaps) an instance of its motif that was planted. */
static int on_instance(const mf_annot_t *a, const char *name, const mf_match_t *x)
{
	return mf_annot_embedded(a, name, x->motif, x->off, x->off + (x->end - x->start));
}

static int write_row(mf_out_t *out, const mf_scores_t *s, const mf_match_t *x, const double *imp,
		const mf_annot_t *a)
{
	const char *name = mf_scores_name(s, (size_t)x->row);
	char cls[CLASS_CAP];
	int rc = mf_out_puts(out, x->line);
	for (int t = 0; rc == 0 && t < mf_scores_ntasks(s); ++t)
		rc = mf_out_printf(out, "\t%.6g", imp[t]);
	if (rc == 0)
		rc = mf_out_printf(out, "\t%s\t%s", name, mf_seq_class(name, cls, sizeof cls));
	if (rc == 0 && a && mf_annot_has_counts(a))
		rc = mf_out_printf(out, "\t%d\t%d", mf_annot_count(a, name, x->motif),
			on_instance(a, name, x));
	if (rc == 0 && a && mf_annot_nlabels(a) > 0) {
		const char *l = mf_annot_labels(a, name);
		for (int j = 0; rc == 0 && !l && j < mf_annot_nlabels(a); ++j)
			rc = mf_out_puts(out, "\tNA");
		if (rc == 0 && l)
			rc = mf_out_printf(out, "\t%s", l);
	}
	return rc == 0 ? mf_out_puts(out, "\n") : -1;
}

int mf_score_write(const char *path, const mf_scores_t *s, const mf_matches_t *m,
		const double *imp, const mf_annot_t *a, const char *header)
{
	mf_out_t *out = mf_out_open(path);
	if (!out)
		return -1;
	int rc = header ? mf_out_puts(out, header) : 0;
	if (rc == 0)
		rc = write_header(out, s, m, a);
	size_t T = (size_t)mf_scores_ntasks(s);
	for (size_t i = 0; rc == 0 && i < m->n; ++i)
		if (m->a[i].row >= 0)
			rc = write_row(out, s, &m->a[i], imp + i * T, a);
	if (rc < 0) {
		mf_out_abort(out);
		return -1;
	}
	return mf_out_close(out);
}

/* ---- summary ----------------------------------------------------------------------------- */

typedef struct {
	size_t n, n_hit;
	double *v; /* the importances the mean/median are over */
	size_t nv, cap;
} acc_t;

static int acc_push(acc_t *c, double x)
{
	if (c->nv == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		double *v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return -1;
		c->v = v, c->cap = cap;
	}
	c->v[c->nv++] = x;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* One summary row; resets c for the next one. */
static int acc_write(mf_out_t *out, acc_t *c, const char *table, const char *motif,
		const char *task, const char *cls, const char *group)
{
	double mean = 0, median = NAN;
	for (size_t i = 0; i < c->nv; ++i)
		mean += c->v[i];
	mean = c->nv ? mean / (double)c->nv : NAN;
	if (c->nv) {
		qsort(c->v, c->nv, sizeof *c->v, cmp_double);
		median = c->nv % 2 ? c->v[c->nv / 2] : 0.5 * (c->v[c->nv / 2 - 1] + c->v[c->nv / 2]);
	}
	int rc = mf_out_printf(out, "%s\t%s\t%s\t%s\t%s\t%zu\t%zu\t", table, motif, task, cls, group,
		c->n, c->n_hit);
	if (rc == 0)
		rc = c->n ? mf_out_printf(out, "%.6g", (double)c->n_hit / (double)c->n) :
			mf_out_puts(out, "NA");
	if (rc == 0)
		rc = c->nv ? mf_out_printf(out, "\t%.6g\t%.6g\n", mean, median) :
			mf_out_puts(out, "\tNA\tNA\n");
	c->n = c->n_hit = c->nv = 0;
	return rc;
}

typedef struct {
	const mf_scores_t *s;
	const mf_matches_t *m;
	const double *imp;
	const mf_annot_t *a;
	const mf_summary_opt_t *o;
	mf_out_t *out;
} summary_ctx_t;

static const char *match_class(const summary_ctx_t *c, const mf_match_t *x, char *buf)
{
	return mf_seq_class(mf_scores_name(c->s, (size_t)x->row), buf, CLASS_CAP);
}

static int is_strong(const mf_summary_opt_t *o, double logodds)
{
	return o->inclusive ? logodds >= o->threshold : logodds > o->threshold;
}

/* False negatives (strong matches in pos_class with importance <= 0; all, then only those on
 * a planted instance, when instances are known) and false positives (matches in neg_class
 * with importance > 0; all, then strong only). */
static int summary_errors(const summary_ctx_t *c, const char *motif, int t, acc_t *acc)
{
	const char *task = mf_scores_task(c->s, t);
	char strong_name[64], planted_name[80], cls[CLASS_CAP];
	const char *op = c->o->inclusive ? ">=" : ">";
	snprintf(strong_name, sizeof strong_name, "logodds%s%g", op, c->o->threshold);
	snprintf(planted_name, sizeof planted_name, "logodds%s%g,embedded", op, c->o->threshold);
	size_t T = (size_t)mf_scores_ntasks(c->s);
	int n_pass = c->a && mf_annot_has_counts(c->a) ? 4 : 3;
	for (int pass = 0; pass < n_pass; ++pass) {
		int fn = pass == 0 || pass == 3;
		const char *want = fn ? c->o->pos_class : c->o->neg_class;
		for (size_t i = 0; i < c->m->n; ++i) {
			const mf_match_t *x = &c->m->a[i];
			int strong = is_strong(c->o, x->logodds);
			if (x->row < 0 || strcmp(x->motif, motif) != 0 || (pass != 1 && !strong) ||
					strcmp(match_class(c, x, cls), want) != 0 ||
					(pass == 3 && !on_instance(c->a, mf_scores_name(c->s, (size_t)x->row), x)))
				continue;
			double v = c->imp[i * T + (size_t)t];
			++acc->n;
			acc->n_hit += fn ? v <= 0 : v > 0;
			if (acc_push(acc, v) < 0)
				return -1;
		}
		const char *group = pass == 1 ? "all" : pass == 3 ? planted_name : strong_name;
		if (acc_write(c->out, acc, fn ? "false_negative" : "false_positive", motif, task, want,
					group) < 0)
			return -1;
	}
	return 0;
}

/* Appendix I: matches grouped by class and by the number of instances of the motif in their
 * sequence; n_hit counts strong matches, mean/median are over the strong ones. */
static int summary_tiers(const summary_ctx_t *c, const char *motif, int t, acc_t *acc,
		char **classes, size_t n_classes, int max_k)
{
	size_t T = (size_t)mf_scores_ntasks(c->s);
	char cls[CLASS_CAP], group[32];
	for (size_t j = 0; j < n_classes; ++j)
		for (int k = 0; k <= max_k; ++k) {
			for (size_t i = 0; i < c->m->n; ++i) {
				const mf_match_t *x = &c->m->a[i];
				if (x->row < 0 || strcmp(x->motif, motif) != 0 ||
						strcmp(match_class(c, x, cls), classes[j]) != 0 ||
						mf_annot_count(c->a, mf_scores_name(c->s, (size_t)x->row), motif) != k)
					continue;
				++acc->n;
				if (is_strong(c->o, x->logodds)) {
					++acc->n_hit;
					if (acc_push(acc, c->imp[i * T + (size_t)t]) < 0)
						return -1;
				}
			}
			snprintf(group, sizeof group, "instances=%d", k);
			if (acc->n && acc_write(c->out, acc, "tier", motif, mf_scores_task(c->s, t),
						classes[j], group) < 0)
				return -1;
		}
	return 0;
}

/* Distinct values in order of first appearance; v holds borrowed or owned strings. */
static int add_unique(char ***v, size_t *n, const char *s, int copy)
{
	for (size_t i = 0; i < *n; ++i)
		if (strcmp((*v)[i], s) == 0)
			return 0;
	char **w = realloc(*v, (*n + 1) * sizeof *w);
	if (!w)
		return -1;
	*v = w;
	if (!(w[*n] = copy ? strdup(s) : (char *)s))
		return -1;
	++*n;
	return 0;
}

static int collect(const summary_ctx_t *c, char ***motifs, size_t *nm, char ***classes,
		size_t *nc, int *max_k)
{
	char cls[CLASS_CAP];
	*max_k = 0;
	for (size_t i = 0; i < c->m->n; ++i) {
		const mf_match_t *x = &c->m->a[i];
		if (x->row < 0 || (c->o->motif && strcmp(x->motif, c->o->motif) != 0))
			continue;
		if (add_unique(motifs, nm, x->motif, 0) < 0 ||
				add_unique(classes, nc, match_class(c, x, cls), 1) < 0)
			return -1;
		int k = c->a ? mf_annot_count(c->a, mf_scores_name(c->s, (size_t)x->row), x->motif) : 0;
		if (k > *max_k)
			*max_k = k;
	}
	return 0;
}

static int summary_body(const summary_ctx_t *c)
{
	char **motifs = NULL, **classes = NULL;
	size_t nm = 0, nc = 0;
	int max_k = 0, T = mf_scores_ntasks(c->s);
	acc_t acc = {0};
	int rc = collect(c, &motifs, &nm, &classes, &nc, &max_k);
	const char *want[2] = {c->o->pos_class, c->o->neg_class};
	for (int k = 0; rc == 0 && k < 2; ++k) { /* a typo would give rows of NA and no hint */
		size_t j = 0;
		while (j < nc && strcmp(classes[j], want[k]) != 0)
			++j;
		if (j == nc)
			mf_warn("no scored match lies in a sequence of class '%s': its %s rows are empty",
				want[k], k ? "false_positive" : "false_negative");
	}
	if (rc == 0 && c->o->motif && nm == 0)
		mf_warn("no scored match of motif '%s': the summary is empty", c->o->motif);
	if (rc == 0)
		rc = mf_out_puts(c->out, "table\tmotif\ttask\tclass\tgroup\tn\tn_hit\tproportion\t"
			"mean_importance\tmedian_importance\n");
	for (size_t j = 0; rc == 0 && j < nm; ++j)
		for (int t = 0; rc == 0 && t < T; ++t) {
			if (c->o->task >= 0 && t != c->o->task)
				continue;
			rc = summary_errors(c, motifs[j], t, &acc);
			if (rc == 0 && c->a && mf_annot_has_counts(c->a))
				rc = summary_tiers(c, motifs[j], t, &acc, classes, nc, max_k);
		}
	free(acc.v);
	free(motifs);
	for (size_t j = 0; j < nc; ++j)
		free(classes[j]);
	free(classes);
	return rc;
}

int mf_score_summary(const char *path, const mf_scores_t *s, const mf_matches_t *m,
		const double *imp, const mf_annot_t *a, const mf_summary_opt_t *o)
{
	summary_ctx_t c = {s, m, imp, a, o, mf_out_open(path)};
	if (!c.out)
		return -1;
	if (mf_out_printf(c.out, "# motiflift score summary: strong = log-odds %s %g %s; "
			"false_negative: strong matches in class %s with importance <= 0 (group ',embedded': "
			"only those on a planted instance); false_positive: "
			"matches in class %s with importance > 0; tier: n_hit = strong matches, mean/median "
			"over them\n", o->inclusive ? ">=" : ">", o->threshold, m->nats ? "nats" : "bits",
			o->pos_class, o->neg_class) < 0 ||
			summary_body(&c) < 0) {
		mf_out_abort(c.out);
		return -1;
	}
	return mf_out_close(c.out);
}
