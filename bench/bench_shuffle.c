/* bench_shuffle.c: dinucleotide (k-let) shuffles per second for sequences of length L.
 * Usage: bench/bench_shuffle [L=200] [sequences=20000] [shuffles per sequence=20] [k=2]
 * Each sequence is built once and shuffled n times, as explain does for its references. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "base/rng.h"
#include "explain/shuffle.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
	size_t L = argc > 1 ? strtoul(argv[1], NULL, 10) : 200;
	long nseq = argc > 2 ? strtol(argv[2], NULL, 10) : 20000;
	int n = argc > 3 ? atoi(argv[3]) : 20, k = argc > 4 ? atoi(argv[4]) : 2;
	if (L == 0 || nseq <= 0 || n <= 0 || k <= 0)
		return 2;
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937), *r = gsl_rng_alloc(mf_rng_type());
	mf_kshuf_t *ks = mf_kshuf_create();
	char *seq = malloc(L), *out = malloc(L * (size_t)n), name[32];
	if (!g || !r || !ks || !seq || !out)
		return 1;
	unsigned long sink = 0;
	double t0 = now();
	for (long i = 0; i < nseq; ++i) {
		for (size_t j = 0; j < L; ++j)
			seq[j] = "ACGT"[gsl_rng_uniform_int(g, 4)];
		snprintf(name, sizeof name, "seq%ld", i);
		double d;
		if (mf_shuffle_refs(ks, r, 1, name, seq, L, k, n, out, &d) < 0)
			return 1;
		sink += (unsigned char)out[L / 2];
	}
	double dt = now() - t0;
	printf("L=%zu k=%d: %ld sequences x %d shuffles in %.3f s: %.0f shuffles/s "
		"(%.1f Mbases/s, incl. seeding and counting) [%lu]\n", L, k, nseq, n, dt,
		(double)nseq * n / dt, (double)nseq * n * (double)L / dt / 1e6, sink % 10);
	mf_kshuf_destroy(ks);
	gsl_rng_free(g), gsl_rng_free(r);
	free(seq), free(out);
	return 0;
}
