/* explain.c: the explain pipeline: batches in input order, references per sequence,
 * blocks of sequences over threads, averaging over references, residual checks. */
#include "explain/explain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "base/log.h"
#include "base/progress.h"
#include "base/rng.h"
#include "explain/shuffle.h"
#include "model/graph.h"

void mf_explain_opt_init(mf_explain_opt_t *o)
{
	memset(o, 0, sizeof *o);
	o->method = MF_METHOD_DEEPLIFT;
	o->rule = MF_RULE_GENOMICS;
	o->steps = 10;
	o->ref = MF_REF_SHUFFLE;
	o->freq[0] = 0.3, o->freq[1] = 0.2, o->freq[2] = 0.2, o->freq[3] = 0.3;
	o->n_refs = 20;
	o->k = 2;
	o->seed = 1;
	o->threads = 1;
	o->batch = 64;
	o->delta_warn = 1e-3;
	o->target = MF_TARGET_COUNTS;
	o->profile_rule = MF_PROFILE_RESCALE;
}

/* The profile the target reads: the selected output's positions and tracks. */
static int target_of(const mf_model_t *m, const mf_explain_opt_t *o, mf_target_t *tg)
{
	memset(tg, 0, sizeof *tg);
	tg->kind = o->target;
	tg->rule = o->profile_rule;
	if (o->target != MF_TARGET_PROFILE)
		return 0;
	mf_model_output_shape(m, m->output, &tg->len, &tg->ch);
	if (tg->len < 2) {
		mf_error("output '%s' has one position (%d values): it is no profile (explain it with "
			"--target counts, or pick the profile output with --head)",
			mf_model_output_name(m, m->output), tg->ch);
		return -1;
	}
	return 0;
}

int mf_explain_n_tasks(const mf_model_t *m, const mf_explain_opt_t *o)
{
	mf_target_t tg;
	if (target_of(m, o, &tg) < 0)
		return -1;
	int logit = mf_model_logit_layer(m);
	return o->target == MF_TARGET_PROFILE ? tg.ch
		: logit < 0 ? -1 : (int)mf_layer_out_size(&m->layers[logit]);
}

const char *mf_method_name(mf_method_t m)
{
	static const char *names[] = {"deeplift", "gradient", "grad-x-input", "guided-backprop",
		"integrated-gradients"};
	return names[m];
}

const char *mf_rule_name(mf_rule_t r)
{
	static const char *names[] = {"rescale", "revealcancel", "genomics-default", "gradient",
		"guided"};
	return names[r];
}

/* Per-thread scratch. */
typedef struct {
	mf_dl_work_t *w;
	float *mult, *lx, *lr, *points;
	float *rbar;
	double *acc_c, *acc_h, *gsum;
} thread_buf_t;

typedef struct {
	const mf_model_t *m;
	const mf_explain_opt_t *o;
	mf_deeplift_t *dl;
	mf_target_t tg;
	int *tasks, T, R, n_out, n_vals, nthreads, chunk; /* n_out tasks offered, n_vals values of the target layer */
	size_t L;
	mf_batch_t *batch;
	float *refs, *contrib, *hyp, *delta, *dlogit;
	thread_buf_t *tb;
	mf_kshuf_t *ks;
	gsl_rng *rng;
	char *shuf;
	mf_seqreader_t *ref_reader;
	mf_seq_t ref_rec;
	long n_few;
} explainer_t;

static int uses_deeplift_rules(const mf_explain_opt_t *o) { return o->method == MF_METHOD_DEEPLIFT; }

int mf_explain_refs_per_seq(const mf_explain_opt_t *o)
{
	if (o->method == MF_METHOD_GRADIENT)
		return 1;
	return o->ref == MF_REF_SHUFFLE || o->ref == MF_REF_FASTA ? o->n_refs : 1;
}

/* How many sequences one block (one call into deeplift.c) holds: enough rows for the
 * matrix products to run at speed, few enough that the scratch stays in the caches. */
static int block_seqs(const explainer_t *e)
{
	if (e->o->method == MF_METHOD_IG)
		return 1;
	int rows = (uses_deeplift_rules(e->o) ? e->R : 1) * e->T;
	int cs = rows >= 32 ? 1 : 32 / rows;
	return cs > e->o->batch ? e->o->batch : cs;
}

