/* fma_peak.h: the machine's single-thread AVX-512 FMA throughput, for the benchmarks'
 * "fraction of peak" (header-only: bench programs are single files). */
#ifndef MF_BENCH_FMA_PEAK_H
#define MF_BENCH_FMA_PEAK_H

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* 12 independent FMA chains: enough to cover latency x throughput on any AVX-512 core.
   GFLOPS over iters rounds, timed with clock (wall or CPU seconds); 0 if optimised away. */
static double __attribute__((target("avx512f"), unused)) bench_fma_peak(double (*clock)(void), long iters)
{
	__m512 a[12], b = _mm512_set1_ps(0.999f), c = _mm512_set1_ps(1e-4f);
	for (int i = 0; i < 12; ++i)
		a[i] = _mm512_set1_ps((float)i);
	double t0 = clock();
	for (long it = 0; it < iters; ++it)
#pragma GCC unroll 12
		for (int i = 0; i < 12; ++i)
			a[i] = _mm512_fmadd_ps(a[i], b, c);
	double dt = clock() - t0;
	float sink[16];
	__m512 s = a[0];
	for (int i = 1; i < 12; ++i)
		s = _mm512_add_ps(s, a[i]);
	_mm512_storeu_ps(sink, s);
	return sink[0] == 12345.0f ? 0 : 12.0 * 16 * 2 * iters / dt * 1e-9;
}
#endif

#endif
