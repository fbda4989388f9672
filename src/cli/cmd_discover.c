/* cmd_discover.c: motiflift discover: option parsing and wiring only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/log.h"
#include "discover/discover.h"
#include "discover/report.h"

#define MAX_INPUTS 4096

typedef struct {
	mf_common_t common;
	const char *in[MAX_INPUTS];
	int n_in;
	const char *out, *task, *db;
	int n_matches;
	mf_discover_opt_t d;
} discover_cli_t;

static void discover_usage(FILE *fp, const discover_cli_t *o)
{
	const mf_discover_opt_t *d = &o->d;
	fprintf(fp,
		"Usage: motiflift discover -s SCORES.npz [-s MORE.npz ...] -o PREFIX [options]\n\n"
		"Finds the motifs a model relies on from its contribution scores, as TF-MoDISco does:\n"
		"seqlets (windows of high contribution) are called, clustered by similarity (Leiden)\n"
		"and aggregated into patterns (CWM, PPM), per task and sign (doc/discover.md).\n\n"
		"Input:\n"
		"  -s, --scores FILE       explain output (.npz with onehot and hyp); repeat or give more\n"
		"                          files as operands (shards, runs; any sequence length)\n"
		"      --task LIST         tasks: all, or names / 0-based model indices separated by\n"
		"                          commas, as explain --task takes them [all]\n"
		"Seqlets:\n"
		"  -w, --window INT        core width summed [%d]\n"
		"      --flank INT         bases added on each side [%d]\n"
		"      --fdr F             target false discovery rate of the thresholds [%g]\n"
		"      --max-seqlets INT   per sign, use only the INT strongest (0: all) [%zu]\n"
		"Clustering:\n"
		"      --neighbours INT    candidate neighbours per seqlet (coarse search) [%d]\n"
		"      --graph-k INT       neighbours per seqlet in the similarity graph [%d]\n"
		"      --perplexity F      density adaptation [%g]\n"
		"      --leiden-runs INT   Leiden runs (seeds), the best kept [%d]\n"
		"Patterns:\n"
		"      --trim INT          width of the most informative window kept [%d]\n"
		"      --pattern-flank INT bases added around it [%d]\n"
		"      --min-seqlets INT   smallest pattern reported [%d]\n"
		"      --min-metacluster INT  skip a sign with at most INT seqlets [%d]\n"
		"Report:\n"
		"      --db FILE           motifs for the best matches [the shipped encode_motifs.txt.gz]\n"
		"      --matches INT       best matches per pattern [%d]\n"
		"Output:\n"
		"  -o, --output PREFIX     PREFIX.meme (PPMs), .cwm.meme (CWMs), .patterns.npz, .h5 (one\n"
		"                          task; else .TASK.h5: TF-MoDISco's layout), .seqlets.bed, .html\n"
		"Common:\n" MF_COMMON_HELP,
		d->call.window, d->call.flank, d->call.fdr, d->max_seqlets, d->knn.k, d->k_fine,
		d->perplexity, d->leiden_runs, d->polish.trim_width, d->polish.flank, d->min_seqlets,
		d->min_metacluster, o->n_matches, o->common.threads,
		(unsigned long long)o->common.seed);
}

enum { OPT_TASK = MF_OPT_FIRST_COMMAND_OPT, OPT_FLANK, OPT_FDR, OPT_MAXS, OPT_NEIGH, OPT_GRAPHK,
	OPT_PERP, OPT_LEIDEN, OPT_TRIM, OPT_PFLANK, OPT_MINS, OPT_MINMC, OPT_DB, OPT_MATCHES };

static int set_int(const char *what, const char *a, long lo, long hi, int *out)
{
	long v;
	if (mf_parse_int("discover", what, a, lo, hi, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int discover_option(discover_cli_t *o, int c, const char *a)
{
	mf_discover_opt_t *d = &o->d;
	long v;
	switch (c) {
	case 's':
		if (o->n_in == MAX_INPUTS) {
			fprintf(stderr, "motiflift discover: more than %d inputs\n", MAX_INPUTS);
			return -1;
		}
		o->in[o->n_in++] = a;
		return 0;
	case 'o': o->out = a; return 0;
	case OPT_TASK: o->task = a; return 0;
	case 'w': return set_int("--window", a, 1, 100000, &d->call.window);
	case OPT_FLANK: return set_int("--flank", a, 0, 100000, &d->call.flank);
	case OPT_FDR: return mf_parse_double("discover", "--fdr", a, 1e-9, 1, &d->call.fdr);
	case OPT_MAXS:
		if (mf_parse_int("discover", "--max-seqlets", a, 0, 2000000000L, &v) < 0)
			return -1;
		d->max_seqlets = (size_t)v;
		return 0;
	case OPT_NEIGH: return set_int("--neighbours", a, 2, 10000, &d->knn.k);
	case OPT_GRAPHK: return set_int("--graph-k", a, 2, 10000, &d->k_fine);
	case OPT_PERP: return mf_parse_double("discover", "--perplexity", a, 1, 1e6, &d->perplexity);
	case OPT_LEIDEN: return set_int("--leiden-runs", a, 1, 10000, &d->leiden_runs);
	case OPT_TRIM: return set_int("--trim", a, 1, 100000, &d->polish.trim_width);
	case OPT_PFLANK: return set_int("--pattern-flank", a, 0, 100000, &d->polish.flank);
	case OPT_MINS: return set_int("--min-seqlets", a, 1, 2000000000L, &d->min_seqlets);
	case OPT_MINMC: return set_int("--min-metacluster", a, 0, 2000000000L, &d->min_metacluster);
	case OPT_DB: o->db = a; return 0;
	case OPT_MATCHES: return set_int("--matches", a, 0, 100, &o->n_matches);
	}
	return -2;
}

static int discover_parse(discover_cli_t *o, int argc, char **argv)
{
	static const mf_longopt_t lo[] = {
		{"scores", MF_OPT_REQ, 's'}, {"output", MF_OPT_REQ, 'o'}, {"task", MF_OPT_REQ, OPT_TASK},
		{"window", MF_OPT_REQ, 'w'}, {"flank", MF_OPT_REQ, OPT_FLANK}, {"fdr", MF_OPT_REQ, OPT_FDR},
		{"max-seqlets", MF_OPT_REQ, OPT_MAXS}, {"neighbours", MF_OPT_REQ, OPT_NEIGH},
		{"neighbors", MF_OPT_REQ, OPT_NEIGH}, {"graph-k", MF_OPT_REQ, OPT_GRAPHK},
		{"perplexity", MF_OPT_REQ, OPT_PERP}, {"leiden-runs", MF_OPT_REQ, OPT_LEIDEN},
		{"trim", MF_OPT_REQ, OPT_TRIM}, {"pattern-flank", MF_OPT_REQ, OPT_PFLANK},
		{"min-seqlets", MF_OPT_REQ, OPT_MINS}, {"min-metacluster", MF_OPT_REQ, OPT_MINMC},
		{"db", MF_OPT_REQ, OPT_DB}, {"matches", MF_OPT_REQ, OPT_MATCHES},
		MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, "s:o:w:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "discover");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0)
			continue;
		if (c == 'h') {
			discover_usage(stdout, o);
			return -1;
		}
		int r = discover_option(o, c, s.arg);
		if (r == -2)
			return mf_usage_error("discover", c, &s);
		if (r < 0)
			return MF_EXIT_USAGE;
	}
	for (int i = s.ind; i < argc; ++i)
		if (discover_option(o, 's', argv[i]) < 0)
			return MF_EXIT_USAGE;
	const char *why = o->n_in == 0 ? "expected explain npz files (-s)"
		: !o->out ? "expected an output prefix (-o)"
		: strcmp(o->out, "-") == 0 ? "-o needs a file name prefix" : NULL;
	if (why) {
		fprintf(stderr, "motiflift discover: %s (see 'motiflift discover --help')\n", why);
		return MF_EXIT_USAGE;
	}
	return 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* Every task in turn: load its scores, discover, keep the result. */
