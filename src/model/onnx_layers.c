/* onnx_layers.c (room onnx_io): the ONNX ops that become layers with weights or windows:
 * Conv, pooling, Gemm/MatMul, BatchNormalization, ReduceMean/ReduceSum, Softmax, and the
 * per-channel affine layer that Mul/Add by constants become. Weights are rearranged into
 * the Keras axis order the engine uses: Conv (out, in, k) -> (k, in, out), Gemm/MatMul
 * (in, out) with the rows in the memory order of the values they read. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "model/onnx_internal.h"

/* The output: layer `layer`'s whole memory as dims (rank r) with the given axes. */
static int set_canonical(mf_oconv_t *c, int layer, int r, const int *dims, int len_axis, int ch_axis)
{
	mf_oact_t *o = mf_oout(c);
	if (!o)
		return -1;
	int len, ch;
	mf_olayer_shape(c, layer, &len, &ch);
	mf_oact_canonical(o, layer, len, ch, r, dims, len_axis, ch_axis);
	return 0;
}

static int finite_or_fail(mf_oconv_t *c, const mf_otensor_t *t, const char *what)
{
	for (size_t k = 0; k < t->n; ++k)
		if (!isfinite(t->f[k])) {
			mf_onode_error(c, "%s contains NaN or infinite values", what);
			return -1;
		}
	return 0;
}

static int oom(mf_oconv_t *c)
{
	mf_error("%s: out of memory", c->file);
	return -1;
}

/* A float constant input of exactly n values (any shape whose size is n). */
static const mf_otensor_t *vector_input(mf_oconv_t *c, int k, size_t n, const char *what)
{
	mf_oval_t *v = mf_oinput(c, k, MF_OV_CONST);
	if (!v)
		return NULL;
	if (v->t.is_int || v->t.n != n) {
		mf_onode_error(c, "%s '%s' must hold %zu numbers", what, v->name, n);
		return NULL;
	}
	return finite_or_fail(c, &v->t, what) < 0 ? NULL : &v->t;
}

/* ---- windows: Conv and pooling ------------------------------------------------------------ */

typedef struct {
	int k, stride, dilation, pad_l, pad_r;
} window_t;

/* kernel_shape (checked against k when k > 0), strides, dilations, pads and auto_pad of a
   1-D window over length L; 0 or -1 (logged). */
static int read_window(mf_oconv_t *c, int L, window_t *w)
{
	int64_t ks[2], st[2] = {1}, di[2] = {1}, pads[4] = {0, 0};
	int nk = mf_oattr_ints(c, "kernel_shape", ks, 2, 0), ns = mf_oattr_ints(c, "strides", st, 2, 1),
		nd = mf_oattr_ints(c, "dilations", di, 2, 1), np = mf_oattr_ints(c, "pads", pads, 4, 2);
	if (nk < 0 || ns != 1 || nd != 1 || np != 2 || (nk == 1 && w->k > 0 && ks[0] != w->k) ||
			(nk == 0 && w->k <= 0) || nk > 1) {
		mf_onode_error(c, "kernel_shape, strides, dilations or pads not of a 1-D window");
		return -1;
	}
	if (w->k <= 0)
		w->k = (int)ks[0];
	if (st[0] < 1 || di[0] < 1 || pads[0] < 0 || pads[1] < 0 || w->k < 1 || st[0] > 1 << 20 ||
			di[0] > 1 << 20 || pads[0] > 1 << 20 || pads[1] > 1 << 20) {
		mf_onode_error(c, "bad kernel_shape, strides, dilations or pads");
		return -1;
	}
	w->stride = (int)st[0];
	w->dilation = (int)di[0];
	w->pad_l = (int)pads[0];
	w->pad_r = (int)pads[1];
	const Onnx__AttributeProto *ap = mf_oattr(c, "auto_pad");
	char mode[16] = "NOTSET";
	if (ap && ap->has_s && ap->s.len < sizeof mode) {
		memcpy(mode, ap->s.data, ap->s.len);
		mode[ap->s.len] = '\0';
	}
	if (strcmp(mode, "VALID") == 0) {
		w->pad_l = w->pad_r = 0;
	} else if (strcmp(mode, "SAME_UPPER") == 0 || strcmp(mode, "SAME_LOWER") == 0) {
		int span = (w->k - 1) * w->dilation + 1, out = (L + w->stride - 1) / w->stride;
		int total = (out - 1) * w->stride + span - L;
		total = total > 0 ? total : 0;
		w->pad_l = mode[5] == 'U' ? total / 2 : total - total / 2;
		w->pad_r = total - w->pad_l;
	} else if (strcmp(mode, "NOTSET") != 0) {
		mf_onode_error(c, "auto_pad '%s' is not supported", mode);
		return -1;
	}
	return 0;
}

