/* genome_index.h: a genome FASTA's faidx index, built safely when several processes
 * start on the same genome at once. */
#ifndef MF_GENOME_INDEX_H
#define MF_GENOME_INDEX_H

#include <htslib/faidx.h>

/* Makes sure genome.fai (and genome.gzi for a bgzip genome) exist: builds them when the
 * .fai is missing, or always when rebuild is set, into temporary files renamed into
 * place. 0, or -1 (one line logged saying what the user can do). */
int mf_genome_index(const char *genome, int rebuild);

/* mf_genome_index(genome, 0), then loads it; NULL on failure (logged). */
faidx_t *mf_genome_open(const char *genome);

#endif
