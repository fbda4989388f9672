/* match.h: the motifs of a database a pattern resembles.
 *
 * The report's first kind of match (Tomtom's, from motif/compare.h, is the second): a
 * column-Pearson similarity over every
 * alignment (offsets, both strands) of the pattern's PPM and each database motif. The
 * similarity of one alignment is the Pearson correlation of each pair of aligned columns
 * weighted by the larger information content of the two, over the union of both motifs'
 * columns (a column of either without a partner counts as 0 with its own weight), so a
 * longer or shorter motif that leaves informative columns unmatched scores lower. */
#ifndef MF_MATCH_H
#define MF_MATCH_H

#include "motif/motif.h"

typedef struct {
	int motif;       /* index in the database */
	double score;    /* the weighted similarity above, in [-1, 1] */
	double pearson;  /* the mean column Pearson over the query's core columns (0 for those
	                    the motif does not cover) */
	int off, rc;     /* the motif's column 0 sits at query column off, reversed when rc */
} mf_dmatch_t;

/* The k best matches (by score, then database order) of the PPM q (w columns, [w][4]) whose
 * core is columns [c0, c1), into out; returns their number. */
int mf_best_matches(const double *q, int w, int c0, int c1, const mf_motifset_t *db, int k,
		mf_dmatch_t *out);

#endif
