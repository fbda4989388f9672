/* normalize.c: appendix K, W'[k][c][o] = W[k][c][o] - mean_c W[k][.][o], b'[o] = b[o] +
 * sum_k mean_c W[k][.][o]. Means are taken in float64 and the centred weights rounded
 * once, so the positions' weights sum to zero up to one float32 rounding each. */
#include <stdlib.h>

#include "base/log.h"
#include "model/graph.h"
#include "model/normalize.h"

int mf_normalize_onehot(mf_model_t *m, const char *src)
{
	const char *what = src ? src : "model";
	const mf_layer_t *first = m && m->n_layers > 0 ? &m->layers[0] : NULL;
	if (!first) {
		mf_error("%s: the model has no layers", what);
		return -1;
	}
	if (first->type != MF_LAYER_CONV1D || first->in_ch != 4 ||
			mf_model_layer_input(m, 0, 0) != MF_MODEL_INPUT) {
		mf_error("%s: the first layer '%s' is a %s over %d channels; normalization needs a "
			"Conv1D over the 4 one-hot channels", what, first->name, mf_layer_type_name(first->type),
			first->in_ch);
		return -1;
	}
	mf_layer_t *l = &m->layers[0];
	if (l->pad_left > 0 || l->same_pad)
		mf_warn("%s: layer '%s' pads its input with zeros: outputs at the sequence edges change",
			what, l->name);
	for (int o = 0; o < l->out_ch; ++o) {
		double shift = 0.0;
		for (int k = 0; k < l->k; ++k) {
			float *w = l->W + (size_t)k * 4 * l->out_ch + o;
			double mean = ((double)w[0] + w[l->out_ch] + w[2 * l->out_ch] + w[3 * l->out_ch]) / 4.0;
			for (int c = 0; c < 4; ++c)
				w[(size_t)c * l->out_ch] = (float)(w[(size_t)c * l->out_ch] - mean);
			shift += mean;
		}
		l->b[o] = (float)(l->b[o] + shift);
	}
	if (!l->use_bias) {
		l->use_bias = 1; /* the folded means need a bias; the saved config must say so */
		free(m->config_json); /* regenerated from the layers when saved */
		m->config_json = NULL;
		mf_warn("%s: layer '%s' had no bias; the normalized model gains one", what, l->name);
	}
	return 0;
}
