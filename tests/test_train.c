/* Unit tests for the train room: the A^T B and Conv1D backward kernels against their naive
 * references, every layer's backward pass against float64 finite differences of an
 * independent float64 forward pass written here, the losses, the whole-model gradient, and
 * short training runs (the loss falls; same seed -> same weights for 1 and 2 threads). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "model/keras_io.h"
#include "model/kernels.h"
#include "base/log.h"
#include "model/model.h"
#include "io/seqio.h"
#include "model/train.h"
#include "testutil.h"

static gsl_rng *rng;

static void setup(void)
{
	mf_verbose = MF_LOG_QUIET;
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 4242);
}

static void teardown(void)
{
	gsl_rng_free(rng);
}

static float *rand_floats(size_t n, double lo, double hi)
{
	float *x = malloc(sizeof(float) * (n ? n : 1));
	for (size_t i = 0; i < n; ++i)
		x[i] = (float)(lo + (hi - lo) * gsl_rng_uniform(rng));
	return x;
}

/* ---- kernels ------------------------------------------------------------------------------ */

START_TEST(gemm_tn_matches_naive_bit_for_bit)
{
	int shapes[][3] = {{1, 1, 1}, {7, 5, 3}, {6, 64, 10}, {13, 70, 33}, {550, 50, 180}, {44, 50, 190}, {5, 129, 0}};
	for (size_t s = 0; s < sizeof shapes / sizeof *shapes; ++s) {
		int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
		float *A = rand_floats((size_t)k * m + 1, -1, 1), *B = rand_floats((size_t)k * n + 1, -1, 1);
		for (int acc = 0; acc < 2; ++acc) {
			float *C1 = rand_floats((size_t)m * n, -1, 1), *C2 = malloc(sizeof(float) * m * n);
			memcpy(C2, C1, sizeof(float) * m * n);
			mf_gemm_tn(m, n, k, A, m, B, n, C1, n, acc);
			mf_gemm_tn_naive(m, n, k, A, m, B, n, C2, n, acc);
			ck_assert_msg(memcmp(C1, C2, sizeof(float) * m * n) == 0, "shape %d x %d x %d acc %d", m, n, k, acc);
			/* and against a float64 brute force */
			for (int i = 0; i < m; i += 3)
				for (int j = 0; j < n; j += 5) {
					double ref = 0;
					for (int p = 0; p < k; ++p)
						ref += (double)A[(size_t)p * m + i] * B[(size_t)p * n + j];
					if (!acc)
						ck_assert(tu_close(C1[(size_t)i * n + j], ref, 1e-4, 1e-4));
				}
			free(C1);
			free(C2);
		}
		free(A);
		free(B);
	}
}
END_TEST

static mf_model_t *parse(const char *json)
{
	mf_model_t *m = mf_keras_parse_config(json, "test");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(mf_train_init_weights(m, 7), 0);
	for (int i = 0; i < m->n_layers; ++i)
		if (m->layers[i].b) /* zero biases would leave the bias paths untested */
			for (int o = 0; o < m->layers[i].out_ch; ++o)
				m->layers[i].b[o] = (float)(gsl_rng_uniform(rng) * 0.2 - 0.1);
	return m;
}

/* Conv layers of every padding/stride/dilation kind, then other layers. */
static const char *CONV_MODEL =
	"{\"class_name\": \"Sequential\", \"config\": ["
	"{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"c1\", \"filters\": 5, \"kernel_size\": [3],"
	" \"strides\": [2], \"padding\": \"same\", \"batch_input_shape\": [null, 13, 4], \"activation\": \"relu\"}},"
	"{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"c2\", \"filters\": 6, \"kernel_size\": [3],"
	" \"dilation_rate\": [2], \"padding\": \"same\", \"activation\": \"tanh\"}},"
	"{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"c3\", \"filters\": 7, \"kernel_size\": [2],"
	" \"padding\": \"valid\", \"use_bias\": false, \"activation\": \"linear\"}},"
	"{\"class_name\": \"MaxPooling1D\", \"config\": {\"name\": \"mp\", \"pool_size\": [2], \"strides\": [1], \"padding\": \"same\"}},"
	"{\"class_name\": \"AveragePooling1D\", \"config\": {\"name\": \"ap\", \"pool_size\": [2], \"padding\": \"same\"}},"
	"{\"class_name\": \"Activation\", \"config\": {\"name\": \"sg\", \"activation\": \"sigmoid\"}},"
	"{\"class_name\": \"Flatten\", \"config\": {\"name\": \"fl\"}},"
	"{\"class_name\": \"Dense\", \"config\": {\"name\": \"d1\", \"units\": 4, \"activation\": \"linear\"}},"
	"{\"class_name\": \"Dropout\", \"config\": {\"name\": \"dr\", \"rate\": 0.0}},"
	"{\"class_name\": \"Dense\", \"config\": {\"name\": \"d2\", \"units\": 3, \"activation\": \"sigmoid\"}}"
	"]}";

