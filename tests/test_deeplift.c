/* DeepLIFT against the independent float64 reference in dlref.c: tiny random networks
 * covering every layer kind, every rule, three kinds of reference; summation-to-delta;
 * independence from the block size; the paper's model. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain/deeplift.h"
#include "dlref.h"
#include "base/log.h"
#include "model/model.h"
#include "io/seqio.h"
#include "testutil.h"

static unsigned long long lcg = 88172645463325252ULL;
static double urand(void)
{
	lcg ^= lcg << 13, lcg ^= lcg >> 7, lcg ^= lcg << 17;
	return (double)(lcg >> 11) / 9007199254740992.0;
}

static float *rand_array(size_t n, double scale)
{
	float *a = malloc(n * sizeof *a);
	for (size_t i = 0; i < n; ++i)
		a[i] = (float)((urand() - 0.5) * 2 * scale);
	return a;
}

typedef struct {
	mf_model_t m;
	mf_layer_t l[16];
} net_t;

static mf_layer_t *add(net_t *n, mf_layer_type_t type, int out_len, int out_ch)
{
	mf_layer_t *l = &n->l[n->m.n_layers];
	memset(l, 0, sizeof *l);
	l->type = type;
	l->name = "test";
	l->in_len = n->m.n_layers ? n->l[n->m.n_layers - 1].out_len : n->m.in_len;
	l->in_ch = n->m.n_layers ? n->l[n->m.n_layers - 1].out_ch : n->m.in_ch;
	l->out_len = out_len, l->out_ch = out_ch;
	l->stride = 1, l->dilation = 1;
	++n->m.n_layers;
	n->m.n_out = out_len * out_ch;
	return l;
}

static void conv(net_t *n, int k, int out_ch, int stride, int dil, int same)
{
	mf_layer_t *p = n->m.n_layers ? &n->l[n->m.n_layers - 1] : NULL;
	int in_len = p ? p->out_len : n->m.in_len, in_ch = p ? p->out_ch : n->m.in_ch;
	int eff = (k - 1) * dil + 1;
	int out_len = same ? (in_len + stride - 1) / stride : (in_len - eff) / stride + 1;
	mf_layer_t *l = add(n, MF_LAYER_CONV1D, out_len, out_ch);
	l->k = k, l->stride = stride, l->dilation = dil;
	if (same) {
		int total = (out_len - 1) * stride + eff - in_len;
		l->pad_left = total > 0 ? total / 2 : 0;
	}
	l->W = rand_array((size_t)k * in_ch * out_ch, 0.6);
	l->b = rand_array((size_t)out_ch, 0.3);
}

static void dense(net_t *n, int out)
{
	mf_layer_t *l = add(n, MF_LAYER_DENSE, 1, out);
	l->W = rand_array((size_t)l->in_len * l->in_ch * out, 0.6);
	l->b = rand_array((size_t)out, 0.3);
}

static void act(net_t *n, mf_act_t a)
{
	mf_layer_t *p = &n->l[n->m.n_layers - 1];
	add(n, MF_LAYER_ACT, p->out_len, p->out_ch)->act = a;
}

static void pool(net_t *n, mf_layer_type_t t, int k, int stride)
{
	mf_layer_t *p = &n->l[n->m.n_layers - 1];
	int global = t == MF_LAYER_GLOBAL_AVGPOOL || t == MF_LAYER_GLOBAL_MAXPOOL;
	mf_layer_t *l = add(n, t, global ? 1 : (p->out_len - k) / stride + 1, p->out_ch);
	l->k = k, l->stride = stride;
}

static void same_shape(net_t *n, mf_layer_type_t t)
{
	mf_layer_t *p = &n->l[n->m.n_layers - 1];
	mf_layer_t *l = add(n, t, t == MF_LAYER_FLATTEN ? 1 : p->out_len,
		t == MF_LAYER_FLATTEN ? p->out_len * p->out_ch : p->out_ch);
	if (t == MF_LAYER_BATCHNORM) {
		l->bn_scale = rand_array((size_t)p->out_ch, 1.5);
		l->bn_shift = rand_array((size_t)p->out_ch, 0.3);
	}
}

/* Net A: valid and dilated 'same' convolutions, average pooling, flatten, dense, dropout. */
static void net_a(net_t *n)
{
	memset(n, 0, sizeof *n);
	n->m.layers = n->l, n->m.in_len = 12, n->m.in_ch = 4;
	conv(n, 3, 5, 1, 1, 0);
	act(n, MF_ACT_RELU);
	conv(n, 3, 4, 1, 2, 1);
	act(n, MF_ACT_RELU);
	pool(n, MF_LAYER_AVGPOOL, 2, 2);
	same_shape(n, MF_LAYER_FLATTEN);
	dense(n, 6);
	act(n, MF_ACT_RELU);
	same_shape(n, MF_LAYER_DROPOUT);
	dense(n, 3);
	act(n, MF_ACT_SIGMOID);
}

