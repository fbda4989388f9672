/* dupnames.h: noticing names that come back, in one pass over any number of records with
 * little memory (a 64-bit hash per distinct name), for the warning about duplicate
 * sequence names. A hash collision (about 1 in 10^7 for ten million names) can make a
 * name look repeated; nothing else is ever wrong. */
#ifndef MF_DUPNAMES_H
#define MF_DUPNAMES_H

typedef struct mf_dupnames mf_dupnames_t;

mf_dupnames_t *mf_dupnames_create(void);
/* Notes record number `index` named `name`; 1 when the name was seen before, 0 when not,
 * -1 when out of memory. */
int mf_dupnames_add(mf_dupnames_t *d, const char *name, long index);
/* Names seen again so far; the first such name and its record number (NULL when none). */
long mf_dupnames_count(const mf_dupnames_t *d);
const char *mf_dupnames_first(const mf_dupnames_t *d, long *index);
void mf_dupnames_destroy(mf_dupnames_t *d);

#endif
