/* seqio.c: the sequence iterator: which reader (seqkind.h) an input needs, and what every
 * input gets alike: the --shard slice, the --names filter, the record count. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/dupnames.h"
#include "io/nameset.h"
#include "io/seqio.h"
#include "io/seqkind.h"

struct mf_seqreader {
	char *path;
	mf_seqfmt_t fmt;
	mf_seqopt_t opt;
	const mf_seqkind_t *kind;
	mf_seqsrc_t src;
	long n;          /* records returned so far */
	size_t n_kept;   /* records that matched opt.keep */
	int failed;      /* an error was reported: every later read fails too */
	int warned;      /* the "names not found" warning was given (once, at the first end) */
	long raw;        /* records read before the keep filter (the shard index) */
	long n_file;     /* records in the file, -1 until counted */
	long shard_lo, shard_hi; /* records [lo, hi) belong to this shard */
	mf_dupnames_t *dups; /* opt.warn_dup_names: the names returned so far */
};

static const mf_seqkind_t *kind_of(mf_seqfmt_t fmt)
{
	switch (fmt) {
	case MF_SEQ_SIMDATA: return &mf_seqkind_simdata;
	case MF_SEQ_BED: return &mf_seqkind_bed;
	default: return &mf_seqkind_fasta;
	}
}

