/* onnx_internal.h (room onnx_io, internal): what the ONNX reader's files share while they
 * turn an ONNX graph into the layer graph of model.h.
 *
 * Every ONNX value (a tensor name) is either a constant (an initializer, a Constant node
 * or a folded shape computation) or an activation. An activation is a *view* of one
 * layer's output memory, [len][ch] per sample: its per-sample ONNX axes (the batch axis
 * dropped) map to memory offsets by strides (or, after a Reshape that strides cannot
 * express, by one offset per element). Transpose, Reshape, Flatten, Squeeze, Unsqueeze,
 * Slice, Identity and Dropout only change the view; a layer is made only where work is
 * done, and where a consumer needs its input laid out as (length, channels) the view is
 * "materialized" (nothing, a Cropping1D, a Reshape, or a one-to-one k = 1 convolution
 * that picks channels). So a PyTorch (N, C, L) graph becomes the same layers the Keras
 * reader makes from the (N, L, C) model. */
#ifndef MF_ONNX_INTERNAL_H
#define MF_ONNX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "model/gen/onnx.pb-c.h"
#include "model/model.h"

enum {
	MF_ONNX_MAX_RANK = 8,
	MF_ONNX_OPSET_MIN = 11,
	MF_ONNX_OPSET_MAX = 17
};
/* In folded shape values: the batch size, unknown until run time. */
#define MF_ONNX_BATCH INT64_MIN

/* A constant tensor: float32 values or int64 ones (shapes, indices, axes). */
typedef struct {
	int is_int;
	int batched;         /* one copy per sample (zeros as large as the batch): axis 0 is the
	                        batch, stored with length 1 */
	int rank;
	int64_t dims[MF_ONNX_MAX_RANK];
	size_t n;            /* elements: the product of dims (1 for a scalar) */
	float *f;            /* !is_int */
	int64_t *i;          /* is_int */
} mf_otensor_t;

/* An activation: a view of layer `layer`'s output (MF_MODEL_INPUT: the model input). */
typedef struct {
	int layer;
	int mem_len, mem_ch; /* that output's shape per sample */
	int rank;            /* per-sample axes */
	int dims[MF_ONNX_MAX_RANK];
	long strides[MF_ONNX_MAX_RANK], base;
	int *offs;           /* NULL, or the offset of every element in row-major order */
	int pad_axis;        /* -1, or the axis a Pad widened with pad_l/pad_r zeros (not in memory) */
	int pad_l, pad_r;
} mf_oact_t;

/* MF_OV_JOIN: computed values a joined along per-sample axis join_axis with constant
   values t (per sample: t's batch axis dropped), before them when join_const_first (a
   Concat; what bpnet-lite's zero control tracks become). Only a Conv (zero constants)
   or a Gemm (any) right after can read it. */
typedef enum { MF_OV_CONST = 1, MF_OV_ACT, MF_OV_JOIN } mf_ovkind_t;

typedef struct {
	char *name;
	mf_ovkind_t kind;
	mf_otensor_t t;
	mf_oact_t a;
	int join_axis, join_const_first;
} mf_oval_t;

/* Where a Conv layer's weights came from (for writing a normalized model back). */
typedef struct {
	const char *w_init, *b_init; /* the Conv's weight and bias input names (in the proto;
	                                b_init NULL: the node had no bias) */
	int node;                    /* index of the Conv node */
} mf_oprov_t;

/* The conversion in progress. */
typedef struct {
	const char *file;
	const Onnx__ModelProto *proto;
	int opset;
	int batch_fixed;     /* the input declares batch size 1 (no dynamic axis) */
	mf_model_t *m;
	int cap_layers;
	mf_oprov_t *prov;    /* [cap_layers], one per layer */
	mf_oval_t *vals;
	int n_vals, cap_vals;
	int *hash;           /* open addressing over vals, -1 empty; size hash_size */
	int hash_size;
	const Onnx__NodeProto *node; /* the node being converted, for messages */
	int node_index;
	const char *out_name;        /* with node NULL: the graph output being laid out */
	int fold_batched;            /* the node being folded reads a per-sample constant */
} mf_oconv_t;

/* ---- onnx_tensor.c: constants -------------------------------------------------------- */

