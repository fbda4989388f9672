/* Unit tests for the score room: window sums against direct float64 sums of the npz,
 * name and genomic row mapping (overlaps, spans), labels, classes, the summary tables on a
 * hand-computed case, and scanning the npz's one-hot sequences on the fly. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "motif/score.h"
#include "testutil.h"
#include "io/writer.h"

enum { N = 4, L = 20, T = 2 };
static char *dir;
static float contrib[N][L][4][T];
static const char *names[N] = {"gata_tal1_1", "gata_tal1_2", "empty_1", "tal1_only_1"};

static void setup(void)
{
	mf_verbose = getenv("MF_TEST_VERBOSE") ? MF_LOG_DEBUG : MF_LOG_QUIET;
	dir = tu_tmpdir("score");
	ck_assert_ptr_nonnull(dir);
	for (int r = 0; r < N; ++r) /* irregular values of both signs */
		for (int p = 0; p < L; ++p)
			for (int c = 0; c < 4; ++c)
				for (int t = 0; t < T; ++t)
					contrib[r][p][c][t] = (float)sin(1.0 + r * 7.1 + p * 1.3 + c * 0.7 + t * 2.9);
}

static void teardown(void)
{
	free(dir);
}

/* The explain-like npz; genomic adds chrom/start/end (chr1:100-120, chr1:110-130,
 * chr2:0-20, chr1:0-20). onehot spells "AAAAGATAAGGCAAAAAAAA" in row 0, T elsewhere. */
static char *write_scores(const char *file, int genomic)
{
	char *path = tu_path(dir, file);
	mf_npz_t *z = mf_npz_open(path);
	ck_assert_ptr_nonnull(z);
	size_t sc[4] = {N, L, 4, T}, so[3] = {N, L, 4}, s1[1] = {N};
	static float onehot[N][L][4];
	const char *seq0 = "AAAAGATAAGGCAAAAAAAA";
	memset(onehot, 0, sizeof onehot);
	for (int r = 0; r < N; ++r)
		for (int p = 0; p < L; ++p)
			onehot[r][p][r == 0 ? (int)(strchr("ACGT", seq0[p]) - "ACGT") : 3] = 1;
	onehot[1][5][3] = 0; /* an N */
	const char *tasks[T] = {"task0", "task1"};
	ck_assert_int_eq(mf_npz_add_strings(z, "names", names, N), 0);
	ck_assert_int_eq(mf_npz_add(z, "contrib", MF_DT_F32, contrib, 4, sc), 0);
	ck_assert_int_eq(mf_npz_add(z, "onehot", MF_DT_F32, onehot, 3, so), 0);
	ck_assert_int_eq(mf_npz_add_strings(z, "tasks", tasks, T), 0);
	if (genomic) {
		const char *chrom[N] = {"chr1", "chr1", "chr2", "chr1"};
		int64_t start[N] = {100, 110, 0, 0}, end[N] = {120, 130, 20, 20};
		ck_assert_int_eq(mf_npz_add_strings(z, "chrom", chrom, N), 0);
		ck_assert_int_eq(mf_npz_add(z, "start", MF_DT_I64, start, 1, s1), 0);
		ck_assert_int_eq(mf_npz_add(z, "end", MF_DT_I64, end, 1, s1), 0);
	}
	ck_assert_int_eq(mf_npz_close(z), 0);
	return path;
}

static double direct(int r, int from, int to, int t)
{
	double s = 0;
	for (int p = from; p < to; ++p)
		for (int c = 0; c < 4; ++c)
			s += contrib[r][p][c][t];
	return s;
}

static void load_matches(const char *text, mf_matches_t *m)
{
	char *path = tu_path(dir, "m.bed");
	ck_assert_int_eq(tu_write(path, text, strlen(text)), 0);
	memset(m, 0, sizeof *m);
	ck_assert_int_eq(mf_matches_load(path, m), 0);
	free(path);
}

