/* textlines.h: lines of a plain, gzip or bgzip text file (or stdin) for the sequence
 * readers, with the checks every reader needs: a corrupt or truncated compressed block is
 * a read error (never an early end), a bgzip file without its end-of-file marker is
 * truncated, and CR-LF line ends lose their CR. Internal to io/. */
#ifndef MF_TEXTLINES_H
#define MF_TEXTLINES_H

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

typedef struct {
	const char *path;  /* for messages; not owned */
	BGZF *fp;
	kstring_t line;    /* the current line, without its end */
	long lineno;       /* lines read so far */
	int eof_checked;
	int quiet;         /* report nothing (a best-effort pass such as counting for progress) */
} mf_textlines_t;

/* 0, or -1 (logged: "cannot open", unless quiet). */
int mf_textlines_open(mf_textlines_t *t, const char *path, int quiet);
/* The next line into t->line: 1, 0 at the end of input, -1 on a read error (logged). */
int mf_textlines_next(mf_textlines_t *t);
void mf_textlines_close(mf_textlines_t *t);
/* Whether a line holds nothing but white space. */
int mf_line_blank(const kstring_t *l);

#endif
