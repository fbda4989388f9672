/* layer.c: a layer's sizes, parameter count, Keras names and memory. */
#include "model/layer.h"

#include <stdlib.h>

size_t mf_layer_out_size(const mf_layer_t *l)
{
	return (size_t)l->out_len * (size_t)l->out_ch;
}

size_t mf_layer_in_size(const mf_layer_t *l)
{
	return (size_t)l->in_len * (size_t)l->in_ch;
}

const char *mf_layer_type_name(mf_layer_type_t t)
{
	static const char *names[] = {"Conv1D", "Dense", "Activation", "AveragePooling1D",
		"MaxPooling1D", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "Flatten", "Dropout",
		"BatchNormalization", "Cropping1D", "Add", "Concatenate", "Reshape"};
	return (unsigned)t < sizeof names / sizeof *names ? names[t] : "?";
}

const char *mf_act_name(mf_act_t a)
{
	static const char *names[] = {"linear", "relu", "sigmoid", "softmax", "tanh"};
	return (unsigned)a < sizeof names / sizeof *names ? names[a] : "?";
}

size_t mf_layer_n_params(const mf_layer_t *l)
{
	switch (l->type) {
	case MF_LAYER_CONV1D:
		return (size_t)l->k * l->in_ch * l->out_ch + (l->use_bias ? (size_t)l->out_ch : 0);
	case MF_LAYER_DENSE:
		return mf_layer_in_size(l) * l->out_ch + (l->use_bias ? (size_t)l->out_ch : 0);
	case MF_LAYER_BATCHNORM:
		return (size_t)l->in_ch * (2 + (l->bn_center ? 1 : 0) + (l->bn_scale_used ? 1 : 0));
	default:
		return 0;
	}
}

int mf_layer_n_inputs(const mf_layer_t *l)
{
	return l->n_in > 0 ? l->n_in : 1;
}

int mf_layer_is_view(const mf_layer_t *l)
{
	return l->type == MF_LAYER_FLATTEN || l->type == MF_LAYER_RESHAPE || l->type == MF_LAYER_DROPOUT;
}

void mf_layer_release(mf_layer_t *l)
{
	free(l->name);
	free(l->W);
	free(l->b);
	free(l->bn_scale);
	free(l->bn_shift);
	free(l->bn_gamma);
	free(l->bn_beta);
	free(l->bn_mean);
	free(l->bn_var);
}
