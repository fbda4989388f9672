/* kernels.c: matrix products for Conv1D/Dense and their input gradients.
 *
 * Determinism: every output element of mf_gemm is bias + a[0]*b[0] + a[1]*b[1] + ...
 * accumulated with fused multiply-adds in increasing k, whatever m, the blocking or the
 * CPU path taken, so results never depend on batch size or thread count, and the fast
 * kernel equals the naive one bit for bit. The AVX-512 micro-kernel is chosen once at
 * run time (no -march flags in the build). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/kernels.h"
#include "base/log.h"
#include "model/gemm.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define MF_HAVE_X86 1
#endif

/* ---- GEMM ------------------------------------------------------------------------- */

void mf_gemm_naive(int m, int n, int k, const float *A, int lda, const float *B, int ldb,
	const float *bias, float *C, int ldc)
{
	for (int i = 0; i < m; ++i)
		for (int j = 0; j < n; ++j) {
			float acc = bias ? bias[j] : 0.0f;
			for (int p = 0; p < k; ++p)
				acc = fmaf(A[(size_t)i * lda + p], B[(size_t)p * ldb + j], acc);
			C[(size_t)i * ldc + j] = acc;
		}
}

#ifdef MF_HAVE_X86
enum { MR = 6, NV = 4, NB = 16 * NV, KC = 96 }; /* 6 rows x 64 columns: 24 accumulators */

static inline __mmask16 __attribute__((target("avx512f"))) lane_mask(int cols)
{
	if (cols <= 0)
		return 0;
	return cols >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << cols) - 1u);
}

/* C rows r0..r0+mr-1 (mr <= MR), columns j0..j0+nc-1 (nc <= NB). Rows past mr repeat the
   last real row so the loop body has no branches; they are not stored. */
/* The loops over rows and vectors must unroll fully, so the accumulators live in registers
   (GCC -O2 leaves them in memory otherwise: one FMA in the loop body, a third of the speed). */
static void __attribute__((target("avx512f"))) gemm_block_avx512(int mr, int nc, int k,
	const float *A, int lda, const float *B, int ldb, const float *bias, int cont, float *C, int ldc)
{
	const float *ap[MR];
	__mmask16 mk[NV];
	__m512 acc[MR][NV];
#pragma GCC unroll 8
	for (int r = 0; r < MR; ++r)
		ap[r] = A + (size_t)(r < mr ? r : mr - 1) * lda;
#pragma GCC unroll 4
	for (int v = 0; v < NV; ++v) {
		mk[v] = lane_mask(nc - 16 * v);
		__m512 b0 = bias ? _mm512_maskz_loadu_ps(mk[v], bias + 16 * v) : _mm512_setzero_ps();
#pragma GCC unroll 8
		for (int r = 0; r < MR; ++r) /* cont: carry on the sums stored by the previous k block */
			acc[r][v] = cont ? _mm512_maskz_loadu_ps(mk[v], C + (size_t)(r < mr ? r : mr - 1) * ldc + 16 * v) : b0;
	}
	for (int p = 0; p < k; ++p) {
		const float *brow = B + (size_t)p * ldb;
		__m512 bv[NV];
#pragma GCC unroll 4
		for (int v = 0; v < NV; ++v)
			bv[v] = _mm512_maskz_loadu_ps(mk[v], brow + 16 * v);
#pragma GCC unroll 8
		for (int r = 0; r < MR; ++r) {
			__m512 a = _mm512_set1_ps(ap[r][p]);
#pragma GCC unroll 4
			for (int v = 0; v < NV; ++v)
				acc[r][v] = _mm512_fmadd_ps(a, bv[v], acc[r][v]);
		}
	}
#pragma GCC unroll 8
	for (int r = 0; r < mr; ++r)
#pragma GCC unroll 4
		for (int v = 0; v < NV; ++v)
			if (mk[v])
				_mm512_mask_storeu_ps(C + (size_t)r * ldc + 16 * v, mk[v], acc[r][v]);
}

static void __attribute__((target("avx512f"))) gemm_avx512(int m, int n, int k,
	const float *A, int lda, const float *B, int ldb, const float *bias, float *C, int ldc)
{
	/* k is cut into blocks of KC so the B panel (KC x 64 floats) stays in L1 while every
	   row block uses it; sums continue through C in float, so the order over k is unchanged */
	for (int j = 0; j < n; j += NB) {
		int nc = n - j < NB ? n - j : NB;
		for (int p = 0; p < k || p == 0; p += KC) {
			int kc = k - p < KC ? k - p : KC;
			for (int i = 0; i < m; i += MR) {
				int mr = m - i < MR ? m - i : MR;
				gemm_block_avx512(mr, nc, kc, A + (size_t)i * lda + p, lda, B + (size_t)p * ldb + j, ldb,
					bias ? bias + j : NULL, p > 0, C + (size_t)i * ldc + j, ldc);
			}
		}
	}
}

