/* seq_export.h: writing what a sequence reader yields, as FASTA or as one-hot npz. */
#ifndef MF_SEQ_EXPORT_H
#define MF_SEQ_EXPORT_H

#include <stddef.h>

#include "io/seqio.h"

typedef struct {
	size_t width;      /* > 0: centre-resize each sequence to this length */
	int revcomp;       /* reverse-complement each sequence */
	size_t line_width; /* FASTA line width, 0 = one line */
} mf_export_opt_t;

/* Writes every record of r to path ("-" stdout, ".gz" bgzip). 0 or -1 (nothing left). */
int mf_export_fasta(mf_seqreader_t *r, const char *path, const mf_export_opt_t *o);
/* Writes every record of r one-hot encoded into an npz; all sequences must have one
 * length (or be resized with o->width). Arrays: onehot (n, L, 4) float32, names; BED
 * input adds chrom, start, end (int64); simdata adds labels (n, tasks) float32 and tasks. */
int mf_export_npz(mf_seqreader_t *r, const char *path, const mf_export_opt_t *o);

#endif
