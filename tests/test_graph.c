/* Unit tests for the layer graph (graph.h, wiring.h, gemm.h) and DeepLIFT over it: the
 * blocked matrix product against the naive one bit for bit, the elementwise loops against
 * their definitions; a hand-built residual model
 * with two heads against a float64 forward pass written here; the same bytes for any
 * thread count, batch size and DeepLIFT sub-block; finite differences for the input
 * gradients of Cropping1D, Add, Concatenate and Reshape; save -> load round trips of a
 * functional model; DeepLIFT's sums (counts, and both profile conventions' identities). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "base/log.h"
#include "explain/deeplift.h"
#include "model/gemm.h"
#include "model/graph.h"
#include "model/kernels.h"
#include "model/model.h"
#include "model/train.h"
#include "model/vec.h"
#include "model/wiring.h"
#include "testutil.h"

static gsl_rng *rng;
static char *dir;

static void setup(void)
{
	mf_verbose = MF_LOG_QUIET;
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 4242);
	dir = tu_tmpdir("graph");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	gsl_rng_free(rng);
	free(dir);
}

static float *rand_floats(size_t n, double scale)
{
	float *x = malloc(sizeof(float) * (n ? n : 1));
	for (size_t i = 0; i < n; ++i)
		x[i] = (float)((gsl_rng_uniform(rng) * 2.0 - 1.0) * scale);
	return x;
}

static float *rand_onehot(int n, int L)
{
	float *x = calloc((size_t)n * L * 4, sizeof(float));
	for (size_t i = 0; i < (size_t)n * L; ++i)
		x[i * 4 + gsl_rng_uniform_int(rng, 4)] = 1.0f;
	return x;
}

/* ---- the blocked product ----------------------------------------------------------------- */

START_TEST(gemm_view_equals_naive_bitwise)
{
	/* m, n, ch, taps, stride, dil, pad, len: small ones, and ones large enough for the
	   packed path (several KC and MC blocks, column tails) */
	int cases[][8] = {
		{7, 5, 3, 1, 1, 0, 0, 7}, {13, 17, 4, 3, 1, 2, 2, 15}, {20, 33, 5, 5, 2, 1, 3, 41},
		{300, 130, 40, 3, 1, 4, 0, 308}, {250, 100, 300, 1, 1, 0, 0, 250},
		{199, 97, 70, 3, 1, 2, 4, 199}, {401, 257, 129, 2, 1, 8, 0, 409}, {97, 512, 90, 1, 1, 0, 0, 97},
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; ++c) {
		int m = cases[c][0], n = cases[c][1], ch = cases[c][2], taps = cases[c][3];
		int len = cases[c][7], k = taps * ch;
		float *x = rand_floats((size_t)len * ch, 1), *B = rand_floats((size_t)k * n, 1);
		float *bias = rand_floats((size_t)n, 1);
		float *C1 = malloc(sizeof(float) * (size_t)m * n), *C2 = malloc(sizeof(float) * (size_t)m * n);
		mf_aview_t a = {x, len, ch, ch, taps, cases[c][4], cases[c][5], cases[c][6]};
		ck_assert_int_eq(mf_gemm_view(m, n, &a, B, n, c & 1 ? bias : NULL, C1, n), 0);
		mf_gemm_view_naive(m, n, &a, B, n, c & 1 ? bias : NULL, C2, n);
		ck_assert_msg(memcmp(C1, C2, sizeof(float) * (size_t)m * n) == 0, "case %zu differs", c);
		if (mf_gemm_view_worth_it(m, n, k)) { /* mf_gemm routes plain matrices here too */
			mf_aview_t p = mf_aview_matrix(x, m < len ? m : len, ch, ch);
			mf_gemm(p.len, n, ch, x, ch, B, n, bias, C1, n);
			mf_gemm_naive(p.len, n, ch, x, ch, B, n, bias, C2, n);
			ck_assert(memcmp(C1, C2, sizeof(float) * (size_t)p.len * n) == 0);
		}
		free(x), free(B), free(bias), free(C1), free(C2);
	}
}
END_TEST

