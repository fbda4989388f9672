/* cmd_scan.c: motiflift scan: PWM matches with exact p-values as BED6+. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/log.h"
#include "motif/motif.h"
#include "io/nameset.h"
#include "motif/scan.h"
#include "io/seqio.h"

#define MAX_NAMES 256

typedef struct {
	mf_common_t common;
	mf_scanfile_opt_t run;
	const char *motifs, *bg, *genome, *out, *keep;
	const char *names[MAX_NAMES];
	int n_names;
	double pc, bg_val[4];
	long width;
	int pvalue_set, pad_n, shard_i, shard_n;
} scan_opt_t;

static void scan_opt_init(scan_opt_t *o)
{
	memset(o, 0, sizeof *o);
	mf_common_init(&o->common);
	mf_scan_opt_init(&o->run.scan);
	o->out = "-";
	o->pc = 1e-3;
	o->bg = "motif";
}

static void scan_usage(FILE *fp, const scan_opt_t *o)
{
	fprintf(fp,
		"Usage: motiflift scan -m motifs.meme [options] <in.fa[.gz]|in.simdata|regions.bed -g genome.fa>\n\n"
		"Scans every position of every sequence on both strands with each motif and writes the\n"
		"matches as BED6+: name/chrom, start, end, motif, score, strand, log-odds (bits), p-value,\n"
		"[q-value], matched sequence (on the motif's strand). P-values are exact under the\n"
		"background for log-odds rounded to 1/1000 bit (as FIMO/MOODS compute them).\n\n"
		"Motifs:\n"
		"  -m, --motifs FILE   MEME, ENCODE motifs.txt, JASPAR or HOMER file (gzip ok)\n"
		"      --motif NAME    scan only this motif (repeatable) [all]\n"
		"      --bg SPEC       background: motif (the file's, else uniform), A,C,G,T, a file of\n"
		"                      'letter frequency' lines, or data (counted from the input) [%s]\n"
		"      --pseudocount F smoothing p*(1-F)+F/4 before log2(p/bg) [%g]\n"
		"      --log-base 2|e  log-odds in bits (2) or nats (e: ln(p/bg), as the DeepLIFT\n"
		"                      paper's figures), in the output and for --min-score [%s]\n"
		"Thresholds:\n"
		"      --pvalue P      report windows with p-value <= P [%g; 1 with --top alone]\n"
		"      --min-score S   and log-odds >= S (bits, or nats with --log-base e)\n"
		"      --top K         the K best windows per sequence and motif (by log-odds)\n"
		"      --nonoverlap    with --top: greedy, kept windows never overlap\n"
		"      --greedy-exclude  with --top: the DeepLIFT notebook's greedy pick: after each\n"
		"                      best start i, exclude the starts in the Python slice\n"
		"                      [i-w/2 : i+w/2-1]; a pick at i < w/2 excludes nothing and\n"
		"                      comes back in every remaining round (rows repeat)\n"
		"      --strand +|both scan the + strand only, or both [both]\n"
		"      --qvalue        add Benjamini-Hochberg q-values per motif (holds all matches)\n"
		"Input and output:\n"
		"  -n, --names FILE    scan only the records named in FILE (one per line, gzip ok)\n"
		"  -g, --genome FILE   genome FASTA for BED input (coordinates are then genomic)\n"
		"  -w, --width INT     BED input: resize regions to INT bases around their centre\n"
		"      --pad-n         BED input: pad past chromosome ends with N (else an error)\n"
		"      --shard I/N     only the I-th of N contiguous slices of the input records\n"
		"                      (join the outputs with 'motiflift merge'; not with --qvalue)\n"
		"  -o, --output FILE   BED6+ output (.gz: bgzip) [%s]\n"
		"Common:\n" MF_COMMON_HELP,
		o->bg, o->pc, o->run.nats ? "e" : "2", o->run.scan.pvalue, o->out, o->common.threads,
		(unsigned long long)o->common.seed);
}

enum { OPT_MOTIF = MF_OPT_FIRST_COMMAND_OPT, OPT_BG, OPT_PC, OPT_PV, OPT_MIN, OPT_TOP, OPT_NONOV,
	OPT_STRAND, OPT_QV, OPT_PAD_N, OPT_SHARD, OPT_LOG_BASE, OPT_GREEDY };

/* --bg: a keyword, a list (the rule every command follows) or a file that exists. */
static int scan_bg_option(scan_opt_t *o, const char *a)
{
	if (strcmp(a, "motif") == 0 || strcmp(a, "data") == 0)
		return 0;
	if (strchr(a, ','))
		return mf_parse_bg("scan", "--bg", a, o->bg_val);
	if (access(a, R_OK) != 0) {
		fprintf(stderr, "motiflift scan: --bg '%s': expected motif, data, A,C,G,T or a "
			"background file (%s)\n", a, strerror(errno));
		return -1;
	}
	return 0;
}

