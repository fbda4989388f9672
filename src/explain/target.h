/* target.h: the scalar an explanation starts from, and the multipliers it puts on the
 * explained layer's output (shared/docs/MODEL_FORMATS.md section 3).
 *
 * counts: each explained task is one value of the output (a logit, a log-count): its
 * multiplier is 1, the others 0; contributions sum to out_x[t] - out_r[t].
 * profile: the output holds a profile of len positions x ch tracks (the task is a track);
 * with m = logits - mean(logits) over the positions and s = softmax(m), the target is
 * f = sum_j s_j m_j with the weights held fixed (stop_gradient), and
 *   rescale (bpnet-lite / tangermeme): m_j s_j is one elementwise nonlinearity under
 *     Rescale: multiplier on m_j = (m_x s_x - m_r s_r)_j / (m_x - m_r)_j, or where
 *     |m_x - m_r|_j < 1e-6 its gradient at x, s_j (1 + m_j - sum_k s_k m_k); the
 *     contributions sum to f(x) - f(r);
 *   shap (chrombpnet's shap fork): the product rule of the two-input Shapley value with
 *     the softmax side stopped: multiplier w_j = (s_x + s_r)_j / 2; the contributions sum
 *     to sum_j w_j (m_x - m_r)_j, not to f(x) - f(r).
 * The multiplier on logit_j is then mult_j - mean_k mult_k (m subtracts the mean). */
#ifndef MF_TARGET_H
#define MF_TARGET_H

#include <stddef.h>

typedef enum { MF_TARGET_COUNTS, MF_TARGET_PROFILE } mf_target_kind_t;
typedef enum { MF_PROFILE_RESCALE, MF_PROFILE_SHAP } mf_profile_rule_t;

typedef struct {
	mf_target_kind_t kind;
	mf_profile_rule_t rule;
	int len, ch;         /* profile: positions and tracks of the output (row-major [len][ch]) */
} mf_target_t;

/* Starting multipliers for task t on one (input, reference) pair: m [n] (the output's size)
   from the outputs out_x and out_r. out_r NULL: no reference, the gradient of the target at
   x (for the profile: the fixed weights, s_j - 1/len). Returns what the contributions
   should sum to (NAN without a reference). Profile arithmetic is in float64. */
double mf_target_start(const mf_target_t *tg, int t, const float *out_x, const float *out_r,
	float *m, size_t n);

/* The target's value on one output (counts: out[t]; profile: sum_j s_j m_j). */
double mf_target_value(const mf_target_t *tg, int t, const float *out);

const char *mf_target_name(mf_target_kind_t k);
const char *mf_profile_rule_name(mf_profile_rule_t r);

#endif
