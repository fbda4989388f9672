/* gemm.c: a packed, cache-blocked matrix product (gemm.h).
 *
 * Blocking (BLIS order): for each block of KC rows of B, B is copied into panels of NR
 * columns (KC x NR floats each, zero-padded past n) that stay in L1 while a block of MC rows
 * of A streams through the MR x NR register kernel from L2. A is read through the view (no
 * im2col): in place when the block's columns lie within one tap, else copied into panels of
 * MR rows. The sums over k continue through C from one KC block to the next, so each
 * element is still one fma chain in increasing k. */
#include <stdlib.h>
#include <string.h>

#include "model/gemm.h"
#include "base/log.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define MF_HAVE_X86 1
#endif

enum { MR = 6, NR = 64, KC = 128, MC = 96 };

mf_aview_t mf_aview_matrix(const float *A, int m, int k, int lda)
{
	mf_aview_t v = {A, m, k, lda, 1, 1, 0, 0};
	return v;
}

/* The input row that output row i reads at tap j (may lie outside [0, len)). */
static inline long view_row(const mf_aview_t *a, int i, int tap)
{
	return (long)i * a->stride + (long)tap * a->dil - a->pad;
}

static inline float view_at(const mf_aview_t *a, int i, int p)
{
	int tap = p / a->ch, c = p % a->ch;
	long r = view_row(a, i, tap);
	return r < 0 || r >= a->len ? 0.0f : a->x[r * a->ld + c];
}

void mf_gemm_view_naive(int m, int n, const mf_aview_t *a, const float *B, int ldb,
	const float *bias, float *C, int ldc)
{
	int k = a->taps * a->ch;
	for (int i = 0; i < m; ++i)
		for (int j = 0; j < n; ++j) {
			float acc = bias ? bias[j] : 0.0f;
			for (int p = 0; p < k; ++p)
				acc = __builtin_fmaf(view_at(a, i, p), B[(size_t)p * ldb + j], acc);
			C[(size_t)i * ldc + j] = acc;
		}
}

int mf_gemm_view_worth_it(int m, int n, int k)
{
	return n >= 96 && (double)m * n * k >= 4e6;
}

#ifdef MF_HAVE_X86
/* Rows i0.. of A (mr <= MR real, the rest zero), columns p0..p0+kc: dst[p][r]. */
static void pack_a_panel(const mf_aview_t *a, int i0, int mr, int p0, int kc, float *dst)
{
	for (int r = 0; r < MR; ++r) {
		int p = p0, end = p0 + kc;
		while (p < end) {
			int tap = p / a->ch, c = p % a->ch, run = a->ch - c;
			if (run > end - p)
				run = end - p;
			long row = view_row(a, i0 + r, tap);
			float *d = dst + (size_t)(p - p0) * MR + r;
			if (r >= mr || row < 0 || row >= a->len) {
				for (int q = 0; q < run; ++q)
					d[(size_t)q * MR] = 0.0f;
			} else {
				const float *s = a->x + row * a->ld + c;
				for (int q = 0; q < run; ++q)
					d[(size_t)q * MR] = s[q];
			}
			p += run;
		}
	}
}

/* B rows p0..p0+kc, all n columns, as panels of NR columns: dst[panel][p][NR]. */
static void pack_b(const float *B, int ldb, int n, int p0, int kc, float *dst)
{
	for (int j0 = 0; j0 < n; j0 += NR) {
		int nc = n - j0 < NR ? n - j0 : NR;
		float *d = dst + (size_t)(j0 / NR) * kc * NR;
		for (int p = 0; p < kc; ++p) {
			memcpy(d + (size_t)p * NR, B + (size_t)(p0 + p) * ldb + j0, sizeof(float) * nc);
			if (nc < NR)
				memset(d + (size_t)p * NR + nc, 0, sizeof(float) * (NR - nc));
		}
	}
}

static inline __mmask16 __attribute__((target("avx512f"))) lanes(int cols)
{
	if (cols <= 0)
		return 0;
	return cols >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << cols) - 1u);
}

/* C (mr x nc of it) = start + A Bp over kc, start = C (cont), bias or zero; row r of A
   starts at a[r], its columns as apart (MR in a packed panel, 1 read in place). The loops
   over rows and vectors unroll fully so the 24 accumulators live in registers. */
