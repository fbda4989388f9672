/* explain_out.c: npz / TSV / TF-MoDISco writers for explain results. */
#include "explain/explain_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "base/log.h"
#include "io/tmpfile.h"
#include "io/track.h"
#include "io/writer.h"

enum { SP_NAMES, SP_ONEHOT, SP_CONTRIB, SP_PROJ, SP_HYP, SP_DELTA, SP_CHROM, SP_START, SP_END, SP_N };

struct mf_xout {
	mf_xout_opt_t o;
	int T, R, bed;
	int *tasks;
	char **names;          /* one per explained task */
	size_t L;
	mf_out_t *tsv;
	mf_spool_t *sp[SP_N];
	float *row;            /* one sequence's proj or transposed arrays */
	mf_track_t *track;     /* bigWig / bedGraph */
	int track_col;         /* the track task's column in contrib */
};

int mf_xout_format_from_name(const char *p)
{
	size_t n = strlen(p);
	const char *sfx[] = {".npz", ".tsv", ".tsv.gz", ".txt", ".txt.gz", "-"};
	for (int i = 0; i < 6; ++i) {
		size_t m = strlen(sfx[i]);
		if (n >= m && strcmp(p + n - m, sfx[i]) == 0)
			return i == 0 ? MF_XOUT_NPZ : MF_XOUT_TSV;
	}
	return -1;
}

static int needs_spools(const mf_xout_t *x) { return x->o.fmt == MF_XOUT_NPZ || x->o.modisco; }

static int open_spools(mf_xout_t *x)
{
	const char *near = x->o.fmt == MF_XOUT_NPZ ? x->o.path : x->o.modisco;
	size_t L = x->L, T = (size_t)x->T, R = (size_t)x->R;
	size_t s_oh[2] = {L, 4}, s_c[3] = {L, 4, T}, s_d[2] = {R, T};
	x->sp[SP_NAMES] = mf_spool_create_strings(near);
	x->sp[SP_ONEHOT] = mf_spool_create(near, MF_DT_F32, 2, s_oh);
	x->sp[SP_HYP] = mf_spool_create(near, MF_DT_F32, 3, s_c);
	if (x->o.fmt == MF_XOUT_NPZ) {
		x->sp[SP_CONTRIB] = mf_spool_create(near, MF_DT_F32, 3, s_c);
		x->sp[SP_PROJ] = mf_spool_create(near, MF_DT_F32, 3, s_c);
		x->sp[SP_DELTA] = mf_spool_create(near, MF_DT_F32, 2, s_d);
		if (x->bed) {
			x->sp[SP_CHROM] = mf_spool_create_strings(near);
			x->sp[SP_START] = mf_spool_create(near, MF_DT_I64, 0, NULL);
			x->sp[SP_END] = mf_spool_create(near, MF_DT_I64, 0, NULL);
		}
	}
	for (int i = 0; i < SP_N; ++i)
		if (!x->sp[i] && (i <= SP_ONEHOT || i == SP_HYP || (x->o.fmt == MF_XOUT_NPZ &&
				(i < SP_CHROM || x->bed))))
			return -1;
	return 0;
}

static int tsv_header(mf_xout_t *x)
{
	mf_out_t *o = x->tsv;
	int rc = mf_out_printf(o, "#motiflift explain: %s\n", x->o.meta ? x->o.meta : "");
	rc |= mf_out_puts(o, "#name\tpos\tbase");
	for (int t = 0; t < x->T; ++t)
		rc |= mf_out_printf(o, "\t%s", x->names[t]);
	for (int t = 0; x->o.tsv_hyp && t < x->T; ++t)
		rc |= mf_out_printf(o, "\thypA_%s\thypC_%s\thypG_%s\thypT_%s", x->names[t], x->names[t],
			x->names[t], x->names[t]);
	rc |= mf_out_puts(o, "\n");
	return rc ? -1 : 0;
}

