/* npz.c: NumPy .npy and .npz writing (see writer.h). Timestamps inside the zip are
 * fixed at 1980-01-01 so the same data always gives the same bytes. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "base/log.h"
#include "io/tmpfile.h"
#include "io/writer.h"

#define ZIP_DOS_DATE 0x0021 /* 1980-01-01 */
#define ZIP_VERSION 45      /* ZIP64 capable */
#define U32_MAX_FIELD 0xffffffffu

typedef struct {
	char *name;
	uint64_t offset; /* of the local header */
	uint64_t size;
	uint32_t crc;
} zip_member_t;

struct mf_npz {
	char *path, *tmp;
	FILE *fp;
	zip_member_t *m;
	size_t n, cap;
	int failed;
	int open_member;     /* 1 between begin and end */
	uint64_t expect;     /* bytes the open member's array data still needs */
};

static void put16(unsigned char *p, uint16_t v) { p[0] = v & 0xff, p[1] = v >> 8; }
static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; ++i) p[i] = (v >> (8 * i)) & 0xff;
}
static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; ++i) p[i] = (v >> (8 * i)) & 0xff;
}

static const char *dtype_descr(mf_dtype_t dt)
{
	switch (dt) {
	case MF_DT_F32: return "<f4";
	case MF_DT_F64: return "<f8";
	case MF_DT_I32: return "<i4";
	case MF_DT_I64: return "<i8";
	default: return "|u1";
	}
}

static size_t dtype_size(mf_dtype_t dt)
{
	switch (dt) {
	case MF_DT_F32: case MF_DT_I32: return 4;
	case MF_DT_F64: case MF_DT_I64: return 8;
	default: return 1;
	}
}

/* Builds the .npy preamble (magic, version, padded header dict) into buf; returns
 * its length, a multiple of 64 as numpy writes it. */
static size_t npy_header(char *buf, size_t cap, const char *descr, int ndim, const size_t *shape)
{
	char dict[512], dims[320] = "";
	size_t d = 0;
	for (int i = 0; i < ndim; ++i)
		d += (size_t)snprintf(dims + d, sizeof dims - d, "%zu,%s", shape[i],
				i + 1 < ndim ? " " : "");
	if (ndim > 1) /* "(3, 4)" not "(3, 4,)" */
		dims[--d] = '\0';
	int n = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }",
			descr, dims);
	size_t total = 10 + (size_t)n + 1;
	total = (total + 63) / 64 * 64;
	if (total > cap)
		return 0;
	memcpy(buf, "\x93NUMPY\x01\x00", 8);
	put16((unsigned char *)buf + 8, (uint16_t)(total - 10));
	memcpy(buf + 10, dict, (size_t)n);
	memset(buf + 10 + n, ' ', total - 10 - (size_t)n - 1);
	buf[total - 1] = '\n';
	return total;
}

mf_npz_t *mf_npz_open(const char *path)
{
	if (strcmp(path, "-") == 0) {
		mf_error("an .npz archive cannot be written to standard output; give a file name");
		return NULL;
	}
	mf_npz_t *z = calloc(1, sizeof *z);
	if (!z || !(z->path = strdup(path))) {
		free(z);
		mf_error("out of memory");
		return NULL;
	}
	int fd = mf_output_create(path, &z->tmp);
	if (fd < 0 || !(z->fp = fdopen(fd, "w+b"))) {
		if (fd >= 0) { /* a device or pipe opened write-only: an npz is seeked and read back */
			mf_error("cannot write '%s': an npz needs a regular file: %s", path, strerror(errno));
			close(fd);
		}
		mf_npz_abort(z);
		return NULL;
	}
	return z;
}

static int zwrite(mf_npz_t *z, const void *p, size_t n)
{
	if (z->failed)
		return -1;
	if (n > 0 && fwrite(p, 1, n, z->fp) != n) { /* p may be NULL for an empty array */
		mf_error("error writing '%s': %s", z->path, strerror(errno));
		z->failed = 1;
		return -1;
	}
	return 0;
}

int mf_npz_begin(mf_npz_t *z, const char *name, mf_dtype_t dt, int ndim, const size_t *shape)
{
	return mf_npz_begin_descr(z, name, dtype_descr(dt), dtype_size(dt), ndim, shape);
}

