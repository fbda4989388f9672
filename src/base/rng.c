/* rng.c: per-record seeds (see rng.h). */
#include "base/rng.h"

uint64_t mf_mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t mf_seed_for_name(uint64_t seed, const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a 64 offset basis */
	for (const unsigned char *p = (const unsigned char *)name; p && *p; ++p) {
		h ^= *p;
		h *= 0x100000001b3ULL; /* FNV-1a 64 prime */
	}
	/* mixing twice keeps (seed, name) and (seed', name') with seed^h == seed'^h' apart */
	return mf_mix64(mf_mix64(seed) ^ h);
}

void mf_rng_seed_name(gsl_rng *r, uint64_t seed, const char *name)
{
	uint64_t v = mf_seed_for_name(seed, name);
	gsl_rng_set(r, (unsigned long)((v ^ (v >> 32)) & 0xffffffffUL));
}

const gsl_rng_type *mf_rng_type(void)
{
	return gsl_rng_mt19937;
}
