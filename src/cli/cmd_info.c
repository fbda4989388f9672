/* cmd_info.c: motiflift info: a model's layers, shapes and parameter counts. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/model_opt.h"
#include "model/graph.h"
#include "model/model.h"

typedef struct {
	mf_common_t common;
	mf_model_opt_t mo;
} info_opt_t;

static void info_usage(FILE *fp, const info_opt_t *o)
{
	fprintf(fp,
		"Usage: motiflift info -m MODEL.h5 [--json ARCH.json]\n\n"
		"Prints the model's layers (as motiflift runs them: fused activations split off),\n"
		"their output shapes and parameter counts, the total, and the input length.\n\n"
		MF_MODEL_HELP
		"Common:\n" MF_COMMON_HELP,
		o->common.threads, (unsigned long long)o->common.seed);
}

static int info_parse(info_opt_t *o, int argc, char **argv)
{
	static const mf_longopt_t lo[] = {
		MF_MODEL_LONGOPTS, MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, MF_MODEL_SHORTOPTS MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "info");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0 || mf_model_opt_parse(&o->mo, c, s.arg))
			continue;
		switch (c) {
		case 'h': info_usage(stdout, o); return -1;
		default: return mf_usage_error("info", c, &s);
		}
	}
	if (argc - s.ind == 1 && !o->mo.model)
		o->mo.model = argv[s.ind]; /* 'motiflift info model.h5' works too */
	else if (argc != s.ind) {
		fprintf(stderr, "motiflift info: unexpected argument '%s'\n", argv[s.ind]);
		return MF_EXIT_USAGE;
	}
	return mf_model_opt_check(&o->mo, "info");
}

static void layer_detail(const mf_layer_t *l, char *detail, size_t cap)
{
	snprintf(detail, cap, "-");
	if (l->type == MF_LAYER_CONV1D)
		snprintf(detail, cap, "filters=%d,width=%d,stride=%d,dilation=%d,pad_left=%d",
			l->out_ch, l->k, l->stride, l->dilation, l->pad_left);
	else if (l->type == MF_LAYER_DENSE)
		snprintf(detail, cap, "units=%d", l->out_ch);
	else if (l->type == MF_LAYER_ACT)
		snprintf(detail, cap, "%s", mf_act_name(l->act));
	else if (l->type == MF_LAYER_AVGPOOL || l->type == MF_LAYER_MAXPOOL)
		snprintf(detail, cap, "pool=%d,stride=%d,pad_left=%d", l->k, l->stride, l->pad_left);
	else if (l->type == MF_LAYER_DROPOUT)
		snprintf(detail, cap, "rate=%g", l->rate);
	else if (l->type == MF_LAYER_CROP)
		snprintf(detail, cap, "crop=%d,%d", l->crop_left, l->in_len - l->out_len - l->crop_left);
}

/* The layers a layer reads, by name ("input" for the model's input). */
static void print_inputs(const mf_model_t *m, int i)
{
	for (int j = 0; j < mf_layer_n_inputs(&m->layers[i]); ++j) {
		int q = mf_model_layer_input(m, i, j);
		printf("%s%s", j ? "," : "\t", q < 0 ? "input" : m->layers[q].name);
	}
}

static void print_outputs(mf_model_t *m)
{
	for (int k = 0; k < mf_model_n_outputs(m); ++k) {
		int len, ch;
		mf_model_select_output(m, k);
		mf_model_output_shape(m, k, &len, &ch);
		printf("#output\t%d\t%s\t%d x %d\t%d values\tlogit_layer=%d\n", k, mf_model_output_name(m, k),
			len, ch, m->n_out, mf_model_logit_layer(m));
	}
	mf_model_select_output(m, 0);
}

static void print_model(mf_model_t *m)
{
	printf("#input\t%d x %d\n", m->in_len, m->in_ch);
	if (m->origin)
		printf("#source\t%s\n", m->origin);
	printf("#index\tname\tclass\tdetail\toutput\tparams\tinputs\n");
	for (int i = 0; i < m->n_layers; ++i) {
		const mf_layer_t *l = &m->layers[i];
		char detail[128];
		layer_detail(l, detail, sizeof detail);
		printf("%d\t%s\t%s\t%s\t%d x %d\t%zu", i, l->name, mf_layer_type_name(l->type), detail,
			l->out_len, l->out_ch, mf_layer_n_params(l));
		print_inputs(m, i);
		putchar('\n');
	}
	printf("#total_params\t%zu\n", mf_model_n_params(m));
	print_outputs(m);
	printf("#outputs\t%d\n#logit_layer\t%d\n", m->n_out, mf_model_logit_layer(m));
}

int main_info(int argc, char **argv)
{
	info_opt_t o;
	memset(&o, 0, sizeof o);
	mf_common_init(&o.common);
	mf_model_opt_init(&o.mo);
	int rc = info_parse(&o, argc, argv);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("info") : rc;
	mf_model_t *m = mf_model_opt_load(&o.mo);
	if (!m)
		return MF_EXIT_FAIL;
	print_model(m);
	mf_model_destroy(m);
	return mf_finish_stdout("info");
}
