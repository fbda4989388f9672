/* Unit tests for kernels (GEMM, Conv1D, Dense, input gradients), metrics and normalize:
 * fast kernels against the naive ones over many odd shapes, gradients against
 * brute-force float64 and finite differences, metrics against brute-force pair counts. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "model/kernels.h"
#include "base/log.h"
#include "model/metrics.h"
#include "model/normalize.h"
#include "testutil.h"

static gsl_rng *rng;

static void setup(void)
{
	mf_verbose = MF_LOG_QUIET; /* the refusal tests fail on purpose */
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 12345);
}

static void teardown(void)
{
	gsl_rng_free(rng);
}

static float *rand_floats(size_t n)
{
	float *x = malloc(sizeof(float) * (n ? n : 1));
	for (size_t i = 0; i < n; ++i)
		x[i] = (float)(gsl_rng_uniform(rng) * 2.0 - 1.0);
	return x;
}

static mf_layer_t conv_layer(int in_len, int in_ch, int out_ch, int k, int stride, int dil, int same)
{
	mf_layer_t l;
	memset(&l, 0, sizeof l);
	l.type = MF_LAYER_CONV1D;
	l.name = "conv";
	l.in_len = in_len;
	l.in_ch = in_ch;
	l.out_ch = out_ch;
	l.k = k;
	l.stride = stride;
	l.dilation = dil;
	int span = (k - 1) * dil + 1;
	if (same) {
		l.out_len = (in_len + stride - 1) / stride;
		int tot = (l.out_len - 1) * stride + span - in_len;
		l.pad_left = tot > 0 ? tot / 2 : 0;
	} else {
		l.out_len = (in_len - span) / stride + 1;
	}
	return l;
}

START_TEST(gemm_fast_equals_naive_bitwise)
{
	int sizes[] = {1, 2, 3, 5, 6, 7, 13, 16, 17, 31, 33, 50, 64, 65, 129};
	int ns = sizeof sizes / sizeof *sizes, cases = 0;
	for (int a = 0; a < ns; ++a)
		for (int b = 0; b < ns; b += 2)
			for (int c = 0; c < ns; c += 3) {
				int m = sizes[a], n = sizes[b], k = sizes[c], lda = k + (a & 1), ldc = n + 3;
				float *A = rand_floats((size_t)m * lda), *B = rand_floats((size_t)k * n), *bias = rand_floats(n);
				float *C1 = calloc((size_t)m * ldc, sizeof(float)), *C2 = calloc((size_t)m * ldc, sizeof(float));
				mf_gemm(m, n, k, A, lda, B, n, (c & 1) ? bias : NULL, C1, ldc);
				mf_gemm_naive(m, n, k, A, lda, B, n, (c & 1) ? bias : NULL, C2, ldc);
				ck_assert_msg(memcmp(C1, C2, sizeof(float) * (size_t)m * ldc) == 0,
					"gemm %dx%dx%d differs", m, n, k);
				/* and against float64 */
				for (int i = 0; i < m; i += 7)
					for (int j = 0; j < n; j += 5) {
						double s = (c & 1) ? bias[j] : 0.0;
						for (int p = 0; p < k; ++p)
							s += (double)A[i * lda + p] * B[p * n + j];
						ck_assert(tu_close(C1[i * ldc + j], s, 1e-5, 1e-5));
					}
				free(A); free(B); free(bias); free(C1); free(C2);
				++cases;
			}
	ck_assert_int_gt(cases, 100);
}
END_TEST

START_TEST(conv_fast_equals_naive)
{
	int cases = 0;
	for (int same = 0; same < 2; ++same)
		for (int k = 1; k <= 7; k += 3)
			for (int stride = 1; stride <= 3; ++stride)
				for (int dil = 1; dil <= (stride == 1 ? 3 : 1); ++dil)
					for (int in_len = 9; in_len <= 23; in_len += 7) {
						int in_ch = 1 + (k + in_len) % 5, out_ch = 1 + (stride * 7 + in_len) % 19, n = 3;
						mf_layer_t l = conv_layer(in_len, in_ch, out_ch, k, stride, dil, same);
						if (l.out_len < 1)
							continue;
						float *W = rand_floats((size_t)k * in_ch * out_ch), *b = rand_floats(out_ch);
						float *x = rand_floats((size_t)n * in_len * in_ch);
						size_t osz = (size_t)n * l.out_len * out_ch;
						float *y1 = malloc(sizeof(float) * osz), *y2 = malloc(sizeof(float) * osz);
						ck_assert_int_eq(mf_conv1d_forward(&l, W, b, x, y1, n), 0);
						mf_conv1d_forward_naive(&l, W, b, x, y2, n);
						for (size_t i = 0; i < osz; ++i)
							ck_assert_msg(y1[i] == y2[i], "conv k=%d s=%d d=%d same=%d: %g vs %g", k, stride,
								dil, same, y1[i], y2[i]);
						free(W); free(b); free(x); free(y1); free(y2);
						++cases;
					}
	ck_assert_int_gt(cases, 40);
}
END_TEST