/* Points per block for integrated gradients (each a sequence for deeplift.c). */
static int ig_block(const explainer_t *e)
{
	int n = e->R * e->o->steps;
	return n < 64 ? n : 64;
}

static int alloc_thread(explainer_t *e, thread_buf_t *t)
{
	size_t in = e->L * 4, cs = (size_t)e->chunk, R = (size_t)e->R, T = (size_t)e->T;
	int ig = e->o->method == MF_METHOD_IG;
	int seqs = ig ? ig_block(e) : e->chunk, refs = uses_deeplift_rules(e->o) ? e->R : 1;
	t->w = mf_dl_work_create(e->dl, seqs, refs, e->T);
	size_t rows = ig ? (size_t)seqs : cs * (size_t)refs;
	t->mult = malloc(T * rows * in * sizeof(float));
	t->lx = malloc((rows + cs) * (size_t)e->n_vals * sizeof(float));
	t->lr = malloc((cs * R + R) * (size_t)e->n_vals * sizeof(float));
	t->points = ig ? malloc(R * (size_t)e->o->steps * in * sizeof(float)) : NULL;
	t->acc_c = malloc(in * T * sizeof(double));
	t->acc_h = malloc(in * T * sizeof(double));
	t->rbar = malloc(in * sizeof(float));
	t->gsum = ig ? malloc(R * T * in * sizeof(double)) : NULL;
	return t->rbar && t->w && t->mult && t->lx && t->lr && (!ig || (t->points && t->gsum)) && t->acc_c &&
		t->acc_h ? 0 : -1;
}

static void free_thread(thread_buf_t *t)
{
	mf_dl_work_destroy(t->w);
	free(t->mult), free(t->lx), free(t->lr), free(t->points);
	free(t->acc_c), free(t->acc_h), free(t->gsum), free(t->rbar);
}

static void explainer_free(explainer_t *e)
{
	if (e->tb)
		for (int i = 0; i < e->nthreads; ++i)
			free_thread(&e->tb[i]);
	free(e->tb);
	mf_deeplift_destroy(e->dl);
	mf_batch_destroy(e->batch);
	free(e->refs), free(e->contrib), free(e->hyp), free(e->delta), free(e->dlogit);
	free(e->tasks);
	free(e->shuf);
	mf_kshuf_destroy(e->ks);
	if (e->rng)
		gsl_rng_free(e->rng);
	mf_seqreader_close(e->ref_reader);
	mf_seq_free(&e->ref_rec);
}

static mf_rule_t rule_for(const mf_explain_opt_t *o)
{
	switch (o->method) {
	case MF_METHOD_DEEPLIFT: return o->rule;
	case MF_METHOD_GUIDED: return MF_RULE_GUIDED;
	default: return MF_RULE_GRADIENT;
	}
}

static int resolve_tasks(explainer_t *e)
{
	const mf_explain_opt_t *o = e->o;
	e->T = o->tasks ? o->n_tasks : e->n_out;
	e->tasks = malloc((size_t)e->T * sizeof *e->tasks);
	if (!e->tasks)
		return -1;
	for (int t = 0; t < e->T; ++t) {
		e->tasks[t] = o->tasks ? o->tasks[t] : t;
		if (e->tasks[t] < 0 || e->tasks[t] >= e->n_out) {
			mf_error("task %d does not exist: the model's output has %d %s (tasks 0..%d)",
				e->tasks[t], e->n_out, e->tg.kind == MF_TARGET_PROFILE ? "tracks" : "values",
				e->n_out - 1);
			return -1;
		}
	}
	return 0;
}