/* Output length of window w over L positions (floor), or 0 when the window is longer. */
static int window_out(const window_t *w, int L)
{
	int span = (w->k - 1) * w->dilation + 1, padded = L + w->pad_l + w->pad_r;
	return padded < span ? 0 : (padded - span) / w->stride + 1;
}

/* 1 when the pads are Keras' 'same' rule for this window (so the layer can be saved). */
static int keras_same(const window_t *w, int L, int out_len)
{
	int span = (w->k - 1) * w->dilation + 1, out = (L + w->stride - 1) / w->stride;
	int total = (out - 1) * w->stride + span - L;
	total = total > 0 ? total : 0;
	return total > 0 && out == out_len && w->pad_l == total / 2;
}

/* The constant block of a JOIN input: its channels (0 without one), and 1 in *zero when
   they are all zeros, 1 in *flat when each channel is one value along the length. */
static int join_block(const mf_oval_t *xv, int *zero, int *flat)
{
	*zero = *flat = 1;
	if (xv->kind != MF_OV_JOIN)
		return 0;
	const mf_otensor_t *t = &xv->t;
	size_t len = t->rank > 1 ? (size_t)t->dims[1] : 1;
	for (size_t i = 0; i < t->n; ++i) {
		*zero &= t->f[i] == 0.0f;
		*flat &= t->f[i] == t->f[i - i % len];
	}
	return (int)t->dims[0];
}

int mf_onnx_conv(mf_oconv_t *c)
{
	/* each lookup only after the one before succeeded: one error line per node */
	mf_oval_t *xv = mf_oinput(c, 0, MF_OV_JOIN), *wv = xv ? mf_oinput(c, 1, MF_OV_CONST) : NULL;
	mf_oval_t *bv = wv && mf_ohas_input(c, 2) ? mf_oinput(c, 2, MF_OV_CONST) : NULL;
	if (!xv || !wv || (mf_ohas_input(c, 2) && !bv))
		return -1;
	if (xv->kind == MF_OV_CONST) {
		mf_onode_error(c, "the convolution's input '%s' does not depend on the sequence", xv->name);
		return -1;
	}
	mf_oact_t x = xv->a;
	const mf_otensor_t *w = &wv->t;
	if (x.rank != 2 || w->rank != 3 || x.pad_axis == 0 || (xv->kind == MF_OV_JOIN && xv->join_axis != 0)) {
		mf_onode_error(c, "only 1-D convolutions are supported (input (N, C, L), weights (out, in, k))");
		return -1;
	}
	int zero, flat, Cc = join_block(xv, &zero, &flat), c0 = xv->join_const_first ? Cc : 0;
	if (mf_oattr_int(c, "group", 1) != 1) {
		mf_onode_error(c, "grouped or depthwise convolution (group %lld) is not supported",
			(long long)mf_oattr_int(c, "group", 1));
		return -1;
	}
	int C = x.dims[0], L = x.dims[1], O = (int)w->dims[0], Ct = C + Cc;
	int pl0 = x.pad_axis == 1 ? x.pad_l : 0, pr0 = x.pad_axis == 1 ? x.pad_r : 0;
	window_t win = {.k = (int)w->dims[2]};
	if (w->is_int || w->dims[1] != Ct || O < 1 || win.k < 1) {
		mf_onode_error(c, "weights '%s' of shape (%lld, %lld, %lld) for %d input channels", wv->name,
			(long long)w->dims[0], (long long)w->dims[1], (long long)w->dims[2], C);
		return -1;
	}
	if (read_window(c, L + pl0 + pr0, &win) < 0 || finite_or_fail(c, w, "the weights") < 0)
		return -1;
	win.pad_l += pl0; /* a Pad before the Conv: its zeros are the convolution's padding */
	win.pad_r += pr0;
	if (!zero && (!flat || win.pad_l || win.pad_r)) {
		mf_onode_error(c, "constant input channels that are not zeros, or vary along the length, "
			"or meet padding, are not supported");
		return -1;
	}
	int out_len = window_out(&win, L);
	if (out_len < 1) {
		mf_onode_error(c, "input length %d is shorter than the window %d", L,
			(win.k - 1) * win.dilation + 1);
		return -1;
	}
	const mf_otensor_t *b = bv ? vector_input(c, 2, (size_t)O, "the bias") : NULL;
	if (bv && !b)
		return -1;
	x.pad_axis = -1;
	int src = mf_oact_materialize(c, &x, 1, 0);
	if (src < -1)
		return -1;
	mf_layer_t *l = mf_olayer_weighted(c, MF_LAYER_CONV1D, "", src, L, C, out_len, O, (size_t)win.k * C * O);
	if (!l)
		return -1;
	l->k = win.k;
	l->stride = win.stride;
	l->dilation = win.dilation;
	l->pad_left = win.pad_l;
	l->same_pad = keras_same(&win, L, out_len);
	l->use_bias = b != NULL;
	for (int o = 0; o < O; ++o)
		for (int ch = 0; ch < C; ++ch)
			for (int k = 0; k < win.k; ++k)
				l->W[((size_t)k * C + ch) * O + o] = w->f[((size_t)o * Ct + c0 + ch) * win.k + k];
	if (b)
		memcpy(l->b, b->f, sizeof *l->b * (size_t)O);
	for (int j = 0; !zero && j < Cc; ++j) { /* constant channels: a constant per filter */
		int cj = xv->join_const_first ? j : C + j;
		float v = xv->t.f[(size_t)j * (xv->t.rank > 1 ? (size_t)xv->t.dims[1] : 1)];
		for (int o = 0; o < O; ++o)
			for (int k = 0; k < win.k; ++k)
				l->b[o] += v * w->f[((size_t)o * Ct + cj) * win.k + k];
		l->use_bias = 1;
	}
	mf_oprov_t *pv = &c->prov[c->m->n_layers - 1];
	pv->w_init = c->node->input[1]; /* the proto's strings: they outlive the conversion */
	pv->b_init = bv ? c->node->input[2] : NULL;
	pv->node = c->node_index;
	int dims[2] = {O, out_len};
	return set_canonical(c, c->m->n_layers - 1, 2, dims, 1, 0);
}

