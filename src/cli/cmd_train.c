/* cmd_train.c: motiflift train: fit a sequential conv model and save it as Keras HDF5. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/log.h"
#include "model/model.h"
#include "io/nameset.h"
#include "model/train.h"
#include "io/writer.h"

typedef struct {
	mf_common_t common;
	mf_train_opt_t t;
	const char *data, *labels, *train, *valid, *arch, *out, *history;
	int print_arch;
} train_cli_t;

static void train_usage(FILE *fp, const train_cli_t *o)
{
	fprintf(fp,
		"Usage: motiflift train --data SEQS --valid NAMES [options] -o MODEL.h5\n\n"
		"Trains a sequential 1-D convolutional model (by default the DeepLIFT paper's: Conv1D(50,11)\n"
		"relu, Conv1D(50,11) relu, AveragePooling1D(180), Flatten, Dense(50) relu, Dropout(0.5),\n"
		"Dense(3) sigmoid) with Adam on binary (sigmoid) or categorical (softmax) cross-entropy,\n"
		"early-stopping on the validation loss and keeping the best epoch's weights. Writes a\n"
		"full-model Keras HDF5 file. One line per epoch on stderr.\n\n"
		"Data:\n"
		"  -d, --data FILE     sequences: simdata TSV (labels from its task columns) or FASTA\n"
		"  -l, --labels FILE   TSV: name, then one label per task (needed for FASTA)\n"
		"      --train FILE    train only on the records named in FILE [all not in --valid]\n"
		"      --valid FILE    validation records (names, one per line), for early stopping\n"
		"Model:\n"
		"  -a, --arch FILE     Keras architecture JSON (any sequential model motiflift loads)\n"
		"                      [the paper's; see --print-arch]\n"
		"      --print-arch    print the default architecture JSON and exit\n"
		"Training:\n"
		"  -b, --batch-size INT  samples per mini-batch [%d]\n"
		"  -e, --epochs INT    at most this many epochs [%d]\n"
		"  -p, --patience INT  stop after this many epochs without a lower validation loss [%d]\n"
		"      --lr FLOAT      Adam learning rate [%g] (beta1 %g, beta2 %g, epsilon %g)\n"
		"Output:\n"
		"  -o, --output FILE   the trained model, full-model Keras HDF5\n"
		"      --history FILE  TSV: epoch, loss, val_loss, val_auROC per task, seconds\n"
		"Common:\n" MF_COMMON_HELP
		"Same --seed: same weights, byte for byte, for any --threads.\n",
		o->t.batch, o->t.max_epochs, o->t.patience, o->t.lr, o->t.beta1, o->t.beta2, o->t.eps,
		o->common.threads, (unsigned long long)o->common.seed);
}

enum { OPT_TRAIN = MF_OPT_FIRST_COMMAND_OPT, OPT_VALID, OPT_LR, OPT_HISTORY, OPT_PRINT_ARCH };

static int parse_number(train_cli_t *o, int c, const char *arg)
{
	long v = 0;
	double d = 0;
	switch (c) {
	case 'b':
		if (mf_parse_int("train", "--batch-size", arg, 1, 1 << 16, &v) < 0)
			return -1;
		o->t.batch = (int)v;
		return 0;
	case 'e':
		if (mf_parse_int("train", "--epochs", arg, 1, 1000000, &v) < 0)
			return -1;
		o->t.max_epochs = (int)v;
		return 0;
	case 'p':
		if (mf_parse_int("train", "--patience", arg, 1, 1000000, &v) < 0)
			return -1;
		o->t.patience = (int)v;
		return 0;
	default:
		if (mf_parse_double("train", "--lr", arg, 1e-12, 10.0, &d) < 0)
			return -1;
		o->t.lr = d;
		return 0;
	}
}

static int train_parse(train_cli_t *o, int argc, char **argv)
{
	static const mf_longopt_t lo[] = {
		{"data", MF_OPT_REQ, 'd'}, {"labels", MF_OPT_REQ, 'l'}, {"train", MF_OPT_REQ, OPT_TRAIN},
		{"valid", MF_OPT_REQ, OPT_VALID}, {"arch", MF_OPT_REQ, 'a'},
		{"print-arch", MF_OPT_NONE, OPT_PRINT_ARCH}, {"batch-size", MF_OPT_REQ, 'b'},
		{"epochs", MF_OPT_REQ, 'e'}, {"patience", MF_OPT_REQ, 'p'}, {"lr", MF_OPT_REQ, OPT_LR},
		{"output", MF_OPT_REQ, 'o'}, {"history", MF_OPT_REQ, OPT_HISTORY}, MF_COMMON_LONGOPTS,
		{NULL, 0, 0}
	};
	mf_opt_t s;
	mf_opt_init(&s);
	int c;
	while ((c = mf_opt_next(&s, argc, argv, "d:l:a:b:e:p:o:" MF_COMMON_SHORTOPTS, lo)) >= 0) {
		int k = mf_common_parse(&o->common, c, s.arg, "train");
		if (k < 0)
			return MF_EXIT_USAGE;
		if (k > 0)
			continue;
		switch (c) {
		case 'd': o->data = s.arg; break;
		case 'l': o->labels = s.arg; break;
		case OPT_TRAIN: o->train = s.arg; break;
		case OPT_VALID: o->valid = s.arg; break;
		case 'a': o->arch = s.arg; break;
		case OPT_PRINT_ARCH: o->print_arch = 1; break;
		case 'b': case 'e': case 'p': case OPT_LR:
			if (parse_number(o, c, s.arg) < 0)
				return MF_EXIT_USAGE;
			break;
		case 'o': o->out = s.arg; break;
		case OPT_HISTORY: o->history = s.arg; break;
		case 'h': train_usage(stdout, o); return -1;
		default: return mf_usage_error("train", c, &s);
		}
	}
	if (o->print_arch)
		return 0;
	if (argc != s.ind) {
		fprintf(stderr, "motiflift train: unexpected argument '%s' (the data go in --data)\n", argv[s.ind]);
		return MF_EXIT_USAGE;
	}
	if (!o->data || !o->valid || !o->out) {
		fprintf(stderr, "motiflift train: --data, --valid and -o are required (see --help)\n");
		return MF_EXIT_USAGE;
	}
	return 0;
}

/* ---- per-epoch log and history -------------------------------------------------------------- */

