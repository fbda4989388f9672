/* seqio_internal.h: the reader's state, shared by seqio.c and seqio_bed.c only. */
#ifndef MF_SEQIO_INTERNAL_H
#define MF_SEQIO_INTERNAL_H

#include <htslib/bgzf.h>
#include <htslib/faidx.h>
#include <htslib/kstring.h>

#include "io/seqio.h"

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
	int warned;      /* the "names not found" warning was given (once, at the first end) */
	int eof_checked; /* the BGZF end-of-file marker was looked for */
	int n_tasks;     /* simdata */
	char **task_names;
	faidx_t *fai;    /* BED */
	char *fetched;   /* BED: last sequence from faidx */
	long raw;        /* records read before the keep filter (the shard index) */
	long shard_lo, shard_hi; /* records [lo, hi) belong to this shard */
};

int mf_seqreader_getline(mf_seqreader_t *r);
int mf_seq_set(char **dst, size_t *cap, const char *src, size_t n);
int mf_seqreader_bed_init(mf_seqreader_t *r);
int mf_seqreader_bed_read(mf_seqreader_t *r, mf_seq_t *s);
void mf_seqreader_bed_free(mf_seqreader_t *r);
/* BED: whether a line carries no region (blank, comment, track, browser). */
int mf_bed_skip_line(const kstring_t *l);
/* BED: moves past the next region line without fetching it; 1, 0 at the end, -1. */
int mf_seqreader_bed_skip(mf_seqreader_t *r);
/* Sets shard_lo/hi from a counting pass over the file (seqio_shard.c); 0 or -1. */
int mf_seqreader_shard_init(mf_seqreader_t *r);

#endif
