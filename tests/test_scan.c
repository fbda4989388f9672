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
#include "motif/scan_internal.h"

#include <stdint.h>

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

/* chunk, rows: bases per chunk and rows per writing task, 0 for the defaults; ahead: the
 * reader thread (mf_scanfile_opt_t.read_ahead) */
static char *scan_to_text_in(const char *in, mf_pwm_t **p, int n, int threads, const char *tag,
		int qv, size_t chunk, size_t rows, int ahead)
{
	mf_seqreader_t *r = mf_seqreader_open(in, MF_SEQ_AUTO, NULL);
	ck_assert_ptr_nonnull(r);
	mf_scanfile_opt_t o = {.threads = threads, .qvalues = qv, .chunk_bases = chunk,
		.rows_per_block = rows, .read_ahead = ahead};
	mf_scan_opt_init(&o.scan);
	o.scan.pvalue = 1e-2;
	char *out = tu_path(dir, tag);
	ck_assert_int_eq(mf_scan_file(r, p, n, out, &o, NULL), 0);
	mf_seqreader_close(r);
	char *text = tu_read(out, NULL);
	free(out);
	return text;
}

static char *scan_to_text(const char *in, mf_pwm_t **p, int n, int threads, const char *tag,
		int qv)
{
	return scan_to_text_in(in, p, n, threads, tag, qv, 0, 0, 0);
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
	/* the same bytes with small chunks (records cut), records read ahead by a thread of
	 * their own (records held across chunks) or not, and rows formatted in many small
	 * tasks, on 1 to 3 threads; a third motif equal to the first ties with it at every
	 * position, so cuts between tasks must keep ties whole */
	mf_pwm_t *p3[3] = {p[0], p[1], mf_pwm_create("gataa_again", lo, 5, bg_skew)};
	char *small = tu_path(dir, "small.fa"); /* the short records and 40 kb of the long one */
	const char *tail = strstr(fa, ">s0\n");
	size_t n_small = (size_t)snprintf(fa + n, cap - n, ">cut\n") + 40000 + 1;
	char *sm = malloc(n_small + (size_t)(fa + n - tail));
	memcpy(sm, fa + n, 5), memcpy(sm + 5, fa + 6, 40000), sm[40005] = '\n';
	memcpy(sm + n_small, tail, (size_t)(fa + n - tail));
	ck_assert_int_eq(tu_write(small, sm, n_small + (size_t)(fa + n - tail)), 0);
	free(sm);
	char *ref3 = scan_to_text(small, p3, 3, 1, "ref3.bed", 0);
	char *qref3 = scan_to_text(small, p3, 3, 1, "qref3.bed", 1);
	static const struct { int threads; size_t chunk, rows; int ahead; } v[] = {
		{1, 1000, 1, 0}, {2, 1000, 3, 1}, {2, 1000, 3, -1}, {3, 7001, 7, 1}, {2, 0, 1, 0},
		{3, 0, 64, 1}, {2, 333, 0, 1}};
	for (size_t i = 0; i < sizeof v / sizeof *v; ++i)
		for (int qv = 0; qv < 2; ++qv) {
			char *t = scan_to_text_in(small, p3, 3, v[i].threads, "v.bed", qv, v[i].chunk,
				v[i].rows, v[i].ahead);
			ck_assert_msg(strcmp(t, qv ? qref3 : ref3) == 0, "-t %d, chunk %zu, rows %zu, "
				"ahead %d, q %d: output differs", v[i].threads, v[i].chunk, v[i].rows,
				v[i].ahead, qv);
			free(t);
		}
	ck_assert_ptr_nonnull(strstr(ref3, "cut\t"));
	free(ref3), free(qref3), free(small);
	mf_pwm_destroy(p3[2]);
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
 * thresholds from "everything" to "almost nothing", and ranges that start mid-sequence.
 * Decided on rounded scores (exact = 0), which the brute force here reproduces; the
 * exact decisions have their own test (exact_decisions_equal_enumeration). */
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
			o.exact = 0;
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

/* ---- exact decisions against brute force --------------------------------------------- */

/* The definition the scanner promises: a word's exact score is the sum of its cells in
 * fixed point at 2^-fbits bit (llround of each cell), its exact p-value the background
 * probability of the words scoring at least as much. Here by enumerating all 4^w words
 * into a hash of distinct scores, then summing from the top. */
typedef struct {
	int64_t f;
	double p;
	uint64_t word; /* one word of this score, letter i in bits 2i, 2i+1 */
} fp_t;

typedef struct {
	fp_t *a;      /* distinct scores, descending, with P(F >= f) */
	size_t n;
} exact_t;

static int by_f_desc(const void *x, const void *y)
{
	const fp_t *a = x, *b = y;
	return (a->f < b->f) - (a->f > b->f);
}

static int64_t fixed_cell(double lo, int fbits)
{
	return llround(lo * ldexp(1.0, fbits));
}

typedef struct { /* distinct scores so far: open addressing, grown when half full */
	fp_t *a;
	char *used;
	size_t cap, n;
} fhash_t;

static fp_t *fhash_slot(fhash_t *h, int64_t f)
{
	size_t k = (size_t)((uint64_t)f * 0x9E3779B97F4A7C15ull >> 20) & (h->cap - 1);
	while (h->used[k] && h->a[k].f != f)
		k = (k + 1) & (h->cap - 1);
	if (!h->used[k])
		h->used[k] = 1, h->a[k] = (fp_t){f, 0, 0}, ++h->n;
	return &h->a[k];
}

static void fhash_grow(fhash_t *h)
{
	fhash_t g = {calloc(h->cap * 2, sizeof *g.a), calloc(h->cap * 2, 1), h->cap * 2, 0};
	ck_assert_ptr_nonnull(g.a);
	ck_assert_ptr_nonnull(g.used);
	for (size_t k = 0; k < h->cap; ++k)
		if (h->used[k])
			*fhash_slot(&g, h->a[k].f) = h->a[k];
	free(h->a), free(h->used);
	*h = g;
}

/* t[0] for the matrix as given, t[1] for its reverse complement (the '-' strand, built
 * here), from one pass over the words. */
static void exact_tables(const double *lo, int w, const double bg[4], int fbits, exact_t *t)
{
	fhash_t h[2];
	double bs = bg[0] + bg[1] + bg[2] + bg[3];
	int64_t cell[2][16][4];
	for (int st = 0; st < 2; ++st) {
		h[st] = (fhash_t){calloc(1024, sizeof(fp_t)), calloc(1024, 1), 1024, 0};
		for (int i = 0; i < w; ++i)
			for (int c = 0; c < 4; ++c)
				cell[st][i][c] = fixed_cell(st ? lo[(w - 1 - i) * 4 + 3 - c] : lo[i * 4 + c],
					fbits);
	}
	for (uint64_t x = 0; x < (uint64_t)1 << (2 * w); ++x) {
		int64_t f[2] = {0, 0};
		double pr = 1;
		for (int i = 0; i < w; ++i) {
			int c = (int)((x >> (2 * i)) & 3);
			f[0] += cell[0][i][c], f[1] += cell[1][i][c], pr *= bg[c] / bs;
		}
		for (int st = 0; st < 2; ++st) {
			fp_t *e = fhash_slot(&h[st], f[st]);
			e->p += pr, e->word = x;
			if (2 * h[st].n > h[st].cap)
				fhash_grow(&h[st]);
		}
	}
	for (int st = 0; st < 2; ++st) {
		t[st].a = malloc(h[st].n * sizeof *t[st].a);
		t[st].n = 0;
		for (size_t k = 0; k < h[st].cap; ++k)
			if (h[st].used[k])
				t[st].a[t[st].n++] = h[st].a[k];
		free(h[st].a), free(h[st].used);
		qsort(t[st].a, t[st].n, sizeof *t[st].a, by_f_desc);
		for (size_t i = 1; i < t[st].n; ++i) /* from the top, where the small masses are */
			t[st].a[i].p += t[st].a[i - 1].p;
	}
}

static double exact_pvalue(const exact_t *t, int64_t f)
{
	size_t a = 0, b = t->n;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (t->a[m].f > f)
			a = m + 1;
		else
			b = m;
	}
	ck_assert(a < t->n && t->a[a].f == f);
	return t->a[a].p;
}

