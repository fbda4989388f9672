/* Unit tests for the motif room: the four formats, bad inputs, lookup, log-odds. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "motif/motif.h"
#include "testutil.h"

static char *dir;

static void setup(void)
{
	mf_verbose = MF_LOG_QUIET;
	dir = tu_tmpdir("motif");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	free(dir);
}

static mf_motifset_t *load_text(const char *name, const char *text, mf_motif_fmt_t fmt)
{
	char *p = tu_path(dir, name);
	ck_assert_int_eq(tu_write(p, text, strlen(text)), 0);
	mf_motifset_t *s = mf_motifset_load(p, fmt);
	free(p);
	return s;
}

static void assert_row(const mf_motif_t *m, int i, double a, double c, double g, double t)
{
	const double want[4] = {a, c, g, t};
	for (int j = 0; j < 4; ++j)
		ck_assert_msg(tu_close(m->p[i * 4 + j], want[j], 1e-9, 1e-12),
			"%s row %d col %d: %g != %g", m->name, i, j, m->p[i * 4 + j], want[j]);
}

static const char meme_full[] =
	"MEME version 4\n\nALPHABET= ACGT\n\nstrands: + -\n\n"
	"Background letter frequencies\nA 0.3 C 0.2 G 0.2 T 0.3\n\n"
	"MOTIF m1 first motif\nletter-probability matrix: alength= 4 w= 2 nsites= 20 E= 0\n"
	"0.1 0.2 0.3 0.4\n 1 0 0 0\n\n"
	"URL http://example.org\n"
	"MOTIF m2\n\nletter-probability matrix: alength= 4 w= 1\n\n0.25 0.25 0.25 0.25\n";

START_TEST(meme_with_background_and_strands)
{
	mf_motifset_t *s = load_text("a.meme", meme_full, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->n, 2);
	ck_assert_int_eq(s->has_bg, 1);
	ck_assert_int_eq(s->strands, 2);
	ck_assert(tu_close(s->bg[0], 0.3, 1e-12, 0) && tu_close(s->bg[1], 0.2, 1e-12, 0));
	ck_assert_str_eq(s->m[0].name, "m1");
	ck_assert_str_eq(s->m[0].desc, "first motif");
	ck_assert_int_eq(s->m[0].w, 2);
	ck_assert(tu_close(s->m[0].nsites, 20, 0, 0));
	ck_assert(isnan(s->m[0].threshold));
	assert_row(&s->m[0], 0, 0.1, 0.2, 0.3, 0.4);
	assert_row(&s->m[0], 1, 1, 0, 0, 0);
	ck_assert_str_eq(s->m[1].desc, "");
	ck_assert_int_eq(s->m[1].w, 1);
	ck_assert(s->m[1].nsites == 0);
	mf_motifset_destroy(s);
}
END_TEST

START_TEST(meme_minimal_without_background)
{
	const char t[] = "MEME version 4\n\nMOTIF x\nletter-probability matrix:\n0.5 0 0 0.5\n0 0 1 0\n";
	mf_motifset_t *s = load_text("b.meme", t, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->has_bg, 0);
	ck_assert_int_eq(s->strands, 0);
	ck_assert(s->bg[2] == 0.25);
	ck_assert_int_eq(s->m[0].w, 2);
	assert_row(&s->m[0], 0, 0.5, 0, 0, 0.5);
	mf_motifset_destroy(s);
}
END_TEST

START_TEST(meme_shipped_file_and_gzip)
{
	char *src = tu_path(getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : "tests", "../motifs/tal_gata.meme");
	mf_motifset_t *s = mf_motifset_load(src, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->n, 2);
	ck_assert_int_eq(s->strands, 1);
	const mf_motif_t *g = mf_motifset_find(s, "GATA_disc1"), *t = mf_motifset_find(s, "TAL1_known1");
	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(g->w, 10);
	ck_assert_int_eq(t->w, 16);
	/* gzip of the same text parses the same */
	char *text = tu_read(src, NULL);
	char *gz = tu_path(dir, "t.meme.gz");
	ck_assert_int_eq(tu_write_gz(gz, text, 0), 0);
	mf_motifset_t *s2 = mf_motifset_load(gz, MF_MOTIF_MEME);
	ck_assert_ptr_nonnull(s2);
	ck_assert_int_eq(memcmp(s2->m[1].p, t->p, 16 * 4 * sizeof(double)), 0);
	mf_motifset_destroy(s2);
	mf_motifset_destroy(s);
	free(text);
	free(gz);
	free(src);
}
END_TEST

