/* compare.h: which known motif is this? Motif-versus-database matching with p-values, as
 * MEME's Tomtom computes them (Gupta, Stamatoyannopoulos, Bailey & Noble, Genome Biology
 * 2007, 8:R24; MEME 5.5.8's tomtom.c with its defaults: complete scores).
 *
 * For one query motif against a database:
 *  - every query column is scored against every column of every database motif, both
 *    strands (the reverse complements' columns too), by a column similarity: Euclidean
 *    (-sqrt(sum (q-t)^2), Tomtom's default), Pearson correlation, Sandelin-Wasserman
 *    (2 - sum (q-t)^2) or average Kullback-Leibler (-(sum q log10(q/t) + t log10(t/q))/2);
 *  - each query column's scores are shifted by their median over the database's columns
 *    (so that leaving an uninformative column unaligned costs little) and all of them are
 *    rounded onto one integer grid of at most 100 steps per column;
 *  - the null distribution of a sum over query columns i..j is that of independent draws
 *    of a random database column per query column (the database's own columns, each equally
 *    likely), computed exactly on the grid for every i..j;
 *  - for each target, the best alignment (largest sum of shifted scores over the aligned
 *    columns, ties to the larger overlap) over every offset with at least min_overlap
 *    aligned columns, on both strands; its p-value is the probability that the best of all
 *    the target width's alignments (every offset, both strands, taken as independent, as
 *    Tomtom does) of random columns scores at least as high;
 *  - E-value = p x the number of database motifs; q-value: Benjamini-Hochberg over the
 *    database's motifs for this query (Tomtom estimates pi0 instead; ours is the
 *    conservative pi0 = 1).
 *
 * Motifs are used as Tomtom loads them: each probability row p becomes
 * (p n + pc bg) / (n + pc), n = nsites (20 when the file gives none), pc = opt.pseudocount.
 *
 * CWMs (mf_motif_t.cwm = 1, see motif.h) are compared as a PPM (MF_COMPARE_CWM_POSITIVE):
 * the cells of the sign of the motif's total (the positive part of a positive pattern, the
 * negated negative part of a negative one) scaled so the row with the largest such sum
 * sums to 1, the rest of each row spread evenly over the 4 bases (a weak row is nearly
 * uniform, as it is in the CWM's logo); or as the signed columns themselves under Pearson
 * (MF_COMPARE_CWM_SIGNED; no pseudocount).
 *
 * Threads: queries are independent; results are the same bytes for any thread count. */
#ifndef MF_COMPARE_H
#define MF_COMPARE_H

#include "motif/motif.h"

typedef enum {
	MF_COMPARE_ED = 0, MF_COMPARE_PEARSON, MF_COMPARE_SANDELIN, MF_COMPARE_KULLBACK
} mf_compare_dist_t;

typedef enum { MF_COMPARE_CWM_POSITIVE = 0, MF_COMPARE_CWM_SIGNED } mf_compare_cwm_t;

/* Which statistic --thresh bounds. */
typedef enum { MF_COMPARE_BY_Q = 0, MF_COMPARE_BY_E, MF_COMPARE_BY_P } mf_compare_by_t;

/* The widest query (the null tables grow with its cube), as Tomtom. */
#define MF_COMPARE_MAX_WIDTH 100

typedef struct {
	mf_compare_dist_t dist; /* column similarity [MF_COMPARE_ED, Tomtom's default] */
	int min_overlap;      /* aligned columns at least (lowered to the narrower motif's width) [5] */
	double pseudocount;   /* Tomtom's -motif-pseudo [0.1] */
	double bg[4];         /* background of the pseudocount [uniform] */
	mf_compare_cwm_t cwm; /* how CWMs are compared [POSITIVE] */
	double trim_bits;     /* > 0: drop query edge columns with information content below this
	                         many bits (PPMs) [0: off] */
	double trim_cwm;      /* > 0: trim CWM queries as tfmodisco-lite's report does: keep the
	                         positions from the first to the last whose sum |cwm| reaches this
	                         fraction of the largest, plus 4 on each side [0: off] */
	mf_compare_by_t by;   /* the statistic thresh bounds [q-value] */
	double thresh;        /* report targets with statistic <= thresh [0.5, Tomtom's] */
	int top;              /* > 0: at most this many targets per query [0: all passing] */
	int threads;          /* [1] */
} mf_compare_opt_t;

