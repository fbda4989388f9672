/* bench_model.c: forward-pass throughput of a model and GFLOPS of the GEMM kernel.
 *
 *   bench/bench_model MODEL.h5 ARCH.json SEQS.simdata.gz
 *
 * Prints sequences/s for batch 1, 64, 512 with 1 and 2 threads over all sequences, and
 * GFLOPS for mf_gemm, mf_gemm_naive and (when built with OpenBLAS) cblas_sgemm on the
 * paper model's conv2 product (180 x 50 x 550) and on square 512 products, and an
 * AVX-512 FMA peak measured with independent register chains. Not a test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "model/kernels.h"
#include "base/log.h"
#include "model/model.h"
#include "io/seqio.h"
#ifdef MF_BENCH_OPENBLAS
#include <cblas.h>
#endif
#include "fma_peak.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static float *load_seqs(const char *path, int len, int *n)
{
	mf_seqreader_t *r = mf_seqreader_open(path, MF_SEQ_AUTO, NULL);
	mf_batch_t *b = mf_batch_create(1024, (size_t)len);
	float *x = NULL;
	int got, total = 0;
	while (r && b && (got = mf_batch_read(b, r, 0)) > 0) {
		x = realloc(x, sizeof(float) * (size_t)(total + got) * len * 4);
		memcpy(x + (size_t)total * len * 4, b->x, sizeof(float) * (size_t)got * len * 4);
		total += got;
	}
	mf_batch_destroy(b);
	mf_seqreader_close(r);
	*n = total;
	return x;
}

static void bench_forward(const mf_model_t *m, const float *x, int n)
{
	float *out = malloc(sizeof(float) * (size_t)n * m->n_out);
	size_t isz = (size_t)m->in_len * m->in_ch;
	int batches[] = {1, 64, 512};
	for (int t = 1; t <= 2; ++t)
		for (int bi = 0; bi < 3; ++bi) {
			int bs = batches[bi];
			double t0 = now();
			for (int s = 0; s < n; s += bs)
				mf_model_forward(m, x + s * isz, n - s < bs ? n - s : bs, out + (size_t)s * m->n_out, t);
			double dt = now() - t0;
			printf("forward\tthreads=%d\tbatch=%d\t%d seqs\t%.0f seqs/s\n", t, bs, n, n / dt);
		}
	free(out);
}

typedef void (*gemm_fn)(int, int, int, const float *, int, const float *, int, const float *, float *, int);

#ifdef MF_BENCH_OPENBLAS
static void gemm_openblas(int m, int n, int k, const float *A, int lda, const float *B, int ldb,
	const float *bias, float *C, int ldc)
{
	(void)bias;
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, A, lda, B, ldb, 0.0f, C, ldc);
}
#endif

static void bench_gemm(const char *name, gemm_fn f, int m, int n, int k, double min_time)
{
	float *A = malloc(sizeof(float) * m * k), *B = malloc(sizeof(float) * k * n), *C = malloc(sizeof(float) * m * n);
	for (int i = 0; i < m * k; ++i)
		A[i] = (float)(i % 7) * 0.1f;
	for (int i = 0; i < k * n; ++i)
		B[i] = (float)(i % 5) * 0.1f;
	long reps = 0;
	double t0 = now(), dt;
	do {
		f(m, n, k, A, k, B, n, NULL, C, n);
		++reps;
	} while ((dt = now() - t0) < min_time);
	printf("gemm\t%-14s\t%dx%dx%d\t%.1f GFLOPS\n", name, m, n, k, 2.0 * m * n * k * reps / dt * 1e-9);
	free(A); free(B); free(C);
}


int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: bench_model MODEL.h5 ARCH.json SEQS\n");
		return 2;
	}
	mf_model_t *m = mf_model_load(argv[1], argv[2]);
	int n = 0;
	float *x = m ? load_seqs(argv[3], m->in_len, &n) : NULL;
	if (!x || n == 0)
		return 1;
	bench_forward(m, x, n);
	bench_gemm("mf_gemm", mf_gemm, 180, 50, 550, 0.5);
	bench_gemm("mf_gemm_naive", mf_gemm_naive, 180, 50, 550, 0.5);
	bench_gemm("mf_gemm", mf_gemm, 512, 512, 512, 0.5);
#ifdef MF_BENCH_OPENBLAS
	openblas_set_num_threads(1);
	bench_gemm("openblas(1t)", gemm_openblas, 180, 50, 550, 0.5);
	bench_gemm("openblas(1t)", gemm_openblas, 512, 512, 512, 0.5);
	printf("openblas\tcore %s\n", openblas_get_corename());
#else
	printf("openblas\tnot built (configure found no openblas.pc)\n");
#endif
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx512f"))
		printf("peak\tAVX-512 FMA, 1 thread\t%.1f GFLOPS\n", bench_fma_peak(now, 50000000));
#endif
	free(x);
	mf_model_destroy(m);
	return 0;
}
