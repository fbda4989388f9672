/* textlines.c: checked lines through htslib's BGZF reader, which reads plain, gzip and
 * bgzip input alike and reports corrupt compressed data as an error (< -1) rather than
 * an early end of file. */
#include "io/textlines.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/bgzf_line.h"

int mf_textlines_open(mf_textlines_t *t, const char *path, int quiet)
{
	memset(t, 0, sizeof *t);
	t->path = path;
	t->quiet = quiet;
	t->fp = bgzf_open(path, "r");
	if (!t->fp) {
		if (!quiet)
			mf_error("cannot open '%s': %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}

/* At a clean end of a BGZF file its end-of-file marker must be there too: without it the
 * file was cut at a block boundary. 0, or -1 when truncated. */
static int check_complete(mf_textlines_t *t)
{
	if (t->eof_checked)
		return 0;
	t->eof_checked = 1;
	if (bgzf_compression(t->fp) == 2 && bgzf_check_EOF(t->fp) == 0) {
		if (!t->quiet)
			mf_error("%s: the BGZF end-of-file marker is missing: the file is truncated", t->path);
		return -1;
	}
	return 0;
}

int mf_textlines_next(mf_textlines_t *t)
{
	int ret = mf_bgzf_getline(t->fp, &t->line);
	if (ret == -1 && !t->fp->errcode)
		return check_complete(t);
	if (ret < 0) {
		if (!t->quiet)
			mf_error("%s: read error after line %ld: the file is truncated or corrupt", t->path,
			t->lineno);
		return -1;
	}
	++t->lineno;
	if (t->line.l && t->line.s[t->line.l - 1] == '\r')
		t->line.s[--t->line.l] = '\0';
	if (mf_line_has_cr(t->line.s, t->line.l)) {
		if (!t->quiet)
			mf_error("%s: line %ld: %s", t->path, t->lineno, MF_CR_ONLY_HINT);
		return -1;
	}
	return 1;
}

void mf_textlines_close(mf_textlines_t *t)
{
	if (t->fp)
		bgzf_close(t->fp);
	free(t->line.s);
	memset(t, 0, sizeof *t);
}

int mf_line_blank(const kstring_t *l)
{
	for (size_t i = 0; i < l->l; ++i)
		if (!isspace((unsigned char)l->s[i]))
			return 0;
	return 1;
}