/* P(F >= f) for any f, attainable or not. */
static double exact_at_least(const exact_t *t, int64_t f)
{
	size_t a = 0, b = t->n; /* the distinct scores >= f are t->a[0 .. a) */
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (t->a[m].f >= f)
			a = m + 1;
		else
			b = m;
	}
	return a ? t->a[a - 1].p : 0;
}

/* The window at seq (w letters, all ACGT) on strand st: its fixed-point score. */
static int64_t window_fixed(const double *lo, int w, int st, const char *seq, int fbits)
{
	int64_t f = 0;
	for (int i = 0; i < w; ++i) {
		int c = mf_nt4[(unsigned char)seq[i]];
		f += fixed_cell(st ? lo[(w - 1 - i) * 4 + 3 - c] : lo[i * 4 + c], fbits);
	}
	return f;
}

/* The word kept for a class, as it reads on '+' (the '+' strand's classes). */
static void word_of_class(const fp_t *c, int w, char *out)
{
	for (int i = 0; i < w; ++i)
		out[i] = "ACGT"[(c->word >> (2 * i)) & 3];
}

/* Lumpy matrices: cells from a few values, repeated columns, near-zero cells, and pairs of
 * cells 2^-35 bit apart that no rounding to 1/1000 bit can tell apart. */
