/* onnx_view.c (room onnx_io): activations as views of a layer's [len][ch] memory, and
 * laying a view out as (length, channels) memory for the layers that need it. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "model/onnx_internal.h"

size_t mf_oact_count(const mf_oact_t *a)
{
	size_t n = 1;
	for (int k = 0; k < a->rank; ++k)
		n *= (size_t)a->dims[k];
	return n;
}

long mf_oact_offset(const mf_oact_t *a, const int *idx)
{
	if (a->offs) {
		size_t flat = 0;
		for (int k = 0; k < a->rank; ++k)
			flat = flat * (size_t)a->dims[k] + (size_t)idx[k];
		return a->offs[flat];
	}
	long o = a->base;
	for (int k = 0; k < a->rank; ++k)
		o += idx[k] * a->strides[k];
	return o;
}

/* Steps idx through dims in row-major order; 0 after the last element. */
static int next_index(int *idx, int rank, const int *dims)
{
	for (int k = rank - 1; k >= 0; --k) {
		if (++idx[k] < dims[k])
			return 1;
		idx[k] = 0;
	}
	return 0;
}

int *mf_oact_offsets(const mf_oact_t *a)
{
	size_t n = mf_oact_count(a);
	int *o = malloc(sizeof *o * (n ? n : 1));
	if (!o) {
		mf_error("out of memory for a view of %zu values", n);
		return NULL;
	}
	if (a->offs) {
		memcpy(o, a->offs, sizeof *o * n);
		return o;
	}
	int idx[MF_ONNX_MAX_RANK] = {0};
	size_t k = 0;
	if (n)
		do
			o[k++] = (int)mf_oact_offset(a, idx);
		while (next_index(idx, a->rank, a->dims));
	return o;
}

void mf_oact_canonical(mf_oact_t *a, int layer, int len, int ch, int rank, const int *dims,
	int len_axis, int ch_axis)
{
	memset(a, 0, sizeof *a);
	a->layer = layer;
	a->mem_len = len;
	a->mem_ch = ch;
	a->rank = rank;
	a->pad_axis = -1;
	for (int k = 0; k < rank; ++k) {
		a->dims[k] = dims[k];
		a->strides[k] = k == len_axis ? ch : k == ch_axis ? 1 : 0;
	}
}

int mf_oact_set_offsets(mf_oact_t *a, int rank, const int *dims, int *offs)
{
	free(a->offs);
	a->offs = offs;
	a->rank = rank;
	a->base = 0;
	for (int k = 0; k < rank; ++k) {
		a->dims[k] = dims[k];
		a->strides[k] = 0;
	}
	size_t n = mf_oact_count(a);
	if (n == 0)
		return 0;
	/* strides from the unit steps, kept when they reproduce every offset */
	size_t unit = 1;
	for (int k = rank - 1; k >= 0; --k) {
		if (dims[k] > 1)
			a->strides[k] = (long)offs[unit] - offs[0];
		unit *= (size_t)dims[k];
	}
	int idx[MF_ONNX_MAX_RANK] = {0};
	size_t i = 0;
	do {
		long o = offs[0];
		for (int k = 0; k < rank; ++k)
			o += idx[k] * a->strides[k];
		if (o != offs[i++])
			return 0; /* irregular: keep the offsets */
	} while (next_index(idx, rank, dims));
	a->base = offs[0];
	a->offs = NULL;
	free(offs);
	return 0;
}

int mf_oact_copy(mf_oact_t *d, const mf_oact_t *s)
{
	*d = *s;
	d->offs = NULL;
	if (s->offs) {
		size_t n = mf_oact_count(s);
		if (!(d->offs = malloc(sizeof *d->offs * (n ? n : 1)))) {
			mf_error("out of memory copying a view");
			return -1;
		}
		memcpy(d->offs, s->offs, sizeof *d->offs * n);
	}
	return 0;
}

