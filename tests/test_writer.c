/* Unit tests for writer: atomic outputs, BGZF by extension, .npy/.npz layout. */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zlib.h>

#include "base/log.h"
#include "testutil.h"
#include "io/tmpfile.h"
#include "io/writer.h"

static char *dir;

static void setup(void)
{
	mf_verbose = MF_LOG_ERROR;
	dir = tu_tmpdir("writer");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	free(dir);
}

static int count_entries(const char *d)
{
	DIR *dp = opendir(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dp)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			++n;
	closedir(dp);
	return n;
}

START_TEST(plain_output_appears_on_close)
{
	char *p = tu_path(dir, "out.txt");
	mf_out_t *o = mf_out_open(p);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(mf_out_printf(o, "%s\t%d\n", "a", 1), 0);
	ck_assert_int_ne(access(p, F_OK), 0); /* not there until closed */
	ck_assert_int_eq(mf_out_close(o), 0);
	size_t n;
	char *t = tu_read(p, &n);
	ck_assert_str_eq(t, "a\t1\n");
	struct stat st;
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_ne(st.st_mode & 0044, 0); /* not left at mkstemp's 0600 */
	ck_assert_int_eq(count_entries(dir), 1);
	free(t);
	free(p);
}
END_TEST

START_TEST(long_printf_lines)
{
	char *p = tu_path(dir, "long.txt");
	mf_out_t *o = mf_out_open(p);
	char big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ck_assert_int_eq(mf_out_printf(o, "%s|", big), 0);
	ck_assert_int_eq(mf_out_close(o), 0);
	size_t n;
	char *t = tu_read(p, &n);
	ck_assert_uint_eq(n, sizeof big);
	ck_assert_int_eq(t[n - 1], '|');
	free(t);
	free(p);
}
END_TEST

START_TEST(gz_extension_writes_bgzf)
{
	char *p = tu_path(dir, "out.tsv.gz");
	mf_out_t *o = mf_out_open(p);
	for (int i = 0; i < 10000; ++i)
		ck_assert_int_eq(mf_out_printf(o, "row%d\n", i), 0);
	ck_assert_int_eq(mf_out_close(o), 0);
	FILE *fp = fopen(p, "rb");
	unsigned char m[4];
	ck_assert_uint_eq(fread(m, 1, 4, fp), 4);
	fclose(fp);
	ck_assert(m[0] == 0x1f && m[1] == 0x8b && (m[3] & 4)); /* gzip with BGZF's extra field */
	size_t n;
	char *t = tu_read(p, &n);
	ck_assert(strncmp(t, "row0\nrow1\n", 10) == 0);
	ck_assert(strstr(t, "row9999\n") != NULL);
	free(t);
	free(p);
}
END_TEST

START_TEST(abort_leaves_nothing)
{
	char *p = tu_path(dir, "gone.txt");
	mf_out_t *o = mf_out_open(p);
	mf_out_puts(o, "partial");
	mf_out_abort(o);
	ck_assert_int_ne(access(p, F_OK), 0);
	ck_assert_int_eq(count_entries(dir), 0);
	mf_npz_t *z = mf_npz_open(p);
	float f = 1;
	size_t sh[1] = {1};
	mf_npz_add(z, "x", MF_DT_F32, &f, 1, sh);
	mf_npz_abort(z);
	ck_assert_int_eq(count_entries(dir), 0);
	free(p);
}
END_TEST

START_TEST(existing_file_kept_on_failure)
{
	char *p = tu_path(dir, "keep.txt");
	ck_assert_int_eq(tu_write(p, "old\n", 4), 0);
	mf_out_t *o = mf_out_open(p);
	mf_out_puts(o, "new\n");
	mf_out_abort(o);
	char *t = tu_read(p, NULL);
	ck_assert_str_eq(t, "old\n");
	free(t);
	free(p);
}
END_TEST

/* A commit group: outputs closed inside it appear together at its end, or none of them
 * (old files kept) when the run failed after writing some. */
static void write_two(const char *a, const char *b, const char *text)
{
	mf_out_t *o = mf_out_open(a);
	mf_out_puts(o, text);
	ck_assert_int_eq(mf_out_close(o), 0);
	mf_npz_t *z = mf_npz_open(b);
	float f = 1;
	size_t sh[1] = {1};
	ck_assert_int_eq(mf_npz_add(z, "x", MF_DT_F32, &f, 1, sh), 0);
	ck_assert_int_eq(mf_npz_close(z), 0);
}

