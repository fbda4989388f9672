/* track.c: bigWig / bedGraph from per-base values over regions (see track.h). */
#include "io/track.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <htslib/faidx.h>
#include <htslib/khash.h>

/* Only opaque pointers and functions of libBigWig are used, so its remote-file (curl)
 * declarations are not needed and libcurl's headers need not be installed. */
#define NOCURL
#include <bigWig.h>

#include "io/genome_index.h"
#include "base/log.h"
#include "io/tmpfile.h"
#include "io/writer.h"

KHASH_MAP_INIT_STR(mf_trk, int)

typedef struct {
	int32_t chrom;
	uint32_t n;
	int64_t start;
	uint64_t off;   /* float offset in the spool */
	uint64_t order; /* arrival */
} trk_region_t;

enum { IV_MAX = 4096 };

struct mf_track {
	char *bw_path, *bg_path;
	int n_chrom;
	char **names;
	uint32_t *lens;
	khash_t(mf_trk) *h;
	FILE *spool;
	uint64_t spool_n;        /* floats spooled */
	trk_region_t *reg;
	size_t n_reg, cap_reg;
	/* the sweep: values of bases [win_lo, win_lo + win_len) not yet emitted */
	double *sum;
	uint32_t *cnt;
	float *vbuf;
	size_t win_cap, win_len, vbuf_cap;
	int64_t win_lo;
	/* output: pending intervals of the current chromosome */
	bigWigFile_t *bw;
	char *bw_tmp;
	mf_out_t *bg;
	int chrom, chrom_started, have_run;
	int64_t run_start, run_end;
	float run_val;
	uint32_t iv_start[IV_MAX], iv_end[IV_MAX];
	float iv_val[IV_MAX];
	const char *iv_chrom[IV_MAX];
	uint32_t n_iv;
};

static int load_chroms(mf_track_t *t, const char *genome)
{
	faidx_t *fai = mf_genome_open(genome);
	if (!fai)
		return -1;
	int n = faidx_nseq(fai), rc = 0;
	t->names = calloc((size_t)n + 1, sizeof *t->names);
	t->lens = calloc((size_t)n + 1, sizeof *t->lens);
	t->h = kh_init(mf_trk);
	if (!t->names || !t->lens || !t->h)
		rc = -1;
	for (int i = 0; rc == 0 && i < n; ++i) {
		int64_t len = faidx_seq_len(fai, faidx_iseq(fai, i)); /* int: < 2^31 */
		if (len < 0 || len > (int64_t)UINT32_MAX) {
			mf_error("genome '%s': chromosome '%s' is longer than bigWig allows (2^32 - 1)",
				genome, faidx_iseq(fai, i));
			rc = -1;
			break;
		}
		int absent;
		if (!(t->names[i] = strdup(faidx_iseq(fai, i))))
			rc = -1;
		t->lens[i] = (uint32_t)len;
		t->n_chrom = i + 1;
		khiter_t k = rc == 0 ? kh_put(mf_trk, t->h, t->names[i], &absent) : 0;
		if (rc == 0 && absent < 0)
			rc = -1;
		if (rc == 0)
			kh_value(t->h, k) = i;
	}
	fai_destroy(fai);
	return rc;
}

static FILE *open_spool(const char *near)
{
	int fd = mf_scratch_open(near);
	if (fd < 0)
		return NULL;
	FILE *fp = fdopen(fd, "w+b");
	if (!fp) {
		close(fd);
		mf_error("cannot open a temporary file next to '%s'", near);
	}
	return fp;
}

mf_track_t *mf_track_open(const char *genome, const char *bigwig, const char *bedgraph)
{
	mf_track_t *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->bw_path = bigwig ? strdup(bigwig) : NULL;
	t->bg_path = bedgraph ? strdup(bedgraph) : NULL;
	if ((bigwig && !t->bw_path) || (bedgraph && !t->bg_path) || (!bigwig && !bedgraph))
		goto fail;
	if (load_chroms(t, genome) < 0 || !(t->spool = open_spool(bigwig ? bigwig : bedgraph)))
		goto fail;
	return t;
fail:
	mf_track_abort(t);
	return NULL;
}

