/* report.c: naming, building and committing discover's outputs, all or none (see report.h). */
#include "discover/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "discover/rep_write.h"
#include "io/tmpfile.h"
#include "io/writer.h"

enum { OUT_MEME, OUT_CWM, OUT_NPZ, OUT_BED, OUT_HTML, OUT_H5 }; /* OUT_H5 + task */
static const char *const SUFFIX[OUT_H5] = {".meme", ".cwm.meme", ".patterns.npz", ".seqlets.bed",
	".html"};

struct mf_report {
	mf_motifset_t *db;
	char *dbpath;
	int n_matches;
	char **paths;
	int npaths;
};

/* A task name as a file name part: anything but letters, digits, '.', '-' and '_' becomes '_'. */
static char *h5_path(const char *prefix, const char *task, int one)
{
	char *p = NULL;
	if (one)
		return mf_path_join(prefix, ".h5");
	if (asprintf(&p, "%s.%s.h5", prefix, task) < 0)
		return NULL;
	for (char *c = p + strlen(prefix) + 1; c[3]; ++c)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
				*c == '.' || *c == '-' || *c == '_'))
			*c = '_';
	return p;
}

mf_report_t *mf_report_open(const char *prefix, const char *db, int n_matches,
		const mf_dseqs_t *s, const int *tasks, int nt)
{
	mf_report_t *r = calloc(1, sizeof *r);
	if (!r || !(r->paths = calloc((size_t)(OUT_H5 + nt), sizeof *r->paths))) {
		mf_report_close(r);
		mf_error("out of memory");
		return NULL;
	}
	r->n_matches = n_matches;
	for (int i = 0; i < OUT_H5 + nt; ++i) {
		r->paths[i] = i < OUT_H5 ? mf_path_join(prefix, SUFFIX[i]) :
			h5_path(prefix, s->tasks[tasks[i - OUT_H5]], nt == 1);
		if (!r->paths[i]) {
			mf_report_close(r);
			mf_error("out of memory");
			return NULL;
		}
		r->npaths = i + 1;
	}
	if (n_matches > 0) {
		r->dbpath = db ? strdup(db) : mf_motif_default_path("encode_motifs.txt.gz");
		if (!r->dbpath || !(r->db = mf_motifset_load(r->dbpath, MF_MOTIF_AUTO))) {
			mf_report_close(r);
			return NULL;
		}
	}
	return r;
}

void mf_report_close(mf_report_t *r)
{
	if (!r)
		return;
	mf_motifset_destroy(r->db);
	for (int i = 0; r->paths && i < r->npaths; ++i)
		free(r->paths[i]);
	free(r->paths), free(r->dbpath);
	free(r);
}

const char *const *mf_report_paths(const mf_report_t *r, int *n)
{
	*n = r->npaths;
	return (const char *const *)r->paths;
}

/* Everything opened and written, nothing renamed yet. */
typedef struct {
	mf_out_t *txt[OUT_H5];
	mf_npz_t *npz;
	char **h5tmp;
	int nh5;
} pending_t;

static void abort_all(pending_t *p, const mf_report_t *r)
{
	for (int i = 0; i < OUT_H5; ++i)
		mf_out_abort(p->txt[i]), p->txt[i] = NULL;
	mf_npz_abort(p->npz), p->npz = NULL;
	for (int t = 0; p->h5tmp && t < p->nh5; ++t)
		if (p->h5tmp[t]) {
			mf_output_commit(p->h5tmp[t], r->paths[OUT_H5 + t], -1);
			free(p->h5tmp[t]), p->h5tmp[t] = NULL;
		}
}

/* Renames everything into place; when one fails, removes those already renamed. */
static int commit_all(pending_t *p, const mf_report_t *r)
{
	int done = 0, rc = 0;
	for (int i = 0; rc == 0 && i < r->npaths; ++i) {
		if (i == OUT_NPZ)
			rc = mf_npz_close(p->npz), p->npz = NULL;
		else if (i < OUT_H5)
			rc = mf_out_close(p->txt[i]), p->txt[i] = NULL;
		else {
			rc = mf_output_commit(p->h5tmp[i - OUT_H5], r->paths[i], 0);
			free(p->h5tmp[i - OUT_H5]), p->h5tmp[i - OUT_H5] = NULL;
		}
		done = rc == 0 ? i + 1 : i;
	}
	if (rc < 0) {
		for (int i = 0; i < done; ++i)
			unlink(r->paths[i]);
		abort_all(p, r);
		mf_error("could not finish the outputs of %s...; none is left", r->paths[0]);
	}
	return rc;
}

static int write_text(pending_t *p, const mf_report_t *r, const mf_rmodel_t *m, const char *cmdline)
{
	for (int i = 0; i < OUT_H5; ++i) {
		if (i == OUT_NPZ)
			continue;
		kstring_t k = {0, 0, NULL};
		int rc = i == OUT_MEME ? mf_rep_meme(&k, m, 0) : i == OUT_CWM ? mf_rep_meme(&k, m, 1) :
			i == OUT_BED ? mf_rep_bed(&k, m) : mf_rep_html(&k, m, cmdline);
		if (rc < 0)
			mf_error("out of memory writing %s", r->paths[i]);
		if (rc == 0 && (!(p->txt[i] = mf_out_open(r->paths[i])) ||
				mf_out_write(p->txt[i], k.s ? k.s : "", k.l) < 0))
			rc = -1;
		free(k.s);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int write_binary(pending_t *p, const mf_report_t *r, const mf_rmodel_t *m)
{
	if (!(p->npz = mf_npz_open(r->paths[OUT_NPZ])) || mf_rep_npz(p->npz, m) < 0)
		return -1;
	for (int t = 0; t < p->nh5; ++t) {
		int fd = mf_output_create(r->paths[OUT_H5 + t], &p->h5tmp[t]);
		if (fd < 0)
			return -1;
		close(fd);
		if (mf_rep_h5(p->h5tmp[t], m, t) < 0)
			return -1;
	}
	return 0;
}

int mf_report_write(mf_report_t *r, const mf_dtask_t *res, int nt, const mf_dseqs_t *s,
		const char *cmdline, int threads)
{
	mf_rmodel_t m;
	pending_t p = {{NULL}, NULL, NULL, nt};
	if (mf_rmodel_build(&m, s, res, nt, r->db, r->dbpath, r->n_matches, threads) < 0)
		return -1;
	int rc = (p.h5tmp = calloc((size_t)nt + 1, sizeof *p.h5tmp)) ? 0 : -1;
	if (rc == 0)
		rc = write_text(&p, r, &m, cmdline);
	if (rc == 0)
		rc = write_binary(&p, r, &m);
	if (rc == 0)
		rc = commit_all(&p, r);
	else
		abort_all(&p, r);
	free(p.h5tmp);
	mf_rmodel_free(&m);
	return rc;
}
