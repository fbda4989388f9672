/* keras_functional.c (room keras_io): Keras functional configs <-> the layer graph. */
#include "model/keras_functional.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "model/graph.h"
#include "model/keras_layers.h"

enum { UNBUILT = -2 };

typedef struct {
	const char *src;
	json_t *layers;      /* the config's layer list */
	int n;
	int *out;            /* per Keras layer: our layer holding its output, MF_MODEL_INPUT, or UNBUILT */
	mf_kparse_t p;
} fparse_t;

static int find_layer(const fparse_t *f, const char *name)
{
	for (int i = 0; name && i < f->n; ++i) {
		const char *nm = mf_keras_name(json_array_get(f->layers, i));
		if (nm && strcmp(nm, name) == 0)
			return i;
	}
	return -1;
}

/* The entries of a layer's single inbound node, or NULL (logged) for an unconnected or
   shared layer. */
static json_t *inbound_entries(const fparse_t *f, json_t *lj)
{
	json_t *nodes = json_object_get(lj, "inbound_nodes");
	const char *name = mf_keras_name(lj);
	if (!json_is_array(nodes) || json_array_size(nodes) == 0) {
		mf_error("%s: layer '%s' has no inbound node (it is not connected to the model's input)",
			f->src, name);
		return NULL;
	}
	if (json_array_size(nodes) > 1) {
		mf_error("%s: layer '%s' is called %zu times (shared layers are not supported)", f->src,
			name, json_array_size(nodes));
		return NULL;
	}
	json_t *e = json_array_get(nodes, 0);
	if (!json_is_array(e) || json_array_size(e) == 0 || json_array_size(e) > MF_LAYER_MAX_IN) {
		mf_error("%s: layer '%s': expected an inbound node of 1 to %d [layer, node, tensor] entries",
			f->src, name, MF_LAYER_MAX_IN);
		return NULL;
	}
	return e;
}

/* Keras layer index read by an inbound entry [name, node_index, tensor_index, kwargs]; -1
   logged when it is malformed or names no layer; UNBUILT-ness is the caller's business. */
static int entry_source(const fparse_t *f, json_t *lj, json_t *entry)
{
	const char *name = mf_keras_name(lj), *src = json_string_value(json_array_get(entry, 0));
	json_t *node = json_array_get(entry, 1), *tensor = json_array_get(entry, 2);
	int q = find_layer(f, src);
	if (!json_is_array(entry) || !src || !json_is_integer(node) || !json_is_integer(tensor)) {
		mf_error("%s: layer '%s': malformed inbound entry (expected [layer, node, tensor, kwargs])",
			f->src, name);
		return -1;
	}
	if (q < 0) {
		mf_error("%s: layer '%s' reads '%s', which is not a layer of the model", f->src, name, src);
		return -1;
	}
	if (json_integer_value(node) != 0 || json_integer_value(tensor) != 0) {
		mf_error("%s: layer '%s' reads output %lld of call %lld of '%s' (shared layers and layers "
			"with several outputs are not supported)", f->src, name,
			(long long)json_integer_value(tensor), (long long)json_integer_value(node), src);
		return -1;
	}
	return q;
}

/* 1 when every layer lj reads is built. */
static int ready(const fparse_t *f, json_t *lj)
{
	json_t *entries = json_array_get(json_object_get(lj, "inbound_nodes"), 0);
	for (size_t j = 0; j < json_array_size(entries); ++j) {
		int q = find_layer(f, json_string_value(json_array_get(json_array_get(entries, j), 0)));
		if (q >= 0 && f->out[q] == UNBUILT)
			return 0;
	}
	return 1;
}

static int build_input(fparse_t *f, json_t *lj, int index)
{
	mf_model_t *m = f->p.m;
	if (m->input_name) {
		mf_error("%s: the model has several inputs ('%s', '%s'): only models of one sequence "
			"input are supported", f->src, m->input_name, mf_keras_name(lj));
		return -1;
	}
	if (!(m->input_name = strdup(mf_keras_name(lj))))
		return -1;
	if (mf_keras_layer(&f->p, lj, index) < 0)
		return -1;
	if (m->in_len == 0) {
		mf_error("%s: input layer '%s' has no batch_input_shape", f->src, m->input_name);
		return -1;
	}
	f->out[index] = MF_MODEL_INPUT;
	return 0;
}

