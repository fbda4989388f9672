/* gkmer.h: the coarse embedding of a seqlet, from its gapped k-mers (TF-MoDISco's
 * _seqlet_to_gkmers).
 *
 * Of a seqlet's `topn` positions with the largest (sign-adjusted) actual contribution, every
 * set of min_k..max_k positions spanning fewer than max_len bases is a gapped k-mer: its
 * bases at their relative offsets, scored by the mean contribution of its positions, the
 * scores of equal gapped k-mers adding up. The max_entries strongest (by |score|) make the
 * seqlet's sparse vector; TF-MoDISco compares those vectors by cosine over all pairs. We
 * hash each gapped k-mer to one of `dim` signed coordinates (the hashing trick: dot products
 * are kept in expectation) and L2-normalise, so a seqlet is a short dense vector and its
 * neighbours can be searched for (knn.h) instead of compared with everything. The second
 * vector is that of the reverse complement (every gapped k-mer reversed and complemented). */
#ifndef MF_GKMER_H
#define MF_GKMER_H

#include <stdint.h>

typedef struct {
	int topn;        /* positions used [20] */
	int min_k, max_k; /* gapped k-mer sizes [4, 6] */
	int max_len;     /* span limit (exclusive) [15] */
	int max_entries; /* strongest gapped k-mers kept [500] */
	int dim;         /* hashed dimensions [128] */
} mf_gkmer_opt_t;

typedef struct mf_gkmer_ws mf_gkmer_ws_t; /* per-thread scratch */

void mf_gkmer_opt_init(mf_gkmer_opt_t *o);
mf_gkmer_ws_t *mf_gkmer_ws_create(const mf_gkmer_opt_t *o);
void mf_gkmer_ws_destroy(mf_gkmer_ws_t *w);

/* Embeds one seqlet: imp[len] the sign-adjusted actual contribution of each position and
 * base[len] its base (0-3; anything else counts as A, as TF-MoDISco's argmax does). Writes
 * the forward and reverse-complement vectors x[dim], y[dim] (zero when nothing scores).
 * 0, or -1 when out of memory (not logged: the caller knows which seqlet). */
int mf_gkmer_embed(mf_gkmer_ws_t *w, const float *imp, const uint8_t *base, int len, float *x,
		float *y);

/* The sparse form before hashing, for tests: up to max_entries (key, score) pairs, keys as
 * TF-MoDISco builds them (sum of (base + 1) * 5^offset); returns the count, -1 when out
 * of memory. */
int mf_gkmer_sparse(mf_gkmer_ws_t *w, const float *imp, const uint8_t *base, int len,
		int64_t *keys, double *scores);

#endif
