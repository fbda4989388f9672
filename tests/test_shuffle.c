/* Unit tests for the shuffle and rng rooms: k-let counts, fixed ends, uniformity over
 * the valid shuffles (chi-square against a brute-force enumeration), exact counts of
 * distinct shuffles, seeding by name, thread independence. */
#include <check.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "base/log.h"
#include "base/rng.h"
#include "io/seqio.h"
#include "explain/shuffle.h"
#include "testutil.h"

static char *dir;

static void setup(void)
{
	mf_verbose = MF_LOG_ERROR;
	dir = tu_tmpdir("shuffle");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	free(dir);
}

/* Occurrences of the k-let w (uppercase) in s (compared case-insensitively). */
static int count_klet(const char *s, size_t len, const char *w, int k)
{
	int c = 0;
	for (size_t i = 0; i + (size_t)k <= len; ++i) {
		int j = 0;
		while (j < k && toupper((unsigned char)s[i + j]) == toupper((unsigned char)w[j]))
			++j;
		c += j == k;
	}
	return c;
}

/* Brute force: every k-let of either sequence occurs equally often in both. */
static int same_klets(const char *a, const char *b, size_t len, int k)
{
	for (int pass = 0; pass < 2; ++pass) {
		const char *s = pass ? b : a;
		for (size_t i = 0; i + (size_t)k <= len; ++i)
			if (count_klet(a, len, s + i, k) != count_klet(b, len, s + i, k))
				return 0;
	}
	return 1;
}

static void random_seq(gsl_rng *r, char *s, size_t len, const char *alphabet)
{
	size_t n = strlen(alphabet);
	for (size_t i = 0; i < len; ++i)
		s[i] = alphabet[gsl_rng_uniform_int(r, n)];
	s[len] = '\0';
}

START_TEST(klet_counts_and_ends_preserved)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	mf_kshuf_t *ks = mf_kshuf_create();
	char seq[81], out[81];
	/* skewed alphabets make repeats, N runs and lowercase common */
	const char *alpha[] = {"ACGT", "ACGTacgtNn", "AAAACNNNNt", "AC", "ACGTRYN-"};
	long checked = 0;
	for (int k = 1; k <= 3; ++k)
		for (int trial = 0; trial < 300; ++trial) {
			size_t len = gsl_rng_uniform_int(r, 81);
			random_seq(r, seq, len, alpha[trial % 5]);
			ck_assert_int_eq(mf_kshuf_build(ks, seq, len, k), 0);
			for (int d = 0; d < 5; ++d) {
				memset(out, '#', sizeof out);
				ck_assert_int_eq(mf_kshuf_draw(ks, r, out), 0);
				ck_assert_msg(same_klets(seq, out, len, k), "k=%d counts differ: %s -> %.*s",
					k, seq, (int)len, out);
				ck_assert_msg(same_klets(seq, out, len, k > 1 ? k - 1 : 1), "(k-1)-lets");
				for (size_t i = 0; i < len; ++i)
					ck_assert_int_eq(out[i], toupper((unsigned char)out[i]));
				for (int e = 0; e < k - 1 && (size_t)e < len; ++e) {
					ck_assert_int_eq(out[e], toupper((unsigned char)seq[e]));
					ck_assert_int_eq(out[len - 1 - e], toupper((unsigned char)seq[len - 1 - e]));
				}
				ck_assert_int_eq(out[len], '#');
				++checked;
			}
		}
	ck_assert_int_eq(checked, 3 * 300 * 5);
	mf_kshuf_destroy(ks);
	gsl_rng_free(r);
}
END_TEST

/* ---- brute-force enumeration of all valid shuffles ------------------------------- */

typedef struct {
	const char *orig;
	size_t len;
	int k;
	char letters[8];
	int cnt[8], nl;
	char cur[16];
	char (*found)[16];
	int n_found, cap;
} enum_t;

