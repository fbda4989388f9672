/* cmd_seq.c: motiflift seq: sequences from any supported source, as FASTA or one-hot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "io/genome_index.h"
#include "base/log.h"
#include "io/nameset.h"
#include "io/seqio.h"
#include "io/seq_export.h"
#include "io/writer.h"

typedef struct {
	mf_common_t common;
	const char *genome;
	const char *names;
	const char *out;
	long width;
	int pad_n, revcomp, index_only, in_place;
	long line_width;
	const char *format; /* NULL: from the output name */
} seq_opt_t;

static void seq_opt_init(seq_opt_t *o)
{
	memset(o, 0, sizeof *o);
	mf_common_init(&o->common);
	o->out = "-";
	o->line_width = 0;
}

static void seq_usage(FILE *fp, const seq_opt_t *o)
{
	fprintf(fp,
		"Usage: motiflift seq [options] <in.fa[.gz]|in.simdata[.gz]|regions.bed -g genome.fa>\n"
		"       motiflift seq --index -g genome.fa[.gz]\n\n"
		"Reads named sequences (FASTA, gzip or bgzip, '-' for stdin; simdata TSV; BED regions\n"
		"with --genome) and writes them as FASTA, or one-hot encoded as a NumPy .npz.\n"
		"With --index, (re)builds the genome's .fai (and .gzi) like 'samtools faidx' and exits.\n\n"
		"Input:\n"
		"  -g, --genome FILE   genome FASTA (plain or bgzip) for BED input; .fai/.gzi built if missing\n"
		"  -w, --width INT     resize every sequence to INT bases around its centre (BED: the\n"
		"                      region itself; others: trimmed or N-padded); 0 keeps lengths [%ld]\n"
		"  -n, --names FILE    keep only the records named in FILE (one per line, gzip ok)\n"
		"      --pad-n         BED: pad bases past a chromosome end with N instead of failing\n"
		"  -r, --revcomp       reverse-complement every sequence\n"
		"      --index         only (re)build the --genome index, written atomically so that\n"
		"                      jobs reading the genome never see it half-written\n"
		"Output:\n"
		"  -o, --output FILE   FASTA (.gz: bgzip), or .npz: one-hot 'onehot' (n, L, 4) float32\n"
		"                      in A,C,G,T order, 'names', and 'chrom'/'start'/'end' for BED or\n"
		"                      'labels'/'tasks' for simdata input [%s]\n"
		"      --format FMT    fasta or npz, overriding the file name\n"
		"      --in-place      rewrite the input FASTA file itself (written whole to a\n"
		"                      temporary, then renamed over it); without it an output that\n"
		"                      is an input is refused\n"
		"  -l, --line-width INT  FASTA line width, 0 for one line [%ld]\n"
		"Common:\n" MF_COMMON_HELP,
		o->width, o->out, o->line_width, o->common.threads,
		(unsigned long long)o->common.seed);
}

enum { OPT_PAD_N = MF_OPT_FIRST_COMMAND_OPT, OPT_FORMAT, OPT_INDEX, OPT_IN_PLACE };

/* --in-place: the output is the input, a FASTA file given by name, no other output. */
static int in_place_check(seq_opt_t *o, const char *input)
{
	const char *why = strcmp(input, "-") == 0 ? "needs an input file, not standard input"
		: o->genome ? "rewrites a FASTA file, not BED regions"
		: o->format && strcmp(o->format, "fasta") != 0 ? "writes FASTA"
		: strcmp(o->out, "-") != 0 && strcmp(o->out, input) != 0 ? "and -o name two outputs"
		: NULL;
	if (why) {
		fprintf(stderr, "motiflift seq: --in-place %s\n", why);
		return MF_EXIT_USAGE;
	}
	o->out = input;
	return 0;
}

