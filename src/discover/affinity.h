/* affinity.h: from seqlet similarities to the weighted graph Leiden clusters.
 *
 * TF-MoDISco's steps between the coarse neighbours and the clustering: the fine (Jaccard)
 * similarity of every seqlet with its candidates; in the first round, dropping seqlets whose
 * fine and coarse similarities to their candidates disagree (Spearman correlation at most
 * 0.15); turning similarities into distances, log(2 / s - 1), and distances into affinities
 * with a per-seqlet bandwidth that gives each row a perplexity of 10 (t-SNE's calibration),
 * applied as exp(-d / beta) (as TF-MoDISco does, see doc/discover.md), then the geometric
 * mean of the two directions. Where we differ: a seqlet keeps its
 * `k_fine` most similar candidates as graph edges (TF-MoDISco keeps all 500, most with
 * vanishing weight at perplexity 10), and each pair's similarity is computed once. */
#ifndef MF_AFFINITY_H
#define MF_AFFINITY_H

#include <stddef.h>
#include <stdint.h>

/* Tracks of n windows of one length (jaccard.h), with their masses. */
typedef struct {
	size_t n;
	int len;
	float *t;      /* n x len x MF_TCH */
	double *mass;  /* n */
} mf_tset_t;

/* A symmetric sparse graph: row i's neighbours col[rowp[i] .. rowp[i+1]) with weights w,
 * both directions stored, and a self weight per vertex (0 when none). */
typedef struct {
	size_t n;
	int64_t *rowp;
	int32_t *col;
	double *w;
	double *self;
} mf_graph_t;

void mf_graph_free(mf_graph_t *g); /* the arrays; accepts a zeroed graph */

/* fine[i * k + r]: the best similarity over offsets within min_overlap and both strands of
 * item i and its candidate nbr[i * k + r] (NAN where nbr is -1). Each unordered pair is
 * computed once. 0, or -1 (logged). */
int mf_fine_sims(const mf_tset_t *ts, const int32_t *nbr, size_t n, int k, double min_overlap,
		int threads, float *fine);

/* Spearman's rank correlation of a and b over n pairs (ties get mean ranks); NAN when either
 * is constant. */
double mf_spearman(const float *a, const float *b, int n);

/* keep[i] = 1 when the Spearman correlation of row i's fine and coarse similarities (over the
 * candidates whose fine similarity is not 0, and the item itself at 1 and 1) exceeds thr. */
void mf_filter_by_correlation(const float *fine, const float *coarse, const int32_t *nbr, size_t n,
		int k, double thr, unsigned char *keep);

/* The bandwidth beta giving exp(-d * beta) over d[0..n) a perplexity of perp (binary search,
 * 100 steps, tolerance 1e-5 on the entropy); self_term adds a neighbour at distance 0 (as
 * TF-MoDISco's density adaptation does; its subclustering does not). */
double mf_perplexity_beta(const double *d, int n, double perp, int self_term);

/* The density-adapted graph of a kNN similarity list (TF-MoDISco's _density_adaptation):
 * row i's items nbr[i * k + r] (skipping -1) with similarities sim[i * k + r]. 0 or -1. */
int mf_graph_density(const int32_t *nbr, const float *sim, size_t n, int k, double perp,
		int threads, mf_graph_t *g);

/* The t-SNE conditional probability graph of a kNN list (TF-MoDISco's subclustering):
 * P = rows calibrated to perplexity perp without the self term, P + P^T, scaled to sum 1. */
int mf_graph_tsne(const int32_t *nbr, const float *sim, size_t n, int k, double perp,
		int threads, mf_graph_t *g);

/* Similarity to distance: max(log(1 / (0.5 max(s, 1e-7)) - 1), 0). */
double mf_sim_distance(double s);

#endif
