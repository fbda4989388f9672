/* cmd_scan.c: motiflift scan: PWM matches with exact p-values as BED6+. */
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <htslib/bgzf.h>
#include <htslib/kstring.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/log.h"
#include "motif/motif.h"
#include "io/bgzf_line.h"
#include "io/nameset.h"
#include "motif/scan.h"
#include "io/seqio.h"

typedef struct {
	mf_common_t common;
	mf_scanfile_opt_t run;
	const char *motifs, *bg, *genome, *out, *keep;
	const char **names;  /* --motif NAME|PATTERN, in order */
	int n_names;
	const char **lists;  /* --motifs-from FILE, in order */
	int n_lists;
	double pc, bg_val[4];
	long width;
	int pvalue_set, pad_n, shard_i, shard_n, list;
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
		"[q-value], matched sequence (on the motif's strand). A window is reported when its\n"
		"exact p-value under the background is <= P (see the man page for the precision of\n"
		"the reported p-values). A summary line ends the run on stderr.\n\n"
		"Motifs:\n"
		"  -m, --motifs FILE   MEME, ENCODE motifs.txt, JASPAR or HOMER file (gzip ok)\n"
		"      --motif NAME    scan only this motif, or those matching a pattern such as\n"
		"                      'GATA*' (repeatable) [all]\n"
		"      --motifs-from F scan only the motifs named in F: one per line, or the\n"
		"                      target_id column of a compare/Tomtom TSV (repeatable)\n"
		"      --list          print the chosen motifs' widths and log-odds thresholds at\n"
		"                      --pvalue (TSV) instead of scanning; no input needed\n"
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
	OPT_STRAND, OPT_QV, OPT_PAD_N, OPT_SHARD, OPT_LOG_BASE, OPT_GREEDY, OPT_MOTIFS_FROM, OPT_LIST };

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

