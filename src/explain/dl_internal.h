/* dl_internal.h: what deeplift_prep.c (preparing a model), deeplift_fwd.c (the forward
 * passes) and deeplift.c (the backward pass) share. Not a public header.
 *
 * A block of ns sequences with nr references each has P = ns*nr pairs; pair p belongs to
 * sequence p / nr. Work goes in groups: a forward pass over up to gx sequences keeps what
 * the backward pass will read of them (keep_x); then their pairs go through in sub-blocks
 * of up to pb: a forward pass over the references computes, layer by layer, what each
 * backward step needs (the aids: Rescale scales, RevealCancel slopes, input differences),
 * and the backward pass runs on Q = nt*pb rows, row q = t*pb + pp. Activations live in
 * buffers reused once their last reader has run (graph.h), so memory follows the graph's
 * width and the sub-block, not its depth or the number of sequences. */
#ifndef MF_DL_INTERNAL_H
#define MF_DL_INTERNAL_H

#include "explain/deeplift.h"
#include "explain/target.h"
#include "model/graph.h"

typedef struct {
	mf_rule_t rule;      /* activation layers */
	int need_posneg;     /* the output's positive/negative parts feed a RevealCancel */
	int keep_x;          /* the sequences' output of this layer is read after it is computed */
	int uneq;            /* the multipliers reaching this output may have m+ != m- */
	int delta_aid;       /* a linear/BatchNorm layer that picks by the sign of its input's difference */
	mf_layer_t plus, minus; /* linear layers: copies with W+ / W- and zero bias */
	float *wplus, *wminus;
	/* Conv1D with stride 1: the input gradient is itself a convolution (of the zero-padded
	 * output multipliers with the flipped, transposed kernel), so it runs on the forward
	 * kernel's matrix product. wt[0..2]: flipped W, W+, W-. tconv_view: the padding is read
	 * through the product's view (large layers) instead of a padded copy. */
	mf_layer_t tconv;
	float *wt[3];
	int pad_off, tconv_view;
	/* Conv1D over few channels (the one-hot input): cols = dOut Wc^T (k*in_ch wide) is
	 * scattered back onto the input positions. wc[0..2]: W, W+, W- as [out][k][in]. */
	float *wc[3];
} dl_layer_t;

struct mf_deeplift {
	const mf_model_t *m;
	mf_rule_t rule;
	mf_target_t tg;
	int target, n_out;
	char *needed;        /* the layers the target reads, directly or not */
	mf_plan_t plan;      /* buffers of one forward pass to the target */
	size_t max_size;     /* the largest activation (or input) of any needed layer */
	size_t max_padded;   /* the largest padded multiplier row of a transposed convolution */
	size_t max_cols;     /* the largest cols row block of a scattered input gradient */
	size_t seq_floats;   /* scratch a sequence needs in a forward pass */
	size_t pair_floats;  /* scratch a pair needs (reference pass, aids, one task's multipliers) */
	int any_rc, uneq_input;
	dl_layer_t *dl;
	float *zeros;        /* a zero bias long enough for any layer */
};

/* Multipliers of one layer output: m+ and m- ([Q][size]); mn NULL while they are equal. */
typedef struct {
	float *mp, *mn;
	int set;
} dl_mult_t;

struct mf_dl_work {
	int max_seqs, max_refs, max_tasks;
	int gx, pb;          /* sequences per forward pass, pairs per backward pass */
	float *xslots, *rslots;
	const float **xptr, **rptr; /* per layer: its output in the current pass */
	float **xkeep;       /* keep_x layers: [gx][size] */
	float **grad;        /* gradient/guided activations: the derivative at x [gx][size] */
	float **scale;       /* Rescale activations [pb][size] */
	double **sp, **sn;   /* RevealCancel activations: dy+/P and dy-/N [pb][size] */
	float **delta;       /* delta_aid layers: input difference [pb][input size] */
	float **pos, **neg;  /* need_posneg layers: [pb][size] */
	float *tx, *tr;      /* the target's outputs [gx][n_out], [pb][n_out] */
	float *t[4];         /* temporaries [Q][max_size] (RevealCancel only) */
	float *pad, *cols;
	float **made;        /* every multiplier buffer ([Q][max_size] each) made so far */
	float **pool;        /* those free now */
	int n_made, n_pool, cap;
	int n_layers;        /* length - 1 of the per-layer tables */
	dl_mult_t *M;        /* per layer, and M[n_layers] for the model input */
	double *expected;    /* [max_tasks][P]: what each pair's contributions should sum to */
	int P;               /* pairs of the last run */
};

/* One group's pass over its sequences (x), then one sub-block's over references. */
typedef struct {
	const mf_deeplift_t *d;
	mf_dl_work_t *w;
	const float *x0, *r0; /* the group's sequences, the sub-block's references (NULL: none) */
	int gs, nr;           /* sequences in the group, references per sequence */
	int s0;               /* the group's first sequence */
	int p0, pb;           /* the sub-block: pairs p0..p0+pb-1 of the group */
	int nt, Q;            /* tasks, backward rows nt*pb */
	const int *tasks;
} dl_block_t;

/* deeplift_fwd.c */
int mf_dl_forward_x(const dl_block_t *b);
int mf_dl_forward_r(const dl_block_t *b);
/* Sizes per layer output (slot -1..n-1: the model input, then the layers). */
size_t mf_dl_size(const mf_deeplift_t *d, int layer);
/* The sequences' values of layer q's output (q = MF_MODEL_INPUT: x0) for group sequence s. */
const float *mf_dl_x(const dl_block_t *b, int q, int s);
/* The sub-block's values of layer q's output (q = MF_MODEL_INPUT: r0) for pair pp. */
const float *mf_dl_r(const dl_block_t *b, int q, int pp);
/* The group sequence of sub-block pair pp. */
int mf_dl_seq_of(const dl_block_t *b, int pp);

#endif
