/* Unit tests for model + keras_io: the paper's model loads with the right shapes, both
 * file forms and both Sequential config styles read, save -> load round-trips bit for
 * bit, the forward pass is byte-identical for any thread count and batch size, fused
 * activations split, and bad files fail with one clear error. */
#include <check.h>
#include <hdf5.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "model/keras_io.h"
#include "base/log.h"
#include "model/model.h"
#include "testutil.h"

#define PAPER_H5 "keras2_conv1d_record_5_model_PQzyq_modelWeights.h5"
#define PAPER_JSON "keras2_conv1d_record_5_model_PQzyq_modelJson.json"

static char *dir, *h5, *js;

static void setup(void)
{
	mf_verbose = MF_LOG_QUIET; /* bad-input tests fail on purpose */
	const char *src = getenv("TESTS_SRCDIR");
	char *pd = tu_path(src ? src : "tests", "data/paper");
	h5 = tu_path(pd, PAPER_H5);
	js = tu_path(pd, PAPER_JSON);
	free(pd);
	dir = tu_tmpdir("model");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	free(dir);
	free(h5);
	free(js);
}

/* n random one-hot sequences of length L (some N positions). */
static float *random_onehot(int n, int L, unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	float *x = calloc((size_t)n * L * 4, sizeof(float));
	for (size_t i = 0; i < (size_t)n * L; ++i) {
		unsigned long b = gsl_rng_uniform_int(r, 41);
		if (b < 40)
			x[i * 4 + b % 4] = 1.0f;
	}
	gsl_rng_free(r);
	return x;
}

START_TEST(paper_model_loads)
{
	mf_model_t *m = mf_model_load(h5, js);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->n_layers, 11);
	ck_assert_int_eq(m->in_len, 200);
	ck_assert_int_eq(m->in_ch, 4);
	ck_assert_int_eq(m->n_out, 3);
	ck_assert_uint_eq(mf_model_n_params(m), 32503);
	ck_assert_int_eq(mf_model_logit_layer(m), 9);
	ck_assert_str_eq(m->layers[9].name, "dense_2");
	ck_assert_int_eq(m->layers[2].out_len, 180);
	ck_assert_int_eq(m->layers[4].type, MF_LAYER_AVGPOOL);
	ck_assert_int_eq(m->layers[4].k, 180);
	ck_assert_int_eq(m->layers[10].act, MF_ACT_SIGMOID);
	/* the value h5py reports for kernel[0][0][0] of conv1d_1 is finite and non-zero */
	ck_assert(m->layers[0].W[0] != 0.0f);
	mf_model_destroy(m);
}
END_TEST

START_TEST(forward_identical_for_any_threads_and_batch)
{
	mf_model_t *m = mf_model_load(h5, js);
	ck_assert_ptr_nonnull(m);
	int n = 101;
	float *x = random_onehot(n, 200, 7), *a = malloc(sizeof(float) * n * 3), *b = malloc(sizeof(float) * n * 3);
	ck_assert_int_eq(mf_model_forward(m, x, n, a, 1), 0);
	ck_assert_int_eq(mf_model_forward(m, x, n, b, 4), 0);
	ck_assert(memcmp(a, b, sizeof(float) * n * 3) == 0);
	for (int i = 0; i < n; ++i) { /* one sequence at a time */
		ck_assert_int_eq(mf_model_forward(m, x + (size_t)i * 800, 1, b + i * 3, 2), 0);
		ck_assert(memcmp(a + i * 3, b + i * 3, sizeof(float) * 3) == 0);
	}
	for (int i = 0; i < n * 3; ++i)
		ck_assert(a[i] > 0.0f && a[i] < 1.0f);
	free(x); free(a); free(b);
	mf_model_destroy(m);
}
END_TEST

static void assert_same_weights(const mf_model_t *a, const mf_model_t *b)
{
	ck_assert_int_eq(a->n_layers, b->n_layers);
	for (int i = 0; i < a->n_layers; ++i) {
		const mf_layer_t *x = &a->layers[i], *y = &b->layers[i];
		ck_assert_str_eq(x->name, y->name);
		ck_assert_int_eq(x->type, y->type);
		ck_assert_int_eq(x->out_len, y->out_len);
		ck_assert_int_eq(x->out_ch, y->out_ch);
		if (x->W) {
			size_t n = x->type == MF_LAYER_CONV1D ? (size_t)x->k * x->in_ch * x->out_ch
				: mf_layer_in_size(x) * x->out_ch;
			ck_assert(memcmp(x->W, y->W, sizeof(float) * n) == 0);
			ck_assert(memcmp(x->b, y->b, sizeof(float) * x->out_ch) == 0);
		}
	}
}

