/* rep_model.h: what every discover output shows, computed once (report.c builds it, the
 * rep_*.c writers read it). */
#ifndef MF_REP_MODEL_H
#define MF_REP_MODEL_H

#include <htslib/kstring.h>

#include "discover/discover.h"
#include "discover/match.h"
#include "motif/compare.h"

typedef struct {
	char *id;             /* TASK.pos_patterns.pattern_I (neg_patterns for negative ones) */
	int task;             /* index into the results */
	const mf_dpat_t *d;
	int w;                /* frame width */
	double *ppm;          /* w x 4 */
	float *cwm, *hcwm;    /* w x 4: mean actual and hypothetical contributions */
	float *cover;         /* w: fraction of the members with a base in each column */
	char *consensus;      /* of the core: upper case above 0.5, lower case above 0.25 */
	mf_dmatch_t *match;
	int nmatch;
	mf_compare_hit_t *tomtom; /* motiflift compare's best hits of the core PPM (Tomtom: ED,
	                             q <= 0.5), best first; their target indexes the database */
	int ntomtom;
	int weak, matched;    /* few seqlets for its sign; best match at least MF_MATCHED */
} mf_rpat_t;

typedef struct {
	int task, pat;        /* the task (results index) and the pattern (-1: none) */
	mf_seqlet_t w;        /* the called seqlet, or its window in the pattern */
} mf_rrow_t;

typedef struct {
	const mf_dseqs_t *s;
	const mf_dtask_t *res;
	int nt;
	const mf_motifset_t *db;
	const char *dbpath;
	mf_rpat_t *pat;
	int npat;
	mf_rrow_t *row;       /* every called seqlet, by task, sequence and start */
	size_t nrow;
	double bg[4];         /* base frequencies of the whole input */
	int max_len;          /* the longest input sequence */
} mf_rmodel_t;

/* A pattern is matched when its best match scores at least this, weak when it has fewer
 * than MF_WEAK_FRAC of the largest pattern of its task and sign (and under 2 x the
 * smallest pattern size). */
#define MF_MATCHED 0.8
#define MF_WEAK_FRAC 0.05

/* Builds the model: per pattern its matrices, core, consensus and k best matches; the seqlet
 * rows. 0 or -1 (logged). */
int mf_rmodel_build(mf_rmodel_t *m, const mf_dseqs_t *s, const mf_dtask_t *res, int nt,
		const mf_motifset_t *db, const char *dbpath, int k, int threads);
void mf_rmodel_free(mf_rmodel_t *m);

/* Clips [*a, *b) to sequence i and, when the input has coordinates, moves it to the genome;
 * *chrom gets the name to print. */
void mf_rmodel_coords(const mf_rmodel_t *m, size_t i, int64_t *a, int64_t *b, const char **chrom);

#endif