static void lumpy_matrix(gsl_rng *r, int w, double *lo)
{
	static const double vals[] = {-3, -1, -0.25, 0, 0.5, 1.25, 2};
	for (int i = 0; i < w; ++i) {
		if (i > 0 && gsl_rng_uniform(r) < 0.3) { /* a repeated column */
			memcpy(lo + i * 4, lo + (i - 1) * 4, 4 * sizeof *lo);
			continue;
		}
		for (int c = 0; c < 4; ++c)
			lo[i * 4 + c] = vals[gsl_rng_uniform_int(r, 7)];
	}
	lo[1] += ldexp(1.0, -35);           /* next to a tie */
	lo[4 * (w / 2) + 2] = 1e-9;         /* near zero */
	lo[4 * (w - 1) + 3] = -ldexp(1.0, -30);
}

static void random_matrix(gsl_rng *r, int w, double *lo)
{
	for (int i = 0; i < w * 4; ++i)
		lo[i] = 6 * gsl_rng_uniform(r) - 4;
}

/* A sequence with N runs, lowercase, and planted words of the given classes on both
 * strands (a class word planted reverse-complemented reads as that class on '-'). */
static char *exact_sequence(gsl_rng *r, int len, int w, char (*plant)[16], int n_plant)
{
	char *seq = malloc((size_t)len + 1);
	for (int i = 0; i < len; ++i)
		seq[i] = "ACGT"[gsl_rng_uniform_int(r, 4)];
	for (int i = 0; i + w < len; i += 3 * w) {
		int k = (int)gsl_rng_uniform_int(r, (unsigned long)n_plant);
		memcpy(seq + i, plant[k], (size_t)w);
	}
	for (int i = 0; i < len; ++i) {
		if (i % 997 > 985)
			seq[i] = 'N';
		else if (i % 613 < 40)
			seq[i] = (char)(seq[i] - 'A' + 'a');
	}
	seq[len] = '\0';
	return seq;
}

/* The hits of one scan against the brute force: exactly the clean windows whose exact
 * p-value is <= P, reported p-values <= P and exact near the threshold. */