static int run_tasks(discover_cli_t *o, const mf_dseqs_t *s, const int *tasks, int nt,
		mf_dtask_t *res)
{
	for (int i = 0; i < nt; ++i) {
		mf_dhyp_t *h = mf_dhyp_load(s, tasks[i], o->common.threads);
		int rc = h ? mf_discover_task(s, h, &o->d, &res[i]) : -1;
		mf_dhyp_destroy(h);
		if (rc < 0)
			return -1;
		mf_info("task %s: %zu seqlets (%zu positive, %zu negative), %d patterns", res[i].name,
			res[i].n_seqlets, res[i].n_sign[0], res[i].n_sign[1], res[i].npat);
	}
	return 0;
}

/* The outputs, with the command line in the HTML report. */
static int write_report(mf_report_t *rep, const mf_dtask_t *res, int nt, const mf_dseqs_t *s,
		int argc, char **argv, int threads)
{
	size_t len = 32;
	for (int i = 0; i < argc; ++i)
		len += strlen(argv[i]) + 1;
	char *cmd = malloc(len);
	if (!cmd) {
		mf_error("out of memory");
		return -1;
	}
	strcpy(cmd, "motiflift");
	for (int i = 0; i < argc; ++i)
		strcat(strcat(cmd, " "), argv[i]);
	int rc = mf_report_write(rep, res, nt, s, cmd, threads);
	free(cmd);
	return rc;
}

