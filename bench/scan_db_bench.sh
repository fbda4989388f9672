#!/bin/sh
# bench/scan_db_bench.sh [GENOME_MB=100] [GENOME_THREADS=2]
# motiflift scan with a whole motif collection (issue 19):
#  1. all 2,067 ENCODE motifs over the 8,000 published 200-bp sequences (1.6 Mb), both
#     strands, p <= 1e-4, uniform background, pseudocount 0.001, with -t 1 and -t 2:
#     wall, user and system CPU, peak RSS, matches; checks both outputs are identical;
#  2. the genome-scale case: the whole collection over a GENOME_MB-megabase random genome
#     (bench/gen_genome) at p <= 1e-5, output written as it goes (gzip); wall, CPU, peak
#     RSS, matches. GENOME_MB=0 skips it (it takes minutes).
# Run from the build directory after 'make bench/gen_genome motiflift'. The machine is
# shared: the load average is printed before and after; user CPU is the steadier figure.
set -eu
MB=${1:-100}
GT=${2:-2}
S=$(cd "$(dirname "$0")/.." && pwd)
M=${MOTIFLIFT:-./motiflift}
W=${BENCH_DIR:-/tmp/motiflift_scan_db_bench}
DB=$S/motifs/encode_motifs.txt.gz
SEQ=$S/tests/data/paper/sequences.simdata.gz
mkdir -p "$W"

run() { # label, output, motiflift scan arguments...
	label=$1 out=$2
	shift 2
	/usr/bin/time -f "%e %U %S %M" -o "$W/time" "$M" scan -q -m "$DB" --bg 0.25,0.25,0.25,0.25 \
		--pseudocount 0.001 "$@" -o "$out"
	read -r wall user sys kb < "$W/time"
	n=$(case $out in *.gz) gzip -dc "$out" ;; *) cat "$out" ;; esac | grep -vc '^#')
	awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v kb="$kb" -v n="$n" \
		'BEGIN { printf "%s: %.2f s wall, %.2f s user, %.2f s sys, peak RSS %.0f MB, %d matches\n",
			l, w, u, s, kb / 1024, n }'
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in 1 2; do
	run "2067 motifs x 1.6 Mb, p <= 1e-4, -t $t" "$W/db.$t.bed" --pvalue 1e-4 -t "$t" "$SEQ"
done
cmp -s "$W/db.1.bed" "$W/db.2.bed" && echo "-t 1 and -t 2 outputs identical" || {
	echo "FAIL: -t 1 and -t 2 outputs differ"; exit 1; }
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

[ "$MB" -gt 0 ] || exit 0
G=$W/genome$MB.fa
[ -s "$G" ] || ${GEN_GENOME:-bench/gen_genome} "$MB" 1 > "$G"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run "2067 motifs x $MB Mb genome, p <= 1e-5, -t $GT" "$W/genome.bed.gz" --pvalue 1e-5 -t "$GT" "$G"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
