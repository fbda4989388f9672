/* leiden.c: the igraph wrapper (see leiden.h). */
#include "discover/leiden.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "base/log.h"
#include "base/rng.h"

/* The graph once: each undirected edge (i < j) and each self loop, with its weight. */
static igraph_error_t make_graph(const mf_graph_t *g, igraph_t *G, igraph_vector_t *w,
		igraph_vector_t *strength, double *total)
{
	igraph_vector_int_t edges;
	igraph_integer_t m = 0;
	for (size_t i = 0; i < g->n; ++i) {
		m += g->self[i] > 0;
		for (int64_t e = g->rowp[i]; e < g->rowp[i + 1]; ++e)
			m += (size_t)g->col[e] > i;
	}
	IGRAPH_CHECK(igraph_vector_int_init(&edges, 2 * m));
	IGRAPH_FINALLY(igraph_vector_int_destroy, &edges);
	IGRAPH_CHECK(igraph_vector_init(w, m));
	IGRAPH_CHECK(igraph_vector_init(strength, (igraph_integer_t)g->n));
	igraph_integer_t k = 0;
	*total = 0;
	for (size_t i = 0; i < g->n; ++i) {
		if (g->self[i] > 0) { /* a loop adds its weight twice to the strength */
			VECTOR(edges)[2 * k] = VECTOR(edges)[2 * k + 1] = (igraph_integer_t)i;
			VECTOR(*w)[k++] = g->self[i];
			VECTOR(*strength)[i] += 2 * g->self[i];
			*total += g->self[i];
		}
		for (int64_t e = g->rowp[i]; e < g->rowp[i + 1]; ++e) {
			size_t j = (size_t)g->col[e];
			VECTOR(*strength)[i] += g->w[e];
			if (j <= i)
				continue;
			VECTOR(edges)[2 * k] = (igraph_integer_t)i, VECTOR(edges)[2 * k + 1] = (igraph_integer_t)j;
			VECTOR(*w)[k++] = g->w[e];
			*total += g->w[e];
		}
	}
	IGRAPH_CHECK(igraph_create(G, &edges, (igraph_integer_t)g->n, IGRAPH_UNDIRECTED));
	igraph_vector_int_destroy(&edges);
	IGRAPH_FINALLY_CLEAN(1);
	return IGRAPH_SUCCESS;
}

/* Leiden iterations until one no longer improves the quality (leidenalg's n_iterations < 0,
 * which TF-MoDISco uses; igraph 0.10's own loop for n_iterations < 0 stops at the first
 * iteration that changes something, or never: igraph issue 2798), at most MAX_ITER. */
#define MAX_ITER 50
static int until_stable(const igraph_t *G, const igraph_vector_t *w, const igraph_vector_t *nw,
		double res, igraph_vector_int_t *mem, igraph_real_t *q)
{
	igraph_integer_t nc = 0;
	igraph_real_t prev = -INFINITY;
	for (int it = 0; it < MAX_ITER; ++it) {
		if (igraph_community_leiden(G, w, nw, res, 0.01, it > 0, 1, mem, &nc, q) != IGRAPH_SUCCESS)
			return -1;
		if (it > 0 && !(*q > prev + 1e-5 * fabs(prev))) {
			mf_debug("Leiden: %d iterations", it + 1);
			break;
		}
		prev = *q;
	}
	return 0;
}

/* Renumbers clusters by first appearance; returns their number. */
static int renumber(const igraph_vector_int_t *mem, size_t n, int32_t *out)
{
	int32_t *map = malloc((n ? n : 1) * sizeof *map), next = 0;
	if (!map)
		return -1;
	for (size_t i = 0; i < n; ++i)
		map[i] = -1;
	for (size_t i = 0; i < n; ++i) {
		igraph_integer_t c = VECTOR(*mem)[i];
		if (map[c] < 0)
			map[c] = next++;
		out[i] = map[c];
	}
	free(map);
	return next;
}

int mf_leiden(const mf_graph_t *g, int runs, uint64_t seed, int32_t *membership)
{
	if (g->n == 0)
		return 0;
	igraph_error_handler_t *old_err = igraph_set_error_handler(igraph_error_handler_ignore);
	igraph_warning_handler_t *old_warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
	igraph_t G;
	igraph_vector_t w, strength;
	igraph_vector_int_t mem, best;
	double total = 0, best_q = 0;
	int rc = -1, have = 0, made = 0;
	memset(&w, 0, sizeof w), memset(&strength, 0, sizeof strength);
	if (igraph_vector_int_init(&mem, (igraph_integer_t)g->n) != IGRAPH_SUCCESS)
		goto done;
	if (igraph_vector_int_init(&best, (igraph_integer_t)g->n) != IGRAPH_SUCCESS) {
		igraph_vector_int_destroy(&mem);
		goto done;
	}
	if (make_graph(g, &G, &w, &strength, &total) != IGRAPH_SUCCESS)
		goto free_vectors;
	made = 1;
	for (int r = 0; r < (runs < 1 ? 1 : runs); ++r) {
		igraph_real_t q = 0;
		igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)(mf_mix64(seed + 100 * (uint64_t)(r + 1)) >> 1));
		if (until_stable(&G, &w, &strength, total > 0 ? 1.0 / (2 * total) : 1.0, &mem, &q) < 0)
			goto free_vectors;
		if (!have || q > best_q) {
			if (igraph_vector_int_update(&best, &mem) != IGRAPH_SUCCESS)
				goto free_vectors;
			best_q = q, have = 1;
		}
	}
	rc = renumber(&best, g->n, membership);
free_vectors:
	igraph_vector_int_destroy(&mem);
	igraph_vector_int_destroy(&best);
	if (made)
		igraph_destroy(&G);
	if (w.stor_begin)
		igraph_vector_destroy(&w);
	if (strength.stor_begin)
		igraph_vector_destroy(&strength);
done:
	igraph_set_error_handler(old_err);
	igraph_set_warning_handler(old_warn);
	if (rc < 0)
		mf_error("Leiden clustering of %zu seqlets failed (igraph error)", g->n);
	return rc;
}
