/* deeplift.c: the DeepLIFT backward pass over the layer graph, block by block
 * (dl_internal.h describes blocks, groups and sub-blocks).
 *
 * Backward rows are task-major: row q = t*pb + pp. Every layer output carries m+ and m-
 * (the multipliers of its positive and negative parts); they stay one array (equal) until
 * a RevealCancel nonlinearity splits them. A layer read by several others (a residual
 * skip) sums what each reader sends it, in the fixed order of the layer list. */
#include "explain/deeplift.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "explain/dl_internal.h"
#include "model/gemm.h"
#include "model/kernels.h"
#include "model/wiring.h"

#define DL_BUDGET ((size_t)512 << 20) /* bytes of scratch per work (thread), big models */

/* ---- scratch ---------------------------------------------------------------------- */

/* Sequences per forward pass and pairs per backward pass within the budget (all of them
 * for small models like the paper's; a few for ChromBPNet-sized ones). */
static void size_blocks(const mf_deeplift_t *d, mf_dl_work_t *w)
{
	size_t budget = DL_BUDGET / sizeof(float), P = (size_t)w->max_seqs * w->max_refs;
	size_t per_task = 6 * d->max_size + d->max_cols + d->max_padded + (d->any_rc ? 4 * d->max_size : 0);
	size_t per_pair = d->pair_floats + (size_t)(w->max_tasks > 1 ? w->max_tasks - 1 : 0) * per_task;
	size_t gx = budget / 2 / (d->seq_floats ? d->seq_floats : 1);
	gx = gx < 1 ? 1 : gx > (size_t)w->max_seqs ? (size_t)w->max_seqs : gx;
	size_t left = budget > gx * d->seq_floats ? budget - gx * d->seq_floats : 0;
	size_t pb = left / (per_pair ? per_pair : 1);
	pb = pb < 1 ? 1 : pb > P ? P : pb;
	w->gx = (int)gx;
	w->pb = (int)pb;
}

static float *alloc_floats(size_t n)
{
	return malloc((n ? n : 1) * sizeof(float));
}

static int alloc_layer_scratch(const mf_deeplift_t *d, mf_dl_work_t *w, int i)
{
	const mf_layer_t *l = &d->m->layers[i];
	const dl_layer_t *x = &d->dl[i];
	size_t sz = mf_dl_size(d, i), gx = (size_t)w->gx, pb = (size_t)w->pb;
	if (x->keep_x && !(w->xkeep[i] = alloc_floats(gx * sz)))
		return -1;
	if (l->type == MF_LAYER_ACT && (x->rule == MF_RULE_GRADIENT || x->rule == MF_RULE_GUIDED) &&
			!(w->grad[i] = alloc_floats(gx * sz)))
		return -1;
	if (l->type == MF_LAYER_ACT && x->rule == MF_RULE_RESCALE && !(w->scale[i] = alloc_floats(pb * sz)))
		return -1;
	if (l->type == MF_LAYER_ACT && x->rule == MF_RULE_REVEALCANCEL &&
			(!(w->sp[i] = malloc(pb * sz * sizeof(double))) || !(w->sn[i] = malloc(pb * sz * sizeof(double)))))
		return -1;
	if (x->delta_aid && !(w->delta[i] = alloc_floats(pb * mf_dl_size(d, mf_model_layer_input(d->m, i, 0)))))
		return -1;
	if (x->need_posneg && (!(w->pos[i] = alloc_floats(pb * sz)) || !(w->neg[i] = alloc_floats(pb * sz))))
		return -1;
	return 0;
}

