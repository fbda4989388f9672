/* npz_read.c: NumPy .npz reading (see npz_read.h). The zip central directory is the
 * index (local headers may carry placeholder sizes, as ours and Python's ZIP64 ones do);
 * array bytes are read with pread() and decoded byte by byte, so the host's endianness
 * does not matter. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "io/npz_read.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_EOCD64 0x06064b50u
#define SIG_LOC64 0x07064b50u
#define EOCD_SEARCH (22 + 65535) /* the EOCD record plus the longest zip comment */

struct mf_npzr {
	char *path;
	int fd;
	uint64_t size;
	mf_npy_info_t *a;
	size_t n;
};

static uint16_t get16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get64(const unsigned char *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }

/* Reads exactly n bytes at off; -1 on error or end of file (logged with what). */
static int read_at(const mf_npzr_t *z, uint64_t off, void *buf, size_t n, const char *what)
{
	unsigned char *p = buf;
	while (n > 0) {
		ssize_t r = pread(z->fd, p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			mf_error("%s: %s: %s", z->path, what, r < 0 ? strerror(errno) :
				"unexpected end of file (truncated?)");
			return -1;
		}
		p += r, off += (uint64_t)r, n -= (size_t)r;
	}
	return 0;
}

/* ---- zip directory -------------------------------------------------------------------- */

typedef struct {
	uint64_t n_entries, cd_size, cd_off;
} zip_dir_t;

static int find_eocd(const mf_npzr_t *z, zip_dir_t *d)
{
	size_t len = z->size < EOCD_SEARCH ? (size_t)z->size : EOCD_SEARCH;
	unsigned char *buf = malloc(len ? len : 1);
	if (!buf || len < 22 || read_at(z, z->size - len, buf, len, "end of zip directory") < 0) {
		if (buf && len < 22)
			mf_error("%s: too short for a zip/npz file (%zu bytes)", z->path, len);
		free(buf);
		return -1;
	}
	size_t i = len - 22 + 1;
	while (i-- > 0 && get32(buf + i) != SIG_EOCD)
		;
	if (i == (size_t)-1) {
		mf_error("%s: not a zip/npz file (no end-of-directory record; truncated?)", z->path);
		free(buf);
		return -1;
	}
	d->n_entries = get16(buf + i + 10);
	d->cd_size = get32(buf + i + 12);
	d->cd_off = get32(buf + i + 16);
	uint64_t eocd_pos = z->size - len + i;
	free(buf);
	if (d->n_entries != 0xffff && d->cd_size != 0xffffffffu && d->cd_off != 0xffffffffu)
		return 0;
	/* ZIP64: the locator sits just before the EOCD and points at the ZIP64 record */
	unsigned char loc[20], rec[56];
	if (eocd_pos >= 20 && read_at(z, eocd_pos - 20, loc, 20, "ZIP64 locator") < 0)
		return -1; /* an I/O error, reported */
	/* the record's offset is checked before it is read: one message for a damaged file */
	uint64_t at = eocd_pos >= 20 ? get64(loc + 8) : 0;
	if (eocd_pos < 20 || get32(loc) != SIG_LOC64 || z->size < 56 || at > (uint64_t)z->size - 56)
		goto damaged;
	if (read_at(z, at, rec, 56, "ZIP64 record") < 0)
		return -1;
	if (get32(rec) != SIG_EOCD64)
		goto damaged;
	d->n_entries = get64(rec + 32);
	d->cd_size = get64(rec + 40);
	d->cd_off = get64(rec + 48);
	return 0;
damaged:
	mf_error("%s: damaged ZIP64 end-of-directory record", z->path);
	return -1;
}

typedef struct {
	char *name;
	unsigned method;
	uint64_t csize, usize, local_off;
} zip_entry_t;

/* Fields of 0xffffffff are in the ZIP64 extra field (id 1), in the order usize, csize,
 * offset, each present only when its 32-bit field is saturated. */