static void log_epoch(void *ud, const mf_epoch_t *e)
{
	(void)ud;
	char aucs[16 * 12] = "", *p = aucs;
	for (int k = 0; k < e->n_tasks && k < 16; ++k)
		p += snprintf(p, sizeof aucs - (size_t)(p - aucs), "%s%.4f", k ? "," : "", e->val_auroc[k]);
	if (mf_verbose >= MF_LOG_WARN) /* the progress report users expect: shown unless --quiet */
		fprintf(stderr, "[train] epoch %d: loss %.5f  val_loss %.5f  val_auROC %s  %.2fs\n",
			e->epoch, e->loss, e->val_loss, aucs, e->seconds);
}

static int write_history(const char *path, const mf_train_result_t *r, char *const *names)
{
	mf_out_t *w = mf_out_open(path);
	if (!w)
		return -1;
	int T = r->n_epochs ? r->epochs[0].n_tasks : 0, rc = mf_out_puts(w, "epoch\tloss\tval_loss");
	for (int k = 0; rc == 0 && k < T && k < 16; ++k)
		rc = names ? mf_out_printf(w, "\tval_auroc_%s", names[k])
			   : mf_out_printf(w, "\tval_auroc_task%d", k);
	rc = rc ? rc : mf_out_puts(w, "\tseconds\tbest\n");
	for (int i = 0; rc == 0 && i < r->n_epochs; ++i) {
		const mf_epoch_t *e = &r->epochs[i];
		rc = mf_out_printf(w, "%d\t%.6f\t%.6f", e->epoch, e->loss, e->val_loss);
		for (int k = 0; rc == 0 && k < T && k < 16; ++k)
			rc = mf_out_printf(w, "\t%.6f", e->val_auroc[k]);
		rc = rc ? rc : mf_out_printf(w, "\t%.3f\t%d\n", e->seconds, e->epoch == r->best_epoch);
	}
	if (rc != 0) {
		mf_out_abort(w);
		return -1;
	}
	return mf_out_close(w);
}

