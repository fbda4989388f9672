/* Unit tests for the ONNX reader (onnx_io): the committed fixtures load with the right
 * shapes and predict what a float64 brute-force pass over the file's own initializers
 * gives; channels first and last give the same model; graphs built here with protobuf-c
 * (views: Transpose, Pad, strided dilated Conv, a channel Slice, Flatten of channels-first
 * values, Gemm; shape sub-graphs folded for the fixed length: Shape, Gather, Unsqueeze,
 * Concat, Sub, Reshape with the batch size, Slice bounds) match float64 references; and
 * every truncation and many corruptions of a file fail cleanly (never crash). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "base/log.h"
#include "model/gen/onnx.pb-c.h"
#include "model/graph.h"
#include "model/model.h"
#include "model/onnx_io.h"
#include "testutil.h"

static char *dir, *tiny, *tiny_last, *paper_h5;

static void setup(void)
{
	mf_verbose = MF_LOG_QUIET; /* bad-input tests fail on purpose */
	const char *src = getenv("TESTS_SRCDIR");
	char *d = tu_path(src ? src : "tests", "data");
	tiny = tu_path(d, "onnx/tiny.onnx");
	tiny_last = tu_path(d, "onnx/tiny_last.onnx");
	paper_h5 = tu_path(d, "paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5");
	free(d);
	dir = tu_tmpdir("onnx");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	free(dir), free(tiny), free(tiny_last), free(paper_h5);
}

/* n random one-hot sequences [n][L][4] with some all-zero (N) positions. */
static float *random_onehot(int n, int L, unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	float *x = calloc((size_t)n * L * 4, sizeof *x);
	for (size_t i = 0; i < (size_t)n * L; ++i) {
		unsigned long b = gsl_rng_uniform_int(r, 21);
		if (b < 20)
			x[i * 4 + b % 4] = 1.0f;
	}
	gsl_rng_free(r);
	return x;
}

/* |a - b| <= 1e-5 (|b| + max|b| / 10) for all n values. */
static void check_close(const float *a, const double *b, size_t n, const char *what)
{
	double scale = 0;
	for (size_t i = 0; i < n; ++i)
		scale = fmax(scale, fabs(b[i]));
	for (size_t i = 0; i < n; ++i)
		ck_assert_msg(fabs(a[i] - b[i]) <= 1e-5 * (fabs(b[i]) + 0.1 * scale),
			"%s: value %zu: %.9g, float64 reference %.9g", what, i, a[i], b[i]);
}

/* ---- the committed tiny model, by brute force from its own initializers ---------------------- */

static Onnx__ModelProto *read_proto(const char *path)
{
	size_t len = 0;
	char *buf = tu_read(path, &len);
	ck_assert_ptr_nonnull(buf);
	Onnx__ModelProto *p = onnx__model_proto__unpack(NULL, len, (const uint8_t *)buf);
	free(buf);
	ck_assert_ptr_nonnull(p);
	return p;
}

/* Initializer `name` as doubles (float32 raw_data). */
static double *initializer(const Onnx__ModelProto *p, const char *name, size_t n)
{
	for (size_t k = 0; k < p->graph->n_initializer; ++k) {
		const Onnx__TensorProto *t = p->graph->initializer[k];
		if (strcmp(t->name, name) != 0)
			continue;
		ck_assert(t->has_raw_data && t->raw_data.len == 4 * n);
		double *v = malloc(sizeof *v * n);
		for (size_t i = 0; i < n; ++i) {
			float f;
			memcpy(&f, t->raw_data.data + 4 * i, 4);
			v[i] = f;
		}
		return v;
	}
	ck_abort_msg("no initializer %s", name);
	return NULL;
}