static void producer_shape(const mf_model_t *m, int q, int *len, int *ch)
{
	*len = q < 0 ? m->in_len : m->layers[q].out_len;
	*ch = q < 0 ? m->in_ch : m->layers[q].out_ch;
}

static int build_layer(fparse_t *f, json_t *lj, int index)
{
	const char *cls = mf_keras_class(lj), *name = mf_keras_name(lj);
	if (cls && strcmp(cls, "InputLayer") == 0)
		return build_input(f, lj, index);
	json_t *entries = inbound_entries(f, lj);
	if (!entries)
		return -1;
	mf_model_t *m = f->p.m;
	int k = (int)json_array_size(entries), in[MF_LAYER_MAX_IN];
	for (int j = 0; j < k; ++j) {
		int q = entry_source(f, lj, json_array_get(entries, j));
		if (q < 0)
			return -1;
		in[j] = f->out[q];
		producer_shape(m, in[j], &f->p.in_len[j], &f->p.in_ch[j]);
	}
	int multi = cls && (strcmp(cls, "Add") == 0 || strcmp(cls, "Concatenate") == 0);
	if (k > 1 && !multi) {
		mf_error("%s: layer '%s' (%s) reads %d inputs; only Add and Concatenate take several",
			f->src, name, cls ? cls : "?", k);
		return -1;
	}
	f->p.n_inputs = k;
	f->p.len = f->p.in_len[0];
	f->p.ch = f->p.in_ch[0];
	int first = m->n_layers;
	if (mf_keras_layer(&f->p, lj, index) < 0)
		return -1;
	if (m->n_layers == first) {
		mf_error("%s: layer '%s' (%s) adds nothing to the model", f->src, name, cls ? cls : "?");
		return -1;
	}
	mf_layer_t *l = &m->layers[first];
	l->n_in = k;
	memcpy(l->in, in, sizeof(int) * (size_t)k);
	f->out[index] = m->n_layers - 1; /* a fused activation, when there is one */
	return 0;
}

/* Builds every layer once all it reads is built: the graph, whatever the list order. */
static int build_all(fparse_t *f)
{
	int left = f->n;
	while (left > 0) {
		int built = 0;
		for (int i = 0; i < f->n; ++i) {
			json_t *lj = json_array_get(f->layers, i);
			if (f->out[i] != UNBUILT || !ready(f, lj))
				continue;
			if (build_layer(f, lj, i) < 0)
				return -1;
			++built, --left;
		}
		if (!built) {
			for (int i = 0; i < f->n; ++i)
				if (f->out[i] == UNBUILT) {
					mf_error("%s: layer '%s' is part of a cycle", f->src,
						mf_keras_name(json_array_get(f->layers, i)));
					break;
				}
			return -1;
		}
	}
	return 0;
}

/* [[name, 0, 0], ...] or a single [name, 0, 0]: the list of entries. */
static json_t *entry_list(json_t *v)
{
	if (json_is_array(v) && json_is_string(json_array_get(v, 0))) {
		json_t *one = json_array();
		json_array_append(one, v);
		return one;
	}
	return json_is_array(v) ? json_incref(v) : NULL;
}

static int build_outputs(fparse_t *f, json_t *cfg)
{
	mf_model_t *m = f->p.m;
	json_t *outs = entry_list(json_object_get(cfg, "output_layers"));
	int rc = -1, n = outs ? (int)json_array_size(outs) : 0;
	if (n == 0) {
		mf_error("%s: the functional config lists no output_layers", f->src);
		goto done;
	}
	if (!(m->outputs = calloc((size_t)n, sizeof *m->outputs)))
		goto done;
	for (int k = 0; k < n; ++k) {
		json_t *e = json_array_get(outs, k);
		const char *name = json_string_value(json_array_get(e, 0));
		int q = find_layer(f, name);
		if (q < 0 || f->out[q] < 0) {
			mf_error("%s: output '%s' is not a layer of the model", f->src, name ? name : "?");
			goto done;
		}
		if (json_integer_value(json_array_get(e, 1)) != 0 || json_integer_value(json_array_get(e, 2)) != 0) {
			mf_error("%s: output '%s': only the first call's first output of a layer can be an output",
				f->src, name);
			goto done;
		}
		m->n_outputs = k + 1;
		m->outputs[k].layer = f->out[q];
		if (!(m->outputs[k].name = strdup(name)))
			goto done;
	}
	rc = 0;
done:
	json_decref(outs);
	return rc;
}

