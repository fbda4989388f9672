#include "testutil.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <htslib/bgzf.h>
#include <zlib.h>

char *tu_tmpdir(const char *tag)
{
	const char *base = getenv("TESTS_TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	mkdir(base, 0777);
	size_t n = strlen(base) + strlen(tag) + 32;
	char *d = malloc(n);
	snprintf(d, n, "%s/%s.XXXXXX", base, tag);
	if (!mkdtemp(d)) {
		free(d);
		return NULL;
	}
	return d;
}

char *tu_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

int tu_write(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return -1;
	size_t w = fwrite(data, 1, len, fp);
	return fclose(fp) == 0 && w == len ? 0 : -1;
}

int tu_write_gz(const char *path, const char *text, int bgzip)
{
	size_t n = strlen(text);
	if (bgzip) {
		BGZF *fp = bgzf_open(path, "w");
		if (!fp || bgzf_write(fp, text, n) != (ssize_t)n)
			return -1;
		return bgzf_close(fp);
	}
	gzFile gz = gzopen(path, "wb");
	if (!gz || gzwrite(gz, text, (unsigned)n) != (int)n)
		return -1;
	return gzclose(gz) == Z_OK ? 0 : -1;
}

char *tu_read(const char *path, size_t *len)
{
	BGZF *fp = bgzf_open(path, "r");
	if (!fp)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	ssize_t got;
	while ((got = bgzf_read(fp, buf + n, cap - n - 1)) > 0) {
		n += (size_t)got;
		if (cap - n < 2)
			buf = realloc(buf, cap *= 2);
	}
	bgzf_close(fp);
	if (got < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int tu_close(double a, double b, double rtol, double atol)
{
	return fabs(a - b) <= atol + rtol * fabs(b);
}

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
