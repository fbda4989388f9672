/* vec.c: elementwise loops (vec.h). */
#include "model/vec.h"

#include <math.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define MF_HAVE_X86 1

static int have_avx512(void)
{
	static int cached = -1;
	if (cached < 0) {
		__builtin_cpu_init();
		cached = __builtin_cpu_supports("avx512f") ? 1 : 0;
	}
	return cached;
}

/* The full vectors' share of n; the tail goes through the scalar loop. */
#define VEC_END(n) ((n) / 16 * 16)

static size_t __attribute__((target("avx512f"))) relu16(const float *x, float *y, size_t n)
{
	__m512 z = _mm512_setzero_ps();
	for (size_t i = 0; i < VEC_END(n); i += 16) /* max(x, +0) returns +0 for -0 and NaN */
		_mm512_storeu_ps(y + i, _mm512_max_ps(_mm512_loadu_ps(x + i), z));
	return VEC_END(n);
}

static size_t __attribute__((target("avx512f"))) mul16(const float *a, const float *b, float *y, size_t n)
{
	for (size_t i = 0; i < VEC_END(n); i += 16)
		_mm512_storeu_ps(y + i, _mm512_mul_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
	return VEC_END(n);
}

static size_t __attribute__((target("avx512f"))) add16(const float *a, const float *b, float *y, size_t n)
{
	for (size_t i = 0; i < VEC_END(n); i += 16)
		_mm512_storeu_ps(y + i, _mm512_add_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
	return VEC_END(n);
}

static size_t __attribute__((target("avx512f"))) rescale16(const float *x, const float *r,
	float *scale, size_t n, float near)
{
	__m512 z = _mm512_setzero_ps(), one = _mm512_set1_ps(1.0f), lim = _mm512_set1_ps(near);
	for (size_t i = 0; i < VEC_END(n); i += 16) {
		__m512 xv = _mm512_loadu_ps(x + i), rv = _mm512_loadu_ps(r + i);
		__m512 dx = _mm512_sub_ps(xv, rv);
		__m512 q = _mm512_div_ps(_mm512_sub_ps(_mm512_max_ps(xv, z), _mm512_max_ps(rv, z)), dx);
		__mmask16 close = _mm512_cmp_ps_mask(_mm512_abs_ps(dx), lim, _CMP_LT_OQ);
		__mmask16 pos = _mm512_cmp_ps_mask(rv, z, _CMP_GT_OQ);
		__m512 deriv = _mm512_maskz_mov_ps(pos, one);
		_mm512_storeu_ps(scale + i, _mm512_mask_blend_ps(close, q, deriv));
	}
	return VEC_END(n);
}
#endif

void mf_vec_relu(const float *x, float *y, size_t n)
{
	size_t i = 0;
#ifdef MF_HAVE_X86
	if (have_avx512())
		i = relu16(x, y, n);
#endif
	for (; i < n; ++i)
		y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

void mf_vec_mul(const float *a, const float *b, float *y, size_t n)
{
	size_t i = 0;
#ifdef MF_HAVE_X86
	if (have_avx512())
		i = mul16(a, b, y, n);
#endif
	for (; i < n; ++i)
		y[i] = a[i] * b[i];
}

void mf_vec_add(const float *a, const float *b, float *y, size_t n)
{
	size_t i = 0;
#ifdef MF_HAVE_X86
	if (have_avx512())
		i = add16(a, b, y, n);
#endif
	for (; i < n; ++i)
		y[i] = a[i] + b[i];
}

void mf_vec_add_into(float *a, const float *b, size_t n)
{
	mf_vec_add(a, b, a, n);
}

void mf_vec_relu_rescale(const float *x, const float *r, float *scale, size_t n, float near)
{
	size_t i = 0;
#ifdef MF_HAVE_X86
	if (have_avx512())
		i = rescale16(x, r, scale, n, near);
#endif
	for (; i < n; ++i) {
		float dx = x[i] - r[i], y = x[i] > 0.0f ? x[i] : 0.0f, yr = r[i] > 0.0f ? r[i] : 0.0f;
		scale[i] = fabsf(dx) < near ? (r[i] > 0 ? 1.0f : 0.0f) : (y - yr) / dx;
	}
}
