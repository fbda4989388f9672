/* seqio.c: the sequence iterator: FASTA and simdata TSV readers; BED lives in
 * seqio_bed.c. Lines come from htslib's BGZF reader, which reads plain, gzip and
 * bgzip input alike and reports corrupt or truncated compressed data as an error
 * (bgzf_getline < -1) rather than an early end of file. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include "io/bgzf_line.h"
#include "base/log.h"
#include "io/nameset.h"
#include "io/seqio.h"
#include "io/seqio_internal.h"

void mf_seqopt_init(mf_seqopt_t *o)
{
	memset(o, 0, sizeof *o);
}

void mf_seq_init(mf_seq_t *s)
{
	memset(s, 0, sizeof *s);
	s->start = s->end = -1;
}

void mf_seq_free(mf_seq_t *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->seq);
	free(s->chrom);
	free(s->embeddings);
	free(s->labels);
	mf_seq_init(s);
}

int mf_seq_set(char **dst, size_t *cap, const char *src, size_t n)
{
	if (n + 1 > *cap) {
		size_t c = n + 1 < 64 ? 64 : n + 1 + (n >> 2);
		char *p = realloc(*dst, c);
		if (!p) {
			mf_error("out of memory");
			return -1;
		}
		*dst = p, *cap = c;
	}
	memcpy(*dst, src, n);
	(*dst)[n] = '\0';
	return 0;
}

int mf_seq_copy(mf_seq_t *dst, const mf_seq_t *src)
{
	if (mf_seq_set(&dst->name, &dst->cap_name, src->name ? src->name : "",
			src->name ? strlen(src->name) : 0) < 0 ||
			mf_seq_set(&dst->seq, &dst->cap_seq, src->seq ? src->seq : "", src->len) < 0)
		return -1;
	dst->len = src->len;
	dst->start = src->start, dst->end = src->end;
	if (src->chrom && mf_seq_set(&dst->chrom, &dst->cap_chrom, src->chrom, strlen(src->chrom)) < 0)
		return -1;
	if (!src->chrom && dst->chrom)
		dst->chrom[0] = '\0';
	if (src->embeddings && mf_seq_set(&dst->embeddings, &dst->cap_emb, src->embeddings,
			strlen(src->embeddings)) < 0)
		return -1;
	if (src->n_labels > 0) {
		if ((size_t)src->n_labels > dst->cap_labels) {
			float *l = realloc(dst->labels, (size_t)src->n_labels * sizeof *l);
			if (!l)
				return -1;
			dst->labels = l, dst->cap_labels = (size_t)src->n_labels;
		}
		memcpy(dst->labels, src->labels, (size_t)src->n_labels * sizeof *dst->labels);
	}
	dst->n_labels = src->n_labels;
	return 0;
}

/* ---- line input -------------------------------------------------------------- */

/* At a clean end of a BGZF file, its end-of-file marker must be there too: without it
 * the file was cut at a block boundary. 0, or -1 when truncated. */
static int check_complete(mf_seqreader_t *r)
{
	if (r->eof_checked)
		return 0;
	r->eof_checked = 1;
	if (bgzf_compression(r->fp) == 2 && bgzf_check_EOF(r->fp) == 0) {
		mf_error("%s: the BGZF end-of-file marker is missing: the file is truncated", r->path);
		return -1;
	}
	return 0;
}

/* Next line without its end (\n or \r\n): 1, 0 at end of input, -1 on a read error. */
int mf_seqreader_getline(mf_seqreader_t *r)
{
	int ret = mf_bgzf_getline(r->fp, &r->line);
	if (ret == -1 && !r->fp->errcode)
		return check_complete(r);
	if (ret < 0) {
		mf_error("%s: read error after line %ld: the file is truncated or corrupt", r->path,
			r->lineno);
		return -1;
	}
	++r->lineno;
	if (r->line.l && r->line.s[r->line.l - 1] == '\r')
		r->line.s[--r->line.l] = '\0';
	return 1;
}

