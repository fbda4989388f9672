/* onnx_read.c (room onnx_io): reading an ONNX file (onnx_io.h): the protobuf, the version
 * checks, the input's layout, the walk over the nodes (folded, or turned into layers by
 * onnx_ops.c), the outputs, and a last pass that drops layers no output needs and moves
 * constant shifts into the bias of the convolution or dense layer before them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/slurp.h"
#include "model/graph.h"
#include "model/onnx_internal.h"
#include "model/onnx_io.h"

/* ---- the file ---------------------------------------------------------------------------- */

Onnx__ModelProto *mf_onnx_read_proto(const char *path)
{
	size_t len = 0;
	char *buf = mf_slurp(path, &len);
	if (!buf)
		return NULL;
	Onnx__ModelProto *p = len ? onnx__model_proto__unpack(NULL, len, (const uint8_t *)buf) : NULL;
	free(buf);
	if (!p) {
		mf_error("%s: not an ONNX model: %s", path, len ? "the protobuf does not decode (truncated or "
			"corrupt, or another kind of file)" : "the file is empty");
		return NULL;
	}
	if (!p->has_ir_version || !p->graph || p->n_opset_import == 0) {
		mf_error("%s: not an ONNX model (no %s): truncated, or another kind of file", path,
			!p->has_ir_version ? "ir_version" : !p->graph ? "graph" : "opset_import");
		onnx__model_proto__free_unpacked(p, NULL);
		return NULL;
	}
	return p;
}

