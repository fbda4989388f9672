#include "io/dupnames.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/khash.h>

KHASH_SET_INIT_INT64(mf_h64)

struct mf_dupnames {
	khash_t(mf_h64) *seen;
	long n_again, first_index;
	char *first;
};

static uint64_t hash64(const char *s) /* FNV-1a, then a 64-bit finaliser */
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; ++s)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	h ^= h >> 33, h *= 0xff51afd7ed558ccdULL, h ^= h >> 33;
	return h;
}

mf_dupnames_t *mf_dupnames_create(void)
{
	mf_dupnames_t *d = calloc(1, sizeof *d);
	if (d && !(d->seen = kh_init(mf_h64))) {
		free(d);
		d = NULL;
	}
	return d;
}

int mf_dupnames_add(mf_dupnames_t *d, const char *name, long index)
{
	int absent;
	kh_put(mf_h64, d->seen, (khint64_t)hash64(name), &absent);
	if (absent < 0)
		return -1;
	if (absent)
		return 0;
	if (d->n_again++ == 0) {
		d->first = strdup(name);
		d->first_index = index;
	}
	return 1;
}

long mf_dupnames_count(const mf_dupnames_t *d) { return d->n_again; }

const char *mf_dupnames_first(const mf_dupnames_t *d, long *index)
{
	*index = d->first_index;
	return d->first;
}

void mf_dupnames_destroy(mf_dupnames_t *d)
{
	if (!d)
		return;
	kh_destroy(mf_h64, d->seen);
	free(d->first);
	free(d);
}