static int scan_option(scan_opt_t *o, int c, const char *a)
{
	long v;
	switch (c) {
	case 'm': o->motifs = a; return 0;
	case 'g': o->genome = a; return 0;
	case 'n': o->keep = a; return 0;
	case 'o': o->out = a; return 0;
	case 'w': return mf_parse_int("scan", "--width", a, 1, 1L << 30, &o->width);
	case OPT_MOTIF:
		if (o->n_names == MAX_NAMES) {
			fprintf(stderr, "motiflift scan: more than %d --motif options\n", MAX_NAMES);
			return -1;
		}
		o->names[o->n_names++] = a;
		return 0;
	case OPT_BG: o->bg = a; return scan_bg_option(o, a);
	case OPT_PC: return mf_parse_double("scan", "--pseudocount", a, 0, 1, &o->pc);
	case OPT_PV:
		o->pvalue_set = 1;
		return mf_parse_double("scan", "--pvalue", a, 0, 1, &o->run.scan.pvalue);
	case OPT_MIN: return mf_parse_double("scan", "--min-score", a, -1e9, 1e9, &o->run.scan.min_score);
	case OPT_TOP:
		if (mf_parse_int("scan", "--top", a, 1, 1000000, &v) < 0)
			return -1;
		o->run.scan.top = (int)v;
		return 0;
	case OPT_NONOV: o->run.scan.nonoverlap = 1; return 0;
	case OPT_GREEDY: o->run.greedy = 1; return 0;
	case OPT_LOG_BASE:
		if (strcmp(a, "2") != 0 && strcmp(a, "e") != 0) {
			fprintf(stderr, "motiflift scan: --log-base '%s': expected 2 (bits) or e (nats)\n", a);
			return -1;
		}
		o->run.nats = a[0] == 'e';
		return 0;
	case OPT_QV: o->run.qvalues = 1; return 0;
	case OPT_PAD_N: o->pad_n = 1; return 0;
	case OPT_SHARD:
		if (mf_shard_parse(a, &o->shard_i, &o->shard_n) < 0) {
			fprintf(stderr, "motiflift scan: --shard '%s': expected I/N with 1 <= I <= N\n", a);
			return -1;
		}
		return 0;
	case OPT_STRAND:
		if (strcmp(a, "+") != 0 && strcmp(a, "both") != 0) {
			fprintf(stderr, "motiflift scan: --strand '%s': expected + or both\n", a);
			return -1;
		}
		o->run.scan.strands = a[0] == '+' ? 1 : 2;
		return 0;
	}
	return -2;
}