int mf_keras_parse_functional(json_t *root, const char *src, mf_model_t *m)
{
	json_t *cfg = json_object_get(root, "config");
	fparse_t f = {.src = src, .layers = json_object_get(cfg, "layers"), .p = {.src = src, .m = m}};
	f.n = json_is_array(f.layers) ? (int)json_array_size(f.layers) : 0;
	if (f.n == 0) {
		mf_error("%s: the functional config has no layers", src);
		return -1;
	}
	const char *cls = json_string_value(json_object_get(root, "class_name"));
	const char *nm = json_string_value(json_object_get(cfg, "name"));
	if (!(m->keras_class = strdup(cls)) || (nm && !(m->model_name = strdup(nm))) ||
			!(f.out = malloc(sizeof(int) * (size_t)f.n)))
		return -1;
	for (int i = 0; i < f.n; ++i) {
		f.out[i] = UNBUILT;
		if (find_layer(&f, mf_keras_name(json_array_get(f.layers, i))) != i) {
			mf_error("%s: layer name '%s' appears twice", src, mf_keras_name(json_array_get(f.layers, i)));
			free(f.out);
			return -1;
		}
	}
	int rc = build_all(&f);
	if (rc == 0 && !m->input_name) {
		mf_error("%s: the functional config has no InputLayer", src);
		rc = -1;
	}
	if (rc == 0)
		rc = build_outputs(&f, cfg);
	free(f.out);
	return rc;
}

/* ---- writing ------------------------------------------------------------------------ */

/* The Keras name of the layer holding our layer q's output (a fused activation belongs
   to the Conv1D/Dense before it). */
static const char *keras_name_of(const mf_model_t *m, int q)
{
	if (q < 0)
		return m->input_name ? m->input_name : "input_1";
	if (m->layers[q].type == MF_LAYER_ACT && m->layers[q].fused_from && q > 0)
		return m->layers[q - 1].name;
	return m->layers[q].name;
}

static json_t *input_layer(const mf_model_t *m)
{
	const char *name = keras_name_of(m, MF_MODEL_INPUT);
	return json_pack("{s:s, s:{s:[n, i, i], s:s, s:b, s:b, s:s}, s:s, s:[]}", "class_name",
		"InputLayer", "config", "batch_input_shape", m->in_len, m->in_ch, "dtype", "float32",
		"sparse", 0, "ragged", 0, "name", name, "name", name, "inbound_nodes");
}

static json_t *graph_layer(const mf_model_t *m, int i)
{
	const char *cls;
	json_t *cfg = mf_keras_layer_config(m, i, &cls), *node = json_array();
	for (int j = 0; j < mf_layer_n_inputs(&m->layers[i]); ++j)
		json_array_append_new(node, json_pack("[s, i, i, {}]",
			keras_name_of(m, mf_model_layer_input(m, i, j)), 0, 0));
	return json_pack("{s:s, s:o, s:s, s:[o]}", "class_name", cls, "config", cfg, "name",
		m->layers[i].name, "inbound_nodes", node);
}

char *mf_keras_functional_json(const mf_model_t *m)
{
	json_t *layers = json_array(), *outs = json_array();
	json_array_append_new(layers, input_layer(m));
	for (int i = 0; i < m->n_layers; ++i)
		if (!(m->layers[i].type == MF_LAYER_ACT && m->layers[i].fused_from))
			json_array_append_new(layers, graph_layer(m, i));
	for (int k = 0; k < mf_model_n_outputs(m); ++k)
		json_array_append_new(outs, json_pack("[s, i, i]",
			keras_name_of(m, mf_model_output_layer(m, k)), 0, 0));
	json_t *root = json_pack("{s:s, s:{s:s, s:o, s:[[s, i, i]], s:o}, s:s, s:s}",
		"class_name", m->keras_class ? m->keras_class : "Functional",
		"config", "name", m->model_name ? m->model_name : "model", "layers", layers,
		"input_layers", keras_name_of(m, MF_MODEL_INPUT), 0, 0, "output_layers", outs,
		"keras_version", m->keras_version ? m->keras_version : "2.8.0",
		"backend", m->backend ? m->backend : "tensorflow");
	char *s = root ? json_dumps(root, JSON_COMPACT) : NULL;
	json_decref(root);
	return s;
}
