/* train.c: backward passes, losses, Adam and the training loop (room train).
 * See train.h for the determinism rules; the Conv1D/Dense products are in kernels.c. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "model/kernels.h"
#include "base/log.h"
#include "base/progress.h"
#include "model/graph.h"
#include "model/wiring.h"
#include "model/metrics.h"
#include "model/train.h"

void mf_train_opt_init(mf_train_opt_t *o)
{
	memset(o, 0, sizeof *o);
	o->batch = 128;
	o->max_epochs = 100;
	o->patience = 5;
	o->lr = 0.001;
	o->beta1 = 0.9;
	o->beta2 = 0.999;
	o->eps = 1e-7;
	o->seed = 1;
	o->threads = 1;
	o->init = 1;
}

/* ---- model checks and initialisation ------------------------------------------------ */

static int has_params(const mf_layer_t *l)
{
	return l->type == MF_LAYER_CONV1D || l->type == MF_LAYER_DENSE;
}

static size_t n_weights(const mf_layer_t *l)
{
	if (l->type == MF_LAYER_CONV1D)
		return (size_t)l->k * l->in_ch * l->out_ch;
	return l->type == MF_LAYER_DENSE ? mf_layer_in_size(l) * l->out_ch : 0;
}

int mf_train_check_model(const mf_model_t *m, mf_loss_t *loss)
{
	if (m->n_layers < 2) {
		mf_error("the model needs at least one layer before its final activation");
		return -1;
	}
	if (!mf_model_is_chain(m)) {
		mf_error("training a functional graph (layers with several inputs or readers, or several "
			"outputs) is not supported: train a Sequential architecture");
		return -1;
	}
	for (int i = 0; i < m->n_layers; ++i)
		if (m->layers[i].type == MF_LAYER_BATCHNORM) {
			mf_error("layer '%s': training BatchNormalization is not supported (remove the layer "
				"from the architecture)", m->layers[i].name);
			return -1;
		}
	const mf_layer_t *last = &m->layers[m->n_layers - 1];
	if (last->type == MF_LAYER_ACT && last->act == MF_ACT_SIGMOID)
		*loss = MF_LOSS_BCE;
	else if (last->type == MF_LAYER_ACT && last->act == MF_ACT_SOFTMAX && last->in_len == 1)
		*loss = MF_LOSS_CCE;
	else {
		mf_error("layer '%s': the model must end in a sigmoid (binary cross-entropy) or a "
			"softmax over one position (categorical cross-entropy)", last->name);
		return -1;
	}
	return 0;
}

static int glorot_layer(mf_layer_t *l, gsl_rng *r)
{
	size_t nw = n_weights(l);
	int rf = l->type == MF_LAYER_CONV1D ? l->k : 1; /* Keras: receptive field times channels */
	int fan_in = rf * (l->type == MF_LAYER_CONV1D ? l->in_ch : (int)mf_layer_in_size(l));
	int fan_out = rf * l->out_ch;
	double limit = sqrt(6.0 / (double)(fan_in + fan_out));
	if (!l->W && !(l->W = malloc(sizeof(float) * (nw ? nw : 1))))
		return -1;
	if (l->use_bias && !l->b && !(l->b = malloc(sizeof(float) * l->out_ch)))
		return -1;
	for (size_t i = 0; i < nw; ++i)
		l->W[i] = (float)((2.0 * gsl_rng_uniform(r) - 1.0) * limit);
	if (l->b)
		memset(l->b, 0, sizeof(float) * l->out_ch);
	return 0;
}

int mf_train_init_weights(mf_model_t *m, uint64_t seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r) {
		mf_error("out of memory for the random generator");
		return -1;
	}
	gsl_rng_set(r, (unsigned long)seed);
	int rc = 0;
	for (int i = 0; rc == 0 && i < m->n_layers; ++i)
		if (has_params(&m->layers[i]) && glorot_layer(&m->layers[i], r) < 0) {
			mf_error("out of memory for the weights of layer '%s'", m->layers[i].name);
			rc = -1;
		}
	gsl_rng_free(r);
	return rc;
}

/* ---- per-layer backward ----------------------------------------------------------------- */

/* x when keep, else +0.0, without a branch: ReLU's sign pattern is random, and a
   mispredicted branch per element cost more than the convolutions' backward passes. */
