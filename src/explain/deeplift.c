/* deeplift.c: the DeepLIFT backward pass over a block of (sequence, reference) pairs.
 *
 * Rows: a block holds ns sequences with nr references each, P = ns*nr pairs; pair p
 * belongs to sequence p / nr. The forward pass runs once on the ns sequences (ax) and
 * once on the P references (ar); a difference-from-reference is ax[p / nr] - ar[p].
 * Backward rows are task-major: row q = t*P + p. Every layer output carries m+ and m-
 * (the multipliers of its positive and negative parts); they stay one array (equal)
 * until a RevealCancel nonlinearity splits them. */
#include "explain/deeplift.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/kernels.h"
#include "base/log.h"

#define NEAR_ZERO 1e-7f   /* Rescale: |dx| below this uses the derivative at the reference */
#define RC_EPS 1e-7f      /* RevealCancel pseudocount */

typedef struct {
	mf_rule_t rule;      /* activation layers */
	int need_posneg;     /* the output's positive/negative parts feed a RevealCancel */
	mf_layer_t plus, minus; /* linear layers: copies with W+ / W- and zero bias */
	float *wplus, *wminus;
	/* Conv1D with stride 1 and no dilation: the input gradient is itself a convolution
	 * (of the zero-padded output multipliers with the flipped, transposed kernel), so it
	 * runs on the forward kernel's matrix product. wt[0..2]: flipped W, W+, W-. */
	mf_layer_t tconv;
	float *wt[3];
	int pad_off;         /* output multipliers start this many rows into the padded buffer */
	/* Conv1D over few channels (the one-hot input): the transposed convolution would give
	 * a matrix product only in_ch wide, so instead cols = dOut Wc^T (k*in_ch wide) is
	 * scattered back onto the input positions. wc[0..2]: W, W+, W- as [out][k][in]. */
	float *wc[3];
} dl_layer_t;

struct mf_deeplift {
	const mf_model_t *m;
	size_t max_padded;   /* the largest padded multiplier row of a transposed convolution */
	size_t max_cols;     /* the largest cols row block of a scattered input gradient */
	mf_rule_t rule;
	int target, n_out;
	size_t max_size;     /* the largest activation (or input) of any layer up to the target */
	dl_layer_t *dl;
	float *zeros;        /* a zero bias long enough for any layer */
};

struct mf_dl_work {
	int max_seqs, max_refs, max_tasks;
	int n_slots;         /* layer slots in ax/ar/pos/neg: the input plus each layer */
	float **ax, **ar;    /* per layer outputs, index i+1 (0 holds the input) */
	float **pos, **neg;  /* per layer outputs' positive/negative parts where needed */
	float *mp, *mn, *np, *nn, *t[4];
	float *pad;          /* zero-padded multipliers for the transposed convolutions */
	float *cols;         /* per-output-position products for the scattered gradients */
};

static int is_linear(const mf_layer_t *l)
{
	return l->type == MF_LAYER_CONV1D || l->type == MF_LAYER_DENSE;
}

/* Genomics default: the nearest linear layer before a nonlinearity decides its rule. */
static mf_rule_t genomics_rule(const mf_model_t *m, int i)
{
	for (int j = i - 1; j >= 0; --j) {
		mf_layer_type_t t = m->layers[j].type;
		if (t == MF_LAYER_CONV1D)
			return MF_RULE_RESCALE;
		if (t == MF_LAYER_DENSE)
			return MF_RULE_REVEALCANCEL;
	}
	return MF_RULE_RESCALE;
}

/* Marks the layers whose outputs' positive/negative parts must be tracked for the
 * RevealCancel nonlinearity at layer i: its input, and back through layers that
 * carry the split unchanged in kind (BatchNorm, Dropout, Flatten, average pooling). */