static int open_track(mf_xout_t *x)
{
	const mf_xout_opt_t *o = &x->o;
	if (!x->bed || !o->genome) {
		mf_error("bigWig/bedGraph output needs BED regions and a genome (-g)");
		return -1;
	}
	x->track_col = -1;
	for (int t = 0; t < x->T; ++t)
		if (o->bw_task < 0 ? t == 0 : x->tasks[t] == o->bw_task)
			x->track_col = t;
	if (x->track_col < 0) {
		mf_error("track task %d is not among the tasks explained", o->bw_task);
		return -1;
	}
	x->track = mf_track_open(o->genome, o->bigwig, o->bedgraph);
	return x->track ? 0 : -1;
}

/* A position's total contribution to task t: the sum over its 4 channels of contrib
 * ([L][4][T] for one sequence), the value tracks, TSV rows and proj all report. */
static double position_total(const float *c, size_t l, size_t T, size_t t)
{
	double sum = 0;
	for (int k = 0; k < 4; ++k)
		sum += c[(4 * l + (size_t)k) * T + t];
	return sum;
}

/* Each sequence's contribution to the track task, summed over channels like proj. */
static int track_write(mf_xout_t *x, const mf_explain_batch_t *b)
{
	size_t T = (size_t)b->T, t = (size_t)x->track_col;
	for (int s = 0; s < b->n; ++s) {
		const float *c = b->contrib + (size_t)s * b->L * 4 * T;
		for (size_t l = 0; l < b->L; ++l)
			x->row[l] = (float)position_total(c, l, T, t);
		if (mf_track_add(x->track, b->seq[s].chrom, b->seq[s].start, x->row, b->L) < 0)
			return -1;
	}
	return 0;
}

mf_xout_t *mf_xout_open(const mf_xout_opt_t *o, int T, const int *tasks, int R, size_t L, int bed,
		const char *const *names)
{
	mf_xout_t *x = calloc(1, sizeof *x);
	if (!x) {
		mf_error("out of memory");
		return NULL;
	}
	x->o = *o, x->T = T, x->R = R, x->L = L, x->bed = bed;
	x->tasks = malloc((size_t)T * sizeof *x->tasks);
	x->names = calloc((size_t)T, sizeof *x->names);
	x->row = malloc(L * 4 * (size_t)T * sizeof *x->row);
	if (!x->tasks || !x->row || !x->names) {
		mf_error("out of memory: one output row of %zu x 4 x %d values", L, T);
		goto fail;
	}
	memcpy(x->tasks, tasks, (size_t)T * sizeof *tasks);
	for (int t = 0; t < T; ++t)
		if ((names ? !(x->names[t] = strdup(names[tasks[t]]))
			   : asprintf(&x->names[t], "task%d", tasks[t]) < 0)) {
			mf_error("out of memory");
			goto fail;
		}
	if (o->fmt == MF_XOUT_NPZ && (!o->path || strcmp(o->path, "-") == 0)) {
		mf_error("npz output cannot go to standard output; name a file");
		goto fail;
	}
	if (o->fmt == MF_XOUT_TSV && (!(x->tsv = mf_out_open(o->path)) || tsv_header(x) < 0))
		goto fail;
	if (needs_spools(x) && open_spools(x) < 0)
		goto fail;
	if ((o->bigwig || o->bedgraph) && open_track(x) < 0)
		goto fail;
	return x;
fail:
	mf_xout_abort(x);
	return NULL;
}

static const char BASES[] = "ACGTN";

