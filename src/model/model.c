/* model.c: the layer list, per-layer forward passes and the threaded model forward.
 * Loading and saving Keras files lives in keras_io.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "model/kernels.h"
#include "base/log.h"
#include "model/model.h"

size_t mf_model_n_params(const mf_model_t *m)
{
	size_t n = 0;
	for (int i = 0; i < m->n_layers; ++i)
		n += mf_layer_n_params(&m->layers[i]);
	return n;
}

static void layer_free(mf_layer_t *l)
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

void mf_model_destroy(mf_model_t *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->n_layers; ++i)
		layer_free(&m->layers[i]);
	free(m->layers);
	free(m->model_name);
	free(m->keras_version);
	free(m->backend);
	free(m->config_json);
	free(m);
}

static int dup_floats(float **dst, const float *src, size_t n)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = malloc(sizeof(float) * (n ? n : 1));
	if (!*dst)
		return -1;
	memcpy(*dst, src, sizeof(float) * n);
	return 0;
}

static int dup_str(char **dst, const char *src)
{
	*dst = src ? strdup(src) : NULL;
	return src && !*dst ? -1 : 0;
}

static int layer_copy(mf_layer_t *d, const mf_layer_t *s)
{
	size_t nw = s->type == MF_LAYER_CONV1D ? (size_t)s->k * s->in_ch * s->out_ch
		: mf_layer_in_size(s) * s->out_ch;
	size_t c = (size_t)s->out_ch;
	*d = *s;
	d->name = NULL;
	d->W = d->b = d->bn_scale = d->bn_shift = NULL;
	d->bn_gamma = d->bn_beta = d->bn_mean = d->bn_var = NULL;
	if (dup_str(&d->name, s->name) < 0 || dup_floats(&d->W, s->W, nw) < 0 ||
		dup_floats(&d->b, s->b, c) < 0 || dup_floats(&d->bn_scale, s->bn_scale, c) < 0 ||
		dup_floats(&d->bn_shift, s->bn_shift, c) < 0 || dup_floats(&d->bn_gamma, s->bn_gamma, c) < 0 ||
		dup_floats(&d->bn_beta, s->bn_beta, c) < 0 || dup_floats(&d->bn_mean, s->bn_mean, c) < 0 ||
		dup_floats(&d->bn_var, s->bn_var, c) < 0)
		return -1;
	return 0;
}

mf_model_t *mf_model_copy(const mf_model_t *m)
{
	mf_model_t *d = calloc(1, sizeof *d);
	if (!d)
		goto fail;
	*d = *m;
	d->n_layers = 0;
	d->model_name = d->keras_version = d->backend = d->config_json = NULL;
	d->layers = calloc((size_t)m->n_layers + 1, sizeof *d->layers);
	if (!d->layers)
		goto fail;
	for (int i = 0; i < m->n_layers; ++i) {
		d->n_layers = i + 1;
		if (layer_copy(&d->layers[i], &m->layers[i]) < 0)
			goto fail;
	}
	if (dup_str(&d->model_name, m->model_name) < 0 || dup_str(&d->keras_version, m->keras_version) < 0 ||
		dup_str(&d->backend, m->backend) < 0 || dup_str(&d->config_json, m->config_json) < 0)
		goto fail;
	return d;
fail:
	mf_error("out of memory copying the model");
	mf_model_destroy(d);
	return NULL;
}

/* ---- per-layer forward ------------------------------------------------------------ */

static void act_forward(const mf_layer_t *l, const float *in, float *out, size_t rows, int ch)
{
	size_t total = rows * (size_t)ch;
	switch (l->act) {
	case MF_ACT_LINEAR:
		memmove(out, in, sizeof(float) * total);
		break;
	case MF_ACT_RELU:
		for (size_t i = 0; i < total; ++i)
			out[i] = in[i] > 0.0f ? in[i] : 0.0f;
		break;
	case MF_ACT_SIGMOID:
		for (size_t i = 0; i < total; ++i)
			out[i] = 1.0f / (1.0f + expf(-in[i]));
		break;
	case MF_ACT_TANH:
		for (size_t i = 0; i < total; ++i)
			out[i] = tanhf(in[i]);
		break;
	case MF_ACT_SOFTMAX: /* over the channels of each position, max subtracted for range */
		for (size_t r = 0; r < rows; ++r) {
			const float *x = in + r * ch;
			float *y = out + r * ch, mx = x[0], sum = 0.0f;
			for (int c = 1; c < ch; ++c)
				mx = x[c] > mx ? x[c] : mx;
			for (int c = 0; c < ch; ++c)
				sum += (y[c] = expf(x[c] - mx));
			for (int c = 0; c < ch; ++c)
				y[c] /= sum;
		}
		break;
	}
}

/* Average/max pooling over windows of k with stride; positions in the padding are
   skipped (Keras/TensorFlow 'same' averages only the real inputs). */
static void pool_forward(const mf_layer_t *l, const float *in, float *out, int is_max)
{
	int ch = l->in_ch;
	for (int t = 0; t < l->out_len; ++t)
		for (int c = 0; c < ch; ++c) {
			float acc = is_max ? -INFINITY : 0.0f;
			int cnt = 0;
			for (int kk = 0; kk < l->k; ++kk) {
				int pos = t * l->stride - l->pad_left + kk;
				if (pos < 0 || pos >= l->in_len)
					continue;
				float v = in[(size_t)pos * ch + c];
				acc = is_max ? (v > acc ? v : acc) : acc + v;
				++cnt;
			}
			out[(size_t)t * ch + c] = is_max ? acc : acc / (float)(cnt ? cnt : 1);
		}
}