static void mark_posneg(mf_deeplift_t *d, int i)
{
	for (int j = i - 1; j >= 0; --j) {
		d->dl[j].need_posneg = 1;
		mf_layer_type_t t = d->m->layers[j].type;
		if (t != MF_LAYER_BATCHNORM && t != MF_LAYER_DROPOUT && t != MF_LAYER_FLATTEN &&
				t != MF_LAYER_AVGPOOL && t != MF_LAYER_GLOBAL_AVGPOOL)
			break;
	}
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

/* din[u] = sum_j dout[u + p - j] W[j] = sum_j' dpad[u + j'] Wflip[j'] with
 * dpad[v] = dout[v - (k - 1 - p)]: a valid convolution over out_len + 2(k - 1) rows. */
static int make_transposed(mf_deeplift_t *d, int i)
{
	const mf_layer_t *l = &d->m->layers[i];
	dl_layer_t *x = &d->dl[i];
	if (l->stride != 1 || (l->dilation != 1 && l->dilation != 0) || l->pad_left > l->k - 1)
		return 0;
	mf_layer_t *t = &x->tconv;
	*t = *l;
	t->in_len = l->out_len + 2 * (l->k - 1);
	t->in_ch = l->out_ch;
	t->out_len = l->in_len;
	t->out_ch = l->in_ch;
	t->pad_left = 0, t->dilation = 1, t->stride = 1;
	x->pad_off = l->k - 1 - l->pad_left;
	const float *src[3] = {l->W, x->wplus, x->wminus};
	for (int k = 0; k < 3; ++k)
		if (src[k] && !(x->wt[k] = flip_kernel(l, src[k])))
			return -1;
	if ((size_t)t->in_len * t->in_ch > d->max_padded)
		d->max_padded = (size_t)t->in_len * t->in_ch;
	return 0;
}

static int check_layers(const mf_model_t *m, int target)
{
	for (int i = 0; i <= target; ++i) {
		const mf_layer_t *l = &m->layers[i];
		if (l->type == MF_LAYER_ACT && l->act == MF_ACT_SOFTMAX) {
			mf_error("layer %d '%s': DeepLIFT cannot cross a hidden softmax", i, l->name);
			return -1;
		}
	}
	return 0;
}

mf_deeplift_t *mf_deeplift_create(const mf_model_t *m, mf_rule_t rule)
{
	int target = mf_model_logit_layer(m);
	if (target < 0 || check_layers(m, target) < 0)
		return NULL;
	mf_deeplift_t *d = calloc(1, sizeof *d);
	if (!d)
		goto oom;
	d->m = m, d->rule = rule, d->target = target;
	d->n_out = (int)mf_layer_out_size(&m->layers[target]);
	d->max_size = (size_t)m->in_len * m->in_ch;
	size_t max_ch = 1;
	for (int i = 0; i <= target; ++i) {
		size_t s = mf_layer_out_size(&m->layers[i]);
		if (s > d->max_size)
			d->max_size = s;
		if ((size_t)m->layers[i].out_ch > max_ch)
			max_ch = (size_t)m->layers[i].out_ch;
		if (mf_layer_out_size(&m->layers[i]) > max_ch)
			max_ch = mf_layer_out_size(&m->layers[i]);
	}
	d->dl = calloc((size_t)target + 1, sizeof *d->dl);
	d->zeros = calloc(max_ch, sizeof *d->zeros);
	if (!d->dl || !d->zeros)
		goto oom;
	for (int i = 0; i <= target; ++i) {
		if (m->layers[i].type != MF_LAYER_ACT)
			continue;
		mf_rule_t r = rule == MF_RULE_GENOMICS ? genomics_rule(m, i) : rule;
		d->dl[i].rule = r;
		if (r == MF_RULE_REVEALCANCEL)
			mark_posneg(d, i);
	}
	for (int i = 0; i <= target; ++i)
		if (is_linear(&m->layers[i]) && (rule == MF_RULE_REVEALCANCEL || rule == MF_RULE_GENOMICS) &&
				make_masked(d, i) < 0)
			goto oom;
	for (int i = 0; i <= target; ++i) {
		if (m->layers[i].type != MF_LAYER_CONV1D)
			continue;
		if (m->layers[i].in_ch < 16 ? make_scatter(d, i) < 0 : make_transposed(d, i) < 0)
			goto oom;
	}
	return d;
oom:
	mf_error("out of memory preparing the model for DeepLIFT");
	mf_deeplift_destroy(d);
	return NULL;
}

void mf_deeplift_destroy(mf_deeplift_t *d)
{
	if (!d)
		return;
	if (d->dl)
		for (int i = 0; i <= d->target; ++i) {
			free(d->dl[i].wplus);
			free(d->dl[i].wminus);
			for (int k = 0; k < 3; ++k) {
				free(d->dl[i].wt[k]);
				free(d->dl[i].wc[k]);
			}
		}
	free(d->dl);
	free(d->zeros);
	free(d);
}

mf_rule_t mf_deeplift_layer_rule(const mf_deeplift_t *d, int i)
{
	return i >= 0 && i <= d->target ? d->dl[i].rule : d->rule;
}

int mf_deeplift_n_tasks(const mf_deeplift_t *d) { return d->n_out; }

/* ---- scratch ---------------------------------------------------------------------- */

mf_dl_work_t *mf_dl_work_create(const mf_deeplift_t *d, int max_seqs, int max_refs, int max_tasks)
{
	mf_dl_work_t *w = calloc(1, sizeof *w);
	int nl = d->target + 2;
	if (!w)
		goto oom;
	w->max_seqs = max_seqs, w->max_refs = max_refs, w->max_tasks = max_tasks;
	w->n_slots = nl;
	w->ax = calloc((size_t)nl, sizeof *w->ax);
	w->ar = calloc((size_t)nl, sizeof *w->ar);
	w->pos = calloc((size_t)nl, sizeof *w->pos);
	w->neg = calloc((size_t)nl, sizeof *w->neg);
	if (!w->ax || !w->ar || !w->pos || !w->neg)
		goto oom;
	size_t P = (size_t)max_seqs * max_refs;
	for (int i = -1; i <= d->target; ++i) {
		size_t s = i < 0 ? (size_t)d->m->in_len * d->m->in_ch : mf_layer_out_size(&d->m->layers[i]);
		if (i >= 0 && !(w->ax[i + 1] = malloc((size_t)max_seqs * s * sizeof(float))))
			goto oom;
		if (i >= 0 && !(w->ar[i + 1] = malloc(P * s * sizeof(float))))
			goto oom;
		if (i >= 0 && d->dl[i].need_posneg &&
				(!(w->pos[i + 1] = malloc(P * s * sizeof(float))) ||
				 !(w->neg[i + 1] = malloc(P * s * sizeof(float)))))
			goto oom;
	}
	size_t rows = P * (size_t)(max_tasks > 2 ? max_tasks : 2);
	size_t mb = rows * d->max_size * sizeof(float);
	float **bufs[] = {&w->mp, &w->mn, &w->np, &w->nn, &w->t[0], &w->t[1], &w->t[2], &w->t[3]};
	for (size_t k = 0; k < sizeof bufs / sizeof *bufs; ++k)
		if (!(*bufs[k] = malloc(mb)))
			goto oom;
	if (d->max_padded && !(w->pad = calloc(rows * d->max_padded, sizeof(float))))
		goto oom;
	if (d->max_cols && !(w->cols = malloc(rows * d->max_cols * sizeof(float))))
		goto oom;
	return w;
oom:
	mf_error("out of memory for DeepLIFT scratch (%d sequences x %d references x %d tasks)",
		max_seqs, max_refs, max_tasks);
	mf_dl_work_destroy(w);
	return NULL;
}

void mf_dl_work_destroy(mf_dl_work_t *w)
{
	if (!w)
		return;
	for (int i = 0; w->ax && w->ar && w->pos && w->neg && i < w->n_slots; ++i) {
		free(w->ax[i]);
		free(w->ar[i]);
		free(w->pos[i]);
		free(w->neg[i]);
	}
	free(w->ax), free(w->ar), free(w->pos), free(w->neg);
	free(w->mp), free(w->mn), free(w->np), free(w->nn);
	for (int k = 0; k < 4; ++k)
		free(w->t[k]);
	free(w->pad);
	free(w->cols);
	free(w);
}

/* ---- forward ------------------------------------------------------------------------ */

typedef struct {
	const mf_deeplift_t *d;
	mf_dl_work_t *w;
	const float *x0, *r0; /* model inputs: sequences and references */
	int ns, nr, P, nt, Q; /* sequences, references per sequence, pairs, tasks, rows */
} block_t;

static size_t slot_size(const block_t *b, int slot)
{
	const mf_model_t *m = b->d->m;
	return slot == 0 ? (size_t)m->in_len * m->in_ch : mf_layer_out_size(&m->layers[slot - 1]);
}

/* Slot s holds the input of layer s (the output of layer s-1; slot 0 = the model input). */
static const float *slot_x(const block_t *b, int s) { return s ? b->w->ax[s] : b->x0; }
static const float *slot_r(const block_t *b, int s) { return s ? b->w->ar[s] : b->r0; }

/* out[p][k] = x[p / nr][k] - r[p][k]: each pair's difference from its reference. */
static void fill_delta(const block_t *b, int s, float *out)
{
	size_t sz = slot_size(b, s);
	const float *x = slot_x(b, s), *r = slot_r(b, s);
	for (int p = 0; p < b->P; ++p) {
		const float *xp = x + (size_t)(p / b->nr) * sz, *rp = r + (size_t)p * sz;
		float *o = out + (size_t)p * sz;
		for (size_t k = 0; k < sz; ++k)
			o[k] = xp[k] - rp[k];
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

/* Positive and negative parts of a linear layer's output (DEEPLIFT.md "Linear layers"):
 * pos = dx+ W+ + dx- W-,  neg = dx- W+ + dx+ W-, bias excluded. */
static int posneg_linear(const block_t *b, int i, float *pos, float *neg)
{
	const dl_layer_t *x = &b->d->dl[i];
	mf_dl_work_t *w = b->w;
	size_t in = slot_size(b, i), out = slot_size(b, i + 1), n = (size_t)b->P;
	fill_delta(b, i, w->t[2]);
	split_signs(w->t[2], n * in, w->t[0], w->t[1]);
	if (mf_layer_forward(&x->plus, w->t[0], pos, b->P) < 0 ||
			mf_layer_forward(&x->minus, w->t[1], w->t[2], b->P) < 0 ||
			mf_layer_forward(&x->plus, w->t[1], neg, b->P) < 0 ||
			mf_layer_forward(&x->minus, w->t[0], w->t[3], b->P) < 0)
		return -1;
	add_into(pos, w->t[2], n * out);
	add_into(neg, w->t[3], n * out);
	return 0;
}

/* Parts carried through a layer that keeps them apart: BatchNorm (a negative scale
 * swaps them), Dropout, Flatten, average pooling. */
static int posneg_carry(const block_t *b, int i, float *pos, float *neg)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	mf_dl_work_t *w = b->w;
	size_t in = slot_size(b, i), out = slot_size(b, i + 1), n = (size_t)b->P;
	const float *pi = w->pos[i], *ni = w->neg[i];
	if (i == 0) { /* the model input's parts come straight from its difference */
		fill_delta(b, 0, w->t[2]);
		split_signs(w->t[2], n * in, w->t[0], w->t[1]);
		pi = w->t[0], ni = w->t[1];
	}
	if (l->type == MF_LAYER_BATCHNORM) {
		for (size_t k = 0; k < n * out; ++k) {
			float s = l->bn_scale[k % (size_t)l->out_ch];
			pos[k] = s >= 0 ? s * pi[k] : s * ni[k];
			neg[k] = s >= 0 ? s * ni[k] : s * pi[k];
		}
		return 0;
	}
	if (l->type == MF_LAYER_DROPOUT || l->type == MF_LAYER_FLATTEN) {
		memcpy(pos, pi, n * out * sizeof *pos);
		memcpy(neg, ni, n * out * sizeof *neg);
		return 0;
	}
	return mf_layer_forward(l, pi, pos, b->P) < 0 || mf_layer_forward(l, ni, neg, b->P) < 0 ? -1 : 0;
}

static int posneg(const block_t *b, int i)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	float *pos = b->w->pos[i + 1], *neg = b->w->neg[i + 1];
	if (is_linear(l))
		return posneg_linear(b, i, pos, neg);
	if (l->type == MF_LAYER_BATCHNORM || l->type == MF_LAYER_DROPOUT ||
			l->type == MF_LAYER_FLATTEN || l->type == MF_LAYER_AVGPOOL ||
			l->type == MF_LAYER_GLOBAL_AVGPOOL)
		return posneg_carry(b, i, pos, neg);
	fill_delta(b, i + 1, b->w->t[2]);
	split_signs(b->w->t[2], (size_t)b->P * slot_size(b, i + 1), pos, neg);
	return 0;
}

static int forward(const block_t *b)
{
	const mf_model_t *m = b->d->m;
	for (int i = 0; i <= b->d->target; ++i) {
		const mf_layer_t *l = &m->layers[i];
		if (mf_layer_forward(l, slot_x(b, i), b->w->ax[i + 1], b->ns) < 0)
			return -1;
		if (b->r0 && mf_layer_forward(l, slot_r(b, i), b->w->ar[i + 1], b->P) < 0)
			return -1;
		if (b->r0 && b->d->dl[i].need_posneg && posneg(b, i) < 0)
			return -1;
	}
	return 0;
}

/* ---- backward ------------------------------------------------------------------------ */

typedef struct {
	float *mp, *mn; /* multipliers of the current layer output (mn unused while equal) */
	float *np, *nn; /* of its input, being computed */
	int equal;
} mult_t;

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

/* Row q of the backward pass belongs to pair q % P; its sequence is (q % P) / nr. */
static void act_backward(const block_t *b, int i, mult_t *mu)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	mf_rule_t rule = b->d->dl[i].rule;
	size_t sz = slot_size(b, i);
	const float *xin = slot_x(b, i), *yx = slot_x(b, i + 1);
	const float *rin = b->r0 ? slot_r(b, i) : NULL, *yr = b->r0 ? slot_r(b, i + 1) : NULL;
	for (int q = 0; q < b->Q; ++q) {
		int p = q % b->P, s = p / b->nr;
		const float *x = xin + (size_t)s * sz, *y = yx + (size_t)s * sz;
		const float *mp = mu->mp + (size_t)q * sz, *mn = (mu->equal ? mu->mp : mu->mn) + (size_t)q * sz;
		float *op = mu->np + (size_t)q * sz, *on = mu->nn + (size_t)q * sz;
		if (rule == MF_RULE_GRADIENT || rule == MF_RULE_GUIDED) {
			for (size_t k = 0; k < sz; ++k) {
				float g = act_df(l->act, x[k]);
				op[k] = rule == MF_RULE_GUIDED && !(mp[k] > 0) ? 0.0f : g * mp[k];
			}
			continue;
		}
		const float *r = rin + (size_t)p * sz, *yrp = yr + (size_t)p * sz;
		if (rule == MF_RULE_RESCALE) {
			for (size_t k = 0; k < sz; ++k) {
				float dx = x[k] - r[k];
				float scale = fabsf(dx) < NEAR_ZERO ? act_df(l->act, r[k])
					: l->act == MF_ACT_RELU ? (y[k] - yrp[k]) / dx : secant(l->act, x[k], r[k]);
				op[k] = scale * mp[k];
				if (!mu->equal)
					on[k] = scale * mn[k];
			}
			continue;
		}
		const float *pos = b->w->pos[i] + (size_t)p * sz, *neg = b->w->neg[i] + (size_t)p * sz;
		for (size_t k = 0; k < sz; ++k) { /* RevealCancel */
			float P = rc_pseudocount(pos[k]), N = rc_pseudocount(neg[k]);
			op[k] = (float)(rc_slope(l->act, r[k], P, N) * mp[k]);
			on[k] = (float)(rc_slope(l->act, r[k], N, P) * mn[k]);
		}
	}
	if (rule == MF_RULE_REVEALCANCEL)
		mu->equal = 0;
}