START_TEST(large_dilated_conv_equals_naive_bitwise)
{
	mf_layer_t l;
	memset(&l, 0, sizeof l);
	l.type = MF_LAYER_CONV1D, l.name = "big";
	l.in_len = 160, l.in_ch = 128, l.out_ch = 192, l.k = 3, l.stride = 1, l.dilation = 8;
	l.out_len = l.in_len - 2 * 8;
	ck_assert(mf_gemm_view_worth_it(l.out_len, l.out_ch, l.k * l.in_ch));
	float *W = rand_floats((size_t)3 * 128 * 192, 0.1), *b = rand_floats(192, 0.1);
	float *x = rand_floats((size_t)2 * 160 * 128, 1);
	size_t on = (size_t)2 * l.out_len * l.out_ch;
	float *y1 = malloc(sizeof(float) * on), *y2 = malloc(sizeof(float) * on);
	ck_assert_int_eq(mf_conv1d_forward(&l, W, b, x, y1, 2), 0);
	mf_conv1d_forward_naive(&l, W, b, x, y2, 2);
	ck_assert(memcmp(y1, y2, sizeof(float) * on) == 0);
	free(W), free(b), free(x), free(y1), free(y2);
}
END_TEST

/* Every length 0..40 (the vector path's tails), and the values that tell paths apart: -0,
   NaN, differences below the Rescale threshold, exact zeros. */
START_TEST(vec_loops_match_their_definitions_bitwise)
{
	float x[40] = {0}, r[40] = {0}, y[40] = {0}, want[40] = {0};
	for (size_t n = 0; n <= 40; ++n) {
		for (size_t i = 0; i < n; ++i) {
			x[i] = (float)(gsl_rng_uniform(rng) * 2 - 1);
			r[i] = i % 7 == 3 ? x[i] + 5e-8f : (float)(gsl_rng_uniform(rng) * 2 - 1);
		}
		if (n > 5)
			x[1] = -0.0f, x[2] = NAN, r[4] = x[4], x[5] = 0.0f, r[5] = -0.0f;
		mf_vec_relu(x, y, n);
		for (size_t i = 0; i < n; ++i)
			want[i] = x[i] > 0.0f ? x[i] : 0.0f;
		ck_assert(memcmp(y, want, n * sizeof *y) == 0);
		mf_vec_mul(x, r, y, n);
		for (size_t i = 0; i < n; ++i)
			want[i] = x[i] * r[i];
		ck_assert(memcmp(y, want, n * sizeof *y) == 0);
		mf_vec_add(x, r, y, n);
		for (size_t i = 0; i < n; ++i)
			want[i] = x[i] + r[i];
		ck_assert(memcmp(y, want, n * sizeof *y) == 0);
		mf_vec_add_into(y, x, n);
		for (size_t i = 0; i < n; ++i)
			want[i] += x[i];
		ck_assert(memcmp(y, want, n * sizeof *y) == 0);
		mf_vec_relu_rescale(x, r, y, n, 1e-7f);
		for (size_t i = 0; i < n; ++i) {
			float dx = x[i] - r[i], a = x[i] > 0 ? x[i] : 0.0f, b = r[i] > 0 ? r[i] : 0.0f;
			want[i] = fabsf(dx) < 1e-7f ? (r[i] > 0 ? 1.0f : 0.0f) : (a - b) / dx;
		}
		ck_assert(memcmp(y, want, n * sizeof *y) == 0);
	}
}
END_TEST

/* ---- a two-headed residual graph built in code -------------------------------------------- */

static mf_layer_t *add_layer(mf_model_t *m, mf_layer_type_t t, const char *name, int n_in,
	const int *in, int out_len, int out_ch)
{
	mf_layer_t *l = &m->layers[m->n_layers];
	memset(l, 0, sizeof *l);
	l->type = t, l->name = strdup(name);
	l->n_in = n_in;
	for (int j = 0; j < n_in; ++j)
		l->in[j] = in[j];
	int p = n_in ? in[0] : m->n_layers - 1;
	l->in_len = p < 0 ? m->in_len : m->layers[p].out_len;
	l->in_ch = p < 0 ? m->in_ch : m->layers[p].out_ch;
	l->out_len = out_len, l->out_ch = out_ch;
	l->k = l->stride = l->dilation = 1;
	m->n_layers++;
	return l;
}

