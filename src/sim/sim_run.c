/* sim_run.c: generating a simulated set and writing its files.
 *
 * Determinism: the rows' order (which class and number each row gets) and the split
 * come from two generators seeded from (seed, reserved block ids); every block of
 * SIM_BLOCK rows then has its own generator seeded from (seed, block index). Blocks
 * are generated in parallel in batches and written in order, so the bytes do not
 * depend on the thread count, and memory stays bounded for any n. */
#include "sim/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/kstring.h>

#include "base/log.h"
#include "base/progress.h"
#include "io/writer.h"

enum { SIM_BLOCK = 1024 };
#define SIM_ORDER_STREAM UINT64_MAX
#define SIM_SPLIT_STREAM (UINT64_MAX - 1)

enum { OUT_SIMDATA, OUT_FA, OUT_LABELS, OUT_TRAIN, OUT_VALID, OUT_TEST, OUT_BED, N_OUT };
const char *const mf_sim_out_suffix[MF_SIM_N_OUT + 1] = {
	".simdata.gz", ".fa.gz", ".labels.tsv", ".train.txt", ".valid.txt", ".test.txt", ".motifs.bed", NULL
};
#define out_suffix mf_sim_out_suffix

typedef struct {
	const mf_sim_spec_t *sp;
	gsl_ran_discrete_t *bg;
	gsl_ran_discrete_t **pos[64]; /* per motif, per position: the smoothed PWM row */
	double *lo[64];               /* per motif: log-odds (bits) vs bg, smoothed by pc */
	long *cls_start;              /* rows of class c: global ids cls_start[c]..[c+1]-1 */
	uint32_t *order;              /* output row -> global id (class-major order) */
	unsigned char *split;         /* output row -> 0 train, 1 valid, 2 test */
} run_t;

typedef struct {
	kstring_t k[N_OUT];
	int err;
} block_out_t;

/* ---- preparation ------------------------------------------------------------------------ */

static void run_free(run_t *R)
{
	gsl_ran_discrete_free(R->bg);
	for (int i = 0; i < R->sp->n_motifs; ++i) {
		for (int j = 0; R->pos[i] && j < R->sp->motifs[i]->w; ++j)
			gsl_ran_discrete_free(R->pos[i][j]);
		free(R->pos[i]);
		free(R->lo[i]);
	}
	free(R->cls_start);
	free(R->order);
	free(R->split);
}

static int prepare_motif(run_t *R, int i)
{
	const mf_motif_t *m = R->sp->motifs[i];
	double *sm = malloc((size_t)m->w * 4 * sizeof *sm);
	R->pos[i] = calloc((size_t)m->w, sizeof *R->pos[i]);
	R->lo[i] = malloc((size_t)m->w * 4 * sizeof *R->lo[i]);
	int rc = -1;
	if (!sm || !R->pos[i] || !R->lo[i])
		goto out;
	mf_motif_smooth(m, R->sp->pc, sm);
	for (int j = 0; j < m->w; ++j)
		if (!(R->pos[i][j] = gsl_ran_discrete_preproc(4, sm + j * 4)))
			goto out;
	mf_motif_logodds(m, R->sp->pc, R->sp->bg, R->lo[i]);
	rc = 0;
out:
	free(sm);
	if (rc < 0)
		mf_error("motif '%s': cannot prepare its sampling tables", m->name);
	return rc;
}

/* Rows are the classes' sequences in a random order; the split is an independent
 * random assignment with exactly round(f*n) train and valid rows. */