int mf_npz_begin_descr(mf_npz_t *z, const char *name, const char *descr, size_t itemsize,
		int ndim, const size_t *shape)
{
	if (z->failed || z->open_member || ndim < 0 || ndim > 8)
		return -1;
	if (z->n == z->cap) {
		size_t cap = z->cap ? 2 * z->cap : 8;
		zip_member_t *m = realloc(z->m, cap * sizeof *m);
		if (!m) {
			mf_error("out of memory");
			return z->failed = 1, -1;
		}
		z->m = m, z->cap = cap;
	}
	zip_member_t *m = &z->m[z->n];
	memset(m, 0, sizeof *m);
	size_t nl = strlen(name);
	if (!(m->name = malloc(nl + 5))) {
		mf_error("out of memory");
		return z->failed = 1, -1;
	}
	memcpy(m->name, name, nl);
	memcpy(m->name + nl, ".npy", 5);
	++z->n;
	off_t off = ftello(z->fp);
	if (off < 0) {
		mf_error("cannot write '%s': an npz needs a regular file (its sizes are filled in "
			"afterwards): %s", z->path, strerror(errno));
		return z->failed = 1, -1;
	}
	m->offset = (uint64_t)off;

	unsigned char lh[30 + 20];
	memset(lh, 0, sizeof lh);
	put32(lh, 0x04034b50);
	put16(lh + 4, ZIP_VERSION);
	put16(lh + 12, ZIP_DOS_DATE);
	put32(lh + 18, U32_MAX_FIELD); /* sizes live in the ZIP64 extra field */
	put32(lh + 22, U32_MAX_FIELD);
	put16(lh + 26, (uint16_t)(nl + 4));
	put16(lh + 28, 20);
	put16(lh + 30, 0x0001);
	put16(lh + 32, 16);
	if (zwrite(z, lh, 30) < 0 || zwrite(z, m->name, nl + 4) < 0 || zwrite(z, lh + 30, 20) < 0)
		return -1;

	char hdr[640];
	size_t hl = npy_header(hdr, sizeof hdr, descr, ndim, shape);
	if (hl == 0) {
		mf_error("array '%s' has too many dimensions for an .npy header", name);
		return z->failed = 1, -1;
	}
	uint64_t count = 1;
	for (int i = 0; i < ndim; ++i)
		count *= shape[i];
	z->expect = count * itemsize;
	z->open_member = 1;
	m->crc = (uint32_t)crc32(0L, Z_NULL, 0);
	m->crc = (uint32_t)crc32(m->crc, (const Bytef *)hdr, (uInt)hl);
	m->size = hl;
	return zwrite(z, hdr, hl);
}

int mf_npz_append(mf_npz_t *z, const void *data, size_t nbytes)
{
	if (!z->open_member || nbytes > z->expect) {
		mf_error("internal error: npz member '%s' got more data than its shape holds",
			z->n ? z->m[z->n - 1].name : "?");
		return z->failed = 1, -1;
	}
	zip_member_t *m = &z->m[z->n - 1];
	const unsigned char *p = data;
	for (size_t done = 0; done < nbytes;) { /* crc32 takes uInt lengths */
		size_t chunk = nbytes - done < (1u << 30) ? nbytes - done : (1u << 30);
		m->crc = (uint32_t)crc32(m->crc, p + done, (uInt)chunk);
		done += chunk;
	}
	m->size += nbytes;
	z->expect -= nbytes;
	return zwrite(z, data, nbytes);
}

int mf_npz_end(mf_npz_t *z)
{
	if (!z->open_member || z->failed)
		return -1;
	zip_member_t *m = &z->m[z->n - 1];
	z->open_member = 0;
	if (z->expect != 0) {
		mf_error("internal error: npz member '%s' is %" PRIu64 " bytes short", m->name, z->expect);
		return z->failed = 1, -1;
	}
	unsigned char b[16];
	off_t end = ftello(z->fp);
	put32(b, m->crc);
	if (end < 0 || fseeko(z->fp, (off_t)m->offset + 14, SEEK_SET) != 0)
		goto fail;
	if (zwrite(z, b, 4) < 0) /* logged */
		return -1;
	put64(b, m->size);
	put64(b + 8, m->size);
	if (fseeko(z->fp, (off_t)(m->offset + 30 + strlen(m->name) + 4), SEEK_SET) != 0)
		goto fail;
	if (zwrite(z, b, 16) < 0)
		return -1;
	if (fseeko(z->fp, end, SEEK_SET) != 0)
		goto fail;
	return 0;
fail:
	mf_error("error writing '%s': %s", z->path, strerror(errno));
	return z->failed = 1, -1;
}

int mf_npz_add(mf_npz_t *z, const char *name, mf_dtype_t dt, const void *data, int ndim,
		const size_t *shape)
{
	size_t count = 1;
	for (int i = 0; i < ndim; ++i)
		count *= shape[i];
	if (mf_npz_begin(z, name, dt, ndim, shape) < 0 ||
			mf_npz_append(z, data, count * dtype_size(dt)) < 0)
		return -1;
	return mf_npz_end(z);
}

int mf_npz_add_strings(mf_npz_t *z, const char *name, const char *const *s, size_t n)
{
	size_t w = 1;
	for (size_t i = 0; i < n; ++i) {
		size_t l = strlen(s[i]);
		if (l > w)
			w = l;
	}
	char descr[32];
	snprintf(descr, sizeof descr, "<U%zu", w);
	size_t shape[1] = {n};
	uint32_t *row = calloc(w, sizeof *row);
	if (!row) {
		mf_error("out of memory");
		return z->failed = 1, -1;
	}
	int rc = mf_npz_begin_descr(z, name, descr, 4 * w, 1, shape);
	for (size_t i = 0; rc == 0 && i < n; ++i) {
		size_t l = strlen(s[i]);
		for (size_t j = 0; j < w; ++j)
			put32((unsigned char *)&row[j], j < l ? (unsigned char)s[i][j] : 0);
		rc = mf_npz_append(z, row, 4 * w);
	}
	free(row);
	return rc < 0 ? -1 : mf_npz_end(z);
}

