/* scan_exact.c: exact p-value thresholds (scan_internal.h explains the decision).
 *
 * 1. A coarse distribution (cells at 1/64 of the scan's resolution, full range, cheap)
 *    bounds the threshold from below.
 * 2. The distribution of the integer score, only above that bound (the "tail"; its width
 *    is smax minus the threshold, not the motif's whole range), gives cut, the first
 *    integer score whose rounded p-value is <= P, and the p-values reported for hits.
 * 3. Every word whose integer score lies within the rounding of cut (the band) is listed
 *    by meeting in the middle: the high-scoring halves of the motif are enumerated and
 *    paired by integer score. Ranked by exact fixed-point score, with the mass above the
 *    band added, they give the exact p-value of each band word and so fix. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "motif/scan_internal.h"

#define COARSE 64           /* the coarse distribution's units are 64 scan units */
#define LIST_MAX (1u << 18)  /* half-words kept per half */
#define BAND_MAX (1u << 19)  /* words in the band */

typedef struct { /* a word over half of the motif: integer and exact scores, probability */
	int64_t is, f;
	double p;
} word_t;

typedef struct { /* a word of the band: exact score, probability */
	int64_t f;
	double p;
} bword_t;

struct mf_thr_scratch {
	double *d[2];
	size_t cap_d;
	word_t *a, *b;
	bword_t *band, *tmp;
	size_t cap_a, cap_b, cap_band, cap_tmp;
	int32_t *cm;      /* [w*4] coarse cells */
	size_t cap_cm;
};

mf_thr_scratch_t *mf_thr_scratch_create(void)
{
	return calloc(1, sizeof(mf_thr_scratch_t));
}

void mf_thr_scratch_destroy(mf_thr_scratch_t *s)
{
	if (!s)
		return;
	free(s->d[0]), free(s->d[1]), free(s->a), free(s->b), free(s->band), free(s->tmp), free(s->cm);
	free(s);
}

void mf_thr_scratch_trim(mf_thr_scratch_t *s, size_t max_bytes)
{
	if (s->cap_d * sizeof(double) > max_bytes)
		free(s->d[0]), free(s->d[1]), s->d[0] = s->d[1] = NULL, s->cap_d = 0;
	if (s->cap_a * sizeof *s->a > max_bytes)
		free(s->a), s->a = NULL, s->cap_a = 0;
	if (s->cap_b * sizeof *s->b > max_bytes)
		free(s->b), s->b = NULL, s->cap_b = 0;
	if (s->cap_band * sizeof *s->band > max_bytes)
		free(s->band), s->band = NULL, s->cap_band = 0;
	if (s->cap_tmp * sizeof *s->tmp > max_bytes)
		free(s->tmp), s->tmp = NULL, s->cap_tmp = 0;
}

void mf_thr_free(mf_thr_t *t)
{
	free(t->g), free(t->bf), free(t->bp);
	memset(t, 0, sizeof *t);
}

int mf_scan_grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap)
		return 0;
	size_t c = *cap ? *cap : 64;
	while (c < n)
		c *= 2;
	void *q = realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q, *cap = c;
	return 0;
}

#define grow mf_scan_grow

static void col_minmax(const int32_t *m, int i, int64_t *lo, int64_t *hi)
{
	*lo = *hi = m[i * 4];
	for (int c = 1; c < 4; ++c)
		*lo = m[i * 4 + c] < *lo ? m[i * 4 + c] : *lo, *hi = m[i * 4 + c] > *hi ? m[i * 4 + c] : *hi;
}

/* ---- tail distributions ------------------------------------------------------------- */

/* dst[u + sh - nlo] (+)= src[u - lo] * q for every partial sum u in [lo, hi] that lands at
 * or above nlo. The loop the distributions spend their time in: vectorised (GCC does so
 * at -O2 only for loops whose length it knows). */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("tree-loop-vectorize")))
#endif
static void shift_add(double *restrict dst, const double *restrict src, int64_t lo, int64_t hi,
		int64_t nlo, int64_t sh, double q, int assign)
{
	int64_t u0 = nlo - sh > lo ? nlo - sh : lo;
	double *restrict d = dst + (u0 + sh - nlo);
	const double *restrict x = src + (u0 - lo);
	int64_t n = hi - u0 + 1;
	if (assign)
		for (int64_t k = 0; k < n; ++k)
			d[k] = x[k] * q;
	else
		for (int64_t k = 0; k < n; ++k)
			d[k] += x[k] * q;
}