void mf_compare_opt_init(mf_compare_opt_t *o);
/* "ed", "pearson", "sandelin", "kullback" <-> the enum; -1 for an unknown name. */
int mf_compare_dist_parse(const char *name);
const char *mf_compare_dist_name(mf_compare_dist_t d);

/* The database: motifs prepared once (pseudocounts, CWM conversion, both strands) and
 * reused by any number of mf_compare_run calls (which may run concurrently). It points
 * into the sets it was built from: they must outlive it. */
typedef struct mf_compare_db mf_compare_db_t;

/* Every motif of sets[0..nsets), in order (target index = position in that order); paths
 * name the files for messages (may be NULL). NULL (logged) on error: no motif, a motif
 * narrower than 2 columns, a signed CWM when the distance is not Pearson, a zero
 * pseudocount with Kullback and a zero cell. */
mf_compare_db_t *mf_compare_db_create(const mf_motifset_t *const *sets, const char *const *paths,
		int nsets, const mf_compare_opt_t *o);
void mf_compare_db_destroy(mf_compare_db_t *db); /* accepts NULL */
int mf_compare_db_size(const mf_compare_db_t *db);
const mf_motif_t *mf_compare_db_motif(const mf_compare_db_t *db, int target);
/* The file index (into sets) the target came from. */
int mf_compare_db_set(const mf_compare_db_t *db, int target);
/* Tomtom's consensus of the prepared target on strand 0 (+) or 1 (-: reverse complement). */
const char *mf_compare_db_consensus(const mf_compare_db_t *db, int target, int strand);
/* The prepared columns ([w][4]) of the target on strand 0 or 1 (for logos). */
const double *mf_compare_db_columns(const mf_compare_db_t *db, int target, int strand);

typedef struct {
	int target;     /* index into the database */
	int strand;     /* 0: the target as given; 1: its reverse complement */
	int offset;     /* Tomtom's Optimal_offset: query column i (of the compared query) faces
	                   column i + offset of the target on that strand */
	int overlap;    /* aligned columns */
	double pvalue, evalue, qvalue;
} mf_compare_hit_t;

typedef struct {
	int start, w;          /* the compared query: columns [start, start + w) of the motif
	                          (start > 0 or a smaller w after trimming) */
	double *cols;          /* its prepared columns [w][4] */
	char *consensus;       /* Tomtom's consensus of the compared query */
	int n;                 /* hits kept (threshold, then top), best first */
	mf_compare_hit_t *hit;
} mf_compare_result_t;

/* Compares each of the nq query motifs with the whole database; res[0..nq) receives the
 * hits of each, sorted by p-value, then larger overlap, then database file, + before -,
 * then name (Tomtom's order). 0, or -1 (logged, naming path when not NULL; res left empty)
 * on a query narrower than 2 columns or wider than MF_COMPARE_MAX_WIDTH, a signed CWM with
 * a distance other than Pearson, or out of memory. Free with mf_compare_results_free.
 * Thread-safe for a shared db. */
int mf_compare_run(const mf_compare_db_t *db, const mf_motif_t *queries, int nq,
		const char *path, mf_compare_result_t *res);
void mf_compare_results_free(mf_compare_result_t *res, int nq);

/* ---- outputs (compare_out.c) -------------------------------------------------------- */

/* Tomtom's TSV: the header "Query_ID Target_ID Optimal_offset p-value E-value q-value
 * Overlap Query_consensus Target_consensus Orientation", one row per hit, and after a
 * blank line "# " lines (footer, may be NULL: one or more lines without the "# "), as
 * tomtom -text writes. path "-" is stdout; ".gz" is bgzip. 0 or -1 (logged). */
int mf_compare_write_tsv(const char *path, const mf_compare_db_t *db, const mf_motif_t *queries,
		int nq, const mf_compare_result_t *res, const char *footer);
/* An HTML page: per query its hits as a table, each with the query's logo over the
 * target's (on the matched strand) aligned at the offset, as inline SVG. */
int mf_compare_write_html(const char *path, const mf_compare_db_t *db, const mf_motif_t *queries,
		int nq, const mf_compare_result_t *res, const char *title);

#endif
