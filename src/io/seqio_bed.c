/* seqio_bed.c: BED regions fetched from a genome FASTA through htslib faidx. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <htslib/faidx.h>

#include "io/genome_index.h"
#include "base/log.h"
#include "io/seqio.h"
#include "io/seqio_internal.h"

int mf_seqreader_bed_init(mf_seqreader_t *r)
{
	if (!r->opt.genome) {
		mf_error("%s: BED regions need a genome FASTA (--genome)", r->path);
		return -1;
	}
	r->fai = mf_genome_open(r->opt.genome);
	return r->fai ? 0 : -1;
}

void mf_seqreader_bed_free(mf_seqreader_t *r)
{
	if (r->fai)
		fai_destroy(r->fai);
	free(r->fetched);
	r->fai = NULL;
	r->fetched = NULL;
}

int mf_bed_skip_line(const kstring_t *l)
{
	const char *s = l->s;
	if (l->l == 0 || s[0] == '#')
		return 1;
	if (strncmp(s, "track", 5) == 0 && (s[5] == ' ' || s[5] == '\t' || s[5] == '\0'))
		return 1;
	if (strncmp(s, "browser", 7) == 0 && (s[7] == ' ' || s[7] == '\t' || s[7] == '\0'))
		return 1;
	return strspn(s, " \t") == l->l;
}

typedef struct {
	char *chrom, *name;
	int64_t start, end;
} bed_rec_t;

/* Splits the current line in place into chrom, start, end[, name]. */
static int bed_parse(mf_seqreader_t *r, bed_rec_t *b)
{
	char *f[4] = {0}, *p = r->line.s, *save = NULL;
	const char *sep = strchr(p, '\t') ? "\t" : " ";
	int n = 0;
	for (char *tok = strtok_r(p, sep, &save); tok && n < 4; tok = strtok_r(NULL, sep, &save))
		f[n++] = tok;
	if (n < 3) {
		mf_error("%s: line %ld: a BED line needs at least 3 columns (chrom, start, end)",
			r->path, r->lineno);
		return -1;
	}
	char *e1, *e2;
	errno = 0;
	b->start = strtoll(f[1], &e1, 10);
	b->end = strtoll(f[2], &e2, 10);
	if (*f[1] == '\0' || *e1 || *f[2] == '\0' || *e2 || errno || b->start < 0 ||
			b->end < b->start) {
		mf_error("%s: line %ld: bad interval '%s %s' (need 0 <= start <= end)", r->path,
			r->lineno, f[1], f[2]);
		return -1;
	}
	b->chrom = f[0];
	b->name = n >= 4 && strcmp(f[3], ".") != 0 ? f[3] : NULL;
	return 0;
}

/* Fetches [start, end) of chrom into s->seq, padding with N outside the chromosome when
 * allowed; an interval partly or wholly off the chromosome is an error otherwise. */
static int bed_fetch(mf_seqreader_t *r, const bed_rec_t *b, mf_seq_t *s)
{
	if (!faidx_has_seq(r->fai, b->chrom)) {
		mf_error("%s: line %ld: chromosome '%s' is not in genome '%s'", r->path, r->lineno,
			b->chrom, r->opt.genome);
		return -1;
	}
	int64_t clen = faidx_seq_len(r->fai, b->chrom);
	if ((b->start < 0 || b->end > clen) && !r->opt.pad_n) {
		mf_error("%s: line %ld: region %s:%" PRId64 "-%" PRId64 " runs past the chromosome "
			"(%s has %" PRId64 " bases; use --pad-n to pad with N)", r->path, r->lineno,
			b->chrom, b->start, b->end, b->chrom, clen);
		return -1;
	}
	size_t w = (size_t)(b->end - b->start);
	if (mf_seq_set(&s->seq, &s->cap_seq, "", 0) < 0)
		return -1;
	if (w + 1 > s->cap_seq) {
		char *p = realloc(s->seq, w + 1);
		if (!p)
			return mf_error("out of memory"), -1;
		s->seq = p, s->cap_seq = w + 1;
	}
	memset(s->seq, 'N', w);
	s->seq[w] = '\0';
	s->len = w;
	int64_t lo = b->start < 0 ? 0 : b->start, hi = b->end > clen ? clen : b->end;
	if (lo < hi) {
		hts_pos_t got = 0;
		free(r->fetched);
		r->fetched = faidx_fetch_seq64(r->fai, b->chrom, lo, hi - 1, &got);
		if (!r->fetched || got != hi - lo) {
			mf_error("%s: line %ld: cannot read %s:%" PRId64 "-%" PRId64 " from '%s' (truncated "
				"genome or stale index?)", r->path, r->lineno, b->chrom, lo, hi,
				r->opt.genome);
			return -1;
		}
		/* faidx trusts the .fai: one that does not fit the FASTA returns line breaks,
		 * header bytes or the next chromosome instead of failing */
		for (hts_pos_t i = 0; i < got; ++i)
			if (!isalpha((unsigned char)r->fetched[i]) && r->fetched[i] != '-' &&
					r->fetched[i] != '*') {
				mf_error("%s: line %ld: %s:%" PRId64 "-%" PRId64 " of '%s' holds a byte that is "
					"not a sequence letter (0x%02x): the index does not fit the FASTA or the "
					"genome is not FASTA; rebuild it with 'motiflift seq --index -g %s'",
					r->path, r->lineno, b->chrom, lo, hi, r->opt.genome,
					(unsigned char)r->fetched[i], r->opt.genome);
				return -1;
			}
		memcpy(s->seq + (lo - b->start), r->fetched, (size_t)got);
	}
	return 0;
}

int mf_seqreader_bed_read(mf_seqreader_t *r, mf_seq_t *s)
{
	int ret;
	while ((ret = mf_seqreader_getline(r)) == 1 && mf_bed_skip_line(&r->line))
		;
	if (ret <= 0)
		return ret;
	bed_rec_t b;
	if (bed_parse(r, &b) < 0)
		return -1;
	if (r->opt.width > 0) { /* centre on the midpoint, rounding the midpoint down */
		int64_t mid = b.start + (b.end - b.start) / 2;
		b.start = mid - r->opt.width / 2;
		b.end = b.start + r->opt.width;
	}
	if (bed_fetch(r, &b, s) < 0)
		return -1;
	s->start = b.start, s->end = b.end;
	if (mf_seq_set(&s->chrom, &s->cap_chrom, b.chrom, strlen(b.chrom)) < 0)
		return -1;
	if (b.name)
		return mf_seq_set(&s->name, &s->cap_name, b.name, strlen(b.name)) < 0 ? -1 : 1;
	size_t cap = strlen(b.chrom) + 48;
	char *name = malloc(cap);
	if (!name)
		return mf_error("out of memory"), -1;
	int n = snprintf(name, cap, "%s:%" PRId64 "-%" PRId64, b.chrom, b.start, b.end);
	int rc = mf_seq_set(&s->name, &s->cap_name, name, (size_t)n);
	free(name);
	if (rc < 0)
		return -1;
	return 1;
}

int mf_seqreader_bed_skip(mf_seqreader_t *r)
{
	int ret;
	while ((ret = mf_seqreader_getline(r)) == 1 && mf_bed_skip_line(&r->line))
		;
	return ret;
}
