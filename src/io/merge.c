/* merge.c: joining shard outputs (see merge.h). */
#include "io/merge.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include "io/bgzf_line.h"
#include "base/log.h"
#include "base/progress.h"
#include "io/npz_read.h"
#include "io/track.h"
#include "io/writer.h"

enum { CHUNK = 1 << 20 };

typedef struct {
	int n;
	mf_npzr_t **z;
	int *fd;
	unsigned char *buf, *buf2;
} npz_inputs_t;

static void inputs_close(npz_inputs_t *in)
{
	for (int i = 0; i < in->n; ++i) {
		mf_npzr_close(in->z[i]);
		if (in->fd && in->fd[i] >= 0)
			close(in->fd[i]);
	}
	free(in->z), free(in->fd), free(in->buf), free(in->buf2);
}

static int inputs_open(npz_inputs_t *in, const char *const *paths, int n)
{
	memset(in, 0, sizeof *in);
	in->z = calloc((size_t)n, sizeof *in->z);
	in->fd = malloc((size_t)n * sizeof *in->fd);
	in->buf = malloc(CHUNK), in->buf2 = malloc(CHUNK);
	if (!in->z || !in->fd || !in->buf || !in->buf2)
		return mf_error("out of memory"), -1;
	in->n = n;
	for (int i = 0; i < n; ++i)
		in->fd[i] = -1;
	for (int i = 0; i < n; ++i) {
		if (!(in->z[i] = mf_npzr_open(paths[i])))
			return -1;
		if ((in->fd[i] = open(paths[i], O_RDONLY)) < 0)
			return mf_error("cannot open '%s': %s", paths[i], strerror(errno)), -1;
	}
	return 0;
}

static int read_at(int fd, const char *path, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (k <= 0) {
			mf_error("%s: short read (truncated file?)", path);
			return -1;
		}
		got += (size_t)k;
	}
	return 0;
}

static int is_per_run(const mf_npy_info_t *a)
{
	return a->ndim == 0 || strcmp(a->name, "tasks") == 0 || strcmp(a->name, "task_index") == 0 ||
		strcmp(a->name, "meta") == 0;
}

/* Per-run arrays must be the same bytes in every input. */
static int check_same(npz_inputs_t *in, const mf_npy_info_t *a0)
{
	uint64_t bytes = a0->count * a0->itemsize;
	for (int i = 1; i < in->n; ++i) {
		const mf_npy_info_t *a = mf_npzr_require(in->z[i], a0->name);
		if (!a)
			return -1;
		int same = strcmp(a->descr, a0->descr) == 0 && a->count == a0->count;
		for (uint64_t o = 0; same && o < bytes; o += CHUNK) {
			size_t k = bytes - o < CHUNK ? (size_t)(bytes - o) : CHUNK;
			if (read_at(in->fd[0], mf_npzr_path(in->z[0]), in->buf, k, a0->data_off + o) < 0 ||
					read_at(in->fd[i], mf_npzr_path(in->z[i]), in->buf2, k, a->data_off + o) < 0)
				return -1;
			same = memcmp(in->buf, in->buf2, k) == 0;
		}
		if (!same) {
			mf_error("%s: array '%s' differs from the one in '%s': were the shards made by the "
				"same command?", mf_npzr_path(in->z[i]), a0->name, mf_npzr_path(in->z[0]));
			return -1;
		}
	}
	return 0;
}

/* The merged array's shape and item size; checks the inputs agree. */
static int merged_shape(npz_inputs_t *in, const mf_npy_info_t *a0, size_t *shape, size_t *itemsize)
{
	memcpy(shape, a0->shape, sizeof a0->shape);
	shape[0] = 0;
	*itemsize = a0->itemsize;
	for (int i = 0; i < in->n; ++i) {
		const mf_npy_info_t *a = mf_npzr_require(in->z[i], a0->name);
		if (!a)
			return -1;
		int ok = a->kind == a0->kind && a->ndim == a0->ndim &&
			(a->kind == 'U' || strcmp(a->descr, a0->descr) == 0);
		for (int d = 1; ok && d < a->ndim; ++d)
			ok = a->shape[d] == a0->shape[d];
		if (!ok) {
			mf_error("%s: array '%s' has another dtype or shape than in '%s'",
				mf_npzr_path(in->z[i]), a0->name, mf_npzr_path(in->z[0]));
			return -1;
		}
		shape[0] += a->shape[0];
		if (a->itemsize > *itemsize)
			*itemsize = a->itemsize;
	}
	return 0;
}