START_TEST(sums_by_name)
{
	char *path = write_scores("n.npz", 0);
	mf_scores_t *s = mf_scores_open(path, "contrib");
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(mf_scores_ntasks(s), T);
	ck_assert_str_eq(mf_scores_task(s, 1), "task1");
	mf_matches_t m;
	load_matches("# x columns: chrom start end motif score strand logodds pvalue sequence\n"
		"gata_tal1_2\t3\t13\tGATA\t400\t+\t8.5\t1e-4\tACGTACGTAC\n"
		"empty_1\t0\t20\tGATA\t400\t-\t2\t1e-2\tA\n"
		"tal1_only_1\t19\t20\tTAL1\t400\t-\t2\t1e-2\tA\n"
		"nosuch_1\t0\t5\tGATA\t0\t+\t1\t1\tA\n"
		"empty_1\t15\t21\tGATA\t0\t+\t1\t1\tA\n", &m);
	ck_assert_uint_eq(m.n, 5);
	ck_assert_int_eq(m.n_cols, 9);
	ck_assert_int_eq(mf_scores_locate(s, &m), 2);
	int want_row[5] = {1, 2, 3, -1, -1};
	for (size_t i = 0; i < m.n; ++i) {
		ck_assert_int_eq(m.a[i].row, want_row[i]);
		if (m.a[i].row < 0)
			continue;
		double got[T];
		ck_assert_int_eq(mf_scores_window(s, (size_t)m.a[i].row, m.a[i].off,
				m.a[i].end - m.a[i].start, got), 0);
		for (int t = 0; t < T; ++t)
			ck_assert(tu_close(got[t], direct(want_row[i], (int)m.a[i].start, (int)m.a[i].end, t),
				1e-12, 1e-12));
	}
	double got[T];
	ck_assert_int_eq(mf_scores_window(s, 0, 15, 6, got), -1); /* past L */
	ck_assert_int_eq(mf_scores_window(s, N, 0, 1, got), -1);  /* no such row */
	mf_matches_free(&m);
	mf_scores_close(s);
	free(path);
}
END_TEST

START_TEST(sums_by_coordinates)
{
	char *path = write_scores("g.npz", 1);
	mf_scores_t *s = mf_scores_open(path, "contrib");
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(mf_scores_genomic(s), 1);
	mf_matches_t m;
	load_matches("chr1\t112\t118\tM\t0\t+\n" /* both rows, centres tie: the first */
		"chr1\t113\t119\tM\t0\t+\n"        /* nearer row 1's centre */
		"chr1\t105\t115\tM\t0\t+\n"        /* row 0 only */
		"chr1\t118\t125\tM\t0\t+\n"        /* row 1 only */
		"chr1\t125\t135\tM\t0\t+\n"        /* spans past every row */
		"chr2\t0\t20\tM\t0\t+\n"           /* all of row 2 */
		"chr1\t5\t9\tM\t0\t+\n"            /* row 3 */
		"chr3\t0\t5\tM\t0\t+\n", &m);      /* unknown chromosome */
	ck_assert_int_eq(m.n_cols, 9); /* defaults */
	ck_assert_int_eq(mf_scores_locate(s, &m), 2);
	int want_row[8] = {0, 1, 0, 1, -1, 2, 3, -1};
	for (size_t i = 0; i < m.n; ++i) {
		ck_assert_int_eq(m.a[i].row, want_row[i]);
		if (m.a[i].row < 0)
			continue;
		int64_t rs = want_row[i] == 0 ? 100 : want_row[i] == 1 ? 110 : 0;
		ck_assert_int_eq(m.a[i].off, m.a[i].start - rs);
		double got[T];
		ck_assert_int_eq(mf_scores_window(s, (size_t)m.a[i].row, m.a[i].off,
				m.a[i].end - m.a[i].start, got), 0);
		for (int t = 0; t < T; ++t)
			ck_assert(tu_close(got[t], direct(want_row[i], (int)(m.a[i].start - rs),
				(int)(m.a[i].end - rs), t), 1e-12, 1e-12));
	}
	mf_matches_free(&m);
	mf_scores_close(s);
	free(path);
}
END_TEST

START_TEST(bad_inputs)
{
	char *path = write_scores("b.npz", 0);
	ck_assert_ptr_null(mf_scores_open(path, "hyp")); /* no such array */
	ck_assert_ptr_null(mf_scores_open(path, "onehot")); /* wrong shape */
	free(path);
	const char *bad[] = {"s\t1\n", "s\tx\t3\tM\n", "s\t5\t5\tM\n", "s\t-1\t3\tM\n"};
	for (int i = 0; i < 4; ++i) {
		char *p = tu_path(dir, "bad.bed");
		ck_assert_int_eq(tu_write(p, bad[i], strlen(bad[i])), 0);
		mf_matches_t m = {0};
		ck_assert_int_eq(mf_matches_load(p, &m), -1);
		mf_matches_free(&m);
		free(p);
	}
	mf_matches_t m = {0};
	ck_assert_int_eq(mf_matches_load("/nonexistent/m.bed", &m), -1);
}
END_TEST

static char *line_starting(char *text, const char *prefix)
{
	for (char *p = text; p; p = strchr(p, '\n')) {
		p += *p == '\n';
		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			char *e = strchr(p, '\n');
			return strndup(p, e ? (size_t)(e - p) : strlen(p));
		}
	}
	return NULL;
}

