/* knn.h: candidate neighbours of every seqlet by coarse similarity, in n log n.
 *
 * TF-MoDISco compares every seqlet's gapped k-mer vector with every other (n^2 dot
 * products) and keeps the 500 best. We search instead: a forest of random-projection trees
 * (each node splits its vectors by the hyperplane between two of them, down to leaves of at
 * most `leaf`) over the forward and reverse-complement vectors of all seqlets; a seqlet's
 * candidates are its leaf mates and those of its reverse complement, in every tree, then
 * the neighbours of its best neighbours (one round of neighbour descent). Each candidate's
 * similarity is computed exactly; the k best are kept. Building costs n log n dot products
 * per tree, the search a constant number per seqlet. The trees are seeded from (seed, tree),
 * so the result is the same for any thread count. */
#ifndef MF_KNN_H
#define MF_KNN_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	int k;          /* neighbours kept per item [64] */
	int trees;      /* random-projection trees [8] */
	int leaf;       /* largest leaf [32] */
	int refine;     /* neighbours whose neighbours are also tried [8]; 0: none */
	uint64_t seed;
} mf_knn_opt_t;

void mf_knn_opt_init(mf_knn_opt_t *o);

/* Dot product of dim floats (dim a multiple of 8), summed in 8 lanes in a fixed order. */
float mf_dot8(const float *a, const float *b, int dim);

/* The coarse similarity of items i and j: max(x_i . x_j, x_i . y_j). */
float mf_knn_sim(const float *x, const float *y, int dim, size_t i, size_t j);

/* For each of n items with unit forward vectors x[i * dim] and reverse-complement vectors
 * y[i * dim] (dim a multiple of 8): up to k other items j of largest coarse similarity, in
 * nbr[i * k + r] and sim[i * k + r] by similarity descending (ties: smaller j first); rows
 * with fewer candidates end in -1. 0, or -1 (logged) when out of memory. */
int mf_knn_coarse(const float *x, const float *y, size_t n, int dim, const mf_knn_opt_t *o,
		int threads, int32_t *nbr, float *sim);

/* The same by comparing every pair: the reference the tests check the search against. */
int mf_knn_brute(const float *x, const float *y, size_t n, int dim, int k, int32_t *nbr,
		float *sim);

#endif
