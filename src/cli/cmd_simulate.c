/* cmd_simulate.c: motiflift simulate: the TAL1/GATA1 benchmark or one of your own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/log.h"
#include "io/writer.h"
#include "motif/motif.h"
#include "sim/sim.h"

#define SIM_DEFAULT_MOTIFS "encode_motifs.txt.gz"
enum { MAX_DEFS = 256 };

typedef struct {
	mf_common_t common;
	long n, len;
	double bg[4], pc, rc_prob, split[3];
	const char *motifs;   /* NULL: the shipped SIM_DEFAULT_MOTIFS */
	const char *config;
	const char *out;
	int n_class, n_task;
	const char *class_def[MAX_DEFS], *task_def[MAX_DEFS];
} sim_opt_t;

static void sim_opt_init(sim_opt_t *o)
{
	memset(o, 0, sizeof *o);
	mf_common_init(&o->common);
	mf_sim_spec_t *d = mf_sim_spec_create(); /* the library's defaults are the paper's */
	if (d) {
		o->n = d->n;
		o->len = d->len;
		memcpy(o->bg, d->bg, sizeof o->bg);
		o->pc = d->pc;
		o->rc_prob = d->rc_prob;
		memcpy(o->split, d->split, sizeof o->split);
	}
	mf_sim_spec_destroy(d);
}

static void sim_usage(FILE *fp, const sim_opt_t *o)
{
	fprintf(fp,
		"Usage: motiflift simulate [options] -o PREFIX\n\n"
		"Simulates motif-embedding sequences: by default the DeepLIFT paper's TAL1/GATA1 benchmark\n"
		"(classes empty, gata_only, tal1_only, gata_tal1; labels task1 = both motifs, task2 = GATA1,\n"
		"task3 = TAL1). Writes PREFIX.simdata.gz (the published format), PREFIX.fa.gz,\n"
		"PREFIX.labels.tsv, PREFIX.train.txt/.valid.txt/.test.txt and PREFIX.motifs.bed (truth).\n\n"
		"Set:\n"
		"  -n, --num INT         sequences, split evenly over the classes [%ld]\n"
		"  -L, --length INT      sequence length [%ld]\n"
		"      --background A,C,G,T | paper | published\n"
		"                        background base frequencies [%g,%g,%g,%g]; paper = .3,.2,.2,.3,\n"
		"                        published = .27,.23,.23,.27 (what the published file was made with)\n"
		"      --pseudocount F   PWM smoothing p*(1-F)+F/4 [%g]; the published file fits 1e-4\n"
		"      --rc-prob F       probability an instance is reverse-complemented [%g]\n"
		"      --split F,F,F     train,valid,test fractions [%g,%g,%g]\n"
		"Motifs and classes:\n"
		"  -m, --motifs FILE     motif file: MEME, ENCODE, JASPAR or HOMER [shipped %s]\n"
		"      --class NAME=MOTIF:LAMBDA[:MIN:MAX][+MOTIF:LAMBDA...]\n"
		"                        a class (repeat; replaces the paper's four); each motif's count is\n"
		"                        Poisson(LAMBDA) redrawn until MIN <= k <= MAX [1:3]; instances in\n"
		"                        the order given; 'NAME=' is a class without motifs\n"
		"      --task NAME=MOTIF[+MOTIF...]  a label: 1 when all these motifs are in the sequence\n"
		"                        (repeat); default: with two motifs both,first,second, else one each\n"
		"      --config FILE     class/task lines: 'class NAME=...' and 'task NAME=...'\n"
		"Output:\n"
		"  -o, --output PREFIX   every output file is named PREFIX.<what>\n"
		"Common:\n" MF_COMMON_HELP,
		o->n, o->len, o->bg[0], o->bg[1], o->bg[2], o->bg[3], o->pc, o->rc_prob, o->split[0],
		o->split[1], o->split[2], SIM_DEFAULT_MOTIFS, o->common.threads,
		(unsigned long long)o->common.seed);
}

enum { OPT_BG = MF_OPT_FIRST_COMMAND_OPT, OPT_PC, OPT_RC, OPT_SPLIT, OPT_CLASS, OPT_TASK,
	OPT_CONFIG };

static int parse_background(const char *s, double *bg)
{
	static const double paper[4] = {0.3, 0.2, 0.2, 0.3}, published[4] = {0.27, 0.23, 0.23, 0.27};
	if (strcmp(s, "paper") == 0 || strcmp(s, "published") == 0) {
		memcpy(bg, s[1] == 'a' ? paper : published, 4 * sizeof *bg);
		return 0;
	}
	return mf_parse_bg("simulate", "--background", s, bg);
}

static int parse_split(const char *s, double *f)
{
	if (mf_parse_doubles("simulate", "--split", s, 3, f) < 0)
		return -1;
	double sum = f[0] + f[1] + f[2];
	if (f[0] < 0 || f[1] < 0 || f[2] < 0 || sum < 1 - 1e-6 || sum > 1 + 1e-6) {
		fprintf(stderr, "motiflift simulate: --split '%s': need 3 fractions >= 0 summing to 1\n", s);
		return -1;
	}
	return 0;
}

static int add_def(const char **defs, int *n, const char *s, const char *what)
{
	if (*n == MAX_DEFS) {
		fprintf(stderr, "motiflift simulate: more than %d %s definitions\n", MAX_DEFS, what);
		return -1;
	}
	defs[(*n)++] = s;
	return 0;
}