/* Chooses each input's multiplier by the sign of its own difference (DEEPLIFT.md):
 * A = m+ W+ + m- W-, B = m+ W- + m- W+; dx > 0 takes A, dx < 0 takes B, dx = 0 the mean. */
static void select_by_sign(const block_t *b, int slot, const float *A, const float *B, float *out)
{
	size_t sz = slot_size(b, slot);
	float *delta = b->w->t[3];
	fill_delta(b, slot, delta);
	for (int q = 0; q < b->Q; ++q) {
		const float *dq = delta + (size_t)(q % b->P) * sz;
		const float *a = A + (size_t)q * sz, *bb = B + (size_t)q * sz;
		float *o = out + (size_t)q * sz;
		for (size_t k = 0; k < sz; ++k)
			o[k] = dq[k] > 0 ? a[k] : dq[k] < 0 ? bb[k] : 0.5f * (a[k] + bb[k]);
	}
}

/* cols[q][t] = dOut[q][t] . Wc (k*in_ch values), then each adds onto the input
 * positions output t reads, in increasing t and tap: a fixed order for every row. */
static void scatter_grad(const block_t *b, const mf_layer_t *l, const float *wc,
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
				for (int k = 0; k < C; ++k)
					d[k] += c[j * C + k];
			}
		}
}

