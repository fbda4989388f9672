/* dtrack.c: explain npz files in, bases and one task's hypothetical contributions out
 * (see dtrack.h). Arrays are read row by row with pread, so files larger than memory are
 * fine as long as one task's tracks fit. */
#include "discover/dtrack.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/tasks.h"

#define ROWS_PER_READ 64
#define MAX_HYP 1e30f /* larger contributions would overflow float window sums */

static int read_task_index(mf_dseqs_t *s);

void mf_dseqs_destroy(mf_dseqs_t *s)
{
	if (!s)
		return;
	mf_strv_free(s->names, s->names ? s->n : 0);
	mf_strv_free(s->chrom, s->chrom ? s->n : 0);
	mf_strv_free(s->tasks, s->tasks ? (size_t)s->T : 0);
	for (int f = 0; s->z && f < s->nfiles; ++f)
		mf_npzr_close(s->z[f]);
	mf_strv_free(s->paths, s->paths ? (size_t)s->nfiles : 0);
	free(s->z), free(s->file_first), free(s->off), free(s->base), free(s->start);
	free(s->task_index);
	free(s);
}

/* onehot (n, L, 4) and hyp (n, L, 4, T) of one file, with agreeing n and L. */
static int check_shapes(const mf_npzr_t *z, size_t *n, size_t *L, int *T)
{
	const char *p = mf_npzr_path(z);
	const mf_npy_info_t *oh = mf_npzr_find(z, "onehot"), *hy = mf_npzr_find(z, "hyp");
	if (!oh || !hy) {
		mf_error("%s: no array '%s': discover needs onehot and hyp (the npz motiflift explain "
			"-o FILE.npz writes)", p, oh ? "hyp" : "onehot");
		return -1;
	}
	if (oh->ndim != 3 || oh->shape[2] != 4 || oh->kind == 'U' || oh->kind == 'S') {
		mf_error("%s: onehot must be a numeric (n, L, 4) array", p);
		return -1;
	}
	if (hy->ndim != 4 || hy->kind != 'f' || hy->shape[0] != oh->shape[0] ||
			hy->shape[1] != oh->shape[1] || hy->shape[2] != 4 || hy->shape[3] == 0) {
		mf_error("%s: hyp must be a float (n, L, 4, T) array with onehot's n = %zu and L = %zu",
			p, oh->shape[0], oh->shape[1]);
		return -1;
	}
	if (oh->shape[1] == 0) {
		mf_error("%s: the sequences have length 0", p);
		return -1;
	}
	*n = oh->shape[0], *L = oh->shape[1], *T = (int)hy->shape[3];
	return 0;
}

/* The file's task names, or task0.. when it has none; NULL (logged) on a bad array. */
static char **task_names(const mf_npzr_t *z, int T)
{
	const mf_npy_info_t *a = mf_npzr_find(z, "tasks");
	size_t n = 0;
	if (a) {
		char **v = mf_npzr_read_strings(z, a, &n);
		if (v && n != (size_t)T) {
			mf_error("%s: %zu task names for %d tasks in hyp", mf_npzr_path(z), n, T);
			mf_strv_free(v, n);
			return NULL;
		}
		return v;
	}
	char **v = calloc((size_t)T, sizeof *v);
	for (int t = 0; v && t < T; ++t)
		if (asprintf(&v[t], "task%d", t) < 0) {
			mf_strv_free(v, (size_t)t);
			v = NULL;
		}
	if (!v)
		mf_error("out of memory");
	return v;
}

static int same_tasks(const mf_dseqs_t *s, const mf_npzr_t *z, int T)
{
	if (T != s->T) {
		mf_error("%s: %d tasks, but %s has %d", mf_npzr_path(z), T, s->paths[0], s->T);
		return -1;
	}
	char **v = task_names(z, T);
	int rc = v ? 0 : -1;
	for (int t = 0; v && t < T; ++t)
		if (strcmp(v[t], s->tasks[t]) != 0) {
			mf_error("%s: task %d is '%s', but in %s it is '%s'", mf_npzr_path(z), t, v[t],
				s->paths[0], s->tasks[t]);
			rc = -1;
			break;
		}
	mf_strv_free(v, v ? (size_t)T : 0);
	return rc;
}