int mf_onnx_sniff(const char *path)
{
	static const unsigned char hdf5[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
	unsigned char head[8] = {0};
	size_t len = strlen(path);
	int by_name = len >= 5 && strcmp(path + len - 5, ".onnx") == 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return by_name;
	size_t n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	if (n == sizeof head && memcmp(head, hdf5, sizeof head) == 0)
		return 0;
	return (n > 0 && head[0] == 0x08) || by_name; /* field 1 (ir_version), a varint */
}

/* ---- checks and the input -------------------------------------------------------------------- */

static int check_versions(mf_oconv_t *c)
{
	const Onnx__ModelProto *p = c->proto;
	if (p->ir_version < 3 || p->ir_version > 9) {
		mf_error("%s: ONNX IR version %lld (motiflift reads 3 to 9; re-export with opset_version=13)",
			c->file, (long long)p->ir_version);
		return -1;
	}
	c->opset = -1;
	for (size_t k = 0; k < p->n_opset_import; ++k) {
		const Onnx__OperatorSetIdProto *o = p->opset_import[k];
		if (!o->domain || !*o->domain || strcmp(o->domain, "ai.onnx") == 0)
			c->opset = o->has_version ? (int)o->version : -1;
	}
	if (c->opset < MF_ONNX_OPSET_MIN || c->opset > MF_ONNX_OPSET_MAX) {
		mf_error("%s: ONNX opset %d (motiflift reads opsets %d to %d: export with "
			"torch.onnx.export(..., opset_version=13))", c->file, c->opset, MF_ONNX_OPSET_MIN,
			MF_ONNX_OPSET_MAX);
		return -1;
	}
	return 0;
}

static int add_initializers(mf_oconv_t *c)
{
	const Onnx__GraphProto *g = c->proto->graph;
	if (g->n_sparse_initializer) {
		mf_error("%s: sparse initializers are not supported", c->file);
		return -1;
	}
	for (size_t k = 0; k < g->n_initializer; ++k) {
		mf_oval_t *v = mf_oval_add(c, g->initializer[k]->name, MF_OV_CONST);
		if (!v || mf_otensor_decode(g->initializer[k], c->file, &v->t) < 0)
			return -1;
	}
	return 0;
}

/* The graph's one input that is not an initializer. */
static const Onnx__ValueInfoProto *the_input(mf_oconv_t *c)
{
	const Onnx__GraphProto *g = c->proto->graph;
	const Onnx__ValueInfoProto *in = NULL;
	for (size_t k = 0; k < g->n_input; ++k) {
		if (mf_oval_find(c, g->input[k]->name))
			continue; /* IR < 4 lists the initializers as inputs too */
		if (in) {
			mf_error("%s: the model has several inputs ('%s', '%s', ...); motiflift feeds one, the "
				"one-hot sequence (export with the others fixed, e.g. scripts/onnx_export.py "
				"--zero-inputs)", c->file, in->name, g->input[k]->name);
			return NULL;
		}
		in = g->input[k];
	}
	if (!in)
		mf_error("%s: the graph has no input", c->file);
	return in;
}

/* "(N, 4, 200)" from the declared dims (symbolic ones by name). */
static void describe_shape(const Onnx__TensorShapeProto *s, char *buf, size_t size)
{
	size_t k = (size_t)snprintf(buf, size, "(");
	for (size_t i = 0; s && i < s->n_dim && k < size; ++i) {
		const Onnx__TensorShapeProto__Dimension *d = s->dim[i];
		if (d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE)
			k += (size_t)snprintf(buf + k, size - k, "%s%lld", i ? ", " : "", (long long)d->dim_value);
		else
			k += (size_t)snprintf(buf + k, size - k, "%s%s", i ? ", " : "",
				d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM && d->dim_param
				? d->dim_param : "?");
	}
	if (k < size)
		snprintf(buf + k, size - k, ")");
}

static int64_t dim_of(const Onnx__TensorShapeProto *s, int i)
{
	const Onnx__TensorShapeProto__Dimension *d = s->dim[i];
	return d->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE ? d->dim_value : -1;
}

static int setup_input(mf_oconv_t *c)
{
	const Onnx__ValueInfoProto *in = the_input(c);
	if (!in)
		return -1;
	const Onnx__TypeProto *t = in->type;
	const Onnx__TensorShapeProto *s = t && t->value_case == ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE
		? t->tensor_type->shape : NULL;
	char shape[160];
	describe_shape(s, shape, sizeof shape);
	if (!s || s->n_dim != 3 || t->tensor_type->elem_type != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT) {
		mf_error("%s: input '%s' is not a float tensor of 3 axes (N, 4, L) or (N, L, 4) but %s",
			c->file, in->name, shape);
		return -1;
	}
	int64_t b = dim_of(s, 0), d1 = dim_of(s, 1), d2 = dim_of(s, 2);
	int first = d1 == 4 && d2 != -1, last = !first && d2 == 4;
	int64_t L = first ? d2 : d1;
	if ((!first && !last) || L < 1 || L > (1 << 28)) {
		if (d1 == 4 || d2 == 4)
			mf_error("%s: input '%s' has shape %s: its length is not fixed; export with a fixed "
				"length (torch.onnx.export with an example of that length and only the batch axis "
				"dynamic, e.g. scripts/onnx_export.py --length)", c->file, in->name, shape);
		else
			mf_error("%s: input '%s' has shape %s: neither axis has the 4 channels of one-hot DNA "
				"(A, C, G, T)", c->file, in->name, shape);
		return -1;
	}
	c->batch_fixed = b == 1;
	c->m->in_len = (int)L;
	c->m->in_ch = 4;
	mf_oval_t *v = mf_oval_add(c, in->name, MF_OV_ACT);
	if (!v || !(c->m->input_name = strdup(in->name)))
		return -1;
	int dims[2] = {first ? 4 : (int)L, first ? (int)L : 4};
	mf_oact_canonical(&v->a, MF_MODEL_INPUT, (int)L, 4, 2, dims, first ? 1 : 0, first ? 0 : 1);
	const Onnx__ModelProto *p = c->proto;
	char origin[512];
	snprintf(origin, sizeof origin, "ONNX (IR %lld, opset %d%s%s%s%s); input '%s' %s: channels %s",
		(long long)p->ir_version, c->opset, p->producer_name && *p->producer_name ? ", " : "",
		p->producer_name ? p->producer_name : "", p->producer_version && *p->producer_version ? " " : "",
		p->producer_version ? p->producer_version : "", in->name, shape, first ? "first" : "last");
	return (c->m->origin = strdup(origin)) ? 0 : -1;
}

/* ---- nodes and outputs ------------------------------------------------------------------------ */

static int convert_nodes(mf_oconv_t *c)
{
	const Onnx__GraphProto *g = c->proto->graph;
	for (size_t k = 0; k < g->n_node; ++k) {
		c->node = g->node[k];
		c->node_index = (int)k;
		const char *dom = c->node->domain;
		if (dom && *dom && strcmp(dom, "ai.onnx") != 0) {
			mf_onode_error(c, "op of domain '%s' is not supported (only standard ONNX ops)", dom);
			return -1;
		}
		int r = mf_onnx_fold(c);
		if (r < 0 || (r == 0 && mf_onnx_op(c) < 0))
			return -1;
	}
	c->node = NULL;
	return 0;
}

static int set_outputs(mf_oconv_t *c)
{
	const Onnx__GraphProto *g = c->proto->graph;
	mf_model_t *m = c->m;
	if (g->n_output < 1 || !(m->outputs = calloc(g->n_output, sizeof *m->outputs))) {
		mf_error("%s: %s", c->file, g->n_output ? "out of memory" : "the graph has no output");
		return -1;
	}
	for (size_t k = 0; k < g->n_output; ++k) {
		const char *name = g->output[k]->name;
		mf_oval_t *v = mf_oval_find(c, name);
		c->out_name = name;
		int len_axis, ch_axis, layer = -2;
		if (!v || v->kind != MF_OV_ACT) {
			mf_error("%s: output '%s' is %s", c->file, name ? name : "?",
				v ? "a constant (it does not depend on the sequence)" : "not produced by any node");
			return -1;
		}
		if (mf_oact_unpad(c, &v->a) == 0 && mf_oact_axes(c, &v->a, &len_axis, &ch_axis) == 0)
			layer = mf_oact_materialize(c, &v->a, len_axis, ch_axis);
		if (layer == MF_MODEL_INPUT)
			mf_error("%s: output '%s' is the input itself", c->file, name);
		if (layer < 0)
			return -1;
		m->outputs[k].layer = layer;
		if (!(m->outputs[k].name = strdup(name)))
			return -1;
		m->n_outputs = (int)k + 1;
	}
	return 0;
}

/* ---- the last pass ----------------------------------------------------------------------------- */

/* Drops the layers no output needs (renumbering the rest). */
static int prune(mf_oconv_t *c)
{
	mf_model_t *m = c->m;
	int n = m->n_layers, kept = 0;
	char *need = calloc((size_t)n + 1, 1), *one = malloc((size_t)n + 1);
	int *to = malloc(sizeof *to * ((size_t)n + 1));
	if (!need || !one || !to) {
		free(need), free(one), free(to);
		mf_error("%s: out of memory", c->file);
		return -1;
	}
	for (int k = 0; k < m->n_outputs; ++k) {
		mf_graph_needed(m, m->outputs[k].layer, one);
		for (int i = 0; i < n; ++i)
			need[i] |= one[i];
	}
	for (int i = 0; i < n; ++i) {
		to[i] = need[i] ? kept : -1;
		if (!need[i]) {
			mf_layer_release(&m->layers[i]);
			continue;
		}
		m->layers[kept] = m->layers[i];
		c->prov[kept] = c->prov[i];
		mf_layer_t *l = &m->layers[kept++];
		for (int j = 0; j < l->n_in; ++j)
			l->in[j] = l->in[j] < 0 ? l->in[j] : to[l->in[j]];
	}
	for (int k = 0; k < m->n_outputs; ++k)
		m->outputs[k].layer = to[m->outputs[k].layer];
	m->n_layers = kept;
	free(need), free(one), free(to);
	return 0;
}

/* 1 when layer i is y = x + shift (BatchNorm with scale 1, as Add/Sub by constants make). */
static int is_shift(const mf_layer_t *l)
{
	if (l->type != MF_LAYER_BATCHNORM)
		return 0;
	for (int k = 0; k < l->in_ch; ++k)
		if (l->bn_scale[k] != 1.0f)
			return 0;
	return 1;
}

/* A shift right after a Conv/Dense that nothing else reads goes into its bias (as PyTorch's
   MatMul + Add is one Linear); readers of the shift then read the Conv/Dense. */
static int fuse_shifts(mf_oconv_t *c)
{
	mf_model_t *m = c->m;
	int fused = 0;
	for (int i = 0; i < m->n_layers; ++i) {
		mf_layer_t *l = &m->layers[i];
		int p = l->in[0], readers = 0;
		if (!is_shift(l) || p < 0 || (m->layers[p].type != MF_LAYER_CONV1D &&
				m->layers[p].type != MF_LAYER_DENSE))
			continue;
		for (int j = 0; j < m->n_layers; ++j)
			for (int q = 0; q < m->layers[j].n_in; ++q)
				readers += m->layers[j].in[q] == p;
		for (int k = 0; k < m->n_outputs; ++k)
			readers += m->outputs[k].layer == p;
		if (readers != 1)
			continue;
		mf_layer_t *pl = &m->layers[p];
		for (int o = 0; o < pl->out_ch; ++o)
			pl->b[o] += l->bn_shift[o];
		pl->use_bias = 1;
		for (int j = 0; j < m->n_layers; ++j)
			for (int q = 0; q < m->layers[j].n_in; ++q)
				if (m->layers[j].in[q] == i)
					m->layers[j].in[q] = p;
		for (int k = 0; k < m->n_outputs; ++k)
			if (m->outputs[k].layer == i)
				m->outputs[k].layer = p;
		fused = 1;
	}
	return fused ? prune(c) : 0;
}

/* A chain (every layer reads the one before, one output at the end) is stored as the Keras
   reader stores a Sequential model: with no links. */
static void chain_form(mf_model_t *m)
{
	for (int i = 0; i < m->n_layers; ++i)
		if (m->layers[i].n_in != 1 || m->layers[i].in[0] != i - 1)
			return;
	if (m->n_outputs != 1 || m->outputs[0].layer != m->n_layers - 1)
		return;
	for (int i = 0; i < m->n_layers; ++i)
		m->layers[i].n_in = 0;
}

/* ---- the conversion ------------------------------------------------------------------------------ */

static void conv_free(mf_oconv_t *c)
{
	for (int k = 0; k < c->n_vals; ++k) {
		free(c->vals[k].name);
		mf_otensor_free(&c->vals[k].t);
		mf_oact_free(&c->vals[k].a);
	}
	free(c->vals);
	free(c->hash);
}

mf_model_t *mf_onnx_build(const Onnx__ModelProto *p, const char *file, mf_oprov_t **prov)
{
	mf_oconv_t c = {.file = file, .proto = p};
	if (!(c.m = calloc(1, sizeof *c.m))) {
		mf_error("%s: out of memory", file);
		return NULL;
	}
	if (check_versions(&c) < 0 || add_initializers(&c) < 0 || setup_input(&c) < 0 ||
			convert_nodes(&c) < 0 || set_outputs(&c) < 0 || prune(&c) < 0 || fuse_shifts(&c) < 0)
		goto fail;
	if (c.m->n_layers == 0) {
		mf_error("%s: the model computes nothing from its input", file);
		goto fail;
	}
	chain_form(c.m);
	if (p->graph->name && !(c.m->model_name = strdup(p->graph->name)))
		goto fail;
	mf_model_select_output(c.m, 0);
	conv_free(&c);
	if (prov)
		*prov = c.prov;
	else
		free(c.prov);
	return c.m;
fail:
	conv_free(&c);
	free(c.prov);
	mf_model_destroy(c.m);
	return NULL;
}

mf_model_t *mf_onnx_load(const char *path)
{
	Onnx__ModelProto *p = mf_onnx_read_proto(path);
	if (!p)
		return NULL;
	mf_model_t *m = mf_onnx_build(p, path, NULL);
	onnx__model_proto__free_unpacked(p, NULL);
	return m;
}
