/* onnx_fold.c (room onnx_io): constant folding. PyTorch's tracer keeps shapes symbolic
 * (X.shape[2] - trimming becomes Shape -> Gather -> Sub -> Unsqueeze -> Concat), so the
 * shape arithmetic is evaluated here for the model's fixed input length; the batch size
 * stays the marker MF_ONNX_BATCH, which may be moved around but not computed with. Ops
 * whose inputs are all constants (weights rearranged by the exporter) fold too. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "model/onnx_internal.h"

/* Output k of the current node as a new constant (not yet allocated); NULL on error. */
static mf_otensor_t *out_const(mf_oconv_t *c, int k)
{
	if (k >= (int)c->node->n_output) {
		mf_onode_error(c, "no output %d", k + 1);
		return NULL;
	}
	mf_oval_t *v = mf_oval_add(c, c->node->output[k], MF_OV_CONST);
	return v ? &v->t : NULL;
}

static int set_output(mf_oconv_t *c, const mf_otensor_t *t)
{
	mf_otensor_t *o = out_const(c, 0);
	if (!o) {
		mf_otensor_t tmp = *t;
		mf_otensor_free(&tmp);
		return -1;
	}
	*o = *t;
	o->batched = c->fold_batched;
	return 1;
}

static const mf_otensor_t *in_const(mf_oconv_t *c, int k)
{
	mf_oval_t *v = mf_oinput(c, k, MF_OV_CONST);
	return v ? &v->t : NULL;
}

/* ---- Constant, Shape, Cast, ConstantOfShape ---------------------------------------------- */

static int fold_constant(mf_oconv_t *c)
{
	const Onnx__AttributeProto *a;
	mf_otensor_t t;
	if ((a = mf_oattr(c, "value")) && a->t) {
		if (mf_otensor_decode(a->t, c->file, &t) < 0)
			return -1;
		return set_output(c, &t);
	}
	int is_int = (a = mf_oattr(c, "value_int")) || (a = mf_oattr(c, "value_ints"));
	if (!a && !(a = mf_oattr(c, "value_float")) && !(a = mf_oattr(c, "value_floats"))) {
		mf_onode_error(c, "a Constant of a kind motiflift does not read (strings or sparse tensors)");
		return -1;
	}
	int list = a->type == ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INTS ||
		a->type == ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOATS;
	int64_t n = (int64_t)(is_int ? a->n_ints : a->n_floats);
	if (mf_otensor_alloc(&t, is_int, list, &n) < 0)
		return -1;
	for (size_t k = 0; k < t.n; ++k) {
		if (is_int)
			t.i[k] = list ? a->ints[k] : a->i;
		else
			t.f[k] = list ? a->floats[k] : a->f;
	}
	return set_output(c, &t);
}

static int fold_shape(mf_oconv_t *c, const mf_oval_t *x)
{
	int64_t d[MF_ONNX_MAX_RANK + 1];
	int r;
	if (x->kind == MF_OV_CONST) {
		r = x->t.rank;
		memcpy(d, x->t.dims, sizeof *d * (size_t)r);
		if (x->t.batched)
			d[0] = MF_ONNX_BATCH;
	} else {
		r = x->a.rank + 1;
		d[0] = MF_ONNX_BATCH;
		for (int k = 0; k < x->a.rank; ++k)
			d[k + 1] = x->a.dims[k] + (k == x->a.pad_axis ? x->a.pad_l + x->a.pad_r : 0) +
				(x->kind == MF_OV_JOIN && k == x->join_axis ? x->t.dims[k] : 0);
	}
	int64_t s = mf_oattr_int(c, "start", 0), e = mf_oattr_int(c, "end", r);
	s = s < 0 ? s + r : s;
	e = e < 0 ? e + r : e;
	s = s < 0 ? 0 : s > r ? r : s;
	e = e < s ? s : e > r ? r : e;
	int64_t n = e - s;
	mf_otensor_t t;
	if (mf_otensor_alloc(&t, 1, 1, &n) < 0)
		return -1;
	memcpy(t.i, d + s, sizeof *t.i * (size_t)n);
	return set_output(c, &t);
}

