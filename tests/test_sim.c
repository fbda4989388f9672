/* Unit tests for the sim room: the random pieces within k sigma, and the outputs'
 * consistency (labels vs embeddings, BED vs sequences, splits), determinism. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "motif/motif.h"
#include "io/nameset.h"
#include "io/seqio.h"
#include "sim/sim.h"
#include "testutil.h"

static char *dir, *motif_path;
static mf_motifset_t *set;

static void setup(void)
{
	mf_verbose = MF_LOG_QUIET;
	dir = tu_tmpdir("sim");
	ck_assert_ptr_nonnull(dir);
	motif_path = tu_path(getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : "tests",
		"../motifs/tal_gata.meme");
	set = mf_motifset_load(motif_path, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(set);
}

static void teardown(void)
{
	mf_motifset_destroy(set);
	free(motif_path);
	free(dir);
}

/* |observed frequency - p| within k standard errors of a binomial proportion. */
static void assert_freq(long hits, long n, double p, double k, const char *what)
{
	double f = (double)hits / n, sd = sqrt(p * (1 - p) / n);
	ck_assert_msg(fabs(f - p) <= k * sd + 1e-12, "%s: frequency %.5f, expected %.5f (sd %.5f)",
		what, f, p, sd);
}

START_TEST(truncated_poisson_frequencies)
{
	const double lambda[2] = {2, 1}, want[2][3] = {{0.375, 0.375, 0.25}, {0.6, 0.3, 0.1}};
	gsl_rng *r = mf_sim_rng(7, 0);
	for (int t = 0; t < 2; ++t) {
		long cnt[4] = {0};
		const long n = 100000;
		for (long i = 0; i < n; ++i) {
			int k = mf_sim_count(r, lambda[t], 1, 3, 0);
			ck_assert(k >= 1 && k <= 3);
			++cnt[k];
		}
		for (int k = 1; k <= 3; ++k)
			assert_freq(cnt[k], n, want[t][k - 1], 5, lambda[t] == 2 ? "lambda 2" : "lambda 1");
	}
	/* clipping (the wrong way) piles the tails on 1 and 3: P(1) = e^-2 + 2e^-2 = 0.406 */
	long ones = 0;
	for (long i = 0; i < 100000; ++i)
		ones += mf_sim_count(r, 2, 1, 3, 1) == 1;
	assert_freq(ones, 100000, 3 * exp(-2), 5, "clipped lambda 2");
	gsl_rng_free(r);
}
END_TEST

START_TEST(placement_range_and_overlap)
{
	gsl_rng *r = mf_sim_rng(11, 3);
	const int len = 200, w[6] = {10, 10, 10, 16, 16, 16};
	long first_hist[191] = {0}, placed = 0, bad_range = 0, overlaps = 0, bad_marks = 0;
	unsigned char occ[200];
	while (placed < 100000) {
		memset(occ, 0, sizeof occ);
		for (int j = 0; j < 6; ++j) {
			unsigned char before[200];
			memcpy(before, occ, sizeof occ);
			int s = mf_sim_place(r, occ, len, w[j]);
			if (s < 0 || s > len - w[j]) {
				++bad_range;
				continue;
			}
			for (int i = 0; i < w[j]; ++i)
				overlaps += before[s + i];
			for (int i = 0; i < len; ++i)
				bad_marks += occ[i] != (before[i] || (i >= s && i < s + w[j]));
			if (j == 0)
				++first_hist[s];
			++placed;
		}
	}
	ck_assert_int_eq(bad_range, 0);
	ck_assert_int_eq(overlaps, 0);
	ck_assert_int_eq(bad_marks, 0);
	/* the first start of each sequence is uniform on 0..190 */
	long n = placed / 6;
	for (int s = 0; s <= 190; ++s)
		assert_freq(first_hist[s], n, 1.0 / 191, 5, "first start");
	/* a full sequence: -1 exactly when no window is left */
	memset(occ, 0, sizeof occ);
	memset(occ + 5, 1, 10);
	ck_assert_int_eq(mf_sim_place(r, occ, 20, 6), -1);
	int a = mf_sim_place(r, occ, 20, 5), b = mf_sim_place(r, occ, 20, 5);
	ck_assert(a + b == 15 && (a == 0 || a == 15));
	ck_assert_int_eq(mf_sim_place(r, occ, 20, 1), -1);
	gsl_rng_free(r);
}
END_TEST

/* Runs a spec into dir/<tag>; returns the prefix (caller frees). */
static char *run_spec(mf_sim_spec_t *sp, const char *tag)
{
	ck_assert_int_eq(mf_sim_check(sp), 0);
	char *prefix = tu_path(dir, tag);
	ck_assert_int_eq(mf_sim_run(sp, prefix), 0);
	return prefix;
}

