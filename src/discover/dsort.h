/* dsort.h: sorting the many floats discover ranks (window sums, similarities). */
#ifndef MF_DSORT_H
#define MF_DSORT_H

#include <stddef.h>

/* Sorts v[0..n) ascending (LSD radix on order-preserving bit patterns; -0.0 before 0.0, no
 * NaNs expected). 0, or -1 when out of memory (v unchanged). */
int mf_sort_floats(float *v, size_t n);

#endif
