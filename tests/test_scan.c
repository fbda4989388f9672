/* Unit tests for the scan room: log-odds by hand, p-values against enumeration of all
 * 4^w words and against sampling, strands, N, sequence ends, top-k, q-values, threads. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "base/log.h"
#include "motif/motif.h"
#include "motif/scan.h"
#include "io/seqio.h"
#include "testutil.h"

static char *dir;

static void setup(void)
{
	mf_verbose = MF_LOG_ERROR;
	dir = tu_tmpdir("scan");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	free(dir);
}

static const double bg_skew[4] = {0.3, 0.2, 0.2, 0.3};

/* A motif that prefers GATAA: log2(p/bg) from hand-written probabilities. */
static void gataa(double *lo, const double bg[4])
{
	static const double p[5][4] = {
		{0.1, 0.1, 0.7, 0.1}, {0.7, 0.1, 0.1, 0.1}, {0.1, 0.1, 0.1, 0.7},
		{0.85, 0.05, 0.05, 0.05}, {0.6, 0.1, 0.2, 0.1}};
	for (int i = 0; i < 5; ++i)
		for (int b = 0; b < 4; ++b)
			lo[i * 4 + b] = log2(p[i][b] / bg[b]);
}

static void scan_all(const mf_pwm_t *p, const char *seq, const mf_scan_opt_t *o, mf_hits_t *h,
		int64_t *tested)
{
	h->n = 0;
	*tested = 0;
	size_t len = strlen(seq);
	ck_assert_int_eq(mf_scan_range(p, 0, seq, len, 0, len, o, h, tested), 0);
}

START_TEST(logodds_by_hand_and_strands)
{
	double lo[20];
	gataa(lo, bg_skew);
	mf_pwm_t *p = mf_pwm_create("gataa", lo, 5, bg_skew);
	ck_assert_ptr_nonnull(p);
	/* GATAA by hand: log2(.7/.2)+log2(.7/.3)+log2(.7/.3)+log2(.85/.3)+log2(.6/.3) */
	double hand = log2(0.7 / 0.2) + 2 * log2(0.7 / 0.3) + log2(0.85 / 0.3) + log2(0.6 / 0.3);
	mf_scan_opt_t o;
	mf_scan_opt_init(&o);
	o.pvalue = 1e-2;
	mf_hits_t h = {0};
	int64_t tested;
	/* + at 3, - (TTATC = revcomp GATAA) at 11, lowercase; ends included */
	const char *seq = "CCCGATAACCCttatcCCCCGATAA";
	scan_all(p, seq, &o, &h, &tested);
	ck_assert_int_eq(tested, 2 * (25 - 5 + 1));
	int seen = 0;
	for (size_t i = 0; i < h.n; ++i) {
		if (h.a[i].pos == 3 && h.a[i].strand == 0) {
			ck_assert(tu_close(h.a[i].score, hand, 1e-12, 1e-12));
			seen |= 1;
		}
		if (h.a[i].pos == 11 && h.a[i].strand == 1) {
			ck_assert(tu_close(h.a[i].score, hand, 1e-12, 1e-12));
			seen |= 2;
		}
		if (h.a[i].pos == 20 && h.a[i].strand == 0)
			seen |= 4;
	}
	ck_assert_int_eq(seen, 7);
	ck_assert(tu_close(mf_motif_score(lo, 5, "gataa"), hand, 1e-12, 1e-12));
	/* + strand only */
	o.strands = 1;
	scan_all(p, seq, &o, &h, &tested);
	for (size_t i = 0; i < h.n; ++i)
		ck_assert_int_eq(h.a[i].strand, 0);
	mf_hits_free(&h);
	mf_pwm_destroy(p);
}
END_TEST

