/* dlref.h: an independent float64 DeepLIFT for the tests: one (input, reference) pair
 * at a time, explicit loops, no masked weight copies, straight from DEEPLIFT.md. */
#ifndef MF_DLREF_H
#define MF_DLREF_H

#include "explain/deeplift.h"
#include "model/model.h"

/* Forward of layer l on one sample (float64). */
void ref_layer_forward(const mf_layer_t *l, const double *in, double *out);
/* Input multipliers of task `task` at the target layer `target` for one pair; rule as in
 * deeplift.h (GRADIENT / GUIDED ignore r). mult has in_len*in_ch entries. rule_of[i]
 * gives the rule of each activation layer (NULL: `rule` everywhere). */
void ref_deeplift(const mf_model_t *m, int target, const mf_rule_t *rule_of, mf_rule_t rule,
		const float *x, const float *r, int task, double *mult);
/* Target-layer output for one input (float64). */
double ref_logit(const mf_model_t *m, int target, const float *x, int task);

#endif
