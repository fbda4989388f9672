/* keras_config.c (room keras_io): the Keras architecture JSON <-> the layer graph. The
 * Sequential form is read here; the functional form (class Functional or Model) in
 * keras_functional.c; both build their layers with keras_layers.c. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/keras_io.h"
#include "model/keras_functional.h"
#include "model/keras_layers.h"
#include "base/log.h"

/* ---- reading ---------------------------------------------------------------------- */

/* The layer list: Keras <= 2.2.2 writes config as a list, later versions as {"layers": [...]}. */
static json_t *sequential_layers(json_t *root, const char *src, mf_model_t *m)
{
	json_t *cfg = json_object_get(root, "config");
	if (json_is_object(cfg)) {
		const char *nm = json_string_value(json_object_get(cfg, "name"));
		if (nm)
			m->model_name = strdup(nm);
		cfg = json_object_get(cfg, "layers");
	}
	if (!json_is_array(cfg) || json_array_size(cfg) == 0) {
		mf_error("%s: the Sequential config has no layers", src);
		return NULL;
	}
	return cfg;
}

static int parse_sequential(json_t *root, const char *src, mf_model_t *m)
{
	mf_kparse_t p = {.src = src, .m = m};
	json_t *layers = sequential_layers(root, src, m);
	if (!layers)
		return -1;
	for (size_t i = 0; i < json_array_size(layers); ++i) {
		json_t *lj = json_array_get(layers, i);
		const char *cls = mf_keras_class(lj);
		if (cls && (strcmp(cls, "Add") == 0 || strcmp(cls, "Concatenate") == 0)) {
			mf_error("%s: layer '%s': %s in a Sequential model", src, mf_keras_name(lj), cls);
			return -1;
		}
		if (mf_keras_layer(&p, lj, (int)i) < 0)
			return -1;
	}
	return 0;
}

mf_model_t *mf_keras_parse_config(const char *json_text, const char *src)
{
	json_error_t err;
	json_t *root = json_loads(json_text, 0, &err);
	if (!root) {
		mf_error("%s: line %d: not valid JSON: %s", src, err.line, err.text);
		return NULL;
	}
	const char *kv = json_string_value(json_object_get(root, "keras_version"));
	const char *be = json_string_value(json_object_get(root, "backend"));
	const char *cls = json_string_value(json_object_get(root, "class_name"));
	mf_model_t *m = calloc(1, sizeof *m);
	if (!m || mf_keras3_refuse(root, kv, src))
		goto fail;
	if (cls && strcmp(cls, "Sequential") == 0) {
		if (parse_sequential(root, src, m) < 0)
			goto fail;
	} else if (cls && (strcmp(cls, "Functional") == 0 || strcmp(cls, "Model") == 0)) {
		if (mf_keras_parse_functional(root, src, m) < 0)
			goto fail;
	} else {
		mf_error("%s: the model is a '%s', not a Keras Sequential or functional (Functional, "
			"Model) model", src, cls ? cls : "(no class_name)");
		goto fail;
	}
	if (m->n_layers == 0) {
		mf_error("%s: the model has no layers besides its input", src);
		goto fail;
	}
	m->keras_version = strdup(kv ? kv : "2.1.6");
	m->backend = strdup(be ? be : "tensorflow");
	m->config_json = strdup(json_text);
	if (!m->keras_version || !m->backend || !m->config_json)
		goto fail;
	m->n_out = (int)mf_layer_out_size(&m->layers[m->n_outputs ? m->outputs[0].layer : m->n_layers - 1]);
	json_decref(root);
	return m;
fail:
	json_decref(root);
	mf_model_destroy(m);
	return NULL;
}

/* ---- writing (for models built or changed in code) ------------------------------------ */

static char *sequential_json(const mf_model_t *m)
{
	json_t *layers = json_array();
	for (int i = 0; i < m->n_layers; ++i) {
		if (m->layers[i].type == MF_LAYER_ACT && m->layers[i].fused_from)
			continue;
		const char *cls;
		json_t *cfg = mf_keras_layer_config(m, i, &cls);
		if (i == 0)
			json_object_set_new(cfg, "batch_input_shape", json_pack("[n, i, i]", m->in_len, m->in_ch));
		json_array_append_new(layers, json_pack("{s:s, s:o}", "class_name", cls, "config", cfg));
	}
	json_t *root = json_pack("{s:s, s:{s:s, s:o}, s:s, s:s}", "class_name", "Sequential", "config",
		"name", m->model_name ? m->model_name : "sequential_1", "layers", layers,
		"keras_version", m->keras_version ? m->keras_version : "2.1.6",
		"backend", m->backend ? m->backend : "tensorflow");
	char *s = root ? json_dumps(root, JSON_COMPACT) : NULL;
	json_decref(root);
	return s;
}

char *mf_keras_config_json(const mf_model_t *m)
{
	if (m->config_json)
		return strdup(m->config_json);
	char *s = m->keras_class ? mf_keras_functional_json(m) : sequential_json(m);
	if (!s)
		mf_error("cannot build the architecture JSON");
	return s;
}
