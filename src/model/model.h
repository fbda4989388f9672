/* model.h: a 1-D convolutional model: a graph of layers (a chain for Sequential models like
 * the paper's; a DAG for functional ones like ChromBPNet/BPNet, with several outputs), its
 * weights and the forward pass. Nothing here depends on the file a model came from: the
 * Keras reader (keras_io.h) builds it, and every command works on this structure alone.
 *
 * Outputs: a model has mf_model_n_outputs() outputs (Keras' output_layers order; a chain
 * has one, its last layer). One of them is selected (mf_model_select_output; the first by
 * default): mf_model_forward, mf_model_logit_layer and n_out refer to it. graph.h walks the graph.
 *
 * Ownership: mf_model_load() returns a model owned by the caller, freed with
 * mf_model_destroy() (which accepts NULL). Every pointer inside a layer (name, W, b,
 * bn_scale, bn_shift) belongs to the model. Activations are row-major [len][ch] per
 * sample, batches [n][len][ch], channels last like Keras. */
#ifndef MF_MODEL_H
#define MF_MODEL_H

#include <stddef.h>

#include "model/layer.h"

typedef struct {
	char *name;          /* the output's name (Keras: its layer's name) */
	int layer;           /* the layer whose output it is */
} mf_output_t;

typedef struct {
	int n_layers;
	mf_layer_t *layers;
	int in_len, in_ch;   /* model input, e.g. 200 x 4 */
	int n_out;           /* values per sample of the selected output (its tasks) */
	char *model_name;    /* Sequential name ("sequential_1"), may be NULL */
	char *keras_version; /* as read ("2.1.6"); written back */
	char *backend;       /* "tensorflow" */
	char *config_json;   /* the architecture JSON as read (written back verbatim by mf_model_save);
	                        NULL for a model built in code: mf_model_save generates one */
	/* ---- graphs (all zero for a Sequential model) ---- */
	char *keras_class;   /* "Functional" or "Model" for a Keras functional model, else NULL */
	char *input_name;    /* its InputLayer's name */
	int n_outputs;       /* outputs[] in Keras' output_layers order; 0: one output, the last layer */
	mf_output_t *outputs;
	int output;          /* the selected output */
	/* ---- where it came from (for info only; nothing else asks) ---- */
	char *origin;        /* e.g. "ONNX (IR 8, opset 13, pytorch 1.13.1); input 'x' (N, 4, 200): channels first"; NULL for Keras */
} mf_model_t;

/* Loads a Keras model: weights .h5 + architecture .json, or (json_path NULL) a full-model
 * .h5 with the architecture in the model_config attribute. NULL on error (logged). */
mf_model_t *mf_model_load(const char *h5_path, const char *json_path /* NULL: full-model .h5 */);
/* Writes the full-model Keras HDF5 form (model_config + /model_weights) atomically. 0 or -1. */
int mf_model_save(const mf_model_t *m, const char *path);   /* full-model Keras HDF5, atomic */
void mf_model_destroy(mf_model_t *m);
/* One layer on a batch: in [n][in_len][in_ch] -> out [n][out_len][out_ch]. 0 or -1. Thread-safe (no shared scratch). */
int mf_layer_forward(const mf_layer_t *l, const float *in, float *out, int n);
/* Layer i of m on a batch with its inputs in[0..mf_layer_n_inputs) (Add and Concatenate
   read several): like mf_layer_forward, for every layer kind. 0 or -1. */
int mf_model_layer_forward(const mf_model_t *m, int i, const float *const *in, float *out, int n);
/* Whole model: x [n][in_len][in_ch] -> out [n][n_out], the selected output (probabilities
   after a final activation). */
int mf_model_forward(const mf_model_t *m, const float *x, int n, float *out, int threads);
/* The output of layer `last`: out [n][out size of that layer], computing only the layers it
   depends on. mf_model_forward == mf_model_forward_to(m, x, n, out, threads, the selected
   output's layer). Same bytes for any thread count and any n. */
int mf_model_forward_to(const mf_model_t *m, const float *x, int n, float *out, int threads, int last);
/* Index of the layer whose output is explained for the selected output: its layer, or the
   layer before it when it is a final sigmoid/softmax/linear activation (the paper model:
   dense_2, index 9); -1 on error. */
int mf_model_logit_layer(const mf_model_t *m);

/* Trainable + non-trainable parameter count of the whole model (per layer: layer.h). */
size_t mf_model_n_params(const mf_model_t *m);
/* Deep copy; NULL on allocation failure. */
mf_model_t *mf_model_copy(const mf_model_t *m);

#endif