/* tiny: Conv(4->3, k 5) Relu MaxPool(2) Flatten (PyTorch order c*8 + l) Gemm(24->2, transB) Sigmoid. */
static void tiny_reference(const Onnx__ModelProto *p, const float *x, int n, double *y)
{
	double *w = initializer(p, "conv.weight", 3 * 4 * 5), *b = initializer(p, "conv.bias", 3);
	double *lw = initializer(p, "lin.weight", 2 * 24), *lb = initializer(p, "lin.bias", 2);
	for (int s = 0; s < n; ++s) {
		double h[3][16], f[24];
		for (int o = 0; o < 3; ++o)
			for (int t = 0; t < 16; ++t) {
				double acc = b[o];
				for (int c = 0; c < 4; ++c)
					for (int k = 0; k < 5; ++k)
						acc += w[(o * 4 + c) * 5 + k] * x[((size_t)s * 20 + t + k) * 4 + c];
				h[o][t] = acc > 0 ? acc : 0;
			}
		for (int o = 0; o < 3; ++o)
			for (int t = 0; t < 8; ++t)
				f[o * 8 + t] = fmax(h[o][2 * t], h[o][2 * t + 1]);
		for (int j = 0; j < 2; ++j) {
			double acc = lb[j];
			for (int i = 0; i < 24; ++i)
				acc += lw[j * 24 + i] * f[i];
			y[s * 2 + j] = 1.0 / (1.0 + exp(-acc));
		}
	}
	free(w), free(b), free(lw), free(lb);
}

START_TEST(test_tiny_loads_and_predicts)
{
	mf_model_t *m = mf_onnx_load(tiny);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->in_len, 20);
	ck_assert_int_eq(m->in_ch, 4);
	ck_assert_int_eq(m->n_layers, 6); /* conv relu maxpool flatten dense sigmoid */
	ck_assert(mf_model_is_chain(m));
	ck_assert_int_eq(m->n_out, 2);
	ck_assert_str_eq(mf_model_output_name(m, 0), "out0");
	ck_assert_int_eq(mf_model_logit_layer(m), 4);
	ck_assert_ptr_nonnull(strstr(m->origin, "channels first"));
	int n = 9;
	float *x = random_onehot(n, 20, 1), y[18];
	double ref[18];
	ck_assert_int_eq(mf_model_forward(m, x, n, y, 2), 0);
	Onnx__ModelProto *p = read_proto(tiny);
	tiny_reference(p, x, n, ref);
	check_close(y, ref, 18, "tiny.onnx");
	onnx__model_proto__free_unpacked(p, NULL);
	mf_model_t *ml = mf_onnx_load(tiny_last);
	ck_assert_ptr_nonnull(ml);
	ck_assert_ptr_nonnull(strstr(ml->origin, "channels last"));
	float yl[18];
	ck_assert_int_eq(mf_model_forward(ml, x, n, yl, 1), 0);
	ck_assert_mem_eq(y, yl, sizeof y); /* the same layers and weights */
	free(x);
	mf_model_destroy(m);
	mf_model_destroy(ml);
}
END_TEST

START_TEST(test_sniff)
{
	ck_assert_int_eq(mf_onnx_sniff(tiny), 1);
	ck_assert_int_eq(mf_onnx_sniff(paper_h5), 0);
	char *p = tu_path(dir, "model.bin"), *q = tu_path(dir, "text.onnx"), *r = tu_path(dir, "text.txt");
	size_t len;
	char *buf = tu_read(tiny, &len);
	ck_assert_int_eq(tu_write(p, buf, len), 0);
	ck_assert_int_eq(mf_onnx_sniff(p), 1); /* by content, whatever the name */
	ck_assert_int_eq(tu_write(q, "hello", 5), 0);
	ck_assert_int_eq(tu_write(r, "hello", 5), 0);
	ck_assert_int_eq(mf_onnx_sniff(q), 1); /* by name: the ONNX reader then says what is wrong */
	ck_assert_int_eq(mf_onnx_sniff(r), 0);
	ck_assert_ptr_null(mf_onnx_load(q));
	free(buf), free(p), free(q), free(r);
}
END_TEST

/* Every prefix of tiny.onnx fails to load, and flipping any one byte never crashes
   (under ASan this is a small fuzz of the decoder and the converter). */
