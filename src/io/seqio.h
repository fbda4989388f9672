/* seqio.h: one iterator over named sequences, whatever the source.
 *
 * Sources: FASTA (plain, gzip, bgzip, or "-" for stdin), BED regions fetched from a
 * genome FASTA through htslib faidx, and the paper's simdata TSV. Errors are logged
 * once, naming the file, the record and the problem; the iterator then returns -1. */
#ifndef MF_SEQIO_H
#define MF_SEQIO_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	MF_SEQ_AUTO = 0, /* BED when a genome is given, else sniffed: '>' FASTA, "seqName\t" simdata */
	MF_SEQ_FASTA,
	MF_SEQ_BED,
	MF_SEQ_SIMDATA
} mf_seqfmt_t;

typedef struct {
	const char *genome;  /* genome FASTA for BED input */
	int64_t width;       /* > 0: BED regions resized to this width around their centre */
	int pad_n;           /* BED: pad what lies past a chromosome end with N instead of failing */
	const struct mf_nameset *keep; /* non-NULL: only records named in this set (nameset.h) */
	/* shard_n > 0: only shard shard_i (1-based) of shard_n contiguous slices of the input
	 * records, by record index (before `keep`): records [N(i-1)/n, Ni/n) of N. N is counted
	 * by a quick pass over the file at open, so sharded input cannot be stdin. Shards 1..n
	 * in order hold every record exactly once, in input order. */
	int shard_i, shard_n;
	/* An input without a single record (an empty file, a simdata header alone, an empty
	 * BED): a warning at its end (MF_EMPTY_WARN, the default: an empty set in, an empty
	 * output out), an error (MF_EMPTY_ERROR: the command cannot work without records), or
	 * nothing (MF_EMPTY_QUIET: a side pass whose main pass will say it). */
	int if_empty;
	/* Warn once, at the end, when records share a name (outputs keyed by name, such as
	 * predict's TSV and explain's npz, would be ambiguous). */
	int warn_dup_names;
} mf_seqopt_t;

enum { MF_EMPTY_WARN = 0, MF_EMPTY_ERROR, MF_EMPTY_QUIET };

/* One record. All strings are owned by the record and reused by the next read. */
typedef struct {
	char *name;
	char *seq;        /* as read: case kept, no line breaks, NUL-terminated */
	size_t len;
	/* BED input: the genomic interval seq covers (0-based, half-open); chrom NULL otherwise */
	char *chrom;
	int64_t start, end;
	/* simdata input: the embeddings column and the task labels; NULL/0 otherwise */
	char *embeddings;
	float *labels;
	int n_labels;
	size_t cap_name, cap_seq, cap_chrom, cap_emb, cap_labels; /* private */
} mf_seq_t;

typedef struct mf_seqreader mf_seqreader_t;

void mf_seqopt_init(mf_seqopt_t *o);
/* Parses "i/n" (1 <= i <= n <= 1e6) for --shard; 0, or -1 (nothing logged). */
int mf_shard_parse(const char *arg, int *i, int *n);
void mf_seq_init(mf_seq_t *s);
void mf_seq_free(mf_seq_t *s);
/* Deep copy of src into dst (dst initialised); 0 or -1. */
int mf_seq_copy(mf_seq_t *dst, const mf_seq_t *src);

/* Opens path ("-" = stdin; for BED input path is the BED file). opt may be NULL. */
mf_seqreader_t *mf_seqreader_open(const char *path, mf_seqfmt_t fmt, const mf_seqopt_t *opt);
/* 1: a record was read into s; 0: end of input; -1: error (logged). */
int mf_seqreader_read(mf_seqreader_t *r, mf_seq_t *s);
mf_seqfmt_t mf_seqreader_format(const mf_seqreader_t *r);
/* simdata: the task names from the header (task1 task2 ...); 0 for other formats. */
int mf_seqreader_n_tasks(const mf_seqreader_t *r);
const char *mf_seqreader_task_name(const mf_seqreader_t *r, int i);
/* The number of records this reader will return when it can be known without reading
 * them (a named file: one counting pass over its lines, no genome fetches; a shard: its
 * slice; with --names at most the names given), else -1 (stdin, or a read error, which
 * this best-effort count does not report: the reading will). */
long mf_seqreader_total(mf_seqreader_t *r);
/* Records read so far (the number of the last one returned). */
long mf_seqreader_count(const mf_seqreader_t *r);
const char *mf_seqreader_path(const mf_seqreader_t *r);
void mf_seqreader_close(mf_seqreader_t *r);

/* ---- encoding ------------------------------------------------------------------ */

/* One-hot in A C G T order into out[len][4]; lowercase as uppercase, N and every
 * other code all zeros. */
void mf_onehot(const char *seq, size_t len, float *out);
/* Base index 0..3 for A C G T (either case), 4 for anything else. */
extern const unsigned char mf_nt4[256];
/* Reverse complement in place; IUPAC codes map to their complements, case kept. */
void mf_revcomp(char *seq, size_t len);
/* Resizes s->seq to exactly width bases around its centre: trimmed evenly, or padded
 * with N on both sides (the extra base, if any, goes to the right). 0 or -1. */
int mf_seq_resize_centre(mf_seq_t *s, size_t width);

/* ---- batches -------------------------------------------------------------------- */

typedef struct {
	int n, cap;      /* records held, records it can hold */
	size_t len;      /* every sequence's length L */
	float *x;        /* [cap][len][4] one-hot */
	mf_seq_t *seq;   /* cap records (names, coordinates, labels) */
} mf_batch_t;

mf_batch_t *mf_batch_create(int cap, size_t len);
void mf_batch_destroy(mf_batch_t *b);
/* Reads up to b->cap records. A record whose length differs from b->len is an error
 * unless resize is set, in which case it is centre-resized. Returns the number read
 * (0 at end of input) or -1 on error (logged). */
int mf_batch_read(mf_batch_t *b, mf_seqreader_t *r, int resize);

#endif