START_TEST(save_load_round_trip_bitwise)
{
	mf_model_t *m = mf_model_load(h5, js);
	ck_assert_ptr_nonnull(m);
	char *out = tu_path(dir, "full.h5"), *out2 = tu_path(dir, "full2.h5");
	ck_assert_int_eq(mf_model_save(m, out), 0);
	mf_model_t *r = mf_model_load(out, NULL); /* full-model form: no JSON */
	ck_assert_ptr_nonnull(r);
	assert_same_weights(m, r);
	/* a model built in code (no JSON kept) saves with a generated config */
	free(r->config_json);
	r->config_json = NULL;
	ck_assert_int_eq(mf_model_save(r, out2), 0);
	mf_model_t *r2 = mf_model_load(out2, NULL);
	ck_assert_ptr_nonnull(r2);
	assert_same_weights(m, r2);
	int n = 20;
	float *x = random_onehot(n, 200, 3), *a = malloc(sizeof(float) * n * 3), *b = malloc(sizeof(float) * n * 3);
	ck_assert_int_eq(mf_model_forward(m, x, n, a, 1), 0);
	ck_assert_int_eq(mf_model_forward(r2, x, n, b, 1), 0);
	ck_assert(memcmp(a, b, sizeof(float) * n * 3) == 0);
	mf_model_t *c = mf_model_copy(m);
	ck_assert_ptr_nonnull(c);
	assert_same_weights(m, c);
	free(x); free(a); free(b); free(out); free(out2);
	mf_model_destroy(m);
	mf_model_destroy(r);
	mf_model_destroy(r2);
	mf_model_destroy(c);
}
END_TEST

/* Writes the paper's JSON after edit() to dir/name; returns the path. */
static char *edited_json(const char *name, void (*edit)(json_t *layers))
{
	json_error_t e;
	json_t *root = json_load_file(js, 0, &e);
	ck_assert_ptr_nonnull(root);
	edit(json_object_get(root, "config"));
	char *p = tu_path(dir, name);
	ck_assert_int_eq(json_dump_file(root, p, 0), 0);
	json_decref(root);
	return p;
}

static void fuse_relu(json_t *layers)
{
	/* conv1d_1 with activation relu, activation_1 removed */
	json_object_set_new(json_object_get(json_array_get(layers, 0), "config"), "activation", json_string("relu"));
	json_array_remove(layers, 1);
}

START_TEST(fused_activation_splits_into_a_layer)
{
	char *p = edited_json("fused.json", fuse_relu);
	mf_model_t *f = mf_model_load(h5, p), *m = mf_model_load(h5, js);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->n_layers, 11);
	ck_assert_str_eq(f->layers[1].name, "conv1d_1/activation");
	ck_assert_int_eq(f->layers[1].act, MF_ACT_RELU);
	int n = 5;
	float *x = random_onehot(n, 200, 9), *a = malloc(sizeof(float) * n * 3), *b = malloc(sizeof(float) * n * 3);
	ck_assert_int_eq(mf_model_forward(m, x, n, a, 1), 0);
	ck_assert_int_eq(mf_model_forward(f, x, n, b, 1), 0);
	ck_assert(memcmp(a, b, sizeof(float) * n * 3) == 0);
	/* save re-fuses it: the file's layer list is Keras' */
	char *out = tu_path(dir, "fused.h5");
	free(f->config_json);
	f->config_json = NULL;
	ck_assert_int_eq(mf_model_save(f, out), 0);
	mf_model_t *g = mf_model_load(out, NULL);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->n_layers, 11);
	ck_assert_str_eq(g->layers[1].name, "conv1d_1/activation");
	free(x); free(a); free(b); free(p); free(out);
	mf_model_destroy(f);
	mf_model_destroy(m);
	mf_model_destroy(g);
}
END_TEST

static void object_form(json_t *layers)
{
	(void)layers;
}

