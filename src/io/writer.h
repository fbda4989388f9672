/* writer.h: output files that appear whole or not at all.
 *
 * mf_out_open() writes to "<dir>/.<name>.tmp.<pid>" and mf_out_close() renames it to
 * the final path only when every write, flush and close succeeded, so an interrupted
 * or failed run leaves nothing half-written (Snakemake relies on this). A path ending
 * in ".gz" is written BGZF-compressed (gzip-compatible, indexable); "-" is stdout. */
#ifndef MF_WRITER_H
#define MF_WRITER_H

#include <stddef.h>
#include <stdint.h>

typedef struct mf_out mf_out_t;

/* Opens path for writing; NULL (and a logged error) on failure. */
mf_out_t *mf_out_open(const char *path);
/* Same, but compression is forced on (1) or off (0) whatever the extension. */
mf_out_t *mf_out_open_compressed(const char *path, int compress);

int mf_out_write(mf_out_t *o, const void *buf, size_t len);
int mf_out_puts(mf_out_t *o, const char *s);
int mf_out_printf(mf_out_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *mf_out_path(const mf_out_t *o);

/* Flushes, closes and renames into place; frees o. Returns 0 or -1 (the temporary file
 * is removed on failure). Accepts NULL. */
int mf_out_close(mf_out_t *o);
/* Discards everything written; frees o. Accepts NULL. */
void mf_out_abort(mf_out_t *o);

/* Builds "<prefix><suffix>" in a new string (caller frees), for -o PREFIX outputs. */
char *mf_path_join(const char *prefix, const char *suffix);

/* ---- NumPy .npy / .npz ------------------------------------------------------------
 * An npz is an uncompressed ("stored") zip of .npy members with CRC-32s, ZIP64 when a
 * member or the archive passes 4 GiB, readable by numpy.load(). Arrays are C-ordered
 * little-endian. Strings are stored as numpy '<U' (UTF-32) fixed-width arrays. */
typedef struct mf_npz mf_npz_t;

typedef enum { MF_DT_F32, MF_DT_F64, MF_DT_I32, MF_DT_I64, MF_DT_U8 } mf_dtype_t;

mf_npz_t *mf_npz_open(const char *path);
/* Adds array `name` (".npy" is appended) of the given dtype and shape (ndim <= 8). */
int mf_npz_add(mf_npz_t *z, const char *name, mf_dtype_t dt, const void *data, int ndim,
		const size_t *shape);
/* Adds a 1-D array of n strings (ASCII/UTF-8 bytes stored as code points). */
int mf_npz_add_strings(mf_npz_t *z, const char *name, const char *const *s, size_t n);
/* Streaming: begin an array whose total size is known, append its bytes in order,
 * then end it. Lets callers write arrays larger than memory batch by batch. */
int mf_npz_begin(mf_npz_t *z, const char *name, mf_dtype_t dt, int ndim, const size_t *shape);
/* The same with an explicit numpy dtype string (e.g. "<U12") and item size. */
int mf_npz_begin_descr(mf_npz_t *z, const char *name, const char *descr, size_t itemsize,
		int ndim, const size_t *shape);
int mf_npz_append(mf_npz_t *z, const void *data, size_t nbytes);
int mf_npz_end(mf_npz_t *z);
int mf_npz_close(mf_npz_t *z);
void mf_npz_abort(mf_npz_t *z);

/* A standalone .npy file (same rules as mf_out: temporary name, then rename). */
int mf_npy_write(const char *path, mf_dtype_t dt, const void *data, int ndim,
		const size_t *shape);

#endif

/* ---- spools: arrays whose length is known only at the end ------------------------------
 * Rows of a fixed shape are appended to an unlinked temporary file next to `near` (so a
 * large output does not fill /tmp and memory stays flat), then copied into an npz once
 * the number of rows is known. */
typedef struct mf_spool mf_spool_t;

mf_spool_t *mf_spool_create(const char *near, mf_dtype_t dt, int ndim_row, const size_t *row_shape);
/* A spool of strings, written as a numpy '<U' array of the longest one's width. */
mf_spool_t *mf_spool_create_strings(const char *near);
int mf_spool_append(mf_spool_t *s, const void *rows, size_t nrows);
int mf_spool_append_string(mf_spool_t *s, const char *str);
size_t mf_spool_rows(const mf_spool_t *s);
/* Rewinds and reads rows back in order (for writers other than npz); 0 at the end. */
int mf_spool_rewind(mf_spool_t *s);
size_t mf_spool_read(mf_spool_t *s, void *rows, size_t max_rows);
size_t mf_spool_row_bytes(const mf_spool_t *s);
/* Adds the spool's rows to z as array `name` of shape (rows, row_shape...). */
int mf_npz_add_spool(mf_npz_t *z, const char *name, mf_spool_t *s);
void mf_spool_destroy(mf_spool_t *s);
