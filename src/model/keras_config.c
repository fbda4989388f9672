/* keras_config.c (room keras_io): the Keras Sequential architecture JSON <-> layer list. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "model/keras_io.h"
#include "base/log.h"

/* ---- reading ---------------------------------------------------------------------- */

typedef struct {
	const char *src;    /* file named in messages */
	mf_model_t *m;
	int cap;
	int len, ch;        /* current activation shape */
} parse_t;

static mf_layer_t *new_layer(parse_t *p, mf_layer_type_t type, const char *name)
{
	if (p->m->n_layers == p->cap) {
		int cap = p->cap ? p->cap * 2 : 16;
		mf_layer_t *nl = realloc(p->m->layers, sizeof(mf_layer_t) * cap);
		if (!nl)
			return NULL;
		p->m->layers = nl;
		p->cap = cap;
	}
	mf_layer_t *l = &p->m->layers[p->m->n_layers];
	memset(l, 0, sizeof *l);
	l->name = strdup(name);
	if (!l->name)
		return NULL;
	p->m->n_layers++;
	l->type = type;
	l->in_len = l->out_len = p->len;
	l->in_ch = l->out_ch = p->ch;
	l->k = l->stride = l->dilation = 1;
	return l;
}

/* An int or a one-element list ("kernel_size": [11] or 11); def when absent/null. */
static int get_int1(json_t *cfg, const char *key, int def, int *out)
{
	json_t *v = json_object_get(cfg, key);
	if (!v || json_is_null(v)) {
		*out = def;
		return 0;
	}
	if (json_is_array(v) && json_array_size(v) == 1)
		v = json_array_get(v, 0);
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > (1 << 28))
		return -1;
	*out = (int)json_integer_value(v);
	return 0;
}

static int parse_act_name(const char *s, mf_act_t *a)
{
	static const char *names[] = {"linear", "relu", "sigmoid", "softmax", "tanh"};
	for (int i = 0; i < 5; ++i)
		if (s && strcmp(s, names[i]) == 0) {
			*a = (mf_act_t)i;
			return 0;
		}
	return -1;
}

/* A fused "activation" of Conv1D/Dense becomes its own layer "<name>/activation". */
static int add_fused_act(parse_t *p, json_t *cfg, const char *name)
{
	const char *s = json_string_value(json_object_get(cfg, "activation"));
	mf_act_t a = MF_ACT_LINEAR;
	if (s && parse_act_name(s, &a) < 0) {
		mf_error("%s: layer '%s': unsupported activation '%s' (supported: linear, relu, sigmoid, softmax, tanh)",
			p->src, name, s);
		return -1;
	}
	if (a == MF_ACT_LINEAR)
		return 0;
	char buf[512];
	snprintf(buf, sizeof buf, "%s/activation", name);
	mf_layer_t *l = new_layer(p, MF_LAYER_ACT, buf);
	if (!l)
		return -1;
	l->act = a;
	l->fused_from = 1;
	return 0;
}

/* Keras output length and left padding for 'valid'/'same' over span = (k-1)*dil+1. */
static int window_shape(parse_t *p, mf_layer_t *l, json_t *cfg, int span)
{
	const char *pad = json_string_value(json_object_get(cfg, "padding"));
	if (!pad || strcmp(pad, "valid") == 0) {
		l->out_len = p->len >= span ? (p->len - span) / l->stride + 1 : 0;
		l->pad_left = 0;
	} else if (strcmp(pad, "same") == 0) {
		l->same_pad = 1;
		l->out_len = (p->len + l->stride - 1) / l->stride;
		int total = (l->out_len - 1) * l->stride + span - p->len;
		l->pad_left = total > 0 ? total / 2 : 0;
	} else {
		mf_error("%s: layer '%s': unsupported padding '%s' (supported: valid, same)", p->src, l->name, pad);
		return -1;
	}
	if (l->out_len < 1) {
		mf_error("%s: layer '%s': input length %d is shorter than its window %d", p->src, l->name,
			p->len, span);
		return -1;
	}
	return 0;
}

static int check_channels_last(parse_t *p, json_t *cfg, const char *name)
{
	const char *df = json_string_value(json_object_get(cfg, "data_format"));
	if (df && strcmp(df, "channels_last") != 0) {
		mf_error("%s: layer '%s': data_format '%s' is not supported (channels_last only)", p->src, name, df);
		return -1;
	}
	return 0;
}