static int fold_cast(mf_oconv_t *c, const mf_otensor_t *x)
{
	int64_t to = mf_oattr_int(c, "to", 1);
	int is_int = !(to == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT || to == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE ||
		to == ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16);
	mf_otensor_t t;
	if (mf_otensor_alloc(&t, is_int, x->rank, x->dims) < 0)
		return -1;
	for (size_t k = 0; k < t.n; ++k) {
		if (x->is_int && x->i[k] == MF_ONNX_BATCH && !is_int) {
			mf_onode_error(c, "the batch size cast to a number");
			mf_otensor_free(&t);
			return -1;
		}
		if (is_int)
			t.i[k] = x->is_int ? x->i[k] : (int64_t)x->f[k];
		else
			t.f[k] = (float)mf_otensor_get(x, k);
	}
	return set_output(c, &t);
}

static int fold_constant_of_shape(mf_oconv_t *c, const mf_otensor_t *shape)
{
	const Onnx__AttributeProto *a = mf_oattr(c, "value");
	mf_otensor_t v = {0}, t;
	if (a && a->t && mf_otensor_decode(a->t, c->file, &v) < 0)
		return -1;
	int is_int = a && a->t ? v.is_int : 0;
	double val = a && a->t && v.n ? mf_otensor_get(&v, 0) : 0.0;
	mf_otensor_free(&v);
	if (!shape->is_int || shape->rank != 1 || shape->n > MF_ONNX_MAX_RANK) {
		mf_onode_error(c, "its shape is not a list of integers");
		return -1;
	}
	int64_t d[MF_ONNX_MAX_RANK];
	for (size_t k = 0; k < shape->n; ++k) {
		d[k] = shape->i[k];
		if (d[k] == MF_ONNX_BATCH && k > 0) {
			mf_onode_error(c, "a constant shaped by the batch size on an axis other than the first");
			return -1;
		}
	}
	c->fold_batched = shape->n > 0 && d[0] == MF_ONNX_BATCH; /* one per sample: stored once */
	if (c->fold_batched)
		d[0] = 1;
	if (mf_otensor_alloc(&t, is_int, (int)shape->n, d) < 0)
		return -1;
	for (size_t k = 0; k < t.n; ++k) {
		if (is_int)
			t.i[k] = (int64_t)val;
		else
			t.f[k] = (float)val;
	}
	return set_output(c, &t);
}

/* ---- moving values: Gather, Concat, Slice, Transpose, reshapes --------------------------- */

/* Copies element src of x into element dst of t. */
static void put(mf_otensor_t *t, size_t dst, const mf_otensor_t *x, size_t src)
{
	if (t->is_int)
		t->i[dst] = x->i[src];
	else
		t->f[dst] = x->f[src];
}

/* Row-major strides of dims. */
static void row_strides(int rank, const int64_t *dims, size_t *st)
{
	size_t s = 1;
	for (int k = rank - 1; k >= 0; --k) {
		st[k] = s;
		s *= (size_t)dims[k];
	}
}

static int fold_gather(mf_oconv_t *c, const mf_otensor_t *x, const mf_otensor_t *ix)
{
	int64_t axis = mf_oattr_int(c, "axis", 0);
	axis = axis < 0 ? axis + x->rank : axis;
	if (axis < 0 || axis >= x->rank || !ix->is_int || x->rank + ix->rank - 1 > MF_ONNX_MAX_RANK) {
		mf_onode_error(c, "bad axis or indices");
		return -1;
	}
	int64_t d[MF_ONNX_MAX_RANK];
	int r = 0;
	for (int k = 0; k < axis; ++k)
		d[r++] = x->dims[k];
	for (int k = 0; k < ix->rank; ++k)
		d[r++] = ix->dims[k];
	for (int k = (int)axis + 1; k < x->rank; ++k)
		d[r++] = x->dims[k];
	mf_otensor_t t;
	if (mf_otensor_alloc(&t, x->is_int, r, d) < 0)
		return -1;
	size_t st[MF_ONNX_MAX_RANK], outer = 1, inner = 1, dax = (size_t)x->dims[axis];
	row_strides(x->rank, x->dims, st);
	for (int k = 0; k < axis; ++k)
		outer *= (size_t)x->dims[k];
	inner = st[axis];
	size_t o = 0;
	for (size_t a = 0; a < outer; ++a)
		for (size_t j = 0; j < ix->n; ++j) {
			int64_t g = ix->i[j] < 0 ? ix->i[j] + (int64_t)dax : ix->i[j];
			if (g < 0 || g >= (int64_t)dax) {
				mf_onode_error(c, "index %lld out of range", (long long)ix->i[j]);
				mf_otensor_free(&t);
				return -1;
			}
			for (size_t b = 0; b < inner; ++b)
				put(&t, o++, x, (a * dax + (size_t)g) * inner + b);
		}
	return set_output(c, &t);
}

