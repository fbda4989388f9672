#!/bin/sh
# bench/scan_bench.sh [MB=100] [PVALUE=1e-4]
# Bases per second per motif (both strands) of motiflift scan with GATA_disc1 + TAL1_known1
# on an MB-megabase random genome (bench/gen_genome: A .3 C .2 G .2 T .3, N runs, lowercase
# stretches), with 1 and 2 threads, and peak memory; checks both outputs are identical.
# Run from the build directory after 'make bench/gen_genome motiflift'.
# BASELINE=/path/to/an/older/motiflift also times that build, alternating with this one,
# REPEAT times (default 5) per thread count, and prints each one's median and range (the
# machine is shared: side-by-side medians are the fair comparison).
set -eu
MB=${1:-100}
PV=${2:-1e-4}
S=$(cd "$(dirname "$0")/.." && pwd)
M=${MOTIFLIFT:-./motiflift}
W=${BENCH_DIR:-/tmp/motiflift_scan_bench}
R=${REPEAT:-5}
mkdir -p "$W"
[ -s "$W/genome$MB.fa" ] || ${GEN_GENOME:-bench/gen_genome} "$MB" 1 > "$W/genome$MB.fa"
BASES=$(grep -v '^>' "$W/genome$MB.fa" | tr -d '\n' | wc -c)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $BASES bases"

scan() { # binary, threads, output, time file
	/usr/bin/time -f "%e %U %M" -o "$4" "$1" scan -q -m "$S/motifs/tal_gata.meme" \
		--pvalue "$PV" -t "$2" "$W/genome$MB.fa" -o "$3"
}

for t in 1 2; do
	scan "$M" "$t" "$W/hits.$t.bed" "$W/time.$t"
	read -r sec user kb < "$W/time.$t"
	awk -v b="$BASES" -v s="$sec" -v kb="$kb" -v t="$t" -v n="$(grep -vc '^#' "$W/hits.$t.bed")" \
		'BEGIN { printf "-t %d: %.2f s wall, %.0f Mb/s per motif (both strands), peak RSS %.0f MB, %d matches\n",
			t, s, b * 2 / s / 1e6, kb / 1024, n }'
done
cmp -s "$W/hits.1.bed" "$W/hits.2.bed" && echo "-t 1 and -t 2 outputs identical" || {
	echo "FAIL: -t 1 and -t 2 outputs differ"; exit 1; }

[ -n "${BASELINE:-}" ] || exit 0
summary() { # label, file of "wall user" lines
	u=$(sort -n -k2 "$2" | awk '{ u[NR] = $2 } END { print u[int((NR + 1) / 2)] }')
	sort -n "$2" | awk -v l="$1" -v u="$u" '{ w[NR] = $1 } END {
		printf "%s: wall median %.2f s (%.2f-%.2f), user median %.2f s\n", l, w[int((NR + 1) / 2)],
			w[1], w[NR], u }'
}
for t in 1 2; do
	: > "$W/new.$t"
	: > "$W/base.$t"
	i=0
	while [ $i -lt "$R" ]; do
		scan "$M" "$t" "$W/hits.new.bed" "$W/tn"
		scan "$BASELINE" "$t" "$W/hits.base.bed" "$W/tb"
		cut -d' ' -f1-2 "$W/tn" >> "$W/new.$t"
		cut -d' ' -f1-2 "$W/tb" >> "$W/base.$t"
		i=$((i + 1))
	done
	summary "-t $t this build    " "$W/new.$t"
	summary "-t $t $BASELINE" "$W/base.$t"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