/* Net B: strided conv, BatchNorm (negative scales too), max pooling, global max pooling,
 * tanh, and a linear output (no final activation). */
static void net_b(net_t *n)
{
	memset(n, 0, sizeof *n);
	n->m.layers = n->l, n->m.in_len = 14, n->m.in_ch = 4;
	conv(n, 4, 6, 2, 1, 0);
	same_shape(n, MF_LAYER_BATCHNORM);
	act(n, MF_ACT_RELU);
	pool(n, MF_LAYER_MAXPOOL, 2, 1);
	conv(n, 2, 5, 1, 1, 0);
	act(n, MF_ACT_RELU);
	pool(n, MF_LAYER_GLOBAL_AVGPOOL, 0, 1);
	dense(n, 4);
	act(n, MF_ACT_TANH);
	dense(n, 2);
}

/* Net C: global max pooling right after a convolution, sigmoid hidden unit. */
static void net_c(net_t *n)
{
	memset(n, 0, sizeof *n);
	n->m.layers = n->l, n->m.in_len = 10, n->m.in_ch = 4;
	conv(n, 3, 4, 1, 1, 1);
	act(n, MF_ACT_RELU);
	pool(n, MF_LAYER_GLOBAL_MAXPOOL, 0, 1);
	dense(n, 3);
	act(n, MF_ACT_SIGMOID);
	dense(n, 2);
	act(n, MF_ACT_SIGMOID);
}

static void free_net(net_t *n)
{
	for (int i = 0; i < n->m.n_layers; ++i) {
		free(n->l[i].W), free(n->l[i].b), free(n->l[i].bn_scale), free(n->l[i].bn_shift);
	}
}

static void random_onehot(float *x, size_t L)
{
	memset(x, 0, L * 4 * sizeof *x);
	for (size_t l = 0; l < L; ++l)
		if (urand() < 0.95) /* a few N positions (all zero) */
			x[4 * l + (int)(urand() * 4)] = 1;
}

enum { REF_ZEROS, REF_FREQ, REF_SEQ, N_REFKINDS };

static void make_ref(float *r, size_t L, int kind)
{
	static const float f[4] = {0.3f, 0.2f, 0.2f, 0.3f};
	if (kind == REF_ZEROS)
		memset(r, 0, L * 4 * sizeof *r);
	else if (kind == REF_FREQ)
		for (size_t k = 0; k < L * 4; ++k)
			r[k] = f[k % 4];
	else
		random_onehot(r, L);
}

static int compare(const float *got, const double *want, size_t n, const char *what)
{
	int bad = 0;
	for (size_t k = 0; k < n; ++k)
		if (!tu_close(got[k], want[k], 1e-4, 1e-6)) {
			if (bad < 3)
				fprintf(stderr, "%s: [%zu] got %.9g want %.9g\n", what, k, got[k], want[k]);
			++bad;
		}
	return bad;
}