/* Copies input i's rows of a, re-padding strings to the merged width. */
static int copy_rows(npz_inputs_t *in, int i, const mf_npy_info_t *a, size_t itemsize, mf_npz_t *z)
{
	const char *path = mf_npzr_path(in->z[i]);
	uint64_t bytes = a->count * a->itemsize;
	if (a->itemsize == itemsize) {
		for (uint64_t o = 0; o < bytes; o += CHUNK) {
			size_t k = bytes - o < CHUNK ? (size_t)(bytes - o) : CHUNK;
			if (read_at(in->fd[i], path, in->buf, k, a->data_off + o) < 0 ||
					mf_npz_append(z, in->buf, k) < 0)
				return -1;
		}
		return 0;
	}
	if (itemsize > CHUNK)
		return mf_error("%s: '%s': strings too wide to merge", path, a->name), -1;
	for (uint64_t r = 0; r < a->count; ++r) {
		memset(in->buf2, 0, itemsize);
		if (read_at(in->fd[i], path, in->buf2, a->itemsize, a->data_off + r * a->itemsize) < 0 ||
				mf_npz_append(z, in->buf2, itemsize) < 0)
			return -1;
	}
	return 0;
}

static int merge_array(npz_inputs_t *in, const mf_npy_info_t *a0, mf_npz_t *z)
{
	size_t shape[MF_NPY_MAX_DIMS], itemsize;
	int per_run = is_per_run(a0);
	if (per_run ? check_same(in, a0) < 0 : merged_shape(in, a0, shape, &itemsize) < 0)
		return -1;
	char descr[32];
	if (per_run) {
		memcpy(shape, a0->shape, sizeof shape);
		itemsize = a0->itemsize;
	}
	if (a0->kind == 'U')
		snprintf(descr, sizeof descr, "<U%zu", itemsize / 4);
	else
		snprintf(descr, sizeof descr, "%s", a0->descr);
	if (mf_npz_begin_descr(z, a0->name, descr, itemsize, a0->ndim, shape) < 0)
		return -1;
	for (int i = 0; i < (per_run ? 1 : in->n); ++i)
		if (copy_rows(in, i, per_run ? a0 : mf_npzr_find(in->z[i], a0->name), itemsize, z) < 0)
			return -1;
	return mf_npz_end(z);
}

/* Shard i of n given as input k (1-based) of total: all n shards of one run, each once,
 * in order, or an error. npz and text shards follow the same rule. */
static int check_shard_place(const char *path, long long i, long long n, int k, int total)
{
	if (n == total && i == k)
		return 0;
	mf_error("%s: shard %lld of %lld given as input %d of %d: give every shard of one run, "
		"once each, in order (1..%lld)", path, i, n, k, total, n);
	return -1;
}

/* Shards of a --shard run carry 'shard' = [i, n]: all n of them, each once, in order. */
static int check_shards(npz_inputs_t *in, const char *const *paths)
{
	int marked = 0;
	for (int k = 0; k < in->n; ++k) {
		const mf_npy_info_t *a = mf_npzr_find(in->z[k], "shard");
		if (!a) {
			if (marked) {
				mf_error("%s: not a --shard output, unlike '%s'", paths[k], paths[0]);
				return -1;
			}
			continue;
		}
		if (k > 0 && !marked) {
			mf_error("%s: a --shard output, unlike '%s'", paths[k], paths[0]);
			return -1;
		}
		marked = 1;
		int64_t v[2];
		if (strcmp(a->descr, "<i8") != 0 || a->count != 2 ||
				read_at(in->fd[k], paths[k], v, sizeof v, a->data_off) < 0) {
			mf_error("%s: malformed 'shard' array", paths[k]);
			return -1;
		}
		if (check_shard_place(paths[k], (long long)v[0], (long long)v[1], k + 1, in->n) < 0)
			return -1;
	}
	return 0;
}