static char *read_out(const char *prefix, const char *suffix)
{
	size_t n = strlen(prefix) + strlen(suffix) + 1;
	char *p = malloc(n);
	snprintf(p, n, "%s%s", prefix, suffix);
	char *text = tu_read(p, NULL);
	ck_assert_msg(text != NULL, "cannot read %s", p);
	free(p);
	return text;
}

START_TEST(background_frequencies)
{
	mf_sim_spec_t *sp = mf_sim_spec_create();
	const double bg[4] = {0.1, 0.2, 0.3, 0.4};
	memcpy(sp->bg, bg, sizeof bg);
	sp->n = 500;
	ck_assert_int_eq(mf_sim_add_class(sp, "bg=", set, motif_path), 0);
	char *prefix = run_spec(sp, "bg");
	char *fa = read_out(prefix, ".fa.gz");
	long cnt[5] = {0}, n = 0;
	for (char *l = strtok(fa, "\n"); l; l = strtok(NULL, "\n"))
		if (l[0] != '>')
			for (; *l; ++l, ++n)
				++cnt[mf_nt4[(unsigned char)*l]];
	ck_assert_int_eq(n, 500 * 200);
	ck_assert_int_eq(cnt[4], 0);
	for (int j = 0; j < 4; ++j)
		assert_freq(cnt[j], n, bg[j], 5, "background");
	free(fa);
	free(prefix);
	mf_sim_spec_destroy(sp);
}
END_TEST

/* Parses "pos-S_[revComp-]NAME-STRING" */
static int parse_emb(const char *e, size_t n, int *start, int *rc, char *name, char *str)
{
	if (sscanf(e, "pos-%d_", start) != 1)
		return -1;
	const char *p = strchr(e, '_') + 1;
	*rc = strncmp(p, "revComp-", 8) == 0;
	if (*rc)
		p += 8;
	const char *dash = memchr(p, '-', (size_t)(e + n - p));
	if (!dash)
		return -1;
	memcpy(name, p, (size_t)(dash - p));
	name[dash - p] = '\0';
	memcpy(str, dash + 1, (size_t)(e + n - dash - 1));
	str[e + n - dash - 1] = '\0';
	return 0;
}

START_TEST(pwm_letter_frequencies)
{
	mf_sim_spec_t *sp = mf_sim_spec_create();
	sp->n = 4000;
	sp->pc = 0.2; /* a visible pseudocount: zeros of the PWM become 0.05 */
	ck_assert_int_eq(mf_sim_add_class(sp, "g=GATA_disc1:2", set, motif_path), 0);
	char *prefix = run_spec(sp, "pwm");
	char *sd = tu_path(dir, "pwm.simdata.gz");
	mf_seqreader_t *r = mf_seqreader_open(sd, MF_SEQ_SIMDATA, NULL);
	ck_assert_ptr_nonnull(r);
	mf_seq_t s;
	mf_seq_init(&s);
	const mf_motif_t *m = mf_motifset_find(set, "GATA_disc1");
	long cnt[10][4] = {{0}}, n = 0;
	while (mf_seqreader_read(r, &s) == 1)
		for (const char *e = s.embeddings; *e;) {
			size_t len = strcspn(e, ",");
			int start, rc;
			char name[64], str[64];
			ck_assert_int_eq(parse_emb(e, len, &start, &rc, name, str), 0);
			ck_assert_str_eq(name, "GATA_disc1");
			ck_assert_int_eq(strncmp(s.seq + start, str, 10), 0);
			for (int i = 0; i < 10; ++i)
				++cnt[i][mf_nt4[(unsigned char)str[i]]];
			++n;
			e += len + (e[len] == ',');
		}
	ck_assert(n > 7000);
	double sm[40];
	mf_motif_smooth(m, 0.2, sm);
	for (int i = 0; i < 10; ++i)
		for (int j = 0; j < 4; ++j)
			assert_freq(cnt[i][j], n, sm[i * 4 + j], 5, "PWM letter");
	mf_seq_free(&s);
	mf_seqreader_close(r);
	free(sd);
	free(prefix);
	mf_sim_spec_destroy(sp);
}
END_TEST