mf_dl_work_t *mf_dl_work_create(const mf_deeplift_t *d, int max_seqs, int max_refs, int max_tasks)
{
	mf_dl_work_t *w = calloc(1, sizeof *w);
	int n = d->m->n_layers;
	if (!w)
		goto oom;
	w->max_seqs = max_seqs, w->max_refs = max_refs, w->max_tasks = max_tasks;
	w->n_layers = n;
	size_blocks(d, w);
	size_t Q = (size_t)max_tasks * w->pb, slots = (size_t)d->plan.n_slots * d->plan.slot_size;
	float ***tabs[] = {&w->xkeep, &w->grad, &w->scale, &w->delta, &w->pos, &w->neg};
	for (size_t k = 0; k < sizeof tabs / sizeof *tabs; ++k)
		if (!(*tabs[k] = calloc((size_t)n + 1, sizeof(float *))))
			goto oom;
	w->sp = calloc((size_t)n + 1, sizeof(double *));
	w->sn = calloc((size_t)n + 1, sizeof(double *));
	w->xptr = calloc((size_t)n + 1, sizeof(float *));
	w->rptr = calloc((size_t)n + 1, sizeof(float *));
	w->M = calloc((size_t)n + 1, sizeof *w->M);
	w->xslots = alloc_floats(slots * w->gx);
	w->rslots = alloc_floats(slots * w->pb);
	w->tx = alloc_floats((size_t)w->gx * d->n_out);
	w->tr = alloc_floats((size_t)w->pb * d->n_out);
	w->expected = malloc(((size_t)max_tasks * max_seqs * max_refs + 1) * sizeof(double));
	if (!w->sp || !w->sn || !w->xptr || !w->rptr || !w->M || !w->xslots || !w->rslots || !w->tx ||
			!w->tr || !w->expected)
		goto oom;
	for (int i = 0; i <= d->target; ++i)
		if (d->needed[i] && alloc_layer_scratch(d, w, i) < 0)
			goto oom;
	size_t rows = Q > (size_t)w->pb ? Q : (size_t)w->pb;
	for (int k = 0; d->any_rc && k < 4; ++k)
		if (!(w->t[k] = alloc_floats(rows * d->max_size)))
			goto oom;
	if (d->max_padded && !(w->pad = calloc(Q * d->max_padded, sizeof(float))))
		goto oom;
	if (d->max_cols && !(w->cols = alloc_floats(Q * d->max_cols)))
		goto oom;
	return w;
oom:
	mf_error("out of memory for DeepLIFT scratch (%d sequences x %d references x %d tasks)",
		max_seqs, max_refs, max_tasks);
	mf_dl_work_destroy(w);
	return NULL;
}

static void free_table(float **t, int n)
{
	for (int i = 0; t && i <= n; ++i)
		free(t[i]);
	free(t);
}

void mf_dl_work_destroy(mf_dl_work_t *w)
{
	if (!w)
		return;
	int n = w->n_layers;
	free_table(w->xkeep, n), free_table(w->grad, n), free_table(w->scale, n);
	free_table(w->delta, n), free_table(w->pos, n), free_table(w->neg, n);
	for (int i = 0; w->sp && i <= n; ++i)
		free(w->sp[i]);
	for (int i = 0; w->sn && i <= n; ++i)
		free(w->sn[i]);
	free(w->sp), free(w->sn);
	free(w->xptr), free(w->rptr);
	free(w->xslots), free(w->rslots), free(w->tx), free(w->tr), free(w->expected);
	for (int k = 0; k < 4; ++k)
		free(w->t[k]);
	free(w->pad), free(w->cols);
	for (int k = 0; k < w->n_made; ++k)
		free(w->made[k]);
	free(w->made), free(w->pool);
	free(w->M);
	free(w);
}

const double *mf_dl_work_expected(const mf_dl_work_t *w)
{
	return w->expected;
}

/* ---- multiplier buffers ---------------------------------------------------------------- */

typedef struct {
	const dl_block_t *b;
	size_t buf_floats;   /* one buffer: the most rows x the largest activation */
	int failed;
} back_t;

static float *take(back_t *k)
{
	mf_dl_work_t *w = k->b->w;
	if (w->n_pool > 0)
		return w->pool[--w->n_pool];
	if (w->n_made == w->cap) {
		int cap = w->cap ? 2 * w->cap : 8;
		float **m = realloc(w->made, sizeof *m * cap), **p = m ? realloc(w->pool, sizeof *p * cap) : NULL;
		if (m)
			w->made = m;
		if (!p) {
			k->failed = 1;
			return NULL;
		}
		w->pool = p;
		w->cap = cap;
	}
	float *b = alloc_floats(k->buf_floats);
	if (!b) {
		k->failed = 1;
		return NULL;
	}
	return w->made[w->n_made++] = b;
}