static int tsv_write(mf_xout_t *x, const mf_explain_batch_t *b)
{
	size_t T = (size_t)b->T;
	char num[32];
	for (int s = 0; s < b->n; ++s) {
		const float *c = b->contrib + (size_t)s * b->L * 4 * T, *h = b->hyp + (size_t)s * b->L * 4 * T;
		const char *seq = b->seq[s].seq;
		for (size_t l = 0; l < b->L; ++l) {
			unsigned nt = mf_nt4[(unsigned char)seq[l]];
			if (mf_out_printf(x->tsv, "%s\t%zu\t%c", b->seq[s].name, l, BASES[nt]) < 0)
				return -1;
			for (size_t t = 0; t < T; ++t) {
				snprintf(num, sizeof num, "\t%.6g", position_total(c, l, T, t));
				if (mf_out_puts(x->tsv, num) < 0)
					return -1;
			}
			for (size_t t = 0; x->o.tsv_hyp && t < T; ++t)
				for (int k = 0; k < 4; ++k) {
					snprintf(num, sizeof num, "\t%.6g", h[(4 * l + (size_t)k) * T + t]);
					if (mf_out_puts(x->tsv, num) < 0)
						return -1;
				}
			if (mf_out_puts(x->tsv, "\n") < 0)
				return -1;
		}
	}
	return 0;
}

/* proj: each position's total contribution placed on its observed base. */
static void project(const mf_explain_batch_t *b, int s, float *out)
{
	size_t T = (size_t)b->T, n = b->L * 4 * T;
	const float *c = b->contrib + (size_t)s * n, *x = b->onehot + (size_t)s * b->L * 4;
	for (size_t l = 0; l < b->L; ++l)
		for (size_t t = 0; t < T; ++t) {
			double sum = position_total(c, l, T, t);
			for (int k = 0; k < 4; ++k)
				out[(4 * l + (size_t)k) * T + t] = x[4 * l + (size_t)k] != 0 ? (float)sum : 0.0f;
		}
}

static int spool_write(mf_xout_t *x, const mf_explain_batch_t *b)
{
	size_t n = (size_t)b->n;
	int rc = mf_spool_append(x->sp[SP_ONEHOT], b->onehot, n);
	rc |= mf_spool_append(x->sp[SP_HYP], b->hyp, n);
	for (int s = 0; s < b->n; ++s)
		rc |= mf_spool_append_string(x->sp[SP_NAMES], b->seq[s].name);
	if (x->o.fmt != MF_XOUT_NPZ)
		return rc ? -1 : 0;
	rc |= mf_spool_append(x->sp[SP_CONTRIB], b->contrib, n);
	rc |= mf_spool_append(x->sp[SP_DELTA], b->delta, n);
	for (int s = 0; s < b->n && !rc; ++s) {
		project(b, s, x->row);
		rc |= mf_spool_append(x->sp[SP_PROJ], x->row, 1);
		if (x->bed) {
			int64_t st = b->seq[s].start, en = b->seq[s].end;
			rc |= mf_spool_append_string(x->sp[SP_CHROM], b->seq[s].chrom ? b->seq[s].chrom : "");
			rc |= mf_spool_append(x->sp[SP_START], &st, 1);
			rc |= mf_spool_append(x->sp[SP_END], &en, 1);
		}
	}
	return rc ? -1 : 0;
}

int mf_xout_write(void *ctx, const mf_explain_batch_t *b)
{
	mf_xout_t *x = ctx;
	if (x->tsv && tsv_write(x, b) < 0)
		return -1;
	if (x->track && track_write(x, b) < 0)
		return -1;
	return needs_spools(x) ? spool_write(x, b) : 0;
}

/* Which shard of a --shard run wrote the file, for motiflift merge. */
static int add_shard_array(const mf_xout_t *x, mf_npz_t *z)
{
	if (x->o.shard_n <= 0)
		return 0;
	int64_t v[2] = {x->o.shard_i, x->o.shard_n};
	size_t shape[1] = {2};
	return mf_npz_add(z, "shard", MF_DT_I64, v, 1, shape);
}

