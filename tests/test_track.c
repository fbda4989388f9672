/* Unit tests for track: overlaps averaged, regions in any order, clipping at chromosome
 * ends, equal runs merged, unknown chromosomes refused, nothing left behind on abort. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "testutil.h"
#include "io/track.h"

static char *dir, *genome;

static void setup(void)
{
	mf_verbose = MF_LOG_ERROR;
	dir = tu_tmpdir("track");
	ck_assert_ptr_nonnull(dir);
	genome = tu_path(dir, "g.fa");
	/* chrA 20 bases, chrB 10: only the sizes matter */
	const char *fa = ">chrA\nACGTACGTACGTACGTACGT\n>chrB\nACGTACGTAC\n";
	ck_assert_int_eq(tu_write(genome, fa, strlen(fa)), 0);
}

static void teardown(void)
{
	free(genome);
	free(dir);
}

START_TEST(bedgraph_mean_sorted_clipped)
{
	char *bg = tu_path(dir, "t.bedgraph"), *bw = tu_path(dir, "t.bw");
	mf_track_t *t = mf_track_open(genome, bw, bg);
	ck_assert_ptr_nonnull(t);
	const float b[5] = {1, 2, 3, 4, 5}, one[3] = {1, 1, 1}, two[4] = {2, 2, 2, 2};
	const float three[7] = {3, 3, 3, 3, 3, 3, 3};
	ck_assert_int_eq(mf_track_add(t, "chrB", -2, b, 5), 0);     /* starts before 0 */
	ck_assert_int_eq(mf_track_add(t, "chrA", 5, one, 3), 0);
	ck_assert_int_eq(mf_track_add(t, "chrA", 15, three, 7), 0); /* runs past 20 */
	ck_assert_int_eq(mf_track_add(t, "chrA", 3, two, 4), 0);    /* overlaps, arrives late */
	ck_assert_int_eq(mf_track_add(t, "chrZ", 0, two, 4), -1);
	ck_assert_int_eq(mf_track_close(t), 0);
	char *got = tu_read(bg, NULL);
	ck_assert_str_eq(got, "chrA\t3\t5\t2\nchrA\t5\t7\t1.5\nchrA\t7\t8\t1\nchrA\t15\t20\t3\n"
		"chrB\t0\t1\t3\nchrB\t1\t2\t4\nchrB\t2\t3\t5\n");
	ck_assert_int_eq(access(bw, R_OK), 0);
	free(got), free(bg), free(bw);
}
END_TEST

START_TEST(abort_leaves_nothing)
{
	char *bg = tu_path(dir, "a.bedgraph");
	mf_track_t *t = mf_track_open(genome, NULL, bg);
	const float v[2] = {1, 2};
	ck_assert_int_eq(mf_track_add(t, "chrA", 0, v, 2), 0);
	mf_track_abort(t);
	ck_assert_int_ne(access(bg, F_OK), 0);
	ck_assert_ptr_null(mf_track_open(genome, NULL, NULL));
	free(bg);
}
END_TEST

static Suite *track_suite(void)
{
	Suite *s = suite_create("track");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, bedgraph_mean_sorted_clipped);
	tcase_add_test(tc, abort_leaves_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(track_suite());
}