/* Checks one simdata row: labels vs embeddings vs class, instances vs sequence. */
static void check_row(const mf_seq_t *s, int *n_inst)
{
	int has[2] = {0, 0}, last_tal = 0;
	unsigned char occ[200] = {0};
	for (const char *e = s->embeddings; *e;) {
		size_t len = strcspn(e, ",");
		int start, rc, w;
		char name[64], str[64];
		ck_assert_int_eq(parse_emb(e, len, &start, &rc, name, str), 0);
		ck_assert_int_eq(rc, 0);
		int m = strcmp(name, "TAL1_known1") == 0;
		w = m ? 16 : 10;
		ck_assert_int_eq((int)strlen(str), w);
		ck_assert(start >= 0 && start <= 200 - w);
		ck_assert_int_eq(strncmp(s->seq + start, str, (size_t)w), 0);
		for (int i = start; i < start + w; ++i) {
			ck_assert_msg(!occ[i], "%s: overlapping instances", s->name);
			occ[i] = 1;
		}
		ck_assert_msg(!(last_tal && !m), "%s: GATA after TAL1", s->name);
		last_tal |= m;
		has[m] = 1;
		++*n_inst;
		e += len + (e[len] == ',');
	}
	ck_assert_int_eq(s->n_labels, 3);
	ck_assert(s->labels[0] == (has[0] && has[1]));
	ck_assert(s->labels[1] == has[0]);
	ck_assert(s->labels[2] == has[1]);
	int want[2] = {strncmp(s->name, "gata_", 5) == 0, strstr(s->name, "tal1") != NULL};
	ck_assert_msg(has[0] == want[0] && has[1] == want[1], "%s: motifs do not fit the class",
		s->name);
}

START_TEST(labels_bed_splits_consistent)
{
	mf_sim_spec_t *sp = mf_sim_spec_create();
	sp->n = 1002; /* not divisible by 4: the first two classes get one more */
	ck_assert_int_eq(mf_sim_add_paper_classes(sp, set, motif_path), 0);
	char *prefix = run_spec(sp, "paper");
	char *sd = read_out(prefix, ".simdata.gz");
	ck_assert_int_eq(strncmp(sd, "seqName\tsequence\tembeddings\ttask1\ttask2\ttask3\n", 46), 0);
	ck_assert(sd[strlen(sd) - 1] != '\n'); /* as the published file */
	char *path = tu_path(dir, "paper.simdata.gz");
	mf_seqreader_t *r = mf_seqreader_open(path, MF_SEQ_AUTO, NULL);
	ck_assert_ptr_nonnull(r);
	mf_seq_t s;
	mf_seq_init(&s);
	int n = 0, n_inst = 0, n_empty = 0, n_gata = 0;
	char *labels = read_out(prefix, ".labels.tsv"), *bed = read_out(prefix, ".motifs.bed");
	char *lp = strchr(labels, '\n') + 1;
	ck_assert_int_eq(strncmp(labels, "seqName\ttask1\ttask2\ttask3\n", 26), 0);
	while (mf_seqreader_read(r, &s) == 1) {
		check_row(&s, &n_inst);
		char want[300];
		snprintf(want, sizeof want, "%s\t%d\t%d\t%d\n", s.name, (int)s.labels[0],
			(int)s.labels[1], (int)s.labels[2]);
		ck_assert_int_eq(strncmp(lp, want, strlen(want)), 0);
		lp += strlen(want);
		n_empty += strncmp(s.name, "empty_", 6) == 0;
		n_gata += strncmp(s.name, "gata_only_", 10) == 0;
		++n;
	}
	ck_assert_int_eq(n, 1002);
	ck_assert_int_eq(n_empty, 251);
	ck_assert_int_eq(n_gata, 251);
	long bed_lines = 0;
	for (char *l = bed; *l; l = strchr(l, '\n') + 1, ++bed_lines)
		ck_assert_int_eq(strchr(l, '\n') != NULL, 1);
	ck_assert_int_eq(bed_lines, n_inst);
	/* the splits partition the names, 80/10/10 */
	const char *sfx[3] = {".train.txt", ".valid.txt", ".test.txt"};
	const size_t want_n[3] = {802, 100, 100};
	size_t total = 0;
	for (int k = 0; k < 3; ++k) {
		char *p = malloc(strlen(prefix) + 16);
		sprintf(p, "%s%s", prefix, sfx[k]);
		mf_nameset_t *ns = mf_nameset_load(p);
		ck_assert_ptr_nonnull(ns);
		ck_assert_uint_eq(mf_nameset_size(ns), want_n[k]);
		total += mf_nameset_size(ns);
		mf_nameset_destroy(ns);
		free(p);
	}
	ck_assert_uint_eq(total, 1002);
	mf_seq_free(&s);
	mf_seqreader_close(r);
	free(labels);
	free(bed);
	free(sd);
	free(path);
	free(prefix);
	mf_sim_spec_destroy(sp);
}
END_TEST