START_TEST(test_truncated_and_corrupt)
{
	size_t len;
	char *buf = tu_read(tiny, &len), *p = tu_path(dir, "bad.onnx");
	for (size_t k = 0; k < len; ++k) {
		ck_assert_int_eq(tu_write(p, buf, k), 0);
		mf_model_t *m = mf_onnx_load(p);
		ck_assert_msg(m == NULL, "a %zu-byte prefix of %zu loaded", k, len);
	}
	for (size_t k = 0; k < len; ++k) {
		char *c = malloc(len);
		memcpy(c, buf, len);
		c[k] ^= (char)(k % 3 == 0 ? 0xff : k % 3 == 1 ? 0x01 : 0x80);
		ck_assert_int_eq(tu_write(p, c, len), 0);
		mf_model_destroy(mf_onnx_load(p)); /* either is fine; no crash, no leak */
		free(c);
	}
	free(buf), free(p);
}
END_TEST

/* ---- graphs built with protobuf-c ---------------------------------------------------------- */

enum { ARENA_MAX = 4096 };
static void *arena[ARENA_MAX];
static int n_arena;

static void *grab(size_t size)
{
	ck_assert_int_lt(n_arena, ARENA_MAX);
	return arena[n_arena++] = calloc(1, size ? size : 1);
}

static void arena_free(void)
{
	while (n_arena > 0)
		free(arena[--n_arena]);
}

static Onnx__TensorProto *tensor(const char *name, int rank, const int64_t *dims, const float *f,
	const int64_t *i)
{
	Onnx__TensorProto *t = grab(sizeof *t);
	onnx__tensor_proto__init(t);
	t->name = (char *)name;
	t->n_dims = (size_t)rank;
	t->dims = grab(sizeof(int64_t) * (size_t)(rank ? rank : 1));
	size_t n = 1;
	for (int k = 0; k < rank; ++k)
		n *= (size_t)(t->dims[k] = dims[k]);
	t->has_data_type = 1;
	t->data_type = f ? ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT : ONNX__TENSOR_PROTO__DATA_TYPE__INT64;
	if (f) {
		t->n_float_data = n;
		t->float_data = grab(sizeof(float) * n);
		memcpy(t->float_data, f, sizeof(float) * n);
	} else {
		t->n_int64_data = n;
		t->int64_data = grab(sizeof(int64_t) * n);
		memcpy(t->int64_data, i, sizeof(int64_t) * n);
	}
	return t;
}

static Onnx__AttributeProto *attr_ints(const char *name, int n, const int64_t *v)
{
	Onnx__AttributeProto *a = grab(sizeof *a);
	onnx__attribute_proto__init(a);
	a->name = (char *)name;
	a->has_type = 1;
	if (n < 0) { /* a single int */
		a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT;
		a->has_i = 1;
		a->i = v[0];
		return a;
	}
	a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS;
	a->n_ints = (size_t)n;
	a->ints = grab(sizeof(int64_t) * (size_t)n);
	memcpy(a->ints, v, sizeof(int64_t) * (size_t)n);
	return a;
}

typedef struct {
	Onnx__GraphProto g;
	Onnx__NodeProto *nodes[64];
	Onnx__TensorProto *inits[64];
	Onnx__AttributeProto *attrs[64][4];
} graph_t;

static void add_init(graph_t *b, Onnx__TensorProto *t)
{
	b->inits[b->g.n_initializer++] = t;
}

/* A node with inputs/outputs given as a comma-separated list and up to 4 attributes. */
static void add_node(graph_t *b, const char *op, const char *ins, const char *outs, int na,
	Onnx__AttributeProto *a0, Onnx__AttributeProto *a1)
{
	Onnx__NodeProto *n = grab(sizeof *n);
	onnx__node_proto__init(n);
	n->op_type = (char *)op;
	n->name = grab(32);
	snprintf(n->name, 32, "%s_%zu", op, b->g.n_node);
	const char *lists[2] = {ins, outs};
	for (int w = 0; w < 2; ++w) {
		char **arr = grab(sizeof(char *) * 8);
		size_t k = 0;
		char *copy = grab(strlen(lists[w]) + 1), *save = NULL;
		strcpy(copy, lists[w]);
		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			arr[k++] = tok;
		if (w == 0) {
			n->input = arr;
			n->n_input = k;
		} else {
			n->output = arr;
			n->n_output = k;
		}
	}
	b->attrs[b->g.n_node][0] = a0;
	b->attrs[b->g.n_node][1] = a1;
	n->n_attribute = (size_t)na;
	n->attribute = b->attrs[b->g.n_node];
	b->nodes[b->g.n_node++] = n;
}