static int write_central_directory(mf_npz_t *z)
{
	off_t cd_start = ftello(z->fp);
	if (cd_start < 0)
		return -1;
	for (size_t i = 0; i < z->n; ++i) {
		const zip_member_t *m = &z->m[i];
		int big_size = m->size >= U32_MAX_FIELD, big_off = m->offset >= U32_MAX_FIELD;
		uint16_t extra = (uint16_t)((big_size ? 16 : 0) + (big_off ? 8 : 0));
		unsigned char c[46 + 4 + 24];
		size_t nl = strlen(m->name);
		memset(c, 0, sizeof c);
		put32(c, 0x02014b50);
		put16(c + 4, ZIP_VERSION);
		put16(c + 6, ZIP_VERSION);
		put16(c + 14, ZIP_DOS_DATE);
		put32(c + 16, m->crc);
		put32(c + 20, big_size ? U32_MAX_FIELD : (uint32_t)m->size);
		put32(c + 24, big_size ? U32_MAX_FIELD : (uint32_t)m->size);
		put16(c + 28, (uint16_t)nl);
		put16(c + 30, extra ? (uint16_t)(extra + 4) : 0);
		put32(c + 42, big_off ? U32_MAX_FIELD : (uint32_t)m->offset);
		if (zwrite(z, c, 46) < 0 || zwrite(z, m->name, nl) < 0)
			return -1;
		if (extra) {
			unsigned char e[28], *p = e + 4;
			put16(e, 0x0001);
			put16(e + 2, extra);
			if (big_size) {
				put64(p, m->size), put64(p + 8, m->size);
				p += 16;
			}
			if (big_off)
				put64(p, m->offset), p += 8;
			if (zwrite(z, e, (size_t)(p - e)) < 0)
				return -1;
		}
	}
	off_t cd_end = ftello(z->fp);
	if (cd_end < 0)
		return -1;
	uint64_t cd_size = (uint64_t)(cd_end - cd_start), cd_off = (uint64_t)cd_start;
	int zip64 = cd_off >= U32_MAX_FIELD || z->n >= 0xffff;
	if (zip64) {
		unsigned char r[56 + 20];
		memset(r, 0, sizeof r);
		put32(r, 0x06064b50);
		put64(r + 4, 44);
		put16(r + 12, ZIP_VERSION);
		put16(r + 14, ZIP_VERSION);
		put64(r + 24, z->n);
		put64(r + 32, z->n);
		put64(r + 40, cd_size);
		put64(r + 48, cd_off);
		put32(r + 56, 0x07064b50);
		put64(r + 64, (uint64_t)cd_end);
		put32(r + 72, 1);
		if (zwrite(z, r, sizeof r) < 0)
			return -1;
	}
	unsigned char e[22];
	memset(e, 0, sizeof e);
	put32(e, 0x06054b50);
	put16(e + 8, zip64 ? 0xffff : (uint16_t)z->n);
	put16(e + 10, zip64 ? 0xffff : (uint16_t)z->n);
	put32(e + 12, (uint32_t)cd_size);
	put32(e + 16, zip64 ? U32_MAX_FIELD : (uint32_t)cd_off);
	return zwrite(z, e, sizeof e);
}

static void npz_free(mf_npz_t *z)
{
	for (size_t i = 0; i < z->n; ++i)
		free(z->m[i].name);
	free(z->m);
	free(z->tmp);
	free(z->path);
	free(z);
}

int mf_npz_close(mf_npz_t *z)
{
	if (!z)
		return 0;
	int rc = z->failed || z->open_member ? -1 : write_central_directory(z);
	if (fclose(z->fp) != 0 && rc == 0) {
		mf_error("error writing '%s': %s", z->path, strerror(errno));
		rc = -1;
	}
	rc = mf_output_commit(z->tmp, z->path, rc);
	npz_free(z);
	return rc;
}

void mf_npz_abort(mf_npz_t *z)
{
	if (!z)
		return;
	if (z->fp)
		fclose(z->fp);
	if (z->tmp)
		mf_output_commit(z->tmp, z->path, -1);
	npz_free(z);
}

int mf_npy_write(const char *path, mf_dtype_t dt, const void *data, int ndim, const size_t *shape)
{
	char hdr[640];
	size_t hl = npy_header(hdr, sizeof hdr, dtype_descr(dt), ndim, shape);
	size_t count = 1;
	for (int i = 0; i < ndim; ++i)
		count *= shape[i];
	mf_out_t *o = hl ? mf_out_open_compressed(path, 0) : NULL;
	if (!o)
		return -1;
	if (mf_out_write(o, hdr, hl) < 0 || mf_out_write(o, data, count * dtype_size(dt)) < 0) {
		mf_out_abort(o);
		return -1;
	}
	return mf_out_close(o);
}