/* G(s) = P(S >= s) for every s in [max(from, smin), smax + 1] into *g (grown), where S
 * sums the integer cells m under q. Partial sums that can no longer reach from are
 * dropped, so the work is w * 4 * (smax - from), not the whole range. */
static int tail_dp(const int32_t *m, int w, const double q[4], int64_t from,
		mf_thr_scratch_t *sc, double **g, size_t *cap_g, int64_t *glo, size_t *ng)
{
	int64_t smin = 0, smax = 0, cmin, cmax;
	for (int i = 0; i < w; ++i)
		col_minmax(m, i, &cmin, &cmax), smin += cmin, smax += cmax;
	if (from < smin)
		from = smin;
	if (from > smax + 1)
		from = smax + 1;
	size_t n = (size_t)(smax - from + 2);
	if (grow((void **)g, cap_g, n, sizeof **g) < 0)
		return -1;
	*glo = from, *ng = n;
	if (from > smax) {
		(*g)[0] = 0;
		return 0;
	}
	/* maxrest[i]: the best the columns after i can add */
	int64_t maxrest = smax, lo = 0, hi = 0;
	size_t need = n;
	for (int i = 0; i < w; ++i)
		col_minmax(m, i, &cmin, &cmax), need = (size_t)(cmax - cmin) + n > need ?
			(size_t)(cmax - cmin) + n : need;
	if (sc->cap_d < need + 1) {
		double *a = realloc(sc->d[0], (need + 1) * sizeof *a);
		double *b = a ? realloc(sc->d[1], (need + 1) * sizeof *b) : NULL;
		if (a)
			sc->d[0] = a;
		if (!b)
			return -1;
		sc->d[1] = b, sc->cap_d = need + 1;
	}
	double *cur = sc->d[0], *nxt = sc->d[1];
	cur[0] = 1; /* partial sums in [lo, hi], cur[u - lo] */
	for (int i = 0; i < w; ++i) {
		col_minmax(m, i, &cmin, &cmax);
		maxrest -= cmax;
		int64_t nlo = lo + cmin, nhi = hi + cmax;
		if (nlo < from - maxrest)
			nlo = from - maxrest;
		if (nlo > nhi) { /* nothing reaches from: cannot happen with from <= smax */
			memset(*g, 0, n * sizeof **g);
			return 0;
		}
		/* the letter with the lowest cell fills [nlo, hi + cmin]; the rest is zeroed and
		 * the other letters add */
		int cfirst = 0;
		for (int c = 1; c < 4; ++c)
			cfirst = m[i * 4 + c] < m[i * 4 + cfirst] ? c : cfirst;
		shift_add(nxt, cur, lo, hi, nlo, m[i * 4 + cfirst], q[cfirst], 1);
		int64_t z = hi + cmin + 1 > nlo ? hi + cmin + 1 : nlo;
		if (nhi >= z)
			memset(nxt + (z - nlo), 0, (size_t)(nhi - z + 1) * sizeof *nxt);
		for (int c = 0; c < 4; ++c)
			if (c != cfirst)
				shift_add(nxt, cur, lo, hi, nlo, m[i * 4 + c], q[c], 0);
		double *t = cur;
		cur = nxt, nxt = t;
		lo = nlo, hi = nhi;
	}
	/* lo == from here; tails summed from the top, where the small probabilities are */
	double *G = *g;
	G[n - 1] = 0;
	for (int64_t s = smax; s >= from; --s)
		G[s - from] = G[s - from + 1] + cur[s - lo];
	if (from == smin) /* the whole mass, whatever the rounding of its sum */
		G[0] = 1;
	return 0;
}

static double tail_at(const double *g, int64_t glo, size_t ng, int64_t s)
{
	if (s < glo)
		return 1; /* not reached: callers ask only within the tail */
	if (s >= glo + (int64_t)ng - 1)
		return 0;
	return g[s - glo];
}