static void give(back_t *k, float *b)
{
	if (b)
		k->b->w->pool[k->b->w->n_pool++] = b;
}

static dl_mult_t *mult_of(const back_t *k, int q)
{
	return &k->b->w->M[q < 0 ? k->b->d->m->n_layers : q];
}

static void add_into(float *a, const float *b, size_t n)
{
	for (size_t k = 0; k < n; ++k)
		a[k] += b[k];
}

/* Hands multipliers (mp, mn; mn NULL when equal) to producer q: they become its own when
 * it has none yet (own: without a copy), else they are added to what it has. */
static void deliver(back_t *k, int q, float *mp, float *mn, int own)
{
	dl_mult_t *M = mult_of(k, q);
	size_t n = (size_t)k->b->Q * mf_dl_size(k->b->d, q);
	if (!M->set) {
		M->set = 1;
		M->mp = own ? mp : take(k);
		M->mn = own || !mn ? mn : take(k);
		if (!own && M->mp)
			memcpy(M->mp, mp, n * sizeof *mp);
		if (!own && mn && M->mn)
			memcpy(M->mn, mn, n * sizeof *mn);
		return;
	}
	if (mn && !M->mn && (M->mn = take(k)))
		memcpy(M->mn, M->mp, n * sizeof *mp);
	if (k->failed)
		return;
	add_into(M->mp, mp, n);
	if (M->mn)
		add_into(M->mn, mn ? mn : mp, n);
	if (own) {
		give(k, mp);
		give(k, mn);
	}
}

static void release(back_t *k, dl_mult_t *M)
{
	give(k, M->mp);
	give(k, M->mn);
	M->mp = M->mn = NULL;
	M->set = 0;
}

/* ---- layer rules ------------------------------------------------------------------------ */

/* Row q of the backward pass belongs to sub-block pair q % pb. */
static void act_backward(const back_t *k, int i, const dl_mult_t *M, float *np, float *nn)
{
	const dl_block_t *b = k->b;
	mf_rule_t rule = b->d->dl[i].rule;
	size_t sz = mf_dl_size(b->d, i);
	for (int q = 0; q < b->Q; ++q) {
		int pp = q % b->pb;
		const float *mp = M->mp + (size_t)q * sz, *mn = (M->mn ? M->mn : M->mp) + (size_t)q * sz;
		float *op = np + (size_t)q * sz, *on = nn ? nn + (size_t)q * sz : NULL;
		if (rule == MF_RULE_GRADIENT || rule == MF_RULE_GUIDED) {
			const float *g = b->w->grad[i] + (size_t)mf_dl_seq_of(b, pp) * sz;
			for (size_t e = 0; e < sz; ++e)
				op[e] = rule == MF_RULE_GUIDED && !(mp[e] > 0) ? 0.0f : g[e] * mp[e];
		} else if (rule == MF_RULE_RESCALE) {
			const float *sc = b->w->scale[i] + (size_t)pp * sz;
			for (size_t e = 0; e < sz; ++e)
				op[e] = sc[e] * mp[e];
			for (size_t e = 0; on && e < sz; ++e)
				on[e] = sc[e] * mn[e];
		} else {
			const double *sp = b->w->sp[i] + (size_t)pp * sz, *sn = b->w->sn[i] + (size_t)pp * sz;
			for (size_t e = 0; e < sz; ++e) {
				op[e] = (float)(sp[e] * mp[e]);
				on[e] = (float)(sn[e] * mn[e]);
			}
		}
	}
}

/* Chooses each input's multiplier by the sign of its own difference (DEEPLIFT.md):
 * A = m+ W+ + m- W-, B = m+ W- + m- W+; dx > 0 takes A, dx < 0 takes B, dx = 0 the mean. */
static void select_by_sign(const dl_block_t *b, const float *delta, size_t sz, const float *A,
	const float *B, float *out)
{
	for (int q = 0; q < b->Q; ++q) {
		const float *dq = delta + (size_t)(q % b->pb) * sz;
		const float *a = A + (size_t)q * sz, *bb = B + (size_t)q * sz;
		float *o = out + (size_t)q * sz;
		for (size_t e = 0; e < sz; ++e)
			o[e] = dq[e] > 0 ? a[e] : dq[e] < 0 ? bb[e] : 0.5f * (a[e] + bb[e]);
	}
}

