/* Unit tests for the scan_pick room: Python's slice rules against a table made by Python
 * itself, and the DeepLIFT notebook's greedy top-k against a brute force on dense score
 * arrays (numpy's argmax + "scores[i-h:i+h-1] = -inf"), including its start-of-sequence
 * repeats, missing windows, ties and both strands. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "base/log.h"
#include "motif/scan_pick.h"
#include "testutil.h"

/* a, b, n, len(list(range(n))[a:b]), its first item (-1 when empty): printed by Python 3 */
static const int64_t slices[][5] = {
	{-3, 2, 10, 0, -1}, {-3, 2, 3, 2, 0}, {-5, 4, 10, 0, -1}, {0, -1, 5, 4, 0},
	{-1, 0, 5, 0, -1}, {2, 7, 5, 3, 2}, {-12, 3, 5, 3, 0}, {4, 2, 9, 0, -1}, {0, 0, 0, 0, -1},
	{-2, -1, 0, 0, -1}, {-1, 9, 1, 1, 0}, {3, -2, 10, 5, 3}, {-6, -4, 5, 1, 0},
	{7, 12, 9, 2, 7}, {-9, -8, 9, 1, 0}, {3, 2, 3, 0, -1}, {-4, 14, 2, 2, 0}, {0, 5, 9, 5, 0},
	{-13, 4, 9, 4, 0}, {14, 11, 0, 0, -1}, {-7, 2, 7, 2, 0}, {-9, 7, 3, 3, 0},
	{2, 11, 7, 5, 2}, {0, -3, 8, 5, 0}, {12, -11, 10, 0, -1}, {5, -11, 3, 0, -1},
	{-3, 8, 8, 3, 5}, {6, 9, 0, 0, -1}, {-10, 9, 1, 1, 0}, {-14, -6, 9, 3, 0},
	{-15, 11, 12, 11, 0}, {0, 4, 4, 4, 0}, {14, 13, 11, 0, -1}, {7, 10, 6, 0, -1},
	{-3, 8, 6, 3, 3}, {3, -1, 12, 8, 3}, {13, -4, 2, 0, -1}, {-14, -11, 1, 0, -1},
	{-9, -7, 7, 0, -1}, {-2, 9, 10, 1, 8},
};

START_TEST(py_slice_matches_python)
{
	for (size_t i = 0; i < sizeof slices / sizeof slices[0]; ++i) {
		int64_t lo, hi;
		const int64_t *c = slices[i];
		mf_py_slice(c[0], c[1], c[2], &lo, &hi);
		int64_t len = hi > lo ? hi - lo : 0;
		ck_assert_msg(len == c[3] && (len == 0 || lo == c[4]),
			"[%lld:%lld] of %lld: got [%lld, %lld), Python: %lld items from %lld",
			(long long)c[0], (long long)c[1], (long long)c[2], (long long)lo, (long long)hi,
			(long long)c[3], (long long)c[4]);
	}
}
END_TEST

#define MAXN 64

/* The notebook's loop on a dense [n][ns] array (-inf: no window): the first maximum in
 * (position, strand) order, then the slice of positions set to -inf on every strand. Stops
 * where numpy would return a -inf "hit". Picks go to pos/strand; returns their number. */
static int brute_force(double sc[][2], int ns, int64_t n, int w, int k, int64_t *pos, int *strand)
{
	int got = 0;
	while (got < k) {
		int64_t bi = -1;
		int bs = 0;
		for (int64_t i = 0; i < n; ++i)
			for (int s = 0; s < ns; ++s)
				if (sc[i][s] > -INFINITY && (bi < 0 || sc[i][s] > sc[bi][bs]))
					bi = i, bs = s;
		if (bi < 0)
			break;
		pos[got] = bi, strand[got++] = bs;
		int64_t lo, hi;
		mf_py_slice(bi - w / 2, bi + w / 2 - 1, n, &lo, &hi);
		for (int64_t i = lo; i < hi; ++i)
			sc[i][0] = sc[i][1] = -INFINITY;
	}
	return got;
}

/* Random dense scores (small integers: many ties; about 1 in 8 windows missing), both as a
 * dense array and as hits in scan order; returns the number of hits. */
static size_t random_scores(gsl_rng *r, int64_t n, int ns, double sc[][2], mf_hits_t *h)
{
	h->n = 0;
	for (int64_t i = 0; i < n; ++i)
		for (int s = 0; s < 2; ++s) {
			sc[i][s] = -INFINITY;
			if (s >= ns || gsl_rng_uniform(r) < 0.125)
				continue;
			sc[i][s] = (double)gsl_rng_uniform_int(r, 6) - 2;
			mf_hit_t x = {.pos = i, .strand = s, .score = sc[i][s], .pvalue = 1, .qvalue = NAN};
			ck_assert_int_eq(mf_hits_push(h, &x), 0);
		}
	return h->n;
}