START_TEST(commit_group_all_or_nothing)
{
	char *a = tu_path(dir, "a.txt"), *b = tu_path(dir, "b.npz");
	ck_assert_int_eq(tu_write(a, "old\n", 4), 0);
	mf_commit_group_begin();
	write_two(a, b, "new\n");
	ck_assert_int_ne(access(b, F_OK), 0); /* closed, but not committed yet */
	ck_assert_int_eq(count_entries(dir), 3); /* a.txt and two temporaries */
	ck_assert_int_eq(mf_commit_group_end(-1), -1); /* the run failed: nothing changes */
	char *t = tu_read(a, NULL);
	ck_assert_str_eq(t, "old\n");
	free(t);
	ck_assert_int_eq(count_entries(dir), 1);
	mf_commit_group_begin();
	write_two(a, b, "new\n");
	ck_assert_int_eq(mf_commit_group_end(0), 0);
	t = tu_read(a, NULL);
	ck_assert_str_eq(t, "new\n");
	free(t);
	ck_assert_int_eq(access(b, F_OK), 0);
	ck_assert_int_eq(count_entries(dir), 2);
	write_two(a, b, "again\n"); /* no group: at once */
	t = tu_read(a, NULL);
	ck_assert_str_eq(t, "again\n");
	free(t);
	free(a);
	free(b);
}
END_TEST

START_TEST(unwritable_directory)
{
	ck_assert_ptr_null(mf_out_open("/nonexistent-dir/x.txt"));
	ck_assert_ptr_null(mf_npz_open("/nonexistent-dir/x.npz"));
	ck_assert_ptr_null(mf_npz_open("-"));
}
END_TEST

static uint32_t rd32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Walks the central directory and checks each member's CRC against its bytes. */
START_TEST(npz_zip_structure_and_crc)
{
	char *p = tu_path(dir, "a.npz");
	mf_npz_t *z = mf_npz_open(p);
	float x[6] = {1, 2, 3, 4, 5, 6};
	size_t sh[2] = {2, 3};
	const char *names[] = {"seq_1", "a"};
	ck_assert_int_eq(mf_npz_add(z, "x", MF_DT_F32, x, 2, sh), 0);
	ck_assert_int_eq(mf_npz_add_strings(z, "names", names, 2), 0);
	ck_assert_int_eq(mf_npz_close(z), 0);
	size_t n;
	FILE *fp = fopen(p, "rb");
	fseek(fp, 0, SEEK_END);
	n = (size_t)ftell(fp);
	rewind(fp);
	unsigned char *b = malloc(n);
	ck_assert_uint_eq(fread(b, 1, n, fp), n);
	fclose(fp);
	const unsigned char *e = b + n - 22;
	ck_assert_uint_eq(rd32(e), 0x06054b50);
	ck_assert_uint_eq(rd16(e + 10), 2);
	const unsigned char *c = b + rd32(e + 16);
	for (int i = 0; i < 2; ++i) {
		ck_assert_uint_eq(rd32(c), 0x02014b50);
		uint32_t crc = rd32(c + 16), size = rd32(c + 24), off = rd32(c + 42);
		uint16_t nl = rd16(c + 28), xl = rd16(c + 30);
		const unsigned char *l = b + off;
		ck_assert_uint_eq(rd32(l), 0x04034b50);
		ck_assert_uint_eq(rd32(l + 14), crc);
		const unsigned char *data = l + 30 + rd16(l + 26) + rd16(l + 28);
		ck_assert_uint_eq((uint32_t)crc32(0, data, size), crc);
		ck_assert(memcmp(data, "\x93NUMPY\x01\x00", 8) == 0);
		ck_assert_uint_eq((10u + rd16(data + 8)) % 64, 0);
		if (i == 0) {
			ck_assert(strstr((const char *)data + 10, "'descr': '<f4'") != NULL);
			ck_assert(strstr((const char *)data + 10, "'shape': (2, 3)") != NULL);
			float got[6];
			memcpy(got, data + 10 + rd16(data + 8), sizeof got);
			for (int k = 0; k < 6; ++k)
				ck_assert_float_eq(got[k], x[k]);
		} else {
			ck_assert(strstr((const char *)data + 10, "'descr': '<U5'") != NULL);
			ck_assert(strstr((const char *)data + 10, "'shape': (2,)") != NULL);
		}
		c += 46 + nl + xl;
	}
	free(b);
	free(p);
}
END_TEST