static void conv(mf_model_t *m, const char *name, int in, int k, int dil, int same, int F, int relu)
{
	const mf_layer_t *p = in < 0 ? NULL : &m->layers[in];
	int L = p ? p->out_len : m->in_len, C = p ? p->out_ch : m->in_ch, span = (k - 1) * dil + 1;
	mf_layer_t *l = add_layer(m, MF_LAYER_CONV1D, name, 1, &in, same ? L : L - span + 1, F);
	l->k = k, l->dilation = dil, l->use_bias = 1, l->same_pad = same;
	l->pad_left = same ? (span - 1) / 2 : 0;
	l->W = rand_floats((size_t)k * C * F, 1.2 / sqrt((double)k * C));
	l->b = rand_floats((size_t)F, 0.2);
	if (relu) {
		char nm[64];
		snprintf(nm, sizeof nm, "%s/activation", name);
		mf_layer_t *a = add_layer(m, MF_LAYER_ACT, nm, 0, NULL, l->out_len, F);
		a->act = MF_ACT_RELU, a->fused_from = 1;
	}
}

/* input 40 x 4 -> conv relu -> [dilated conv relu, crop] -> add -> [same conv] -> concat ->
   profile head (conv, crop, reshape to (40,)) and counts head (gap, dense 2). */
static mf_model_t *graph_model(void)
{
	mf_model_t *m = calloc(1, sizeof *m);
	m->layers = calloc(32, sizeof *m->layers);
	m->in_len = 40, m->in_ch = 4;
	conv(m, "c1", MF_MODEL_INPUT, 5, 1, 0, 6, 1);          /* 0, 1: 36 x 6 */
	conv(m, "c2", 1, 3, 2, 0, 6, 1);                       /* 2, 3: 32 x 6 */
	int one = 1, add_in[2] = {3, 4}, cat_in[2] = {5, 6};
	add_layer(m, MF_LAYER_CROP, "crop", 1, &one, 32, 6)->crop_left = 2;  /* 4 */
	add_layer(m, MF_LAYER_ADD, "add", 2, add_in, 32, 6);                  /* 5 */
	conv(m, "c3", 5, 3, 2, 1, 6, 0);                                      /* 6: 32 x 6 */
	add_layer(m, MF_LAYER_CONCAT, "cat", 2, cat_in, 32, 12);              /* 7 */
	conv(m, "pconv", 7, 5, 1, 0, 2, 0);                                   /* 8: 28 x 2 */
	int eight = 8, nine = 9, seven = 7, eleven = 11;
	add_layer(m, MF_LAYER_CROP, "pcrop", 1, &eight, 20, 2)->crop_left = 3; /* 9 */
	add_layer(m, MF_LAYER_RESHAPE, "profile", 1, &nine, 1, 40)->reshape_rank = 1; /* 10 */
	add_layer(m, MF_LAYER_GLOBAL_AVGPOOL, "gap", 1, &seven, 1, 12);       /* 11 */
	mf_layer_t *d = add_layer(m, MF_LAYER_DENSE, "counts", 1, &eleven, 1, 2); /* 12 */
	d->use_bias = 1, d->W = rand_floats(24, 0.5), d->b = rand_floats(2, 0.1);
	m->n_outputs = 2;
	m->outputs = calloc(2, sizeof *m->outputs);
	m->outputs[0] = (mf_output_t){strdup("profile"), 10};
	m->outputs[1] = (mf_output_t){strdup("counts"), 12};
	m->keras_class = strdup("Functional"), m->input_name = strdup("seq");
	m->keras_version = strdup("2.8.0"), m->backend = strdup("tensorflow");
	mf_model_select_output(m, 0);
	return m;
}