/* The first integer score s >= g's start with G(s) <= P. */
static int64_t first_below(const double *g, int64_t glo, size_t ng, double pvalue)
{
	size_t a = 0, b = ng - 1; /* g[ng-1] = 0 <= P */
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (g[mid] <= pvalue)
			b = mid;
		else
			a = mid + 1;
	}
	return glo + (int64_t)a;
}

/* A lower bound on every integer score whose exact p-value can be <= P, from the coarse
 * distribution: exact p-values <= P need a coarse score >= its threshold minus its
 * rounding, and the scan's integer score is within err of the real score. */
static int threshold_floor(const mf_pwm_t *p, int s, double pvalue, mf_thr_scratch_t *sc,
		int64_t *floor_out)
{
	int w = p->w;
	if (grow((void **)&sc->cm, &sc->cap_cm, (size_t)w * 4, sizeof *sc->cm) < 0)
		return -1;
	double cs = p->scale / COARSE, cerr = 0;
	for (int i = 0; i < w; ++i) {
		double e = 0;
		for (int c = 0; c < 4; ++c) {
			double x = p->lo[s][i * 4 + c] * cs;
			sc->cm[i * 4 + c] = (int32_t)lround(x);
			e = fmax(e, fabs(x - sc->cm[i * 4 + c]));
		}
		cerr += e;
	}
	double *g = NULL;
	size_t cap = 0, ng;
	int64_t glo;
	if (tail_dp(sc->cm, w, p->bg, INT64_MIN / 4, sc, &g, &cap, &glo, &ng) < 0) {
		free(g);
		return -1;
	}
	/* one coarse unit of slack for rounding in the sums of G */
	int64_t c0 = first_below(g, glo, ng, pvalue) - 1;
	free(g);
	*floor_out = (int64_t)floor(((double)c0 - 1 - cerr) * COARSE - p->err) - 2;
	return 0;
}

/* ---- the band: words listed by meeting in the middle --------------------------------- */

typedef struct {      /* integer cells at one resolution */
	const int32_t *m;   /* [w*4] */
	double scale, err;  /* units per bit; |S - scale * F / 2^fbits| <= err, every word */
} level_t;

/* Every word over columns [c0, c1) whose integer score lies in [tlo, thi], into *out;
 * 1 when there are more than LIST_MAX. */
static int half_words(const mf_pwm_t *p, int s, const level_t *lv, int c0, int c1,
		int64_t tlo, int64_t thi, word_t **out, size_t *cap, size_t *n)
{
	const int32_t *m = lv->m;
	const int64_t *fx = p->fix[s];
	int64_t maxr[32], minr[32], a, b;
	int d = c1 - c0;
	*n = 0;
	maxr[d] = minr[d] = 0;
	for (int k = d - 1; k >= 0; --k)
		col_minmax(m, c0 + k, &a, &b), maxr[k] = maxr[k + 1] + b, minr[k] = minr[k + 1] + a;
	if (d == 0) { /* an empty half: the empty word */
		if (tlo > 0 || thi < 0)
			return 0;
		if (grow((void **)out, cap, 1, sizeof **out) < 0)
			return -1;
		(*out)[(*n)++] = (word_t){0, 0, 1};
		return 0;
	}
	int letter[32];
	int64_t is[33], f[33];
	double pr[33];
	is[0] = f[0] = 0, pr[0] = 1;
	int k = 0;
	letter[0] = -1;
	while (k >= 0) { /* depth-first, pruned by what the remaining columns can add */
		if (++letter[k] == 4) {
			--k;
			continue;
		}
		int col = c0 + k, c = letter[k];
		is[k + 1] = is[k] + m[col * 4 + c];
		if (is[k + 1] + maxr[k + 1] < tlo || is[k + 1] + minr[k + 1] > thi)
			continue;
		f[k + 1] = f[k] + fx[col * 4 + c];
		pr[k + 1] = pr[k] * p->bg[c];
		if (k + 1 < d) {
			letter[++k] = -1;
			continue;
		}
		if (*n == LIST_MAX)
			return 1;
		if (grow((void **)out, cap, *n + 1, sizeof **out) < 0)
			return -1;
		(*out)[(*n)++] = (word_t){is[d], f[d], pr[d]};
	}
	return 0;
}

