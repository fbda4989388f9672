/* scan_codes.c: sequences encoded once for every motif (mf_codes_t, scan_internal.h).
 *
 * Encoding is the part of a scan that does not grow with the number of motifs, so with
 * one or two motifs over a genome it is a large share of the time and it runs on one
 * thread. Each step has a scalar reference loop and an AVX2 version that gives the same
 * bytes (tests/test_scan.c compares them through mf_scan_simd). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/seqio.h"
#include "motif/scan_internal.h"

int mf_scan_simd = 1;

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
static int use_avx2(void)
{
	return mf_scan_simd && __builtin_cpu_supports("avx2");
}
#else
#define HAVE_AVX2_PATH 0
#endif

void mf_codes_free(mf_codes_t *c)
{
	free(c->code), free(c->qmer), free(c->run), free(c->placed);
	memset(c, 0, sizeof *c);
}

void mf_codes_reset(mf_codes_t *c)
{
	c->n = c->n_run = c->n_placed = 0;
}

static int codes_reserve(mf_codes_t *c, size_t n)
{
	if (n + MF_CODES_PAD <= c->cap)
		return 0;
	size_t cap = c->cap ? c->cap : 4096;
	while (cap < n + MF_CODES_PAD)
		cap *= 2;
	unsigned char *code = realloc(c->code, cap);
	if (code)
		c->code = code;
	uint16_t *q = code ? realloc(c->qmer, cap * sizeof *q) : NULL;
	if (!q) {
		mf_error("out of memory encoding sequences");
		return -1;
	}
	c->qmer = q, c->cap = cap;
	return 0;
}

static int add_run(mf_codes_t *c, int64_t s, int64_t e, int64_t lim)
{
	if (mf_scan_grow((void **)&c->run, &c->cap_run, c->n_run + 1, sizeof *c->run) < 0) {
		mf_error("out of memory encoding sequences");
		return -1;
	}
	c->run[c->n_run++] = (mf_run_t){s, e, lim};
	return 0;
}

/* ---- letters to 2-bit codes ----------------------------------------------------------- */

static void letters_scalar(const unsigned char *x, size_t n, unsigned char *code)
{
	for (size_t j = 0; j < n; ++j)
		code[j] = mf_nt4[x[j]];
}

/* First j in [from, n) whose code is (acgt ? < 4 : 4); n if none. */
static size_t next_kind_scalar(const unsigned char *code, size_t from, size_t n, int acgt)
{
	size_t j = from;
	while (j < n && (code[j] < 4) != acgt)
		++j;
	return j;
}

#if HAVE_AVX2_PATH
/* mf_nt4 on 32 letters at once: a letter or'ed with 0x20 is 'a', 'c', 'g' or 't' exactly
 * when it is one of ACGTacgt (the table's only codes below 4). */
__attribute__((target("avx2")))
static void letters_avx2(const unsigned char *x, size_t n, unsigned char *code)
{
	const __m256i lower = _mm256_set1_epi8(0x20), one = _mm256_set1_epi8(1),
		two = _mm256_set1_epi8(2), three = _mm256_set1_epi8(3), four = _mm256_set1_epi8(4);
	const __m256i a = _mm256_set1_epi8('a'), c = _mm256_set1_epi8('c'),
		g = _mm256_set1_epi8('g'), t = _mm256_set1_epi8('t');
	size_t j = 0;
	for (; j + 32 <= n; j += 32) {
		__m256i l = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(x + j)), lower);
		__m256i ea = _mm256_cmpeq_epi8(l, a), ec = _mm256_cmpeq_epi8(l, c),
			eg = _mm256_cmpeq_epi8(l, g), et = _mm256_cmpeq_epi8(l, t);
		__m256i k = _mm256_or_si256(_mm256_and_si256(ec, one),
			_mm256_or_si256(_mm256_and_si256(eg, two), _mm256_and_si256(et, three)));
		__m256i any = _mm256_or_si256(_mm256_or_si256(ea, ec), _mm256_or_si256(eg, et));
		k = _mm256_or_si256(k, _mm256_andnot_si256(any, four));
		_mm256_storeu_si256((__m256i *)(code + j), k);
	}
	letters_scalar(x + j, n - j, code + j);
}

