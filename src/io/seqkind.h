/* seqkind.h: one reader per kind of sequence input (FASTA, simdata TSV, BED + genome),
 * all behind one small interface, so that the dispatch in seqio.c (format sniffing, the
 * --shard slice, the --names filter, counting) lives in one place and the readers never
 * call back into it. Internal to io/. */
#ifndef MF_SEQKIND_H
#define MF_SEQKIND_H

#include "io/seqio.h"
#include "io/textlines.h"

/* What a reader works on: the input's lines, the options, and its own state. */
typedef struct {
	mf_textlines_t in;
	const mf_seqopt_t *opt;
	long n_read;        /* records this reader returned so far (for messages) */
	int n_tasks;        /* simdata: the task columns its header names */
	char **task_names;
	void *state;        /* the kind's own (FASTA: the pending header; BED: the genome) */
} mf_seqsrc_t;

typedef struct {
	/* After the input is open: read a header, open a genome. 0 or -1 (logged). */
	int (*open)(mf_seqsrc_t *src);
	/* The next record into s: 1, 0 at the end, -1 (logged). */
	int (*read)(mf_seqsrc_t *src, mf_seq_t *s);
	/* Past the next record without building it (BED: no genome fetch): 1, 0, -1.
	 * NULL: skipping is reading. */
	int (*skip)(mf_seqsrc_t *src);
	/* Whether line number lineno (1-based) starts a record: counts records in one pass
	 * over the lines, as the reader would see them. */
	int (*starts_record)(const kstring_t *line, long lineno);
	void (*close)(mf_seqsrc_t *src);
} mf_seqkind_t;

extern const mf_seqkind_t mf_seqkind_fasta, mf_seqkind_simdata, mf_seqkind_bed;

/* Copies n bytes of src into *dst (grown to *cap as needed) and terminates it. 0 or -1. */
int mf_seq_set(char **dst, size_t *cap, const char *src, size_t n);
/* Records in the file at path as kind would read them (lines only, no genome fetches):
 * the count, or -1 (logged unless quiet). */
long mf_seqkind_count(const mf_seqkind_t *kind, const char *path, int quiet);

#endif