/* Every one of the 4^w words, its probability under bg and both of its scores. */
START_TEST(pvalues_equal_enumeration)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	for (int trial = 0; trial < 6; ++trial) {
		int w = 3 + trial % 4; /* 3..6 */
		double lo[24], bg[4] = {0.1 + 0.3 * gsl_rng_uniform(r), 0.2, 0.25, 0.3};
		for (int i = 0; i < w * 4; ++i)
			lo[i] = 6 * gsl_rng_uniform(r) - 4;
		mf_pwm_t *p = mf_pwm_create("rand", lo, w, bg);
		ck_assert_ptr_nonnull(p);
		double bs = bg[0] + bg[1] + bg[2] + bg[3];
		size_t nw = (size_t)1 << (2 * w);
		double *prob = malloc(nw * sizeof *prob), *dsc = malloc(nw * sizeof *dsc);
		int64_t *isc[2] = {malloc(nw * sizeof(int64_t)), malloc(nw * sizeof(int64_t))};
		for (size_t x = 0; x < nw; ++x) {
			unsigned char c[8];
			prob[x] = 1, dsc[x] = 0;
			for (int i = 0; i < w; ++i) {
				c[i] = (unsigned char)((x >> (2 * i)) & 3);
				prob[x] *= bg[c[i]] / bs;
				dsc[x] += lo[i * 4 + c[i]];
			}
			isc[0][x] = mf_pwm_iscore(p, 0, c);
			isc[1][x] = mf_pwm_iscore(p, 1, c);
		}
		for (int s = 0; s < 2; ++s)
			for (size_t x = 0; x < nw; x += 7) {
				double brute = 0, dlo = 0, dhi = 0, tol = w * 0.5 / p->scale + 1e-12;
				for (size_t y = 0; y < nw; ++y) {
					brute += isc[s][y] >= isc[s][x] ? prob[y] : 0;
					if (s == 0) {
						dlo += dsc[y] >= dsc[x] + tol ? prob[y] : 0;
						dhi += dsc[y] >= dsc[x] - tol ? prob[y] : 0;
					}
				}
				double pv = mf_pwm_tail(p, s, isc[s][x]);
				ck_assert_msg(tu_close(pv, brute, 1e-9, 1e-15), "w=%d word %zu: %g vs %g", w, x,
					pv, brute);
				if (s == 0) /* the exact real-valued p-value, within the rounding */
					ck_assert(pv >= dlo - 1e-12 && pv <= dhi + 1e-12);
				int64_t t = mf_pwm_threshold(p, s, pv);
				ck_assert(t <= isc[s][x] && mf_pwm_tail(p, s, t) <= pv);
			}
		free(prob), free(dsc), free(isc[0]), free(isc[1]);
		mf_pwm_destroy(p);
	}
	gsl_rng_free(r);
}
END_TEST

static char *motif_path(void)
{
	const char *src = getenv("TESTS_SRCDIR");
	char buf[4096];
	snprintf(buf, sizeof buf, "%s/../motifs/tal_gata.meme", src ? src : "tests");
	return strdup(buf);
}

START_TEST(pvalues_against_sampling_paper_motifs)
{
	char *path = motif_path();
	mf_motifset_t *ms = mf_motifset_load(path, MF_MOTIF_AUTO);
	ck_assert_ptr_nonnull(ms);
	enum { L = 1000000 };
	char *seq = malloc(L + 1);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 3);
	for (size_t i = 0; i < L; ++i) { /* i.i.d. from the background A .3 C .2 G .2 T .3 */
		double u = gsl_rng_uniform(r);
		seq[i] = u < 0.3 ? 'A' : u < 0.5 ? 'C' : u < 0.7 ? 'G' : 'T';
	}
	seq[L] = '\0';
	for (int m = 0; m < ms->n; ++m) {
		const mf_motif_t *mo = &ms->m[m];
		double lo[64];
		mf_motif_logodds(mo, 1e-3, ms->bg, lo);
		mf_pwm_t *p = mf_pwm_create(mo->name, lo, mo->w, ms->bg);
		mf_scan_opt_t o;
		mf_scan_opt_init(&o);
		o.pvalue = 1e-3;
		mf_hits_t h = {0};
		int64_t tested;
		scan_all(p, seq, &o, &h, &tested);
		/* expected: tested/2 windows per strand times the exact tail at each threshold */
		double expect = 0;
		for (int s = 0; s < 2; ++s)
			expect += tested / 2.0 * mf_pwm_tail(p, s, mf_pwm_threshold(p, s, o.pvalue));
		double sd = sqrt(expect);
		fprintf(stderr, "sampling %s: %zu windows with p <= 1e-3 of %lld, expected %.1f "
			"(+- %.1f)\n", mo->name, h.n, (long long)tested, expect, sd);
		ck_assert_double_le(fabs((double)h.n - expect), 5 * sd);
		ck_assert_double_gt(expect, 0.5 * 1e-3 * tested); /* the threshold is not far off */
		mf_hits_free(&h);
		mf_pwm_destroy(p);
	}
	gsl_rng_free(r);
	free(seq);
	free(path);
	mf_motifset_destroy(ms);
}
END_TEST

