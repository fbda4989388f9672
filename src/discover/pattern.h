/* pattern.h: a pattern, the seqlets of one motif aligned in a common frame.
 *
 * Every member covers the whole frame (TF-MoDISco's "fill edges"): its window is re-cut from
 * its sequence whenever the frame grows or shrinks. The pattern keeps per-column sums of the
 * members' one-hot, actual and hypothetical contributions, and how many members have a base
 * in each column: windows may run past a sequence end, where they hold nothing (zeros).
 * TF-MoDISco drops such a seqlet instead; we keep it and average each column over the
 * members that reach it, so nothing is lost near sequence ends (doc/discover.md). */
#ifndef MF_PATTERN_H
#define MF_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#include "discover/dtrack.h"
#include "discover/seqlet.h"

typedef struct {
	const mf_dseqs_t *s;
	const mf_dhyp_t *h;
} mf_dctx_t;

typedef struct {
	int len;                     /* frame width */
	size_t n, cap;
	mf_seqlet_t *m;              /* members; each window is len wide */
	double *seq, *contrib, *hyp; /* column sums, [len][4] */
	double *count;               /* members with a base in each column */
	void *keys;                  /* the members' (seq, start), for duplicates */
} mf_pattern_t;

mf_pattern_t *mf_pattern_new(void);
void mf_pattern_destroy(mf_pattern_t *p); /* accepts NULL */
mf_pattern_t *mf_pattern_copy(const mf_pattern_t *p);

/* Adds the window [start, start + len) of from's sequence on strand rc, keeping from's score
 * and id (the first member sets len; later ones must match it). 1 when added, 0 when that window is already a member
 * (TF-MoDISco's unique seqlets), -1 (logged) when out of memory. */
int mf_pattern_add(mf_pattern_t *p, const mf_dctx_t *c, const mf_seqlet_t *from, int32_t start,
		int len, int rc);

/* Re-cuts every member to frame columns [f0, f1) of the current frame (f0 < 0 or f1 > len
 * grow it, f0 > 0 or f1 < len trim it). 0 or -1 (logged). */
int mf_pattern_reframe(mf_pattern_t *p, const mf_dctx_t *c, int f0, int f1);

/* Where a member window [s, e) of orientation o lands when placed with its column 0 at
 * frame column off (after reversing it when flip) and cut to frame columns [f0, f1). */
void mf_place(int32_t s, int32_t e, int o, int flip, int off, int f0, int f1, int32_t *ns,
		int32_t *ne, int *no);

/* Column averages over the members that reach each column: out[len][4] (0 where none). */
void mf_pattern_mean(const mf_pattern_t *p, const double *sum, float *out);
/* The position probability matrix; columns no member reaches are bg. */
void mf_pattern_ppm(const mf_pattern_t *p, const double bg[4], double *ppm);
/* Information content of each column (TF-MoDISco's compute_per_position_ic, pseudocount pc)
 * times the fraction of members reaching it. */
void mf_pattern_ic(const mf_pattern_t *p, const double bg[4], double pc, double *ic);

/* The pattern's similarity track (jaccard.h), len x MF_TCH. */
void mf_pattern_track(const mf_pattern_t *p, float *out);

typedef struct {
	double min_overlap;   /* [0.7] */
	double support_frac;  /* trim columns reached by fewer than min(support_num, */
	int support_num;      /*   support_frac x the most reached) members [0.2, 30] */
	int flank;            /* added around the trimmed core [10] */
	int trim_width;       /* the core: the most informative window of this width [30] */
	double bg[4];         /* background for information content */
	double pc;            /* its pseudocount [0.001] */
} mf_polish_opt_t;

/* Trims to the supported columns, grows by flank, keeps the trim_width window of largest
 * information content, grows by flank again (TF-MoDISco's polish_pattern). 0 or -1. */
int mf_pattern_polish(mf_pattern_t *p, const mf_dctx_t *c, const mf_polish_opt_t *o);

/* Aligns each window (seqlets' own windows, in order) to the pattern grown so far and adds
 * it there, the frame growing as members stick out (TF-MoDISco's
 * merge_in_seqlets_filledges). pearson: align on the mean-centred actual contributions by
 * cosine (pattern merging), else on the similarity tracks by Jaccard (clusters). The
 * pattern must have its first member already. 0 or -1 (logged). */
int mf_pattern_merge_in(mf_pattern_t *p, const mf_dctx_t *c, const mf_seqlet_t *w, size_t n,
		int pearson, double min_overlap);

/* The best placement of pattern b on pattern a by the Pearson aligner (b's column 0 at a's
 * column *off, reversed when *rc); returns the similarity. */
double mf_pattern_align_pearson(const mf_pattern_t *a, const mf_pattern_t *b, double min_overlap,
		int *off, int *rc);

/* The sum of the column averages of the actual contributions (its sign is the pattern's). */
double mf_pattern_total(const mf_pattern_t *p);

#endif
