#!/bin/sh
# Runs workflows/genome/Snakefile end to end on the test genome (tests/make_genome.sh) with
# 3 shards and --cores 2, and checks the merged outputs are byte-identical to one unsharded
# run (discover's outputs too). Skipped (77) without snakemake.
set -eu
if ! command -v snakemake > /dev/null 2>&1; then
	echo "SKIP: snakemake not installed (apt-get install snakemake); workflow not run"
	exit 77
fi
M=${MOTIFLIFT:-./motiflift}
case $M in /*) ;; *) M=$(pwd)/$M ;; esac
S=$(cd "${TESTS_SRCDIR:-$(dirname "$0")}" && pwd)
P=$S/data/paper
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/workflow.XXXXXX" 2>/dev/null || mktemp -d)
case $T in /*) ;; *) T=$(pwd)/$T ;; esac
MOTIFLIFT=$M sh "$S/make_genome.sh" "$T"
W=$P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5
J=$P/keras2_conv1d_record_5_model_PQzyq_modelJson.json
cat > "$T/config.yaml" <<YAML
motiflift: $M
model: $W
model_json: $J
genome: $T/genome.fa.gz
regions: $T/peaks.bed
motifs: $S/../motifs/tal_gata.meme
shards: 3
threads: 1
task: 1
reference: dinuc-shuffle
num_refs: 2
seed: 7
scan_width: 200
scan_pvalue: 1.0e-3
explain_extra: "--pad-n -q"
scan_extra: "--pad-n -q"
outdir: out
YAML
cd "$T"
HOME=$T XDG_CACHE_HOME=$T/.cache snakemake -q -s "$S/../workflows/genome/Snakefile" \
	--configfile config.yaml -d "$T" --cores 2 > snakemake.log 2>&1 || {
	cat snakemake.log; exit 1; }
"$M" explain -q -m "$W" --json "$J" -g "$T/genome.fa.gz" --task 1 -n 2 --seed 7 --pad-n "$T/peaks.bed" \
	-o one.npz --bigwig one.bw --modisco one
"$M" scan -q -m "$S/../motifs/tal_gata.meme" -g genome.fa.gz -w 200 --pvalue 1e-3 --pad-n \
	peaks.bed -o one.bed.gz
"$M" discover -q -s one.npz -o one.disc
fails=0
for p in "explain.npz one.npz" "contrib.bw one.bw" "modisco.ohe.npz one.ohe.npz" \
		"modisco.hyp.npz one.hyp.npz" "hits.bed.gz one.bed.gz" "discover.meme one.disc.meme" \
		"discover.seqlets.bed one.disc.seqlets.bed" "discover.patterns.npz one.disc.patterns.npz"; do
	set -- $p
	cmp -s "out/$1" "$2" && echo "workflow out/$1 = one run" || { echo "FAIL: out/$1 != $2"; fails=$((fails + 1)); }
done
[ ! -d out/shards ] || [ -z "$(ls out/shards)" ] || echo "note: shard files kept: $(ls out/shards)"
cd /
[ $fails -eq 0 ] && rm -rf "$T"
[ $fails -eq 0 ]