static int line_is_blank(const kstring_t *l)
{
	for (size_t i = 0; i < l->l; ++i)
		if (!isspace((unsigned char)l->s[i]))
			return 0;
	return 1;
}

/* ---- FASTA --------------------------------------------------------------------- */

static int fasta_header_name(mf_seqreader_t *r, mf_seq_t *s)
{
	const char *p = r->line.s + 1;
	size_t n = strcspn(p, " \t");
	if (n == 0) {
		mf_error("%s: line %ld: FASTA record %ld has an empty name", r->path, r->lineno,
			r->n + 1);
		return -1;
	}
	return mf_seq_set(&s->name, &s->cap_name, p, n);
}

static int fasta_append_line(mf_seqreader_t *r, mf_seq_t *s)
{
	size_t n = r->line.l;
	while (n && (r->line.s[n - 1] == ' ' || r->line.s[n - 1] == '\t'))
		--n;
	for (size_t i = 0; i < n; ++i) {
		unsigned char c = (unsigned char)r->line.s[i];
		if (!isalpha(c) && c != '-' && c != '*' && c != '.') {
			mf_error("%s: line %ld: record '%s' has an unexpected character '%c' at column %zu",
				r->path, r->lineno, s->name, isprint(c) ? c : '?', i + 1);
			return -1;
		}
	}
	if (s->len + n + 1 > s->cap_seq) {
		size_t c = (s->len + n + 1) * 2;
		char *p = realloc(s->seq, c);
		if (!p) {
			mf_error("out of memory reading '%s'", r->path);
			return -1;
		}
		s->seq = p, s->cap_seq = c;
	}
	memcpy(s->seq + s->len, r->line.s, n);
	s->len += n;
	s->seq[s->len] = '\0';
	return 0;
}

static int fasta_read(mf_seqreader_t *r, mf_seq_t *s)
{
	int ret;
	if (!r->have_header) { /* find the first header, allowing blank lines before it */
		while ((ret = mf_seqreader_getline(r)) == 1 && line_is_blank(&r->line))
			;
		if (ret <= 0)
			return ret;
		if (r->line.s[0] != '>') {
			mf_error("%s: line %ld: expected a FASTA header starting with '>'", r->path,
				r->lineno);
			return -1;
		}
		r->have_header = 1;
	}
	if (fasta_header_name(r, s) < 0)
		return -1;
	s->len = 0;
	if (mf_seq_set(&s->seq, &s->cap_seq, "", 0) < 0)
		return -1;
	r->have_header = 0;
	while ((ret = mf_seqreader_getline(r)) == 1) {
		if (r->line.l && r->line.s[0] == '>') {
			r->have_header = 1;
			break;
		}
		if (fasta_append_line(r, s) < 0)
			return -1;
	}
	return ret < 0 ? -1 : 1;
}

/* ---- simdata TSV ----------------------------------------------------------------- */

static const char simdata_head[] = "seqName\tsequence\tembeddings";

static int simdata_header(mf_seqreader_t *r)
{
	int ret = mf_seqreader_getline(r);
	if (ret <= 0 || strncmp(r->line.s, simdata_head, sizeof simdata_head - 1) != 0) {
		if (ret >= 0)
			mf_error("%s: line 1: not a simdata TSV header (expected '%s\\ttask...')",
				r->path, "seqName\\tsequence\\tembeddings");
		return -1;
	}
	char *p = r->line.s + sizeof simdata_head - 1;
	while (*p == '\t') {
		char *name = ++p;
		p += strcspn(p, "\t");
		char **t = realloc(r->task_names, (size_t)(r->n_tasks + 1) * sizeof *t);
		if (!t) {
			mf_error("out of memory");
			return -1;
		}
		r->task_names = t;
		if (!(t[r->n_tasks] = strndup(name, (size_t)(p - name)))) {
			mf_error("out of memory");
			return -1;
		}
		++r->n_tasks;
	}
	if (*p != '\0') {
		mf_error("%s: line 1: malformed simdata header", r->path);
		return -1;
	}
	return 0;
}

