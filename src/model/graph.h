/* graph.h: walking the layer graph (model.h): a layer's inputs, the model's outputs, the
 * layers an output depends on, and where each layer's output lives during a pass (a buffer
 * reused as soon as the output's last reader has run, so memory follows the widest point
 * of the graph, not its depth). Pure structure: no numbers are computed here. */
#ifndef MF_GRAPH_H
#define MF_GRAPH_H

#include <stddef.h>

#include "model/model.h"

/* The producer of input j of layer i: a layer index or MF_MODEL_INPUT. */
int mf_model_layer_input(const mf_model_t *m, int i, int j);
/* 1 when every layer reads only the one before it (a Sequential model). */
int mf_model_is_chain(const mf_model_t *m);

int mf_model_n_outputs(const mf_model_t *m);
int mf_model_output_layer(const mf_model_t *m, int k);      /* the layer of output k */
const char *mf_model_output_name(const mf_model_t *m, int k);
/* Selects output k (0-based) for forward, logit_layer and n_out. 0 or -1 (logged). */
int mf_model_select_output(mf_model_t *m, int k);
/* The (len, ch) an output has before Flatten/Reshape views: a profile's positions and
   tracks (ChromBPNet's Flatten of (1000, 1) is 1000 positions of 1 track). */
void mf_model_output_shape(const mf_model_t *m, int k, int *len, int *ch);

/* needed[i] = 1 for `target` and every layer it reads, directly or not (n_layers bytes). */
void mf_graph_needed(const mf_model_t *m, int target, char *needed);

enum {
	MF_SLOT_NONE = -1,  /* not computed in this pass */
	MF_SLOT_OUT = -2,   /* written to the caller's output */
	MF_SLOT_X = -3      /* a view of the model input itself */
};

/* Where the outputs of a pass computing `target` live: slot[i] is a scratch buffer index
   (0..n_slots-1, each slot_size floats per sample) or one of MF_SLOT_*. View layers
   (mf_layer_is_view) share their input's slot; the target always gets MF_SLOT_OUT. */
typedef struct {
	int target, n_slots;
	int *slot;           /* [n_layers] */
	size_t slot_size;
} mf_plan_t;

/* 0, or -1 (logged) when out of memory. */
int mf_plan_forward(const mf_model_t *m, int target, mf_plan_t *p);
void mf_plan_free(mf_plan_t *p);

#endif
