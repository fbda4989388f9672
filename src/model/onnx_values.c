/* onnx_values.c (room onnx_io): the conversion's value table (ONNX tensor names ->
 * constants or views), the current node's inputs and attributes, messages naming the
 * node, and appending layers to the model being built. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "model/onnx_internal.h"

void mf_onode_error(const mf_oconv_t *c, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const Onnx__NodeProto *n = c->node;
	if (!n) {
		mf_error("%s: output '%s': %s", c->file, c->out_name ? c->out_name : "?", msg);
		return;
	}
	if (n->name && *n->name)
		mf_error("%s: node '%s' (%s): %s", c->file, n->name, n->op_type ? n->op_type : "?", msg);
	else
		mf_error("%s: node #%d (%s): %s", c->file, c->node_index, n->op_type ? n->op_type : "?", msg);
}

/* ---- the value table ------------------------------------------------------------------ */

static unsigned hash_name(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; ++s)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int *hash_slot(mf_oconv_t *c, const char *name)
{
	unsigned mask = (unsigned)c->hash_size - 1, i = hash_name(name) & mask;
	while (c->hash[i] >= 0 && strcmp(c->vals[c->hash[i]].name, name) != 0)
		i = (i + 1) & mask;
	return &c->hash[i];
}

mf_oval_t *mf_oval_find(mf_oconv_t *c, const char *name)
{
	if (!name || !c->hash_size)
		return NULL;
	int k = *hash_slot(c, name);
	return k >= 0 ? &c->vals[k] : NULL;
}

/* Doubles the hash when it is half full (sizes stay powers of two). */
static int grow_hash(mf_oconv_t *c)
{
	if (c->hash_size && (c->n_vals + 1) * 2 <= c->hash_size)
		return 0;
	int size = c->hash_size ? c->hash_size * 2 : 256;
	int *h = malloc(sizeof *h * (size_t)size);
	if (!h)
		return -1;
	free(c->hash);
	c->hash = h;
	c->hash_size = size;
	for (int i = 0; i < size; ++i)
		h[i] = -1;
	for (int k = 0; k < c->n_vals; ++k)
		*hash_slot(c, c->vals[k].name) = k;
	return 0;
}

mf_oval_t *mf_oval_add(mf_oconv_t *c, const char *name, mf_ovkind_t kind)
{
	if (!name || !*name) {
		mf_onode_error(c, "a value without a name");
		return NULL;
	}
	if (mf_oval_find(c, name)) {
		mf_onode_error(c, "value '%s' is defined twice (not a valid ONNX graph)", name);
		return NULL;
	}
	if (c->n_vals == c->cap_vals) {
		int cap = c->cap_vals ? c->cap_vals * 2 : 256;
		mf_oval_t *v = realloc(c->vals, sizeof *v * (size_t)cap);
		if (!v)
			goto oom;
		c->vals = v;
		c->cap_vals = cap;
	}
	if (grow_hash(c) < 0)
		goto oom;
	mf_oval_t *v = &c->vals[c->n_vals];
	memset(v, 0, sizeof *v);
	v->kind = kind;
	v->a.pad_axis = -1;
	if (!(v->name = strdup(name)))
		goto oom;
	*hash_slot(c, name) = c->n_vals++;
	return v;
oom:
	mf_error("%s: out of memory for the model's values", c->file);
	return NULL;
}

mf_oact_t *mf_oout(mf_oconv_t *c)
{
	if (c->node->n_output < 1) {
		mf_onode_error(c, "no output");
		return NULL;
	}
	mf_oval_t *v = mf_oval_add(c, c->node->output[0], MF_OV_ACT);
	return v ? &v->a : NULL;
}

int mf_ohas_input(const mf_oconv_t *c, int k)
{
	return k < (int)c->node->n_input && c->node->input[k] && *c->node->input[k];
}

mf_oval_t *mf_oinput(mf_oconv_t *c, int k, mf_ovkind_t want_kind)
{
	if (!mf_ohas_input(c, k)) {
		mf_onode_error(c, "input %d is missing", k + 1);
		return NULL;
	}
	const char *name = c->node->input[k];
	mf_oval_t *v = mf_oval_find(c, name);
	if (!v) {
		mf_onode_error(c, "input '%s' is not produced by any node before this one", name);
		return NULL;
	}
	if (v->kind == MF_OV_JOIN && want_kind != MF_OV_JOIN) {
		mf_onode_error(c, "input '%s' joins computed values with constants (a Concat); only a Conv "
			"or Gemm right after it can read that", name);
		return NULL;
	}
	if (want_kind == MF_OV_CONST && v->kind != MF_OV_CONST) {
		mf_onode_error(c, "input '%s' must be a constant (a weight or a shape known when the model "
			"is loaded), but it is computed from the sequence", name);
		return NULL;
	}
	if (want_kind == MF_OV_ACT && v->kind != MF_OV_ACT) {
		mf_onode_error(c, "input '%s' is a constant where motiflift expects values computed from "
			"the sequence", name);
		return NULL;
	}
	return v;
}