static int prepare_rows(run_t *R)
{
	const mf_sim_spec_t *sp = R->sp;
	long n = sp->n;
	R->cls_start = malloc((size_t)(sp->n_classes + 1) * sizeof *R->cls_start);
	R->order = malloc((size_t)n * sizeof *R->order);
	R->split = malloc((size_t)n);
	gsl_rng *ro = mf_sim_rng(sp->seed, SIM_ORDER_STREAM);
	gsl_rng *rs = mf_sim_rng(sp->seed, SIM_SPLIT_STREAM);
	int rc = -1;
	if (!R->cls_start || !R->order || !R->split || !ro || !rs) {
		mf_error("out of memory for %ld rows", n);
		goto out;
	}
	R->cls_start[0] = 0;
	for (int c = 0; c < sp->n_classes; ++c)
		R->cls_start[c + 1] = R->cls_start[c] + n / sp->n_classes + (c < n % sp->n_classes);
	for (long i = 0; i < n; ++i)
		R->order[i] = (uint32_t)i;
	gsl_ran_shuffle(ro, R->order, (size_t)n, sizeof *R->order);
	long n_train = lround(sp->split[0] * (double)n), n_valid = lround(sp->split[1] * (double)n);
	if (n_train + n_valid > n)
		n_valid = n - n_train;
	for (long i = 0; i < n; ++i)
		R->split[i] = i < n_train ? 0 : i < n_train + n_valid ? 1 : 2;
	gsl_ran_shuffle(rs, R->split, (size_t)n, 1);
	rc = 0;
out:
	gsl_rng_free(ro);
	gsl_rng_free(rs);
	return rc;
}

static int prepare(run_t *R, const mf_sim_spec_t *sp)
{
	memset(R, 0, sizeof *R);
	R->sp = sp;
	if (!(R->bg = gsl_ran_discrete_preproc(4, sp->bg))) {
		mf_error("cannot prepare the background sampling table");
		return -1;
	}
	for (int i = 0; i < sp->n_motifs; ++i)
		if (prepare_motif(R, i) < 0)
			return -1;
	return prepare_rows(R);
}

/* ---- one row ------------------------------------------------------------------------------- */

typedef struct {
	char *seq, *inst;
	unsigned char *occ;
	int present[64];
	kstring_t emb;
	char name[256];
} scratch_t;

static const char comp[256] = {['A'] = 'T', ['C'] = 'G', ['G'] = 'C', ['T'] = 'A'};

static void sample_instance(const run_t *R, gsl_rng *r, int motif, char *out)
{
	static const char acgt[4] = {'A', 'C', 'G', 'T'};
	int w = R->sp->motifs[motif]->w;
	gsl_ran_discrete_t *const *pos = R->pos[motif];
	for (int j = 0; j < w; ++j)
		out[j] = acgt[gsl_ran_discrete(r, pos[j])];
}

static void reverse_complement(char *s, int w)
{
	for (int i = 0, j = w - 1; i <= j; ++i, --j) {
		char a = comp[(unsigned char)s[i]], b = comp[(unsigned char)s[j]];
		s[i] = b;
		s[j] = a;
	}
}

/* Draws one instance, places it, and records its embedding and BED line. */
static int embed_one(const run_t *R, gsl_rng *r, int motif, scratch_t *S, block_out_t *o)
{
	const mf_sim_spec_t *sp = R->sp;
	const mf_motif_t *m = sp->motifs[motif];
	sample_instance(R, r, motif, S->inst);
	double score = mf_motif_score(R->lo[motif], m->w, S->inst);
	int rc = sp->rc_prob > 0 && gsl_rng_uniform(r) < sp->rc_prob;
	if (rc)
		reverse_complement(S->inst, m->w);
	int start = mf_sim_place(r, S->occ, sp->len, m->w);
	if (start < 0) {
		mf_error("%s: no room left for another '%s' (length %d): allow fewer motifs or "
			"longer sequences", S->name, m->name, sp->len);
		return -1;
	}
	memcpy(S->seq + start, S->inst, (size_t)m->w);
	S->present[motif] = 1;
	kstring_t *e = &S->emb;
	if (e->l)
		kputc(',', e);
	kputs("pos-", e);
	kputw(start, e);
	kputs(rc ? "_revComp-" : "_", e);
	kputs(m->name, e);
	kputc('-', e);
	kputsn(S->inst, (size_t)m->w, e);
	kstring_t *b = &o->k[OUT_BED];
	kputs(S->name, b);
	kputc('\t', b);
	kputw(start, b);
	kputc('\t', b);
	kputw(start + m->w, b);
	kputc('\t', b);
	kputs(m->name, b);
	ksprintf(b, "\t%.3f\t%c\n", score, rc ? '-' : '+');
	return 0;
}

