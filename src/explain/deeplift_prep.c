/* deeplift_prep.c: preparing a model for DeepLIFT: the rule of each nonlinearity, which
 * outputs need their positive/negative parts, where multipliers can differ (m+ != m-),
 * what the forward passes must keep, and the reshaped kernels of the backward pass. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "explain/dl_internal.h"
#include "model/gemm.h"

static int is_linear(const mf_layer_t *l)
{
	return l->type == MF_LAYER_CONV1D || l->type == MF_LAYER_DENSE;
}

/* Layers that carry positive and negative parts apart (sums and moves of their inputs). */
static int carries_parts(mf_layer_type_t t)
{
	return t == MF_LAYER_BATCHNORM || t == MF_LAYER_DROPOUT || t == MF_LAYER_FLATTEN ||
		t == MF_LAYER_AVGPOOL || t == MF_LAYER_GLOBAL_AVGPOOL || t == MF_LAYER_CROP ||
		t == MF_LAYER_ADD || t == MF_LAYER_CONCAT || t == MF_LAYER_RESHAPE;
}

/* Genomics default: the nearest linear layer before a nonlinearity (following its first
 * input back) decides its rule. */
static mf_rule_t genomics_rule(const mf_model_t *m, int i)
{
	for (int j = mf_model_layer_input(m, i, 0); j >= 0; j = mf_model_layer_input(m, j, 0)) {
		mf_layer_type_t t = m->layers[j].type;
		if (t == MF_LAYER_CONV1D)
			return MF_RULE_RESCALE;
		if (t == MF_LAYER_DENSE)
			return MF_RULE_REVEALCANCEL;
	}
	return MF_RULE_RESCALE;
}

/* Layer q's output parts feed a RevealCancel: mark it, and through the layers that carry
 * parts, the outputs they come from. */
static void mark_posneg(mf_deeplift_t *d, int q)
{
	if (q < 0 || d->dl[q].need_posneg)
		return;
	d->dl[q].need_posneg = 1;
	const mf_layer_t *l = &d->m->layers[q];
	if (carries_parts(l->type))
		for (int j = 0; j < mf_layer_n_inputs(l); ++j)
			mark_posneg(d, mf_model_layer_input(d->m, q, j));
}

static size_t weight_count(const mf_layer_t *l)
{
	if (l->type == MF_LAYER_CONV1D)
		return (size_t)l->k * l->in_ch * l->out_ch;
	return mf_layer_in_size(l) * mf_layer_out_size(l);
}

static int make_masked(mf_deeplift_t *d, int i)
{
	const mf_layer_t *l = &d->m->layers[i];
	size_t nw = weight_count(l);
	dl_layer_t *x = &d->dl[i];
	x->wplus = malloc(nw * sizeof(float));
	x->wminus = malloc(nw * sizeof(float));
	if (!x->wplus || !x->wminus)
		return -1;
	for (size_t k = 0; k < nw; ++k) {
		x->wplus[k] = l->W[k] > 0 ? l->W[k] : 0.0f;
		x->wminus[k] = l->W[k] < 0 ? l->W[k] : 0.0f;
	}
	x->plus = *l;
	x->plus.W = x->wplus;
	x->plus.b = d->zeros;
	x->minus = *l;
	x->minus.W = x->wminus;
	x->minus.b = d->zeros;
	return 0;
}

/* [k][in][out] -> [k][out][in] with the taps reversed. */
static float *flip_kernel(const mf_layer_t *l, const float *W)
{
	int k = l->k, C = l->in_ch, O = l->out_ch;
	float *t = malloc((size_t)k * C * O * sizeof *t);
	if (!t)
		return NULL;
	for (int j = 0; j < k; ++j)
		for (int c = 0; c < C; ++c)
			for (int o = 0; o < O; ++o)
				t[((size_t)(k - 1 - j) * O + o) * C + c] = W[((size_t)j * C + c) * O + o];
	return t;
}

/* [k][in][out] -> [out][k][in]. */
static float *gather_kernel(const mf_layer_t *l, const float *W)
{
	size_t kc = (size_t)l->k * l->in_ch, O = (size_t)l->out_ch;
	float *t = malloc(kc * O * sizeof *t);
	if (!t)
		return NULL;
	for (size_t r = 0; r < kc; ++r)
		for (size_t o = 0; o < O; ++o)
			t[o * kc + r] = W[r * O + o];
	return t;
}

static int make_scatter(mf_deeplift_t *d, int i)
{
	const mf_layer_t *l = &d->m->layers[i];
	dl_layer_t *x = &d->dl[i];
	const float *src[3] = {l->W, x->wplus, x->wminus};
	for (int k = 0; k < 3; ++k)
		if (src[k] && !(x->wc[k] = gather_kernel(l, src[k])))
			return -1;
	size_t c = (size_t)l->out_len * l->k * l->in_ch;
	if (c > d->max_cols)
		d->max_cols = c;
	return 0;
}

