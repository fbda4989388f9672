#!/bin/sh
# make_genome.sh OUTDIR: a small but realistic test genome and peaks, made by the tests.
#   genome.fa      chr1 200 kb, chr2 150 kb, chr3 120 kb; A .3 C .2 G .2 T .3; an N run at
#                  each chromosome start and one inside; soft-masked (lowercase) stretches;
#                  60-column lines
#   genome.fa.gz   the same, bgzipped (motiflift seq), with .fai and .gzi
#   peaks.bed      150 named peaks of 20-600 bp in no particular order, some overlapping,
#                  some within 100 bp of a chromosome end (need --pad-n at width 200)
#   inside.bed     the peaks whose 200 bp window lies inside their chromosome
# Deterministic for a given awk; the tests compare runs against each other, never against
# stored outputs, so another awk's random numbers are fine.
set -eu
out=$1
: "${MOTIFLIFT:=motiflift}"
mkdir -p "$out"
awk 'BEGIN {
	srand(20240901);
	split("chr1 chr2 chr3", name, " "); split("200000 150000 120000", len, " ");
	for (c = 1; c <= 3; ++c) {
		printf ">%s test chromosome\n", name[c];
		line = "";
		n_end = 300 + c * 100;              # N run at the start
		n_mid_a = int(len[c] / 2); n_mid_b = n_mid_a + 2000;
		for (i = 0; i < len[c]; ++i) {
			u = rand();
			b = u < 0.3 ? "A" : u < 0.5 ? "C" : u < 0.7 ? "G" : "T";
			if (i < n_end || (i >= n_mid_a && i < n_mid_b)) b = "N";
			else if (int(i / 5000) % 4 == 1) b = tolower(b);   # soft-masked stretches
			line = line b;
			if (length(line) == 60) { print line; line = "" }
		}
		if (line != "") print line;
	}
}' > "$out/genome.fa"
"$MOTIFLIFT" seq -l 60 -o "$out/genome.fa.gz" "$out/genome.fa"
awk 'BEGIN {
	srand(99);
	split("chr1 chr2 chr3", name, " "); split("200000 150000 120000", len, " ");
	for (k = 0; k < 150; ++k) {
		c = 1 + int(rand() * 3);
		w = 20 + int(rand() * 580);
		if (k % 25 == 0) { w = 20 + int(rand() * 60); s = int(rand() * 20) }   # at the start
		else if (k % 25 == 1) { w = 20 + int(rand() * 60); s = len[c] - w }   # at the end
		else if (k % 25 == 2) { c = pc; s = prev + int(rand() * 100) }       # overlaps the last
		else s = int(rand() * (len[c] - w));
		e = s + w; if (e > len[c]) e = len[c];
		if (s >= e) s = e - 20;
		printf "%s\t%d\t%d\tpeak%d\t0\t+\n", name[c], s, e, k;
		prev = s; pc = c;
	}
}' > "$out/peaks.bed"
# windows of 200 around the midpoint (rounded down), as explain and scan -w 200 place them
awk -F'\t' 'BEGIN { len["chr1"] = 200000; len["chr2"] = 150000; len["chr3"] = 120000 }
	{ mid = $2 + int(($3 - $2) / 2); s = mid - 100; if (s >= 0 && s + 200 <= len[$1]) print }' \
	"$out/peaks.bed" > "$out/inside.bed"
