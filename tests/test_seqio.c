/* Unit tests for seqio: FASTA, BED + genome, simdata; one-hot, revcomp, batches. */
#include <check.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/genome_index.h"
#include "base/log.h"
#include "io/seqio.h"
#include "testutil.h"

static char *dir;

static void setup(void)
{
	mf_verbose = MF_LOG_ERROR;
	dir = tu_tmpdir("seqio");
	ck_assert_ptr_nonnull(dir);
}

static void teardown(void)
{
	free(dir);
}

/* Reads every record into "name=seq;" pairs; returns the count, or -1 on error. */
static int read_all(const char *path, const mf_seqopt_t *opt, char *out, size_t cap)
{
	mf_seqreader_t *r = mf_seqreader_open(path, MF_SEQ_AUTO, opt);
	if (!r)
		return -1;
	mf_seq_t s;
	mf_seq_init(&s);
	int n = 0, ret;
	out[0] = '\0';
	while ((ret = mf_seqreader_read(r, &s)) == 1) {
		size_t l = strlen(out);
		snprintf(out + l, cap - l, "%s=%s;", s.name, s.seq);
		ck_assert_uint_eq(strlen(s.seq), s.len);
		++n;
	}
	mf_seq_free(&s);
	mf_seqreader_close(r);
	return ret < 0 ? -1 : n;
}

static int read_text(const char *name, const char *text, char *out, size_t cap)
{
	char *p = tu_path(dir, name);
	ck_assert_int_eq(tu_write(p, text, strlen(text)), 0);
	int n = read_all(p, NULL, out, cap);
	free(p);
	return n;
}

static const char multi[] = ">s1 first record\nACGT\nacgtN\n>s2\n\n>s3\nNNNN\nA\n";

START_TEST(fasta_multiline_empty_lowercase)
{
	char out[256];
	ck_assert_int_eq(read_text("a.fa", multi, out, sizeof out), 3);
	ck_assert_str_eq(out, "s1=ACGTacgtN;s2=;s3=NNNNA;");
}
END_TEST

START_TEST(fasta_crlf_and_no_final_newline)
{
	char out[256];
	ck_assert_int_eq(read_text("crlf.fa", ">x y\r\nAC\r\nGT\r\n>z\r\nTT", out, sizeof out), 2);
	ck_assert_str_eq(out, "x=ACGT;z=TT;");
}
END_TEST

START_TEST(fasta_gzip_and_bgzip)
{
	char out[256];
	for (int bg = 0; bg < 2; ++bg) {
		char *p = tu_path(dir, bg ? "b.fa.gz" : "g.fa.gz");
		ck_assert_int_eq(tu_write_gz(p, multi, bg), 0);
		ck_assert_int_eq(read_all(p, NULL, out, sizeof out), 3);
		ck_assert_str_eq(out, "s1=ACGTacgtN;s2=;s3=NNNNA;");
		free(p);
	}
}
END_TEST

/* A big enough record that the truncation lands inside the compressed stream. */
static char *big_fasta(void)
{
	size_t n = 200000;
	char *t = malloc(n + 32);
	strcpy(t, ">big\n");
	const char *acgt = "ACGT";
	unsigned x = 12345;
	for (size_t i = 5; i < n; ++i) {
		x = x * 1103515245u + 12345u;
		t[i] = (i % 61 == 60) ? '\n' : acgt[(x >> 16) & 3];
	}
	strcpy(t + n, "\n");
	return t;
}

START_TEST(fasta_truncated_gzip_is_an_error)
{
	char out[64];
	for (int bg = 0; bg < 2; ++bg) {
		char *t = big_fasta();
		char *p = tu_path(dir, bg ? "t.fa.bgz" : "t.fa.gz");
		ck_assert_int_eq(tu_write_gz(p, t, bg), 0);
		size_t len;
		FILE *fp = fopen(p, "rb");
		fseek(fp, 0, SEEK_END);
		len = (size_t)ftell(fp);
		fclose(fp);
		ck_assert_int_eq(truncate(p, (off_t)(len / 2)), 0);
		mf_seqreader_t *r = mf_seqreader_open(p, MF_SEQ_AUTO, NULL);
		int ret = -1;
		if (r) {
			mf_seq_t s;
			mf_seq_init(&s);
			while ((ret = mf_seqreader_read(r, &s)) == 1)
				;
			mf_seq_free(&s);
			mf_seqreader_close(r);
		}
		ck_assert_msg(ret == -1, "truncated %s read as a clean end of file", bg ? "bgzip" : "gzip");
		(void)out;
		free(t);
		free(p);
	}
}
END_TEST