/* cols[q][t] = dOut[q][t] . Wc (k*in_ch values), then each adds onto the input
 * positions output t reads, in increasing t and tap: a fixed order for every row. */
static void scatter_grad(const dl_block_t *b, const mf_layer_t *l, const float *wc,
		const float *dout, float *din)
{
	int kc = l->k * l->in_ch, C = l->in_ch;
	size_t isz = mf_layer_in_size(l);
	mf_gemm(b->Q * l->out_len, kc, l->out_ch, dout, l->out_ch, wc, kc, NULL, b->w->cols, kc);
	memset(din, 0, (size_t)b->Q * isz * sizeof *din);
	int dil = l->dilation ? l->dilation : 1;
	for (int q = 0; q < b->Q; ++q)
		for (int t = 0; t < l->out_len; ++t) {
			const float *c = b->w->cols + ((size_t)q * l->out_len + t) * kc;
			for (int j = 0; j < l->k; ++j) {
				int u = t * l->stride - l->pad_left + j * dil;
				if (u < 0 || u >= l->in_len)
					continue;
				float *d = din + (size_t)q * isz + (size_t)u * C;
				for (int e = 0; e < C; ++e)
					d[e] += c[j * C + e];
			}
		}
}

/* The transposed convolution: the multipliers, zero-padded, convolved with the flipped
 * kernel; large layers read the padding through the product's view. */
static int transposed_grad(const dl_block_t *b, const mf_layer_t *l, const dl_layer_t *x,
	const float *wt, const float *dout, float *din)
{
	size_t osz = mf_layer_out_size(l), isz = mf_layer_in_size(l);
	if (x->tconv_view) {
		const mf_layer_t *t = &x->tconv;
		for (int q = 0; q < b->Q; ++q) {
			mf_aview_t a = {dout + (size_t)q * osz, l->out_len, l->out_ch, l->out_ch, t->k, 1,
				t->dilation, x->pad_off};
			if (mf_gemm_view(t->out_len, t->out_ch, &a, wt, t->out_ch, NULL, din + (size_t)q * isz,
					t->out_ch) < 0)
				return -1;
		}
		return 0;
	}
	/* the padding rows stay zero from allocation; only the middle is rewritten */
	size_t psz = (size_t)x->tconv.in_len * x->tconv.in_ch, off = (size_t)x->pad_off * l->out_ch;
	for (int q = 0; q < b->Q; ++q)
		memcpy(b->w->pad + (size_t)q * psz + off, dout + (size_t)q * osz, osz * sizeof *dout);
	int rc = mf_conv1d_forward(&x->tconv, wt, NULL, b->w->pad, din, b->Q);
	for (int q = 0; q < b->Q; ++q) /* leave the buffer all zeros for the next layer's shape */
		memset(b->w->pad + (size_t)q * psz + off, 0, osz * sizeof *dout);
	return rc;
}

/* dIn = dOut W^T with W the layer's weights (which = 0), W+ (1) or W- (2). */
static int input_grad(const dl_block_t *b, int i, int which, const float *dout, float *din)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	const dl_layer_t *x = &b->d->dl[i];
	const float *W = which == 0 ? l->W : which == 1 ? x->wplus : x->wminus;
	if (l->type == MF_LAYER_DENSE) {
		mf_dense_input_grad(l, W, dout, din, b->Q);
		return 0;
	}
	if (x->wc[which]) {
		scatter_grad(b, l, x->wc[which], dout, din);
		return 0;
	}
	if (!x->wt[which]) {
		mf_conv1d_input_grad(l, W, dout, din, b->Q);
		return 0;
	}
	return transposed_grad(b, l, x, x->wt[which], dout, din);
}

