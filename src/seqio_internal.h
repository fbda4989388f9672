/* seqio_internal.h: the reader's state, shared by seqio.c and seqio_bed.c only. */
#ifndef MF_SEQIO_INTERNAL_H
#define MF_SEQIO_INTERNAL_H

#include <htslib/bgzf.h>
#include <htslib/faidx.h>
#include <htslib/kstring.h>

#include "seqio.h"

struct mf_seqreader {
	char *path;
	mf_seqfmt_t fmt;
	mf_seqopt_t opt;
	BGZF *fp;
	kstring_t line;
	long lineno;     /* lines read so far */
	long n;          /* records returned so far */
	size_t n_kept;   /* records that matched opt.keep */
	int have_header; /* FASTA: r->line holds the next record's header */
	int failed;      /* an error was reported: every later read fails too */
	int eof_checked; /* the BGZF end-of-file marker was looked for */
	int n_tasks;     /* simdata */
	char **task_names;
	faidx_t *fai;    /* BED */
	char *fetched;   /* BED: last sequence from faidx */
};

int mf_seqreader_getline(mf_seqreader_t *r);
int mf_seq_set(char **dst, size_t *cap, const char *src, size_t n);
int mf_seqreader_bed_init(mf_seqreader_t *r);
int mf_seqreader_bed_read(mf_seqreader_t *r, mf_seq_t *s);
void mf_seqreader_bed_free(mf_seqreader_t *r);

#endif