static const char *GLOBAL_MODEL =
	"{\"class_name\": \"Sequential\", \"config\": ["
	"{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"c1\", \"filters\": 4, \"kernel_size\": [4],"
	" \"strides\": [3], \"padding\": \"valid\", \"batch_input_shape\": [null, 15, 4], \"activation\": \"relu\"}},"
	"{\"class_name\": \"AveragePooling1D\", \"config\": {\"name\": \"ap\", \"pool_size\": [2], \"padding\": \"valid\"}},"
	"{\"class_name\": \"GlobalMaxPooling1D\", \"config\": {\"name\": \"gm\"}},"
	"{\"class_name\": \"Dense\", \"config\": {\"name\": \"d2\", \"units\": 3, \"activation\": \"softmax\"}}"
	"]}";

static const char *GAP_MODEL =
	"{\"class_name\": \"Sequential\", \"config\": ["
	"{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"c1\", \"filters\": 4, \"kernel_size\": [3],"
	" \"batch_input_shape\": [null, 9, 4], \"activation\": \"relu\"}},"
	"{\"class_name\": \"GlobalAveragePooling1D\", \"config\": {\"name\": \"ga\"}},"
	"{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, \"activation\": \"sigmoid\"}}"
	"]}";

/* ---- an independent float64 forward pass ---------------------------------------------------- */

static void ref_conv(const mf_layer_t *l, const double *W, const double *b, const double *in, double *out)
{
	for (int t = 0; t < l->out_len; ++t)
		for (int o = 0; o < l->out_ch; ++o) {
			double acc = b ? b[o] : 0.0;
			for (int kk = 0; kk < l->k; ++kk) {
				int pos = t * l->stride - l->pad_left + kk * l->dilation;
				if (pos >= 0 && pos < l->in_len)
					for (int c = 0; c < l->in_ch; ++c)
						acc += in[pos * l->in_ch + c] * W[(kk * l->in_ch + c) * l->out_ch + o];
			}
			out[t * l->out_ch + o] = acc;
		}
}

static void ref_pool(const mf_layer_t *l, const double *in, double *out, int is_max, int global)
{
	int k = global ? l->in_len : l->k, stride = global ? 1 : l->stride, pad = global ? 0 : l->pad_left;
	for (int t = 0; t < l->out_len; ++t)
		for (int c = 0; c < l->in_ch; ++c) {
			double acc = is_max ? -INFINITY : 0.0;
			int cnt = 0;
			for (int kk = 0; kk < k; ++kk) {
				int pos = t * stride - pad + kk;
				if (pos < 0 || pos >= l->in_len)
					continue;
				double v = in[pos * l->in_ch + c];
				acc = is_max ? fmax(acc, v) : acc + v;
				++cnt;
			}
			out[t * l->in_ch + c] = is_max ? acc : acc / cnt;
		}
}

static void ref_act(const mf_layer_t *l, const double *in, double *out)
{
	int rows = l->in_len, ch = l->in_ch;
	for (int r = 0; r < rows; ++r) {
		double mx = -INFINITY, se = 0;
		for (int c = 0; c < ch; ++c)
			mx = fmax(mx, in[r * ch + c]);
		for (int c = 0; c < ch; ++c)
			se += exp(in[r * ch + c] - mx);
		for (int c = 0; c < ch; ++c) {
			double x = in[r * ch + c], y = x;
			switch (l->act) {
			case MF_ACT_RELU: y = x > 0 ? x : 0; break;
			case MF_ACT_SIGMOID: y = 1 / (1 + exp(-x)); break;
			case MF_ACT_TANH: y = tanh(x); break;
			case MF_ACT_SOFTMAX: y = exp(x - mx) / se; break;
			default: break;
			}
			out[r * ch + c] = y;
		}
	}
}