static int sniff_format(mf_seqreader_t *r)
{
	BGZF *fp = r->src.in.fp;
	int c;
	while ((c = bgzf_peek(fp)) == '\n' || c == '\r' || c == ' ' || c == '\t')
		bgzf_getc(fp); /* blank lines before the first record carry nothing */
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

static int count_file(mf_seqreader_t *r, int quiet)
{
	if (r->n_file < 0)
		r->n_file = mf_seqkind_count(r->kind, r->path, quiet);
	return r->n_file < 0 ? -1 : 0;
}

static int shard_init(mf_seqreader_t *r)
{
	if (strcmp(r->path, "-") == 0) {
		mf_error("--shard needs a named input file, not standard input (records are counted first)");
		return -1;
	}
	if (r->opt.shard_i < 1 || r->opt.shard_i > r->opt.shard_n) {
		mf_error("shard %d/%d does not exist", r->opt.shard_i, r->opt.shard_n);
		return -1;
	}
	if (count_file(r, 0) < 0)
		return -1;
	long long i = r->opt.shard_i, k = r->opt.shard_n, n = r->n_file;
	r->shard_lo = (long)(n * (i - 1) / k);
	r->shard_hi = (long)(n * i / k);
	mf_info("%s: shard %lld/%lld: records %ld..%ld of %lld", r->path, i, k, r->shard_lo + 1,
		r->shard_hi, n);
	return 0;
}

mf_seqreader_t *mf_seqreader_open(const char *path, mf_seqfmt_t fmt, const mf_seqopt_t *opt)
{
	mf_seqreader_t *r = calloc(1, sizeof *r);
	if (!r || !(r->path = strdup(path))) {
		mf_error("out of memory");
		free(r);
		return NULL;
	}
	r->n_file = -1;
	if (opt)
		r->opt = *opt;
	if (fmt == MF_SEQ_AUTO && r->opt.genome)
		fmt = MF_SEQ_BED;
	r->fmt = fmt;
	r->src.opt = &r->opt;
	if (mf_textlines_open(&r->src.in, r->path, 0) < 0)
		goto fail;
	if (r->fmt == MF_SEQ_AUTO && sniff_format(r) < 0)
		goto fail;
	r->kind = kind_of(r->fmt);
	if (r->kind->open(&r->src) < 0)
		goto fail;
	if (r->opt.shard_n > 0 && shard_init(r) < 0)
		goto fail;
	if (r->opt.warn_dup_names && !(r->dups = mf_dupnames_create())) {
		mf_error("out of memory");
		goto fail;
	}
	return r;
fail:
	mf_seqreader_close(r);
	return NULL;
}

/* The next record of the file, or (skip) just past it; counts raw records. */
static int read_raw(mf_seqreader_t *r, mf_seq_t *s, int skip)
{
	int ret = skip && r->kind->skip ? r->kind->skip(&r->src) : r->kind->read(&r->src, s);
	if (ret == 1) {
		++r->raw;
		++r->src.n_read;
	}
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

static const char *shown_path(const mf_seqreader_t *r)
{
	return strcmp(r->path, "-") == 0 ? "standard input" : r->path;
}

/* What is said once at the end of the input: an empty input, names not found, names
 * repeated. 0, or -1 when an empty input is an error (logged). */
static int at_end(mf_seqreader_t *r)
{
	if (r->warned++)
		return 0;
	if (r->raw == 0 && (r->opt.shard_n == 0 || r->n_file == 0)) {
		const char *what = r->fmt == MF_SEQ_BED ? "no regions" : r->fmt == MF_SEQ_SIMDATA
			? "no sequences (a simdata header alone)" : "no sequences";
		if (r->opt.if_empty == MF_EMPTY_ERROR) {
			mf_error("%s: %s", shown_path(r), what);
			return -1;
		}
		if (r->opt.if_empty == MF_EMPTY_WARN)
			mf_warn("%s: %s: the output is empty", shown_path(r), what);
		return 0;
	}
	if (r->opt.keep && r->opt.shard_n == 0 && r->n_kept < mf_nameset_size(r->opt.keep))
		mf_warn("%s: %zu of the %zu selected names were not found", r->path,
			mf_nameset_size(r->opt.keep) - r->n_kept, mf_nameset_size(r->opt.keep));
	long at = 0;
	const char *name = r->dups && mf_dupnames_count(r->dups) > 0 ?
		mf_dupnames_first(r->dups, &at) : NULL;
	if (name)
		mf_warn("%s: %ld records have the name of an earlier one (the first: '%s', again at "
			"record %ld); outputs keyed by name will be ambiguous", r->path,
			mf_dupnames_count(r->dups), name, at);
	return 0;
}

int mf_seqreader_read(mf_seqreader_t *r, mf_seq_t *s)
{
	if (r->failed)
		return -1;
	int ret = read_selected(r, s);
	if (ret == 1 && r->opt.keep)
		++r->n_kept;
	if (ret == 1 && r->dups && mf_dupnames_add(r->dups, s->name, r->n + 1) < 0) {
		mf_error("out of memory");
		ret = -1;
	}
	if (ret == 0 && at_end(r) < 0)
		ret = -1;
	if (ret < 0)
		r->failed = 1;
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

long mf_seqreader_total(mf_seqreader_t *r)
{
	if (strcmp(r->path, "-") == 0)
		return -1;
	if (r->opt.shard_n == 0 && count_file(r, 1) < 0)
		return -1;
	long n = r->opt.shard_n > 0 ? r->shard_hi - r->shard_lo : r->n_file;
	if (r->opt.keep && (size_t)n > mf_nameset_size(r->opt.keep))
		n = (long)mf_nameset_size(r->opt.keep);
	return n;
}

mf_seqfmt_t mf_seqreader_format(const mf_seqreader_t *r) { return r->fmt; }
int mf_seqreader_n_tasks(const mf_seqreader_t *r) { return r->src.n_tasks; }
long mf_seqreader_count(const mf_seqreader_t *r) { return r->n; }
const char *mf_seqreader_path(const mf_seqreader_t *r) { return r->path; }

const char *mf_seqreader_task_name(const mf_seqreader_t *r, int i)
{
	return i >= 0 && i < r->src.n_tasks ? r->src.task_names[i] : NULL;
}

void mf_seqreader_close(mf_seqreader_t *r)
{
	if (!r)
		return;
	if (r->kind)
		r->kind->close(&r->src);
	mf_textlines_close(&r->src.in);
	mf_dupnames_destroy(r->dups);
	free(r->path);
	free(r);
}
