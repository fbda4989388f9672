/* fuzz_keras_h5.c: loading a full-model Keras .h5 through its attributes. A valid model
 * (the paper's, saved by motiflift) is copied for each input and one string attribute is
 * replaced by the input: byte 0 picks which (0 model_config, 1 /model_weights layer_names,
 * 2 the first layer's weight_names; lists split at newlines) and, by its bit 2, a
 * variable- or fixed-length string type. HDF5's own parsing of a corrupt file is
 * HDF5's to fuzz; what is ours is what we do with what the attributes say. */
#include "fuzz_util.h"

#include <hdf5.h>

#include "model/model.h"

#ifndef MF_FUZZ_DATA
#define MF_FUZZ_DATA "tests/data"
#endif

static uint8_t *tmpl;
static size_t tmpl_n;

static void make_template(void)
{
	char h5[600];
	fz_path(h5, sizeof h5, "template.h5");
	mf_model_t *m = mf_model_load(MF_FUZZ_DATA "/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5",
		MF_FUZZ_DATA "/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json");
	if (!m || mf_model_save(m, h5) < 0) {
		fprintf(stderr, "fuzz_keras_h5: cannot make the template model from %s\n", MF_FUZZ_DATA);
		abort();
	}
	mf_model_destroy(m);
	FILE *fp = fopen(h5, "rb");
	if (!fp || fseek(fp, 0, SEEK_END) != 0)
		abort();
	tmpl_n = (size_t)ftell(fp);
	rewind(fp);
	if (!(tmpl = malloc(tmpl_n)) || fread(tmpl, 1, tmpl_n, fp) != tmpl_n)
		abort();
	fclose(fp);
}

/* Replaces attribute name of obj by n strings (a scalar when list is 0). */
static void set_strings(hid_t obj, const char *name, char **s, size_t n, int list, int varlen)
{
	if (H5Aexists(obj, name) > 0)
		H5Adelete(obj, name);
	size_t w = 1;
	for (size_t i = 0; i < n; ++i)
		if (strlen(s[i]) > w)
			w = strlen(s[i]);
	hid_t t = H5Tcopy(H5T_C_S1);
	H5Tset_size(t, varlen ? H5T_VARIABLE : w);
	hsize_t dims[1] = {n};
	hid_t sp = list ? H5Screate_simple(1, dims, NULL) : H5Screate(H5S_SCALAR);
	hid_t a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
	if (a < 0)
		abort();
	if (varlen) {
		H5Awrite(a, t, s);
	} else {
		char *raw = calloc(n ? n : 1, w);
		for (size_t i = 0; i < n; ++i)
			memcpy(raw + i * w, s[i], strlen(s[i]));
		H5Awrite(a, t, raw);
		free(raw);
	}
	H5Aclose(a);
	H5Sclose(sp);
	H5Tclose(t);
}

/* The input after its control byte as NUL-free strings, one per line (or one). */
static char **split(const uint8_t *d, size_t n, int lines, size_t *k)
{
	char *text = malloc(n + 1);
	char **v = calloc(n + 2, sizeof *v);
	if (!text || !v)
		abort();
	size_t m = 0;
	for (size_t i = 0; i < n; ++i)
		if (d[i])
			text[m++] = (char)d[i];
	text[m] = '\0';
	*k = 0;
	char *save = NULL;
	if (!lines) {
		v[(*k)++] = text;
		return v;
	}
	for (char *p = strtok_r(text, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
		v[(*k)++] = strdup(p);
	free(text);
	return v;
}

static void first_layer_group(hid_t f, char *name, size_t cap)
{
	hid_t g = H5Gopen2(f, "model_weights", H5P_DEFAULT);
	name[0] = '\0';
	if (g >= 0 && H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, 0, name, cap,
			H5P_DEFAULT) < 0)
		name[0] = '\0';
	if (g >= 0)
		H5Gclose(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (!tmpl) {
		H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
		make_template();
	}
	char h5[600];
	fz_write(h5, sizeof h5, "model.h5", tmpl, tmpl_n);
	int mode = data[0] % 3, varlen = (data[0] >> 2) & 1;
	size_t k = 0;
	char **v = split(data + 1, size - 1, mode != 0, &k);
	hid_t f = H5Fopen(h5, H5F_ACC_RDWR, H5P_DEFAULT);
	if (f < 0)
		abort();
	char layer[256], path[300];
	if (mode == 0) {
		set_strings(f, "model_config", v, 1, 0, varlen);
	} else if (mode == 1) {
		hid_t g = H5Gopen2(f, "model_weights", H5P_DEFAULT);
		set_strings(g, "layer_names", v, k, 1, varlen);
		H5Gclose(g);
	} else {
		first_layer_group(f, layer, sizeof layer);
		snprintf(path, sizeof path, "model_weights/%s", layer);
		hid_t g = H5Gopen2(f, path, H5P_DEFAULT);
		if (g >= 0) {
			set_strings(g, "weight_names", v, k, 1, varlen);
			H5Gclose(g);
		}
	}
	H5Fclose(f);
	for (size_t i = 0; i < k; ++i)
		free(v[i]);
	free(v);
	fz_begin();
	mf_model_t *m = mf_model_load(h5, NULL);
	mf_model_destroy(m);
	fz_end(!m, "loading a Keras .h5");
	return 0;
}
