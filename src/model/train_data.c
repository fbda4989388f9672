/* train_data.c (room train): loading labelled sequences into memory for training. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/keras_io.h"
#include "io/labels.h"
#include "base/log.h"
#include "io/nameset.h"
#include "io/seqio.h"
#include "io/tasks.h"
#include "model/train.h"

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

/* ---- sequences into datasets ------------------------------------------------------------ */

void mf_dataset_free(mf_dataset_t *d)
{
	if (!d)
		return;
	free((float *)d->x);
	free((float *)d->y);
	for (int t = 0; d->task_names && t < d->n_tasks; ++t)
		free(d->task_names[t]);
	free(d->task_names);
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

static const float *labels_of(const mf_labels_t *L, const mf_seq_t *s, int *T)
{
	if (!L) {
		*T = s->n_labels;
		return s->labels;
	}
	*T = mf_labels_n_tasks(L);
	return mf_labels_find(L, s->name);
}

/* Routes one record to train or valid; 0, or -1 on an error (logged). */
static int route(const mf_seq_t *s, const mf_labels_t *L, const mf_nameset_t *tn,
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

static void free_names(char **names, int n)
{
	for (int t = 0; names && t < n; ++t)
		free(names[t]);
	free(names);
}

/* The data's names for the T label columns (tasks.h), copied; NULL when it has none. */
static char **data_task_names(const mf_seqreader_t *r, int T)
{
	const char **view = T > 0 ? calloc((size_t)T, sizeof *view) : NULL;
	char **names = view && mf_task_names_from_data(r, T, view) ? calloc((size_t)T, sizeof *names)
		: NULL;
	for (int t = 0; names && t < T; ++t)
		if (!(names[t] = strdup(view[t]))) {
			free_names(names, t);
			names = NULL;
		}
	free(view);
	return names;
}

int mf_train_load(const char *seq_path, const char *labels_path, const mf_nameset_t *train_names,
	const mf_nameset_t *valid_names, int in_len, mf_dataset_t *train, mf_dataset_t *valid)
{
	mf_labels_t *L = NULL;
	grow_t gt = {0}, gv = {0};
	int T = 0, rc = -1, got;
	char **names = NULL; /* freed at done:, which an early failure reaches too */
	memset(train, 0, sizeof *train);
	memset(valid, 0, sizeof *valid);
	if (labels_path && !(L = mf_labels_load(labels_path)))
		goto done;
	mf_seqopt_t so;
	mf_seqopt_init(&so);
	so.if_empty = MF_EMPTY_ERROR; /* nothing to train on */
	mf_seqreader_t *r = mf_seqreader_open(seq_path, MF_SEQ_AUTO, &so);
	if (!r)
		goto done;
	mf_seq_t s;
	mf_seq_init(&s);
	while ((got = mf_seqreader_read(r, &s)) == 1)
		if (route(&s, L, train_names, valid_names, in_len, &T, &gt, &gv, seq_path) < 0)
			break;
	mf_seq_free(&s);
	names = got == 0 && !L ? data_task_names(r, T) : NULL;
	mf_seqreader_close(r);
	if (got != 0)
		goto done;
	if (gt.n == 0) {
		mf_error("%s: no training sequences (check --train/--valid)", seq_path);
		goto done;
	}
	*train = (mf_dataset_t){.x = gt.x, .y = gt.y, .n = gt.n, .n_tasks = T, .task_names = names};
	*valid = (mf_dataset_t){.x = gv.x, .y = gv.y, .n = gv.n, .n_tasks = T};
	names = NULL;
	gt.x = gt.y = gv.x = gv.y = NULL;
	rc = 0;
done:
	free(gt.x);
	free(gt.y);
	free(gv.x);
	free(gv.y);
	mf_labels_destroy(L);
	free_names(names, T);
	return rc;
}