/* The graph's forward pass in float64, one sample, every layer kept: out[i] [len][ch]. */
static void ref_forward(const mf_model_t *m, const float *x, double **out)
{
	for (int i = 0; i < m->n_layers; ++i) {
		const mf_layer_t *l = &m->layers[i];
		int p = mf_model_layer_input(m, i, 0);
		const double *a = p >= 0 ? out[p] : NULL;
		double *y = out[i];
		double in0[40 * 4];
		if (p < 0)
			for (int k = 0; k < 160; ++k)
				in0[k] = x[k];
		const double *src = p < 0 ? in0 : a;
		memset(y, 0, sizeof(double) * mf_layer_out_size(l));
		for (int t = 0; t < l->out_len; ++t)
			for (int o = 0; o < l->out_ch; ++o) {
				double v = 0;
				switch (l->type) {
				case MF_LAYER_CONV1D:
					v = l->b[o];
					for (int kk = 0; kk < l->k; ++kk) {
						int u = t - l->pad_left + kk * l->dilation;
						for (int c = 0; u >= 0 && u < l->in_len && c < l->in_ch; ++c)
							v += src[u * l->in_ch + c] * l->W[(kk * l->in_ch + c) * l->out_ch + o];
					}
					break;
				case MF_LAYER_ACT: v = src[t * l->out_ch + o] > 0 ? src[t * l->out_ch + o] : 0; break;
				case MF_LAYER_CROP: v = src[(t + l->crop_left) * l->out_ch + o]; break;
				case MF_LAYER_ADD: v = src[t * l->out_ch + o] + out[l->in[1]][t * l->out_ch + o]; break;
				case MF_LAYER_CONCAT:
					v = o < 6 ? src[t * 6 + o] : out[l->in[1]][t * 6 + o - 6];
					break;
				case MF_LAYER_RESHAPE: v = src[o]; break;
				case MF_LAYER_GLOBAL_AVGPOOL:
					for (int u = 0; u < l->in_len; ++u)
						v += src[u * l->in_ch + o] / l->in_len;
					break;
				case MF_LAYER_DENSE:
					v = l->b[o];
					for (int c = 0; c < l->in_ch; ++c)
						v += src[c] * l->W[c * l->out_ch + o];
					break;
				default: ck_abort_msg("layer kind %d not in the reference", (int)l->type);
				}
				y[t * l->out_ch + o] = v;
			}
	}
}

START_TEST(graph_forward_matches_f64_and_is_deterministic)
{
	mf_model_t *m = graph_model();
	int n = 37;
	float *x = rand_onehot(n, 40);
	double *out[32];
	for (int i = 0; i < m->n_layers; ++i)
		out[i] = malloc(sizeof(double) * mf_layer_out_size(&m->layers[i]));
	for (int h = 0; h < 2; ++h) {
		ck_assert_int_eq(mf_model_select_output(m, h), 0);
		int layer = mf_model_output_layer(m, h), no = m->n_out;
		float *a = malloc(sizeof(float) * n * no), *b = malloc(sizeof(float) * n * no);
		ck_assert_int_eq(mf_model_forward(m, x, n, a, 1), 0);
		ck_assert_int_eq(mf_model_forward(m, x, n, b, 3), 0);
		ck_assert(memcmp(a, b, sizeof(float) * n * no) == 0);
		for (int s = 0; s < n; ++s) {
			ck_assert_int_eq(mf_model_forward(m, x + s * 160, 1, b, 1), 0);
			ck_assert(memcmp(a + s * no, b, sizeof(float) * no) == 0);
			ref_forward(m, x + s * 160, out);
			for (int k = 0; k < no; ++k)
				ck_assert_msg(tu_close(a[s * no + k], out[layer][k], 1e-5, 1e-6),
					"head %d value %d: %g vs %g", h, k, a[s * no + k], out[layer][k]);
		}
		free(a), free(b);
	}
	/* an inner layer on its own: only what it reads is computed */
	float *c = malloc(sizeof(float) * 32 * 12);
	ck_assert_int_eq(mf_model_forward_to(m, x, 1, c, 1, 7), 0);
	ref_forward(m, x, out);
	for (int k = 0; k < 32 * 12; ++k)
		ck_assert(tu_close(c[k], out[7][k], 1e-5, 1e-6));
	int len, ch;
	mf_model_output_shape(m, 0, &len, &ch);
	ck_assert_int_eq(len, 20);
	ck_assert_int_eq(ch, 2);
	ck_assert(!mf_model_is_chain(m));
	for (int i = 0; i < m->n_layers; ++i)
		free(out[i]);
	free(c), free(x);
	mf_model_destroy(m);
}
END_TEST

