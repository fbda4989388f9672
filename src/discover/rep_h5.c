/* rep_h5.c: one task's patterns in TF-MoDISco-lite's HDF5 layout (its modiscolite/io.py
 * save_hdf5), so 'modisco report' and its users' scripts read ours. */
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "base/log.h"
#include "discover/rep_write.h"

/* Creation properties without modification times, so equal runs give equal bytes. */
static hid_t untimed(hid_t cls)
{
	hid_t p = H5Pcreate(cls);
	if (p >= 0 && H5Pset_obj_track_times(p, 0) < 0) {
		H5Pclose(p);
		return -1;
	}
	return p;
}

static hid_t new_group(hid_t parent, const char *name)
{
	hid_t p = untimed(H5P_GROUP_CREATE);
	hid_t g = p < 0 ? -1 : H5Gcreate2(parent, name, H5P_DEFAULT, p, H5P_DEFAULT);
	if (p >= 0)
		H5Pclose(p);
	return g;
}

static int put_array(hid_t g, const char *name, hid_t type, hid_t mem, const void *data, int ndim,
		const hsize_t *dims)
{
	hid_t sp = H5Screate_simple(ndim, dims, NULL), p = untimed(H5P_DATASET_CREATE);
	hid_t d = sp < 0 || p < 0 ? -1 : H5Dcreate2(g, name, type, sp, H5P_DEFAULT, p, H5P_DEFAULT);
	int rc = d >= 0 && H5Dwrite(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0 ? 0 : -1;
	if (d >= 0)
		H5Dclose(d);
	if (p >= 0)
		H5Pclose(p);
	if (sp >= 0)
		H5Sclose(sp);
	return rc;
}

/* numpy's bool as h5py stores it: an int8 enum FALSE = 0, TRUE = 1. */
static hid_t bool_type(void)
{
	hid_t t = H5Tenum_create(H5T_NATIVE_INT8);
	signed char f = 0, tr = 1;
	if (t >= 0 && (H5Tenum_insert(t, "FALSE", &f) < 0 || H5Tenum_insert(t, "TRUE", &tr) < 0)) {
		H5Tclose(t);
		return -1;
	}
	return t;
}

static int put_matrix(hid_t g, const char *name, const mf_rpat_t *p, const float *f, const double *d)
{
	size_t w = (size_t)p->w;
	double *v = malloc((w ? w : 1) * 4 * sizeof *v);
	hsize_t dims[2] = {w, 4};
	if (!v)
		return -1;
	for (size_t i = 0; i < w * 4; ++i)
		v[i] = f ? f[i] : d[i];
	int rc = put_array(g, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v, 2, dims);
	free(v);
	return rc;
}

static int put_seqlets(hid_t g, const mf_rpat_t *p)
{
	const mf_pattern_t *pt = p->d->p;
	size_t n = pt->n, c = n ? n : 1;
	int64_t *v = malloc(c * 3 * sizeof *v), one = (int64_t)n;
	signed char *rc8 = malloc(c);
	hid_t bt = bool_type(), s = new_group(g, "seqlets");
	hsize_t d1[1] = {1}, dn[1] = {n};
	int rc = v && rc8 && bt >= 0 && s >= 0 ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n; ++i) {
		v[i] = pt->m[i].seq, v[c + i] = pt->m[i].start, v[2 * c + i] = pt->m[i].end;
		rc8[i] = pt->m[i].rc;
	}
	if (rc == 0)
		rc = put_array(s, "n_seqlets", H5T_STD_I64LE, H5T_NATIVE_INT64, &one, 1, d1);
	if (rc == 0)
		rc = put_array(s, "example_idx", H5T_STD_I64LE, H5T_NATIVE_INT64, v, 1, dn);
	if (rc == 0)
		rc = put_array(s, "start", H5T_STD_I64LE, H5T_NATIVE_INT64, v + c, 1, dn);
	if (rc == 0)
		rc = put_array(s, "end", H5T_STD_I64LE, H5T_NATIVE_INT64, v + 2 * c, 1, dn);
	if (rc == 0)
		rc = put_array(s, "is_revcomp", bt, bt, rc8, 1, dn);
	if (s >= 0)
		H5Gclose(s);
	if (bt >= 0)
		H5Tclose(bt);
	free(v), free(rc8);
	return rc;
}

static int put_pattern(hid_t parent, const mf_rpat_t *p)
{
	char name[64];
	snprintf(name, sizeof name, "pattern_%d", p->d->index);
	hid_t g = new_group(parent, name);
	int rc = g < 0 ? -1 : put_matrix(g, "sequence", p, NULL, p->ppm);
	if (rc == 0)
		rc = put_matrix(g, "contrib_scores", p, p->cwm, NULL);
	if (rc == 0)
		rc = put_matrix(g, "hypothetical_contribs", p, p->hcwm, NULL);
	if (rc == 0)
		rc = put_seqlets(g, p);
	if (g >= 0)
		H5Gclose(g);
	return rc;
}

static int put_window_size(hid_t f, int64_t w)
{
	hid_t sp = H5Screate(H5S_SCALAR);
	hid_t a = sp < 0 ? -1 : H5Acreate2(f, "window_size", H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
	int rc = a >= 0 && H5Awrite(a, H5T_NATIVE_INT64, &w) >= 0 ? 0 : -1;
	if (a >= 0)
		H5Aclose(a);
	if (sp >= 0)
		H5Sclose(sp);
	return rc;
}

int mf_rep_h5(const char *path, const mf_rmodel_t *m, int ti)
{
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
	hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
	int rc = f < 0 ? -1 : put_window_size(f, m->max_len);
	for (int side = 0; rc == 0 && side < 2; ++side) {
		int sign = side == 0 ? 1 : -1, any = 0;
		for (int i = 0; i < m->npat; ++i)
			any |= m->pat[i].task == ti && m->pat[i].d->sign == sign;
		if (!any && !m->res[ti].ran[side])
			continue; /* TF-MoDISco writes a group only for a sign it clustered */
		hid_t g = new_group(f, side == 0 ? "pos_patterns" : "neg_patterns");
		rc = g < 0 ? -1 : 0;
		for (int i = 0; rc == 0 && i < m->npat; ++i)
			if (m->pat[i].task == ti && m->pat[i].d->sign == sign)
				rc = put_pattern(g, &m->pat[i]);
		if (g >= 0)
			H5Gclose(g);
	}
	if (f >= 0 && H5Fclose(f) < 0)
		rc = -1;
	if (rc < 0)
		mf_error("cannot write HDF5 file '%s'", path);
	return rc;
}
