/* The simulator against the DeepLIFT authors' published file (tests/data/paper/
 * sequences.simdata.gz): two-sample tests on class counts, motif-count distributions,
 * start positions, background composition and motif log-odds. The faithful settings
 * must pass; deliberately wrong ones (clipped instead of redrawn Poisson counts, the
 * paper text's background instead of the published file's) must fail. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "motif/motif.h"
#include "sim/sim.h"
#include "simstats.h"
#include "testutil.h"

#define P_PASS 1e-3  /* a faithful simulation fails a test with probability ~1e-3 */
#define P_FAIL 1e-8  /* what a wrong setting must reach */

static char *dir, *motif_path;
static mf_motifset_t *set;
static simstats_t pub;

static const char *srcdir(void)
{
	return getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : "tests";
}

static void setup(void)
{
	mf_verbose = MF_LOG_ERROR;
	dir = tu_tmpdir("simpaper");
	motif_path = tu_path(srcdir(), "../motifs/tal_gata.meme");
	set = mf_motifset_load(motif_path, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(set);
	char *p = tu_path(srcdir(), "data/paper/sequences.simdata.gz");
	ck_assert_int_eq(simstats_load(p, set, &pub), 0);
	free(p);
}

static void teardown(void)
{
	simstats_free(&pub);
	mf_motifset_destroy(set);
	free(motif_path);
	free(dir);
}

/* Simulates the published set's recipe (bg .27/.23/.23/.27, pc 1e-4) with one change. */
static void simulate(simstats_t *st, int clip, const double *bg, uint64_t seed)
{
	mf_sim_spec_t *sp = mf_sim_spec_create();
	ck_assert_ptr_nonnull(sp);
	const double published[4] = {0.27, 0.23, 0.23, 0.27};
	memcpy(sp->bg, bg ? bg : published, sizeof sp->bg);
	sp->pc = 1e-4;
	sp->seed = seed;
	sp->clip_counts = clip;
	ck_assert_int_eq(mf_sim_add_paper_classes(sp, set, motif_path), 0);
	ck_assert_int_eq(mf_sim_check(sp), 0);
	char *prefix = tu_path(dir, "sim");
	ck_assert_int_eq(mf_sim_run(sp, prefix), 0);
	char *p = tu_path(dir, "sim.simdata.gz");
	ck_assert_int_eq(simstats_load(p, set, st), 0);
	free(p);
	free(prefix);
	mf_sim_spec_destroy(sp);
}

/* The smallest p-value of the count-distribution tests (2 motifs x single/both). */
static double counts_min_p(const simstats_t *a, int verbose)
{
	double pmin = 1;
	for (int m = 0; m < 2; ++m)
		for (int both = 0; both < 2; ++both) {
			double p = ss_chisq2_p(a->k[m][both] + 1, pub.k[m][both] + 1, 3);
			if (verbose)
				printf("  k=1/2/3 %s %-6s sim %ld/%ld/%ld published %ld/%ld/%ld  p=%.3g\n",
					m ? "TAL1" : "GATA", both ? "both" : "single", a->k[m][both][1],
					a->k[m][both][2], a->k[m][both][3], pub.k[m][both][1], pub.k[m][both][2],
					pub.k[m][both][3], p);
			if (p < pmin)
				pmin = p;
		}
	return pmin;
}

static double background_p(const simstats_t *a, int verbose)
{
	double p = ss_chisq2_p(a->bg, pub.bg, 4);
	if (verbose) {
		double na = 0, nb = 0;
		for (int j = 0; j < 4; ++j) {
			na += (double)a->bg[j];
			nb += (double)pub.bg[j];
		}
		printf("  background ACGT sim %.4f %.4f %.4f %.4f published %.4f %.4f %.4f %.4f p=%.3g\n",
			a->bg[0] / na, a->bg[1] / na, a->bg[2] / na, a->bg[3] / na, pub.bg[0] / nb,
			pub.bg[1] / nb, pub.bg[2] / nb, pub.bg[3] / nb, p);
	}
	return p;
}

START_TEST(published_file_reads)
{
	ck_assert_int_eq(pub.n, 8000);
	for (int c = 0; c < 4; ++c)
		ck_assert_int_eq(pub.n_class[c], 2000);
	ck_assert_int_eq(pub.n_inst[SS_GATA], 6747);
	ck_assert_int_eq(pub.n_inst[SS_TAL1], 6797);
	ck_assert_int_eq(pub.k[SS_GATA][0][1], 742); /* SIMULATION.md's table */
	ck_assert_int_eq(pub.k[SS_TAL1][1][3], 194);
	ck_assert_int_eq(pub.bad_rows, 0);
}
END_TEST

START_TEST(faithful_simulation_matches)
{
	simstats_t a;
	simulate(&a, 0, NULL, 20170101);
	printf("faithful simulation vs published file:\n");
	ck_assert_int_eq(a.n, 8000);
	for (int c = 0; c < 4; ++c)
		ck_assert_int_eq(a.n_class[c], pub.n_class[c]);
	ck_assert_int_eq(a.bad_rows, 0);
	double pc = counts_min_p(&a, 1);
	ck_assert_msg(pc > P_PASS, "motif-count distributions differ: p = %g", pc);
	for (int m = 0; m < 2; ++m) {
		double ps = ss_ks2_p(a.start[m], a.n_inst[m], pub.start[m], pub.n_inst[m]);
		double ma = ss_mean(a.logodds[m], a.n_inst[m]), mp = ss_mean(pub.logodds[m], pub.n_inst[m]);
		double pl = ss_ks2_p(a.logodds[m], a.n_inst[m], pub.logodds[m], pub.n_inst[m]);
		printf("  %s instances %ld/%ld, starts max %g/%g KS p=%.3g; log-odds mean %.3f/%.3f KS p=%.3g\n",
			m ? "TAL1" : "GATA", a.n_inst[m], pub.n_inst[m], a.start[m][a.n_inst[m] - 1],
			pub.start[m][pub.n_inst[m] - 1], ps, ma, mp, pl);
		ck_assert_msg(ps > P_PASS, "start positions differ: p = %g", ps);
		ck_assert_msg(pl > P_PASS, "log-odds differ: p = %g", pl);
		ck_assert(fabs(ma - mp) < 0.15);
		ck_assert(a.start[m][a.n_inst[m] - 1] == pub.start[m][pub.n_inst[m] - 1]);
		ck_assert(a.start[m][0] == 0);
	}
	double pb = background_p(&a, 1);
	ck_assert_msg(pb > P_PASS, "background composition differs: p = %g", pb);
	simstats_free(&a);
}
END_TEST

START_TEST(clipped_poisson_is_rejected)
{
	simstats_t a;
	simulate(&a, 1, NULL, 20170101);
	printf("clipped Poisson counts (wrong on purpose):\n");
	double p = counts_min_p(&a, 1);
	ck_assert_msg(p < P_FAIL, "clipped counts were not detected: p = %g", p);
	simstats_free(&a);
}
END_TEST

START_TEST(paper_text_background_is_rejected)
{
	simstats_t a;
	const double text_bg[4] = {0.3, 0.2, 0.2, 0.3};
	simulate(&a, 0, text_bg, 20170101);
	printf("background .3/.2/.2/.3 (the paper's text, not the published file):\n");
	double p = background_p(&a, 1);
	ck_assert_msg(p < P_FAIL, "the wrong background was not detected: p = %g", p);
	simstats_free(&a);
}
END_TEST

static Suite *paper_suite(void)
{
	Suite *s = suite_create("sim_paper");
	TCase *tc = tcase_create("published");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, published_file_reads);
	tcase_add_test(tc, faithful_simulation_matches);
	tcase_add_test(tc, clipped_poisson_is_rejected);
	tcase_add_test(tc, paper_text_background_is_rejected);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(paper_suite());
}
