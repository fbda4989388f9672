/* cmd_explain.c: motiflift explain: option parsing and wiring only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "config.h"
#include "cli/commands.h"
#include "cli/model_opt.h"
#include "explain/explain.h"
#include "explain/explain_out.h"
#include "base/log.h"
#include "io/writer.h"
#include "model/graph.h"
#include "model/model.h"
#include "io/nameset.h"
#include "io/seqio.h"
#include "io/tasks.h"

typedef struct {
	mf_common_t common;
	mf_explain_opt_t ex;
	mf_model_opt_t mo;
	const char *genome, *names, *out, *format, *modisco, *ref_arg, *task_spec, *bw_task_spec;
	const char *bigwig, *bedgraph;
	int pad_n, tsv_hyp, freq_data, bw_task, shard_i, shard_n;
	long width;
	int task_buf[256];
} explain_cli_t;

static void explain_cli_init(explain_cli_t *o)
{
	memset(o, 0, sizeof *o);
	mf_common_init(&o->common);
	mf_explain_opt_init(&o->ex);
	mf_model_opt_init(&o->mo);
	o->task_spec = "all";
	o->ref_arg = "dinuc-shuffle";
	o->bw_task = -1;
}

static void explain_usage(FILE *fp, const explain_cli_t *o)
{
	const mf_explain_opt_t *e = &o->ex;
	fprintf(fp,
		"Usage: motiflift explain -m MODEL [options] <in.fa|in.simdata|regions.bed -g genome.fa>\n\n"
		"Explains the model's logits (before the output sigmoid/softmax) base by base.\n\n"
		"Model:\n"
		MF_MODEL_HELP MF_MODEL_NORMALIZE_HELP MF_MODEL_HEAD_HELP
		"      --target KIND     counts: each task is one value of the output (a logit, a\n"
		"                        log-count); profile: each task is a track of a profile output,\n"
		"                        explained as sum_j softmax(m)_j m_j, m = logits - mean [%s]\n"
		"                        (without --head: the first output of that kind)\n"
		"      --profile-rule R  profile target: rescale (bpnet-lite/tangermeme; sums to the\n"
		"                        target's difference) or shap (chrombpnet's shap fork) [%s]\n"
		"Method:\n"
		"      --method NAME     deeplift, gradient, grad-x-input, guided-backprop or\n"
		"                        integrated-gradients [%s]\n"
		"      --rule NAME       DeepLIFT rule: rescale, revealcancel or genomics-default [%s]\n"
		"      --steps INT       integrated gradients steps (midpoint rule) [%d]\n"
		"      --task LIST       tasks (model outputs) to explain, by 0-based index or name\n"
		"                        (a simdata header's task1..): 0, 0,2, task1 or all [all]\n"
		"References:\n"
		"  -r, --reference REF   zeros, freq:A,C,G,T, freq:data, dinuc-shuffle or fasta:FILE [%s]\n"
		"  -n, --num-refs INT    references per sequence for dinuc-shuffle and fasta: [%d]\n"
		"      --seed INT        shuffles are seeded from (seed, sequence name) [%llu]\n"
		"Input:\n"
		"  -g, --genome FILE     genome FASTA for BED input (regions resized to the model's length)\n"
		"      --names FILE      only the records named in FILE\n"
		"      --resize          centre-resize sequences of another length (trim or pad with N)\n"
		"      --pad-n           BED: pad past chromosome ends with N (else such a region is an error)\n"
		"  -w, --width INT       BED: take INT genome bases around each region's centre; the rest of\n"
		"                        the model's window is N [the model's input length]\n"
		"      --shard I/N       only the I-th of N contiguous slices of the input records\n"
		"                        (join the outputs with 'motiflift merge')\n"
		"Output:\n"
		"  -o, --output FILE     .npz (arrays: names onehot contrib proj hyp delta tasks meta [chrom\n"
		"                        start end]) or .tsv[.gz] (name pos base task...) [- (TSV), or\n"
		"                        none when a track is asked for]\n"
		"      --bigwig FILE     BED: bigWig of the per-base contribution (summed over channels)\n"
		"      --bedgraph FILE   BED: the same as bedGraph (.gz: bgzip); overlaps: mean\n"
		"      --bw-task TASK    task (index or name) of the tracks [the first explained]\n"
		"      --format FMT      npz or tsv, overriding the file name\n"
		"      --hyp             TSV: add hypothetical contributions per base\n"
		"      --modisco PREFIX  also PREFIX.ohe.npz, PREFIX[.taskN].hyp.npz and .h5 for TF-MoDISco\n"
		"  -b, --batch-size INT  sequences per batch [%d]\n"
		"      --delta-warn F    warn when a summation-to-delta residual exceeds F relative [%g]\n"
		"Common:\n"
		"  -t, --threads INT     worker threads [%d]\n"
		"  -v, --verbose         more messages\n"
		"  -q, --quiet           errors only (no summary line)\n"
		"  -h, --help            this help\n",
		mf_target_name(e->target), mf_profile_rule_name(e->profile_rule),
		mf_method_name(e->method), mf_rule_name(e->rule), e->steps, o->ref_arg, e->n_refs,
		(unsigned long long)o->common.seed, e->batch, e->delta_warn, o->common.threads);
}

enum {
	OPT_METHOD = MF_OPT_FIRST_COMMAND_OPT, OPT_RULE, OPT_STEPS,
	OPT_TASK, OPT_NAMES, OPT_RESIZE, OPT_PAD_N, OPT_FORMAT, OPT_HYP, OPT_MODISCO, OPT_DELTA_WARN,
	OPT_SHARD, OPT_BIGWIG, OPT_BEDGRAPH, OPT_BW_TASK, OPT_TARGET, OPT_PROFILE_RULE
};

static int pick(const char *arg, const char *const *names, int n, const char *what)
{
	for (int i = 0; i < n; ++i)
		if (strcmp(arg, names[i]) == 0)
			return i;
	fprintf(stderr, "motiflift explain: %s '%s' is not one of:", what, arg);
	for (int i = 0; i < n; ++i)
		fprintf(stderr, " %s", names[i]);
	fputc('\n', stderr);
	return -1;
}

/* Only the form here (names and indices resolve once the model and data are known). */
static int parse_tasks(explain_cli_t *o, const char *arg)
{
	size_t n = strlen(arg);
	if (n == 0 || arg[0] == ',' || arg[n - 1] == ',' || strstr(arg, ",,")) {
		fprintf(stderr, "motiflift explain: --task '%s': expected all or a list like 0,2\n", arg);
		return -1;
	}
	o->task_spec = arg;
	return 0;
}