static void check_exact_hits(const mf_hits_t *h, const char *seq, int len, const double *lo,
		int w, int fbits, double err, double scale, const exact_t *t, double pvalue,
		double slack, const char *what)
{
	size_t k = 0;
	for (int pos = 0; pos + w <= len; ++pos) {
		int clean = 1;
		for (int i = 0; i < w; ++i)
			clean &= mf_nt4[(unsigned char)seq[pos + i]] < 4;
		for (int st = 0; clean && st < 2; ++st) {
			double ex = exact_pvalue(&t[st], window_fixed(lo, w, st, seq + pos, fbits));
			if (!(ex <= pvalue))
				continue;
			ck_assert_msg(k < h->n && h->a[k].pos == pos && h->a[k].strand == st,
				"%s: window %d%c (exact p %.17g <= P %.17g) not reported", what, pos,
				st ? '-' : '+', ex, pvalue);
			/* the reported p-value: exact near the threshold, else that of the rounded
			 * score, between the exact p-values of the score +- twice the rounding */
			double rep = h->a[k].pvalue;
			int64_t f = window_fixed(lo, w, st, seq + pos, fbits);
			int64_t d = (int64_t)ceil(2 * err / scale * ldexp(1.0, fbits)) + 1;
			ck_assert_msg(rep <= pvalue * (1 + slack), "%s: reported p %g > P %g", what, rep,
				pvalue);
			ck_assert_msg(rep >= exact_at_least(&t[st], f + d) * (1 - 1e-12) &&
				rep <= exact_at_least(&t[st], f - d) * (1 + 1e-12),
				"%s: reported p %g outside the rounding of exact %g", what, rep, ex);
			if (fabs(ex / pvalue - 1) < 2e-4)
				ck_assert_msg(tu_close(rep, ex, 1e-9, 0), "%s: near the threshold, reported "
					"p %.17g, exact %.17g", what, rep, ex);
			++k;
		}
	}
	ck_assert_msg(k == h->n, "%s: %zu windows reported, %zu pass exactly", what, h->n, k);
}

static char *write_fasta(const char *seq, const char *name)
{
	size_t n = strlen(seq);
	char *fa = malloc(n + 64);
	int k = snprintf(fa, 64, ">%s\n", name);
	memcpy(fa + k, seq, n);
	fa[k + (int)n] = '\n';
	char *path = tu_path(dir, "exact.fa");
	ck_assert_int_eq(tu_write(path, fa, (size_t)k + n + 1), 0);
	free(fa);
	return path;
}

/* The same decisions through mf_scan_file with chunks far smaller than the record (the
 * thresholds kept from chunk to chunk), read back from its BED rows. */
static void check_file_path(mf_pwm_t *p, const char *seq, double pvalue, const mf_hits_t *h)
{
	char *in = write_fasta(seq, "x");
	for (int threads = 1; threads <= 2; ++threads) {
		mf_seqreader_t *r = mf_seqreader_open(in, MF_SEQ_AUTO, NULL);
		mf_scanfile_opt_t o = {.threads = threads, .chunk_bases = 777};
		mf_scan_opt_init(&o.scan);
		o.scan.pvalue = pvalue;
		char *out = tu_path(dir, "exact.bed");
		ck_assert_int_eq(mf_scan_file(r, &p, 1, out, &o, NULL), 0);
		mf_seqreader_close(r);
		char *text = tu_read(out, NULL), *save = NULL;
		size_t k = 0;
		for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			long long start;
			char strand;
			ck_assert_int_eq(sscanf(line, "x %lld %*s %*s %*s %c", &start, &strand), 2);
			ck_assert_msg(k < h->n && h->a[k].pos == start && h->a[k].strand == (strand == '-'),
				"file path: row %zu differs from mf_scan_range", k);
			++k;
		}
		ck_assert_uint_eq(k, h->n);
		free(text), free(out);
	}
	free(in);
}