START_TEST(fasta_empty_file_has_no_records)
{
	char out[16];
	ck_assert_int_eq(read_text("empty.fa", "", out, sizeof out), 0);
}
END_TEST

START_TEST(fasta_garbage_is_an_error)
{
	char out[64];
	ck_assert_int_eq(read_text("bad.fa", "hello\nworld\n", out, sizeof out), -1);
	ck_assert_int_eq(read_text("bad2.fa", ">a\nAC1T\n", out, sizeof out), -1);
	ck_assert_int_eq(read_text("bad3.fa", ">\nACGT\n", out, sizeof out), -1);
}
END_TEST

START_TEST(fasta_from_stdin)
{
	char *p = tu_path(dir, "in.fa");
	ck_assert_int_eq(tu_write(p, multi, strlen(multi)), 0);
	int fd = open(p, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_ge(dup2(fd, STDIN_FILENO), 0);
	close(fd);
	char out[256];
	ck_assert_int_eq(read_all("-", NULL, out, sizeof out), 3);
	ck_assert_str_eq(out, "s1=ACGTacgtN;s2=;s3=NNNNA;");
	free(p);
}
END_TEST

START_TEST(fasta_missing_file)
{
	ck_assert_ptr_null(mf_seqreader_open("/nonexistent/x.fa", MF_SEQ_AUTO, NULL));
}
END_TEST

/* Empty input: a warning by default, an error or nothing when asked; CR-only line ends are
 * an error; repeated names one warning at the end. Counted through mf_log_count. */
START_TEST(empty_cr_only_and_repeated_names)
{
	char out[256], *p = tu_path(dir, "e.fa");
	mf_seqopt_t o;
	mf_seqopt_init(&o);
	ck_assert_int_eq(tu_write(p, "", 0), 0);
	memset(mf_log_count, 0, sizeof mf_log_count);
	ck_assert_int_eq(read_all(p, &o, out, sizeof out), 0);
	ck_assert_int_eq(mf_log_count[MF_LOG_WARN], 1);
	o.if_empty = MF_EMPTY_QUIET;
	ck_assert_int_eq(read_all(p, &o, out, sizeof out), 0);
	ck_assert_int_eq(mf_log_count[MF_LOG_WARN], 1);
	o.if_empty = MF_EMPTY_ERROR;
	ck_assert_int_eq(read_all(p, &o, out, sizeof out), -1);
	ck_assert_int_eq(mf_log_count[MF_LOG_ERROR], 1);
	memset(mf_log_count, 0, sizeof mf_log_count);
	ck_assert_int_eq(read_text("cr.fa", ">a\rACGT\r>b\rGG\r", out, sizeof out), -1);
	ck_assert_int_eq(mf_log_count[MF_LOG_ERROR], 1);
	ck_assert_int_eq(read_text("crlf.fa", ">a\r\nACGT\r\n", out, sizeof out), 1);
	ck_assert_str_eq(out, "a=ACGT;");
	mf_seqopt_init(&o);
	o.warn_dup_names = 1;
	ck_assert_int_eq(tu_write(p, ">a\nA\n>b\nC\n>a\nG\n>b\nT\n>a\nT\n", 25), 0);
	memset(mf_log_count, 0, sizeof mf_log_count);
	ck_assert_int_eq(read_all(p, &o, out, sizeof out), 5);
	ck_assert_int_eq(mf_log_count[MF_LOG_WARN], 1); /* once, for all three */
	ck_assert_int_eq(mf_log_count[MF_LOG_ERROR], 0);
	free(p);
}
END_TEST

/* ---- simdata ---- */

START_TEST(simdata_without_final_newline)
{
	const char *t = "seqName\tsequence\tembeddings\ttask1\ttask2\ttask3\n"
			"empty_1\tACGT\t\t0\t0\t0\n"
			"gata_tal1_2\tGGAT\tpos-0_GATA_disc1-GG,pos-2_TAL1_known1-AT\t1\t1\t1";
	char *p = tu_path(dir, "x.simdata");
	ck_assert_int_eq(tu_write(p, t, strlen(t)), 0);
	mf_seqreader_t *r = mf_seqreader_open(p, MF_SEQ_AUTO, NULL);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(mf_seqreader_format(r), MF_SEQ_SIMDATA);
	mf_seq_t s;
	mf_seq_init(&s);
	ck_assert_int_eq(mf_seqreader_read(r, &s), 1);
	ck_assert_int_eq(mf_seqreader_n_tasks(r), 3);
	ck_assert_str_eq(mf_seqreader_task_name(r, 2), "task3");
	ck_assert_str_eq(s.name, "empty_1");
	ck_assert_str_eq(s.embeddings, "");
	ck_assert_int_eq(s.n_labels, 3);
	ck_assert_float_eq(s.labels[0], 0.0f);
	ck_assert_int_eq(mf_seqreader_read(r, &s), 1);
	ck_assert_str_eq(s.seq, "GGAT");
	ck_assert_str_eq(s.embeddings, "pos-0_GATA_disc1-GG,pos-2_TAL1_known1-AT");
	ck_assert_float_eq(s.labels[2], 1.0f);
	ck_assert_int_eq(mf_seqreader_read(r, &s), 0);
	mf_seq_free(&s);
	mf_seqreader_close(r);
	free(p);
}
END_TEST

START_TEST(simdata_bad_rows)
{
	char out[128];
	const char *h = "seqName\tsequence\tembeddings\ttask1\n";
	char t[256];
	snprintf(t, sizeof t, "%sa\tACGT\t\tx\n", h);
	ck_assert_int_eq(read_text("b1.simdata", t, out, sizeof out), -1);
	snprintf(t, sizeof t, "%sa\tACGT\t\t1\t1\n", h);
	ck_assert_int_eq(read_text("b2.simdata", t, out, sizeof out), -1);
	snprintf(t, sizeof t, "%sa\tACGT\n", h);
	ck_assert_int_eq(read_text("b3.simdata", t, out, sizeof out), -1);
}
END_TEST

/* ---- BED + genome ---- */

static const char genome[] = ">chr1 test\nACGTACGTAC\nGTACGTACGT\n>chr2\nTTTTTgggggCCCCC\n";

static char *write_genome(int bgzip)
{
	char *p = tu_path(dir, bgzip ? "genome.fa.gz" : "genome.fa");
	ck_assert_int_eq(bgzip ? tu_write_gz(p, genome, 1) : tu_write(p, genome, strlen(genome)), 0);
	return p;
}

static int read_bed(const char *bed, const mf_seqopt_t *o, char *out, size_t cap)
{
	char *p = tu_path(dir, "r.bed");
	ck_assert_int_eq(tu_write(p, bed, strlen(bed)), 0);
	int n = read_all(p, o, out, cap);
	free(p);
	return n;
}

START_TEST(bed_with_and_without_names)
{
	for (int bg = 0; bg < 2; ++bg) {
		char *g = write_genome(bg);
		mf_seqopt_t o;
		mf_seqopt_init(&o);
		o.genome = g;
		char out[256];
		const char *bed = "# comment\ntrack name=x\nbrowser position chr1\n"
				"chr1\t0\t4\nchr2\t3\t8\tpeak2\t0\t+\nchr1\t18\t20\t.\n";
		ck_assert_int_eq(read_bed(bed, &o, out, sizeof out), 3);
		ck_assert_str_eq(out, "chr1:0-4=ACGT;peak2=TTggg;chr1:18-20=GT;");
		free(g);
	}
}
END_TEST

START_TEST(bed_resize_around_centre)
{
	char *g = write_genome(0);
	mf_seqopt_t o;
	mf_seqopt_init(&o);
	o.genome = g;
	o.width = 4;
	char out[128];
	ck_assert_int_eq(read_bed("chr2\t6\t8\n", &o, out, sizeof out), 1);
	ck_assert_str_eq(out, "chr2:5-9=gggg;");
	free(g);
}
END_TEST

START_TEST(bed_off_the_end_and_padding)
{
	char *g = write_genome(0);
	mf_seqopt_t o;
	mf_seqopt_init(&o);
	o.genome = g;
	char out[128];
	ck_assert_int_eq(read_bed("chr2\t12\t18\n", &o, out, sizeof out), -1);
	o.pad_n = 1;
	ck_assert_int_eq(read_bed("chr2\t12\t18\n", &o, out, sizeof out), 1);
	ck_assert_str_eq(out, "chr2:12-18=CCCNNN;");
	o.width = 6; /* centred at 1: starts before the chromosome */
	ck_assert_int_eq(read_bed("chr1\t0\t2\n", &o, out, sizeof out), 1);
	ck_assert_str_eq(out, "chr1:0-4=NNACGT;"); /* named from 0, never chr1:-2-4 (issue 18) */
	free(g);
}
END_TEST

START_TEST(bed_missing_chromosome_and_bad_lines)
{
	char *g = write_genome(0);
	mf_seqopt_t o;
	mf_seqopt_init(&o);
	o.genome = g;
	char out[128];
	ck_assert_int_eq(read_bed("chrX\t0\t4\n", &o, out, sizeof out), -1);
	ck_assert_int_eq(read_bed("chr1\t5\n", &o, out, sizeof out), -1);
	ck_assert_int_eq(read_bed("chr1\t5\t2\n", &o, out, sizeof out), -1);
	ck_assert_int_eq(read_bed("chr1\tfive\t8\n", &o, out, sizeof out), -1);
	free(g);
}
END_TEST

START_TEST(bed_gzip_genome_not_bgzip_is_explained)
{
	char *p = tu_path(dir, "plain.fa.gz");
	ck_assert_int_eq(tu_write_gz(p, genome, 0), 0);
	mf_seqopt_t o;
	mf_seqopt_init(&o);
	o.genome = p;
	char out[64];
	ck_assert_int_eq(read_bed("chr1\t0\t4\n", &o, out, sizeof out), -1);
	free(p);
}
END_TEST

/* Shards of one Snakemake job start together on a genome with no index: every process
 * must see either no .fai or a complete one (htslib's own FAI_CREATE writes it in place,
 * and a reader could load half of it). */
static int read_last_chromosome(const char *genome_path, const char *bed)
{
	mf_seqopt_t o;
	mf_seqopt_init(&o);
	o.genome = genome_path;
	char out[64];
	return read_all(bed, &o, out, sizeof out) == 1 && strstr(out, "=ACGT;") ? 0 : 1;
}

START_TEST(bed_index_built_by_concurrent_processes)
{
	enum { N_CHROM = 3000, N_PROC = 6, ROUNDS = 4 };
	char *g = tu_path(dir, "many.fa.gz");
	char *fai = tu_path(dir, "many.fa.gz.fai"), *gzi = tu_path(dir, "many.fa.gz.gzi");
	size_t cap = (size_t)N_CHROM * 64, len = 0;
	char *text = malloc(cap);
	for (int c = 0; c < N_CHROM; ++c)
		len += (size_t)snprintf(text + len, cap - len, ">c%d\nACGTACGTACGTACGTACGT\n", c);
	ck_assert_int_eq(tu_write_gz(g, text, 1), 0);
	snprintf(text, cap, "c%d\t0\t4\n", N_CHROM - 1);
	char *bed = tu_path(dir, "last.bed");
	ck_assert_int_eq(tu_write(bed, text, strlen(text)), 0);
	free(text);
	for (int round = 0; round < ROUNDS; ++round) {
		unlink(fai);
		unlink(gzi);
		pid_t pid[N_PROC];
		for (int i = 0; i < N_PROC; ++i) {
			pid[i] = fork();
			ck_assert_int_ge(pid[i], 0);
			if (pid[i] == 0)
				_exit(read_last_chromosome(g, bed));
		}
		for (int i = 0; i < N_PROC; ++i) {
			int status = 0;
			ck_assert_int_eq(waitpid(pid[i], &status, 0), pid[i]);
			ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
				"round %d: process %d could not read the genome", round, i);
		}
	}
	/* a user's --index rebuild replaces the index in place of a stale one */
	ck_assert_int_eq(tu_write(fai, "junk\n", 5), 0);
	ck_assert_int_eq(mf_genome_index(g, 1), 0);
	ck_assert_int_eq(read_last_chromosome(g, bed), 0);
	free(g);
	free(bed);
	free(fai);
	free(gzi);
}
END_TEST