/* A tensor value_info (N, d1, d2) with a symbolic batch, or (N, d1) when d2 is 0. */
static Onnx__ValueInfoProto *value_info(const char *name, int64_t d1, int64_t d2)
{
	Onnx__ValueInfoProto *v = grab(sizeof *v);
	onnx__value_info_proto__init(v);
	v->name = (char *)name;
	Onnx__TypeProto *t = grab(sizeof *t);
	onnx__type_proto__init(t);
	Onnx__TypeProto__Tensor *tt = grab(sizeof *tt);
	onnx__type_proto__tensor__init(tt);
	tt->has_elem_type = 1;
	tt->elem_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
	Onnx__TensorShapeProto *s = grab(sizeof *s);
	onnx__tensor_shape_proto__init(s);
	s->n_dim = d2 ? 3 : 2;
	s->dim = grab(sizeof *s->dim * 3);
	int64_t d[3] = {0, d1, d2};
	for (size_t k = 0; k < s->n_dim; ++k) {
		s->dim[k] = grab(sizeof **s->dim);
		onnx__tensor_shape_proto__dimension__init(s->dim[k]);
		if (k == 0) {
			s->dim[k]->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
			s->dim[k]->dim_param = "N";
		} else {
			s->dim[k]->value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
			s->dim[k]->dim_value = d[k];
		}
	}
	tt->shape = s;
	t->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
	t->tensor_type = tt;
	v->type = t;
	return v;
}

/* Writes the graph with input `in` and outputs as a model file; its path (caller frees). */
static char *write_model(graph_t *b, Onnx__ValueInfoProto *in, Onnx__ValueInfoProto **outs, int n_out,
	const char *file)
{
	Onnx__ModelProto m;
	onnx__model_proto__init(&m);
	Onnx__OperatorSetIdProto op;
	onnx__operator_set_id_proto__init(&op);
	op.domain = "";
	op.has_version = 1;
	op.version = 13;
	Onnx__OperatorSetIdProto *ops[1] = {&op};
	m.has_ir_version = 1;
	m.ir_version = 7;
	m.n_opset_import = 1;
	m.opset_import = ops;
	b->g.name = "built";
	b->g.node = b->nodes;
	b->g.initializer = b->inits;
	b->g.n_input = 1;
	b->g.input = &in;
	b->g.n_output = (size_t)n_out;
	b->g.output = outs;
	m.graph = &b->g;
	size_t n = onnx__model_proto__get_packed_size(&m);
	uint8_t *buf = malloc(n);
	onnx__model_proto__pack(&m, buf);
	char *path = tu_path(dir, file);
	ck_assert_int_eq(tu_write(path, buf, n), 0);
	free(buf);
	return path;
}

static void fill(float *w, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; ++i) /* a fixed, varied sequence in [-0.5, 0.5) */
		w[i] = (float)(((i * 2654435761u + seed * 40503u) % 1000) / 1000.0 - 0.5);
}

/* Channels-last (N, 30, 4) -> Transpose -> Pad [2, 1] -> Conv(4->5, k 3, dilation 2,
   stride 2, pads [1, 0]) -> Slice channels 1..3 -> Relu -> Flatten -> Gemm(45 -> 2). */