static int linear_backward(back_t *k, int i, const dl_mult_t *M, float *np)
{
	const dl_block_t *b = k->b;
	if (!M->mn)
		return input_grad(b, i, 0, M->mp, np);
	float **t = b->w->t, *B = take(k);
	int q = mf_model_layer_input(b->d->m, i, 0);
	size_t n = (size_t)b->Q * mf_dl_size(b->d, q);
	if (!B)
		return -1;
	if (input_grad(b, i, 1, M->mp, t[0]) < 0 || input_grad(b, i, 2, M->mn, t[1]) < 0)
		return -1;
	add_into(t[0], t[1], n);                       /* A */
	if (input_grad(b, i, 2, M->mp, B) < 0 || input_grad(b, i, 1, M->mn, t[1]) < 0)
		return -1;
	add_into(B, t[1], n);                          /* B */
	select_by_sign(b, b->w->delta[i], mf_dl_size(b->d, q), t[0], B, np);
	give(k, B);
	return 0;
}

/* Average and max pooling, local or global: the input positions each output reads. */
static void pool_backward_row(const mf_layer_t *l, const float *x, const float *m, float *o)
{
	int global = l->type == MF_LAYER_GLOBAL_AVGPOOL || l->type == MF_LAYER_GLOBAL_MAXPOOL;
	int avg = l->type == MF_LAYER_AVGPOOL || l->type == MF_LAYER_GLOBAL_AVGPOOL;
	int k = global ? l->in_len : l->k, stride = global ? 1 : l->stride, pad = global ? 0 : l->pad_left;
	int C = l->in_ch;
	memset(o, 0, (size_t)l->in_len * C * sizeof *o);
	for (int t = 0; t < l->out_len; ++t) {
		int lo = t * stride - pad, hi = lo + k;
		if (lo < 0)
			lo = 0;
		if (hi > l->in_len)
			hi = l->in_len;
		for (int c = 0; c < C; ++c) {
			float mv = m[(size_t)t * C + c];
			if (avg) {
				float share = mv / (float)(hi - lo);
				for (int u = lo; u < hi; ++u)
					o[(size_t)u * C + c] += share;
			} else if (hi > lo) {
				int best = lo;
				for (int u = lo + 1; u < hi; ++u)
					if (x[(size_t)u * C + c] > x[(size_t)best * C + c])
						best = u;
				o[(size_t)best * C + c] += mv;
			}
		}
	}
}

static void pool_backward(const dl_block_t *b, int i, const dl_mult_t *M, float *np, float *nn)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	int q = mf_model_layer_input(b->d->m, i, 0);
	int avg = l->type == MF_LAYER_AVGPOOL || l->type == MF_LAYER_GLOBAL_AVGPOOL;
	size_t in = mf_dl_size(b->d, q), out = mf_dl_size(b->d, i);
	for (int r = 0; r < b->Q; ++r) {
		const float *x = avg ? NULL : mf_dl_x(b, q, mf_dl_seq_of(b, r % b->pb));
		pool_backward_row(l, x, M->mp + (size_t)r * out, np + (size_t)r * in);
		if (nn)
			pool_backward_row(l, x, M->mn + (size_t)r * out, nn + (size_t)r * in);
	}
}

/* BatchNorm at inference is a per-channel scale: a linear layer with a diagonal weight. */
static void batchnorm_backward(back_t *k, int i, const dl_mult_t *M, float *np)
{
	const dl_block_t *b = k->b;
	const mf_layer_t *l = &b->d->m->layers[i];
	size_t sz = mf_dl_size(b->d, i), n = (size_t)b->Q * sz;
	if (!M->mn) {
		for (size_t e = 0; e < n; ++e)
			np[e] = M->mp[e] * l->bn_scale[e % (size_t)l->out_ch];
		return;
	}
	float *A = b->w->t[0], *B = b->w->t[1];
	for (size_t e = 0; e < n; ++e) {
		float s = l->bn_scale[e % (size_t)l->out_ch];
		A[e] = s >= 0 ? s * M->mp[e] : s * M->mn[e];
		B[e] = s >= 0 ? s * M->mn[e] : s * M->mp[e];
	}
	select_by_sign(b, b->w->delta[i], sz, A, B, np);
}

