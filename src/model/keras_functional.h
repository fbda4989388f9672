/* keras_functional.h (room keras_io, internal): the Keras functional architecture
 * (class_name "Functional", or "Model" before TF 2.4) <-> the layer graph. */
#ifndef MF_KERAS_FUNCTIONAL_H
#define MF_KERAS_FUNCTIONAL_H

#include <jansson.h>

#include "model/model.h"

/* Builds m's layers, input and outputs from the parsed root object. The graph comes from
   each layer's inbound_nodes (not the list order); outputs in output_layers order. 0, or
   -1 with one line naming the layer and the problem. */
int mf_keras_parse_functional(json_t *root, const char *src, mf_model_t *m);

/* The Keras 2 functional config of m (class m->keras_class); caller frees; NULL on error. */
char *mf_keras_functional_json(const mf_model_t *m);

#endif
