/* vec.h: the elementwise loops of the forward and DeepLIFT passes, with an AVX-512 path
 * chosen at run time beside the scalar one. Each element's result is the same in both
 * (the same IEEE operations, one element at a time), so the path never changes a bit.
 * Written by hand: the compiler's -O2 leaves these loops scalar, and a ReLU's branch per
 * element on random signs is mispredicted half the time. */
#ifndef MF_VEC_H
#define MF_VEC_H

#include <stddef.h>

/* y[i] = x[i] > 0 ? x[i] : 0 (NaN and -0 give +0). y may be x. */
void mf_vec_relu(const float *x, float *y, size_t n);
/* y[i] = a[i] * b[i]. */
void mf_vec_mul(const float *a, const float *b, float *y, size_t n);
/* a[i] += b[i]. */
void mf_vec_add_into(float *a, const float *b, size_t n);
/* y[i] = a[i] + b[i]. */
void mf_vec_add(const float *a, const float *b, float *y, size_t n);
/* DeepLIFT's Rescale multiplier of a ReLU from its input x and reference input r:
   |dx| < near ? [r > 0] : (relu(x) - relu(r)) / dx with dx = x - r. */
void mf_vec_relu_rescale(const float *x, const float *r, float *scale, size_t n, float near);

#endif
