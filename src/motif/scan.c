/* scan.c: integer-scaled PWMs, exact score distributions, window scanning (see scan.h). */
#include "motif/scan.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/seqio.h"

#define UNITS_PER_BIT 1000.0
#define MAX_UNITS 200000.0 /* bound on a motif's integer score range (table size) */
/* log2(p/bg) of any real motif lies within about +-1100 bits; the bound keeps every
 * integer cell, and the lookahead's sum of 7 of them, well inside int32 */
#define MAX_CELL_BITS 10000.0

void mf_pwm_destroy(mf_pwm_t *p)
{
	if (!p)
		return;
	for (int s = 0; s < 2; ++s) {
		free(p->lo[s]), free(p->ilo[s]), free(p->tail[s]), free(p->la_part[s]);
	}
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

/* The exact distribution of the integer score under bg, as upper tails. */
static int score_tails(mf_pwm_t *p, int s, const double bg[4])
{
	const int32_t *m = p->ilo[s];
	int64_t lo = 0, hi = 0;
	for (int i = 0; i < p->w; ++i) {
		int32_t a = m[i * 4], b = m[i * 4];
		for (int c = 1; c < 4; ++c)
			a = m[i * 4 + c] < a ? m[i * 4 + c] : a, b = m[i * 4 + c] > b ? m[i * 4 + c] : b;
		lo += a, hi += b;
	}
	size_t n = (size_t)(hi - lo + 1);
	double *d = calloc(n, sizeof *d), *e = calloc(n, sizeof *e);
	if (!d || !e) {
		free(d), free(e);
		return -1;
	}
	double bsum = bg[0] + bg[1] + bg[2] + bg[3];
	int64_t cur_lo = 0, cur_hi = 0; /* support so far, relative scores */
	d[0] = 1; /* index = score - running minimum */
	for (int i = 0; i < p->w; ++i) {
		int32_t cmin = m[i * 4];
		for (int c = 1; c < 4; ++c)
			cmin = m[i * 4 + c] < cmin ? m[i * 4 + c] : cmin;
		int64_t span = cur_hi - cur_lo;
		int64_t cmax = cmin;
		for (int c = 0; c < 4; ++c)
			cmax = m[i * 4 + c] > cmax ? m[i * 4 + c] : cmax;
		memset(e, 0, (size_t)(span + cmax - cmin + 1) * sizeof *e);
		for (int c = 0; c < 4; ++c) {
			double q = bg[c] / bsum;
			int64_t sh = m[i * 4 + c] - cmin;
			for (int64_t k = 0; k <= span; ++k)
				e[k + sh] += d[k] * q;
		}
		double *t = d;
		d = e, e = t;
		cur_lo += cmin, cur_hi += cmax;
	}
	/* tails summed from the top, where the small probabilities are */
	for (size_t k = n - 1; k-- > 0;)
		d[k] += d[k + 1];
	free(e);
	p->tail[s] = d, p->smin[s] = lo, p->smax[s] = hi;
	return 0;
}

/* MOODS-style lookahead: the LA_Q consecutive columns that gain most over the background
 * become one table indexed by the 2-bit code of the q-mer under them, so one load says
 * whether a window can still reach the threshold with the best letters elsewhere. */
static int lookahead_table(mf_pwm_t *p, int s, const double bg[4])
{
	int w = p->w, q = w < MF_SCAN_LA_Q ? w : MF_SCAN_LA_Q;
	const int32_t *m = p->ilo[s];
	double bsum = bg[0] + bg[1] + bg[2] + bg[3], best = -INFINITY;
	int32_t *cmax = malloc((size_t)w * sizeof *cmax);
	double *gain = malloc((size_t)w * sizeof *gain);
	/* one more entry: the sentinel q-mer of a window with a non-ACGT letter under it */
	p->la_part[s] = malloc((((size_t)1 << (2 * q)) + 1) * sizeof(int32_t));
	if (!cmax || !gain || !p->la_part[s]) {
		free(cmax), free(gain);
		return -1;
	}
	for (int i = 0; i < w; ++i) {
		double mean = 0;
		cmax[i] = m[i * 4];
		for (int c = 0; c < 4; ++c) {
			cmax[i] = m[i * 4 + c] > cmax[i] ? m[i * 4 + c] : cmax[i];
			mean += bg[c] / bsum * m[i * 4 + c];
		}
		gain[i] = cmax[i] - mean;
	}
	p->la_q = q;
	for (int a = 0; a + q <= w; ++a) {
		double g = 0;
		for (int i = a; i < a + q; ++i)
			g += gain[i];
		if (g > best)
			best = g, p->la_off[s] = a;
	}
	int off = p->la_off[s];
	p->la_rest[s] = 0;
	for (int i = 0; i < w; ++i)
		if (i < off || i >= off + q)
			p->la_rest[s] += cmax[i];
	/* code = x[off] x[off+1] ... x[off+q-1], first letter in the high bits */
	for (size_t code = 0; code < (size_t)1 << (2 * q); ++code) {
		int32_t t = 0;
		for (int k = 0; k < q; ++k)
			t += m[(off + k) * 4 + (int)((code >> (2 * (q - 1 - k))) & 3)];
		p->la_part[s][code] = t;
	}
	p->la_part[s][(size_t)1 << (2 * q)] = INT32_MIN;
	free(cmax), free(gain);
	return 0;
}

mf_pwm_t *mf_pwm_create(const char *name, const double *lo, int w, const double bg[4])
{
	if (check_input(name, lo, w, bg) < 0)
		return NULL;
	mf_pwm_t *p = calloc(1, sizeof *p);
	if (!p || !(p->name = strdup(name)))
		goto oom;
	p->w = w;
	double range = 0;
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
		if (!p->lo[s] || !p->ilo[s])
			goto oom;
		for (int i = 0; i < w; ++i)
			for (int c = 0; c < 4; ++c) /* '-': column w-1-i, complementary letter */
				p->lo[s][i * 4 + c] = s ? lo[(w - 1 - i) * 4 + 3 - c] : lo[i * 4 + c];
		for (int k = 0; k < w * 4; ++k)
			p->ilo[s][k] = (int32_t)lround(p->lo[s][k] * p->scale);
		if (score_tails(p, s, bg) < 0 || lookahead_table(p, s, bg) < 0)
			goto oom;
	}
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

double mf_pwm_tail(const mf_pwm_t *p, int strand, int64_t s)
{
	if (s <= p->smin[strand])
		return 1;
	if (s > p->smax[strand])
		return 0;
	return p->tail[strand][s - p->smin[strand]];
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

/* ---- scanning ----------------------------------------------------------------------- */

void mf_scan_opt_init(mf_scan_opt_t *o)
{
	o->pvalue = 1e-4, o->min_score = -INFINITY, o->strands = 2, o->top = 0, o->nonoverlap = 0;
}

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

/* The integer threshold a window must reach on strand s to possibly pass o. */
static int64_t int_threshold(const mf_pwm_t *p, int s, const mf_scan_opt_t *o)
{
	int64_t t = o->pvalue < 1 ? mf_pwm_threshold(p, s, o->pvalue) : p->smin[s];
	if (isfinite(o->min_score)) { /* rounding moves a score by at most w/2 units */
		double m = floor(o->min_score * p->scale - 0.5 * p->w) - 1;
		if (m > (double)t)
			t = m > (double)p->smax[s] + 1 ? p->smax[s] + 1 : (int64_t)m;
	}
	return t;
}

/* Windows scanned per pass: bounds the code buffers whatever the length of the record. */
#define SCAN_STEP 8192

typedef struct {
	unsigned char *code;  /* [n + w - 1] mf_nt4 codes (4: not ACGT) */
	uint32_t *qmer;       /* [n + w - q] 2-bit codes of the q-mers starting at each base */
} scan_buf_t;

/* Fills b for the windows starting at seq[pos .. pos+n); returns how many of them hold
 * only A, C, G and T. A block without N (the usual case) skips the window count. */
static int64_t encode(const mf_pwm_t *p, const unsigned char *seq, size_t n, scan_buf_t *b)
{
	size_t w = (size_t)p->w, nb = n + w - 1, q = (size_t)p->la_q;
	unsigned char *code = b->code, bad = 0;
	for (size_t j = 0; j < nb; ++j)
		bad |= code[j] = mf_nt4[seq[j]];
	uint32_t mask = (uint32_t)((1ull << (2 * q)) - 1), x = 0, sentinel = mask + 1;
	size_t since_bad = q; /* letters since the last non-ACGT one, capped at q */
	for (size_t j = 0; j < nb; ++j) {
		x = ((x << 2) | (code[j] & 3u)) & mask;
		since_bad = code[j] > 3 ? 0 : since_bad + (since_bad < q);
		if (j + 1 >= q) /* an N run would read as poly-A: send it to the sentinel */
			b->qmer[j + 1 - q] = since_bad >= q ? x : sentinel;
	}
	if (!(bad & 4))
		return (int64_t)n;
	int64_t valid = 0, last_bad = -1;
	for (size_t j = 0; j < nb; ++j) {
		if (code[j] > 3)
			last_bad = (int64_t)j;
		if (j + 1 >= w)
			valid += last_bad < (int64_t)(j + 1 - w);
	}
	return valid;
}

/* The full score of a window the lookahead let through (none with a non-ACGT letter):
 * exact integer score and, for a passing one, its log-odds. */
static int full_check(const mf_pwm_t *p, int s, int64_t t, const unsigned char *code,
		size_t pos, int motif, const mf_scan_opt_t *o, mf_hits_t *out)
{
	const int32_t *m = p->ilo[s];
	int64_t sc = 0;
	for (int i = 0; i < p->w; ++i) {
		if (code[i] > 3)
			return 0;
		sc += m[i * 4 + code[i]];
	}
	if (sc < t)
		return 0;
	double score = 0;
	for (int i = 0; i < p->w; ++i)
		score += p->lo[s][i * 4 + code[i]];
	double pv = mf_pwm_tail(p, s, sc);
	if (pv > o->pvalue || score < o->min_score)
		return 0;
	mf_hit_t h = {.pos = (int64_t)pos, .motif = motif, .strand = s, .score = score,
		.pvalue = pv, .qvalue = NAN};
	return mf_hits_push(out, &h);
}

/* With --top K (overlaps allowed), a window below the K-th best so far can never be kept:
 * trims out to the K best and lifts the integer thresholds to what the K-th best log-odds
 * can round to (each cell moves by at most half a unit), so memory stays at K hits and
 * the lookahead keeps filtering however long the record. */
static void raise_to_top(const mf_pwm_t *p, const mf_scan_opt_t *o, mf_hits_t *out,
		size_t first, int64_t t[2])
{
	mf_hits_top(out, first, p->w, o);
	double kth = out->a[first + (size_t)o->top - 1].score;
	double m = floor(kth * p->scale - 0.5 * p->w) - 1;
	for (int s = 0; s < 2; ++s)
		if (m > (double)t[s])
			t[s] = m > (double)p->smax[s] + 1 ? p->smax[s] + 1 : (int64_t)m;
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
	int64_t t[2] = {int_threshold(p, 0, o), int_threshold(p, 1, o)};
	int ns = o->strands == 1 ? 1 : 2;
	size_t step = to - from < SCAN_STEP ? to - from : SCAN_STEP, first = out->n;
	scan_buf_t b = {malloc(step + w), malloc((step + w) * sizeof(uint32_t))};
	if (!b.code || !b.qmer) {
		free(b.code), free(b.qmer);
		mf_error("out of memory scanning with motif '%s'", p->name);
		return -1;
	}
	const uint32_t *q0 = b.qmer + p->la_off[0], *q1 = b.qmer + p->la_off[1];
	const int32_t *part0 = p->la_part[0], *part1 = p->la_part[1];
	int64_t tested = 0;
	int rc = 0;
	for (size_t pos = from; pos < to && rc == 0; pos += step) {
		size_t n = to - pos < step ? to - pos : step;
		const unsigned char *x = (const unsigned char *)seq + pos;
		/* the lookahead passes a window when its q-mer can reach t with the best letters
		 * elsewhere; int64 arithmetic, since t may lie below smin */
		int64_t need[2] = {t[0] - p->la_rest[0], t[1] - p->la_rest[1]};
		tested += ns * encode(p, x, n, &b);
		for (size_t i = 0; i < n && rc == 0; ++i) {
			if (part0[q0[i]] >= need[0])
				rc = full_check(p, 0, t[0], b.code + i, pos + i, motif, o, out);
			if (ns == 2 && rc == 0 && part1[q1[i]] >= need[1])
				rc = full_check(p, 1, t[1], b.code + i, pos + i, motif, o, out);
		}
		/* trimming sorts the kept hits: only once K more have come, so a large K costs
		 * no more than keeping everything */
		if (rc == 0 && o->top > 0 && !o->nonoverlap && out->n - first >= 2 * (size_t)o->top)
			raise_to_top(p, o, out, first, t);
	}
	free(b.code), free(b.qmer);
	if (n_tested)
		*n_tested += tested;
	return rc;
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
