/* cmd_compare.c: motiflift compare: which known motif is this? (Tomtom-like matching) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <htslib/kstring.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "config.h"
#include "base/log.h"
#include "motif/compare.h"
#include "motif/motif.h"

#define MAX_DB 256
#define MIN_DB_SIZE 50 /* below this Tomtom warns that its p-values are rough */

typedef struct {
	mf_common_t common;
	mf_compare_opt_t cmp;
	const char *query, *out, *html, *cwm;
	const char *db[MAX_DB];
	int n_db;
} compare_opt_t;

static void compare_opt_init(compare_opt_t *o)
{
	memset(o, 0, sizeof *o);
	mf_common_init(&o->common);
	mf_compare_opt_init(&o->cmp);
	o->out = "-";
}

static const char by_names[] = "qEp";

static void compare_usage(FILE *fp, const compare_opt_t *o)
{
	fprintf(fp,
		"Usage: motiflift compare [options] QUERY [DATABASE...]\n"
		"       motiflift compare --query QUERY -d DATABASE [-d DATABASE...] [options]\n\n"
		"Compares every query motif with every database motif as MEME's Tomtom does: every offset\n"
		"with at least --min-overlap aligned columns, both strands, p-values of the best alignment\n"
		"against the database's own columns, E-values (p x database size), Benjamini-Hochberg\n"
		"q-values. Writes Tomtom's TSV (Query_ID Target_ID Optimal_offset p-value E-value q-value\n"
		"Overlap Query_consensus Target_consensus Orientation). Motif files: MEME, ENCODE,\n"
		"JASPAR, HOMER (gzip ok); the database defaults to the shipped ENCODE motifs.\n\n"
		"Inputs:\n"
		"      --query FILE     the query motifs (else the first operand)\n"
		"  -d, --db FILE        a database file (repeatable; operands after the query add more)\n"
		"      --cwm MODE       every query motif is a CWM, compared as MODE: positive (a PPM of\n"
		"                       its positive part) or signed (its columns, --dist pearson only);\n"
		"                       without it, motifs of *.cwm.meme files and motifs with a negative\n"
		"                       cell are CWMs compared as positive\n"
		"Method:\n"
		"      --dist NAME      column similarity: ed, pearson, sandelin, kullback [%s]\n"
		"      --min-overlap N  aligned columns at least [%d]\n"
		"      --pseudocount F  Tomtom's motif pseudocount (weight of the background) [%g]\n"
		"      --trim BITS      drop query edge columns below BITS of information [off]\n"
		"      --trim-cwm F     trim CWM queries at F x the largest row (tfmodisco-lite: 0.3) [off]\n"
		"Output:\n"
		"      --thresh F       report targets whose statistic is <= F [%g]\n"
		"      --thresh-on S    the statistic: q (q-value), E (E-value) or p (p-value) [%c]\n"
		"      --top K          at most K targets per query [all]\n"
		"  -o, --output FILE    Tomtom TSV (.gz: bgzip) [%s]\n"
		"      --html FILE      the matches with aligned logos (HTML, inline SVG)\n"
		"Common:\n" MF_COMMON_HELP,
		mf_compare_dist_name(o->cmp.dist), o->cmp.min_overlap, o->cmp.pseudocount, o->cmp.thresh,
		by_names[o->cmp.by], o->out, o->common.threads, (unsigned long long)o->common.seed);
}

enum { OPT_QUERY = MF_OPT_FIRST_COMMAND_OPT, OPT_CWM, OPT_DIST, OPT_MINOV, OPT_PC, OPT_TRIM,
	OPT_TRIM_CWM, OPT_THRESH, OPT_THRESH_ON, OPT_TOP, OPT_HTML };

static int add_db(compare_opt_t *o, const char *path)
{
	if (o->n_db == MAX_DB) {
		fprintf(stderr, "motiflift compare: more than %d database files\n", MAX_DB);
		return -1;
	}
	o->db[o->n_db++] = path;
	return 0;
}

