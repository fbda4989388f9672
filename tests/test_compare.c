/* Unit tests for compare (Tomtom-like motif matching): p-values against a brute-force
 * enumeration, Tomtom 5.5.8's own numbers, self / reverse-complement / shifted / trimmed
 * copies, CWMs, thread invariance and bad inputs. */
#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "motif/compare.h"
#include "motif/motif.h"
#include "testutil.h"

static char *dir;

static void setup(void)
{
	mf_verbose = MF_LOG_QUIET;
	dir = tu_tmpdir("compare");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	free(dir);
}

static char *src_path(const char *rel)
{
	return tu_path(getenv("TESTS_SRCDIR") ? getenv("TESTS_SRCDIR") : "tests", rel);
}

static mf_motifset_t *load_text(const char *name, const char *text)
{
	char *p = tu_path(dir, name);
	ck_assert_int_eq(tu_write(p, text, strlen(text)), 0);
	mf_motifset_t *s = mf_motifset_load_cwm(p, MF_MOTIF_AUTO, MF_CWM_DETECT);
	free(p);
	return s;
}

static mf_motifset_t *encode_set(void)
{
	char *p = src_path("../motifs/encode_motifs.txt.gz");
	mf_motifset_t *s = mf_motifset_load(p, MF_MOTIF_AUTO);
	free(p);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* A motif owned by the test (name and matrix malloc'ed). */
static mf_motif_t make_motif(const char *name, const double *p, int w)
{
	mf_motif_t m;
	memset(&m, 0, sizeof m);
	m.name = strdup(name);
	m.desc = strdup("");
	m.w = w;
	m.p = malloc((size_t)w * 4 * sizeof *m.p);
	memcpy(m.p, p, (size_t)w * 4 * sizeof *m.p);
	m.threshold = NAN;
	return m;
}

static void free_motif(mf_motif_t *m)
{
	free(m->name);
	free(m->desc);
	free(m->p);
}

/* Runs one query against db; the result must be freed. */
static mf_compare_result_t run_one(const mf_compare_db_t *db, const mf_motif_t *q)
{
	mf_compare_result_t r;
	ck_assert_int_eq(mf_compare_run(db, q, 1, NULL, &r), 0);
	return r;
}

/* Every target, by p-value. */
static void all_targets(mf_compare_opt_t *o)
{
	mf_compare_opt_init(o);
	o->by = MF_COMPARE_BY_P;
	o->thresh = 1;
}

static const mf_compare_hit_t *hit_for(const mf_compare_result_t *r, int target)
{
	for (int k = 0; k < r->n; ++k)
		if (r->hit[k].target == target)
			return &r->hit[k];
	return NULL;
}

/* ---- brute force ------------------------------------------------------------------------ */

static unsigned rng_state = 12345;

static double urand(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return ((rng_state >> 8) & 0xffff) / 65536.0 + 1e-3;
}

static void random_ppm(double *p, int w)
{
	for (int i = 0; i < w; ++i) {
		double s = 0;
		for (int b = 0; b < 4; ++b)
			s += p[i * 4 + b] = pow(urand(), 3);
		for (int b = 0; b < 4; ++b)
			p[i * 4 + b] /= s;
	}
}

static double ref_score(const double *q, const double *t, int dist)
{
	if (dist == MF_COMPARE_PEARSON) {
		double mq = (q[0] + q[1] + q[2] + q[3]) / 4, mt = (t[0] + t[1] + t[2] + t[3]) / 4;
		double num = 0, dq = 0, dt = 0;
		for (int b = 0; b < 4; ++b) {
			num += (q[b] - mq) * (t[b] - mt);
			dq += (q[b] - mq) * (q[b] - mq);
			dt += (t[b] - mt) * (t[b] - mt);
		}
		return dq * dt > 0 ? num / sqrt(dq * dt) : 0;
	}
	double d = 0;
	for (int b = 0; b < 4; ++b)
		d += (q[b] - t[b]) * (q[b] - t[b]);
	return -sqrt(d);
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

#define BF_MAXC 64
#define BF_W 3

/* P(sum of grid scores of query columns i..j over independent uniform columns >= t),
 * by enumerating every tuple of database columns. */
static double bf_tail(int g[BF_W][BF_MAXC], int n, int i, int j, long t)
{
	int o = j - i + 1, idx[BF_W] = {0};
	long total = 1, hit = 0;
	for (int k = 0; k < o; ++k)
		total *= n;
	for (long c = 0; c < total; ++c) {
		long sum = 0, x = c;
		for (int k = 0; k < o; ++k) {
			idx[k] = (int)(x % n);
			x /= n;
			sum += g[i + k][idx[k]];
		}
		hit += sum >= t;
	}
	return (double)hit / (double)total;
}

static void check_brute_force(int dist)
{
	enum { NT = 3 };
	const int widths[NT] = {3, 2, 4};
	mf_motifset_t set;
	memset(&set, 0, sizeof set);
	set.n = NT;
	set.m = calloc(NT, sizeof *set.m);
	double p[8 * 4], q[BF_W * 4];
	for (int t = 0; t < NT; ++t) {
		char name[8];
		snprintf(name, sizeof name, "t%d", t);
		random_ppm(p, widths[t]);
		set.m[t] = make_motif(name, p, widths[t]);
	}
	random_ppm(q, BF_W);
	mf_motif_t query = make_motif("q", q, BF_W);

	mf_compare_opt_t o;
	all_targets(&o);
	o.dist = dist;
	o.min_overlap = 2;
	const mf_motifset_t *sets[1] = {&set};
	mf_compare_db_t *db = mf_compare_db_create(sets, NULL, 1, &o);
	ck_assert_ptr_nonnull(db);
	mf_compare_result_t r = run_one(db, &query);
	ck_assert_int_eq(r.n, NT);

	/* the reference: Tomtom's steps written out plainly */
	double qc[BF_W * 4], cols[BF_MAXC][4], raw[BF_W][BF_MAXC], sorted[BF_MAXC];
	int n = 0, base[NT];
	for (int k = 0; k < BF_W * 4; ++k)
		qc[k] = (q[k] * 20 + 0.1 * 0.25) / 20.1;
	for (int t = 0; t < NT; ++t) {
		base[t] = n;
		for (int s = 0; s < 2; ++s)
			for (int i = 0; i < widths[t]; ++i, ++n)
				for (int b = 0; b < 4; ++b) {
					const mf_motif_t *m = &set.m[t];
					double v = s ? m->p[(m->w - 1 - i) * 4 + 3 - b] : m->p[i * 4 + b];
					cols[n][b] = (v * 20 + 0.1 * 0.25) / 20.1;
				}
	}
	double lo = INFINITY, hi = -INFINITY;
	for (int i = 0; i < BF_W; ++i) {
		for (int t = 0; t < n; ++t)
			sorted[t] = raw[i][t] = ref_score(qc + i * 4, cols[t], dist);
		qsort(sorted, (size_t)n, sizeof *sorted, cmp_dbl);
		double med = (sorted[n / 2 - 1] + sorted[(n + 1) / 2 - 1]) / 2;
		for (int t = 0; t < n; ++t) {
			raw[i][t] -= med;
			lo = fmin(lo, raw[i][t]);
			hi = fmax(hi, raw[i][t]);
		}
	}
	double origin = floor(lo), scale = floor(100 / (hi - origin));
	int g[BF_W][BF_MAXC];
	for (int i = 0; i < BF_W; ++i)
		for (int t = 0; t < n; ++t)
			g[i][t] = (int)((raw[i][t] - origin) * scale + 0.5);
	long shift = (long)(-origin * scale);
	for (int t = 0; t < NT; ++t) {
		int L = widths[t], mo = L < 2 ? L : 2;
		double best_p = 2;
		for (int s = 0; s < 2; ++s) {
			long best = LONG_MIN;
			int best_ov = 0;
			for (int off = -(BF_W - mo); off <= L - mo; ++off) {
				long sum = 0;
				int ov = 0;
				for (int i = 0; i < BF_W; ++i)
					if (i + off >= 0 && i + off < L) {
						sum += g[i][base[t] + s * L + i + off] - shift;
						++ov;
					}
				if (ov >= mo && (sum > best || (sum == best && ov > best_ov))) {
					best = sum;
					best_ov = ov;
				}
			}
			double keep = 1; /* P(every alignment of random columns scores below best) */
			for (int off = -(BF_W - 1); off <= L - 1; ++off) {
				int i0 = off < 0 ? -off : 0, i1 = BF_W - 1 < L - 1 - off ? BF_W - 1 : L - 1 - off;
				double sf = bf_tail(g, n, i0, i1, best + shift * (i1 - i0 + 1));
				keep *= (1 - sf) * (1 - sf);
			}
			best_p = fmin(best_p, 1 - keep);
		}
		const mf_compare_hit_t *h = hit_for(&r, t);
		ck_assert_ptr_nonnull(h);
		ck_assert_msg(tu_close(h->pvalue, best_p, 1e-9, 1e-14), "dist %d target %d: p %.17g, "
			"brute force %.17g", dist, t, h->pvalue, best_p);
		ck_assert(tu_close(h->evalue, best_p * NT, 1e-9, 1e-14));
	}
	mf_compare_results_free(&r, 1);
	mf_compare_db_destroy(db);
	for (int t = 0; t < NT; ++t)
		free_motif(&set.m[t]);
	free(set.m);
	free_motif(&query);
}

START_TEST(pvalue_matches_brute_force)
{
	for (int rep = 0; rep < 4; ++rep) {
		check_brute_force(MF_COMPARE_ED);
		check_brute_force(MF_COMPARE_PEARSON);
	}
}
END_TEST

START_TEST(qvalues_are_benjamini_hochberg)
{
	mf_motifset_t *e = encode_set();
	mf_compare_opt_t o;
	all_targets(&o);
	const mf_motifset_t *sets[1] = {e};
	mf_compare_db_t *db = mf_compare_db_create(sets, NULL, 1, &o);
	mf_compare_result_t r = run_one(db, mf_motifset_find(e, "CTCF_known1"));
	int n = r.n;
	ck_assert_int_eq(n, e->n);
	for (int i = 0; i < n; ++i) {
		double q = 1;
		for (int j = i; j < n; ++j)
			q = fmin(q, r.hit[j].pvalue * n / (j + 1));
		ck_assert(tu_close(r.hit[i].qvalue, q, 1e-12, 0));
		ck_assert(i == 0 || r.hit[i - 1].pvalue <= r.hit[i].pvalue);
	}
	mf_compare_results_free(&r, 1);
	mf_compare_db_destroy(db);
	mf_motifset_destroy(e);
}
END_TEST

/* ---- against Tomtom ------------------------------------------------------------------------ */

/* tests/data/compare/tomtom_<dist>.tsv: rows of MEME 5.5.8's tomtom -dist <dist>
 * -min-overlap 5 on five ENCODE queries against all 2,067 (tests/data/compare/README.md). */
static void check_against_tomtom(const char *file, int dist)
{
	char *path = src_path(file);
	char *text = tu_read(path, NULL);
	free(path);
	ck_assert_ptr_nonnull(text);
	mf_motifset_t *e = encode_set();
	mf_compare_opt_t o;
	all_targets(&o);
	o.dist = dist;
	const mf_motifset_t *sets[1] = {e};
	mf_compare_db_t *db = mf_compare_db_create(sets, NULL, 1, &o);
	ck_assert_ptr_nonnull(db);
	char last[64] = "";
	mf_compare_result_t r = {0};
	int rows = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char qn[64], tn[64], orient;
		int off, ov;
		double pv;
		if (sscanf(line, "%63s %63s %d %lf %*s %*s %d %*s %*s %c", qn, tn, &off, &pv, &ov,
				&orient) != 6)
			continue;
		if (strcmp(qn, last) != 0) {
			mf_compare_results_free(&r, 1);
			r = run_one(db, mf_motifset_find(e, qn));
			snprintf(last, sizeof last, "%s", qn);
		}
		const mf_motif_t *t = mf_motifset_find(e, tn);
		const mf_compare_hit_t *h = hit_for(&r, (int)(t - e->m));
		ck_assert_ptr_nonnull(h);
		if (pv == 0) /* Tomtom's float underflow */
			ck_assert(h->pvalue < 1.5e-45);
		else
			ck_assert_msg(tu_close(h->pvalue, pv, 1e-4, 0), "%s vs %s: p %g, Tomtom %g", qn, tn,
				h->pvalue, pv);
		if (pv < 0.5) {
			ck_assert_msg(h->offset == off && h->overlap == ov && "+-"[h->strand] == orient,
				"%s vs %s: offset %d overlap %d %c, Tomtom %d %d %c", qn, tn, h->offset,
				h->overlap, "+-"[h->strand], off, ov, orient);
		}
		++rows;
	}
	ck_assert_int_ge(rows, 90);
	mf_compare_results_free(&r, 1);
	mf_compare_db_destroy(db);
	mf_motifset_destroy(e);
	free(text);
}

START_TEST(agrees_with_tomtom_ed)
{
	check_against_tomtom("data/compare/tomtom_ed.tsv", MF_COMPARE_ED);
}
END_TEST

START_TEST(agrees_with_tomtom_pearson)
{
	check_against_tomtom("data/compare/tomtom_pearson.tsv", MF_COMPARE_PEARSON);
}
END_TEST

/* ---- copies of a database motif ------------------------------------------------------------- */

typedef struct {
	mf_motifset_t *e;
	mf_compare_db_t *db;
	int target;
	const mf_motif_t *m;
} fixture_t;

static fixture_t encode_fixture(const char *name, int dist, double trim_bits)
{
	fixture_t f;
	f.e = encode_set();
	mf_compare_opt_t o;
	mf_compare_opt_init(&o);
	o.dist = dist;
	o.trim_bits = trim_bits;
	const mf_motifset_t *sets[1] = {f.e};
	f.db = mf_compare_db_create(sets, NULL, 1, &o);
	ck_assert_ptr_nonnull(f.db);
	f.m = mf_motifset_find(f.e, name);
	ck_assert_ptr_nonnull(f.m);
	f.target = (int)(f.m - f.e->m);
	return f;
}

static void fixture_free(fixture_t *f)
{
	mf_compare_db_destroy(f->db);
	mf_motifset_destroy(f->e);
}

/* The query's best hit is the fixture's motif on strand at offset, with the smallest p. */
static void assert_top(const fixture_t *f, const mf_motif_t *q, int strand, int offset)
{
	mf_compare_result_t r = run_one(f->db, q);
	ck_assert_int_gt(r.n, 1);
	const mf_compare_hit_t *h = &r.hit[0];
	ck_assert_msg(h->target == f->target, "%s: top hit %s, not %s", q->name,
		mf_compare_db_motif(f->db, h->target)->name, f->m->name);
	ck_assert_int_eq(h->strand, strand);
	ck_assert_int_eq(h->offset, offset);
	ck_assert(h->pvalue < r.hit[1].pvalue);
	ck_assert(h->pvalue < 1e-10);
	mf_compare_results_free(&r, 1);
}

START_TEST(self_is_top_at_offset_0)
{
	const char *names[] = {"CTCF_known1", "GATA_disc1", "TAL1_known1", "SIX5_disc1"};
	for (int d = 0; d < 2; ++d)
		for (int i = 0; i < 4; ++i) {
			fixture_t f = encode_fixture(names[i], d ? MF_COMPARE_PEARSON : MF_COMPARE_ED, 0);
			assert_top(&f, f.m, 0, 0);
			fixture_free(&f);
		}
}
END_TEST

START_TEST(reverse_complement_on_minus_strand)
{
	fixture_t f = encode_fixture("CTCF_known1", MF_COMPARE_ED, 0);
	int w = f.m->w;
	double *rc = malloc((size_t)w * 4 * sizeof *rc);
	for (int i = 0; i < w; ++i)
		for (int b = 0; b < 4; ++b)
			rc[i * 4 + b] = f.m->p[(w - 1 - i) * 4 + 3 - b];
	mf_motif_t q = make_motif("ctcf_rc", rc, w);
	assert_top(&f, &q, 1, 0);
	free_motif(&q);
	free(rc);
	fixture_free(&f);
}
END_TEST

START_TEST(shifted_and_trimmed_copies)
{
	fixture_t f = encode_fixture("CTCF_known1", MF_COMPARE_PEARSON, 0.1);
	int w = f.m->w;
	/* columns 3.. of the motif: query column i faces target column i + 3 */
	mf_motif_t tail = make_motif("ctcf_tail", f.m->p + 3 * 4, w - 3);
	assert_top(&f, &tail, 0, 3);
	/* the motif inside 3 uniform columns on the left and 2 on the right: with --trim the
	 * flanks go and the core faces the target at offset 0; without, at -3 */
	double *pad = malloc((size_t)(w + 5) * 4 * sizeof *pad);
	for (int i = 0; i < (w + 5) * 4; ++i)
		pad[i] = 0.25;
	memcpy(pad + 3 * 4, f.m->p, (size_t)w * 4 * sizeof *pad);
	mf_motif_t padded = make_motif("ctcf_padded", pad, w + 5);
	mf_compare_result_t r = run_one(f.db, &padded);
	ck_assert_int_eq(r.start, 3);
	ck_assert_int_eq(r.w, w);
	ck_assert_int_eq(r.hit[0].target, f.target);
	ck_assert_int_eq(r.hit[0].offset, 0);
	mf_compare_results_free(&r, 1);
	mf_compare_opt_t o;
	mf_compare_opt_init(&o);
	o.dist = MF_COMPARE_PEARSON;
	const mf_motifset_t *sets[1] = {f.e};
	mf_compare_db_t *untrimmed = mf_compare_db_create(sets, NULL, 1, &o);
	r = run_one(untrimmed, &padded);
	ck_assert_int_eq(r.start, 0);
	ck_assert_int_eq(r.hit[0].target, f.target);
	ck_assert_int_eq(r.hit[0].offset, -3);
	mf_compare_results_free(&r, 1);
	mf_compare_db_destroy(untrimmed);
	free_motif(&tail);
	free_motif(&padded);
	free(pad);
	fixture_free(&f);
}
END_TEST

/* A CWM like a model's: the observed base's probability x information content, a little
 * negative elsewhere, and weak flanks. */
static double *cwm_of(const mf_motif_t *m, int flank, double sign)
{
	int w = m->w + 2 * flank;
	double *c = calloc((size_t)w * 4, sizeof *c);
	for (int i = 0; i < w; ++i) {
		const double *p = i >= flank && i < flank + m->w ? m->p + (i - flank) * 4 : NULL;
		double ic = 2;
		for (int b = 0; p && b < 4; ++b)
			ic += p[b] > 0 ? p[b] * log2(p[b]) : 0;
		for (int b = 0; b < 4; ++b)
			c[i * 4 + b] = sign * (p ? p[b] * ic - 0.02 : (b == i % 4 ? 0.01 : -0.005));
	}
	return c;
}

START_TEST(cwm_positive_and_signed)
{
	fixture_t f = encode_fixture("CTCF_known1", MF_COMPARE_PEARSON, 0);
	const mf_motifset_t *sets[1] = {f.e};
	for (int mode = 0; mode < 2; ++mode)
		for (int sign = -1; sign <= 1; sign += 2) {
			if (mode == 1 && sign < 0)
				continue; /* signed Pearson of a negative pattern matches its complement */
			double *c = cwm_of(f.m, 4, sign);
			mf_motif_t q = make_motif("ctcf_cwm", c, f.m->w + 8);
			q.cwm = 1;
			mf_compare_opt_t o;
			mf_compare_opt_init(&o);
			o.dist = MF_COMPARE_PEARSON;
			o.cwm = mode ? MF_COMPARE_CWM_SIGNED : MF_COMPARE_CWM_POSITIVE;
			o.trim_cwm = 0.3;
			mf_compare_db_t *db = mf_compare_db_create(sets, NULL, 1, &o);
			mf_compare_result_t r = run_one(db, &q);
			/* the weak flanks go but for the 4 tfmodisco-lite keeps */
			ck_assert_int_le(r.start, 4);
			ck_assert_int_ge(r.start + r.w, f.m->w + 4);
			ck_assert_int_eq(r.hit[0].target, f.target);
			ck_assert_int_eq(r.hit[0].strand, 0);
			ck_assert_int_eq(r.hit[0].offset, r.start - 4);
			mf_compare_results_free(&r, 1);
			mf_compare_db_destroy(db);
			free_motif(&q);
			free(c);
		}
	fixture_free(&f);
}
END_TEST

START_TEST(cwm_files_detected)
{
	const char cwm[] = "MEME version 4\n\nMOTIF pat\nletter-probability matrix: alength= 4 w= 2\n"
		"0.5 -0.1 0 0\n0 0 0.2 0\n\nMOTIF ppm\nletter-probability matrix: alength= 4 w= 2\n"
		"0.5 0.5 0 0\n0 0 1 0\n\nMOTIF weak\nletter-probability matrix:\n0.1 0 0 0\n0 0 0.2 0\n";
	mf_motifset_t *s = load_text("x.cwm.meme", cwm);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->m[0].cwm, 1);
	ck_assert(s->m[0].p[1] == -0.1);
	ck_assert_int_eq(s->m[1].cwm, 0);
	ck_assert_int_eq(s->m[2].cwm, 1);
	mf_motifset_destroy(s);
	char *p = tu_path(dir, "x.cwm.meme");
	ck_assert_ptr_null(mf_motifset_load(p, MF_MOTIF_AUTO)); /* not for scan and friends */
	free(p);
}
END_TEST

/* ---- threads, thresholds, bad inputs ----------------------------------------------------------- */

START_TEST(same_results_for_any_thread_count)
{
	mf_motifset_t *e = encode_set();
	int nq = 40;
	mf_compare_result_t a[40], b[40];
	for (int t = 0; t < 2; ++t) {
		mf_compare_opt_t o;
		mf_compare_opt_init(&o);
		o.dist = MF_COMPARE_PEARSON;
		o.threads = t ? 3 : 1;
		o.top = 20;
		const mf_motifset_t *sets[1] = {e};
		mf_compare_db_t *db = mf_compare_db_create(sets, NULL, 1, &o);
		ck_assert_int_eq(mf_compare_run(db, e->m + 100, nq, NULL, t ? b : a), 0);
		mf_compare_db_destroy(db);
	}
	for (int i = 0; i < nq; ++i) {
		ck_assert_int_eq(a[i].n, b[i].n);
		ck_assert_int_le(a[i].n, 20);
		ck_assert(memcmp(a[i].hit, b[i].hit, (size_t)a[i].n * sizeof *a[i].hit) == 0);
	}
	mf_compare_results_free(a, nq);
	mf_compare_results_free(b, nq);
	mf_motifset_destroy(e);
}
END_TEST

START_TEST(threshold_on_each_statistic)
{
	mf_motifset_t *e = encode_set();
	const mf_motifset_t *sets[1] = {e};
	const mf_motif_t *q = mf_motifset_find(e, "GATA_disc1");
	for (int by = 0; by < 3; ++by) {
		mf_compare_opt_t o;
		mf_compare_opt_init(&o);
		o.by = (mf_compare_by_t)by;
		o.thresh = by == MF_COMPARE_BY_E ? 1 : 1e-3;
		mf_compare_db_t *db = mf_compare_db_create(sets, NULL, 1, &o);
		mf_compare_result_t r = run_one(db, q);
		ck_assert_int_gt(r.n, 0);
		ck_assert_int_lt(r.n, e->n);
		for (int k = 0; k < r.n; ++k) {
			const mf_compare_hit_t *h = &r.hit[k];
			double v = by == MF_COMPARE_BY_P ? h->pvalue : by == MF_COMPARE_BY_E ? h->evalue
											: h->qvalue;
			ck_assert(v <= o.thresh);
		}
		mf_compare_results_free(&r, 1);
		mf_compare_db_destroy(db);
	}
	mf_motifset_destroy(e);
}
END_TEST

START_TEST(bad_inputs)
{
	mf_compare_opt_t o;
	mf_compare_opt_init(&o);
	mf_motifset_t empty;
	memset(&empty, 0, sizeof empty);
	const mf_motifset_t *none[1] = {&empty};
	ck_assert_ptr_null(mf_compare_db_create(none, NULL, 1, &o));

	const double one[4] = {0.7, 0.1, 0.1, 0.1};
	mf_motif_t narrow = make_motif("narrow", one, 1);
	mf_motifset_t s1 = {1, &narrow, 0, {0.25, 0.25, 0.25, 0.25}, 0, 0};
	const mf_motifset_t *sets1[1] = {&s1};
	ck_assert_ptr_null(mf_compare_db_create(sets1, NULL, 1, &o)); /* width-1 target */

	mf_motifset_t *e = encode_set();
	const mf_motifset_t *sets[1] = {e};
	mf_compare_db_t *db = mf_compare_db_create(sets, NULL, 1, &o);
	mf_compare_result_t r;
	ck_assert_int_eq(mf_compare_run(db, &narrow, 1, NULL, &r), -1); /* width-1 query */
	ck_assert_int_eq(r.n, 0);
	mf_compare_db_destroy(db);

	const double signed_cols[8] = {0.5, -0.1, 0, 0, 0, 0, 0.3, 0};
	mf_motif_t cwm = make_motif("cwm", signed_cols, 2);
	cwm.cwm = 1;
	o.cwm = MF_COMPARE_CWM_SIGNED; /* under ed: refused */
	db = mf_compare_db_create(sets, NULL, 1, &o);
	ck_assert_int_eq(mf_compare_run(db, &cwm, 1, NULL, &r), -1);
	mf_compare_db_destroy(db);
	o.dist = MF_COMPARE_PEARSON;
	db = mf_compare_db_create(sets, NULL, 1, &o);
	ck_assert_int_eq(mf_compare_run(db, &cwm, 1, NULL, &r), 0);
	mf_compare_results_free(&r, 1);
	mf_compare_db_destroy(db);

	/* NaN cells are refused by the loader, in CWM files too */
	ck_assert_ptr_null(load_text("nan.meme",
		"MEME version 4\n\nMOTIF x\nletter-probability matrix:\nnan 0 0 0\n0 1 0 0\n"));
	ck_assert_ptr_null(load_text("nan.cwm.meme",
		"MEME version 4\n\nMOTIF x\nletter-probability matrix:\n0.1 nan 0 0\n0 1 0 0\n"));
	free_motif(&narrow);
	free_motif(&cwm);
	mf_motifset_destroy(e);
}
END_TEST

START_TEST(tsv_is_tomtoms_layout)
{
	mf_motifset_t *e = encode_set();
	const mf_motifset_t *sets[1] = {e};
	mf_compare_opt_t o;
	mf_compare_opt_init(&o);
	o.top = 2;
	mf_compare_db_t *db = mf_compare_db_create(sets, NULL, 1, &o);
	const mf_motif_t *q = mf_motifset_find(e, "GATA_disc1");
	mf_compare_result_t r = run_one(db, q);
	char *out = tu_path(dir, "x.tsv"), *html = tu_path(dir, "x.html");
	ck_assert_int_eq(mf_compare_write_tsv(out, db, q, 1, &r, "settings\nmore"), 0);
	ck_assert_int_eq(mf_compare_write_html(html, db, q, 1, &r, "t<1>"), 0);
	char *text = tu_read(out, NULL), *page = tu_read(html, NULL);
	const char head[] = "Query_ID\tTarget_ID\tOptimal_offset\tp-value\tE-value\tq-value\t"
		"Overlap\tQuery_consensus\tTarget_consensus\tOrientation\nGATA_disc1\tGATA_disc1\t0\t";
	ck_assert(strncmp(text, head, strlen(head)) == 0);
	ck_assert_ptr_nonnull(strstr(text, "\n\n# settings\n# more\n"));
	ck_assert_ptr_nonnull(strstr(page, "<svg"));
	ck_assert_ptr_nonnull(strstr(page, "t&lt;1&gt;"));
	free(text);
	free(page);
	free(out);
	free(html);
	mf_compare_results_free(&r, 1);
	mf_compare_db_destroy(db);
	mf_motifset_destroy(e);
}
END_TEST

static Suite *compare_suite(void)
{
	Suite *s = suite_create("compare");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, pvalue_matches_brute_force);
	tcase_add_test(tc, qvalues_are_benjamini_hochberg);
	tcase_add_test(tc, agrees_with_tomtom_ed);
	tcase_add_test(tc, agrees_with_tomtom_pearson);
	tcase_add_test(tc, self_is_top_at_offset_0);
	tcase_add_test(tc, reverse_complement_on_minus_strand);
	tcase_add_test(tc, shifted_and_trimmed_copies);
	tcase_add_test(tc, cwm_positive_and_signed);
	tcase_add_test(tc, cwm_files_detected);
	tcase_add_test(tc, same_results_for_any_thread_count);
	tcase_add_test(tc, threshold_on_each_statistic);
	tcase_add_test(tc, bad_inputs);
	tcase_add_test(tc, tsv_is_tomtoms_layout);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(compare_suite());
}