/* din[u] = sum_j dout[u + p - j d] W[j] = sum_j' dpad[u + j' d] Wflip[j'] with
 * dpad[v] = dout[v - ((k - 1) d - p)]: a convolution over out_len + 2(k - 1)d rows. Large
 * layers read the padding through the matrix product's view instead of a padded copy. */
static int make_transposed(mf_deeplift_t *d, int i)
{
	const mf_layer_t *l = &d->m->layers[i];
	dl_layer_t *x = &d->dl[i];
	int dil = l->dilation ? l->dilation : 1;
	if (l->stride != 1 || l->pad_left > (l->k - 1) * dil)
		return 0;
	mf_layer_t *t = &x->tconv;
	*t = *l;
	t->in_len = l->out_len + 2 * (l->k - 1) * dil;
	t->in_ch = l->out_ch;
	t->out_len = l->in_len;
	t->out_ch = l->in_ch;
	t->pad_left = 0, t->dilation = dil, t->stride = 1;
	x->pad_off = (l->k - 1) * dil - l->pad_left;
	x->tconv_view = mf_gemm_view_worth_it(t->out_len, t->out_ch, t->k * t->in_ch);
	const float *src[3] = {l->W, x->wplus, x->wminus};
	for (int k = 0; k < 3; ++k)
		if (src[k] && !(x->wt[k] = flip_kernel(l, src[k])))
			return -1;
	if (!x->tconv_view && (size_t)t->in_len * t->in_ch > d->max_padded)
		d->max_padded = (size_t)t->in_len * t->in_ch;
	return 0;
}

static int check_layers(const mf_deeplift_t *d)
{
	for (int i = 0; i <= d->target; ++i) {
		const mf_layer_t *l = &d->m->layers[i];
		if (!d->needed[i])
			continue;
		if (l->type == MF_LAYER_ACT && l->act == MF_ACT_SOFTMAX) {
			mf_error("layer %d '%s': DeepLIFT cannot cross a hidden softmax", i, l->name);
			return -1;
		}
		if (l->type == MF_LAYER_ACT && d->dl[i].rule == MF_RULE_REVEALCANCEL &&
				mf_model_layer_input(d->m, i, 0) < 0) {
			mf_error("layer %d '%s': RevealCancel on the model input itself", i, l->name);
			return -1;
		}
	}
	return 0;
}

/* Where multipliers can have m+ != m-: below a RevealCancel, until a linear layer (or
 * BatchNorm) picks one by the sign of its input's difference. */
static void mark_unequal(mf_deeplift_t *d)
{
	const mf_model_t *m = d->m;
	for (int i = d->target; i >= 0; --i) {
		if (!d->needed[i])
			continue;
		const mf_layer_t *l = &m->layers[i];
		int u = d->dl[i].uneq, resolves = is_linear(l) || l->type == MF_LAYER_BATCHNORM;
		int in_u = l->type == MF_LAYER_ACT && d->dl[i].rule == MF_RULE_REVEALCANCEL ? 1
			: resolves ? 0 : u;
		d->dl[i].delta_aid = resolves && u;
		for (int j = 0; j < mf_layer_n_inputs(l); ++j) {
			int q = mf_model_layer_input(m, i, j);
			if (q >= 0)
				d->dl[q].uneq |= in_u;
			else
				d->uneq_input |= in_u;
		}
	}
}

static void keep(mf_deeplift_t *d, int q)
{
	if (q >= 0)
		d->dl[q].keep_x = 1;
}

/* The sequences' outputs read after the forward pass reaches them. */
static void mark_kept(mf_deeplift_t *d)
{
	const mf_model_t *m = d->m;
	for (int i = 0; i <= d->target; ++i) {
		if (!d->needed[i])
			continue;
		const mf_layer_t *l = &m->layers[i];
		const dl_layer_t *x = &d->dl[i];
		int in = mf_model_layer_input(m, i, 0);
		if (l->type == MF_LAYER_ACT && x->rule == MF_RULE_RESCALE)
			keep(d, in);
		if (x->delta_aid || l->type == MF_LAYER_MAXPOOL || l->type == MF_LAYER_GLOBAL_MAXPOOL)
			keep(d, in);
		if (x->need_posneg && is_linear(l))
			keep(d, in);
		else if (x->need_posneg && !carries_parts(l->type))
			keep(d, i);
	}
}

static int prepare_rules(mf_deeplift_t *d)
{
	const mf_model_t *m = d->m;
	for (int i = 0; i <= d->target; ++i) {
		if (!d->needed[i] || m->layers[i].type != MF_LAYER_ACT)
			continue;
		mf_rule_t r = d->rule == MF_RULE_GENOMICS ? genomics_rule(m, i) : d->rule;
		d->dl[i].rule = r;
		if (r == MF_RULE_REVEALCANCEL) {
			d->any_rc = 1;
			mark_posneg(d, mf_model_layer_input(m, i, 0));
		}
	}
	if (check_layers(d) < 0)
		return -1;
	mark_unequal(d);
	mark_kept(d);
	return 0;
}

