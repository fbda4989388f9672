/* dsort.c: radix sort of floats (see dsort.h): three passes of 11 bits, linear in n. */
#include "discover/dsort.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t float_key(float f)
{
	uint32_t u;
	memcpy(&u, &f, sizeof u);
	return u & 0x80000000u ? ~u : u ^ 0x80000000u;
}

static float key_float(uint32_t k)
{
	uint32_t u = k & 0x80000000u ? k ^ 0x80000000u : ~k;
	float f;
	memcpy(&f, &u, sizeof f);
	return f;
}

int mf_sort_floats(float *v, size_t n)
{
	uint32_t *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
	if (!a || !b) {
		free(a), free(b);
		return -1;
	}
	for (size_t i = 0; i < n; ++i)
		a[i] = float_key(v[i]);
	for (int shift = 0; shift < 33; shift += 11) {
		size_t cnt[2048] = {0}, sum = 0;
		for (size_t i = 0; i < n; ++i)
			++cnt[a[i] >> shift & 2047];
		for (int d = 0; d < 2048; ++d) {
			size_t c = cnt[d];
			cnt[d] = sum, sum += c;
		}
		for (size_t i = 0; i < n; ++i)
			b[cnt[a[i] >> shift & 2047]++] = a[i];
		uint32_t *t = a;
		a = b, b = t;
	}
	for (size_t i = 0; i < n; ++i)
		v[i] = key_float(a[i]);
	free(a), free(b);
	return 0;
}
