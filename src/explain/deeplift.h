/* deeplift.h: DeepLIFT multipliers (Rescale, RevealCancel, genomics default) and the
 * gradient baselines, exactly as the authors' reference implementation computes them
 * (shared/docs/DEEPLIFT.md). Everything explains the target layer: the pre-activation
 * of the output nonlinearity (mf_model_logit_layer).
 *
 * The unit of work is a block of sequences with R references each: the forward pass of
 * each sequence is shared by its R references, and all requested tasks go backward
 * together, so the hot loops see large matrix products. */
#ifndef MF_DEEPLIFT_H
#define MF_DEEPLIFT_H

#include "explain/target.h"
#include "model/model.h"

typedef enum {
	MF_RULE_RESCALE,      /* Rescale at every nonlinearity */
	MF_RULE_REVEALCANCEL, /* RevealCancel at every nonlinearity */
	MF_RULE_GENOMICS,     /* Rescale after convolutions, RevealCancel after dense layers */
	MF_RULE_GRADIENT,     /* the derivative at the actual input (gradients, IG steps) */
	MF_RULE_GUIDED        /* guided backprop: the derivative, and only positive multipliers pass */
} mf_rule_t;

typedef struct mf_deeplift mf_deeplift_t;
typedef struct mf_dl_work mf_dl_work_t;

/* Prepares a model for explaining: per-nonlinearity rules and masked weight copies.
 * The model must outlive the result. NULL (logged) for a layer the rules cannot cross
 * (a hidden softmax) or a model without a target layer. The target is the selected
 * output's logit layer (mf_model_logit_layer), each task one of its values (counts). */
mf_deeplift_t *mf_deeplift_create(const mf_model_t *m, mf_rule_t rule);
/* The same with the target's kind: counts as above, or a profile (target.h; tg->len x
 * tg->ch must be the layer's size, each task a track). */
mf_deeplift_t *mf_deeplift_create_target(const mf_model_t *m, mf_rule_t rule, const mf_target_t *tg);
/* The layer whose output the target reads. */
int mf_deeplift_target_layer(const mf_deeplift_t *d);
void mf_deeplift_destroy(mf_deeplift_t *d);
/* The rule chosen for layer i (an activation layer), for messages and tests. */
mf_rule_t mf_deeplift_layer_rule(const mf_deeplift_t *d, int i);
/* The tasks that can be explained: the target layer's outputs (counts) or tracks (profile). */
int mf_deeplift_n_tasks(const mf_deeplift_t *d);

/* Scratch for blocks of up to max_seqs sequences x max_refs references x max_tasks tasks;
 * one per thread. */
mf_dl_work_t *mf_dl_work_create(const mf_deeplift_t *d, int max_seqs, int max_refs, int max_tasks);
void mf_dl_work_destroy(mf_dl_work_t *w);

/* Input multipliers for ns sequences x [ns][L][C] with nr references each,
 * ref [ns][nr][L][C] (for MF_RULE_GRADIENT/GUIDED ref may be NULL: the derivative at x
 * needs no reference). For each of the nt tasks, mult receives
 * [nt][ns][nr][L][C]; logit_x [ns][n_tasks] and logit_r [ns][nr][n_tasks] (either may be
 * NULL) receive the target layer's outputs. Returns 0, or -1 on a kernel failure.
 * Work that would not fit the scratch budget (ChromBPNet-sized models) goes in smaller
 * groups inside: the results are the same bytes. */
int mf_deeplift_run(const mf_deeplift_t *d, mf_dl_work_t *w, const float *x, const float *ref,
		int ns, int nr, const int *tasks, int nt, float *mult, float *logit_x, float *logit_r);
/* After a run with references: [nt][ns*nr] what each pair's contributions should sum to
 * (the target's difference; for the profile's shap rule its own identity, target.h). */
const double *mf_dl_work_expected(const mf_dl_work_t *w);

#endif
