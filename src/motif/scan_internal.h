/* scan_internal.h: what the scan room's files share (scan.c, scan_exact.c, scan_file.c):
 * exact thresholds, the two-stage lookahead filter and the window kernel.
 *
 * How a window is decided (scan.h states the contract). Every window has an integer score
 * S (cells rounded to 1/scale bit) and an exact score F (cells in fixed point at 2^-fbits
 * bit, summed exactly in int64). |S - scale*F/2^fbits| <= err for every window. For one
 * strand and one p-value P, mf_thr_t holds lo <= hi: S < lo never passes, S >= hi always
 * passes, and a window in the band [lo, hi) passes iff F >= fix, where fix is the exact
 * score threshold: the smallest attainable F whose exact p-value is <= P. fix is found by
 * listing every word whose S lies in the band (meet in the middle over two halves of the
 * motif) and ranking them by F; when the band holds too many words (wide motifs at a
 * loose P) exact is 0 and band windows are decided by S >= cut, the rounded decision. */
#ifndef MF_SCAN_INTERNAL_H
#define MF_SCAN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "motif/scan.h"

/* *p grown to hold at least n items of size bytes (capacity doubling from 64); 0 or -1
 * (out of memory, not logged). */
int mf_scan_grow(void **p, size_t *cap, size_t n, size_t size);

/* ---- exact thresholds (scan_exact.c) ------------------------------------------------ */

typedef struct {
	int64_t lo, hi;  /* integer scores: < lo never reported, >= hi reported (p-value-wise) */
	int64_t cut;     /* the smallest integer score whose rounded p-value is <= P */
	int64_t fix;     /* band [lo, hi): reported iff the fixed-point score >= fix */
	int exact;       /* 0: band too wide to list; band windows decided by S >= cut */
	int every;       /* P >= 1: every window passes; no tail */
	/* g[k] = P(S >= glo + k), k < ng; g[ng-1] = 0 (one past smax) */
	int64_t glo;
	size_t ng, cap_g;
	double *g;
	/* the band's words with L < F <= U, one entry per distinct F, F descending, with
	 * their exact p-values: the reported p-value of a band window */
	int64_t L, U;
	size_t nb, cap_b;
	int64_t *bf;
	double *bp;
} mf_thr_t;

/* Growable scratch of the threshold search, one per thread. */
typedef struct mf_thr_scratch mf_thr_scratch_t;
mf_thr_scratch_t *mf_thr_scratch_create(void);
void mf_thr_scratch_destroy(mf_thr_scratch_t *s);
/* Frees the buffers larger than max_bytes (a wide motif's), so threads do not all keep
 * their largest at once. */
void mf_thr_scratch_trim(mf_thr_scratch_t *s, size_t max_bytes);

void mf_thr_free(mf_thr_t *t);
/* The thresholds of strand s for p-value P (P >= 1: every window, no tail). The tail g
 * covers [lo, smax]. exact 0: no band (lo = hi = cut), the rounded decision of FIMO and
 * MOODS. 0, or -1 out of memory (logged). */
int mf_thr_prepare(const mf_pwm_t *p, int s, double pvalue, int exact, mf_thr_t *t,
		mf_thr_scratch_t *sc);
/* Makes t's tail cover every integer score >= from. 0 or -1 (logged). */
int mf_thr_tail_from(const mf_pwm_t *p, int s, int64_t from, mf_thr_t *t,
		mf_thr_scratch_t *sc);
/* The decision of t without its tail, and of its band only the passing scores (what
 * reporting needs), into dst (freed first). 0 or -1 (logged). */
int mf_thr_keep(mf_thr_t *dst, const mf_thr_t *src);
/* kept back into dst (dst's memory reused) with its tail recomputed. 0 or -1 (logged). */
int mf_thr_restore(const mf_pwm_t *p, int s, mf_thr_t *dst, const mf_thr_t *kept,
		mf_thr_scratch_t *sc);
/* The reported p-value of a window with integer score is and fixed-point score f: exact
 * within the band's listed range, else the p-value of the rounded score (the tail must
 * cover is). */
double mf_thr_pvalue(const mf_thr_t *t, int64_t is, int64_t f);

/* ---- lookahead filter and kernel (scan.c) ------------------------------------------- */

#define MF_LA_Q 8                        /* columns per lookahead window */
#define MF_QMER_N (1u << (2 * MF_LA_Q))  /* distinct 8-mers */

/* Two 8-column windows of one strand, each scored by two lookups indexed by the 8-mer
 * under it (its first and last four letters; columns past the motif's end, and in the
 * second window those the first covers, count 0). Windows only ever lie inside runs of
 * A/C/G/T, so no code needs a value for N. */
typedef struct {
	int off1, off2;       /* first column of each window; off2 < 0: no second window */
	int32_t t1[2][256], t2[2][256];
	uint8_t *pass;        /* [MF_QMER_N] window 1 + best elsewhere reaches lo */
	int64_t rest1, rest2; /* best the columns outside window 1 / outside both can add */
	int *rest;            /* columns outside both windows, most informative first */
	int64_t *left;        /* left[k]: the best the rest columns after rest[k] can add */
	int nrest, cap_rest;
} mf_la_t;