static int apply_zip64(zip_entry_t *e, const unsigned char *x, size_t xlen, int big_u, int big_c,
		int big_o)
{
	for (size_t k = 0; k + 4 <= xlen;) {
		uint16_t id = get16(x + k), sz = get16(x + k + 2);
		if (k + 4 + sz > xlen)
			break;
		if (id == 0x0001) {
			const unsigned char *p = x + k + 4, *end = p + sz;
			if (big_u && p + 8 <= end)
				e->usize = get64(p), p += 8, big_u = 0;
			if (big_c && p + 8 <= end)
				e->csize = get64(p), p += 8, big_c = 0;
			if (big_o && p + 8 <= end)
				e->local_off = get64(p), big_o = 0;
		}
		k += 4 + (size_t)sz;
	}
	return big_u || big_c || big_o ? -1 : 0;
}

/* Parses one central-directory entry at buf[*k]; advances *k. */
static int parse_central(const mf_npzr_t *z, const unsigned char *buf, size_t len, size_t *k,
		zip_entry_t *e)
{
	const unsigned char *c = buf + *k;
	if (*k + 46 > len || get32(c) != SIG_CENTRAL) {
		mf_error("%s: damaged zip central directory", z->path);
		return -1;
	}
	size_t nl = get16(c + 28), xl = get16(c + 30), cl = get16(c + 32);
	if (*k + 46 + nl + xl + cl > len) {
		mf_error("%s: damaged zip central directory", z->path);
		return -1;
	}
	if (!(e->name = malloc(nl + 1))) {
		mf_error("out of memory");
		return -1;
	}
	memcpy(e->name, c + 46, nl);
	e->name[nl] = '\0';
	e->method = get16(c + 10);
	e->csize = get32(c + 20);
	e->usize = get32(c + 24);
	e->local_off = get32(c + 42);
	if (apply_zip64(e, c + 46 + nl, xl, e->usize == 0xffffffffu, e->csize == 0xffffffffu,
				e->local_off == 0xffffffffu) < 0) {
		mf_error("%s: %s: sizes missing from its ZIP64 extra field", z->path, e->name);
		return -1;
	}
	*k += 46 + nl + xl + cl;
	return 0;
}

/* ---- .npy header ---------------------------------------------------------------------- */

/* Returns a pointer just past "'key':" (and spaces) in the header dict, or NULL. */
static const char *dict_value(const char *h, const char *key)
{
	char k[32];
	snprintf(k, sizeof k, "'%s'", key);
	const char *p = strstr(h, k);
	if (!p)
		return NULL;
	p += strlen(k);
	while (*p == ' ')
		++p;
	if (*p++ != ':')
		return NULL;
	while (*p == ' ')
		++p;
	return p;
}

static int parse_descr(mf_npy_info_t *a, const char *v)
{
	if (!v || *v != '\'')
		return -1;
	const char *e = strchr(v + 1, '\'');
	if (!e || e - v - 1 >= (long)sizeof a->descr || e - v - 1 < 3)
		return -1;
	memcpy(a->descr, v + 1, (size_t)(e - v - 1));
	a->descr[e - v - 1] = '\0';
	char order = a->descr[0], *end;
	a->kind = a->descr[1];
	long size = strtol(a->descr + 2, &end, 10);
	if (*end || size < 1 || !strchr("<>|=", order) || !strchr("fiubUS", a->kind))
		return -1;
	a->itemsize = a->kind == 'U' ? 4 * (size_t)size : (size_t)size;
	if (order == '>' && a->itemsize > 1 && a->kind != 'S')
		return -2; /* big-endian */
	if (a->kind == 'f' && size != 4 && size != 8)
		return -1;
	if (strchr("iu", a->kind) && size != 1 && size != 2 && size != 4 && size != 8)
		return -1;
	if (a->kind == 'b' && size != 1)
		return -1;
	return 0;
}

static int parse_shape(mf_npy_info_t *a, const char *v)
{
	if (!v || *v++ != '(')
		return -1;
	a->ndim = 0;
	a->count = 1;
	for (;;) {
		while (*v == ' ' || *v == ',')
			++v;
		if (*v == ')')
			return 0;
		char *end;
		unsigned long long d = strtoull(v, &end, 10);
		if (end == v || *v == '-' || a->ndim == MF_NPY_MAX_DIMS)
			return -1;
		v = end;
		if (*v == 'L') /* Python 2 longs */
			++v;
		a->shape[a->ndim++] = (size_t)d;
		a->count *= d;
	}
}

