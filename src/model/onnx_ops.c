/* onnx_ops.c (room onnx_io): one ONNX node on activations -> layers or a new view. This
 * file dispatches, and handles the elementwise ops (activations, Add/Sub/Mul/Div), Concat,
 * Pad and the ops that only relabel axes (Transpose, Reshape, Flatten, Squeeze, Unsqueeze,
 * Slice, Identity, Dropout, Cast); onnx_layers.c the ones with weights or windows. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "model/onnx_internal.h"

static int oom(mf_oconv_t *c)
{
	mf_error("%s: out of memory", c->file);
	return -1;
}

/* The output: x's view with new dims and offsets offs (taken over) into the same memory. */
static int out_view(mf_oconv_t *c, const mf_oact_t *x, int rank, const int *dims, int *offs)
{
	mf_oact_t *o = mf_oout(c);
	if (!o) {
		free(offs);
		return -1;
	}
	o->layer = x->layer;
	o->mem_len = x->mem_len;
	o->mem_ch = x->mem_ch;
	o->pad_axis = -1;
	return mf_oact_set_offsets(o, rank, dims, offs);
}

/* The output: x's view unchanged, over layer `layer`'s memory. */
static int out_same(mf_oconv_t *c, const mf_oact_t *x, int layer)
{
	mf_oact_t *o = mf_oout(c);
	if (!o || mf_oact_copy(o, x) < 0)
		return -1;
	o->layer = layer;
	return 0;
}

/* ---- elementwise ---------------------------------------------------------------------- */

static int op_activation(mf_oconv_t *c, mf_act_t act)
{
	mf_oval_t *xv = mf_oinput(c, 0, MF_OV_ACT);
	if (!xv)
		return -1;
	const mf_oact_t *x = &xv->a;
	int in[1] = {x->layer};
	mf_layer_t *l = mf_olayer_new(c, MF_LAYER_ACT, "", 1, in, x->mem_len, x->mem_ch, x->mem_len, x->mem_ch);
	if (!l)
		return -1;
	l->act = act;
	return out_same(c, x, c->m->n_layers - 1);
}

static int op_alias(mf_oconv_t *c, const char *op)
{
	mf_oval_t *xv = mf_oinput(c, 0, MF_OV_ACT);
	if (!xv)
		return -1;
	if (strcmp(op, "Dropout") == 0 && c->node->n_output > 1 && c->node->output[1] && *c->node->output[1]) {
		mf_onode_error(c, "the mask output of Dropout (a training graph) is not supported");
		return -1;
	}
	int64_t to = mf_oattr_int(c, "to", ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT);
	if (strcmp(op, "Cast") == 0 && to != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT &&
			to != ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE && to != ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16) {
		mf_onode_error(c, "a cast of the values to a non-float type");
		return -1;
	}
	return out_same(c, &xv->a, xv->a.layer);
}

/* a + b or a - b of two computed values of one shape: an Add layer. */
static int add_values(mf_oconv_t *c, const mf_oact_t *a, const mf_oact_t *b, int sub)
{
	int same = a->rank == b->rank, len_axis, ch_axis;
	for (int k = 0; k < a->rank && same; ++k)
		same = a->dims[k] == b->dims[k];
	if (!same) {
		mf_onode_error(c, "values of different shapes (broadcasting between two computed values is "
			"not supported)");
		return -1;
	}
	if (mf_oact_axes(c, a, &len_axis, &ch_axis) < 0)
		return -1;
	int L = len_axis >= 0 ? a->dims[len_axis] : 1, C = ch_axis >= 0 ? a->dims[ch_axis] : 1;
	int in[2] = {mf_oact_materialize(c, a, len_axis, ch_axis), -2};
	if (in[0] < -1 || (in[1] = mf_oact_materialize(c, b, len_axis, ch_axis)) < -1)
		return -1;
	if (sub) {
		float *m1 = malloc(sizeof *m1 * (size_t)C);
		for (int k = 0; m1 && k < C; ++k)
			m1[k] = -1.0f;
		in[1] = m1 ? mf_onnx_affine_layer(c, in[1], L, C, m1, NULL, "/negate") : oom(c);
		free(m1);
		if (in[1] < 0)
			return -1;
	}
	if (!mf_olayer_new(c, MF_LAYER_ADD, "", 2, in, L, C, L, C))
		return -1;
	mf_oact_t *o = mf_oout(c);
	if (!o)
		return -1;
	mf_oact_canonical(o, c->m->n_layers - 1, L, C, a->rank, a->dims, len_axis, ch_axis);
	return 0;
}

