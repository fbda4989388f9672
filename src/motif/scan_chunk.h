/* scan_chunk.h: a chunk of records as mf_scan_file reads, scans and writes it (private
 * to scan_file.c and scan_write.c). */
#ifndef MF_SCAN_CHUNK_H
#define MF_SCAN_CHUNK_H

#include <stdint.h>

#include "io/seqio.h"
#include "io/writer.h"
#include "motif/scan.h"
#include "motif/scan_internal.h"

typedef struct {        /* windows [from, to) of record rec, at codes position at */
	int rec;
	size_t from, to;
	int64_t at;
	int last;           /* the record ends in this piece */
	size_t end;         /* bases [from, end) encoded: to and the widest motif's overlap */
} mf_piece_t;

typedef struct {        /* a stretch of a piece to encode */
	size_t piece, off;
} mf_encode_task_t;

typedef struct {        /* a hit placed in a chunk's record (its motif is its list's) */
	int64_t pos;
	double score, pvalue;
	int32_t rec, strand;
} mf_chit_t;

typedef struct {
	mf_chit_t *a;
	size_t n, cap;
} mf_chits_t;

typedef struct {
	mf_seq_t **rec;     /* the records the pieces come from (the read-ahead queue's) */
	int n, cap;
	int pending;        /* rec[n-1] continues in the next chunk from next_from */
	size_t next_from;
	mf_piece_t *piece;
	size_t n_piece, cap_piece;
	mf_encode_task_t *task;
	size_t cap_task;
	mf_codes_t codes;
	size_t bases;
	mf_chits_t *out;    /* [n_pwm] each motif's hits in this chunk, in (rec, pos, strand) order */
} mf_chunk_t;

/* ---- records read ahead (scan_ahead.c) ---- */
typedef struct mf_ahead mf_ahead_t;

/* Records of r, read when asked until mf_ahead_thread. NULL out of memory (logged). */
mf_ahead_t *mf_ahead_start(mf_seqreader_t *r, size_t ahead, size_t hold);
/* From now on a thread of its own reads ahead while the records not yet taken hold less
 * than `ahead` bases and all records held (taken and not given back too) less than `hold`
 * (mf_ahead_hold changes it); 1 if it runs, 0 if not (no threads, or the input has
 * ended). */
int mf_ahead_thread(mf_ahead_t *a);
/* Sets the hold limit. */
void mf_ahead_hold(mf_ahead_t *a, size_t hold);
/* Seconds per base of the reads so far (0 before the first record). */
double mf_ahead_read_cost(mf_ahead_t *a);
/* The next record, valid until given back: 1, 0 at the end, -1 (the error is logged). */
int mf_ahead_next(mf_ahead_t *a, mf_seq_t **rec);
/* Gives back the n oldest records taken. */
void mf_ahead_release(mf_ahead_t *a, size_t n);
/* Stops the reader (after the record it is reading) and frees everything. */
void mf_ahead_stop(mf_ahead_t *a);

/* ---- rows (scan_write.c) ---- */
typedef struct mf_chunk_writer mf_chunk_writer_t;

/* A writer of chunks' rows to out (which it does not own), formatting with `threads`
 * threads. NULL out of memory (logged). */
mf_chunk_writer_t *mf_chunk_writer_create(mf_out_t *out, mf_pwm_t *const *pwm, int n_pwm,
		const mf_scanfile_opt_t *o);
void mf_chunk_writer_destroy(mf_chunk_writer_t *w);
/* The chunk's rows in the output order (record, start, motif, strand), formatted by up to
 * `threads` threads (at most the writer's); counts sequences,
 * bases and hits into st. With --qvalue the rows are kept for mf_chunk_writer_finish.
 * Empties the chunk's hit lists. 0 or -1 (logged). */
int mf_chunk_write(mf_chunk_writer_t *w, mf_chunk_t *c, int threads, mf_scan_stats_t *st);
/* --qvalue: q-values per motif over its tested windows, then every kept row. 0 or -1. */
int mf_chunk_writer_finish(mf_chunk_writer_t *w, const int64_t *tested);

#endif
