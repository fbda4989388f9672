/* fuzz_seqio.c: the sequence reader on FASTA and simdata (sniffed, plain or compressed),
 * with the record count, one-hot encoding and centre-resizing every command uses. */
#include "fuzz_util.h"

#include "io/seqio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[600];
	fz_begin();
	fz_write(path, sizeof path, "in.seq", data, size);
	mf_seqreader_t *r = mf_seqreader_open(path, MF_SEQ_AUTO, NULL);
	int ret = -1;
	if (r) {
		mf_seqreader_total(r); /* the quiet counting pass of progress reports */
		mf_seq_t s, c;
		mf_seq_init(&s);
		float oh[64 * 4];
		while ((ret = mf_seqreader_read(r, &s)) == 1) {
			mf_onehot(s.seq, s.len < 64 ? s.len : 64, oh);
			mf_seq_init(&c);
			if (mf_seq_copy(&c, &s) == 0)
				mf_seq_resize_centre(&c, 7);
			mf_seq_free(&c);
		}
		mf_seq_free(&s);
		mf_seqreader_close(r);
	}
	fz_end(ret < 0, "reading sequences");
	return 0;
}