static inline float keep_if(float x, int keep)
{
	uint32_t u;
	memcpy(&u, &x, sizeof u);
	u &= -(uint32_t)keep;
	memcpy(&x, &u, sizeof x);
	return x;
}

/* ReLU forward, the same values as mf_layer_forward's (x > 0 ? x : 0), branch-free. */
static void relu_forward(const float *in, float *out, size_t total)
{
	for (size_t i = 0; i < total; ++i)
		out[i] = keep_if(in[i], in[i] > 0.0f);
}

static void act_backward(const mf_layer_t *l, const float *out, const float *dout, float *din,
	size_t rows)
{
	size_t total = rows * (size_t)l->in_ch;
	int ch = l->in_ch;
	switch (l->act) {
	case MF_ACT_LINEAR:
		memcpy(din, dout, sizeof(float) * total);
		break;
	case MF_ACT_RELU:
		for (size_t i = 0; i < total; ++i)
			din[i] = keep_if(dout[i], out[i] > 0.0f);
		break;
	case MF_ACT_SIGMOID:
		for (size_t i = 0; i < total; ++i)
			din[i] = dout[i] * out[i] * (1.0f - out[i]);
		break;
	case MF_ACT_TANH:
		for (size_t i = 0; i < total; ++i)
			din[i] = dout[i] * (1.0f - out[i] * out[i]);
		break;
	case MF_ACT_SOFTMAX: /* din = y * (dout - <dout, y>) per position */
		for (size_t r = 0; r < rows; ++r) {
			const float *y = out + r * ch, *g = dout + r * ch;
			float dot = 0.0f;
			for (int c = 0; c < ch; ++c)
				dot += g[c] * y[c];
			for (int c = 0; c < ch; ++c)
				din[r * ch + c] = y[c] * (g[c] - dot);
		}
		break;
	}
}

/* Window pooling: an average spreads each output's gradient over the real (non-padding)
   inputs of its window (positions outer, channels inner: contiguous); a maximum routes it
   to the first maximal input, as the forward pass picked it. */
static void avgpool_backward(const mf_layer_t *l, const float *dout, float *din)
{
	int ch = l->in_ch;
	memset(din, 0, sizeof(float) * mf_layer_in_size(l));
	for (int t = 0; t < l->out_len; ++t) {
		int lo = t * l->stride - l->pad_left, hi = lo + l->k;
		lo = lo < 0 ? 0 : lo;
		hi = hi > l->in_len ? l->in_len : hi;
		if (hi <= lo)
			continue;
		float inv = 1.0f / (float)(hi - lo);
		const float *g = dout + (size_t)t * ch;
		for (int pos = lo; pos < hi; ++pos)
			for (int c = 0; c < ch; ++c)
				din[(size_t)pos * ch + c] += g[c] * inv;
	}
}

static void maxpool_backward(const mf_layer_t *l, const float *in, const float *dout, float *din)
{
	int ch = l->in_ch;
	memset(din, 0, sizeof(float) * mf_layer_in_size(l));
	for (int t = 0; t < l->out_len; ++t)
		for (int c = 0; c < ch; ++c) {
			int lo = t * l->stride - l->pad_left, hi = lo + l->k, best = -1;
			lo = lo < 0 ? 0 : lo;
			hi = hi > l->in_len ? l->in_len : hi;
			for (int pos = lo; pos < hi; ++pos)
				if (best < 0 || in[(size_t)pos * ch + c] > in[(size_t)best * ch + c])
					best = pos;
			if (best >= 0)
				din[(size_t)best * ch + c] += dout[(size_t)t * ch + c];
		}
}

static void global_pool_backward(const mf_layer_t *l, const float *in, const float *dout,
	float *din, int is_max)
{
	int ch = l->in_ch;
	for (int c = 0; c < ch; ++c) {
		int best = 0;
		for (int t = 0; t < l->in_len; ++t) {
			if (is_max) {
				din[(size_t)t * ch + c] = 0.0f;
				if (in[(size_t)t * ch + c] > in[(size_t)best * ch + c])
					best = t;
			} else
				din[(size_t)t * ch + c] = dout[c] / (float)l->in_len;
		}
		if (is_max)
			din[(size_t)best * ch + c] = dout[c];
	}
}