/* The one value per memory channel that constant t takes over view x (broadcast as ONNX
   does, batch axis first); have[ch] 0 for channels x does not cover. 0 or -1 (logged). */
static int per_channel(mf_oconv_t *c, const mf_oact_t *x, const mf_otensor_t *t, float *val, char *have)
{
	int R = x->rank + 1;
	int64_t full[MF_ONNX_MAX_RANK + 1] = {1}, idx[MF_ONNX_MAX_RANK + 1] = {0};
	for (int k = 0; k < x->rank; ++k)
		full[k + 1] = x->dims[k];
	if (R > MF_ONNX_MAX_RANK || !mf_otensor_broadcasts(t, R, full)) {
		mf_onode_error(c, "a constant that does not broadcast to the values");
		return -1;
	}
	int *offs = mf_oact_offsets(x);
	if (!offs)
		return -1;
	size_t n = mf_oact_count(x);
	for (size_t i = 0; i < n; ++i) {
		float v = (float)mf_otensor_get(t, mf_otensor_bindex(t, R, idx));
		int ch = offs[i] % x->mem_ch;
		if (have[ch] && val[ch] != v) {
			free(offs);
			mf_onode_error(c, "the constant changes along the sequence; only one value per channel "
				"(or one for all) is supported");
			return -1;
		}
		have[ch] = 1;
		val[ch] = v;
		for (int k = R - 1; k >= 1 && ++idx[k] == full[k]; --k)
			idx[k] = 0;
	}
	free(offs);
	return 0;
}

/* x op t (or t op x when const_first): one per-channel affine layer over x's memory. */
static int affine_values(mf_oconv_t *c, const mf_oact_t *x, const mf_otensor_t *t, char op, int const_first)
{
	if (op == '/' && const_first) {
		mf_onode_error(c, "a constant divided by computed values is not supported");
		return -1;
	}
	int MC = x->mem_ch, rc = -1;
	float *val = calloc((size_t)MC, sizeof *val), *scale = malloc(sizeof *scale * (size_t)MC),
		*shift = calloc((size_t)MC, sizeof *shift);
	char *have = calloc((size_t)MC, 1);
	if (!val || !scale || !shift || !have) {
		oom(c);
		goto done;
	}
	if (per_channel(c, x, t, val, have) < 0)
		goto done;
	for (int k = 0; k < MC; ++k) {
		float v = have[k] ? val[k] : op == '*' || op == '/' ? 1.0f : 0.0f;
		scale[k] = op == '*' ? v : op == '/' ? 1.0f / v : op == '-' && const_first ? -1.0f : 1.0f;
		shift[k] = op == '+' ? v : op == '-' ? (const_first ? v : -v) : 0.0f;
		if (op == '/' && v == 0.0f) {
			mf_onode_error(c, "a division by zero");
			goto done;
		}
	}
	int l = mf_onnx_affine_layer(c, x->layer, x->mem_len, MC, scale, shift, "");
	rc = l < 0 ? -1 : out_same(c, x, l);
done:
	free(val), free(scale), free(shift), free(have);
	return rc;
}

