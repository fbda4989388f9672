/* onnx_tensor.c (room onnx_io): ONNX constant tensors: decoding initializers (raw_data
 * or the typed fields, little-endian), and numpy broadcasting for the folder and the ops. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "model/onnx_internal.h"

enum { /* TensorProto.DataType */
	DT_FLOAT = 1, DT_UINT8 = 2, DT_INT8 = 3, DT_UINT16 = 4, DT_INT16 = 5, DT_INT32 = 6,
	DT_INT64 = 7, DT_BOOL = 9, DT_FLOAT16 = 10, DT_DOUBLE = 11, DT_UINT32 = 12, DT_UINT64 = 13
};

const char *mf_odims_str(char *buf, size_t size, int rank, const int64_t *dims)
{
	size_t k = (size_t)snprintf(buf, size, "(");
	for (int i = 0; i < rank && k < size; ++i) {
		if (dims[i] == MF_ONNX_BATCH)
			k += (size_t)snprintf(buf + k, size - k, "%sN", i ? "," : "");
		else
			k += (size_t)snprintf(buf + k, size - k, "%s%lld", i ? "," : "", (long long)dims[i]);
	}
	if (k < size)
		snprintf(buf + k, size - k, ")");
	return buf;
}

void mf_otensor_free(mf_otensor_t *t)
{
	free(t->f);
	free(t->i);
	t->f = NULL;
	t->i = NULL;
	t->n = 0;
}

/* The number of values of a shape into *n; -1 (not logged) for a negative dimension or
 * more than 2^40 values. */
static int shape_values(int rank, const int64_t *dims, size_t *n)
{
	*n = 1;
	for (int k = 0; k < rank; ++k) {
		if (dims[k] < 0 || (dims[k] > 0 && *n > ((size_t)1 << 40) / (size_t)dims[k]))
			return -1;
		*n *= (size_t)dims[k];
	}
	return 0;
}

int mf_otensor_alloc(mf_otensor_t *t, int is_int, int rank, const int64_t *dims)
{
	memset(t, 0, sizeof *t);
	if (rank < 0 || rank > MF_ONNX_MAX_RANK) {
		mf_error("a constant of rank %d (at most %d)", rank, MF_ONNX_MAX_RANK);
		return -1;
	}
	if (shape_values(rank, dims, &t->n) < 0) {
		mf_error("a constant with a negative or huge dimension");
		return -1;
	}
	t->is_int = is_int;
	t->rank = rank;
	for (int k = 0; k < rank; ++k) /* dims may be NULL for a scalar */
		t->dims[k] = dims[k];
	if (is_int)
		t->i = calloc(t->n ? t->n : 1, sizeof *t->i);
	else
		t->f = calloc(t->n ? t->n : 1, sizeof *t->f);
	if (!t->i && !t->f) {
		mf_error("out of memory for a constant of %zu values", t->n);
		return -1;
	}
	return 0;
}

int mf_otensor_copy(mf_otensor_t *d, const mf_otensor_t *s)
{
	if (mf_otensor_alloc(d, s->is_int, s->rank, s->dims) < 0)
		return -1;
	d->batched = s->batched;
	if (s->is_int)
		memcpy(d->i, s->i, sizeof *d->i * s->n);
	else
		memcpy(d->f, s->f, sizeof *d->f * s->n);
	return 0;
}

double mf_otensor_get(const mf_otensor_t *t, size_t k)
{
	return t->is_int ? (double)t->i[k] : (double)t->f[k];
}

/* IEEE half -> float (subnormals, infinities and NaN included). */
static float half_to_float(uint16_t h)
{
	int sign = h >> 15, e = (h >> 10) & 31, m = h & 1023;
	float v = e == 0 ? ldexpf((float)m, -24) : e == 31 ? (m ? NAN : INFINITY)
		: ldexpf((float)(m | 1024), e - 25);
	return sign ? -v : v;
}

/* Little-endian element k of raw bytes of the given type, as double / int64. */
static double raw_float(const uint8_t *p, int dt, size_t k)
{
	if (dt == DT_FLOAT) {
		uint32_t u = (uint32_t)p[4 * k] | (uint32_t)p[4 * k + 1] << 8 | (uint32_t)p[4 * k + 2] << 16 |
			(uint32_t)p[4 * k + 3] << 24;
		float f;
		memcpy(&f, &u, sizeof f);
		return f;
	}
	if (dt == DT_FLOAT16)
		return half_to_float((uint16_t)(p[2 * k] | p[2 * k + 1] << 8));
	uint64_t u = 0;
	for (int b = 7; b >= 0; --b)
		u = u << 8 | p[8 * k + (size_t)b];
	double d;
	memcpy(&d, &u, sizeof d);
	return d;
}

static int64_t raw_int(const uint8_t *p, int dt, size_t k)
{
	switch (dt) {
	case DT_UINT8: case DT_BOOL: return p[k];
	case DT_INT8: return (int8_t)p[k];
	case DT_UINT16: return (uint16_t)(p[2 * k] | p[2 * k + 1] << 8);
	case DT_INT16: return (int16_t)(p[2 * k] | p[2 * k + 1] << 8);
	case DT_INT32: case DT_UINT32: {
		uint32_t u = (uint32_t)p[4 * k] | (uint32_t)p[4 * k + 1] << 8 | (uint32_t)p[4 * k + 2] << 16 |
			(uint32_t)p[4 * k + 3] << 24;
		return dt == DT_INT32 ? (int64_t)(int32_t)u : (int64_t)u;
	}
	default: {
		uint64_t u = 0;
		for (int b = 7; b >= 0; --b)
			u = u << 8 | p[8 * k + (size_t)b];
		return (int64_t)u;
	}
	}
}