/* ---- input gradients of the wiring layers: finite differences ------------------------------- */

/* d/dx of sum_k c_k y_k against central differences of the same sum (the layers are
   linear, so the difference quotient is exact up to rounding). */
static void check_fd(const char *what, void (*fwd)(const void *, const float *, float *),
	const void *ctx, const float *x, size_t nx, const float *c, size_t ny, const float *grad)
{
	float *xp = malloc(sizeof(float) * nx), *y = malloc(sizeof(float) * ny);
	for (size_t i = 0; i < nx; ++i) {
		double f[2];
		for (int sgn = 0; sgn < 2; ++sgn) {
			memcpy(xp, x, sizeof(float) * nx);
			xp[i] += sgn ? -0.125f : 0.125f;
			fwd(ctx, xp, y);
			f[sgn] = 0;
			for (size_t k = 0; k < ny; ++k)
				f[sgn] += (double)c[k] * y[k];
		}
		double fd = (f[0] - f[1]) / 0.25;
		ck_assert_msg(fabs(fd - grad[i]) <= 1e-4 * (1 + fabs(fd)), "%s: d/dx[%zu] %g, finite difference %g",
			what, i, grad[i], fd);
	}
	free(xp), free(y);
}

static void crop_fwd(const void *ctx, const float *x, float *y)
{
	mf_crop_forward(ctx, x, y, 2);
}

static void reshape_fwd(const void *ctx, const float *x, float *y)
{
	mf_layer_forward(ctx, x, y, 2);
}

typedef struct {
	const mf_layer_t *l;
	int j, k, ch[3];
	const float *in[3];
} multi_t;

static void multi_fwd(const void *ctx, const float *x, float *y)
{
	const multi_t *t = ctx;
	const float *in[3] = {t->in[0], t->in[1], t->in[2]};
	in[t->j] = x;
	if (t->l->type == MF_LAYER_ADD)
		mf_add_forward(t->l, in, t->k, y, 2);
	else
		mf_concat_forward(t->l, in, t->ch, t->k, y, 2);
}

START_TEST(wiring_backward_finite_differences)
{
	mf_layer_t l;
	memset(&l, 0, sizeof l);
	l.type = MF_LAYER_CROP, l.name = "crop";
	l.in_len = 9, l.in_ch = 3, l.out_len = 5, l.out_ch = 3, l.crop_left = 3;
	float *x = rand_floats(2 * 27, 1), *c = rand_floats(2 * 27, 1), *g = malloc(sizeof(float) * 2 * 27);
	mf_crop_backward(&l, c, g, 2);
	check_fd("Cropping1D", crop_fwd, &l, x, 54, c, 30, g);
	ck_assert_int_eq(mf_layer_backward(&l, x, NULL, NULL, c, g, NULL, NULL, 2), 0); /* train's */
	check_fd("Cropping1D (train)", crop_fwd, &l, x, 54, c, 30, g);
	l.type = MF_LAYER_RESHAPE, l.out_len = 1, l.out_ch = 27, l.reshape_rank = 1;
	ck_assert_int_eq(mf_layer_backward(&l, x, NULL, NULL, c, g, NULL, NULL, 2), 0);
	check_fd("Reshape", reshape_fwd, &l, x, 54, c, 54, g);
	/* Add of three inputs, Concatenate of channels 2, 3, 1: each input's gradient */
	float *ins[3] = {rand_floats(2 * 4 * 3, 1), rand_floats(2 * 4 * 3, 1), rand_floats(2 * 4 * 3, 1)};
	for (int kind = 0; kind < 2; ++kind) {
		mf_layer_t w;
		memset(&w, 0, sizeof w);
		w.type = kind ? MF_LAYER_CONCAT : MF_LAYER_ADD, w.name = "w", w.n_in = 3;
		w.in_len = w.out_len = 4, w.in_ch = 3, w.out_ch = kind ? 6 : 3;
		multi_t t = {&w, 0, 3, {2, 3, 1}, {ins[0], ins[1], ins[2]}};
		if (!kind)
			t.ch[0] = t.ch[1] = t.ch[2] = 3;
		for (int j = 0; j < 3; ++j) {
			t.j = j;
			size_t nx = (size_t)2 * 4 * t.ch[j], ny = (size_t)2 * 4 * w.out_ch;
			if (kind)
				mf_concat_backward(&w, t.ch, j, c, g, 2);
			else
				memcpy(g, c, sizeof(float) * ny); /* Add passes the gradient to every input */
			check_fd(kind ? "Concatenate" : "Add", multi_fwd, &t, ins[j], nx, c, ny, g);
		}
	}
	free(ins[0]), free(ins[1]), free(ins[2]);
	free(x), free(c), free(g);
}
END_TEST