static int parse_conv(parse_t *p, json_t *cfg, const char *name)
{
	mf_layer_t *l = new_layer(p, MF_LAYER_CONV1D, name);
	if (!l || check_channels_last(p, cfg, name) < 0)
		return -1;
	if (get_int1(cfg, "filters", 0, &l->out_ch) < 0 || get_int1(cfg, "kernel_size", 0, &l->k) < 0 ||
		get_int1(cfg, "strides", 1, &l->stride) < 0 || get_int1(cfg, "dilation_rate", 1, &l->dilation) < 0 ||
		l->out_ch < 1 || l->k < 1) {
		mf_error("%s: layer '%s': bad filters/kernel_size/strides/dilation_rate", p->src, name);
		return -1;
	}
	if (l->stride > 1 && l->dilation > 1) {
		mf_error("%s: layer '%s': strides > 1 with dilation_rate > 1 is not supported by Keras", p->src, name);
		return -1;
	}
	if (window_shape(p, l, cfg, (l->k - 1) * l->dilation + 1) < 0)
		return -1;
	json_t *ub = json_object_get(cfg, "use_bias");
	l->use_bias = !ub || json_is_true(ub);
	p->len = l->out_len;
	p->ch = l->out_ch;
	return add_fused_act(p, cfg, name);
}

static int parse_dense(parse_t *p, json_t *cfg, const char *name)
{
	if (p->len != 1) {
		mf_error("%s: layer '%s': Dense on a %d x %d input is not supported (add a Flatten or global pooling first)",
			p->src, name, p->len, p->ch);
		return -1;
	}
	mf_layer_t *l = new_layer(p, MF_LAYER_DENSE, name);
	if (!l)
		return -1;
	if (get_int1(cfg, "units", 0, &l->out_ch) < 0 || l->out_ch < 1) {
		mf_error("%s: layer '%s': bad 'units'", p->src, name);
		return -1;
	}
	json_t *ub = json_object_get(cfg, "use_bias");
	l->use_bias = !ub || json_is_true(ub);
	p->ch = l->out_ch;
	return add_fused_act(p, cfg, name);
}

static int parse_pool(parse_t *p, json_t *cfg, const char *name, mf_layer_type_t t)
{
	mf_layer_t *l = new_layer(p, t, name);
	if (!l || check_channels_last(p, cfg, name) < 0)
		return -1;
	if (get_int1(cfg, "pool_size", 2, &l->k) < 0 || get_int1(cfg, "strides", l->k, &l->stride) < 0) {
		mf_error("%s: layer '%s': bad pool_size/strides", p->src, name);
		return -1;
	}
	if (window_shape(p, l, cfg, l->k) < 0)
		return -1;
	p->len = l->out_len;
	return 0;
}

static int parse_batchnorm(parse_t *p, json_t *cfg, const char *name)
{
	mf_layer_t *l = new_layer(p, MF_LAYER_BATCHNORM, name);
	if (!l)
		return -1;
	json_t *ax = json_object_get(cfg, "axis");
	if (json_is_array(ax) && json_array_size(ax) == 1)
		ax = json_array_get(ax, 0);
	if (ax && !(json_is_integer(ax) && (json_integer_value(ax) == -1 || json_integer_value(ax) == 2 ||
			(p->len == 1 && json_integer_value(ax) == 1)))) {
		mf_error("%s: layer '%s': BatchNormalization over an axis other than the channels is not supported",
			p->src, name);
		return -1;
	}
	json_t *eps = json_object_get(cfg, "epsilon");
	l->bn_eps = eps ? (float)json_number_value(eps) : 1e-3f;
	json_t *c = json_object_get(cfg, "center"), *s = json_object_get(cfg, "scale");
	l->bn_center = !c || json_is_true(c);
	l->bn_scale_used = !s || json_is_true(s);
	return 0;
}

/* [null, L, C] from batch_input_shape (or input_shape [L, C]); 0 if absent. */
static int input_shape(parse_t *p, json_t *cfg, const char *name)
{
	json_t *b = json_object_get(cfg, "batch_input_shape");
	int off = 1;
	if (!b) {
		b = json_object_get(cfg, "input_shape");
		off = 0;
	}
	if (!b)
		return 0;
	if (!json_is_array(b) || json_array_size(b) != (size_t)(off + 2) ||
		!json_is_integer(json_array_get(b, off)) || !json_is_integer(json_array_get(b, off + 1))) {
		mf_error("%s: layer '%s': input shape must be (length, channels) with both known", p->src, name);
		return -1;
	}
	json_int_t len = json_integer_value(json_array_get(b, off));
	json_int_t ch = json_integer_value(json_array_get(b, off + 1));
	if (len < 1 || ch < 1 || len > (1 << 24) || ch > (1 << 24)) {
		mf_error("%s: layer '%s': bad input shape (%lld, %lld): length and channels must be 1 "
			"to %d", p->src, name, (long long)len, (long long)ch, 1 << 24);
		return -1;
	}
	p->len = (int)len;
	p->ch = (int)ch;
	p->m->in_len = p->len;
	p->m->in_ch = p->ch;
	return 1;
}

