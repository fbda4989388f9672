/* shuffle_fasta.c: the streaming side of the shuffle room: records in, shuffles out,
 * chunk by chunk, shuffled in parallel and written in input order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/log.h"
#include "base/rng.h"
#include "io/seqio.h"
#include "explain/shuffle.h"
#include "io/writer.h"

#define CHUNK_RECORDS 1024
#define CHUNK_BASES (8u << 20) /* output bases per chunk: bounds memory */
#define MAX_NAMED_WARNINGS 20

void mf_shuffle_opt_init(mf_shuffle_opt_t *o)
{
	o->k = 2, o->n = 1, o->seed = 1, o->threads = 1, o->line_width = 0;
}

typedef struct {
	mf_seq_t rec[CHUNK_RECORDS];
	char *out[CHUNK_RECORDS];     /* n * len shuffled bases per record */
	double distinct[CHUNK_RECORDS];
	int n;
} chunk_t;

/* Reads records until the chunk is full; returns the count or -1. */
static int read_chunk(chunk_t *c, mf_seqreader_t *r, int n_shuf)
{
	size_t bases = 0;
	c->n = 0;
	while (c->n < CHUNK_RECORDS && bases < CHUNK_BASES) {
		int ret = mf_seqreader_read(r, &c->rec[c->n]);
		if (ret < 0)
			return -1;
		if (ret == 0)
			break;
		size_t need = c->rec[c->n].len * (size_t)n_shuf;
		char *p = realloc(c->out[c->n], need ? need : 1);
		if (!p) {
			mf_error("%s: out of memory at record '%s'", mf_seqreader_path(r),
				c->rec[c->n].name);
			return -1;
		}
		c->out[c->n++] = p;
		bases += need;
	}
	return c->n;
}

/* Shuffles every record of the chunk; per-thread scratch, per-record seeds. */
static int shuffle_chunk(chunk_t *c, const mf_shuffle_opt_t *o, mf_kshuf_t **ks, gsl_rng **rng)
{
	int failed = 0;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(o->threads) reduction(|| : failed)
#endif
	for (int i = 0; i < c->n; ++i) {
		int t = 0;
#ifdef _OPENMP
		t = omp_get_thread_num();
#endif
		const mf_seq_t *s = &c->rec[i];
		if (mf_shuffle_refs(ks[t], rng[t], o->seed, s->name, s->seq, s->len, o->k, o->n,
				c->out[i], &c->distinct[i]) < 0)
			failed = 1;
	}
	return failed ? -1 : 0;
}

static int write_record(mf_out_t *out, const char *name, int i, const char *s, size_t len,
		size_t lw)
{
	if (mf_out_printf(out, ">%s_shuf%d\n", name, i) < 0)
		return -1;
	if (lw == 0)
		lw = len ? len : 1;
	for (size_t p = 0; p < len; p += lw) {
		size_t m = len - p < lw ? len - p : lw;
		if (mf_out_write(out, s + p, m) < 0 || mf_out_puts(out, "\n") < 0)
			return -1;
	}
	return len == 0 ? mf_out_puts(out, "\n") : 0;
}

static int write_chunk(const chunk_t *c, mf_out_t *out, const mf_shuffle_opt_t *o,
		long *n_warned)
{
	for (int i = 0; i < c->n; ++i) {
		const mf_seq_t *s = &c->rec[i];
		if (c->distinct[i] < o->n) {
			if (++*n_warned <= MAX_NAMED_WARNINGS)
				mf_warn("record '%s' has only %.0f distinct %d-let shuffle%s (itself "
					"included), fewer than the %d asked for: shuffles repeat", s->name,
					c->distinct[i], o->k, c->distinct[i] == 1 ? "" : "s", o->n);
			else if (*n_warned == MAX_NAMED_WARNINGS + 1)
				mf_warn("more records with fewer distinct shuffles than asked; not naming them");
		}
		for (int j = 0; j < o->n; ++j)
			if (write_record(out, s->name, j, c->out[i] + (size_t)j * s->len, s->len,
					o->line_width) < 0)
				return -1;
	}
	return 0;
}

static void free_scratch(chunk_t *c, mf_kshuf_t **ks, gsl_rng **rng, int nt)
{
	for (int i = 0; c && i < CHUNK_RECORDS; ++i) {
		mf_seq_free(&c->rec[i]);
		free(c->out[i]);
	}
	free(c);
	for (int t = 0; t < nt; ++t) {
		mf_kshuf_destroy(ks ? ks[t] : NULL);
		if (rng && rng[t])
			gsl_rng_free(rng[t]);
	}
	free(ks);
	free(rng);
}

static int alloc_scratch(chunk_t **c, mf_kshuf_t ***ks, gsl_rng ***rng, int nt)
{
	*c = calloc(1, sizeof **c);
	*ks = calloc((size_t)nt, sizeof **ks);
	*rng = calloc((size_t)nt, sizeof **rng);
	if (!*c || !*ks || !*rng)
		return -1;
	for (int i = 0; i < CHUNK_RECORDS; ++i)
		mf_seq_init(&(*c)->rec[i]);
	for (int t = 0; t < nt; ++t)
		if (!((*ks)[t] = mf_kshuf_create()) || !((*rng)[t] = gsl_rng_alloc(mf_rng_type())))
			return -1;
	return 0;
}

int mf_shuffle_fasta(mf_seqreader_t *r, const char *out_path, const mf_shuffle_opt_t *o,
		long *n_warned)
{
	int nt = o->threads > 0 ? o->threads : 1, rc = -1, got;
	long warned = 0;
	chunk_t *c = NULL;
	mf_kshuf_t **ks = NULL;
	gsl_rng **rng = NULL;
	mf_out_t *out = NULL;
	if (o->k < 1 || o->n < 0) {
		mf_error("bad shuffle options: k %d, n %d", o->k, o->n);
		return -1;
	}
	if (alloc_scratch(&c, &ks, &rng, nt) < 0) {
		mf_error("out of memory");
		goto done;
	}
	if (!(out = mf_out_open(out_path)))
		goto done;
	while ((got = read_chunk(c, r, o->n)) > 0)
		if (shuffle_chunk(c, o, ks, rng) < 0 || write_chunk(c, out, o, &warned) < 0)
			goto done;
	if (got == 0) {
		rc = mf_out_close(out);
		out = NULL;
	}
done:
	mf_out_abort(out);
	free_scratch(c, ks, rng, nt);
	if (n_warned)
		*n_warned = warned;
	return rc;
}
