/* rng.h: seeded randomness that does not depend on batch, thread or input order.
 *
 * Every per-sequence random draw in motiflift (shuffled references, sampling) uses a GSL
 * generator seeded from (run seed, sequence name), so the same record gets the same
 * draws whatever else is in the input, however the input is batched, and on any number
 * of threads. Records with identical names get identical draws. */
#ifndef MF_RNG_H
#define MF_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* SplitMix64 finaliser: a bijective 64-bit mixer. */
uint64_t mf_mix64(uint64_t x);

/* A stable 64-bit seed for one named record: FNV-1a 64 over the name's bytes, mixed
 * with the run seed by SplitMix64. Same (seed, name) -> same value on every platform. */
uint64_t mf_seed_for_name(uint64_t seed, const char *name);

/* Seeds r (any GSL type) for the record: gsl_rng_set(r, v) with v the 64-bit seed
 * folded to 32 bits (v ^ v >> 32), since most GSL generators (mt19937, taus2) use
 * only the low 32 bits of their seed. */
void mf_rng_seed_name(gsl_rng *r, uint64_t seed, const char *name);

/* The generator type motiflift uses for per-record draws (gsl_rng_mt19937). */
const gsl_rng_type *mf_rng_type(void);

#endif