START_TEST(exact_decisions_equal_enumeration)
{
	static const double bgs[4][4] = {{0.25, 0.25, 0.25, 0.25}, {0.125, 0.375, 0.25, 0.25},
		{0.3, 0.2, 0.2, 0.3}, {0.1, 0.2, 0.3, 0.4}};
	static const int dyadic[4] = {1, 1, 0, 0};
	static const struct { int w, lumpy; } cases[] = {{1, 0}, {3, 1}, {5, 0}, {6, 1}, {8, 0},
		{8, 1}, {9, 1}, {10, 0}, {10, 1}, {11, 1}, {12, 1}};
	static const double targets[] = {1e-4, 2e-3, 0.05, 0.3};
	enum { LEN = 4000 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 19);
	int n_checked = 0;
	for (size_t ci = 0; ci < sizeof cases / sizeof *cases; ++ci) {
		int w = cases[ci].w, b = (int)(ci % 4);
		const double *bg = bgs[b];
		double lo[48];
		if (cases[ci].lumpy)
			lumpy_matrix(r, w, lo);
		else
			random_matrix(r, w, lo);
		mf_pwm_t *p = mf_pwm_create("exact", lo, w, bg);
		ck_assert_ptr_nonnull(p);
		exact_t t[2];
		exact_tables(lo, w, bg, p->fbits, t);
		for (size_t ti = w > 10 ? 1 : 0; ti < (w > 10 ? 3 : sizeof targets / sizeof *targets);
				++ti) {
			/* the class whose p-value is the largest <= target, and the one below it */
			size_t c = 0;
			while (c + 1 < t[0].n && t[0].a[c + 1].p <= targets[ti])
				++c;
			if (t[0].a[c].p > targets[ti] || c + 1 >= t[0].n)
				continue;
			char plant[4][16];
			word_of_class(&t[0].a[c], w, plant[0]);
			word_of_class(&t[0].a[c + 1], w, plant[1]);
			memcpy(plant[2], plant[0], 16), memcpy(plant[3], plant[1], 16);
			mf_revcomp(plant[2], (size_t)w), mf_revcomp(plant[3], (size_t)w);
			char *seq = exact_sequence(r, LEN, w, plant, 4);
			/* P exactly at the class's p-value (it passes, the next one down fails), a
			 * hair below it (it fails), and between the two classes */
			double at = t[0].a[c].p, next = t[0].a[c + 1].p;
			double ps[3] = {dyadic[b] ? at : at * (1 + 1e-9), at * (1 - 1e-9),
				0.5 * (at + next)};
			for (int k = 0; k < 3; ++k) {
				mf_scan_opt_t o;
				mf_scan_opt_init(&o);
				o.pvalue = ps[k];
				mf_hits_t h = {0};
				int64_t tested = 0;
				ck_assert_int_eq(mf_scan_range(p, 0, seq, LEN, 0, LEN, &o, &h, &tested), 0);
				char what[96];
				snprintf(what, sizeof what, "w=%d %s bg %d P=%.17g", w,
					cases[ci].lumpy ? "lumpy" : "random", b, ps[k]);
				check_exact_hits(&h, seq, LEN, lo, w, p->fbits, p->err, p->scale, t, ps[k],
					dyadic[b] ? 0 : 1e-12, what);
				if (k == 0 && ti == 1)
					check_file_path(p, seq, ps[k], &h);
				mf_hits_free(&h);
				++n_checked;
			}
			free(seq);
		}
		free(t[0].a), free(t[1].a);
		mf_pwm_destroy(p);
	}
	ck_assert_int_gt(n_checked, 50);
	gsl_rng_free(r);
}
END_TEST

/* A wide motif at a loose P: too many words within the rounding of the threshold to list,
 * so those windows are decided on rounded scores, and counted. */