START_TEST(n_windows_skipped_and_ends)
{
	double lo[20];
	gataa(lo, bg_skew);
	mf_pwm_t *p = mf_pwm_create("gataa", lo, 5, bg_skew);
	mf_scan_opt_t o;
	mf_scan_opt_init(&o);
	o.pvalue = 1; /* every window */
	mf_hits_t h = {0};
	int64_t tested;
	/* 12 letters, N at 5: windows 0 and 6,7 are clean (w=5) */
	scan_all(p, "GATAANGATAAC", &o, &h, &tested);
	ck_assert_int_eq(tested, 2 * 3);
	ck_assert_int_eq(h.n, 6);
	for (size_t i = 0; i < h.n; ++i)
		ck_assert(h.a[i].pos == 0 || h.a[i].pos == 6 || h.a[i].pos == 7);
	scan_all(p, "GATA", &o, &h, &tested); /* shorter than the motif */
	ck_assert_int_eq(tested, 0);
	scan_all(p, "NNNNNNNNNN", &o, &h, &tested);
	ck_assert_int_eq(tested, 0);
	scan_all(p, "gataa", &o, &h, &tested);
	ck_assert_int_eq(tested, 2);
	mf_hits_free(&h);
	mf_pwm_destroy(p);
}
END_TEST

START_TEST(top_k_and_nonoverlap)
{
	double lo[20];
	gataa(lo, bg_skew);
	mf_pwm_t *p = mf_pwm_create("gataa", lo, 5, bg_skew);
	mf_scan_opt_t o;
	mf_scan_opt_init(&o);
	o.pvalue = 1, o.top = 3;
	mf_hits_t h = {0};
	int64_t tested;
	scan_all(p, "GATAAGATAACCCCCCGATAGCC", &o, &h, &tested);
	mf_hits_top(&h, 0, p->w, &o);
	ck_assert_int_eq(h.n, 3);
	ck_assert(h.a[0].score >= h.a[1].score && h.a[1].score >= h.a[2].score);
	ck_assert_int_eq(h.a[0].pos, 0); /* tie with pos 5 broken by position */
	ck_assert_int_eq(h.a[1].pos, 5);
	o.nonoverlap = 1;
	scan_all(p, "GATAAGATAACCCCCCGATAGCC", &o, &h, &tested);
	mf_hits_top(&h, 0, p->w, &o);
	ck_assert_int_eq(h.n, 3);
	for (size_t i = 0; i < h.n; ++i)
		for (size_t j = 0; j < i; ++j)
			ck_assert(h.a[i].pos + 5 <= h.a[j].pos || h.a[j].pos + 5 <= h.a[i].pos);
	mf_hits_sort_pos(&h, 0);
	ck_assert(h.a[0].pos < h.a[1].pos && h.a[1].pos < h.a[2].pos);
	mf_hits_free(&h);
	mf_pwm_destroy(p);
}
END_TEST

