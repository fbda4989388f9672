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

typedef enum {
	MF_LAYER_CONV1D, MF_LAYER_DENSE, MF_LAYER_ACT, MF_LAYER_AVGPOOL, MF_LAYER_MAXPOOL,
	MF_LAYER_GLOBAL_AVGPOOL, MF_LAYER_GLOBAL_MAXPOOL, MF_LAYER_FLATTEN, MF_LAYER_DROPOUT,
	MF_LAYER_BATCHNORM
} mf_layer_type_t;   /* InputLayer is dropped at load time */

typedef enum { MF_ACT_LINEAR, MF_ACT_RELU, MF_ACT_SIGMOID, MF_ACT_SOFTMAX, MF_ACT_TANH } mf_act_t;

typedef struct {
	mf_layer_type_t type;
	char *name;          /* Keras layer name ("conv1d_1"); a fused activation split off a Conv1D/Dense
	                        becomes its own MF_LAYER_ACT layer named "<layer>/activation" */
	int in_len, in_ch;   /* input activation shape per sample (length, channels); Dense: in_len = 1 */
	int out_len, out_ch; /* output shape per sample; activations are row-major [len][ch] per sample */
	/* Conv1D: out_ch filters of width k; pooling: k = pool size. stride, dilation (conv only),
	   pad_left = zeros added before position 0 ('valid': 0; 'same': Keras' rule) */
	int k, stride, dilation, pad_left;
	mf_act_t act;        /* MF_LAYER_ACT only */
	float *W;            /* Conv1D [k][in_ch][out_ch]; Dense [in][out] (Keras axis order) */
	float *b;            /* [out_ch] (Dense: [out]) */
	float *bn_scale, *bn_shift; /* BatchNorm at inference: y = x*scale[c] + shift[c] (folded from gamma, beta, mean, var, eps) */
	float rate;          /* Dropout rate (identity at inference) */
	/* ---- additions beyond the contract ---- */
	int use_bias;        /* Conv1D/Dense: the config asks for a bias (b is then non-NULL) */
	int same_pad;        /* Conv1D/pooling: 1 when Keras padding was 'same' (kept for saving) */
	int fused_from;      /* MF_LAYER_ACT split off a Conv1D/Dense: 1 (saved back into that layer) */
	float *bn_gamma, *bn_beta, *bn_mean, *bn_var; /* BatchNorm: the Keras weights, kept for saving */
	float bn_eps;
	int bn_center, bn_scale_used; /* BatchNorm config: beta / gamma present */
} mf_layer_t;

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
size_t mf_layer_out_size(const mf_layer_t *l);               /* out_len * out_ch */
size_t mf_layer_in_size(const mf_layer_t *l);                /* in_len * in_ch */
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
/* Trainable + non-trainable parameter count of one layer / the whole model. */
size_t mf_layer_n_params(const mf_layer_t *l);
size_t mf_model_n_params(const mf_model_t *m);
const char *mf_layer_type_name(mf_layer_type_t t);  /* Keras class name ("Conv1D") */
const char *mf_act_name(mf_act_t a);                /* Keras activation name ("relu") */
/* Deep copy; NULL on allocation failure. */
mf_model_t *mf_model_copy(const mf_model_t *m);

#endif
