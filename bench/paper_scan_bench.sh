#!/bin/sh
# bench/paper_scan_bench.sh: what the DeepLIFT notebook's pick costs in motiflift scan
# (issue 15). The published data's 8,000 sequences of 200 bp, GATA_disc1 + TAL1_known1,
# top 5 per sequence and motif: ours (both strands, running top-k), --nonoverlap, and the
# notebook's (--strand + --log-base e --greedy-exclude, every window held, then picked).
# Prints user CPU seconds (best of 5, the machine being shared) and, with valgrind, the
# instructions executed (callgrind), which do not depend on the load.
# Run from the build directory after 'make motiflift'.
set -eu
S=$(cd "$(dirname "$0")/.." && pwd)
M=${MOTIFLIFT:-./motiflift}
D=$S/tests/data/paper/sequences.simdata.gz
W=$(mktemp -d)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # name, options...
	name=$1
	shift
	best=
	for i in 1 2 3 4 5; do
		/usr/bin/time -f "%U" -o "$W/t" "$M" scan -q -m "$S/motifs/tal_gata.meme" --top 5 "$@" "$D" \
			-o "$W/out.bed"
		u=$(cat "$W/t")
		best=$(echo "$u ${best:-$u}" | awk '{print ($1 < $2 ? $1 : $2)}')
	done
	ir=-
	if command -v valgrind >/dev/null 2>&1; then
		valgrind --tool=callgrind --callgrind-out-file="$W/cg" "$M" scan -q \
			-m "$S/motifs/tal_gata.meme" --top 5 "$@" "$D" -o "$W/out.bed" 2>"$W/vg" || true
		ir=$(awk '/^summary:/ {print $2}' "$W/cg")
	fi
	printf "%-28s user %5.2f s  instructions %s  rows %d\n" "$name" "$best" "$ir" \
		"$(grep -vc '^#' "$W/out.bed")"
}
run "ours (--top 5)"
run "--nonoverlap" --nonoverlap
run "notebook's (+, e, greedy)" --strand + --log-base e --greedy-exclude
run "greedy, both strands" --greedy-exclude
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$W"