/* One sample through one layer in float64 (W, b as doubles; aux = dropout mask). */
static void ref_layer(const mf_layer_t *l, const double *W, const double *b, const float *aux,
	const double *in, double *out)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	switch (l->type) {
	case MF_LAYER_CONV1D: ref_conv(l, W, b, in, out); break;
	case MF_LAYER_DENSE:
		for (size_t o = 0; o < osz; ++o) {
			double acc = b ? b[o] : 0.0;
			for (size_t i = 0; i < isz; ++i)
				acc += in[i] * W[i * osz + o];
			out[o] = acc;
		}
		break;
	case MF_LAYER_ACT: ref_act(l, in, out); break;
	case MF_LAYER_AVGPOOL: ref_pool(l, in, out, 0, 0); break;
	case MF_LAYER_MAXPOOL: ref_pool(l, in, out, 1, 0); break;
	case MF_LAYER_GLOBAL_AVGPOOL: ref_pool(l, in, out, 0, 1); break;
	case MF_LAYER_GLOBAL_MAXPOOL: ref_pool(l, in, out, 1, 1); break;
	case MF_LAYER_DROPOUT:
		for (size_t i = 0; i < isz; ++i)
			out[i] = in[i] * (aux ? aux[i] : 1.0f);
		break;
	default:
		memcpy(out, in, sizeof(double) * isz);
	}
}

static double *to_double(const float *x, size_t n)
{
	double *d = malloc(sizeof(double) * (n ? n : 1));
	for (size_t i = 0; i < n; ++i)
		d[i] = x ? x[i] : 0.0;
	return d;
}

/* L = sum_j g_j * f(x)_j for one sample, in float64. */
static double ref_objective(const mf_layer_t *l, const double *W, const double *b, const float *aux,
	const double *x, const float *g)
{
	size_t osz = mf_layer_out_size(l);
	double *out = malloc(sizeof(double) * osz), L = 0;
	ref_layer(l, W, b, aux, x, out);
	for (size_t j = 0; j < osz; ++j)
		L += out[j] * g[j];
	free(out);
	return L;
}

/* Central difference of ref_objective with respect to v[i]. */
static double fd(const mf_layer_t *l, double *W, double *b, const float *aux, double *x,
	const float *g, double *v, size_t i)
{
	const double h = 1e-6;
	double keep = v[i];
	v[i] = keep + h;
	double up = ref_objective(l, W, b, aux, x, g);
	v[i] = keep - h;
	double dn = ref_objective(l, W, b, aux, x, g);
	v[i] = keep;
	return (up - dn) / (2 * h);
}

/* Inputs for a layer: away from ReLU's kink and from max-pooling ties. */
static float *layer_input(size_t n)
{
	float *x = rand_floats(n, -1, 1);
	for (size_t i = 0; i < n; ++i)
		x[i] = x[i] < 0 ? x[i] - 0.05f : x[i] + 0.05f;
	return x;
}

/* Checks din, dW and db of layer l (n samples) against float64 finite differences. */
static void check_layer(const mf_layer_t *l, int n)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	size_t nw = l->type == MF_LAYER_CONV1D ? (size_t)l->k * l->in_ch * l->out_ch
		: l->type == MF_LAYER_DENSE ? isz * osz : 0;
	float *in = layer_input(isz * n), *out = malloc(sizeof(float) * osz * n);
	float *g = rand_floats(osz * n, -1, 1), *din = malloc(sizeof(float) * isz * n);
	float *dW = calloc(nw + 1, sizeof(float)), *db = calloc((size_t)l->out_ch + 1, sizeof(float));
	float *aux = NULL;
	if (l->type == MF_LAYER_DROPOUT) {
		aux = malloc(sizeof(float) * isz * n);
		for (size_t i = 0; i < isz * n; ++i)
			aux[i] = gsl_rng_uniform(rng) < 0.5 ? 0.0f : 2.0f;
		for (size_t i = 0; i < isz * n; ++i)
			out[i] = in[i] * aux[i];
	} else
		ck_assert_int_eq(mf_layer_forward(l, in, out, n), 0);
	ck_assert_int_eq(mf_layer_backward(l, in, out, aux, g, din, nw ? dW : NULL, db, n), 0);
	double *W = to_double(l->W, nw), *b = l->b ? to_double(l->b, l->out_ch) : NULL;
	double *dWref = calloc(nw + 1, sizeof(double)), *dbref = calloc((size_t)l->out_ch + 1, sizeof(double));
	for (int s = 0; s < n; ++s) {
		double *x = to_double(in + s * isz, isz);
		const float *gs = g + s * osz, *as = aux ? aux + s * isz : NULL;
		for (size_t i = 0; i < isz; ++i) {
			double want = fd(l, W, b, as, x, gs, x, i);
			ck_assert_msg(tu_close(din[s * isz + i], want, 1e-3, 1e-4), "%s: din[%d][%zu] = %g, finite difference %g",
				l->name, s, i, din[s * isz + i], want);
		}
		for (size_t i = 0; i < nw; ++i)
			dWref[i] += fd(l, W, b, as, x, gs, W, i);
		for (int o = 0; b && o < l->out_ch; ++o)
			dbref[o] += fd(l, W, b, as, x, gs, b, o);
		free(x);
	}
	for (size_t i = 0; i < nw; ++i)
		ck_assert_msg(tu_close(dW[i], dWref[i], 1e-3, 1e-4), "%s: dW[%zu] = %g, finite difference %g",
			l->name, i, dW[i], dWref[i]);
	for (int o = 0; b && o < l->out_ch; ++o)
		ck_assert_msg(tu_close(db[o], dbref[o], 1e-3, 1e-4), "%s: db[%d] = %g, finite difference %g",
			l->name, o, db[o], dbref[o]);
	free(in); free(out); free(g); free(din); free(dW); free(db); free(aux);
	free(W); free(b); free(dWref); free(dbref);
}