static void enum_rec(enum_t *e, size_t pos)
{
	if (pos == e->len) {
		if (!same_klets(e->orig, e->cur, e->len, e->k))
			return;
		for (int i = 0; i < e->k - 1 && (size_t)i < e->len; ++i)
			if (e->cur[i] != e->orig[i])
				return;
		ck_assert_int_lt(e->n_found, e->cap);
		memcpy(e->found[e->n_found++], e->cur, 16);
		return;
	}
	for (int l = 0; l < e->nl; ++l) {
		if (!e->cnt[l])
			continue;
		--e->cnt[l];
		e->cur[pos] = e->letters[l];
		enum_rec(e, pos + 1);
		++e->cnt[l];
	}
}

/* All distinct sequences with seq's k-let counts and first k-1 letters (seq uppercase). */
static int enumerate(const char *seq, int k, char (*found)[16], int cap)
{
	enum_t e;
	memset(&e, 0, sizeof e);
	e.orig = seq, e.len = strlen(seq), e.k = k, e.found = found, e.cap = cap;
	for (size_t i = 0; i < e.len; ++i) {
		char *p = memchr(e.letters, seq[i], (size_t)e.nl);
		int l = p ? (int)(p - e.letters) : e.nl++;
		e.letters[l] = seq[i];
		++e.cnt[l];
	}
	enum_rec(&e, 0);
	return e.n_found;
}

static int find_shuffle(char (*found)[16], int n, const char *s, size_t len)
{
	for (int i = 0; i < n; ++i)
		if (memcmp(found[i], s, len) == 0)
			return i;
	return -1;
}

/* Draws many shuffles; every one must be valid and the frequencies uniform (chi2). */
static double uniformity_pvalue(const char *seq, int k, int *n_valid)
{
	enum { CAP = 20000 };
	char (*found)[16] = malloc(CAP * sizeof *found);
	ck_assert_ptr_nonnull(found);
	size_t len = strlen(seq);
	int d = enumerate(seq, k, found, CAP);
	*n_valid = d;
	ck_assert_int_gt(d, 1);
	long *hits = calloc((size_t)d, sizeof *hits);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 12345);
	mf_kshuf_t *ks = mf_kshuf_create();
	ck_assert_int_eq(mf_kshuf_build(ks, seq, len, k), 0);
	ck_assert_double_eq(mf_kshuf_count(ks, INFINITY), (double)d);
	long draws = 300L * d;
	char out[16];
	for (long i = 0; i < draws; ++i) {
		ck_assert_int_eq(mf_kshuf_draw(ks, r, out), 0);
		int j = find_shuffle(found, d, out, len);
		ck_assert_msg(j >= 0, "invalid shuffle %.*s of %s", (int)len, out, seq);
		++hits[j];
	}
	double chi2 = 0, expect = (double)draws / d;
	for (int j = 0; j < d; ++j)
		chi2 += (hits[j] - expect) * (hits[j] - expect) / expect;
	double p = gsl_cdf_chisq_Q(chi2, d - 1);
	fprintf(stderr, "uniformity %s k=%d: %d shuffles, %ld draws, chi2 %.1f (df %d), p %.3f\n",
		seq, k, d, draws, chi2, d - 1, p);
	mf_kshuf_destroy(ks);
	gsl_rng_free(r);
	free(hits);
	free(found);
	return p;
}

START_TEST(uniform_over_valid_shuffles)
{
	int d;
	/* fixed seed, so these are fixed numbers; p > 1e-3 fails for a biased sampler such
	 * as one that always keeps the input's own last edges */
	ck_assert_double_gt(uniformity_pvalue("AACGTTAGCATG", 2, &d), 1e-3);
	ck_assert_double_gt(uniformity_pvalue("ACGNNACGTNAC", 2, &d), 1e-3);
	ck_assert_double_gt(uniformity_pvalue("AAACAAGAACCA", 3, &d), 1e-3);
	ck_assert_double_gt(uniformity_pvalue("ACGTAC", 1, &d), 1e-3);
	ck_assert_int_eq(d, 180); /* 6!/(2!2!) */
}
END_TEST

