/* scan_pick.c: the DeepLIFT notebook's greedy top-k with its slice exclusion (scan_pick.h). */
#include "motif/scan_pick.h"

#include <limits.h>
#include <stdlib.h>

#include "base/log.h"

void mf_py_slice(int64_t a, int64_t b, int64_t n, int64_t *lo, int64_t *hi)
{
	if (a < 0)
		a += n;
	if (b < 0)
		b += n;
	*lo = a < 0 ? 0 : a > n ? n : a;
	*hi = b < 0 ? 0 : b > n ? n : b;
}

int mf_hits_pick_greedy(mf_hits_t *h, size_t first, int w, int64_t n_windows, int k)
{
	if (h->n <= first || k <= 0) /* as mf_hits_top: no k, no selection */
		return 0;
	mf_hit_t *a = h->a + first;
	size_t n = h->n - first, next = 0; /* next: the first candidate not yet excluded */
	char *excluded = calloc(n, 1);
	mf_hit_t *pick = malloc((size_t)k * sizeof *pick);
	if (!excluded || !pick) {
		free(excluded), free(pick);
		mf_error("out of memory picking the top %d matches", k);
		return -1;
	}
	/* best first with scan's own ties (leftmost, then '+': numpy's argmax takes the first
	 * maximum): mf_hits_top asked for every hit only sorts */
	mf_scan_opt_t all;
	mf_scan_opt_init(&all);
	all.top = n < INT_MAX ? (int)n : INT_MAX;
	mf_hits_top(h, first, w, &all);
	int64_t half = w / 2;
	int got = 0;
	while (got < k) {
		while (next < n && excluded[next])
			++next;
		if (next == n)
			break;
		pick[got++] = a[next];
		int64_t lo, hi;
		mf_py_slice(a[next].pos - half, a[next].pos + half - 1, n_windows, &lo, &hi);
		for (size_t j = 0; lo < hi && j < n; ++j)
			if (a[j].pos >= lo && a[j].pos < hi)
				excluded[j] = 1;
	}
	free(excluded);
	h->n = first;
	int rc = 0;
	for (int i = 0; i < got && rc == 0; ++i)
		rc = mf_hits_push(h, &pick[i]);
	free(pick);
	return rc;
}