int mf_onnx_pool(mf_oconv_t *c, int is_max, int global)
{
	mf_oval_t *xv = mf_oinput(c, 0, MF_OV_ACT);
	if (!xv)
		return -1;
	const mf_oact_t *x = &xv->a;
	if (x->rank != 2 || x->pad_axis >= 0) {
		mf_onode_error(c, "only 1-D pooling over (N, C, L) is supported");
		return -1;
	}
	if (c->node->n_output > 1 && c->node->output[1] && *c->node->output[1]) {
		mf_onode_error(c, "the Indices output of MaxPool is not supported");
		return -1;
	}
	int C = x->dims[0], L = x->dims[1];
	window_t win = {.k = global ? L : 0};
	if (!global && read_window(c, L, &win) < 0)
		return -1;
	if (!global && (win.dilation != 1 || (!is_max && (win.pad_l || win.pad_r) &&
			mf_oattr_int(c, "count_include_pad", 0)))) {
		mf_onode_error(c, "dilated pooling, or averages that count the padding, are not supported");
		return -1;
	}
	int out_len = global ? 1 : window_out(&win, L);
	if (!global && mf_oattr_int(c, "ceil_mode", 0) &&
			(L + win.pad_l + win.pad_r - win.k) % win.stride != 0) {
		mf_onode_error(c, "ceil_mode that adds a partial window is not supported");
		return -1;
	}
	if (out_len < 1) {
		mf_onode_error(c, "input length %d is shorter than the pool %d", L, win.k);
		return -1;
	}
	int src = mf_oact_materialize(c, x, 1, 0);
	if (src < -1)
		return -1;
	mf_layer_type_t t = global ? (is_max ? MF_LAYER_GLOBAL_MAXPOOL : MF_LAYER_GLOBAL_AVGPOOL)
		: is_max ? MF_LAYER_MAXPOOL : MF_LAYER_AVGPOOL;
	int in[1] = {src};
	mf_layer_t *l = mf_olayer_new(c, t, "", 1, in, L, C, out_len, C);
	if (!l)
		return -1;
	if (!global) {
		l->k = win.k;
		l->stride = win.stride;
		l->pad_left = win.pad_l;
		l->same_pad = keras_same(&win, L, out_len);
	}
	int dims[2] = {C, out_len};
	return set_canonical(c, c->m->n_layers - 1, 2, dims, 1, 0);
}

