/* scan_pick.h: the DeepLIFT authors' way of picking the top k matches of a sequence, for
 * reproducing the paper's figures (motiflift scan --greedy-exclude).
 *
 * The figures of the DeepLIFT paper come from the notebook
 * examples/public/genomics/genomics_simulation.ipynb of kundajelab/deeplift at commit
 * 671ee67, which picks matches with deeplift.util.get_top_n_scores_per_region: k rounds of
 * "take the best window start i, then set the Python slice scores[i - h : i + h - 1] to
 * -inf", h = int(w / 2). Python's slice rules make two things differ from a plain greedy
 * non-overlapping pick:
 *  - later picks may overlap an earlier one (by up to w - h + 1 bases);
 *  - when i < h the slice start is negative, so it counts from the end of the n window
 *    starts; as long as n >= 2h - 1 the slice is then empty, nothing is excluded, and the
 *    same window is the best again: it is picked once more in every remaining round, and
 *    the notebook's percentages count each repeat.
 * This room does the same on a list of hits. */
#ifndef MF_SCAN_PICK_H
#define MF_SCAN_PICK_H

#include <stdint.h>

#include "motif/scan.h"

/* Python's seq[a:b] on a sequence of n items, as the half-open index range [*lo, *hi)
 * (empty when *lo >= *hi): a negative bound has n added once, then both are clamped to
 * [0, n]. */
void mf_py_slice(int64_t a, int64_t b, int64_t n, int64_t *lo, int64_t *hi);

/* Replaces h[first..] (the passing windows of one record and one motif, either strand) by
 * the k picks of the notebook's greedy rounds, in pick order, repeats included. The best
 * window of a round is the highest log-odds among those not excluded (ties: leftmost,
 * '+' before '-'); a pick at start i excludes the windows of both strands whose start lies
 * in mf_py_slice(i - h, i + h - 1, n_windows), h = w / 2. n_windows is the number of window
 * starts of the record (its length - w + 1; windows that were not scanned, e.g. with an N,
 * count as positions but are never picked). Fewer than k picks only when every window is
 * excluded. 0, or -1 when out of memory (logged). */
int mf_hits_pick_greedy(mf_hits_t *h, size_t first, int w, int64_t n_windows, int k);

#endif