static int compare_option(compare_opt_t *o, int c, const char *a)
{
	long v;
	switch (c) {
	case OPT_QUERY: o->query = a; return 0;
	case 'd': return add_db(o, a);
	case 'o': o->out = a; return 0;
	case OPT_HTML: o->html = a; return 0;
	case OPT_CWM:
		if (strcmp(a, "positive") != 0 && strcmp(a, "signed") != 0) {
			fprintf(stderr, "motiflift compare: --cwm '%s': expected positive or signed\n", a);
			return -1;
		}
		o->cwm = a;
		o->cmp.cwm = a[0] == 's' ? MF_COMPARE_CWM_SIGNED : MF_COMPARE_CWM_POSITIVE;
		return 0;
	case OPT_DIST:
		if (mf_compare_dist_parse(a) < 0) {
			fprintf(stderr, "motiflift compare: --dist '%s': expected ed, pearson, sandelin or "
				"kullback\n", a);
			return -1;
		}
		o->cmp.dist = (mf_compare_dist_t)mf_compare_dist_parse(a);
		return 0;
	case OPT_MINOV:
		if (mf_parse_int("compare", "--min-overlap", a, 1, MF_COMPARE_MAX_WIDTH, &v) < 0)
			return -1;
		o->cmp.min_overlap = (int)v;
		return 0;
	case OPT_PC: return mf_parse_double("compare", "--pseudocount", a, 0, 1e6, &o->cmp.pseudocount);
	case OPT_TRIM: return mf_parse_double("compare", "--trim", a, 0, 2, &o->cmp.trim_bits);
	case OPT_TRIM_CWM: return mf_parse_double("compare", "--trim-cwm", a, 0, 1, &o->cmp.trim_cwm);
	case OPT_THRESH: return mf_parse_double("compare", "--thresh", a, 0, 1e300, &o->cmp.thresh);
	case OPT_THRESH_ON:
		if (strlen(a) != 1 || !strchr(by_names, a[0])) {
			fprintf(stderr, "motiflift compare: --thresh-on '%s': expected q, E or p\n", a);
			return -1;
		}
		o->cmp.by = (mf_compare_by_t)(strchr(by_names, a[0]) - by_names);
		return 0;
	case OPT_TOP:
		if (mf_parse_int("compare", "--top", a, 1, 1L << 30, &v) < 0)
			return -1;
		o->cmp.top = (int)v;
		return 0;
	}
	return -2;
}

/* Combinations the options cannot express; 0 or MF_EXIT_USAGE. */
static int compare_check(compare_opt_t *o, int argc, char **argv, int first)
{
	for (int i = first; i < argc; ++i) {
		if (!o->query)
			o->query = argv[i];
		else if (add_db(o, argv[i]) < 0)
			return MF_EXIT_USAGE;
	}
	if (!o->query) {
		fprintf(stderr, "motiflift compare: expected a query motif file (see 'motiflift compare "
			"--help')\n");
		return MF_EXIT_USAGE;
	}
	if (o->cmp.cwm == MF_COMPARE_CWM_SIGNED && o->cmp.dist != MF_COMPARE_PEARSON) {
		fprintf(stderr, "motiflift compare: --cwm signed compares signed columns, which only "
			"--dist pearson can score\n");
		return MF_EXIT_USAGE;
	}
	if (o->cmp.by != MF_COMPARE_BY_E && o->cmp.thresh > 1) {
		fprintf(stderr, "motiflift compare: --thresh %g: a %s-value threshold is at most 1 "
			"(use --thresh-on E for E-values)\n", o->cmp.thresh, o->cmp.by ? "p" : "q");
		return MF_EXIT_USAGE;
	}
	o->cmp.threads = o->common.threads;
	return 0;
}

static int compare_parse(compare_opt_t *o, int argc, char **argv)
{
	static const mf_longopt_t lo[] = {
		{"query", MF_OPT_REQ, OPT_QUERY}, {"db", MF_OPT_REQ, 'd'}, {"cwm", MF_OPT_REQ, OPT_CWM},
		{"dist", MF_OPT_REQ, OPT_DIST}, {"min-overlap", MF_OPT_REQ, OPT_MINOV},
		{"pseudocount", MF_OPT_REQ, OPT_PC}, {"trim", MF_OPT_REQ, OPT_TRIM},
		{"trim-cwm", MF_OPT_REQ, OPT_TRIM_CWM}, {"thresh", MF_OPT_REQ, OPT_THRESH},
		{"thresh-on", MF_OPT_REQ, OPT_THRESH_ON}, {"top", MF_OPT_REQ, OPT_TOP},
		{"output", MF_OPT_REQ, 'o'}, {"html", MF_OPT_REQ, OPT_HTML}, MF_COMMON_LONGOPTS,
		{NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, "d:o:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "compare");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0)
			continue;
		if (c == 'h') {
			compare_usage(stdout, o);
			return -1;
		}
		int r = compare_option(o, c, s.arg);
		if (r == -2)
			return mf_usage_error("compare", c, &s);
		if (r < 0)
			return MF_EXIT_USAGE;
	}
	return compare_check(o, argc, argv, s.ind);
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);
	return n >= k && strcmp(s + n - k, tail) == 0;
}

