#!/bin/sh
# The ONNX path against the Keras path on the paper's architecture: the paper's model
# re-built in PyTorch with its weights copied in and exported to ONNX
# (tests/onnx_torch.py make; needs python3-torch), then the same runs on both files:
# loading (info), predict on the 8,000 published sequences, and explain (genomics default,
# 20 dinucleotide shuffles, 3 tasks) on the 800 test sequences, 1 thread. Reports the best
# user CPU time of 3 runs of each (user time, not wall: the machine is shared) and checks the
# outputs are identical. Run from the build directory: bench/onnx_bench.sh
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
M=${MOTIFLIFT:-$top/motiflift}
PYTHON=${PYTHON:-/usr/bin/python3}
P=$top/tests/data/paper
KERAS="-m $P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $P/keras2_conv1d_record_5_model_PQzyq_modelJson.json"
out=$(mktemp -d)
"$PYTHON" -W ignore "$top/tests/onnx_torch.py" make "$out" "$P" >/dev/null 2>&1
ONNX="-m $out/paper.onnx"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# best user CPU seconds of 3 runs of "$@" (output to $out/last)
best_user() {
	b=""
	for i in 1 2 3; do
		/usr/bin/time -f %U -o "$out/time" "$@" >"$out/last" 2>/dev/null
		u=$(cat "$out/time")
		b=$(awk -v a="$u" -v b="$b" 'BEGIN { print (b == "" || a < b) ? a : b }')
	done
	echo "$b"
}
row() { # what, keras seconds, onnx seconds
	awk -v w="$1" -v k="$2" -v o="$3" 'BEGIN {
		printf "| %s | %.2f s | %.2f s | %+.1f%% |\n", w, k, o, (k > 0 ? 100 * (o - k) / k : 0) }'
}
echo "| run | Keras .h5 | ONNX | ONNX vs Keras |"
echo "| --- | --- | --- | --- |"
k=$(best_user "$M" info $KERAS)
o=$(best_user "$M" info $ONNX)
row "load the model (info)" "$k" "$o"
k=$(best_user "$M" predict -t 1 $KERAS "$P/sequences.simdata.gz" -o "$out/k.tsv")
o=$(best_user "$M" predict -t 1 $ONNX "$P/sequences.simdata.gz" -o "$out/o.tsv")
row "predict, 8,000 sequences" "$k" "$o"
cmp -s "$out/k.tsv" "$out/o.tsv" && echo "predictions identical"
X="explain -q -t 1 --names $P/test.txt.gz $P/sequences.simdata.gz"
k=$(best_user "$M" $X $KERAS -o "$out/k.npz")
o=$(best_user "$M" $X $ONNX -o "$out/o.npz")
row "explain, 800 sequences x 20 shuffles" "$k" "$o"
"$PYTHON" -c '
import numpy as np, sys
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
print("explanations identical" if all(np.array_equal(a[k], b[k]) for k in a.files if k != "meta") else "EXPLANATIONS DIFFER")' \
	"$out/k.npz" "$out/o.npz"
# instruction counts (exact whatever the load): explain of 50 test sequences x 5 shuffles
if command -v valgrind >/dev/null 2>&1; then
	gzip -dc "$P/test.txt.gz" | head -50 >"$out/names50"
	X="explain -q -t 1 -n 5 --names $out/names50 $P/sequences.simdata.gz"
	for what in KERAS ONNX; do
		eval "model=\$$what"
		valgrind --tool=callgrind --callgrind-out-file="$out/cg.$what" "$M" $X $model -o "$out/cg.npz" \
			>/dev/null 2>&1
		eval "ir_$what=$(awk '/^(summary|totals):/ { print $2; exit }' "$out/cg.$what")"
	done
	awk -v k="$ir_KERAS" -v o="$ir_ONNX" 'BEGIN {
		printf "| explain, 50 x 5, instructions (callgrind) | %.4g | %.4g | %+.2f%% |\n", k, o, 100 * (o - k) / k }'
fi
rm -rf "$out"
