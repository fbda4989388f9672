/* seqrec.c: one sequence record (mf_seq_t) and the reader options: creation, copies. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/seqio.h"
#include "io/seqkind.h"

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
