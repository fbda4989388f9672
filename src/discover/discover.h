/* discover.h: de novo motifs from contribution scores, one task at a time.
 *
 * TF-MoDISco-lite's method (doc/discover.md): seqlets are called (seqlet.h) and split by
 * sign into two metaclusters; each with more than min_metacluster seqlets goes through two
 * rounds of: coarse neighbours (gkmer.h, knn.h), fine similarities and the density-adapted
 * graph (affinity.h), Leiden clusters (leiden.h), and one pattern per cluster, aggregated
 * and polished (pattern.h), whose members are the next round's seqlets; then spurious merges
 * are split and similar patterns merged (collapse.h), and patterns with fewer than
 * min_seqlets members or too little information are dropped. Every seqlet is used (there is
 * no cap unless max_seqlets asks for one, which keeps the strongest). */
#ifndef MF_DISCOVER_H
#define MF_DISCOVER_H

#include <stddef.h>
#include <stdint.h>

#include "discover/collapse.h"
#include "discover/dtrack.h"
#include "discover/gkmer.h"
#include "discover/knn.h"
#include "discover/pattern.h"
#include "discover/seqlet.h"
#include "base/progress.h"

/* Progress over the stages of a run (MF_DISCOVER_STAGES per task: seqlet calling, and per
 * sign two rounds of similarities, clusters and patterns, then splitting and merging). */
#define MF_DISCOVER_STAGES 15
typedef struct {
	mf_progress_t *pg; /* may be NULL */
	uint64_t done;
} mf_dprogress_t;

typedef struct {
	mf_seqlet_opt_t call;
	mf_gkmer_opt_t gkmer;
	mf_knn_opt_t knn;
	int k_fine;            /* graph neighbours kept per seqlet [32] */
	double min_overlap;    /* [0.7] */
	double corr_thr;       /* first-round coarse/fine agreement [0.15] */
	double perplexity;     /* [10] */
	int leiden_runs;       /* [4] */
	mf_polish_opt_t polish;
	mf_collapse_opt_t collapse;
	int min_metacluster;   /* a sign with at most this many seqlets is skipped [100] */
	int min_seqlets;       /* final patterns have at least this many members [20] */
	double min_ic;         /* and a window of ic_window columns with this much IC [0.6] */
	int ic_window;         /* [6] */
	double core_frac;      /* the trimmed core: columns with sum |CWM| >= this x max [0.3] */
	size_t max_seqlets;    /* per metacluster, 0 = all */
	uint64_t seed;
	int threads;
	mf_dprogress_t *progress; /* NULL: none */
} mf_discover_opt_t;

typedef struct {
	mf_pattern_t *p;
	int sign;              /* +1: pos_patterns, -1: neg_patterns */
	int index;             /* pattern_<index> among its sign's */
	int core0, core1;      /* the trimmed core, frame columns [core0, core1) */
	double bg[4];          /* its metacluster's base frequencies */
} mf_dpat_t;

typedef struct {
	int task;              /* column in the input */
	const char *name;      /* the task's name (owned by the mf_dseqs_t) */
	mf_seqlet_thr_t thr;
	mf_seqlet_t *seqlets;  /* the called seqlets (id = index) */
	size_t n_seqlets;
	size_t n_sign[2];      /* positive and negative seqlets */
	int ran[2];            /* whether each metacluster was clustered */
	mf_dpat_t *pat;        /* positive patterns first, each sign by size */
	int npat;
} mf_dtask_t;

void mf_discover_opt_init(mf_discover_opt_t *o);

/* Runs one task. 0, or -1 (logged). No seqlet at all is an error ("no seqlet passes the
 * threshold"); seqlets without any pattern are not. */
int mf_discover_task(const mf_dseqs_t *s, const mf_dhyp_t *h, const mf_discover_opt_t *o,
		mf_dtask_t *out);
void mf_dtask_free(mf_dtask_t *t); /* the contents; accepts a zeroed one */

/* The pattern's trimmed core (TF-MoDISco's report: the span of columns whose sum of |CWM|
 * reaches frac of the largest). */
void mf_pattern_core(const mf_pattern_t *p, double frac, int *c0, int *c1);

#endif