static const char *const outputs[] = {".simdata.gz", ".fa.gz", ".labels.tsv", ".train.txt",
	".valid.txt", ".test.txt", ".motifs.bed"};

static char *run_paper(uint64_t seed, int threads, long n, const char *tag)
{
	mf_sim_spec_t *sp = mf_sim_spec_create();
	sp->n = n;
	sp->seed = seed;
	sp->threads = threads;
	sp->rc_prob = 0.3;
	ck_assert_int_eq(mf_sim_add_paper_classes(sp, set, motif_path), 0);
	char *prefix = run_spec(sp, tag);
	mf_sim_spec_destroy(sp);
	return prefix;
}

START_TEST(same_seed_same_bytes_any_threads)
{
	char *a = run_paper(42, 1, 5000, "t1"), *b = run_paper(42, 4, 5000, "t4");
	char *c = run_paper(43, 1, 5000, "s43");
	for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; ++i) {
		char *pa = malloc(strlen(a) + 16), *pb = malloc(strlen(b) + 16), *pc = malloc(strlen(c) + 16);
		sprintf(pa, "%s%s", a, outputs[i]);
		sprintf(pb, "%s%s", b, outputs[i]);
		sprintf(pc, "%s%s", c, outputs[i]);
		size_t la, lb, lc;
		char *ta = tu_read(pa, &la), *tb = tu_read(pb, &lb), *tc = tu_read(pc, &lc);
		ck_assert_msg(la == lb && memcmp(ta, tb, la) == 0, "%s differs between 1 and 4 threads",
			outputs[i]);
		ck_assert_msg(la != lc || memcmp(ta, tc, la) != 0, "%s same for seeds 42 and 43",
			outputs[i]);
		free(ta);
		free(tb);
		free(tc);
		free(pa);
		free(pb);
		free(pc);
	}
	free(a);
	free(b);
	free(c);
}
END_TEST

START_TEST(reverse_complement_instances)
{
	mf_sim_spec_t *sp = mf_sim_spec_create();
	sp->n = 200;
	sp->rc_prob = 1;
	ck_assert_int_eq(mf_sim_add_class(sp, "t=TAL1_known1:2", set, motif_path), 0);
	char *prefix = run_spec(sp, "rc");
	char *sd = read_out(prefix, ".simdata.gz"), *bed = read_out(prefix, ".motifs.bed");
	ck_assert_ptr_nonnull(strstr(sd, "_revComp-TAL1_known1-"));
	ck_assert_ptr_null(strstr(sd, "_TAL1_known1-"));
	ck_assert_ptr_null(strstr(bed, "\t+\n"));
	/* every BED score is the log-odds of the reverse complement of what was inserted */
	const mf_motif_t *m = mf_motifset_find(set, "TAL1_known1");
	double lo[64];
	mf_motif_logodds(m, sp->pc, sp->bg, lo);
	char *e = strstr(sd, "pos-");
	int start, rc;
	char name[64], str[64];
	ck_assert_int_eq(parse_emb(e, strcspn(e, ",\t"), &start, &rc, name, str), 0);
	ck_assert_int_eq(rc, 1);
	char *nl = strchr(sd + 1, '\n') + 1; /* first row's name */
	char row_name[64];
	sscanf(nl, "%63s", row_name);
	char want[128];
	mf_revcomp(str, 16);
	snprintf(want, sizeof want, "%s\t%d\t%d\tTAL1_known1\t%.3f\t-\n", row_name, start, start + 16,
		mf_motif_score(lo, 16, str));
	ck_assert_msg(strstr(bed, want) != NULL, "no BED line '%s'", want);
	free(sd);
	free(bed);
	free(prefix);
	mf_sim_spec_destroy(sp);
}
END_TEST

