/* scan.c: motifs made ready to scan (integer and fixed-point cells, the two-stage
 * lookahead filter), sequences encoded once for every motif, the window kernel, and the
 * single-motif entry point mf_scan_range (see scan.h and scan_internal.h). */
#include "motif/scan.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/seqio.h"
#include "motif/scan_internal.h"

#define UNITS_PER_BIT 1000.0
#define MAX_UNITS 200000.0 /* bound on a motif's integer score range (table size) */
/* log2(p/bg) of any real motif lies within about +-1100 bits; the bound keeps every
 * integer cell, and the lookahead's sums of 8 of them, well inside int32 */
#define MAX_CELL_BITS 10000.0
/* Windows scanned between two looks at --top's running threshold, and so the most the
 * first stage hands on at once. */
#define SCAN_STEP 8192

struct mf_pwm_cache { /* what mf_scan_range and mf_pwm_tail keep between calls */
	mf_prep_t *prep;    /* made on first use: mf_scan_file does without */
	mf_thr_scratch_t *sc;
	mf_codes_t codes;
	mf_thr_t full[2]; /* the whole distribution, for mf_pwm_tail */
};

static void cache_free(struct mf_pwm_cache *c)
{
	if (!c)
		return;
	if (c->prep)
		mf_prep_free(c->prep);
	free(c->prep);
	mf_thr_scratch_destroy(c->sc);
	mf_codes_free(&c->codes);
	mf_thr_free(&c->full[0]), mf_thr_free(&c->full[1]);
	free(c);
}

void mf_pwm_destroy(mf_pwm_t *p)
{
	if (!p)
		return;
	for (int s = 0; s < 2; ++s)
		free(p->lo[s]), free(p->ilo[s]), free(p->fix[s]);
	cache_free(p->cache);
	free(p->name);
	free(p);
}

static int check_input(const char *name, const double *lo, int w, const double bg[4])
{
	if (w < 1) {
		mf_error("motif '%s': width %d", name, w);
		return -1;
	}
	for (int i = 0; i < w * 4; ++i)
		if (!isfinite(lo[i]) || fabs(lo[i]) > MAX_CELL_BITS) {
			mf_error("motif '%s': log-odds at position %d, letter %c is %g (must be finite and "
				"within +-%g bits)", name, i / 4 + 1, "ACGT"[i % 4], lo[i], MAX_CELL_BITS);
			return -1;
		}
	for (int b = 0; b < 4; ++b)
		if (!(bg[b] > 0) || !isfinite(bg[b])) {
			mf_error("motif '%s': background frequency of %c is %g, must be positive", name,
				"ACGT"[b], bg[b]);
			return -1;
		}
	return 0;
}

/* Integer cells, fixed-point cells and the bound err on their disagreement. The fixed
 * point keeps 2^fbits per bit with fbits as large as int64 sums allow (about 52 for real
 * motifs): exact scores are compared exactly, ties included. */
static void set_cells(mf_pwm_t *p)
{
	int w = p->w;
	double amax = 0;
	for (int i = 0; i < w; ++i) {
		double m = 0;
		for (int c = 0; c < 4; ++c)
			m = fmax(m, fabs(p->lo[0][i * 4 + c]));
		amax += m;
	}
	p->fbits = 61 - (int)ceil(log2(amax + 1));
	if (p->fbits > 60)
		p->fbits = 60;
	double k = ldexp(1.0, p->fbits), back = p->scale / k;
	p->err = 1e-6;
	for (int i = 0; i < w; ++i) {
		double e = 0;
		for (int c = 0; c < 4; ++c)
			for (int s = 0; s < 2; ++s) {
				int j = i * 4 + c;
				p->ilo[s][j] = (int32_t)lround(p->lo[s][j] * p->scale);
				p->fix[s][j] = llround(p->lo[s][j] * k);
				e = fmax(e, fabs((double)p->ilo[s][j] - (double)p->fix[s][j] * back));
			}
		p->err += e;
	}
	for (int s = 0; s < 2; ++s) {
		p->smin[s] = p->smax[s] = 0;
		for (int i = 0; i < w; ++i) {
			int32_t a = p->ilo[s][i * 4], b = a;
			for (int c = 1; c < 4; ++c)
				a = p->ilo[s][i * 4 + c] < a ? p->ilo[s][i * 4 + c] : a,
				b = p->ilo[s][i * 4 + c] > b ? p->ilo[s][i * 4 + c] : b;
			p->smin[s] += a, p->smax[s] += b;
		}
	}
}