/* Five matches with importances chosen by hand; the tables follow by counting. */
START_TEST(summary_by_hand)
{
	char *path = write_scores("h.npz", 0);
	mf_scores_t *s = mf_scores_open(path, "contrib");
	mf_matches_t m;
	load_matches("gata_tal1_1\t0\t10\tG\t0\t+\t8\t1e-5\n"
		"gata_tal1_1\t10\t20\tG\t0\t+\t9\t1e-5\n"
		"gata_tal1_2\t0\t10\tG\t0\t+\t7.5\t1e-5\n"
		"gata_tal1_2\t10\t20\tG\t0\t+\t6\t1e-3\n"
		"empty_1\t0\t10\tG\t0\t+\t3\t1e-2\n"
		"empty_1\t10\t20\tG\t0\t+\t8\t1e-5\n", &m);
	ck_assert_int_eq(mf_scores_locate(s, &m), 0);
	/* task0 importances; task1 all positive */
	double imp[6 * T] = {0.5, 1, -0.2, 1, 0.0, 1, -1, 1, 0.3, 1, -0.1, 1};
	char *truth = tu_path(dir, "truth.bed"), *labels = tu_path(dir, "labels.tsv");
	/* gata_tal1_1's match at 10-20 (strong, -0.2) lies on no planted instance */
	const char *tb = "gata_tal1_1\t0\t10\tG\t9\t+\ngata_tal1_1\t30\t40\tG\t9\t+\n"
		"gata_tal1_2\t0\t10\tG\t9\t+\n";
	const char *lb = "seqName\ttask0\ttask1\ngata_tal1_1\t1\t1\nempty_1\t0\t0\n";
	ck_assert_int_eq(tu_write(truth, tb, strlen(tb)), 0);
	ck_assert_int_eq(tu_write(labels, lb, strlen(lb)), 0);
	mf_annot_t *a = mf_annot_init();
	ck_assert_int_eq(mf_annot_load_labels(a, labels), 0);
	ck_assert_int_eq(mf_annot_load_truth(a, truth), 0);
	ck_assert_int_eq(mf_annot_count(a, "gata_tal1_1", "G"), 2);
	mf_summary_opt_t o;
	mf_summary_opt_init(&o);
	char *sum = tu_path(dir, "sum.tsv"), *out = tu_path(dir, "out.tsv");
	ck_assert_int_eq(mf_score_summary(sum, s, &m, imp, a, &o), 0);
	ck_assert_int_eq(mf_score_write(out, s, &m, imp, a, NULL), 0);
	char *text = tu_read(sum, NULL), *l;
	/* strong in gata_tal1: 8, 9, 7.5 -> importances 0.5, -0.2, 0.0: two are <= 0 */
	l = line_starting(text, "false_negative\tG\ttask0\t");
	ck_assert_str_eq(l, "false_negative\tG\ttask0\tgata_tal1\tlogodds>7\t3\t2\t0.666667\t0.1\t0");
	free(l);
	/* of those, on planted instances: 0.5 and 0.0 */
	l = line_starting(text, "false_negative\tG\ttask0\tgata_tal1\tlogodds>7,embedded");
	ck_assert_str_eq(l, "false_negative\tG\ttask0\tgata_tal1\tlogodds>7,embedded\t2\t1\t0.5\t0.25\t0.25");
	free(l);
	/* empty: 0.3 and -0.1: one of two > 0; strong only: -0.1 */
	l = line_starting(text, "false_positive\tG\ttask0\tempty\tall");
	ck_assert_str_eq(l, "false_positive\tG\ttask0\tempty\tall\t2\t1\t0.5\t0.1\t0.1");
	free(l);
	l = line_starting(text, "false_positive\tG\ttask0\tempty\tlogodds");
	ck_assert_str_eq(l, "false_positive\tG\ttask0\tempty\tlogodds>7\t1\t0\t0\t-0.1\t-0.1");
	free(l);
	l = line_starting(text, "false_negative\tG\ttask1\t");
	ck_assert_str_eq(l, "false_negative\tG\ttask1\tgata_tal1\tlogodds>7\t3\t0\t0\t1\t1");
	free(l);
	/* tiers: gata_tal1_1 has 2 instances (both matches strong: 0.5, -0.2), gata_tal1_2 one
	 * (7.5 strong: 0.0; 6 not), empty none (8 strong: -0.1) */
	l = line_starting(text, "tier\tG\ttask0\tgata_tal1\tinstances=2");
	ck_assert_str_eq(l, "tier\tG\ttask0\tgata_tal1\tinstances=2\t2\t2\t1\t0.15\t0.15");
	free(l);
	l = line_starting(text, "tier\tG\ttask0\tgata_tal1\tinstances=1");
	ck_assert_str_eq(l, "tier\tG\ttask0\tgata_tal1\tinstances=1\t2\t1\t0.5\t0\t0");
	free(l);
	l = line_starting(text, "tier\tG\ttask0\tempty\tinstances=0");
	ck_assert_str_eq(l, "tier\tG\ttask0\tempty\tinstances=0\t2\t1\t0.5\t-0.1\t-0.1");
	free(l);
	free(text);
	text = tu_read(out, NULL);
	l = line_starting(text, "chrom");
	ck_assert_str_eq(l, "chrom\tstart\tend\tmotif\tscore\tstrand\tlogodds\tpvalue\timp_task0\t"
		"imp_task1\tseqname\tclass\tinstances\tembedded\tlabel_task0\tlabel_task1");
	free(l);
	l = line_starting(text, "gata_tal1_1\t10");
	ck_assert_str_eq(l, "gata_tal1_1\t10\t20\tG\t0\t+\t9\t1e-5\t-0.2\t1\tgata_tal1_1\tgata_tal1\t2\t0\t1\t1");
	free(l);
	l = line_starting(text, "gata_tal1_1\t0");
	ck_assert_str_eq(l, "gata_tal1_1\t0\t10\tG\t0\t+\t8\t1e-5\t0.5\t1\tgata_tal1_1\tgata_tal1\t2\t1\t1\t1");
	free(l);
	l = line_starting(text, "gata_tal1_2\t10");
	ck_assert_str_eq(l, "gata_tal1_2\t10\t20\tG\t0\t+\t6\t1e-3\t-1\t1\tgata_tal1_2\tgata_tal1\t1\t0\tNA\tNA");
	free(l);
	free(text);
	mf_annot_destroy(a);
	mf_matches_free(&m);
	mf_scores_close(s);
	free(sum), free(out), free(truth), free(labels), free(path);
}
END_TEST

