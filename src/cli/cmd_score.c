/* cmd_score.c: motiflift score: importance summed over PWM matches, per task. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/log.h"
#include "motif/motif.h"
#include "motif/score.h"
#include "io/tasks.h"

#define MAX_NAMES 256

typedef struct {
	mf_common_t common;
	const char *scores, *matches, *motifs, *out, *array, *labels, *truth, *summary, *bg, *task;
	const char *names[MAX_NAMES];
	int n_names, pvalue_set, top_set;
	int greedy, nats, scan_only; /* -m: the notebook's pick, nats; scan_only: one of them given */
	double pc, bg_val[4];
	mf_scan_opt_t scan;
	mf_summary_opt_t sum;
} score_opt_t;

static void score_opt_init(score_opt_t *o)
{
	memset(o, 0, sizeof *o);
	mf_common_init(&o->common);
	mf_scan_opt_init(&o->scan);
	mf_summary_opt_init(&o->sum);
	o->scan.top = 5;
	o->out = "-";
	o->array = "contrib";
	o->bg = "motif";
	o->pc = 1e-3;
}

static void score_usage(FILE *fp, const score_opt_t *o)
{
	fprintf(fp,
		"Usage: motiflift score --scores SCORES.npz (--matches MATCHES.bed | --motifs FILE) [options]\n\n"
		"For each PWM match and each task, sums the actual contributions of an explain .npz over\n"
		"the match window (all 4 channels) and writes a TSV: the match columns, imp_<task>...,\n"
		"seqname, class (the name before its last '_'), [instances], [label_<task>...].\n"
		"Matches address rows by sequence name, or by genomic coordinates when the npz has\n"
		"chrom/start/end (the covering row with the nearest centre; unmapped matches are skipped).\n\n"
		"Inputs:\n"
		"  -s, --scores FILE    explain output (.npz: names, %s (n,L,4,T), tasks, ...)\n"
		"      --array NAME     the contribution array to sum [%s]\n"
		"  -b, --matches FILE   BED6+ matches (motiflift scan output)\n"
		"  -m, --motifs FILE    or scan the npz's onehot sequences with these motifs on the fly\n"
		"      --motif NAME     with -m: only this motif (repeatable) [all]\n"
		"      --top K          with -m: K best matches per sequence and motif [%d]\n"
		"      --pvalue P       with -m: p-value threshold; alone, every match under it\n"
		"                       (no --top) [1 with --top]\n"
		"      --bg SPEC        with -m: motif (the file's) or A,C,G,T [%s]\n"
		"      --pseudocount F  with -m: PWM smoothing [%g]\n"
		"      --strand +|both  with -m: scan the + strand only, or both [%s]\n"
		"      --log-base 2|e   with -m: log-odds in bits (2) or nats (e) [%s]\n"
		"      --greedy-exclude with -m: the DeepLIFT notebook's greedy top-K (see scan)\n"
		"      --labels FILE    labels TSV (seqName + task columns) or simdata (also gives\n"
		"                       instance counts from its embeddings)\n"
		"      --truth FILE     BED of embedded instances (simulate's PREFIX.motifs.bed)\n"
		"Output:\n"
		"  -o, --output FILE    per-match TSV (.gz: bgzip) [%s]\n"
		"      --summary FILE   false negatives / positives and tiers (appendix G, I) as TSV\n"
		"      --threshold F    strong match: log-odds > F, in the matches' unit (bits, or\n"
		"                       nats for scan --log-base e output) [%g]\n"
		"      --threshold-inclusive  strong match: log-odds >= F (the DeepLIFT notebook's test)\n"
		"      --class NAME     false negatives among strong matches of this class [%s]\n"
		"      --negative-class NAME  false positives among matches of this class [%s]\n"
		"      --summary-motif NAME   summarise only this motif [each]\n"
		"      --task NAME|INDEX      summarise only this task [each]\n"
		"Common:\n" MF_COMMON_HELP,
		o->array, o->array, o->scan.top, o->bg, o->pc, o->scan.strands == 1 ? "+" : "both",
		o->nats ? "e" : "2", o->out, o->sum.threshold,
		o->sum.pos_class, o->sum.neg_class, o->common.threads, (unsigned long long)o->common.seed);
}