static int conv_backward(const mf_layer_t *l, const float *in, const float *dout, float *din,
	float *dW, float *db, int n)
{
	if (dW && mf_conv1d_param_grad(l, in, dout, dW, db, n) < 0)
		return -1;
	if (!din)
		return 0;
	float *Wt = malloc(sizeof(float) * n_weights(l));
	if (!Wt) {
		mf_error("%s: out of memory for the transposed weights", l->name);
		return -1;
	}
	mf_conv1d_transpose_w(l, l->W, Wt);
	int rc = mf_conv1d_input_grad_wt(l, Wt, dout, din, n);
	free(Wt);
	return rc;
}

static void dense_backward(const mf_layer_t *l, const float *in, const float *dout, float *din,
	float *dW, float *db, int n)
{
	int nin = (int)mf_layer_in_size(l), nout = l->out_ch;
	if (dW)
		mf_gemm_tn(nin, nout, n, in, nin, dout, nout, dW, nout, 1);
	if (db)
		for (int s = 0; s < n; ++s)
			for (int o = 0; o < nout; ++o)
				db[o] += dout[(size_t)s * nout + o];
	if (din)
		mf_dense_input_grad(l, l->W, dout, din, n);
}

int mf_layer_backward(const mf_layer_t *l, const float *in, const float *out, const float *aux,
	const float *dout, float *din, float *dW, float *db, int n)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	size_t total = isz * (size_t)n;
	switch (l->type) {
	case MF_LAYER_CONV1D:
		return conv_backward(l, in, dout, din, dW, l->b ? db : NULL, n);
	case MF_LAYER_DENSE:
		dense_backward(l, in, dout, din, dW, l->b ? db : NULL, n);
		return 0;
	default:
		break;
	}
	if (!din)
		return 0;
	switch (l->type) {
	case MF_LAYER_ACT:
		act_backward(l, out, dout, din, (size_t)n * l->in_len);
		return 0;
	case MF_LAYER_FLATTEN:
	case MF_LAYER_RESHAPE:
		memcpy(din, dout, sizeof(float) * total);
		return 0;
	case MF_LAYER_CROP:
		mf_crop_backward(l, dout, din, n);
		return 0;
	case MF_LAYER_DROPOUT:
		for (size_t i = 0; i < total; ++i)
			din[i] = aux ? dout[i] * aux[i] : dout[i];
		return 0;
	case MF_LAYER_AVGPOOL:
	case MF_LAYER_MAXPOOL:
		for (int s = 0; s < n; ++s) {
			if (l->type == MF_LAYER_MAXPOOL)
				maxpool_backward(l, in + s * isz, dout + s * osz, din + s * isz);
			else
				avgpool_backward(l, dout + s * osz, din + s * isz);
		}
		return 0;
	case MF_LAYER_GLOBAL_AVGPOOL:
	case MF_LAYER_GLOBAL_MAXPOOL:
		for (int s = 0; s < n; ++s)
			global_pool_backward(l, in + s * isz, dout + s * osz, din + s * isz,
				l->type == MF_LAYER_GLOBAL_MAXPOOL);
		return 0;
	default:
		mf_error("layer '%s': no backward pass for %s", l->name, mf_layer_type_name(l->type));
		return -1;
	}
}

/* ---- losses ---------------------------------------------------------------------------- */

static double bce_rows(const float *z, const float *y, int n, int T, float *dz, double scale,
	double *count)
{
	double sum = 0.0;
	for (size_t i = 0; i < (size_t)n * T; ++i) {
		double zi = z[i], yi = y[i];
		if (!(yi >= 0.0 && yi <= 1.0)) { /* NaN or an "ambiguous" code: no loss, no gradient */
			if (dz)
				dz[i] = 0.0f;
			continue;
		}
		/* log(1 + e^z) - z y, without overflow for large |z| */
		sum += (zi > 0.0 ? zi : 0.0) - zi * yi + log1p(exp(-fabs(zi)));
		*count += 1.0;
		if (dz)
			dz[i] = (float)((1.0 / (1.0 + exp(-zi)) - yi) * scale);
	}
	return sum;
}

static double cce_rows(const float *z, const float *y, int n, int T, float *dz, double scale,
	double *count)
{
	double sum = 0.0;
	for (int s = 0; s < n; ++s) {
		const float *zs = z + (size_t)s * T, *ys = y + (size_t)s * T;
		double mx = zs[0], se = 0.0, ysum = 0.0;
		for (int c = 1; c < T; ++c)
			mx = zs[c] > mx ? zs[c] : mx;
		for (int c = 0; c < T; ++c)
			se += exp(zs[c] - mx);
		double lse = mx + log(se);
		for (int c = 0; c < T; ++c) {
			sum += ys[c] * (lse - zs[c]);
			ysum += ys[c];
		}
		if (dz)
			for (int c = 0; c < T; ++c)
				dz[(size_t)s * T + c] = (float)((exp(zs[c] - lse) * ysum - ys[c]) * scale);
		*count += 1.0;
	}
	return sum;
}