/* LSD radix sort of a[0..n) by key(a[i]) - kmin ascending (11 bits a pass, as many passes
 * as the keys' range needs); tmp holds n entries. */
#define RADIX_BITS 11
#define RADIX_SORT(name, type, keyexpr)                                                       \
	static void name(type *a, type *tmp, size_t n)                                            \
	{                                                                                         \
		if (n < 2)                                                                            \
			return;                                                                           \
		uint64_t kmin = UINT64_MAX, kmax = 0;                                                 \
		for (size_t i = 0; i < n; ++i) {                                                      \
			const type *x = &a[i];                                                            \
			uint64_t k = (keyexpr);                                                           \
			kmin = k < kmin ? k : kmin, kmax = k > kmax ? k : kmax;                           \
		}                                                                                     \
		size_t cnt[1u << RADIX_BITS];                                                         \
		for (int sh = 0; sh < 64 && ((kmax - kmin) >> sh) != 0; sh += RADIX_BITS) {           \
			memset(cnt, 0, sizeof cnt);                                                       \
			for (size_t i = 0; i < n; ++i) {                                                  \
				const type *x = &a[i];                                                        \
				++cnt[(((keyexpr) - kmin) >> sh) & ((1u << RADIX_BITS) - 1)];                 \
			}                                                                                 \
			for (size_t b = 0, sum = 0; b < (1u << RADIX_BITS); ++b) {                        \
				size_t c = cnt[b];                                                            \
				cnt[b] = sum, sum += c;                                                       \
			}                                                                                 \
			for (size_t i = 0; i < n; ++i) {                                                  \
				const type *x = &a[i];                                                        \
				tmp[cnt[(((keyexpr) - kmin) >> sh) & ((1u << RADIX_BITS) - 1)]++] = a[i];     \
			}                                                                                 \
			memcpy(a, tmp, n * sizeof *a);                                                    \
		}                                                                                     \
	}
/* integer scores ascending; exact scores descending (the sign bit flipped, then negated) */
RADIX_SORT(sort_by_is, word_t, (uint64_t)x->is ^ (1ull << 63))
RADIX_SORT(sort_by_f_desc, bword_t, ~((uint64_t)x->f ^ (1ull << 63)))

/* The words whose integer score lies in [lo, hi], sorted by exact score, descending.
 * 0, 1 when there are too many to list, -1 out of memory. */
static int band_words(const mf_pwm_t *p, int s, const level_t *lv, int64_t lo, int64_t hi,
		mf_thr_scratch_t *sc, size_t *nband)
{
	int w = p->w, h = w / 2;
	if (w > 60)
		return 1;
	int64_t amin = 0, amax = 0, bmin = 0, bmax = 0, x, y;
	for (int i = 0; i < w; ++i) {
		col_minmax(lv->m, i, &x, &y);
		if (i < h)
			amin += x, amax += y;
		else
			bmin += x, bmax += y;
	}
	size_t na = 0, nb = 0, n = 0;
	int rc = half_words(p, s, lv, 0, h, lo - bmax, hi - bmin, &sc->a, &sc->cap_a, &na);
	if (rc == 0)
		rc = half_words(p, s, lv, h, w, lo - amax, hi - amin, &sc->b, &sc->cap_b, &nb);
	if (rc != 0)
		return rc;
	/* the other half's list is the sort's scratch: a holds na <= its own capacity */
	word_t *tmp = sc->a + na;
	if (sc->cap_a < na + nb) {
		if (grow((void **)&sc->a, &sc->cap_a, na + nb, sizeof *sc->a) < 0)
			return -1;
		tmp = sc->a + na;
	}
	sort_by_is(sc->b, tmp, nb);
	for (size_t i = 0; i < na; ++i) {
		const word_t *a = &sc->a[i];
		size_t l = 0, r = nb; /* first b with is >= lo - a->is */
		while (l < r) {
			size_t mid = l + (r - l) / 2;
			if (sc->b[mid].is < lo - a->is)
				l = mid + 1;
			else
				r = mid;
		}
		for (size_t j = l; j < nb && sc->b[j].is <= hi - a->is; ++j) {
			if (n == BAND_MAX)
				return 1;
			if (grow((void **)&sc->band, &sc->cap_band, n + 1, sizeof *sc->band) < 0)
				return -1;
			sc->band[n++] = (bword_t){a->f + sc->b[j].f, a->p * sc->b[j].p};
		}
	}
	if (grow((void **)&sc->tmp, &sc->cap_tmp, n, sizeof *sc->tmp) < 0)
		return -1;
	sort_by_f_desc(sc->band, sc->tmp, n);
	*nband = n;
	return 0;
}

