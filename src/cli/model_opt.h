/* model_opt.h: the model options every model-reading command shares (predict, evaluate,
 * info, normalize, explain): one parser, one help text, one loader. */
#ifndef MF_MODEL_OPT_H
#define MF_MODEL_OPT_H

#include "cli/opt.h"
#include "model/model.h"

typedef struct {
	const char *model;   /* -m: a Keras .h5 (full model, or weights-only with --json) or an ONNX
	                        model (told apart by content) */
	const char *json;    /* --json: the architecture of a weights-only .h5 */
	int normalize;       /* --normalize: appendix K on the first convolution after loading */
	const char *head;    /* --head: the model output used, by name or 0-based index (io/tasks.h) */
	int head_kind;       /* no --head: -1 the first output, 0 the first counts-like output
	                        (one value per task), 1 the first profile (several positions) */
} mf_model_opt_t;

enum { MF_OPT_JSON = 1050, MF_OPT_NORMALIZE, MF_OPT_HEAD };
#define MF_MODEL_SHORTOPTS "m:j:"
#define MF_MODEL_LONGOPTS {"model", MF_OPT_REQ, 'm'}, {"json", MF_OPT_REQ, 'j'}
/* For the commands that run the model on sequences (predict, evaluate, explain). */
#define MF_MODEL_NORMALIZE_LONGOPT {"normalize", MF_OPT_NONE, MF_OPT_NORMALIZE}
#define MF_MODEL_HELP                                                          \
	"  -m, --model FILE    Keras .h5 (a full model, or weights-only with --json),\n" \
	"                      or ONNX (.onnx, e.g. from PyTorch; see scripts/onnx_export.py)\n" \
	"  -j, --json FILE     the architecture JSON of a weights-only .h5\n"
#define MF_MODEL_NORMALIZE_HELP                                                \
	"      --normalize     mean-normalise the first convolution first (paper appendix K)\n"
/* For the commands that use one of the model's outputs (predict, evaluate, explain). */
#define MF_MODEL_HEAD_LONGOPT {"head", MF_OPT_REQ, MF_OPT_HEAD}
#define MF_MODEL_HEAD_HELP                                                     \
	"      --head NAME     the model output (head) used, by name or 0-based index (as\n" \
	"                      'motiflift info' lists them) [the first]\n"

void mf_model_opt_init(mf_model_opt_t *o);
/* 1 when opt was a model option (consumed), 0 when not. */
int mf_model_opt_parse(mf_model_opt_t *o, int opt, const char *arg);
/* After parsing: 0, or MF_EXIT_USAGE with one line when no model was given. */
int mf_model_opt_check(const mf_model_opt_t *o, const char *cmd);
/* 1 when -m names an ONNX model (by its content; by name when unreadable). */
int mf_model_opt_is_onnx(const mf_model_opt_t *o);
/* Loads (and normalizes) the model and selects its output (--head); NULL on error
   (logged). */
mf_model_t *mf_model_opt_load(const mf_model_opt_t *o);
/* The same; *exit_code receives MF_EXIT_USAGE for an output that does not exist (like a
   task), MF_EXIT_FAIL for other failures. */
mf_model_t *mf_model_opt_open(const mf_model_opt_t *o, int *exit_code);

#endif
