/* nameset.h: a set of sequence names read from a file, one per line (first word),
 * e.g. the train/valid/test lists of the simulation. */
#ifndef MF_NAMESET_H
#define MF_NAMESET_H

#include <stddef.h>

typedef struct mf_nameset mf_nameset_t;

/* Loads names from path (plain or gzip, "-" stdin); blank and '#' lines skipped. */
mf_nameset_t *mf_nameset_load(const char *path);
int mf_nameset_has(const mf_nameset_t *s, const char *name);
size_t mf_nameset_size(const mf_nameset_t *s);
void mf_nameset_destroy(mf_nameset_t *s);

#endif