static int explainer_init(explainer_t *e, const mf_model_t *m, const mf_explain_opt_t *o)
{
	memset(e, 0, sizeof *e);
	mf_seq_init(&e->ref_rec);
	e->m = m, e->o = o;
	if (m->in_ch != 4) {
		mf_error("the model reads %d channels per position; explain needs one-hot DNA (4)", m->in_ch);
		return -1;
	}
	e->L = (size_t)m->in_len;
	if (target_of(m, o, &e->tg) < 0 || !(e->dl = mf_deeplift_create_target(m, rule_for(o), &e->tg)))
		return -1;
	e->n_out = mf_deeplift_n_tasks(e->dl);
	e->n_vals = (int)mf_layer_out_size(&m->layers[mf_deeplift_target_layer(e->dl)]);
	if (resolve_tasks(e) < 0)
		return -1;
	e->R = mf_explain_refs_per_seq(o);
	e->chunk = block_seqs(e);
#ifdef _OPENMP
	e->nthreads = o->threads > 0 ? o->threads : 1;
#else
	e->nthreads = 1;
#endif
	size_t B = (size_t)o->batch, in = e->L * 4, T = (size_t)e->T, R = (size_t)e->R;
	e->batch = mf_batch_create(o->batch, e->L);
	e->refs = malloc(B * R * in * sizeof(float));
	e->contrib = malloc(B * in * T * sizeof(float));
	e->hyp = malloc(B * in * T * sizeof(float));
	e->delta = malloc(B * R * T * sizeof(float));
	e->dlogit = calloc(B * R * T, sizeof(float));
	e->tb = calloc((size_t)e->nthreads, sizeof *e->tb);
	if (!e->batch || !e->refs || !e->contrib || !e->hyp || !e->delta || !e->dlogit || !e->tb)
		goto oom;
	for (int i = 0; i < e->nthreads; ++i)
		if (alloc_thread(e, &e->tb[i]) < 0)
			goto oom;
	if (o->ref == MF_REF_SHUFFLE && o->method != MF_METHOD_GRADIENT) {
		e->ks = mf_kshuf_create();
		e->rng = gsl_rng_alloc(mf_rng_type());
		e->shuf = malloc(R * e->L + 1);
		if (!e->ks || !e->rng || !e->shuf)
			goto oom;
	}
	if (o->ref == MF_REF_FASTA && o->method != MF_METHOD_GRADIENT &&
			!(e->ref_reader = mf_seqreader_open(o->ref_fasta, MF_SEQ_AUTO, NULL)))
		return -1;
	return 0;
oom:
	mf_error("out of memory setting up explain (batch %d, %d references, %d tasks)", o->batch,
		e->R, e->T);
	return -1;
}

/* ---- references ----------------------------------------------------------------------- */

static int shuffled_refs(explainer_t *e, const mf_seq_t *s, float *out)
{
	double nd = 0;
	if (mf_shuffle_refs(e->ks, e->rng, e->o->seed, s->name, s->seq, s->len, e->o->k, e->R,
			e->shuf, &nd) < 0)
		return -1;
	if (nd < e->R) {
		++e->n_few;
		mf_warn("'%s' has only %.0f distinct %d-let shuffles (itself included) but %d references "
			"were asked for: some references repeat", s->name, nd, e->o->k, e->R);
	}
	for (int j = 0; j < e->R; ++j)
		mf_onehot(e->shuf + (size_t)j * s->len, s->len, out + (size_t)j * e->L * 4);
	return 0;
}

static int fasta_refs(explainer_t *e, const mf_seq_t *s, float *out)
{
	for (int j = 0; j < e->R; ++j) {
		int ret = mf_seqreader_read(e->ref_reader, &e->ref_rec);
		if (ret == 0)
			mf_error("%s: ran out of references at input '%s' (%d per input are needed)",
				e->o->ref_fasta, s->name, e->R);
		if (ret <= 0)
			return -1;
		if (e->ref_rec.len != e->L) {
			mf_error("%s: reference '%s' for input '%s' has length %zu, expected %zu",
				e->o->ref_fasta, e->ref_rec.name, s->name, e->ref_rec.len, e->L);
			return -1;
		}
		mf_onehot(e->ref_rec.seq, e->L, out + (size_t)j * e->L * 4);
	}
	return 0;
}

static int make_refs(explainer_t *e, int n)
{
	size_t in = e->L * 4;
	for (int s = 0; s < n; ++s) {
		float *r = e->refs + (size_t)s * e->R * in;
		const mf_seq_t *seq = &e->batch->seq[s];
		if (e->o->method == MF_METHOD_GRADIENT || e->o->ref == MF_REF_ZEROS) {
			memset(r, 0, (size_t)e->R * in * sizeof *r);
		} else if (e->o->ref == MF_REF_FREQ) {
			for (size_t k = 0; k < (size_t)e->R * in; ++k)
				r[k] = (float)e->o->freq[k % 4];
		} else if (e->o->ref == MF_REF_SHUFFLE) {
			if (shuffled_refs(e, seq, r) < 0)
				return -1;
		} else if (fasta_refs(e, seq, r) < 0) {
			return -1;
		}
	}
	return 0;
}