static int prepare_kernels(mf_deeplift_t *d)
{
	const mf_model_t *m = d->m;
	for (int i = 0; i <= d->target; ++i) {
		const mf_layer_t *l = &m->layers[i];
		if (!d->needed[i] || !is_linear(l))
			continue;
		if ((d->dl[i].need_posneg || d->dl[i].uneq) && make_masked(d, i) < 0)
			return -1;
		if (l->type == MF_LAYER_CONV1D &&
				(l->in_ch < 16 ? make_scatter(d, i) : make_transposed(d, i)) < 0)
			return -1;
	}
	return 0;
}

/* Scratch floats per sequence of a forward pass and per pair of a sub-block (aids, the
 * reference pass, one task's multipliers): what sizes the sub-blocks. */
static void scratch_sizes(mf_deeplift_t *d)
{
	const mf_model_t *m = d->m;
	size_t fwd = (size_t)d->plan.n_slots * d->plan.slot_size;
	d->seq_floats = fwd + (size_t)d->n_out;
	d->pair_floats = fwd + (size_t)d->n_out + 6 * d->max_size + d->max_cols + d->max_padded +
		(d->any_rc ? 4 * d->max_size : 0);
	for (int i = 0; i <= d->target; ++i) {
		if (!d->needed[i])
			continue;
		const dl_layer_t *x = &d->dl[i];
		size_t sz = mf_layer_out_size(&m->layers[i]), isz = mf_dl_size(d, mf_model_layer_input(m, i, 0));
		if (x->keep_x)
			d->seq_floats += sz;
		if (m->layers[i].type == MF_LAYER_ACT)
			*(x->rule == MF_RULE_GRADIENT || x->rule == MF_RULE_GUIDED ? &d->seq_floats
				: &d->pair_floats) += x->rule == MF_RULE_REVEALCANCEL ? 4 * sz : sz;
		if (x->delta_aid)
			d->pair_floats += isz;
		if (x->need_posneg)
			d->pair_floats += 2 * sz;
	}
}

mf_deeplift_t *mf_deeplift_create_target(const mf_model_t *m, mf_rule_t rule, const mf_target_t *tg)
{
	int target = mf_model_logit_layer(m);
	if (target < 0)
		return NULL;
	mf_deeplift_t *d = calloc(1, sizeof *d);
	if (!d)
		goto oom;
	d->m = m, d->rule = rule, d->target = target, d->tg = *tg;
	d->n_out = (int)mf_layer_out_size(&m->layers[target]);
	if (tg->kind == MF_TARGET_PROFILE && (size_t)tg->len * tg->ch != (size_t)d->n_out) {
		mf_error("layer '%s': a profile of %d x %d values, but the layer has %d",
			m->layers[target].name, tg->len, tg->ch, d->n_out);
		mf_deeplift_destroy(d);
		return NULL;
	}
	d->needed = malloc((size_t)m->n_layers + 1);
	d->dl = calloc((size_t)m->n_layers + 1, sizeof *d->dl);
	if (!d->needed || !d->dl || mf_plan_forward(m, target, &d->plan) < 0)
		goto oom;
	mf_graph_needed(m, target, d->needed);
	d->max_size = (size_t)m->in_len * m->in_ch;
	size_t max_ch = 1;
	for (int i = 0; i <= target; ++i) {
		size_t s = mf_layer_out_size(&m->layers[i]);
		if (!d->needed[i])
			continue;
		d->max_size = s > d->max_size ? s : d->max_size;
		max_ch = s > max_ch ? s : max_ch;
	}
	if (!(d->zeros = calloc(max_ch, sizeof *d->zeros)))
		goto oom;
	if (prepare_rules(d) < 0) {
		mf_deeplift_destroy(d);
		return NULL;
	}
	if (prepare_kernels(d) < 0)
		goto oom;
	scratch_sizes(d);
	return d;
oom:
	mf_error("out of memory preparing the model for DeepLIFT");
	mf_deeplift_destroy(d);
	return NULL;
}

mf_deeplift_t *mf_deeplift_create(const mf_model_t *m, mf_rule_t rule)
{
	mf_target_t tg = {MF_TARGET_COUNTS, MF_PROFILE_RESCALE, 0, 0};
	return mf_deeplift_create_target(m, rule, &tg);
}

void mf_deeplift_destroy(mf_deeplift_t *d)
{
	if (!d)
		return;
	if (d->dl)
		for (int i = 0; i < d->m->n_layers; ++i) {
			free(d->dl[i].wplus);
			free(d->dl[i].wminus);
			for (int k = 0; k < 3; ++k) {
				free(d->dl[i].wt[k]);
				free(d->dl[i].wc[k]);
			}
		}
	mf_plan_free(&d->plan);
	free(d->dl);
	free(d->needed);
	free(d->zeros);
	free(d);
}

mf_rule_t mf_deeplift_layer_rule(const mf_deeplift_t *d, int i)
{
	return i >= 0 && i <= d->target ? d->dl[i].rule : d->rule;
}

int mf_deeplift_n_tasks(const mf_deeplift_t *d)
{
	return d->tg.kind == MF_TARGET_PROFILE ? d->tg.ch : d->n_out;
}

int mf_deeplift_target_layer(const mf_deeplift_t *d)
{
	return d->target;
}
