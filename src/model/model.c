/* model.c: the layers, per-layer forward passes and the threaded model forward over the
 * layer graph (graph.h plans which buffer each output lives in). Loading and saving Keras
 * files lives in keras_io.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "model/kernels.h"
#include "base/log.h"
#include "model/graph.h"
#include "model/model.h"
#include "model/vec.h"
#include "model/wiring.h"

size_t mf_model_n_params(const mf_model_t *m)
{
	size_t n = 0;
	for (int i = 0; i < m->n_layers; ++i)
		n += mf_layer_n_params(&m->layers[i]);
	return n;
}

void mf_model_destroy(mf_model_t *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->n_layers; ++i)
		mf_layer_release(&m->layers[i]);
	free(m->layers);
	free(m->model_name);
	free(m->keras_version);
	free(m->backend);
	free(m->config_json);
	free(m->keras_class);
	free(m->input_name);
	free(m->origin);
	for (int k = 0; m->outputs && k < m->n_outputs; ++k)
		free(m->outputs[k].name);
	free(m->outputs);
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
	d->keras_class = d->input_name = NULL;
	d->origin = NULL;
	d->outputs = NULL;
	d->n_outputs = 0;
	d->layers = calloc((size_t)m->n_layers + 1, sizeof *d->layers);
	if (!d->layers || (m->n_outputs && !(d->outputs = calloc((size_t)m->n_outputs, sizeof *d->outputs))))
		goto fail;
	for (int k = 0; k < m->n_outputs; ++k) {
		d->n_outputs = k + 1;
		d->outputs[k].layer = m->outputs[k].layer;
		if (dup_str(&d->outputs[k].name, m->outputs[k].name) < 0)
			goto fail;
	}
	for (int i = 0; i < m->n_layers; ++i) {
		d->n_layers = i + 1;
		if (layer_copy(&d->layers[i], &m->layers[i]) < 0)
			goto fail;
	}
	if (dup_str(&d->model_name, m->model_name) < 0 || dup_str(&d->keras_version, m->keras_version) < 0 ||
		dup_str(&d->backend, m->backend) < 0 || dup_str(&d->config_json, m->config_json) < 0 ||
		dup_str(&d->keras_class, m->keras_class) < 0 || dup_str(&d->input_name, m->input_name) < 0 ||
		dup_str(&d->origin, m->origin) < 0)
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
		mf_vec_relu(in, out, total);
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
	case MF_LAYER_RESHAPE:
		memmove(out, in, sizeof(float) * isz * (size_t)n);
		return 0;
	case MF_LAYER_CROP:
		mf_crop_forward(l, in, out, n);
		return 0;
	case MF_LAYER_ADD:
	case MF_LAYER_CONCAT:
		if (l->n_in <= 1) { /* one input: a copy */
			memmove(out, in, sizeof(float) * isz * (size_t)n);
			return 0;
		}
		break;
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

int mf_model_layer_forward(const mf_model_t *m, int i, const float *const *in, float *out, int n)
{
	const mf_layer_t *l = &m->layers[i];
	int k = mf_layer_n_inputs(l);
	if (k == 1 || (l->type != MF_LAYER_ADD && l->type != MF_LAYER_CONCAT))
		return mf_layer_forward(l, in[0], out, n);
	if (l->type == MF_LAYER_ADD) {
		mf_add_forward(l, in, k, out, n);
		return 0;
	}
	int ch[MF_LAYER_MAX_IN];
	for (int j = 0; j < k; ++j) {
		int p = mf_model_layer_input(m, i, j);
		ch[j] = p < 0 ? m->in_ch : m->layers[p].out_ch;
	}
	mf_concat_forward(l, in, ch, k, out, n);
	return 0;
}

/* ---- whole model ------------------------------------------------------------------- */

enum { CHUNK = 16 }; /* samples per task: enough rows for the Dense GEMMs, small scratch */
#define SCRATCH_BUDGET ((size_t)64 << 20) /* bytes of activations per thread, for big models */

