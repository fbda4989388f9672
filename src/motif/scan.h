/* scan.h: PWM scanning with exact p-values (room scan).
 *
 * A motif enters as a plain log-odds matrix lo[w*4] in bits (row-major [pos][A,C,G,T],
 * as mf_motif_logodds makes it) and a background. A window's score is the sum of lo over
 * it, its p-value the probability under the i.i.d. background that a random word scores
 * at least as much. A window is reported iff that exact p-value is <= P: the scores are
 * compared exactly (cells in fixed point at 2^-fbits bit, about 2^-52 for real motifs,
 * summed in int64, so ties are ties), the threshold is found once per motif and strand
 * (scan_internal.h says how), and the scan itself works on cells rounded to 1/1000 bit
 * (coarser only when a motif's score range would exceed 2e5 units), looking at the exact
 * score only for windows within the rounding of the threshold. A motif so wide that the
 * words within that rounding cannot be listed (about 5e5 of them) has its band windows
 * decided on rounded scores; mf_scan_file counts them.
 *
 * Reported p-values: exact for windows within the rounding of the threshold, else the
 * p-value of the rounded score (P(S_int >= s), as FIMO and MOODS compute it), within the
 * rounding of the exact one (w/2000 bit of score). The '-' strand uses the
 * reverse-complement matrix, with its own distribution (they differ when the background
 * is not symmetric). The reported log-odds is the unrounded sum.
 *
 * Windows with any letter other than A, C, G, T (either case) are skipped; lowercase is
 * scored as uppercase. Positions are 0-based window starts on the + strand of the
 * sequence whatever the strand of the match. */
#ifndef MF_SCAN_H
#define MF_SCAN_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	char *name;
	int w;
	double scale;     /* integer units per bit */
	double *lo[2];    /* [w*4] bits; [1] = reverse complement (the '-' strand as read on '+') */
	int32_t *ilo[2];  /* [w*4] rounded to units */
	int64_t *fix[2];  /* [w*4] in fixed point, 2^fbits per bit: exact comparisons */
	int fbits;
	double err;       /* |integer score - scale * fixed-point score / 2^fbits| <= err, any window */
	int64_t smin[2], smax[2]; /* integer score range */
	double bg[4];     /* the background, normalised */
	int sym;          /* bg[A] == bg[T] and bg[C] == bg[G]: both strands share a distribution */
	struct mf_pwm_cache *cache; /* what mf_scan_range and mf_pwm_tail keep between calls */
} mf_pwm_t;

/* Builds a scanner for one motif; copies name and lo. NULL (logged) on bad input
 * (w < 1, non-finite cells, background not positive). Freed by mf_pwm_destroy. Cheap:
 * nothing is computed per p-value until a scan needs it. */
mf_pwm_t *mf_pwm_create(const char *name, const double *lo, int w, const double bg[4]);
void mf_pwm_destroy(mf_pwm_t *p); /* accepts NULL */

/* Integer score of the window at codes[0..w) (mf_nt4 codes; all must be < 4). */
int64_t mf_pwm_iscore(const mf_pwm_t *p, int strand, const unsigned char *codes);
/* P(S_int >= s) for strand 0 (+) or 1 (-): the distribution of rounded scores, built
 * whole on first use (tests and small jobs; the scanner keeps only tails). Not
 * thread-safe, like mf_scan_range. */
double mf_pwm_tail(const mf_pwm_t *p, int strand, int64_t s);
/* The smallest integer score whose p-value is <= pvalue (smax+1 when none is). */
int64_t mf_pwm_threshold(const mf_pwm_t *p, int strand, double pvalue);

/* ---- scanning ----------------------------------------------------------------------- */

typedef struct {
	int64_t pos;    /* window start, 0-based, on the sequence's + strand */
	int motif;      /* index given to mf_scan_range */
	int strand;     /* 0 '+', 1 '-' */
	double score;   /* log-odds, bits */
	double pvalue;
	double qvalue;  /* NAN until mf_hits_bh */
} mf_hit_t;

typedef struct {
	mf_hit_t *a;
	size_t n, cap;
} mf_hits_t;

typedef struct {
	double pvalue;    /* report windows with p-value <= this [1e-4]; 1 = no limit */
	double min_score; /* and log-odds >= this [-INFINITY] */
	int strands;      /* 2: both [2]; 1: + only */
	int top;          /* > 0: keep the best top windows per sequence and motif [0] */
	int nonoverlap;   /* with top: greedy, no two kept windows overlap [0] */
	int exact;        /* 1: exact p-value decisions [1]; 0: on rounded scores (FIMO, MOODS) */
} mf_scan_opt_t;

