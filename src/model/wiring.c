/* wiring.c: Cropping1D, Add and Concatenate (wiring.h). */
#include "model/wiring.h"

#include <string.h>

#include "model/vec.h"

void mf_crop_forward(const mf_layer_t *l, const float *in, float *out, int n)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	for (int s = 0; s < n; ++s)
		memcpy(out + s * osz, in + s * isz + (size_t)l->crop_left * l->in_ch, osz * sizeof *out);
}

void mf_crop_backward(const mf_layer_t *l, const float *dout, float *din, int n)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	size_t lead = (size_t)l->crop_left * l->in_ch;
	for (int s = 0; s < n; ++s) {
		float *d = din + s * isz;
		memset(d, 0, lead * sizeof *d);
		memcpy(d + lead, dout + s * osz, osz * sizeof *d);
		memset(d + lead + osz, 0, (isz - lead - osz) * sizeof *d);
	}
}

void mf_add_forward(const mf_layer_t *l, const float *const *in, int k, float *out, int n)
{
	size_t total = mf_layer_out_size(l) * (size_t)n;
	if (k == 1) {
		memmove(out, in[0], total * sizeof *out);
		return;
	}
	mf_vec_add(in[0], in[1], out, total); /* (in0 + in1) + in2 + ...: left to right */
	for (int j = 2; j < k; ++j)
		mf_vec_add_into(out, in[j], total);
}

void mf_concat_forward(const mf_layer_t *l, const float *const *in, const int *ch, int k,
	float *out, int n)
{
	size_t rows = (size_t)n * l->out_len;
	for (size_t r = 0; r < rows; ++r) {
		float *o = out + r * l->out_ch;
		for (int j = 0; j < k; ++j) {
			memcpy(o, in[j] + r * ch[j], sizeof *o * ch[j]);
			o += ch[j];
		}
	}
}

void mf_concat_backward(const mf_layer_t *l, const int *ch, int j, const float *dout,
	float *din, int n)
{
	size_t rows = (size_t)n * l->out_len;
	int off = 0;
	for (int q = 0; q < j; ++q)
		off += ch[q];
	for (size_t r = 0; r < rows; ++r)
		memcpy(din + r * ch[j], dout + r * l->out_ch + off, sizeof *din * ch[j]);
}