static void write_row(const run_t *R, long row, scratch_t *S, block_out_t *o)
{
	const mf_sim_spec_t *sp = R->sp;
	kstring_t *k = &o->k[OUT_SIMDATA];
	kputc('\n', k); /* before the row: the published file's last line has no newline */
	kputs(S->name, k);
	kputc('\t', k);
	kputsn(S->seq, (size_t)sp->len, k);
	kputc('\t', k);
	kputsn(S->emb.s ? S->emb.s : "", S->emb.l, k);
	kstring_t *f = &o->k[OUT_FA], *l = &o->k[OUT_LABELS];
	kputc('>', f);
	kputs(S->name, f);
	kputc('\n', f);
	kputsn(S->seq, (size_t)sp->len, f);
	kputc('\n', f);
	kputs(S->name, l);
	for (int t = 0; t < sp->n_tasks; ++t) {
		int on = 1;
		for (int j = 0; j < sp->tasks[t].n; ++j)
			on &= S->present[sp->tasks[t].motif[j]];
		kputs(on ? "\t1" : "\t0", k);
		kputs(on ? "\t1" : "\t0", l);
	}
	kputc('\n', l);
	kstring_t *s = &o->k[OUT_TRAIN + R->split[row]];
	kputs(S->name, s);
	kputc('\n', s);
}

static int gen_row(const run_t *R, gsl_rng *r, long row, scratch_t *S, block_out_t *o)
{
	const mf_sim_spec_t *sp = R->sp;
	long g = R->order[row];
	int c = 0;
	while (g >= R->cls_start[c + 1])
		++c;
	const mf_sim_class_t *cls = &sp->classes[c];
	snprintf(S->name, sizeof S->name, "%s_%ld", cls->name, g - R->cls_start[c] + 1);
	char *seq = S->seq; /* locals: the calls below could otherwise alias them */
	const gsl_ran_discrete_t *bg = R->bg;
	for (int i = 0, len = sp->len; i < len; ++i)
		seq[i] = "ACGT"[gsl_ran_discrete(r, bg)];
	memset(S->occ, 0, (size_t)sp->len);
	memset(S->present, 0, sizeof S->present);
	S->emb.l = 0;
	for (int j = 0; j < cls->n_parts; ++j) {
		const mf_sim_part_t *p = &cls->part[j];
		int k = mf_sim_count(r, p->lambda, p->kmin, p->kmax, sp->clip_counts);
		for (int i = 0; i < k; ++i)
			if (embed_one(R, r, p->motif, S, o) < 0)
				return -1;
	}
	write_row(R, row, S, o);
	return 0;
}

static void gen_block(const run_t *R, long b, block_out_t *o)
{
	const mf_sim_spec_t *sp = R->sp;
	scratch_t S;
	memset(&S, 0, sizeof S);
	int maxw = 1;
	for (int i = 0; i < sp->n_motifs; ++i)
		if (sp->motifs[i]->w > maxw)
			maxw = sp->motifs[i]->w;
	S.seq = malloc((size_t)sp->len);
	S.occ = malloc((size_t)sp->len);
	S.inst = malloc((size_t)maxw);
	gsl_rng *r = mf_sim_rng(sp->seed, (uint64_t)b);
	o->err = !S.seq || !S.occ || !S.inst || !r;
	long end = (b + 1) * SIM_BLOCK < sp->n ? (b + 1) * SIM_BLOCK : sp->n;
	for (long row = b * SIM_BLOCK; row < end && !o->err; ++row)
		o->err = gen_row(R, r, row, &S, o) < 0;
	gsl_rng_free(r);
	free(S.seq);
	free(S.occ);
	free(S.inst);
	free(S.emb.s);
}