/* Base codes of rows [first, first + n) of a file's onehot. */
static int read_bases(const mf_npzr_t *z, const mf_npy_info_t *oh, size_t first, size_t n,
		size_t L, uint8_t *out, float *buf)
{
	if (mf_npzr_read_f32(z, oh, (uint64_t)first * L * 4, n * L * 4, buf) < 0)
		return -1;
	for (size_t r = 0; r < n; ++r)
		for (size_t l = 0; l < L; ++l) {
			const float *x = buf + (r * L + l) * 4;
			int ones = 0, code = MF_BASE_N;
			for (int k = 0; k < 4; ++k) {
				if (x[k] == 1.0f)
					++ones, code = k;
				else if (x[k] != 0.0f)
					ones = 99;
			}
			if (ones > 1) {
				mf_error("%s: onehot row %zu, position %zu is not one-hot (%g %g %g %g)",
					mf_npzr_path(z), first + r, l, x[0], x[1], x[2], x[3]);
				return -1;
			}
			out[r * L + l] = (uint8_t)code;
		}
	return 0;
}

static int read_file_bases(mf_dseqs_t *s, int f, size_t L)
{
	const mf_npzr_t *z = s->z[f];
	const mf_npy_info_t *oh = mf_npzr_find(z, "onehot");
	size_t n = oh->shape[0], first = s->file_first[f];
	float *buf = malloc(ROWS_PER_READ * L * 4 * sizeof *buf);
	int rc = buf ? 0 : -1;
	for (size_t r = 0; rc == 0 && r < n; r += ROWS_PER_READ) {
		size_t m = n - r < ROWS_PER_READ ? n - r : ROWS_PER_READ;
		rc = read_bases(z, oh, r, m, L, s->base + s->off[first + r], buf);
	}
	free(buf);
	return rc;
}

/* names (n,) if present, else "seq<global index>". */
static int read_names(mf_dseqs_t *s, int f, size_t n)
{
	const mf_npzr_t *z = s->z[f];
	const mf_npy_info_t *a = mf_npzr_find(z, "names");
	size_t first = s->file_first[f], m = 0;
	if (a) {
		char **v = mf_npzr_read_strings(z, a, &m);
		if (!v)
			return -1;
		if (m != n) {
			mf_error("%s: %zu names for %zu sequences", mf_npzr_path(z), m, n);
			mf_strv_free(v, m);
			return -1;
		}
		memcpy(s->names + first, v, n * sizeof *v);
		free(v);
		return 0;
	}
	for (size_t i = 0; i < n; ++i)
		if (asprintf(&s->names[first + i], "seq%zu", first + i) < 0) {
			mf_error("out of memory");
			return -1;
		}
	return 0;
}

/* chrom/start of a file with genomic rows; 0 when the file has none, 1 when read. */
static int read_coords(mf_dseqs_t *s, int f, size_t n)
{
	const mf_npzr_t *z = s->z[f];
	const mf_npy_info_t *c = mf_npzr_find(z, "chrom"), *st = mf_npzr_find(z, "start");
	if (!c || !st)
		return 0;
	size_t m = 0, first = s->file_first[f];
	char **v = mf_npzr_read_strings(z, c, &m);
	if (!v)
		return -1;
	if (m != n || st->count != n) {
		mf_error("%s: chrom/start hold %zu/%llu values for %zu sequences", mf_npzr_path(z), m,
			(unsigned long long)st->count, n);
		mf_strv_free(v, m);
		return -1;
	}
	memcpy(s->chrom + first, v, n * sizeof *v);
	free(v);
	return mf_npzr_read_i64(z, st, 0, n, s->start + first) < 0 ? -1 : 1;
}

/* Opens every file and sizes the sequence arrays. */
static int index_files(mf_dseqs_t *s, const char *const *paths, int nf, size_t **len_of)
{
	size_t *flen = calloc((size_t)nf, sizeof *flen);
	if (!flen || !(s->z = calloc((size_t)nf, sizeof *s->z)) ||
			!(s->paths = calloc((size_t)nf, sizeof *s->paths)) ||
			!(s->file_first = calloc((size_t)nf + 1, sizeof *s->file_first))) {
		free(flen);
		mf_error("out of memory");
		return -1;
	}
	*len_of = flen;
	s->nfiles = nf;
	for (int f = 0; f < nf; ++f) {
		size_t n, L;
		int T;
		if (!(s->paths[f] = strdup(paths[f])) || !(s->z[f] = mf_npzr_open(paths[f])) ||
				check_shapes(s->z[f], &n, &L, &T) < 0)
			return -1;
		if (f == 0) {
			s->T = T;
			if (!(s->tasks = task_names(s->z[0], T)))
				return -1;
		} else if (same_tasks(s, s->z[f], T) < 0) {
			return -1;
		}
		flen[f] = L;
		s->file_first[f + 1] = s->file_first[f] + n;
		if (n == 0 && nf > 1)
			mf_warn("%s: no sequences", paths[f]);
	}
	s->n = s->file_first[nf];
	if (s->n == 0) {
		mf_error("%s: no sequences%s", paths[0], nf > 1 ? " in any input" : "");
		return -1;
	}
	return 0;
}