static int have_avx512(void)
{
	static int cached = -1;
	if (cached < 0) {
		__builtin_cpu_init();
		cached = __builtin_cpu_supports("avx512f") ? 1 : 0;
	}
	return cached;
}
#endif

void mf_gemm(int m, int n, int k, const float *A, int lda, const float *B, int ldb,
	const float *bias, float *C, int ldc)
{
	if (m <= 0 || n <= 0)
		return;
	if (mf_gemm_view_worth_it(m, n, k)) { /* large: packed and cache-blocked (gemm.c) */
		mf_aview_t a = mf_aview_matrix(A, m, k, lda);
		if (mf_gemm_view(m, n, &a, B, ldb, bias, C, ldc) == 0)
			return;
	}
#ifdef MF_HAVE_X86
	if (have_avx512()) {
		gemm_avx512(m, n, k, A, lda, B, ldb, bias, C, ldc);
		return;
	}
#endif
	mf_gemm_naive(m, n, k, A, lda, B, ldb, bias, C, ldc);
}

/* ---- dot products for the input gradients ------------------------------------------ */

static float dot_naive(const float *a, const float *b, int n)
{
	float s = 0.0f;
	for (int i = 0; i < n; ++i)
		s = fmaf(a[i], b[i], s);
	return s;
}

#ifdef MF_HAVE_X86
/* 16 lanes each summing every 16th product in order, then a fixed-order lane sum. */
static float __attribute__((target("avx512f"))) dot_avx512(const float *a, const float *b, int n)
{
	__m512 acc = _mm512_setzero_ps();
	for (int i = 0; i < n; i += 16) {
		__mmask16 mk = lane_mask(n - i);
		acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(mk, a + i), _mm512_maskz_loadu_ps(mk, b + i), acc);
	}
	float lanes[16];
	_mm512_storeu_ps(lanes, acc);
	float s = 0.0f;
	for (int i = 0; i < 16; ++i)
		s += lanes[i];
	return s;
}
#endif

static float dot_fast(const float *a, const float *b, int n)
{
#ifdef MF_HAVE_X86
	if (have_avx512())
		return dot_avx512(a, b, n);
#endif
	return dot_naive(a, b, n);
}

/* ---- Conv1D ---------------------------------------------------------------------------- */

/* Input position read by output t, tap kk; may fall in the padding (< 0 or >= in_len). */
static inline int conv_pos(const mf_layer_t *l, int t, int kk)
{
	return t * l->stride - l->pad_left + kk * l->dilation;
}

static int conv_is_direct(const mf_layer_t *l)
{
	return l->dilation == 1 && l->pad_left == 0 &&
		(l->out_len - 1) * l->stride + l->k <= l->in_len;
}

/* Row t of the im2col matrix: the k taps of in_ch values each, zeros in the padding. */
static void im2col(const mf_layer_t *l, const float *x, float *cols)
{
	int kc = l->k * l->in_ch;
	for (int t = 0; t < l->out_len; ++t)
		for (int kk = 0; kk < l->k; ++kk) {
			int pos = conv_pos(l, t, kk);
			float *dst = cols + (size_t)t * kc + (size_t)kk * l->in_ch;
			if (pos < 0 || pos >= l->in_len)
				memset(dst, 0, sizeof(float) * l->in_ch);
			else
				memcpy(dst, x + (size_t)pos * l->in_ch, sizeof(float) * l->in_ch);
		}
}

