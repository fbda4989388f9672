/* train.h: training a sequential model: per-layer backward passes, the losses, Adam,
 * mini-batches, early stopping.
 *
 * Determinism: a mini-batch is cut into fixed chunks of MF_TRAIN_CHUNK samples whatever
 * the thread count; each chunk's parameter gradient is summed over its samples in order
 * and the chunk partials are then added in chunk order. Dropout masks come from a
 * counter-based generator keyed by (seed, epoch, step, sample position in the batch,
 * layer). So the same seed gives the same weights bit for bit for ANY thread count.
 *
 * Ownership: the caller owns the model, the data and the options; mf_train() changes the
 * model's weights in place. mf_trainer_t is owned by its creator (mf_trainer_destroy). */
#ifndef MF_TRAIN_H
#define MF_TRAIN_H

#include <stdint.h>

#include "model/model.h"

enum { MF_TRAIN_CHUNK = 16 };

typedef enum { MF_LOSS_BCE, MF_LOSS_CCE } mf_loss_t;

typedef struct {
	const float *x;   /* [n][in_len][in_ch] one-hot */
	const float *y;   /* [n][n_tasks] labels; BCE: entries other than 0..1 (NaN, -1) are ignored */
	int n, n_tasks;
	char **task_names; /* the data's names of the tasks (a simdata header), or NULL: task<index> */
} mf_dataset_t;

typedef struct {
	int batch;         /* samples per mini-batch [128] */
	int max_epochs;    /* [100] */
	int patience;      /* epochs without a lower validation loss before stopping [5] */
	double lr, beta1, beta2, eps; /* Adam, Keras defaults 0.001 0.9 0.999 1e-7 */
	uint64_t seed;     /* initialisation, shuffles, dropout */
	int threads;
	int init;          /* 1: Glorot-uniform weights and zero biases first [1]; 0: keep the model's */
} mf_train_opt_t;

typedef struct {
	int epoch;         /* 1-based */
	double loss;       /* mean training loss over the epoch's mini-batches (dropout on) */
	double val_loss;   /* validation loss (dropout off) */
	double val_auroc[16]; /* per task (first 16), NaN when a task lacks positives or negatives */
	int n_tasks;
	double seconds;    /* wall time of the epoch, validation included */
} mf_epoch_t;

typedef struct {
	mf_epoch_t *epochs; /* every epoch run; caller frees */
	int n_epochs;
	int best_epoch;     /* whose weights the model holds at the end */
} mf_train_result_t;

void mf_train_opt_init(mf_train_opt_t *o);

/* Glorot-uniform kernels (limit sqrt(6 / (fan_in + fan_out)), Keras' receptive-field fans)
   and zero biases for every Conv1D/Dense, allocating W/b when missing. 0 or -1. */
int mf_train_init_weights(mf_model_t *m, uint64_t seed);

/* The loss the model's final layer implies: sigmoid -> BCE, softmax -> CCE; -1 (logged)
   for anything else or for a layer training does not support (BatchNormalization). */
int mf_train_check_model(const mf_model_t *m, mf_loss_t *loss);

/* Trains m on train, early-stopping on valid, and leaves the best epoch's weights in m.
   on_epoch (may be NULL) sees each epoch as it ends. res may be NULL. 0 or -1 (logged). */
typedef void (*mf_epoch_cb)(void *ud, const mf_epoch_t *e);
int mf_train(mf_model_t *m, const mf_dataset_t *train, const mf_dataset_t *valid,
	const mf_train_opt_t *o, mf_epoch_cb on_epoch, void *ud, mf_train_result_t *res);

/* ---- the pieces, exposed for the tests ------------------------------------------------- */

/* One layer's backward pass on n samples. in/out are the forward input and output, aux the
   Dropout scale mask (out = in * aux; NULL elsewhere). din (may be NULL: not needed) is
   overwritten with dL/din; dW/db (may be NULL) are ADDED to, summed over samples in order.
   0, or -1 (logged) for BatchNormalization or an allocation failure. */
int mf_layer_backward(const mf_layer_t *l, const float *in, const float *out, const float *aux,
	const float *dout, float *din, float *dW, float *db, int n);

/* Loss of logits z [n][T] against y, and dL/dz (may be NULL) for the mean over the counted
   labels (BCE: every label in [0, 1]; CCE: every sample, mean over samples). Stable from
   logits. Returns the summed loss; *count receives the divisor. */
double mf_loss_from_logits(mf_loss_t loss, const float *z, const float *y, int n, int T,
	float *dz, double scale, double *count);

typedef struct mf_trainer mf_trainer_t;
mf_trainer_t *mf_trainer_create(mf_model_t *m, const mf_train_opt_t *o);
void mf_trainer_destroy(mf_trainer_t *t);
/* The mean loss over n samples and its gradient with respect to every parameter (dropout
   masks keyed by key); grads are then at mf_trainer_grad(t, layer, 0 = W / 1 = b). NaN on error. */
double mf_trainer_loss_grad(mf_trainer_t *t, const float *x, const float *y, int n, uint64_t key);
const float *mf_trainer_grad(const mf_trainer_t *t, int layer, int bias);
/* One Adam step with the gradients last computed (step counter kept inside). */
void mf_trainer_adam_step(mf_trainer_t *t);

/* ---- architecture and data (paper_arch.c, train_data.c) ------------------------------- */

/* The paper's architecture as Keras JSON (static text): Conv1D(50, 11) relu, Conv1D(50, 11)
   relu, AveragePooling1D(180), Flatten, Dense(50) relu, Dropout(0.5), Dense(3) sigmoid on
   200 x 4 one-hot input. Same text as models/paper_arch.json. */
const char *mf_train_paper_arch(void);
/* An untrained model from a Keras architecture JSON file (NULL: the paper's), with
   Glorot-uniform weights from seed. Caller owns it; NULL on error (logged). */
mf_model_t *mf_train_new_model(const char *arch_path, uint64_t seed);

struct mf_nameset;
/* Reads every record of seq_path (FASTA, simdata, ...) whose length is in_len: a record named
   in valid_names goes to valid; the others go to train (only those in train_names when it is
   given). Labels: the simdata task columns, or labels_path (TSV: name, then one column per
   task; a non-numeric first line is a header). 0 or -1 (logged). Free with mf_dataset_free. */
int mf_train_load(const char *seq_path, const char *labels_path, const struct mf_nameset *train_names,
	const struct mf_nameset *valid_names, int in_len, mf_dataset_t *train, mf_dataset_t *valid);
void mf_dataset_free(mf_dataset_t *d);

#endif