void mf_scan_opt_init(mf_scan_opt_t *o);

int mf_hits_push(mf_hits_t *h, const mf_hit_t *x);
void mf_hits_free(mf_hits_t *h);

/* Scans the windows starting in [from, to) of seq[0..len) and appends those passing the
 * thresholds of o to out (tagged motif), in position order. *n_tested (optional) is
 * increased by the number of windows scored (both strands counted). The motif keeps its
 * thresholds and tables for the next call with the same o: not thread-safe for one motif
 * (mf_scan_file scans many motifs in parallel without it). 0 or -1 (out of memory,
 * logged). */
int mf_scan_range(const mf_pwm_t *p, int motif, const char *seq, size_t len, size_t from,
		size_t to, const mf_scan_opt_t *o, mf_hits_t *out, int64_t *n_tested);

/* Keeps the o->top best hits of one (sequence, motif) group, greedily non-overlapping when
 * o->nonoverlap; order: log-odds descending, then position, then strand. */
void mf_hits_top(mf_hits_t *h, size_t first, int w, const mf_scan_opt_t *o);
/* Sorts h[first..] by position, then motif, then strand (the output order). */
void mf_hits_sort_pos(mf_hits_t *h, size_t first);
/* Benjamini-Hochberg q-values over n_tests tests of which h holds the reported ones (every
 * unreported test has a larger p-value); exact wherever q <= the largest reported p. */
int mf_hits_bh(mf_hit_t **hits, size_t n, int64_t n_tests);

/* ---- streaming: sequences in, BED6+ out (motiflift scan) ----------------------------- */
struct mf_seqreader;

typedef struct {
	mf_scan_opt_t scan;
	int threads;      /* output identical for any value [1] */
	int qvalues;      /* add a q-value column; buffers every match until the end [0] */
	const char *header; /* a "# ..." line written first (provenance), or NULL */
	uint64_t total_bases; /* the input's size for the progress line; 0 unknown */
	size_t chunk_bases;   /* bases per chunk; 0: sized from the motifs and P [0] (tests) */
	size_t rows_per_block; /* rows formatted per task when writing; 0: 8192 [0] (tests) */
	int read_ahead;       /* with threads > 1, a reader thread besides them: 0 yes, the others
	                       * leaving it a core while reading is much of the work; 1 yes,
	                       * leaving it a core from the start; -1 no [0] (tests) */
	int greedy;       /* with scan.top: the DeepLIFT notebook's greedy pick (scan_pick.h) [0] */
	int nats;         /* log-odds column in nats (ln) instead of bits (log2) [0] */
} mf_scanfile_opt_t;

typedef struct {
	long n_seq;
	int64_t n_bases, n_hits;
	int64_t *n_tested; /* [n_pwm] windows scored per motif (both strands counted), or NULL */
	int n_motifs;
	int n_inexact;     /* motifs whose threshold band was too wide to list */
	int64_t n_approx;  /* their windows in that band, decided on rounded scores */
	double seconds;    /* wall time of the scan */
} mf_scan_stats_t;

/* Scans every record of r with every motif and writes BED6+ rows to out_path: name (BED
 * input: chromosome), start, end (0-based, half-open; BED input: genomic), motif, score
 * (int(-100 log10 p) capped at 1000, for browsers), strand, log-odds (bits, or nats with
 * o->nats), p-value, [q-value], the matched sequence as read on the motif's strand (case
 * kept); with o->greedy the picks of mf_hits_pick_greedy, repeats included. Rows are
 * grouped by record in input order and sorted by start, motif, strand within one.
 * Streams: memory is bounded by a chunk of the input (8 Mb at most, fewer when many
 * matches are expected) and its matches, whatever the number of motifs (--qvalue holds
 * every row). Draws a progress line (base/progress.h). stats may be NULL (it is added
 * to); its n_tested, when set, must have n_pwm slots. 0 or -1 (logged). */
int mf_scan_file(struct mf_seqreader *r, mf_pwm_t *const *pwm, int n_pwm, const char *out_path,
		const mf_scanfile_opt_t *o, mf_scan_stats_t *stats);

/* Writes one TSV row per motif (header "#motif width max_logodds threshold
 * threshold_minus exact"): the smallest log-odds (bits, nats with o->nats) a window needs
 * on each strand for a p-value <= o->scan.pvalue (NA when no window reaches it; '-' NA for
 * o->scan.strands 1), exact "no" when the motif's threshold was decided on rounded scores.
 * Thresholds are computed with o->threads threads. 0 or -1 (logged). */
int mf_scan_list(mf_pwm_t *const *pwm, int n_pwm, const mf_scanfile_opt_t *o,
		const char *out_path);

#endif
