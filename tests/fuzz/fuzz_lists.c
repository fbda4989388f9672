/* fuzz_lists.c: the small tables users hand over, picked by the input's first byte:
 * 0 a labels TSV, 1 a name list, 2 score's matches BED, 3 score's truth BED, 4 score's
 * labels (TSV or simdata), 5 a simulate --config file. */
#include "fuzz_util.h"

#include "io/labels.h"
#include "io/nameset.h"
#include "motif/motif.h"
#include "motif/score.h"
#include "sim/sim.h"

static const char MOTIFS[] = "MEME version 4\n\nALPHABET= ACGT\n\n"
	"MOTIF GATA\nletter-probability matrix: alength= 4 w= 3\n0 0 1 0\n1 0 0 0\n0 0 0 1\n\n"
	"MOTIF TAL1\nletter-probability matrix: alength= 4 w= 2\n0 1 0 0\n1 0 0 0\n";

static mf_motifset_t *motifs(void)
{
	static mf_motifset_t *set;
	if (!set) {
		char path[600];
		fz_write(path, sizeof path, "lists.meme", (const uint8_t *)MOTIFS, sizeof MOTIFS - 1);
		if (!(set = mf_motifset_load(path, MF_MOTIF_AUTO)))
			abort();
	}
	return set;
}

static int run(int kind, const char *path)
{
	switch (kind) {
	case 0: {
		mf_labels_t *L = mf_labels_load(path);
		if (L)
			mf_labels_find(L, "x");
		mf_labels_destroy(L);
		return L ? 0 : -1;
	}
	case 1: {
		mf_nameset_t *s = mf_nameset_load(path);
		mf_nameset_destroy(s);
		return s ? 0 : -1;
	}
	case 2: {
		mf_matches_t m = {0};
		int rc = mf_matches_load(path, &m);
		mf_matches_free(&m);
		return rc;
	}
	case 3: case 4: {
		mf_annot_t *a = mf_annot_init();
		int rc = kind == 3 ? mf_annot_load_truth(a, path) : mf_annot_load_labels(a, path);
		mf_annot_destroy(a);
		return rc;
	}
	default: {
		mf_sim_spec_t *sp = mf_sim_spec_create();
		int rc = mf_sim_load_config(sp, path, motifs(), "lists.meme");
		if (rc == 0 && sp->n_classes > 0)
			rc = mf_sim_check(sp);
		mf_sim_spec_destroy(sp);
		return rc;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[600];
	if (size == 0)
		return 0;
	motifs();
	fz_begin();
	int kind = data[0] % 6;
	fz_write(path, sizeof path, "list.txt", data + 1, size - 1);
	fz_end(run(kind, path) < 0, "reading a table");
	return 0;
}
