/* metrics.h: ranking metrics for binary tasks, computed in float64.
 *
 * Only labels exactly 0 or 1 count; anything else (NaN, -1 for "ambiguous") is skipped.
 * Ties are handled exactly: auROC is the Mann-Whitney statistic with tied
 * positive/negative pairs counted one half; auPRC is the average precision with tied
 * scores forming one threshold (as sklearn.metrics.average_precision_score). */
#ifndef MF_METRICS_H
#define MF_METRICS_H

#include <stddef.h>

/* Returns the metric, or NaN when there are no positives or no negatives (or on
   allocation failure, logged). n_used (may be NULL) receives the labelled count. */
double mf_auroc(const float *score, const float *label, size_t n, size_t stride, size_t *n_used);
double mf_auprc(const float *score, const float *label, size_t n, size_t stride, size_t *n_used);

#endif
