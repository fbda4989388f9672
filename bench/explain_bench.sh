#!/bin/sh
# Explain throughput on the paper's model: the 800 published test sequences x 20
# dinucleotide shuffles, genomics default, all 3 tasks, with 1 and 2 threads.
# Reports sequence x reference pairs per second and the arithmetic rate of the whole run
# (44.8 MFLOP per pair: the reference's forward pass plus one backward pass per task,
# dominated by conv2 as 180x50x550 products; the input's own forward pass is shared by
# its 20 references and counted as 1/20). Run from the build directory: bench/explain_bench.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
M=${MOTIFLIFT:-$top/motiflift}
P=$top/tests/data/paper
W=$P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5
J=$P/keras2_conv1d_record_5_model_PQzyq_modelJson.json
out=$(mktemp -d)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in 1 2; do
	s=$(date +%s.%N)
	"$M" explain -q -m "$W" --json "$J" -t "$t" --names "$P/test.txt.gz" "$P/sequences.simdata.gz" \
		-o "$out/t$t.npz"
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" -v t="$t" 'BEGIN { d = e - s; p = 800 * 20;
		printf "threads %d: %.2f s, %.0f pairs/s, %.1f GFLOPS\n", t, d, p / d, p * 44.8e6 / d / 1e9 }'
done
cmp -s "$out/t1.npz" "$out/t2.npz" && echo "outputs identical for -t 1 and -t 2"
rm -rf "$out"
