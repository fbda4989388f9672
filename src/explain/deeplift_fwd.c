/* deeplift_fwd.c: the forward passes of a DeepLIFT block (dl_internal.h): the sequences'
 * pass, keeping what later steps read, and the references' pass, which computes each
 * backward step's aids (Rescale's dy/dx, RevealCancel's slopes, input differences, the
 * positive and negative parts) while the values they come from are still at hand. */
#include <math.h>
#include <string.h>

#include "explain/dl_internal.h"
#include "model/wiring.h"

#define NEAR_ZERO 1e-7f   /* Rescale: |dx| below this uses the derivative at the reference */
#define RC_EPS 1e-7f      /* RevealCancel pseudocount */

size_t mf_dl_size(const mf_deeplift_t *d, int q)
{
	return q < 0 ? (size_t)d->m->in_len * d->m->in_ch : mf_layer_out_size(&d->m->layers[q]);
}

const float *mf_dl_x(const dl_block_t *b, int q, int s)
{
	size_t sz = mf_dl_size(b->d, q);
	if (q < 0)
		return b->x0 + (size_t)s * sz;
	return (b->d->dl[q].keep_x ? b->w->xkeep[q] : b->w->xptr[q]) + (size_t)s * sz;
}

const float *mf_dl_r(const dl_block_t *b, int q, int pp)
{
	return (q < 0 ? b->r0 : b->w->rptr[q]) + (size_t)pp * mf_dl_size(b->d, q);
}

int mf_dl_seq_of(const dl_block_t *b, int pp)
{
	return (b->p0 + pp) / b->nr;
}

/* ---- activation functions ------------------------------------------------------------- */

static double act_d(mf_act_t a, double x)
{
	switch (a) {
	case MF_ACT_RELU: return x > 0 ? x : 0.0;
	case MF_ACT_SIGMOID: return 1.0 / (1.0 + exp(-x));
	case MF_ACT_TANH: return tanh(x);
	default: return x;
	}
}

static float act_df(mf_act_t a, float x)
{
	switch (a) {
	case MF_ACT_RELU: return x > 0 ? 1.0f : 0.0f;
	case MF_ACT_SIGMOID: {
		float s = 1.0f / (1.0f + expf(-x));
		return s * (1.0f - s);
	}
	case MF_ACT_TANH: {
		float t = tanhf(x);
		return 1.0f - t * t;
	}
	default: return 1.0f;
	}
}

/* The pseudocount deeplift adds to a RevealCancel part that is (nearly) zero. */
static float rc_pseudocount(float t)
{
	if (fabsf(t) < 0.5f * RC_EPS)
		return t >= 0 ? t + RC_EPS : t - RC_EPS;
	return t;
}

/* Rescale's dy/dx for a smooth nonlinearity, in double: in float32 the difference of two
 * nearby sigmoid outputs loses most of its digits when dx is small. */
static float secant(mf_act_t a, float x, float r)
{
	return (float)((act_d(a, x) - act_d(a, r)) / ((double)x - r));
}

/* RevealCancel's dy+/P (called with P, N) or dy-/N (called with N, P):
 * half the effect of adding the part first plus half of adding it last. The differences
 * f(x0 + P) - f(x0) are taken in double: in float32 they are quantised to the spacing of
 * x0, which for a pseudocount-sized part (1e-7) is noise of tens of percent. */
static double rc_slope(mf_act_t a, float x0f, float Pf, float Nf)
{
	double x0 = x0f, P = Pf, N = Nf, f0 = act_d(a, x0);
	return (0.5 * (act_d(a, x0 + P) - f0) + 0.5 * (act_d(a, x0 + N + P) - act_d(a, x0 + N))) / P;
}

/* ---- aids ---------------------------------------------------------------------------------- */

/* out[pp][k] = x[seq of pp][k] - r[pp][k]: each pair's difference at layer q's output. */
static void fill_delta(const dl_block_t *b, int q, float *out)
{
	size_t sz = mf_dl_size(b->d, q);
	for (int pp = 0; pp < b->pb; ++pp) {
		const float *x = mf_dl_x(b, q, mf_dl_seq_of(b, pp)), *r = mf_dl_r(b, q, pp);
		float *o = out + (size_t)pp * sz;
		for (size_t k = 0; k < sz; ++k)
			o[k] = x[k] - r[k];
	}
}

static void split_signs(const float *v, size_t n, float *plus, float *minus)
{
	for (size_t k = 0; k < n; ++k) {
		plus[k] = v[k] > 0 ? v[k] : 0.0f;
		minus[k] = v[k] < 0 ? v[k] : 0.0f;
	}
}

static void add_into(float *a, const float *b, size_t n)
{
	for (size_t k = 0; k < n; ++k)
		a[k] += b[k];
}

