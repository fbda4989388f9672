#include "io/labels.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include "io/bgzf_line.h"
#include "base/log.h"

enum { MAX_TASKS = 1024 };

typedef struct {
	char *name;
	float *y;
} label_row_t;

struct mf_labels {
	label_row_t *rows;
	size_t n, cap;
	int n_tasks;
};

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const label_row_t *)a)->name, ((const label_row_t *)b)->name);
}

static int add_row(mf_labels_t *L, const char *name, const float *y, int k)
{
	if (L->n == L->cap) {
		size_t cap = L->cap ? 2 * L->cap : 256;
		label_row_t *r = realloc(L->rows, cap * sizeof *r);
		if (!r)
			return -1;
		L->rows = r, L->cap = cap;
	}
	label_row_t *r = &L->rows[L->n];
	r->name = strdup(name);
	r->y = malloc((size_t)k * sizeof *r->y);
	if (!r->name || !r->y) {
		free(r->name), free(r->y);
		return -1;
	}
	memcpy(r->y, y, (size_t)k * sizeof *y);
	++L->n;
	return 0;
}

/* One line into L; 1 if it was the header, 0 stored, -1 error (logged). */
static int parse_line(mf_labels_t *L, char *line, const char *path, long ln)
{
	char *save = NULL, *name = strtok_r(line, "\t\r", &save), *tok;
	float y[MAX_TASKS];
	int k = 0;
	while ((tok = strtok_r(NULL, "\t\r", &save))) {
		char *end;
		double v = strtod(tok, &end);
		if (*end || end == tok) {
			if (ln == 1)
				return 1;
			mf_error("%s: line %ld: label '%s' is not a number", path, ln, tok);
			return -1;
		}
		if (k == MAX_TASKS) {
			mf_error("%s: line %ld: more than %d labels", path, ln, MAX_TASKS);
			return -1;
		}
		y[k++] = (float)v;
	}
	if (!name || k == 0 || (L->n_tasks && k != L->n_tasks)) {
		mf_error("%s: line %ld: expected a name and %d labels", path, ln, L->n_tasks ? L->n_tasks : 1);
		return -1;
	}
	L->n_tasks = k;
	if (add_row(L, name, y, k) < 0) {
		mf_error("%s: out of memory at line %ld", path, ln);
		return -1;
	}
	return 0;
}

mf_labels_t *mf_labels_load(const char *path)
{
	mf_labels_t *L = calloc(1, sizeof *L);
	BGZF *fp = L ? bgzf_open(path, "r") : NULL;
	if (!fp) {
		mf_error("cannot open the labels file '%s': %s", path, strerror(errno ? errno : EIO));
		mf_labels_destroy(L);
		return NULL;
	}
	kstring_t line = {0, 0, NULL};
	long ln = 0;
	int rc = 0, got;
	while (rc >= 0 && (got = mf_bgzf_getline(fp, &line)) >= 0) {
		++ln;
		if (mf_kline_has_cr(&line)) {
			mf_error("%s: line %ld: %s", path, ln, MF_CR_ONLY_HINT);
			rc = -1;
		} else if (line.l && line.s[0] != '#') {
			rc = parse_line(L, line.s, path, ln);
		}
	}
	if (rc >= 0 && (got < -1 || fp->errcode)) {
		mf_error("%s: read error after line %ld: the file is truncated or corrupt", path, ln);
		rc = -1;
	}
	free(line.s);
	bgzf_close(fp);
	if (rc >= 0 && L->n == 0) {
		mf_error("%s: no labels", path);
		rc = -1;
	}
	if (rc < 0) {
		mf_labels_destroy(L);
		return NULL;
	}
	qsort(L->rows, L->n, sizeof *L->rows, cmp_row);
	for (size_t i = 1; i < L->n; ++i) /* sorted: a repeated name sits next to itself */
		if (strcmp(L->rows[i].name, L->rows[i - 1].name) == 0) {
			mf_error("%s: '%s' has labels on two lines; which to use is unclear", path,
				L->rows[i].name);
			mf_labels_destroy(L);
			return NULL;
		}
	return L;
}

int mf_labels_n_tasks(const mf_labels_t *L) { return L->n_tasks; }

const float *mf_labels_find(const mf_labels_t *L, const char *name)
{
	label_row_t key = {.name = (char *)name};
	const label_row_t *r = bsearch(&key, L->rows, L->n, sizeof *L->rows, cmp_row);
	return r ? r->y : NULL;
}

void mf_labels_destroy(mf_labels_t *L)
{
	if (!L)
		return;
	for (size_t i = 0; i < L->n; ++i) {
		free(L->rows[i].name);
		free(L->rows[i].y);
	}
	free(L->rows);
	free(L);
}