/* Add sends its multipliers to every input; Concatenate each input its channels. */
static void wiring_backward(back_t *k, int i, dl_mult_t *M)
{
	const dl_block_t *b = k->b;
	const mf_model_t *m = b->d->m;
	const mf_layer_t *l = &m->layers[i];
	int n_in = mf_layer_n_inputs(l), ch[MF_LAYER_MAX_IN];
	for (int j = 0; j < n_in; ++j) {
		int q = mf_model_layer_input(m, i, j);
		ch[j] = q < 0 ? m->in_ch : m->layers[q].out_ch;
	}
	for (int j = 0; j < n_in && !k->failed; ++j) {
		int q = mf_model_layer_input(m, i, j);
		if (l->type == MF_LAYER_ADD || n_in == 1) {
			int last = j == n_in - 1;
			deliver(k, q, M->mp, M->mn, last);
			if (last)
				M->mp = M->mn = NULL;
			continue;
		}
		float *np = take(k), *nn = M->mn ? take(k) : NULL;
		if (!np || (M->mn && !nn))
			return;
		mf_concat_backward(l, ch, j, M->mp, np, b->Q);
		if (nn)
			mf_concat_backward(l, ch, j, M->mn, nn, b->Q);
		deliver(k, q, np, nn, 1);
	}
}

static int layer_backward(back_t *k, int i)
{
	const dl_block_t *b = k->b;
	const mf_layer_t *l = &b->d->m->layers[i];
	dl_mult_t *M = mult_of(k, i);
	int q = mf_model_layer_input(b->d->m, i, 0), rc = 0;
	if (l->type == MF_LAYER_ADD || l->type == MF_LAYER_CONCAT) {
		wiring_backward(k, i, M);
		release(k, M);
		return k->failed ? -1 : 0;
	}
	if (mf_layer_is_view(l)) { /* the same values: the multipliers pass on as they are */
		deliver(k, q, M->mp, M->mn, 1);
		M->mp = M->mn = NULL;
		release(k, M);
		return k->failed ? -1 : 0;
	}
	int rc_act = l->type == MF_LAYER_ACT && b->d->dl[i].rule == MF_RULE_REVEALCANCEL;
	int keeps_parts = l->type == MF_LAYER_ACT || l->type == MF_LAYER_CROP || l->type == MF_LAYER_AVGPOOL ||
		l->type == MF_LAYER_MAXPOOL || l->type == MF_LAYER_GLOBAL_AVGPOOL || l->type == MF_LAYER_GLOBAL_MAXPOOL;
	float *np = take(k), *nn = rc_act || (keeps_parts && M->mn) ? take(k) : NULL;
	if (!np || ((rc_act || (keeps_parts && M->mn)) && !nn))
		return -1;
	switch (l->type) {
	case MF_LAYER_CONV1D:
	case MF_LAYER_DENSE: rc = linear_backward(k, i, M, np); break;
	case MF_LAYER_ACT: act_backward(k, i, M, np, nn); break;
	case MF_LAYER_BATCHNORM: batchnorm_backward(k, i, M, np); break;
	case MF_LAYER_CROP:
		mf_crop_backward(l, M->mp, np, b->Q);
		if (nn)
			mf_crop_backward(l, M->mn, nn, b->Q);
		break;
	default: pool_backward(b, i, M, np, nn); break;
	}
	release(k, M);
	if (rc < 0)
		return -1;
	deliver(k, q, np, nn, 1);
	return k->failed ? -1 : 0;
}

/* ---- the pass ---------------------------------------------------------------------------- */

/* Starting multipliers at the target from its outputs; the expected sums per row. */
static int start(back_t *k, double *expected, int P, int pabs)
{
	const dl_block_t *b = k->b;
	const mf_deeplift_t *d = b->d;
	int no = d->n_out, grad = d->rule == MF_RULE_GRADIENT || d->rule == MF_RULE_GUIDED;
	dl_mult_t *M = mult_of(k, d->target);
	M->set = 1;
	if (!(M->mp = take(k)))
		return -1;
	for (int q = 0; q < b->Q; ++q) {
		int t = q / b->pb, pp = q % b->pb;
		const float *ox = b->w->tx + (size_t)mf_dl_seq_of(b, pp) * no;
		const float *orf = b->r0 && !grad ? b->w->tr + (size_t)pp * no : NULL;
		expected[(size_t)t * P + pabs + pp] = mf_target_start(&d->tg, b->tasks[t], ox, orf,
			M->mp + (size_t)q * no, (size_t)no);
	}
	return 0;
}