START_TEST(simdata_annotations)
{
	char *p = tu_path(dir, "x.simdata");
	const char *sd = "seqName\tsequence\tembeddings\ttask1\ttask2\n"
		"a_1\tACGT\tpos-1_GATA_disc1-GATAA,pos-9_revComp-TAL1_known1-CAGCTG,pos-20_GATA_disc1-G\t1\t0\n"
		"b_2\tACGT\t\t0\t1";
	ck_assert_int_eq(tu_write(p, sd, strlen(sd)), 0);
	mf_annot_t *a = mf_annot_init();
	ck_assert_int_eq(mf_annot_load_labels(a, p), 0);
	ck_assert_int_eq(mf_annot_nlabels(a), 2);
	ck_assert_str_eq(mf_annot_label_name(a, 1), "task2");
	ck_assert_str_eq(mf_annot_labels(a, "b_2"), "0\t1");
	ck_assert_int_eq(mf_annot_count(a, "a_1", "GATA_disc1"), 2);
	ck_assert_int_eq(mf_annot_count(a, "a_1", "TAL1_known1"), 1);
	ck_assert_int_eq(mf_annot_count(a, "b_2", "GATA_disc1"), 0);
	/* instances: GATA [1,6) and [20,21), TAL1 [9,15) whatever the strand */
	ck_assert_int_eq(mf_annot_embedded(a, "a_1", "GATA_disc1", 5, 15), 1);
	ck_assert_int_eq(mf_annot_embedded(a, "a_1", "GATA_disc1", 6, 20), 0);
	ck_assert_int_eq(mf_annot_embedded(a, "a_1", "GATA_disc1", 20, 30), 1);
	ck_assert_int_eq(mf_annot_embedded(a, "a_1", "TAL1_known1", 0, 9), 0);
	ck_assert_int_eq(mf_annot_embedded(a, "a_1", "TAL1_known1", 14, 30), 1);
	ck_assert_int_eq(mf_annot_embedded(a, "b_2", "GATA_disc1", 0, 100), 0);
	const char *bad_truth[] = {"s_1\tfive\t9\tG\n", "s_1\t9\t2\tG\n", "s_1\t1\t2\n"};
	char *tp = tu_path(dir, "bad_truth.bed");
	for (int i = 0; i < 3; ++i) {
		ck_assert_int_eq(tu_write(tp, bad_truth[i], strlen(bad_truth[i])), 0);
		ck_assert_int_eq(mf_annot_load_truth(a, tp), -1);
	}
	free(tp);
	/* embeddings that do not parse are an error, not zero instances */
	const char *bad_emb[] = {"pos-x_G-ACGT", "nonsense", "pos-3_G-", "pos-3_G"};
	for (int i = 0; i < 4; ++i) {
		char text[256];
		snprintf(text, sizeof text, "seqName\tsequence\tembeddings\ttask1\na_1\tACGT\t%s\t1\n",
			bad_emb[i]);
		ck_assert_int_eq(tu_write(p, text, strlen(text)), 0);
		mf_annot_t *b = mf_annot_init();
		ck_assert_msg(mf_annot_load_labels(b, p) == -1, "accepted '%s'", bad_emb[i]);
		mf_annot_destroy(b);
	}
	char buf[64];
	ck_assert_str_eq(mf_seq_class("gata_tal1_17", buf, sizeof buf), "gata_tal1");
	ck_assert_str_eq(mf_seq_class("chr1:5-9", buf, sizeof buf), "chr1:5-9");
	mf_annot_destroy(a);
	ck_assert_int_eq(tu_write(p, "name\tx\n", 7), 0);
	a = mf_annot_init();
	ck_assert_int_eq(mf_annot_load_labels(a, p), -1);
	mf_annot_destroy(a);
	free(p);
}
END_TEST