/* dIn = dOut W^T with W the layer's weights (which = 0), W+ (1) or W- (2). */
static void input_grad(const block_t *b, int i, int which, const float *dout, float *din)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	const dl_layer_t *x = &b->d->dl[i];
	const float *W = which == 0 ? l->W : which == 1 ? x->wplus : x->wminus;
	if (l->type == MF_LAYER_DENSE) {
		mf_dense_input_grad(l, W, dout, din, b->Q);
		return;
	}
	if (x->wc[which]) {
		scatter_grad(b, l, x->wc[which], dout, din);
		return;
	}
	if (!x->wt[which]) {
		mf_conv1d_input_grad(l, W, dout, din, b->Q);
		return;
	}
	/* the padding rows stay zero from allocation; only the middle is rewritten */
	size_t osz = mf_layer_out_size(l), psz = (size_t)x->tconv.in_len * x->tconv.in_ch;
	size_t off = (size_t)x->pad_off * l->out_ch;
	for (int q = 0; q < b->Q; ++q)
		memcpy(b->w->pad + (size_t)q * psz + off, dout + (size_t)q * osz, osz * sizeof *dout);
	mf_conv1d_forward(&x->tconv, x->wt[which], NULL, b->w->pad, din, b->Q);
	for (int q = 0; q < b->Q; ++q) /* leave the buffer all zeros for the next layer's shape */
		memset(b->w->pad + (size_t)q * psz + off, 0, osz * sizeof *dout);
}

