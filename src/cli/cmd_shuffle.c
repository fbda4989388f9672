/* cmd_shuffle.c: motiflift shuffle: k-let preserving shuffles of every input record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/log.h"
#include "io/seqio.h"
#include "explain/shuffle.h"

typedef struct {
	mf_common_t common;
	mf_shuffle_opt_t sh;
	const char *genome;
	const char *out;
	long width;
} shuf_opt_t;

static void shuf_opt_init(shuf_opt_t *o)
{
	memset(o, 0, sizeof *o);
	mf_common_init(&o->common);
	mf_shuffle_opt_init(&o->sh);
	o->out = "-";
}

static void shuf_usage(FILE *fp, const shuf_opt_t *o)
{
	fprintf(fp,
		"Usage: motiflift shuffle [options] <in.fa[.gz]|in.simdata[.gz]|regions.bed -g genome.fa>\n\n"
		"Writes N shuffles of every sequence that keep its exact k-let counts (uniform random\n"
		"Eulerian paths, Altschul-Erickson), named <name>_shuf<i> with i = 0..N-1, as FASTA.\n"
		"Lowercase is read as uppercase and written uppercase; N and other letters are kept as\n"
		"symbols of their own. Each record's shuffles depend only on --seed and its name.\n\n"
		"Options:\n"
		"  -n, --copies INT    shuffles per sequence [%d]\n"
		"  -k, --kmer INT      preserve the counts of k-lets; 1 permutes the letters [%d]\n"
		"  -o, --output FILE   FASTA output (.gz: bgzip) [%s]\n"
		"  -l, --line-width INT  FASTA line width, 0 for one line [%zu]\n"
		"  -g, --genome FILE   genome FASTA for BED input\n"
		"  -w, --width INT     BED input: resize regions to INT bases around their centre [%ld]\n"
		"Common:\n" MF_COMMON_HELP,
		o->sh.n, o->sh.k, o->out, o->sh.line_width, o->width, o->common.threads,
		(unsigned long long)o->common.seed);
}

static int shuf_parse(shuf_opt_t *o, int argc, char **argv, int *first)
{
	static const mf_longopt_t lo[] = {
		{"copies", MF_OPT_REQ, 'n'}, {"kmer", MF_OPT_REQ, 'k'}, {"output", MF_OPT_REQ, 'o'},
		{"line-width", MF_OPT_REQ, 'l'}, {"genome", MF_OPT_REQ, 'g'},
		{"width", MF_OPT_REQ, 'w'}, MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	long v;
	while ((c = mf_opt_next(&s, argc, argv, "n:k:o:l:g:w:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "shuffle");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0)
			continue;
		switch (c) {
		case 'n':
			if (mf_parse_int("shuffle", "--copies", s.arg, 1, 1000000, &v) < 0)
				return MF_EXIT_USAGE;
			o->sh.n = (int)v;
			break;
		case 'k':
			if (mf_parse_int("shuffle", "--kmer", s.arg, 1, 1000000, &v) < 0)
				return MF_EXIT_USAGE;
			o->sh.k = (int)v;
			break;
		case 'l':
			if (mf_parse_int("shuffle", "--line-width", s.arg, 0, 1L << 30, &v) < 0)
				return MF_EXIT_USAGE;
			o->sh.line_width = (size_t)v;
			break;
		case 'w':
			if (mf_parse_int("shuffle", "--width", s.arg, 1, 1L << 30, &o->width) < 0)
				return MF_EXIT_USAGE;
			break;
		case 'o': o->out = s.arg; break;
		case 'g': o->genome = s.arg; break;
		case 'h': shuf_usage(stdout, o); return -1;
		default: return mf_usage_error("shuffle", c, &s);
		}
	}
	if (argc - s.ind != 1) {
		fprintf(stderr, "motiflift shuffle: expected one input file (see 'motiflift shuffle --help')\n");
		return MF_EXIT_USAGE;
	}
	*first = s.ind;
	return 0;
}

int main_shuffle(int argc, char **argv)
{
	shuf_opt_t o;
	int first = 0;
	shuf_opt_init(&o);
	int rc = shuf_parse(&o, argc, argv, &first);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("shuffle") : rc;
	o.sh.seed = o.common.seed;
	o.sh.threads = o.common.threads;
	const char *ins[] = {argv[first], o.genome}, *outs[] = {o.out};
	if (mf_check_files("shuffle", outs, 1, ins, 2, NULL) < 0)
		return MF_EXIT_FAIL;
	mf_seqopt_t so;
	mf_seqopt_init(&so);
	so.genome = o.genome;
	so.width = o.genome ? o.width : 0;
	mf_seqreader_t *r = mf_seqreader_open(argv[first], MF_SEQ_AUTO, &so);
	if (!r)
		return MF_EXIT_FAIL;
	long warned = 0;
	rc = mf_shuffle_fasta(r, o.out, &o.sh, &warned);
	long n_rec = mf_seqreader_count(r);
	mf_seqreader_close(r);
	if (rc < 0)
		return MF_EXIT_FAIL;
	if (warned)
		mf_warn("%ld of %ld records have fewer distinct shuffles than the %d asked for", warned,
			n_rec, o.sh.n);
	return strcmp(o.out, "-") == 0 ? mf_finish_stdout("shuffle") : MF_EXIT_OK;
}
