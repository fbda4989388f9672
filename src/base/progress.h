/* progress.h: how far a long run is, for the person waiting on it.
 *
 * On a terminal one refreshing stderr line, "[M::explain] 1200/8000 sequences (15%),
 * 3509/s, ETA 0:02", redrawn at most ten times a second and ended by a newline at the
 * finish. When stderr is not a terminal (Snakemake logs, a cluster's output file) a plain
 * line at most every MOTIFLIFT_PROGRESS_SECONDS seconds (default 10; 0 prints every
 * update), so short runs print nothing. Silent below the default verbosity (-q).
 * Not thread-safe: update from the thread that drives the work. */
#ifndef MF_PROGRESS_H
#define MF_PROGRESS_H

#include <stdint.h>

typedef struct mf_progress mf_progress_t;

/* what: the command ("explain"); unit: what is counted ("sequences", "bases");
 * total: 0 when unknown (then no percentage or ETA). NULL only when out of memory,
 * which callers may ignore: every function accepts NULL. */
mf_progress_t *mf_progress_start(const char *what, const char *unit, uint64_t total);
void mf_progress_set_total(mf_progress_t *p, uint64_t total);
/* done: how many units are finished so far (absolute, not an increment). */
void mf_progress_update(mf_progress_t *p, uint64_t done);
/* Ends the terminal line (if one was drawn) and frees p. */
void mf_progress_finish(mf_progress_t *p);
/* Erases the terminal line (when a summary line of the caller's follows) and frees p. */
void mf_progress_discard(mf_progress_t *p);

#endif