static int parse_reference(explain_cli_t *o, const char *arg)
{
	o->ref_arg = arg;
	o->freq_data = 0;
	if (strcmp(arg, "zeros") == 0)
		o->ex.ref = MF_REF_ZEROS;
	else if (strcmp(arg, "dinuc-shuffle") == 0)
		o->ex.ref = MF_REF_SHUFFLE;
	else if (strcmp(arg, "freq:data") == 0)
		o->ex.ref = MF_REF_FREQ, o->freq_data = 1;
	else if (strncmp(arg, "freq:", 5) == 0) {
		o->ex.ref = MF_REF_FREQ;
		if (mf_parse_freqs("explain", "--reference freq:", arg + 5, o->ex.freq) < 0)
			return -1;
	} else if (strncmp(arg, "fasta:", 6) == 0 && arg[6]) {
		o->ex.ref = MF_REF_FASTA;
		o->ex.ref_fasta = arg + 6;
	} else {
		fprintf(stderr, "motiflift explain: --reference '%s': expected zeros, freq:A,C,G,T, "
			"freq:data, dinuc-shuffle or fasta:FILE\n", arg);
		return -1;
	}
	return 0;
}

static int explain_option(explain_cli_t *o, int c, const char *arg)
{
	static const char *methods[] = {"deeplift", "gradient", "grad-x-input", "guided-backprop",
		"integrated-gradients"};
	static const char *rules[] = {"rescale", "revealcancel", "genomics-default"};
	static const char *targets[] = {"counts", "profile"}, *profile_rules[] = {"rescale", "shap"};
	long v;
	double d;
	int k;
	switch (c) {
	case OPT_METHOD:
		if ((k = pick(arg, methods, 5, "--method")) < 0)
			return -1;
		o->ex.method = (mf_method_t)k;
		return 0;
	case OPT_RULE:
		if ((k = pick(arg, rules, 3, "--rule")) < 0)
			return -1;
		o->ex.rule = (mf_rule_t)k;
		return 0;
	case OPT_TARGET:
		if ((k = pick(arg, targets, 2, "--target")) < 0)
			return -1;
		o->ex.target = (mf_target_kind_t)k;
		o->mo.head_kind = k;
		return 0;
	case OPT_PROFILE_RULE:
		if ((k = pick(arg, profile_rules, 2, "--profile-rule")) < 0)
			return -1;
		o->ex.profile_rule = (mf_profile_rule_t)k;
		return 0;
	case OPT_STEPS:
		if (mf_parse_int("explain", "--steps", arg, 1, 100000, &v) < 0)
			return -1;
		o->ex.steps = (int)v;
		return 0;
	case OPT_TASK: return parse_tasks(o, arg);
	case 'r': return parse_reference(o, arg);
	case 'n':
		if (mf_parse_int("explain", "--num-refs", arg, 1, 100000, &v) < 0)
			return -1;
		o->ex.n_refs = (int)v;
		return 0;
	case 'g': o->genome = arg; return 0;
	case OPT_NAMES: o->names = arg; return 0;
	case OPT_RESIZE: o->ex.resize = 1; return 0;
	case OPT_PAD_N: o->pad_n = 1; return 0;
	case 'w': return mf_parse_int("explain", "--width", arg, 1, 1L << 30, &o->width);
	case OPT_SHARD:
		if (mf_shard_parse(arg, &o->shard_i, &o->shard_n) < 0) {
			fprintf(stderr, "motiflift explain: --shard '%s': expected I/N with 1 <= I <= N\n", arg);
			return -1;
		}
		return 0;
	case OPT_BIGWIG: o->bigwig = arg; return 0;
	case OPT_BEDGRAPH: o->bedgraph = arg; return 0;
	case OPT_BW_TASK: o->bw_task_spec = arg; return 0;
	case 'o': o->out = arg; return 0;
	case OPT_FORMAT:
		if (strcmp(arg, "npz") != 0 && strcmp(arg, "tsv") != 0) {
			fprintf(stderr, "motiflift explain: --format '%s': expected npz or tsv\n", arg);
			return -1;
		}
		o->format = arg;
		return 0;
	case OPT_HYP: o->tsv_hyp = 1; return 0;
	case OPT_MODISCO: o->modisco = arg; return 0;
	case 'b':
		if (mf_parse_int("explain", "--batch-size", arg, 1, 1 << 20, &v) < 0)
			return -1;
		o->ex.batch = (int)v;
		return 0;
	case OPT_DELTA_WARN:
		if (mf_parse_double("explain", "--delta-warn", arg, 0, 1e300, &d) < 0)
			return -1;
		o->ex.delta_warn = d;
		return 0;
	default: return 1;
	}
}

