/* Unit tests for the npzread room: round trips through the npz writer, partial reads,
 * strings, and damaged files (truncated, bad magic, deflated member, not a zip). */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/npz_read.h"
#include "testutil.h"
#include "io/writer.h"

static char *dir;

static void setup(void)
{
	mf_verbose = getenv("MF_TEST_VERBOSE") ? MF_LOG_DEBUG : MF_LOG_QUIET; /* errors on purpose */
	dir = tu_tmpdir("npzr");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	free(dir);
}

/* An npz with one array of every dtype the writer has, plus strings. */
static char *write_sample(void)
{
	char *path = tu_path(dir, "s.npz");
	mf_npz_t *z = mf_npz_open(path);
	ck_assert_ptr_nonnull(z);
	float f[2 * 3 * 4];
	for (int i = 0; i < 24; ++i)
		f[i] = (float)i * 0.25f - 3.0f;
	double d[5] = {1e-300, -2.5, 3.0, 1e300, 0};
	int32_t i4[3] = {-7, 0, 2147483647};
	int64_t i8[2] = {-((int64_t)1 << 40), 12345678901234LL};
	uint8_t u1[4] = {0, 1, 200, 255};
	const char *names[3] = {"gata_tal1_1", "e", "empty_12345"};
	size_t sf[3] = {2, 3, 4}, sd[1] = {5}, s4[1] = {3}, s8[1] = {2}, su[2] = {2, 2};
	ck_assert_int_eq(mf_npz_add(z, "f", MF_DT_F32, f, 3, sf), 0);
	ck_assert_int_eq(mf_npz_add(z, "d", MF_DT_F64, d, 1, sd), 0);
	ck_assert_int_eq(mf_npz_add(z, "i4", MF_DT_I32, i4, 1, s4), 0);
	ck_assert_int_eq(mf_npz_add(z, "i8", MF_DT_I64, i8, 1, s8), 0);
	ck_assert_int_eq(mf_npz_add(z, "u1", MF_DT_U8, u1, 2, su), 0);
	ck_assert_int_eq(mf_npz_add_strings(z, "names", names, 3), 0);
	ck_assert_int_eq(mf_npz_close(z), 0);
	return path;
}

START_TEST(round_trip)
{
	char *path = write_sample();
	mf_npzr_t *z = mf_npzr_open(path);
	ck_assert_ptr_nonnull(z);
	ck_assert_uint_eq(mf_npzr_count(z), 6);
	const mf_npy_info_t *a = mf_npzr_find(z, "f");
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->descr, "<f4");
	ck_assert_int_eq(a->ndim, 3);
	ck_assert_uint_eq(a->shape[0], 2); ck_assert_uint_eq(a->shape[1], 3);
	ck_assert_uint_eq(a->shape[2], 4);
	float f[24];
	ck_assert_int_eq(mf_npzr_read_f32(z, a, 0, 24, f), 0);
	for (int i = 0; i < 24; ++i)
		ck_assert_float_eq(f[i], (float)i * 0.25f - 3.0f);
	/* one "row" [1][2][*] by offset */
	double row[4];
	ck_assert_int_eq(mf_npzr_read_f64(z, a, (1 * 3 + 2) * 4, 4, row), 0);
	for (int c = 0; c < 4; ++c)
		ck_assert_double_eq(row[c], (double)((1 * 3 + 2) * 4 + c) * 0.25 - 3.0);
	double d[5];
	ck_assert_int_eq(mf_npzr_read_f64(z, mf_npzr_find(z, "d"), 0, 5, d), 0);
	ck_assert_double_eq(d[0], 1e-300); ck_assert_double_eq(d[3], 1e300);
	int64_t v[4];
	ck_assert_int_eq(mf_npzr_read_i64(z, mf_npzr_find(z, "i4"), 0, 3, v), 0);
	ck_assert_int_eq(v[0], -7); ck_assert_int_eq(v[2], 2147483647);
	ck_assert_int_eq(mf_npzr_read_i64(z, mf_npzr_find(z, "i8"), 0, 2, v), 0);
	ck_assert_int_eq(v[0], -((int64_t)1 << 40)); ck_assert_int_eq(v[1], 12345678901234LL);
	ck_assert_int_eq(mf_npzr_read_i64(z, mf_npzr_find(z, "u1"), 1, 3, v), 0);
	ck_assert_int_eq(v[0], 1); ck_assert_int_eq(v[1], 200); ck_assert_int_eq(v[2], 255);
	size_t n = 0;
	char **s = mf_npzr_read_strings(z, mf_npzr_find(z, "names"), &n);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(s[0], "gata_tal1_1"); ck_assert_str_eq(s[1], "e");
	ck_assert_str_eq(s[2], "empty_12345");
	mf_strv_free(s, n);
	mf_npzr_close(z);
	free(path);
}
END_TEST