START_TEST(bh_qvalues)
{
	double pv[] = {0.01, 0.0001, 0.03, 0.0002, 0.02};
	mf_hit_t a[5], *ptr[5];
	for (int i = 0; i < 5; ++i)
		a[i].pvalue = pv[i], ptr[i] = &a[i];
	ck_assert_int_eq(mf_hits_bh(ptr, 5, 100), 0);
	/* brute force: q_i = min over p_j >= p_i of p_j * m / rank_j */
	double sorted[] = {0.0001, 0.0002, 0.01, 0.02, 0.03};
	for (int i = 0; i < 5; ++i) {
		double q = 1;
		for (int j = 0; j < 5; ++j)
			if (sorted[j] >= a[i].pvalue)
				q = fmin(q, sorted[j] * 100 / (j + 1));
		ck_assert(tu_close(a[i].qvalue, q, 1e-12, 0));
	}
}
END_TEST

static char *scan_to_text(const char *in, mf_pwm_t **p, int n, int threads, const char *tag,
		int qv)
{
	mf_seqreader_t *r = mf_seqreader_open(in, MF_SEQ_AUTO, NULL);
	ck_assert_ptr_nonnull(r);
	mf_scanfile_opt_t o = {.threads = threads, .qvalues = qv};
	mf_scan_opt_init(&o.scan);
	o.scan.pvalue = 1e-2;
	char *out = tu_path(dir, tag);
	ck_assert_int_eq(mf_scan_file(r, p, n, out, &o, NULL), 0);
	mf_seqreader_close(r);
	char *text = tu_read(out, NULL);
	free(out);
	return text;
}

START_TEST(file_threads_identical_and_rows)
{
	double lo[20];
	gataa(lo, bg_skew);
	mf_pwm_t *p[2] = {mf_pwm_create("gataa", lo, 5, bg_skew), NULL};
	double lo2[20];
	for (int i = 0; i < 20; ++i)
		lo2[i] = lo[19 - i]; /* another motif: reversed columns and letters */
	p[1] = mf_pwm_create("other", lo2, 5, bg_skew);
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t big = (3u << 20) + 17; /* one record longer than a block: split across tasks */
	size_t cap = big + 200000, n = 0;
	char *fa = malloc(cap);
	n += (size_t)snprintf(fa, cap, ">long\n");
	for (size_t i = 0; i < big; ++i)
		fa[n++] = "ACGTNacgt"[gsl_rng_uniform_int(r, i % 100000 < 99000 ? 4 : 9)];
	fa[n++] = '\n';
	for (int k = 0; k < 600; ++k) {
		n += (size_t)snprintf(fa + n, cap - n, ">s%d\n", k);
		for (int i = 0; i < 150; ++i)
			fa[n++] = "ACGT"[gsl_rng_uniform_int(r, 4)];
		fa[n++] = '\n';
	}
	char *in = tu_path(dir, "in.fa");
	ck_assert_int_eq(tu_write(in, fa, n), 0);
	char *a = scan_to_text(in, p, 2, 1, "a.bed", 0), *b = scan_to_text(in, p, 2, 2, "b.bed", 0);
	ck_assert_str_eq(a, b);
	char *qa = scan_to_text(in, p, 2, 1, "qa.bed", 1), *qb = scan_to_text(in, p, 2, 2, "qb.bed", 1);
	ck_assert_str_eq(qa, qb);
	/* every row: 9 columns, end - start = 5, the matched text scores what the row says */
	long rows = 0;
	for (char *line = strtok(a, "\n"); line; line = strtok(NULL, "\n")) {
		char name[64], motif[16], strand, match[16];
		long long s, e;
		int sc;
		double lod, pv;
		ck_assert_int_eq(sscanf(line, "%63s %lld %lld %15s %d %c %lf %lf", name, &s, &e,
			motif, &sc, &strand, &lod, &pv), 8);
		ck_assert_int_eq(sscanf(line, "%*s %*s %*s %*s %*s %*s %*s %*s %15s", match), 1);
		ck_assert_int_eq(e - s, 5);
		ck_assert(pv <= 1e-2);
		const double *m = strcmp(motif, "gataa") == 0 ? lo : lo2;
		ck_assert(tu_close(mf_motif_score(m, 5, match), lod, 1e-3, 1e-3));
		++rows;
	}
	ck_assert_int_gt(rows, 100);
	free(a), free(b), free(qa), free(qb), free(in), free(fa);
	gsl_rng_free(r);
	mf_pwm_destroy(p[0]), mf_pwm_destroy(p[1]);
}
END_TEST