enum { OPT_ARRAY = MF_OPT_FIRST_COMMAND_OPT, OPT_MOTIF, OPT_TOP, OPT_PV, OPT_BG, OPT_PC,
	OPT_LABELS, OPT_DATA, OPT_TRUTH, OPT_SUMMARY, OPT_THR, OPT_CLASS, OPT_NEG, OPT_SMOTIF,
	OPT_TASK, OPT_INCL, OPT_STRAND, OPT_LOG_BASE, OPT_GREEDY };

static int score_option(score_opt_t *o, int c, const char *a)
{
	long v;
	switch (c) {
	case 's': o->scores = a; return 0;
	case 'b': o->matches = a; return 0;
	case 'm': o->motifs = a; return 0;
	case 'o': o->out = a; return 0;
	case OPT_ARRAY: o->array = a; return 0;
	case OPT_MOTIF:
		if (o->n_names == MAX_NAMES) {
			fprintf(stderr, "motiflift score: more than %d --motif options\n", MAX_NAMES);
			return -1;
		}
		o->names[o->n_names++] = a;
		return 0;
	case OPT_TOP:
		if (mf_parse_int("score", "--top", a, 1, 1000000, &v) < 0) /* as scan's */
			return -1;
		o->scan.top = (int)v;
		o->top_set = 1;
		return 0;
	case OPT_PV:
		o->pvalue_set = 1;
		return mf_parse_double("score", "--pvalue", a, 0, 1, &o->scan.pvalue);
	case OPT_BG:
		o->bg = a;
		return strcmp(a, "motif") == 0 ? 0 : mf_parse_bg("score", "--bg", a, o->bg_val);
	case OPT_PC: return mf_parse_double("score", "--pseudocount", a, 0, 1, &o->pc);
	case OPT_LABELS: case OPT_DATA: o->labels = a; return 0;
	case OPT_TRUTH: o->truth = a; return 0;
	case OPT_SUMMARY: o->summary = a; return 0;
	case OPT_THR: return mf_parse_double("score", "--threshold", a, -1e9, 1e9, &o->sum.threshold);
	case OPT_CLASS: o->sum.pos_class = a; return 0;
	case OPT_NEG: o->sum.neg_class = a; return 0;
	case OPT_SMOTIF: o->sum.motif = a; return 0;
	case OPT_TASK: o->task = a; return 0;
	case OPT_INCL: o->sum.inclusive = 1; return 0;
	case OPT_GREEDY: o->greedy = o->scan_only = 1; return 0;
	case OPT_STRAND:
		if (strcmp(a, "+") != 0 && strcmp(a, "both") != 0) {
			fprintf(stderr, "motiflift score: --strand '%s': expected + or both\n", a);
			return -1;
		}
		o->scan.strands = a[0] == '+' ? 1 : 2;
		o->scan_only = 1;
		return 0;
	case OPT_LOG_BASE:
		if (strcmp(a, "2") != 0 && strcmp(a, "e") != 0) {
			fprintf(stderr, "motiflift score: --log-base '%s': expected 2 (bits) or e (nats)\n", a);
			return -1;
		}
		o->nats = a[0] == 'e';
		o->scan_only = 1;
		return 0;
	}
	return -2;
}

