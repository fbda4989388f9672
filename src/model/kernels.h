/* kernels.h: the hot loops, each with a naive reference beside it for the tests.
 *
 * All arrays are row-major float32 and owned by the caller; no kernel allocates
 * shared state, so each may run on disjoint batches from several threads. Every
 * output element is computed by a fixed summation order that does not depend on
 * the batch size or thread count (byte-identical results). */
#ifndef MF_KERNELS_H
#define MF_KERNELS_H

#include "model/layer.h"

/* dIn = dOut * W^T for Conv1D with an explicit weight array of the layer's shape (so DeepLIFT can pass
   W+ / W- masks): dout [n][out_len][out_ch] -> din [n][in_len][in_ch], din overwritten, honouring
   stride, dilation and pad_left (a transposed convolution). */
void mf_conv1d_input_grad(const mf_layer_t *l, const float *W, const float *dout, float *din, int n);
/* dIn = dOut * W^T for Dense: dout [n][out] -> din [n][in], din overwritten. */
void mf_dense_input_grad(const mf_layer_t *l, const float *W, const float *dout, float *din, int n);

/* ---- forward kernels (used by mf_layer_forward) --------------------------------- */

/* Conv1D forward with an explicit weight array: in [n][in_len][in_ch] -> out
   [n][out_len][out_ch] = b + correlation (no activation). b may be NULL (no bias).
   The fast one returns 0, or -1 when its im2col scratch cannot be allocated (logged). */
int mf_conv1d_forward(const mf_layer_t *l, const float *W, const float *b,
	const float *in, float *out, int n);
void mf_conv1d_forward_naive(const mf_layer_t *l, const float *W, const float *b,
	const float *in, float *out, int n);
/* Dense forward: in [n][in] -> out [n][out] = in * W + b. b may be NULL. */
void mf_dense_forward(const mf_layer_t *l, const float *W, const float *b,
	const float *in, float *out, int n);
void mf_dense_forward_naive(const mf_layer_t *l, const float *W, const float *b,
	const float *in, float *out, int n);

/* C[m][n] = bias[n] + A[m][k] * B[k][n], lda/ldb/ldc row strides; each C element is
   summed over k in increasing order (fast and naive agree bit for bit). bias may be NULL. */
void mf_gemm(int m, int n, int k, const float *A, int lda, const float *B, int ldb,
	const float *bias, float *C, int ldc);
void mf_gemm_naive(int m, int n, int k, const float *A, int lda, const float *B, int ldb,
	const float *bias, float *C, int ldc);

/* Naive references for the input-gradient kernels. */
void mf_conv1d_input_grad_naive(const mf_layer_t *l, const float *W, const float *dout, float *din, int n);
void mf_dense_input_grad_naive(const mf_layer_t *l, const float *W, const float *dout, float *din, int n);

/* ---- training kernels (train room) --------------------------------------------------- */

/* C[m][n] = A^T B, or C += A^T B when accumulate: A is [k][m] (row stride lda), B [k][n].
   Each C element continues its fma chain from its old value (accumulate) or 0, over p in
   increasing order; fast and naive agree bit for bit. */
void mf_gemm_tn(int m, int n, int k, const float *A, int lda, const float *B, int ldb,
	float *C, int ldc, int accumulate);
void mf_gemm_tn_naive(int m, int n, int k, const float *A, int lda, const float *B, int ldb,
	float *C, int ldc, int accumulate);
/* Conv1D parameter gradients over the n samples: dW [k][in_ch][out_ch] += the sum over
   samples in order and t increasing of in-window^T dout[t] (one fma chain from zero, then
   one add); db [out_ch] += dout[s][t] one by one in the same order (db may be NULL). The fast one
   returns -1 when its im2col scratch cannot be allocated (logged), else 0. */
int mf_conv1d_param_grad(const mf_layer_t *l, const float *in, const float *dout,
	float *dW, float *db, int n);
void mf_conv1d_param_grad_naive(const mf_layer_t *l, const float *in, const float *dout,
	float *dW, float *db, int n);
/* Wt [out_ch][k*in_ch] = the transpose of W [k*in_ch][out_ch]. */
void mf_conv1d_transpose_w(const mf_layer_t *l, const float *W, float *Wt);
/* The Conv1D input gradient as a GEMM with the transposed weights (dcols = dout Wt) and a
   col2im sum in fixed order; din overwritten. Equal to mf_conv1d_input_grad up to rounding.
   0, or -1 when its scratch cannot be allocated (logged). */
int mf_conv1d_input_grad_wt(const mf_layer_t *l, const float *Wt, const float *dout,
	float *din, int n);

#endif