mf_pwm_t *mf_pwm_create(const char *name, const double *lo, int w, const double bg[4])
{
	if (check_input(name, lo, w, bg) < 0)
		return NULL;
	mf_pwm_t *p = calloc(1, sizeof *p);
	if (!p || !(p->name = strdup(name)) || !(p->cache = calloc(1, sizeof *p->cache)))
		goto oom;
	p->w = w;
	double range = 0, bs = bg[0] + bg[1] + bg[2] + bg[3];
	for (int b = 0; b < 4; ++b)
		p->bg[b] = bg[b] / bs;
	p->sym = p->bg[0] == p->bg[3] && p->bg[1] == p->bg[2];
	for (int i = 0; i < w; ++i) {
		double a = lo[i * 4], b = lo[i * 4];
		for (int c = 1; c < 4; ++c)
			a = fmin(a, lo[i * 4 + c]), b = fmax(b, lo[i * 4 + c]);
		range += b - a;
	}
	p->scale = range * UNITS_PER_BIT > MAX_UNITS ? MAX_UNITS / range : UNITS_PER_BIT;
	for (int s = 0; s < 2; ++s) {
		p->lo[s] = malloc((size_t)w * 4 * sizeof(double));
		p->ilo[s] = malloc((size_t)w * 4 * sizeof(int32_t));
		p->fix[s] = malloc((size_t)w * 4 * sizeof(int64_t));
		if (!p->lo[s] || !p->ilo[s] || !p->fix[s])
			goto oom;
		for (int i = 0; i < w; ++i)
			for (int c = 0; c < 4; ++c) /* '-': column w-1-i, complementary letter */
				p->lo[s][i * 4 + c] = s ? lo[(w - 1 - i) * 4 + 3 - c] : lo[i * 4 + c];
	}
	set_cells(p);
	return p;
oom:
	mf_error("out of memory building motif '%s'", name);
	mf_pwm_destroy(p);
	return NULL;
}

int64_t mf_pwm_iscore(const mf_pwm_t *p, int strand, const unsigned char *codes)
{
	int64_t s = 0;
	for (int i = 0; i < p->w; ++i)
		s += p->ilo[strand][i * 4 + codes[i]];
	return s;
}

int64_t mf_pwm_fscore(const mf_pwm_t *p, int strand, const unsigned char *codes)
{
	int64_t s = 0;
	for (int i = 0; i < p->w; ++i)
		s += p->fix[strand][i * 4 + codes[i]];
	return s;
}

/* The whole distribution of the integer score, built on first use (not thread-safe). */
static const mf_thr_t *full_tail(const mf_pwm_t *p, int s)
{
	struct mf_pwm_cache *c = p->cache;
	if (c->full[s].ng)
		return &c->full[s];
	if (!c->sc && !(c->sc = mf_thr_scratch_create()))
		return NULL;
	return mf_thr_tail_from(p, s, p->smin[s], &c->full[s], c->sc) < 0 ? NULL : &c->full[s];
}

double mf_pwm_tail(const mf_pwm_t *p, int strand, int64_t s)
{
	if (s <= p->smin[strand])
		return 1;
	if (s > p->smax[strand])
		return 0;
	/* with a symmetric background '-' has '+''s distribution: computed once, so both
	 * strands get the same bits whatever the order of the sums */
	const mf_thr_t *t = full_tail(p, strand == 1 && p->sym ? 0 : strand);
	return t ? mf_thr_pvalue(t, s, 0) : NAN;
}

