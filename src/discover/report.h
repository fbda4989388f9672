/* report.h: what discover writes: PREFIX.meme (PPMs of the trimmed cores), PREFIX.cwm.meme
 * (their CWMs), PREFIX.patterns.npz, PREFIX.h5 (PREFIX.TASK.h5 for several tasks) in
 * TF-MoDISco-lite's layout, PREFIX.seqlets.bed and PREFIX.html, all or none: every file
 * is written to a temporary first and renamed only when all are complete. */
#ifndef MF_REPORT_H
#define MF_REPORT_H

#include "discover/discover.h"

typedef struct mf_report mf_report_t;

/* Loads the motif database (db NULL: the shipped encode_motifs.txt.gz) and names the
 * outputs. NULL (logged) on error. */
mf_report_t *mf_report_open(const char *prefix, const char *db, int n_matches,
		const mf_dseqs_t *s, const int *tasks, int nt);
void mf_report_close(mf_report_t *r); /* accepts NULL */

/* The output files, so the caller can check them before the work starts. */
const char *const *mf_report_paths(const mf_report_t *r, int *n);

/* Writes every output for the tasks' results (res[t] for the t-th task given to open; cmdline
 * goes into the HTML). 0 or -1 (logged; nothing is left behind). */
int mf_report_write(mf_report_t *r, const mf_dtask_t *res, int nt, const mf_dseqs_t *s,
		const char *cmdline, int threads);

#endif