/* discover's PREFIX.cwm.meme (and --cwm for queries) hold CWMs only. */
static mf_motifset_t *load(const char *path, int all_cwm)
{
	int cwm_file = ends_with(path, ".cwm.meme") || ends_with(path, ".cwm.meme.gz");
	return mf_motifset_load_cwm(path, MF_MOTIF_AUTO,
		all_cwm || cwm_file ? MF_CWM_ALL : MF_CWM_DETECT);
}

/* The settings that shape the numbers, for the TSV's footer (no thread count: the bytes
 * do not depend on it). */
static char *footer(const compare_opt_t *o)
{
	kstring_t f = {0, 0, NULL};
	ksprintf(&f, "motiflift compare %s: --dist %s --min-overlap %d --pseudocount %g",
		PACKAGE_VERSION, mf_compare_dist_name(o->cmp.dist), o->cmp.min_overlap,
		o->cmp.pseudocount);
	if (o->cwm)
		ksprintf(&f, " --cwm %s", o->cwm);
	if (o->cmp.trim_bits > 0)
		ksprintf(&f, " --trim %g", o->cmp.trim_bits);
	if (o->cmp.trim_cwm > 0)
		ksprintf(&f, " --trim-cwm %g", o->cmp.trim_cwm);
	ksprintf(&f, " --thresh %g --thresh-on %c", o->cmp.thresh, by_names[o->cmp.by]);
	if (o->cmp.top > 0)
		ksprintf(&f, " --top %d", o->cmp.top);
	ksprintf(&f, "\nquery: %s\ndatabase:", o->query);
	for (int i = 0; i < o->n_db; ++i)
		ksprintf(&f, " %s", o->db[i]);
	return f.s;
}

static int run(compare_opt_t *o, mf_motifset_t *q, mf_motifset_t **dbs)
{
	for (int i = 0; i < o->n_db; ++i)
		if (!(dbs[i] = load(o->db[i], 0)))
			return -1;
	double at = (q->bg[0] + q->bg[3]) / 2, cg = (q->bg[1] + q->bg[2]) / 2;
	const double bg[4] = {at, cg, cg, at}; /* Tomtom: the query file's, strand-symmetric */
	memcpy(o->cmp.bg, bg, sizeof bg);
	mf_compare_db_t *db = mf_compare_db_create((const mf_motifset_t *const *)dbs, o->db,
		o->n_db, &o->cmp);
	if (!db)
		return -1;
	if (mf_compare_db_size(db) < MIN_DB_SIZE)
		mf_warn("the database holds %d motifs; p-values from fewer than %d are rough (as Tomtom "
			"warns)", mf_compare_db_size(db), MIN_DB_SIZE);
	mf_compare_result_t *res = calloc((size_t)q->n, sizeof *res);
	char *foot = footer(o);
	int rc = res && foot ? mf_compare_run(db, q->m, q->n, o->query, res) : -1;
	if (rc == 0)
		rc = mf_compare_write_tsv(o->out, db, q->m, q->n, res, foot);
	if (rc == 0 && o->html)
		rc = mf_compare_write_html(o->html, db, q->m, q->n, res, o->query);
	if (res)
		mf_compare_results_free(res, q->n);
	free(res);
	free(foot);
	mf_compare_db_destroy(db);
	return rc;
}

int main_compare(int argc, char **argv)
{
	compare_opt_t o;
	compare_opt_init(&o);
	int rc = compare_parse(&o, argc, argv);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("compare") : rc;
	const char *outs[] = {o.out, o.html};
	if (mf_check_outputs("compare", outs, 2) < 0)
		return MF_EXIT_FAIL;
	char *shipped = NULL;
	if (o.n_db == 0 && (!(shipped = mf_motif_default_path("encode_motifs.txt.gz")) ||
			add_db(&o, shipped) < 0)) {
		free(shipped);
		return MF_EXIT_FAIL;
	}
	mf_motifset_t *q = load(o.query, o.cwm != NULL), *dbs[MAX_DB] = {NULL};
	rc = q ? run(&o, q, dbs) : -1;
	for (int i = 0; i < o.n_db; ++i)
		mf_motifset_destroy(dbs[i]);
	mf_motifset_destroy(q);
	free(shipped);
	if (rc < 0)
		return MF_EXIT_FAIL;
	return strcmp(o.out, "-") == 0 ? mf_finish_stdout("compare") : MF_EXIT_OK;
}
