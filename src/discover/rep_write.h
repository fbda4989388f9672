/* rep_write.h: the writers of discover's outputs (report.c calls them). */
#ifndef MF_REP_WRITE_H
#define MF_REP_WRITE_H

#include <htslib/kstring.h>

#include "discover/rep_model.h"
#include "io/writer.h"

/* The patterns' trimmed cores as MEME motifs (minimal format, version 4): the PPM, or with cwm
 * the CWM (signed mean actual contributions in the letter-probability rows, as TF-MoDISco's
 * 'modisco meme -t CWM' writes them). nsites is the pattern's seqlet count. 0 or -1. */
int mf_rep_meme(kstring_t *k, const mf_rmodel_t *m, int cwm);

/* Every called seqlet as BED6+ (see the header line it writes). 0 or -1. */
int mf_rep_bed(kstring_t *k, const mf_rmodel_t *m);

/* The HTML report with SVG logos (rep_html.c). 0 or -1. */
int mf_rep_html(kstring_t *k, const mf_rmodel_t *m, const char *cmdline);

/* The patterns and seqlets as arrays in z (rep_npz.c). 0 or -1. */
int mf_rep_npz(mf_npz_t *z, const mf_rmodel_t *m);

/* Task ti's patterns in TF-MoDISco-lite's HDF5 layout into the new file path (rep_h5.c):
 * pos_patterns/pattern_I and neg_patterns/pattern_I, each with sequence, contrib_scores,
 * hypothetical_contribs (w x 4) and seqlets/{n_seqlets, example_idx, start, end,
 * is_revcomp}; the attribute window_size. 0 or -1 (logged). */
int mf_rep_h5(const char *path, const mf_rmodel_t *m, int ti);

#endif