/* ---- saving ---------------------------------------------------------------------------------- */

static void assert_same_outputs(mf_model_t *a, mf_model_t *b, const float *x, int n)
{
	ck_assert_int_eq(mf_model_n_outputs(a), mf_model_n_outputs(b));
	for (int h = 0; h < mf_model_n_outputs(a); ++h) {
		ck_assert_str_eq(mf_model_output_name(a, h), mf_model_output_name(b, h));
		mf_model_select_output(a, h);
		mf_model_select_output(b, h);
		ck_assert_int_eq(a->n_out, b->n_out);
		float *ya = malloc(sizeof(float) * n * a->n_out), *yb = malloc(sizeof(float) * n * b->n_out);
		ck_assert_int_eq(mf_model_forward(a, x, n, ya, 1), 0);
		ck_assert_int_eq(mf_model_forward(b, x, n, yb, 2), 0);
		ck_assert(memcmp(ya, yb, sizeof(float) * n * a->n_out) == 0);
		free(ya), free(yb);
	}
}

START_TEST(functional_model_round_trips)
{
	mf_model_t *m = graph_model();
	char *p1 = tu_path(dir, "g1.h5"), *p2 = tu_path(dir, "g2.h5");
	ck_assert_int_eq(mf_model_save(m, p1), 0); /* config generated from the graph */
	mf_model_t *r = mf_model_load(p1, NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->keras_class, "Functional");
	ck_assert_str_eq(r->input_name, "seq");
	ck_assert_int_eq(mf_model_n_params(r), mf_model_n_params(m));
	ck_assert_int_eq(mf_model_save(r, p2), 0); /* config kept as read */
	mf_model_t *r2 = mf_model_load(p2, NULL);
	ck_assert_ptr_nonnull(r2);
	float *x = rand_onehot(9, 40);
	assert_same_outputs(m, r, x, 9);
	assert_same_outputs(m, r2, x, 9);
	mf_model_t *c = mf_model_copy(r2);
	assert_same_outputs(m, c, x, 9);
	ck_assert_int_eq(mf_train_check_model(c, &(mf_loss_t){0}), -1); /* graphs are not trained */
	free(x), free(p1), free(p2);
	mf_model_destroy(m), mf_model_destroy(r), mf_model_destroy(r2), mf_model_destroy(c);
}
END_TEST

/* ---- DeepLIFT ---------------------------------------------------------------------------------- */

/* f = sum_j softmax(m)_j m_j over track t of a [len][ch] output, and sum_j w_j dm_j. */
static double profile_f(const float *o, int len, int ch, int t, double *m, double *s)
{
	double mean = 0, mx = -1e300, z = 0, f = 0;
	for (int j = 0; j < len; ++j)
		mean += o[j * ch + t] / len;
	for (int j = 0; j < len; ++j)
		mx = fmax(mx, m[j] = o[j * ch + t] - mean);
	for (int j = 0; j < len; ++j)
		z += s[j] = exp(m[j] - mx);
	for (int j = 0; j < len; ++j)
		f += (s[j] /= z) * m[j];
	return f;
}

static void run_deeplift(mf_model_t *m, const mf_target_t *tg, mf_rule_t rule, int budget,
	const float *x, const float *r, int ns, int nr, float *mult, double *expected)
{
	mf_deeplift_t *d = mf_deeplift_create_target(m, rule, tg);
	ck_assert_ptr_nonnull(d);
	int T = mf_deeplift_n_tasks(d), tasks[4] = {0, 1, 2, 3};
	mf_dl_work_t *w = budget ? mf_dl_work_create_sized(d, ns, nr, T, 1)
		: mf_dl_work_create(d, ns, nr, T);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(mf_deeplift_run(d, w, x, r, ns, nr, tasks, T, mult, NULL, NULL), 0);
	memcpy(expected, mf_dl_work_expected(w), sizeof(double) * T * ns * nr);
	mf_dl_work_destroy(w);
	mf_deeplift_destroy(d);
}