static int scan_parse(scan_opt_t *o, int argc, char **argv, int *first)
{
	static const mf_longopt_t lo[] = {
		{"motifs", MF_OPT_REQ, 'm'}, {"motif", MF_OPT_REQ, OPT_MOTIF}, {"bg", MF_OPT_REQ, OPT_BG},
		{"pseudocount", MF_OPT_REQ, OPT_PC}, {"pvalue", MF_OPT_REQ, OPT_PV},
		{"min-score", MF_OPT_REQ, OPT_MIN}, {"top", MF_OPT_REQ, OPT_TOP},
		{"nonoverlap", MF_OPT_NONE, OPT_NONOV}, {"strand", MF_OPT_REQ, OPT_STRAND},
		{"qvalue", MF_OPT_NONE, OPT_QV}, {"genome", MF_OPT_REQ, 'g'}, {"width", MF_OPT_REQ, 'w'},
		{"names", MF_OPT_REQ, 'n'},
		{"output", MF_OPT_REQ, 'o'}, {"pad-n", MF_OPT_NONE, OPT_PAD_N},
		{"shard", MF_OPT_REQ, OPT_SHARD}, {"log-base", MF_OPT_REQ, OPT_LOG_BASE},
		{"greedy-exclude", MF_OPT_NONE, OPT_GREEDY}, MF_COMMON_LONGOPTS, {NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, "m:g:w:n:o:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "scan");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0)
			continue;
		if (c == 'h') {
			scan_usage(stdout, o);
			return -1;
		}
		int r = scan_option(o, c, s.arg);
		if (r == -2)
			return mf_usage_error("scan", c, &s);
		if (r < 0)
			return MF_EXIT_USAGE;
	}
	if (!o->motifs || argc - s.ind != 1) {
		fprintf(stderr, "motiflift scan: expected -m MOTIFS and one input file (see 'motiflift scan --help')\n");
		return MF_EXIT_USAGE;
	}
	if (o->shard_n && o->run.qvalues) {
		fprintf(stderr, "motiflift scan: --qvalue needs every match of the run; it cannot be "
			"combined with --shard\n");
		return MF_EXIT_USAGE;
	}
	if (o->run.greedy && (!o->run.scan.top || o->run.scan.nonoverlap)) {
		fprintf(stderr, "motiflift scan: --greedy-exclude needs --top K and replaces "
			"--nonoverlap\n");
		return MF_EXIT_USAGE;
	}
	if (o->run.scan.top && !o->pvalue_set)
		o->run.scan.pvalue = 1;
	if (o->run.nats) /* the engine scores in bits */
		o->run.scan.min_score /= M_LN2;
	*first = s.ind;
	return 0;
}

/* Base frequencies of the input (for --bg data); the input must be a file. */
static int bg_from_data(const char *path, const mf_seqopt_t *so, double bg[4])
{
	if (strcmp(path, "-") == 0) {
		mf_error("--bg data needs the input as a file, not standard input");
		return -1;
	}
	mf_seqopt_t quiet = *so;
	quiet.if_empty = MF_EMPTY_QUIET; /* the scan itself says so */
	mf_seqreader_t *r = mf_seqreader_open(path, MF_SEQ_AUTO, &quiet);
	if (!r)
		return -1;
	mf_seq_t s;
	mf_seq_init(&s);
	double n[4] = {1, 1, 1, 1}; /* one pseudo-observation each: no zero frequency */
	int ret;
	while ((ret = mf_seqreader_read(r, &s)) == 1)
		for (size_t i = 0; i < s.len; ++i)
			if (mf_nt4[(unsigned char)s.seq[i]] < 4)
				n[mf_nt4[(unsigned char)s.seq[i]]] += 1;
	mf_seq_free(&s);
	mf_seqreader_close(r);
	double t = n[0] + n[1] + n[2] + n[3];
	for (int b = 0; b < 4; ++b)
		bg[b] = n[b] / t;
	return ret < 0 ? -1 : 0;
}

/* A file of "letter frequency" lines (MEME background files; '#' comments). */
static int bg_from_file(const char *path, double bg[4])
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		mf_error("cannot open background file '%s'", path);
		return -1;
	}
	char line[256];
	int seen = 0;
	while (fgets(line, sizeof line, fp)) {
		char l;
		double f;
		if (line[0] == '#' || sscanf(line, " %c %lf", &l, &f) != 2)
			continue;
		const char *p = strchr("ACGTacgt", l);
		if (p && f > 0)
			bg[(p - "ACGTacgt") % 4] = f, seen |= 1 << ((p - "ACGTacgt") % 4);
	}
	fclose(fp);
	double t = bg[0] + bg[1] + bg[2] + bg[3];
	if (seen != 15 || fabs(t - 1) > 0.02) { /* the rule of MEME background sections */
		mf_error("%s: expected positive frequencies for A, C, G and T summing to 1", path);
		return -1;
	}
	for (int b = 0; b < 4; ++b)
		bg[b] /= t;
	return 0;
}

static int resolve_bg(const scan_opt_t *o, const mf_motifset_t *ms, const char *input,
		const mf_seqopt_t *so, double bg[4])
{
	if (strcmp(o->bg, "motif") == 0) {
		memcpy(bg, ms->bg, sizeof ms->bg);
		return 0;
	}
	if (strcmp(o->bg, "data") == 0)
		return bg_from_data(input, so, bg);
	if (strchr(o->bg, ',')) {
		memcpy(bg, o->bg_val, sizeof o->bg_val);
		return 0;
	}
	return bg_from_file(o->bg, bg);
}