double mf_loss_from_logits(mf_loss_t loss, const float *z, const float *y, int n, int T,
	float *dz, double scale, double *count)
{
	*count = 0.0;
	return loss == MF_LOSS_BCE ? bce_rows(z, y, n, T, dz, scale, count)
		: cce_rows(z, y, n, T, dz, scale, count);
}

/* ---- the trainer: chunked forward/backward and Adam ---------------------------------------- */

typedef struct {
	float **act;   /* act[i]: the input of layer i ([CHUNK][size]); act[0] points into the batch */
	float **aux;   /* Dropout masks per layer (NULL elsewhere) */
	float *g0, *g1; /* gradient ping-pong buffers */
} workspace_t;

struct mf_trainer {
	mf_model_t *m;
	mf_train_opt_t o;
	mf_loss_t loss;
	int logit;           /* index of the layer before the final activation */
	size_t n_params;
	size_t *woff, *boff; /* offsets into the flat gradient per layer (SIZE_MAX: none) */
	float *grad, *adam_m, *adam_v;
	float *partial;      /* [max_chunks][n_params] chunk gradients */
	double *chunk_loss;
	int max_chunks, n_ws;
	workspace_t *ws;
	long step;
};

static uint64_t mix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

/* Inverted dropout: keep with probability 1 - rate, scaled by 1 / (1 - rate), from a
   splitmix64 stream of this sample and layer (independent of chunks and threads). */
static void dropout_forward(const mf_layer_t *l, const float *in, float *out, float *mask,
	int n, uint64_t key, int s0, int layer)
{
	size_t sz = mf_layer_in_size(l);
	float keep = 1.0f / (1.0f - l->rate);
	for (int s = 0; s < n; ++s) {
		uint64_t st = mix64(key ^ mix64(((uint64_t)(s0 + s) << 16) ^ (uint64_t)layer));
		for (size_t i = 0; i < sz; ++i) {
			st += 0x9E3779B97F4A7C15ull;
			double u = (double)(mix64(st) >> 11) * 0x1.0p-53;
			float mk = l->rate > 0.0f && u < l->rate ? 0.0f : (l->rate > 0.0f ? keep : 1.0f);
			mask[s * sz + i] = mk;
			out[s * sz + i] = in[s * sz + i] * mk;
		}
	}
}

static void ws_free(workspace_t *w, int n_layers)
{
	if (w->act)
		for (int i = 1; i <= n_layers; ++i)
			free(w->act[i]);
	if (w->aux)
		for (int i = 0; i < n_layers; ++i)
			free(w->aux[i]);
	free(w->act);
	free(w->aux);
	free(w->g0);
	free(w->g1);
}

static int ws_alloc(workspace_t *w, const mf_model_t *m, int last)
{
	size_t mx = (size_t)m->in_len * m->in_ch;
	memset(w, 0, sizeof *w);
	w->act = calloc((size_t)m->n_layers + 1, sizeof(float *));
	w->aux = calloc((size_t)m->n_layers + 1, sizeof(float *));
	if (!w->act || !w->aux)
		return -1;
	for (int i = 0; i <= last; ++i) {
		const mf_layer_t *l = &m->layers[i];
		size_t osz = mf_layer_out_size(l);
		mx = osz > mx ? osz : mx;
		if (!(w->act[i + 1] = malloc(sizeof(float) * osz * MF_TRAIN_CHUNK)))
			return -1;
		if (l->type == MF_LAYER_DROPOUT && !(w->aux[i] = malloc(sizeof(float) * osz * MF_TRAIN_CHUNK)))
			return -1;
	}
	w->g0 = malloc(sizeof(float) * mx * MF_TRAIN_CHUNK);
	w->g1 = malloc(sizeof(float) * mx * MF_TRAIN_CHUNK);
	return w->g0 && w->g1 ? 0 : -1;
}

