/* bench_train.c: seconds per training epoch of the paper's architecture.
 *
 *   bench/bench_train SEQS.simdata.gz [EPOCHS]
 *
 * Trains the paper's architecture (Glorot init, Adam, batch 128, dropout on) on the first
 * 6,400 sequences of SEQS (the size of the paper's training split) for EPOCHS epochs
 * [2] with 1 and then 2 threads, without validation, and prints wall and CPU seconds per
 * epoch (the fastest epoch, and the mean) and the rate in sequences/s. The phases of one
 * mini-batch (forward, backward, Adam) are not timed separately. Not a test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "model/model.h"
#include "model/train.h"

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct {
	double cpu0, cpu_min, wall_min, wall_sum;
	int n;
} timing_t;

static void on_epoch(void *ud, const mf_epoch_t *e)
{
	timing_t *t = ud;
	double cpu = cpu_seconds();
	double c = cpu - t->cpu0;
	t->cpu0 = cpu;
	if (t->n == 0 || e->seconds < t->wall_min)
		t->wall_min = e->seconds;
	if (t->n == 0 || c < t->cpu_min)
		t->cpu_min = c;
	t->wall_sum += e->seconds;
	t->n++;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_train SEQS.simdata.gz [EPOCHS]\n");
		return 2;
	}
	int epochs = argc > 2 ? atoi(argv[2]) : 2;
	mf_model_t *m = mf_train_new_model(NULL, 1);
	mf_dataset_t all, none;
	if (!m || mf_train_load(argv[1], NULL, NULL, NULL, m->in_len, &all, &none) < 0)
		return 1;
	if (all.n > 6400)
		all.n = 6400;
	printf("bench_train: %d sequences of %d bp, batch 128, %d epochs per setting\n", all.n, m->in_len, epochs);
	printf("threads\tbest_s_per_epoch\tmean_s_per_epoch\tcpu_s_per_epoch\tseqs_per_s\n");
	for (int threads = 1; threads <= 2; ++threads) {
		mf_train_opt_t o;
		mf_train_opt_init(&o);
		o.threads = threads;
		o.max_epochs = epochs;
		timing_t t = {.cpu0 = cpu_seconds()};
		if (mf_train(m, &all, NULL, &o, on_epoch, &t, NULL) < 0)
			return 1;
		printf("%d\t%.3f\t%.3f\t%.3f\t%.0f\n", threads, t.wall_min, t.wall_sum / t.n, t.cpu_min,
			all.n / t.wall_min);
	}
	mf_dataset_free(&all);
	mf_dataset_free(&none);
	mf_model_destroy(m);
	return 0;
}
