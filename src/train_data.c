/* train_data.c (room train): loading labelled sequences into memory for training. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras_io.h"
#include "log.h"
#include "nameset.h"
#include "seqio.h"
#include "train.h"

/* ---- the untrained model ------------------------------------------------------------- */

static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		mf_error("%s: cannot open the architecture file", path);
		return NULL;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	do {
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = (cap ? cap * 2 : 8192));
			if (!nb) {
				free(buf);
				fclose(fp);
				mf_error("%s: out of memory", path);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, 4096, fp);
		len += got;
	} while (got > 0);
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		mf_error("%s: read error", path);
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

mf_model_t *mf_train_new_model(const char *arch_path, uint64_t seed)
{
	char *text = arch_path ? read_text(arch_path) : NULL;
	if (arch_path && !text)
		return NULL;
	mf_model_t *m = mf_keras_parse_config(text ? text : mf_train_paper_arch(),
		arch_path ? arch_path : "paper architecture");
	free(text);
	if (m && mf_train_init_weights(m, seed) < 0) {
		mf_model_destroy(m);
		return NULL;
	}
	return m;
}

/* ---- labels TSV ------------------------------------------------------------------------ */

typedef struct {
	char *name;
	float *y;
} label_row_t;

typedef struct {
	label_row_t *rows;
	size_t n;
	int n_tasks;
} label_table_t;

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const label_row_t *)a)->name, ((const label_row_t *)b)->name);
}

static void table_free(label_table_t *L)
{
	for (size_t i = 0; i < L->n; ++i) {
		free(L->rows[i].name);
		free(L->rows[i].y);
	}
	free(L->rows);
}

/* "name<TAB>y1<TAB>y2..." -> L; 1 for a header (first line, non-numeric), 0 stored, -1 error. */
static int table_line(label_table_t *L, char *line, const char *path, long ln)
{
	char *save = NULL, *name = strtok_r(line, "\t\r", &save), *tok;
	float y[1024];
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
		if (k == 1024) {
			mf_error("%s: line %ld: more than 1024 labels", path, ln);
			return -1;
		}
		y[k++] = (float)v;
	}
	if (!name || k == 0 || (L->n_tasks && k != L->n_tasks)) {
		mf_error("%s: line %ld: expected a name and %d labels", path, ln, L->n_tasks ? L->n_tasks : 1);
		return -1;
	}
	L->n_tasks = k;
	label_row_t *nr = realloc(L->rows, sizeof(label_row_t) * (L->n + 1));
	if (!nr)
		return -1;
	L->rows = nr;
	nr[L->n].name = strdup(name);
	nr[L->n].y = malloc(sizeof(float) * k);
	L->n++;
	if (!nr[L->n - 1].name || !nr[L->n - 1].y)
		return -1;
	memcpy(nr[L->n - 1].y, y, sizeof(float) * k);
	return 0;
}