static void check_all_layers(const char *json)
{
	mf_model_t *m = parse(json);
	for (int i = 0; i < m->n_layers; ++i)
		check_layer(&m->layers[i], 3);
	mf_model_destroy(m);
}

START_TEST(every_layer_backward_matches_finite_differences)
{
	check_all_layers(CONV_MODEL);
	check_all_layers(GLOBAL_MODEL);
	check_all_layers(GAP_MODEL);
}
END_TEST

START_TEST(dropout_and_activations_backward)
{
	/* Dropout with a real mask, softmax over several positions, linear */
	const char *json = "{\"class_name\": \"Sequential\", \"config\": ["
		"{\"class_name\": \"Dropout\", \"config\": {\"name\": \"dr\", \"rate\": 0.5, \"batch_input_shape\": [null, 5, 4]}},"
		"{\"class_name\": \"Activation\", \"config\": {\"name\": \"sm\", \"activation\": \"softmax\"}},"
		"{\"class_name\": \"Activation\", \"config\": {\"name\": \"li\", \"activation\": \"linear\"}},"
		"{\"class_name\": \"Activation\", \"config\": {\"name\": \"re\", \"activation\": \"relu\"}},"
		"{\"class_name\": \"Activation\", \"config\": {\"name\": \"th\", \"activation\": \"tanh\"}}"
		"]}";
	check_all_layers(json);
}
END_TEST

START_TEST(conv_backward_kernels_match_naive)
{
	mf_model_t *m = parse(CONV_MODEL);
	for (int i = 0; i < m->n_layers; ++i) {
		const mf_layer_t *l = &m->layers[i];
		if (l->type != MF_LAYER_CONV1D)
			continue;
		int n = 5;
		size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l), nw = (size_t)l->k * l->in_ch * l->out_ch;
		float *in = rand_floats(isz * n, -1, 1), *g = rand_floats(osz * n, -1, 1);
		float *w1 = rand_floats(nw, -1, 1), *w2 = malloc(sizeof(float) * nw);
		float *b1 = rand_floats(l->out_ch, -1, 1), *b2 = malloc(sizeof(float) * l->out_ch);
		memcpy(w2, w1, sizeof(float) * nw);
		memcpy(b2, b1, sizeof(float) * l->out_ch);
		ck_assert_int_eq(mf_conv1d_param_grad(l, in, g, w1, b1, n), 0);
		mf_conv1d_param_grad_naive(l, in, g, w2, b2, n);
		ck_assert(memcmp(w1, w2, sizeof(float) * nw) == 0);
		ck_assert(memcmp(b1, b2, sizeof(float) * l->out_ch) == 0);
		float *Wt = malloc(sizeof(float) * nw), *d1 = malloc(sizeof(float) * isz * n), *d2 = malloc(sizeof(float) * isz * n);
		mf_conv1d_transpose_w(l, l->W, Wt);
		ck_assert_int_eq(mf_conv1d_input_grad_wt(l, Wt, g, d1, n), 0);
		mf_conv1d_input_grad_naive(l, l->W, g, d2, n);
		for (size_t j = 0; j < isz * n; ++j)
			ck_assert(tu_close(d1[j], d2[j], 1e-5, 1e-6));
		free(in); free(g); free(w1); free(w2); free(b1); free(b2); free(Wt); free(d1); free(d2);
	}
	mf_model_destroy(m);
}
END_TEST