/* din = dout * W^T by brute force in float64 over every (t, kk, c, o). */
static void conv_grad_f64(const mf_layer_t *l, const float *W, const float *dout, double *din)
{
	memset(din, 0, sizeof(double) * l->in_len * l->in_ch);
	for (int t = 0; t < l->out_len; ++t)
		for (int kk = 0; kk < l->k; ++kk) {
			int pos = t * l->stride - l->pad_left + kk * l->dilation;
			if (pos < 0 || pos >= l->in_len)
				continue;
			for (int c = 0; c < l->in_ch; ++c)
				for (int o = 0; o < l->out_ch; ++o)
					din[pos * l->in_ch + c] += (double)dout[t * l->out_ch + o] *
						W[(kk * l->in_ch + c) * l->out_ch + o];
		}
}

START_TEST(conv_input_grad_matches_f64_and_naive)
{
	int shapes[][7] = {{20, 4, 50, 11, 1, 1, 0}, {17, 3, 5, 3, 2, 1, 1}, {30, 5, 33, 4, 1, 3, 1},
		{13, 1, 1, 1, 1, 1, 0}, {25, 7, 17, 5, 3, 1, 0}, {40, 2, 65, 6, 1, 2, 0}};
	for (size_t s = 0; s < sizeof shapes / sizeof *shapes; ++s) {
		int *p = shapes[s];
		mf_layer_t l = conv_layer(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
		float *W = rand_floats((size_t)l.k * l.in_ch * l.out_ch), *g = rand_floats(mf_layer_out_size(&l) * 2);
		float *d1 = malloc(sizeof(float) * mf_layer_in_size(&l) * 2), *d2 = malloc(sizeof(float) * mf_layer_in_size(&l) * 2);
		double *ref = malloc(sizeof(double) * mf_layer_in_size(&l));
		mf_conv1d_input_grad(&l, W, g, d1, 2);
		mf_conv1d_input_grad_naive(&l, W, g, d2, 2);
		for (int smp = 0; smp < 2; ++smp) {
			conv_grad_f64(&l, W, g + smp * mf_layer_out_size(&l), ref);
			for (size_t i = 0; i < mf_layer_in_size(&l); ++i) {
				size_t j = smp * mf_layer_in_size(&l) + i;
				ck_assert_msg(tu_close(d1[j], ref[i], 1e-5, 1e-5), "shape %zu: %g vs %g", s, d1[j], ref[i]);
				ck_assert(tu_close(d2[j], ref[i], 1e-5, 1e-5));
			}
		}
		free(W); free(g); free(d1); free(d2); free(ref);
	}
}
END_TEST

/* d/dx of sum(dout * conv(x)) is the input gradient; check by central differences in the
   forward pass (linear in x, so differences are exact up to float rounding). */
START_TEST(conv_input_grad_finite_differences)
{
	mf_layer_t l = conv_layer(15, 4, 6, 5, 2, 1, 1);
	size_t isz = mf_layer_in_size(&l), osz = mf_layer_out_size(&l);
	float *W = rand_floats((size_t)l.k * l.in_ch * l.out_ch), *b = rand_floats(l.out_ch);
	float *x = rand_floats(isz), *g = rand_floats(osz), *din = malloc(sizeof(float) * isz);
	float *y = malloc(sizeof(float) * osz);
	mf_conv1d_input_grad(&l, W, g, din, 1);
	for (size_t i = 0; i < isz; ++i) {
		double f[2];
		float keep = x[i];
		for (int sgn = 0; sgn < 2; ++sgn) {
			x[i] = keep + (sgn ? 0.25f : -0.25f);
			ck_assert_int_eq(mf_conv1d_forward(&l, W, b, x, y, 1), 0);
			f[sgn] = 0.0;
			for (size_t j = 0; j < osz; ++j)
				f[sgn] += (double)g[j] * y[j];
		}
		x[i] = keep;
		ck_assert_msg(tu_close(din[i], (f[1] - f[0]) / 0.5, 1e-4, 1e-4), "x[%zu]: %g vs %g", i, din[i],
			(f[1] - f[0]) / 0.5);
	}
	free(W); free(b); free(x); free(g); free(din); free(y);
}
END_TEST

START_TEST(dense_forward_and_grad)
{
	int dims[][2] = {{50, 3}, {1, 1}, {17, 33}, {64, 65}, {3, 129}};
	for (size_t s = 0; s < sizeof dims / sizeof *dims; ++s) {
		mf_layer_t l;
		memset(&l, 0, sizeof l);
		l.type = MF_LAYER_DENSE;
		l.in_len = l.out_len = 1;
		l.in_ch = dims[s][0];
		l.out_ch = dims[s][1];
		int n = 7, ni = l.in_ch, no = l.out_ch;
		float *W = rand_floats((size_t)ni * no), *b = rand_floats(no), *x = rand_floats((size_t)n * ni);
		float *y1 = malloc(sizeof(float) * n * no), *y2 = malloc(sizeof(float) * n * no);
		float *d1 = malloc(sizeof(float) * n * ni), *d2 = malloc(sizeof(float) * n * ni);
		mf_dense_forward(&l, W, b, x, y1, n);
		mf_dense_forward_naive(&l, W, b, x, y2, n);
		ck_assert(memcmp(y1, y2, sizeof(float) * n * no) == 0);
		mf_dense_input_grad(&l, W, y1, d1, n);
		mf_dense_input_grad_naive(&l, W, y1, d2, n);
		for (int i = 0; i < n; ++i)
			for (int j = 0; j < ni; ++j) {
				double r = 0.0;
				for (int o = 0; o < no; ++o)
					r += (double)y1[i * no + o] * W[j * no + o];
				ck_assert(tu_close(d1[i * ni + j], r, 1e-5, 1e-5));
				ck_assert(tu_close(d2[i * ni + j], r, 1e-5, 1e-5));
			}
		free(W); free(b); free(x); free(y1); free(y2); free(d1); free(d2);
	}
}
END_TEST

/* ---- metrics ----------------------------------------------------------------------- */

static double auroc_pairs(const float *s, const float *y, int n)
{
	double w = 0.0, np = 0.0;
	for (int i = 0; i < n; ++i)
		for (int j = 0; j < n; ++j)
			if (y[i] == 1.0f && y[j] == 0.0f) {
				w += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
				np += 1.0;
			}
	return w / np;
}

START_TEST(auroc_counts_ties_half)
{
	float s[] = {0.9f, 0.5f, 0.5f, 0.5f, 0.1f, 0.7f, 0.5f, 0.2f};
	float y[] = {1, 1, 0, 0, 0, 1, 1, -1};
	size_t used;
	ck_assert(tu_close(mf_auroc(s, y, 7, 1, &used), auroc_pairs(s, y, 7), 1e-12, 1e-12));
	ck_assert_uint_eq(used, 7);
	ck_assert(tu_close(mf_auroc(s, y, 8, 1, &used), auroc_pairs(s, y, 7), 1e-12, 1e-12)); /* -1 skipped */
	float all[] = {0.3f, 0.3f, 0.3f, 0.3f}, yy[] = {1, 0, 1, 0};
	ck_assert(tu_close(mf_auroc(all, yy, 4, 1, NULL), 0.5, 1e-12, 0));
	float y1[] = {1, 1, 1, 1};
	ck_assert(isnan(mf_auroc(all, y1, 4, 1, NULL)));
	/* random with many ties */
	float rs[300], ry[300];
	for (int i = 0; i < 300; ++i) {
		rs[i] = (float)gsl_rng_uniform_int(rng, 10);
		ry[i] = gsl_rng_uniform(rng) < 0.3 + 0.05 * rs[i] ? 1.0f : 0.0f;
	}
	ck_assert(tu_close(mf_auroc(rs, ry, 300, 1, NULL), auroc_pairs(rs, ry, 300), 1e-12, 1e-12));
}
END_TEST

START_TEST(auprc_groups_ties_like_sklearn)
{
	/* sklearn.metrics.average_precision_score([1,0,1,1,0], [0.9,0.8,0.8,0.3,0.1]) = 0.8055555... :
	   thresholds 0.9 (P=1, R=1/3), 0.8 (P=2/3, R=2/3), 0.3 (P=3/4, R=1) */
	float s[] = {0.9f, 0.8f, 0.8f, 0.3f, 0.1f}, y[] = {1, 0, 1, 1, 0};
	double want = (1.0 / 3) * 1.0 + (1.0 / 3) * (2.0 / 3) + (1.0 / 3) * 0.75;
	ck_assert(tu_close(mf_auprc(s, y, 5, 1, NULL), want, 1e-12, 1e-12));
	float s2[] = {0.5f, 0.5f, 0.5f, 0.5f}, y2[] = {1, 0, 0, 0};
	ck_assert(tu_close(mf_auprc(s2, y2, 4, 1, NULL), 0.25, 1e-12, 0));
	/* stride: the second task column */
	float st[] = {0, 0.9f, 0, 0.8f, 0, 0.8f, 0, 0.3f, 0, 0.1f}, sy[] = {0, 1, 0, 0, 0, 1, 0, 1, 0, 0};
	ck_assert(tu_close(mf_auprc(st + 1, sy + 1, 5, 2, NULL), want, 1e-12, 1e-12));
}
END_TEST

/* ---- normalize ------------------------------------------------------------------------ */

static mf_model_t *one_conv_model(int k, int filters)
{
	mf_model_t *m = calloc(1, sizeof *m);
	m->n_layers = 1;
	m->layers = calloc(1, sizeof(mf_layer_t));
	mf_layer_t *l = &m->layers[0];
	*l = conv_layer(k, 4, filters, k, 1, 1, 0);
	l->name = strdup("conv1d_1");
	l->use_bias = 1;
	l->W = rand_floats((size_t)k * 4 * filters);
	l->b = rand_floats(filters);
	m->in_len = k;
	m->in_ch = 4;
	m->n_out = filters;
	return m;
}

START_TEST(normalize_zero_input_is_mean_over_all_onehot_patches)
{
	int k = 5, F = 3, n = 1 << (2 * k);
	mf_model_t *m = one_conv_model(k, F);
	float *x = calloc((size_t)n * k * 4, sizeof(float)), *y0 = malloc(sizeof(float) * n * F);
	for (int p = 0; p < n; ++p) /* every one of the 4^k one-hot patches */
		for (int i = 0; i < k; ++i)
			x[((size_t)p * k + i) * 4 + ((p >> (2 * i)) & 3)] = 1.0f;
	ck_assert_int_eq(mf_model_forward(m, x, n, y0, 1), 0);
	double mean[8] = {0};
	for (int p = 0; p < n; ++p)
		for (int f = 0; f < F; ++f)
			mean[f] += y0[p * F + f] / (double)n;
	ck_assert_int_eq(mf_normalize_onehot(m, "test"), 0);
	float *y1 = malloc(sizeof(float) * n * F), zero[5 * 4] = {0}, yz[8];
	ck_assert_int_eq(mf_model_forward(m, x, n, y1, 1), 0);
	for (int i = 0; i < n * F; ++i)
		ck_assert(tu_close(y1[i], y0[i], 1e-5, 1e-6));
	ck_assert_int_eq(mf_model_forward(m, zero, 1, yz, 1), 0);
	for (int f = 0; f < F; ++f)
		ck_assert_msg(tu_close(yz[f], mean[f], 1e-5, 1e-6), "filter %d: %g vs %g", f, yz[f], mean[f]);
	const mf_layer_t *l = &m->layers[0];
	for (int kk = 0; kk < k; ++kk)
		for (int f = 0; f < F; ++f) {
			double s = 0.0;
			for (int c = 0; c < 4; ++c)
				s += l->W[(kk * 4 + c) * F + f];
			ck_assert(fabs(s) < 1e-6);
		}
	free(x); free(y0); free(y1);
	mf_model_destroy(m);
}
END_TEST

START_TEST(normalize_refuses_non_onehot_first_layer)
{
	mf_model_t *m = one_conv_model(3, 2);
	m->layers[0].in_ch = 5;
	ck_assert_int_eq(mf_normalize_onehot(m, "test"), -1);
	m->layers[0].in_ch = 4;
	m->layers[0].type = MF_LAYER_DENSE;
	ck_assert_int_eq(mf_normalize_onehot(m, "test"), -1);
	mf_model_destroy(m);
}
END_TEST

static Suite *kernels_suite(void)
{
	Suite *s = suite_create("kernels");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, gemm_fast_equals_naive_bitwise);
	tcase_add_test(tc, conv_fast_equals_naive);
	tcase_add_test(tc, conv_input_grad_matches_f64_and_naive);
	tcase_add_test(tc, conv_input_grad_finite_differences);
	tcase_add_test(tc, dense_forward_and_grad);
	tcase_add_test(tc, auroc_counts_ties_half);
	tcase_add_test(tc, auprc_groups_ties_like_sklearn);
	tcase_add_test(tc, normalize_zero_input_is_mean_over_all_onehot_patches);
	tcase_add_test(tc, normalize_refuses_non_onehot_first_layer);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(kernels_suite());
}