START_TEST(sequential_config_as_object)
{
	json_error_t e;
	json_t *root = json_load_file(js, 0, &e);
	json_t *layers = json_incref(json_object_get(root, "config"));
	json_object_set_new(root, "config", json_pack("{s:s, s:o}", "name", "sequential_9", "layers", layers));
	char *p = tu_path(dir, "object.json");
	ck_assert_int_eq(json_dump_file(root, p, 0), 0);
	json_decref(root);
	mf_model_t *m = mf_model_load(h5, p);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->model_name, "sequential_9");
	ck_assert_uint_eq(mf_model_n_params(m), 32503);
	mf_model_destroy(m);
	free(p);
	(void)object_form;
}
END_TEST

static void unknown_layer(json_t *layers)
{
	json_object_set_new(json_array_get(layers, 2), "class_name", json_string("LSTM"));
}

static void wrong_filters(json_t *layers)
{
	json_object_set_new(json_object_get(json_array_get(layers, 0), "config"), "filters", json_integer(40));
}

static void bad_activation(json_t *layers)
{
	json_object_set_new(json_object_get(json_array_get(layers, 1), "config"), "activation", json_string("selu"));
}

START_TEST(bad_architectures_fail)
{
	void (*edits[])(json_t *) = {unknown_layer, wrong_filters, bad_activation};
	for (size_t i = 0; i < 3; ++i) {
		char name[32];
		snprintf(name, sizeof name, "bad%zu.json", i);
		char *p = edited_json(name, edits[i]);
		ck_assert_msg(mf_model_load(h5, p) == NULL, "edit %zu loaded", i);
		free(p);
	}
	char *missing = tu_path(dir, "missing.json");
	ck_assert_ptr_null(mf_model_load(h5, missing));
	free(missing);
	ck_assert_ptr_null(mf_model_load(h5, NULL)); /* weights-only file without JSON */
	ck_assert_ptr_null(mf_model_load(js, js));   /* not HDF5 */
}
END_TEST

START_TEST(bad_hdf5_files_fail)
{
	/* HDF5 but not Keras: one dataset, no layer_names */
	char *p = tu_path(dir, "plain.h5");
	hid_t f = H5Fcreate(p, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
	hsize_t d = 3;
	hid_t sp = H5Screate_simple(1, &d, NULL);
	hid_t ds = H5Dcreate2(f, "x", H5T_IEEE_F32LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	H5Dclose(ds);
	H5Sclose(sp);
	H5Fclose(f);
	ck_assert_ptr_null(mf_model_load(p, js));
	ck_assert_ptr_null(mf_model_load(p, NULL));
	/* NaN weight: saved (save does not judge), refused on load */
	mf_model_t *m = mf_model_load(h5, js);
	m->layers[2].W[17] = NAN;
	char *nanp = tu_path(dir, "nan.h5");
	ck_assert_int_eq(mf_model_save(m, nanp), 0);
	ck_assert_ptr_null(mf_model_load(nanp, NULL));
	m->layers[2].W[17] = INFINITY;
	ck_assert_int_eq(mf_model_save(m, nanp), 0);
	ck_assert_ptr_null(mf_model_load(nanp, NULL));
	/* truncated HDF5 */
	size_t n;
	char *bytes = tu_read(h5, &n);
	char *tr = tu_path(dir, "trunc.h5");
	ck_assert_int_eq(tu_write(tr, bytes, n / 3), 0);
	ck_assert_ptr_null(mf_model_load(tr, js));
	free(bytes); free(tr); free(p); free(nanp);
	mf_model_destroy(m);
}
END_TEST

START_TEST(save_failure_leaves_nothing)
{
	mf_model_t *m = mf_model_load(h5, js);
	char *p = tu_path(dir, "no/such/dir/out.h5");
	ck_assert_int_eq(mf_model_save(m, p), -1);
	free(p);
	mf_model_destroy(m);
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, paper_model_loads);
	tcase_add_test(tc, forward_identical_for_any_threads_and_batch);
	tcase_add_test(tc, save_load_round_trip_bitwise);
	tcase_add_test(tc, fused_activation_splits_into_a_layer);
	tcase_add_test(tc, sequential_config_as_object);
	tcase_add_test(tc, bad_architectures_fail);
	tcase_add_test(tc, bad_hdf5_files_fail);
	tcase_add_test(tc, save_failure_leaves_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(model_suite());
}
