/* normalize.h: the paper's appendix K weight normalization for one-hot inputs.
 *
 * The first Conv1D's weights at each filter position are mean-centred across the 4
 * one-hot channels and the means are folded into the bias, so outputs are unchanged for
 * one-hot inputs while an all-zeros input now gives the filter's mean output over all
 * one-hot patches (a better all-zeros DeepLIFT reference). */
#ifndef MF_NORMALIZE_H
#define MF_NORMALIZE_H

#include "model/model.h"

/* Normalizes m in place. Refuses (-1, logged) a model whose first layer is not a Conv1D
   over 4 channels. With 'same' padding the edge positions see zero padding rather than
   one-hot columns, so their outputs change; a warning says so. src names the model. */
int mf_normalize_onehot(mf_model_t *m, const char *src);

#endif