static int trainer_layout(mf_trainer_t *t)
{
	const mf_model_t *m = t->m;
	t->woff = malloc(sizeof(size_t) * m->n_layers);
	t->boff = malloc(sizeof(size_t) * m->n_layers);
	if (!t->woff || !t->boff)
		return -1;
	for (int i = 0; i < m->n_layers; ++i) {
		const mf_layer_t *l = &m->layers[i];
		t->woff[i] = t->boff[i] = (size_t)-1;
		if (!has_params(l))
			continue;
		if (!l->W) {
			mf_error("layer '%s' has no weights (initialise them first)", l->name);
			return -2;
		}
		t->woff[i] = t->n_params;
		t->n_params += n_weights(l);
		if (l->b) {
			t->boff[i] = t->n_params;
			t->n_params += (size_t)l->out_ch;
		}
	}
	return 0;
}

void mf_trainer_destroy(mf_trainer_t *t)
{
	if (!t)
		return;
	for (int i = 0; t->ws && i < t->n_ws; ++i)
		ws_free(&t->ws[i], t->m->n_layers);
	free(t->ws);
	free(t->woff);
	free(t->boff);
	free(t->grad);
	free(t->adam_m);
	free(t->adam_v);
	free(t->partial);
	free(t->chunk_loss);
	free(t);
}

mf_trainer_t *mf_trainer_create(mf_model_t *m, const mf_train_opt_t *o)
{
	mf_loss_t loss;
	if (mf_train_check_model(m, &loss) < 0)
		return NULL;
	mf_trainer_t *t = calloc(1, sizeof *t);
	if (!t)
		goto oom;
	t->m = m;
	t->o = *o;
	t->loss = loss;
	t->logit = m->n_layers - 2;
	int lay = trainer_layout(t);
	if (lay == -2) {
		mf_trainer_destroy(t);
		return NULL;
	}
	t->max_chunks = (o->batch + MF_TRAIN_CHUNK - 1) / MF_TRAIN_CHUNK;
	t->n_ws = o->threads < 1 ? 1 : o->threads;
	size_t np = t->n_params ? t->n_params : 1;
	if (lay < 0 || !(t->grad = calloc(np, sizeof(float))) || !(t->adam_m = calloc(np, sizeof(float))) ||
		!(t->adam_v = calloc(np, sizeof(float))) ||
		!(t->partial = malloc(sizeof(float) * np * t->max_chunks)) ||
		!(t->chunk_loss = calloc((size_t)t->max_chunks, sizeof(double))) ||
		!(t->ws = calloc((size_t)t->n_ws, sizeof(workspace_t))))
		goto oom;
	for (int i = 0; i < t->n_ws; ++i)
		if (ws_alloc(&t->ws[i], m, t->logit) < 0)
			goto oom;
	return t;
oom:
	mf_error("out of memory for the training buffers");
	mf_trainer_destroy(t);
	return NULL;
}

const float *mf_trainer_grad(const mf_trainer_t *t, int layer, int bias)
{
	size_t off = bias ? t->boff[layer] : t->woff[layer];
	return off == (size_t)-1 ? NULL : t->grad + off;
}

/* Forward to the logits, loss gradient, backward into this chunk's partial gradient. */
static int chunk_pass(mf_trainer_t *t, workspace_t *w, const float *x, const float *y, int n,
	int s0, uint64_t key, double scale, float *part, double *loss)
{
	const mf_model_t *m = t->m;
	w->act[0] = (float *)x;
	for (int i = 0; i <= t->logit; ++i) {
		const mf_layer_t *l = &m->layers[i];
		if (l->type == MF_LAYER_DROPOUT)
			dropout_forward(l, w->act[i], w->act[i + 1], w->aux[i], n, key, s0, i);
		else if (l->type == MF_LAYER_ACT && l->act == MF_ACT_RELU)
			relu_forward(w->act[i], w->act[i + 1], mf_layer_in_size(l) * (size_t)n);
		else if (mf_layer_forward(l, w->act[i], w->act[i + 1], n) < 0)
			return -1;
	}
	double cnt;
	float *g = w->g0, *other = w->g1;
	*loss = mf_loss_from_logits(t->loss, w->act[t->logit + 1], y, n, m->n_out, g, scale, &cnt);
	memset(part, 0, sizeof(float) * t->n_params);
	for (int i = t->logit; i >= 0; --i) {
		const mf_layer_t *l = &m->layers[i];
		float *dW = t->woff[i] == (size_t)-1 ? NULL : part + t->woff[i];
		float *db = t->boff[i] == (size_t)-1 ? NULL : part + t->boff[i];
		if (mf_layer_backward(l, w->act[i], w->act[i + 1], w->aux[i], g, i ? other : NULL,
				dW, db, n) < 0)
			return -1;
		float *tmp = g;
		g = other;
		other = tmp;
	}
	return 0;
}

