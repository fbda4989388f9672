/* onnx_write.c (room onnx_io): an ONNX model written back with changed convolution weights
 * (normalize): the source file is decoded again, converted again to learn which
 * initializers each convolution came from, those initializers are overwritten in place
 * (transposed back to (out, in, k); the bias gets what the change added to motiflift's),
 * and the whole protobuf is written atomically. The graph itself is untouched. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/writer.h"
#include "model/onnx_internal.h"
#include "model/onnx_io.h"

static int same_floats(const float *a, const float *b, size_t n)
{
	return (!a && !b) || (a && b && memcmp(a, b, sizeof *a * n) == 0);
}

static size_t weight_count(const mf_layer_t *l)
{
	return l->type == MF_LAYER_CONV1D ? (size_t)l->k * l->in_ch * l->out_ch
		: l->type == MF_LAYER_DENSE ? mf_layer_in_size(l) * l->out_ch : 0;
}

static int layer_changed(const mf_layer_t *a, const mf_layer_t *b)
{
	size_t c = (size_t)a->out_ch;
	return !same_floats(a->W, b->W, weight_count(a)) || !same_floats(a->b, b->b, c) ||
		!same_floats(a->bn_scale, b->bn_scale, c) || !same_floats(a->bn_shift, b->bn_shift, c);
}

static Onnx__TensorProto *find_initializer(const Onnx__GraphProto *g, const char *name)
{
	for (size_t k = 0; name && k < g->n_initializer; ++k)
		if (g->initializer[k]->name && strcmp(g->initializer[k]->name, name) == 0)
			return g->initializer[k];
	return NULL;
}

/* How many node inputs read `name`. */
static int readers(const Onnx__GraphProto *g, const char *name)
{
	int n = 0;
	for (size_t k = 0; k < g->n_node; ++k)
		for (size_t j = 0; j < g->node[k]->n_input; ++j)
			n += g->node[k]->input[j] && strcmp(g->node[k]->input[j], name) == 0;
	return n;
}

/* Overwrites the n float32 values of initializer t (raw_data or float_data) with v. */
static int put_floats(const char *file, const char *layer, Onnx__TensorProto *t, const float *v, size_t n)
{
	if (!t || t->data_type != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT ||
			(t->has_raw_data ? t->raw_data.len != n * 4 : t->n_float_data != n)) {
		mf_error("%s: layer '%s': its weights are not a float32 initializer of the model, so they "
			"cannot be written back", file, layer);
		return -1;
	}
	for (size_t k = 0; k < n; ++k) {
		if (!t->has_raw_data) {
			t->float_data[k] = v[k];
			continue;
		}
		uint32_t u;
		memcpy(&u, &v[k], sizeof u);
		for (int b = 0; b < 4; ++b)
			t->raw_data.data[4 * k + (size_t)b] = (uint8_t)(u >> (8 * b));
	}
	return 0;
}

