/* keras_io.h: Keras HDF5 model files, both forms (see KERAS_HDF5 notes in README):
 * (a) weights-only .h5 + architecture .json, (b) full-model .h5 with the architecture in
 * the 'model_config' root attribute and the weights under /model_weights.
 * mf_model_load()/mf_model_save() (model.h) are implemented here; HDF5's own error stack
 * printing is switched off and every failure is reported in one line of our words. */
#ifndef MF_KERAS_IO_H
#define MF_KERAS_IO_H

#include "model/model.h"

/* Builds the layer list (shapes, no weights) from an architecture JSON text; src names
   the file for messages. The model owns the result; NULL on error (logged). */
mf_model_t *mf_keras_parse_config(const char *json_text, const char *src);

/* The architecture JSON for m (m->config_json if set, else generated from the layers);
   caller frees. NULL on error. */
char *mf_keras_config_json(const mf_model_t *m);

#endif