static void linear_backward(const block_t *b, int i, mult_t *mu)
{
	if (mu->equal) {
		input_grad(b, i, 0, mu->mp, mu->np);
		return;
	}
	float **t = b->w->t;
	size_t n = (size_t)b->Q * slot_size(b, i);
	/* t[3] is needed by select_by_sign, so A and B are built in t[0] and np/nn */
	input_grad(b, i, 1, mu->mp, t[0]);
	input_grad(b, i, 2, mu->mn, t[1]);
	add_into(t[0], t[1], n);                       /* A */
	input_grad(b, i, 2, mu->mp, mu->nn);
	input_grad(b, i, 1, mu->mn, t[1]);
	add_into(mu->nn, t[1], n);                     /* B */
	select_by_sign(b, i, t[0], mu->nn, mu->np);
	mu->equal = 1;
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

static void pool_backward(const block_t *b, int i, mult_t *mu)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	size_t in = slot_size(b, i), out = slot_size(b, i + 1);
	for (int q = 0; q < b->Q; ++q) {
		const float *x = slot_x(b, i) + (size_t)((q % b->P) / b->nr) * in;
		pool_backward_row(l, x, mu->mp + (size_t)q * out, mu->np + (size_t)q * in);
		if (!mu->equal)
			pool_backward_row(l, x, mu->mn + (size_t)q * out, mu->nn + (size_t)q * in);
	}
}

