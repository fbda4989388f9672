/* wiring.h: the layers that only move values around or add them: Cropping1D, Add,
 * Concatenate (channels), and their input gradients (which are also their DeepLIFT
 * multipliers: all three are linear). Batches are [n][len][ch] per input. */
#ifndef MF_WIRING_H
#define MF_WIRING_H

#include "model/layer.h"

/* in [n][in_len][ch] -> out [n][out_len][ch]: rows crop_left .. crop_left + out_len. */
void mf_crop_forward(const mf_layer_t *l, const float *in, float *out, int n);
/* dout [n][out_len][ch] -> din [n][in_len][ch], zeros where rows were cropped. */
void mf_crop_backward(const mf_layer_t *l, const float *dout, float *din, int n);
/* out = in[0] + in[1] + ... + in[k-1], summed in that order. */
void mf_add_forward(const mf_layer_t *l, const float *const *in, int k, float *out, int n);
/* Inputs of ch[0..k) channels side by side: out [n][len][sum ch]. */
void mf_concat_forward(const mf_layer_t *l, const float *const *in, const int *ch, int k,
	float *out, int n);
/* Input j's channels of dout: din [n][len][ch[j]]. */
void mf_concat_backward(const mf_layer_t *l, const int *ch, int j, const float *dout,
	float *din, int n);

#endif