static int fold_concat(mf_oconv_t *c)
{
	int n = (int)c->node->n_input;
	const mf_otensor_t *x0 = in_const(c, 0);
	if (!x0)
		return -1;
	int64_t axis = mf_oattr_int(c, "axis", 0), d[MF_ONNX_MAX_RANK];
	axis = axis < 0 ? axis + x0->rank : axis;
	if (axis < 0 || axis >= x0->rank) {
		mf_onode_error(c, "bad axis");
		return -1;
	}
	memcpy(d, x0->dims, sizeof d);
	d[axis] = 0;
	int is_int = x0->is_int;
	for (int j = 0; j < n; ++j) {
		const mf_otensor_t *x = in_const(c, j);
		if (!x)
			return -1;
		for (int k = 0; k < x0->rank; ++k)
			if (x->rank != x0->rank || (k != axis && x->dims[k] != x0->dims[k]) || x->is_int != is_int) {
				mf_onode_error(c, "inputs of different shapes or types");
				return -1;
			}
		d[axis] += x->dims[axis];
	}
	mf_otensor_t t;
	if (mf_otensor_alloc(&t, is_int, x0->rank, d) < 0)
		return -1;
	size_t outer = 1, o = 0;
	for (int k = 0; k < axis; ++k)
		outer *= (size_t)d[k];
	for (size_t a = 0; a < outer; ++a)
		for (int j = 0; j < n; ++j) {
			const mf_otensor_t *x = in_const(c, j);
			size_t block = outer ? x->n / outer : 0;
			for (size_t b = 0; b < block; ++b)
				put(&t, o++, x, a * block + b);
		}
	return set_output(c, &t);
}

/* Copies x's elements at start + idx * step (per axis; or, with perm, at the permuted
   index) into a tensor of dims d. */
static int gather_box(mf_oconv_t *c, const mf_otensor_t *x, int r, const int64_t *d,
	const int64_t *start, const int64_t *step, const int *perm)
{
	mf_otensor_t t;
	if (mf_otensor_alloc(&t, x->is_int, r, d) < 0)
		return -1;
	size_t st[MF_ONNX_MAX_RANK];
	row_strides(x->rank, x->dims, st);
	int64_t idx[MF_ONNX_MAX_RANK] = {0};
	for (size_t o = 0; o < t.n; ++o) {
		size_t src = 0;
		for (int k = 0; k < r; ++k) {
			int a = perm ? perm[k] : k;
			src += (size_t)(start ? start[a] + idx[k] * step[a] : idx[k]) * st[a];
		}
		put(&t, o, x, src);
		for (int k = r - 1; k >= 0 && ++idx[k] == d[k]; --k)
			idx[k] = 0;
	}
	return set_output(c, &t);
}

static int fold_slice(mf_oconv_t *c, const mf_otensor_t *x)
{
	int64_t s[MF_ONNX_MAX_RANK], e[MF_ONNX_MAX_RANK], st[MF_ONNX_MAX_RANK], d[MF_ONNX_MAX_RANK];
	if (mf_oslice(c, x->rank, x->dims, s, e, st) < 0)
		return -1;
	for (int k = 0; k < x->rank; ++k)
		d[k] = (e[k] - s[k]) / st[k];
	return gather_box(c, x, x->rank, d, s, st, NULL);
}

static int fold_transpose(mf_oconv_t *c, const mf_otensor_t *x)
{
	int64_t p[MF_ONNX_MAX_RANK], d[MF_ONNX_MAX_RANK];
	int perm[MF_ONNX_MAX_RANK], n = mf_oattr_ints(c, "perm", p, MF_ONNX_MAX_RANK, -2);
	if (n == -1 || (n >= 0 && n != x->rank))
		return -1;
	for (int k = 0; k < x->rank; ++k) {
		perm[k] = n >= 0 ? (int)p[k] : x->rank - 1 - k;
		if (perm[k] < 0 || perm[k] >= x->rank) {
			mf_onode_error(c, "bad perm");
			return -1;
		}
		d[k] = x->dims[perm[k]];
	}
	return gather_box(c, x, x->rank, d, NULL, NULL, perm);
}

