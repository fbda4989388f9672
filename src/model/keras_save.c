/* keras_save.c (room keras_io): writes the full-model Keras HDF5 form, the way Keras'
 * model.save() lays it out through h5py: fixed-length string attributes (Keras decodes
 * them as bytes), 'model_config' at the root, weights under /model_weights with
 * 'layer_names', per-layer 'weight_names' and datasets "<layer>/<layer>/<name>:0".
 * The file is built under a temporary name and renamed into place when complete. */
#include <hdf5.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/keras_io.h"
#include "base/log.h"
#include "io/tmpfile.h"

static int write_str_attr(hid_t obj, const char *name, const char *value)
{
	hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR), a = -1;
	int rc = -1;
	if (H5Tset_size(t, strlen(value) ? strlen(value) : 1) >= 0 && H5Tset_strpad(t, H5T_STR_NULLPAD) >= 0 &&
		(a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT)) >= 0 &&
		H5Awrite(a, t, value) >= 0)
		rc = 0;
	if (a >= 0)
		H5Aclose(a);
	H5Sclose(sp);
	H5Tclose(t);
	return rc;
}

/* A 1-D fixed-length string array; empty lists as an empty float64 array like h5py. */
static int write_str_array_attr(hid_t obj, const char *name, const char *const *v, int n)
{
	hsize_t dim = (hsize_t)n;
	hid_t sp = H5Screate_simple(1, &dim, NULL), t = -1, a = -1;
	int rc = -1;
	if (n == 0) {
		if ((a = H5Acreate2(obj, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
			rc = 0;
		goto done;
	}
	size_t w = 1;
	for (int i = 0; i < n; ++i)
		w = strlen(v[i]) > w ? strlen(v[i]) : w;
	char *raw = calloc((size_t)n, w);
	t = H5Tcopy(H5T_C_S1);
	if (raw) {
		for (int i = 0; i < n; ++i)
			memcpy(raw + (size_t)i * w, v[i], strlen(v[i]));
		if (H5Tset_size(t, w) >= 0 && H5Tset_strpad(t, H5T_STR_NULLPAD) >= 0 &&
			(a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT)) >= 0 &&
			H5Awrite(a, t, raw) >= 0)
			rc = 0;
	}
	free(raw);
done:
	if (a >= 0)
		H5Aclose(a);
	if (t >= 0)
		H5Tclose(t);
	H5Sclose(sp);
	return rc;
}

static int write_dataset(hid_t g, const char *path, const float *x, int ndim, const hsize_t *dims)
{
	hid_t lcpl = H5Pcreate(H5P_LINK_CREATE), sp = H5Screate_simple(ndim, dims, NULL), d = -1;
	int rc = -1;
	H5Pset_create_intermediate_group(lcpl, 1);
	d = H5Dcreate2(g, path, H5T_IEEE_F32LE, sp, lcpl, H5P_DEFAULT, H5P_DEFAULT);
	if (d >= 0 && H5Dwrite(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0)
		rc = 0;
	if (d >= 0)
		H5Dclose(d);
	H5Sclose(sp);
	H5Pclose(lcpl);
	return rc;
}

typedef struct {
	const char *key;
	const float *x;
	int ndim;
	hsize_t dims[3];
} wdesc_t;

/* The Keras weights of one layer in Keras order; returns how many. */
static int layer_weights(const mf_layer_t *l, wdesc_t *w)
{
	int n = 0;
	hsize_t c = (hsize_t)l->out_ch;
	if (l->type == MF_LAYER_CONV1D)
		w[n++] = (wdesc_t){"kernel", l->W, 3, {(hsize_t)l->k, (hsize_t)l->in_ch, c}};
	else if (l->type == MF_LAYER_DENSE)
		w[n++] = (wdesc_t){"kernel", l->W, 2, {(hsize_t)mf_layer_in_size(l), c}};
	if ((l->type == MF_LAYER_CONV1D || l->type == MF_LAYER_DENSE) && l->use_bias)
		w[n++] = (wdesc_t){"bias", l->b, 1, {c}};
	if (l->type == MF_LAYER_BATCHNORM) {
		if (l->bn_scale_used)
			w[n++] = (wdesc_t){"gamma", l->bn_gamma, 1, {c}};
		if (l->bn_center)
			w[n++] = (wdesc_t){"beta", l->bn_beta, 1, {c}};
		w[n++] = (wdesc_t){"moving_mean", l->bn_mean, 1, {c}};
		w[n++] = (wdesc_t){"moving_variance", l->bn_var, 1, {c}};
	}
	return n;
}

static int save_layer(hid_t mw, const mf_layer_t *l)
{
	wdesc_t w[4];
	int n = layer_weights(l, w), rc = 0;
	char names[4][600];
	const char *np[4];
	hid_t g = H5Gcreate2(mw, l->name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	if (g < 0)
		return -1;
	for (int i = 0; i < n && rc == 0; ++i) {
		snprintf(names[i], sizeof names[i], "%s/%s:0", l->name, w[i].key);
		np[i] = names[i];
		if (!w[i].x || write_dataset(g, names[i], w[i].x, w[i].ndim, w[i].dims) < 0)
			rc = -1;
	}
	if (rc == 0)
		rc = write_str_array_attr(g, "weight_names", np, n);
	H5Gclose(g);
	return rc;
}

static int save_input_group(hid_t mw, const char *name)
{
	hid_t g = H5Gcreate2(mw, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	if (g < 0)
		return -1;
	int rc = write_str_array_attr(g, "weight_names", NULL, 0);
	H5Gclose(g);
	return rc;
}

static int save_weights(hid_t f, const mf_model_t *m)
{
	hid_t mw = H5Gcreate2(f, "model_weights", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	if (mw < 0)
		return -1;
	const char **names = calloc((size_t)m->n_layers + 2, sizeof(char *));
	int n = 0, rc = names ? 0 : -1;
	if (rc == 0 && m->keras_class) { /* Keras lists a functional model's InputLayer too */
		names[n++] = m->input_name ? m->input_name : "input_1";
		rc = save_input_group(mw, names[0]);
	}
	for (int i = 0; i < m->n_layers && rc == 0; ++i) {
		const mf_layer_t *l = &m->layers[i];
		if (l->type == MF_LAYER_ACT && l->fused_from)
			continue; /* saved as the activation of the Conv1D/Dense it came from */
		names[n++] = l->name;
		rc = save_layer(mw, l);
	}
	if (rc == 0)
		rc = write_str_array_attr(mw, "layer_names", names, n);
	if (rc == 0)
		rc = write_str_attr(mw, "keras_version", m->keras_version ? m->keras_version : "2.1.6");
	if (rc == 0)
		rc = write_str_attr(mw, "backend", m->backend ? m->backend : "tensorflow");
	free(names);
	H5Gclose(mw);
	return rc;
}

static int write_file(const char *tmp, const mf_model_t *m)
{
	char *cfg = mf_keras_config_json(m);
	hid_t f = cfg ? H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT) : -1;
	int rc = -1;
	if (f >= 0 && write_str_attr(f, "keras_version", m->keras_version ? m->keras_version : "2.1.6") == 0 &&
		write_str_attr(f, "backend", m->backend ? m->backend : "tensorflow") == 0 &&
		write_str_attr(f, "model_config", cfg) == 0 && save_weights(f, m) == 0)
		rc = 0;
	if (f >= 0 && H5Fclose(f) < 0)
		rc = -1;
	free(cfg);
	return rc;
}

int mf_model_save(const mf_model_t *m, const char *path)
{
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
	for (int i = 0; i < m->n_layers; ++i)
		if (strchr(m->layers[i].name, '/') && !(m->layers[i].type == MF_LAYER_ACT && m->layers[i].fused_from)) {
			mf_error("%s: layer name '%s' contains '/', which HDF5 cannot store", path, m->layers[i].name);
			return -1;
		}
	char *tmp = NULL;
	int fd = mf_output_create(path, &tmp);
	if (fd < 0)
		return -1;
	close(fd);
	int rc = write_file(tmp, m);
	if (rc < 0)
		mf_error("%s: cannot write the HDF5 model", path);
	rc = mf_output_commit(tmp, path, rc);
	free(tmp);
	return rc;
}