/* An index that no longer fits its FASTA must never yield wrong bases: older than the
 * genome, it is rebuilt; newer but wrong, the fetched bytes give it away. */
START_TEST(bed_stale_or_wrong_index)
{
	char *g = write_genome(0), *fai = tu_path(dir, "genome.fa.fai");
	mf_seqopt_t o;
	mf_seqopt_init(&o);
	o.genome = g;
	char out[128];
	ck_assert_int_eq(read_bed("chr2\t0\t5\n", &o, out, sizeof out), 1);
	/* the genome rewritten with other line lengths, its old index left behind (and aged) */
	const char *wide = ">chr1 test\nACGTACGTACGTACGTACGT\n>chr2\nTTTTTgggggCC\nCCC\n";
	ck_assert_int_eq(tu_write(g, wide, strlen(wide)), 0);
	struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
	ck_assert_int_eq(utimensat(AT_FDCWD, fai, old, 0), 0);
	ck_assert_int_eq(read_bed("chr2\t3\t10\n", &o, out, sizeof out), 1);
	ck_assert_str_eq(out, "chr2:3-10=TTggggg;");
	/* a newer index that overstates chr1: faidx would run into '>chr2' */
	const char *bad = "chr1\t25\t12\t20\t21\nchr2\t15\t39\t12\t13\n";
	ck_assert_int_eq(tu_write(fai, bad, strlen(bad)), 0);
	ck_assert_int_eq(read_bed("chr1\t18\t25\n", &o, out, sizeof out), -1);
	free(g), free(fai);
}
END_TEST

