/* model_opt.c: the shared model options (model_opt.h). */
#include "cli/model_opt.h"

#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "cli/cli.h"
#include "io/tasks.h"
#include "model/graph.h"
#include "model/normalize.h"
#include "model/onnx_io.h"

void mf_model_opt_init(mf_model_opt_t *o)
{
	memset(o, 0, sizeof *o);
	o->head_kind = -1;
}

int mf_model_opt_parse(mf_model_opt_t *o, int opt, const char *arg)
{
	switch (opt) {
	case 'm': o->model = arg; return 1;
	case 'j': o->json = arg; return 1;
	case MF_OPT_NORMALIZE: o->normalize = 1; return 1;
	case MF_OPT_HEAD: o->head = arg; return 1;
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

/* --head by name or index (io/tasks.h's rule), else the first output of the kind asked. */
static int pick_output(const mf_model_opt_t *o, const mf_model_t *m)
{
	int n = mf_model_n_outputs(m);
	const char *names[64];
	for (int k = 0; k < n && k < 64; ++k)
		names[k] = mf_model_output_name(m, k);
	if (o->head) {
		int k = n <= 64 ? mf_task_find(o->head, names, n) : -1;
		if (k < 0)
			mf_error("--head '%s': the model has no such output (%d: %s%s or 0..%d; see "
				"'motiflift info')", o->head, n, names[0], n > 1 ? ".." : "", n - 1);
		return k;
	}
	for (int k = 0; o->head_kind >= 0 && k < n; ++k) {
		int len, ch;
		mf_model_output_shape(m, k, &len, &ch);
		if ((len > 1) == (o->head_kind == 1))
			return k;
	}
	if (o->head_kind >= 0) {
		mf_error("the model has no %s output (an output with %s)", o->head_kind ? "profile" : "counts",
			o->head_kind ? "several positions" : "one value per task");
		return -1;
	}
	return 0;
}

mf_model_t *mf_model_opt_open(const mf_model_opt_t *o, int *exit_code)
{
	*exit_code = MF_EXIT_FAIL;
	mf_model_t *m = mf_model_opt_is_onnx(o) ? mf_onnx_load(o->model) : mf_model_load(o->model, o->json);
	if (m && o->normalize && mf_normalize_onehot(m, o->model) < 0) {
		mf_model_destroy(m);
		return NULL;
	}
	int k = m ? pick_output(o, m) : 0;
	if (k < 0 || (m && mf_model_select_output(m, k) < 0)) {
		*exit_code = MF_EXIT_USAGE;
		mf_model_destroy(m);
		return NULL;
	}
	return m;
}

mf_model_t *mf_model_opt_load(const mf_model_opt_t *o)
{
	int ec;
	return mf_model_opt_open(o, &ec);
}