/* BatchNorm at inference is a per-channel scale: a linear layer with a diagonal weight. */
static void batchnorm_backward(const block_t *b, int i, mult_t *mu)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	size_t sz = slot_size(b, i), n = (size_t)b->Q * sz;
	if (mu->equal) {
		for (size_t k = 0; k < n; ++k)
			mu->np[k] = mu->mp[k] * l->bn_scale[k % (size_t)l->out_ch];
		return;
	}
	float *A = b->w->t[0], *B = b->w->t[1];
	for (size_t k = 0; k < n; ++k) {
		float s = l->bn_scale[k % (size_t)l->out_ch];
		A[k] = s >= 0 ? s * mu->mp[k] : s * mu->mn[k];
		B[k] = s >= 0 ? s * mu->mn[k] : s * mu->mp[k];
	}
	select_by_sign(b, i, A, B, mu->np);
	mu->equal = 1;
}

static void layer_backward(const block_t *b, int i, mult_t *mu)
{
	const mf_layer_t *l = &b->d->m->layers[i];
	size_t n = (size_t)b->Q * slot_size(b, i);
	switch (l->type) {
	case MF_LAYER_CONV1D:
	case MF_LAYER_DENSE: linear_backward(b, i, mu); break;
	case MF_LAYER_ACT: act_backward(b, i, mu); break;
	case MF_LAYER_BATCHNORM: batchnorm_backward(b, i, mu); break;
	case MF_LAYER_FLATTEN:
	case MF_LAYER_DROPOUT:
		memcpy(mu->np, mu->mp, n * sizeof *mu->np);
		if (!mu->equal)
			memcpy(mu->nn, mu->mn, n * sizeof *mu->nn);
		break;
	default: pool_backward(b, i, mu); break;
	}
	float *t = mu->mp;
	mu->mp = mu->np, mu->np = t;
	t = mu->mn;
	mu->mn = mu->nn, mu->nn = t;
}

