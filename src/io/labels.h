/* labels.h: a labels TSV: "name<TAB>y1<TAB>y2..." per line, one column per task, an
 * optional header line (a first line whose values are not numbers) and '#' comments;
 * plain or gzip. Used by evaluate and train next to simdata's own label columns. */
#ifndef MF_LABELS_H
#define MF_LABELS_H

typedef struct mf_labels mf_labels_t;

/* NULL (one logged line naming the file, line and problem) on error or no rows. */
mf_labels_t *mf_labels_load(const char *path);
int mf_labels_n_tasks(const mf_labels_t *L);
/* The n_tasks labels of the named sequence, or NULL when it has none. */
const float *mf_labels_find(const mf_labels_t *L, const char *name);
void mf_labels_destroy(mf_labels_t *L);

#endif