static int has_maxpool(const mf_model_t *m)
{
	for (int i = 0; i < m->n_layers; ++i)
		if (m->layers[i].type == MF_LAYER_MAXPOOL || m->layers[i].type == MF_LAYER_GLOBAL_MAXPOOL)
			return 1;
	return 0;
}

/* Runs a block through deeplift.c and checks every (task, seq, ref) against dlref.c,
 * and summation-to-delta for the DeepLIFT rules. Returns the number of mismatches. */
static int check_net(const mf_model_t *m, mf_rule_t rule, int refkind, int ns, int nr)
{
	mf_deeplift_t *d = mf_deeplift_create(m, rule);
	ck_assert_ptr_nonnull(d);
	int target = mf_model_logit_layer(m), T = mf_deeplift_n_tasks(d);
	size_t in = (size_t)m->in_len * 4;
	int grad = rule == MF_RULE_GRADIENT || rule == MF_RULE_GUIDED;
	if (grad)
		nr = 1;
	float *x = malloc((size_t)ns * in * sizeof *x), *r = malloc((size_t)ns * nr * in * sizeof *r);
	for (int s = 0; s < ns; ++s) {
		random_onehot(x + s * in, (size_t)m->in_len);
		for (int j = 0; j < nr; ++j)
			make_ref(r + ((size_t)s * nr + j) * in, (size_t)m->in_len, refkind);
	}
	int tasks[8];
	for (int t = 0; t < T; ++t)
		tasks[t] = t;
	mf_dl_work_t *w = mf_dl_work_create(d, ns, nr, T);
	float *mult = malloc((size_t)T * ns * nr * in * sizeof *mult);
	float *lx = malloc((size_t)ns * T * sizeof *lx), *lr = malloc((size_t)ns * nr * T * sizeof *lr);
	ck_assert_int_eq(mf_deeplift_run(d, w, x, grad ? NULL : r, ns, nr, tasks, T, mult, lx, lr), 0);
	mf_rule_t rule_of[16];
	for (int i = 0; i < m->n_layers && i < 16; ++i)
		rule_of[i] = mf_deeplift_layer_rule(d, i);
	double *want = malloc(in * sizeof *want);
	int bad = 0;
	for (int t = 0; t < T; ++t)
		for (int s = 0; s < ns; ++s)
			for (int j = 0; j < nr; ++j) {
				const float *xs = x + s * in, *rs = r + ((size_t)s * nr + j) * in;
				ref_deeplift(m, target, rule_of, rule, xs, grad ? NULL : rs, t, want);
				const float *got = mult + (((size_t)t * ns + s) * nr + j) * in;
				char what[96];
				snprintf(what, sizeof what, "rule %d ref %d task %d seq %d ref %d", rule, refkind, t, s, j);
				bad += compare(got, want, in, what);
				if (grad || has_maxpool(m))
					continue; /* max pooling takes the gradient: no summation promise */
				double sum = 0, dl = ref_logit(m, target, xs, t) - ref_logit(m, target, rs, t);
				for (size_t k = 0; k < in; ++k)
					sum += (double)got[k] * ((double)xs[k] - rs[k]);
				double rsum = 0;
				for (size_t k = 0; k < in; ++k)
					rsum += want[k] * ((double)xs[k] - rs[k]);
				if (!tu_close(sum, dl, 1e-4, 1e-5)) {
					fprintf(stderr, "%s: summation-to-delta %.9g (reference %.9g) vs %.9g\n", what, sum, rsum, dl);
					++bad;
				}
				if (!tu_close(lr[((size_t)s * nr + j) * T + t], ref_logit(m, target, rs, t), 1e-5, 1e-6))
					++bad;
			}
	free(want), free(mult), free(lx), free(lr), free(x), free(r);
	mf_dl_work_destroy(w);
	mf_deeplift_destroy(d);
	return bad;
}

static const mf_rule_t all_rules[] = {MF_RULE_RESCALE, MF_RULE_REVEALCANCEL, MF_RULE_GENOMICS,
	MF_RULE_GRADIENT, MF_RULE_GUIDED};

