/* score.h: importance summed over PWM matches (room score).
 *
 * The scores come from an explain .npz (npz_read.h): `names` (n,), a contribution array
 * (n, L, 4, T) (default `contrib`; the per-position contribution is the sum of its 4
 * channels, so `proj` gives the same sums), `tasks` (T,), and for BED input `chrom`,
 * `start`, `end` (n,) genomic coordinates of each row.
 *
 * Matches are BED6+ rows (motiflift scan's output). A match addresses a row
 *  - by name, when the npz has no `chrom`: column 1 is the row's name and start/end are
 *    0-based positions inside it;
 *  - by genomic coordinates, when it has: the match must lie entirely inside a row on the
 *    same chromosome. When several rows cover it (overlapping regions), the row whose centre
 *    is nearest the match's centre is used (the model saw the most flank there); ties go to
 *    the earlier row. A match covered by no single row (it spans two regions, or lies outside
 *    every region) is left unscored and counted.
 * The importance of a match for task t is sum over its window positions p and channels c of
 * contrib[row, p, c, t], accumulated in double. */
#ifndef MF_SCORE_H
#define MF_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "motif/scan.h"

/* ---- matches -------------------------------------------------------------------------- */

typedef struct {
	char *line;     /* the row as read (tab-separated, no newline) */
	char *seq, *motif; /* column 1 and 4 */
	int64_t start, end;
	double logodds; /* column 7; NAN when absent or not a number */
	long row;       /* the score row it maps to, -1 when none */
	int64_t off;    /* its start inside that row */
} mf_match_t;

typedef struct {
	mf_match_t *a;
	size_t n, cap;
	char **cols;    /* column names (from a '# ... columns: ...' header or defaults) */
	int n_cols;
	int nats;       /* 1 when the log-odds are in nats (a "log-odds in nats" header line) */
} mf_matches_t;

/* Reads BED6+ matches (plain or gzip); '#', 'track' and 'browser' lines are skipped, the
 * last '#' line with "columns:" names the columns, and a '#' line saying "log-odds in nats"
 * (motiflift scan --log-base e) sets nats. 0 or -1 (logged "path: line N: ..."). */
int mf_matches_load(const char *path, mf_matches_t *m);
void mf_matches_free(mf_matches_t *m);

/* ---- scores --------------------------------------------------------------------------- */

typedef struct mf_scores mf_scores_t;

/* Opens an explain npz; array is the (n, L, 4, T) contribution array to sum. NULL (logged)
 * when an array is missing or shapes disagree. */
mf_scores_t *mf_scores_open(const char *path, const char *array);
void mf_scores_close(mf_scores_t *s); /* accepts NULL */
size_t mf_scores_nrows(const mf_scores_t *s);
size_t mf_scores_length(const mf_scores_t *s);
int mf_scores_ntasks(const mf_scores_t *s);
const char *mf_scores_task(const mf_scores_t *s, int t);
const char *mf_scores_name(const mf_scores_t *s, size_t row);
const char *mf_scores_path(const mf_scores_t *s); /* the npz file */
int mf_scores_genomic(const mf_scores_t *s); /* 1 when rows carry chrom/start/end */

/* Maps every match to its row (sets row and off). Returns the number left unmapped, or
 * -1 (out of memory). */
long mf_scores_locate(const mf_scores_t *s, mf_matches_t *m);
/* sums[t] = importance of window [off, off+len) of row for each task t. 0 or -1 (logged). */
int mf_scores_window(const mf_scores_t *s, size_t row, int64_t off, int64_t len, double *sums);

/* Scans every row's sequence (decoded from the npz `onehot`; all-zero positions are N) with
 * the motifs and fills m with mapped matches in scan's format, rows in npz order, as
 * mf_scan_file would pick and report them (o->scan, o->greedy, o->nats; the rest unused). */
int mf_scores_scan(const mf_scores_t *s, mf_pwm_t *const *pwm, int n_pwm,
		const mf_scanfile_opt_t *o, mf_matches_t *m);

/* ---- sequence annotations -------------------------------------------------------------- */

/* Labels per sequence name (a labels TSV: seqName + task columns, or a simdata file:
 * seqName sequence embeddings tasks...) and motif instance counts per (name, motif)
 * (from the simdata embeddings or a truth BED). */
typedef struct mf_annot mf_annot_t;

mf_annot_t *mf_annot_init(void);
void mf_annot_destroy(mf_annot_t *a);
/* Loads labels; with simdata also counts the embedded instances. 0 or -1 (logged). */
int mf_annot_load_labels(mf_annot_t *a, const char *path);
/* Counts instances from a BED (name, start, end, motif, ...). 0 or -1 (logged). */
int mf_annot_load_truth(mf_annot_t *a, const char *path);
int mf_annot_nlabels(const mf_annot_t *a);
const char *mf_annot_label_name(const mf_annot_t *a, int j);
/* The labels of seq (tab-joined), or NULL when unknown. */
const char *mf_annot_labels(const mf_annot_t *a, const char *seq);
int mf_annot_has_counts(const mf_annot_t *a);
/* Instances of motif in seq (0 when none recorded). */
int mf_annot_count(const mf_annot_t *a, const char *seq, const char *motif);
/* 1 when [start, end) of seq overlaps an embedded instance of motif, else 0. Tells the
 * planted instances from chance matches of the background. */
int mf_annot_embedded(const mf_annot_t *a, const char *seq, const char *motif, int64_t start,
		int64_t end);

/* The class of a simulated sequence: its name up to the last '_' (gata_tal1_17 ->
 * gata_tal1); the whole name when it has no '_'. Writes into buf (cap bytes). */
const char *mf_seq_class(const char *name, char *buf, size_t cap);

/* ---- output ----------------------------------------------------------------------------- */

typedef struct {
	double threshold;      /* strong match: log-odds > threshold [7] */
	int inclusive;         /* strong match: log-odds >= threshold instead [0] */
	const char *pos_class; /* false negatives among strong matches here [gata_tal1] */
	const char *neg_class; /* false positives among matches here [empty] */
	const char *motif;     /* summarise this motif only [NULL: each] */
	int task;              /* this task only [-1: each] */
} mf_summary_opt_t;

void mf_summary_opt_init(mf_summary_opt_t *o);

/* Writes the TSV: match columns, imp_<task>..., class, [instances, embedded], [labels]. imp holds
 * n_matches x T importances (NAN rows for unmapped matches, which are skipped). */
int mf_score_write(const char *path, const mf_scores_t *s, const mf_matches_t *m,
		const double *imp, const mf_annot_t *a, const char *header);
/* Writes the summary table (false negatives, false positives, tiers) for the mapped
 * matches; the threshold is in the matches' unit (m->nats). */
int mf_score_summary(const char *path, const mf_scores_t *s, const mf_matches_t *m,
		const double *imp, const mf_annot_t *a, const mf_summary_opt_t *o);

#endif
