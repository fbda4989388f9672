/* seqlet.h: seqlets, the windows of high contribution that discover clusters.
 *
 * TF-MoDISco-lite's calling (doc/discover.md): the per-position actual contributions of a
 * task are summed over sliding windows of `window` bases; a Laplace distribution fitted to
 * the bulk of those sums is the null; on each side a threshold holds the local false
 * discovery rate (isotonic regression of "observed vs null" on the window sum) at `fdr`,
 * clamped so that between min_frac and max_frac of all windows pass; passing windows are
 * taken greedily, strongest first, each suppressing its neighbourhood, and grown by `flank`
 * on both sides. Where we differ: the null "sample" is the Laplace's quantiles (no random
 * draw), and with more than max_values windows a regular subsample (every k-th) sets the
 * thresholds, so memory does not grow with the genome. */
#ifndef MF_SEQLET_H
#define MF_SEQLET_H

#include <stddef.h>
#include <stdint.h>

#include "discover/dtrack.h"

typedef struct {
	int32_t seq;        /* sequence index (mf_dseqs_t numbering) */
	int32_t start, end; /* [start, end) in the sequence; may run past its ends (zero-padded) */
	int8_t rc;          /* 1: the reverse complement of that window */
	float score;        /* the called core's contribution sum (signed) */
	int32_t id;         /* the called seqlet it comes from (its index in the call) */
} mf_seqlet_t;

typedef struct {
	int window;         /* core width summed [20] */
	int flank;          /* bases added on each side [5] */
	double fdr;         /* target local FDR of each threshold [0.05] */
	double min_frac, max_frac; /* fraction of windows passing, clamped to [0.03, 0.2] */
	double weak_frac;   /* the sign threshold is at most this quantile of |sums| [0.8] */
	int null_points;    /* quantiles of the Laplace null [10000] */
	size_t max_values;  /* windows used for the thresholds, at most [4,000,000] */
} mf_seqlet_opt_t;

typedef struct {
	double mu, lpos, lneg; /* location and the two rates */
	double ppos;           /* weight of the upper side */
} mf_laplace_t;

typedef struct {
	double pos, neg;       /* window sums >= pos or <= neg are called */
	double weak;           /* |core sum| above it sets a seqlet's sign (else dropped) */
	uint64_t windows;      /* windows in the input, and how many set the thresholds */
	size_t used;
	mf_laplace_t null;
} mf_seqlet_thr_t;

void mf_seqlet_opt_init(mf_seqlet_opt_t *o);

/* ---- the null and the thresholds (seqlet_null.c) ----------------------------------------- */

/* Fits the Laplace null to n values (TF-MoDISco's _laplacian_null): the location is the
 * centre of the fullest of 1000 bins inside the fullest of 1000 bins; each side's rate is
 * the largest -log(1 - q) / (quantile q - mu) over q = 5 %, 10 %, ..., 95 %. -1 (logged)
 * when the values are constant or a side has no spread. */
int mf_laplace_fit(const float *v, size_t n, mf_laplace_t *out);

/* The m quantiles (i + 0.5) / m of the fitted two-sided Laplace, ascending. */
void mf_laplace_quantiles(const mf_laplace_t *l, int m, double *out);

/* The first of values[0..n) (ascending when increasing, else descending) whose precision
 * reaches 1 - fdr, precision from a weighted isotonic regression of observed (1) vs null
 * (0, weighted n / m) on the value, as TF-MoDISco's _isotonic_thresholds. values must be
 * sorted in that order; +-INFINITY (the side calls nothing) when n == 0. */
double mf_isotonic_threshold(const double *values, size_t n, const double *null, size_t m,
		int increasing, double fdr);

/* Weighted pool-adjacent-violators fit of y (weights w) over n points in order, increasing
 * or decreasing; fit[] gets the fitted values. */
void mf_pava(const double *y, const double *w, size_t n, int increasing, double *fit);

/* All thresholds from window sums v[0..n) (TF-MoDISco's extract_seqlets up to the calls). */
int mf_seqlet_thresholds(const float *v, size_t n, const mf_seqlet_opt_t *o, mf_seqlet_thr_t *t);

/* ---- calling (seqlet_call.c) -------------------------------------------------------------- */

/* Calls the seqlets of one task: window sums, thresholds, greedy extraction. Sets *n and *thr;
 * the seqlets come in (sequence, strength) order with score the signed core sum; those whose
 * |score| is at most thr->weak are dropped. NULL (logged) on error; a valid empty result is
 * a non-NULL array with *n == 0. */
mf_seqlet_t *mf_seqlets_call(const mf_dseqs_t *s, const mf_dhyp_t *h, const mf_seqlet_opt_t *o,
		int threads, size_t *n, mf_seqlet_thr_t *thr);

/* Greedy extraction on one sequence's window sums w[0..d): windows passing the thresholds
 * (>= pos or <= neg, and at least flank from either end) are taken by decreasing |sum|
 * (ties: leftmost first), each removing the windows within window/2 + flank of it.
 * Writes the chosen window starts to out (at most d) in the order taken and returns their
 * number, or (size_t)-1 (logged) when out of memory. */
size_t mf_seqlet_pick(const double *w, size_t d, const mf_seqlet_opt_t *o, double pos, double neg,
		size_t *out);

#endif
