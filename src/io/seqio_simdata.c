/* seqio_simdata.c: the DeepLIFT paper's simdata TSV: a header naming the task columns,
 * then "seqName sequence embeddings task..." per line (the last may lack its newline). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/seqkind.h"

static const char simdata_head[] = "seqName\tsequence\tembeddings";

static int add_task(mf_seqsrc_t *src, const char *name, size_t n)
{
	char **t = realloc(src->task_names, (size_t)(src->n_tasks + 1) * sizeof *t);
	if (!t) {
		mf_error("out of memory");
		return -1;
	}
	src->task_names = t;
	if (!(t[src->n_tasks] = strndup(name, n))) {
		mf_error("out of memory");
		return -1;
	}
	++src->n_tasks;
	return 0;
}

/* The task names are known from the moment the file is open. */
static int simdata_open(mf_seqsrc_t *src)
{
	int ret = mf_textlines_next(&src->in);
	const kstring_t *l = &src->in.line;
	if (ret <= 0 || strncmp(l->s, simdata_head, sizeof simdata_head - 1) != 0) {
		if (ret >= 0)
			mf_error("%s: line 1: not a simdata TSV header (expected '%s\\ttask...')",
				src->in.path, "seqName\\tsequence\\tembeddings");
		return -1;
	}
	const char *p = l->s + sizeof simdata_head - 1;
	while (*p == '\t') {
		const char *name = ++p;
		p += strcspn(p, "\t");
		if (add_task(src, name, (size_t)(p - name)) < 0)
			return -1;
	}
	if (*p != '\0') {
		mf_error("%s: line 1: malformed simdata header", src->in.path);
		return -1;
	}
	return 0;
}

static void simdata_close(mf_seqsrc_t *src)
{
	for (int i = 0; i < src->n_tasks; ++i)
		free(src->task_names[i]);
	free(src->task_names);
	src->task_names = NULL;
	src->n_tasks = 0;
}

static int parse_labels(mf_seqsrc_t *src, mf_seq_t *s, char *p)
{
	if ((size_t)src->n_tasks > s->cap_labels) {
		float *l = realloc(s->labels, (size_t)src->n_tasks * sizeof *l);
		if (!l) {
			mf_error("out of memory");
			return -1;
		}
		s->labels = l, s->cap_labels = (size_t)src->n_tasks;
	}
	s->n_labels = src->n_tasks;
	for (int t = 0; t < src->n_tasks; ++t) {
		char *end;
		if (!p) {
			mf_error("%s: line %ld: '%s' has %d label columns, the header names %d",
				src->in.path, src->in.lineno, s->name, t, src->n_tasks);
			return -1;
		}
		errno = 0;
		s->labels[t] = strtof(p, &end);
		if (end == p || (*end != '\t' && *end != '\0') || errno) {
			mf_error("%s: line %ld: '%s': label %d is not a number", src->in.path,
				src->in.lineno, s->name, t + 1);
			return -1;
		}
		p = *end == '\t' ? end + 1 : NULL;
	}
	if (p) {
		mf_error("%s: line %ld: '%s' has more columns than the header", src->in.path,
			src->in.lineno, s->name);
		return -1;
	}
	return 0;
}

static int simdata_read(mf_seqsrc_t *src, mf_seq_t *s)
{
	int ret;
	while ((ret = mf_textlines_next(&src->in)) == 1 && mf_line_blank(&src->in.line))
		;
	if (ret <= 0)
		return ret;
	char *f[3], *p = src->in.line.s;
	for (int i = 0; i < 3; ++i) {
		f[i] = p;
		p = strchr(p, '\t');
		if (!p && (i < 2 || src->n_tasks > 0)) {
			mf_error("%s: line %ld: expected %d tab-separated columns", src->in.path,
				src->in.lineno, 3 + src->n_tasks);
			return -1;
		}
		if (p)
			*p++ = '\0';
	}
	size_t n = strlen(f[1]);
	if (f[0][0] == '\0') {
		mf_error("%s: line %ld: empty seqName", src->in.path, src->in.lineno);
		return -1;
	}
	if (mf_seq_set(&s->name, &s->cap_name, f[0], strlen(f[0])) < 0 ||
			mf_seq_set(&s->seq, &s->cap_seq, f[1], n) < 0 ||
			mf_seq_set(&s->embeddings, &s->cap_emb, f[2], strlen(f[2])) < 0)
		return -1;
	s->len = n;
	for (size_t i = 0; i < n; ++i)
		if (!isalpha((unsigned char)s->seq[i])) {
			mf_error("%s: line %ld: '%s' has a non-letter in its sequence at %zu", src->in.path,
				src->in.lineno, s->name, i + 1);
			return -1;
		}
	return parse_labels(src, s, p) < 0 ? -1 : 1;
}

static int simdata_starts_record(const kstring_t *l, long lineno)
{
	return lineno > 1 && !mf_line_blank(l);
}

const mf_seqkind_t mf_seqkind_simdata = {
	simdata_open, simdata_read, NULL, simdata_starts_record, simdata_close
};
