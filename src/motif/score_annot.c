/* score_annot.c: what is known about each sequence besides its scores: task labels
 * (labels TSV or simdata) and motif instance counts (simdata embeddings or truth BED). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/bgzf.h>
#include <htslib/khash.h>
#include <htslib/kstring.h>

#include "io/bgzf_line.h"
#include "base/log.h"
#include "motif/score.h"

KHASH_MAP_INIT_STR(mf_strmap, char *) /* name -> tab-joined labels */
typedef struct {
	int n, cap;
	int64_t *iv; /* [2n]: start, end of each instance, 0-based half-open */
} instances_t;

KHASH_MAP_INIT_STR(mf_inst, instances_t) /* "name\tmotif" -> its embedded instances */

struct mf_annot {
	khash_t(mf_strmap) *labels;
	khash_t(mf_inst) *counts;
	char **label_names;
	int n_labels;
	int has_counts;
};

mf_annot_t *mf_annot_init(void)
{
	mf_annot_t *a = calloc(1, sizeof *a);
	if (a && (!(a->labels = kh_init(mf_strmap)) || !(a->counts = kh_init(mf_inst)))) {
		mf_annot_destroy(a);
		a = NULL;
	}
	if (!a)
		mf_error("out of memory");
	return a;
}

static void clear_instances(mf_annot_t *a)
{
	for (khiter_t k = 0; a->counts && k < kh_end(a->counts); ++k)
		if (kh_exist(a->counts, k))
			free((char *)kh_key(a->counts, k)), free(kh_value(a->counts, k).iv);
	if (a->counts)
		kh_clear(mf_inst, a->counts);
}

void mf_annot_destroy(mf_annot_t *a)
{
	if (!a)
		return;
	for (khiter_t k = 0; a->labels && k < kh_end(a->labels); ++k)
		if (kh_exist(a->labels, k))
			free((char *)kh_key(a->labels, k)), free(kh_value(a->labels, k));
	clear_instances(a);
	if (a->labels)
		kh_destroy(mf_strmap, a->labels);
	if (a->counts)
		kh_destroy(mf_inst, a->counts);
	for (int j = 0; j < a->n_labels; ++j)
		free(a->label_names[j]);
	free(a->label_names);
	free(a);
}

static int add_instance(mf_annot_t *a, const char *seq, const char *motif, size_t motif_len,
		int64_t start, int64_t end)
{
	kstring_t key = {0, 0, NULL};
	kputs(seq, &key), kputc('\t', &key), kputsn(motif, motif_len, &key);
	if (!key.s)
		return -1;
	int absent;
	khiter_t k = kh_put(mf_inst, a->counts, key.s, &absent);
	if (absent < 0) {
		free(key.s);
		return -1;
	}
	if (absent)
		kh_value(a->counts, k) = (instances_t){0, 0, NULL};
	else
		free(key.s);
	instances_t *v = &kh_value(a->counts, k);
	if (v->n == v->cap) {
		int cap = v->cap ? 2 * v->cap : 4;
		int64_t *iv = realloc(v->iv, (size_t)cap * 2 * sizeof *iv);
		if (!iv)
			return -1;
		v->iv = iv, v->cap = cap;
	}
	v->iv[2 * v->n] = start, v->iv[2 * v->n + 1] = end;
	++v->n;
	a->has_counts = 1;
	return 0;
}

/* simdata embeddings: "pos-12_GATA_disc1-ACGT,pos-40_revComp-TAL1_known1-ACGT". */
/* -1: out of memory; -2: an entry that is not "pos-START_[revComp-]MOTIF-SEQUENCE". */
static int count_embeddings(mf_annot_t *a, const char *seq, const char *emb)
{
	for (; emb && *emb; emb = strchr(emb, ',') ? strchr(emb, ',') + 1 : NULL) {
		const char *end = strchr(emb, ',');
		size_t len = end ? (size_t)(end - emb) : strlen(emb);
		if (len == 0)
			continue;
		const char *m = memchr(emb, '_', len);
		if (!m || strncmp(emb, "pos-", 4) != 0)
			return -2;
		++m;
		if (strncmp(m, "revComp-", 8) == 0)
			m += 8;
		const char *dash = NULL; /* the motif ends at the last '-' */
		for (const char *q = m; q < emb + len; ++q)
			if (*q == '-')
				dash = q;
		char *num_end;
		int64_t start = strtoll(emb + 4, &num_end, 10), width = dash ? emb + len - dash - 1 : 0;
		if (!dash || dash == m || num_end == emb + 4 || *num_end != '_' || start < 0 ||
				width <= 0)
			return -2;
		if (add_instance(a, seq, m, (size_t)(dash - m), start, start + width) < 0)
			return -1;
	}
	return 0;
}