/* ---- combining multipliers into scores --------------------------------------------------- */

/* Adds one pair's scores for task ti to the accumulators and returns the sum of its
 * contributions: contrib = m (x - r); hyp[l][b] = m[l][b] - sum_c m[l][c] r[l][c]. */
static double add_pair(const explainer_t *e, thread_buf_t *t, int ti, const float *g,
		const float *x, const float *r)
{
	double sum = 0;
	int T = e->T;
	for (size_t l = 0; l < e->L; ++l) {
		const float *gl = g + 4 * l, *xl = x + 4 * l, *rl = r + 4 * l;
		double dot = 0;
		for (int c = 0; c < 4; ++c)
			dot += (double)gl[c] * rl[c];
		for (int c = 0; c < 4; ++c) {
			float cc = gl[c] * (xl[c] - rl[c]);
			size_t k = (4 * l + (size_t)c) * (size_t)T + (size_t)ti;
			t->acc_c[k] += cc;
			t->acc_h[k] += gl[c] - dot;
			sum += cc;
		}
	}
	return sum;
}

static void store_mean(const explainer_t *e, const thread_buf_t *t, int seq, double nref)
{
	size_t n = e->L * 4 * (size_t)e->T, off = (size_t)seq * n;
	for (size_t k = 0; k < n; ++k) {
		e->contrib[off + k] = (float)(t->acc_c[k] / nref);
		e->hyp[off + k] = (float)(t->acc_h[k] / nref);
	}
}

static void clear_acc(const explainer_t *e, thread_buf_t *t)
{
	size_t n = e->L * 4 * (size_t)e->T;
	memset(t->acc_c, 0, n * sizeof *t->acc_c);
	memset(t->acc_h, 0, n * sizeof *t->acc_h);
}

/* DeepLIFT: mult is [T][cs][R][L][4]. */
static void combine_pairs(explainer_t *e, thread_buf_t *t, int s0, int cs)
{
	size_t in = e->L * 4;
	int R = e->R, T = e->T, P = cs * R;
	const double *expected = mf_dl_work_expected(t->w);
	for (int s = 0; s < cs; ++s) {
		int seq = s0 + s;
		const float *x = e->batch->x + (size_t)seq * in;
		clear_acc(e, t);
		for (int ti = 0; ti < T; ++ti)
			for (int j = 0; j < R; ++j) {
				const float *g = t->mult + (((size_t)ti * cs + s) * R + j) * in;
				const float *r = e->refs + ((size_t)seq * R + j) * in;
				double sum = add_pair(e, t, ti, g, x, r);
				double dl = expected[(size_t)ti * P + (size_t)s * R + j];
				e->delta[((size_t)seq * R + j) * T + ti] = (float)(sum - dl);
				e->dlogit[((size_t)seq * R + j) * T + ti] = (float)dl;
			}
		store_mean(e, t, seq, R);
	}
}

/* Gradient methods: mult is [T][cs][L][4], independent of the reference, so the mean over
 * references of g (x - r) is g (x - mean r). */
static void combine_gradient(explainer_t *e, thread_buf_t *t, int s0, int cs)
{
	size_t in = e->L * 4;
	int R = e->R, T = e->T, raw = e->o->method == MF_METHOD_GRADIENT;
	float *rbar = t->rbar;
	for (int s = 0; s < cs; ++s) {
		int seq = s0 + s;
		const float *x = e->batch->x + (size_t)seq * in;
		for (size_t k = 0; k < in; ++k) {
			double a = 0;
			for (int j = 0; j < R; ++j)
				a += e->refs[((size_t)seq * R + j) * in + k];
			rbar[k] = (float)(a / R);
		}
		clear_acc(e, t);
		for (int ti = 0; ti < T; ++ti) {
			const float *g = t->mult + ((size_t)ti * cs + s) * in;
			if (raw)
				for (size_t k = 0; k < in; ++k)
					t->acc_c[k * T + ti] = t->acc_h[k * T + ti] = g[k];
			else
				add_pair(e, t, ti, g, x, rbar);
			for (int j = 0; j < R; ++j)
				e->delta[((size_t)seq * R + j) * T + ti] = NAN;
		}
		store_mean(e, t, seq, 1);
	}
}

