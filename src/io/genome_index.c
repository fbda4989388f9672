/* genome_index.c: the genome's faidx index (.fai, and .gzi for bgzip), built so that
 * processes starting together on one genome (Snakemake shards) never see a half-written
 * index: each builds into temporary files and renames them into place, .gzi first. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <htslib/bgzf.h>
#include <htslib/faidx.h>
#include <htslib/khash.h>

#include "base/log.h"
#include "io/bgzf_line.h"
#include "io/genome_index.h"
#include "io/tmpfile.h"
#include "io/writer.h"

static int directory_writable(const char *path)
{
	char *dir = mf_path_dir(path);
	int ok = dir && access(dir, W_OK | X_OK) == 0;
	free(dir);
	return ok;
}

/* bgzf_compression of the genome: 0 plain, 1 gzip, 2 bgzip; -1 when it cannot be opened. */
static int compression_of(const char *genome)
{
	BGZF *fp = bgzf_open(genome, "r");
	int comp = fp ? bgzf_compression(fp) : -1;
	if (fp)
		bgzf_close(fp);
	return comp;
}

/* Says why the index could not be built (building) or loaded, in terms a user can act on. */
static void explain_failure(const char *genome, const char *fai, int building)
{
	if (access(genome, R_OK) != 0) {
		mf_error("cannot read genome '%s': %s", genome, strerror(errno));
		return;
	}
	if (compression_of(genome) == 1) {
		mf_error("genome '%s' is gzip-compressed but not with bgzip, so it cannot be indexed; "
			"recompress it: zcat %s | bgzip > genome.fa.gz", genome, genome);
	} else if (building && directory_writable(fai)) {
		mf_error("genome '%s' cannot be indexed: it is not FASTA as faidx needs it (every "
			"line of a sequence but its last the same length, no empty or duplicate names)",
			genome);
	} else if (building || access(fai, F_OK) != 0) {
		mf_error("genome '%s' has no index '%s' and it cannot be built there (the directory "
			"is not writable); build it with 'samtools faidx %s' where you can write",
			genome, fai, genome);
	} else {
		mf_error("cannot load genome '%s' with its index (is the .fai out of date or the "
			"file not FASTA?); rebuild it with 'motiflift seq --index -g %s'", genome, genome);
	}
}

KHASH_SET_INIT_STR(mf_chroms)

/* faidx indexes the first of two records with one name and drops the other without a
 * word (its regions would silently come from the first): refuse such a genome. 0, or -1
 * (logged). One pass over the genome's lines, only when its index is built. */
static int names_unique(const char *genome)
{
	BGZF *fp = bgzf_open(genome, "r");
	khash_t(mf_chroms) *h = kh_init(mf_chroms);
	kstring_t line = {0, 0, NULL};
	long rec = 0;
	int rc = fp && h ? 0 : -1, ret;
	while (rc == 0 && (ret = mf_bgzf_getline(fp, &line)) >= 0) {
		if (line.l == 0 || line.s[0] != '>')
			continue;
		++rec;
		size_t n = strcspn(line.s + 1, " \t\r");
		char *name = strndup(line.s + 1, n);
		int absent = -1;
		if (name)
			kh_put(mf_chroms, h, name, &absent);
		if (absent == 0)
			mf_error("genome '%s': record %ld is named '%s' like an earlier record; chromosome "
				"names must be unique", genome, rec, name);
		if (absent <= 0) {
			free(name);
			rc = -1;
		}
	}
	for (khint_t k = 0; h && k < kh_end(h); ++k)
		if (kh_exist(h, k))
			free((char *)kh_key(h, k));
	kh_destroy(mf_chroms, h);
	free(line.s);
	if (fp)
		bgzf_close(fp);
	return rc; /* read errors: faidx has just read the same file without one */
}

/* Builds into temporaries and renames; the .gzi goes first, so whoever sees the .fai
 * also sees the .gzi it needs. */