/* ---- products: Gemm, MatMul ---------------------------------------------------------------- */

/* Dense over view a (rank 1, K values): out[o] = sum_k a[k] W(k, o) + bias[o]; W(k, o) is
   w[k * ws_k + o * ws_o] * alpha. The rows go where a's values lie in memory. */
static int dense_layer(mf_oconv_t *c, const mf_oact_t *a, int O, const float *w, size_t ws_k,
	size_t ws_o, float alpha, const float *bias, float beta)
{
	int K = a->dims[0], src = a->layer;
	int *offs = mf_oact_offsets(a);
	if (!offs)
		return -1;
	size_t F = (size_t)a->mem_len * a->mem_ch;
	if (a->mem_len > 1) { /* Keras' Flatten before its Dense */
		int in[1] = {src};
		if (!mf_olayer_new(c, MF_LAYER_FLATTEN, "/flatten", 1, in, a->mem_len, a->mem_ch, 1, (int)F)) {
			free(offs);
			return -1;
		}
		src = c->m->n_layers - 1;
	}
	mf_layer_t *l = mf_olayer_weighted(c, MF_LAYER_DENSE, "", src, 1, (int)F, 1, O, F * O);
	if (!l) {
		free(offs);
		return -1;
	}
	for (int k = 0; k < K; ++k)
		for (int o = 0; o < O; ++o)
			l->W[(size_t)offs[k] * O + o] = alpha * w[(size_t)k * ws_k + (size_t)o * ws_o];
	free(offs);
	l->use_bias = bias != NULL;
	for (int o = 0; bias && o < O; ++o)
		l->b[o] = beta * bias[o];
	int dims[1] = {O};
	return set_canonical(c, c->m->n_layers - 1, 1, dims, -1, 0);
}

/* A k = 1 convolution over a's channel axis ch_axis (length axis len_axis): the product of
   a position's channels with W(k, o) = w[k * ws_k + o * ws_o]; output axes as a's with the
   channel axis now O long. */
static int pointwise_layer(mf_oconv_t *c, const mf_oact_t *a, int len_axis, int ch_axis, int O,
	const float *w, size_t ws_k, size_t ws_o)
{
	int src = mf_oact_materialize(c, a, len_axis, ch_axis);
	if (src < -1)
		return -1;
	int L = len_axis >= 0 ? a->dims[len_axis] : 1, K = a->dims[ch_axis];
	mf_layer_t *l = mf_olayer_weighted(c, MF_LAYER_CONV1D, "", src, L, K, L, O, (size_t)K * O);
	if (!l)
		return -1;
	for (int k = 0; k < K; ++k)
		for (int o = 0; o < O; ++o)
			l->W[(size_t)k * O + o] = w[(size_t)k * ws_k + (size_t)o * ws_o];
	int dims[MF_ONNX_MAX_RANK];
	memcpy(dims, a->dims, sizeof *dims * (size_t)a->rank);
	dims[ch_axis] = O;
	return set_canonical(c, c->m->n_layers - 1, a->rank, dims, len_axis, ch_axis);
}