START_TEST(wide_band_decided_on_rounded_scores)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 4);
	enum { W = 30, LEN = 200000 };
	double lo[W * 4];
	for (int i = 0; i < W * 4; ++i)
		lo[i] = 2 * gsl_rng_uniform(r) - 1.2;
	mf_pwm_t *p = mf_pwm_create("wide", lo, W, bg_skew);
	char *seq = malloc(LEN + 1);
	for (int i = 0; i < LEN; ++i)
		seq[i] = "ACGT"[gsl_rng_uniform_int(r, 4)];
	seq[LEN] = '\0';
	char *in = write_fasta(seq, "x"), *out = tu_path(dir, "wide.bed");
	mf_seqreader_t *rd = mf_seqreader_open(in, MF_SEQ_AUTO, NULL);
	mf_scanfile_opt_t o = {.threads = 1};
	mf_scan_opt_init(&o.scan);
	o.scan.pvalue = 0.01;
	mf_scan_stats_t st = {0};
	ck_assert_int_eq(mf_scan_file(rd, &p, 1, out, &o, &st), 0);
	mf_seqreader_close(rd);
	ck_assert_int_eq(st.n_inexact, 1);
	ck_assert_int_gt(st.n_approx, 0);
	ck_assert_int_lt(st.n_approx, st.n_hits);
	/* the rounded decision is the p-value of the rounded score: FIMO's and MOODS' */
	mf_scan_opt_t ro;
	mf_scan_opt_init(&ro);
	ro.pvalue = 0.01, ro.exact = 0;
	mf_hits_t h = {0};
	ck_assert_int_eq(mf_scan_range(p, 0, seq, LEN, 0, LEN, &ro, &h, NULL), 0);
	ck_assert_int_eq((int64_t)h.n, st.n_hits);
	mf_hits_free(&h);
	free(seq), free(in), free(out);
	mf_pwm_destroy(p);
	gsl_rng_free(r);
}
END_TEST

/* The vectorised first stage against its scalar reference: the same hits for every range
 * length from 0 to 40 and every start offset modulo 8, for motifs from 1 to 30 wide. */
START_TEST(simd_first_stage_equals_scalar)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 8);
	enum { LEN = 5000 };
	char *seq = malloc(LEN + 1);
	for (int i = 0; i < LEN; ++i)
		seq[i] = i % 1200 > 1190 ? 'N' : "ACGTacgt"[gsl_rng_uniform_int(r, 8)];
	seq[LEN] = '\0';
	const int widths[] = {1, 5, 8, 9, 16, 30};
	for (size_t wi = 0; wi < sizeof widths / sizeof *widths; ++wi) {
		int w = widths[wi];
		double lo[120];
		for (int i = 0; i < w * 4; ++i)
			lo[i] = 4 * gsl_rng_uniform(r) - 2.5;
		mf_pwm_t *p = mf_pwm_create("simd", lo, w, bg_skew);
		mf_scan_opt_t o;
		mf_scan_opt_init(&o);
		o.pvalue = 0.05;
		for (int from = 0; from < 8; ++from)
			for (int n = 0; n <= 40; n += from % 2 ? 3 : 1) {
				mf_hits_t h[2] = {{0}, {0}};
				for (int v = 0; v < 2; ++v) {
					mf_scan_simd = v;
					ck_assert_int_eq(mf_scan_range(p, 0, seq, LEN, (size_t)(1000 + from),
						(size_t)(1000 + from + n), &o, &h[v], NULL), 0);
				}
				ck_assert_uint_eq(h[0].n, h[1].n);
				for (size_t k = 0; k < h[0].n; ++k) {
					ck_assert_int_eq(h[0].a[k].pos, h[1].a[k].pos);
					ck_assert_int_eq(h[0].a[k].strand, h[1].a[k].strand);
					ck_assert_double_eq(h[0].a[k].pvalue, h[1].a[k].pvalue);
				}
				mf_hits_free(&h[0]), mf_hits_free(&h[1]);
			}
		/* and whole: thousands of hits */
		mf_hits_t h[2] = {{0}, {0}};
		for (int v = 0; v < 2; ++v) {
			mf_scan_simd = v;
			ck_assert_int_eq(mf_scan_range(p, 0, seq, LEN, 0, LEN, &o, &h[v], NULL), 0);
		}
		if (w >= 5) /* a 1-wide motif never reaches p 0.05 */
			ck_assert_uint_gt(h[0].n, 100);
		ck_assert_uint_eq(h[0].n, h[1].n);
		for (size_t k = 0; k < h[0].n; ++k)
			ck_assert(h[0].a[k].pos == h[1].a[k].pos && h[0].a[k].strand == h[1].a[k].strand);
		mf_hits_free(&h[0]), mf_hits_free(&h[1]);
		mf_pwm_destroy(p);
	}
	mf_scan_simd = 1;
	free(seq);
	gsl_rng_free(r);
}
END_TEST

