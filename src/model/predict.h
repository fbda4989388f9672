/* predict.h: runs a model over a stream of sequences, batch by batch.
 * Results arrive through a callback in input order; they do not depend on the batch
 * size or the thread count (see mf_model_forward). */
#ifndef MF_PREDICT_H
#define MF_PREDICT_H

#include "model/model.h"
#include "io/seqio.h"

typedef struct {
	int batch;    /* sequences per batch (> 0) */
	int threads;
	int resize;   /* centre-resize sequences of another length instead of failing */
	int logits;   /* report the logit layer's output (mf_model_logit_layer) */
} mf_predict_opt_t;

void mf_predict_opt_init(mf_predict_opt_t *o);

/* Called once per batch: out [b->n][n_out]. Non-zero return stops the run (that value is
   returned). The batch and out are owned by mf_predict_stream. */
typedef int (*mf_predict_cb)(void *ud, const mf_batch_t *b, const float *out, int n_out);

/* 0 on success, -1 on error (logged), or the callback's non-zero value. */
int mf_predict_stream(const mf_model_t *m, mf_seqreader_t *r, const mf_predict_opt_t *o,
	mf_predict_cb cb, void *ud);

/* Output count of the layer that predictions report (last layer, or the logit layer). */
int mf_predict_n_out(const mf_model_t *m, int logits);

#endif
