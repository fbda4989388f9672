/* explain_out.h: writing explain results: npz, TSV and TF-MoDISco inputs.
 * Results stream in batch by batch; memory does not grow with the number of sequences
 * (npz arrays are spooled to unlinked temporary files until their length is known). */
#ifndef MF_EXPLAIN_OUT_H
#define MF_EXPLAIN_OUT_H

#include "explain/explain.h"

typedef enum { MF_XOUT_NPZ, MF_XOUT_TSV, MF_XOUT_NONE } mf_xout_fmt_t;

typedef struct {
	const char *path;      /* main output ("-" only for TSV) */
	mf_xout_fmt_t fmt;
	int tsv_hyp;           /* TSV: add hypothetical contributions per base */
	const char *modisco;   /* non-NULL: also PREFIX.ohe.npz, PREFIX[.taskN].hyp.npz, .h5 */
	const char *meta;      /* "key=value;..." provenance stored with the results */
	/* BED input only: per-base tracks of one task's contribution summed over the four
	 * channels (track.h: mean over overlapping regions, chromosome sizes from the .fai) */
	const char *bigwig, *bedgraph, *genome;
	int bw_task;           /* model output index; -1 = the first task explained */
	/* shard_n > 0: this run is shard shard_i of shard_n (--shard): every npz gets an int64
	 * array 'shard' = [i, n] that motiflift merge checks and drops */
	int shard_i, shard_n;
} mf_xout_opt_t;

typedef struct mf_xout mf_xout_t;

/* T tasks (their model output indices in tasks[]), R references per sequence, length L;
 * bed: rows carry genomic coordinates (needed for tracks). fmt MF_XOUT_NONE: no main
 * output (tracks or TF-MoDISco files only). names: a name per model output (e.g. the
 * simdata header's task columns), or NULL for "task<index>". */
mf_xout_t *mf_xout_open(const mf_xout_opt_t *o, int T, const int *tasks, int R, size_t L, int bed,
		const char *const *names);
/* An mf_explain_sink_t: ctx is the mf_xout_t. */
int mf_xout_write(void *ctx, const mf_explain_batch_t *b);
/* Finishes every file (temporary names renamed into place); frees x. 0 or -1. */
int mf_xout_close(mf_xout_t *x);
/* Discards everything; frees x. */
void mf_xout_abort(mf_xout_t *x);

/* "npz" or "tsv" from a file name (.npz, .tsv, .tsv.gz, .txt[.gz]); -1 when unknown. */
int mf_xout_format_from_name(const char *path);

#endif