static int add_small_arrays(mf_xout_t *x, mf_npz_t *z)
{
	int rc = mf_npz_add_strings(z, "tasks", (const char *const *)x->names, (size_t)x->T);
	int64_t idx[256];
	size_t shape[1] = {(size_t)x->T};
	for (int t = 0; t < x->T && t < 256; ++t)
		idx[t] = x->tasks[t];
	if (rc == 0) /* the model output of each column, whatever the tasks are called */
		rc = mf_npz_add(z, "task_index", MF_DT_I64, idx, 1, shape);
	if (rc == 0 && x->o.meta) { /* "k=v;k=v" as one string per pair */
		char *m = strdup(x->o.meta), *save = NULL;
		const char *parts[64];
		size_t n = 0;
		for (char *p = m ? strtok_r(m, ";", &save) : NULL; p && n < 64; p = strtok_r(NULL, ";", &save))
			parts[n++] = p;
		rc = m ? mf_npz_add_strings(z, "meta", parts, n) : -1;
		free(m);
	}
	return rc == 0 ? add_shard_array(x, z) : rc;
}

static int write_npz(mf_xout_t *x)
{
	mf_npz_t *z = mf_npz_open(x->o.path);
	if (!z)
		return -1;
	static const char *names[SP_N] = {"names", "onehot", "contrib", "proj", "hyp", "delta",
		"chrom", "start", "end"};
	int rc = 0;
	for (int i = 0; i < SP_N && rc == 0; ++i)
		if (x->sp[i])
			rc = mf_npz_add_spool(z, names[i], x->sp[i]);
	if (rc == 0)
		rc = add_small_arrays(x, z);
	if (rc) {
		mf_npz_abort(z);
		return -1;
	}
	return mf_npz_close(z);
}

/* Streams rows of a spool, transposed from [L][4][T] (task t) or [L][4] into [4][L]. */
static int transposed_npz(mf_xout_t *x, const char *path, int spool, int t)
{
	mf_spool_t *s = x->sp[spool];
	size_t L = x->L, T = spool == SP_HYP ? (size_t)x->T : 1, shape[3] = {mf_spool_rows(s), 4, L};
	mf_npz_t *z = mf_npz_open(path);
	float *in = malloc(L * 4 * T * sizeof *in), *out = malloc(L * 4 * sizeof *out);
	int rc = z && in && out && mf_spool_rewind(s) == 0 ? mf_npz_begin(z, "arr_0", MF_DT_F32, 3, shape) : -1;
	for (size_t r = 0; rc == 0 && r < shape[0]; ++r) {
		if (mf_spool_read(s, in, 1) != 1) {
			rc = -1;
			break;
		}
		for (size_t l = 0; l < L; ++l)
			for (size_t c = 0; c < 4; ++c)
				out[c * L + l] = in[(4 * l + c) * T + (size_t)t];
		rc = mf_npz_append(z, out, L * 4 * sizeof *out);
	}
	if (rc == 0)
		rc = mf_npz_end(z);
	if (rc == 0)
		rc = add_shard_array(x, z);
	free(in), free(out);
	if (rc) {
		mf_npz_abort(z);
		return -1;
	}
	return mf_npz_close(z);
}