static const char *bad_meme[][2] = {
	{"MEME version 4\nMOTIF a\nletter-probability matrix: alength= 4 w= 2\n0.1 0.2 0.3 0.4\n", "w= 2 but 1 rows"},
	{"MEME version 4\nMOTIF a\nletter-probability matrix: alength= 4 w= 1\n0.1 0.2 0.3 0.4\n0.1 0.2 0.3 0.4\n", "more rows than w="},
	{"MEME version 4\nMOTIF a\nletter-probability matrix: alength= 4 w= 1\n0.1 0.2 0.7\n", "3 columns"},
	{"MEME version 4\nMOTIF a\nletter-probability matrix: alength= 4 w= 1\n0.5 0.2 0.3 0.4\n", "sum to 1"},
	{"MEME version 4\nMOTIF a\nletter-probability matrix: alength= 20 w= 1\n0.1 0.2 0.3 0.4\n", "alength"},
	{"MEME version 4\nALPHABET= ACDEFGHIKLMNPQRSTVWY\n", "not DNA"},
	{"MEME version 4\nMOTIF a\nMOTIF b\n", "no letter-probability"},
	{"MEME version 4\nMOTIF a\nletter-probability matrix: alength= 4 w= 1\n0.1 nan 0.3 0.6\n", "not a probability"},
	{"MEME version 4\n\n", "no motifs"},
	{"MEME version 4\nBackground letter frequencies\nA 0.3 C 0.2\n", "fewer than 4"},
};

START_TEST(meme_bad_inputs)
{
	for (size_t i = 0; i < sizeof bad_meme / sizeof bad_meme[0]; ++i) {
		char name[32];
		snprintf(name, sizeof name, "bad%zu.meme", i);
		ck_assert_msg(load_text(name, bad_meme[i][0], MF_MOTIF_AUTO) == NULL,
			"bad MEME %zu (%s) was accepted", i, bad_meme[i][1]);
	}
}
END_TEST

START_TEST(encode_format_and_shipped_file)
{
	const char t[] = ">GATA_x desc words\nV 0.3 0.2 0.4 0.1\nG 0 0 1 0\n"
		">TAL\tTAL1_1\tTal-1beta\nN 0.25 0.25 0.25 0.25\n";
	mf_motifset_t *s = load_text("e.txt", t, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->n, 2);
	ck_assert_str_eq(s->m[0].desc, "desc words");
	ck_assert_str_eq(s->m[1].name, "TAL");
	ck_assert_str_eq(s->m[1].desc, "TAL1_1\tTal-1beta");
	assert_row(&s->m[0], 0, 0.3, 0.2, 0.4, 0.1);
	mf_motifset_destroy(s);

	char *src = tu_path(getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : "tests",
		"../motifs/encode_motifs.txt.gz");
	s = mf_motifset_load(src, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->n, 2067);
	const mf_motif_t *g = mf_motifset_find(s, "GATA_disc1");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->w, 10);
	assert_row(g, 2, 0.666667 / 1.000000, 0.100529, 0, 0.232804);
	const mf_motif_t *t1 = mf_motifset_find(s, "TAL1_known1");
	ck_assert_int_eq(t1->w, 16);
	ck_assert_str_eq(t1->desc, "TAL1_1\tTal-1beta:E47_transfac_M00065");
	ck_assert_ptr_nonnull(mf_motifset_find(s, "AHR::ARNT_1"));
	mf_motifset_destroy(s);
	free(src);
}
END_TEST

