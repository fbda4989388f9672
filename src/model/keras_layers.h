/* keras_layers.h (room keras_io, internal): one Keras layer config -> motiflift layers, for
 * both the Sequential and the functional readers. The caller sets the input shape (len, ch)
 * the layer sees; the parser appends the layer (and a fused activation as its own layer
 * "<name>/activation" right after it) and leaves (len, ch) at the output shape. */
#ifndef MF_KERAS_LAYERS_H
#define MF_KERAS_LAYERS_H

#include <jansson.h>

#include "model/model.h"

typedef struct {
	const char *src;    /* file named in messages */
	mf_model_t *m;
	int cap;
	int len, ch;        /* the current activation shape */
	int n_inputs;       /* inputs of the layer being parsed (Add, Concatenate) */
	int in_len[MF_LAYER_MAX_IN], in_ch[MF_LAYER_MAX_IN]; /* their shapes */
} mf_kparse_t;

/* Appends the layers of one Keras layer entry lj ({class_name, config}; index for messages).
   InputLayer appends nothing but sets the model's input shape when it gives one. Returns 0,
   or -1 with one line naming the layer and what to do (Lambda, nested models, TensorFlow op
   layers and unknown classes included). */
int mf_keras_layer(mf_kparse_t *p, json_t *lj, int index);

/* The class and name of a layer entry (NULL when missing). */
const char *mf_keras_class(json_t *lj);
const char *mf_keras_name(json_t *lj);

/* 1 when the config uses the Keras 3 dialect (module/registered_name keys, inbound_nodes
   as {"args": ...}); then one line naming the file says what to do. */
int mf_keras3_refuse(json_t *root, const char *keras_version, const char *src);

/* The "config" object of one layer for saving (name, shapes, weights' layout) and its
   class name; the activation folded back in from a following fused layer. */
json_t *mf_keras_layer_config(const mf_model_t *m, int i, const char **class_name);

#endif