START_TEST(scan_on_the_fly)
{
	char *path = write_scores("f.npz", 1);
	mf_scores_t *s = mf_scores_open(path, "contrib");
	static const double p[5][4] = {{0.05, 0.05, 0.85, 0.05}, {0.85, 0.05, 0.05, 0.05},
		{0.05, 0.05, 0.05, 0.85}, {0.85, 0.05, 0.05, 0.05}, {0.85, 0.05, 0.05, 0.05}};
	double lo[20], bg[4] = {0.25, 0.25, 0.25, 0.25};
	for (int i = 0; i < 20; ++i)
		lo[i] = log2(p[i / 4][i % 4] / bg[i % 4]);
	mf_pwm_t *pwm = mf_pwm_create("GATAA", lo, 5, bg);
	mf_scanfile_opt_t o = {0};
	mf_scan_opt_init(&o.scan);
	o.scan.top = 1;
	o.scan.pvalue = 1;
	mf_matches_t m = {0};
	ck_assert_int_eq(mf_scores_scan(s, &pwm, 1, &o, &m), 0);
	ck_assert_uint_eq(m.n, N); /* one per row */
	ck_assert_int_eq(m.a[0].row, 0);
	ck_assert_int_eq(m.a[0].off, 4);
	ck_assert_int_eq(m.a[0].start, 104); /* genomic */
	ck_assert(strstr(m.a[0].line, "\tGATAA\t") != NULL);
	ck_assert(strstr(m.a[0].line, "\t+\t") != NULL);
	ck_assert(tu_close(m.a[0].logodds, 5 * log2(0.85 / 0.25), 1e-3, 1e-3));
	ck_assert_int_eq(m.a[3].row, 3);
	ck_assert_str_eq(m.a[3].seq, "chr1");
	ck_assert_int_eq(m.nats, 0);
	mf_matches_free(&m);
	/* nats: the same match, its log-odds in ln. The greedy pick: row 0's GATAA at 4 >= w/2
	 * excludes its neighbours and is kept once; the poly-T rows' best window is the first,
	 * which excludes nothing (start 0 < w/2) and comes back in all 3 rounds */
	o.nats = 1, o.greedy = 1, o.scan.top = 3;
	ck_assert_int_eq(mf_scores_scan(s, &pwm, 1, &o, &m), 0);
	ck_assert_int_eq(m.nats, 1);
	ck_assert_uint_eq(m.n, 3 * N);
	int at4 = 0;
	for (size_t i = 0; i < m.n; ++i) {
		if (m.a[i].row == 0 && m.a[i].off == 4) {
			++at4;
			ck_assert(tu_close(m.a[i].logodds, 5 * log(0.85 / 0.25), 1e-3, 1e-3));
		}
		if (m.a[i].row > 0)
			ck_assert_int_eq(m.a[i].off, 0);
	}
	ck_assert_int_eq(at4, 1);
	mf_matches_free(&m);
	mf_pwm_destroy(pwm);
	mf_scores_close(s);
	free(path);
}
END_TEST

static Suite *score_suite(void)
{
	Suite *s = suite_create("score");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sums_by_name);
	tcase_add_test(tc, sums_by_coordinates);
	tcase_add_test(tc, bad_inputs);
	tcase_add_test(tc, summary_by_hand);
	tcase_add_test(tc, simdata_annotations);
	tcase_add_test(tc, scan_on_the_fly);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(score_suite());
}