static int simdata_labels(mf_seqreader_t *r, mf_seq_t *s, char *p)
{
	if ((size_t)r->n_tasks > s->cap_labels) {
		float *l = realloc(s->labels, (size_t)r->n_tasks * sizeof *l);
		if (!l) {
			mf_error("out of memory");
			return -1;
		}
		s->labels = l, s->cap_labels = (size_t)r->n_tasks;
	}
	s->n_labels = r->n_tasks;
	for (int t = 0; t < r->n_tasks; ++t) {
		char *end;
		if (!p) {
			mf_error("%s: line %ld: '%s' has %d label columns, the header names %d", r->path,
				r->lineno, s->name, t, r->n_tasks);
			return -1;
		}
		errno = 0;
		s->labels[t] = strtof(p, &end);
		if (end == p || (*end != '\t' && *end != '\0') || errno) {
			mf_error("%s: line %ld: '%s': label %d is not a number", r->path, r->lineno,
				s->name, t + 1);
			return -1;
		}
		p = *end == '\t' ? end + 1 : NULL;
	}
	if (p) {
		mf_error("%s: line %ld: '%s' has more columns than the header", r->path, r->lineno,
			s->name);
		return -1;
	}
	return 0;
}

static int simdata_read(mf_seqreader_t *r, mf_seq_t *s)
{
	int ret;
	while ((ret = mf_seqreader_getline(r)) == 1 && line_is_blank(&r->line))
		;
	if (ret <= 0)
		return ret;
	char *f[3], *p = r->line.s;
	for (int i = 0; i < 3; ++i) {
		f[i] = p;
		p = strchr(p, '\t');
		if (!p && (i < 2 || r->n_tasks > 0)) {
			mf_error("%s: line %ld: expected %d tab-separated columns", r->path, r->lineno,
				3 + r->n_tasks);
			return -1;
		}
		if (p)
			*p++ = '\0';
	}
	size_t n = strlen(f[1]);
	if (f[0][0] == '\0') {
		mf_error("%s: line %ld: empty seqName", r->path, r->lineno);
		return -1;
	}
	if (mf_seq_set(&s->name, &s->cap_name, f[0], strlen(f[0])) < 0 ||
			mf_seq_set(&s->seq, &s->cap_seq, f[1], n) < 0 ||
			mf_seq_set(&s->embeddings, &s->cap_emb, f[2], strlen(f[2])) < 0)
		return -1;
	s->len = n;
	for (size_t i = 0; i < n; ++i)
		if (!isalpha((unsigned char)s->seq[i])) {
			mf_error("%s: line %ld: '%s' has a non-letter in its sequence at %zu", r->path,
				r->lineno, s->name, i + 1);
			return -1;
		}
	return simdata_labels(r, s, p) < 0 ? -1 : 1;
}

/* ---- the iterator ------------------------------------------------------------------ */

static int sniff_format(mf_seqreader_t *r)
{
	int c;
	while ((c = bgzf_peek(r->fp)) == '\n' || c == '\r' || c == ' ' || c == '\t')
		bgzf_getc(r->fp); /* blank lines before the first record carry nothing */
	if (c == -1 || c == '>') {
		r->fmt = MF_SEQ_FASTA;
		return 0;
	}
	if (c == 's') {
		r->fmt = MF_SEQ_SIMDATA;
		return 0;
	}
	if (c < -1)
		mf_error("%s: read error: the file is truncated or corrupt", r->path);
	else
		mf_error("%s: neither FASTA (no '>' first) nor simdata TSV (no 'seqName' header); "
			"for BED regions give a genome", r->path);
	return -1;
}

