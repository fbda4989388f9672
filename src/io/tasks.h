/* tasks.h: one rule for naming and selecting tasks (a model's outputs) everywhere.
 *
 * A task's index is its 0-based position among the model's outputs. Its name is the data's
 * name for that column when the input names its tasks and their number matches (a simdata
 * header: the paper's files call them task1, task2, task3, so task1 is index 0), else
 * "task<index>". Options that select tasks (--task, --bw-task) take names or indices;
 * outputs label columns with names and, in npz files, also store the indices
 * ('task_index'), so a later step never has to guess.
 *
 * A model's outputs (heads, e.g. ChromBPNet's profile and counts) follow the same rule one
 * level up: an output's name is its Keras layer name (a Sequential model's single output:
 * its last layer's), its index its 0-based position in the model's output list; --head
 * takes either (mf_task_find with the output names), and --task then selects columns
 * (tasks) within that output. */
#ifndef MF_TASKS_H
#define MF_TASKS_H

/* The task spec names: a name in names[0..n) first, else a 0-based index < n. The index,
 * or -1 (nothing logged) when spec is neither. names NULL: the tasks are task<index>. */
int mf_task_find(const char *spec, const char *const *names, int n);

/* A comma-separated list of task names or indices ("0,2", "task1,task3") or "all" (out
 * NULL, returns n). Writes the indices to out[cap] and returns their count, or -1 with one
 * line naming the bad item (msg_prefix starts it, e.g. "motiflift explain: --task"). */
int mf_task_list(const char *spec, const char *const *names, int n, int *out, int cap,
		const char *msg_prefix);

/* The data's names for n_out tasks: fills names[0..n_out) from a simdata header whose task
 * columns number n_out and returns 1; else 0 (the tasks are then called task<index>). */
struct mf_seqreader;
int mf_task_names_from_data(const struct mf_seqreader *r, int n_out, const char **names);

#endif