int mf_conv1d_forward(const mf_layer_t *l, const float *W, const float *b,
	const float *in, float *out, int n)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	int kc = l->k * l->in_ch;
	if (mf_gemm_view_worth_it(l->out_len, l->out_ch, kc)) {
		/* large (ChromBPNet's 512 x 3 x 512): the blocked product reads the taps in place */
		for (int s = 0; s < n; ++s) {
			mf_aview_t a = {in + s * isz, l->in_len, l->in_ch, l->in_ch, l->k, l->stride,
				l->dilation, l->pad_left};
			if (mf_gemm_view(l->out_len, l->out_ch, &a, W, l->out_ch, b, out + s * osz, l->out_ch) < 0)
				return -1;
		}
		return 0;
	}
	if (conv_is_direct(l)) {
		/* valid, undilated: row t of im2col is simply the input from t*stride on */
		for (int s = 0; s < n; ++s)
			mf_gemm(l->out_len, l->out_ch, kc, in + s * isz, l->stride * l->in_ch, W,
				l->out_ch, b, out + s * osz, l->out_ch);
		return 0;
	}
	float *cols = malloc(sizeof(float) * (size_t)l->out_len * kc + 1);
	if (!cols) {
		mf_error("%s: out of memory for the im2col buffer", l->name);
		return -1;
	}
	for (int s = 0; s < n; ++s) {
		im2col(l, in + s * isz, cols);
		mf_gemm(l->out_len, l->out_ch, kc, cols, kc, W, l->out_ch, b, out + s * osz, l->out_ch);
	}
	free(cols);
	return 0;
}

void mf_conv1d_forward_naive(const mf_layer_t *l, const float *W, const float *b,
	const float *in, float *out, int n)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	for (int s = 0; s < n; ++s)
		for (int t = 0; t < l->out_len; ++t)
			for (int o = 0; o < l->out_ch; ++o) {
				float acc = b ? b[o] : 0.0f;
				for (int kk = 0; kk < l->k; ++kk) {
					int pos = conv_pos(l, t, kk);
					for (int c = 0; c < l->in_ch; ++c) {
						float x = pos < 0 || pos >= l->in_len ? 0.0f
							: in[s * isz + (size_t)pos * l->in_ch + c];
						acc = fmaf(x, W[((size_t)kk * l->in_ch + c) * l->out_ch + o], acc);
					}
				}
				out[s * osz + (size_t)t * l->out_ch + o] = acc;
			}
}

/* din[pos][c] = sum over (t, kk) reading pos, in increasing t then kk, of
   dot(dout[t][:], W[kk][c][:]) -- W's rows are contiguous over the output channels. */
static void conv_grad(const mf_layer_t *l, const float *W, const float *dout, float *din,
	int n, float (*dot)(const float *, const float *, int))
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	memset(din, 0, sizeof(float) * isz * (size_t)n);
	for (int s = 0; s < n; ++s)
		for (int t = 0; t < l->out_len; ++t) {
			const float *g = dout + s * osz + (size_t)t * l->out_ch;
			for (int kk = 0; kk < l->k; ++kk) {
				int pos = conv_pos(l, t, kk);
				if (pos < 0 || pos >= l->in_len)
					continue;
				float *d = din + s * isz + (size_t)pos * l->in_ch;
				const float *w = W + (size_t)kk * l->in_ch * l->out_ch;
				for (int c = 0; c < l->in_ch; ++c)
					d[c] += dot(g, w + (size_t)c * l->out_ch, l->out_ch);
			}
		}
}

void mf_conv1d_input_grad(const mf_layer_t *l, const float *W, const float *dout, float *din, int n)
{
	conv_grad(l, W, dout, din, n, dot_fast);
}

void mf_conv1d_input_grad_naive(const mf_layer_t *l, const float *W, const float *dout, float *din, int n)
{
	conv_grad(l, W, dout, din, n, dot_naive);
}

/* ---- Dense ------------------------------------------------------------------------------ */

void mf_dense_forward(const mf_layer_t *l, const float *W, const float *b,
	const float *in, float *out, int n)
{
	int nin = (int)mf_layer_in_size(l), nout = (int)mf_layer_out_size(l);
	mf_gemm(n, nout, nin, in, nin, W, nout, b, out, nout);
}

void mf_dense_forward_naive(const mf_layer_t *l, const float *W, const float *b,
	const float *in, float *out, int n)
{
	int nin = (int)mf_layer_in_size(l), nout = (int)mf_layer_out_size(l);
	mf_gemm_naive(n, nout, nin, in, nin, W, nout, b, out, nout);
}

static void dense_grad(const mf_layer_t *l, const float *W, const float *dout, float *din,
	int n, float (*dot)(const float *, const float *, int))
{
	int nin = (int)mf_layer_in_size(l), nout = (int)mf_layer_out_size(l);
	for (int s = 0; s < n; ++s)
		for (int j = 0; j < nin; ++j)
			din[(size_t)s * nin + j] = dot(dout + (size_t)s * nout, W + (size_t)j * nout, nout);
}

void mf_dense_input_grad(const mf_layer_t *l, const float *W, const float *dout, float *din, int n)
{
	dense_grad(l, W, dout, din, n, dot_fast);
}