START_TEST(test_views)
{
	graph_t b;
	memset(&b, 0, sizeof b);
	onnx__graph_proto__init(&b.g);
	float W[5 * 4 * 3], B[5], G[45 * 2], C[2];
	fill(W, 60, 1), fill(B, 5, 2), fill(G, 90, 3), fill(C, 2, 4);
	int64_t dw[3] = {5, 4, 3}, d5[1] = {5}, dg[2] = {45, 2}, d2[1] = {2}, d6[1] = {6}, d1[1] = {1};
	int64_t pads[6] = {0, 0, 2, 0, 0, 1}, one[1] = {1}, four[1] = {4};
	add_init(&b, tensor("W", 3, dw, W, NULL));
	add_init(&b, tensor("B", 1, d5, B, NULL));
	add_init(&b, tensor("G", 2, dg, G, NULL));
	add_init(&b, tensor("C", 1, d2, C, NULL));
	add_init(&b, tensor("pads", 1, d6, NULL, pads));
	add_init(&b, tensor("s1", 1, d1, NULL, one));
	add_init(&b, tensor("e4", 1, d1, NULL, four));
	add_init(&b, tensor("ax1", 1, d1, NULL, one));
	int64_t perm[3] = {0, 2, 1}, dil[1] = {2}, str[1] = {2}, cpad[2] = {1, 0}, zero[1] = {0};
	add_node(&b, "Transpose", "x", "xt", 1, attr_ints("perm", 3, perm), NULL);
	add_node(&b, "Pad", "xt,pads", "xp", 0, NULL, NULL);
	Onnx__AttributeProto *conv_attrs[3] = {attr_ints("dilations", 1, dil), attr_ints("strides", 1, str),
		attr_ints("pads", 2, cpad)};
	add_node(&b, "Conv", "xp,W,B", "h", 2, conv_attrs[0], conv_attrs[1]);
	b.attrs[b.g.n_node - 1][2] = conv_attrs[2];
	b.nodes[b.g.n_node - 1]->n_attribute = 3;
	add_node(&b, "Slice", "h,s1,e4,ax1", "hs", 0, NULL, NULL);
	add_node(&b, "Relu", "hs", "r", 0, NULL, NULL);
	add_node(&b, "Flatten", "r", "f", 0, NULL, NULL);
	add_node(&b, "Gemm", "f,G,C", "y", 1, attr_ints("transB", -1, zero), NULL);
	Onnx__ValueInfoProto *outs[1] = {value_info("y", 2, 0)};
	char *path = write_model(&b, value_info("x", 30, 4), outs, 1, "views.onnx");
	arena_free();
	mf_model_t *m = mf_onnx_load(path);
	ck_assert_ptr_nonnull(m);
	int n = 5;
	float *x = random_onehot(n, 30, 2), y[10];
	double ref[10];
	ck_assert_int_eq(mf_model_forward(m, x, n, y, 1), 0);
	for (int s = 0; s < n; ++s) { /* padded input: 2 zeros, 30 positions, 1 zero */
		double r[3][15];
		for (int o = 1; o < 4; ++o)
			for (int t = 0; t < 15; ++t) {
				double acc = B[o];
				for (int c = 0; c < 4; ++c)
					for (int k = 0; k < 3; ++k) {
						int pos = t * 2 - 1 + k * 2 - 2; /* conv pad 1, then Pad's 2 */
						if (pos >= 0 && pos < 30)
							acc += (double)W[(o * 4 + c) * 3 + k] * x[((size_t)s * 30 + pos) * 4 + c];
					}
				r[o - 1][t] = acc > 0 ? acc : 0;
			}
		for (int j = 0; j < 2; ++j) {
			double acc = C[j];
			for (int i = 0; i < 45; ++i)
				acc += (double)G[i * 2 + j] * r[i / 15][i % 15];
			ref[s * 2 + j] = acc;
		}
	}
	check_close(y, ref, 10, "views");
	free(x), free(path);
	mf_model_destroy(m);
}
END_TEST

/* (N, 4, 12) -> Conv(4->3, k 1) -> two heads: Reshape to [N, -1] through Shape/Gather/
   Unsqueeze/Concat, then Gemm; and a Slice of the length from 2 to L - 2 (L from Shape,
   Gather, Sub) then ReduceSum over the length. */