int64_t mf_pwm_threshold(const mf_pwm_t *p, int strand, double pvalue)
{
	/* tails decrease with s: binary search for the first s with tail <= pvalue */
	int64_t a = p->smin[strand], b = p->smax[strand] + 1;
	while (a < b) {
		int64_t m = a + (b - a) / 2;
		if (mf_pwm_tail(p, strand, m) <= pvalue)
			b = m;
		else
			a = m + 1;
	}
	return a;
}

/* ---- the lookahead filter ------------------------------------------------------------ */

/* What each column's best letter gains over the background mean: where to look first. */
static void column_gains(const mf_pwm_t *p, int s, double *gain, int64_t *cmax)
{
	const int32_t *m = p->ilo[s];
	for (int i = 0; i < p->w; ++i) {
		double mean = 0;
		cmax[i] = m[i * 4];
		for (int c = 0; c < 4; ++c) {
			cmax[i] = m[i * 4 + c] > cmax[i] ? m[i * 4 + c] : cmax[i];
			mean += p->bg[c] * m[i * 4 + c];
		}
		gain[i] = (double)cmax[i] - mean;
	}
}

/* The window of MF_LA_Q columns (fewer for a narrower motif) with the largest gain over
 * the columns not yet covered. */
static int best_window(int w, const double *gain, const char *covered)
{
	int best = 0;
	double bg = -1;
	for (int a = 0; a == 0 || a + MF_LA_Q <= w; ++a) {
		double g = 0;
		for (int i = a; i < a + MF_LA_Q && i < w; ++i)
			g += covered[i] ? 0 : gain[i];
		if (g > bg)
			bg = g, best = a;
	}
	return best;
}

/* t[0][x] scores the window's first four letters, t[1][x] its last four, x being their
 * 2-bit code; only columns with use[] set (and inside the motif) count. */
static void window_halves(const int32_t *m, int w, int off, const char *use, int32_t t[2][256])
{
	for (int h = 0; h < 2; ++h)
		for (int x = 0; x < 256; ++x) {
			int32_t v = 0;
			for (int k = 0; k < 4; ++k) {
				int col = off + 4 * h + k, letter = (x >> (2 * (3 - k))) & 3;
				if (col < w && use[col])
					v += m[col * 4 + letter];
			}
			t[h][x] = v;
		}
}

static int la_build(const mf_pwm_t *p, int s, mf_la_t *la)
{
	int w = p->w;
	double *gain = malloc((size_t)w * sizeof *gain);
	int64_t *cmax = malloc((size_t)w * sizeof *cmax);
	char *in1 = calloc((size_t)w, 1), *in2 = calloc((size_t)w, 1);
	if (!la->pass)
		la->pass = malloc(MF_QMER_N + 4); /* the gathers read 4 bytes */
	if (la->cap_rest < w) {
		free(la->rest), free(la->left);
		la->rest = malloc((size_t)w * sizeof *la->rest);
		la->left = malloc((size_t)w * sizeof *la->left);
		la->cap_rest = la->rest && la->left ? w : 0;
	}
	int rc = gain && cmax && in1 && in2 && la->pass && la->cap_rest ? 0 : -1;
	if (rc < 0)
		goto done;
	column_gains(p, s, gain, cmax);
	la->off1 = best_window(w, gain, in1);
	for (int i = la->off1; i < la->off1 + MF_LA_Q && i < w; ++i)
		in1[i] = 1;
	la->off2 = w > MF_LA_Q ? best_window(w, gain, in1) : -1;
	for (int i = la->off2; la->off2 >= 0 && i < la->off2 + MF_LA_Q; ++i)
		in2[i] = !in1[i];
	window_halves(p->ilo[s], w, la->off1, in1, la->t1);
	if (la->off2 >= 0)
		window_halves(p->ilo[s], w, la->off2, in2, la->t2);
	la->rest1 = la->rest2 = 0, la->nrest = 0;
	for (int i = 0; i < w; ++i) {
		if (!in1[i])
			la->rest1 += cmax[i];
		if (!in1[i] && !in2[i])
			la->rest2 += cmax[i], la->rest[la->nrest++] = i;
	}
	for (int a = 1; a < la->nrest; ++a) /* most informative first: early abandon */
		for (int b = a; b > 0 && gain[la->rest[b]] > gain[la->rest[b - 1]]; --b) {
			int t = la->rest[b];
			la->rest[b] = la->rest[b - 1], la->rest[b - 1] = t;
		}
	int64_t left = 0;
	for (int k = la->nrest; k-- > 0;) /* left[k]: best of the columns after k */
		la->left[k] = left, left += cmax[la->rest[k]];
done:
	free(gain), free(cmax), free(in1), free(in2);
	return rc;
}