int mf_merge_npz(const char *const *paths, int n, const char *out)
{
	npz_inputs_t in;
	mf_npz_t *z = NULL;
	int rc = n > 0 && inputs_open(&in, paths, n) == 0 ? 0 : -1;
	if (rc == 0 && check_shards(&in, paths) < 0)
		rc = -1;
	if (rc == 0 && !(z = mf_npz_open(out)))
		rc = -1;
	size_t n_arrays = rc == 0 ? mf_npzr_count(in.z[0]) : 0;
	mf_progress_t *pg = mf_progress_start("merge", "arrays", n_arrays);
	for (size_t k = 0; rc == 0 && k < n_arrays; ++k) {
		if (strcmp(mf_npzr_info(in.z[0], k)->name, "shard") != 0) /* one run has no shards */
			rc = merge_array(&in, mf_npzr_info(in.z[0], k), z);
		mf_progress_update(pg, k + 1);
	}
	mf_progress_finish(pg);
	for (int i = 1; rc == 0 && i < n; ++i)
		if (mf_npzr_count(in.z[i]) != mf_npzr_count(in.z[0])) {
			mf_error("%s: holds %zu arrays but '%s' holds %zu", paths[i],
				mf_npzr_count(in.z[i]), paths[0], mf_npzr_count(in.z[0]));
			rc = -1;
		}
	if (n > 0)
		inputs_close(&in);
	if (rc == 0)
		return mf_npz_close(z);
	mf_npz_abort(z);
	return -1;
}

/* ---- text -------------------------------------------------------------------------- */

/* "# motiflift shard I/N" (the first line of a sharded scan output): 1 and i, n set, or 0. */
static int shard_line(const kstring_t *l, long long *i, long long *n)
{
	return l->l > 0 && sscanf(l->s, "# motiflift shard %lld/%lld", i, n) == 2;
}

/* Copies one input; k its position among n. The shard line is checked and dropped; the
 * '#' header of inputs after the first must equal the first one's (header) and is not
 * repeated. */
static int copy_text(const char *path, int k, int n, mf_out_t *o, kstring_t *header)
{
	BGZF *fp = bgzf_open(path, "r");
	if (!fp)
		return mf_error("cannot open '%s': %s", path, strerror(errno ? errno : EIO)), -1;
	kstring_t l = {0, 0, NULL};
	int ret, rc = 0, lineno = 0, in_header = 1;
	long long si, sn;
	while (rc == 0 && (ret = mf_bgzf_getline(fp, &l)) >= 0) {
		++lineno;
		if (lineno == 1 && memchr(l.s, '\0', l.l)) {
			mf_error("%s: binary data, not a text (BED/TSV) output", path);
			rc = -1;
		} else if (lineno == 1 && shard_line(&l, &si, &sn)) {
			rc = check_shard_place(path, si, sn, k + 1, n);
			continue;
		} else if (in_header && l.l && l.s[0] == '#') {
			if (k == 0)
				kputsn(l.s, l.l, header), kputc('\n', header);
			else if (!header->s || !strstr(header->s, l.s)) {
				mf_error("%s: header line '%s' is not in '%s': were the shards made by the "
					"same command?", path, l.s, "the first input");
				rc = -1;
			}
			if (k > 0)
				continue;
		} else {
			in_header = 0;
		}
		if (rc == 0 && (mf_out_write(o, l.s, l.l) < 0 || mf_out_puts(o, "\n") < 0))
			rc = -1;
	}
	if (rc == 0 && ret < -1) {
		mf_error("%s: read error: the file is truncated or corrupt", path);
		rc = -1;
	}
	if (rc == 0 && bgzf_compression(fp) == 2 && bgzf_check_EOF(fp) == 0) {
		mf_error("%s: the BGZF end-of-file marker is missing: the file is truncated", path);
		rc = -1;
	}
	free(l.s);
	bgzf_close(fp);
	return rc;
}

int mf_merge_text(const char *const *in, int n, const char *out)
{
	mf_out_t *o = mf_out_open(out);
	if (!o)
		return -1;
	kstring_t header = {0, 0, NULL};
	mf_progress_t *pg = mf_progress_start("merge", "files", (uint64_t)n);
	for (int i = 0; i < n; ++i) {
		if (copy_text(in[i], i, n, o, &header) < 0) {
			mf_progress_discard(pg);
			free(header.s);
			mf_out_abort(o);
			return -1;
		}
		mf_progress_update(pg, (uint64_t)i + 1);
	}
	mf_progress_finish(pg);
	free(header.s);
	return mf_out_close(o);
}

/* ---- tracks ------------------------------------------------------------------------ */

/* The column of the task named or numbered by spec (NULL: the first) in an explain npz:
 * a name in its 'tasks', else a model output index found in its 'task_index' (files
 * written before it existed: the name "task<index>"). */