START_TEST(class_and_task_definitions)
{
	char *enc = tu_path(getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : "tests",
		"../motifs/encode_motifs.txt.gz");
	mf_motifset_t *e = mf_motifset_load(enc, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(e);
	mf_sim_spec_t *sp = mf_sim_spec_create();
	ck_assert_int_eq(mf_sim_add_class(sp, "a=AHR::ARNT_1:1.5+CTCF_known1:0.5:0:2", e, enc), 0);
	ck_assert_int_eq(sp->classes[0].n_parts, 2);
	ck_assert(sp->classes[0].part[0].lambda == 1.5 && sp->classes[0].part[0].kmax == 3);
	ck_assert(sp->classes[0].part[1].kmin == 0 && sp->classes[0].part[1].kmax == 2);
	ck_assert_str_eq(sp->motifs[0]->name, "AHR::ARNT_1");
	ck_assert_int_eq(mf_sim_add_class(sp, "a=", e, enc), -1);          /* twice */
	ck_assert_int_eq(mf_sim_add_class(sp, "b=NOPE_1:2", e, enc), -1);  /* unknown motif */
	ck_assert_int_eq(mf_sim_add_class(sp, "b=GATA_disc1", e, enc), -1); /* no lambda */
	ck_assert_int_eq(mf_sim_add_class(sp, "b=GATA_disc1:-1", e, enc), -1);
	ck_assert_int_eq(mf_sim_add_class(sp, "b=GATA_disc1:1:3:2", e, enc), -1);
	ck_assert_int_eq(mf_sim_add_class(sp, "b c=GATA_disc1:1", e, enc), -1);
	ck_assert_int_eq(mf_sim_add_class(sp, "GATA_disc1:1", e, enc), -1);
	ck_assert_int_eq(mf_sim_add_task(sp, "ctcf=CTCF_known1", e, enc), 0);
	ck_assert_int_eq(mf_sim_add_task(sp, "x=", e, enc), -1);
	ck_assert_int_eq(mf_sim_check(sp), 0);
	ck_assert_int_eq(sp->n_tasks, 1);
	mf_sim_spec_destroy(sp);
	/* config file; a class that cannot fit; defaults for three motifs */
	char *cfg = tu_path(dir, "bench.cfg");
	const char text[] = "# my benchmark\nclass none=\nclass g=GATA_disc1:2\n\n"
		"class three=GATA_disc1:1+TAL1_known1:1+CTCF_known1:1\n";
	ck_assert_int_eq(tu_write(cfg, text, strlen(text)), 0);
	sp = mf_sim_spec_create();
	ck_assert_int_eq(mf_sim_load_config(sp, cfg, e, enc), 0);
	ck_assert_int_eq(sp->n_classes, 3);
	ck_assert_int_eq(mf_sim_check(sp), 0);
	ck_assert_int_eq(sp->n_tasks, 3); /* one per motif */
	ck_assert_str_eq(sp->tasks[2].name, "task3");
	sp->n = 30;
	char *prefix = run_spec(sp, "cfg");
	free(prefix);
	mf_sim_spec_destroy(sp);
	const char bad[] = "class ok=\nclas x=\n";
	ck_assert_int_eq(tu_write(cfg, bad, strlen(bad)), 0);
	sp = mf_sim_spec_create();
	ck_assert_int_eq(mf_sim_load_config(sp, cfg, e, enc), -1);
	mf_sim_spec_destroy(sp);
	sp = mf_sim_spec_create();
	sp->len = 40;
	ck_assert_int_eq(mf_sim_add_class(sp, "big=TAL1_known1:2", e, enc), 0);
	ck_assert_int_eq(mf_sim_check(sp), -1); /* 3 x 16 > 40 */
	mf_sim_spec_destroy(sp);
	free(cfg);
	mf_motifset_destroy(e);
	free(enc);
}
END_TEST

START_TEST(crowded_sequences_fail_cleanly)
{
	/* two 10-mers in 20 bases fit only at 0 and 10: most sequences dead-end */
	mf_sim_spec_t *sp = mf_sim_spec_create();
	sp->len = 20;
	sp->n = 50;
	ck_assert_int_eq(mf_sim_add_class(sp, "x=GATA_disc1:2:2:2", set, motif_path), 0);
	ck_assert_int_eq(mf_sim_check(sp), 0);
	char *prefix = tu_path(dir, "crowded");
	ck_assert_int_eq(mf_sim_run(sp, prefix), -1);
	char *p = tu_path(dir, "crowded.simdata.gz");
	ck_assert_int_ne(access(p, F_OK), 0);
	free(p);
	free(prefix);
	mf_sim_spec_destroy(sp);
}
END_TEST

static Suite *sim_suite(void)
{
	Suite *s = suite_create("sim");
	TCase *tc = tcase_create("sim");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, truncated_poisson_frequencies);
	tcase_add_test(tc, placement_range_and_overlap);
	tcase_add_test(tc, background_frequencies);
	tcase_add_test(tc, pwm_letter_frequencies);
	tcase_add_test(tc, labels_bed_splits_consistent);
	tcase_add_test(tc, same_seed_same_bytes_any_threads);
	tcase_add_test(tc, reverse_complement_instances);
	tcase_add_test(tc, class_and_task_definitions);
	tcase_add_test(tc, crowded_sequences_fail_cleanly);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(sim_suite());
}