/* pass: the 8-mers whose window-1 score plus the best elsewhere reaches lo (on = 0: none). */
static void la_set_pass(mf_la_t *la, int64_t lo, int on)
{
	int64_t need = lo - la->rest1;
	for (int hi = 0; hi < 256; ++hi) {
		int64_t rem = on ? need - la->t1[0][hi] : INT64_MAX;
		uint8_t *row = la->pass + hi * 256;
		for (int x = 0; x < 256; ++x)
			row[x] = la->t1[1][x] >= rem;
	}
}

static void la_free(mf_la_t *la)
{
	free(la->pass), free(la->rest), free(la->left);
	memset(la, 0, sizeof *la);
}

void mf_prep_free(mf_prep_t *pp)
{
	for (int s = 0; s < 2; ++s)
		mf_thr_free(&pp->thr[s]), la_free(&pp->la[s]);
	free(pp->cand);
	pp->cand = NULL, pp->ready = 0;
}

/* The integer score a window must reach to pass both thresholds of strand s. */
static int64_t filter_floor(const mf_pwm_t *p, int s, const mf_thr_t *t, double min_score)
{
	int64_t lo = t->lo;
	if (isfinite(min_score)) { /* the integer score is within err of scale * log-odds */
		double m = floor(min_score * p->scale - p->err) - 1;
		if (m > (double)lo)
			lo = m > (double)p->smax[s] + 1 ? p->smax[s] + 1 : (int64_t)m;
	}
	return lo;
}

/* The thresholds strand s uses: '-' shares '+''s when the background is symmetric. */
static mf_thr_t *thr_of(const mf_pwm_t *p, mf_prep_t *pp, int s)
{
	return &pp->thr[s == 1 && p->sym ? 0 : s];
}

int mf_prep_build(const mf_pwm_t *p, const mf_scan_opt_t *o, const mf_thr_t *kept,
		mf_prep_t *pp, mf_thr_scratch_t *sc)
{
	int ns = o->strands == 1 ? 1 : 2;
	pp->ready = 0;
	if (!pp->cand && !(pp->cand = malloc(SCAN_STEP * sizeof *pp->cand))) {
		mf_error("out of memory");
		return -1;
	}
	for (int s = 0; s < 2; ++s) {
		if (s < ns && !(s == 1 && p->sym) && (kept ?
				mf_thr_restore(p, s, &pp->thr[s], &kept[s], sc) :
				mf_thr_prepare(p, s, o->pvalue, o->exact, &pp->thr[s], sc)) < 0)
			return -1;
		if (la_build(p, s, &pp->la[s]) < 0) {
			mf_error("out of memory building the tables of motif '%s'", p->name);
			return -1;
		}
		pp->lo[s] = filter_floor(p, s, thr_of(p, pp, s), o->min_score);
		la_set_pass(&pp->la[s], pp->lo[s], s < ns);
	}
	pp->pvalue = o->pvalue, pp->min_score = o->min_score, pp->strands = ns;
	pp->exact = o->exact, pp->raised = 0, pp->ready = 1;
	return 0;
}

void mf_prep_raise(const mf_pwm_t *p, mf_prep_t *pp, int64_t t)
{
	for (int s = 0; s < pp->strands; ++s)
		if (t > pp->lo[s]) {
			pp->lo[s] = t > p->smax[s] + 1 ? p->smax[s] + 1 : t;
			la_set_pass(&pp->la[s], pp->lo[s], 1);
			pp->raised = 1;
		}
}