/* Decodes an initializer or Constant value; 0, or -1 naming it (external data, types). */
int mf_otensor_decode(const Onnx__TensorProto *tp, const char *file, mf_otensor_t *t);
/* An empty tensor of the given kind and dims (values zeroed); 0 or -1 (out of memory). */
int mf_otensor_alloc(mf_otensor_t *t, int is_int, int rank, const int64_t *dims);
int mf_otensor_copy(mf_otensor_t *d, const mf_otensor_t *s);
void mf_otensor_free(mf_otensor_t *t);
/* Value k as a double (int or float tensors). */
double mf_otensor_get(const mf_otensor_t *t, size_t k);
/* The element of t that element idx of a rank-r tensor reads when t is broadcast to it
   (numpy rules, dims aligned at the end; t must broadcast: mf_otensor_broadcasts). */
size_t mf_otensor_bindex(const mf_otensor_t *t, int r, const int64_t *idx);
/* 1 when t broadcasts to dims out (rank r). */
int mf_otensor_broadcasts(const mf_otensor_t *t, int r, const int64_t *out);
/* "(1,4,200)" into buf. */
const char *mf_odims_str(char *buf, size_t size, int rank, const int64_t *dims);

/* ---- onnx_values.c: the value table, layers and views ------------------------------- */

