#!/bin/sh
# bench/compare_bench.sh [TOMTOM [TOMTOM_WORKDIR]]
# motiflift compare, all-versus-all of the 2,067 shipped ENCODE motifs (-min-overlap 5,
# Tomtom's default threshold q <= 0.5), --dist ed and pearson, -t 1 and -t 2: wall, user
# and system CPU, peak RSS (/usr/bin/time -v); checks that -t 1 and -t 2 write the same
# bytes. With TOMTOM (a MEME tomtom binary, not part of motiflift), Tomtom's time for the
# same job: read from TOMTOM_WORKDIR/tomtom_<dist>.time when bench/compare_vs_tomtom.sh left
# it there, else measured on the first TOMTOM_QUERIES (default 40) queries and scaled to all.
# Run from the build directory (MOTIFLIFT=path overrides ./motiflift).
set -eu
S=$(cd "$(dirname "$0")/.." && pwd)
M=${MOTIFLIFT:-./motiflift}
E=$S/motifs/encode_motifs.txt.gz
W=${BENCH_DIR:-/tmp/motiflift_compare_bench}
TOMTOM=${1:-}
TW=${2:-/tmp/motiflift_compare_vs_tomtom}
mkdir -p "$W"

# wall user sys rss(MB) from a /usr/bin/time -v report
timing() {
	awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0
			for (i = 1; i <= n; i++) w = w * 60 + t[i] }
		/User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 / 1024 }
		END { printf "%.2f %.2f %.2f %.0f", w, u, s, r }' "$1"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo "| dist | threads | wall (s) | user (s) | sys (s) | peak RSS (MB) | rows |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for d in ed pearson; do
	for t in 1 2; do
		/usr/bin/time -v -o "$W/time.$d.$t" "$M" compare -q -t "$t" --dist "$d" "$E" "$E" \
			-o "$W/out.$d.$t.tsv"
		rows=$(grep -c -v -e '^#' -e '^Query_ID' -e '^$' "$W/out.$d.$t.tsv")
		set -- $(timing "$W/time.$d.$t")
		echo "| $d | $t | $1 | $2 | $3 | $4 | $rows |"
	done
	cmp -s "$W/out.$d.1.tsv" "$W/out.$d.2.tsv" || { echo "FAIL: $d: -t 1 and -t 2 differ"; exit 1; }
done
echo "-t 1 and -t 2 outputs identical for both distances"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

[ -n "$TOMTOM" ] || exit 0
N=${TOMTOM_QUERIES:-40}
for d in ed pearson; do
	if [ -s "$TW/tomtom_$d.time" ]; then
		set -- $(timing "$TW/tomtom_$d.time")
		echo "tomtom -dist $d, all 2,067 queries ($TW/tomtom_$d.time): wall $1 s, user $2 s, peak RSS $4 MB"
		continue
	fi
	[ -s "$W/encode.meme" ] || zcat "$E" | awk '
		BEGIN { print "MEME version 4\n\nALPHABET= ACGT\n\nstrands: + -\n" }
		/^>/ { if (n) print ""; printf "MOTIF %s\nletter-probability matrix: alength= 4\n", substr($1, 2); n = 1; next }
		NF == 5 { print $2, $3, $4, $5 }' > "$W/encode.meme"
	mi=$(seq 1 "$N" | sed 's/^/-mi /' | tr '\n' ' ')
	# shellcheck disable=SC2086
	/usr/bin/time -v -o "$W/tomtom.$d.time" "$TOMTOM" -no-ssc -text -min-overlap 5 -dist "$d" \
		-thresh 1 $mi "$W/encode.meme" "$W/encode.meme" > /dev/null 2>&1
	set -- $(timing "$W/tomtom.$d.time")
	awk -v d="$d" -v n="$N" -v w="$1" -v u="$2" -v r="$4" 'BEGIN {
		printf "tomtom -dist %s, first %d queries: wall %.1f s, user %.1f s, peak RSS %d MB; " \
			"scaled to 2,067: user %.0f s (%.1f min)\n", d, n, w, u, r, u * 2067 / n, u * 2067 / n / 60 }'
done