int mf_onnx_gemm(mf_oconv_t *c)
{
	mf_oval_t *av = mf_oinput(c, 0, MF_OV_JOIN), *bv = av ? mf_oinput(c, 1, MF_OV_CONST) : NULL;
	if (!av || !bv)
		return -1;
	const mf_otensor_t *B = &bv->t;
	int tb = (int)mf_oattr_int(c, "transB", 0), zero, flat, Kc = join_block(av, &zero, &flat);
	if (av->kind == MF_OV_CONST || av->a.rank != 1 || av->a.pad_axis >= 0 || mf_oattr_int(c, "transA", 0) ||
			B->rank != 2 || B->is_int) {
		mf_onode_error(c, "only (N, K) computed values times a (K, M) weight matrix are supported "
			"(no transA)");
		return -1;
	}
	int K = av->a.dims[0], O = (int)B->dims[tb ? 0 : 1], k0 = av->join_const_first ? Kc : 0;
	if (B->dims[tb ? 1 : 0] != K + Kc) {
		mf_onode_error(c, "weights '%s' do not match the %d values they multiply", bv->name, K + Kc);
		return -1;
	}
	const mf_otensor_t *C = NULL;
	if (mf_ohas_input(c, 2)) {
		mf_oval_t *cv = mf_oinput(c, 2, MF_OV_CONST);
		int64_t d[2] = {1, O};
		if (!cv)
			return -1;
		if (cv->t.is_int || !mf_otensor_broadcasts(&cv->t, 2, d)) {
			mf_onode_error(c, "bias '%s' is not one value per output", cv->name);
			return -1;
		}
		if (finite_or_fail(c, &cv->t, "the bias") < 0)
			return -1;
		C = &cv->t;
	}
	if (finite_or_fail(c, B, "the weights") < 0)
		return -1;
	float *bias = NULL, alpha = mf_oattr_float(c, "alpha", 1.0f), beta = mf_oattr_float(c, "beta", 1.0f);
	size_t sk = tb ? 1 : (size_t)O, so = tb ? (size_t)(K + Kc) : 1;
	if (C || Kc) {
		if (!(bias = calloc((size_t)O, sizeof *bias)))
			return oom(c);
		for (int o = 0; o < O; ++o) { /* constant inputs: alpha W_const . const, in the bias */
			double acc = C ? (double)beta * C->f[C->n == 1 ? 0 : (size_t)o] : 0.0;
			for (int j = 0; j < Kc; ++j)
				acc += (double)alpha * B->f[(size_t)(av->join_const_first ? j : K + j) * sk + (size_t)o * so] *
					av->t.f[j];
			bias[o] = (float)acc;
		}
		beta = 1.0f;
	}
	int rc = dense_layer(c, &av->a, O, B->f + (size_t)k0 * sk, sk, so, alpha, bias, beta);
	free(bias);
	return rc;
}

int mf_onnx_matmul(mf_oconv_t *c)
{
	mf_oval_t *av = mf_oinput(c, 0, 0), *bv = av ? mf_oinput(c, 1, 0) : NULL;
	if (!av || !bv)
		return -1;
	int w_first = av->kind == MF_OV_CONST;
	const mf_oval_t *xv = w_first ? bv : av, *wv = w_first ? av : bv;
	const mf_otensor_t *W = &wv->t;
	const mf_oact_t *x = &xv->a;
	if (xv->kind != MF_OV_ACT || wv->kind != MF_OV_CONST || W->rank != 2 || W->is_int) {
		mf_onode_error(c, "only products of the values with a 2-D weight matrix are supported");
		return -1;
	}
	if (finite_or_fail(c, W, "the weights") < 0)
		return -1;
	int K = (int)W->dims[w_first ? 1 : 0], O = (int)W->dims[w_first ? 0 : 1];
	if (!w_first && x->rank == 1 && x->dims[0] == K)
		return dense_layer(c, x, O, W->f, (size_t)O, 1, 1.0f, NULL, 1.0f);
	/* x (L, K) @ W (K, O) or W (O, K) @ x (K, L): a k = 1 convolution over the K axis */
	int kax = w_first ? 0 : 1;
	if (x->rank == 2 && x->dims[kax] == K)
		return pointwise_layer(c, x, 1 - kax, kax, O, W->f, w_first ? 1 : (size_t)O,
			w_first ? (size_t)K : 1);
	mf_onode_error(c, "a product over an axis of %d values with weights '%s' of %lld x %lld",
		x->rank ? x->dims[x->rank - 1] : 1, wv->name, (long long)W->dims[0], (long long)W->dims[1]);
	return -1;
}

/* ---- per-channel layers: BatchNormalization, the affine layer ------------------------------- */

