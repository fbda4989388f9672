/* tasks.c: task names and indices (tasks.h). */
#include "io/tasks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "io/seqio.h"

int mf_task_find(const char *spec, const char *const *names, int n)
{
	for (int t = 0; names && t < n; ++t)
		if (names[t] && strcmp(names[t], spec) == 0)
			return t;
	if (!names && strncmp(spec, "task", 4) == 0) /* the default names, task<index> */
		spec += 4;
	char *end;
	errno = 0;
	long v = strtol(spec, &end, 10);
	if (*spec < '0' || *spec > '9' || *end || errno || v >= n)
		return -1;
	return (int)v;
}

static void describe(const char *const *names, int n, char *buf, size_t cap)
{
	if (names && n > 0)
		snprintf(buf, cap, "%d, %s..%s or 0..%d", n, names[0], names[n - 1], n - 1);
	else
		snprintf(buf, cap, "%d, task0..task%d or 0..%d", n, n - 1, n - 1);
}

int mf_task_list(const char *spec, const char *const *names, int n, int *out, int cap,
		const char *msg_prefix)
{
	if (strcmp(spec, "all") == 0) {
		for (int t = 0; t < n && t < cap; ++t)
			out[t] = t;
		return n < cap ? n : cap;
	}
	int k = 0;
	const char *p = spec;
	char have[96];
	describe(names, n, have, sizeof have);
	for (;;) {
		size_t len = strcspn(p, ",");
		char item[128];
		if (len == 0 || len >= sizeof item || k == cap) {
			mf_error("%s '%s': expected all or a list of task names or indices like 0,2 "
				"(the model has %s)", msg_prefix, spec, have);
			return -1;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		int t = mf_task_find(item, names, n);
		if (t < 0) {
			mf_error("%s '%s': task '%s' does not exist (the model has %s)", msg_prefix, spec,
				item, have);
			return -1;
		}
		out[k++] = t;
		if (!p[len])
			break;
		p += len + 1;
	}
	return k;
}

int mf_task_names_from_data(const struct mf_seqreader *r, int n_out, const char **names)
{
	if (mf_seqreader_format(r) != MF_SEQ_SIMDATA || mf_seqreader_n_tasks(r) != n_out)
		return 0;
	for (int t = 0; t < n_out; ++t)
		names[t] = mf_seqreader_task_name(r, t);
	return 1;
}