START_TEST(test_shape_subgraphs)
{
	graph_t b;
	memset(&b, 0, sizeof b);
	onnx__graph_proto__init(&b.g);
	float W[3 * 4], G[36 * 2];
	fill(W, 12, 5), fill(G, 72, 6);
	int64_t dw[3] = {3, 4, 1}, dg[2] = {2, 36}, d1[1] = {1}, d0 = 0;
	int64_t i0 = 0, i2 = 2, minus1 = -1, two = 2;
	add_init(&b, tensor("W", 3, dw, W, NULL));
	add_init(&b, tensor("G", 2, dg, G, NULL));
	add_init(&b, tensor("i0", 0, &d0, NULL, &i0));
	add_init(&b, tensor("i2", 0, &d0, NULL, &i2));
	add_init(&b, tensor("two", 0, &d0, NULL, &two));
	add_init(&b, tensor("m1", 1, d1, NULL, &minus1));
	add_init(&b, tensor("ax0", 1, d1, NULL, &i0));
	add_init(&b, tensor("ax2", 1, d1, NULL, &i2));
	add_init(&b, tensor("st2", 1, d1, NULL, &two));
	int64_t one = 1, zero = 0;
	add_node(&b, "Conv", "x,W", "h", 0, NULL, NULL);
	add_node(&b, "Shape", "h", "s", 0, NULL, NULL);
	add_node(&b, "Gather", "s,i0", "bsz", 1, attr_ints("axis", -1, &zero), NULL);
	add_node(&b, "Unsqueeze", "bsz,ax0", "bsz1", 0, NULL, NULL);
	add_node(&b, "Concat", "bsz1,m1", "tgt", 1, attr_ints("axis", -1, &zero), NULL);
	add_node(&b, "Reshape", "h,tgt", "flat", 0, NULL, NULL);
	add_node(&b, "Gemm", "flat,G", "y0", 1, attr_ints("transB", -1, &one), NULL);
	add_node(&b, "Gather", "s,i2", "len", 1, attr_ints("axis", -1, &zero), NULL);
	add_node(&b, "Sub", "len,two", "end", 0, NULL, NULL);
	add_node(&b, "Unsqueeze", "end,ax0", "end1", 0, NULL, NULL);
	add_node(&b, "Slice", "h,st2,end1,ax2", "mid", 0, NULL, NULL);
	add_node(&b, "ReduceSum", "mid,ax2", "y1", 1, attr_ints("keepdims", -1, &zero), NULL);
	Onnx__ValueInfoProto *outs[2] = {value_info("y0", 2, 0), value_info("y1", 3, 0)};
	char *path = write_model(&b, value_info("x", 4, 12), outs, 2, "shapes.onnx");
	arena_free();
	mf_model_t *m = mf_onnx_load(path);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(mf_model_n_outputs(m), 2);
	ck_assert_str_eq(mf_model_output_name(m, 1), "y1");
	int n = 4;
	float *x = random_onehot(n, 12, 3), y0[8], y1[12];
	ck_assert_int_eq(mf_model_forward_to(m, x, n, y0, 1, mf_model_output_layer(m, 0)), 0);
	ck_assert_int_eq(mf_model_forward_to(m, x, n, y1, 1, mf_model_output_layer(m, 1)), 0);
	double r0[8], r1[12];
	for (int s = 0; s < n; ++s) {
		double h[3][12];
		for (int o = 0; o < 3; ++o)
			for (int t = 0; t < 12; ++t) {
				h[o][t] = 0;
				for (int c = 0; c < 4; ++c)
					h[o][t] += (double)W[o * 4 + c] * x[((size_t)s * 12 + t) * 4 + c];
			}
		for (int j = 0; j < 2; ++j) {
			r0[s * 2 + j] = 0;
			for (int i = 0; i < 36; ++i)
				r0[s * 2 + j] += (double)G[j * 36 + i] * h[i / 12][i % 12];
		}
		for (int o = 0; o < 3; ++o) {
			r1[s * 3 + o] = 0;
			for (int t = 2; t < 10; ++t)
				r1[s * 3 + o] += h[o][t];
		}
	}
	check_close(y0, r0, 8, "reshape through the shape sub-graph");
	check_close(y1, r1, 12, "slice bounds from the shape, ReduceSum");
	free(x), free(path);
	mf_model_destroy(m);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("onnx");
	TCase *tc = tcase_create("onnx");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_tiny_loads_and_predicts);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_truncated_and_corrupt);
	tcase_add_test(tc, test_views);
	tcase_add_test(tc, test_shape_subgraphs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