/* Splits line in place on tabs into f (at most cap fields); returns the field count. */
static int split_tabs(char *line, char **f, int cap)
{
	int n = 0;
	for (char *p = line; p && n < cap;) {
		f[n++] = p;
		if ((p = strchr(p, '\t')))
			*p++ = '\0';
	}
	return n;
}

#define MAX_FIELDS 64

/* The header: which columns are labels (all but seqName, sequence, embeddings). */
static int read_label_header(mf_annot_t *a, char **f, int nf, int *is_label, int *emb_col,
		const char *path)
{
	*emb_col = -1;
	if (nf < 1 || strcmp(f[0], "seqName") != 0) {
		mf_error("%s: line 1: expected a header starting with 'seqName'", path);
		return -1;
	}
	for (int j = 1; j < nf; ++j) {
		is_label[j] = strcmp(f[j], "sequence") != 0 && strcmp(f[j], "embeddings") != 0;
		if (strcmp(f[j], "embeddings") == 0)
			*emb_col = j;
		if (!is_label[j])
			continue;
		char **v = realloc(a->label_names, (size_t)(a->n_labels + 1) * sizeof *v);
		if (!v || !(v[a->n_labels] = strdup(f[j]))) {
			a->label_names = v ? v : a->label_names;
			return -1;
		}
		a->label_names = v, ++a->n_labels;
	}
	return 0;
}

static int add_labels(mf_annot_t *a, char **f, int nf, const int *is_label)
{
	kstring_t v = {0, 0, NULL};
	for (int j = 1; j < nf; ++j)
		if (is_label[j]) {
			if (v.l)
				kputc('\t', &v);
			kputs(f[j], &v);
		}
	char *name = strdup(f[0]);
	int absent = -1;
	khiter_t k = name && (v.s || (v.s = strdup(""))) ?
		kh_put(mf_strmap, a->labels, name, &absent) : 0;
	if (absent < 0) {
		free(name), free(v.s);
		return -1;
	}
	if (!absent) { /* a repeated name: the first row wins */
		free(name), free(v.s);
		return 0;
	}
	kh_value(a->labels, k) = v.s;
	return 0;
}