static int explain_parse(explain_cli_t *o, int argc, char **argv, int *first)
{
	static const mf_longopt_t lo[] = {
		MF_MODEL_LONGOPTS, MF_MODEL_NORMALIZE_LONGOPT, MF_MODEL_HEAD_LONGOPT,
		{"target", MF_OPT_REQ, OPT_TARGET}, {"profile-rule", MF_OPT_REQ, OPT_PROFILE_RULE},
		{"method", MF_OPT_REQ, OPT_METHOD},
		{"rule", MF_OPT_REQ, OPT_RULE}, {"steps", MF_OPT_REQ, OPT_STEPS},
		{"task", MF_OPT_REQ, OPT_TASK}, {"reference", MF_OPT_REQ, 'r'},
		{"num-refs", MF_OPT_REQ, 'n'}, {"genome", MF_OPT_REQ, 'g'},
		{"names", MF_OPT_REQ, OPT_NAMES}, {"resize", MF_OPT_NONE, OPT_RESIZE},
		{"pad-n", MF_OPT_NONE, OPT_PAD_N}, {"output", MF_OPT_REQ, 'o'},
		{"format", MF_OPT_REQ, OPT_FORMAT}, {"hyp", MF_OPT_NONE, OPT_HYP},
		{"modisco", MF_OPT_REQ, OPT_MODISCO}, {"batch-size", MF_OPT_REQ, 'b'},
		{"delta-warn", MF_OPT_REQ, OPT_DELTA_WARN}, {"width", MF_OPT_REQ, 'w'},
		{"shard", MF_OPT_REQ, OPT_SHARD}, {"bigwig", MF_OPT_REQ, OPT_BIGWIG},
		{"bedgraph", MF_OPT_REQ, OPT_BEDGRAPH}, {"bw-task", MF_OPT_REQ, OPT_BW_TASK},
		MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, MF_MODEL_SHORTOPTS "r:n:g:o:b:w:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "explain");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0 || mf_model_opt_parse(&o->mo, c, s.arg))
			continue;
		if (c == 'h') {
			explain_usage(stdout, o);
			return -1;
		}
		k = explain_option(o, c, s.arg);
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0)
			return mf_usage_error("explain", c, &s);
	}
	if (argc - s.ind != 1) {
		fprintf(stderr, "motiflift explain: expected one input file (see 'motiflift explain --help')\n");
		return MF_EXIT_USAGE;
	}
	int rc = mf_model_opt_check(&o->mo, "explain");
	if (rc != 0)
		return rc;
	if ((o->bigwig || o->bedgraph || o->width) && !o->genome) {
		fprintf(stderr, "motiflift explain: --bigwig, --bedgraph and --width need BED regions "
			"and a genome (-g)\n");
		return MF_EXIT_USAGE;
	}
	if (!o->out && (o->bigwig || o->bedgraph)) {
		o->format = "none";
		*first = s.ind;
		return 0;
	}
	if (!o->out)
		o->out = "-";
	int fmt = o->format ? (strcmp(o->format, "npz") == 0 ? MF_XOUT_NPZ : MF_XOUT_TSV)
			    : mf_xout_format_from_name(o->out);
	if (fmt < 0) {
		fprintf(stderr, "motiflift explain: cannot tell the format of '%s' (use .npz, .tsv, "
			".tsv.gz or --format)\n", o->out);
		return MF_EXIT_USAGE;
	}
	if (fmt == MF_XOUT_NPZ && strcmp(o->out, "-") == 0) {
		fprintf(stderr, "motiflift explain: npz output needs a file name (-o FILE.npz)\n");
		return MF_EXIT_USAGE;
	}
	o->format = fmt == MF_XOUT_NPZ ? "npz" : "tsv";
	*first = s.ind;
	return 0;
}