START_TEST(bad_requests)
{
	char *path = write_sample();
	mf_npzr_t *z = mf_npzr_open(path);
	ck_assert_ptr_nonnull(z);
	float f[30];
	int64_t v[2];
	size_t n;
	const mf_npy_info_t *a = mf_npzr_find(z, "f");
	ck_assert_int_eq(mf_npzr_read_f32(z, a, 20, 5, f), -1);      /* past the end */
	ck_assert_int_eq(mf_npzr_read_f32(z, a, 25, 0, f), -1);      /* start past the end */
	ck_assert_int_eq(mf_npzr_read_i64(z, a, 0, 2, v), -1);       /* floats as ints */
	ck_assert_ptr_null(mf_npzr_read_strings(z, a, &n));          /* numbers as strings */
	ck_assert_int_eq(mf_npzr_read_f32(z, mf_npzr_find(z, "names"), 0, 1, f), -1);
	ck_assert_ptr_null(mf_npzr_find(z, "nope"));
	ck_assert_ptr_null(mf_npzr_require(z, "nope"));
	mf_npzr_close(z);
	free(path);
}
END_TEST

static char *copy_damaged(const char *src, const char *name, size_t keep, long patch_at,
		const void *patch, size_t patch_len)
{
	size_t len;
	char *data = tu_read(src, &len);
	ck_assert_ptr_nonnull(data);
	if (patch_at >= 0)
		memcpy(data + patch_at, patch, patch_len);
	char *path = tu_path(dir, name);
	ck_assert_int_eq(tu_write(path, data, keep < len ? keep : len), 0);
	free(data);
	return path;
}

static long find_bytes(const char *path, const char *needle, size_t nl, int nth)
{
	size_t len;
	char *data = tu_read(path, &len);
	long at = -1;
	for (size_t i = 0; i + nl <= len && at < 0; ++i)
		if (memcmp(data + i, needle, nl) == 0 && nth-- == 0)
			at = (long)i;
	free(data);
	return at;
}

START_TEST(damaged_files)
{
	char *path = write_sample();
	size_t len;
	free(tu_read(path, &len));
	const char *bad[] = {"t1.npz", "t2.npz", "t3.npz"};
	size_t keep[] = {len - 1, len / 2, 10};
	for (int i = 0; i < 3; ++i) { /* truncated anywhere */
		char *p = copy_damaged(path, bad[i], keep[i], -1, NULL, 0);
		ck_assert_ptr_null(mf_npzr_open(p));
		free(p);
	}
	/* a damaged .npy magic in the second member */
	long at = find_bytes(path, "\x93NUMPY", 6, 1);
	ck_assert_int_gt(at, 0);
	char *p = copy_damaged(path, "magic.npz", len, at, "XXXX", 4);
	ck_assert_ptr_null(mf_npzr_open(p));
	free(p);
	/* a member marked deflated (method 8) in the central directory */
	at = find_bytes(path, "PK\x01\x02", 4, 2);
	ck_assert_int_gt(at, 0);
	p = copy_damaged(path, "deflated.npz", len, at + 10, "\x08", 1);
	ck_assert_ptr_null(mf_npzr_open(p));
	free(p);
	/* a shape that does not match the data size */
	at = find_bytes(path, "(2, 3, 4)", 9, 0);
	ck_assert_int_gt(at, 0);
	p = copy_damaged(path, "shape.npz", len, at, "(2, 3, 5)", 9);
	ck_assert_ptr_null(mf_npzr_open(p));
	free(p);
	/* not a zip at all, and an empty file, and no file */
	p = tu_path(dir, "text.npz");
	ck_assert_int_eq(tu_write(p, "hello world, not a zip file at all\n", 35), 0);
	ck_assert_ptr_null(mf_npzr_open(p));
	ck_assert_int_eq(tu_write(p, "", 0), 0);
	ck_assert_ptr_null(mf_npzr_open(p));
	free(p);
	p = tu_path(dir, "missing.npz");
	ck_assert_ptr_null(mf_npzr_open(p));
	free(p);
	free(path);
}
END_TEST

/* A large streamed array read back one row at a time, as score reads sequences. */
START_TEST(streamed_rows)
{
	char *path = tu_path(dir, "big.npz");
	enum { N = 300, L = 50, T = 3 };
	size_t shape[4] = {N, L, 4, T};
	mf_npz_t *z = mf_npz_open(path);
	ck_assert_ptr_nonnull(z);
	ck_assert_int_eq(mf_npz_begin(z, "contrib", MF_DT_F32, 4, shape), 0);
	float row[L * 4 * T];
	for (int r = 0; r < N; ++r) {
		for (int k = 0; k < L * 4 * T; ++k)
			row[k] = (float)(r * 1000 + k);
		ck_assert_int_eq(mf_npz_append(z, row, sizeof row), 0);
	}
	ck_assert_int_eq(mf_npz_end(z), 0);
	ck_assert_int_eq(mf_npz_close(z), 0);
	mf_npzr_t *zr = mf_npzr_open(path);
	ck_assert_ptr_nonnull(zr);
	const mf_npy_info_t *a = mf_npzr_require(zr, "contrib");
	ck_assert_ptr_nonnull(a);
	for (int r = N - 1; r >= 0; r -= 37) {
		ck_assert_int_eq(mf_npzr_read_f32(zr, a, (uint64_t)r * L * 4 * T, L * 4 * T, row), 0);
		ck_assert_float_eq(row[0], (float)(r * 1000));
		ck_assert_float_eq(row[L * 4 * T - 1], (float)(r * 1000 + L * 4 * T - 1));
	}
	mf_npzr_close(zr);
	free(path);
}
END_TEST

static Suite *npzr_suite(void)
{
	Suite *s = suite_create("npz_read");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, bad_requests);
	tcase_add_test(tc, damaged_files);
	tcase_add_test(tc, streamed_rows);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(npzr_suite());
}