/* The input's multipliers into the output rows; picked by the sign of dx when its parts
   were still apart. */
static void finish(back_t *k, float *mult, int P, int pabs)
{
	const dl_block_t *b = k->b;
	dl_mult_t *M = mult_of(k, MF_MODEL_INPUT);
	size_t in = mf_dl_size(b->d, MF_MODEL_INPUT);
	for (int q = 0; q < b->Q; ++q) {
		int t = q / b->pb, pp = q % b->pb;
		float *o = mult + ((size_t)t * P + pabs + pp) * in;
		const float *mp = M->mp ? M->mp + (size_t)q * in : NULL;
		if (!mp) {
			memset(o, 0, in * sizeof *o);
		} else if (!M->mn || !b->r0) {
			memcpy(o, mp, in * sizeof *o);
		} else {
			const float *x = mf_dl_x(b, MF_MODEL_INPUT, mf_dl_seq_of(b, pp));
			const float *r = mf_dl_r(b, MF_MODEL_INPUT, pp), *mn = M->mn + (size_t)q * in;
			for (size_t e = 0; e < in; ++e) {
				float dx = x[e] - r[e];
				o[e] = dx > 0 ? mp[e] : dx < 0 ? mn[e] : 0.5f * (mp[e] + mn[e]);
			}
		}
	}
	release(k, M);
}

static int backward(const dl_block_t *b, float *mult, int P, int pabs)
{
	back_t k = {b, (size_t)b->w->max_tasks * b->w->pb * b->d->max_size, 0};
	if (start(&k, b->w->expected, P, pabs) < 0)
		return -1;
	for (int i = b->d->target; i >= 0; --i)
		if (b->d->needed[i] && mult_of(&k, i)->set && layer_backward(&k, i) < 0) {
			mf_error("out of memory for DeepLIFT multipliers");
			return -1;
		}
	finish(&k, mult, P, pabs);
	return 0;
}

int mf_deeplift_run(const mf_deeplift_t *d, mf_dl_work_t *w, const float *x, const float *ref,
		int ns, int nr, const int *tasks, int nt, float *mult, float *logit_x, float *logit_r)
{
	if (ns > w->max_seqs || nr > w->max_refs || nt > w->max_tasks || (!ref && nr != 1) ||
			(!ref && d->rule != MF_RULE_GRADIENT && d->rule != MF_RULE_GUIDED)) {
		mf_error("internal error: block of %d x %d x %d does not fit the scratch or lacks references",
			ns, nr, nt);
		return -1;
	}
	size_t in = mf_dl_size(d, MF_MODEL_INPUT), no = (size_t)d->n_out;
	int P = ns * nr;
	w->P = P;
	for (int s0 = 0; s0 < ns; s0 += w->gx) {
		dl_block_t b = {d, w, x + (size_t)s0 * in, NULL, ns - s0 < w->gx ? ns - s0 : w->gx, nr, s0,
			0, 0, nt, 0, tasks};
		if (mf_dl_forward_x(&b) < 0)
			return -1;
		if (logit_x)
			memcpy(logit_x + (size_t)s0 * no, w->tx, (size_t)b.gs * no * sizeof *logit_x);
		for (int p0 = 0; p0 < b.gs * nr; p0 += w->pb) {
			int pabs = s0 * nr + p0;
			b.p0 = p0;
			b.pb = b.gs * nr - p0 < w->pb ? b.gs * nr - p0 : w->pb;
			b.Q = nt * b.pb;
			b.r0 = ref ? ref + (size_t)pabs * in : NULL;
			if (ref && mf_dl_forward_r(&b) < 0)
				return -1;
			if (logit_r && ref)
				memcpy(logit_r + (size_t)pabs * no, w->tr, (size_t)b.pb * no * sizeof *logit_r);
			if (backward(&b, mult, P, pabs) < 0)
				return -1;
		}
	}
	return 0;
}