static char *meta_string(const explain_cli_t *o, const char *input, const char *head)
{
	char *m = NULL;
	const mf_explain_opt_t *e = &o->ex;
	char target[256] = "logits (pre-activation)";
	if (e->target == MF_TARGET_PROFILE || o->mo.head) /* the paper model's meta stays as it was */
		snprintf(target, sizeof target, "%s of output %s%s%s", mf_target_name(e->target), head,
			e->target == MF_TARGET_PROFILE ? ", rule " : "",
			e->target == MF_TARGET_PROFILE ? mf_profile_rule_name(e->profile_rule) : "");
	if (asprintf(&m, "motiflift=%s;method=%s;rule=%s;reference=%s;num_refs=%d;seed=%llu;"
			"steps=%d;normalize=%d;model=%s;input=%s;target=%s",
			PACKAGE_VERSION, mf_method_name(e->method),
			e->method == MF_METHOD_DEEPLIFT ? mf_rule_name(e->rule) : "-", o->ref_arg,
			e->n_refs, (unsigned long long)e->seed, e->steps, o->mo.normalize, o->mo.model, input,
			target) < 0)
		return NULL;
	return m;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void print_summary(const mf_explain_stats_t *st, double secs)
{
	if (mf_verbose < MF_LOG_WARN)
		return;
	fprintf(stderr, "[M::explain] %ld sequences x %d references (%ld pairs) in %.3f s (%.0f pairs/s); "
		"max |summation-to-delta residual| %.3g (relative %.3g)%s\n", st->n_seqs, st->n_refs,
		st->n_pairs, secs, secs > 0 ? st->n_pairs / secs : 0.0, st->max_abs_delta,
		st->max_rel_delta, st->n_delta_warned ? "; see warnings above" : "");
}

/* The tasks to explain and the track's task, by index, now that the model's outputs and
 * the data's names for them are known; the data's names (or NULL). -1 on a bad task
 * (logged). */
static int resolve_tasks(explain_cli_t *o, const mf_model_t *m, const mf_seqreader_t *r,
		const char **names, int *named)
{
	int n_out = mf_explain_n_tasks(m, &o->ex);
	if (n_out < 1)
		return -1;
	*named = n_out <= 256 && mf_task_names_from_data(r, n_out, names);
	const char *const *nm = *named ? names : NULL;
	int k = mf_task_list(o->task_spec, nm, n_out, o->task_buf, 256, "--task");
	if (k < 0)
		return -1;
	o->ex.tasks = strcmp(o->task_spec, "all") == 0 ? NULL : o->task_buf;
	o->ex.n_tasks = k;
	if (o->bw_task_spec && (o->bw_task = mf_task_find(o->bw_task_spec, nm, n_out)) < 0) {
		mf_error("--bw-task '%s': no such task (the model has %d outputs)", o->bw_task_spec,
			n_out);
		return -1;
	}
	return 0;
}

/* Everything after parsing: open, run, close. Returns an exit code. */
static int explain_files(explain_cli_t *o, const char *input)
{
	int rc = MF_EXIT_FAIL;
	mf_nameset_t *keep = NULL;
	mf_seqreader_t *r = NULL;
	mf_xout_t *x = NULL;
	char *meta = NULL;
	double t0 = now_seconds();
	int ec;
	mf_model_t *m = mf_model_opt_open(&o->mo, &ec);
	if (!m) {
		rc = ec;
		goto done;
	}
	if (o->names && !(keep = mf_nameset_load(o->names)))
		goto done;
	mf_seqopt_t so;
	mf_seqopt_init(&so);
	so.genome = o->genome, so.width = o->width ? o->width : m->in_len, so.pad_n = o->pad_n;
	so.keep = keep, so.shard_i = o->shard_i, so.shard_n = o->shard_n;
	if (o->width && o->width != m->in_len)
		o->ex.resize = 1; /* centre the o->width bases in the model's window */
	mf_seqopt_t all = so; /* freq:data counts every record, so shards agree */
	all.shard_n = 0;
	if (o->freq_data && mf_base_freqs(input, &all, o->ex.freq) < 0)
		goto done;
	if (!(r = mf_seqreader_open(input, MF_SEQ_AUTO, &so)))
		goto done;
	const char *names[256];
	int named;
	if (resolve_tasks(o, m, r, names, &named) < 0) {
		rc = MF_EXIT_USAGE;
		goto done;
	}
	int T = o->ex.n_tasks;
	int tasks[256];
	for (int t = 0; t < T && t < 256; ++t)
		tasks[t] = o->ex.tasks ? o->ex.tasks[t] : t;
	int R = mf_explain_refs_per_seq(&o->ex);
	mf_xout_opt_t xo = {o->out, strcmp(o->format, "npz") == 0 ? MF_XOUT_NPZ
		: strcmp(o->format, "tsv") == 0 ? MF_XOUT_TSV : MF_XOUT_NONE, o->tsv_hyp, o->modisco,
		meta = meta_string(o, input, mf_model_output_name(m, m->output)), o->bigwig, o->bedgraph, o->genome, o->bw_task,
		o->shard_i, o->shard_n};
	if (!(x = mf_xout_open(&xo, T, tasks, R, (size_t)m->in_len,
			mf_seqreader_format(r) == MF_SEQ_BED, named ? names : NULL)))
		goto done;
	mf_explain_stats_t st;
	if (mf_explain_run(m, r, &o->ex, mf_xout_write, x, &st) < 0)
		goto done;
	int crc = mf_xout_close(x);
	x = NULL;
	if (crc < 0)
		goto done;
	print_summary(&st, now_seconds() - t0);
	rc = MF_EXIT_OK;
done:
	mf_xout_abort(x);
	mf_seqreader_close(r);
	mf_nameset_destroy(keep);
	mf_model_destroy(m);
	free(meta);
	return rc;
}

int main_explain(int argc, char **argv)
{
	explain_cli_t o;
	int first = 0;
	explain_cli_init(&o);
	int rc = explain_parse(&o, argc, argv, &first);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("explain") : rc;
	o.ex.seed = o.common.seed;
	o.ex.threads = o.common.threads;
	char *ohe = o.modisco ? mf_path_join(o.modisco, ".ohe.npz") : NULL;
	const char *outs[] = {o.out, o.bigwig, o.bedgraph, ohe};
	rc = mf_check_outputs("explain", outs, 4) < 0 ? MF_EXIT_FAIL : 0;
	free(ohe);
	if (rc != 0)
		return rc;
	rc = explain_files(&o, argv[first]);
	if (rc == MF_EXIT_OK && o.out && strcmp(o.out, "-") == 0)
		return mf_finish_stdout("explain");
	return rc;
}