static int op_binary(mf_oconv_t *c, char op)
{
	mf_oval_t *a = mf_oinput(c, 0, 0), *b = a ? mf_oinput(c, 1, 0) : NULL;
	if (!a || !b)
		return -1;
	if (a->kind == MF_OV_ACT && b->kind == MF_OV_ACT) {
		if (op == '+' || op == '-')
			return add_values(c, &a->a, &b->a, op == '-');
		mf_onode_error(c, "a product or quotient of two computed values is not supported");
		return -1;
	}
	int const_first = a->kind == MF_OV_CONST;
	return affine_values(c, const_first ? &b->a : &a->a, const_first ? &a->t : &b->t, op, const_first);
}

/* ---- Concat --------------------------------------------------------------------------- */

/* Computed values and one constant block side by side: a JOIN value for the Conv or
   Gemm that reads it. The constant is per sample (batched, or with a leading 1). */
static int join_const(mf_oconv_t *c, const mf_oval_t *a, const mf_oval_t *k, int axis, int const_first)
{
	const mf_otensor_t *t = &k->t;
	int ok = t->rank == a->a.rank + 1 && t->dims[0] == 1 && !t->is_int;
	for (int d = 0; d < a->a.rank && ok; ++d)
		ok = d == axis || t->dims[d + 1] == a->a.dims[d];
	if (!ok || a->a.pad_axis >= 0) {
		mf_onode_error(c, "constant '%s' does not fit beside the computed values", k->name);
		return -1;
	}
	mf_oval_t *o = c->node->n_output ? mf_oval_add(c, c->node->output[0], MF_OV_JOIN) : NULL;
	if (!o || mf_oact_copy(&o->a, &a->a) < 0 || mf_otensor_copy(&o->t, t) < 0)
		return -1;
	o->t.rank -= 1; /* the batch axis dropped */
	memmove(o->t.dims, o->t.dims + 1, sizeof *o->t.dims * (size_t)o->t.rank);
	o->t.batched = 0;
	o->join_axis = axis;
	o->join_const_first = const_first;
	return 0;
}

static int op_concat(mf_oconv_t *c)
{
	int n = (int)c->node->n_input, in[MF_LAYER_MAX_IN], total = 0;
	mf_oval_t *v0 = mf_oinput(c, 0, 0);
	if (v0 && v0->kind == MF_OV_CONST && n == 2)
		v0 = mf_oinput(c, 1, MF_OV_ACT); /* [constant, values]: the values set the shape */
	if (!v0)
		return -1;
	if (v0->kind != MF_OV_ACT) {
		mf_onode_error(c, "joining constants with more than one block of computed values, or the "
			"other way round, is not supported");
		return -1;
	}
	if (n > MF_LAYER_MAX_IN) {
		mf_onode_error(c, "%d inputs (at most %d)", n, MF_LAYER_MAX_IN);
		return -1;
	}
	const mf_oact_t *x0 = &v0->a;
	int64_t axis = mf_oattr_int(c, "axis", 0);
	axis = axis < 0 ? axis + x0->rank + 1 : axis;
	if (axis < 1 || axis > x0->rank) {
		mf_onode_error(c, "a concatenation along the batch axis or out of range");
		return -1;
	}
	int ch_axis = (int)axis - 1, len_axis = -1;
	for (int k = 0; k < x0->rank; ++k)
		if (k != ch_axis && x0->dims[k] > 1)
			len_axis = k;
	if (n == 2) {
		mf_oval_t *a = mf_oinput(c, 0, 0), *b = a ? mf_oinput(c, 1, 0) : NULL;
		if (!a || !b)
			return -1;
		if (a->kind != b->kind)
			return a->kind == MF_OV_ACT ? join_const(c, a, b, ch_axis, 0) : join_const(c, b, a, ch_axis, 1);
	}
	for (int j = 0; j < n; ++j) {
		mf_oval_t *v = mf_oinput(c, j, 0);
		if (!v)
			return -1;
		if (v->kind != MF_OV_ACT) {
			mf_onode_error(c, "input '%s' is a constant: joining computed values with more than one "
				"constant, or several with one, is not supported", v->name);
			return -1;
		}
		for (int k = 0; k < x0->rank; ++k)
			if (v->a.rank != x0->rank || (k != ch_axis && v->a.dims[k] != x0->dims[k])) {
				mf_onode_error(c, "inputs of different shapes besides the concatenated axis");
				return -1;
			}
		if ((in[j] = mf_oact_materialize(c, &v->a, len_axis, ch_axis)) < -1)
			return -1;
		total += v->a.dims[ch_axis];
	}
	int L = len_axis >= 0 ? x0->dims[len_axis] : 1;
	if (!mf_olayer_new(c, MF_LAYER_CONCAT, "", n, in, L, x0->dims[ch_axis], L, total))
		return -1;
	int dims[MF_ONNX_MAX_RANK];
	memcpy(dims, x0->dims, sizeof dims);
	dims[ch_axis] = total;
	mf_oact_t *o = mf_oout(c);
	if (!o)
		return -1;
	mf_oact_canonical(o, c->m->n_layers - 1, L, total, x0->rank, dims, len_axis, ch_axis);
	return 0;
}

