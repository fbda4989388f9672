/* leiden.h: modularity clustering of a similarity graph with igraph's Leiden algorithm
 * (igraph_community_leiden, the igraph C library; TF-MoDISco uses leidenalg in Python).
 *
 * Modularity is Leiden's CPM objective with each vertex weighted by its strength and the
 * resolution 1 / (2m), m the total edge weight. The run is repeated with `runs` seeds and
 * the partition of highest quality kept (first seed on ties). igraph's random generator is
 * global, so the runs are serial; each is seeded from (seed, run), so the result does not
 * depend on the thread count. */
#ifndef MF_LEIDEN_H
#define MF_LEIDEN_H

#include <stdint.h>

#include "discover/affinity.h"

/* Writes each vertex's cluster to membership[g->n], clusters numbered by first appearance in
 * vertex order; returns the number of clusters, or -1 (logged) on an igraph error. */
int mf_leiden(const mf_graph_t *g, int runs, uint64_t seed, int32_t *membership);

#endif