START_TEST(tiny_nets_every_rule_and_reference)
{
	void (*nets[])(net_t *) = {net_a, net_b, net_c};
	net_t n;
	nets[_i](&n);
	int bad = 0;
	for (int ri = 0; ri < 5; ++ri)
		for (int k = 0; k < N_REFKINDS; ++k)
			bad += check_net(&n.m, all_rules[ri], k, 3, 2);
	free_net(&n);
	ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(genomics_default_picks_rules_by_preceding_layer)
{
	net_t n;
	net_a(&n);
	mf_deeplift_t *d = mf_deeplift_create(&n.m, MF_RULE_GENOMICS);
	ck_assert_int_eq(mf_deeplift_layer_rule(d, 1), MF_RULE_RESCALE);      /* after conv */
	ck_assert_int_eq(mf_deeplift_layer_rule(d, 3), MF_RULE_RESCALE);      /* after conv */
	ck_assert_int_eq(mf_deeplift_layer_rule(d, 7), MF_RULE_REVEALCANCEL); /* after dense */
	mf_deeplift_destroy(d);
	free_net(&n);
}
END_TEST

/* A sequence's multipliers do not depend on which block it was computed in. */
START_TEST(block_size_does_not_change_bytes)
{
	net_t n;
	net_a(&n);
	mf_deeplift_t *d = mf_deeplift_create(&n.m, MF_RULE_GENOMICS);
	size_t in = 12 * 4;
	int ns = 5, nr = 3, T = 3, tasks[3] = {0, 1, 2};
	float x[5 * 48], r[15 * 48];
	for (int s = 0; s < ns; ++s)
		random_onehot(x + s * in, 12);
	for (int j = 0; j < ns * nr; ++j)
		random_onehot(r + j * in, 12);
	float *all = malloc((size_t)T * ns * nr * in * sizeof *all), *one = malloc((size_t)T * nr * in * sizeof *one);
	mf_dl_work_t *w = mf_dl_work_create(d, ns, nr, T);
	ck_assert_int_eq(mf_deeplift_run(d, w, x, r, ns, nr, tasks, T, all, NULL, NULL), 0);
	for (int s = 0; s < ns; ++s) {
		ck_assert_int_eq(mf_deeplift_run(d, w, x + s * in, r + (size_t)s * nr * in, 1, nr, tasks, T, one,
			NULL, NULL), 0);
		for (int t = 0; t < T; ++t)
			ck_assert(memcmp(one + (size_t)t * nr * in, all + ((size_t)t * ns + s) * nr * in,
				nr * in * sizeof(float)) == 0);
	}
	free(all), free(one);
	mf_dl_work_destroy(w);
	mf_deeplift_destroy(d);
	free_net(&n);
}
END_TEST

static mf_model_t *paper_model(void)
{
	const char *src = getenv("TESTS_SRCDIR");
	char h5[1024], js[1024];
	snprintf(h5, sizeof h5, "%s/data/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5", src ? src : "tests");
	snprintf(js, sizeof js, "%s/data/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json", src ? src : "tests");
	return mf_model_load(h5, js);
}

/* The paper's model on real published sequences: every rule against the reference. */
START_TEST(paper_model_against_reference)
{
	mf_model_t *m = paper_model();
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(mf_model_logit_layer(m), 9);
	int bad = 0;
	for (int ri = 0; ri < 5; ++ri)
		for (int k = 0; k < N_REFKINDS; ++k)
			bad += check_net(m, all_rules[ri], k, 2, 2);
	mf_model_destroy(m);
	ck_assert_int_eq(bad, 0);
}
END_TEST

static Suite *deeplift_suite(void)
{
	Suite *s = suite_create("deeplift");
	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, tiny_nets_every_rule_and_reference, 0, 3);
	tcase_add_test(tc, genomics_default_picks_rules_by_preceding_layer);
	tcase_add_test(tc, block_size_does_not_change_bytes);
	tcase_add_test(tc, paper_model_against_reference);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	mf_verbose = MF_LOG_ERROR;
	return tu_run(deeplift_suite());
}