static int score_parse(score_opt_t *o, int argc, char **argv)
{
	static const mf_longopt_t lo[] = {
		{"scores", MF_OPT_REQ, 's'}, {"matches", MF_OPT_REQ, 'b'}, {"motifs", MF_OPT_REQ, 'm'},
		{"output", MF_OPT_REQ, 'o'}, {"array", MF_OPT_REQ, OPT_ARRAY},
		{"motif", MF_OPT_REQ, OPT_MOTIF}, {"top", MF_OPT_REQ, OPT_TOP},
		{"pvalue", MF_OPT_REQ, OPT_PV}, {"bg", MF_OPT_REQ, OPT_BG},
		{"pseudocount", MF_OPT_REQ, OPT_PC}, {"labels", MF_OPT_REQ, OPT_LABELS},
		{"data", MF_OPT_REQ, OPT_DATA}, {"truth", MF_OPT_REQ, OPT_TRUTH},
		{"summary", MF_OPT_REQ, OPT_SUMMARY}, {"threshold", MF_OPT_REQ, OPT_THR},
		{"class", MF_OPT_REQ, OPT_CLASS}, {"negative-class", MF_OPT_REQ, OPT_NEG},
		{"summary-motif", MF_OPT_REQ, OPT_SMOTIF}, {"task", MF_OPT_REQ, OPT_TASK},
		{"threshold-inclusive", MF_OPT_NONE, OPT_INCL}, {"strand", MF_OPT_REQ, OPT_STRAND},
		{"log-base", MF_OPT_REQ, OPT_LOG_BASE}, {"greedy-exclude", MF_OPT_NONE, OPT_GREEDY},
		MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, "s:b:m:o:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "score");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0)
			continue;
		if (c == 'h') {
			score_usage(stdout, o);
			return -1;
		}
		int r = score_option(o, c, s.arg);
		if (r == -2)
			return mf_usage_error("score", c, &s);
		if (r < 0)
			return MF_EXIT_USAGE;
	}
	if (!o->scores || !o->matches == !o->motifs || s.ind != argc) {
		fprintf(stderr, "motiflift score: expected --scores NPZ and either --matches BED or "
			"--motifs FILE (see 'motiflift score --help')\n");
		return MF_EXIT_USAGE;
	}
	if (o->scan_only && !o->motifs) {
		fprintf(stderr, "motiflift score: --strand, --log-base and --greedy-exclude choose how -m "
			"scans; a --matches file was scanned already\n");
		return MF_EXIT_USAGE;
	}
	if (o->pvalue_set && !o->top_set)
		o->scan.top = 0; /* --pvalue alone: every window under it, as scan does */
	else if (!o->pvalue_set)
		o->scan.pvalue = 1;
	if (o->greedy && !o->scan.top) {
		fprintf(stderr, "motiflift score: --greedy-exclude needs --top K (K >= 1)\n");
		return MF_EXIT_USAGE;
	}
	return 0;
}

/* The task named or numbered by spec (tasks.h); -1 (logged) when there is none. */
static int resolve_task(const mf_scores_t *s, const char *spec)
{
	int n = mf_scores_ntasks(s);
	const char *names[256];
	for (int t = 0; t < n && t < 256; ++t)
		names[t] = mf_scores_task(s, t);
	int t = n <= 256 ? mf_task_find(spec, names, n) : -1;
	if (t < 0)
		mf_error("--task '%s': no such task (the npz has %d, named like '%s')", spec, n,
			mf_scores_task(s, 0));
	return t;
}

/* Scans the npz's sequences with the chosen motifs (on-the-fly mode). */
static int scan_matches(const score_opt_t *o, const mf_scores_t *s, mf_matches_t *m)
{
	mf_motifset_t *ms = mf_motifset_load(o->motifs, MF_MOTIF_AUTO);
	double bg[4];
	if (!ms)
		return -1;
	memcpy(bg, ms->bg, sizeof bg);
	if (strcmp(o->bg, "motif") != 0)
		memcpy(bg, o->bg_val, sizeof bg);
	for (int i = 0; i < o->n_names; ++i)
		if (!mf_motifset_require(ms, o->names[i], o->motifs)) {
			mf_motifset_destroy(ms);
			return -2; /* --motif names no motif: a usage error */
		}
	int n = o->n_names ? o->n_names : ms->n, rc = 0;
	mf_pwm_t **pwm = calloc((size_t)n, sizeof *pwm);
	for (int i = 0; pwm && rc == 0 && i < n; ++i) {
		const mf_motif_t *mo = o->n_names ? mf_motifset_require(ms, o->names[i], o->motifs)
						  : &ms->m[i];
		double *lo = mo ? malloc((size_t)mo->w * 4 * sizeof *lo) : NULL;
		if (lo)
			mf_motif_logodds(mo, o->pc, bg, lo);
		rc = lo && (pwm[i] = mf_pwm_create(mo->name, lo, mo->w, bg)) ? 0 : -1;
		free(lo);
	}
	mf_scanfile_opt_t so = {.scan = o->scan, .greedy = o->greedy, .nats = o->nats};
	if (pwm && rc == 0)
		rc = mf_scores_scan(s, pwm, n, &so, m);
	for (int i = 0; pwm && i < n; ++i)
		mf_pwm_destroy(pwm[i]);
	free(pwm);
	mf_motifset_destroy(ms);
	return pwm ? rc : -1;
}

