/* fuzz_discover.c: discover's view of an explain npz (onehot and hyp shapes, one-hot rows,
 * names, tasks, chrom/start), then the first task's contributions and seqlet calling on
 * them (window sums, the Laplace null, thresholds). */
#include "fuzz_util.h"

#include "discover/dtrack.h"
#include "discover/seqlet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[600];
	fz_begin();
	fz_write(path, sizeof path, "in.npz", data, size);
	const char *paths[1] = {path};
	mf_dseqs_t *s = mf_dseqs_open(paths, 1);
	int *tasks = NULL, nt = 0, failed = !s;
	if (s && mf_dseqs_tasks(s, "0", &tasks, &nt) != 0)
		failed = 1;
	mf_dhyp_t *h = s && !failed ? mf_dhyp_load(s, tasks[0], 1) : NULL;
	if (s && !failed && !h)
		failed = 1;
	if (h) {
		mf_seqlet_opt_t o;
		mf_seqlet_thr_t thr;
		size_t n = 0;
		mf_seqlet_opt_init(&o);
		mf_seqlet_t *w = mf_seqlets_call(s, h, &o, 1, &n, &thr);
		failed = !w;
		free(w);
	}
	mf_dhyp_destroy(h);
	free(tasks);
	mf_dseqs_destroy(s);
	fz_end(failed, "discover reading an explain npz");
	return 0;
}