/* ---- attributes ---------------------------------------------------------------------- */

const Onnx__AttributeProto *mf_oattr(const mf_oconv_t *c, const char *name)
{
	for (size_t k = 0; k < c->node->n_attribute; ++k) {
		const Onnx__AttributeProto *a = c->node->attribute[k];
		if (a->name && strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}

int64_t mf_oattr_int(const mf_oconv_t *c, const char *name, int64_t def)
{
	const Onnx__AttributeProto *a = mf_oattr(c, name);
	return a && a->has_i ? a->i : def;
}

float mf_oattr_float(const mf_oconv_t *c, const char *name, float def)
{
	const Onnx__AttributeProto *a = mf_oattr(c, name);
	return a && a->has_f ? a->f : def;
}

int mf_oattr_ints(const mf_oconv_t *c, const char *name, int64_t *out, int max, int def_n)
{
	const Onnx__AttributeProto *a = mf_oattr(c, name);
	if (!a)
		return def_n;
	if (a->n_ints > (size_t)max) {
		mf_onode_error(c, "attribute '%s' has %zu values (at most %d here)", name, a->n_ints, max);
		return -1;
	}
	for (size_t k = 0; k < a->n_ints; ++k)
		out[k] = a->ints[k];
	return (int)a->n_ints;
}

/* ---- layers -------------------------------------------------------------------------- */

void mf_olayer_shape(const mf_oconv_t *c, int i, int *len, int *ch)
{
	if (i < 0) {
		*len = c->m->in_len;
		*ch = c->m->in_ch;
	} else {
		*len = c->m->layers[i].out_len;
		*ch = c->m->layers[i].out_ch;
	}
}

static int name_taken(const mf_model_t *m, const char *name)
{
	for (int i = 0; i < m->n_layers; ++i)
		if (strcmp(m->layers[i].name, name) == 0)
			return 1;
	return 0;
}

/* The node's name (or "<op>_<index>") + suffix, made unique with "_2", "_3", ... */
static char *layer_name(const mf_oconv_t *c, const char *suffix)
{
	const Onnx__NodeProto *n = c->node;
	char base[512];
	if (n && n->name && *n->name)
		snprintf(base, sizeof base, "%s%s", n->name, suffix);
	else if (!n && c->out_name)
		snprintf(base, sizeof base, "%s%s", c->out_name, suffix);
	else
		snprintf(base, sizeof base, "%s_%d%s", n && n->op_type ? n->op_type : "layer", c->node_index,
			suffix);
	char name[540];
	snprintf(name, sizeof name, "%s", base);
	for (int k = 2; name_taken(c->m, name); ++k)
		snprintf(name, sizeof name, "%s_%d", base, k);
	return strdup(name);
}

static int grow_layers(mf_oconv_t *c)
{
	if (c->m->n_layers < c->cap_layers)
		return 0;
	int cap = c->cap_layers ? c->cap_layers * 2 : 32;
	mf_layer_t *l = realloc(c->m->layers, sizeof *l * (size_t)cap);
	if (l)
		c->m->layers = l;
	mf_oprov_t *p = realloc(c->prov, sizeof *p * (size_t)cap);
	if (p)
		c->prov = p;
	if (!l || !p)
		return -1;
	c->cap_layers = cap;
	return 0;
}

mf_layer_t *mf_olayer_new(mf_oconv_t *c, mf_layer_type_t type, const char *suffix,
	int n_in, const int *in, int in_len, int in_ch, int out_len, int out_ch)
{
	if (n_in < 1 || n_in > MF_LAYER_MAX_IN) {
		mf_onode_error(c, "%d inputs (at most %d)", n_in, MF_LAYER_MAX_IN);
		return NULL;
	}
	char *name = grow_layers(c) < 0 ? NULL : layer_name(c, suffix);
	if (!name) {
		mf_error("%s: out of memory for the model's layers", c->file);
		return NULL;
	}
	int i = c->m->n_layers++;
	mf_layer_t *l = &c->m->layers[i];
	memset(l, 0, sizeof *l);
	memset(&c->prov[i], 0, sizeof c->prov[i]);
	c->prov[i].node = -1;
	l->type = type;
	l->name = name;
	l->in_len = in_len;
	l->in_ch = in_ch;
	l->out_len = out_len;
	l->out_ch = out_ch;
	l->k = l->stride = l->dilation = 1;
	l->n_in = n_in;
	for (int j = 0; j < n_in; ++j)
		l->in[j] = in[j];
	return l;
}

/* ---- integer inputs: axes, slices ------------------------------------------------------ */

int mf_oints(mf_oconv_t *c, int k, int64_t *out, int max)
{
	mf_oval_t *v = mf_oinput(c, k, MF_OV_CONST);
	if (!v)
		return -1;
	if (!v->t.is_int || v->t.rank > 1 || v->t.n > (size_t)max) {
		mf_onode_error(c, "input '%s' must be at most %d integers", v->name, max);
		return -1;
	}
	for (size_t i = 0; i < v->t.n; ++i)
		out[i] = v->t.i[i];
	return (int)v->t.n;
}

int mf_oaxes(mf_oconv_t *c, int input_k, int rank, int64_t *axes)
{
	int n;
	if (mf_oattr(c, "axes"))
		n = mf_oattr_ints(c, "axes", axes, MF_ONNX_MAX_RANK, 0);
	else if (input_k >= 0 && mf_ohas_input(c, input_k))
		n = mf_oints(c, input_k, axes, MF_ONNX_MAX_RANK);
	else
		return -2; /* absent: the op's default */
	for (int k = 0; k < n; ++k) {
		if (axes[k] == MF_ONNX_BATCH || axes[k] < -rank || axes[k] >= rank) {
			mf_onode_error(c, "axis %lld out of range for rank %d", (long long)axes[k], rank);
			return -1;
		}
		if (axes[k] < 0)
			axes[k] += rank;
	}
	return n;
}

int mf_oslice(mf_oconv_t *c, int rank, const int64_t *dims, int64_t *start, int64_t *end,
	int64_t *step)
{
	int64_t st[MF_ONNX_MAX_RANK], en[MF_ONNX_MAX_RANK], ax[MF_ONNX_MAX_RANK], sp[MF_ONNX_MAX_RANK];
	int n, ns, na, np;
	if (mf_ohas_input(c, 1)) { /* opset >= 10: starts, ends, axes, steps are inputs */
		n = mf_oints(c, 1, st, MF_ONNX_MAX_RANK);
		ns = mf_oints(c, 2, en, MF_ONNX_MAX_RANK);
		na = mf_ohas_input(c, 3) ? mf_oints(c, 3, ax, MF_ONNX_MAX_RANK) : -2;
		np = mf_ohas_input(c, 4) ? mf_oints(c, 4, sp, MF_ONNX_MAX_RANK) : -2;
	} else {
		n = mf_oattr_ints(c, "starts", st, MF_ONNX_MAX_RANK, -1);
		ns = mf_oattr_ints(c, "ends", en, MF_ONNX_MAX_RANK, -1);
		na = mf_oattr_ints(c, "axes", ax, MF_ONNX_MAX_RANK, -2);
		np = -2;
	}
	if (n < 0 || ns != n || na == -1 || np == -1 || (na >= 0 && na != n) || (np >= 0 && np != n)) {
		if (n >= 0 && ns >= 0)
			mf_onode_error(c, "starts, ends, axes and steps of different lengths");
		return -1;
	}
	for (int k = 0; k < rank; ++k) {
		start[k] = 0;
		end[k] = dims[k];
		step[k] = 1;
	}
	for (int j = 0; j < n; ++j) {
		int64_t a = na >= 0 ? ax[j] : j;
		if (a < 0)
			a += rank;
		if (a < 0 || a >= rank) {
			mf_onode_error(c, "slice axis out of range");
			return -1;
		}
		int64_t d = dims[a], s = st[j], e = en[j], p = np >= 0 ? sp[j] : 1;
		if (d == MF_ONNX_BATCH) { /* the batch axis: only taken whole */
			if (p != 1 || s != 0 || e < INT32_MAX) {
				mf_onode_error(c, "a slice of the batch axis");
				return -1;
			}
			continue;
		}
		if (p == 0 || s == MF_ONNX_BATCH || e == MF_ONNX_BATCH) {
			mf_onode_error(c, "a slice with step 0 or a bound computed from the batch size");
			return -1;
		}
		s = s < 0 ? s + d : s;
		e = e < 0 ? e + d : e;
		if (p > 0) {
			s = s < 0 ? 0 : s > d ? d : s;
			e = e < s ? s : e > d ? d : e;
		} else { /* backwards: from s down to just above e */
			s = s < 0 ? -1 : s > d - 1 ? d - 1 : s;
			e = e < -1 ? -1 : e > s ? s : e;
		}
		start[a] = s;
		step[a] = p;
		end[a] = s + (p > 0 ? (e - s + p - 1) / p : (s - e + -p - 1) / -p) * p; /* whole steps */
	}
	return 0;
}

mf_layer_t *mf_olayer_weighted(mf_oconv_t *c, mf_layer_type_t type, const char *suffix, int src,
	int in_len, int in_ch, int out_len, int out_ch, size_t n_weights)
{
	int in[1] = {src};
	mf_layer_t *l = mf_olayer_new(c, type, suffix, 1, in, in_len, in_ch, out_len, out_ch);
	if (!l)
		return NULL;
	l->W = calloc(n_weights ? n_weights : 1, sizeof *l->W);
	l->b = calloc((size_t)out_ch, sizeof *l->b);
	if (!l->W || !l->b) {
		mf_error("%s: out of memory for %zu weights", c->file, n_weights);
		return NULL;
	}
	return l;
}