void mf_oact_free(mf_oact_t *a)
{
	free(a->offs);
	a->offs = NULL;
}

/* The offset difference one step along axis k makes at the origin. */
static long axis_step(const mf_oact_t *a, int k)
{
	int idx[MF_ONNX_MAX_RANK] = {0};
	long o0 = mf_oact_offset(a, idx);
	idx[k] = 1;
	return mf_oact_offset(a, idx) - o0;
}

int mf_oact_axes(mf_oconv_t *c, const mf_oact_t *a, int *len_axis, int *ch_axis)
{
	int ax[MF_ONNX_MAX_RANK], n = 0;
	for (int k = 0; k < a->rank; ++k)
		if (a->dims[k] > 1)
			ax[n++] = k;
	*len_axis = *ch_axis = -1;
	if (n > 2) {
		mf_onode_error(c, "a value with %d axes longer than 1 (motiflift's values are (length, "
			"channels))", n);
		return -1;
	}
	if (n == 1) {
		long st = axis_step(a, ax[0]);
		int is_len = a->mem_len > 1 && (a->mem_ch == 1 || st % a->mem_ch == 0);
		*(is_len ? len_axis : ch_axis) = ax[0];
	} else if (n == 2) {
		long s0 = labs(axis_step(a, ax[0])), s1 = labs(axis_step(a, ax[1]));
		*ch_axis = s0 <= s1 ? ax[0] : ax[1];
		*len_axis = s0 <= s1 ? ax[1] : ax[0];
	}
	return 0;
}

/* ---- materializing -------------------------------------------------------------------- */

/* A k = 1 convolution from in_ch to out_ch channels with W[0][src[c]][c] = 1 (a channel
   picked or passed on as it is: products with 1 and sums with 0 change no value), and
   pad_l/pad_r zero rows around the length (a Pad). */
static int pick_conv(mf_oconv_t *c, int src, int len, int in_ch, int out_ch, const int *pick,
	int pad_l, int pad_r, const char *suffix)
{
	mf_layer_t *l = mf_olayer_weighted(c, MF_LAYER_CONV1D, suffix, src, len, in_ch, len + pad_l + pad_r,
		out_ch, (size_t)in_ch * out_ch);
	if (!l)
		return -2;
	l->pad_left = pad_l;
	for (int o = 0; o < out_ch; ++o)
		l->W[(size_t)(pick ? pick[o] : o) * out_ch + o] = 1.0f;
	return c->m->n_layers - 1;
}

static int crop_layer(mf_oconv_t *c, int src, int len, int ch, int l0, int out_len)
{
	int in[1] = {src};
	mf_layer_t *l = mf_olayer_new(c, MF_LAYER_CROP, "/crop", 1, in, len, ch, out_len, ch);
	if (!l)
		return -2;
	l->crop_left = l0;
	return c->m->n_layers - 1;
}

/* The offsets of the (L, C) layout: off[l*C + c]; NULL (logged) on error. */
static int *layout_offsets(mf_oconv_t *c, const mf_oact_t *a, int len_axis, int ch_axis, int L, int C)
{
	int *off = malloc(sizeof *off * (size_t)L * C);
	if (!off) {
		mf_error("%s: out of memory", c->file);
		return NULL;
	}
	int idx[MF_ONNX_MAX_RANK] = {0};
	for (int l = 0; l < L; ++l)
		for (int ch = 0; ch < C; ++ch) {
			if (len_axis >= 0)
				idx[len_axis] = l;
			if (ch_axis >= 0)
				idx[ch_axis] = ch;
			off[(size_t)l * C + ch] = (int)mf_oact_offset(a, idx);
		}
	return off;
}