START_TEST(deeplift_graph_sums_and_subblocks)
{
	mf_model_t *m = graph_model();
	int ns = 3, nr = 4, P = ns * nr, in = 160;
	float *x = rand_onehot(ns, 40), *r = rand_onehot(P, 40);
	float *m1 = malloc(sizeof(float) * 2 * P * in), *m2 = malloc(sizeof(float) * 2 * P * in);
	double e1[2 * 12], e2[2 * 12];
	for (int kind = 0; kind < 3; ++kind) { /* counts, profile rescale, profile shap */
		mf_target_t tg = {kind ? MF_TARGET_PROFILE : MF_TARGET_COUNTS,
			kind == 2 ? MF_PROFILE_SHAP : MF_PROFILE_RESCALE, 20, 2};
		mf_model_select_output(m, kind ? 0 : 1);
		run_deeplift(m, &tg, MF_RULE_GENOMICS, 0, x, r, ns, nr, m1, e1);
		run_deeplift(m, &tg, MF_RULE_GENOMICS, 1, x, r, ns, nr, m2, e2); /* one pair at a time */
		ck_assert(memcmp(m1, m2, sizeof(float) * 2 * P * in) == 0);
		ck_assert(memcmp(e1, e2, sizeof(double) * 2 * P) == 0);
		float *ox = malloc(sizeof(float) * 40), *orf = malloc(sizeof(float) * 40);
		for (int t = 0; t < 2; ++t)
			for (int p = 0; p < P; ++p) {
				const float *xs = x + (p / nr) * in, *rs = r + p * in, *g = m1 + ((size_t)t * P + p) * in;
				double sum = 0, scale = 0;
				for (int k = 0; k < in; ++k) {
					sum += (double)g[k] * (xs[k] - rs[k]);
					scale += fabs((double)g[k] * (xs[k] - rs[k]));
				}
				ck_assert_int_eq(mf_model_forward(m, xs, 1, ox, 1), 0);
				ck_assert_int_eq(mf_model_forward(m, rs, 1, orf, 1), 0);
				double want, mx[20], sx[20], mr[20], sr[20];
				if (kind == 0) {
					want = (double)ox[t] - orf[t];
				} else {
					double fx = profile_f(ox, 20, 2, t, mx, sx), fr = profile_f(orf, 20, 2, t, mr, sr);
					want = fx - fr;
					if (kind == 2) { /* the shap convention's own identity, not f(x) - f(r) */
						double id = 0;
						for (int j = 0; j < 20; ++j)
							id += 0.5 * (sx[j] + sr[j]) * (mx[j] - mr[j]);
						ck_assert_msg(fabs(id - want) > 1e-6, "shap identity equals the difference");
						want = id;
					}
				}
				ck_assert_msg(fabs(e1[t * P + p] - want) <= 1e-5 * fmax(1, fabs(want)),
					"kind %d: expected %g, want %g", kind, e1[t * P + p], want);
				ck_assert_msg(fabs(sum - want) <= 1e-4 * fmax(fabs(want), scale),
					"kind %d task %d pair %d: contributions sum to %.9g, not %.9g", kind, t, p, sum, want);
			}
		free(ox), free(orf);
	}
	free(x), free(r), free(m1), free(m2);
	mf_model_destroy(m);
}
END_TEST

static Suite *graph_suite(void)
{
	Suite *s = suite_create("graph");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, gemm_view_equals_naive_bitwise);
	tcase_add_test(tc, large_dilated_conv_equals_naive_bitwise);
	tcase_add_test(tc, vec_loops_match_their_definitions_bitwise);
	tcase_add_test(tc, graph_forward_matches_f64_and_is_deterministic);
	tcase_add_test(tc, wiring_backward_finite_differences);
	tcase_add_test(tc, functional_model_round_trips);
	tcase_add_test(tc, deeplift_graph_sums_and_subblocks);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(graph_suite());
}