START_TEST(npz_streaming_size_is_checked)
{
	char *p = tu_path(dir, "s.npz");
	mf_npz_t *z = mf_npz_open(p);
	size_t sh[1] = {4};
	float v[4] = {0};
	ck_assert_int_eq(mf_npz_begin(z, "v", MF_DT_F32, 1, sh), 0);
	ck_assert_int_eq(mf_npz_append(z, v, 8), 0);
	ck_assert_int_eq(mf_npz_end(z), -1); /* 8 of 16 bytes */
	ck_assert_int_eq(mf_npz_close(z), -1);
	ck_assert_int_ne(access(p, F_OK), 0);
	free(p);
}
END_TEST

START_TEST(same_data_same_bytes)
{
	char *a = tu_path(dir, "1.npz"), *b = tu_path(dir, "2.npz");
	double v[3] = {0.5, -1, 2};
	size_t sh[1] = {3};
	for (int k = 0; k < 2; ++k) {
		mf_npz_t *z = mf_npz_open(k ? b : a);
		mf_npz_add(z, "v", MF_DT_F64, v, 1, sh);
		ck_assert_int_eq(mf_npz_close(z), 0);
	}
	size_t na, nb;
	char *ta = tu_read(a, &na), *tb = tu_read(b, &nb);
	ck_assert_uint_eq(na, nb);
	ck_assert(memcmp(ta, tb, na) == 0);
	free(ta), free(tb), free(a), free(b);
}
END_TEST

/* A symlink stays a link (its target gets the output); a FIFO or device is written in
 * place: renaming over it would destroy the pipe, or /dev/null itself when run as root. */
START_TEST(links_and_fifos_are_written_through)
{
	char *target = tu_path(dir, "target.txt"), *link = tu_path(dir, "link.txt");
	ck_assert_int_eq(tu_write(target, "old\n", 4), 0);
	ck_assert_int_eq(symlink(target, link), 0);
	mf_out_t *o = mf_out_open(link);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(mf_out_puts(o, "new\n"), 0);
	ck_assert_int_eq(mf_out_close(o), 0);
	struct stat st;
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	char *text = tu_read(target, NULL);
	ck_assert_str_eq(text, "new\n");
	free(text);
	ck_assert_int_eq(count_entries(dir), 2); /* no temporary left beside the target */

	char *fifo = tu_path(dir, "pipe");
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) { /* the reader: copies what comes through the FIFO to the pipe */
		FILE *in = fopen(fifo, "r");
		char buf[64];
		size_t n = in ? fread(buf, 1, sizeof buf, in) : 0;
		_exit(write(fds[1], buf, n) == (ssize_t)n ? 0 : 1);
	}
	close(fds[1]);
	o = mf_out_open(fifo);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(mf_out_puts(o, "through the pipe\n"), 0);
	ck_assert_int_eq(mf_out_close(o), 0);
	char got[64] = {0};
	ck_assert_int_eq(read(fds[0], got, sizeof got - 1), 17);
	ck_assert_str_eq(got, "through the pipe\n");
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(lstat(fifo, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	close(fds[0]);
	free(target), free(link), free(fifo);
}
END_TEST

static Suite *writer_suite(void)
{
	Suite *s = suite_create("writer");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, plain_output_appears_on_close);
	tcase_add_test(tc, long_printf_lines);
	tcase_add_test(tc, gz_extension_writes_bgzf);
	tcase_add_test(tc, abort_leaves_nothing);
	tcase_add_test(tc, existing_file_kept_on_failure);
	tcase_add_test(tc, commit_group_all_or_nothing);
	tcase_add_test(tc, unwritable_directory);
	tcase_add_test(tc, npz_zip_structure_and_crc);
	tcase_add_test(tc, npz_streaming_size_is_checked);
	tcase_add_test(tc, same_data_same_bytes);
	tcase_add_test(tc, links_and_fifos_are_written_through);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(writer_suite());
}