START_TEST(count_matches_enumeration)
{
	enum { CAP = 20000 };
	char (*found)[16] = malloc(CAP * sizeof *found);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	mf_kshuf_t *ks = mf_kshuf_create();
	char seq[16];
	for (int trial = 0; trial < 60; ++trial) {
		int k = 1 + trial % 3;
		size_t len = 1 + gsl_rng_uniform_int(r, 9);
		random_seq(r, seq, len, trial % 2 ? "ACGT" : "ACN");
		int d = enumerate(seq, k, found, CAP);
		ck_assert_int_eq(mf_kshuf_build(ks, seq, len, k), 0);
		ck_assert_msg(mf_kshuf_count(ks, INFINITY) == d, "%s k=%d: count %g, enumerated %d",
			seq, k, mf_kshuf_count(ks, INFINITY), d);
		/* the lower bound never exceeds the truth */
		ck_assert_double_le(mf_kshuf_count(ks, 0), (double)d);
	}
	mf_kshuf_destroy(ks);
	gsl_rng_free(r);
	free(found);
}
END_TEST

START_TEST(pathological_sequences)
{
	static const struct {
		const char *s;
		int k;
		double count;
	} cases[] = {
		{"ACACACAC", 2, 1}, {"acacacac", 2, 1}, {"AAAAAAAA", 2, 1}, {"NNNNNN", 2, 1},
		{"A", 2, 1}, {"AC", 2, 1}, {"", 2, 1}, {"", 1, 1}, {"ACGT", 2, 1}, {"ACGT", 4, 1},
		{"ACG", 5, 1}, {"AAAAAAAA", 1, 1}, {"ACGT", 1, 24}, {"AACC", 2, 1}, {"ACAGA", 2, 2},
		{"NNNNAAAANNNN", 2, 7}, {"ACGTNACGTN", 2, 1}, {"ACGTNACCTN", 2, 4},
	};
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	mf_kshuf_t *ks = mf_kshuf_create();
	char out[32], up[32];
	for (size_t c = 0; c < sizeof cases / sizeof *cases; ++c) {
		size_t len = strlen(cases[c].s);
		ck_assert_int_eq(mf_kshuf_build(ks, cases[c].s, len, cases[c].k), 0);
		ck_assert_msg(mf_kshuf_count(ks, INFINITY) == cases[c].count, "%s k=%d: %g", cases[c].s,
			cases[c].k, mf_kshuf_count(ks, INFINITY));
		for (size_t i = 0; i < len; ++i)
			up[i] = (char)toupper((unsigned char)cases[c].s[i]);
		for (int d = 0; d < 20; ++d) {
			ck_assert_int_eq(mf_kshuf_draw(ks, r, out), 0);
			ck_assert(same_klets(up, out, len, cases[c].k));
			if (cases[c].count == 1)
				ck_assert(memcmp(out, up, len) == 0);
		}
	}
	ck_assert_int_eq(mf_kshuf_build(ks, "ACGT", 4, 0), -1);
	ck_assert_int_eq(mf_shuffle_kmer("ACAC", 4, 2, r, out), 0);
	ck_assert(memcmp(out, "ACAC", 4) == 0);
	mf_kshuf_destroy(ks);
	gsl_rng_free(r);
}
END_TEST

START_TEST(long_sequence_large_k)
{
	/* more vertices than are counted exactly: the count is a lower bound, draws still valid */
	enum { L = 3000 };
	char *seq = malloc(L + 1), *out = malloc(L);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	random_seq(r, seq, L, "ACGTN");
	mf_kshuf_t *ks = mf_kshuf_create();
	ck_assert_int_eq(mf_kshuf_build(ks, seq, L, 8), 0);
	ck_assert_double_ge(mf_kshuf_count(ks, INFINITY), 1);
	ck_assert_int_eq(mf_kshuf_draw(ks, r, out), 0);
	ck_assert(memcmp(out, seq, 7) == 0 && memcmp(out + L - 7, seq + L - 7, 7) == 0);
	ck_assert_int_eq(mf_kshuf_build(ks, seq, L, 2), 0);
	ck_assert_double_gt(mf_kshuf_count(ks, 20), 20);
	mf_kshuf_destroy(ks);
	gsl_rng_free(r);
	free(seq), free(out);
}
END_TEST