double mf_trainer_loss_grad(mf_trainer_t *t, const float *x, const float *y, int n, uint64_t key)
{
	const mf_model_t *m = t->m;
	size_t isz = (size_t)m->in_len * m->in_ch;
	int T = m->n_out, n_chunks = (n + MF_TRAIN_CHUNK - 1) / MF_TRAIN_CHUNK, failed = 0;
	if (n_chunks > t->max_chunks || n < 1) {
		mf_error("batch of %d samples outside 1..%d", n, t->o.batch);
		return NAN;
	}
	double count = 0.0;
	if (t->loss == MF_LOSS_BCE) {
		for (size_t i = 0; i < (size_t)n * T; ++i)
			count += y[i] >= 0.0f && y[i] <= 1.0f;
	} else
		count = n;
	double scale = count > 0.0 ? 1.0 / count : 0.0;
	int threads = t->n_ws < n_chunks ? t->n_ws : n_chunks;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) reduction(|:failed)
	for (int c = 0; c < n_chunks; ++c) {
		int tid = 0;
#ifdef _OPENMP
		tid = omp_get_thread_num();
#endif
		int s0 = c * MF_TRAIN_CHUNK, cn = n - s0 < MF_TRAIN_CHUNK ? n - s0 : MF_TRAIN_CHUNK;
		if (chunk_pass(t, &t->ws[tid], x + s0 * isz, y + (size_t)s0 * T, cn, s0, key, scale,
				t->partial + (size_t)c * t->n_params, &t->chunk_loss[c]) < 0)
			failed = 1;
	}
	if (failed)
		return NAN;
	/* fixed-order reduction: chunk 0 + chunk 1 + ... */
	memcpy(t->grad, t->partial, sizeof(float) * t->n_params);
	double loss = t->chunk_loss[0];
	for (int c = 1; c < n_chunks; ++c) {
		const float *p = t->partial + (size_t)c * t->n_params;
		for (size_t j = 0; j < t->n_params; ++j)
			t->grad[j] += p[j];
		loss += t->chunk_loss[c];
	}
	return count > 0.0 ? loss / count : 0.0;
}

static void adam_update(float *p, const float *g, float *mo, float *ve, size_t n,
	const mf_train_opt_t *o, double lr_t)
{
	float b1 = (float)o->beta1, b2 = (float)o->beta2, eps = (float)o->eps, lr = (float)lr_t;
	for (size_t i = 0; i < n; ++i) {
		mo[i] = b1 * mo[i] + (1.0f - b1) * g[i];
		ve[i] = b2 * ve[i] + (1.0f - b2) * g[i] * g[i];
		p[i] -= lr * mo[i] / (sqrtf(ve[i]) + eps);
	}
}

/* Keras 2 Adam: lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t), epsilon outside the root. */
void mf_trainer_adam_step(mf_trainer_t *t)
{
	const mf_train_opt_t *o = &t->o;
	t->step++;
	double lr_t = o->lr * sqrt(1.0 - pow(o->beta2, (double)t->step)) /
		(1.0 - pow(o->beta1, (double)t->step));
	for (int i = 0; i < t->m->n_layers; ++i) {
		mf_layer_t *l = &t->m->layers[i];
		size_t w = t->woff[i], b = t->boff[i];
		if (w != (size_t)-1)
			adam_update(l->W, t->grad + w, t->adam_m + w, t->adam_v + w, n_weights(l), o, lr_t);
		if (b != (size_t)-1)
			adam_update(l->b, t->grad + b, t->adam_m + b, t->adam_v + b, (size_t)l->out_ch, o, lr_t);
	}
}

/* ---- the training loop ------------------------------------------------------------------- */

