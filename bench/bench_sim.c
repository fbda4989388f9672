/* bench_sim.c: how long the simulator takes, single thread unless -t is given.
 * Usage: bench/bench_sim [-t THREADS] [MOTIF_FILE [OUTDIR]]
 * Prints wall times for: loading the motif file; generating 8,000 and 1,000,000 paper
 * sequences in memory (no output); and the same with every output file written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "base/log.h"
#include "motif/motif.h"
#include "sim/sim.h"

static double clock_s(clockid_t id)
{
	struct timespec t;
	clock_gettime(id, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU seconds of the last run(): on a shared machine wall time includes waiting. */
static double last_cpu;

static double run(const mf_motifset_t *set, const char *mpath, long n, int threads,
		const char *prefix)
{
	mf_sim_spec_t *sp = mf_sim_spec_create();
	if (!sp)
		return -1;
	sp->n = n;
	sp->threads = threads;
	double t = -1;
	if (mf_sim_add_paper_classes(sp, set, mpath) == 0 && mf_sim_check(sp) == 0) {
		double t0 = now(), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		if (mf_sim_run(sp, prefix) == 0) {
			t = now() - t0;
			last_cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		}
	}
	mf_sim_spec_destroy(sp);
	return t;
}

int main(int argc, char **argv)
{
	gsl_set_error_handler_off();
	int threads = 1, a = 1;
	if (argc > 2 && strcmp(argv[1], "-t") == 0) {
		threads = atoi(argv[2]);
		a = 3;
	}
	const char *mpath = argc > a ? argv[a] : "motifs/encode_motifs.txt.gz";
	const char *outdir = argc > a + 1 ? argv[a + 1] : "/tmp";
	double t0 = now();
	mf_motifset_t *set = mf_motifset_load(mpath, MF_MOTIF_AUTO);
	if (!set)
		return 1;
	printf("load %s (%d motifs): %.3f s\n", mpath, set->n, now() - t0);
	const long ns[2] = {8000, 1000000};
	char prefix[4096];
	for (int i = 0; i < 2; ++i) {
		double best = 1e30, best_cpu = 0;
		for (int rep = 0; rep < (ns[i] < 100000 ? 5 : 1); ++rep) {
			double t = run(set, mpath, ns[i], threads, NULL);
			if (t >= 0 && t < best) {
				best = t;
				best_cpu = last_cpu;
			}
		}
		printf("generate %7ld sequences, %d thread(s), in memory:     wall %7.3f s  cpu %7.3f s\n",
			ns[i], threads, best, best_cpu);
		snprintf(prefix, sizeof prefix, "%s/bench_sim_%ld", outdir, ns[i]);
		double t = run(set, mpath, ns[i], threads, prefix);
		printf("generate %7ld sequences, %d thread(s), all 7 outputs: wall %7.3f s  cpu %7.3f s\n",
			ns[i], threads, t, last_cpu);
	}
	mf_motifset_destroy(set);
	return 0;
}