/* Reshape, Flatten, Squeeze, Unsqueeze: the same values with new dims. */
static int with_dims(mf_oconv_t *c, const mf_otensor_t *x, int r, const int64_t *d)
{
	mf_otensor_t t;
	if (mf_otensor_copy(&t, x) < 0)
		return -1;
	size_t n = 1;
	for (int k = 0; k < r; ++k)
		n *= (size_t)d[k];
	if (n != x->n || r > MF_ONNX_MAX_RANK) {
		mf_onode_error(c, "new shape of %zu values for %zu", n, x->n);
		mf_otensor_free(&t);
		return -1;
	}
	t.rank = r;
	memcpy(t.dims, d, sizeof *d * (size_t)r);
	return set_output(c, &t);
}

static int fold_reshape(mf_oconv_t *c, const mf_otensor_t *x)
{
	const mf_otensor_t *s = in_const(c, 1);
	if (!s)
		return -1;
	if (!s->is_int || s->rank != 1 || s->n > MF_ONNX_MAX_RANK) {
		mf_onode_error(c, "the target shape is not a list of integers");
		return -1;
	}
	int64_t d[MF_ONNX_MAX_RANK], known = 1;
	int infer = -1, allowzero = (int)mf_oattr_int(c, "allowzero", 0);
	for (int k = 0; k < (int)s->n; ++k) {
		d[k] = s->i[k] == 0 && !allowzero && k < x->rank ? x->dims[k] : s->i[k];
		if (d[k] == -1 && infer < 0)
			infer = k;
		else if (d[k] < 0) {
			mf_onode_error(c, "bad target shape");
			return -1;
		} else
			known *= d[k];
	}
	if (infer >= 0)
		d[infer] = known ? (int64_t)x->n / known : 0;
	return with_dims(c, x, (int)s->n, d);
}

static int fold_squeeze(mf_oconv_t *c, const mf_otensor_t *x, int unsqueeze)
{
	int64_t axes[MF_ONNX_MAX_RANK], d[MF_ONNX_MAX_RANK];
	int out_rank = x->rank, na;
	if (unsqueeze) { /* axes count in the output's rank */
		int64_t raw[MF_ONNX_MAX_RANK];
		na = mf_oattr(c, "axes") ? mf_oattr_ints(c, "axes", raw, MF_ONNX_MAX_RANK, 0)
			: mf_oints(c, 1, raw, MF_ONNX_MAX_RANK);
		if (na < 0)
			return -1;
		out_rank = x->rank + na;
		if (out_rank > MF_ONNX_MAX_RANK)
			return -1;
		char is_new[MF_ONNX_MAX_RANK] = {0};
		for (int j = 0; j < na; ++j) {
			int64_t a = raw[j] < 0 ? raw[j] + out_rank : raw[j];
			if (a < 0 || a >= out_rank) {
				mf_onode_error(c, "axis %lld out of range", (long long)raw[j]);
				return -1;
			}
			is_new[a] = 1;
		}
		if (x->batched && is_new[0]) {
			mf_onode_error(c, "an axis added before the batch axis");
			return -1;
		}
		for (int k = 0, src = 0; k < out_rank; ++k)
			d[k] = is_new[k] ? 1 : x->dims[src++];
		return with_dims(c, x, out_rank, d);
	}
	na = mf_oaxes(c, 1, x->rank, axes);
	if (na == -1)
		return -1;
	int r = 0;
	for (int k = 0; k < x->rank; ++k) {
		int drop = na == -2 ? x->dims[k] == 1 && !(x->batched && k == 0) : 0;
		for (int j = 0; j < na; ++j)
			drop |= axes[j] == k;
		if (drop && x->batched && k == 0) {
			mf_onode_error(c, "a squeeze of the batch axis");
			return -1;
		}
		if (!drop)
			d[r++] = x->dims[k];
	}
	return with_dims(c, x, r, d);
}

static int fold_flatten(mf_oconv_t *c, const mf_otensor_t *x)
{
	int64_t axis = mf_oattr_int(c, "axis", 1), d[2] = {1, 1};
	axis = axis < 0 ? axis + x->rank : axis;
	for (int k = 0; k < x->rank; ++k)
		d[k >= axis] *= x->dims[k];
	return with_dims(c, x, 2, d);
}

/* ---- arithmetic ----------------------------------------------------------------------- */

static double binop(char op, double a, double b, int is_int)
{
	switch (op) {
	case '+': return a + b;
	case '-': return a - b;
	case '*': return a * b;
	default: return is_int ? (b != 0 ? trunc(a / b) : 0) : a / b;
	}
}