START_TEST(encode_bad_inputs)
{
	ck_assert_ptr_null(load_text("e1.txt", ">a\nV 0.3 0.2 0.4\n", MF_MOTIF_ENCODE));
	ck_assert_ptr_null(load_text("e2.txt", ">a\nV 0.3 0.2 0.4 0.1\n>b\n>c\nA 1 0 0 0\n", MF_MOTIF_AUTO));
	ck_assert_ptr_null(load_text("e3.txt", "V 0.3 0.2 0.4 0.1\n", MF_MOTIF_ENCODE));
	ck_assert_ptr_null(load_text("e4.txt", ">a\nV 0.3 0.2 0.4 0.6\n", MF_MOTIF_AUTO));
	ck_assert_ptr_null(load_text("e5.txt", ">a\nV 0.3 -0.2 0.8 0.1\n", MF_MOTIF_AUTO));
	ck_assert_ptr_null(load_text("e6.txt", "", MF_MOTIF_AUTO));
	ck_assert_ptr_null(load_text("e7.txt", "hello world\n", MF_MOTIF_AUTO));
	ck_assert_ptr_null(load_text("e8.txt", ">a\nV 0.3 0.2 0.4 0.1 0.0\n", MF_MOTIF_ENCODE));
}
END_TEST

START_TEST(jaspar_counts)
{
	const char t[] = ">MA0035.4\tGata1\nA  [ 1 0 9 ]\nC  [ 2 0 0 ]\nG  [ 3 10 1 ]\nT  [ 4 0 0 ]\n\n"
		">MA0001.1 AGL3\nA [10 0]\nC [0 10]\nG [0 0]\nT [0 0]\n";
	mf_motifset_t *s = load_text("j.jaspar", t, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->n, 2);
	ck_assert_str_eq(s->m[0].name, "MA0035.4");
	ck_assert_str_eq(s->m[0].desc, "Gata1");
	ck_assert_int_eq(s->m[0].w, 3);
	assert_row(&s->m[0], 0, 0.1, 0.2, 0.3, 0.4);
	assert_row(&s->m[0], 1, 0, 0, 1, 0);
	assert_row(&s->m[0], 2, 0.9, 0, 0.1, 0);
	ck_assert(tu_close(s->m[0].nsites, 10, 0, 0));
	assert_row(&s->m[1], 1, 0, 1, 0, 0);
	mf_motifset_destroy(s);
	/* rows in another letter order, and the bare .pfm layout (A, C, G, T rows) */
	s = load_text("j2.jaspar", ">x\nT [ 4 ]\nG [ 3 ]\nC [ 2 ]\nA [ 1 ]\n", MF_MOTIF_JASPAR);
	ck_assert_ptr_nonnull(s);
	assert_row(&s->m[0], 0, 0.1, 0.2, 0.3, 0.4);
	mf_motifset_destroy(s);
	s = load_text("j3.pfm", ">y\n1 2\n2 2\n3 2\n4 4\n", MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	assert_row(&s->m[0], 0, 0.1, 0.2, 0.3, 0.4);
	assert_row(&s->m[0], 1, 0.2, 0.2, 0.2, 0.4);
	mf_motifset_destroy(s);
}
END_TEST

START_TEST(jaspar_bad_inputs)
{
	ck_assert_ptr_null(load_text("jb1", ">a\nA [ 1 2 ]\nC [ 1 2 ]\nG [ 1 ]\nT [ 1 2 ]\n", MF_MOTIF_AUTO));
	ck_assert_ptr_null(load_text("jb2", ">a\nA [ 1 2 ]\nC [ 1 2 ]\nG [ 1 2 ]\n", MF_MOTIF_AUTO));
	ck_assert_ptr_null(load_text("jb3", ">a\nA [ 1 2 ]\nA [ 1 2 ]\nG [ 1 2 ]\nT [ 1 2 ]\n", MF_MOTIF_AUTO));
	ck_assert_ptr_null(load_text("jb4", ">a\nA [ 1 x ]\nC [ 1 2 ]\nG [ 1 2 ]\nT [ 1 2 ]\n", MF_MOTIF_AUTO));
	ck_assert_ptr_null(load_text("jb5", ">a\nU [ 1 2 ]\nC [ 1 2 ]\nG [ 1 2 ]\nT [ 1 2 ]\n", MF_MOTIF_JASPAR));
}
END_TEST

START_TEST(homer_format)
{
	const char t[] = ">WGATAR\tGATA(Zf)/K562-GATA1\t8.5\t-1.2e3\t0\n0.3\t0.2\t0.2\t0.3\n0.001\t0.001\t0.997\t0.001\n"
		">ACGT\tsecond\n0.25 0.25 0.25 0.25\n";
	mf_motifset_t *s = load_text("h.motif", t, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->n, 2);
	ck_assert_str_eq(s->m[0].name, "GATA(Zf)/K562-GATA1");
	ck_assert_str_eq(s->m[0].desc, "WGATAR");
	ck_assert(tu_close(s->m[0].threshold, 8.5, 0, 0));
	ck_assert_int_eq(s->m[0].w, 2);
	assert_row(&s->m[0], 1, 0.001, 0.001, 0.997, 0.001);
	ck_assert(isnan(s->m[1].threshold));
	mf_motifset_destroy(s);
	ck_assert_ptr_null(load_text("hb1", ">A\tx\t5\n0.3 0.2 0.5\n", MF_MOTIF_HOMER));
	ck_assert_ptr_null(load_text("hb2", ">A\tx\tfive\n0.3 0.2 0.2 0.3\n", MF_MOTIF_HOMER));
	ck_assert_ptr_null(load_text("hb3", ">A\tx\t5\n0.3 0.2 0.2 0.3 0.1\n", MF_MOTIF_AUTO));
	ck_assert_ptr_null(load_text("hb4", ">A\tx\t5\n", MF_MOTIF_HOMER));
}
END_TEST

START_TEST(truncated_gzip_and_missing_file)
{
	char *src = tu_path(getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : "tests",
		"../motifs/encode_motifs.txt.gz");
	size_t len;
	char *raw = NULL;
	FILE *fp = fopen(src, "rb");
	ck_assert_ptr_nonnull(fp);
	raw = malloc(400000);
	len = fread(raw, 1, 400000, fp);
	fclose(fp);
	char *cut = tu_path(dir, "cut.txt.gz");
	ck_assert_int_eq(tu_write(cut, raw, len / 2), 0);
	ck_assert_ptr_null(mf_motifset_load(cut, MF_MOTIF_AUTO));
	ck_assert_ptr_null(mf_motifset_load("/nonexistent/m.meme", MF_MOTIF_AUTO));
	free(raw);
	free(cut);
	free(src);
}
END_TEST

START_TEST(find_require_close_names)
{
	const char t[] = ">GATA_disc1\nA 1 0 0 0\n>GATA_known1\nA 1 0 0 0\n>TAL1_known1\nA 1 0 0 0\n>CTCF_disc1\nA 1 0 0 0\n";
	mf_motifset_t *s = load_text("f.txt", t, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_eq(mf_motifset_find(s, "TAL1_known1"), &s->m[2]);
	ck_assert_ptr_null(mf_motifset_find(s, "tal1_known1"));
	/* capture the logged line through a temporary stderr */
	char *log = tu_path(dir, "err.txt");
	fflush(stderr);
	FILE *saved = fdopen(dup(fileno(stderr)), "w");
	ck_assert_ptr_nonnull(freopen(log, "w", stderr));
	mf_verbose = MF_LOG_ERROR;
	ck_assert_ptr_null(mf_motifset_require(s, "GATA", "f.txt"));
	ck_assert_ptr_null(mf_motifset_require(s, "TAL1_knwn1", "f.txt"));
	mf_verbose = MF_LOG_QUIET;
	fflush(stderr);
	dup2(fileno(saved), fileno(stderr));
	fclose(saved);
	char *msg = tu_read(log, NULL);
	ck_assert_ptr_nonnull(strstr(msg, "motif 'GATA' not in f.txt; close names: GATA_disc1, GATA_known1"));
	ck_assert_ptr_nonnull(strstr(msg, "motif 'TAL1_knwn1' not in f.txt; close names: TAL1_known1"));
	free(msg);
	free(log);
	mf_motifset_destroy(s);
}
END_TEST

START_TEST(smooth_logodds_score)
{
	const char t[] = ">m\nA 1 0 0 0\nC 0.5 0.5 0 0\n";
	mf_motifset_t *s = load_text("l.txt", t, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	const mf_motif_t *m = &s->m[0];
	double sm[8], lo[8];
	const double bg[4] = {0.3, 0.2, 0.2, 0.3};
	mf_motif_smooth(m, 0.001, sm);
	ck_assert(tu_close(sm[0], 0.99925, 1e-12, 0));
	ck_assert(tu_close(sm[1], 0.00025, 1e-12, 0));
	mf_motif_logodds(m, 0.001, bg, lo);
	ck_assert(tu_close(lo[0], log2(0.99925 / 0.3), 1e-12, 0));
	ck_assert(tu_close(lo[5], log2((0.5 * 0.999 + 0.00025) / 0.2), 1e-12, 0));
	ck_assert(tu_close(mf_motif_score(lo, 2, "ac"), lo[0] + lo[5], 1e-12, 0));
	ck_assert(tu_close(mf_motif_score(lo, 2, "GT"), lo[2] + lo[7], 1e-12, 0));
	ck_assert(isnan(mf_motif_score(lo, 2, "AN")));
	mf_motifset_destroy(s);
}
END_TEST

START_TEST(paper_best_logodds)
{
	/* SIMULATION.md: best log2-odds vs .3/.2/.2/.3 with pc 0.001: 15.874 and 22.058 */
	char *src = tu_path(getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : "tests", "../motifs/tal_gata.meme");
	mf_motifset_t *s = mf_motifset_load(src, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(s);
	const double want[2] = {15.874, 22.058};
	for (int k = 0; k < 2; ++k) {
		const mf_motif_t *m = &s->m[k];
		double lo[64], best = 0;
		mf_motif_logodds(m, 0.001, s->bg, lo);
		for (int i = 0; i < m->w; ++i) {
			double b = lo[i * 4];
			for (int j = 1; j < 4; ++j)
				if (lo[i * 4 + j] > b)
					b = lo[i * 4 + j];
			best += b;
		}
		ck_assert_msg(fabs(best - want[k]) < 0.001, "%s best %g", m->name, best);
	}
	mf_motifset_destroy(s);
	free(src);
}
END_TEST

START_TEST(default_path_env)
{
	setenv("MOTIFLIFT_MOTIF_DIR", dir, 1);
	char *p = tu_path(dir, "x.meme");
	ck_assert_int_eq(tu_write(p, "x", 1), 0);
	char *found = mf_motif_default_path("x.meme");
	ck_assert_ptr_nonnull(found);
	ck_assert_str_eq(found, p);
	free(found);
	ck_assert_ptr_null(mf_motif_default_path("no-such-file.meme"));
	unsetenv("MOTIFLIFT_MOTIF_DIR");
	found = mf_motif_default_path("tal_gata.meme");
	ck_assert_ptr_nonnull(found);
	free(found);
	free(p);
}
END_TEST

static Suite *motif_suite(void)
{
	Suite *s = suite_create("motif");
	TCase *tc = tcase_create("formats");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, meme_with_background_and_strands);
	tcase_add_test(tc, meme_minimal_without_background);
	tcase_add_test(tc, meme_shipped_file_and_gzip);
	tcase_add_test(tc, meme_bad_inputs);
	tcase_add_test(tc, encode_format_and_shipped_file);
	tcase_add_test(tc, encode_bad_inputs);
	tcase_add_test(tc, jaspar_counts);
	tcase_add_test(tc, jaspar_bad_inputs);
	tcase_add_test(tc, homer_format);
	tcase_add_test(tc, truncated_gzip_and_missing_file);
	tcase_add_test(tc, find_require_close_names);
	tcase_add_test(tc, smooth_logodds_score);
	tcase_add_test(tc, paper_best_logodds);
	tcase_add_test(tc, default_path_env);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(motif_suite());
}