/* ---- encoding and batches ---- */

START_TEST(onehot_codes)
{
	float x[7 * 4];
	mf_onehot("AcGtNRx", 7, x);
	const float want[7 * 4] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	for (int i = 0; i < 28; ++i)
		ck_assert_float_eq(x[i], want[i]);
}
END_TEST

START_TEST(revcomp_odd_even_iupac)
{
	char a[] = "ACGTN", b[] = "aacR", c[] = "";
	mf_revcomp(a, 5);
	mf_revcomp(b, 4);
	mf_revcomp(c, 0);
	ck_assert_str_eq(a, "NACGT");
	ck_assert_str_eq(b, "Ygtt");
}
END_TEST

START_TEST(batch_lengths_and_resize)
{
	const char *t = ">a\nACGTAC\n>b\nACGT\n>c\nACGTACGT\n";
	char *p = tu_path(dir, "batch.fa");
	ck_assert_int_eq(tu_write(p, t, strlen(t)), 0);
	mf_batch_t *b = mf_batch_create(2, 6);
	mf_seqreader_t *r = mf_seqreader_open(p, MF_SEQ_AUTO, NULL);
	ck_assert_int_eq(mf_batch_read(b, r, 0), -1); /* b has length 4 */
	mf_seqreader_close(r);
	r = mf_seqreader_open(p, MF_SEQ_AUTO, NULL);
	ck_assert_int_eq(mf_batch_read(b, r, 1), 2);
	ck_assert_str_eq(b->seq[1].seq, "NACGTN");
	ck_assert_float_eq(b->x[6 * 4 + 0], 0.0f);          /* b, position 0: N */
	ck_assert_float_eq(b->x[6 * 4 + 4 + 0], 1.0f);      /* b, position 1: A */
	ck_assert_int_eq(mf_batch_read(b, r, 1), 1);
	ck_assert_str_eq(b->seq[0].seq, "CGTACG");
	ck_assert_int_eq(mf_batch_read(b, r, 1), 0);
	mf_seqreader_close(r);
	mf_batch_destroy(b);
	free(p);
}
END_TEST