/* ---- ops that only relabel axes -------------------------------------------------------- */

/* The offsets of the elements of dims (rank r) taken from x at index map(idx). */
typedef void (*index_map_t)(const int *idx, int *src, const void *arg);

static int remap(mf_oconv_t *c, const mf_oact_t *x, int rank, const int *dims, index_map_t map,
	const void *arg)
{
	size_t n = 1;
	for (int k = 0; k < rank; ++k)
		n *= (size_t)dims[k];
	if (n == 0) {
		mf_onode_error(c, "an empty result");
		return -1;
	}
	int *offs = malloc(sizeof *offs * n), idx[MF_ONNX_MAX_RANK] = {0}, src[MF_ONNX_MAX_RANK];
	if (!offs)
		return oom(c);
	for (size_t i = 0; i < n; ++i) {
		map(idx, src, arg);
		offs[i] = (int)mf_oact_offset(x, src);
		for (int k = rank - 1; k >= 0 && ++idx[k] == dims[k]; --k)
			idx[k] = 0;
	}
	return out_view(c, x, rank, dims, offs);
}

typedef struct {
	int rank, perm[MF_ONNX_MAX_RANK], start[MF_ONNX_MAX_RANK];
} map_arg_t;

static void map_perm(const int *idx, int *src, const void *arg)
{
	const map_arg_t *m = arg;
	for (int k = 0; k < m->rank; ++k)
		src[m->perm[k]] = idx[k];
}

static void map_shift(const int *idx, int *src, const void *arg)
{
	const map_arg_t *m = arg;
	for (int k = 0; k < m->rank; ++k)
		src[k] = idx[k] + m->start[k];
}

static int op_transpose(mf_oconv_t *c, const mf_oact_t *x)
{
	int64_t p[MF_ONNX_MAX_RANK + 1];
	int r = x->rank, n = mf_oattr_ints(c, "perm", p, MF_ONNX_MAX_RANK + 1, -2);
	map_arg_t m = {.rank = r};
	int dims[MF_ONNX_MAX_RANK];
	if (n == -1 || (n >= 0 && n != r + 1) || (n >= 0 && p[0] != 0) || n == -2) {
		mf_onode_error(c, "a transpose that moves the batch axis");
		return -1;
	}
	for (int k = 0; k < r; ++k) {
		m.perm[k] = (int)p[k + 1] - 1;
		if (m.perm[k] < 0 || m.perm[k] >= r) {
			mf_onode_error(c, "bad perm");
			return -1;
		}
		dims[k] = x->dims[m.perm[k]];
	}
	return remap(c, x, r, dims, map_perm, &m);
}