static int fold_binary(mf_oconv_t *c, char op, const mf_otensor_t *x, const mf_otensor_t *y)
{
	int r = x->rank > y->rank ? x->rank : y->rank;
	int64_t d[MF_ONNX_MAX_RANK], idx[MF_ONNX_MAX_RANK] = {0};
	for (int k = 0; k < r; ++k) {
		int64_t a = k - (r - x->rank) >= 0 ? x->dims[k - (r - x->rank)] : 1;
		int64_t b = k - (r - y->rank) >= 0 ? y->dims[k - (r - y->rank)] : 1;
		d[k] = a == 1 ? b : a;
	}
	if (!mf_otensor_broadcasts(x, r, d) || !mf_otensor_broadcasts(y, r, d)) {
		mf_onode_error(c, "inputs that do not broadcast");
		return -1;
	}
	int is_int = x->is_int && y->is_int;
	mf_otensor_t t;
	if (mf_otensor_alloc(&t, is_int, r, d) < 0)
		return -1;
	for (size_t o = 0; o < t.n; ++o) {
		size_t i = mf_otensor_bindex(x, r, idx), j = mf_otensor_bindex(y, r, idx);
		if ((x->is_int && x->i[i] == MF_ONNX_BATCH) || (y->is_int && y->i[j] == MF_ONNX_BATCH)) {
			mf_onode_error(c, "arithmetic with the batch size (motiflift fixes only the length)");
			mf_otensor_free(&t);
			return -1;
		}
		double v = binop(op, mf_otensor_get(x, i), mf_otensor_get(y, j), is_int);
		if (is_int)
			t.i[o] = (int64_t)v;
		else
			t.f[o] = (float)v;
		for (int k = r - 1; k >= 0 && ++idx[k] == d[k]; --k)
			idx[k] = 0;
	}
	return set_output(c, &t);
}

static int fold_unary(mf_oconv_t *c, const char *op, const mf_otensor_t *x)
{
	mf_otensor_t t;
	if (mf_otensor_alloc(&t, 0, x->rank, x->dims) < 0)
		return -1;
	for (size_t k = 0; k < t.n; ++k) {
		double v = mf_otensor_get(x, k);
		t.f[k] = (float)(op[0] == 'N' ? -v : op[0] == 'L' ? log(v) : op[0] == 'E' ? exp(v) : sqrt(v));
	}
	if (x->is_int && op[0] == 'N') { /* Neg keeps integers integers */
		mf_otensor_free(&t);
		if (mf_otensor_copy(&t, x) < 0)
			return -1;
		for (size_t k = 0; k < t.n; ++k)
			t.i[k] = -t.i[k];
	}
	return set_output(c, &t);
}

static int fold_moves(mf_oconv_t *c, const char *op, const mf_otensor_t *x);

/* ReduceSum / ReduceMean of a constant (a per-sample zero block's sum, in bpnet-lite). */
static int fold_reduce(mf_oconv_t *c, const mf_otensor_t *x, int is_mean)
{
	int64_t axes[MF_ONNX_MAX_RANK], d[MF_ONNX_MAX_RANK], idx[MF_ONNX_MAX_RANK] = {0};
	int na = mf_oaxes(c, 1, x->rank, axes), keep = (int)mf_oattr_int(c, "keepdims", 1), r = 0;
	char red[MF_ONNX_MAX_RANK] = {0};
	if (na == -1)
		return -1;
	if (na == 0 && mf_oattr_int(c, "noop_with_empty_axes", 0))
		return fold_moves(c, "Identity", x);
	for (int k = 0; k < x->rank; ++k)
		red[k] = na <= 0;
	for (int j = 0; j < na; ++j)
		red[axes[j]] = 1;
	if (x->batched && red[0]) {
		mf_onode_error(c, "a sum over the batch axis");
		return -1;
	}
	for (int k = 0; k < x->rank; ++k)
		if (!red[k] || keep)
			d[r++] = red[k] ? 1 : x->dims[k];
	mf_otensor_t t;
	if (mf_otensor_alloc(&t, 0, r, d) < 0)
		return -1;
	double *acc = calloc(t.n ? t.n : 1, sizeof *acc);
	if (!acc) {
		mf_otensor_free(&t);
		mf_error("%s: out of memory", c->file);
		return -1;
	}
	size_t per = t.n ? x->n / t.n : 0;
	for (size_t i = 0; i < x->n; ++i) { /* element i adds to the output it reduces to */
		size_t o = 0;
		for (int k = 0; k < x->rank; ++k)
			if (!red[k])
				o = o * (size_t)x->dims[k] + (size_t)idx[k];
		acc[o] += mf_otensor_get(x, i);
		for (int k = x->rank - 1; k >= 0 && ++idx[k] == x->dims[k]; --k)
			idx[k] = 0;
	}
	for (size_t o = 0; o < t.n; ++o)
		t.f[o] = (float)(is_mean && per ? acc[o] / (double)per : acc[o]);
	free(acc);
	return set_output(c, &t);
}