int main_discover(int argc, char **argv)
{
	discover_cli_t o;
	memset(&o, 0, sizeof o);
	mf_common_init(&o.common);
	mf_discover_opt_init(&o.d);
	o.n_matches = 3;
	int rc = discover_parse(&o, argc, argv);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("discover") : rc;
	o.d.threads = o.common.threads, o.d.seed = o.common.seed;
	o.d.knn.seed = o.common.seed;
	mf_dprogress_t prog = {NULL, 0};
	o.d.progress = &prog;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	mf_dseqs_t *s = mf_dseqs_open(o.in, o.n_in);
	int *tasks = NULL, nt = 0;
	mf_dtask_t *res = NULL;
	mf_report_t *rep = NULL;
	int npaths = 0;
	rc = s ? mf_dseqs_tasks(s, o.task, &tasks, &nt) : -1;
	int usage = rc == -2;
	const char *ins[MAX_INPUTS + 1];
	memcpy(ins, o.in, (size_t)o.n_in * sizeof *ins);
	ins[o.n_in] = o.db;
	const char *const *outs = NULL;
	if (rc == 0)
		prog.pg = mf_progress_start("discover", "stages", (uint64_t)nt * MF_DISCOVER_STAGES);
	if (rc == 0 && (rep = mf_report_open(o.out, o.db, o.n_matches, s, tasks, nt)) &&
			(outs = mf_report_paths(rep, &npaths)) && /* npaths set before it is passed */
			mf_check_files("discover", outs, npaths, ins, o.n_in + 1, NULL) == 0 &&
			(res = calloc((size_t)nt, sizeof *res)) && run_tasks(&o, s, tasks, nt, res) == 0)
		rc = write_report(rep, res, nt, s, argc, argv, o.common.threads);
	else
		rc = -1;
	mf_progress_discard(prog.pg); /* the summary line follows */
	mf_report_close(rep);
	if (rc == 0) {
		size_t ns = 0;
		int np = 0;
		for (int i = 0; i < nt; ++i)
			ns += res[i].n_seqlets, np += res[i].npat;
		if (mf_verbose >= MF_LOG_WARN)
			fprintf(stderr, "[M::discover] %zu sequences, %d task%s: %zu seqlets, %d patterns "
				"in %.1f s\n", s->n, nt, nt == 1 ? "" : "s", ns, np, seconds_since(&t0));
	}
	for (int i = 0; res && i < nt; ++i)
		mf_dtask_free(&res[i]);
	free(res), free(tasks);
	mf_dseqs_destroy(s);
	return rc == 0 ? MF_EXIT_OK : usage ? MF_EXIT_USAGE : MF_EXIT_FAIL;
}
