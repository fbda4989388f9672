/* cmd_evaluate.c: motiflift evaluate: auROC and auPRC per task against known labels. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/kstring.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/model_opt.h"
#include "io/labels.h"
#include "base/log.h"
#include "model/metrics.h"
#include "model/model.h"
#include "io/nameset.h"
#include "model/predict.h"
#include "io/seqio.h"
#include "io/tasks.h"
#include "io/writer.h"

typedef struct {
	mf_common_t common;
	mf_model_opt_t mo;
	const char *genome, *names, *labels, *out, *data;
	long batch;
	int resize;
} eval_opt_t;

static void eval_usage(FILE *fp, const eval_opt_t *o)
{
	fprintf(fp,
		"Usage: motiflift evaluate -m MODEL.h5 [--json ARCH.json] [options] <seqs | -d seqs>\n\n"
		"Predicts every sequence and scores the predictions against the labels: auROC\n"
		"(Mann-Whitney, ties count one half) and auPRC (average precision, tied scores as one\n"
		"threshold) per task. Labels come from a simdata TSV's task columns, or --labels.\n"
		"Only labels 0 and 1 count (others, e.g. -1 for ambiguous, are skipped). Tasks are\n"
		"named by the data (a simdata header's task columns) or task<index> (task0..).\n\n"
		MF_MODEL_HELP MF_MODEL_NORMALIZE_HELP MF_MODEL_HEAD_HELP
		"  -d, --data FILE     the sequences, as train names them (or give them as the operand)\n"
		"  -l, --labels FILE   TSV: name, then one label per task (a header line is skipped)\n"
		"  -n, --names FILE    only the records named in FILE (e.g. the test split)\n"
		"  -g, --genome FILE   genome FASTA for BED input\n"
		"      --resize        centre-resize sequences of another length instead of failing\n"
		"  -b, --batch-size INT  sequences per batch [%ld]\n"
		"  -o, --output FILE   TSV: task, n, positives, auROC, auPRC [%s]\n"
		"Common:\n" MF_COMMON_HELP,
		o->batch, o->out, o->common.threads, (unsigned long long)o->common.seed);
}

enum { OPT_RESIZE = MF_OPT_FIRST_COMMAND_OPT };

static int eval_parse(eval_opt_t *o, int argc, char **argv)
{
	static const mf_longopt_t lo[] = {
		MF_MODEL_LONGOPTS, MF_MODEL_NORMALIZE_LONGOPT, MF_MODEL_HEAD_LONGOPT,
		{"labels", MF_OPT_REQ, 'l'},
		{"data", MF_OPT_REQ, 'd'},
		{"names", MF_OPT_REQ, 'n'}, {"genome", MF_OPT_REQ, 'g'}, {"resize", MF_OPT_NONE, OPT_RESIZE},
		{"batch-size", MF_OPT_REQ, 'b'}, {"output", MF_OPT_REQ, 'o'}, MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, MF_MODEL_SHORTOPTS "l:d:n:g:b:o:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "evaluate");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0 || mf_model_opt_parse(&o->mo, c, s.arg))
			continue;
		switch (c) {
		case 'l': o->labels = s.arg; break;
		case 'd': o->data = s.arg; break;
		case 'n': o->names = s.arg; break;
		case 'g': o->genome = s.arg; break;
		case OPT_RESIZE: o->resize = 1; break;
		case 'b':
			if (mf_parse_int("evaluate", "--batch-size", s.arg, 1, 1 << 20, &o->batch) < 0)
				return MF_EXIT_USAGE;
			break;
		case 'o': o->out = s.arg; break;
		case 'h': eval_usage(stdout, o); return -1;
		default: return mf_usage_error("evaluate", c, &s);
		}
	}
	int rc = mf_model_opt_check(&o->mo, "evaluate");
	if (rc != 0)
		return rc;
	if (argc - s.ind != (o->data ? 0 : 1)) {
		fprintf(stderr, "motiflift evaluate: expected one sequence file, as --data or as the "
			"operand (see --help)\n");
		return MF_EXIT_USAGE;
	}
	if (!o->data)
		o->data = argv[s.ind];
	return 0;
}

/* ---- labels from a TSV ------------------------------------------------------------- */

/* ---- collecting predictions ----------------------------------------------------------- */

typedef struct {
	const mf_labels_t *L;  /* NULL: labels from the records */
	int n_out;
	float *score, *label;
	size_t n, cap;
	const char *path;
} collect_t;

static const float *record_labels(collect_t *c, const mf_seq_t *s, int *nl)
{
	if (!c->L) {
		*nl = s->n_labels;
		return s->labels;
	}
	*nl = mf_labels_n_tasks(c->L);
	return mf_labels_find(c->L, s->name);
}