int mf_onnx_affine_layer(mf_oconv_t *c, int src, int L, int C, const float *scale,
	const float *shift, const char *suffix)
{
	int in[1] = {src};
	mf_layer_t *l = mf_olayer_new(c, MF_LAYER_BATCHNORM, suffix, 1, in, L, C, L, C);
	if (!l)
		return -1;
	size_t n = (size_t)C;
	l->bn_scale = malloc(sizeof(float) * n);
	l->bn_shift = malloc(sizeof(float) * n);
	l->bn_gamma = malloc(sizeof(float) * n);
	l->bn_beta = malloc(sizeof(float) * n);
	l->bn_mean = calloc(n, sizeof(float));
	l->bn_var = malloc(sizeof(float) * n);
	if (!l->bn_scale || !l->bn_shift || !l->bn_gamma || !l->bn_beta || !l->bn_mean || !l->bn_var)
		return oom(c);
	for (size_t k = 0; k < n; ++k) { /* saved as gamma, beta with mean 0, variance 1, eps 0 */
		l->bn_scale[k] = l->bn_gamma[k] = scale ? scale[k] : 1.0f;
		l->bn_shift[k] = l->bn_beta[k] = shift ? shift[k] : 0.0f;
		l->bn_var[k] = 1.0f;
	}
	l->bn_center = l->bn_scale_used = 1;
	return c->m->n_layers - 1;
}

int mf_onnx_batchnorm(mf_oconv_t *c)
{
	mf_oval_t *xv = mf_oinput(c, 0, MF_OV_ACT);
	if (!xv)
		return -1;
	const mf_oact_t *x = &xv->a;
	if (x->rank < 1 || x->rank > 2 || x->pad_axis >= 0 || mf_oattr_int(c, "training_mode", 0) ||
			(c->node->n_output > 1 && c->node->output[1] && *c->node->output[1])) {
		mf_onode_error(c, "only inference-mode batch normalization of (N, C) or (N, C, L) values");
		return -1;
	}
	int C = x->dims[0], L = x->rank == 2 ? x->dims[1] : 1;
	const mf_otensor_t *g = vector_input(c, 1, (size_t)C, "scale"), *be = vector_input(c, 2, (size_t)C, "B"),
		*mu = vector_input(c, 3, (size_t)C, "mean"), *var = vector_input(c, 4, (size_t)C, "var");
	if (!g || !be || !mu || !var)
		return -1;
	float eps = mf_oattr_float(c, "epsilon", 1e-5f);
	for (int k = 0; k < C; ++k)
		if (var->f[k] < 0 || !(eps >= 0)) {
			mf_onode_error(c, "a negative variance or epsilon");
			return -1;
		}
	int src = mf_oact_materialize(c, x, x->rank == 2 ? 1 : -1, 0);
	if (src < -1)
		return -1;
	int in[1] = {src};
	mf_layer_t *l = mf_olayer_new(c, MF_LAYER_BATCHNORM, "", 1, in, L, C, L, C);
	if (!l)
		return -1;
	float **dst[4] = {&l->bn_gamma, &l->bn_beta, &l->bn_mean, &l->bn_var};
	const mf_otensor_t *from[4] = {g, be, mu, var};
	for (int j = 0; j < 4; ++j)
		if (!(*dst[j] = malloc(sizeof(float) * (size_t)C)))
			return oom(c);
		else
			memcpy(*dst[j], from[j]->f, sizeof(float) * (size_t)C);
	if (!(l->bn_scale = malloc(sizeof(float) * (size_t)C)) || !(l->bn_shift = malloc(sizeof(float) * (size_t)C)))
		return oom(c);
	for (int k = 0; k < C; ++k) { /* y = x * s + (beta - mean * s), s = gamma / sqrt(var + eps) */
		double s = (double)g->f[k] / sqrt((double)var->f[k] + eps);
		l->bn_scale[k] = (float)s;
		l->bn_shift[k] = (float)(be->f[k] - mu->f[k] * s);
	}
	l->bn_eps = eps;
	l->bn_center = l->bn_scale_used = 1;
	int dims[2] = {C, L};
	return set_canonical(c, c->m->n_layers - 1, x->rank, dims, x->rank == 2 ? 1 : -1, 0);
}

/* ---- ReduceMean / ReduceSum, Softmax ----------------------------------------------------------- */