START_TEST(bad_motifs)
{
	double lo[4] = {1, NAN, 0, 0}, bg[4] = {0.25, 0.25, 0.25, 0.25};
	ck_assert_ptr_null(mf_pwm_create("nan", lo, 1, bg));
	ck_assert_ptr_null(mf_pwm_create("w0", lo, 0, bg));
	double lo2[4] = {1, 0, 0, 0}, bad_bg[4] = {0.5, 0.5, 0, 0};
	ck_assert_ptr_null(mf_pwm_create("bg", lo2, 1, bad_bg));
	double huge[8] = {1, 0, 0, 0, -1.5e6, -1.5e6, -1.5e6, 2}; /* beyond any real motif */
	ck_assert_ptr_null(mf_pwm_create("huge", huge, 2, bg));
}
END_TEST


/* The same motif as MEME probabilities, JASPAR counts, HOMER and ENCODE files: the same
 * log-odds matrix and the same hits, p-values and scores on a random sequence. */
START_TEST(formats_give_identical_hits)
{
	static const char *files[4] = {"same_motif.meme", "same_motif.jaspar", "same_motif.motif",
		"same_motif.txt"};
	const char *src = getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : "tests";
	enum { LEN = 20000 };
	char *seq = malloc(LEN + 1);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 11);
	for (int i = 0; i < LEN; ++i)
		seq[i] = "ACGTN"[gsl_rng_uniform(rng) < 0.001 ? 4 : gsl_rng_uniform_int(rng, 4)];
	seq[LEN] = '\0';
	gsl_rng_free(rng);
	mf_scan_opt_t o;
	mf_scan_opt_init(&o);
	o.pvalue = 1e-3;
	mf_hits_t h[4] = {{0}};
	double lo0[32];
	for (int f = 0; f < 4; ++f) {
		char *rel = tu_path("data", files[f]), *path = tu_path(src, rel);
		mf_motifset_t *ms = mf_motifset_load(path, MF_MOTIF_AUTO);
		ck_assert_ptr_nonnull(ms);
		ck_assert_int_eq(ms->n, 1);
		ck_assert_int_eq(ms->m[0].w, 8);
		double lo[32];
		mf_motif_logodds(&ms->m[0], 1e-3, bg_skew, lo);
		for (int k = 0; f && k < 32; ++k)
			ck_assert(tu_close(lo[k], lo0[k], 1e-12, 1e-12));
		if (f == 0)
			memcpy(lo0, lo, sizeof lo);
		mf_pwm_t *p = mf_pwm_create("m", lo, 8, bg_skew);
		int64_t tested = 0;
		ck_assert_int_eq(mf_scan_range(p, 0, seq, LEN, 0, LEN, &o, &h[f], &tested), 0);
		mf_pwm_destroy(p);
		mf_motifset_destroy(ms);
		free(rel), free(path);
	}
	ck_assert_uint_gt(h[0].n, 5);
	for (int f = 1; f < 4; ++f) {
		ck_assert_uint_eq(h[f].n, h[0].n);
		for (size_t i = 0; i < h[0].n; ++i) {
			ck_assert_int_eq(h[f].a[i].pos, h[0].a[i].pos);
			ck_assert_int_eq(h[f].a[i].strand, h[0].a[i].strand);
			ck_assert(tu_close(h[f].a[i].score, h[0].a[i].score, 1e-12, 1e-12));
			ck_assert_double_eq(h[f].a[i].pvalue, h[0].a[i].pvalue);
		}
	}
	for (int f = 0; f < 4; ++f)
		mf_hits_free(&h[f]);
	free(seq);
}
END_TEST

