/* keras_layers.c (room keras_io): Keras layer configs <-> motiflift layers (keras_layers.h). */
#include "model/keras_layers.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"

const char *mf_keras_class(json_t *lj)
{
	return json_string_value(json_object_get(lj, "class_name"));
}

const char *mf_keras_name(json_t *lj)
{
	const char *n = json_string_value(json_object_get(json_object_get(lj, "config"), "name"));
	return n ? n : json_string_value(json_object_get(lj, "name"));
}

static mf_layer_t *new_layer(mf_kparse_t *p, mf_layer_type_t type, const char *name)
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
static int add_fused_act(mf_kparse_t *p, json_t *cfg, const char *name)
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
static int window_shape(mf_kparse_t *p, mf_layer_t *l, json_t *cfg, int span)
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

static int check_channels_last(mf_kparse_t *p, json_t *cfg, const char *name)
{
	const char *df = json_string_value(json_object_get(cfg, "data_format"));
	if (df && strcmp(df, "channels_last") != 0) {
		mf_error("%s: layer '%s': data_format '%s' is not supported (channels_last only)", p->src, name, df);
		return -1;
	}
	return 0;
}

static int parse_conv(mf_kparse_t *p, json_t *cfg, const char *name)
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
	json_t *groups = json_object_get(cfg, "groups");
	if (json_is_integer(groups) && json_integer_value(groups) != 1) {
		mf_error("%s: layer '%s': grouped convolutions (groups %lld) are not supported", p->src,
			name, (long long)json_integer_value(groups));
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

static int parse_dense(mf_kparse_t *p, json_t *cfg, const char *name)
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

static int parse_pool(mf_kparse_t *p, json_t *cfg, const char *name, mf_layer_type_t t)
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

static int parse_batchnorm(mf_kparse_t *p, json_t *cfg, const char *name)
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

static int parse_activation(mf_kparse_t *p, json_t *cfg, const char *name)
{
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

static int parse_dropout(mf_kparse_t *p, json_t *cfg, const char *name)
{
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

/* Flatten, GlobalAverage/MaxPooling1D: one position out. */
static int parse_to_vector(mf_kparse_t *p, json_t *cfg, const char *name, mf_layer_type_t t)
{
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

/* "cropping": [a, b], a single int, or [[a, b]]. */
static int parse_crop(mf_kparse_t *p, json_t *cfg, const char *name)
{
	json_t *c = json_object_get(cfg, "cropping");
	long a = -1, b = -1;
	if (json_is_integer(c))
		a = b = (long)json_integer_value(c);
	else if (json_is_array(c) && json_array_size(c) == 1 && json_is_array(json_array_get(c, 0)))
		c = json_array_get(c, 0);
	if (json_is_array(c) && json_array_size(c) == 2 && json_is_integer(json_array_get(c, 0)) &&
			json_is_integer(json_array_get(c, 1))) {
		a = (long)json_integer_value(json_array_get(c, 0));
		b = (long)json_integer_value(json_array_get(c, 1));
	}
	if (a < 0 || b < 0 || a + b >= p->len) {
		mf_error("%s: layer '%s': bad 'cropping' (need two non-negative crops leaving at least one "
			"of the %d positions)", p->src, name, p->len);
		return -1;
	}
	mf_layer_t *l = new_layer(p, MF_LAYER_CROP, name);
	if (!l)
		return -1;
	l->crop_left = (int)a;
	l->out_len = p->len - (int)(a + b);
	p->len = l->out_len;
	return 0;
}

/* Add (and Keras' Subtract/Multiply are not): inputs of one shape. */
static int parse_add(mf_kparse_t *p, const char *name)
{
	for (int j = 1; j < p->n_inputs; ++j)
		if (p->in_len[j] != p->in_len[0] || p->in_ch[j] != p->in_ch[0]) {
			mf_error("%s: layer '%s': Add of a %d x %d and a %d x %d input", p->src, name,
				p->in_len[0], p->in_ch[0], p->in_len[j], p->in_ch[j]);
			return -1;
		}
	return new_layer(p, MF_LAYER_ADD, name) ? 0 : -1;
}

static int parse_concat(mf_kparse_t *p, json_t *cfg, const char *name)
{
	json_t *ax = json_object_get(cfg, "axis");
	long axis = ax ? (long)json_integer_value(ax) : -1;
	if (!(axis == -1 || axis == 2 || (axis == 1 && p->len == 1 && p->n_inputs > 0 &&
			p->in_len[p->n_inputs - 1] == 1))) {
		mf_error("%s: layer '%s': Concatenate along axis %ld is not supported (only the channels, "
			"axis -1)", p->src, name, axis);
		return -1;
	}
	int ch = 0;
	for (int j = 0; j < p->n_inputs; ++j) {
		if (p->in_len[j] != p->in_len[0]) {
			mf_error("%s: layer '%s': Concatenate of inputs of lengths %d and %d", p->src, name,
				p->in_len[0], p->in_len[j]);
			return -1;
		}
		ch += p->in_ch[j];
	}
	mf_layer_t *l = new_layer(p, MF_LAYER_CONCAT, name);
	if (!l)
		return -1;
	l->out_ch = p->ch = ch;
	return 0;
}

/* Reshape to (n,) or (len, ch), -1 allowed once: the same row-major values. */
static int parse_reshape(mf_kparse_t *p, json_t *cfg, const char *name)
{
	json_t *t = json_object_get(cfg, "target_shape");
	long total = (long)p->len * p->ch, d[2] = {0, 0}, known = 1;
	int rank = json_is_array(t) ? (int)json_array_size(t) : 0, unknown = -1;
	for (int i = 0; i < rank && rank <= 2; ++i) {
		json_t *v = json_array_get(t, i);
		d[i] = json_is_integer(v) ? (long)json_integer_value(v) : 0;
		if (d[i] == -1 && unknown < 0)
			unknown = i;
		else if (d[i] < 1)
			rank = 0;
		else
			known *= d[i];
	}
	if (rank >= 1 && rank <= 2 && unknown >= 0 && total % known == 0)
		d[unknown] = total / known;
	if (rank < 1 || rank > 2 || (rank == 1 ? d[0] : d[0] * d[1]) != total) {
		mf_error("%s: layer '%s': Reshape to a target_shape other than (n,) or (length, channels) "
			"of the same %ld values is not supported", p->src, name, total);
		return -1;
	}
	mf_layer_t *l = new_layer(p, MF_LAYER_RESHAPE, name);
	if (!l)
		return -1;
	l->reshape_rank = rank;
	l->out_len = p->len = rank == 1 ? 1 : (int)d[0];
	l->out_ch = p->ch = rank == 1 ? (int)d[0] : (int)d[1];
	return 0;
}

/* [null, L, C] from batch_input_shape (or batch_shape, input_shape [L, C]); 0 if absent. */
static int input_shape(mf_kparse_t *p, json_t *cfg, const char *name)
{
	json_t *b = json_object_get(cfg, "batch_input_shape");
	int off = 1;
	if (!b)
		b = json_object_get(cfg, "batch_shape");
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
	p->len = (int)json_integer_value(json_array_get(b, off));
	p->ch = (int)json_integer_value(json_array_get(b, off + 1));
	if (p->len < 1 || p->ch < 1) {
		mf_error("%s: layer '%s': bad input shape", p->src, name);
		return -1;
	}
	p->m->in_len = p->len;
	p->m->in_ch = p->ch;
	return 1;
}

/* The classes motiflift cannot run, each with what to do instead. */
static int refuse(mf_kparse_t *p, const char *cls, const char *name)
{
	if (strcmp(cls, "Lambda") == 0)
		mf_error("%s: layer '%s' is a Lambda, whose function is Python code stored in the file and "
			"cannot be run from C (for ChromBPNet, explain chrombpnet_nobias.h5 instead of "
			"chrombpnet.h5)", p->src, name);
	else if (strcmp(cls, "Functional") == 0 || strcmp(cls, "Model") == 0 || strcmp(cls, "Sequential") == 0)
		mf_error("%s: layer '%s' is a nested model (%s): save that model on its own and load it "
			"(for ChromBPNet, chrombpnet_nobias.h5 instead of chrombpnet.h5)", p->src, name, cls);
	else if (strcmp(cls, "TFOpLambda") == 0 || strcmp(cls, "SlicingOpLambda") == 0)
		mf_error("%s: layer '%s' is a TensorFlow operation (%s) recorded in the model, which cannot "
			"be run from C: express it with Keras layers", p->src, name, cls);
	else
		mf_error("%s: layer '%s': unsupported layer class '%s' (see motiflift-model(5) for the "
			"layers motiflift runs)", p->src, name, cls);
	return -1;
}

int mf_keras_layer(mf_kparse_t *p, json_t *lj, int index)
{
	const char *cls = mf_keras_class(lj);
	json_t *cfg = json_object_get(lj, "config");
	const char *name = json_string_value(json_object_get(cfg, "name"));
	if (!cls || !json_is_object(cfg) || !name) {
		mf_error("%s: layer %d: missing class_name, config or name", p->src, index);
		return -1;
	}
	if (p->m->in_len == 0 && input_shape(p, cfg, name) <= 0) {
		if (p->m->in_len == 0)
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
	if (strcmp(cls, "Activation") == 0)
		return parse_activation(p, cfg, name);
	if (strcmp(cls, "Dropout") == 0)
		return parse_dropout(p, cfg, name);
	if (strcmp(cls, "Flatten") == 0)
		return parse_to_vector(p, cfg, name, MF_LAYER_FLATTEN);
	if (strcmp(cls, "GlobalAveragePooling1D") == 0 || strcmp(cls, "GlobalAvgPool1D") == 0)
		return parse_to_vector(p, cfg, name, MF_LAYER_GLOBAL_AVGPOOL);
	if (strcmp(cls, "GlobalMaxPooling1D") == 0 || strcmp(cls, "GlobalMaxPool1D") == 0)
		return parse_to_vector(p, cfg, name, MF_LAYER_GLOBAL_MAXPOOL);
	if (strcmp(cls, "Cropping1D") == 0)
		return parse_crop(p, cfg, name);
	if (strcmp(cls, "Add") == 0)
		return parse_add(p, name);
	if (strcmp(cls, "Concatenate") == 0)
		return parse_concat(p, cfg, name);
	if (strcmp(cls, "Reshape") == 0)
		return parse_reshape(p, cfg, name);
	return refuse(p, cls, name);
}

int mf_keras3_refuse(json_t *root, const char *keras_version, const char *src)
{
	json_t *layers = json_object_get(json_object_get(root, "config"), "layers");
	const char *why = NULL, *layer = NULL;
	if (keras_version && keras_version[0] == '3' && keras_version[1] == '.')
		why = "keras_version 3";
	else if (json_object_get(root, "module") || json_object_get(root, "registered_name"))
		why = "its config has 'module' and 'registered_name' keys";
	for (size_t i = 0; !why && json_is_array(layers) && i < json_array_size(layers); ++i) {
		json_t *lj = json_array_get(layers, i), *nodes = json_object_get(lj, "inbound_nodes");
		layer = mf_keras_name(lj);
		if (json_object_get(lj, "module") || json_object_get(lj, "registered_name"))
			why = "'module' and 'registered_name' keys";
		else if (json_is_array(nodes) && json_is_object(json_array_get(nodes, 0)))
			why = "inbound_nodes as {\"args\": ...}";
	}
	if (!why)
		return 0;
	mf_error("%s: a Keras 3 model (%s%s%s): motiflift reads the Keras 2 / tf.keras HDF5 layout; "
		"save the model with tf.keras (TensorFlow <= 2.15, or tf_keras) as .h5", src, why,
		layer ? " at layer " : "", layer ? layer : "");
	return 1;
}

/* ---- writing ------------------------------------------------------------------------ */

static int set_int1(json_t *cfg, const char *key, int v)
{
	return json_object_set_new(cfg, key, json_pack("[i]", v));
}

static void conv_config(json_t *cfg, const mf_layer_t *l, const char *act)
{
	json_object_set_new(cfg, "filters", json_integer(l->out_ch));
	set_int1(cfg, "kernel_size", l->k);
	set_int1(cfg, "strides", l->stride);
	set_int1(cfg, "dilation_rate", l->dilation);
	json_object_set_new(cfg, "padding", json_string(l->same_pad ? "same" : "valid"));
	json_object_set_new(cfg, "data_format", json_string("channels_last"));
	json_object_set_new(cfg, "activation", json_string(act));
	json_object_set_new(cfg, "use_bias", json_boolean(l->use_bias));
}

json_t *mf_keras_layer_config(const mf_model_t *m, int i, const char **class_name)
{
	const mf_layer_t *l = &m->layers[i];
	const mf_layer_t *nx = i + 1 < m->n_layers ? &m->layers[i + 1] : NULL;
	const char *act = nx && nx->type == MF_LAYER_ACT && nx->fused_from ? mf_act_name(nx->act) : "linear";
	json_t *cfg = json_pack("{s:s, s:b}", "name", l->name, "trainable", 1);
	*class_name = mf_layer_type_name(l->type);
	switch (l->type) {
	case MF_LAYER_CONV1D:
		conv_config(cfg, l, act);
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
	case MF_LAYER_CROP:
		json_object_set_new(cfg, "cropping", json_pack("[i, i]", l->crop_left,
			l->in_len - l->out_len - l->crop_left));
		break;
	case MF_LAYER_CONCAT:
		json_object_set_new(cfg, "axis", json_integer(-1));
		break;
	case MF_LAYER_RESHAPE:
		json_object_set_new(cfg, "target_shape", l->reshape_rank == 1 ? json_pack("[i]", l->out_ch)
			: json_pack("[i, i]", l->out_len, l->out_ch));
		break;
	default:
		break;
	}
	return cfg;
}