/* The per-sample dims a Reshape to target t (batch first) gives x; rank or -1 (logged). */
static int reshape_dims(mf_oconv_t *c, const mf_oact_t *x, const mf_otensor_t *t, int *dims)
{
	if (!t->is_int || t->rank != 1 || t->n < 1 || t->n > MF_ONNX_MAX_RANK + 1) {
		mf_onode_error(c, "the target shape is not a list of integers");
		return -1;
	}
	int allowzero = (int)mf_oattr_int(c, "allowzero", 0), r = (int)t->n - 1, infer = -1;
	int64_t per = (int64_t)mf_oact_count(x), known = 1, t0 = t->i[0];
	for (int j = 0; j < r; ++j) {
		int64_t v = t->i[j + 1];
		if (v == 0 && !allowzero)
			v = j < x->rank ? x->dims[j] : -2;
		if (v == -1 && infer < 0 && t0 != -1)
			infer = j;
		else if (v < 1) {
			mf_onode_error(c, "a target shape that mixes the batch axis with the others");
			return -1;
		} else
			known *= v;
		dims[j] = (int)v;
	}
	if (infer >= 0) {
		if (known == 0 || per % known) {
			mf_onode_error(c, "a target shape that does not fit %lld values", (long long)per);
			return -1;
		}
		dims[infer] = (int)(per / known);
		known = per;
	}
	int batch_ok = t0 == MF_ONNX_BATCH || (t0 == 0 && !allowzero) || t0 == -1 || (t0 == 1 && c->batch_fixed);
	if (!batch_ok || known != per) {
		mf_onode_error(c, "a reshape that mixes the batch axis with the others (target's first "
			"entry %lld, %lld values per sample become %lld)", (long long)(t0 == MF_ONNX_BATCH ? -1 : t0),
			(long long)per, (long long)known);
		return -1;
	}
	return r;
}

static int op_reshape(mf_oconv_t *c, const mf_oact_t *x, const char *op)
{
	int dims[MF_ONNX_MAX_RANK], r;
	if (strcmp(op, "Reshape") == 0) {
		mf_oval_t *tv = mf_oinput(c, 1, MF_OV_CONST);
		if (!tv || (r = reshape_dims(c, x, &tv->t, dims)) < 0)
			return -1;
	} else { /* Flatten: every axis from `axis` on becomes one; those before must be 1 */
		int64_t axis = mf_oattr_int(c, "axis", 1);
		axis = axis < 0 ? axis + x->rank + 1 : axis;
		for (int k = 0; k + 1 < axis && k < x->rank; ++k)
			if (x->dims[k] != 1)
				axis = 0;
		if (axis < 1 || axis > x->rank + 1) {
			mf_onode_error(c, "a flatten that mixes the batch axis with the others");
			return -1;
		}
		r = 1;
		dims[0] = (int)mf_oact_count(x);
	}
	int *offs = mf_oact_offsets(x); /* a reshape keeps the row-major order */
	return offs ? out_view(c, x, r, dims, offs) : -1;
}

static int op_squeeze(mf_oconv_t *c, const mf_oact_t *x, int unsqueeze)
{
	int64_t axes[MF_ONNX_MAX_RANK + 1];
	int dims[MF_ONNX_MAX_RANK], r = 0;
	char mark[MF_ONNX_MAX_RANK + 2] = {0};
	int out_full = unsqueeze ? 0 : x->rank + 1, na;
	if (unsqueeze) {
		na = mf_oattr(c, "axes") ? mf_oattr_ints(c, "axes", axes, MF_ONNX_MAX_RANK, 0)
			: mf_oints(c, 1, axes, MF_ONNX_MAX_RANK);
		out_full = x->rank + 1 + (na > 0 ? na : 0);
		if (na < 0 || out_full > MF_ONNX_MAX_RANK + 1)
			return -1;
	} else if ((na = mf_oaxes(c, 1, out_full, axes)) == -1)
		return -1;
	for (int j = 0; j < na; ++j) {
		int64_t a = axes[j] < 0 ? axes[j] + out_full : axes[j];
		if (a <= 0 || a >= out_full || mark[a]) {
			mf_onode_error(c, "a %s of the batch axis or out of range", unsqueeze ? "unsqueeze" : "squeeze");
			return -1;
		}
		mark[a] = 1;
	}
	for (int k = 1, src = 0; k < out_full; ++k) {
		if (unsqueeze) {
			dims[r++] = mark[k] ? 1 : x->dims[src++];
		} else if (!(mark[k] || (na == -2 && x->dims[k - 1] == 1))) {
			dims[r++] = x->dims[k - 1];
		} else if (x->dims[k - 1] != 1) {
			mf_onode_error(c, "a squeeze of an axis of length %d", x->dims[k - 1]);
			return -1;
		}
	}
	int *offs = mf_oact_offsets(x);
	return offs ? out_view(c, x, r, dims, offs) : -1;
}