/* The lookahead filter must never drop a window: every hit of a brute-force scan (each
 * window scored in full, float64 log-odds and the exact integer score) and nothing else,
 * for motifs narrower and wider than the lookahead, N runs, lowercase, both strands,
 * thresholds from "everything" to "almost nothing", and ranges that start mid-sequence. */
START_TEST(lookahead_equals_brute_force)
{
	enum { LEN = 3000 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 11);
	char *seq = malloc(LEN + 1);
	for (int i = 0; i < LEN; ++i) {
		double u = gsl_rng_uniform(r);
		seq[i] = "ACGT"[u < 0.3 ? 0 : u < 0.5 ? 1 : u < 0.7 ? 2 : 3];
		if (i % 700 > 690 || i == 1234) /* N runs and a lone N */
			seq[i] = 'N';
		else if (i % 500 < 60)
			seq[i] = (char)(seq[i] + 'a' - 'A');
	}
	seq[LEN] = '\0';
	const double pvals[] = {1, 0.2, 1e-2, 1e-3, 1e-5, 1e-12};
	const int widths[] = {1, 3, 6, 7, 8, 12, 21, 40};
	for (size_t wi = 0; wi < sizeof widths / sizeof *widths; ++wi) {
		int w = widths[wi];
		double *lo = malloc((size_t)w * 4 * sizeof *lo);
		for (int i = 0; i < w * 4; ++i)
			lo[i] = 5 * gsl_rng_uniform(r) - 3.5;
		mf_pwm_t *p = mf_pwm_create("rand", lo, w, bg_skew);
		ck_assert_ptr_nonnull(p);
		for (size_t pi = 0; pi < sizeof pvals / sizeof *pvals; ++pi) {
			mf_scan_opt_t o;
			mf_scan_opt_init(&o);
			o.pvalue = pvals[pi];
			o.strands = 1 + (int)(pi % 2 == 0 || w > 10);
			if (pi == 2)
				o.min_score = 1.5;
			size_t from = pi == 3 ? 777 : 0, to = pi == 3 ? 2100 : LEN;
			mf_hits_t h = {0};
			int64_t tested = 0, want_tested = 0;
			ck_assert_int_eq(mf_scan_range(p, 0, seq, LEN, from, to, &o, &h, &tested), 0);
			size_t k = 0;
			for (size_t pos = from; pos < to && pos + (size_t)w <= LEN; ++pos) {
				unsigned char c[40];
				int clean = 1;
				for (int i = 0; i < w; ++i)
					clean &= (c[i] = mf_nt4[(unsigned char)seq[pos + (size_t)i]]) < 4;
				if (!clean)
					continue;
				want_tested += o.strands;
				for (int st = 0; st < o.strands; ++st) {
					double score = 0;
					for (int i = 0; i < w; ++i) /* '-': the motif read backwards, complemented */
						score += st ? lo[(w - 1 - i) * 4 + 3 - c[i]] : lo[i * 4 + c[i]];
					double pv = mf_pwm_tail(p, st, mf_pwm_iscore(p, st, c));
					if (pv > o.pvalue || score < o.min_score)
						continue;
					ck_assert_msg(k < h.n, "w=%d p=%g: hit at %zu%c missing", w, o.pvalue, pos,
						st ? '-' : '+');
					ck_assert_int_eq(h.a[k].pos, (int64_t)pos);
					ck_assert_int_eq(h.a[k].strand, st);
					ck_assert(tu_close(h.a[k].score, score, 1e-12, 1e-12));
					ck_assert_double_eq(h.a[k].pvalue, pv);
					++k;
				}
			}
			ck_assert_msg(k == h.n, "w=%d p=%g: %zu hits, brute force %zu", w, o.pvalue, h.n, k);
			ck_assert_int_eq(tested, want_tested);
			if (pi == 0)
				ck_assert_int_eq(h.n, want_tested); /* p 1: every clean window */
			mf_hits_free(&h);
		}
		mf_pwm_destroy(p);
		free(lo);
	}
	free(seq);
	gsl_rng_free(r);
}
END_TEST

