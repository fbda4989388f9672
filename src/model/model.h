/* model.h: a sequential 1-D convolutional model (the paper's genomics model and its
 * relatives): the layer list, its weights and the forward pass.
 *
 * Ownership: mf_model_load() returns a model owned by the caller, freed with
 * mf_model_destroy() (which accepts NULL). Every pointer inside a layer (name, W, b,
 * bn_scale, bn_shift) belongs to the model. Activations are row-major [len][ch] per
 * sample, batches [n][len][ch], channels last like Keras. */
#ifndef MF_MODEL_H
#define MF_MODEL_H

#include <stddef.h>

#include "model/layer.h"

typedef struct {
	int n_layers;
	mf_layer_t *layers;
	int in_len, in_ch;   /* model input, e.g. 200 x 4 */
	int n_out;           /* outputs of the last layer (tasks) */
	char *model_name;    /* Sequential name ("sequential_1"), may be NULL */
	char *keras_version; /* as read ("2.1.6"); written back */
	char *backend;       /* "tensorflow" */
	char *config_json;   /* the architecture JSON as read (written back verbatim by mf_model_save);
	                        NULL for a model built in code: mf_model_save generates one */
} mf_model_t;

/* Loads a Keras model: weights .h5 + architecture .json, or (json_path NULL) a full-model
 * .h5 with the architecture in the model_config attribute. NULL on error (logged). */
mf_model_t *mf_model_load(const char *h5_path, const char *json_path /* NULL: full-model .h5 */);
/* Writes the full-model Keras HDF5 form (model_config + /model_weights) atomically. 0 or -1. */
int mf_model_save(const mf_model_t *m, const char *path);   /* full-model Keras HDF5, atomic */
void mf_model_destroy(mf_model_t *m);
/* One layer on a batch: in [n][in_len][in_ch] -> out [n][out_len][out_ch]. 0 or -1. Thread-safe (no shared scratch). */
int mf_layer_forward(const mf_layer_t *l, const float *in, float *out, int n);
/* Whole model: x [n][in_len][in_ch] -> out [n][n_out] (probabilities after the final activation). */
int mf_model_forward(const mf_model_t *m, const float *x, int n, float *out, int threads);
/* Like mf_model_forward but stops after layer `last` (inclusive): out [n][out size of that layer].
   mf_model_forward == mf_model_forward_to(m, x, n, out, threads, n_layers - 1). */
int mf_model_forward_to(const mf_model_t *m, const float *x, int n, float *out, int threads, int last);
/* Index of the layer whose output is explained: the last layer that is not the final
   sigmoid/softmax/linear activation (the paper model: dense_2, index 9); -1 on error. */
int mf_model_logit_layer(const mf_model_t *m);
/* Trainable + non-trainable parameter count of the whole model (per layer: layer.h). */
size_t mf_model_n_params(const mf_model_t *m);
/* Deep copy; NULL on allocation failure. */
mf_model_t *mf_model_copy(const mf_model_t *m);

#endif
