/* gen_genome.c: a random genome for the scan benchmark (issue 7).
 * Usage: bench/gen_genome [Mb=100] [seed=1] > genome.fa
 * Background A .3 C .2 G .2 T .3, 10 chromosomes, 60-column lines; every 1 Mb one N run of
 * 1-10 kb and one lowercase stretch of 1-20 kb. */
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

int main(int argc, char **argv)
{
	long total = (argc > 1 ? atol(argv[1]) : 100) * 1000000L;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 1;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r || total <= 0)
		return 2;
	gsl_rng_set(r, seed);
	long per = total / 10, n_run = 0, low_run = 0;
	for (int c = 0; c < 10; ++c) {
		printf(">chr%d\n", c + 1);
		for (long i = 0; i < per; ++i) {
			if (i % 1000000 == 500000)
				n_run = 1000 + (long)gsl_rng_uniform_int(r, 9000);
			if (i % 1000000 == 100000)
				low_run = 1000 + (long)gsl_rng_uniform_int(r, 19000);
			double u = gsl_rng_uniform(r);
			char b = u < 0.3 ? 'A' : u < 0.5 ? 'C' : u < 0.7 ? 'G' : 'T';
			if (n_run > 0)
				b = 'N', --n_run;
			else if (low_run > 0)
				b = (char)(b + 32), --low_run;
			putchar(b);
			if (i % 60 == 59 || i == per - 1)
				putchar('\n');
		}
	}
	gsl_rng_free(r);
	return fclose(stdout) == 0 ? 0 : 1;
}
