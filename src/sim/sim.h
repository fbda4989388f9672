/* sim.h: the motif-embedding simulation of the DeepLIFT paper (appendix F), generalised.
 *
 * A benchmark is a list of classes; each class says which motifs are embedded and how
 * many times (a Poisson count redrawn until it falls in [kmin, kmax]). Every sequence
 * is L i.i.d. background letters; motif instances are drawn from the smoothed PWM,
 * optionally reverse-complemented, and placed at uniform starts redrawn while they
 * overlap an earlier instance, in recipe order (GATA then TAL1 for the paper).
 * Labels are tasks: "every motif of the task is present". Outputs (mf_sim_run):
 *   PREFIX.simdata.gz  the published format (seqName sequence embeddings task...)
 *   PREFIX.fa.gz  PREFIX.labels.tsv  PREFIX.{train,valid,test}.txt  PREFIX.motifs.bed
 * The spec owns its classes and tasks; it borrows the motifs, whose set must outlive it.
 * The same seed gives the same bytes for any thread count. */
#ifndef MF_SIM_H
#define MF_SIM_H

#include <stdint.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "motif/motif.h"

#define MF_SIM_MAX_PARTS 16

typedef struct {
	int motif;      /* index into spec->motifs */
	double lambda;  /* Poisson mean of the count */
	int kmin, kmax; /* the count is redrawn until kmin <= k <= kmax */
} mf_sim_part_t;

typedef struct {
	char *name;     /* sequences are named <name>_<k>, k = 1.. within the class */
	int n_parts;
	mf_sim_part_t part[MF_SIM_MAX_PARTS]; /* in insertion order */
} mf_sim_class_t;

typedef struct {
	char *name;     /* the label column's name */
	int n;
	int motif[MF_SIM_MAX_PARTS]; /* label 1 when every one of these is in the sequence */
} mf_sim_task_t;

typedef struct {
	long n;             /* sequences, split evenly over the classes (the first get the rest) */
	int len;            /* L */
	double bg[4];       /* background A, C, G, T */
	double pc;          /* PWM pseudocount: p*(1-pc) + pc/4 */
	double rc_prob;     /* probability an instance is reverse-complemented */
	double split[3];    /* train, valid, test fractions */
	uint64_t seed;
	int threads;
	int clip_counts;    /* TESTS ONLY: clip the Poisson count into [kmin,kmax] instead of
	                     * redrawing it: the deliberately wrong setting the statistical
	                     * comparison with the published file must reject */
	int n_motifs;
	const mf_motif_t *motifs[64]; /* borrowed from a motif set */
	int n_classes, n_tasks;
	mf_sim_class_t *classes;
	mf_sim_task_t *tasks;
} mf_sim_spec_t;

/* A spec with the paper's numbers (n 8000, L 200, background .3/.2/.2/.3, pc 0.001,
 * rc 0, split .8/.1/.1, seed 1) and no classes yet; NULL on failure. */
mf_sim_spec_t *mf_sim_spec_create(void);
void mf_sim_spec_destroy(mf_sim_spec_t *sp);

/* Adds a class from "NAME=MOTIF:LAMBDA[:MIN:MAX]+MOTIF:LAMBDA..." ("NAME=" for a class
 * without motifs); motifs come from set (path for messages). 0 or -1 (logged). */
int mf_sim_add_class(mf_sim_spec_t *sp, const char *def, const mf_motifset_t *set,
		const char *path);
/* Adds a task from "NAME=MOTIF[+MOTIF...]". 0 or -1 (logged). */
int mf_sim_add_task(mf_sim_spec_t *sp, const char *def, const mf_motifset_t *set,
		const char *path);
/* The paper's four classes (empty, gata_only, tal1_only, gata_tal1) from GATA_disc1 and
 * TAL1_known1 in set; tasks are then the paper's default (see mf_sim_check). */
int mf_sim_add_paper_classes(mf_sim_spec_t *sp, const mf_motifset_t *set, const char *path);
/* Reads class and task definitions from a file, one per line: "class NAME=..." or
 * "task NAME=..." ('#' comments, blank lines). 0 or -1 (logged with the line). */
int mf_sim_load_config(mf_sim_spec_t *sp, const char *path, const mf_motifset_t *set,
		const char *motif_path);
/* Validates the spec and fills in default tasks when none were given: with exactly two
 * motifs, task1 = both, task2 = first, task3 = second (the paper's); otherwise one task
 * per motif. Default task names are task1, task2, ... 0 or -1 (logged). */
int mf_sim_check(mf_sim_spec_t *sp);

/* Generates the whole set and writes every output named from prefix (NULL: generates
 * the same rows in memory and writes nothing: benchmarks, dry runs). 0 or -1 (logged;
 * no output file is left behind). */
int mf_sim_run(const mf_sim_spec_t *sp, const char *prefix);

/* ---- the random pieces, exposed for the tests ------------------------------------------ */

/* Poisson(lambda) redrawn until kmin <= k <= kmax (or clipped into it when clip). */
int mf_sim_count(gsl_rng *r, double lambda, int kmin, int kmax, int clip);
/* A start in 0..len-w whose [start, start+w) is free in occ (redrawn while not), marked
 * occupied on return; -1 when no free window exists. */
int mf_sim_place(gsl_rng *r, unsigned char *occ, int len, int w);
/* A generator for one block of records: taus2 seeded from (seed, block). Caller frees
 * with gsl_rng_free; NULL on failure. */
gsl_rng *mf_sim_rng(uint64_t seed, uint64_t block);

/* What mf_sim_run writes: PREFIX + each of these suffixes (NULL-terminated). */
#define MF_SIM_N_OUT 7
extern const char *const mf_sim_out_suffix[MF_SIM_N_OUT + 1];

#endif