static void global_pool_forward(const mf_layer_t *l, const float *in, float *out, int is_max)
{
	for (int c = 0; c < l->in_ch; ++c) {
		float acc = is_max ? -INFINITY : 0.0f;
		for (int t = 0; t < l->in_len; ++t) {
			float v = in[(size_t)t * l->in_ch + c];
			acc = is_max ? (v > acc ? v : acc) : acc + v;
		}
		out[c] = is_max ? acc : acc / (float)l->in_len;
	}
}

int mf_layer_forward(const mf_layer_t *l, const float *in, float *out, int n)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	switch (l->type) {
	case MF_LAYER_CONV1D:
		return mf_conv1d_forward(l, l->W, l->b, in, out, n);
	case MF_LAYER_DENSE:
		mf_dense_forward(l, l->W, l->b, in, out, n);
		return 0;
	case MF_LAYER_ACT:
		act_forward(l, in, out, (size_t)n * l->in_len, l->in_ch);
		return 0;
	case MF_LAYER_FLATTEN:
	case MF_LAYER_DROPOUT:
		memmove(out, in, sizeof(float) * isz * (size_t)n);
		return 0;
	case MF_LAYER_BATCHNORM:
		for (size_t r = 0; r < (size_t)n * l->in_len; ++r)
			for (int c = 0; c < l->in_ch; ++c)
				out[r * l->in_ch + c] = in[r * l->in_ch + c] * l->bn_scale[c] + l->bn_shift[c];
		return 0;
	case MF_LAYER_AVGPOOL:
	case MF_LAYER_MAXPOOL:
		for (int s = 0; s < n; ++s)
			pool_forward(l, in + s * isz, out + s * osz, l->type == MF_LAYER_MAXPOOL);
		return 0;
	case MF_LAYER_GLOBAL_AVGPOOL:
	case MF_LAYER_GLOBAL_MAXPOOL:
		for (int s = 0; s < n; ++s)
			global_pool_forward(l, in + s * isz, out + s * osz, l->type == MF_LAYER_GLOBAL_MAXPOOL);
		return 0;
	}
	mf_error("%s: unknown layer type %d", l->name, (int)l->type);
	return -1;
}

/* ---- whole model ------------------------------------------------------------------- */

enum { CHUNK = 16 }; /* samples per task: enough rows for the Dense GEMMs, small scratch */

static size_t max_activation(const mf_model_t *m, int last)
{
	size_t mx = (size_t)m->in_len * m->in_ch;
	for (int i = 0; i <= last; ++i)
		if (mf_layer_out_size(&m->layers[i]) > mx)
			mx = mf_layer_out_size(&m->layers[i]);
	return mx;
}

/* Runs layers 0..last on n <= CHUNK samples using two scratch buffers. */
static int forward_chunk(const mf_model_t *m, const float *x, int n, float *out, int last,
	float *buf0, float *buf1)
{
	const float *cur = x;
	float *bufs[2] = {buf0, buf1};
	for (int i = 0; i <= last; ++i) {
		float *dst = i == last ? out : bufs[i & 1];
		if (mf_layer_forward(&m->layers[i], cur, dst, n) < 0)
			return -1;
		cur = dst;
	}
	return 0;
}

int mf_model_forward_to(const mf_model_t *m, const float *x, int n, float *out, int threads, int last)
{
	if (last < 0 || last >= m->n_layers) {
		mf_error("layer index %d out of range (the model has %d layers)", last, m->n_layers);
		return -1;
	}
	size_t scratch = max_activation(m, last) * CHUNK;
	size_t isz = (size_t)m->in_len * m->in_ch, osz = mf_layer_out_size(&m->layers[last]);
	int n_chunks = (n + CHUNK - 1) / CHUNK, failed = 0;
	if (threads > n_chunks)
		threads = n_chunks; /* a team for one chunk costs more than it saves */
	if (threads < 1)
		threads = 1;
#pragma omp parallel num_threads(threads) reduction(|:failed)
	{
		float *buf = malloc(sizeof(float) * scratch * 2);
		if (!buf) {
			mf_error("out of memory for the forward pass scratch");
			failed = 1;
		}
#pragma omp for schedule(dynamic, 1)
		for (int c = 0; c < n_chunks; ++c) {
			int s0 = c * CHUNK, cn = n - s0 < CHUNK ? n - s0 : CHUNK;
			if (buf && !failed && forward_chunk(m, x + s0 * isz, cn, out + s0 * osz, last,
					buf, buf + scratch) < 0)
				failed = 1;
		}
		free(buf);
	}
	return failed ? -1 : 0;
}

int mf_model_forward(const mf_model_t *m, const float *x, int n, float *out, int threads)
{
	return mf_model_forward_to(m, x, n, out, threads, m->n_layers - 1);
}

int mf_model_logit_layer(const mf_model_t *m)
{
	if (!m || m->n_layers < 1)
		return -1;
	int last = m->n_layers - 1;
	const mf_layer_t *l = &m->layers[last];
	if (l->type == MF_LAYER_ACT && (l->act == MF_ACT_SIGMOID || l->act == MF_ACT_SOFTMAX ||
			l->act == MF_ACT_LINEAR))
		return last > 0 ? last - 1 : -1;
	return last;
}