static int op_slice(mf_oconv_t *c, const mf_oact_t *x)
{
	int64_t full[MF_ONNX_MAX_RANK + 1] = {MF_ONNX_BATCH}, s[MF_ONNX_MAX_RANK + 1], e[MF_ONNX_MAX_RANK + 1],
		st[MF_ONNX_MAX_RANK + 1];
	for (int k = 0; k < x->rank; ++k)
		full[k + 1] = x->dims[k];
	if (mf_oslice(c, x->rank + 1, full, s, e, st) < 0)
		return -1;
	map_arg_t m = {.rank = x->rank};
	int dims[MF_ONNX_MAX_RANK];
	for (int k = 0; k < x->rank; ++k) {
		if (st[k + 1] != 1) {
			mf_onode_error(c, "a slice of the values with step %lld (only step 1 is supported)",
				(long long)st[k + 1]);
			return -1;
		}
		m.start[k] = (int)s[k + 1];
		dims[k] = (int)(e[k + 1] - s[k + 1]);
	}
	return remap(c, x, x->rank, dims, map_shift, &m);
}

static int op_pad(mf_oconv_t *c, const mf_oact_t *x)
{
	const Onnx__AttributeProto *mode = mf_oattr(c, "mode");
	if (mode && mode->has_s && !(mode->s.len == 8 && memcmp(mode->s.data, "constant", 8) == 0)) {
		mf_onode_error(c, "only constant (zero) padding is supported");
		return -1;
	}
	int64_t pads[2 * (MF_ONNX_MAX_RANK + 1)];
	int R = x->rank + 1, n = mf_ohas_input(c, 1) ? mf_oints(c, 1, pads, 2 * R)
		: mf_oattr_ints(c, "pads", pads, 2 * R, -1);
	float value = mf_oattr_float(c, "value", 0.0f);
	if (mf_ohas_input(c, 2)) {
		mf_oval_t *v = mf_oinput(c, 2, MF_OV_CONST);
		if (!v)
			return -1;
		value = v->t.n ? (float)mf_otensor_get(&v->t, 0) : 0.0f;
	}
	if (n != 2 * R || mf_ohas_input(c, 3) || value != 0.0f || pads[0] || pads[R]) {
		mf_onode_error(c, "only zero padding of one axis other than the batch is supported");
		return -1;
	}
	mf_oact_t *o = mf_oout(c);
	if (!o || mf_oact_copy(o, x) < 0)
		return -1;
	for (int k = 0; k < x->rank; ++k) {
		int64_t b = pads[k + 1], e = pads[k + 1 + R];
		if (!b && !e)
			continue;
		if (b < 0 || e < 0 || o->pad_axis >= 0 || b > 1 << 20 || e > 1 << 20) {
			mf_onode_error(c, "only zero padding of one axis is supported (no negative pads)");
			return -1;
		}
		o->pad_axis = k;
		o->pad_l = (int)b;
		o->pad_r = (int)e;
	}
	return 0;
}

/* ---- dispatch ------------------------------------------------------------------------------ */

static const char *const SUPPORTED = "Conv, Relu, Sigmoid, Tanh, Softmax, Add, Sub, Mul, Div, "
	"MatMul, Gemm, Slice, ReduceMean, ReduceSum, Reshape, Flatten, Squeeze, Unsqueeze, Transpose, "
	"MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, BatchNormalization, Identity, Dropout, "
	"Concat, Pad, Cast, and shape arithmetic (Shape, Gather, Constant, ...)";