void mf_prep_reset(const mf_pwm_t *p, mf_prep_t *pp)
{
	if (!pp->raised)
		return;
	for (int s = 0; s < pp->strands; ++s) {
		pp->lo[s] = filter_floor(p, s, thr_of(p, pp, s), pp->min_score);
		la_set_pass(&pp->la[s], pp->lo[s], 1);
	}
	pp->raised = 0;
}

/* ---- the kernel ---------------------------------------------------------------------- */

/* A band window of a motif whose band could not be listed: every word scoring at least
 * at least F rounds at or above ceil(F * scale - err), and every word rounding at or above
 * floor(F * scale + err) + 1 scores more than F, so the window's exact p-value lies
 * between the tail at those two integer scores. Decided when both are on one side
 * of P; otherwise on the rounded score (counted in *n_approx). */
static int band_passes(const mf_pwm_t *p, const mf_thr_t *t, int64_t sc, int64_t f,
		double pvalue, int64_t *n_approx)
{
	double x = ldexp((double)f, -p->fbits) * p->scale;
	int64_t a = (int64_t)ceil(x - p->err - 1e-6), b = (int64_t)floor(x + p->err + 1e-6) + 1;
	if (a >= t->glo && mf_thr_pvalue(t, a, INT64_MAX) <= pvalue)
		return 1;
	if (b >= t->glo && mf_thr_pvalue(t, b, INT64_MAX) > pvalue)
		return 0;
	if (n_approx)
		++*n_approx;
	return sc >= t->cut;
}

/* A window whose integer score sc reached the filter: the p-value threshold (the exact
 * score decides the band), the log-odds threshold, the reported p-value. 1 pass. */
static int finish_window(const mf_pwm_t *p, mf_prep_t *pp, int s, const unsigned char *x,
		int64_t sc, const mf_scan_opt_t *o, mf_hit_t *h, int64_t *n_approx)
{
	const mf_thr_t *t = thr_of(p, pp, s);
	if (sc < pp->lo[s] || sc < t->lo)
		return 0;
	int64_t f = INT64_MAX; /* above the band: never one of its listed scores */
	if (sc < t->hi) {
		f = mf_pwm_fscore(p, s, x);
		if (t->exact ? f < t->fix : !band_passes(p, t, sc, f, pp->pvalue, n_approx))
			return 0;
	}
	double score = 0;
	for (int k = 0; k < p->w; ++k)
		score += p->lo[s][k * 4 + x[k]];
	if (score < o->min_score)
		return 0;
	h->strand = s, h->score = score, h->pvalue = mf_thr_pvalue(t, sc, f);
	return 1;
}

/* The window at i on strand s passed the first window: the second, then the other
 * columns, most informative first, abandoned as soon as the threshold is out of reach. */
static int check_window(const mf_pwm_t *p, mf_prep_t *pp, int s, const mf_codes_t *c,
		size_t i, const mf_scan_opt_t *o, mf_hit_t *h, int64_t *n_approx)
{
	const mf_la_t *la = &pp->la[s];
	const unsigned char *x = c->code + i;
	const int32_t *m = p->ilo[s];
	unsigned q1 = c->qmer[i + (size_t)la->off1];
	int64_t sc = la->t1[0][q1 >> 8] + la->t1[1][q1 & 255], lo = pp->lo[s];
	if (la->off2 >= 0) {
		unsigned q2 = c->qmer[i + (size_t)la->off2];
		sc += la->t2[0][q2 >> 8] + la->t2[1][q2 & 255];
		if (sc + la->rest2 < lo)
			return 0;
	}
	for (int k = 0; k < la->nrest; ++k) {
		int col = la->rest[k];
		sc += m[col * 4 + x[col]];
		if (sc + la->left[k] < lo)
			return 0;
	}
	return finish_window(p, pp, s, x, sc, o, h, n_approx);
}

/* ---- the first stage: which windows pass window 1 on either strand ---------------------- */

/* cand[k] = 4 * (i - base) + strands passing (bit 0 '+', bit 1 '-') for each i in
 * [from, to) where one does; returns how many. The reference loop. */