/* A motif made ready to scan with one set of options: thresholds and filter tables of
 * both strands. Owned by a thread (scan_file) or by the motif (mf_scan_range). */
typedef struct {
	double pvalue, min_score;
	int strands, exact, ready, raised;
	mf_thr_t thr[2];
	mf_la_t la[2];
	int64_t lo[2];        /* the filter's current threshold (raised by --top) */
	uint32_t *cand;       /* the first stage's output for one block of windows */
} mf_prep_t;

void mf_prep_free(mf_prep_t *pp);
/* Thresholds and tables for o; reuses pp's memory. kept (optional): the thresholds of
 * both strands from an earlier build with the same o (mf_thr_keep), so only the tails and
 * tables are made again. 0 or -1 (logged). */
int mf_prep_build(const mf_pwm_t *p, const mf_scan_opt_t *o, const mf_thr_t *kept,
		mf_prep_t *pp, mf_thr_scratch_t *sc);

/* A stretch of sequence encoded once for every motif: code[i] = mf_nt4 of base i (4 for
 * anything but ACGT), qmer[i] = the 2-bit code of the 8-mer starting at i (first letter
 * in the high bits; a non-ACGT letter reads as T: windows never hold one), and the runs
 * of A/C/G/T, where windows may start in [s, min(e - w + 1, lim)). code and qmer are
 * readable up to n + MF_CODES_PAD. */
typedef struct {
	int64_t s, e, lim;
} mf_run_t;

typedef struct {        /* a piece placed, its runs not yet found */
	int64_t at;
	size_t n, nwin;
} mf_placed_t;

typedef struct {
	unsigned char *code;
	uint16_t *qmer;
	size_t n, cap;
	mf_run_t *run;
	size_t n_run, cap_run;
	mf_placed_t *placed;
	size_t n_placed, cap_placed;
} mf_codes_t;

#define MF_CODES_PAD 64

/* Appends seq[0..n) then one separator (no window spans two pieces); windows may start
 * only in the first nwin bases. Returns the piece's first position, or -1 out of memory
 * (logged). mf_codes_finish must follow the last append. */
int64_t mf_codes_append(mf_codes_t *c, const char *seq, size_t n, size_t nwin);
int mf_codes_finish(mf_codes_t *c);
/* The same in steps that threads can share (mf_scan_file): mf_codes_place reserves a
 * piece of n bases and returns its position (or -1, logged); mf_codes_fill encodes
 * seq[0..n) at offset off of the piece placed at `at` (last: the piece ends there), for
 * disjoint stretches at once; once all are filled, mf_codes_seal finds the runs (0 or -1),
 * then mf_codes_qmers makes the 8-mer codes of [from, to) within [0, mf_codes_qmer_end),
 * for disjoint ranges at once. */
int64_t mf_codes_place(mf_codes_t *c, size_t n, size_t nwin);
void mf_codes_fill(mf_codes_t *c, int64_t at, size_t off, const char *seq, size_t n, int last);
int mf_codes_seal(mf_codes_t *c);
size_t mf_codes_qmer_end(const mf_codes_t *c);
void mf_codes_qmers(mf_codes_t *c, size_t from, size_t to);
/* Empties c (keeps its memory). */
void mf_codes_reset(mf_codes_t *c);
void mf_codes_free(mf_codes_t *c);
/* The first run that ends after from. */
size_t mf_codes_first_run(const mf_codes_t *c, size_t from);
/* Windows of width w that may start in [from, to): how many lie in runs. */
int64_t mf_codes_windows(const mf_codes_t *c, size_t from, size_t to, int w);

/* Scans the windows starting in [from, to) of c with the prepared motif and appends the
 * passing ones to out, at position i + shift. With --top (overlaps allowed) out[first..]
 * are this record's hits so far: they are trimmed to the K best as the scan goes and the
 * filter raised (mf_prep_reset undoes it). pvalue is NAN when no tail covers the score
 * (P >= 1): see mf_hits_fill_pvalues. *n_approx (optional) counts band windows decided
 * on rounded scores. 0 or -1 (out of memory, logged). */
int mf_scan_kernel(const mf_pwm_t *p, mf_prep_t *pp, int motif, const mf_codes_t *c,
		size_t from, size_t to, int64_t shift, size_t first, const mf_scan_opt_t *o,
		mf_hits_t *out, int64_t *n_approx);
/* 0: the first stage and the encoding run their scalar reference loops even where AVX2
 * is there (tests). */
extern int mf_scan_simd;
/* Raises the filter threshold of both strands to integer score t (for --top). */
void mf_prep_raise(const mf_pwm_t *p, mf_prep_t *pp, int64_t t);
/* Back to the thresholds after raises. */
void mf_prep_reset(const mf_pwm_t *p, mf_prep_t *pp);
/* Sets the p-values still NAN in h[first..], whose windows start at c positions
 * pos - shift. 0 or -1 (logged). */
int mf_hits_fill_pvalues(const mf_pwm_t *p, mf_prep_t *pp, const mf_codes_t *c,
		mf_hits_t *h, size_t first, int64_t shift, mf_thr_scratch_t *sc);
/* The exact (fixed-point) score of the window at codes on strand s; all codes < 4. */
int64_t mf_pwm_fscore(const mf_pwm_t *p, int strand, const unsigned char *codes);

#endif
