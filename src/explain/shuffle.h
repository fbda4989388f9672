/* shuffle.h: k-let preserving shuffles (Altschul & Erickson 1985; Kandel et al. 1996).
 *
 * A shuffle of seq keeps the exact count of every k-let (k consecutive letters). It is a
 * uniformly random Eulerian path through the graph whose vertices are the (k-1)-lets of
 * seq and whose edges are its k-lets: first a uniformly random spanning arborescence of
 * "last exit" edges towards the final (k-1)-let (Wilson's loop-erased random walk), then
 * a uniformly random order of the other out-edges of every vertex. Every distinct
 * sequence with the same k-let counts and the same first k-1 letters is equally likely
 * (deeplift's dinuc_shuffle always keeps the input's own last edges, so it is not).
 *
 * Letters: lowercase is read as uppercase and the output is uppercase. Every other byte
 * (N, IUPAC codes, '-') is a symbol of its own, so k-lets containing N keep their counts
 * too (an N run stays a run of the same total length composition). k = 1 is a uniform
 * permutation. The first and last k-1 letters never move. A sequence shorter than k, or
 * of length exactly k, has one shuffle: itself (uppercased). */
#ifndef MF_SHUFFLE_H
#define MF_SHUFFLE_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

/* Scratch for shuffling one sequence many times; reusable for the next sequence.
 * Created and destroyed by the caller; one per thread. */
typedef struct mf_kshuf mf_kshuf_t;

mf_kshuf_t *mf_kshuf_create(void);
void mf_kshuf_destroy(mf_kshuf_t *ks); /* accepts NULL */

/* Builds the k-let graph of seq[0..len) (k >= 1). 0, or -1 (logged) when out of memory. */
int mf_kshuf_build(mf_kshuf_t *ks, const char *seq, size_t len, int k);
/* Writes one shuffle of the built sequence into out[len] (no NUL added). 0 or -1. */
int mf_kshuf_draw(mf_kshuf_t *ks, gsl_rng *r, char *out);
/* The number of distinct shuffles of the built sequence (the input itself included),
 * by the BEST theorem: exact (as a double) below 2^53 when counted. When a cheap lower
 * bound already reaches at_least, that bound is returned instead; pass INFINITY to force
 * the exact count. Graphs with more than 512 vertices (long sequences with large k) are
 * not counted exactly: the lower bound is returned. Returns -1 if out of memory. */
double mf_kshuf_count(mf_kshuf_t *ks, double at_least);

/* One-shot: one k-let shuffle of seq into out[len]. 0 or -1. */
int mf_shuffle_kmer(const char *seq, size_t len, int k, gsl_rng *r, char *out);

/* The references of one named record, exactly as every motiflift command draws them:
 * r is seeded by mf_rng_seed_name(r, seed, name) and n shuffles are drawn in turn into
 * out[i*len .. (i+1)*len). When n_distinct is not NULL it receives
 * mf_kshuf_count(ks, n): below n means the n outputs must repeat. 0 or -1. */
int mf_shuffle_refs(mf_kshuf_t *ks, gsl_rng *r, uint64_t seed, const char *name,
		const char *seq, size_t len, int k, int n, char *out, double *n_distinct);

#endif

/* ---- streaming: FASTA in, shuffles out (motiflift shuffle) -------------------------- */
struct mf_seqreader;

typedef struct {
	int k;            /* k-let size [2] */
	int n;            /* shuffles per record [1] */
	uint64_t seed;    /* run seed [1] */
	int threads;      /* [1]; output is identical for any value */
	size_t line_width; /* FASTA line width, 0 = one line [0] */
} mf_shuffle_opt_t;

void mf_shuffle_opt_init(mf_shuffle_opt_t *o);

/* Reads every record of r and writes n shuffles of each to out_path as FASTA records
 * named "<name>_shuf<i>", i = 0..n-1, in input order. Warns (naming the record) when a
 * record has fewer distinct shuffles than n; *n_warned (optional) gets how many did.
 * 0 or -1 (logged; no output file is left behind). */
int mf_shuffle_fasta(struct mf_seqreader *r, const char *out_path, const mf_shuffle_opt_t *o,
		long *n_warned);