/* One line "<file>: node '<name>' (<op>): <message>" for the current node. */
void mf_onode_error(const mf_oconv_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
mf_oval_t *mf_oval_find(mf_oconv_t *c, const char *name);
/* A new value named `name` (replacing none: names are unique in ONNX); NULL on error. */
mf_oval_t *mf_oval_add(mf_oconv_t *c, const char *name, mf_ovkind_t kind);
/* Input k of the current node, or NULL (logged) when it is missing, not defined yet or
   of another kind; want_kind 0 accepts a constant or computed values, MF_OV_JOIN any. */
mf_oval_t *mf_oinput(mf_oconv_t *c, int k, mf_ovkind_t want_kind);
/* The current node's first output, a new activation (zeroed); NULL on error. */
mf_oact_t *mf_oout(mf_oconv_t *c);
/* 1 when the current node has an input k with a non-empty name. */
int mf_ohas_input(const mf_oconv_t *c, int k);
/* The current node's attribute `name` or NULL. */
const Onnx__AttributeProto *mf_oattr(const mf_oconv_t *c, const char *name);
int64_t mf_oattr_int(const mf_oconv_t *c, const char *name, int64_t def);
float mf_oattr_float(const mf_oconv_t *c, const char *name, float def);
/* A list attribute into out[max]; its length, def_n when absent, -1 when longer than max. */
int mf_oattr_ints(const mf_oconv_t *c, const char *name, int64_t *out, int max, int def_n);

/* Integer constant input k (rank <= 1) into out[max]; its length or -1 (logged). */
int mf_oints(mf_oconv_t *c, int k, int64_t *out, int max);
/* The current node's axes: attribute 'axes' (older opsets) or constant input input_k
   (newer ones), made non-negative for the given rank. Their number, -2 when absent, -1
   on error (logged). */
int mf_oaxes(mf_oconv_t *c, int input_k, int rank, int64_t *axes);
/* The current Slice node's start, end and step per axis of dims (rank), clamped as ONNX
   does, with end = start + step * (the number of elements); the batch axis (dims
   MF_ONNX_BATCH) may only be taken whole. 0 or -1 (logged). */
int mf_oslice(mf_oconv_t *c, int rank, const int64_t *dims, int64_t *start, int64_t *end,
	int64_t *step);

/* Appends a layer named after the current node plus `suffix` (unique), shapes in/out,
   k = stride = dilation = 1, reading `n_in` producers `in`; NULL (logged) on error. The
   pointer stays valid until the next mf_olayer_new. */
mf_layer_t *mf_olayer_new(mf_oconv_t *c, mf_layer_type_t type, const char *suffix,
	int n_in, const int *in, int in_len, int in_ch, int out_len, int out_ch);
/* The same for a Conv1D or Dense reading layer src, with W (n_weights) and b (out_ch)
   allocated and zeroed. */
mf_layer_t *mf_olayer_weighted(mf_oconv_t *c, mf_layer_type_t type, const char *suffix, int src,
	int in_len, int in_ch, int out_len, int out_ch, size_t n_weights);
/* The output shape of layer i (MF_MODEL_INPUT: the model input). */
void mf_olayer_shape(const mf_oconv_t *c, int i, int *len, int *ch);

/* Number of elements of a view. */
size_t mf_oact_count(const mf_oact_t *a);
/* The memory offset of every element in row-major order (caller frees); NULL when out
   of memory (logged). */
int *mf_oact_offsets(const mf_oact_t *a);
/* The offset of element idx. */
long mf_oact_offset(const mf_oact_t *a, const int *idx);
/* A fresh view of all of layer `layer`'s [len][ch] memory as ONNX axes dims (rank r)
   with the given length and channel axes (-1: none; other axes have size 1). */
void mf_oact_canonical(mf_oact_t *a, int layer, int len, int ch, int rank, const int *dims,
	int len_axis, int ch_axis);
/* The view with new dims and offsets offs (taken over), made strided when it can be. */
int mf_oact_set_offsets(mf_oact_t *a, int rank, const int *dims, int *offs);
int mf_oact_copy(mf_oact_t *d, const mf_oact_t *s);
void mf_oact_free(mf_oact_t *a);
/* Which of a's axes is its length and which its channels (-1: none), from the memory it
   views; -1 (logged) when it has more than two axes longer than 1. */
int mf_oact_axes(mf_oconv_t *c, const mf_oact_t *a, int *len_axis, int *ch_axis);
/* Lays a out as [L][C] memory (L = dims[len_axis] or 1, C = dims[ch_axis] or 1; other
   axes must have size 1), adding the layers that takes (see the header comment); a
   pending Pad must be on len_axis and becomes a zero-padding layer. The layer index (or
   MF_MODEL_INPUT), or -2 (logged) when it cannot. */
int mf_oact_materialize(mf_oconv_t *c, const mf_oact_t *a, int len_axis, int ch_axis);

/* A pending Pad of a made real: a zero-padding layer, a replaced by a view of all of it.
   0 or -1 (logged). */
int mf_oact_unpad(mf_oconv_t *c, mf_oact_t *a);

/* ---- onnx_fold.c: constant folding -------------------------------------------------- */

/* Folds the current node when its result is a constant (shape arithmetic, Constant,
   Shape of an activation, ops on constants): 1 when done, 0 when the node is not
   foldable (an op on activations), -1 on error (logged). */
int mf_onnx_fold(mf_oconv_t *c);

/* ---- onnx_layers.c: the ops that become layers with weights or windows -------------- */

/* Each converts the current node; 0 or -1 (logged). Inputs carry no pending Pad except
   a Conv's (its padding). */
int mf_onnx_conv(mf_oconv_t *c);
int mf_onnx_pool(mf_oconv_t *c, int is_max, int global);
int mf_onnx_gemm(mf_oconv_t *c);
int mf_onnx_matmul(mf_oconv_t *c);
int mf_onnx_batchnorm(mf_oconv_t *c);
int mf_onnx_reduce(mf_oconv_t *c, int is_sum);
int mf_onnx_softmax(mf_oconv_t *c);
/* A per-channel y = x * scale[c] + shift[c] layer (a BatchNormalization with mean 0,
   variance 1, epsilon 0) over layer src's (L, C) output; scale/shift NULL: 1/0. Its
   index, or -1. */
int mf_onnx_affine_layer(mf_oconv_t *c, int src, int L, int C, const float *scale,
	const float *shift, const char *suffix);

/* ---- onnx_ops.c: ops on activations -------------------------------------------------- */

/* Converts the current node (not foldable) into layers and views; 0 or -1 (logged, with
   an unsupported op named). */
int mf_onnx_op(mf_oconv_t *c);

/* ---- onnx_read.c: the file and the conversion ------------------------------------------ */

/* The decoded file, with ir_version, a graph and opset imports; NULL (logged) when it
   cannot be read or is not ONNX. Free with onnx__model_proto__free_unpacked(p, NULL). */
Onnx__ModelProto *mf_onnx_read_proto(const char *path);
/* The model of a decoded file; with prov, also where each layer's weights came from
   (*prov: one per layer, caller frees). NULL on error (logged). */
mf_model_t *mf_onnx_build(const Onnx__ModelProto *p, const char *file, mf_oprov_t **prov);

#endif