static size_t type_size(int dt)
{
	switch (dt) {
	case DT_UINT8: case DT_INT8: case DT_BOOL: return 1;
	case DT_UINT16: case DT_INT16: case DT_FLOAT16: return 2;
	case DT_FLOAT: case DT_INT32: case DT_UINT32: return 4;
	case DT_INT64: case DT_UINT64: case DT_DOUBLE: return 8;
	default: return 0;
	}
}

/* The number of values held in the typed field that belongs to dt. */
static size_t typed_count(const Onnx__TensorProto *tp, int dt)
{
	switch (dt) {
	case DT_FLOAT: return tp->n_float_data;
	case DT_DOUBLE: return tp->n_double_data;
	case DT_INT64: return tp->n_int64_data;
	case DT_UINT32: case DT_UINT64: return tp->n_uint64_data;
	default: return tp->n_int32_data; /* int8..int32, bool, float16 (as bits) */
	}
}

static void typed_values(const Onnx__TensorProto *tp, int dt, mf_otensor_t *t)
{
	for (size_t k = 0; k < t->n; ++k) {
		if (t->is_int)
			t->i[k] = dt == DT_INT64 ? tp->int64_data[k] : dt == DT_UINT32 || dt == DT_UINT64
				? (int64_t)tp->uint64_data[k] : (int64_t)tp->int32_data[k];
		else
			t->f[k] = dt == DT_FLOAT ? tp->float_data[k] : dt == DT_DOUBLE ? (float)tp->double_data[k]
				: half_to_float((uint16_t)tp->int32_data[k]);
	}
}

int mf_otensor_decode(const Onnx__TensorProto *tp, const char *file, mf_otensor_t *t)
{
	const char *name = tp->name && *tp->name ? tp->name : "(unnamed)";
	int dt = tp->has_data_type ? tp->data_type : 0;
	memset(t, 0, sizeof *t);
	if ((tp->has_data_location && tp->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL) ||
			tp->n_external_data > 0) {
		mf_error("%s: tensor '%s' keeps its values in an external file; motiflift reads "
			"self-contained models (export without external data, e.g. torch.onnx.export of a model "
			"under 2 GB, or onnx.save_model(m, f, save_as_external_data=False))", file, name);
		return -1;
	}
	if (tp->segment) {
		mf_error("%s: tensor '%s' is split into segments (not supported)", file, name);
		return -1;
	}
	size_t sz = type_size(dt);
	if (!sz) {
		mf_error("%s: tensor '%s' has data type %d (supported: float, float16, double, "
			"and integer or bool types)", file, name, dt);
		return -1;
	}
	if (tp->n_dims > MF_ONNX_MAX_RANK) {
		mf_error("%s: tensor '%s' has %zu dimensions (at most %d)", file, name, tp->n_dims, MF_ONNX_MAX_RANK);
		return -1;
	}
	int is_int = !(dt == DT_FLOAT || dt == DT_DOUBLE || dt == DT_FLOAT16);
	/* the shape is checked against the values the file holds before anything is allocated:
	 * a forged shape must not ask for memory the file cannot fill */
	size_t n;
	if (shape_values((int)tp->n_dims, tp->dims, &n) < 0) {
		mf_error("%s: tensor '%s': a negative or huge dimension", file, name);
		return -1;
	}
	if (tp->has_raw_data ? tp->raw_data.len != n * sz : typed_count(tp, dt) != n) {
		if (tp->has_raw_data)
			mf_error("%s: tensor '%s': raw_data holds %zu bytes, its shape needs %zu", file, name,
				tp->raw_data.len, n * sz);
		else
			mf_error("%s: tensor '%s': %zu values stored, its shape needs %zu", file, name,
				typed_count(tp, dt), n);
		return -1;
	}
	if (mf_otensor_alloc(t, is_int, (int)tp->n_dims, tp->dims) < 0)
		return -1;
	if (tp->has_raw_data) {
		for (size_t k = 0; k < t->n; ++k) {
			if (is_int)
				t->i[k] = raw_int(tp->raw_data.data, dt, k);
			else
				t->f[k] = (float)raw_float(tp->raw_data.data, dt, k);
		}
	} else {
		typed_values(tp, dt, t);
	}
	return 0;
}

int mf_otensor_broadcasts(const mf_otensor_t *t, int r, const int64_t *out)
{
	if (t->rank > r)
		return 0;
	for (int k = 0; k < t->rank; ++k) {
		int64_t d = t->dims[t->rank - 1 - k], o = out[r - 1 - k];
		if (d != 1 && d != o)
			return 0;
	}
	return 1;
}

size_t mf_otensor_bindex(const mf_otensor_t *t, int r, const int64_t *idx)
{
	size_t k = 0;
	for (int a = 0; a < t->rank; ++a) {
		int oa = r - t->rank + a;
		k = k * (size_t)t->dims[a] + (t->dims[a] == 1 ? 0 : (size_t)idx[oa]);
	}
	return k;
}
