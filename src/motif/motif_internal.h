/* motif_internal.h: what the motif loader (motif.c) and the format parsers (motif_parse.c)
 * share: lines and numbers (motif_lines.c) and the set's building blocks (motif_set.c). */
#ifndef MF_MOTIF_INTERNAL_H
#define MF_MOTIF_INTERNAL_H

#include <stddef.h>

#include "motif/motif.h"

/* A whole file as NUL-terminated lines without their line ends (index i = line i+1). */
typedef struct {
	char **l;
	int n, cap;
} mf_mlines_t;

int mf_mlines_read(const char *path, mf_mlines_t *L);
void mf_mlines_free(mf_mlines_t *L);
int mf_mline_blank(const char *s);

/* Whitespace/comma-separated numbers of s into out[cap]: their count (which may exceed
 * cap), or -1 when something else than a number is on the line. */
int mf_mparse_numbers(const char *s, double *out, int cap);
/* Checks m's rows (probabilities or counts) and normalises them to sum 1; line is the
 * first row's line number for messages. While a set is being read, m->cwm holds
 * -(the set's cwm_read) (mf_motifset_add sets it); this resolves it to 0 or 1 and leaves
 * a CWM's values as read. */
int mf_mnormalise(mf_motif_t *m, const char *path, int line);
/* A new motif at the end of s (name copied, desc copied, no rows yet), or NULL. */
mf_motif_t *mf_motifset_add(mf_motifset_t *s, const char *name, size_t name_len, const char *desc);
int mf_motif_set_width(mf_motif_t *m, int w);

int mf_mparse_meme(mf_motifset_t *s, const mf_mlines_t *L, const char *path);
int mf_mparse_encode(mf_motifset_t *s, const mf_mlines_t *L, const char *path);
int mf_mparse_jaspar(mf_motifset_t *s, const mf_mlines_t *L, const char *path);
int mf_mparse_homer(mf_motifset_t *s, const mf_mlines_t *L, const char *path);

#endif