/* Fixed-point bounds of the band [lo, hi]: every word with integer score < lo has F <= L,
 * every word with integer score > hi has F > U (a margin of 2^-24 bit keeps double
 * rounding on the safe side: it only narrows (L, U]). */
static void band_bounds(const mf_pwm_t *p, const level_t *lv, int64_t lo, int64_t hi,
		int64_t *L, int64_t *U)
{
	double k = ldexp(1.0, p->fbits) / lv->scale, margin = ldexp(1.0, p->fbits - 24);
	*L = (int64_t)ceil(((double)lo - 1 + lv->err) * k + margin);
	*U = (int64_t)floor(((double)hi + 1 - lv->err) * k - margin);
}

static int grow_band(mf_thr_t *t)
{
	size_t c = t->cap_b ? 2 * t->cap_b : 256;
	int64_t *bf = realloc(t->bf, c * sizeof *bf);
	if (bf)
		t->bf = bf;
	double *bp = bf ? realloc(t->bp, c * sizeof *bp) : NULL;
	if (!bp)
		return -1;
	t->bp = bp, t->cap_b = c;
	return 0;
}

/* fix from the listed band. Let U1 = (cut + err) / scale: every attainable score >= U1
 * has a p-value <= P (the words scoring at least U1 all round to >= cut), and every
 * score <= (cut - 1 - err) / scale has one > P. (L, U] contains both bounds, every word
 * scoring in (L, U] is listed, and there the exact p-value of a score is the mass above
 * the band plus the band's mass at or above it. So the threshold is the lowest listed
 * score in (L, U] whose p-value is <= P, or, when there is none, the first attainable
 * score above U (the next one up from U1): then fix = U + 1. Keeps the scores and
 * p-values in (L, U] in t for reporting. 0, or -1 out of memory. */
static int rank_band(mf_thr_t *t, const bword_t *band, size_t n, double above, double pvalue)
{
	t->nb = 0, t->fix = t->U + 1;
	double cum = above;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double mass = 0;
		for (; j < n && band[j].f == band[i].f; ++j)
			mass += band[j].p;
		cum += mass;
		int64_t f = band[i].f;
		if (f <= t->L)
			break;
		if (f <= t->U) {
			if (cum <= pvalue)
				t->fix = f;
			if (t->nb == t->cap_b && grow_band(t) < 0)
				return -1;
			t->bf[t->nb] = f, t->bp[t->nb] = cum, ++t->nb;
		}
		i = j;
	}
	return 0;
}

/* A lower bound on the number of words in the band: its mass over the likeliest word. */
static double band_count_floor(const mf_pwm_t *p, double mass)
{
	double pmax = fmax(fmax(p->bg[0], p->bg[1]), fmax(p->bg[2], p->bg[3]));
	return mass / pow(pmax, p->w);
}

/* The exact threshold from the band [lo, *hi) of a level whose tail is g: 0 found (t->fix,
 * t->L, t->U, t->bf, t->bp set), 1 the band is too large to list, -1 out of memory. When
 * no listed score passes (scores sparse around the threshold: narrow motifs), the band is
 * widened upwards until one does, so the threshold's own p-value is listed (exact when
 * reported); *hi is then the new top. */
