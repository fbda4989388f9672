/* fuzz_npz.c: the npz reader (what score and merge open), every array read back in part,
 * then the same file as score's view of an explain output. */
#include "fuzz_util.h"

#include "io/npz_read.h"
#include "motif/score.h"

static int read_some(const mf_npzr_t *z, const mf_npy_info_t *a)
{
	size_t n = a->count < 16 ? (size_t)a->count : 16;
	if (a->kind == 'U' || a->kind == 'S') {
		size_t k = 0;
		char **v = mf_npzr_read_strings(z, a, &k);
		mf_strv_free(v, k);
		return v ? 0 : -1;
	}
	double d[16];
	int64_t i[16];
	float f[16];
	if (a->kind == 'f')
		return mf_npzr_read_f32(z, a, 0, n, f) | mf_npzr_read_f64(z, a, a->count - n, n, d);
	return mf_npzr_read_i64(z, a, 0, n, i) | mf_npzr_read_f32(z, a, a->count - n, n, f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[600];
	fz_begin();
	fz_write(path, sizeof path, "in.npz", data, size);
	mf_npzr_t *z = mf_npzr_open(path);
	int failed = !z;
	for (size_t k = 0; z && k < mf_npzr_count(z); ++k)
		if (read_some(z, mf_npzr_info(z, k)) < 0) {
			failed = 1;
			break;
		}
	mf_npzr_close(z);
	fz_end(failed, "reading an npz");
	fz_begin();
	mf_scores_t *s = mf_scores_open(path, "contrib");
	failed = !s;
	if (s && mf_scores_nrows(s) > 0) {
		double sums[256];
		size_t L = mf_scores_length(s);
		if (mf_scores_ntasks(s) <= 256 && L > 0)
			failed = mf_scores_window(s, 0, 0, (int64_t)(L < 5 ? L : 5), sums) < 0;
		mf_scores_name(s, 0);
	}
	mf_scores_close(s);
	fz_end(failed, "opening an npz as scores");
	return 0;
}
