/* fuzz_motif.c: the motif loader (MEME, ENCODE, JASPAR, HOMER; sniffed or, by the
 * input's first byte, forced), then log-odds and a scanner for each motif. */
#include "fuzz_util.h"

#include "motif/motif.h"
#include "motif/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const mf_motif_fmt_t fmts[] = {MF_MOTIF_AUTO, MF_MOTIF_MEME, MF_MOTIF_ENCODE,
		MF_MOTIF_JASPAR, MF_MOTIF_HOMER};
	char path[600];
	fz_begin();
	mf_motif_fmt_t fmt = MF_MOTIF_AUTO;
	if (size > 0 && data[0] >= 1 && data[0] <= 4) /* a control byte: force a format */
		fmt = fmts[data[0]], ++data, --size;
	fz_write(path, sizeof path, "motifs.txt", data, size);
	mf_motifset_t *s = mf_motifset_load(path, fmt);
	int failed = !s;
	for (int i = 0; s && i < s->n && i < 8; ++i) {
		const mf_motif_t *m = &s->m[i];
		if (m->w > 64)
			continue; /* scanners of wide motifs are slow and say nothing new about parsing */
		double *lo = malloc((size_t)m->w * 4 * sizeof *lo);
		if (!lo)
			abort();
		mf_motif_logodds(m, 0.001, s->bg, lo);
		mf_pwm_t *p = mf_pwm_create(m->name, lo, m->w, s->bg);
		failed |= !p;
		mf_pwm_destroy(p);
		free(lo);
	}
	mf_motifset_destroy(s);
	fz_end(failed, "loading motifs");
	return 0;
}