__attribute__((target("avx2")))
static size_t next_kind_avx2(const unsigned char *code, size_t from, size_t n, int acgt)
{
	const __m256i four = _mm256_set1_epi8(4);
	size_t j = from;
	for (; j + 32 <= n; j += 32) {
		unsigned other = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
			_mm256_loadu_si256((const __m256i *)(code + j)), four));
		if (acgt)
			other = ~other;
		if (other)
			return j + (size_t)__builtin_ctz(other);
	}
	return next_kind_scalar(code, j, n, acgt);
}
#endif

static void letters(const unsigned char *x, size_t n, unsigned char *code)
{
#if HAVE_AVX2_PATH
	if (use_avx2()) {
		letters_avx2(x, n, code);
		return;
	}
#endif
	letters_scalar(x, n, code);
}

static size_t next_kind(const unsigned char *code, size_t from, size_t n, int acgt)
{
#if HAVE_AVX2_PATH
	if (use_avx2())
		return next_kind_avx2(code, from, n, acgt);
#endif
	return next_kind_scalar(code, from, n, acgt);
}

int64_t mf_codes_place(mf_codes_t *c, size_t n, size_t nwin)
{
	if (codes_reserve(c, c->n + n + 1) < 0)
		return -1;
	if (mf_scan_grow((void **)&c->placed, &c->cap_placed, c->n_placed + 1,
			sizeof *c->placed) < 0) {
		mf_error("out of memory encoding sequences");
		return -1;
	}
	int64_t at = (int64_t)c->n;
	c->placed[c->n_placed++] = (mf_placed_t){at, n, nwin < n ? nwin : n};
	c->n += n + 1;
	return at;
}

void mf_codes_fill(mf_codes_t *c, int64_t at, size_t off, const char *seq, size_t n,
		int last)
{
	letters((const unsigned char *)seq, n, c->code + at + (int64_t)off);
	if (last)
		c->code[at + (int64_t)(off + n)] = 4; /* no window spans two pieces */
}

/* Runs of A/C/G/T, found a vector at a time: genomes are long runs and long gaps. */
static int find_runs(mf_codes_t *c, const mf_placed_t *p)
{
	const unsigned char *code = c->code + p->at;
	int64_t lim = p->at + (int64_t)p->nwin;
	for (size_t j = next_kind(code, 0, p->n, 1); j < p->n && p->at + (int64_t)j < lim;) {
		size_t e = next_kind(code, j, p->n, 0);
		if (add_run(c, p->at + (int64_t)j, p->at + (int64_t)e, lim) < 0)
			return -1;
		j = next_kind(code, e, p->n, 1);
	}
	return 0;
}

int mf_codes_seal(mf_codes_t *c)
{
	if (codes_reserve(c, c->n) < 0) /* nothing placed yet */
		return -1;
	for (size_t k = 0; k < c->n_placed; ++k)
		if (find_runs(c, &c->placed[k]) < 0)
			return -1;
	c->n_placed = 0;
	memset(c->code + c->n, 4, MF_CODES_PAD);
	size_t n = c->n + MF_CODES_PAD, last = mf_codes_qmer_end(c); /* qmer[last..n) are 0 */
	memset(c->qmer + last, 0, (n - last) * sizeof *c->qmer);
	return 0;
}

size_t mf_codes_qmer_end(const mf_codes_t *c)
{
	return c->n + MF_CODES_PAD + 1 - MF_LA_Q;
}