/* Writes conv layer l (changed from o) back to the initializers it came from. */
static int write_conv(const char *file, Onnx__GraphProto *g, const mf_oprov_t *pv, const mf_layer_t *l,
	const mf_layer_t *o)
{
	int K = l->k, C = l->in_ch, O = l->out_ch;
	float *w = malloc(sizeof *w * (size_t)K * C * O), *b = malloc(sizeof *b * (size_t)O);
	Onnx__TensorProto *wt = find_initializer(g, pv->w_init), *bt = find_initializer(g, pv->b_init);
	int rc = -1;
	if (!w || !b) {
		mf_error("%s: out of memory", file);
		goto done;
	}
	if (readers(g, pv->w_init) != 1 || (pv->b_init && readers(g, pv->b_init) != 1)) {
		mf_error("%s: layer '%s': its weights are shared with other nodes; not written back", file, l->name);
		goto done;
	}
	if (!pv->b_init && !same_floats(l->b, o->b, (size_t)O)) {
		mf_error("%s: layer '%s' has no bias in the ONNX graph and the change needs one (add a bias "
			"to the convolution before exporting)", file, l->name);
		goto done;
	}
	for (int oc = 0; oc < O; ++oc)
		for (int ch = 0; ch < C; ++ch)
			for (int k = 0; k < K; ++k)
				w[((size_t)oc * C + ch) * K + k] = l->W[((size_t)k * C + ch) * O + oc];
	if (put_floats(file, l->name, wt, w, (size_t)K * C * O) < 0)
		goto done;
	if (pv->b_init) { /* the file's bias plus what the change added (shifts fused at load stay out) */
		mf_otensor_t cur;
		if (!bt || mf_otensor_decode(bt, file, &cur) < 0 || cur.is_int || cur.n != (size_t)O) {
			if (bt)
				mf_error("%s: layer '%s': its bias is not %d floats", file, l->name, O);
			else
				mf_error("%s: layer '%s': its bias is not an initializer", file, l->name);
			if (bt)
				mf_otensor_free(&cur);
			goto done;
		}
		for (int oc = 0; oc < O; ++oc)
			b[oc] = (float)((double)cur.f[oc] + ((double)l->b[oc] - o->b[oc]));
		mf_otensor_free(&cur);
		if (put_floats(file, l->name, bt, b, (size_t)O) < 0)
			goto done;
	}
	rc = 0;
done:
	free(w);
	free(b);
	return rc;
}

static int same_structure(const mf_model_t *a, const mf_model_t *b)
{
	if (a->n_layers != b->n_layers)
		return 0;
	for (int i = 0; i < a->n_layers; ++i) {
		const mf_layer_t *x = &a->layers[i], *y = &b->layers[i];
		if (x->type != y->type || strcmp(x->name, y->name) != 0 || x->in_len != y->in_len ||
				x->in_ch != y->in_ch || x->out_len != y->out_len || x->out_ch != y->out_ch || x->k != y->k)
			return 0;
	}
	return 1;
}

static int write_proto(const Onnx__ModelProto *p, const char *out_path)
{
	size_t n = onnx__model_proto__get_packed_size(p);
	uint8_t *buf = malloc(n ? n : 1);
	if (!buf) {
		mf_error("%s: out of memory for %zu bytes", out_path, n);
		return -1;
	}
	onnx__model_proto__pack(p, buf);
	mf_out_t *o = mf_out_open_compressed(out_path, 0);
	int rc = -1;
	if (o && mf_out_write(o, buf, n) < 0)
		mf_out_abort(o);
	else if (o)
		rc = mf_out_close(o);
	free(buf);
	return rc;
}

int mf_onnx_save(const char *src_path, const mf_model_t *m, const char *out_path)
{
	Onnx__ModelProto *p = mf_onnx_read_proto(src_path);
	mf_oprov_t *prov = NULL;
	mf_model_t *orig = p ? mf_onnx_build(p, src_path, &prov) : NULL;
	int rc = -1;
	if (!orig)
		goto done;
	if (!same_structure(orig, m)) {
		mf_error("%s: the model to write is not the one this file holds", src_path);
		goto done;
	}
	for (int i = 0; i < m->n_layers; ++i) {
		const mf_layer_t *l = &m->layers[i], *o = &orig->layers[i];
		if (!layer_changed(l, o))
			continue;
		if (l->type != MF_LAYER_CONV1D || prov[i].node < 0) {
			mf_error("%s: layer '%s' changed; only the weights of the model's own convolutions can be "
				"written back to ONNX", src_path, l->name);
			goto done;
		}
		if (write_conv(src_path, p->graph, &prov[i], l, o) < 0)
			goto done;
	}
	rc = write_proto(p, out_path);
done:
	mf_model_destroy(orig);
	free(prov);
	if (p)
		onnx__model_proto__free_unpacked(p, NULL);
	return rc;
}