/* The vectorised encoding against its scalar reference: codes, 8-mer codes and runs for
 * pieces of every length from 0 to 100 (all bytes, lowercase, N runs), appended in a row
 * and windows allowed in part of each. */
START_TEST(simd_encoding_equals_scalar)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 9);
	enum { LEN = 20000 };
	char *seq = malloc(LEN);
	for (int i = 0; i < LEN; ++i) {
		int k = (int)gsl_rng_uniform_int(r, 100);
		if (i % 97 > 60) /* N runs, ending at every offset within a vector */
			seq[i] = i % 3 ? 'N' : 'n';
		else
			seq[i] = k < 90 ? "ACGTacgt"[k % 8] : (char)(1 + gsl_rng_uniform_int(r, 255));
	}
	mf_codes_t c[2] = {{0}, {0}};
	for (int v = 0; v < 2; ++v) {
		mf_scan_simd = v;
		size_t at = 0;
		for (size_t n = 0; at + n <= LEN && n <= 100; at += n, ++n)
			ck_assert_int_ge(mf_codes_append(&c[v], seq + at, n, n > 10 ? n - 7 : n), 0);
		ck_assert_int_ge(mf_codes_append(&c[v], seq + at, LEN - at, LEN - at), 0);
		ck_assert_int_eq(mf_codes_finish(&c[v]), 0);
	}
	mf_scan_simd = 1;
	ck_assert_uint_eq(c[0].n, c[1].n);
	ck_assert_mem_eq(c[0].code, c[1].code, c[0].n + MF_CODES_PAD);
	ck_assert_mem_eq(c[0].qmer, c[1].qmer, (c[0].n + MF_CODES_PAD) * sizeof *c[0].qmer);
	ck_assert_uint_eq(c[0].n_run, c[1].n_run);
	ck_assert_mem_eq(c[0].run, c[1].run, c[0].n_run * sizeof *c[0].run);
	ck_assert_uint_gt(c[0].n_run, 100);
	/* and against the definition */
	for (size_t i = 0; i + MF_LA_Q <= c[0].n + MF_CODES_PAD; ++i) {
		unsigned q = 0;
		for (int k = 0; k < MF_LA_Q; ++k)
			q = q << 2 | (c[0].code[i + (size_t)k] & 3u);
		ck_assert_uint_eq(c[1].qmer[i], q);
	}
	mf_codes_free(&c[0]), mf_codes_free(&c[1]);
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
	tcase_add_test(tc, wide_band_decided_on_rounded_scores);
	tcase_add_test(tc, simd_first_stage_equals_scalar);
	tcase_add_test(tc, simd_encoding_equals_scalar);
	suite_add_tcase(s, tc);
	/* all 4^12 words several times over: slow under sanitizers on a busy machine */
	TCase *te = tcase_create("exact");
	tcase_add_checked_fixture(te, setup, teardown);
	tcase_set_timeout(te, 900);
	tcase_add_test(te, exact_decisions_equal_enumeration);
	suite_add_tcase(s, te);
	return s;
}

int main(void)
{
	return tu_run(scan_suite());
}