int64_t mf_codes_append(mf_codes_t *c, const char *seq, size_t n, size_t nwin)
{
	int64_t at = mf_codes_place(c, n, nwin);
	if (at >= 0)
		mf_codes_fill(c, at, 0, seq, n, 1);
	return at;
}

/* ---- 8-mer codes ----------------------------------------------------------------------- */

/* qmer[j] for j in [from, to): code[j..j+8) read as 2-bit digits, first in the high bits. */
static void qmers_scalar(const unsigned char *code, size_t from, size_t to, uint16_t *qmer)
{
	uint32_t x = 0;
	for (size_t j = from; j < from + MF_LA_Q - 1; ++j)
		x = (x << 2) | (code[j] & 3u);
	for (size_t j = from; j < to; ++j) {
		x = ((x << 2) | (code[j + MF_LA_Q - 1] & 3u)) & (MF_QMER_N - 1);
		qmer[j] = (uint16_t)x;
	}
}

#if HAVE_AVX2_PATH
/* 32 8-mers at a time, by doubling: pairs of codes into 4 bits, pairs of pairs into a
 * byte, then two bytes side by side (the 16-bit shifts never carry across a byte: every
 * value shifted stays below 256). */
__attribute__((target("avx2")))
static size_t qmers_avx2(const unsigned char *code, size_t to, uint16_t *qmer)
{
	const __m256i three = _mm256_set1_epi8(3);
	size_t j = 0;
	for (; j + 32 <= to; j += 32) {
		__m256i d[MF_LA_Q];
		for (int k = 0; k < MF_LA_Q; ++k)
			d[k] = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(code + j + k)),
				three);
		__m256i p[4];
		for (int k = 0; k < 4; ++k)
			p[k] = _mm256_or_si256(_mm256_slli_epi16(d[2 * k], 2), d[2 * k + 1]);
		__m256i hi = _mm256_or_si256(_mm256_slli_epi16(p[0], 4), p[1]);
		__m256i lo = _mm256_or_si256(_mm256_slli_epi16(p[2], 4), p[3]);
		/* little-endian 16-bit lanes: lo byte first; unpack works within 128-bit halves */
		__m256i a = _mm256_unpacklo_epi8(lo, hi), b = _mm256_unpackhi_epi8(lo, hi);
		_mm256_storeu_si256((__m256i *)(qmer + j), _mm256_permute2x128_si256(a, b, 0x20));
		_mm256_storeu_si256((__m256i *)(qmer + j + 16), _mm256_permute2x128_si256(a, b, 0x31));
	}
	return j;
}
#endif

void mf_codes_qmers(mf_codes_t *c, size_t from, size_t to)
{
#if HAVE_AVX2_PATH
	if (use_avx2())
		from += qmers_avx2(c->code + from, to - from, c->qmer + from);
#endif
	qmers_scalar(c->code, from, to, c->qmer);
}

int mf_codes_finish(mf_codes_t *c)
{
	if (mf_codes_seal(c) < 0)
		return -1;
	mf_codes_qmers(c, 0, mf_codes_qmer_end(c));
	return 0;
}

/* ---- runs ------------------------------------------------------------------------------ */

size_t mf_codes_first_run(const mf_codes_t *c, size_t from)
{
	size_t a = 0, b = c->n_run;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (c->run[m].e <= (int64_t)from)
			a = m + 1;
		else
			b = m;
	}
	return a;
}

int64_t mf_codes_windows(const mf_codes_t *c, size_t from, size_t to, int w)
{
	int64_t n = 0;
	for (size_t r = mf_codes_first_run(c, from); r < c->n_run && c->run[r].s < (int64_t)to;
			++r) {
		int64_t a = c->run[r].s > (int64_t)from ? c->run[r].s : (int64_t)from;
		int64_t b = c->run[r].e - w + 1;
		b = b < c->run[r].lim ? b : c->run[r].lim;
		b = b < (int64_t)to ? b : (int64_t)to;
		n += b > a ? b - a : 0;
	}
	return n;
}