static int build_atomically(const char *genome, const char *fai, const char *gzi)
{
	char *tmp_fai = NULL, *tmp_gzi = NULL;
	int fd1 = mf_tmpfile_create(fai, &tmp_fai);
	int fd2 = fd1 >= 0 ? mf_tmpfile_create(gzi, &tmp_gzi) : -1;
	if (fd1 >= 0)
		close(fd1);
	if (fd2 >= 0)
		close(fd2);
	int rc = fd1 >= 0 && fd2 >= 0 ? 0 : -1;
	int built = rc == 0 && fai_build3(genome, tmp_fai, tmp_gzi) == 0;
	if (rc == 0 && !built) {
		explain_failure(genome, fai, 1);
		rc = -1;
	}
	if (built && names_unique(genome) < 0)
		built = 0, rc = -1;
	struct stat st;
	if (tmp_gzi) {
		if (built && stat(tmp_gzi, &st) == 0 && st.st_size > 0)
			rc = mf_tmpfile_commit(tmp_gzi, gzi, rc);
		else
			mf_tmpfile_commit(tmp_gzi, gzi, -1); /* plain FASTA: no .gzi */
	}
	if (tmp_fai && mf_tmpfile_commit(tmp_fai, fai, rc) < 0)
		rc = -1;
	free(tmp_fai);
	free(tmp_gzi);
	return rc;
}

/* An index older than its genome, or a bgzip genome without its .gzi, no longer
 * describes the file: faidx would fetch the wrong bytes without complaint. */
static int index_outdated(const char *genome, const char *fai, const char *gzi)
{
	struct stat g, f;
	if (stat(genome, &g) != 0 || stat(fai, &f) != 0)
		return 0;
	if (g.st_mtim.tv_sec > f.st_mtim.tv_sec || (g.st_mtim.tv_sec == f.st_mtim.tv_sec &&
				g.st_mtim.tv_nsec > f.st_mtim.tv_nsec))
		return 1;
	return compression_of(genome) == 2 && access(gzi, F_OK) != 0;
}

int mf_genome_index(const char *genome, int rebuild)
{
	char *fai = mf_path_join(genome, ".fai"), *gzi = mf_path_join(genome, ".gzi");
	int rc = 0;
	if (!fai || !gzi) {
		rc = -1; /* logged */
	} else if (rebuild || access(fai, F_OK) != 0) {
		if (access(genome, R_OK) != 0 || !directory_writable(fai)) {
			explain_failure(genome, fai, 1);
			rc = -1;
		} else {
			rc = build_atomically(genome, fai, gzi);
		}
	} else if (index_outdated(genome, fai, gzi)) {
		if (directory_writable(fai)) {
			mf_info("genome '%s' is newer than its index '%s' (or lacks its .gzi): rebuilding "
				"the index", genome, fai);
			rc = build_atomically(genome, fai, gzi);
		} else {
			mf_error("genome '%s' is newer than its index '%s' (or lacks its .gzi), which "
				"cannot be rebuilt here; rebuild it with 'samtools faidx %s' where you can "
				"write", genome, fai, genome);
			rc = -1;
		}
	}
	free(fai);
	free(gzi);
	return rc;
}

/* A bgzip genome cut at a block boundary reads fine up to the cut: its missing BGZF
 * end-of-file marker is the only sign, as for FASTA inputs. */
static int bgzip_complete(const char *genome)
{
	BGZF *fp = bgzf_open(genome, "r");
	int ok = !fp || bgzf_compression(fp) != 2 || bgzf_check_EOF(fp) == 1;
	if (fp)
		bgzf_close(fp);
	if (!ok)
		mf_error("genome '%s': the BGZF end-of-file marker is missing: the file is truncated",
			genome);
	return ok;
}

faidx_t *mf_genome_open(const char *genome)
{
	if (mf_genome_index(genome, 0) < 0 || !bgzip_complete(genome))
		return NULL;
	faidx_t *f = fai_load3(genome, NULL, NULL, 0);
	if (!f) {
		char *fai = mf_path_join(genome, ".fai");
		explain_failure(genome, fai ? fai : genome, 0);
		free(fai);
	}
	return f;
}
