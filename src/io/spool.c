/* spool.c: arrays of unknown length parked in unlinked temporary files (writer.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "io/tmpfile.h"
#include "io/writer.h"

struct mf_spool {
	FILE *fp;
	mf_dtype_t dt;
	int strings;        /* 1: newline-separated strings */
	int ndim;
	size_t shape[8];
	size_t row_bytes, rows, max_len;
};

static size_t dt_size(mf_dtype_t dt)
{
	return dt == MF_DT_F64 || dt == MF_DT_I64 ? 8 : dt == MF_DT_U8 ? 1 : 4;
}

static mf_spool_t *spool_open(const char *near)
{
	mf_spool_t *s = calloc(1, sizeof *s);
	if (!s) {
		mf_error("out of memory");
		return NULL;
	}
	int fd = mf_scratch_open(near);
	if (fd < 0) {
		free(s);
		return NULL;
	}
	if (!(s->fp = fdopen(fd, "w+b"))) {
		close(fd);
		free(s);
		mf_error("cannot open a temporary file near '%s': %s", near, strerror(errno));
		return NULL;
	}
	return s;
}

mf_spool_t *mf_spool_create(const char *near, mf_dtype_t dt, int ndim_row, const size_t *row_shape)
{
	if (ndim_row < 0 || ndim_row > 7)
		return NULL;
	mf_spool_t *s = spool_open(near);
	if (!s)
		return NULL;
	s->dt = dt;
	s->ndim = ndim_row;
	s->row_bytes = dt_size(dt);
	for (int i = 0; i < ndim_row; ++i) {
		s->shape[i] = row_shape[i];
		s->row_bytes *= row_shape[i];
	}
	return s;
}

mf_spool_t *mf_spool_create_strings(const char *near)
{
	mf_spool_t *s = spool_open(near);
	if (s)
		s->strings = 1;
	return s;
}

static int spool_write(mf_spool_t *s, const void *p, size_t n)
{
	if (fwrite(p, 1, n, s->fp) != n) {
		mf_error("cannot write a temporary file: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int mf_spool_append(mf_spool_t *s, const void *rows, size_t nrows)
{
	if (spool_write(s, rows, nrows * s->row_bytes) < 0)
		return -1;
	s->rows += nrows;
	return 0;
}

int mf_spool_append_string(mf_spool_t *s, const char *str)
{
	size_t n = strlen(str);
	if (spool_write(s, str, n) < 0 || spool_write(s, "\n", 1) < 0)
		return -1;
	if (n > s->max_len)
		s->max_len = n;
	++s->rows;
	return 0;
}

size_t mf_spool_rows(const mf_spool_t *s) { return s->rows; }
size_t mf_spool_row_bytes(const mf_spool_t *s) { return s->row_bytes; }

int mf_spool_rewind(mf_spool_t *s)
{
	if (fflush(s->fp) != 0 || fseeko(s->fp, 0, SEEK_SET) != 0) {
		mf_error("cannot read back a temporary file: %s", strerror(errno));
		return -1;
	}
	return 0;
}

size_t mf_spool_read(mf_spool_t *s, void *rows, size_t max_rows)
{
	return fread(rows, s->row_bytes, max_rows, s->fp);
}

static int add_string_spool(mf_npz_t *z, const char *name, mf_spool_t *s)
{
	size_t w = s->max_len ? s->max_len : 1, shape[1] = {s->rows};
	char descr[32];
	snprintf(descr, sizeof descr, "<U%zu", w);
	uint32_t *row = calloc(w, sizeof *row);
	char *line = malloc(w + 2);
	int rc = row && line ? mf_npz_begin_descr(z, name, descr, 4 * w, 1, shape) : -1;
	for (size_t i = 0; rc == 0 && i < s->rows; ++i) {
		if (!fgets(line, (int)w + 2, s->fp)) {
			rc = -1;
			break;
		}
		size_t l = strcspn(line, "\n");
		for (size_t j = 0; j < w; ++j) {
			uint32_t v = j < l ? (unsigned char)line[j] : 0;
			unsigned char *p = (unsigned char *)&row[j];
			p[0] = v & 0xff, p[1] = (v >> 8) & 0xff, p[2] = (v >> 16) & 0xff, p[3] = v >> 24;
		}
		rc = mf_npz_append(z, row, 4 * w);
	}
	free(row);
	free(line);
	return rc < 0 ? -1 : mf_npz_end(z);
}

int mf_npz_add_spool(mf_npz_t *z, const char *name, mf_spool_t *s)
{
	if (mf_spool_rewind(s) < 0)
		return -1;
	if (s->strings)
		return add_string_spool(z, name, s);
	size_t shape[8] = {s->rows};
	memcpy(shape + 1, s->shape, (size_t)s->ndim * sizeof *shape);
	if (mf_npz_begin(z, name, s->dt, s->ndim + 1, shape) < 0)
		return -1;
	char buf[1 << 16];
	size_t left = s->rows * s->row_bytes;
	while (left > 0) {
		size_t n = left < sizeof buf ? left : sizeof buf;
		if (fread(buf, 1, n, s->fp) != n) {
			mf_error("cannot read back a temporary file: %s", strerror(errno));
			return -1;
		}
		if (mf_npz_append(z, buf, n) < 0)
			return -1;
		left -= n;
	}
	return mf_npz_end(z);
}

void mf_spool_destroy(mf_spool_t *s)
{
	if (!s)
		return;
	if (s->fp)
		fclose(s->fp);
	free(s);
}