static int parse_layer(parse_t *p, json_t *lj, int index)
{
	const char *cls = json_string_value(json_object_get(lj, "class_name"));
	json_t *cfg = json_object_get(lj, "config");
	const char *name = json_string_value(json_object_get(cfg, "name"));
	if (!cls || !json_is_object(cfg) || !name) {
		mf_error("%s: layer %d: missing class_name, config or name", p->src, index);
		return -1;
	}
	int shaped = 1;
	if (p->m->in_len == 0 && (shaped = input_shape(p, cfg, name)) <= 0) {
		if (shaped == 0) /* a bad shape was reported by input_shape */
			mf_error("%s: layer '%s': the first layer has no batch_input_shape", p->src, name);
		return -1;
	}
	if (strcmp(cls, "InputLayer") == 0)
		return 0;
	if (strcmp(cls, "Conv1D") == 0 || strcmp(cls, "Convolution1D") == 0)
		return parse_conv(p, cfg, name);
	if (strcmp(cls, "Dense") == 0)
		return parse_dense(p, cfg, name);
	if (strcmp(cls, "AveragePooling1D") == 0 || strcmp(cls, "AvgPool1D") == 0)
		return parse_pool(p, cfg, name, MF_LAYER_AVGPOOL);
	if (strcmp(cls, "MaxPooling1D") == 0 || strcmp(cls, "MaxPool1D") == 0)
		return parse_pool(p, cfg, name, MF_LAYER_MAXPOOL);
	if (strcmp(cls, "BatchNormalization") == 0)
		return parse_batchnorm(p, cfg, name);
	if (strcmp(cls, "Activation") == 0) {
		const char *a = json_string_value(json_object_get(cfg, "activation"));
		mf_layer_t *l = new_layer(p, MF_LAYER_ACT, name);
		if (!l)
			return -1;
		if (parse_act_name(a, &l->act) < 0) {
			mf_error("%s: layer '%s': unsupported activation '%s' (supported: linear, relu, sigmoid, softmax, tanh)",
				p->src, name, a ? a : "(none)");
			return -1;
		}
		return 0;
	}
	if (strcmp(cls, "Dropout") == 0) {
		mf_layer_t *l = new_layer(p, MF_LAYER_DROPOUT, name);
		if (!l)
			return -1;
		json_t *r = json_object_get(cfg, "rate");
		double rate = json_number_value(r);
		if (!json_is_number(r) || !(rate >= 0 && rate < 1)) {
			mf_error("%s: layer '%s': Dropout rate must be a number in [0, 1)", p->src, name);
			return -1;
		}
		l->rate = (float)rate;
		return 0;
	}
	mf_layer_type_t t;
	if (strcmp(cls, "Flatten") == 0)
		t = MF_LAYER_FLATTEN;
	else if (strcmp(cls, "GlobalAveragePooling1D") == 0)
		t = MF_LAYER_GLOBAL_AVGPOOL;
	else if (strcmp(cls, "GlobalMaxPooling1D") == 0)
		t = MF_LAYER_GLOBAL_MAXPOOL;
	else {
		mf_error("%s: layer '%s': unsupported layer class '%s'", p->src, name, cls);
		return -1;
	}
	if (check_channels_last(p, cfg, name) < 0)
		return -1;
	mf_layer_t *l = new_layer(p, t, name);
	if (!l)
		return -1;
	l->out_len = 1;
	l->out_ch = t == MF_LAYER_FLATTEN ? p->len * p->ch : p->ch;
	p->len = 1;
	p->ch = l->out_ch;
	return 0;
}