void mf_dense_input_grad_naive(const mf_layer_t *l, const float *W, const float *dout, float *din, int n)
{
	dense_grad(l, W, dout, din, n, dot_naive);
}

/* ---- training: A^T B products and the Conv1D backward kernels (train room) ------------ */

void mf_gemm_tn_naive(int m, int n, int k, const float *A, int lda, const float *B, int ldb,
	float *C, int ldc, int accumulate)
{
	for (int i = 0; i < m; ++i)
		for (int j = 0; j < n; ++j) {
			float acc = accumulate ? C[(size_t)i * ldc + j] : 0.0f;
			for (int p = 0; p < k; ++p)
				acc = fmaf(A[(size_t)p * lda + i], B[(size_t)p * ldb + j], acc);
			C[(size_t)i * ldc + j] = acc;
		}
}

#ifdef MF_HAVE_X86
/* The A^T B twin of gemm_block_avx512: row r of the block reads column i0+r of A. The
   accumulators start from C (accumulate) or zero, then fma in increasing p. */
static void __attribute__((target("avx512f"))) gemm_tn_block_avx512(int mr, int nc, int k,
	const float *A, int lda, const float *B, int ldb, float *C, int ldc, int accumulate)
{
	__mmask16 mk[NV];
	__m512 acc[MR][NV];
#pragma GCC unroll 4
	for (int v = 0; v < NV; ++v) {
		mk[v] = lane_mask(nc - 16 * v);
#pragma GCC unroll 8
		for (int r = 0; r < MR; ++r)
			acc[r][v] = accumulate && r < mr
				? _mm512_maskz_loadu_ps(mk[v], C + (size_t)r * ldc + 16 * v) : _mm512_setzero_ps();
	}
	int last = mr - 1;
	for (int p = 0; p < k; ++p) {
		const float *brow = B + (size_t)p * ldb, *arow = A + (size_t)p * lda;
		__m512 bv[NV];
#pragma GCC unroll 4
		for (int v = 0; v < NV; ++v)
			bv[v] = _mm512_maskz_loadu_ps(mk[v], brow + 16 * v);
#pragma GCC unroll 8
		for (int r = 0; r < MR; ++r) {
			__m512 a = _mm512_set1_ps(arow[r < mr ? r : last]);
#pragma GCC unroll 4
			for (int v = 0; v < NV; ++v)
				acc[r][v] = _mm512_fmadd_ps(a, bv[v], acc[r][v]);
		}
	}
#pragma GCC unroll 8
	for (int r = 0; r < mr; ++r)
#pragma GCC unroll 4
		for (int v = 0; v < NV; ++v)
			if (mk[v])
				_mm512_mask_storeu_ps(C + (size_t)r * ldc + 16 * v, mk[v], acc[r][v]);
}

static void __attribute__((target("avx512f"))) gemm_tn_avx512(int m, int n, int k,
	const float *A, int lda, const float *B, int ldb, float *C, int ldc, int accumulate)
{
	for (int j = 0; j < n; j += NB) {
		int nc = n - j < NB ? n - j : NB;
		for (int i = 0; i < m; i += MR) {
			int mr = m - i < MR ? m - i : MR;
			gemm_tn_block_avx512(mr, nc, k, A + i, lda, B + j, ldb, C + (size_t)i * ldc + j,
				ldc, accumulate);
		}
	}
}
#endif

void mf_gemm_tn(int m, int n, int k, const float *A, int lda, const float *B, int ldb,
	float *C, int ldc, int accumulate)
{
	if (m <= 0 || n <= 0)
		return;
#ifdef MF_HAVE_X86
	if (have_avx512()) {
		gemm_tn_avx512(m, n, k, A, lda, B, ldb, C, ldc, accumulate);
		return;
	}
#endif
	mf_gemm_tn_naive(m, n, k, A, lda, B, ldb, C, ldc, accumulate);
}

/* The rows the weight gradient reads: the input itself for a direct convolution, else
   an im2col copy in cols (out_len x k*in_ch). Returns the matrix and its row stride. */
static const float *conv_rows(const mf_layer_t *l, const float *x, float *cols, int *ld)
{
	if (conv_is_direct(l)) {
		*ld = l->stride * l->in_ch;
		return x;
	}
	im2col(l, x, cols);
	*ld = l->k * l->in_ch;
	return cols;
}

/* Share of the 6 x 64 register blocks a product of m rows and n columns fills. */
static double block_fill(int m, int n)
{
	return (double)m / (double)((m + MR - 1) / MR * MR) * (double)n / (double)((n + 63) / 64 * 64);
}