/* ---- losses and the whole-model gradient ------------------------------------------------ */

START_TEST(losses_are_stable_and_match_float64)
{
	float z[] = {0.3f, -2.0f, 100.0f, -100.0f, 0.0f, 5.0f};
	float y[] = {1, 0, 0, 1, NAN, -1};
	float dz[6];
	double cnt;
	double L = mf_loss_from_logits(MF_LOSS_BCE, z, y, 2, 3, dz, 0.25, &cnt);
	ck_assert(tu_close(cnt, 4, 0, 0));
	double want = log1p(exp(-0.3)) + log1p(exp(-2.0)) + 100.0 + 100.0;
	ck_assert(tu_close(L, want, 1e-9, 1e-9));
	ck_assert(isfinite(L));
	ck_assert(tu_close(dz[0], (1 / (1 + exp(-0.3)) - 1) * 0.25, 1e-6, 1e-7));
	ck_assert(tu_close(dz[2], 0.25, 1e-6, 1e-7));
	ck_assert(dz[4] == 0.0f && dz[5] == 0.0f);
	float yc[] = {0, 1, 0, 1, 0, 0};
	L = mf_loss_from_logits(MF_LOSS_CCE, z, yc, 2, 3, dz, 1.0, &cnt);
	double lse0 = log(exp(0.3) + exp(-2.0) + exp(100.0 - 100.0) * exp(100.0)); /* = 100 + log(1 + ...) */
	ck_assert(tu_close(cnt, 2, 0, 0));
	ck_assert(isfinite(L));
	ck_assert(tu_close(L, (lse0 - (-2.0)) + (5.0 + log1p(exp(-105.0) + exp(-5.0)) - (-100.0)), 1e-6, 1e-6));
}
END_TEST

/* float64 loss of the whole model (final activation replaced by the stable loss). */
static double ref_model_loss(const mf_model_t *m, double **W, double **b, const float *x, const float *y,
	int n, mf_loss_t loss)
{
	double total = 0, cnt = 0;
	for (int s = 0; s < n; ++s) {
		double *cur = to_double(x + (size_t)s * m->in_len * m->in_ch, (size_t)m->in_len * m->in_ch);
		for (int i = 0; i < m->n_layers - 1; ++i) {
			const mf_layer_t *l = &m->layers[i];
			double *nx = malloc(sizeof(double) * mf_layer_out_size(l));
			ref_layer(l, W[i], b[i], NULL, cur, nx);
			free(cur);
			cur = nx;
		}
		const float *ys = y + (size_t)s * m->n_out;
		if (loss == MF_LOSS_BCE)
			for (int t = 0; t < m->n_out; ++t, ++cnt)
				total += log1p(exp(-fabs(cur[t]))) + fmax(cur[t], 0) - cur[t] * ys[t];
		else {
			double mx = -INFINITY, se = 0;
			for (int t = 0; t < m->n_out; ++t)
				mx = fmax(mx, cur[t]);
			for (int t = 0; t < m->n_out; ++t)
				se += exp(cur[t] - mx);
			for (int t = 0; t < m->n_out; ++t)
				total += ys[t] * (mx + log(se) - cur[t]);
			++cnt;
		}
		free(cur);
	}
	return total / cnt;
}