int mf_onnx_reduce(mf_oconv_t *c, int is_sum)
{
	mf_oval_t *xv = mf_oinput(c, 0, MF_OV_ACT);
	if (!xv)
		return -1;
	const mf_oact_t *x = &xv->a;
	int64_t axes[MF_ONNX_MAX_RANK];
	int na = mf_oaxes(c, 1, x->rank + 1, axes), len_axis, ch_axis;
	if (na == -1 || x->pad_axis >= 0 || mf_oact_axes(c, x, &len_axis, &ch_axis) < 0)
		return -1;
	char red[MF_ONNX_MAX_RANK] = {0};
	for (int j = 0; j < na; ++j) {
		if (axes[j] == 0) {
			mf_onode_error(c, "a reduction over the batch axis");
			return -1;
		}
		red[axes[j] - 1] = 1;
	}
	if (na == -2 || (na == 0 && !mf_oattr_int(c, "noop_with_empty_axes", 0))) {
		mf_onode_error(c, "a reduction over every axis, the batch included");
		return -1;
	}
	int src = mf_oact_materialize(c, x, len_axis, ch_axis);
	if (src < -1)
		return -1;
	int L = len_axis >= 0 ? x->dims[len_axis] : 1, C = ch_axis >= 0 ? x->dims[ch_axis] : 1;
	if (len_axis >= 0 && red[len_axis]) { /* over the length: global average pooling */
		int in[1] = {src};
		if (!mf_olayer_new(c, MF_LAYER_GLOBAL_AVGPOOL, "", 1, in, L, C, 1, C))
			return -1;
		src = c->m->n_layers - 1;
		if (is_sum) {
			float *s = malloc(sizeof *s * (size_t)C);
			for (int k = 0; s && k < C; ++k)
				s[k] = (float)L;
			src = s ? mf_onnx_affine_layer(c, src, 1, C, s, NULL, "/sum") : oom(c);
			free(s);
			if (src < 0)
				return -1;
		}
		L = 1;
	}
	if (ch_axis >= 0 && red[ch_axis]) { /* over the channels: a k = 1 convolution to one */
		mf_layer_t *l = mf_olayer_weighted(c, MF_LAYER_CONV1D, is_sum ? "/sum" : "/mean", src, L, C, L, 1,
			(size_t)C);
		if (!l)
			return -1;
		for (int k = 0; k < C; ++k)
			l->W[k] = is_sum ? 1.0f : 1.0f / (float)C;
		src = c->m->n_layers - 1;
		C = 1;
	}
	int keep = (int)mf_oattr_int(c, "keepdims", 1), dims[MF_ONNX_MAX_RANK], r = 0, la = -1, ca = -1;
	for (int k = 0; k < x->rank; ++k) {
		if (red[k] && !keep)
			continue;
		if (k == len_axis && !red[k])
			la = r;
		if (k == ch_axis && !red[k])
			ca = r;
		dims[r++] = red[k] ? 1 : x->dims[k];
	}
	return set_canonical(c, src, r, dims, la, ca);
}

int mf_onnx_softmax(mf_oconv_t *c)
{
	mf_oval_t *xv = mf_oinput(c, 0, MF_OV_ACT);
	if (!xv)
		return -1;
	const mf_oact_t *x = &xv->a;
	int64_t axis = mf_oattr_int(c, "axis", c->opset >= 13 ? -1 : 1);
	axis = axis < 0 ? axis + x->rank + 1 : axis;
	if (axis < 1 || axis > x->rank || x->pad_axis >= 0) {
		mf_onode_error(c, "a softmax over the batch axis or out of range");
		return -1;
	}
	/* opset >= 13: one axis; before, every axis from `axis` on is one softmax */
	int first = (int)axis - 1, last = c->opset >= 13 ? first : x->rank - 1, ch_axis = first, len_axis = -1;
	int n_in_set = 0;
	for (int k = first; k <= last; ++k)
		if (x->dims[k] > 1 && n_in_set++ == 0)
			ch_axis = k;
	for (int k = 0; k < x->rank && n_in_set <= 1; ++k)
		if ((k < first || k > last) && x->dims[k] > 1) {
			if (len_axis >= 0)
				n_in_set = 2; /* more than two axes: refused below */
			len_axis = k;
		}
	if (n_in_set > 1) {
		mf_onode_error(c, "a softmax over more than one axis, or values of more than 2 axes");
		return -1;
	}
	int src = mf_oact_materialize(c, x, len_axis, ch_axis);
	if (src < -1)
		return -1;
	int L = len_axis >= 0 ? x->dims[len_axis] : 1, C = x->dims[ch_axis], in[1] = {src};
	mf_layer_t *l = mf_olayer_new(c, MF_LAYER_ACT, "", 1, in, L, C, L, C);
	if (!l)
		return -1;
	l->act = MF_ACT_SOFTMAX;
	return set_canonical(c, c->m->n_layers - 1, x->rank, x->dims, len_axis, ch_axis);
}
