/* gemm.h: the blocked matrix product behind the large convolutions (ChromBPNet-sized:
 * thousands of positions x 512 filters x 3 taps x 512 channels).
 *
 * A is read through a view, so a convolution needs no im2col copy: row i, column
 * p = tap * ch + c of A is x[(i * stride + tap * dil - pad) * ld + c], and zero when that
 * input row falls outside [0, len). A plain m x k matrix with row stride lda is the view
 * {x, len = m, ch = k, ld = lda, taps = 1, stride = 1, dil = 0, pad = 0}.
 *
 * Determinism: every C element is bias (or 0) + A[i][0] B[0][j] + A[i][1] B[1][j] + ...
 * accumulated with fused multiply-adds in increasing p, whatever the blocking, the CPU path
 * or the caller's batch, so the result equals mf_gemm_naive's bit for bit. The AVX-512 path
 * is chosen once at run time; without it the scalar loop runs. No shared state: callers
 * may run products on different data from several threads. */
#ifndef MF_GEMM_H
#define MF_GEMM_H

typedef struct {
	const float *x;  /* the rows read */
	int len;         /* rows of x; reads outside [0, len) are zeros */
	int ch;          /* columns of A per tap */
	int ld;          /* x's row stride in floats (>= ch) */
	int taps, stride, dil, pad;
} mf_aview_t;

/* The view of a plain m x k matrix with row stride lda. */
mf_aview_t mf_aview_matrix(const float *A, int m, int k, int lda);

/* C[m][n] = bias[n] + A B with A the view (k = taps * ch columns) and B [k][n] (row stride
 * ldb); bias may be NULL. 0, or -1 when the packing buffers cannot be allocated (logged,
 * C untouched). */
int mf_gemm_view(int m, int n, const mf_aview_t *a, const float *B, int ldb, const float *bias,
	float *C, int ldc);
/* The reference: the same sums, one element at a time. */
void mf_gemm_view_naive(int m, int n, const mf_aview_t *a, const float *B, int ldb,
	const float *bias, float *C, int ldc);

/* 1 when the blocked AVX-512 path serves this product better than the register-blocked
 * kernel without packing (large enough to pay for the packing). */
int mf_gemm_view_worth_it(int m, int n, int k);

#endif