/* The layer list: Keras <= 2.2.2 writes config as a list, later versions as {"layers": [...]}. */
static json_t *config_layers(json_t *root, const char *src, mf_model_t *m)
{
	const char *cls = json_string_value(json_object_get(root, "class_name"));
	if (!cls || strcmp(cls, "Sequential") != 0) {
		mf_error("%s: the model is a '%s', not a Keras Sequential model", src, cls ? cls : "(no class_name)");
		return NULL;
	}
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

mf_model_t *mf_keras_parse_config(const char *json_text, const char *src)
{
	json_error_t err;
	json_t *root = json_loads(json_text, 0, &err);
	if (!root) {
		mf_error("%s: line %d: not valid JSON: %s", src, err.line, err.text);
		return NULL;
	}
	mf_model_t *m = calloc(1, sizeof *m);
	parse_t p = {.src = src, .m = m};
	json_t *layers = m ? config_layers(root, src, m) : NULL;
	if (!layers)
		goto fail;
	for (size_t i = 0; i < json_array_size(layers); ++i)
		if (parse_layer(&p, json_array_get(layers, i), (int)i) < 0)
			goto fail;
	if (m->n_layers == 0) {
		mf_error("%s: the model has no layers besides its input", src);
		goto fail;
	}
	const char *kv = json_string_value(json_object_get(root, "keras_version"));
	const char *be = json_string_value(json_object_get(root, "backend"));
	m->keras_version = strdup(kv ? kv : "2.1.6");
	m->backend = strdup(be ? be : "tensorflow");
	m->config_json = strdup(json_text);
	if (!m->keras_version || !m->backend || !m->config_json)
		goto fail;
	m->n_out = (int)mf_layer_out_size(&m->layers[m->n_layers - 1]);
	json_decref(root);
	return m;
fail:
	json_decref(root);
	mf_model_destroy(m);
	return NULL;
}

/* ---- writing (for models built in code, with no JSON kept) ---------------------------- */

static int set_int1(json_t *cfg, const char *key, int v)
{
	return json_object_set_new(cfg, key, json_pack("[i]", v));
}

static json_t *layer_config(const mf_model_t *m, int i, int first)
{
	const mf_layer_t *l = &m->layers[i];
	const mf_layer_t *nx = i + 1 < m->n_layers ? &m->layers[i + 1] : NULL;
	const char *act = nx && nx->type == MF_LAYER_ACT && nx->fused_from ? mf_act_name(nx->act) : "linear";
	json_t *cfg = json_pack("{s:s, s:b}", "name", l->name, "trainable", 1);
	if (first)
		json_object_set_new(cfg, "batch_input_shape", json_pack("[n, i, i]", m->in_len, m->in_ch));
	switch (l->type) {
	case MF_LAYER_CONV1D:
		json_object_set_new(cfg, "filters", json_integer(l->out_ch));
		set_int1(cfg, "kernel_size", l->k);
		set_int1(cfg, "strides", l->stride);
		set_int1(cfg, "dilation_rate", l->dilation);
		json_object_set_new(cfg, "padding", json_string(l->same_pad ? "same" : "valid"));
		json_object_set_new(cfg, "data_format", json_string("channels_last"));
		json_object_set_new(cfg, "activation", json_string(act));
		json_object_set_new(cfg, "use_bias", json_boolean(l->use_bias));
		break;
	case MF_LAYER_DENSE:
		json_object_set_new(cfg, "units", json_integer(l->out_ch));
		json_object_set_new(cfg, "activation", json_string(act));
		json_object_set_new(cfg, "use_bias", json_boolean(l->use_bias));
		break;
	case MF_LAYER_ACT:
		json_object_set_new(cfg, "activation", json_string(mf_act_name(l->act)));
		break;
	case MF_LAYER_AVGPOOL:
	case MF_LAYER_MAXPOOL:
		set_int1(cfg, "pool_size", l->k);
		set_int1(cfg, "strides", l->stride);
		json_object_set_new(cfg, "padding", json_string(l->same_pad ? "same" : "valid"));
		break;
	case MF_LAYER_DROPOUT:
		json_object_set_new(cfg, "rate", json_real(l->rate));
		break;
	case MF_LAYER_BATCHNORM:
		json_object_set_new(cfg, "axis", json_integer(-1));
		json_object_set_new(cfg, "epsilon", json_real(l->bn_eps));
		json_object_set_new(cfg, "center", json_boolean(l->bn_center));
		json_object_set_new(cfg, "scale", json_boolean(l->bn_scale_used));
		break;
	default:
		break;
	}
	return json_pack("{s:s, s:o}", "class_name", mf_layer_type_name(l->type), "config", cfg);
}

char *mf_keras_config_json(const mf_model_t *m)
{
	if (m->config_json)
		return strdup(m->config_json);
	json_t *layers = json_array();
	for (int i = 0; i < m->n_layers; ++i) {
		if (m->layers[i].type == MF_LAYER_ACT && m->layers[i].fused_from)
			continue;
		json_array_append_new(layers, layer_config(m, i, i == 0));
	}
	json_t *root = json_pack("{s:s, s:{s:s, s:o}, s:s, s:s}", "class_name", "Sequential", "config",
		"name", m->model_name ? m->model_name : "sequential_1", "layers", layers,
		"keras_version", m->keras_version ? m->keras_version : "2.1.6",
		"backend", m->backend ? m->backend : "tensorflow");
	char *s = root ? json_dumps(root, JSON_COMPACT) : NULL;
	json_decref(root);
	if (!s)
		mf_error("cannot build the architecture JSON");
	return s;
}
