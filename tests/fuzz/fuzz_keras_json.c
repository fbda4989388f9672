/* fuzz_keras_json.c: the Keras architecture JSON (what --json and --arch read, and the
 * model_config attribute holds); a model it accepts, if small, gets weights and runs. */
#include "fuzz_util.h"

#include "model/keras_io.h"
#include "model/model.h"
#include "model/train.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_begin();
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	mf_model_t *m = mf_keras_parse_config(text, "fuzz.json");
	free(text);
	int failed = !m;
	if (m && mf_model_n_params(m) < 100000 && (size_t)m->in_len * m->in_ch < 100000 &&
			mf_train_init_weights(m, 1) == 0) {
		float *x = calloc((size_t)m->in_len * m->in_ch, sizeof *x);
		float *y = calloc((size_t)(m->n_out > 0 ? m->n_out : 1), sizeof *y);
		if (!x || !y)
			abort();
		failed = mf_model_forward(m, x, 1, y, 1) < 0;
		char *back = failed ? NULL : mf_keras_config_json(m);
		free(back);
		free(x);
		free(y);
	}
	mf_model_destroy(m);
	fz_end(failed, "parsing a Keras architecture");
	return 0;
}