/* The input's multiplier when its parts were still apart: chosen by the sign of dx. */
static void input_multipliers(const block_t *b, mult_t *mu, float *mult)
{
	size_t n = (size_t)b->Q * slot_size(b, 0);
	if (mu->equal || !b->r0) {
		memcpy(mult, mu->mp, n * sizeof *mult);
		return;
	}
	select_by_sign(b, 0, mu->mp, mu->mn, mult);
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
	block_t b = {d, w, x, ref, ns, nr, ns * nr, nt, nt * ns * nr};
	if (forward(&b) < 0)
		return -1;
	int T = d->target, no = d->n_out;
	if (logit_x)
		memcpy(logit_x, w->ax[T + 1], (size_t)ns * no * sizeof *logit_x);
	if (logit_r && ref)
		memcpy(logit_r, w->ar[T + 1], (size_t)b.P * no * sizeof *logit_r);
	mult_t mu = {w->mp, w->mn, w->np, w->nn, 1};
	memset(mu.mp, 0, (size_t)b.Q * no * sizeof *mu.mp);
	for (int q = 0; q < b.Q; ++q)
		mu.mp[(size_t)q * no + tasks[q / b.P]] = 1.0f;
	for (int i = T; i >= 0; --i)
		layer_backward(&b, i, &mu);
	input_multipliers(&b, &mu, mult);
	return 0;
}
