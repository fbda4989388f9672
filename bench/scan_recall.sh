#!/bin/sh
# Recall of the instances embedded by 'motiflift simulate' (its truth BED) by 'motiflift scan'
# at p < 1e-4 per motif: an instance counts as found when a match of the same motif has the
# same start and end (on its strand, and on either strand).
# Usage: bench/scan_recall.sh [motiflift] [extra simulate options...]
set -eu
M=${1:-./motiflift}
[ $# -gt 0 ] && shift
T=$(mktemp -d)
"$M" simulate --seed 1 "$@" -o "$T/sim"
"$M" scan -m "$(dirname "$0")/../motifs/tal_gata.meme" --pvalue 1e-4 "$T/sim.simdata.gz" -o "$T/hits.bed"
awk -F'\t' '
	FNR == NR { if ($0 !~ /^#/) { hit[$1 FS $2 FS $3 FS $4 FS $6] = 1; any[$1 FS $2 FS $3 FS $4] = 1; nh[$4]++ } next }
	{ n[$4]++; k = $1 FS $2 FS $3 FS $4; s += 0
	  if ((k FS $6) in hit) same[$4]++
	  if (k in any) either[$4]++ }
	END { for (m in n) printf "%s: %d instances, recall at p<1e-4 %.4f (same strand) %.4f (either strand); %d matches in all\n",
		m, n[m], same[m] / n[m], either[m] / n[m], nh[m] }' "$T/hits.bed" "$T/sim.motifs.bed" | sort
rm -rf "$T"
