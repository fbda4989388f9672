/* seqio_shard.c: --shard i/n: which contiguous slice of the input records a run reads.
 * The slice depends only on the record count and (i, n), never on threads or batch size,
 * so shard outputs concatenated in shard order are what one run writes. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include "io/bgzf_line.h"
#include "base/log.h"
#include "io/seqio.h"
#include "io/seqio_internal.h"

int mf_shard_parse(const char *arg, int *i, int *n)
{
	char *e1, *e2;
	errno = 0;
	long a = strtol(arg, &e1, 10);
	if (e1 == arg || *e1 != '/')
		return -1;
	long b = strtol(e1 + 1, &e2, 10);
	if (e2 == e1 + 1 || *e2 || errno || b < 1 || b > 1000000 || a < 1 || a > b)
		return -1;
	*i = (int)a, *n = (int)b;
	return 0;
}

static int blank(const kstring_t *l)
{
	for (size_t k = 0; k < l->l; ++k)
		if (!isspace((unsigned char)l->s[k]))
			return 0;
	return 1;
}

/* Records in the file as the format's reader would see them: FASTA '>' lines, BED region
 * lines, simdata non-blank lines after the header. Reads lines only (no genome fetches). */
static long count_records(const char *path, mf_seqfmt_t fmt)
{
	BGZF *fp = bgzf_open(path, "r");
	if (!fp) {
		mf_error("cannot open '%s': %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	kstring_t l = {0, 0, NULL};
	long n = 0, lineno = 0;
	int ret;
	while ((ret = mf_bgzf_getline(fp, &l)) >= 0) {
		++lineno;
		if (l.l && l.s[l.l - 1] == '\r')
			l.s[--l.l] = '\0';
		if (fmt == MF_SEQ_BED)
			n += !mf_bed_skip_line(&l);
		else if (fmt == MF_SEQ_SIMDATA)
			n += lineno > 1 && !blank(&l);
		else
			n += l.l > 0 && l.s[0] == '>';
	}
	free(l.s);
	bgzf_close(fp);
	if (ret < -1) {
		mf_error("%s: read error while counting records for --shard: the file is truncated or "
			"corrupt", path);
		return -1;
	}
	return n;
}

int mf_seqreader_shard_init(mf_seqreader_t *r)
{
	if (strcmp(r->path, "-") == 0) {
		mf_error("--shard needs a named input file, not standard input (records are counted first)");
		return -1;
	}
	if (r->opt.shard_i < 1 || r->opt.shard_i > r->opt.shard_n) {
		mf_error("shard %d/%d does not exist", r->opt.shard_i, r->opt.shard_n);
		return -1;
	}
	long n = count_records(r->path, r->fmt);
	if (n < 0)
		return -1;
	long long i = r->opt.shard_i, k = r->opt.shard_n;
	r->shard_lo = (long)((long long)n * (i - 1) / k);
	r->shard_hi = (long)((long long)n * i / k);
	mf_info("%s: shard %lld/%lld: records %ld..%ld of %ld", r->path, i, k, r->shard_lo + 1,
		r->shard_hi, n);
	return 0;
}
