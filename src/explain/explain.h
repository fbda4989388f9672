/* explain.h: attribution of a model's logits to input bases, over a stream of sequences.
 * Methods, references and outputs follow shared/docs/DEEPLIFT.md; the numerics live in
 * deeplift.c. Results per sequence depend only on that sequence (and its name, which
 * seeds its shuffled references), never on batch size, thread count or input order. */
#ifndef MF_EXPLAIN_H
#define MF_EXPLAIN_H

#include <stdint.h>

#include "explain/deeplift.h"
#include "explain/target.h"
#include "model/model.h"
#include "io/seqio.h"

typedef enum {
	MF_METHOD_DEEPLIFT,
	MF_METHOD_GRADIENT,      /* the gradient itself (no reference) */
	MF_METHOD_GRAD_X_INPUT,  /* gradient x (input - reference) */
	MF_METHOD_GUIDED,        /* guided backprop x (input - reference) */
	MF_METHOD_IG             /* integrated gradients, midpoint rule */
} mf_method_t;

typedef enum { MF_REF_ZEROS, MF_REF_FREQ, MF_REF_SHUFFLE, MF_REF_FASTA } mf_ref_kind_t;

typedef struct {
	mf_method_t method;
	mf_rule_t rule;          /* DeepLIFT rule [genomics default] */
	int steps;               /* integrated gradients steps [10] */
	mf_ref_kind_t ref;       /* [dinucleotide shuffles] */
	double freq[4];          /* MF_REF_FREQ: the A,C,G,T reference at every position */
	int n_refs;              /* references per sequence for shuffles and FASTA refs [20] */
	int k;                   /* shuffle k-let size [2] */
	const char *ref_fasta;   /* MF_REF_FASTA: n_refs records per input, in input order */
	uint64_t seed;           /* shuffles are seeded from (seed, sequence name) */
	int threads;
	int batch;               /* sequences read and written per batch [64] */
	int resize;              /* centre-resize sequences of another length */
	const int *tasks;        /* tasks to explain; NULL = all */
	int n_tasks;
	double delta_warn;       /* warn when |residual| / max(1, |logit delta|) exceeds it [1e-3] */
	mf_target_kind_t target; /* what is explained of the selected output [counts] */
	mf_profile_rule_t profile_rule; /* the profile target's convention [rescale] */
} mf_explain_opt_t;

void mf_explain_opt_init(mf_explain_opt_t *o);
/* References per sequence the method works with (the R of the outputs' delta array). */
int mf_explain_refs_per_seq(const mf_explain_opt_t *o);
/* Name of a method/rule/reference kind for headers and messages. */
const char *mf_method_name(mf_method_t m);
const char *mf_rule_name(mf_rule_t r);

/* The tasks the target of model m offers: the selected output's values (counts) or its
 * tracks (profile); -1 (logged) when the output is no profile. */
int mf_explain_n_tasks(const mf_model_t *m, const mf_explain_opt_t *o);

/* One batch of results, handed to the sink in input order. Arrays are row-major:
 * onehot [n][L][4]; contrib and hyp [n][L][4][T] (T = tasks explained), averaged over
 * references; delta [n][R][T] the summation-to-delta residual per reference (NAN where
 * the method makes no such promise; for the profile's shap rule, against its own identity
 * sum_j w_j (m_x - m_r)_j, target.h). */
typedef struct {
	int n, T, R;
	size_t L;
	const mf_seq_t *seq;
	const float *onehot, *contrib, *hyp, *delta;
} mf_explain_batch_t;

typedef int (*mf_explain_sink_t)(void *ctx, const mf_explain_batch_t *b);

typedef struct {
	long n_seqs, n_pairs;      /* sequences, sequence x reference pairs */
	double max_abs_delta;      /* largest |residual| */
	double max_rel_delta;      /* largest |residual| / max(1, |logit delta|) */
	long n_delta_warned;       /* (sequence, reference, task) triples above delta_warn */
	long n_few_shuffles;       /* sequences with fewer distinct shuffles than asked */
	int n_refs;                /* references per sequence actually used */
} mf_explain_stats_t;

/* Explains every record of r; 0, or -1 (logged; the sink's error stops the run too). */
int mf_explain_run(const mf_model_t *m, mf_seqreader_t *r, const mf_explain_opt_t *o,
		mf_explain_sink_t sink, void *ctx, mf_explain_stats_t *stats);

/* The A,C,G,T frequencies over all records of a sequence file (for freq:data). */
int mf_base_freqs(const char *path, const mf_seqopt_t *so, double freq[4]);

#endif