static size_t stage1_scalar(const uint8_t *pass0, const uint8_t *pass1, const uint16_t *q0,
		const uint16_t *q1, size_t base, size_t from, size_t to, uint32_t *cand)
{
	size_t n = 0;
	for (size_t i = from; i < to; ++i) {
		unsigned hit = pass0[q0[i]] | (unsigned)pass1[q1[i]] << 1;
		if (__builtin_expect(hit != 0, 0))
			cand[n++] = (uint32_t)((i - base) << 2 | hit);
	}
	return n;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* The same, eight windows at a time: the two strands' 8-mer codes widened to 32 bits,
 * their table bytes gathered (4 bytes read at each; the tables have 3 bytes of slack). */
__attribute__((target("avx2")))
static size_t stage1_avx2(const uint8_t *pass0, const uint8_t *pass1, const uint16_t *q0,
		const uint16_t *q1, size_t base, size_t from, size_t to, uint32_t *cand)
{
	size_t n = 0, i = from;
	const __m256i three = _mm256_set1_epi32(3), zero = _mm256_setzero_si256();
	for (; i + 8 <= to; i += 8) {
		__m256i c0 = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(q0 + i)));
		__m256i c1 = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(q1 + i)));
		__m256i g0 = _mm256_i32gather_epi32((const int *)pass0, c0, 1);
		__m256i g1 = _mm256_i32gather_epi32((const int *)pass1, c1, 1);
		__m256i m = _mm256_and_si256(_mm256_or_si256(g0, _mm256_slli_epi32(g1, 1)), three);
		unsigned mask = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(
			_mm256_cmpgt_epi32(m, zero)));
		if (__builtin_expect(mask == 0, 1))
			continue;
		uint32_t v[8];
		_mm256_storeu_si256((__m256i *)v, m);
		for (; mask; mask &= mask - 1) {
			int j = __builtin_ctz(mask);
			cand[n++] = (uint32_t)((i + (size_t)j - base) << 2 | v[j]);
		}
	}
	return n + stage1_scalar(pass0, pass1, q0, q1, base, i, to, cand + n);
}
#endif

/* Windows starting in [from, to) (at most SCAN_STEP), all inside one run of A/C/G/T. */
static int scan_block(const mf_pwm_t *p, mf_prep_t *pp, int motif, const mf_codes_t *c,
		size_t from, size_t to, int64_t shift, const mf_scan_opt_t *o, mf_hits_t *out,
		int64_t *n_approx)
{
	mf_hit_t h = {.motif = motif, .qvalue = NAN};
	const uint8_t *pass0 = pp->la[0].pass, *pass1 = pp->la[1].pass;
	const uint16_t *q0 = c->qmer + pp->la[0].off1, *q1 = c->qmer + pp->la[1].off1;
	uint32_t *cand = pp->cand;
	size_t n;
#if defined(__x86_64__) && defined(__GNUC__)
	if (mf_scan_simd && __builtin_cpu_supports("avx2"))
		n = stage1_avx2(pass0, pass1, q0, q1, from, from, to, cand);
	else
#endif
		n = stage1_scalar(pass0, pass1, q0, q1, from, from, to, cand);
	for (size_t k = 0; k < n; ++k) {
		size_t i = from + (cand[k] >> 2);
		for (int s = 0; s < 2; ++s)
			if ((cand[k] >> s & 1) && check_window(p, pp, s, c, i, o, &h, n_approx)) {
				h.pos = (int64_t)i + shift;
				if (mf_hits_push(out, &h) < 0)
					return -1;
			}
	}
	return 0;
}

/* With --top K (overlaps allowed), a window below the K-th best so far can never be kept:
 * trims out to the K best and lifts the filter to what the K-th best log-odds can round
 * to, so memory stays at K hits and the lookahead keeps filtering however long the
 * record. */
