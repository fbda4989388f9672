/* cmd_merge.c: motiflift merge: option parsing and wiring only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/log.h"
#include "io/merge.h"

typedef struct {
	mf_common_t common;
	const char *out, *genome, *bigwig, *bedgraph;
	const char *bw_task;
} merge_cli_t;

static void merge_usage(FILE *fp, const merge_cli_t *o)
{
	fprintf(fp,
		"Usage: motiflift merge [-o OUT] [--bigwig FILE] [--bedgraph FILE -g genome.fa] shard1 shard2 ...\n\n"
		"Joins the outputs of 'motiflift explain|scan --shard I/N' (given in shard order) into\n"
		"exactly what one unsharded run writes.\n\n"
		"  -o, --output FILE     merged output, by extension: .npz (arrays concatenated; tasks and\n"
		"                        meta must agree), anything else as text (.tsv, .bed, .gz: the first\n"
		"                        input whole, then the others without their '#' header lines)\n"
		"      --bigwig FILE     from explain npz inputs of BED regions: bigWig of the per-base\n"
		"                        contribution, as 'explain --bigwig' writes it (needs -g)\n"
		"      --bedgraph FILE   the same as bedGraph (.gz: bgzip)\n"
		"      --bw-task TASK    task of the tracks: its name or 0-based index [%s]\n"
		"  -g, --genome FILE     genome FASTA whose .fai gives chromosome sizes\n"
		"  -v, --verbose         more messages\n"
		"  -q, --quiet           errors only\n"
		"  -h, --help            this help\n", o->bw_task ? o->bw_task : "the first explained");
}

enum { OPT_BIGWIG = MF_OPT_FIRST_COMMAND_OPT, OPT_BEDGRAPH, OPT_BW_TASK };

static int merge_parse(merge_cli_t *o, int argc, char **argv, int *first)
{
	static const mf_longopt_t lo[] = {
		{"output", MF_OPT_REQ, 'o'}, {"genome", MF_OPT_REQ, 'g'},
		{"bigwig", MF_OPT_REQ, OPT_BIGWIG}, {"bedgraph", MF_OPT_REQ, OPT_BEDGRAPH},
		{"bw-task", MF_OPT_REQ, OPT_BW_TASK}, MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, "o:g:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "merge");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0)
			continue;
		switch (c) {
		case 'h': merge_usage(stdout, o); return -1;
		case 'o': o->out = s.arg; break;
		case 'g': o->genome = s.arg; break;
		case OPT_BIGWIG: o->bigwig = s.arg; break;
		case OPT_BEDGRAPH: o->bedgraph = s.arg; break;
		case OPT_BW_TASK:
			o->bw_task = s.arg;
			break;
		default: return mf_usage_error("merge", c, &s);
		}
	}
	const char *why = argc - s.ind < 1 ? "expected the shard outputs to merge"
		: !o->out && !o->bigwig && !o->bedgraph ? "nothing to write (-o, --bigwig or --bedgraph)"
		: (o->bigwig || o->bedgraph) && !o->genome ? "--bigwig/--bedgraph need a genome (-g)"
		: o->out && strcmp(o->out, "-") == 0 ? "-o needs a file name" : NULL;
	if (why) {
		fprintf(stderr, "motiflift merge: %s (see 'motiflift merge --help')\n", why);
		return MF_EXIT_USAGE;
	}
	*first = s.ind;
	return 0;
}

static int ends_with(const char *s, const char *sfx)
{
	size_t n = strlen(s), m = strlen(sfx);
	return n >= m && strcmp(s + n - m, sfx) == 0;
}

int main_merge(int argc, char **argv)
{
	merge_cli_t o;
	memset(&o, 0, sizeof o);
	mf_common_init(&o.common);
	int first = 0, rc = merge_parse(&o, argc, argv, &first);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("merge") : rc;
	const char *const *in = (const char *const *)argv + first;
	int n = argc - first;
	const char *outs[] = {o.out, o.bigwig, o.bedgraph};
	if (mf_check_files("merge", outs, 3, in, n, NULL) < 0 ||
			mf_check_files("merge", outs, 3, &o.genome, 1, NULL) < 0)
		return MF_EXIT_FAIL;
	if (o.out && (ends_with(o.out, ".npz") ? mf_merge_npz(in, n, o.out)
				  : mf_merge_text(in, n, o.out)) < 0)
		return MF_EXIT_FAIL;
	if (o.bigwig || o.bedgraph)
		rc = mf_merge_track(in, n, o.genome, o.bigwig, o.bedgraph, o.bw_task);
	if (rc < 0)
		return rc == -2 ? MF_EXIT_USAGE : MF_EXIT_FAIL;
	return MF_EXIT_OK;
}
