/* bgzf_line.h: one line of a plain, gzip or bgzip text file through htslib. */
#ifndef MF_BGZF_LINE_H
#define MF_BGZF_LINE_H

#include <string.h>

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

/* bgzf_getline, except that a line cut short by a truncated or corrupt block (which
 * htslib hands back before reporting the error) is an error too: >= 0 the line length,
 * -1 end of file, < -1 read error (the caller says "truncated or corrupt"). */
static inline int mf_bgzf_getline(BGZF *fp, kstring_t *line)
{
	int ret = bgzf_getline(fp, '\n', line);
	return ret >= 0 && fp->errcode ? -2 : ret;
}

/* Whether a line (its end already removed) still holds a carriage return: a file with
 * old-Mac (CR-only) line ends reads as one long line, which parsers would otherwise take
 * for one record. Readers report it with MF_CR_ONLY_HINT. */
static inline int mf_line_has_cr(const char *s, size_t n)
{
	return n > 0 && memchr(s, '\r', n) != NULL;
}
/* The same for a line as read, whose last byte may be the CR of a CR-LF end. */
static inline int mf_kline_has_cr(const kstring_t *l)
{
	return l->s && mf_line_has_cr(l->s, l->l && l->s[l->l - 1] == '\r' ? l->l - 1 : l->l);
}
#define MF_CR_ONLY_HINT "carriage returns without line feeds (old Mac line ends); convert " \
	"the file with: tr '\\r' '\\n'"

#endif