static int push_arg(const char ***a, int *n, const char *x)
{
	const char **b = realloc(*a, (size_t)(*n + 1) * sizeof *b);
	if (!b) {
		fprintf(stderr, "motiflift scan: out of memory\n");
		return -1;
	}
	b[(*n)++] = x, *a = b;
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
	case OPT_MOTIF: return push_arg(&o->names, &o->n_names, a);
	case OPT_MOTIFS_FROM: return push_arg(&o->lists, &o->n_lists, a);
	case OPT_LIST: o->list = 1; return 0;
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
		{"names", MF_OPT_REQ, 'n'}, {"motifs-from", MF_OPT_REQ, OPT_MOTIFS_FROM},
		{"list", MF_OPT_NONE, OPT_LIST},
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
	int n_in = argc - s.ind;
	if (!o->motifs || n_in != (o->list ? 0 : 1)) {
		fprintf(stderr, "motiflift scan: expected -m MOTIFS and %s (see 'motiflift scan --help')\n",
			o->list ? "no input file with --list" : "one input file");
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

/* ---- which motifs ------------------------------------------------------------------- */

static int has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* what the choosers return when a name or pattern selects no motif (a usage error) */
#define NOT_IN_FILE (-2)

/* Adds motif i to the selection unless it is there already. */
static int choose(int *pick, int *n, char *seen, int i)
{
	if (!seen[i])
		seen[i] = 1, pick[(*n)++] = i;
	return 0;
}

/* A name (exact, with close names suggested when missing) or a glob pattern. */
static int choose_arg(const mf_motifset_t *ms, const char *path, const char *arg, int *pick,
		int *n, char *seen)
{
	if (!has_glob(arg)) {
		const mf_motif_t *m = mf_motifset_require(ms, arg, path);
		return m ? choose(pick, n, seen, (int)(m - ms->m)) : NOT_IN_FILE;
	}
	int found = 0;
	for (int i = 0; i < ms->n; ++i)
		if (fnmatch(arg, ms->m[i].name, 0) == 0)
			choose(pick, n, seen, i), found = 1;
	if (!found)
		mf_error("motif pattern '%s' matches no motif in %s", arg, path);
	return found ? 0 : NOT_IN_FILE;
}

/* The column of a TSV header line named col, or -1. */
static int column_of(const char *header, const char *col)
{
	int k = 0;
	for (const char *f = header; f; f = strchr(f, '\t'), f = f ? f + 1 : NULL, ++k)
		if (strncasecmp(f, col, strlen(col)) == 0 && (f[strlen(col)] == '\t' || f[strlen(col)] == '\0'))
			return k;
	return -1;
}

/* Field k of a tab-separated line, copied into out (NUL-terminated in place). */
static char *field(char *line, int k)
{
	char *f = line;
	for (int i = 0; i < k && f; ++i)
		f = strchr(f, '\t'), f = f ? f + 1 : NULL;
	if (f)
		f[strcspn(f, "\t\r")] = '\0';
	return f;
}

/* --motifs-from: names one per line (the first word; '#' lines and blank lines skipped), or
 * a compare/Tomtom TSV, whose header starts with query_id: its target_id column. */
static int choose_from_file(const mf_motifset_t *ms, const char *mpath, const char *path,
		int *pick, int *n, char *seen)
{
	BGZF *fp = bgzf_open(path, "r");
	if (!fp) {
		mf_error("cannot open motif list '%s'", path);
		return -1;
	}
	kstring_t line = {0, 0, NULL};
	int ret, rc = 0, col = -2, lineno = 0;
	while (rc == 0 && (ret = mf_bgzf_getline(fp, &line)) >= 0) {
		++lineno;
		char *x = line.s;
		if (col == -2 && strncasecmp(x, "query_id\t", 9) == 0) {
			if ((col = column_of(x, "target_id")) < 0) {
				mf_error("%s: line 1: a query_id header without a target_id column", path);
				rc = -1;
			}
			continue;
		}
		if (col == -2)
			col = -1;
		if (x[0] == '#' || x[strspn(x, " \t\r")] == '\0')
			continue;
		char *name = col >= 0 ? field(x, col) : x + strspn(x, " \t");
		if (col < 0)
			name[strcspn(name, " \t\r")] = '\0';
		if (!name || !*name) {
			mf_error("%s: line %d: no target_id", path, lineno);
			rc = -1;
			break;
		}
		const mf_motif_t *m = mf_motifset_require(ms, name, mpath);
		rc = m ? choose(pick, n, seen, (int)(m - ms->m)) : NOT_IN_FILE;
	}
	if (rc == 0 && ret < -1) {
		mf_error("%s: truncated or corrupt", path);
		rc = -1;
	}
	free(line.s);
	bgzf_close(fp);
	return rc;
}

/* Indices of the chosen motifs: --motif and --motifs-from in order, each once; all when
 * neither is given. NULL on error (logged). */
static int *choose_motifs(const scan_opt_t *o, const mf_motifset_t *ms, int *n, int *usage)
{
	int *pick = malloc(((size_t)ms->n + 1) * sizeof *pick);
	char *seen = calloc((size_t)ms->n + 1, 1);
	int rc = pick && seen ? 0 : -1;
	*n = 0;
	for (int i = 0; rc == 0 && i < o->n_names; ++i)
		rc = choose_arg(ms, o->motifs, o->names[i], pick, n, seen);
	for (int i = 0; rc == 0 && i < o->n_lists; ++i)
		rc = choose_from_file(ms, o->motifs, o->lists[i], pick, n, seen);
	for (int i = 0; rc == 0 && !o->n_names && !o->n_lists && i < ms->n; ++i)
		pick[(*n)++] = i;
	free(seen);
	*usage = rc == NOT_IN_FILE;
	if (rc < 0)
		free(pick);
	return rc < 0 ? NULL : pick;
}

/* The scanners of the chosen motifs; *n gets their number, *usage 1 when a --motif or
 * --motifs-from name selects no motif. */
static mf_pwm_t **build_pwms(const scan_opt_t *o, const mf_motifset_t *ms, const double bg[4],
		int *n, int *usage)
{
	int want = 0, *pick = choose_motifs(o, ms, &want, usage);
	mf_pwm_t **p = pick ? calloc((size_t)want + 1, sizeof *p) : NULL;
	for (int i = 0; p && i < want; ++i) {
		const mf_motif_t *m = &ms->m[pick[i]];
		double *lo = malloc((size_t)m->w * 4 * sizeof *lo);
		if (lo)
			mf_motif_logodds(m, o->pc, bg, lo);
		if (!lo || !(p[i] = mf_pwm_create(m->name, lo, m->w, bg))) {
			free(lo);
			for (int j = 0; j < i; ++j)
				mf_pwm_destroy(p[j]);
			free(p);
			p = NULL;
			break;
		}
		free(lo);
	}
	free(pick);
	*n = want;
	return p;
}

/* ---- progress and summary -------------------------------------------------------------- */

/* The sum of a FASTA index's lengths, or 0 when there is no readable index. */
static uint64_t fai_bases(const char *fasta)
{
	char *path = malloc(strlen(fasta) + 5);
	if (!path)
		return 0;
	sprintf(path, "%s.fai", fasta);
	FILE *fp = fopen(path, "r");
	free(path);
	if (!fp)
		return 0;
	char line[4096];
	uint64_t total = 0;
	unsigned long long len;
	while (fgets(line, sizeof line, fp))
		if (sscanf(line, "%*s %llu", &len) == 1)
			total += len;
	fclose(fp);
	return total;
}

/* The bases the scan will read, for the progress line: from the genome's .fai for a whole
 * FASTA genome, else from a counting pass over the input (a regular file), else 0
 * (standard input, or progress not shown). */
static uint64_t input_bases(const char *input, const mf_seqopt_t *so)
{
	struct stat st;
	if (mf_verbose < MF_LOG_WARN || strcmp(input, "-") == 0 || stat(input, &st) != 0 ||
			!S_ISREG(st.st_mode))
		return 0;
	uint64_t total = !so->genome && !so->keep && !so->shard_n ? fai_bases(input) : 0;
	if (total)
		return total;
	int verbose = mf_verbose; /* a bad or empty input is reported by the scan itself, once */
	mf_verbose = MF_LOG_QUIET;
	mf_seqreader_t *r = mf_seqreader_open(input, MF_SEQ_AUTO, so);
	mf_seq_t s;
	mf_seq_init(&s);
	while (r && mf_seqreader_read(r, &s) == 1)
		total += s.len;
	mf_seq_free(&s);
	mf_seqreader_close(r);
	mf_verbose = verbose;
	return total;
}

static void print_summary(const mf_scan_stats_t *st)
{
	if (mf_verbose < MF_LOG_WARN)
		return;
	fprintf(stderr, "[M::scan] %d motifs, %lld bases in %ld sequences, %lld matches in %.2f s",
		st->n_motifs, (long long)st->n_bases, st->n_seq, (long long)st->n_hits, st->seconds);
	if (st->n_inexact)
		fprintf(stderr, "; %d motifs too wide for an exact threshold at this p-value: %lld of "
			"their windows near it decided on rounded scores", st->n_inexact,
			(long long)st->n_approx);
	fputc('\n', stderr);
}

int main_scan(int argc, char **argv)
{
	scan_opt_t o;
	int first = 0, n_pwm = 0;
	scan_opt_init(&o);
	int rc = scan_parse(&o, argc, argv, &first);
	if (rc != 0) {
		free(o.names), free(o.lists);
		return rc < 0 ? mf_finish_stdout("scan") : rc;
	}
	o.run.threads = o.common.threads;
	const char *input = o.list ? NULL : argv[first];
	const char *bg_file = strcmp(o.bg, "motif") && strcmp(o.bg, "data") && !strchr(o.bg, ',')
		? o.bg : NULL;
	const char *ins[] = {input, o.motifs, bg_file, o.keep, o.genome}, *outs[] = {o.out};
	if (mf_check_files("scan", outs, 1, ins, 5, NULL) < 0) {
		free(o.names), free(o.lists);
		return MF_EXIT_FAIL;
	}
	mf_seqopt_t so;
	mf_seqopt_init(&so);
	so.genome = o.genome;
	so.width = o.genome ? o.width : 0;
	so.pad_n = o.pad_n;
	mf_nameset_t *keep = NULL;
	mf_motifset_t *ms = NULL;
	mf_pwm_t **pwm = NULL;
	mf_seqreader_t *r = NULL;
	double bg[4];
	rc = MF_EXIT_FAIL;
	if (o.keep && !(keep = mf_nameset_load(o.keep)))
		goto done;
	so.keep = keep; /* --bg data then counts the kept records only */
	if (o.list && strcmp(o.bg, "data") == 0) {
		fprintf(stderr, "motiflift scan: --bg data needs an input; give --bg with --list\n");
		rc = MF_EXIT_USAGE;
		goto done;
	}
	if (!(ms = mf_motifset_load(o.motifs, MF_MOTIF_AUTO)) || resolve_bg(&o, ms, input, &so, bg) < 0)
		goto done;
	int usage = 0;
	pwm = build_pwms(&o, ms, bg, &n_pwm, &usage);
	if (usage) /* --motif or --motifs-from names no motif of the file */
		rc = MF_EXIT_USAGE;
	mf_motifset_destroy(ms);
	ms = NULL;
	if (!pwm)
		goto done;
	if (o.list) {
		rc = mf_scan_list(pwm, n_pwm, &o.run, o.out) < 0 ? MF_EXIT_FAIL :
			strcmp(o.out, "-") == 0 ? mf_finish_stdout("scan") : MF_EXIT_OK;
		goto done;
	}
	so.shard_i = o.shard_i, so.shard_n = o.shard_n; /* after --bg data, which counts every record */
	o.run.total_bases = input_bases(input, &so);
	if (!(r = mf_seqreader_open(input, MF_SEQ_AUTO, &so)))
		goto done;
	char header[600];
	int hn = o.shard_n > 0 ? snprintf(header, sizeof header, "# motiflift shard %d/%d\n",
		o.shard_i, o.shard_n) : 0; /* checked and dropped by motiflift merge */
	snprintf(header + hn, sizeof header - (size_t)hn, "# motiflift scan: log-odds in %s, background "
		"A %.4g C %.4g G %.4g T %.4g, pseudocount %g; columns: chrom start end motif score "
		"strand logodds pvalue%s sequence\n", o.run.nats ? "nats (ln)" : "bits (log2)", bg[0],
		bg[1], bg[2], bg[3], o.pc,
		o.run.qvalues ? " qvalue" : "");
	o.run.header = header;
	mf_scan_stats_t st = {0};
	if (mf_scan_file(r, pwm, n_pwm, o.out, &o.run, &st) < 0)
		goto done;
	if (st.n_seq > 0) /* an empty input was warned about already */
		print_summary(&st);
	rc = strcmp(o.out, "-") == 0 ? mf_finish_stdout("scan") : MF_EXIT_OK;
done:
	mf_seqreader_close(r);
	mf_nameset_destroy(keep);
	mf_motifset_destroy(ms);
	for (int i = 0; pwm && i < n_pwm; ++i)
		mf_pwm_destroy(pwm[i]);
	free(pwm), free(o.names), free(o.lists);
	return rc;
}