static void check_model_grad(const char *json, int n)
{
	mf_model_t *m = parse(json);
	mf_loss_t loss;
	ck_assert_int_eq(mf_train_check_model(m, &loss), 0);
	mf_train_opt_t o;
	mf_train_opt_init(&o);
	o.batch = n;
	o.threads = 2;
	mf_trainer_t *t = mf_trainer_create(m, &o);
	ck_assert_ptr_nonnull(t);
	size_t isz = (size_t)m->in_len * m->in_ch;
	float *x = layer_input(isz * n), *y = malloc(sizeof(float) * n * m->n_out);
	for (int s = 0; s < n; ++s)
		for (int k = 0; k < m->n_out; ++k)
			y[s * m->n_out + k] = loss == MF_LOSS_BCE ? (float)(gsl_rng_uniform(rng) < 0.5) : (k == s % m->n_out);
	double L = mf_trainer_loss_grad(t, x, y, n, 99);
	double **W = calloc(m->n_layers, sizeof(double *)), **b = calloc(m->n_layers, sizeof(double *));
	for (int i = 0; i < m->n_layers; ++i) {
		const mf_layer_t *l = &m->layers[i];
		size_t nw = l->type == MF_LAYER_CONV1D ? (size_t)l->k * l->in_ch * l->out_ch
			: l->type == MF_LAYER_DENSE ? mf_layer_in_size(l) * l->out_ch : 0;
		W[i] = nw ? to_double(l->W, nw) : NULL;
		b[i] = l->b ? to_double(l->b, l->out_ch) : NULL;
	}
	ck_assert(tu_close(L, ref_model_loss(m, W, b, x, y, n, loss), 1e-5, 1e-6));
	for (int i = 0; i < m->n_layers; ++i) {
		const mf_layer_t *l = &m->layers[i];
		for (int which = 0; which < 2; ++which) {
			double *v = which ? b[i] : W[i];
			const float *g = mf_trainer_grad(t, i, which);
			if (!v)
				continue;
			size_t cnt = which ? (size_t)l->out_ch : (l->type == MF_LAYER_CONV1D
				? (size_t)l->k * l->in_ch * l->out_ch : mf_layer_in_size(l) * l->out_ch);
			for (size_t j = 0; j < cnt; j += 1 + cnt / 40) {
				const double h = 1e-6;
				double keep = v[j];
				v[j] = keep + h;
				double up = ref_model_loss(m, W, b, x, y, n, loss);
				v[j] = keep - h;
				double dn = ref_model_loss(m, W, b, x, y, n, loss);
				v[j] = keep;
				ck_assert_msg(tu_close(g[j], (up - dn) / (2 * h), 2e-3, 1e-5),
					"%s %s[%zu]: %g vs finite difference %g", l->name, which ? "b" : "W", j, g[j], (up - dn) / (2 * h));
			}
		}
	}
	for (int i = 0; i < m->n_layers; ++i) {
		free(W[i]);
		free(b[i]);
	}
	free(W); free(b); free(x); free(y);
	mf_trainer_destroy(t);
	mf_model_destroy(m);
}

START_TEST(model_gradient_bce_and_cce)
{
	check_model_grad(CONV_MODEL, 37);   /* 3 chunks, the last one short */
	check_model_grad(GLOBAL_MODEL, 5);  /* softmax + categorical cross-entropy */
}
END_TEST

START_TEST(batchnorm_and_bad_final_layer_refused)
{
	const char *bn = "{\"class_name\": \"Sequential\", \"config\": ["
		"{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"c\", \"filters\": 2, \"kernel_size\": 3, \"batch_input_shape\": [null, 8, 4]}},"
		"{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"axis\": -1}},"
		"{\"class_name\": \"Flatten\", \"config\": {\"name\": \"f\"}},"
		"{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1, \"activation\": \"sigmoid\"}}]}";
	const char *lin = "{\"class_name\": \"Sequential\", \"config\": ["
		"{\"class_name\": \"Flatten\", \"config\": {\"name\": \"f\", \"batch_input_shape\": [null, 8, 4]}},"
		"{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1}}]}";
	mf_loss_t loss;
	mf_model_t *m = mf_keras_parse_config(bn, "bn");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(mf_train_check_model(m, &loss), -1);
	mf_model_destroy(m);
	m = mf_keras_parse_config(lin, "lin");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(mf_train_check_model(m, &loss), -1);
	mf_model_destroy(m);
}
END_TEST

START_TEST(glorot_limits_and_zero_biases)
{
	mf_model_t *m = mf_train_new_model(NULL, 3);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->in_len, 200);
	ck_assert_int_eq(m->n_out, 3);
	ck_assert_int_eq((int)mf_model_n_params(m), 32503);
	const mf_layer_t *c2 = &m->layers[2];
	double limit = sqrt(6.0 / (11 * 50 + 11 * 50)), mx = 0, sum2 = 0;
	size_t nw = (size_t)11 * 50 * 50;
	for (size_t i = 0; i < nw; ++i) {
		mx = fmax(mx, fabs(c2->W[i]));
		sum2 += (double)c2->W[i] * c2->W[i];
	}
	ck_assert(mx <= limit && mx > 0.99 * limit);
	ck_assert(tu_close(sum2 / nw, limit * limit / 3, 0.03, 0)); /* variance of U(-a, a) */
	for (int o = 0; o < 50; ++o)
		ck_assert(c2->b[o] == 0.0f);
	mf_model_destroy(m);
}
END_TEST

/* ---- short training runs ------------------------------------------------------------------ */

