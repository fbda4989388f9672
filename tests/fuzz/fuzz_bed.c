/* fuzz_bed.c: BED regions fetched from a genome FASTA (its index built each time). The
 * input is the genome, a line "#BED", then the BED file; without that line the BED file
 * alone against a small fixed genome. Its size picks --pad-n and --width. */
#include "fuzz_util.h"

#include "io/seqio.h"

static const char GENOME[] = ">chr1\nACGTACGTACGTACGTACGT\nACGT\n>chr2 two\nTTTTTgggggCC\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char genome[600], bed[600], fai[700], gzi[700];
	fz_begin();
	size_t cut = fz_split(data, size, "#BED\n");
	const uint8_t *g = (const uint8_t *)GENOME, *b = data;
	size_t gn = sizeof GENOME - 1, bn = size;
	if (cut < size) {
		g = data, gn = cut;
		b = data + cut + 5, bn = size - cut - 5;
	}
	fz_write(genome, sizeof genome, "genome.fa", g, gn);
	snprintf(fai, sizeof fai, "%s.fai", genome);
	snprintf(gzi, sizeof gzi, "%s.gzi", genome);
	unlink(fai), unlink(gzi); /* a new genome each time: a new index */
	fz_write(bed, sizeof bed, "regions.bed", b, bn);
	mf_seqopt_t o;
	mf_seqopt_init(&o);
	o.genome = genome;
	o.pad_n = size & 1;
	o.width = (size >> 1) % 3 == 0 ? 0 : (int64_t)((size >> 3) % 40) + 1;
	mf_seqreader_t *r = mf_seqreader_open(bed, MF_SEQ_AUTO, &o);
	int ret = -1;
	if (r) {
		mf_seqreader_total(r);
		mf_seq_t s;
		mf_seq_init(&s);
		while ((ret = mf_seqreader_read(r, &s)) == 1)
			;
		mf_seq_free(&s);
		mf_seqreader_close(r);
	}
	fz_end(ret < 0, "reading BED regions");
	return 0;
}
