/* seqio_fasta.c: FASTA records (multi-line, blank lines before the first header). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/seqkind.h"

/* Whether src->in.line already holds the next record's header (read past the last one). */
typedef struct {
	int have_header;
} fasta_state_t;

static int fasta_open(mf_seqsrc_t *src)
{
	src->state = calloc(1, sizeof(fasta_state_t));
	if (!src->state) {
		mf_error("out of memory");
		return -1;
	}
	return 0;
}

static void fasta_close(mf_seqsrc_t *src)
{
	free(src->state);
	src->state = NULL;
}

static int header_name(mf_seqsrc_t *src, mf_seq_t *s)
{
	const char *p = src->in.line.s + 1;
	size_t n = strcspn(p, " \t");
	if (n == 0) {
		mf_error("%s: line %ld: FASTA record %ld has an empty name", src->in.path,
			src->in.lineno, src->n_read + 1);
		return -1;
	}
	return mf_seq_set(&s->name, &s->cap_name, p, n);
}

static int append_line(mf_seqsrc_t *src, mf_seq_t *s)
{
	const kstring_t *l = &src->in.line;
	size_t n = l->l;
	while (n && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t'))
		--n;
	for (size_t i = 0; i < n; ++i) {
		unsigned char c = (unsigned char)l->s[i];
		if (!isalpha(c) && c != '-' && c != '*' && c != '.') {
			mf_error("%s: line %ld: record '%s' has an unexpected character '%c' at column %zu",
				src->in.path, src->in.lineno, s->name, isprint(c) ? c : '?', i + 1);
			return -1;
		}
	}
	if (s->len + n + 1 > s->cap_seq) {
		size_t c = (s->len + n + 1) * 2;
		char *p = realloc(s->seq, c);
		if (!p) {
			mf_error("out of memory reading '%s'", src->in.path);
			return -1;
		}
		s->seq = p, s->cap_seq = c;
	}
	memcpy(s->seq + s->len, l->s, n);
	s->len += n;
	s->seq[s->len] = '\0';
	return 0;
}

/* Finds the first header, allowing blank lines before it: 1, 0 (empty input), -1. */
static int first_header(mf_seqsrc_t *src)
{
	int ret;
	while ((ret = mf_textlines_next(&src->in)) == 1 && mf_line_blank(&src->in.line))
		;
	if (ret <= 0)
		return ret;
	if (src->in.line.s[0] != '>') {
		mf_error("%s: line %ld: expected a FASTA header starting with '>'", src->in.path,
			src->in.lineno);
		return -1;
	}
	return 1;
}

static int fasta_read(mf_seqsrc_t *src, mf_seq_t *s)
{
	fasta_state_t *st = src->state;
	int ret;
	if (!st->have_header) {
		if ((ret = first_header(src)) <= 0)
			return ret;
		st->have_header = 1;
	}
	if (header_name(src, s) < 0)
		return -1;
	s->len = 0;
	if (mf_seq_set(&s->seq, &s->cap_seq, "", 0) < 0)
		return -1;
	st->have_header = 0;
	while ((ret = mf_textlines_next(&src->in)) == 1) {
		if (src->in.line.l && src->in.line.s[0] == '>') {
			st->have_header = 1;
			break;
		}
		if (append_line(src, s) < 0)
			return -1;
	}
	return ret < 0 ? -1 : 1;
}

static int fasta_starts_record(const kstring_t *l, long lineno)
{
	(void)lineno;
	return l->l > 0 && l->s[0] == '>';
}

const mf_seqkind_t mf_seqkind_fasta = {
	fasta_open, fasta_read, NULL, fasta_starts_record, fasta_close
};