/* Lays out offsets off of (L, C) from memory (ML, MC) at layer src. */
static int layout(mf_oconv_t *c, int src, int ML, int MC, const int *off, int L, int C)
{
	size_t n = (size_t)L * C;
	int same = 1;
	for (size_t i = 0; i < n && same; ++i)
		same = off[i] == (int)i;
	if (same && ML == L && MC == C)
		return src;
	if (same && (size_t)ML * MC == n) {
		int in[1] = {src};
		mf_layer_t *l = mf_olayer_new(c, MF_LAYER_RESHAPE, "/reshape", 1, in, ML, MC, L, C);
		if (!l)
			return -2;
		l->reshape_rank = 2;
		return c->m->n_layers - 1;
	}
	/* rows l0 .. l0+L of the memory, channels pick[0..C) */
	int l0 = off[0] / MC, ok = l0 + L <= ML;
	int *pick = malloc(sizeof *pick * (size_t)C);
	if (!pick) {
		mf_error("%s: out of memory", c->file);
		return -2;
	}
	for (int ch = 0; ch < C && ok; ++ch) {
		pick[ch] = off[ch] - l0 * MC;
		ok = pick[ch] >= 0 && pick[ch] < MC;
	}
	for (int l = 0; l < L && ok; ++l)
		for (int ch = 0; ch < C && ok; ++ch)
			ok = off[(size_t)l * C + ch] == (l0 + l) * MC + pick[ch];
	int identity = ok && C == MC;
	for (int ch = 0; ch < C && identity; ++ch)
		identity = pick[ch] == ch;
	int r = -2;
	if (!ok)
		mf_onode_error(c, "a value laid out in memory in an order no motiflift layer can produce "
			"without a copy (a Transpose or Reshape that reorders length and channels)");
	else if (l0 == 0 && L == ML)
		r = identity ? src : pick_conv(c, src, L, MC, C, pick, 0, 0, "/pick");
	else if ((r = crop_layer(c, src, ML, MC, l0, L)) >= 0 && !identity)
		r = pick_conv(c, r, L, MC, C, pick, 0, 0, "/pick");
	free(pick);
	return r;
}

int mf_oact_materialize(mf_oconv_t *c, const mf_oact_t *a, int len_axis, int ch_axis)
{
	int L = len_axis >= 0 ? a->dims[len_axis] : 1, C = ch_axis >= 0 ? a->dims[ch_axis] : 1;
	for (int k = 0; k < a->rank; ++k)
		if (k != len_axis && k != ch_axis && a->dims[k] != 1) {
			mf_onode_error(c, "a value of more than two axes longer than 1");
			return -2;
		}
	if (a->pad_axis >= 0 && a->pad_axis != len_axis) {
		mf_onode_error(c, "zero padding (Pad) on an axis other than the length");
		return -2;
	}
	int *off = layout_offsets(c, a, len_axis, ch_axis, L, C);
	if (!off)
		return -2;
	int r = layout(c, a->layer, a->mem_len, a->mem_ch, off, L, C);
	free(off);
	if (r >= -1 && a->pad_axis >= 0)
		r = pick_conv(c, r, L, C, C, NULL, a->pad_l, a->pad_r, "/pad");
	return r;
}

int mf_oact_unpad(mf_oconv_t *c, mf_oact_t *a)
{
	if (a->pad_axis < 0)
		return 0;
	int len_axis = a->pad_axis, ch_axis = -1;
	for (int k = 0; k < a->rank; ++k)
		if (k != len_axis && a->dims[k] > 1) {
			if (ch_axis >= 0) {
				mf_onode_error(c, "zero padding of a value of more than two axes");
				return -1;
			}
			ch_axis = k;
		}
	int r = mf_oact_materialize(c, a, len_axis, ch_axis);
	if (r < -1)
		return -1;
	int dims[MF_ONNX_MAX_RANK], rank = a->rank, len, ch;
	memcpy(dims, a->dims, sizeof dims);
	dims[len_axis] += a->pad_l + a->pad_r;
	mf_olayer_shape(c, r, &len, &ch);
	mf_oact_free(a);
	mf_oact_canonical(a, r, len, ch, rank, dims, len_axis, ch_axis);
	return 0;
}
