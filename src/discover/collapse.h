/* collapse.h: splitting spurious merges and merging similar patterns (TF-MoDISco's
 * _detect_spurious_merging and SimilarPatternsCollapser).
 *
 * Splitting: a pattern with enough members is clustered again on its members' aligned
 * tracks (Jaccard at zero offset, the t-SNE graph of perplexity 50, Leiden); the pieces are
 * then merged back where they are alike. Merging: two patterns are merged when their
 * Pearson alignment similarity is high and their members cannot be told apart: the AUROC of
 * "within pattern A" against "between A and B" member similarities gives the
 * cross-contamination 2 (1 - max(AUROC, 0.5)); TF-MoDISco's thresholds pairs of (cross-
 * contamination, similarity) decide, with dealbreakers checked over every pair of a group
 * about to merge. Where we differ: the members clustered in a split are a regular subsample
 * of at most split_sample (every member is then assigned to the piece whose mean track it is
 * most similar to), subsamples are regular, not random, and each AUROC is computed only when
 * a decision needs it. */
#ifndef MF_COLLAPSE_H
#define MF_COLLAPSE_H

#include <stdint.h>

#include "discover/pattern.h"

typedef struct {
	double min_overlap;       /* [0.7] */
	mf_polish_opt_t polish;   /* for merged patterns */
	double perplexity;        /* subclustering [50] */
	int min_split;            /* split patterns with more members than this [50] */
	int split_sample;         /* members clustered in a split, at most [1000] */
	int subsample;            /* members compared per pattern when merging [300] */
	int leiden_runs;
	uint64_t seed;
	int threads;
} mf_collapse_opt_t;

/* The pieces of p (new patterns; p is kept). *out gets n_out patterns (caller frees each
 * and the array). 0 or -1 (logged). */
int mf_split_pattern(const mf_pattern_t *p, const mf_dctx_t *c, const mf_collapse_opt_t *o,
		mf_pattern_t ***out, int *n_out);

/* Merges similar patterns of pats[0..*n) until none is left to merge, in place: merged
 * patterns are freed, the survivors sorted by size (descending). 0 or -1 (logged). */
int mf_collapse(mf_pattern_t **pats, int *n, const mf_dctx_t *c, const mf_collapse_opt_t *o);

/* The AUROC of within (label 1) against between (label 0) values, ties counting one half
 * (sklearn's roc_auc_score). */
double mf_auroc_sets(const float *within, size_t nw, const float *between, size_t nb);

#endif