/* Sequences of length 24; label 0 = contains GATA, label 1 = contains TTAT. */
static void toy_data(int n, float **x, float **y, unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	*x = malloc(sizeof(float) * n * 24 * 4);
	*y = malloc(sizeof(float) * n * 2);
	char seq[25];
	for (int s = 0; s < n; ++s) {
		for (int i = 0; i < 24; ++i)
			seq[i] = "ACGT"[gsl_rng_uniform_int(r, 4)];
		seq[24] = 0;
		int a = gsl_rng_uniform(r) < 0.5, b = gsl_rng_uniform(r) < 0.5;
		if (a)
			memcpy(seq + gsl_rng_uniform_int(r, 9), "GATA", 4);
		if (b)
			memcpy(seq + 12 + gsl_rng_uniform_int(r, 9), "TTAT", 4);
		(*y)[s * 2] = strstr(seq, "GATA") != NULL;
		(*y)[s * 2 + 1] = strstr(seq, "TTAT") != NULL;
		mf_onehot(seq, 24, *x + (size_t)s * 96);
	}
	gsl_rng_free(r);
}

static const char *TOY_MODEL =
	"{\"class_name\": \"Sequential\", \"config\": ["
	"{\"class_name\": \"Conv1D\", \"config\": {\"name\": \"c1\", \"filters\": 8, \"kernel_size\": [4],"
	" \"batch_input_shape\": [null, 24, 4], \"activation\": \"relu\"}},"
	"{\"class_name\": \"GlobalMaxPooling1D\", \"config\": {\"name\": \"gm\"}},"
	"{\"class_name\": \"Dense\", \"config\": {\"name\": \"d1\", \"units\": 8, \"activation\": \"relu\"}},"
	"{\"class_name\": \"Dropout\", \"config\": {\"name\": \"dr\", \"rate\": 0.25}},"
	"{\"class_name\": \"Dense\", \"config\": {\"name\": \"d2\", \"units\": 2, \"activation\": \"sigmoid\"}}"
	"]}";

static mf_model_t *train_toy(int threads, uint64_t seed, mf_train_result_t *res)
{
	float *x, *y, *vx, *vy;
	toy_data(600, &x, &y, 1);
	toy_data(200, &vx, &vy, 2);
	mf_dataset_t tr = {x, y, 600, 2, NULL}, va = {vx, vy, 200, 2, NULL};
	mf_model_t *m = mf_keras_parse_config(TOY_MODEL, "toy");
	ck_assert_ptr_nonnull(m);
	mf_train_opt_t o;
	mf_train_opt_init(&o);
	o.batch = 50;
	o.max_epochs = 12;
	o.lr = 0.01;
	o.threads = threads;
	o.seed = seed;
	ck_assert_int_eq(mf_train(m, &tr, &va, &o, NULL, NULL, res), 0);
	free(x); free(y); free(vx); free(vy);
	return m;
}

static int same_weights(const mf_model_t *a, const mf_model_t *b)
{
	for (int i = 0; i < a->n_layers; ++i) {
		const mf_layer_t *la = &a->layers[i], *lb = &b->layers[i];
		size_t nw = la->type == MF_LAYER_CONV1D ? (size_t)la->k * la->in_ch * la->out_ch
			: la->type == MF_LAYER_DENSE ? mf_layer_in_size(la) * la->out_ch : 0;
		if (nw && memcmp(la->W, lb->W, sizeof(float) * nw) != 0)
			return 0;
		if (la->b && memcmp(la->b, lb->b, sizeof(float) * la->out_ch) != 0)
			return 0;
	}
	return 1;
}

START_TEST(training_lowers_the_loss_and_learns)
{
	mf_train_result_t res;
	mf_model_t *m = train_toy(1, 5, &res);
	ck_assert_int_ge(res.n_epochs, 4);
	ck_assert(res.epochs[res.n_epochs - 1].loss < 0.7 * res.epochs[0].loss);
	ck_assert(res.epochs[res.best_epoch - 1].val_loss < res.epochs[0].val_loss);
	ck_assert(res.epochs[res.best_epoch - 1].val_auroc[0] > 0.9);
	ck_assert(res.epochs[res.best_epoch - 1].val_auroc[1] > 0.9);
	free(res.epochs);
	mf_model_destroy(m);
}
END_TEST