static void raise_to_top(const mf_pwm_t *p, mf_prep_t *pp, const mf_scan_opt_t *o,
		mf_hits_t *out, size_t first)
{
	mf_hits_top(out, first, p->w, o);
	double kth = out->a[first + (size_t)o->top - 1].score;
	double m = floor(kth * p->scale - p->err) - 1;
	if (m > -9e18)
		mf_prep_raise(p, pp, (int64_t)m);
}

int mf_scan_kernel(const mf_pwm_t *p, mf_prep_t *pp, int motif, const mf_codes_t *c,
		size_t from, size_t to, int64_t shift, size_t first, const mf_scan_opt_t *o,
		mf_hits_t *out, int64_t *n_approx)
{
	int top = o->top > 0 && !o->nonoverlap;
	size_t since = 0; /* windows scanned since --top's last look */
	for (size_t r = mf_codes_first_run(c, from); r < c->n_run && c->run[r].s < (int64_t)to; ++r) {
		const mf_run_t *run = &c->run[r];
		int64_t a = run->s > (int64_t)from ? run->s : (int64_t)from;
		int64_t b = run->e - p->w + 1;
		b = b < run->lim ? b : run->lim;
		b = b < (int64_t)to ? b : (int64_t)to;
		for (int64_t pos = a; pos < b; pos += SCAN_STEP) {
			int64_t end = b - pos < SCAN_STEP ? b : pos + SCAN_STEP;
			if (scan_block(p, pp, motif, c, (size_t)pos, (size_t)end, shift, o, out,
					n_approx) < 0)
				return -1;
			since += (size_t)(end - pos);
			/* trimming sorts the kept hits: only once K more have come (so a large K
			 * costs no more than keeping everything) and SCAN_STEP windows have gone
			 * by, and not at the end, where nothing is left */
			if (top && since >= SCAN_STEP && (end < b || r + 1 < c->n_run) &&
					out->n - first >= 2 * (size_t)o->top) {
				raise_to_top(p, pp, o, out, first);
				since = 0;
			}
		}
	}
	return 0;
}

int mf_hits_fill_pvalues(const mf_pwm_t *p, mf_prep_t *pp, const mf_codes_t *c,
		mf_hits_t *h, size_t first, int64_t shift, mf_thr_scratch_t *sc)
{
	for (int s = 0; s < 2; ++s) {
		mf_thr_t *t = thr_of(p, pp, s);
		int64_t low = INT64_MAX;
		for (size_t k = first; k < h->n; ++k)
			if (isnan(h->a[k].pvalue) && h->a[k].strand == s) {
				int64_t is = mf_pwm_iscore(p, s, c->code + (h->a[k].pos - shift));
				low = is < low ? is : low;
			}
		if (low == INT64_MAX)
			continue;
		if (mf_thr_tail_from(p, s == 1 && p->sym ? 0 : s, low, t, sc) < 0)
			return -1;
		for (size_t k = first; k < h->n; ++k)
			if (isnan(h->a[k].pvalue) && h->a[k].strand == s) {
				const unsigned char *x = c->code + (h->a[k].pos - shift);
				h->a[k].pvalue = mf_thr_pvalue(t, mf_pwm_iscore(p, s, x), mf_pwm_fscore(p, s, x));
			}
	}
	return 0;
}

/* ---- one motif over one range ---------------------------------------------------------- */

void mf_scan_opt_init(mf_scan_opt_t *o)
{
	o->pvalue = 1e-4, o->min_score = -INFINITY, o->strands = 2, o->top = 0, o->nonoverlap = 0;
	o->exact = 1;
}

static int same_opts(const mf_prep_t *pp, const mf_scan_opt_t *o)
{
	return pp->ready && pp->pvalue == o->pvalue && pp->strands == (o->strands == 1 ? 1 : 2) &&
		pp->exact == o->exact && (pp->min_score == o->min_score ||
		(isnan(pp->min_score) && isnan(o->min_score)));
}