/* Parses the .npy preamble at data offset off of a member of usize bytes into a. */
static int parse_npy(const mf_npzr_t *z, mf_npy_info_t *a, uint64_t off, uint64_t usize)
{
	unsigned char pre[12];
	if (usize < 12 || read_at(z, off, pre, 12, a->name) < 0 || memcmp(pre, "\x93NUMPY", 6) != 0) {
		mf_error("%s: %s: not an .npy array (bad magic)", z->path, a->name);
		return -1;
	}
	int major = pre[6];
	uint64_t hstart = major == 1 ? 10 : 12;
	uint64_t hlen = major == 1 ? get16(pre + 8) : get32(pre + 8);
	if (major < 1 || major > 3 || hlen > 1u << 20 || hstart + hlen > usize) {
		mf_error("%s: %s: unsupported .npy version %d or damaged header", z->path, a->name, major);
		return -1;
	}
	char *h = malloc(hlen + 1);
	if (!h || read_at(z, off + hstart, h, hlen, a->name) < 0) {
		free(h);
		return -1;
	}
	h[hlen] = '\0';
	int dr = parse_descr(a, dict_value(h, "descr"));
	const char *fo = dict_value(h, "fortran_order");
	int bad_shape = parse_shape(a, dict_value(h, "shape"));
	int fortran = fo && strncmp(fo, "True", 4) == 0;
	free(h);
	if (dr < 0 || !fo || bad_shape || fortran) {
		mf_error("%s: %s: %s", z->path, a->name, dr == -2 ? "big-endian arrays are not supported" :
			fortran ? "Fortran-ordered arrays are not supported (save a C-ordered copy)" :
			dr < 0 ? "unsupported dtype (expected <f4 <f8 <i4 <i8 |u1 <U or |S)" :
			"damaged .npy header");
		return -1;
	}
	a->data_off = off + hstart + hlen;
	if (a->count * a->itemsize != usize - hstart - hlen ||
			(a->itemsize && a->count > UINT64_MAX / a->itemsize)) {
		mf_error("%s: %s: holds %" PRIu64 " data bytes, its shape needs %" PRIu64, z->path,
			a->name, usize - hstart - hlen, a->count * a->itemsize);
		return -1;
	}
	return 0;
}

/* Locates the member's data through its local header and indexes the array. */
static int index_member(mf_npzr_t *z, zip_entry_t *e)
{
	mf_npy_info_t *a = &z->a[z->n];
	memset(a, 0, sizeof *a);
	size_t nl = strlen(e->name);
	if (nl > 4 && strcmp(e->name + nl - 4, ".npy") == 0)
		e->name[nl - 4] = '\0';
	a->name = e->name, e->name = NULL;
	++z->n;
	if (e->method != 0) {
		mf_error("%s: member '%s' is compressed (zip method %u); only uncompressed npz files "
			"are read: save with numpy.savez, not numpy.savez_compressed", z->path, a->name,
			e->method);
		return -1;
	}
	unsigned char lh[30];
	if (read_at(z, e->local_off, lh, 30, a->name) < 0)
		return -1;
	if (get32(lh) != SIG_LOCAL) {
		mf_error("%s: %s: damaged local zip header", z->path, a->name);
		return -1;
	}
	uint64_t data = e->local_off + 30 + get16(lh + 26) + get16(lh + 28);
	if (e->csize != e->usize || data + e->usize > z->size) {
		mf_error("%s: %s: member extends past the end of the file (truncated?)", z->path, a->name);
		return -1;
	}
	return parse_npy(z, a, data, e->usize);
}

static int read_directory(mf_npzr_t *z)
{
	zip_dir_t d;
	if (find_eocd(z, &d) < 0)
		return -1;
	if (d.cd_off + d.cd_size > z->size || d.cd_size > (1u << 30) ||
			d.n_entries > d.cd_size / 46) {
		mf_error("%s: damaged zip directory (truncated?)", z->path);
		return -1;
	}
	unsigned char *buf = malloc(d.cd_size ? d.cd_size : 1);
	z->a = calloc(d.n_entries ? d.n_entries : 1, sizeof *z->a);
	int rc = buf && z->a ? read_at(z, d.cd_off, buf, d.cd_size, "zip directory") : -1;
	size_t k = 0;
	for (uint64_t i = 0; rc == 0 && i < d.n_entries; ++i) {
		zip_entry_t e = {0};
		rc = parse_central(z, buf, d.cd_size, &k, &e);
		if (rc == 0)
			rc = index_member(z, &e);
		free(e.name);
	}
	free(buf);
	return rc;
}