/* ---- dispatch -------------------------------------------------------------------------- */

static int all_inputs_const(mf_oconv_t *c)
{
	for (size_t k = 0; k < c->node->n_input; ++k) {
		if (!c->node->input[k] || !*c->node->input[k])
			continue;
		mf_oval_t *v = mf_oval_find(c, c->node->input[k]);
		if (v && v->kind != MF_OV_CONST)
			return 0;
	}
	return 1;
}

static int fold_moves(mf_oconv_t *c, const char *op, const mf_otensor_t *x)
{
	if (strcmp(op, "Identity") == 0 || strcmp(op, "Dropout") == 0) {
		mf_otensor_t t;
		return mf_otensor_copy(&t, x) < 0 ? -1 : set_output(c, &t);
	}
	if (strcmp(op, "Cast") == 0)
		return fold_cast(c, x);
	if (strcmp(op, "Gather") == 0) {
		const mf_otensor_t *ix = in_const(c, 1);
		return ix ? fold_gather(c, x, ix) : -1;
	}
	if (strcmp(op, "Slice") == 0)
		return fold_slice(c, x);
	if (strcmp(op, "Transpose") == 0)
		return fold_transpose(c, x);
	if (strcmp(op, "Reshape") == 0)
		return fold_reshape(c, x);
	if (strcmp(op, "Squeeze") == 0 || strcmp(op, "Unsqueeze") == 0)
		return fold_squeeze(c, x, op[0] == 'U');
	if (strcmp(op, "Flatten") == 0)
		return fold_flatten(c, x);
	if (strcmp(op, "ConstantOfShape") == 0)
		return fold_constant_of_shape(c, x);
	return 0;
}

/* Ops that keep a per-sample constant per sample (elementwise, or not touching axis 0). */
static int batch_safe(mf_oconv_t *c, const char *op)
{
	static const char *ok[] = {"Add", "Sub", "Mul", "Div", "Neg", "Log", "Exp", "Sqrt", "Identity",
		"Dropout", "Cast", "Slice", "Unsqueeze", "Squeeze", "ReduceSum", "ReduceMean"};
	for (size_t k = 0; k < sizeof ok / sizeof *ok; ++k)
		if (strcmp(op, ok[k]) == 0)
			return 1;
	mf_onode_error(c, "a constant as large as the batch (zeros made from the batch size) goes "
		"through an op motiflift cannot follow per sample");
	return 0;
}

int mf_onnx_fold(mf_oconv_t *c)
{
	const char *op = c->node->op_type ? c->node->op_type : "";
	c->fold_batched = 0;
	if (strcmp(op, "Constant") == 0)
		return fold_constant(c);
	if (strcmp(op, "Shape") == 0) {
		mf_oval_t *x = mf_oinput(c, 0, MF_OV_JOIN);
		return x ? fold_shape(c, x) : -1;
	}
	if (c->node->n_input == 0 || !all_inputs_const(c))
		return 0;
	for (size_t k = 0; k < c->node->n_input; ++k) {
		mf_oval_t *v = c->node->input[k] && *c->node->input[k] ? mf_oval_find(c, c->node->input[k]) : NULL;
		c->fold_batched |= v && v->t.batched;
	}
	if (c->fold_batched && !batch_safe(c, op))
		return -1;
	if (strcmp(op, "Concat") == 0)
		return fold_concat(c);
	const mf_otensor_t *x = in_const(c, 0);
	if (!x)
		return -1;
	static const char *bin[] = {"Add", "Sub", "Mul", "Div"};
	for (int k = 0; k < 4; ++k)
		if (strcmp(op, bin[k]) == 0) {
			const mf_otensor_t *y = in_const(c, 1);
			return y ? fold_binary(c, "+-*/"[k], x, y) : -1;
		}
	if (strcmp(op, "Neg") == 0 || strcmp(op, "Log") == 0 || strcmp(op, "Exp") == 0 ||
			strcmp(op, "Sqrt") == 0)
		return fold_unary(c, op, x);
	if (strcmp(op, "ReduceSum") == 0 || strcmp(op, "ReduceMean") == 0)
		return fold_reduce(c, x, op[6] == 'M');
	return fold_moves(c, op, x);
}