static int run_train(train_cli_t *o, mf_model_t *m, mf_dataset_t *tr, mf_dataset_t *va)
{
	o->t.seed = o->common.seed;
	o->t.threads = o->common.threads;
	o->t.init = 0; /* mf_train_new_model initialised the weights from the seed */
	if (mf_verbose >= MF_LOG_WARN)
		fprintf(stderr, "[train] %d training and %d validation sequences, %zu parameters, "
			"batch %d, threads %d\n", tr->n, va->n, mf_model_n_params(m), o->t.batch, o->t.threads);
	mf_train_result_t res;
	int rc = mf_train(m, tr, va, &o->t, log_epoch, NULL, &res);
	if (rc == 0) {
		if (mf_verbose >= MF_LOG_WARN)
			fprintf(stderr, "[train] kept the weights of epoch %d (of %d run)\n", res.best_epoch,
				res.n_epochs);
		rc = mf_model_save(m, o->out);
	}
	if (rc == 0 && o->history)
		rc = write_history(o->history, &res, tr->task_names);
	free(res.epochs);
	return rc;
}

int main_train(int argc, char **argv)
{
	train_cli_t o;
	memset(&o, 0, sizeof o);
	mf_common_init(&o.common);
	mf_train_opt_init(&o.t);
	int rc = train_parse(&o, argc, argv);
	if (rc != 0)
		return rc < 0 ? mf_finish_stdout("train") : rc;
	if (o.print_arch) {
		printf("%s\n", mf_train_paper_arch());
		return mf_finish_stdout("train");
	}
	const char *outs[] = {o.out, o.history};
	const char *ins[] = {o.data, o.labels, o.train, o.valid, o.arch};
	if (mf_check_files("train", outs, 2, ins, 5, NULL) < 0)
		return MF_EXIT_FAIL;
	mf_nameset_t *tn = NULL, *vn = NULL;
	mf_dataset_t tr = {0}, va = {0};
	mf_model_t *m = mf_train_new_model(o.arch, o.common.seed);
	mf_loss_t loss;
	rc = MF_EXIT_FAIL;
	if (!m || mf_train_check_model(m, &loss) < 0 || (o.train && !(tn = mf_nameset_load(o.train))) || !(vn = mf_nameset_load(o.valid)))
		goto done;
	if (m->in_ch != 4) {
		mf_error("%s: the model takes %d channels per position; one-hot DNA has 4",
			o.arch ? o.arch : "architecture", m->in_ch);
		goto done;
	}
	if (mf_train_load(o.data, o.labels, tn, vn, m->in_len, &tr, &va) < 0)
		goto done;
	if (o.labels && tr.n_tasks != m->n_out) {
		mf_error("%s: %d label columns per name but the model has %d outputs", o.labels,
			tr.n_tasks, m->n_out);
		goto done;
	}
	if (va.n == 0) {
		mf_error("%s: none of the names in %s is in the data", o.data, o.valid);
		goto done;
	}
	if (run_train(&o, m, &tr, &va) == 0)
		rc = MF_EXIT_OK;
done:
	mf_dataset_free(&tr);
	mf_dataset_free(&va);
	mf_nameset_destroy(tn);
	mf_nameset_destroy(vn);
	mf_model_destroy(m);
	return rc;
}
