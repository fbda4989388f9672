/* layer.h: one layer of a model, its shapes and what it is called: what the kernels and
 * the model both need, so it sits below both (kernels never call into model.c).
 * Activations are row-major [len][ch] per sample, batches [n][len][ch], channels last. */
#ifndef MF_LAYER_H
#define MF_LAYER_H

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

size_t mf_layer_out_size(const mf_layer_t *l);      /* out_len * out_ch */
size_t mf_layer_in_size(const mf_layer_t *l);       /* in_len * in_ch */
/* Trainable + non-trainable parameter count. */
size_t mf_layer_n_params(const mf_layer_t *l);
const char *mf_layer_type_name(mf_layer_type_t t);  /* Keras class name ("Conv1D") */
const char *mf_act_name(mf_act_t a);                /* Keras activation name ("relu") */

#endif