START_TEST(seed_by_name_not_order)
{
	ck_assert_uint_eq(mf_seed_for_name(1, "seq1"), mf_seed_for_name(1, "seq1"));
	ck_assert_uint_ne(mf_seed_for_name(1, "seq1"), mf_seed_for_name(2, "seq1"));
	ck_assert_uint_ne(mf_seed_for_name(1, "seq1"), mf_seed_for_name(1, "seq2"));
	ck_assert_uint_ne(mf_seed_for_name(0, ""), mf_seed_for_name(1, ""));
	const char *names[] = {"a", "b", "chr1:100-300"};
	const char *seqs[] = {"ACGTTGCAACGTAGCTAGCTAGGATC", "TTTTACGACGATCGATCGGGGAAA",
		"acgtnnnnACGTAGCATCGACTAGCATCAGCA"};
	char first[3][5 * 40], again[5 * 40];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	mf_kshuf_t *ks = mf_kshuf_create();
	double d;
	for (int i = 0; i < 3; ++i)
		ck_assert_int_eq(mf_shuffle_refs(ks, r, 7, names[i], seqs[i], strlen(seqs[i]), 2, 5,
			first[i], &d), 0);
	for (int i = 2; i >= 0; --i) { /* reverse order, with other draws in between */
		gsl_rng_uniform(r);
		ck_assert_int_eq(mf_shuffle_refs(ks, r, 7, names[i], seqs[i], strlen(seqs[i]), 2, 5,
			again, &d), 0);
		ck_assert(memcmp(first[i], again, 5 * strlen(seqs[i])) == 0);
		ck_assert_double_ge(d, 5);
	}
	ck_assert_int_eq(mf_shuffle_refs(ks, r, 8, names[0], seqs[0], strlen(seqs[0]), 2, 5, again,
		&d), 0);
	ck_assert(memcmp(first[0], again, 5 * strlen(seqs[0])) != 0);
	mf_kshuf_destroy(ks);
	gsl_rng_free(r);
}
END_TEST

/* Shuffles a generated FASTA with the given thread count; returns the output text. */
static char *shuffle_file(const char *in, int threads, const char *tag, long *warned)
{
	mf_seqreader_t *r = mf_seqreader_open(in, MF_SEQ_AUTO, NULL);
	ck_assert_ptr_nonnull(r);
	mf_shuffle_opt_t o;
	mf_shuffle_opt_init(&o);
	o.n = 3, o.threads = threads, o.seed = 42;
	char *out = tu_path(dir, tag);
	ck_assert_int_eq(mf_shuffle_fasta(r, out, &o, warned), 0);
	mf_seqreader_close(r);
	char *text = tu_read(out, NULL);
	free(out);
	return text;
}

START_TEST(threads_give_identical_bytes)
{
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	size_t cap = 3000 * 200, n = 0;
	char *fa = malloc(cap), seq[201];
	for (int i = 0; i < 2500; ++i) { /* more than one chunk of records */
		random_seq(g, seq, gsl_rng_uniform_int(g, 60), "ACGTNacgt");
		n += (size_t)snprintf(fa + n, cap - n, ">r%d\n%s\n", i, i == 7 ? "ACACACAC" : seq);
	}
	char *in = tu_path(dir, "in.fa");
	ck_assert_int_eq(tu_write(in, fa, n), 0);
	long w1 = 0, w2 = 0;
	char *a = shuffle_file(in, 1, "t1.fa", &w1), *b = shuffle_file(in, 2, "t2.fa", &w2);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(a, b);
	ck_assert_int_eq(w1, w2);
	ck_assert_int_ge(w1, 1); /* r7 = ACACACAC at least */
	ck_assert_ptr_nonnull(strstr(a, ">r7_shuf2\nACACACAC\n"));
	ck_assert_ptr_nonnull(strstr(a, ">r2499_shuf0\n"));
	free(a), free(b), free(in), free(fa);
	gsl_rng_free(g);
}
END_TEST

static Suite *shuffle_suite(void)
{
	Suite *s = suite_create("shuffle");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, klet_counts_and_ends_preserved);
	tcase_add_test(tc, uniform_over_valid_shuffles);
	tcase_add_test(tc, count_matches_enumeration);
	tcase_add_test(tc, pathological_sequences);
	tcase_add_test(tc, long_sequence_large_k);
	tcase_add_test(tc, seed_by_name_not_order);
	tcase_add_test(tc, threads_give_identical_bytes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(shuffle_suite());
}