static Suite *seqio_suite(void)
{
	Suite *s = suite_create("seqio");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fasta_multiline_empty_lowercase);
	tcase_add_test(tc, fasta_crlf_and_no_final_newline);
	tcase_add_test(tc, fasta_gzip_and_bgzip);
	tcase_add_test(tc, fasta_truncated_gzip_is_an_error);
	tcase_add_test(tc, fasta_empty_file_has_no_records);
	tcase_add_test(tc, fasta_garbage_is_an_error);
	tcase_add_test(tc, fasta_from_stdin);
	tcase_add_test(tc, fasta_missing_file);
	tcase_add_test(tc, empty_cr_only_and_repeated_names);
	tcase_add_test(tc, simdata_without_final_newline);
	tcase_add_test(tc, simdata_bad_rows);
	tcase_add_test(tc, bed_with_and_without_names);
	tcase_add_test(tc, bed_resize_around_centre);
	tcase_add_test(tc, bed_off_the_end_and_padding);
	tcase_add_test(tc, bed_missing_chromosome_and_bad_lines);
	tcase_add_test(tc, bed_gzip_genome_not_bgzip_is_explained);
	tcase_add_test(tc, bed_index_built_by_concurrent_processes);
	tcase_add_test(tc, bed_stale_or_wrong_index);
	tcase_add_test(tc, onehot_codes);
	tcase_add_test(tc, revcomp_odd_even_iupac);
	tcase_add_test(tc, batch_lengths_and_resize);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(seqio_suite());
}