/* Rescale: dy/dx per pair, or the derivative at the reference where |dx| is tiny. */
static void rescale_aid(const dl_block_t *b, int i)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	int q = mf_model_layer_input(b->d->m, i, 0);
	size_t sz = mf_dl_size(b->d, q);
	for (int pp = 0; pp < b->pb; ++pp) {
		const float *x = mf_dl_x(b, q, mf_dl_seq_of(b, pp)), *r = mf_dl_r(b, q, pp);
		const float *yr = mf_dl_r(b, i, pp);
		float *scale = b->w->scale[i] + (size_t)pp * sz;
		for (size_t k = 0; k < sz; ++k) {
			float dx = x[k] - r[k], y = x[k] > 0.0f ? x[k] : 0.0f;
			scale[k] = fabsf(dx) < NEAR_ZERO ? act_df(l->act, r[k])
				: l->act == MF_ACT_RELU ? (y - yr[k]) / dx : secant(l->act, x[k], r[k]);
		}
	}
}

/* RevealCancel: dy+/P and dy-/N from the input's parts and the reference. */
static void revealcancel_aid(const dl_block_t *b, int i)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	int q = mf_model_layer_input(b->d->m, i, 0);
	size_t sz = mf_dl_size(b->d, q);
	for (int pp = 0; pp < b->pb; ++pp) {
		const float *r = mf_dl_r(b, q, pp);
		const float *pos = b->w->pos[q] + (size_t)pp * sz, *neg = b->w->neg[q] + (size_t)pp * sz;
		double *sp = b->w->sp[i] + (size_t)pp * sz, *sn = b->w->sn[i] + (size_t)pp * sz;
		for (size_t k = 0; k < sz; ++k) {
			float P = rc_pseudocount(pos[k]), N = rc_pseudocount(neg[k]);
			sp[k] = rc_slope(l->act, r[k], P, N);
			sn[k] = rc_slope(l->act, r[k], N, P);
		}
	}
}

/* Positive and negative parts of a linear layer's output (DEEPLIFT.md "Linear layers"):
 * pos = dx+ W+ + dx- W-,  neg = dx- W+ + dx+ W-, bias excluded. */
static int posneg_linear(const dl_block_t *b, int i, float *pos, float *neg)
{
	const dl_layer_t *x = &b->d->dl[i];
	mf_dl_work_t *w = b->w;
	int q = mf_model_layer_input(b->d->m, i, 0);
	size_t in = mf_dl_size(b->d, q), out = mf_dl_size(b->d, i), n = (size_t)b->pb;
	fill_delta(b, q, w->t[2]);
	split_signs(w->t[2], n * in, w->t[0], w->t[1]);
	if (mf_layer_forward(&x->plus, w->t[0], pos, b->pb) < 0 ||
			mf_layer_forward(&x->minus, w->t[1], w->t[2], b->pb) < 0 ||
			mf_layer_forward(&x->plus, w->t[1], neg, b->pb) < 0 ||
			mf_layer_forward(&x->minus, w->t[0], w->t[3], b->pb) < 0)
		return -1;
	add_into(pos, w->t[2], n * out);
	add_into(neg, w->t[3], n * out);
	return 0;
}

/* The parts of input j of layer i: the input's own, or for the model input, its
 * difference split by sign (into t[0], t[1]). */
static void input_parts(const dl_block_t *b, int i, int j, const float **pi, const float **ni)
{
	int q = mf_model_layer_input(b->d->m, i, j);
	if (q >= 0) {
		*pi = b->w->pos[q], *ni = b->w->neg[q];
		return;
	}
	fill_delta(b, q, b->w->t[2]);
	split_signs(b->w->t[2], (size_t)b->pb * mf_dl_size(b->d, q), b->w->t[0], b->w->t[1]);
	*pi = b->w->t[0], *ni = b->w->t[1];
}

/* Parts carried through a layer that keeps them apart: BatchNorm (a negative scale swaps
 * them), moves (Dropout, Flatten, Reshape, Cropping1D, Concatenate), sums (average
 * pooling, Add). */
static int posneg_carry(const dl_block_t *b, int i, float *pos, float *neg)
{
	const mf_model_t *m = b->d->m;
	const mf_layer_t *l = &m->layers[i];
	size_t out = mf_dl_size(b->d, i), n = (size_t)b->pb;
	const float *pi[MF_LAYER_MAX_IN], *ni[MF_LAYER_MAX_IN];
	int k = mf_layer_n_inputs(l);
	for (int j = 0; j < k; ++j)
		input_parts(b, i, j, &pi[j], &ni[j]);
	if (l->type == MF_LAYER_BATCHNORM) {
		for (size_t e = 0; e < n * out; ++e) {
			float s = l->bn_scale[e % (size_t)l->out_ch];
			pos[e] = s >= 0 ? s * pi[0][e] : s * ni[0][e];
			neg[e] = s >= 0 ? s * ni[0][e] : s * pi[0][e];
		}
		return 0;
	}
	if (l->type == MF_LAYER_DROPOUT || l->type == MF_LAYER_FLATTEN || l->type == MF_LAYER_RESHAPE) {
		memcpy(pos, pi[0], n * out * sizeof *pos);
		memcpy(neg, ni[0], n * out * sizeof *neg);
		return 0;
	}
	if (k > 1)
		return mf_model_layer_forward(m, i, pi, pos, b->pb) < 0 ||
			mf_model_layer_forward(m, i, ni, neg, b->pb) < 0 ? -1 : 0;
	return mf_layer_forward(l, pi[0], pos, b->pb) < 0 || mf_layer_forward(l, ni[0], neg, b->pb) < 0 ? -1 : 0;
}

