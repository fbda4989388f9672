#!/bin/sh
# bench/scan_bench.sh [MB=100] [PVALUE=1e-4]
# Bases per second per motif (both strands) of motiflift scan with GATA_disc1 + TAL1_known1
# on an MB-megabase random genome (bench/gen_genome: A .3 C .2 G .2 T .3, N runs, lowercase
# stretches), with 1 and 2 threads, and peak memory; checks both outputs are identical.
# Run from the build directory after 'make bench/gen_genome motiflift'.
set -eu
MB=${1:-100}
PV=${2:-1e-4}
S=$(cd "$(dirname "$0")/.." && pwd)
M=${MOTIFLIFT:-./motiflift}
W=${BENCH_DIR:-/tmp/motiflift_scan_bench}
mkdir -p "$W"
[ -s "$W/genome$MB.fa" ] || ${GEN_GENOME:-bench/gen_genome} "$MB" 1 > "$W/genome$MB.fa"
BASES=$(grep -v '^>' "$W/genome$MB.fa" | tr -d '\n' | wc -c)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $BASES bases"
for t in 1 2; do
	/usr/bin/time -f "%e %M" -o "$W/time.$t" "$M" scan -q -m "$S/motifs/tal_gata.meme" \
		--pvalue "$PV" -t "$t" "$W/genome$MB.fa" -o "$W/hits.$t.bed"
	read -r sec kb < "$W/time.$t"
	awk -v b="$BASES" -v s="$sec" -v kb="$kb" -v t="$t" -v n="$(grep -vc '^#' "$W/hits.$t.bed")" \
		'BEGIN { printf "-t %d: %.2f s wall, %.0f Mb/s per motif (both strands), peak RSS %.0f MB, %d matches\n",
			t, s, b * 2 / s / 1e6, kb / 1024, n }'
done
cmp -s "$W/hits.1.bed" "$W/hits.2.bed" && echo "-t 1 and -t 2 outputs identical" || {
	echo "FAIL: -t 1 and -t 2 outputs differ"; exit 1; }
