/* onehot.c: one-hot encoding, reverse complement, centre resizing and batching. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/seqio.h"

#define X4 4, 4, 4, 4
#define X16 X4, X4, X4, X4
const unsigned char mf_nt4[256] = {
	X16, X16, X16, X16,
	/* @ A  B  C  D  E  F  G  H  I  J  K  L  M  N  O */
	4, 0, 4, 1, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4, 4,
	/* P Q  R  S  T  U  V  W  X  Y  Z */
	4, 4, 4, 4, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 0, 4, 1, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	X16, X16, X16, X16, X16, X16, X16, X16
};

void mf_onehot(const char *seq, size_t len, float *out)
{
	memset(out, 0, len * 4 * sizeof *out);
	for (size_t i = 0; i < len; ++i) {
		unsigned b = mf_nt4[(unsigned char)seq[i]];
		if (b < 4)
			out[4 * i + b] = 1.0f;
	}
}

static char complement(char c)
{
	static const char from[] = "ACGTUMRWSYKVHDBNacgtumrwsykvhdbn";
	static const char to[] = "TGCAAKYWSRMBDHVNtgcaakywsrmbdhvn";
	const char *p = strchr(from, c);
	return p && c ? to[p - from] : c;
}

void mf_revcomp(char *seq, size_t len)
{
	for (size_t i = 0, j = len; i < j--; ++i) {
		char a = complement(seq[i]);
		seq[i] = complement(seq[j]);
		seq[j] = a;
	}
}

int mf_seq_resize_centre(mf_seq_t *s, size_t width)
{
	if (s->len == width)
		return 0;
	char *p = malloc(width + 1);
	if (!p) {
		mf_error("out of memory");
		return -1;
	}
	if (s->len > width) {
		memcpy(p, s->seq + (s->len - width) / 2, width);
	} else {
		size_t left = (width - s->len) / 2;
		memset(p, 'N', width);
		memcpy(p + left, s->seq, s->len);
	}
	p[width] = '\0';
	if (s->chrom && s->chrom[0]) { /* BED: keep genomic coordinates in step with the bases */
		int64_t left = ((int64_t)s->len - (int64_t)width) / 2;
		s->start += left;
		s->end = s->start + (int64_t)width;
	}
	free(s->seq);
	s->seq = p;
	s->cap_seq = width + 1;
	s->len = width;
	return 0;
}

mf_batch_t *mf_batch_create(int cap, size_t len)
{
	mf_batch_t *b = calloc(1, sizeof *b);
	if (!b)
		goto fail;
	b->cap = cap;
	b->len = len;
	b->x = malloc((size_t)cap * len * 4 * sizeof *b->x);
	b->seq = calloc((size_t)cap, sizeof *b->seq);
	if (!b->x || !b->seq)
		goto fail;
	for (int i = 0; i < cap; ++i)
		mf_seq_init(&b->seq[i]);
	return b;
fail:
	mf_error("out of memory for a batch of %d sequences of length %zu", cap, len);
	mf_batch_destroy(b);
	return NULL;
}

void mf_batch_destroy(mf_batch_t *b)
{
	if (!b)
		return;
	if (b->seq)
		for (int i = 0; i < b->cap; ++i)
			mf_seq_free(&b->seq[i]);
	free(b->seq);
	free(b->x);
	free(b);
}

int mf_batch_read(mf_batch_t *b, mf_seqreader_t *r, int resize)
{
	b->n = 0;
	while (b->n < b->cap) {
		mf_seq_t *s = &b->seq[b->n];
		int ret = mf_seqreader_read(r, s);
		if (ret < 0)
			return -1;
		if (ret == 0)
			break;
		if (s->len != b->len) {
			if (!resize) {
				mf_error("%s: record %ld '%s' has length %zu, the model takes %zu (--resize "
					"centre-resizes every sequence to fit)", mf_seqreader_path(r),
					mf_seqreader_count(r), s->name, s->len, b->len);
				return -1;
			}
			if (mf_seq_resize_centre(s, b->len) < 0)
				return -1;
		}
		mf_onehot(s->seq, s->len, b->x + (size_t)b->n * b->len * 4);
		++b->n;
	}
	return b->n;
}
