#!/bin/sh
# The README's main job until the simulation benchmark workflow lands: read the DeepLIFT
# authors' published simulated data and write its published test split as FASTA and as
# one-hot arrays. Outputs go to results/demo/ (or $1).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/results/demo}
data=$top/tests/data/paper
mkdir -p "$out"
M=$top/motiflift
"$M" seq --names "$data/test.txt.gz" "$data/sequences.simdata.gz" -o "$out/test.fa.gz"
"$M" seq --names "$data/test.txt.gz" "$data/sequences.simdata.gz" -o "$out/test.npz"
echo "demo: wrote $out/test.fa.gz and $out/test.npz ($(gzip -dc "$out/test.fa.gz" | grep -c ">") sequences of the published test split)"