mf_npzr_t *mf_npzr_open(const char *path)
{
	mf_npzr_t *z = calloc(1, sizeof *z);
	if (!z || !(z->path = strdup(path))) {
		free(z);
		mf_error("out of memory");
		return NULL;
	}
	struct stat st;
	if ((z->fd = open(path, O_RDONLY)) < 0 || fstat(z->fd, &st) < 0) {
		mf_error("cannot open '%s': %s", path, strerror(errno));
		mf_npzr_close(z);
		return NULL;
	}
	z->size = (uint64_t)st.st_size;
	if (read_directory(z) < 0) {
		mf_npzr_close(z);
		return NULL;
	}
	return z;
}

void mf_npzr_close(mf_npzr_t *z)
{
	if (!z)
		return;
	if (z->fd >= 0)
		close(z->fd);
	for (size_t i = 0; i < z->n; ++i)
		free(z->a[i].name);
	free(z->a);
	free(z->path);
	free(z);
}

const char *mf_npzr_path(const mf_npzr_t *z) { return z->path; }
size_t mf_npzr_count(const mf_npzr_t *z) { return z->n; }
const mf_npy_info_t *mf_npzr_info(const mf_npzr_t *z, size_t i) { return i < z->n ? &z->a[i] : NULL; }

const mf_npy_info_t *mf_npzr_find(const mf_npzr_t *z, const char *name)
{
	for (size_t i = 0; i < z->n; ++i)
		if (strcmp(z->a[i].name, name) == 0)
			return &z->a[i];
	return NULL;
}

const mf_npy_info_t *mf_npzr_require(const mf_npzr_t *z, const char *name)
{
	const mf_npy_info_t *a = mf_npzr_find(z, name);
	if (!a)
		mf_error("%s: no array '%s'", z->path, name);
	return a;
}

/* ---- element access ------------------------------------------------------------------- */

/* One element at p as double, for every numeric kind. */
static double elem_f64(const mf_npy_info_t *a, const unsigned char *p)
{
	union { uint32_t u; float f; } f4;
	union { uint64_t u; double f; } f8;
	switch (a->kind) {
	case 'f':
		if (a->itemsize == 4)
			return f4.u = get32(p), (double)f4.f;
		return f8.u = get64(p), f8.f;
	case 'i':
		switch (a->itemsize) {
		case 1: return (int8_t)p[0];
		case 2: return (int16_t)get16(p);
		case 4: return (int32_t)get32(p);
		default: return (double)(int64_t)get64(p);
		}
	default: /* 'u', 'b' */
		switch (a->itemsize) {
		case 1: return p[0];
		case 2: return get16(p);
		case 4: return get32(p);
		default: return (double)get64(p);
		}
	}
}

static int64_t elem_i64(const mf_npy_info_t *a, const unsigned char *p)
{
	if (a->kind == 'i' && a->itemsize == 8)
		return (int64_t)get64(p);
	if (a->kind == 'u' && a->itemsize == 8)
		return (int64_t)get64(p);
	return (int64_t)elem_f64(a, p);
}

typedef void (*store_fn)(const mf_npy_info_t *a, const unsigned char *p, void *out, size_t i);
static void store_f32(const mf_npy_info_t *a, const unsigned char *p, void *out, size_t i)
{
	((float *)out)[i] = (float)elem_f64(a, p);
}
static void store_f64(const mf_npy_info_t *a, const unsigned char *p, void *out, size_t i)
{
	((double *)out)[i] = elem_f64(a, p);
}
static void store_i64(const mf_npy_info_t *a, const unsigned char *p, void *out, size_t i)
{
	((int64_t *)out)[i] = elem_i64(a, p);
}

