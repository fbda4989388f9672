/* fuzz_onnx.c: the ONNX reader (what -m opens when the file is a protobuf): the protobuf,
 * the graph's ops and shape folding; a model it accepts, if small, runs on zeros and is
 * written back (normalize's path) and read again. */
#include "fuzz_util.h"

#include "model/model.h"
#include "model/onnx_io.h"

static int run_zeros(mf_model_t *m)
{
	float *x = calloc((size_t)m->in_len * m->in_ch, sizeof *x);
	float *y = calloc((size_t)(m->n_out > 0 ? m->n_out : 1), sizeof *y);
	if (!x || !y)
		abort();
	int rc = mf_model_forward(m, x, 1, y, 1);
	free(x);
	free(y);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[600], back[600];
	fz_begin();
	fz_write(path, sizeof path, "in.onnx", data, size);
	mf_model_t *m = mf_onnx_load(path);
	int failed = !m;
	if (m && mf_model_n_params(m) < 100000 && (size_t)m->in_len * m->in_ch < 100000) {
		failed = run_zeros(m) < 0;
		fz_path(back, sizeof back, "back.onnx");
		if (!failed && !(failed = mf_onnx_save(path, m, back) < 0)) {
			mf_model_t *again = mf_onnx_load(back);
			failed = !again; /* what motiflift writes, it reads */
			mf_model_destroy(again);
		}
	}
	mf_model_destroy(m);
	fz_end(failed, "reading an ONNX model");
	return 0;
}
