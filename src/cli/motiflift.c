/* motiflift.c: the front end: one dispatch table, --version, help. */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <htslib/hts_log.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "config.h"
#include "base/log.h"
#include "io/tmpfile.h"

typedef struct {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *summary;
} command_t;

static const command_t commands[] = {
	{"seq", main_seq, "read FASTA, BED+genome or simdata; write FASTA or one-hot .npz"},
	{"predict", main_predict, "a Keras model's predictions for each sequence (TSV)"},
	{"evaluate", main_evaluate, "auROC and auPRC of a model's predictions per task"},
	{"info", main_info, "a model's layers, shapes and parameter counts"},
	{"normalize", main_normalize, "mean-normalize the first conv's one-hot weights (appendix K)"},
	{"shuffle", main_shuffle, "k-let (dinucleotide) preserving shuffles of every sequence, as FASTA"},
	{"simulate", main_simulate, "simulate motif-embedding sequences (the TAL1/GATA1 benchmark)"},
	{"explain", main_explain, "DeepLIFT and baseline importance scores per base (npz, TSV, TF-MoDISco)"},
	{"scan", main_scan, "PWM matches with exact p-values, top-k per sequence, as BED6+"},
	{"merge", main_merge, "joins the outputs of --shard runs (npz, TSV/BED, bigWig/bedGraph)"},
	{"score", main_score, "importance summed over PWM matches per task, with summaries"},
	{"compare", main_compare, "which known motif is this: Tomtom-like matching against a database"},
	{"train", main_train, "train the paper's (or any sequential) conv model; Keras HDF5 out"},
	{"discover", main_discover, "de novo motifs from contribution scores (TF-MoDISco's method)"},
	{NULL, NULL, NULL}
};

static void list_commands(FILE *fp)
{
	fprintf(fp, "\nProgram: motiflift (find the DNA motifs a trained genomics model relies on)\n"
		"Version: %s\n\nUsage:   motiflift <command> [options]\n\nCommands:\n",
		PACKAGE_VERSION);
	for (const command_t *c = commands; c->name; ++c)
		fprintf(fp, "  %-12s %s\n", c->name, c->summary);
	fprintf(fp, "\n  help CMD     the options of CMD (same as 'motiflift CMD --help')\n"
		"  --version    the version\n\nExit status: 0 success, 1 failure, 2 usage error.\n\n");
}

static const command_t *find_command(const char *name)
{
	for (const command_t *c = commands; c->name; ++c)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* GSL's default handler aborts; library code checks GSL return codes instead. */
static void setup_libraries(void)
{
	gsl_set_error_handler_off();
	hts_set_log_level(HTS_LOG_OFF); /* we explain htslib failures in our own words */
}

int main(int argc, char **argv)
{
	setup_libraries();
	mf_tmpfile_cleanup_on_signals();
	if (argc < 2) {
		list_commands(stderr);
		return MF_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("motiflift %s\n", PACKAGE_VERSION);
		return mf_finish_stdout("version");
	}
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
		list_commands(stdout);
		return mf_finish_stdout("help");
	}
	if (strcmp(cmd, "help") == 0) {
		if (argc < 3) {
			list_commands(stdout);
			return mf_finish_stdout("help");
		}
		const command_t *c = find_command(argv[2]);
		if (!c) {
			fprintf(stderr, "motiflift: unknown command '%s' (run 'motiflift' for the list)\n",
				argv[2]);
			return MF_EXIT_USAGE;
		}
		char *hargv[] = {argv[2], "--help", NULL};
		return c->main(2, hargv);
	}
	const command_t *c = find_command(cmd);
	if (!c) {
		fprintf(stderr, "motiflift: unknown command '%s' (run 'motiflift' for the list)\n", cmd);
		return MF_EXIT_USAGE;
	}
	mf_commit_group_begin(); /* a run's outputs appear together or not at all */
	int rc = c->main(argc - 1, argv + 1);
	if (mf_commit_group_end(rc == MF_EXIT_OK ? 0 : -1) < 0 && rc == MF_EXIT_OK)
		rc = MF_EXIT_FAIL;
	return rc;
}