/* Samples per task: CHUNK, fewer when their activations would pass the budget (a
   ChromBPNet-sized model holds megabytes per sample and layer). */
static int chunk_size(const mf_plan_t *pl)
{
	size_t per = (size_t)pl->n_slots * pl->slot_size * sizeof(float);
	size_t c = per ? SCRATCH_BUDGET / per : CHUNK;
	return c >= CHUNK ? CHUNK : c < 1 ? 1 : (int)c;
}

/* Runs the plan on n <= chunk samples; slots of `stride` floats in scratch, ptr one pointer
   per layer. */
static int forward_chunk(const mf_model_t *m, const mf_plan_t *pl, const float *x, int n,
	float *out, float *scratch, size_t stride, const float **ptr)
{
	const float *in[MF_LAYER_MAX_IN];
	for (int i = 0; i <= pl->target; ++i) {
		int s = pl->slot[i];
		if (s == MF_SLOT_NONE)
			continue;
		const mf_layer_t *l = &m->layers[i];
		for (int j = 0; j < mf_layer_n_inputs(l); ++j) {
			int p = mf_model_layer_input(m, i, j);
			in[j] = p < 0 ? x : ptr[p];
		}
		if (s == MF_SLOT_X || (s >= 0 && mf_layer_is_view(l))) {
			ptr[i] = in[0]; /* the same memory, read with another shape */
			continue;
		}
		float *dst = s == MF_SLOT_OUT ? out : scratch + (size_t)s * stride;
		if (mf_model_layer_forward(m, i, in, dst, n) < 0)
			return -1;
		ptr[i] = dst;
	}
	return 0;
}

int mf_model_forward_to(const mf_model_t *m, const float *x, int n, float *out, int threads, int last)
{
	if (last < 0 || last >= m->n_layers) {
		mf_error("layer index %d out of range (the model has %d layers)", last, m->n_layers);
		return -1;
	}
	mf_plan_t pl;
	if (mf_plan_forward(m, last, &pl) < 0)
		return -1;
	int chunk = chunk_size(&pl);
	size_t stride = pl.slot_size * (size_t)chunk, scratch = stride * (size_t)pl.n_slots;
	size_t isz = (size_t)m->in_len * m->in_ch, osz = mf_layer_out_size(&m->layers[last]);
	int n_chunks = (n + chunk - 1) / chunk, failed = 0;
	if (threads > n_chunks)
		threads = n_chunks; /* a team for one chunk costs more than it saves */
	if (threads < 1)
		threads = 1;
#pragma omp parallel num_threads(threads) reduction(|:failed)
	{
		float *buf = malloc(sizeof(float) * (scratch ? scratch : 1));
		const float **ptr = malloc(sizeof *ptr * (size_t)m->n_layers);
		if (!buf || !ptr) {
			mf_error("out of memory for the forward pass scratch");
			failed = 1;
		}
#pragma omp for schedule(dynamic, 1)
		for (int c = 0; c < n_chunks; ++c) {
			int s0 = c * chunk, cn = n - s0 < chunk ? n - s0 : chunk;
			if (buf && ptr && !failed && forward_chunk(m, &pl, x + s0 * isz, cn, out + s0 * osz,
					buf, stride, ptr) < 0)
				failed = 1;
		}
		free(buf);
		free(ptr);
	}
	mf_plan_free(&pl);
	return failed ? -1 : 0;
}

int mf_model_forward(const mf_model_t *m, const float *x, int n, float *out, int threads)
{
	return mf_model_forward_to(m, x, n, out, threads, mf_model_output_layer(m, m->output));
}

int mf_model_logit_layer(const mf_model_t *m)
{
	if (!m || m->n_layers < 1)
		return -1;
	int last = mf_model_output_layer(m, m->output);
	const mf_layer_t *l = &m->layers[last];
	if (l->type == MF_LAYER_ACT && (l->act == MF_ACT_SIGMOID || l->act == MF_ACT_SOFTMAX ||
			l->act == MF_ACT_LINEAR))
		return mf_model_layer_input(m, last, 0);
	return last;
}