static int exact_from_band(const mf_pwm_t *p, int s, const level_t *lv, const double *g,
		int64_t glo, size_t ng, int64_t lo, int64_t *hi, double pvalue, mf_thr_t *t,
		mf_thr_scratch_t *sc)
{
	int64_t smax = glo + (int64_t)ng - 2;
	for (;;) {
		double above = tail_at(g, glo, ng, *hi), mass = tail_at(g, glo, ng, lo) - above;
		if (band_count_floor(p, mass) > BAND_MAX)
			return 1;
		size_t n = 0;
		int rc = band_words(p, s, lv, lo, *hi - 1, sc, &n);
		if (rc != 0)
			return rc;
		band_bounds(p, lv, lo, *hi - 1, &t->L, &t->U);
		if (rank_band(t, sc->band, n, above, pvalue) < 0)
			return -1;
		mf_debug("motif '%s' strand %d: %zu words within the rounding of the threshold at "
			"1/%g bit", p->name, s, n, lv->scale);
		if (t->fix <= t->U || *hi > smax)
			return 0;
		*hi += *hi - lo;
	}
}

/* The same at FINER times the scan's resolution, for bands too large at the scan's:
 * within FINER_BUDGET cell updates of the finer tail (about 50 ms). */
#define FINER 16
#define FINER_BUDGET 4e7
static int exact_finer(const mf_pwm_t *p, int s, double pvalue, mf_thr_t *t,
		mf_thr_scratch_t *sc)
{
	int w = p->w;
	if (grow((void **)&sc->cm, &sc->cap_cm, (size_t)w * 4, sizeof *sc->cm) < 0)
		return -1;
	level_t lv = {sc->cm, p->scale * FINER, 1e-6};
	double back = lv.scale / ldexp(1.0, p->fbits);
	int64_t smax = 0;
	for (int i = 0; i < w; ++i) {
		double e = 0;
		int32_t best = INT32_MIN;
		for (int c = 0; c < 4; ++c) {
			int j = i * 4 + c;
			sc->cm[j] = (int32_t)lround(p->lo[s][j] * lv.scale);
			e = fmax(e, fabs((double)sc->cm[j] - (double)p->fix[s][j] * back));
			best = sc->cm[j] > best ? sc->cm[j] : best;
		}
		lv.err += e, smax += best;
	}
	/* every window in the scan's band has a finer score at least this; the finer tail
	 * costs FINER times the scan's, so only within a budget */
	int64_t from = (int64_t)floor(((double)t->lo - p->err) * FINER - lv.err) - 2;
	if ((double)(smax - from) * w * 4 > FINER_BUDGET)
		return 1;
	double *g = NULL;
	size_t cap = 0, ng;
	int64_t glo;
	if (tail_dp(lv.m, w, p->bg, from, sc, &g, &cap, &glo, &ng) < 0) {
		free(g);
		return -1;
	}
	int64_t cut = first_below(g, glo, ng, pvalue), half = (int64_t)floor(2 * lv.err) + 2;
	int64_t hi = cut + half;
	int rc = cut - half < glo ? 1 :
		exact_from_band(p, s, &lv, g, glo, ng, cut - half, &hi, pvalue, t, sc);
	free(g);
	return rc;
}

/* Where a tail must start for t's windows: the band's bottom, and for a band decided on
 * each window's exact score (not listed), the rounding below it too. */
static int64_t tail_start(const mf_pwm_t *p, const mf_thr_t *t)
{
	return t->exact ? t->lo : t->lo - (int64_t)ceil(2 * p->err) - 2;
}

int mf_thr_tail_from(const mf_pwm_t *p, int s, int64_t from, mf_thr_t *t,
		mf_thr_scratch_t *sc)
{
	if (t->g && t->ng && from >= t->glo)
		return 0;
	if (tail_dp(p->ilo[s], p->w, p->bg, from, sc, &t->g, &t->cap_g, &t->glo, &t->ng) < 0) {
		mf_error("out of memory computing the score distribution of motif '%s'", p->name);
		return -1;
	}
	return 0;
}

