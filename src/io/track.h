/* track.h: per-base genome tracks (bigWig through libBigWig, bedGraph) built from values
 * over genomic regions that arrive in any order (room track).
 *
 * Regions stream in; their values are spooled to an unlinked temporary file next to the
 * output and only a 32-byte index entry per region stays in memory (3.2 MB per 100,000
 * regions). At close the index is sorted by (chromosome in .fai order, start, arrival) and
 * swept one chromosome at a time, so memory is the index plus one region-length window.
 *
 * Overlaps: a base covered by several regions gets the mean of their values (float64 sum,
 * in sorted order, divided by the count). Bases outside [0, chromosome length) (regions
 * padded with N past a chromosome end) are dropped. Runs of adjacent bases with the same
 * value become one interval; bases no region covers have no interval. Both files are
 * written to temporary names and renamed into place at close. */
#ifndef MF_TRACK_H
#define MF_TRACK_H

#include <stddef.h>
#include <stdint.h>

typedef struct mf_track mf_track_t;

/* Chromosome names and sizes come from genome's .fai (built when missing, as for BED
 * input). bigwig and/or bedgraph may be NULL (not both). NULL (logged) on failure. */
mf_track_t *mf_track_open(const char *genome, const char *bigwig, const char *bedgraph);
/* Adds the values v[0..n) of bases start..start+n-1 of chrom. 0 or -1 (logged: unknown
 * chromosome, write error). */
int mf_track_add(mf_track_t *t, const char *chrom, int64_t start, const float *v, size_t n);
/* Sorts, sweeps, writes and renames the outputs; frees t. 0 or -1. Accepts NULL. */
int mf_track_close(mf_track_t *t);
/* Discards everything (no output file appears); frees t. Accepts NULL. */
void mf_track_abort(mf_track_t *t);

#endif
