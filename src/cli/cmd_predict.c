/* cmd_predict.c: motiflift predict: a model's outputs for each sequence, as TSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/model_opt.h"
#include "base/log.h"
#include "model/model.h"
#include "io/nameset.h"
#include "model/predict.h"
#include "io/seqio.h"
#include "io/tasks.h"
#include "io/writer.h"

typedef struct {
	mf_common_t common;
	mf_model_opt_t mo;
	const char *genome, *names, *out;
	long batch;
	int logits, resize;
} predict_opt_t;

static void predict_opt_init(predict_opt_t *o)
{
	memset(o, 0, sizeof *o);
	mf_common_init(&o->common);
	mf_model_opt_init(&o->mo);
	o->out = "-";
	o->batch = 256;
}

static void predict_usage(FILE *fp, const predict_opt_t *o)
{
	fprintf(fp,
		"Usage: motiflift predict -m MODEL.h5 [--json ARCH.json] [options] <seqs>\n\n"
		"Runs a Keras 1-D convolutional model on each sequence (FASTA, simdata TSV, or BED\n"
		"regions with --genome) and writes a TSV: name, then one column per output, named\n"
		"by the data (a simdata header's task columns) or task<index> (task0..).\n\n"
		"Model:\n"
		MF_MODEL_HELP MF_MODEL_NORMALIZE_HELP MF_MODEL_HEAD_HELP
		"      --logits        report the pre-activation outputs (before the final sigmoid/softmax)\n"
		"Input:\n"
		"  -g, --genome FILE   genome FASTA for BED input (regions resized to the model's input)\n"
		"  -n, --names FILE    only the records named in FILE (one per line, gzip ok)\n"
		"      --resize        centre-resize sequences of another length (trim or pad with N)\n"
		"                      instead of failing\n"
		"  -b, --batch-size INT  sequences per batch [%ld]\n"
		"Output:\n"
		"  -o, --output FILE   TSV (.gz: bgzip) [%s]\n"
		"Common:\n" MF_COMMON_HELP,
		o->batch, o->out, o->common.threads, (unsigned long long)o->common.seed);
}

enum { OPT_LOGITS = MF_OPT_FIRST_COMMAND_OPT, OPT_RESIZE };

static int predict_parse(predict_opt_t *o, int argc, char **argv, int *first)
{
	static const mf_longopt_t lo[] = {
		MF_MODEL_LONGOPTS, MF_MODEL_NORMALIZE_LONGOPT, MF_MODEL_HEAD_LONGOPT,
		{"logits", MF_OPT_NONE, OPT_LOGITS},
		{"genome", MF_OPT_REQ, 'g'}, {"names", MF_OPT_REQ, 'n'}, {"resize", MF_OPT_NONE, OPT_RESIZE},
		{"batch-size", MF_OPT_REQ, 'b'}, {"output", MF_OPT_REQ, 'o'}, MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, MF_MODEL_SHORTOPTS "g:n:b:o:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "predict");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0 || mf_model_opt_parse(&o->mo, c, s.arg))
			continue;
		switch (c) {
		case OPT_LOGITS: o->logits = 1; break;
		case 'g': o->genome = s.arg; break;
		case 'n': o->names = s.arg; break;
		case OPT_RESIZE: o->resize = 1; break;
		case 'b':
			if (mf_parse_int("predict", "--batch-size", s.arg, 1, 1 << 20, &o->batch) < 0)
				return MF_EXIT_USAGE;
			break;
		case 'o': o->out = s.arg; break;
		case 'h': predict_usage(stdout, o); return -1;
		default: return mf_usage_error("predict", c, &s);
		}
	}
	int rc = mf_model_opt_check(&o->mo, "predict");
	if (rc != 0)
		return rc;
	if (argc - s.ind != 1) {
		fprintf(stderr, "motiflift predict: expected one sequence file (see 'motiflift predict --help')\n");
		return MF_EXIT_USAGE;
	}
	*first = s.ind;
	return 0;
}

static int write_rows(void *ud, const mf_batch_t *b, const float *out, int n_out)
{
	mf_out_t *w = ud;
	for (int i = 0; i < b->n; ++i) {
		if (mf_out_puts(w, b->seq[i].name) < 0)
			return -1;
		for (int t = 0; t < n_out; ++t)
			if (mf_out_printf(w, "\t%.9g", out[(size_t)i * n_out + t]) < 0)
				return -1;
		if (mf_out_puts(w, "\n") < 0)
			return -1;
	}
	return 0;
}

static int run_predict(const predict_opt_t *o, const mf_model_t *m, mf_seqreader_t *r)
{
	mf_predict_opt_t po;
	mf_predict_opt_init(&po);
	po.batch = (int)o->batch;
	po.threads = o->common.threads;
	po.resize = o->resize;
	po.logits = o->logits;
	int n_out = mf_predict_n_out(m, o->logits);
	mf_out_t *w = n_out > 0 ? mf_out_open(o->out) : NULL;
	if (!w)
		return -1;
	const char **names = calloc((size_t)n_out, sizeof *names);
	int named = names && mf_task_names_from_data(r, n_out, names);
	int rc = names ? mf_out_puts(w, "name") : -1;
	for (int t = 0; rc == 0 && t < n_out; ++t)
		rc = named ? mf_out_printf(w, "\t%s", names[t]) : mf_out_printf(w, "\ttask%d", t);
	free(names);
	if (rc == 0)
		rc = mf_out_puts(w, "\n");
	if (rc == 0)
		rc = mf_predict_stream(m, r, &po, write_rows, w);
	if (rc != 0) {
		mf_out_abort(w);
		return -1;
	}
	return mf_out_close(w);
}

int main_predict(int argc, char **argv)
{
	predict_opt_t o;
	int first = 0;
	predict_opt_init(&o);
	int rc = predict_parse(&o, argc, argv, &first);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("predict") : rc;
	int ec;
	mf_model_t *m = mf_model_opt_open(&o.mo, &ec);
	if (!m)
		return ec;
	mf_nameset_t *keep = NULL;
	mf_seqreader_t *r = NULL;
	mf_seqopt_t so;
	mf_seqopt_init(&so);
	so.genome = o.genome;
	so.width = o.genome ? m->in_len : 0;
	if (o.names && !(keep = mf_nameset_load(o.names)))
		goto fail;
	so.keep = keep;
	if (!(r = mf_seqreader_open(argv[first], MF_SEQ_AUTO, &so)) || run_predict(&o, m, r) < 0)
		goto fail;
	mf_seqreader_close(r);
	mf_nameset_destroy(keep);
	mf_model_destroy(m);
	return strcmp(o.out, "-") == 0 ? mf_finish_stdout("predict") : MF_EXIT_OK;
fail:
	mf_seqreader_close(r);
	mf_nameset_destroy(keep);
	mf_model_destroy(m);
	return MF_EXIT_FAIL;
}