static int relabel(mf_oconv_t *c, const char *op)
{
	mf_oval_t *xv = mf_oinput(c, 0, MF_OV_ACT);
	if (!xv)
		return -1;
	if (strcmp(op, "Transpose") == 0)
		return op_transpose(c, &xv->a);
	if (strcmp(op, "Reshape") == 0 || strcmp(op, "Flatten") == 0)
		return op_reshape(c, &xv->a, op);
	if (strcmp(op, "Squeeze") == 0 || strcmp(op, "Unsqueeze") == 0)
		return op_squeeze(c, &xv->a, op[0] == 'U');
	if (strcmp(op, "Slice") == 0)
		return op_slice(c, &xv->a);
	return op_pad(c, &xv->a);
}

/* Pending Pads of the node's inputs become layers (for every op but Conv and the aliases). */
static int unpad_inputs(mf_oconv_t *c)
{
	for (size_t k = 0; k < c->node->n_input; ++k) {
		mf_oval_t *v = c->node->input[k] ? mf_oval_find(c, c->node->input[k]) : NULL;
		if (v && v->kind == MF_OV_ACT && mf_oact_unpad(c, &v->a) < 0)
			return -1;
	}
	return 0;
}

int mf_onnx_op(mf_oconv_t *c)
{
	const char *op = c->node->op_type ? c->node->op_type : "";
	static const char *alias[] = {"Identity", "Dropout", "Cast"};
	for (int k = 0; k < 3; ++k)
		if (strcmp(op, alias[k]) == 0)
			return op_alias(c, op);
	if (strcmp(op, "Conv") == 0)
		return mf_onnx_conv(c);
	if (unpad_inputs(c) < 0)
		return -1;
	static const char *acts[] = {"Relu", "Sigmoid", "Tanh"};
	static const mf_act_t act_of[] = {MF_ACT_RELU, MF_ACT_SIGMOID, MF_ACT_TANH};
	for (int k = 0; k < 3; ++k)
		if (strcmp(op, acts[k]) == 0)
			return op_activation(c, act_of[k]);
	static const char *bin[] = {"Add", "Sub", "Mul", "Div"};
	for (int k = 0; k < 4; ++k)
		if (strcmp(op, bin[k]) == 0)
			return op_binary(c, "+-*/"[k]);
	static const char *rel[] = {"Transpose", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Slice", "Pad"};
	for (int k = 0; k < 7; ++k)
		if (strcmp(op, rel[k]) == 0)
			return relabel(c, op);
	if (strcmp(op, "Concat") == 0)
		return op_concat(c);
	if (strcmp(op, "Softmax") == 0)
		return mf_onnx_softmax(c);
	if (strcmp(op, "Gemm") == 0)
		return mf_onnx_gemm(c);
	if (strcmp(op, "MatMul") == 0)
		return mf_onnx_matmul(c);
	if (strcmp(op, "BatchNormalization") == 0)
		return mf_onnx_batchnorm(c);
	if (strcmp(op, "ReduceMean") == 0 || strcmp(op, "ReduceSum") == 0)
		return mf_onnx_reduce(c, op[6] == 'S');
	if (strcmp(op, "MaxPool") == 0 || strcmp(op, "AveragePool") == 0)
		return mf_onnx_pool(c, op[0] == 'M', 0);
	if (strcmp(op, "GlobalMaxPool") == 0 || strcmp(op, "GlobalAveragePool") == 0)
		return mf_onnx_pool(c, op[6] == 'M', 1);
	if (strcmp(op, "Loop") == 0 || strcmp(op, "If") == 0 || strcmp(op, "Scan") == 0) {
		mf_onode_error(c, "control flow is not supported (export a model whose graph does not "
			"depend on the data: no loops over the sequence)");
		return -1;
	}
	mf_onode_error(c, "op not supported (motiflift reads 1-D conv nets: %s)", SUPPORTED);
	return -1;
}