START_TEST(training_is_deterministic_for_any_thread_count)
{
	mf_train_result_t r1, r2, r3;
	mf_model_t *a = train_toy(1, 9, &r1), *b = train_toy(1, 9, &r2), *c = train_toy(2, 9, &r3);
	ck_assert(same_weights(a, b));
	ck_assert(same_weights(a, c));
	ck_assert_int_eq(r1.n_epochs, r3.n_epochs);
	ck_assert(r1.epochs[0].loss == r3.epochs[0].loss);
	mf_model_t *d = train_toy(1, 10, NULL);
	ck_assert(!same_weights(a, d));
	/* the saved file loads back with the same weights */
	char *dir = tu_tmpdir("train"), *path = tu_path(dir, "toy.h5");
	ck_assert_int_eq(mf_model_save(a, path), 0);
	mf_model_t *e = mf_model_load(path, NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert(same_weights(a, e));
	free(r1.epochs); free(r2.epochs); free(r3.epochs);
	free(dir); free(path);
	mf_model_destroy(a); mf_model_destroy(b); mf_model_destroy(c); mf_model_destroy(d); mf_model_destroy(e);
}
END_TEST

START_TEST(early_stopping_keeps_the_best_epoch)
{
	mf_train_result_t res;
	float *x, *y, *vx, *vy;
	toy_data(100, &x, &y, 3);
	toy_data(50, &vx, &vy, 4);
	mf_dataset_t tr = {x, y, 100, 2, NULL}, va = {vx, vy, 50, 2, NULL};
	mf_model_t *m = mf_keras_parse_config(TOY_MODEL, "toy");
	mf_train_opt_t o;
	mf_train_opt_init(&o);
	o.batch = 10;
	o.max_epochs = 200;
	o.lr = 0.05; /* overfits fast */
	o.patience = 2;
	ck_assert_int_eq(mf_train(m, &tr, &va, &o, NULL, NULL, &res), 0);
	ck_assert_int_lt(res.n_epochs, 200);
	ck_assert_int_eq(res.best_epoch, res.n_epochs - 2);
	for (int i = 0; i < res.n_epochs; ++i)
		ck_assert(res.epochs[i].val_loss >= res.epochs[res.best_epoch - 1].val_loss);
	/* the model holds the best epoch's weights: its validation loss is the best one */
	float *z = malloc(sizeof(float) * 50 * 2);
	ck_assert_int_eq(mf_model_forward_to(m, vx, 50, z, 1, m->n_layers - 2), 0);
	double cnt, L = mf_loss_from_logits(MF_LOSS_BCE, z, vy, 50, 2, NULL, 0, &cnt) / cnt;
	ck_assert(tu_close(L, res.epochs[res.best_epoch - 1].val_loss, 1e-9, 1e-9));
	free(z); free(x); free(y); free(vx); free(vy); free(res.epochs);
	mf_model_destroy(m);
}
END_TEST

START_TEST(wrong_label_count_is_refused)
{
	float *x, *y;
	toy_data(20, &x, &y, 3);
	mf_dataset_t tr = {x, y, 20, 3, NULL};
	mf_model_t *m = mf_keras_parse_config(TOY_MODEL, "toy");
	mf_train_opt_t o;
	mf_train_opt_init(&o);
	ck_assert_int_eq(mf_train(m, &tr, NULL, &o, NULL, NULL, NULL), -1);
	free(x); free(y);
	mf_model_destroy(m);
}
END_TEST

static Suite *train_suite(void)
{
	Suite *s = suite_create("train");
	TCase *k = tcase_create("kernels");
	tcase_add_checked_fixture(k, setup, teardown);
	tcase_add_test(k, gemm_tn_matches_naive_bit_for_bit);
	tcase_add_test(k, conv_backward_kernels_match_naive);
	suite_add_tcase(s, k);
	TCase *g = tcase_create("gradients");
	tcase_add_checked_fixture(g, setup, teardown);
	tcase_add_test(g, every_layer_backward_matches_finite_differences);
	tcase_add_test(g, dropout_and_activations_backward);
	tcase_add_test(g, losses_are_stable_and_match_float64);
	tcase_add_test(g, model_gradient_bce_and_cce);
	tcase_add_test(g, batchnorm_and_bad_final_layer_refused);
	tcase_add_test(g, glorot_limits_and_zero_biases);
	suite_add_tcase(s, g);
	TCase *t = tcase_create("training");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, training_lowers_the_loss_and_learns);
	tcase_add_test(t, training_is_deterministic_for_any_thread_count);
	tcase_add_test(t, early_stopping_keeps_the_best_epoch);
	tcase_add_test(t, wrong_label_count_is_refused);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run(train_suite());
}
