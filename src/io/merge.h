/* merge.h: joining the outputs of `--shard i/n` runs (room merge).
 *
 * Shards are contiguous slices of the input records (seqio.h), so the outputs of shards
 * 1..n, given in that order, join into exactly what one unsharded run writes. */
#ifndef MF_MERGE_H
#define MF_MERGE_H

/* npz: arrays are concatenated along their first axis, in the first input's array order;
 * string arrays are widened to the widest input ('<U' width = longest string, as one run
 * writes them). `tasks`, `meta` and 0-d arrays are per run, not per record: they must be
 * byte-identical in every input and are written once. Inputs must hold the same arrays
 * with the same dtypes and trailing shapes. Streams (1 MB buffers); 0 or -1 (logged). */
int mf_merge_npz(const char *const *in, int n, const char *out);

/* Text (TSV, BED; plain, gzip or bgzip in; out bgzipped when it ends in .gz): the first
 * input whole, then every other input without its leading '#' header lines. 0 or -1. */
int mf_merge_text(const char *const *in, int n, const char *out);

/* bigWig and/or bedGraph (track.h) of one task from explain npz outputs of BED input
 * (arrays chrom, start, contrib, tasks[, task_index]), in input order. bw_task names the
 * task or gives its 0-based model output index (tasks.h); NULL: the first. 0, -1, or -2
 * when bw_task is no task of the inputs (a usage error). */
int mf_merge_track(const char *const *in, int n, const char *genome, const char *bigwig,
		const char *bedgraph, const char *bw_task);

#endif
