#!/bin/sh
# bench/genome_bench.sh [REGIONS=10000] [REFS=20] [THREADS=2] [REFERENCE=dinuc-shuffle]
# Time and peak memory (/usr/bin/time -v) of explain on REGIONS random 500-bp peaks of a
# 20 Mb random genome (bench/gen_genome), the paper's model (tests/data/paper/), npz +
# bigWig outputs. Run from the build directory after 'make bench/gen_genome motiflift'.
# REFERENCE=freq gives a single frequency reference (the memory-flatness check).
set -eu
N=${1:-10000}
R=${2:-20}
TH=${3:-2}
REF=${4:-dinuc-shuffle}
B=$(cd "$(dirname "$0")" && pwd)
S=$B/..
M=${MOTIFLIFT:-./motiflift}
P=$S/tests/data/paper
W=${BENCH_DIR:-/tmp/motiflift_genome_bench}
mkdir -p "$W"
[ -s "$W/genome.fa" ] || ${GEN_GENOME:-bench/gen_genome} 20 1 > "$W/genome.fa"
awk -v n="$N" 'BEGIN { srand(5); for (i = 0; i < n; ++i) { c = 1 + int(rand() * 10);
	s = int(rand() * (2000000 - 500)); printf "chr%d\t%d\t%d\tr%d\n", c, s, s + 500, i } }' > "$W/regions.$N.bed"
case $REF in freq) RA="-r freq:0.3,0.2,0.2,0.3" ;; *) RA="-r $REF -n $R" ;; esac
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v "$M" explain -m "$P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5" \
	--json "$P/keras2_conv1d_record_5_model_PQzyq_modelJson.json" $RA -t "$TH" \
	-g "$W/genome.fa" "$W/regions.$N.bed" -o "$W/out.$N.npz" --bigwig "$W/out.$N.bw" \
	2> "$W/time.$N.log" || { cat "$W/time.$N.log"; exit 1; }
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E "explain\]|Elapsed|Maximum resident|User time|System time" "$W/time.$N.log"
ls -l "$W/out.$N.npz" "$W/out.$N.bw" | awk '{print $5, $9}'
