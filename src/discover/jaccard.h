/* jaccard.h: the continuous Jaccard similarity of contribution tracks, over offsets and
 * both strands (TF-MoDISco's fine similarity).
 *
 * A track has `len` columns of MF_TCH values: the hypothetical contributions (4) and the
 * actual contributions (4) of a window, each group divided by its own sum of absolute
 * values over the window (TF-MoDISco's l1 transform). With the second track's column 0 put
 * at the first's column `off`, the similarity is
 *
 *     sum over overlapping cells of min(|x|, |y|) sign(x y)
 *     ----------------------------------------------------------------
 *     sum over all cells of both tracks of max(|x|, |y|)  (0 outside a track)
 *
 * i.e. the denominator is mass(a) + mass(b) - sum of min(|x|, |y|). TF-MoDISco counts only
 * the part of the padded track under the other one, which makes its similarity asymmetric;
 * ours counts both tracks whole, so J(a, b) = J(b, a) and each pair is computed once
 * (doc/discover.md). Sums run in 8 lanes (one per channel) added in a fixed order, so the
 * result is the same bits on every machine and thread count. */
#ifndef MF_JACCARD_H
#define MF_JACCARD_H

#include <stdint.h>

#define MF_TCH 8

typedef struct {
	float sim;   /* the best similarity */
	int off;     /* where b's column 0 sits on a (b reverse-complemented first when rc) */
	int rc;
} mf_align_t;

/* Builds a track from len columns of hypothetical and actual contributions ([len][4] each). */
void mf_track_make(const float *hyp, const float *contrib, int len, float *out);
/* The reverse complement of a track (columns reversed, A<->T and C<->G in both groups). */
void mf_track_rc(const float *t, int len, float *out);
/* The sum of absolute values of a track. */
double mf_track_mass(const float *t, int len);

/* The similarity of a and b at one offset (b's column 0 at a's column off; any integer). */
double mf_jaccard_at(const float *a, int la, double ma, const float *b, int lb, double mb, int off);

/* The best similarity over off in [lo, hi] on b's forward strand and, with arc = rc(a)
 * (non-NULL), on its reverse strand: ties keep the forward strand and the smaller offset. */
mf_align_t mf_jaccard_best(const float *a, const float *arc, int la, double ma, const float *b,
		int lb, double mb, int lo, int hi);

/* Offsets where b (lb columns) overlaps a (la columns) by at least frac of b's length on
 * TF-MoDISco's terms: b may stick out by at most pad = round_fn(lb * (1 - frac)) columns
 * on either side; ceil_pad selects ceil (aggregation) instead of truncation (neighbours).
 * When b is so much longer that no offset qualifies, the one offset that centres it. */
void mf_jaccard_range(int la, int lb, double frac, int ceil_pad, int *lo, int *hi);

#endif