mf_seqreader_t *mf_seqreader_open(const char *path, mf_seqfmt_t fmt, const mf_seqopt_t *opt)
{
	mf_seqreader_t *r = calloc(1, sizeof *r);
	if (!r || !(r->path = strdup(path))) {
		mf_error("out of memory");
		free(r);
		return NULL;
	}
	if (opt)
		r->opt = *opt;
	if (fmt == MF_SEQ_AUTO && r->opt.genome)
		fmt = MF_SEQ_BED;
	r->fmt = fmt;
	r->fp = bgzf_open(path, "r");
	if (!r->fp) {
		mf_error("cannot open '%s': %s", path, strerror(errno ? errno : EIO));
		goto fail;
	}
	if (r->fmt == MF_SEQ_AUTO && sniff_format(r) < 0)
		goto fail;
	if (r->fmt == MF_SEQ_BED && mf_seqreader_bed_init(r) < 0)
		goto fail;
	/* the task names are known from the moment the file is open */
	if (r->fmt == MF_SEQ_SIMDATA && simdata_header(r) < 0)
		goto fail;
	if (r->opt.shard_n > 0 && mf_seqreader_shard_init(r) < 0)
		goto fail;
	return r;
fail:
	mf_seqreader_close(r);
	return NULL;
}

/* The next record of the file, or (skip) just past it; counts raw records. */
static int read_raw(mf_seqreader_t *r, mf_seq_t *s, int skip)
{
	int ret;
	switch (r->fmt) {
	case MF_SEQ_SIMDATA: ret = simdata_read(r, s); break;
	case MF_SEQ_BED: ret = skip ? mf_seqreader_bed_skip(r) : mf_seqreader_bed_read(r, s); break;
	default: ret = fasta_read(r, s); break;
	}
	if (ret == 1)
		++r->raw;
	return ret;
}

/* The next record of this shard that passes the name filter. */
static int read_selected(mf_seqreader_t *r, mf_seq_t *s)
{
	for (;;) {
		if (r->opt.shard_n > 0 && r->raw >= r->shard_hi)
			return 0;
		int skip = r->opt.shard_n > 0 && r->raw < r->shard_lo;
		int ret = read_raw(r, s, skip);
		if (ret != 1)
			return ret;
		if (!skip && (!r->opt.keep || mf_nameset_has(r->opt.keep, s->name)))
			return 1;
	}
}

int mf_seqreader_read(mf_seqreader_t *r, mf_seq_t *s)
{
	if (r->failed)
		return -1;
	int ret = read_selected(r, s);
	if (ret < 0)
		r->failed = 1;
	if (ret == 1 && r->opt.keep)
		++r->n_kept;
	if (ret == 0 && r->opt.keep && r->opt.shard_n == 0 && !r->warned++ &&
			r->n_kept < mf_nameset_size(r->opt.keep))
		mf_warn("%s: %zu of the %zu selected names were not found", r->path,
			mf_nameset_size(r->opt.keep) - r->n_kept, mf_nameset_size(r->opt.keep));
	if (ret == 1) {
		++r->n;
		if (r->fmt != MF_SEQ_BED && s->chrom)
			s->chrom[0] = '\0';
		if (r->fmt != MF_SEQ_BED)
			s->start = s->end = -1;
		if (r->fmt != MF_SEQ_SIMDATA)
			s->n_labels = 0;
	}
	return ret;
}

mf_seqfmt_t mf_seqreader_format(const mf_seqreader_t *r) { return r->fmt; }
int mf_seqreader_n_tasks(const mf_seqreader_t *r) { return r->n_tasks; }
long mf_seqreader_count(const mf_seqreader_t *r) { return r->n; }
const char *mf_seqreader_path(const mf_seqreader_t *r) { return r->path; }

const char *mf_seqreader_task_name(const mf_seqreader_t *r, int i)
{
	return i >= 0 && i < r->n_tasks ? r->task_names[i] : NULL;
}

void mf_seqreader_close(mf_seqreader_t *r)
{
	if (!r)
		return;
	if (r->fp)
		bgzf_close(r->fp);
	mf_seqreader_bed_free(r);
	for (int i = 0; i < r->n_tasks; ++i)
		free(r->task_names[i]);
	free(r->task_names);
	free(r->line.s);
	free(r->path);
	free(r);
}