static inline void __attribute__((target("avx512f"), always_inline)) kernel_6x64(int kc,
	const float *const *a, int as, const float *Bp, float *C, int ldc, int mr, int nc,
	const float *bias, int cont)
{
	__m512 acc[MR][4];
	__mmask16 mk[4];
#pragma GCC unroll 4
	for (int v = 0; v < 4; ++v) {
		mk[v] = lanes(nc - 16 * v);
		__m512 b0 = bias ? _mm512_maskz_loadu_ps(mk[v], bias + 16 * v) : _mm512_setzero_ps();
#pragma GCC unroll 8
		for (int r = 0; r < MR; ++r)
			acc[r][v] = cont && r < mr ? _mm512_maskz_loadu_ps(mk[v], C + (size_t)r * ldc + 16 * v) : b0;
	}
	for (int p = 0; p < kc; ++p) {
		const float *b = Bp + (size_t)p * NR;
		__m512 bv[4];
#pragma GCC unroll 4
		for (int v = 0; v < 4; ++v)
			bv[v] = _mm512_load_ps(b + 16 * v);
#pragma GCC unroll 8
		for (int r = 0; r < MR; ++r) {
			__m512 av = _mm512_set1_ps(a[r][(size_t)p * as]);
#pragma GCC unroll 4
			for (int v = 0; v < 4; ++v)
				acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
		}
	}
#pragma GCC unroll 8
	for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
		for (int v = 0; v < 4; ++v)
			if (r < mr && mk[v])
				_mm512_mask_storeu_ps(C + (size_t)r * ldc + 16 * v, mk[v], acc[r][v]);
}

/* Row pointers of A for rows i0.. (mr real) at columns p0.. of one tap: the input rows
   themselves, or zeros (padding rows, and the rows past mr). */
static void direct_rows(const mf_aview_t *a, int i0, int mr, int p0, const float **rows)
{
	static const float zeros[KC];
	int tap = p0 / a->ch, c = p0 - tap * a->ch;
	for (int r = 0; r < MR; ++r) {
		long row = view_row(a, i0 + r, tap);
		rows[r] = r >= mr || row < 0 || row >= a->len ? zeros : a->x + row * a->ld + c;
	}
}

/* One KC block of k: A packed into panels (Ap), or, when the block lies within one tap,
   read in place (a convolution's input rows are contiguous over the channels), which
   saves the packing: a quarter of the time on ChromBPNet's layers. */
static void __attribute__((target("avx512f"))) gemm_kblock(int m, int n, const mf_aview_t *a,
	int p0, int kc, const float *bias, float *C, int ldc, float *Ap, const float *Bp)
{
	int direct = a->ch > 0 && p0 / a->ch == (p0 + kc - 1) / a->ch;
	for (int i0 = 0; i0 < m; i0 += MC) {
		int mc = m - i0 < MC ? m - i0 : MC;
		for (int r0 = 0; !direct && r0 < mc; r0 += MR)
			pack_a_panel(a, i0 + r0, mc - r0 < MR ? mc - r0 : MR, p0, kc, Ap + (size_t)r0 * kc);
		for (int j0 = 0; j0 < n; j0 += NR) {
			const float *bp = Bp + (size_t)(j0 / NR) * kc * NR;
			int nc = n - j0 < NR ? n - j0 : NR;
			for (int r0 = 0; r0 < mc; r0 += MR) {
				int mr = mc - r0 < MR ? mc - r0 : MR;
				const float *rows[MR];
				if (direct)
					direct_rows(a, i0 + r0, mr, p0, rows);
				else
					for (int r = 0; r < MR; ++r)
						rows[r] = Ap + (size_t)r0 * kc + r;
				kernel_6x64(kc, rows, direct ? 1 : MR, bp, C + (size_t)(i0 + r0) * ldc + j0, ldc,
					mr, nc, bias ? bias + j0 : NULL, p0 > 0);
			}
		}
	}
}

static void __attribute__((target("avx512f"))) gemm_blocked(int m, int n, const mf_aview_t *a,
	const float *B, int ldb, const float *bias, float *C, int ldc, float *Ap, float *Bp)
{
	int k = a->taps * a->ch;
	for (int p0 = 0; p0 < k || p0 == 0; p0 += KC) {
		int kc = k - p0 < KC ? k - p0 : KC;
		pack_b(B, ldb, n, p0, kc, Bp);
		gemm_kblock(m, n, a, p0, kc, bias, C, ldc, Ap, Bp);
		if (k == 0)
			break;
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

/* aligned_alloc wants a multiple of the alignment (64 bytes = 16 floats). */
static size_t round16(size_t n)
{
	return (n + 16) / 16 * 16;
}

int mf_gemm_view(int m, int n, const mf_aview_t *a, const float *B, int ldb, const float *bias,
	float *C, int ldc)
{
	if (m <= 0 || n <= 0)
		return 0;
#ifdef MF_HAVE_X86
	if (have_avx512()) {
		int k = a->taps * a->ch, kc = k < KC ? (k ? k : 1) : KC;
		size_t nb = (size_t)(n + NR - 1) / NR * NR;
		float *Ap = aligned_alloc(64, sizeof(float) * round16((size_t)(MC + MR) * kc));
		float *Bp = aligned_alloc(64, sizeof(float) * round16(nb * kc));
		if (!Ap || !Bp) {
			free(Ap);
			free(Bp);
			mf_error("out of memory for the matrix product's packing buffers");
			return -1;
		}
		gemm_blocked(m, n, a, B, ldb, bias, C, ldc, Ap, Bp);
		free(Ap);
		free(Bp);
		return 0;
	}
#endif
	mf_gemm_view_naive(m, n, a, B, ldb, bias, C, ldc);
	return 0;
}