int mf_scan_range(const mf_pwm_t *p, int motif, const char *seq, size_t len, size_t from,
		size_t to, const mf_scan_opt_t *o, mf_hits_t *out, int64_t *n_tested)
{
	size_t w = (size_t)p->w;
	if (len < w)
		return 0;
	if (to > len - w + 1)
		to = len - w + 1;
	if (from >= to)
		return 0;
	struct mf_pwm_cache *c = p->cache;
	if ((!c->sc && !(c->sc = mf_thr_scratch_create())) ||
			(!c->prep && !(c->prep = calloc(1, sizeof *c->prep)))) {
		mf_error("out of memory scanning with motif '%s'", p->name);
		return -1;
	}
	mf_prep_t *pp = c->prep;
	if (!same_opts(pp, o) && mf_prep_build(p, o, NULL, pp, c->sc) < 0)
		return -1;
	mf_prep_reset(p, pp); /* --top raised the filter last time */
	mf_codes_reset(&c->codes);
	if (mf_codes_append(&c->codes, seq + from, to - from + w - 1, to - from) < 0 ||
			mf_codes_finish(&c->codes) < 0)
		return -1;
	size_t first = out->n;
	int64_t shift = (int64_t)from; /* hits at positions of seq */
	if (mf_scan_kernel(p, pp, motif, &c->codes, 0, to - from, shift, first, o, out, NULL) < 0 ||
			mf_hits_fill_pvalues(p, pp, &c->codes, out, first, shift, c->sc) < 0)
		return -1;
	if (n_tested)
		*n_tested += (o->strands == 1 ? 1 : 2) * mf_codes_windows(&c->codes, 0, to - from, p->w);
	return 0;
}

/* ---- hits ---------------------------------------------------------------------------- */

int mf_hits_push(mf_hits_t *h, const mf_hit_t *x)
{
	if (h->n == h->cap) {
		size_t c = h->cap ? h->cap * 2 : 64;
		mf_hit_t *a = realloc(h->a, c * sizeof *a);
		if (!a) {
			mf_error("out of memory storing matches");
			return -1;
		}
		h->a = a, h->cap = c;
	}
	h->a[h->n++] = *x;
	return 0;
}

void mf_hits_free(mf_hits_t *h)
{
	free(h->a);
	h->a = NULL, h->n = h->cap = 0;
}

static int by_score(const void *a, const void *b)
{
	const mf_hit_t *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->strand - y->strand;
}

static int by_pos(const void *a, const void *b)
{
	const mf_hit_t *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	if (x->motif != y->motif)
		return x->motif - y->motif;
	return x->strand - y->strand;
}

void mf_hits_top(mf_hits_t *h, size_t first, int w, const mf_scan_opt_t *o)
{
	if (o->top <= 0 || h->n <= first)
		return;
	mf_hit_t *a = h->a + first;
	size_t n = h->n - first, kept = 0;
	qsort(a, n, sizeof *a, by_score);
	for (size_t i = 0; i < n && kept < (size_t)o->top; ++i) {
		int ok = 1;
		for (size_t j = 0; o->nonoverlap && j < kept && ok; ++j)
			ok = a[i].pos + w <= a[j].pos || a[j].pos + w <= a[i].pos;
		if (ok)
			a[kept++] = a[i];
	}
	h->n = first + kept;
}

void mf_hits_sort_pos(mf_hits_t *h, size_t first)
{
	if (h->n > first)
		qsort(h->a + first, h->n - first, sizeof *h->a, by_pos);
}

static int by_pvalue_ptr(const void *a, const void *b)
{
	const mf_hit_t *x = *(mf_hit_t *const *)a, *y = *(mf_hit_t *const *)b;
	if (x->pvalue != y->pvalue)
		return x->pvalue < y->pvalue ? -1 : 1;
	return x < y ? -1 : x > y; /* input order: deterministic */
}

int mf_hits_bh(mf_hit_t **hits, size_t n, int64_t n_tests)
{
	if (n == 0)
		return 0;
	qsort(hits, n, sizeof *hits, by_pvalue_ptr);
	double run = 1;
	for (size_t j = n; j-- > 0;) {
		double q = hits[j]->pvalue * (double)n_tests / (double)(j + 1);
		run = q < run ? q : run;
		hits[j]->qvalue = run;
	}
	return 0;
}
