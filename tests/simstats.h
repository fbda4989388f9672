/* simstats.h: summary statistics of a TAL1/GATA1 simdata file (simulated or the
 * published one) and the two-sample tests that compare them (test_sim_paper.c). */
#ifndef MF_SIMSTATS_H
#define MF_SIMSTATS_H

#include "motif/motif.h"

enum { SS_GATA = 0, SS_TAL1 = 1, SS_MAXL = 1024 };

typedef struct {
	long n;
	long n_class[4];        /* empty, gata_only, tal1_only, gata_tal1 */
	long k[2][2][4];        /* [motif][0 single class, 1 both class][count 0..3] */
	long n_inst[2];
	double *start[2];       /* instance starts, per motif */
	double *logodds[2];     /* instance log2-odds vs .3/.2/.2/.3, PWM smoothed 0.001 */
	long bg[4];             /* background letters (outside instances) */
	long bad_rows;          /* rows whose embedding string disagrees with the sequence */
} simstats_t;

/* Reads a simdata file (through mf_seqreader) into st; motifs from set (GATA_disc1,
 * TAL1_known1). 0 or -1. Free with simstats_free. */
int simstats_load(const char *path, const mf_motifset_t *set, simstats_t *st);
void simstats_free(simstats_t *st);

/* p-value of the chi-square test of homogeneity of two count vectors (k cells; cells
 * empty in both are dropped). */
double ss_chisq2_p(const long *a, const long *b, int k);
/* p-value of the two-sample Kolmogorov-Smirnov test (asymptotic); sorts a and b. */
double ss_ks2_p(double *a, long na, double *b, long nb);
double ss_mean(const double *a, long n);

#endif