/* Copies every weight and bias into flat (to = 1) or back into the model (to = 0). */
static void params_copy(mf_trainer_t *t, float *flat, int to)
{
	for (int i = 0; i < t->m->n_layers; ++i) {
		mf_layer_t *l = &t->m->layers[i];
		if (t->woff[i] != (size_t)-1) {
			float *f = flat + t->woff[i];
			memcpy(to ? f : l->W, to ? l->W : f, sizeof(float) * n_weights(l));
		}
		if (t->boff[i] != (size_t)-1) {
			float *f = flat + t->boff[i];
			memcpy(to ? f : l->b, to ? l->b : f, sizeof(float) * l->out_ch);
		}
	}
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Validation loss (dropout off) and auROC per task into e; 0 or -1. */
static int validate(mf_trainer_t *t, const mf_dataset_t *v, mf_epoch_t *e)
{
	const mf_model_t *m = t->m;
	int T = m->n_out;
	e->n_tasks = T;
	e->val_loss = NAN;
	for (int k = 0; k < 16; ++k)
		e->val_auroc[k] = NAN;
	if (!v || v->n == 0)
		return 0;
	float *z = malloc(sizeof(float) * (size_t)v->n * T);
	if (!z || mf_model_forward_to(m, v->x, v->n, z, t->o.threads, t->logit) < 0) {
		free(z);
		return -1;
	}
	double cnt;
	double sum = mf_loss_from_logits(t->loss, z, v->y, v->n, T, NULL, 0.0, &cnt);
	e->val_loss = cnt > 0.0 ? sum / cnt : NAN;
	/* ranking by the logits equals ranking by the probabilities (sigmoid is monotone) and
	   keeps scores that saturate to 1.0f apart; softmax ranks by its log-probability */
	if (t->loss == MF_LOSS_CCE)
		for (int s = 0; s < v->n; ++s) {
			float *zs = z + (size_t)s * T, mx = zs[0];
			double se = 0.0;
			for (int c = 1; c < T; ++c)
				mx = zs[c] > mx ? zs[c] : mx;
			for (int c = 0; c < T; ++c)
				se += exp((double)zs[c] - mx);
			for (int c = 0; c < T; ++c)
				zs[c] = (float)((double)zs[c] - mx - log(se));
		}
	int lvl = mf_verbose;
	mf_verbose = MF_LOG_ERROR; /* a task without positives is reported as NaN, not warned each epoch */
	for (int k = 0; k < T && k < 16; ++k)
		e->val_auroc[k] = mf_auroc(z + k, v->y + k, (size_t)v->n, (size_t)T, NULL);
	mf_verbose = lvl;
	free(z);
	return 0;
}

/* One pass over the shuffled training set; the mean loss weighted by batch size. */
static double run_epoch(mf_trainer_t *t, const mf_dataset_t *d, const int *perm, int epoch,
	float *xb, float *yb)
{
	const mf_model_t *m = t->m;
	size_t isz = (size_t)m->in_len * m->in_ch;
	int T = m->n_out, B = t->o.batch;
	double sum = 0.0;
	char unit[32];
	snprintf(unit, sizeof unit, "sequences of epoch %d", epoch);
	mf_progress_t *pg = mf_progress_start("train", unit, (uint64_t)d->n);
	for (int s0 = 0, step = 0; s0 < d->n; s0 += B, ++step) {
		int nb = d->n - s0 < B ? d->n - s0 : B;
		for (int i = 0; i < nb; ++i) {
			memcpy(xb + i * isz, d->x + (size_t)perm[s0 + i] * isz, sizeof(float) * isz);
			memcpy(yb + (size_t)i * T, d->y + (size_t)perm[s0 + i] * T, sizeof(float) * T);
		}
		uint64_t key = mix64(t->o.seed ^ mix64(((uint64_t)epoch << 32) ^ (uint64_t)step));
		double l = mf_trainer_loss_grad(t, xb, yb, nb, key);
		if (isnan(l)) {
			mf_progress_discard(pg);
			return NAN;
		}
		mf_trainer_adam_step(t);
		sum += l * nb;
		mf_progress_update(pg, (uint64_t)(s0 + nb));
	}
	mf_progress_discard(pg); /* the epoch's own line follows */
	return sum / d->n;
}

static int check_data(const mf_model_t *m, const mf_dataset_t *d, const char *what)
{
	if (!d)
		return 0;
	if (d->n_tasks != m->n_out) {
		mf_error("%s data: %d label columns but the model has %d outputs", what, d->n_tasks, m->n_out);
		return -1;
	}
	size_t usable = 0;
	for (size_t i = 0; i < (size_t)d->n * d->n_tasks; ++i)
		usable += d->y[i] >= 0.0f && d->y[i] <= 1.0f;
	if (d->n > 0 && usable == 0) { /* a model would be fitted to nothing: loss 0, val_loss nan */
		mf_error("%s data: none of its %d sequences has a label of 0 or 1 (all missing, e.g. -1)",
			what, d->n);
		return -1;
	}
	return 0;
}

typedef struct {
	int *perm;
	float *xb, *yb, *best;
	gsl_rng *rng;
} loop_buf_t;

static void loop_free(loop_buf_t *b)
{
	free(b->perm);
	free(b->xb);
	free(b->yb);
	free(b->best);
	if (b->rng)
		gsl_rng_free(b->rng);
}

static int loop_alloc(loop_buf_t *b, const mf_trainer_t *t, int n)
{
	const mf_model_t *m = t->m;
	memset(b, 0, sizeof *b);
	b->perm = malloc(sizeof(int) * (size_t)n);
	b->xb = malloc(sizeof(float) * (size_t)t->o.batch * m->in_len * m->in_ch);
	b->yb = malloc(sizeof(float) * (size_t)t->o.batch * m->n_out);
	b->best = malloc(sizeof(float) * (t->n_params ? t->n_params : 1));
	b->rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!b->perm || !b->xb || !b->yb || !b->best || !b->rng) {
		mf_error("out of memory for the training loop");
		return -1;
	}
	gsl_rng_set(b->rng, (unsigned long)mix64(t->o.seed ^ 0x5348554646ull)); /* "SHUFF" */
	for (int i = 0; i < n; ++i)
		b->perm[i] = i;
	return 0;
}

