/* tmpfile.h: the temporary-name-then-rename protocol shared by every writer. */
#ifndef MF_TMPFILE_H
#define MF_TMPFILE_H

/* Creates "<dir of path>/.<base of path>.tmp.XXXXXX" with the permissions a plain
 * creat() would give; returns its fd and sets *tmp (caller frees), or -1 (logged). */
int mf_tmpfile_create(const char *path, char **tmp);

/* If rc == 0, renames tmp to path; otherwise (or if the rename fails) removes tmp.
 * Returns 0 when path now holds the finished file, -1 otherwise. */
int mf_tmpfile_commit(const char *tmp, const char *path, int rc);

#endif