/* Integrated gradients for one sequence: for each reference r_j the mean gradient at the
 * midpoints r_j + (i + 1/2)/steps (x - r_j), times (x - r_j). */
static int run_ig(explainer_t *e, thread_buf_t *t, int seq)
{
	size_t in = e->L * 4;
	int R = e->R, T = e->T, S = e->o->steps, np = R * S, blk = ig_block(e), no = e->n_vals;
	const float *x = e->batch->x + (size_t)seq * in, *refs = e->refs + (size_t)seq * R * in;
	for (int j = 0; j < R; ++j)
		for (int i = 0; i < S; ++i) {
			float a = (float)((i + 0.5) / S);
			float *z = t->points + ((size_t)j * S + i) * in;
			for (size_t k = 0; k < in; ++k)
				z[k] = refs[(size_t)j * in + k] + a * (x[k] - refs[(size_t)j * in + k]);
		}
	memset(t->gsum, 0, (size_t)R * T * in * sizeof *t->gsum);
	for (int p0 = 0; p0 < np; p0 += blk) {
		int n = np - p0 < blk ? np - p0 : blk;
		if (mf_deeplift_run(e->dl, t->w, t->points + (size_t)p0 * in, NULL, n, 1, e->tasks, T,
				t->mult, NULL, NULL) < 0)
			return -1;
		for (int ti = 0; ti < T; ++ti)
			for (int p = 0; p < n; ++p) {
				double *gs = t->gsum + ((size_t)((p0 + p) / S) * T + ti) * in;
				const float *g = t->mult + ((size_t)ti * n + p) * in;
				for (size_t k = 0; k < in; ++k)
					gs[k] += g[k];
			}
	}
	int target = mf_deeplift_target_layer(e->dl);
	if (mf_model_forward_to(e->m, x, 1, t->lx, 1, target) < 0 ||
			mf_model_forward_to(e->m, refs, R, t->lr, 1, target) < 0)
		return -1;
	clear_acc(e, t);
	for (int ti = 0; ti < T; ++ti)
		for (int j = 0; j < R; ++j) {
			const double *gs = t->gsum + ((size_t)j * T + ti) * in;
			for (size_t k = 0; k < in; ++k)
				t->mult[k] = (float)(gs[k] / S);
			double sum = add_pair(e, t, ti, t->mult, x, refs + (size_t)j * in);
			/* the profile's fixed softmax weights make its gradient no true gradient:
			   integrated gradients promise no sum there */
			double dl = e->tg.kind == MF_TARGET_PROFILE ? NAN
				: (double)t->lx[e->tasks[ti]] - t->lr[(size_t)j * no + e->tasks[ti]];
			e->delta[((size_t)seq * R + j) * T + ti] = (float)(sum - dl);
			e->dlogit[((size_t)seq * R + j) * T + ti] = (float)dl;
		}
	store_mean(e, t, seq, R);
	return 0;
}

static int run_block(explainer_t *e, thread_buf_t *t, int s0, int cs)
{
	size_t in = e->L * 4;
	const float *x = e->batch->x + (size_t)s0 * in;
	switch (e->o->method) {
	case MF_METHOD_DEEPLIFT:
		if (mf_deeplift_run(e->dl, t->w, x, e->refs + (size_t)s0 * e->R * in, cs, e->R,
				e->tasks, e->T, t->mult, t->lx, t->lr) < 0)
			return -1;
		combine_pairs(e, t, s0, cs);
		return 0;
	case MF_METHOD_IG:
		for (int s = 0; s < cs; ++s)
			if (run_ig(e, t, s0 + s) < 0)
				return -1;
		return 0;
	default:
		if (mf_deeplift_run(e->dl, t->w, x, NULL, cs, 1, e->tasks, e->T, t->mult, NULL, NULL) < 0)
			return -1;
		combine_gradient(e, t, s0, cs);
		return 0;
	}
}

