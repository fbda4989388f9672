/* tmpfile.h: the temporary-name-then-rename protocol shared by every writer. */
#ifndef MF_TMPFILE_H
#define MF_TMPFILE_H

/* Creates "<dir of path>/.<base of path>.tmp.XXXXXX" with the permissions a plain
 * creat() would give; returns its fd and sets *tmp (caller frees), or -1 (logged). */
int mf_tmpfile_create(const char *path, char **tmp);

/* If rc == 0, renames tmp to path; otherwise (or if the rename fails) removes tmp.
 * Returns 0 when path now holds the finished file, -1 otherwise. */
int mf_tmpfile_commit(const char *tmp, const char *path, int rc);

/* An output file: like mf_tmpfile_create, except that a symlink is followed (the file it
 * names is replaced, the link kept) and an existing FIFO, device or socket (/dev/null,
 * /dev/stdout, a named pipe) is opened and written in place, since renaming over it would
 * destroy it; *tmp is then that path itself. Finish with mf_output_commit. */
int mf_output_create(const char *path, char **tmp);
/* mf_tmpfile_commit for mf_output_create: nothing to rename or remove when the output was
 * written in place. */
int mf_output_commit(const char *tmp, const char *path, int rc);

/* A commit group makes a run's outputs all-or-nothing: between begin and end, every
 * mf_output_commit that succeeds only records its temporary (which stays removed on a
 * signal); end renames them all when rc is 0, and otherwise removes them all, so a run
 * that fails after writing some of its outputs (a full disk on the last one) leaves none.
 * If a rename fails at the end, the outputs already renamed by it are removed too. Without
 * a group, commits rename at once. end returns 0 or -1 (logged). */
void mf_commit_group_begin(void);
int mf_commit_group_end(int rc);

/* The directory part of path ("." when it has none, "/" for a file at the root); caller
 * frees; NULL when out of memory. */
char *mf_path_dir(const char *path);

/* An anonymous scratch file (already unlinked) next to near, or in $TMPDIR (else /tmp)
 * when near is "-" or not a regular file's place; its fd, or -1 (logged). */
int mf_scratch_open(const char *near);

/* Installs handlers for SIGTERM, SIGINT, SIGHUP and SIGPIPE that remove every temporary
 * not yet committed, then die of the signal as before. Called once by the program. */
void mf_tmpfile_cleanup_on_signals(void);

#endif