int mf_annot_load_labels(mf_annot_t *a, const char *path)
{
	BGZF *fp = bgzf_open(path, "r");
	if (!fp) {
		mf_error("cannot open labels '%s': %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	kstring_t line = {0, 0, NULL};
	char *f[MAX_FIELDS];
	int is_label[MAX_FIELDS] = {0}, emb_col = -1, ret, rc = 0, n_header = 0, erc = 0;
	long lineno = 0;
	while (rc == 0 && (ret = mf_bgzf_getline(fp, &line)) >= 0) {
		++lineno;
		if (mf_kline_has_cr(&line)) {
			mf_error("%s: line %ld: %s", path, lineno, MF_CR_ONLY_HINT);
			rc = -1;
			break;
		}
		while (line.l && line.s[line.l - 1] == '\r')
			line.s[--line.l] = '\0';
		if (line.l == 0)
			continue;
		int nf = split_tabs(line.s, f, MAX_FIELDS);
		if (lineno == 1) {
			n_header = nf;
			rc = read_label_header(a, f, nf, is_label, &emb_col, path);
		} else if (nf != n_header) {
			mf_error("%s: line %ld: %d columns, the header has %d", path, lineno, nf, n_header);
			rc = -1;
		} else if (add_labels(a, f, nf, is_label) < 0 ||
				(emb_col > 0 && (erc = count_embeddings(a, f[0], f[emb_col])) == -1)) {
			mf_error("out of memory");
			rc = -1;
		} else if (erc == -2) {
			mf_error("%s: line %ld: '%s': unreadable embeddings '%s' (expected "
				"pos-START_MOTIF-SEQUENCE, comma-separated)", path, lineno, f[0], f[emb_col]);
			rc = -1;
		}
		if (emb_col > 0) /* embeddings known, even if this file has none: counts are 0 */
			a->has_counts = 1;
	}
	if (rc == 0 && (ret < -1 || fp->errcode)) {
		mf_error("%s: read error: the file is truncated or corrupt", path);
		rc = -1;
	}
	if (rc == 0 && lineno == 0) {
		mf_error("%s: empty labels file", path);
		rc = -1;
	}
	bgzf_close(fp);
	free(line.s);
	return rc;
}

int mf_annot_load_truth(mf_annot_t *a, const char *path)
{
	BGZF *fp = bgzf_open(path, "r");
	if (!fp) {
		mf_error("cannot open truth BED '%s': %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	kstring_t line = {0, 0, NULL};
	char *f[MAX_FIELDS];
	int ret, rc = 0;
	long lineno = 0;
	clear_instances(a); /* the truth replaces embeddings */
	a->has_counts = 1; /* even an empty truth says: no instances anywhere */
	while (rc == 0 && (ret = mf_bgzf_getline(fp, &line)) >= 0) {
		++lineno;
		if (mf_kline_has_cr(&line)) {
			mf_error("%s: line %ld: %s", path, lineno, MF_CR_ONLY_HINT);
			rc = -1;
			break;
		}
		if (line.l == 0 || line.s[0] == '#' || strncmp(line.s, "track", 5) == 0)
			continue;
		char *e1 = NULL, *e2 = NULL;
		int nf = split_tabs(line.s, f, MAX_FIELDS);
		long long start = nf >= 4 ? strtoll(f[1], &e1, 10) : 0;
		long long end = nf >= 4 ? strtoll(f[2], &e2, 10) : 0;
		if (nf < 4 || *f[1] == '\0' || *e1 || *f[2] == '\0' || *e2 || start < 0 || end < start) {
			mf_error("%s: line %ld: expected name, start, end (0 <= start <= end), motif", path,
				lineno);
			rc = -1;
		} else if (add_instance(a, f[0], f[3], strlen(f[3]), start, end) < 0) {
			mf_error("out of memory");
			rc = -1;
		}
	}
	if (rc == 0 && (ret < -1 || fp->errcode)) {
		mf_error("%s: read error: the file is truncated or corrupt", path);
		rc = -1;
	}
	bgzf_close(fp);
	free(line.s);
	return rc;
}

int mf_annot_nlabels(const mf_annot_t *a) { return a->n_labels; }
const char *mf_annot_label_name(const mf_annot_t *a, int j) { return a->label_names[j]; }
int mf_annot_has_counts(const mf_annot_t *a) { return a->has_counts; }

const char *mf_annot_labels(const mf_annot_t *a, const char *seq)
{
	khiter_t k = kh_get(mf_strmap, a->labels, seq);
	return k == kh_end(a->labels) ? NULL : kh_value(a->labels, k);
}

static const instances_t *find_instances(const mf_annot_t *a, const char *seq,
		const char *motif)
{
	char buf[512];
	if (snprintf(buf, sizeof buf, "%s\t%s", seq, motif) >= (int)sizeof buf)
		return NULL;
	khiter_t k = kh_get(mf_inst, a->counts, buf);
	return k == kh_end(a->counts) ? NULL : &kh_value(a->counts, k);
}

int mf_annot_count(const mf_annot_t *a, const char *seq, const char *motif)
{
	const instances_t *v = find_instances(a, seq, motif);
	return v ? v->n : 0;
}

int mf_annot_embedded(const mf_annot_t *a, const char *seq, const char *motif, int64_t start,
		int64_t end)
{
	const instances_t *v = find_instances(a, seq, motif);
	for (int i = 0; v && i < v->n; ++i)
		if (v->iv[2 * i] < end && start < v->iv[2 * i + 1])
			return 1;
	return 0;
}

const char *mf_seq_class(const char *name, char *buf, size_t cap)
{
	const char *u = strrchr(name, '_');
	size_t n = u ? (size_t)(u - name) : strlen(name);
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return buf;
}