/* Reads elements [first, first+n) through a bounded buffer, storing each with fn. */
static int read_elems(const mf_npzr_t *z, const mf_npy_info_t *a, uint64_t first, size_t n,
		void *out, store_fn fn, int allow_float)
{
	if (!strchr("fiub", a->kind) || (!allow_float && a->kind == 'f')) {
		mf_error("%s: %s: dtype %s cannot be read as %s", z->path, a->name, a->descr,
			allow_float ? "numbers" : "integers");
		return -1;
	}
	if (first > a->count || n > a->count - first) {
		mf_error("%s: %s: elements %" PRIu64 "..%" PRIu64 " requested, the array has %" PRIu64,
			z->path, a->name, first, first + n, a->count);
		return -1;
	}
	unsigned char buf[16384];
	size_t per = sizeof buf / a->itemsize;
	for (size_t done = 0; done < n;) {
		size_t k = n - done < per ? n - done : per;
		if (read_at(z, a->data_off + (first + done) * a->itemsize, buf, k * a->itemsize,
					a->name) < 0)
			return -1;
		for (size_t i = 0; i < k; ++i)
			fn(a, buf + i * a->itemsize, out, done + i);
		done += k;
	}
	return 0;
}

int mf_npzr_read_f32(const mf_npzr_t *z, const mf_npy_info_t *a, uint64_t first, size_t n, float *out)
{
	return read_elems(z, a, first, n, out, store_f32, 1);
}

int mf_npzr_read_f64(const mf_npzr_t *z, const mf_npy_info_t *a, uint64_t first, size_t n,
		double *out)
{
	return read_elems(z, a, first, n, out, store_f64, 1);
}

int mf_npzr_read_i64(const mf_npzr_t *z, const mf_npy_info_t *a, uint64_t first, size_t n,
		int64_t *out)
{
	return read_elems(z, a, first, n, out, store_i64, 0);
}

/* UTF-8 encoding of code point c into o (room for 4 bytes); returns bytes written. */
static size_t utf8_put(char *o, uint32_t c)
{
	if (c < 0x80)
		return o[0] = (char)c, 1;
	if (c < 0x800)
		return o[0] = (char)(0xc0 | c >> 6), o[1] = (char)(0x80 | (c & 0x3f)), 2;
	if (c < 0x10000)
		return o[0] = (char)(0xe0 | c >> 12), o[1] = (char)(0x80 | ((c >> 6) & 0x3f)),
		       o[2] = (char)(0x80 | (c & 0x3f)), 3;
	if (c > 0x10ffff)
		c = 0xfffd;
	return o[0] = (char)(0xf0 | c >> 18), o[1] = (char)(0x80 | ((c >> 12) & 0x3f)),
	       o[2] = (char)(0x80 | ((c >> 6) & 0x3f)), o[3] = (char)(0x80 | (c & 0x3f)), 4;
}

/* One fixed-width element at p as a new NUL-terminated UTF-8 string. */
static char *decode_string(const mf_npy_info_t *a, const unsigned char *p)
{
	size_t w = a->kind == 'U' ? a->itemsize / 4 : a->itemsize;
	char *s = malloc(4 * w + 1);
	size_t o = 0;
	for (size_t j = 0; s && j < w; ++j) {
		uint32_t c = a->kind == 'U' ? get32(p + 4 * j) : p[j];
		if (c == 0)
			break; /* numpy pads with NULs */
		o += a->kind == 'U' ? utf8_put(s + o, c) : (s[o] = (char)c, 1);
	}
	if (s)
		s[o] = '\0';
	return s;
}

char **mf_npzr_read_strings(const mf_npzr_t *z, const mf_npy_info_t *a, size_t *n)
{
	if (a->kind != 'U' && a->kind != 'S') {
		mf_error("%s: %s: expected a string array, found dtype %s", z->path, a->name, a->descr);
		return NULL;
	}
	unsigned char *buf = malloc(a->itemsize);
	char **v = calloc(a->count ? a->count : 1, sizeof *v);
	int ok = buf && v;
	for (uint64_t i = 0; ok && i < a->count; ++i) {
		ok = read_at(z, a->data_off + i * a->itemsize, buf, a->itemsize, a->name) == 0 &&
			(v[i] = decode_string(a, buf)) != NULL;
	}
	free(buf);
	if (!ok) {
		if (!v || !buf)
			mf_error("out of memory");
		mf_strv_free(v, a->count);
		return NULL;
	}
	*n = a->count;
	return v;
}

void mf_strv_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; ++i)
		free(v[i]);
	free(v);
}