/* An HDF5 file with hyp_scores and input_seqs, both (n, L, 4) float32, for modisco. */
static int h5_dataset_rows(hid_t f, const char *name, mf_xout_t *x, int spool, int t)
{
	mf_spool_t *s = x->sp[spool];
	size_t L = x->L, T = spool == SP_HYP ? (size_t)x->T : 1;
	hsize_t dims[3] = {mf_spool_rows(s), L, 4}, cnt[3] = {1, L, 4}, off[3] = {0, 0, 0};
	hid_t fs = H5Screate_simple(3, dims, NULL), ms = H5Screate_simple(3, cnt, NULL);
	hid_t d = H5Dcreate2(f, name, H5T_IEEE_F32LE, fs, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
	float *in = malloc(L * 4 * T * sizeof *in), *out = malloc(L * 4 * sizeof *out);
	int rc = fs < 0 || ms < 0 || d < 0 || !in || !out || mf_spool_rewind(s) < 0 ? -1 : 0;
	for (hsize_t r = 0; rc == 0 && r < dims[0]; ++r) {
		if (mf_spool_read(s, in, 1) != 1) {
			rc = -1;
			break;
		}
		for (size_t k = 0; k < L * 4; ++k)
			out[k] = in[k * T + (size_t)t];
		off[0] = r;
		if (H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, NULL, cnt, NULL) < 0 ||
				H5Dwrite(d, H5T_NATIVE_FLOAT, ms, fs, H5P_DEFAULT, out) < 0)
			rc = -1;
	}
	free(in), free(out);
	if (d >= 0)
		H5Dclose(d);
	if (ms >= 0)
		H5Sclose(ms);
	if (fs >= 0)
		H5Sclose(fs);
	return rc;
}

static int modisco_h5(mf_xout_t *x, const char *path, int t)
{
	char *tmp = NULL;
	int fd = mf_output_create(path, &tmp);
	if (fd < 0)
		return -1;
	close(fd);
	H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
	hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
	int rc = f < 0 ? -1 : 0;
	if (rc == 0)
		rc = h5_dataset_rows(f, "hyp_scores", x, SP_HYP, t) | h5_dataset_rows(f, "input_seqs", x, SP_ONEHOT, 0);
	if (f >= 0 && H5Fclose(f) < 0)
		rc = -1;
	if (rc)
		mf_error("cannot write HDF5 file '%s'", path);
	rc = mf_output_commit(tmp, path, rc);
	free(tmp);
	return rc;
}

static int write_modisco(mf_xout_t *x)
{
	char *p = NULL;
	int rc = asprintf(&p, "%s.ohe.npz", x->o.modisco) < 0 ? -1 : transposed_npz(x, p, SP_ONEHOT, 0);
	free(p);
	for (int t = 0; rc == 0 && t < x->T; ++t) {
		char *hyp = NULL, *h5 = NULL;
		int one = x->T == 1;
		if ((one ? asprintf(&hyp, "%s.hyp.npz", x->o.modisco)
			 : asprintf(&hyp, "%s.task%d.hyp.npz", x->o.modisco, x->tasks[t])) < 0 ||
				(one ? asprintf(&h5, "%s.h5", x->o.modisco)
				     : asprintf(&h5, "%s.task%d.h5", x->o.modisco, x->tasks[t])) < 0)
			rc = -1;
		if (rc == 0)
			rc = transposed_npz(x, hyp, SP_HYP, t);
		if (rc == 0)
			rc = modisco_h5(x, h5, t);
		free(hyp), free(h5);
	}
	return rc;
}

static void xout_free(mf_xout_t *x)
{
	for (int i = 0; i < SP_N; ++i)
		mf_spool_destroy(x->sp[i]);
	for (int t = 0; x->names && t < x->T; ++t)
		free(x->names[t]);
	free(x->names);
	free(x->tasks);
	free(x->row);
	free(x);
}

int mf_xout_close(mf_xout_t *x)
{
	if (!x)
		return 0;
	int rc = 0;
	if (x->tsv) {
		rc = mf_out_close(x->tsv);
		x->tsv = NULL;
	}
	if (rc == 0 && x->o.fmt == MF_XOUT_NPZ)
		rc = write_npz(x);
	if (rc == 0 && x->o.modisco)
		rc = write_modisco(x);
	if (x->track) {
		int trc = rc == 0 ? mf_track_close(x->track) : (mf_track_abort(x->track), -1);
		x->track = NULL;
		rc = trc;
	}
	xout_free(x);
	return rc;
}

void mf_xout_abort(mf_xout_t *x)
{
	if (!x)
		return;
	mf_out_abort(x->tsv);
	mf_track_abort(x->track);
	xout_free(x);
}