static int run_batch(explainer_t *e, int n)
{
	int nblocks = (n + e->chunk - 1) / e->chunk, failed = 0;
#pragma omp parallel for schedule(dynamic, 1) num_threads(e->nthreads) reduction(| : failed)
	for (int b = 0; b < nblocks; ++b) {
		int tid = 0;
#ifdef _OPENMP
		tid = omp_get_thread_num();
#endif
		int s0 = b * e->chunk, cs = n - s0 < e->chunk ? n - s0 : e->chunk;
		if (run_block(e, &e->tb[tid], s0, cs) < 0)
			failed |= 1;
	}
	return failed ? -1 : 0;
}

/* Residual bookkeeping, in input order so warnings come out the same for any -t. */
static void check_deltas(explainer_t *e, int n, mf_explain_stats_t *st)
{
	if (e->o->method == MF_METHOD_GRADIENT || e->o->method == MF_METHOD_GRAD_X_INPUT ||
			e->o->method == MF_METHOD_GUIDED)
		return;
	size_t per = (size_t)e->R * e->T;
	for (int s = 0; s < n; ++s) {
		double worst = 0;
		for (size_t k = 0; k < per; ++k) {
			double d = fabs(e->delta[(size_t)s * per + k]);
			double rel = d / fmax(1.0, fabs(e->dlogit[(size_t)s * per + k]));
			st->max_abs_delta = fmax(st->max_abs_delta, d);
			st->max_rel_delta = fmax(st->max_rel_delta, rel);
			if (rel > e->o->delta_warn)
				++st->n_delta_warned;
			worst = fmax(worst, rel);
		}
		if (worst > e->o->delta_warn)
			mf_warn("'%s': summation-to-delta residual %.3g (relative to max(1, |logit "
				"difference|)) exceeds %g", e->batch->seq[s].name, worst, e->o->delta_warn);
	}
}

int mf_explain_run(const mf_model_t *m, mf_seqreader_t *r, const mf_explain_opt_t *o,
		mf_explain_sink_t sink, void *ctx, mf_explain_stats_t *st)
{
	explainer_t e;
	memset(st, 0, sizeof *st);
	int rc = explainer_init(&e, m, o);
	st->n_refs = e.R;
	long total = mf_verbose >= MF_LOG_WARN ? mf_seqreader_total(r) : -1;
	mf_progress_t *pg = mf_progress_start("explain", "sequences", total > 0 ? (uint64_t)total : 0);
	int n = 0;
	while (rc == 0 && (n = mf_batch_read(e.batch, r, o->resize)) > 0) {
		if (make_refs(&e, n) < 0 || run_batch(&e, n) < 0) {
			rc = -1;
			break;
		}
		check_deltas(&e, n, st);
		mf_explain_batch_t b = {n, e.T, e.R, e.L, e.batch->seq, e.batch->x, e.contrib, e.hyp,
			e.delta};
		if (sink(ctx, &b) < 0) {
			rc = -1;
			break;
		}
		st->n_seqs += n;
		st->n_pairs += (long)n * e.R;
		mf_progress_update(pg, (uint64_t)st->n_seqs);
	}
	mf_progress_finish(pg);
	if (n < 0)
		rc = -1;
	st->n_few_shuffles = e.n_few;
	explainer_free(&e);
	return rc;
}

int mf_base_freqs(const char *path, const mf_seqopt_t *so, double freq[4])
{
	mf_seqreader_t *r = mf_seqreader_open(path, MF_SEQ_AUTO, so);
	if (!r)
		return -1;
	mf_seq_t s;
	mf_seq_init(&s);
	double cnt[5] = {0};
	int ret;
	while ((ret = mf_seqreader_read(r, &s)) == 1)
		for (size_t i = 0; i < s.len; ++i)
			cnt[mf_nt4[(unsigned char)s.seq[i]]] += 1;
	mf_seq_free(&s);
	mf_seqreader_close(r);
	double tot = cnt[0] + cnt[1] + cnt[2] + cnt[3];
	if (ret < 0)
		return -1;
	if (tot == 0) {
		mf_error("%s: no A, C, G or T to take base frequencies from", path);
		return -1;
	}
	for (int c = 0; c < 4; ++c)
		freq[c] = cnt[c] / tot;
	return 0;
}