static int alloc_sequences(mf_dseqs_t *s, const size_t *flen)
{
	s->off = malloc((s->n + 1) * sizeof *s->off);
	s->names = calloc(s->n ? s->n : 1, sizeof *s->names);
	s->chrom = calloc(s->n ? s->n : 1, sizeof *s->chrom);
	s->start = calloc(s->n ? s->n : 1, sizeof *s->start);
	if (!s->off || !s->names || !s->chrom || !s->start) {
		mf_error("out of memory");
		return -1;
	}
	s->off[0] = 0;
	for (int f = 0; f < s->nfiles; ++f)
		for (size_t i = s->file_first[f]; i < s->file_first[f + 1]; ++i)
			s->off[i + 1] = s->off[i] + flen[f];
	if (!(s->base = malloc(s->off[s->n] ? s->off[s->n] : 1))) {
		mf_error("out of memory: %llu positions", (unsigned long long)s->off[s->n]);
		return -1;
	}
	return 0;
}

mf_dseqs_t *mf_dseqs_open(const char *const *paths, int nf)
{
	mf_dseqs_t *s = calloc(1, sizeof *s);
	size_t *flen = NULL;
	int genomic = 1;
	if (!s || nf < 1) {
		mf_error(s ? "no input files" : "out of memory");
		goto fail;
	}
	if (index_files(s, paths, nf, &flen) < 0 || read_task_index(s) < 0 ||
			alloc_sequences(s, flen) < 0)
		goto fail;
	for (int f = 0; f < nf; ++f) {
		size_t n = s->file_first[f + 1] - s->file_first[f];
		int c;
		if (read_file_bases(s, f, flen[f]) < 0 || read_names(s, f, n) < 0 ||
				(c = read_coords(s, f, n)) < 0)
			goto fail;
		genomic &= c;
	}
	if (!genomic) { /* coordinates only when every file has them */
		mf_strv_free(s->chrom, s->n);
		s->chrom = NULL;
	}
	free(flen);
	return s;
fail:
	free(flen);
	mf_dseqs_destroy(s);
	return NULL;
}

/* The model output index of each task: the first file's task_index when it has one that
 * fits, else the column (files of a run of every task). */
static int read_task_index(mf_dseqs_t *s)
{
	const mf_npzr_t *z = s->z[0];
	const mf_npy_info_t *ix = mf_npzr_find(z, "task_index");
	if (!(s->task_index = malloc((size_t)s->T * sizeof *s->task_index))) {
		mf_error("out of memory");
		return -1;
	}
	if (ix && ix->count == (uint64_t)s->T && mf_npzr_read_i64(z, ix, 0, (size_t)s->T,
				s->task_index) == 0)
		return 0;
	for (int t = 0; t < s->T; ++t)
		s->task_index[t] = t;
	return 0;
}

/* The column of one item: a name, else a model index found in task_index; -1 if neither. */
static int task_column(const mf_dseqs_t *s, const char *w)
{
	int t = mf_task_find(w, (const char *const *)s->tasks, s->T);
	if (t >= 0 && strcmp(s->tasks[t], w) == 0)
		return t;
	char *end;
	long v = strtol(w, &end, 10);
	for (int c = 0; *w >= '0' && *w <= '9' && !*end && c < s->T; ++c)
		if (s->task_index[c] == v)
			return c;
	return -1;
}

int mf_dseqs_tasks(const mf_dseqs_t *s, const char *spec, int **out, int *n)
{
	int *v = malloc((size_t)s->T * sizeof *v), k = 0, rc = 0;
	char *copy = strdup(spec ? spec : "all"), *save = NULL;
	if (!v || !copy) {
		free(v), free(copy);
		mf_error("out of memory");
		return -1;
	}
	if (strcmp(copy, "all") == 0) {
		for (k = 0; k < s->T; ++k)
			v[k] = k;
	} else {
		for (char *w = strtok_r(copy, ",", &save); w && rc == 0; w = strtok_r(NULL, ",", &save)) {
			int t = task_column(s, w), dup = 0;
			for (int j = 0; j < k; ++j)
				dup |= v[j] == t;
			if (t < 0 || dup || k == s->T) {
				mf_error("--task '%s': task '%s' %s (the input has %d: %s..%s, or their "
					"indices %lld..%lld)", spec, w, t < 0 ? "does not exist" : "is named twice",
					s->T, s->tasks[0], s->tasks[s->T - 1], (long long)s->task_index[0],
					(long long)s->task_index[s->T - 1]);
				rc = -2;
			} else {
				v[k++] = t;
			}
		}
	}
	free(copy);
	if (rc == 0 && k == 0) {
		mf_error("--task '%s': no task named", spec);
		rc = -2;
	}
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v, *n = k;
	return 0;
}

