#!/bin/sh
# The README's main job until the simulation benchmark workflow lands: on the DeepLIFT
# authors' published model and data, evaluate the model on the published test split,
# explain it with DeepLIFT (genomics default, 20 dinucleotide shuffles per sequence), scan
# the GATA1 and TAL1 PWMs (top 5 per sequence) and sum the importance over each match,
# with the paper's false-negative/false-positive summary. Outputs go to results/demo/ (or $1).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/results/demo}
P=$top/tests/data/paper
M=$top/motiflift
W=$P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5
J=$P/keras2_conv1d_record_5_model_PQzyq_modelJson.json
T=$(nproc 2>/dev/null || echo 1)
mkdir -p "$out"
"$M" seq --names "$P/test.txt.gz" "$P/sequences.simdata.gz" -o "$out/test.fa.gz"
"$M" evaluate -m "$W" --json "$J" --names "$P/test.txt.gz" "$P/sequences.simdata.gz" -o "$out/evaluate.tsv"
"$M" explain -m "$W" --json "$J" -t "$T" --names "$P/test.txt.gz" "$P/sequences.simdata.gz" \
	-o "$out/deeplift.npz"
"$M" scan -m "$top/motifs/tal_gata.meme" --top 5 "$out/test.fa.gz" -o "$out/top5.bed"
"$M" score --scores "$out/deeplift.npz" --matches "$out/top5.bed" --data "$P/sequences.simdata.gz" \
	-o "$out/match_importance.tsv" --summary "$out/summary.tsv"
echo "demo: results in $out"
cat "$out/evaluate.tsv"
grep -E "^false_negative|^false_positive" "$out/summary.tsv" | head -12