static int table_load(label_table_t *L, const char *path)
{
	memset(L, 0, sizeof *L);
	FILE *fp = fopen(path, "r");
	if (!fp) {
		mf_error("%s: cannot open the labels file", path);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	long ln = 0;
	int rc = 0;
	while (rc >= 0 && getline(&line, &cap, fp) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (++ln, line[0] && line[0] != '#')
			rc = table_line(L, line, path, ln);
	}
	free(line);
	fclose(fp);
	if (rc >= 0 && L->n == 0) {
		mf_error("%s: no labels", path);
		rc = -1;
	}
	if (rc >= 0)
		qsort(L->rows, L->n, sizeof(label_row_t), cmp_row);
	return rc < 0 ? -1 : 0;
}

/* ---- sequences into datasets ------------------------------------------------------------ */

void mf_dataset_free(mf_dataset_t *d)
{
	if (!d)
		return;
	free((float *)d->x);
	free((float *)d->y);
	memset(d, 0, sizeof *d);
}

typedef struct {
	float *x, *y;
	int n, cap;
} grow_t;

static int grow_add(grow_t *g, const mf_seq_t *s, const float *y, int T, int in_len)
{
	if (g->n == g->cap) {
		int cap = g->cap ? g->cap * 2 : 1024;
		float *nx = realloc(g->x, sizeof(float) * (size_t)cap * in_len * 4);
		if (nx)
			g->x = nx;
		float *ny = nx ? realloc(g->y, sizeof(float) * (size_t)cap * T) : NULL;
		if (!ny)
			return -1;
		g->y = ny;
		g->cap = cap;
	}
	mf_onehot(s->seq, s->len, g->x + (size_t)g->n * in_len * 4);
	memcpy(g->y + (size_t)g->n * T, y, sizeof(float) * T);
	g->n++;
	return 0;
}

static const float *labels_of(const label_table_t *L, const mf_seq_t *s, int *T)
{
	if (!L) {
		*T = s->n_labels;
		return s->labels;
	}
	label_row_t key = {.name = s->name};
	const label_row_t *r = bsearch(&key, L->rows, L->n, sizeof(label_row_t), cmp_row);
	*T = L->n_tasks;
	return r ? r->y : NULL;
}

/* Routes one record to train or valid; 0, or -1 on an error (logged). */
static int route(const mf_seq_t *s, const label_table_t *L, const mf_nameset_t *tn,
	const mf_nameset_t *vn, int in_len, int *T, grow_t *gt, grow_t *gv, const char *path)
{
	int is_valid = vn && mf_nameset_has(vn, s->name);
	if (!is_valid && tn && !mf_nameset_has(tn, s->name))
		return 0;
	int nt = 0;
	const float *y = labels_of(L, s, &nt);
	if (!y || nt < 1) {
		mf_error("%s: record '%s': no labels%s", path, s->name, L ? " in the labels file" : " (give --labels)");
		return -1;
	}
	if (*T && nt != *T) {
		mf_error("%s: record '%s': %d labels, earlier records had %d", path, s->name, nt, *T);
		return -1;
	}
	*T = nt;
	if ((int64_t)s->len != in_len) {
		mf_error("%s: record '%s': length %zu but the model takes %d", path, s->name, s->len, in_len);
		return -1;
	}
	if (grow_add(is_valid ? gv : gt, s, y, nt, in_len) < 0) {
		mf_error("%s: out of memory at record '%s'", path, s->name);
		return -1;
	}
	return 0;
}

int mf_train_load(const char *seq_path, const char *labels_path, const mf_nameset_t *train_names,
	const mf_nameset_t *valid_names, int in_len, mf_dataset_t *train, mf_dataset_t *valid)
{
	label_table_t L = {0};
	grow_t gt = {0}, gv = {0};
	int T = 0, rc = -1, got;
	memset(train, 0, sizeof *train);
	memset(valid, 0, sizeof *valid);
	if (labels_path && table_load(&L, labels_path) < 0)
		goto done;
	mf_seqreader_t *r = mf_seqreader_open(seq_path, MF_SEQ_AUTO, NULL);
	if (!r)
		goto done;
	mf_seq_t s;
	mf_seq_init(&s);
	while ((got = mf_seqreader_read(r, &s)) == 1)
		if (route(&s, labels_path ? &L : NULL, train_names, valid_names, in_len, &T, &gt, &gv, seq_path) < 0)
			break;
	mf_seq_free(&s);
	mf_seqreader_close(r);
	if (got != 0)
		goto done;
	if (gt.n == 0) {
		mf_error("%s: no training sequences (check --train/--valid)", seq_path);
		goto done;
	}
	*train = (mf_dataset_t){.x = gt.x, .y = gt.y, .n = gt.n, .n_tasks = T};
	*valid = (mf_dataset_t){.x = gv.x, .y = gv.y, .n = gv.n, .n_tasks = T};
	gt.x = gt.y = gv.x = gv.y = NULL;
	rc = 0;
done:
	free(gt.x);
	free(gt.y);
	free(gv.x);
	free(gv.y);
	table_free(&L);
	return rc;
}