int mf_thr_prepare(const mf_pwm_t *p, int s, double pvalue, int exact, mf_thr_t *t,
		mf_thr_scratch_t *sc)
{
	t->exact = 1, t->every = 0, t->nb = 0, t->ng = 0, t->L = t->U = 0;
	if (pvalue >= 1) { /* every window passes */
		t->lo = t->hi = t->cut = p->smin[s];
		t->fix = INT64_MIN, t->every = 1;
		return 0;
	}
	int64_t floor_is;
	if (threshold_floor(p, s, pvalue, sc, &floor_is) < 0)
		goto oom;
	/* the band's half-width: twice the rounding, plus one for rounding in sums of G */
	int64_t half = (int64_t)floor(2 * p->err) + 2;
	if (tail_dp(p->ilo[s], p->w, p->bg, floor_is - half - 2, sc, &t->g, &t->cap_g, &t->glo,
			&t->ng) < 0)
		goto oom;
	t->cut = first_below(t->g, t->glo, t->ng, pvalue);
	if (!exact) {
		t->exact = 0, t->lo = t->hi = t->cut;
		return 0;
	}
	t->lo = t->cut - half, t->hi = t->cut + half;
	if (t->lo < t->glo)
		t->lo = t->glo;
	level_t lv = {p->ilo[s], p->scale, p->err};
	int rc = exact_from_band(p, s, &lv, t->g, t->glo, t->ng, t->lo, &t->hi, pvalue, t, sc);
	if (rc > 0)
		rc = exact_finer(p, s, pvalue, t, sc);
	if (rc < 0)
		goto oom;
	if (rc > 0) { /* too many words near the threshold: decide them on rounded scores */
		mf_debug("motif '%s' strand %d: threshold band too large to list", p->name, s);
		t->exact = 0, t->nb = 0, t->fix = INT64_MAX;
		if (mf_thr_tail_from(p, s, tail_start(p, t), t, sc) < 0)
			return -1;
	}
	return 0;
oom:
	mf_error("out of memory computing the threshold of motif '%s'", p->name);
	return -1;
}

int mf_thr_keep(mf_thr_t *dst, const mf_thr_t *src)
{
	size_t nb = 0; /* bf is descending: the passing scores come first */
	while (nb < src->nb && src->bf[nb] >= src->fix)
		++nb;
	mf_thr_free(dst);
	*dst = *src;
	dst->g = NULL, dst->ng = dst->cap_g = 0;
	dst->bf = NULL, dst->bp = NULL, dst->nb = dst->cap_b = 0;
	if (nb == 0)
		return 0;
	dst->bf = malloc(nb * sizeof *dst->bf);
	dst->bp = malloc(nb * sizeof *dst->bp);
	if (!dst->bf || !dst->bp) {
		mf_thr_free(dst);
		mf_error("out of memory");
		return -1;
	}
	memcpy(dst->bf, src->bf, nb * sizeof *dst->bf);
	memcpy(dst->bp, src->bp, nb * sizeof *dst->bp);
	dst->nb = dst->cap_b = nb;
	return 0;
}

int mf_thr_restore(const mf_pwm_t *p, int s, mf_thr_t *dst, const mf_thr_t *kept,
		mf_thr_scratch_t *sc)
{
	double *g = dst->g, *bp = dst->bp;
	int64_t *bf = dst->bf;
	size_t cap_g = dst->cap_g, cap_b = dst->cap_b;
	*dst = *kept;
	dst->g = g, dst->cap_g = cap_g, dst->ng = 0;
	dst->bf = bf, dst->bp = bp, dst->cap_b = cap_b, dst->nb = 0;
	while (dst->cap_b < kept->nb)
		if (grow_band(dst) < 0) {
			mf_error("out of memory");
			return -1;
		}
	if (kept->nb) {
		memcpy(dst->bf, kept->bf, kept->nb * sizeof *dst->bf);
		memcpy(dst->bp, kept->bp, kept->nb * sizeof *dst->bp);
	}
	dst->nb = kept->nb;
	return kept->every ? 0 : mf_thr_tail_from(p, s, tail_start(p, kept), dst, sc);
}

double mf_thr_pvalue(const mf_thr_t *t, int64_t is, int64_t f)
{
	if (t->nb && f > t->L && f <= t->U) {
		size_t a = 0, b = t->nb; /* bf descending: the entry equal to f */
		while (a < b) {
			size_t mid = a + (b - a) / 2;
			if (t->bf[mid] > f)
				a = mid + 1;
			else
				b = mid;
		}
		if (a < t->nb && t->bf[a] == f)
			return t->bp[a];
	}
	if (!t->ng)
		return NAN;
	return tail_at(t->g, t->glo, t->ng, is);
}
