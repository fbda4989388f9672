/* seqio_bed.c: BED regions fetched from a genome FASTA through htslib faidx. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <htslib/faidx.h>

#include "base/log.h"
#include "io/genome_index.h"
#include "io/seqkind.h"

typedef struct {
	faidx_t *fai;
	char *fetched;   /* the last sequence faidx returned */
} bed_state_t;

static int bed_open(mf_seqsrc_t *src)
{
	if (!src->opt->genome) {
		mf_error("%s: BED regions need a genome FASTA (--genome)", src->in.path);
		return -1;
	}
	bed_state_t *st = calloc(1, sizeof *st);
	if (!st) {
		mf_error("out of memory");
		return -1;
	}
	src->state = st;
	st->fai = mf_genome_open(src->opt->genome);
	return st->fai ? 0 : -1;
}

static void bed_close(mf_seqsrc_t *src)
{
	bed_state_t *st = src->state;
	if (!st)
		return;
	if (st->fai)
		fai_destroy(st->fai);
	free(st->fetched);
	free(st);
	src->state = NULL;
}

/* Whether a line carries no region (blank, comment, track, browser). */
static int no_region(const kstring_t *l)
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
static int bed_parse(mf_seqsrc_t *src, bed_rec_t *b)
{
	char *f[4] = {0}, *p = src->in.line.s, *save = NULL;
	const char *sep = strchr(p, '\t') ? "\t" : " ";
	int n = 0;
	for (char *tok = strtok_r(p, sep, &save); tok && n < 4; tok = strtok_r(NULL, sep, &save))
		f[n++] = tok;
	if (n < 3) {
		mf_error("%s: line %ld: a BED line needs at least 3 columns (chrom, start, end)",
			src->in.path, src->in.lineno);
		return -1;
	}
	char *e1, *e2;
	errno = 0;
	b->start = strtoll(f[1], &e1, 10);
	b->end = strtoll(f[2], &e2, 10);
	if (*f[1] == '\0' || *e1 || *f[2] == '\0' || *e2 || errno || b->start < 0 ||
			b->end < b->start) {
		mf_error("%s: line %ld: bad interval '%s %s' (need 0 <= start <= end)",
			src->in.path, src->in.lineno, f[1], f[2]);
		return -1;
	}
	b->chrom = f[0];
	b->name = n >= 4 && strcmp(f[3], ".") != 0 ? f[3] : NULL;
	return 0;
}

/* Fetches [start, end) of chrom into s->seq, padding with N outside the chromosome when
 * allowed; an interval partly or wholly off the chromosome is an error otherwise. */
static int bed_fetch(mf_seqsrc_t *src, const bed_rec_t *b, mf_seq_t *s)
{
	bed_state_t *st = src->state;
	const char *genome = src->opt->genome;
	if (!faidx_has_seq(st->fai, b->chrom)) {
		mf_error("%s: line %ld: chromosome '%s' is not in genome '%s'", src->in.path, src->in.lineno,
			b->chrom, genome);
		return -1;
	}
	int64_t clen = faidx_seq_len(st->fai, b->chrom);
	if ((b->start < 0 || b->end > clen) && !src->opt->pad_n) {
		mf_error("%s: line %ld: region %s:%" PRId64 "-%" PRId64 " runs past the chromosome "
			"(%s has %" PRId64 " bases; use --pad-n to pad with N)", src->in.path, src->in.lineno,
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
		free(st->fetched);
		st->fetched = faidx_fetch_seq64(st->fai, b->chrom, lo, hi - 1, &got);
		if (!st->fetched || got != hi - lo) {
			mf_error("%s: line %ld: cannot read %s:%" PRId64 "-%" PRId64 " from '%s' (truncated "
				"genome or stale index?)", src->in.path, src->in.lineno, b->chrom, lo, hi,
				genome);
			return -1;
		}
		/* faidx trusts the .fai: one that does not fit the FASTA returns line breaks,
		 * header bytes or the next chromosome instead of failing */
		for (hts_pos_t i = 0; i < got; ++i)
			if (!isalpha((unsigned char)st->fetched[i]) && st->fetched[i] != '-' &&
					st->fetched[i] != '*') {
				mf_error("%s: line %ld: %s:%" PRId64 "-%" PRId64 " of '%s' holds a byte that is "
					"not a sequence letter (0x%02x): the index does not fit the FASTA or the "
					"genome is not FASTA; rebuild it with 'motiflift seq --index -g %s'",
					src->in.path, src->in.lineno, b->chrom, lo, hi, genome,
					(unsigned char)st->fetched[i], genome);
				return -1;
			}
		memcpy(s->seq + (lo - b->start), st->fetched, (size_t)got);
	}
	return 0;
}

/* The next line that holds a region: 1, 0 at the end, -1. */
static int next_region_line(mf_seqsrc_t *src)
{
	int ret;
	while ((ret = mf_textlines_next(&src->in)) == 1 && no_region(&src->in.line))
		;
	return ret;
}

static int bed_read(mf_seqsrc_t *src, mf_seq_t *s)
{
	int ret = next_region_line(src);
	if (ret <= 0)
		return ret;
	bed_rec_t b;
	if (bed_parse(src, &b) < 0)
		return -1;
	if (src->opt->width > 0) { /* centre on the midpoint, rounding the midpoint down */
		int64_t mid = b.start + (b.end - b.start) / 2;
		b.start = mid - src->opt->width / 2;
		b.end = b.start + src->opt->width;
	}
	if (bed_fetch(src, &b, s) < 0)
		return -1;
	s->start = b.start, s->end = b.end;
	if (mf_seq_set(&s->chrom, &s->cap_chrom, b.chrom, strlen(b.chrom)) < 0)
		return -1;
	if (b.name)
		return mf_seq_set(&s->name, &s->cap_name, b.name, strlen(b.name)) < 0 ? -1 : 1;
	/* a window resized (-w) around a region near a chromosome start may begin before base 0
	 * (--pad-n fills it with N): its name starts at 0, as no tool takes negative coordinates */
	int64_t lo = b.start < 0 ? 0 : b.start, hi = b.end < lo ? lo : b.end;
	size_t cap = strlen(b.chrom) + 48;
	char *name = malloc(cap);
	if (!name)
		return mf_error("out of memory"), -1;
	int n = snprintf(name, cap, "%s:%" PRId64 "-%" PRId64, b.chrom, lo, hi);
	int rc = mf_seq_set(&s->name, &s->cap_name, name, (size_t)n);
	free(name);
	if (rc < 0)
		return -1;
	return 1;
}

static int bed_starts_record(const kstring_t *l, long lineno)
{
	(void)lineno;
	return !no_region(l);
}

const mf_seqkind_t mf_seqkind_bed = {
	bed_open, bed_read, next_region_line, bed_starts_record, bed_close
};