/* The sum over samples and positions goes into a zeroed scratch (dW's shape, or its
   transpose when out_ch fills the register blocks badly, e.g. 50 columns of 64), then is
   added to dW; either way each element is one fma chain over (s, t) in order. */
int mf_conv1d_param_grad(const mf_layer_t *l, const float *in, const float *dout,
	float *dW, float *db, int n)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	int kc = l->k * l->in_ch, ld = 0, oc = l->out_ch;
	int direct = conv_is_direct(l), trans = block_fill(oc, kc) > block_fill(kc, oc);
	float *cols = direct ? NULL : malloc(sizeof(float) * (size_t)l->out_len * kc);
	float *acc = calloc((size_t)kc * oc, sizeof(float));
	if ((!direct && !cols) || !acc) {
		free(cols);
		free(acc);
		mf_error("%s: out of memory for the weight gradient buffers", l->name);
		return -1;
	}
	for (int s = 0; s < n; ++s) {
		const float *g = dout + s * osz;
		const float *rows = conv_rows(l, in + s * isz, cols, &ld);
		if (trans)
			mf_gemm_tn(oc, kc, l->out_len, g, oc, rows, ld, acc, kc, 1);
		else
			mf_gemm_tn(kc, oc, l->out_len, rows, ld, g, oc, acc, oc, 1);
		if (db)
			for (int t = 0; t < l->out_len; ++t)
				for (int o = 0; o < oc; ++o)
					db[o] += g[(size_t)t * oc + o];
	}
	for (int r = 0; r < kc; ++r)
		for (int o = 0; o < oc; ++o)
			dW[(size_t)r * oc + o] += trans ? acc[(size_t)o * kc + r] : acc[(size_t)r * oc + o];
	free(cols);
	free(acc);
	return 0;
}

void mf_conv1d_param_grad_naive(const mf_layer_t *l, const float *in, const float *dout,
	float *dW, float *db, int n)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	for (int kk = 0; kk < l->k; ++kk)
		for (int c = 0; c < l->in_ch; ++c)
			for (int o = 0; o < l->out_ch; ++o) {
				float acc = 0.0f;
				for (int s = 0; s < n; ++s)
					for (int t = 0; t < l->out_len; ++t) {
						int pos = conv_pos(l, t, kk);
						float x = pos < 0 || pos >= l->in_len ? 0.0f
							: in[s * isz + (size_t)pos * l->in_ch + c];
						acc = fmaf(x, dout[s * osz + (size_t)t * l->out_ch + o], acc);
					}
				dW[((size_t)kk * l->in_ch + c) * l->out_ch + o] += acc;
			}
	if (db)
		for (int s = 0; s < n; ++s)
			for (int t = 0; t < l->out_len; ++t)
				for (int o = 0; o < l->out_ch; ++o)
					db[o] += dout[s * osz + (size_t)t * l->out_ch + o];
}

void mf_conv1d_transpose_w(const mf_layer_t *l, const float *W, float *Wt)
{
	int kc = l->k * l->in_ch;
	for (int r = 0; r < kc; ++r)
		for (int o = 0; o < l->out_ch; ++o)
			Wt[(size_t)o * kc + r] = W[(size_t)r * l->out_ch + o];
}

int mf_conv1d_input_grad_wt(const mf_layer_t *l, const float *Wt, const float *dout,
	float *din, int n)
{
	size_t isz = mf_layer_in_size(l), osz = mf_layer_out_size(l);
	int kc = l->k * l->in_ch;
	float *dcols = malloc(sizeof(float) * (size_t)l->out_len * kc);
	if (!dcols) {
		mf_error("%s: out of memory for the column gradient buffer", l->name);
		return -1;
	}
	memset(din, 0, sizeof(float) * isz * (size_t)n);
	for (int s = 0; s < n; ++s) {
		mf_gemm(l->out_len, kc, l->out_ch, dout + s * osz, l->out_ch, Wt, kc, NULL, dcols, kc);
		float *d = din + s * isz;
		/* col2im: each input position collects its taps in increasing t, then kk */
		for (int t = 0; t < l->out_len; ++t)
			for (int kk = 0; kk < l->k; ++kk) {
				int pos = conv_pos(l, t, kk);
				if (pos < 0 || pos >= l->in_len)
					continue;
				const float *src = dcols + (size_t)t * kc + (size_t)kk * l->in_ch;
				float *dst = d + (size_t)pos * l->in_ch;
				for (int c = 0; c < l->in_ch; ++c)
					dst[c] += src[c];
			}
	}
	free(dcols);
	return 0;
}
