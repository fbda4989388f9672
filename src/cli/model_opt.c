/* model_opt.c: the shared model options (model_opt.h). */
#include "cli/model_opt.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "model/normalize.h"
#include "model/onnx_io.h"

void mf_model_opt_init(mf_model_opt_t *o)
{
	memset(o, 0, sizeof *o);
}

int mf_model_opt_parse(mf_model_opt_t *o, int opt, const char *arg)
{
	switch (opt) {
	case 'm': o->model = arg; return 1;
	case 'j': o->json = arg; return 1;
	case MF_OPT_NORMALIZE: o->normalize = 1; return 1;
	default: return 0;
	}
}

int mf_model_opt_check(const mf_model_opt_t *o, const char *cmd)
{
	if (!o->model) {
		fprintf(stderr, "motiflift %s: a model is required (-m MODEL.h5)\n", cmd);
		return MF_EXIT_USAGE;
	}
	if (o->json && mf_model_opt_is_onnx(o)) {
		fprintf(stderr, "motiflift %s: %s is an ONNX model, which carries its architecture: --json is "
			"only for weights-only Keras .h5 files\n", cmd, o->model);
		return MF_EXIT_USAGE;
	}
	return 0;
}

int mf_model_opt_is_onnx(const mf_model_opt_t *o)
{
	return o->model && mf_onnx_sniff(o->model);
}

mf_model_t *mf_model_opt_load(const mf_model_opt_t *o)
{
	mf_model_t *m = mf_model_opt_is_onnx(o) ? mf_onnx_load(o->model) : mf_model_load(o->model, o->json);
	if (m && o->normalize && mf_normalize_onehot(m, o->model) < 0) {
		mf_model_destroy(m);
		return NULL;
	}
	return m;
}