static int collect_batch(void *ud, const mf_batch_t *b, const float *out, int n_out)
{
	collect_t *c = ud;
	for (int i = 0; i < b->n; ++i) {
		int nl = 0;
		const float *y = record_labels(c, &b->seq[i], &nl);
		if (!y || nl != n_out) {
			mf_error("%s: record '%s': %s (the model has %d outputs)", c->path, b->seq[i].name,
				y ? "label count differs" : "no labels", n_out);
			return -1;
		}
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 1024;
			float *ns = realloc(c->score, sizeof(float) * cap * n_out);
			if (ns)
				c->score = ns;
			float *nl2 = ns ? realloc(c->label, sizeof(float) * cap * n_out) : NULL;
			if (!nl2)
				return -1;
			c->label = nl2;
			c->cap = cap;
		}
		memcpy(c->score + c->n * n_out, out + (size_t)i * n_out, sizeof(float) * n_out);
		memcpy(c->label + c->n * n_out, y, sizeof(float) * n_out);
		c->n++;
	}
	return 0;
}

static int write_metrics(const eval_opt_t *o, const collect_t *c, mf_seqreader_t *r)
{
	mf_out_t *w = mf_out_open(o->out);
	if (!w)
		return -1;
	const char **names = calloc((size_t)c->n_out, sizeof *names);
	int named = names && mf_task_names_from_data(r, c->n_out, names);
	int rc = names ? mf_out_puts(w, "task\tn\tpositives\tauROC\tauPRC\n") : -1;
	for (int t = 0; rc == 0 && t < c->n_out; ++t) {
		size_t used = 0, pos = 0;
		double roc = mf_auroc(c->score + t, c->label + t, c->n, (size_t)c->n_out, &used);
		double prc = mf_auprc(c->score + t, c->label + t, c->n, (size_t)c->n_out, NULL);
		for (size_t i = 0; i < c->n; ++i)
			pos += c->label[i * c->n_out + t] == 1.0f;
		char buf[32];
		snprintf(buf, sizeof buf, "task%d", t);
		const char *tn = named ? names[t] : buf;
		rc = mf_out_printf(w, "%s\t%zu\t%zu\t%.6f\t%.6f\n", tn, used, pos, roc, prc);
		if (isnan(roc))
			mf_warn("%s: task %s: needs both positive and negative labels", c->path, tn);
	}
	free(names);
	if (rc != 0) {
		mf_out_abort(w);
		return -1;
	}
	return mf_out_close(w);
}

static int run_evaluate(const eval_opt_t *o, const mf_model_t *m, mf_seqreader_t *r, const mf_labels_t *L)
{
	mf_predict_opt_t po;
	mf_predict_opt_init(&po);
	po.batch = (int)o->batch;
	po.threads = o->common.threads;
	po.resize = o->resize;
	collect_t c = {.L = L, .n_out = m->n_out, .path = mf_seqreader_path(r)};
	int rc = mf_predict_stream(m, r, &po, collect_batch, &c);
	if (rc == 0 && c.n == 0) {
		mf_error("%s: no sequences to evaluate", c.path);
		rc = -1;
	}
	if (rc == 0)
		rc = write_metrics(o, &c, r);
	free(c.score);
	free(c.label);
	return rc;
}

int main_evaluate(int argc, char **argv)
{
	eval_opt_t o;
	memset(&o, 0, sizeof o);
	mf_common_init(&o.common);
	mf_model_opt_init(&o.mo);
	o.out = "-";
	o.batch = 256;
	int rc = eval_parse(&o, argc, argv);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("evaluate") : rc;
	mf_labels_t *L = NULL;
	mf_nameset_t *keep = NULL;
	mf_seqreader_t *r = NULL;
	mf_model_t *m = mf_model_opt_load(&o.mo);
	mf_seqopt_t so;
	mf_seqopt_init(&so);
	rc = MF_EXIT_FAIL;
	if (!m || (o.labels && !(L = mf_labels_load(o.labels))) || (o.names && !(keep = mf_nameset_load(o.names))))
		goto done;
	so.genome = o.genome;
	so.width = o.genome ? m->in_len : 0;
	so.keep = keep;
	if ((r = mf_seqreader_open(o.data, MF_SEQ_AUTO, &so)) && run_evaluate(&o, m, r, L) == 0)
		rc = strcmp(o.out, "-") == 0 ? mf_finish_stdout("evaluate") : MF_EXIT_OK;
done:
	mf_seqreader_close(r);
	mf_nameset_destroy(keep);
	mf_labels_destroy(L);
	mf_model_destroy(m);
	return rc;
}