/* The scanners of the chosen motifs; *n gets their number. */
static mf_pwm_t **build_pwms(const scan_opt_t *o, const mf_motifset_t *ms, const double bg[4],
		int *n)
{
	int want = o->n_names ? o->n_names : ms->n;
	mf_pwm_t **p = calloc(want > 0 ? (size_t)want : 1, sizeof *p);
	for (int i = 0; p && i < want; ++i) {
		const mf_motif_t *m = o->n_names ? mf_motifset_require(ms, o->names[i], o->motifs)
						 : &ms->m[i];
		double *lo = m ? malloc((size_t)m->w * 4 * sizeof *lo) : NULL;
		if (lo)
			mf_motif_logodds(m, o->pc, bg, lo);
		if (!lo || !(p[i] = mf_pwm_create(m->name, lo, m->w, bg))) {
			free(lo);
			for (int j = 0; j < i; ++j)
				mf_pwm_destroy(p[j]);
			free(p);
			return NULL;
		}
		free(lo);
	}
	*n = want;
	return p;
}

int main_scan(int argc, char **argv)
{
	scan_opt_t o;
	int first = 0, n_pwm = 0;
	scan_opt_init(&o);
	int rc = scan_parse(&o, argc, argv, &first);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("scan") : rc;
	o.run.threads = o.common.threads;
	const char *bg_file = strcmp(o.bg, "motif") && strcmp(o.bg, "data") && !strchr(o.bg, ',')
		? o.bg : NULL;
	const char *ins[] = {argv[first], o.motifs, bg_file, o.keep, o.genome}, *outs[] = {o.out};
	if (mf_check_files("scan", outs, 1, ins, 5, NULL) < 0)
		return MF_EXIT_FAIL;
	mf_seqopt_t so;
	mf_seqopt_init(&so);
	so.genome = o.genome;
	so.width = o.genome ? o.width : 0;
	so.pad_n = o.pad_n;
	mf_nameset_t *keep = NULL;
	if (o.keep && !(keep = mf_nameset_load(o.keep)))
		return MF_EXIT_FAIL;
	so.keep = keep; /* --bg data then counts the kept records only */
	double bg[4];
	mf_motifset_t *ms = mf_motifset_load(o.motifs, MF_MOTIF_AUTO);
	if (!ms || resolve_bg(&o, ms, argv[first], &so, bg) < 0) {
		mf_motifset_destroy(ms);
		mf_nameset_destroy(keep);
		return MF_EXIT_FAIL;
	}
	for (int i = 0; i < o.n_names; ++i)
		if (!mf_motifset_require(ms, o.names[i], o.motifs)) { /* --motif names no motif */
			mf_motifset_destroy(ms);
			mf_nameset_destroy(keep);
			return MF_EXIT_USAGE;
		}
	mf_pwm_t **pwm = build_pwms(&o, ms, bg, &n_pwm);
	mf_motifset_destroy(ms);
	so.shard_i = o.shard_i, so.shard_n = o.shard_n; /* after --bg data, which counts every record */
	mf_seqreader_t *r = pwm ? mf_seqreader_open(argv[first], MF_SEQ_AUTO, &so) : NULL;
	char header[600];
	int hn = o.shard_n > 0 ? snprintf(header, sizeof header, "# motiflift shard %d/%d\n",
		o.shard_i, o.shard_n) : 0; /* checked and dropped by motiflift merge */
	snprintf(header + hn, sizeof header - (size_t)hn, "# motiflift scan: log-odds in %s, background "
		"A %.4g C %.4g G %.4g T %.4g, pseudocount %g; columns: chrom start end motif score "
		"strand logodds pvalue%s sequence\n", o.run.nats ? "nats (ln)" : "bits (log2)", bg[0],
		bg[1], bg[2], bg[3], o.pc,
		o.run.qvalues ? " qvalue" : "");
	o.run.header = header;
	rc = r ? mf_scan_file(r, pwm, n_pwm, o.out, &o.run, NULL) : -1;
	mf_seqreader_close(r);
	mf_nameset_destroy(keep);
	for (int i = 0; pwm && i < n_pwm; ++i)
		mf_pwm_destroy(pwm[i]);
	free(pwm);
	if (rc < 0)
		return MF_EXIT_FAIL;
	return strcmp(o.out, "-") == 0 ? mf_finish_stdout("scan") : MF_EXIT_OK;
}
