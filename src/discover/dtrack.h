/* dtrack.h: the sequences and contribution tracks discover works on.
 *
 * Input is one or more explain npz files (a run, the shards of one, or several runs) with
 * onehot (n, L, 4) and hyp (n, L, 4, T); L may differ between files. Their sequences are
 * numbered in file order (the "example index" of TF-MoDISco). The actual contribution of a
 * position is hyp at its observed base (what TF-MoDISco computes as onehot * hyp, and what
 * explain's contrib sums to over the channels), so contrib itself is not read.
 *
 * mf_dseqs_t holds what every task shares (bases, names, coordinates); mf_dhyp_t one task's
 * hypothetical contributions, loaded when that task's turn comes, so memory holds one task
 * at a time: 1 + 16 bytes per input position. */
#ifndef MF_DTRACK_H
#define MF_DTRACK_H

#include <stddef.h>
#include <stdint.h>

#include "io/npz_read.h"

#define MF_BASE_N 4 /* base code of a position whose onehot row is all zero */

typedef struct {
	size_t n;          /* sequences over all files */
	uint64_t *off;     /* n + 1: first position of sequence i in base[] (and in a task's hyp) */
	uint8_t *base;     /* off[n] codes: 0-3 = A C G T, MF_BASE_N = N */
	char **names;      /* n sequence names */
	char **chrom;      /* n chromosomes when every file has chrom/start/end, else NULL */
	int64_t *start;    /* n genomic starts of the sequences (with chrom) */
	int T;             /* tasks in every file */
	char **tasks;      /* their names (the files' tasks array, else task0, task1, ...) */
	int64_t *task_index; /* T model output indices (the first file's task_index, else 0..T-1) */
	int nfiles;
	char **paths;      /* the files, and the first sequence of each in file_first[] */
	size_t *file_first;
	mf_npzr_t **z;     /* the open files (hyp is read task by task) */
} mf_dseqs_t;

typedef struct {
	int task;          /* column of hyp in the files */
	float *hyp;        /* off[n] x 4 values */
} mf_dhyp_t;

/* Opens every file, checks that each has onehot and hyp of agreeing shapes, the same tasks
 * as the first, a one-hot onehot (rows of one 1 and three 0s, or four 0s for N), and reads
 * bases, names and coordinates. NULL with one logged line naming the file and problem. */
mf_dseqs_t *mf_dseqs_open(const char *const *paths, int n);
void mf_dseqs_destroy(mf_dseqs_t *s); /* accepts NULL */

/* Resolves a task list with io/tasks.h's rule: "all", or comma-separated names or model
 * output indices ("task1,2"; an index is looked up in task_index, so it names the same task
 * as in explain --task). Sets *out (columns of hyp; caller frees) and *n; -1 (logged) when
 * out of memory, -2 (logged: the option's fault) on a task the input lacks or a repeat. */
int mf_dseqs_tasks(const mf_dseqs_t *s, const char *spec, int **out, int *n);

/* Reads task's hyp column from every file (threads: sequences read in parallel). NULL
 * (logged, naming the file and sequence) on a read error or a non-finite value. */
mf_dhyp_t *mf_dhyp_load(const mf_dseqs_t *s, int task, int threads);
void mf_dhyp_destroy(mf_dhyp_t *h); /* accepts NULL */

/* The length of sequence i. */
static inline int64_t mf_dseq_len(const mf_dseqs_t *s, size_t i)
{
	return (int64_t)(s->off[i + 1] - s->off[i]);
}

/* A window [start, start + len) of sequence i, on the reverse strand when rc (then column j
 * is the complement of position start + len - 1 - j): per column the onehot, the actual and
 * the hypothetical contributions (4 values each, [len][4]; any may be NULL). Positions
 * outside the sequence are zero: windows may run past either end. */
void mf_dtrack_window(const mf_dseqs_t *s, const mf_dhyp_t *h, size_t i, int64_t start, int len,
		int rc, float *onehot, float *contrib, float *hyp);

#endif