/* One file's rows of task t, read ROWS_PER_READ at a time into h. */
static int read_file_hyp(const mf_dseqs_t *s, int f, int t, float *hyp, int threads)
{
	const mf_npzr_t *z = s->z[f];
	const mf_npy_info_t *a = mf_npzr_find(z, "hyp");
	size_t n = a->shape[0], L = a->shape[1], T = (size_t)s->T, first = s->file_first[f];
	size_t nblk = (n + ROWS_PER_READ - 1) / ROWS_PER_READ;
	int failed = 0;
#pragma omp parallel num_threads(threads) reduction(|:failed)
	{
		float *buf = malloc(ROWS_PER_READ * L * 4 * T * sizeof *buf);
		failed |= !buf;
#pragma omp for schedule(dynamic, 1)
		for (size_t b = 0; b < nblk; ++b) {
			size_t r0 = b * ROWS_PER_READ, m = n - r0 < ROWS_PER_READ ? n - r0 : ROWS_PER_READ;
			if (failed || !buf || mf_npzr_read_f32(z, a, (uint64_t)r0 * L * 4 * T, m * L * 4 * T,
						buf) < 0) {
				failed = 1;
				continue;
			}
			float *dst = hyp + s->off[first + r0] * 4;
			for (size_t k = 0; k < m * L * 4; ++k) {
				float v = buf[k * T + (size_t)t];
				if (!(fabsf(v) <= MAX_HYP)) { /* NaN, infinite, or overflowing a window sum */
#pragma omp critical(mf_dhyp_error)
					if (!failed) {
						mf_error("%s: hyp of sequence '%s' (row %zu), task %s is %s at "
							"position %zu", s->paths[f], s->names[first + r0 + k / (L * 4)],
							r0 + k / (L * 4), s->tasks[t], isfinite(v) ? "beyond +-1e30"
							: "not finite", k / 4 % L);
						failed = 1;
					}
				}
				dst[k] = v;
			}
		}
		free(buf);
	}
	return failed ? -1 : 0;
}

mf_dhyp_t *mf_dhyp_load(const mf_dseqs_t *s, int task, int threads)
{
	mf_dhyp_t *h = calloc(1, sizeof *h);
	uint64_t npos = s->off[s->n];
	if (!h || !(h->hyp = malloc((npos ? npos : 1) * 4 * sizeof *h->hyp))) {
		mf_error("out of memory: hypothetical contributions of %llu positions",
			(unsigned long long)npos);
		mf_dhyp_destroy(h);
		return NULL;
	}
	h->task = task;
	for (int f = 0; f < s->nfiles; ++f)
		if (read_file_hyp(s, f, task, h->hyp, threads) < 0) {
			mf_dhyp_destroy(h);
			return NULL;
		}
	return h;
}

void mf_dhyp_destroy(mf_dhyp_t *h)
{
	if (!h)
		return;
	free(h->hyp);
	free(h);
}

void mf_dtrack_window(const mf_dseqs_t *s, const mf_dhyp_t *h, size_t i, int64_t start, int len,
		int rc, float *onehot, float *contrib, float *hyp)
{
	int64_t L = mf_dseq_len(s, i);
	const uint8_t *b = s->base + s->off[i];
	const float *y = h ? h->hyp + s->off[i] * 4 : NULL;
	for (int j = 0; j < len; ++j) {
		int64_t p = rc ? start + len - 1 - j : start + j;
		int in = p >= 0 && p < L, code = in ? b[p] : MF_BASE_N;
		for (int k = 0; k < 4; ++k) {
			int src = rc ? 3 - k : k; /* the complement's channel */
			float v = in && y ? y[p * 4 + src] : 0.0f;
			if (onehot)
				onehot[j * 4 + k] = code == src ? 1.0f : 0.0f;
			if (contrib)
				contrib[j * 4 + k] = code == src ? v : 0.0f;
			if (hyp)
				hyp[j * 4 + k] = v;
		}
	}
}
