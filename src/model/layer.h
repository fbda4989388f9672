/* layer.h: one layer of a model, its shapes and what it is called: what the kernels and
 * the model both need, so it sits below both (kernels never call into model.c).
 * Activations are row-major [len][ch] per sample, batches [n][len][ch], channels last.
 *
 * Layers form a directed acyclic graph: a layer reads the outputs of the layers listed in
 * in[] (all earlier in the model's layer list, so the list is a topological order), or,
 * when n_in is 0, the previous layer's output (the model input for layer 0): a chain, the
 * Sequential case, needs no links at all. */
#ifndef MF_LAYER_H
#define MF_LAYER_H

#include <stddef.h>

typedef enum {
	MF_LAYER_CONV1D, MF_LAYER_DENSE, MF_LAYER_ACT, MF_LAYER_AVGPOOL, MF_LAYER_MAXPOOL,
	MF_LAYER_GLOBAL_AVGPOOL, MF_LAYER_GLOBAL_MAXPOOL, MF_LAYER_FLATTEN, MF_LAYER_DROPOUT,
	MF_LAYER_BATCHNORM,
	MF_LAYER_CROP,      /* Cropping1D: crop_left rows off the start, the rest off the end */
	MF_LAYER_ADD,       /* elementwise sum of n_in inputs of one shape */
	MF_LAYER_CONCAT,    /* its inputs side by side along the channels */
	MF_LAYER_RESHAPE    /* a new (len, ch) of the same values: no work in row-major memory */
} mf_layer_type_t;   /* InputLayer is dropped at load time */

enum {
	MF_LAYER_MAX_IN = 16,  /* inputs of an Add or Concatenate */
	MF_MODEL_INPUT = -1    /* in[]: the model's input */
};

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
	/* ---- the graph (all zero in a chain) ---- */
	int n_in;            /* inputs listed in in[]; 0: the previous layer (the model input for layer 0) */
	int in[MF_LAYER_MAX_IN]; /* producing layer indices, MF_MODEL_INPUT for the model input */
	int crop_left;       /* Cropping1D */
	int reshape_rank;    /* Reshape: 1 for a target shape (n,) (saved as such), else 2 */
} mf_layer_t;

size_t mf_layer_out_size(const mf_layer_t *l);      /* out_len * out_ch */
size_t mf_layer_in_size(const mf_layer_t *l);       /* in_len * in_ch */
/* Trainable + non-trainable parameter count. */
size_t mf_layer_n_params(const mf_layer_t *l);
const char *mf_layer_type_name(mf_layer_type_t t);  /* Keras class name ("Conv1D") */
const char *mf_act_name(mf_act_t a);                /* Keras activation name ("relu") */
/* How many inputs the layer reads (n_in, or 1 in a chain). */
int mf_layer_n_inputs(const mf_layer_t *l);
/* Frees what the layer owns (its name, weights and batch-normalization arrays). */
void mf_layer_release(mf_layer_t *l);
/* 1 for the layers whose output is their input's memory unchanged (Flatten, Reshape,
   Dropout at inference): the forward pass hands the input on without copying. */
int mf_layer_is_view(const mf_layer_t *l);

#endif