static int sim_option(sim_opt_t *o, int c, const char *a)
{
	switch (c) {
	case 'n': return mf_parse_int("simulate", "--num", a, 1, 2147483647L, &o->n);
	case 'L': return mf_parse_int("simulate", "--length", a, 1, 1L << 24, &o->len);
	case 'm': o->motifs = a; return 0;
	case 'o': o->out = a; return 0;
	case OPT_BG: return parse_background(a, o->bg);
	case OPT_PC: return mf_parse_double("simulate", "--pseudocount", a, 0, 1, &o->pc);
	case OPT_RC: return mf_parse_double("simulate", "--rc-prob", a, 0, 1, &o->rc_prob);
	case OPT_SPLIT: return parse_split(a, o->split);
	case OPT_CLASS: return add_def(o->class_def, &o->n_class, a, "--class");
	case OPT_TASK: return add_def(o->task_def, &o->n_task, a, "--task");
	case OPT_CONFIG: o->config = a; return 0;
	default: return -2;
	}
}

static int sim_parse(sim_opt_t *o, int argc, char **argv)
{
	static const mf_longopt_t lo[] = {
		{"num", MF_OPT_REQ, 'n'}, {"length", MF_OPT_REQ, 'L'}, {"motifs", MF_OPT_REQ, 'm'},
		{"output", MF_OPT_REQ, 'o'}, {"background", MF_OPT_REQ, OPT_BG},
		{"pseudocount", MF_OPT_REQ, OPT_PC}, {"rc-prob", MF_OPT_REQ, OPT_RC},
		{"split", MF_OPT_REQ, OPT_SPLIT}, {"class", MF_OPT_REQ, OPT_CLASS},
		{"task", MF_OPT_REQ, OPT_TASK}, {"config", MF_OPT_REQ, OPT_CONFIG},
		MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, "n:L:m:o:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "simulate");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0)
			continue;
		if (c == 'h') {
			sim_usage(stdout, o);
			return -1;
		}
		int r = sim_option(o, c, s.arg);
		if (r == -2)
			return mf_usage_error("simulate", c, &s);
		if (r < 0)
			return MF_EXIT_USAGE;
	}
	if (argc - s.ind != 0) {
		fprintf(stderr, "motiflift simulate: unexpected argument '%s' (see 'motiflift simulate "
			"--help')\n", argv[s.ind]);
		return MF_EXIT_USAGE;
	}
	if (!o->out) {
		fprintf(stderr, "motiflift simulate: -o PREFIX is required (see 'motiflift simulate "
			"--help')\n");
		return MF_EXIT_USAGE;
	}
	return 0;
}

/* Classes and tasks from --config, --class and --task, or the paper's four classes. */
static int build_recipe(mf_sim_spec_t *sp, const sim_opt_t *o, const mf_motifset_t *set,
		const char *mpath)
{
	if (o->config && mf_sim_load_config(sp, o->config, set, mpath) < 0)
		return -1;
	for (int i = 0; i < o->n_class; ++i) /* a bad --class or --task is a usage error */
		if (mf_sim_add_class(sp, o->class_def[i], set, mpath) < 0)
			return -2;
	for (int i = 0; i < o->n_task; ++i)
		if (mf_sim_add_task(sp, o->task_def[i], set, mpath) < 0)
			return -2;
	if (sp->n_classes == 0 && mf_sim_add_paper_classes(sp, set, mpath) < 0)
		return -1;
	return mf_sim_check(sp);
}

static int simulate(const sim_opt_t *o)
{
	char *mpath = o->motifs ? strdup(o->motifs) : mf_motif_default_path(SIM_DEFAULT_MOTIFS);
	mf_motifset_t *set = mpath ? mf_motifset_load(mpath, MF_MOTIF_AUTO) : NULL;
	mf_sim_spec_t *sp = set ? mf_sim_spec_create() : NULL;
	int rc = MF_EXIT_FAIL;
	if (!sp)
		goto out;
	sp->n = o->n;
	sp->len = (int)o->len;
	memcpy(sp->bg, o->bg, sizeof sp->bg);
	sp->pc = o->pc;
	sp->rc_prob = o->rc_prob;
	memcpy(sp->split, o->split, sizeof sp->split);
	sp->seed = o->common.seed;
	sp->threads = o->common.threads;
	int built = build_recipe(sp, o, set, mpath);
	if (built == -2)
		rc = MF_EXIT_USAGE;
	if (built < 0 || mf_sim_run(sp, o->out) < 0)
		goto out;
	mf_info("wrote %ld sequences of %d classes to %s.*", sp->n, sp->n_classes, o->out);
	rc = MF_EXIT_OK;
out:
	mf_sim_spec_destroy(sp);
	mf_motifset_destroy(set);
	free(mpath);
	return rc;
}

int main_simulate(int argc, char **argv)
{
	sim_opt_t o;
	sim_opt_init(&o);
	int rc = sim_parse(&o, argc, argv);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("simulate") : rc;
	size_t n = strlen(o.out);
	if (n == 0 || o.out[n - 1] == '/') {
		fprintf(stderr, "motiflift simulate: -o '%s' is a directory; give a prefix such as "
			"'%ssim'\n", o.out, o.out);
		return MF_EXIT_USAGE;
	}
	char *outs[MF_SIM_N_OUT];
	for (int i = 0; i < MF_SIM_N_OUT; ++i)
		outs[i] = mf_path_join(o.out, mf_sim_out_suffix[i]);
	const char *ins[] = {o.motifs, o.config};
	rc = mf_check_files("simulate", (const char *const *)outs, MF_SIM_N_OUT, ins, 2, NULL);
	for (int i = 0; i < MF_SIM_N_OUT; ++i)
		free(outs[i]);
	return rc < 0 ? MF_EXIT_FAIL : simulate(&o);
}