/* ---- files --------------------------------------------------------------------------------- */

static int open_outputs(const run_t *R, const char *prefix, mf_out_t **out)
{
	for (int i = 0; i < N_OUT; ++i) {
		char *p = mf_path_join(prefix, out_suffix[i]);
		out[i] = p ? mf_out_open(p) : NULL;
		free(p);
		if (!out[i])
			return -1;
	}
	const mf_sim_spec_t *sp = R->sp;
	kstring_t h = {0, 0, NULL}, l = {0, 0, NULL};
	kputs("seqName\tsequence\tembeddings", &h);
	kputs("seqName", &l);
	for (int t = 0; t < sp->n_tasks; ++t) {
		ksprintf(&h, "\t%s", sp->tasks[t].name);
		ksprintf(&l, "\t%s", sp->tasks[t].name);
	}
	kputc('\n', &l);
	int rc = h.s && l.s && mf_out_write(out[OUT_SIMDATA], h.s, h.l) == 0 &&
		mf_out_write(out[OUT_LABELS], l.s, l.l) == 0 ? 0 : -1;
	free(h.s);
	free(l.s);
	return rc;
}

static int write_block(mf_out_t **out, block_out_t *o)
{
	for (int i = 0; i < N_OUT; ++i) {
		if (o->k[i].l && out[i] && mf_out_write(out[i], o->k[i].s, o->k[i].l) < 0)
			return -1;
		o->k[i].l = 0;
	}
	return 0;
}

static int generate_all(const run_t *R, mf_out_t **out)
{
	const mf_sim_spec_t *sp = R->sp;
	long n_blocks = (sp->n + SIM_BLOCK - 1) / SIM_BLOCK;
	long batch = 4L * sp->threads;
	block_out_t *bo = calloc((size_t)batch, sizeof *bo);
	if (!bo)
		return -1;
	int rc = 0;
	mf_progress_t *pg = mf_progress_start("simulate", "sequences", (uint64_t)sp->n);
	for (long b0 = 0; b0 < n_blocks && rc == 0; b0 += batch) {
		long nb = n_blocks - b0 < batch ? n_blocks - b0 : batch;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(sp->threads)
#endif
		for (long i = 0; i < nb; ++i)
			gen_block(R, b0 + i, &bo[i]);
		for (long i = 0; i < nb && rc == 0; ++i)
			rc = bo[i].err || write_block(out, &bo[i]) < 0 ? -1 : 0;
		mf_progress_update(pg, (uint64_t)((b0 + nb) * SIM_BLOCK < sp->n ? (b0 + nb) * SIM_BLOCK :
			sp->n));
	}
	mf_progress_finish(pg);
	for (long i = 0; i < batch; ++i)
		for (int j = 0; j < N_OUT; ++j)
			free(bo[i].k[j].s);
	free(bo);
	return rc;
}

int mf_sim_run(const mf_sim_spec_t *sp, const char *prefix)
{
	if (sp->n_tasks == 0 && sp->n_motifs > 0) {
		mf_error("the spec was not checked (call mf_sim_check first)");
		return -1;
	}
	run_t R;
	mf_out_t *out[N_OUT] = {NULL};
	int rc = -1;
	if (prepare(&R, sp) < 0 || (prefix && open_outputs(&R, prefix, out) < 0) ||
			generate_all(&R, out) < 0)
		goto out;
	rc = 0;
	for (int i = 0; i < N_OUT; ++i) {
		if (rc == 0 && mf_out_close(out[i]) < 0)
			rc = -1;
		else if (rc < 0)
			mf_out_abort(out[i]);
		out[i] = NULL;
	}
out:
	for (int i = 0; i < N_OUT; ++i)
		mf_out_abort(out[i]);
	run_free(&R);
	return rc;
}