/* --top K over a record many scan steps long: the running threshold that keeps memory at K
 * hits must give exactly the K best of all windows (log-odds, then position, then strand). */
START_TEST(running_top_k_equals_brute_force)
{
	enum { LEN = 60000 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 5);
	char *seq = malloc(LEN + 1);
	for (int i = 0; i < LEN; ++i)
		seq[i] = i % 9000 < 20 ? 'N' : "ACGT"[gsl_rng_uniform_int(r, 4)];
	seq[LEN] = '\0';
	const int widths[] = {3, 9, 15}, tops[] = {1, 5, 60};
	for (int wi = 0; wi < 3; ++wi) {
		int w = widths[wi];
		double lo[60];
		for (int i = 0; i < w * 4; ++i)
			lo[i] = 4 * gsl_rng_uniform(r) - 2.5;
		mf_pwm_t *p = mf_pwm_create("rand", lo, w, bg_skew);
		mf_hits_t all = {0};
		for (int pos = 0; pos + w <= LEN; ++pos)
			for (int st = 0; st < 2; ++st) {
				unsigned char c[15];
				int clean = 1;
				for (int i = 0; i < w; ++i)
					clean &= (c[i] = mf_nt4[(unsigned char)seq[pos + i]]) < 4;
				if (!clean)
					continue;
				mf_hit_t x = {.pos = pos, .strand = st, .score = 0};
				for (int i = 0; i < w; ++i)
					x.score += st ? lo[(w - 1 - i) * 4 + 3 - c[i]] : lo[i * 4 + c[i]];
				ck_assert_int_eq(mf_hits_push(&all, &x), 0);
			}
		mf_scan_opt_t everything;
		mf_scan_opt_init(&everything);
		everything.top = (int)all.n; /* the output order of --top, over every window */
		mf_hits_top(&all, 0, w, &everything);
		for (int ki = 0; ki < 3; ++ki) {
			mf_scan_opt_t o;
			mf_scan_opt_init(&o);
			o.pvalue = 1, o.top = tops[ki];
			mf_hits_t h = {0};
			int64_t tested = 0;
			ck_assert_int_eq(mf_scan_range(p, 0, seq, LEN, 0, LEN, &o, &h, &tested), 0);
			ck_assert_int_eq(tested, (int64_t)all.n); /* every clean window still counted */
			ck_assert_uint_lt(h.cap, all.n / 2);      /* not every window was kept */
			mf_hits_top(&h, 0, w, &o);
			ck_assert_uint_eq(h.n, (size_t)tops[ki]);
			for (size_t i = 0; i < h.n; ++i) {
				ck_assert_int_eq(h.a[i].pos, all.a[i].pos);
				ck_assert_int_eq(h.a[i].strand, all.a[i].strand);
				ck_assert(tu_close(h.a[i].score, all.a[i].score, 1e-12, 1e-12));
			}
			mf_hits_free(&h);
		}
		mf_hits_free(&all);
		mf_pwm_destroy(p);
	}
	free(seq);
	gsl_rng_free(r);
}
END_TEST

static Suite *scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, logodds_by_hand_and_strands);
	tcase_add_test(tc, pvalues_equal_enumeration);
	tcase_add_test(tc, pvalues_against_sampling_paper_motifs);
	tcase_add_test(tc, n_windows_skipped_and_ends);
	tcase_add_test(tc, lookahead_equals_brute_force);
	tcase_add_test(tc, running_top_k_equals_brute_force);
	tcase_add_test(tc, top_k_and_nonoverlap);
	tcase_add_test(tc, bh_qvalues);
	tcase_add_test(tc, file_threads_identical_and_rows);
	tcase_add_test(tc, bad_motifs);
	tcase_add_test(tc, formats_give_identical_hits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(scan_suite());
}