static int seq_parse(seq_opt_t *o, int argc, char **argv, int *first_operand)
{
	static const mf_longopt_t lo[] = {
		{"genome", MF_OPT_REQ, 'g'}, {"names", MF_OPT_REQ, 'n'}, {"width", MF_OPT_REQ, 'w'},
		{"pad-n", MF_OPT_NONE, OPT_PAD_N}, {"revcomp", MF_OPT_NONE, 'r'},
		{"index", MF_OPT_NONE, OPT_INDEX},
		{"output", MF_OPT_REQ, 'o'}, {"format", MF_OPT_REQ, OPT_FORMAT},
		{"line-width", MF_OPT_REQ, 'l'}, {"in-place", MF_OPT_NONE, OPT_IN_PLACE},
		MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, "g:n:w:ro:l:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "seq");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0)
			continue;
		switch (c) {
		case 'g': o->genome = s.arg; break;
		case 'n': o->names = s.arg; break;
		case 'w':
			if (mf_parse_int("seq", "--width", s.arg, 1, 1L << 30, &o->width) < 0)
				return MF_EXIT_USAGE;
			break;
		case OPT_PAD_N: o->pad_n = 1; break;
		case 'r': o->revcomp = 1; break;
		case OPT_INDEX: o->index_only = 1; break;
		case OPT_IN_PLACE: o->in_place = 1; break;
		case 'o': o->out = s.arg; break;
		case OPT_FORMAT:
			if (strcmp(s.arg, "fasta") != 0 && strcmp(s.arg, "npz") != 0) {
				fprintf(stderr, "motiflift seq: --format '%s': expected fasta or npz\n", s.arg);
				return MF_EXIT_USAGE;
			}
			o->format = s.arg;
			break;
		case 'l':
			if (mf_parse_int("seq", "--line-width", s.arg, 0, 1L << 30, &o->line_width) < 0)
				return MF_EXIT_USAGE;
			break;
		case 'h': seq_usage(stdout, o); return -1;
		default: return mf_usage_error("seq", c, &s);
		}
	}
	if (o->index_only) {
		if (!o->genome || argc != s.ind) {
			fprintf(stderr, "motiflift seq: --index takes a --genome and no input file\n");
			return MF_EXIT_USAGE;
		}
		return 0;
	}
	if (argc - s.ind != 1) {
		fprintf(stderr, "motiflift seq: expected one input file (see 'motiflift seq --help')\n");
		return MF_EXIT_USAGE;
	}
	*first_operand = s.ind;
	return o->in_place ? in_place_check(o, argv[s.ind]) : 0;
}

static int wants_npz(const seq_opt_t *o)
{
	if (o->format)
		return strcmp(o->format, "npz") == 0;
	size_t n = strlen(o->out);
	return n >= 4 && strcmp(o->out + n - 4, ".npz") == 0;
}

int main_seq(int argc, char **argv)
{
	seq_opt_t o;
	int first = 0;
	seq_opt_init(&o);
	int rc = seq_parse(&o, argc, argv, &first);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("seq") : rc;
	if (o.index_only)
		return mf_genome_index(o.genome, 1) < 0 ? MF_EXIT_FAIL : MF_EXIT_OK;
	mf_seqopt_t so;
	mf_seqopt_init(&so);
	so.genome = o.genome;
	so.width = o.genome ? o.width : 0;
	so.pad_n = o.pad_n;
	mf_nameset_t *keep = NULL;
	if (o.names && !(keep = mf_nameset_load(o.names)))
		return MF_EXIT_FAIL;
	so.keep = keep;
	const char *ins[] = {argv[first], o.genome, o.names}, *outs[] = {o.out};
	if (mf_check_files("seq", outs, 1, ins + (o.in_place ? 1 : 0), o.in_place ? 2 : 3,
			"--in-place") < 0) {
		mf_nameset_destroy(keep);
		return MF_EXIT_FAIL;
	}
	mf_seqreader_t *r = mf_seqreader_open(argv[first], MF_SEQ_AUTO, &so);
	if (r && o.in_place && mf_seqreader_format(r) != MF_SEQ_FASTA) {
		fprintf(stderr, "motiflift seq: --in-place rewrites FASTA files; '%s' is simdata\n",
			argv[first]);
		mf_seqreader_close(r);
		mf_nameset_destroy(keep);
		return MF_EXIT_USAGE;
	}
	if (!r) {
		mf_nameset_destroy(keep);
		return MF_EXIT_FAIL;
	}
	mf_export_opt_t eo = {.width = (size_t)o.width, .revcomp = o.revcomp,
		.line_width = (size_t)o.line_width};
	rc = wants_npz(&o) ? mf_export_npz(r, o.out, &eo) : mf_export_fasta(r, o.out, &eo);
	mf_seqreader_close(r);
	mf_nameset_destroy(keep);
	if (rc < 0)
		return MF_EXIT_FAIL;
	return strcmp(o.out, "-") == 0 ? mf_finish_stdout("seq") : MF_EXIT_OK;
}
