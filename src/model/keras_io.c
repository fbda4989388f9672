/* keras_io.c: reading and writing Keras HDF5 model files through the HDF5 C API.
 *
 * HDF5 prints its own error stack on every failed call unless told not to; we switch
 * that off (H5Eset_auto2) and report each failure once, naming the file, the layer or
 * dataset and the problem. Weights are read by name ("<layer>/kernel:0") from each
 * layer group's 'weight_names' attribute, shape- and type-checked against the
 * architecture, and rejected if any value is NaN or infinite. */
#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/keras_io.h"
#include "base/log.h"
#include "io/slurp.h"
#include "io/tmpfile.h"

static void hdf5_quiet(void)
{
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/* ---- small readers ------------------------------------------------------------------ */

/* A scalar string attribute (variable- or fixed-length); NULL if absent or not a string. */
static char *read_str_attr(hid_t obj, const char *name)
{
	if (H5Aexists(obj, name) <= 0)
		return NULL;
	hid_t a = H5Aopen(obj, name, H5P_DEFAULT), ft = a < 0 ? -1 : H5Aget_type(a);
	char *out = NULL;
	if (ft >= 0 && H5Tget_class(ft) == H5T_STRING) {
		if (H5Tis_variable_str(ft) > 0) {
			hid_t mt = H5Tcopy(H5T_C_S1);
			H5Tset_size(mt, H5T_VARIABLE);
			H5Tset_cset(mt, H5Tget_cset(ft)); /* h5py 3 writes UTF-8; HDF5 will not convert */
			char *p = NULL;
			if (H5Aread(a, mt, &p) >= 0 && p)
				out = strdup(p);
			free(p);
			H5Tclose(mt);
		} else {
			size_t sz = H5Tget_size(ft);
			out = calloc(sz + 1, 1);
			if (out && H5Aread(a, ft, out) < 0) {
				free(out);
				out = NULL;
			}
		}
	}
	if (ft >= 0)
		H5Tclose(ft);
	if (a >= 0)
		H5Aclose(a);
	return out;
}

/* A 1-D string array attribute ('layer_names', 'weight_names'). An empty non-string
   array (what h5py writes for []) is an empty list. *n = -1 when absent or unreadable. */
static char **read_str_array_attr(hid_t obj, const char *name, int *n)
{
	*n = -1;
	if (H5Aexists(obj, name) <= 0)
		return NULL;
	hid_t a = H5Aopen(obj, name, H5P_DEFAULT), ft = H5Aget_type(a), sp = H5Aget_space(a);
	hssize_t cnt = H5Sget_simple_extent_npoints(sp);
	char **out = NULL;
	if (cnt == 0) {
		*n = 0;
		out = calloc(1, sizeof(char *));
	} else if (cnt > 0 && H5Tget_class(ft) == H5T_STRING) {
		out = calloc((size_t)cnt + 1, sizeof(char *));
		if (H5Tis_variable_str(ft) > 0) {
			hid_t mt = H5Tcopy(H5T_C_S1);
			H5Tset_size(mt, H5T_VARIABLE);
			H5Tset_cset(mt, H5Tget_cset(ft));
			if (out && H5Aread(a, mt, out) >= 0) {
				for (hssize_t i = 0; i < cnt; ++i) { /* into malloc'd memory we own */
					char *p = out[i];
					out[i] = strdup(p ? p : "");
					free(p);
				}
				*n = (int)cnt;
			}
			H5Tclose(mt);
		} else {
			size_t sz = H5Tget_size(ft);
			char *raw = calloc((size_t)cnt, sz);
			if (out && raw && H5Aread(a, ft, raw) >= 0) {
				for (hssize_t i = 0; i < cnt; ++i)
					out[i] = strndup(raw + i * sz, sz);
				*n = (int)cnt;
			}
			free(raw);
		}
	}
	H5Sclose(sp);
	H5Tclose(ft);
	H5Aclose(a);
	if (*n < 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void free_strs(char **s, int n)
{
	for (int i = 0; s && i < n; ++i)
		free(s[i]);
	free(s);
}

/* A Keras name list: the attribute itself, or, when Keras split one over 64 kB, the
   concatenation of name0, name1, ... *n = -1 when absent or unreadable. */
static char **read_names_attr(hid_t obj, const char *name, int *n)
{
	char **all = read_str_array_attr(obj, name, n);
	if (all || H5Aexists(obj, name) > 0)
		return all;
	*n = -1;
	for (int part = 0;; ++part) {
		char key[128];
		int k = 0;
		snprintf(key, sizeof key, "%s%d", name, part);
		if (H5Aexists(obj, key) <= 0)
			return all;
		char **chunk = read_str_array_attr(obj, key, &k);
		char **grown = chunk ? realloc(all, sizeof(char *) * ((size_t)(*n < 0 ? 0 : *n) + k + 1)) : NULL;
		if (!grown) {
			free_strs(chunk, k);
			free_strs(all, *n);
			*n = -1;
			return NULL;
		}
		all = grown;
		if (*n < 0)
			*n = 0;
		memcpy(all + *n, chunk, sizeof(char *) * (size_t)k);
		*n += k;
		free(chunk);
	}
}

/* ---- weights ------------------------------------------------------------------------- */

typedef struct {
	const char *file;
	hid_t root;          /* "/" (weights-only form) or "/model_weights" */
} wctx_t;

/* The name in weight_names whose last component starts with "<key>:" ("kernel"). */
static const char *find_weight(char **names, int n, const char *key)
{
	size_t kl = strlen(key);
	for (int i = 0; i < n; ++i) {
		const char *base = strrchr(names[i], '/');
		base = base ? base + 1 : names[i];
		if (strncmp(base, key, kl) == 0 && base[kl] == ':')
			return names[i];
	}
	return NULL;
}

static int all_finite(const float *x, size_t n)
{
	for (size_t i = 0; i < n; ++i)
		if (!isfinite(x[i]))
			return 0;
	return 1;
}

/* Reads dataset `path` (relative to layer group g) of exactly the given shape as float32. */
static float *read_weight(const wctx_t *w, hid_t g, const char *layer, const char *path,
	int ndim, const hsize_t *want)
{
	float *buf = NULL;
	hid_t d = H5Dopen2(g, path, H5P_DEFAULT), t = -1, sp = -1;
	if (d < 0) {
		mf_error("%s: layer '%s': weight '%s' listed in weight_names but missing", w->file, layer, path);
		return NULL;
	}
	t = H5Dget_type(d);
	sp = H5Dget_space(d);
	hsize_t dims[8] = {0};
	int nd = H5Sget_simple_extent_ndims(sp);
	if (H5Tget_class(t) != H5T_FLOAT) {
		mf_error("%s: layer '%s': weight '%s' is not a floating-point dataset", w->file, layer, path);
		goto done;
	}
	if (nd != ndim || nd > 8 || H5Sget_simple_extent_dims(sp, dims, NULL) < 0 ||
		memcmp(dims, want, sizeof(hsize_t) * ndim) != 0) {
		char got[128] = "", exp[128] = "";
		for (int i = 0; i < nd && i < 8; ++i)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%llu", i ? "," : "", (unsigned long long)dims[i]);
		for (int i = 0; i < ndim; ++i)
			snprintf(exp + strlen(exp), sizeof exp - strlen(exp), "%s%llu", i ? "," : "", (unsigned long long)want[i]);
		mf_error("%s: layer '%s': weight '%s' has shape (%s) but the architecture needs (%s)",
			w->file, layer, path, got, exp);
		goto done;
	}
	size_t n = 1;
	for (int i = 0; i < ndim; ++i)
		n *= want[i];
	buf = malloc(sizeof(float) * (n ? n : 1));
	if (!buf || H5Dread(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
		mf_error("%s: layer '%s': cannot read weight '%s'", w->file, layer, path);
		free(buf);
		buf = NULL;
	} else if (!all_finite(buf, n)) {
		mf_error("%s: layer '%s': weight '%s' contains NaN or infinite values", w->file, layer, path);
		free(buf);
		buf = NULL;
	}
done:
	H5Sclose(sp);
	H5Tclose(t);
	H5Dclose(d);
	return buf;
}

/* Reads one named weight or fails naming what is missing. */
static float *get_weight(const wctx_t *w, hid_t g, char **names, int n, const char *layer,
	const char *key, int ndim, const hsize_t *dims)
{
	const char *nm = find_weight(names, n, key);
	if (!nm) {
		mf_error("%s: layer '%s': no '%s' weight (the architecture and the weights do not match)",
			w->file, layer, key);
		return NULL;
	}
	return read_weight(w, g, layer, nm, ndim, dims);
}

static int expected_weights(const mf_layer_t *l)
{
	switch (l->type) {
	case MF_LAYER_CONV1D:
	case MF_LAYER_DENSE:
		return 1 + l->use_bias;
	case MF_LAYER_BATCHNORM:
		return 2 + l->bn_center + l->bn_scale_used;
	default:
		return 0;
	}
}

/* Folds gamma, beta, mean, var, eps into y = x*scale + shift (float64 on the way). */
static int fold_batchnorm(mf_layer_t *l)
{
	int c = l->in_ch;
	l->bn_scale = malloc(sizeof(float) * c);
	l->bn_shift = malloc(sizeof(float) * c);
	if (!l->bn_scale || !l->bn_shift)
		return -1;
	for (int i = 0; i < c; ++i) {
		double g = l->bn_gamma ? l->bn_gamma[i] : 1.0, be = l->bn_beta ? l->bn_beta[i] : 0.0;
		double s = g / sqrt((double)l->bn_var[i] + l->bn_eps);
		l->bn_scale[i] = (float)s;
		l->bn_shift[i] = (float)(be - l->bn_mean[i] * s);
	}
	return 0;
}

static int load_layer_weights(const wctx_t *w, hid_t g, mf_layer_t *l, char **names, int n)
{
	hsize_t d3[3] = {(hsize_t)l->k, (hsize_t)l->in_ch, (hsize_t)l->out_ch};
	hsize_t d2[2] = {(hsize_t)mf_layer_in_size(l), (hsize_t)l->out_ch};
	hsize_t d1[1] = {(hsize_t)l->out_ch};
	if (l->type == MF_LAYER_CONV1D || l->type == MF_LAYER_DENSE) {
		int conv = l->type == MF_LAYER_CONV1D;
		if (!(l->W = get_weight(w, g, names, n, l->name, "kernel", conv ? 3 : 2, conv ? d3 : d2)))
			return -1;
		l->b = l->use_bias ? get_weight(w, g, names, n, l->name, "bias", 1, d1)
			: calloc((size_t)l->out_ch, sizeof(float));
		return l->b ? 0 : -1;
	}
	if (l->type != MF_LAYER_BATCHNORM)
		return 0;
	if ((l->bn_scale_used && !(l->bn_gamma = get_weight(w, g, names, n, l->name, "gamma", 1, d1))) ||
		(l->bn_center && !(l->bn_beta = get_weight(w, g, names, n, l->name, "beta", 1, d1))) ||
		!(l->bn_mean = get_weight(w, g, names, n, l->name, "moving_mean", 1, d1)) ||
		!(l->bn_var = get_weight(w, g, names, n, l->name, "moving_variance", 1, d1)))
		return -1;
	for (int i = 0; i < l->in_ch; ++i)
		if (l->bn_var[i] < 0) {
			mf_error("%s: layer '%s': negative moving_variance", w->file, l->name);
			return -1;
		}
	return fold_batchnorm(l);
}

static int load_weights(const wctx_t *w, mf_model_t *m)
{
	for (int i = 0; i < m->n_layers; ++i) {
		mf_layer_t *l = &m->layers[i];
		int want = expected_weights(l);
		if (want == 0)
			continue;
		if (H5Lexists(w->root, l->name, H5P_DEFAULT) <= 0) {
			mf_error("%s: no weights for layer '%s' (the architecture and the weights do not match)",
				w->file, l->name);
			return -1;
		}
		hid_t g = H5Gopen2(w->root, l->name, H5P_DEFAULT);
		int n = 0;
		char **names = g >= 0 ? read_names_attr(g, "weight_names", &n) : NULL;
		int rc = -1;
		if (!names)
			mf_error("%s: layer '%s': no readable 'weight_names' attribute", w->file, l->name);
		else if (n != want)
			mf_error("%s: layer '%s': %d weights in the file, the architecture needs %d",
				w->file, l->name, n, want);
		else
			rc = load_layer_weights(w, g, l, names, n);
		free_strs(names, n);
		if (g >= 0)
			H5Gclose(g);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Layers in the file's layer_names that carry weights must all be in the architecture. */
static int check_extra_layers(const wctx_t *w, const mf_model_t *m)
{
	int n = 0;
	char **names = read_names_attr(w->root, "layer_names", &n);
	int rc = 0;
	for (int i = 0; i < n && rc == 0; ++i) {
		int found = 0;
		for (int j = 0; j < m->n_layers && !found; ++j)
			found = strcmp(m->layers[j].name, names[i]) == 0;
		if (found || H5Lexists(w->root, names[i], H5P_DEFAULT) <= 0)
			continue;
		hid_t g = H5Gopen2(w->root, names[i], H5P_DEFAULT);
		int nw = 0;
		char **wn = read_names_attr(g, "weight_names", &nw);
		if (nw > 0) {
			mf_error("%s: layer '%s' has weights in the file but is not in the architecture",
				w->file, names[i]);
			rc = -1;
		}
		free_strs(wn, nw);
		H5Gclose(g);
	}
	free_strs(names, n);
	return rc;
}

/* ---- loading ------------------------------------------------------------------------ */

static int is_zip(const char *path)
{
	unsigned char magic[4] = {0};
	FILE *fp = fopen(path, "rb");
	size_t got = fp ? fread(magic, 1, 4, fp) : 0;
	if (fp)
		fclose(fp);
	return got == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

static hid_t open_keras_h5(const char *path)
{
	hdf5_quiet();
	if (access(path, R_OK) != 0) {
		mf_error("%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (H5Fis_hdf5(path) <= 0) {
		if (is_zip(path))
			mf_error("%s: a Keras 3 .keras archive, not HDF5: save the model with tf.keras "
				"(TensorFlow <= 2.15, or tf_keras) as .h5", path);
		else
			mf_error("%s: not an HDF5 file (expected a Keras .h5 model)", path);
		return -1;
	}
	hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
	if (f < 0)
		mf_error("%s: cannot open as HDF5 (corrupt or truncated?)", path);
	return f;
}

/* The architecture: the JSON file if given, else the model_config attribute. */
static mf_model_t *load_architecture(hid_t f, const char *h5_path, const char *json_path)
{
	if (json_path) {
		char *text = mf_slurp(json_path, NULL);
		mf_model_t *m = text ? mf_keras_parse_config(text, json_path) : NULL;
		free(text);
		return m;
	}
	char *kv = read_str_attr(f, "keras_version"), *cfg = NULL;
	int keras3 = kv && kv[0] == '3' && kv[1] == '.';
	free(kv);
	if (keras3) {
		mf_error("%s: a Keras 3 model (keras_version 3): motiflift reads the Keras 2 / tf.keras "
			"HDF5 layout; save the model with tf.keras (TensorFlow <= 2.15, or tf_keras) as .h5", h5_path);
		return NULL;
	}
	cfg = read_str_attr(f, "model_config");
	if (!cfg) {
		mf_error("%s: no 'model_config' attribute: not a full Keras model file "
			"(for weights-only files give the architecture JSON too, e.g. --json)", h5_path);
		return NULL;
	}
	char *src = malloc(strlen(h5_path) + 16);
	if (src)
		sprintf(src, "%s:model_config", h5_path);
	mf_model_t *m = src ? mf_keras_parse_config(cfg, src) : NULL;
	free(src);
	free(cfg);
	return m;
}

mf_model_t *mf_model_load(const char *h5_path, const char *json_path)
{
	mf_model_t *m = NULL;
	hid_t f = open_keras_h5(h5_path), root = -1;
	if (f < 0)
		return NULL;
	if (!(m = load_architecture(f, h5_path, json_path)))
		goto fail;
	int full = H5Lexists(f, "model_weights", H5P_DEFAULT) > 0;
	root = H5Gopen2(f, full ? "model_weights" : "/", H5P_DEFAULT);
	if (root < 0 || (H5Aexists(root, "layer_names") <= 0 && H5Aexists(root, "layer_names0") <= 0)) {
		mf_error("%s: no Keras weights here (no 'layer_names' attribute%s)", h5_path,
			full ? " in /model_weights" : " at the root or /model_weights group");
		goto fail;
	}
	wctx_t w = {.file = h5_path, .root = root};
	if (load_weights(&w, m) < 0 || check_extra_layers(&w, m) < 0)
		goto fail;
	char *kv = read_str_attr(f, "keras_version");
	if (kv) {
		free(m->keras_version);
		m->keras_version = kv;
	}
	H5Gclose(root);
	H5Fclose(f);
	return m;
fail:
	if (root >= 0)
		H5Gclose(root);
	H5Fclose(f);
	mf_model_destroy(m);
	return NULL;
}