static int task_column(const mf_npzr_t *z, const char *spec)
{
	const mf_npy_info_t *a = mf_npzr_require(z, "tasks"), *ix = mf_npzr_find(z, "task_index");
	size_t n = 0;
	char **names = a ? mf_npzr_read_strings(z, a, &n) : NULL;
	int64_t idx[256];
	int have_idx = names && ix && ix->count == n && n <= 256 &&
		mf_npzr_read_i64(z, ix, 0, n, idx) == 0;
	if (names && n == 0) {
		mf_error("%s: 'tasks' is empty", mf_npzr_path(z));
		mf_strv_free(names, n);
		return -1;
	}
	int col = names && !spec ? 0 : -1;
	for (size_t t = 0; names && spec && t < n && col < 0; ++t)
		if (strcmp(names[t], spec) == 0)
			col = (int)t;
	char *end;
	long v = spec ? strtol(spec, &end, 10) : -1;
	for (size_t t = 0; names && spec && col < 0 && *spec && !*end && t < n; ++t)
		if (have_idx ? idx[t] == v
			     : strncmp(names[t], "task", 4) == 0 && strtol(names[t] + 4, NULL, 10) == v)
			col = (int)t;
	if (names && col < 0) {
		mf_error("%s: task '%s' was not explained (its tasks: %s..%s)", mf_npzr_path(z), spec,
			names[0], names[n - 1]);
		col = -2; /* the option's fault */
	}
	mf_strv_free(names, n);
	return col;
}

static int track_from_npz(const char *path, mf_track_t *tr, const char *bw_task)
{
	mf_npzr_t *z = mf_npzr_open(path);
	if (!z)
		return -1;
	const mf_npy_info_t *c = mf_npzr_require(z, "contrib"), *st = mf_npzr_find(z, "start"),
		*ch = mf_npzr_find(z, "chrom");
	if (c && (!st || !ch))
		mf_error("%s: no 'chrom' and 'start' arrays: tracks need an explain npz of BED regions "
			"(-g genome.fa regions.bed)", path);
	int col = c && st && ch ? task_column(z, bw_task) : -1, rc = col < 0 ? col : 0;
	if (rc == 0 && (c->ndim != 4 || c->shape[2] != 4 || st->count != c->shape[0])) {
		mf_error("%s: 'contrib' is not (n, L, 4, T) with one start per row", path);
		rc = -1;
	}
	size_t n = 0, L = rc == 0 ? c->shape[1] : 0, T = rc == 0 ? c->shape[3] : 0;
	char **chrom = rc == 0 ? mf_npzr_read_strings(z, ch, &n) : NULL;
	float *row = rc == 0 ? malloc(L * 4 * T * sizeof *row) : NULL, *v = rc == 0 ? malloc(L * sizeof *v) : NULL;
	if (rc == 0 && chrom && (!row || !v || n != c->shape[0])) {
		mf_error(!row || !v ? "%s: out of memory" : "%s: 'chrom' and 'contrib' differ in rows",
			path);
		rc = -1;
	} else if (rc == 0 && !chrom) {
		rc = -1; /* logged by the reader */
	}
	for (size_t r = 0; rc == 0 && r < n; ++r) {
		int64_t start;
		if (mf_npzr_read_i64(z, st, r, 1, &start) < 0 ||
				mf_npzr_read_f32(z, c, r * L * 4 * T, L * 4 * T, row) < 0) {
			rc = -1;
			break;
		}
		for (size_t l = 0; l < L; ++l) {
			double sum = 0;
			for (size_t k = 0; k < 4; ++k)
				sum += row[(4 * l + k) * T + (size_t)col];
			v[l] = (float)sum;
		}
		rc = mf_track_add(tr, chrom[r], start, v, L);
	}
	mf_strv_free(chrom, n);
	free(row), free(v);
	mf_npzr_close(z);
	return rc;
}

int mf_merge_track(const char *const *in, int n, const char *genome, const char *bigwig,
		const char *bedgraph, const char *bw_task)
{
	mf_track_t *tr = mf_track_open(genome, bigwig, bedgraph);
	if (!tr)
		return -1;
	mf_progress_t *pg = mf_progress_start("merge", "files", (uint64_t)n);
	for (int i = 0; i < n; ++i) {
		int rc = track_from_npz(in[i], tr, bw_task);
		if (rc < 0) {
			mf_progress_discard(pg);
			mf_track_abort(tr);
			return rc;
		}
		mf_progress_update(pg, (uint64_t)i + 1);
	}
	mf_progress_finish(pg);
	return mf_track_close(tr);
}
