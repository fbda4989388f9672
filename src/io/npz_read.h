/* npz_read.h: reading NumPy .npz archives (room npzread).
 *
 * Reads what motiflift's writer (writer.h) and numpy.savez write: a zip of uncompressed
 * ("stored") .npy members, with ZIP64 extra fields where sizes or offsets pass 4 GiB.
 * Deflated members (numpy.savez_compressed) are refused with an error naming the member.
 * Each .npy header is parsed once at open (format versions 1-3; descr '<f4' '<f8' '<i4'
 * '<i8' '|u1' '|b1' '<U<n>' '|S<n>'; fortran_order False); array data is never loaded at
 * open: callers read element ranges with pread(), so an (n, L, 4, T) array can be read one
 * sequence at a time (offset = row * row_size) and several threads may read at once.
 * Member CRC-32s are not checked (that would mean reading every byte); sizes are. */
#ifndef MF_NPZ_READ_H
#define MF_NPZ_READ_H

#include <stddef.h>
#include <stdint.h>

#define MF_NPY_MAX_DIMS 8

typedef struct {
	char *name;      /* member name without ".npy" */
	char descr[16];  /* numpy dtype string, e.g. "<f4", "<U12" */
	char kind;       /* 'f' float, 'i' signed int, 'u' unsigned int, 'b' bool, 'U' UTF-32, 'S' bytes */
	size_t itemsize; /* bytes per element */
	int ndim;
	size_t shape[MF_NPY_MAX_DIMS];
	uint64_t count;  /* elements (product of shape; 1 for a 0-d array) */
	uint64_t data_off; /* file offset of the first element */
} mf_npy_info_t;

typedef struct mf_npzr mf_npzr_t;

/* Opens and indexes path; NULL (logged: "path: member: problem") on a file that is not
 * a readable npz. Freed by mf_npzr_close. */
mf_npzr_t *mf_npzr_open(const char *path);
void mf_npzr_close(mf_npzr_t *z); /* accepts NULL */

const char *mf_npzr_path(const mf_npzr_t *z);
size_t mf_npzr_count(const mf_npzr_t *z);
/* The i-th array in archive order (owned by z). */
const mf_npy_info_t *mf_npzr_info(const mf_npzr_t *z, size_t i);
/* The array called name, or NULL (nothing logged: absence may be fine). */
const mf_npy_info_t *mf_npzr_find(const mf_npzr_t *z, const char *name);
/* The same, but logs "path: no array 'name'" when absent. */
const mf_npy_info_t *mf_npzr_require(const mf_npzr_t *z, const char *name);

/* Reads elements [first, first+n) of a numeric array ('f', 'i', 'u', 'b'), converted to
 * float / double / int64 (floats to ints are refused). 0 or -1 (logged: out of range,
 * short read, wrong kind). Thread-safe for one z. */
int mf_npzr_read_f32(const mf_npzr_t *z, const mf_npy_info_t *a, uint64_t first, size_t n,
		float *out);
int mf_npzr_read_f64(const mf_npzr_t *z, const mf_npy_info_t *a, uint64_t first, size_t n,
		double *out);
int mf_npzr_read_i64(const mf_npzr_t *z, const mf_npy_info_t *a, uint64_t first, size_t n,
		int64_t *out);

/* Reads a whole 'U' or 'S' array as NUL-terminated UTF-8 strings (trailing NULs of the
 * fixed width dropped); *n gets the element count. The caller frees with mf_strv_free.
 * NULL (logged) on error. */
char **mf_npzr_read_strings(const mf_npzr_t *z, const mf_npy_info_t *a, size_t *n);
void mf_strv_free(char **v, size_t n); /* accepts NULL */

#endif
