/* graph.c: the layer graph's structure (graph.h). */
#include "model/graph.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

int mf_model_layer_input(const mf_model_t *m, int i, int j)
{
	const mf_layer_t *l = &m->layers[i];
	if (l->n_in == 0)
		return i - 1; /* a chain: layer 0 reads the model input (-1) */
	return l->in[j];
}

int mf_model_is_chain(const mf_model_t *m)
{
	for (int i = 0; i < m->n_layers; ++i) {
		const mf_layer_t *l = &m->layers[i];
		if (l->n_in > 1 || (l->n_in == 1 && l->in[0] != i - 1))
			return 0;
	}
	return m->n_outputs <= 1 && mf_model_output_layer(m, 0) == m->n_layers - 1;
}

int mf_model_n_outputs(const mf_model_t *m)
{
	return m->n_outputs > 0 ? m->n_outputs : 1;
}

int mf_model_output_layer(const mf_model_t *m, int k)
{
	return m->n_outputs > 0 ? m->outputs[k].layer : m->n_layers - 1;
}

const char *mf_model_output_name(const mf_model_t *m, int k)
{
	if (m->n_outputs > 0 && m->outputs[k].name)
		return m->outputs[k].name;
	return m->layers[mf_model_output_layer(m, k)].name;
}

int mf_model_select_output(mf_model_t *m, int k)
{
	if (k < 0 || k >= mf_model_n_outputs(m)) {
		mf_error("output %d does not exist (the model has %d output%s)", k, mf_model_n_outputs(m),
			mf_model_n_outputs(m) == 1 ? "" : "s");
		return -1;
	}
	m->output = k;
	m->n_out = (int)mf_layer_out_size(&m->layers[mf_model_output_layer(m, k)]);
	return 0;
}

void mf_model_output_shape(const mf_model_t *m, int k, int *len, int *ch)
{
	int i = mf_model_output_layer(m, k);
	while (mf_layer_is_view(&m->layers[i]) && m->layers[i].type != MF_LAYER_DROPOUT &&
			m->layers[i].out_len == 1 && mf_model_layer_input(m, i, 0) >= 0)
		i = mf_model_layer_input(m, i, 0);
	*len = m->layers[i].out_len;
	*ch = m->layers[i].out_ch;
}

void mf_graph_needed(const mf_model_t *m, int target, char *needed)
{
	memset(needed, 0, (size_t)m->n_layers);
	if (target < 0)
		return;
	needed[target] = 1;
	for (int i = target; i >= 0; --i) /* producers come before their readers */
		if (needed[i])
			for (int j = 0; j < mf_layer_n_inputs(&m->layers[i]); ++j) {
				int p = mf_model_layer_input(m, i, j);
				if (p >= 0)
					needed[p] = 1;
			}
}

void mf_plan_free(mf_plan_t *p)
{
	free(p->slot);
	p->slot = NULL;
}

/* A free slot (the lowest index, so a chain alternates between two) or a new one. */
static int take_slot(int *end, int *n_slots, int from)
{
	for (int s = 0; s < *n_slots; ++s)
		if (end[s] < from)
			return s;
	return (*n_slots)++;
}

int mf_plan_forward(const mf_model_t *m, int target, mf_plan_t *p)
{
	int n = m->n_layers;
	char *needed = malloc((size_t)n + 1);
	int *last = malloc(sizeof(int) * ((size_t)n + 1)), *end = malloc(sizeof(int) * ((size_t)n + 1));
	memset(p, 0, sizeof *p);
	p->target = target;
	p->slot = malloc(sizeof(int) * ((size_t)n + 1));
	if (!needed || !last || !end || !p->slot) {
		free(needed), free(last), free(end);
		mf_plan_free(p);
		mf_error("out of memory planning the forward pass");
		return -1;
	}
	mf_graph_needed(m, target, needed);
	for (int i = 0; i < n; ++i) { /* the last layer of the pass that reads layer i */
		last[i] = -1;
		p->slot[i] = MF_SLOT_NONE;
	}
	for (int i = 0; i <= target; ++i)
		for (int j = 0; needed[i] && j < mf_layer_n_inputs(&m->layers[i]); ++j) {
			int q = mf_model_layer_input(m, i, j);
			if (q >= 0 && i > last[q])
				last[q] = i;
		}
	for (int i = 0; i <= target; ++i) {
		if (!needed[i])
			continue;
		const mf_layer_t *l = &m->layers[i];
		int src = mf_model_layer_input(m, i, 0);
		if (i == target) {
			p->slot[i] = MF_SLOT_OUT;
		} else if (mf_layer_is_view(l)) {
			int s = p->slot[i] = src < 0 ? MF_SLOT_X : p->slot[src];
			if (s >= 0 && end[s] < last[i])
				end[s] = last[i];
		} else {
			int s = p->slot[i] = take_slot(end, &p->n_slots, i);
			end[s] = last[i];
			if (mf_layer_out_size(l) > p->slot_size)
				p->slot_size = mf_layer_out_size(l);
		}
		for (int s = 0; s < p->n_slots; ++s) /* readers done: free after this layer */
			if (end[s] == i)
				end[s] = -1;
	}
	free(needed), free(last), free(end);
	return 0;
}