int mf_track_add(mf_track_t *t, const char *chrom, int64_t start, const float *v, size_t n)
{
	khiter_t k = kh_get(mf_trk, t->h, chrom);
	if (k == kh_end(t->h)) {
		mf_error("track: chromosome '%s' is not in the genome's index", chrom);
		return -1;
	}
	if (t->n_reg == t->cap_reg) {
		size_t cap = t->cap_reg ? 2 * t->cap_reg : 1024;
		trk_region_t *p = realloc(t->reg, cap * sizeof *p);
		if (!p)
			return mf_error("out of memory (track index of %zu regions)", t->n_reg), -1;
		t->reg = p, t->cap_reg = cap;
	}
	trk_region_t *r = &t->reg[t->n_reg];
	r->chrom = kh_value(t->h, k), r->n = (uint32_t)n, r->start = start;
	r->off = t->spool_n, r->order = t->n_reg;
	if (n && fwrite(v, sizeof *v, n, t->spool) != n) {
		mf_error("track: cannot write the temporary value spool (disk full?)");
		return -1;
	}
	t->spool_n += n;
	++t->n_reg;
	return 0;
}

static int region_cmp(const void *a, const void *b)
{
	const trk_region_t *x = a, *y = b;
	if (x->chrom != y->chrom)
		return x->chrom < y->chrom ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* ---- output --------------------------------------------------------------------- */

static int flush_intervals(mf_track_t *t)
{
	if (t->n_iv == 0)
		return 0;
	for (uint32_t i = 0; t->bg && i < t->n_iv; ++i)
		if (mf_out_printf(t->bg, "%s\t%" PRIu32 "\t%" PRIu32 "\t%.9g\n", t->names[t->chrom],
				t->iv_start[i], t->iv_end[i], t->iv_val[i]) < 0)
			return -1;
	if (t->bw) {
		int rc;
		if (!t->chrom_started) {
			for (uint32_t i = 0; i < t->n_iv; ++i)
				t->iv_chrom[i] = t->names[t->chrom];
			rc = bwAddIntervals(t->bw, t->iv_chrom, t->iv_start, t->iv_end, t->iv_val, t->n_iv);
		} else {
			rc = bwAppendIntervals(t->bw, t->iv_start, t->iv_end, t->iv_val, t->n_iv);
		}
		if (rc) {
			mf_error("%s: libBigWig could not add intervals on %s", t->bw_path, t->names[t->chrom]);
			return -1;
		}
	}
	t->chrom_started = 1;
	t->n_iv = 0;
	return 0;
}

static int end_run(mf_track_t *t)
{
	if (!t->have_run)
		return 0;
	t->have_run = 0;
	t->iv_start[t->n_iv] = (uint32_t)t->run_start;
	t->iv_end[t->n_iv] = (uint32_t)t->run_end;
	t->iv_val[t->n_iv] = t->run_val;
	return ++t->n_iv == IV_MAX ? flush_intervals(t) : 0;
}

static int emit(mf_track_t *t, int64_t pos, float v)
{
	if (t->have_run && pos == t->run_end && v == t->run_val) {
		++t->run_end;
		return 0;
	}
	if (end_run(t) < 0)
		return -1;
	t->have_run = 1, t->run_start = pos, t->run_end = pos + 1, t->run_val = v;
	return 0;
}

/* Emits the window's bases before `upto` (final: no later region starts before it). */
static int flush_window(mf_track_t *t, int64_t upto)
{
	size_t k = upto - t->win_lo < (int64_t)t->win_len ? (size_t)(upto - t->win_lo) : t->win_len;
	for (size_t i = 0; i < k; ++i) {
		if (t->cnt[i] == 0) {
			if (end_run(t) < 0)
				return -1;
			continue;
		}
		if (emit(t, t->win_lo + (int64_t)i, (float)(t->sum[i] / t->cnt[i])) < 0)
			return -1;
	}
	memmove(t->sum, t->sum + k, (t->win_len - k) * sizeof *t->sum);
	memmove(t->cnt, t->cnt + k, (t->win_len - k) * sizeof *t->cnt);
	t->win_len -= k;
	t->win_lo += (int64_t)k;
	return 0; /* a gap after the window breaks the run in emit() */
}

static int grow(void **p, size_t *cap, size_t need, size_t elt)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 1024;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * elt);
	if (!q)
		return mf_error("out of memory (track window of %zu bases)", need), -1;
	*p = q, *cap = c;
	return 0;
}