START_TEST(greedy_equals_brute_force)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 11);
	mf_hits_t h = {0};
	static double sc[MAXN][2];
	int64_t pos[16];
	int strand[16], repeats = 0, short_rec = 0;
	for (int trial = 0; trial < 4000; ++trial) {
		int64_t n = 1 + (int64_t)gsl_rng_uniform_int(r, MAXN);
		int w = 1 + (int)gsl_rng_uniform_int(r, 16), k = 1 + (int)gsl_rng_uniform_int(r, 8);
		int ns = 1 + (int)gsl_rng_uniform_int(r, 2);
		/* a hit of another motif in front: only h[first..] is picked from */
		mf_hit_t other = {.pos = 3, .motif = 1, .score = 99};
		h.n = 0;
		ck_assert_int_eq(mf_hits_push(&h, &other), 0);
		mf_hits_t mine = {0};
		random_scores(r, n, ns, sc, &mine);
		for (size_t i = 0; i < mine.n; ++i)
			ck_assert_int_eq(mf_hits_push(&h, &mine.a[i]), 0);
		mf_hits_free(&mine);
		int want = brute_force(sc, ns, n, w, k, pos, strand);
		ck_assert_int_eq(mf_hits_pick_greedy(&h, 1, w, n, k), 0);
		ck_assert_uint_eq(h.n, 1 + (size_t)want);
		ck_assert(h.a[0].motif == 1 && h.a[0].score == 99);
		for (int i = 0; i < want; ++i) {
			ck_assert_msg(h.a[1 + i].pos == pos[i] && h.a[1 + i].strand == strand[i],
				"trial %d (n %lld, w %d, k %d): pick %d is %lld%c, brute force %lld%c", trial,
				(long long)n, w, k, i, (long long)h.a[1 + i].pos, "+-"[h.a[1 + i].strand],
				(long long)pos[i], "+-"[strand[i]]);
			repeats += i > 0 && pos[i] == pos[i - 1] && strand[i] == strand[i - 1];
		}
		short_rec += n < 2 * (w / 2) - 1;
	}
	ck_assert_int_gt(repeats, 100); /* the start-of-sequence case was exercised */
	ck_assert_int_gt(short_rec, 100);
	mf_hits_free(&h);
	gsl_rng_free(r);
}
END_TEST

/* The case of the paper's data: GATA_disc1 (w 10) over 191 window starts. */
START_TEST(start_of_sequence_repeats)
{
	mf_hits_t h = {0};
	for (int64_t best = 0; best < 8; ++best) {
		h.n = 0;
		for (int64_t i = 0; i < 191; ++i) {
			mf_hit_t x = {.pos = i, .score = i == best ? 10 : i == 100 ? 9 : i % 7 - 3};
			ck_assert_int_eq(mf_hits_push(&h, &x), 0);
		}
		ck_assert_int_eq(mf_hits_pick_greedy(&h, 0, 10, 191, 5), 0);
		ck_assert_uint_eq(h.n, 5);
		if (best < 5) { /* the slice [best-5 : best+4] starts below 0: empty */
			for (int i = 0; i < 5; ++i)
				ck_assert_int_eq(h.a[i].pos, best);
		} else { /* [best-5, best+4) excluded: then 100, then the next best elsewhere */
			ck_assert_int_eq(h.a[0].pos, best);
			ck_assert_int_eq(h.a[1].pos, 100);
			for (int i = 2; i < 5; ++i)
				ck_assert(h.a[i].pos != best && h.a[i].pos != 100);
		}
	}
	/* every window excluded: fewer picks than asked */
	h.n = 0;
	for (int64_t i = 0; i < 3; ++i) {
		mf_hit_t x = {.pos = i, .score = (double)i};
		ck_assert_int_eq(mf_hits_push(&h, &x), 0);
	}
	ck_assert_int_eq(mf_hits_pick_greedy(&h, 0, 4, 3, 5), 0);
	ck_assert_uint_eq(h.n, 1); /* start 2, w 4: the slice [0 : 3] is every window */
	ck_assert_int_eq(h.a[0].pos, 2);
	/* no hits, or k = 0: nothing changes */
	h.n = 0;
	ck_assert_int_eq(mf_hits_pick_greedy(&h, 0, 10, 191, 5), 0);
	ck_assert_uint_eq(h.n, 0);
	mf_hits_free(&h);
}
END_TEST

static Suite *pick_suite(void)
{
	Suite *s = suite_create("scan_pick");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, py_slice_matches_python);
	tcase_add_test(tc, greedy_equals_brute_force);
	tcase_add_test(tc, start_of_sequence_repeats);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	mf_verbose = MF_LOG_ERROR;
	return tu_run(pick_suite());
}