/* imp[i*T + t] for every mapped match; NAN for the rest. */
static double *sum_matches(const mf_scores_t *s, const mf_matches_t *m)
{
	size_t T = (size_t)mf_scores_ntasks(s);
	size_t cells = m->n * T;
	double *imp = malloc((cells ? cells : 1) * sizeof *imp);
	for (size_t i = 0; imp && i < m->n; ++i) {
		const mf_match_t *x = &m->a[i];
		for (size_t t = 0; t < T; ++t)
			imp[i * T + t] = NAN;
		if (x->row >= 0 && mf_scores_window(s, (size_t)x->row, x->off, x->end - x->start,
					imp + i * T) < 0) {
			free(imp);
			return NULL;
		}
		for (size_t t = 0; x->row >= 0 && t < T; ++t)
			if (!isfinite(imp[i * T + t])) {
				mf_error("%s: the scores of sequence '%s' under match %zu (%s:%lld-%lld) are "
					"not finite (NaN or Inf in the npz)", mf_scores_path(s),
					mf_scores_name(s, (size_t)x->row), i + 1, x->seq, (long long)x->start,
					(long long)x->end);
				free(imp);
				return NULL;
			}
	}
	return imp;
}

static int run(score_opt_t *o, mf_scores_t *s, mf_matches_t *m, mf_annot_t *a)
{
	int rc;
	if (o->task && (o->sum.task = resolve_task(s, o->task)) < 0)
		return -2; /* a bad option value: a usage error */
	if (o->matches) {
		if (mf_matches_load(o->matches, m) < 0)
			return -1;
		long lost = mf_scores_locate(s, m);
		if (lost > 0)
			mf_warn("%ld of %zu matches in '%s' lie in no single scored sequence; skipped",
				lost, m->n, o->matches);
	} else if ((rc = scan_matches(o, s, m)) < 0) {
		return rc;
	}
	if ((o->labels && mf_annot_load_labels(a, o->labels) < 0) ||
			(o->truth && mf_annot_load_truth(a, o->truth) < 0))
		return -1;
	double *imp = sum_matches(s, m);
	char header[256];
	snprintf(header, sizeof header, "# motiflift score: importance = sum of '%s' over the match "
		"window and the 4 channels, per task; %zu matches\n", o->array, m->n);
	rc = imp ? mf_score_write(o->out, s, m, imp, a, header) : -1;
	if (rc == 0 && o->summary)
		rc = mf_score_summary(o->summary, s, m, imp, a, &o->sum);
	free(imp);
	return rc;
}

int main_score(int argc, char **argv)
{
	score_opt_t o;
	score_opt_init(&o);
	int rc = score_parse(&o, argc, argv);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("score") : rc;
	const char *outs[] = {o.out, o.summary};
	const char *ins[] = {o.scores, o.matches, o.motifs, o.labels, o.truth};
	if (mf_check_files("score", outs, 2, ins, 5, NULL) < 0)
		return MF_EXIT_FAIL;
	mf_matches_t m = {0};
	mf_scores_t *s = mf_scores_open(o.scores, o.array);
	mf_annot_t *a = s ? mf_annot_init() : NULL;
	rc = a ? run(&o, s, &m, a) : -1;
	mf_annot_destroy(a);
	mf_matches_free(&m);
	mf_scores_close(s);
	if (rc < 0)
		return rc == -2 ? MF_EXIT_USAGE : MF_EXIT_FAIL;
	return strcmp(o.out, "-") == 0 ? mf_finish_stdout("score") : MF_EXIT_OK;
}
