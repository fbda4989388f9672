/* cmd_normalize.c: motiflift normalize: appendix K weight normalization, saved as a
 * full-model Keras .h5, or for an ONNX model as ONNX (the same graph, new weights). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/model_opt.h"
#include "model/model.h"
#include "model/normalize.h"
#include "model/onnx_io.h"

typedef struct {
	mf_common_t common;
	mf_model_opt_t mo;
	const char *out;
	int in_place;
} normalize_opt_t;

static void normalize_usage(FILE *fp, const normalize_opt_t *o)
{
	fprintf(fp,
		"Usage: motiflift normalize -m MODEL.h5|MODEL.onnx [--json ARCH.json] (-o OUT | --in-place)\n\n"
		"Mean-normalizes the first convolution's weights across the 4 one-hot channels at\n"
		"each filter position and folds the means into the bias (DeepLIFT paper, appendix K):\n"
		"predictions on one-hot sequences are unchanged, and an all-zeros input then gives\n"
		"each filter's mean output over all one-hot inputs. A Keras model is written as a\n"
		"full-model Keras .h5; an ONNX model as ONNX: the same graph with the convolution's\n"
		"new weights and bias, readable by every ONNX tool.\n\n"
		MF_MODEL_HELP
		"  -o, --output FILE   the normalized model (Keras HDF5, or ONNX for an ONNX model) [%s]\n"
		"      --in-place      replace MODEL itself (written whole to a temporary, then\n"
		"                      renamed over it); without it an output that is an input is refused\n"
		"Common:\n" MF_COMMON_HELP,
		o->out ? o->out : "required", o->common.threads, (unsigned long long)o->common.seed);
}

enum { OPT_IN_PLACE = MF_OPT_FIRST_COMMAND_OPT };

static int normalize_parse(normalize_opt_t *o, int argc, char **argv)
{
	static const mf_longopt_t lo[] = {
		MF_MODEL_LONGOPTS, {"output", MF_OPT_REQ, 'o'}, {"in-place", MF_OPT_NONE, OPT_IN_PLACE},
		MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, MF_MODEL_SHORTOPTS "o:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "normalize");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0 || mf_model_opt_parse(&o->mo, c, s.arg))
			continue;
		switch (c) {
		case 'o': o->out = s.arg; break;
		case OPT_IN_PLACE: o->in_place = 1; break;
		case 'h': normalize_usage(stdout, o); return -1;
		default: return mf_usage_error("normalize", c, &s);
		}
	}
	if (argc != s.ind) {
		fprintf(stderr, "motiflift normalize: unexpected argument '%s'\n", argv[s.ind]);
		return MF_EXIT_USAGE;
	}
	if (o->out && strcmp(o->out, "-") == 0) {
		fprintf(stderr, "motiflift normalize: -o -: an HDF5 model cannot go to standard output; "
			"name a file\n");
		return MF_EXIT_USAGE;
	}
	int rc = mf_model_opt_check(&o->mo, "normalize");
	if (rc == 0 && o->in_place) {
		if (o->out && strcmp(o->out, o->mo.model) != 0) {
			fprintf(stderr, "motiflift normalize: --in-place and -o name two outputs\n");
			return MF_EXIT_USAGE;
		}
		o->out = o->mo.model;
	}
	if (rc == 0 && !o->out) {
		fprintf(stderr, "motiflift normalize: an output is required (-o OUT.h5, or OUT.onnx for an ONNX "
			"model)\n");
		rc = MF_EXIT_USAGE;
	}
	size_t n = o->out ? strlen(o->out) : 0;
	if (rc == 0 && mf_model_opt_is_onnx(&o->mo) && ((n >= 3 && strcmp(o->out + n - 3, ".h5") == 0) ||
			(n >= 5 && strcmp(o->out + n - 5, ".hdf5") == 0))) {
		fprintf(stderr, "motiflift normalize: -o %s: an ONNX model is written back as ONNX; name the "
			"output .onnx\n", o->out);
		rc = MF_EXIT_USAGE;
	}
	return rc;
}

int main_normalize(int argc, char **argv)
{
	normalize_opt_t o;
	memset(&o, 0, sizeof o);
	mf_common_init(&o.common);
	mf_model_opt_init(&o.mo);
	int rc = normalize_parse(&o, argc, argv);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("normalize") : rc;
	const char *ins[] = {o.in_place ? NULL : o.mo.model, o.mo.json}, *outs[] = {o.out};
	if (mf_check_files("normalize", outs, 1, ins, 2, "--in-place") < 0)
		return MF_EXIT_FAIL;
	mf_model_t *m = mf_model_opt_load(&o.mo);
	if (!m)
		return MF_EXIT_FAIL;
	int onnx = mf_model_opt_is_onnx(&o.mo);
	rc = mf_normalize_onehot(m, o.mo.model) < 0 ||
		(onnx ? mf_onnx_save(o.mo.model, m, o.out) : mf_model_save(m, o.out)) < 0 ? MF_EXIT_FAIL : MF_EXIT_OK;
	mf_model_destroy(m);
	return rc;
}
