#include "io/seq_export.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/writer.h"

static int prepare(mf_seq_t *s, const mf_export_opt_t *o)
{
	if (o->width && mf_seq_resize_centre(s, o->width) < 0)
		return -1;
	if (o->revcomp)
		mf_revcomp(s->seq, s->len);
	return 0;
}

static int write_fasta_record(mf_out_t *out, const mf_seq_t *s, size_t lw)
{
	if (mf_out_printf(out, ">%s\n", s->name) < 0)
		return -1;
	if (lw == 0 || s->len == 0)
		return mf_out_write(out, s->seq, s->len) < 0 || mf_out_write(out, "\n", 1) < 0 ? -1 : 0;
	for (size_t i = 0; i < s->len; i += lw) {
		size_t n = s->len - i < lw ? s->len - i : lw;
		if (mf_out_write(out, s->seq + i, n) < 0 || mf_out_write(out, "\n", 1) < 0)
			return -1;
	}
	return 0;
}

int mf_export_fasta(mf_seqreader_t *r, const char *path, const mf_export_opt_t *o)
{
	mf_out_t *out = mf_out_open(path);
	if (!out)
		return -1;
	mf_seq_t s;
	mf_seq_init(&s);
	int ret;
	while ((ret = mf_seqreader_read(r, &s)) == 1)
		if (prepare(&s, o) < 0 || write_fasta_record(out, &s, o->line_width) < 0) {
			ret = -1;
			break;
		}
	mf_seq_free(&s);
	if (ret < 0) {
		mf_out_abort(out);
		return -1;
	}
	return mf_out_close(out);
}

/* Growing arrays for everything an npz export holds until the count is known. */
typedef struct {
	size_t n, cap, len;
	float *x, *labels;
	char **names, **chrom;
	int64_t *start, *end;
	int n_labels;
} collected_t;

static int collect_grow(collected_t *c)
{
	size_t cap = c->cap ? 2 * c->cap : 256;
	float *x = realloc(c->x, (cap * c->len * 4 + 1) * sizeof *x);
	if (x)
		c->x = x;
	char **nm = realloc(c->names, cap * sizeof *nm);
	if (nm)
		c->names = nm;
	char **ch = realloc(c->chrom, cap * sizeof *ch);
	if (ch)
		c->chrom = ch;
	int64_t *st = realloc(c->start, cap * sizeof *st);
	if (st)
		c->start = st;
	int64_t *en = realloc(c->end, cap * sizeof *en);
	if (en)
		c->end = en;
	float *lb = realloc(c->labels, cap * (size_t)(c->n_labels ? c->n_labels : 1) * sizeof *lb);
	if (lb)
		c->labels = lb;
	if (!x || !nm || !ch || !st || !en || !lb) {
		mf_error("out of memory collecting %zu sequences", c->n);
		return -1;
	}
	c->cap = cap;
	return 0;
}

static int collect_one(collected_t *c, const mf_seq_t *s, const char *path)
{
	if (c->n == 0) {
		c->len = s->len;
		c->n_labels = s->n_labels;
	} else if (s->len != c->len) {
		mf_error("%s: '%s' has length %zu but earlier sequences have %zu; one-hot arrays need "
			"one length (use --width)", path, s->name, s->len, c->len);
		return -1;
	}
	if (c->n == c->cap && collect_grow(c) < 0)
		return -1;
	mf_onehot(s->seq, s->len, c->x + c->n * c->len * 4);
	c->names[c->n] = strdup(s->name);
	c->chrom[c->n] = strdup(s->chrom ? s->chrom : "");
	if (!c->names[c->n] || !c->chrom[c->n]) {
		free(c->names[c->n]);
		free(c->chrom[c->n]);
		mf_error("out of memory");
		return -1;
	}
	c->start[c->n] = s->start;
	c->end[c->n] = s->end;
	if (c->n_labels)
		memcpy(c->labels + c->n * (size_t)c->n_labels, s->labels,
			(size_t)c->n_labels * sizeof *c->labels);
	++c->n;
	return 0;
}

static void collect_free(collected_t *c)
{
	for (size_t i = 0; i < c->n; ++i) {
		free(c->names[i]);
		free(c->chrom[i]);
	}
	free(c->x);
	free(c->labels);
	free(c->names);
	free(c->chrom);
	free(c->start);
	free(c->end);
}

static int write_collected(const collected_t *c, mf_seqreader_t *r, const char *path)
{
	mf_npz_t *z = mf_npz_open(path);
	if (!z)
		return -1;
	size_t shape[3] = {c->n, c->len, 4};
	int rc = mf_npz_add(z, "onehot", MF_DT_F32, c->x, 3, shape);
	rc |= mf_npz_add_strings(z, "names", (const char *const *)c->names, c->n);
	if (mf_seqreader_format(r) == MF_SEQ_BED) {
		rc |= mf_npz_add_strings(z, "chrom", (const char *const *)c->chrom, c->n);
		rc |= mf_npz_add(z, "start", MF_DT_I64, c->start, 1, shape);
		rc |= mf_npz_add(z, "end", MF_DT_I64, c->end, 1, shape);
	}
	int nt = mf_seqreader_n_tasks(r);
	if (mf_seqreader_format(r) == MF_SEQ_SIMDATA && nt > 0) {
		size_t ls[2] = {c->n, (size_t)nt};
		const char **tn = malloc((size_t)nt * sizeof *tn);
		for (int t = 0; tn && t < nt; ++t)
			tn[t] = mf_seqreader_task_name(r, t);
		rc |= mf_npz_add(z, "labels", MF_DT_F32, c->labels, 2, ls);
		rc |= tn ? mf_npz_add_strings(z, "tasks", tn, (size_t)nt) : -1;
		free(tn);
	}
	if (rc) {
		mf_npz_abort(z);
		return -1;
	}
	return mf_npz_close(z);
}

int mf_export_npz(mf_seqreader_t *r, const char *path, const mf_export_opt_t *o)
{
	collected_t c;
	memset(&c, 0, sizeof c);
	c.len = o->width;
	mf_seq_t s;
	mf_seq_init(&s);
	int ret;
	while ((ret = mf_seqreader_read(r, &s)) == 1)
		if (prepare(&s, o) < 0 || collect_one(&c, &s, mf_seqreader_path(r)) < 0) {
			ret = -1;
			break;
		}
	mf_seq_free(&s);
	if (ret == 0)
		ret = write_collected(&c, r, path);
	collect_free(&c);
	return ret;
}