/* Adds one region's in-chromosome bases to the window. */
static int add_to_window(mf_track_t *t, const trk_region_t *r)
{
	int64_t s = r->start < 0 ? 0 : r->start, e = r->start + (int64_t)r->n;
	if (e > (int64_t)t->lens[r->chrom])
		e = t->lens[r->chrom];
	if (e <= s)
		return 0;
	if (t->win_len == 0)
		t->win_lo = s;
	else if (flush_window(t, s) < 0)
		return -1;
	if (t->win_len == 0)
		t->win_lo = s;
	size_t need = (size_t)(e - t->win_lo), cap = t->win_cap, n = (size_t)(e - s);
	if (grow((void **)&t->sum, &cap, need, sizeof *t->sum) < 0 ||
			grow((void **)&t->cnt, &t->win_cap, need, sizeof *t->cnt) < 0 ||
			grow((void **)&t->vbuf, &t->vbuf_cap, n, sizeof *t->vbuf) < 0)
		return -1;
	if (need > t->win_len) {
		memset(t->sum + t->win_len, 0, (need - t->win_len) * sizeof *t->sum);
		memset(t->cnt + t->win_len, 0, (need - t->win_len) * sizeof *t->cnt);
		t->win_len = need;
	}
	off_t off = (off_t)((r->off + (uint64_t)(s - r->start)) * sizeof(float));
	if (pread(fileno(t->spool), t->vbuf, n * sizeof(float), off) != (ssize_t)(n * sizeof(float))) {
		mf_error("track: cannot read back the temporary value spool");
		return -1;
	}
	size_t o = (size_t)(s - t->win_lo);
	for (size_t i = 0; i < n; ++i)
		t->sum[o + i] += t->vbuf[i], ++t->cnt[o + i];
	return 0;
}

static int sweep(mf_track_t *t)
{
	size_t i = 0;
	while (i < t->n_reg) {
		t->chrom = t->reg[i].chrom, t->chrom_started = 0, t->win_len = 0, t->have_run = 0;
		for (; i < t->n_reg && t->reg[i].chrom == t->chrom; ++i)
			if (add_to_window(t, &t->reg[i]) < 0)
				return -1;
		if (flush_window(t, t->win_lo + (int64_t)t->win_len) < 0 || end_run(t) < 0 ||
				flush_intervals(t) < 0)
			return -1;
	}
	return 0;
}

static int open_outputs(mf_track_t *t)
{
	static int bw_ready;
	if (t->bg_path && !(t->bg = mf_out_open(t->bg_path)))
		return -1;
	if (!t->bw_path)
		return 0;
	if (!bw_ready && bwInit(1 << 17) != 0) {
		mf_error("libBigWig failed to initialise");
		return -1;
	}
	bw_ready = 1;
	int fd = mf_output_create(t->bw_path, &t->bw_tmp);
	if (fd < 0)
		return -1;
	close(fd);
	t->bw = bwOpen(t->bw_tmp, NULL, "w");
	if (!t->bw || bwCreateHdr(t->bw, 10) != 0 ||
			!(t->bw->cl = bwCreateChromList((const char *const *)t->names, t->lens, t->n_chrom)) ||
			bwWriteHdr(t->bw) != 0) {
		mf_error("%s: libBigWig could not start the file", t->bw_path);
		return -1;
	}
	return 0;
}

static void track_free(mf_track_t *t)
{
	if (t->spool)
		fclose(t->spool);
	if (t->h)
		kh_destroy(mf_trk, t->h);
	for (int i = 0; t->names && i < t->n_chrom; ++i)
		free(t->names[i]);
	free(t->names), free(t->lens), free(t->reg), free(t->sum), free(t->cnt), free(t->vbuf);
	free(t->bw_path), free(t->bg_path), free(t->bw_tmp);
	free(t);
}

int mf_track_close(mf_track_t *t)
{
	if (!t)
		return 0;
	int rc = fflush(t->spool) == 0 ? 0 : -1;
	if (rc)
		mf_error("track: cannot write the temporary value spool (disk full?)");
	if (t->n_reg) /* no regions: t->reg is NULL */
		qsort(t->reg, t->n_reg, sizeof *t->reg, region_cmp);
	if (rc == 0)
		rc = open_outputs(t);
	if (rc == 0)
		rc = sweep(t);
	if (t->bw) {
		bwClose(t->bw); /* writes the index and zoom levels */
		t->bw = NULL;
	}
	if (rc == 0 && t->bg) {
		rc = mf_out_close(t->bg);
		t->bg = NULL;
	}
	mf_out_abort(t->bg);
	if (t->bw_tmp && mf_output_commit(t->bw_tmp, t->bw_path, rc) < 0)
		rc = -1;
	track_free(t);
	return rc;
}

void mf_track_abort(mf_track_t *t)
{
	if (!t)
		return;
	mf_out_abort(t->bg);
	if (t->bw)
		bwClose(t->bw);
	if (t->bw_tmp)
		mf_output_commit(t->bw_tmp, t->bw_path, -1);
	track_free(t);
}