static int posneg(const dl_block_t *b, int i)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	float *pos = b->w->pos[i], *neg = b->w->neg[i];
	if (l->type == MF_LAYER_CONV1D || l->type == MF_LAYER_DENSE)
		return posneg_linear(b, i, pos, neg);
	if (l->type == MF_LAYER_BATCHNORM || l->type == MF_LAYER_DROPOUT || l->type == MF_LAYER_FLATTEN ||
			l->type == MF_LAYER_AVGPOOL || l->type == MF_LAYER_GLOBAL_AVGPOOL ||
			l->type == MF_LAYER_CROP || l->type == MF_LAYER_ADD || l->type == MF_LAYER_CONCAT ||
			l->type == MF_LAYER_RESHAPE)
		return posneg_carry(b, i, pos, neg);
	fill_delta(b, i, b->w->t[2]);
	split_signs(b->w->t[2], (size_t)b->pb * mf_dl_size(b->d, i), pos, neg);
	return 0;
}

/* What the backward step of layer i (and RevealCancels after it) read of this sub-block. */
static int after_reference(const dl_block_t *b, int i)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	const dl_layer_t *x = &b->d->dl[i];
	if (l->type == MF_LAYER_ACT && x->rule == MF_RULE_RESCALE)
		rescale_aid(b, i);
	if (x->delta_aid)
		fill_delta(b, mf_model_layer_input(b->d->m, i, 0), b->w->delta[i]);
	if (x->need_posneg && posneg(b, i) < 0)
		return -1;
	if (l->type == MF_LAYER_ACT && x->rule == MF_RULE_REVEALCANCEL)
		revealcancel_aid(b, i);
	return 0;
}

/* What later steps read of the sequences: kept outputs, the derivative at x. */
static void after_sequence(const dl_block_t *b, int i)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	const dl_layer_t *x = &b->d->dl[i];
	size_t sz = mf_dl_size(b->d, i);
	if (x->keep_x)
		memcpy(b->w->xkeep[i], b->w->xptr[i], (size_t)b->gs * sz * sizeof(float));
	if (l->type == MF_LAYER_ACT && (x->rule == MF_RULE_GRADIENT || x->rule == MF_RULE_GUIDED)) {
		int q = mf_model_layer_input(b->d->m, i, 0);
		for (int s = 0; s < b->gs; ++s) {
			const float *xin = mf_dl_x(b, q, s);
			float *g = b->w->grad[i] + (size_t)s * sz;
			for (size_t k = 0; k < sz; ++k)
				g[k] = act_df(l->act, xin[k]);
		}
	}
}

/* One forward pass over n rows of input, the target's output into out. */
static int run_pass(const dl_block_t *b, int n, const float *input, float *slots, size_t stride,
	const float **ptr, float *out, int refs)
{
	const mf_deeplift_t *d = b->d;
	const mf_plan_t *pl = &d->plan;
	const float *in[MF_LAYER_MAX_IN];
	for (int i = 0; i <= d->target; ++i) {
		int s = pl->slot[i];
		if (s == MF_SLOT_NONE)
			continue;
		const mf_layer_t *l = &d->m->layers[i];
		for (int j = 0; j < mf_layer_n_inputs(l); ++j) {
			int q = mf_model_layer_input(d->m, i, j);
			in[j] = q < 0 ? input : ptr[q];
		}
		if (s == MF_SLOT_X || (s >= 0 && mf_layer_is_view(l))) {
			ptr[i] = in[0];
		} else {
			float *dst = s == MF_SLOT_OUT ? out : slots + (size_t)s * stride;
			if (mf_model_layer_forward(d->m, i, in, dst, n) < 0)
				return -1;
			ptr[i] = dst;
		}
		if (refs && after_reference(b, i) < 0)
			return -1;
		if (!refs)
			after_sequence(b, i);
	}
	return 0;
}

int mf_dl_forward_x(const dl_block_t *b)
{
	mf_dl_work_t *w = b->w;
	return run_pass(b, b->gs, b->x0, w->xslots, b->d->plan.slot_size * (size_t)w->gx, w->xptr,
		w->tx, 0);
}

int mf_dl_forward_r(const dl_block_t *b)
{
	mf_dl_work_t *w = b->w;
	return run_pass(b, b->pb, b->r0, w->rslots, b->d->plan.slot_size * (size_t)w->pb, w->rptr,
		w->tr, 1);
}