static int add_epoch(mf_train_result_t *res, const mf_epoch_t *e)
{
	if (!res)
		return 0;
	mf_epoch_t *ne = realloc(res->epochs, sizeof(mf_epoch_t) * (size_t)(res->n_epochs + 1));
	if (!ne)
		return -1;
	res->epochs = ne;
	ne[res->n_epochs++] = *e;
	return 0;
}

int mf_train(mf_model_t *m, const mf_dataset_t *train, const mf_dataset_t *valid,
	const mf_train_opt_t *o, mf_epoch_cb on_epoch, void *ud, mf_train_result_t *res)
{
	if (res)
		memset(res, 0, sizeof *res);
	if (!train || train->n < 1 || check_data(m, train, "training") < 0 || check_data(m, valid, "validation") < 0) {
		if (train && train->n < 1)
			mf_error("no training sequences");
		return -1;
	}
	mf_loss_t loss;
	if (mf_train_check_model(m, &loss) < 0 || (o->init && mf_train_init_weights(m, o->seed) < 0))
		return -1;
	mf_trainer_t *t = mf_trainer_create(m, o);
	loop_buf_t b;
	if (!t || loop_alloc(&b, t, train->n) < 0) {
		if (t)
			loop_free(&b);
		mf_trainer_destroy(t);
		return -1;
	}
	int rc = 0, wait = 0, has_valid = valid && valid->n > 0;
	double best_loss = INFINITY;
	params_copy(t, b.best, 1);
	for (int epoch = 1; epoch <= o->max_epochs; ++epoch) {
		double t0 = now_seconds();
		mf_epoch_t e = {.epoch = epoch};
		gsl_ran_shuffle(b.rng, b.perm, (size_t)train->n, sizeof(int));
		e.loss = run_epoch(t, train, b.perm, epoch, b.xb, b.yb);
		if (isnan(e.loss) || validate(t, valid, &e) < 0) {
			mf_error("epoch %d: %s", epoch, isnan(e.loss) ? "the training loss is not a number" : "validation failed");
			rc = -1;
			break;
		}
		e.seconds = now_seconds() - t0;
		if (add_epoch(res, &e) < 0) {
			rc = -1;
			break;
		}
		if (on_epoch)
			on_epoch(ud, &e);
		if (!has_valid || e.val_loss < best_loss) { /* Keras EarlyStopping, min_delta 0 */
			best_loss = has_valid ? e.val_loss : best_loss;
			params_copy(t, b.best, 1);
			wait = 0;
			if (res)
				res->best_epoch = epoch;
		} else if (++wait >= o->patience)
			break;
	}
	params_copy(t, b.best, 0); /* restore_best_weights */
	loop_free(&b);
	mf_trainer_destroy(t);
	return rc;
}
