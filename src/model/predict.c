/* predict.c: sequences -> one-hot batches -> forward pass -> callback. */
#include <stdlib.h>

#include "base/log.h"
#include "model/graph.h"
#include "model/predict.h"

void mf_predict_opt_init(mf_predict_opt_t *o)
{
	o->batch = 256;
	o->threads = 1;
	o->resize = 0;
	o->logits = 0;
}

int mf_predict_n_out(const mf_model_t *m, int logits)
{
	int last = logits ? mf_model_logit_layer(m) : mf_model_output_layer(m, m->output);
	return last < 0 ? -1 : (int)mf_layer_out_size(&m->layers[last]);
}

int mf_predict_stream(const mf_model_t *m, mf_seqreader_t *r, const mf_predict_opt_t *o,
	mf_predict_cb cb, void *ud)
{
	if (m->in_ch != 4) {
		mf_error("%s: the model takes %d input channels, not 4 (one-hot DNA)", mf_seqreader_path(r), m->in_ch);
		return -1;
	}
	int last = o->logits ? mf_model_logit_layer(m) : mf_model_output_layer(m, m->output);
	int n_out = mf_predict_n_out(m, o->logits);
	if (last < 0 || n_out < 1)
		return -1;
	mf_batch_t *b = mf_batch_create(o->batch, (size_t)m->in_len); /* logs its failure */
	float *out = b ? malloc(sizeof(float) * (size_t)o->batch * n_out) : NULL;
	int rc = 0, n = 0;
	if (!b || !out) {
		if (b)
			mf_error("out of memory for a batch of %d sequences", o->batch);
		rc = -1;
	}
	while (rc == 0 && (n = mf_batch_read(b, r, o->resize)) > 0) {
		if (mf_model_forward_to(m, b->x, n, out, o->threads, last) < 0)
			rc = -1;
		else
			rc = cb(ud, b, out, n_out);
	}
	if (rc == 0 && n < 0)
		rc = -1;
	free(out);
	mf_batch_destroy(b);
	return rc;
}
