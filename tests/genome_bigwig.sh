#!/bin/sh
# bigWig read back with pyBigWig equals the npz scores at the right genomic coordinates;
# one-hot rows and scan hits are the genome's bases there; --width centres fewer genome
# bases in the model's window. Skipped (77) without numpy and pyBigWig (python3-pybigwig).
set -eu
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy, pyBigWig' 2>/dev/null; then
	echo "SKIP: no Python 3 with numpy and pyBigWig (apt-get install python3-pybigwig); bigWig not read back"
	exit 77
fi
M=${MOTIFLIFT:-./motiflift}
S=$(cd "${TESTS_SRCDIR:-$(dirname "$0")}" && pwd)
P=$S/data/paper
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/genome_bw.XXXXXX" 2>/dev/null || mktemp -d)
MODEL="-m $P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $P/keras2_conv1d_record_5_model_PQzyq_modelJson.json"
MOTIFLIFT=$M sh "$S/make_genome.sh" "$T"
cd "$T"
# two tasks explained, the track of the second (column 1), N padding at chromosome ends
"$M" explain -q $MODEL -n 3 --task 0,2 --bw-task 2 --pad-n -g genome.fa.gz peaks.bed \
	-o x.npz --bigwig x.bw --bedgraph x.bedgraph
"$M" scan -q -m "$S/../motifs/tal_gata.meme" --pvalue 1e-3 -g genome.fa -w 200 --pad-n peaks.bed -o hits.bed.gz
"$PYTHON" "$S/genome_check.py" genome.fa x.npz x.bw x.bedgraph hits.bed.gz 1
# --width 120: the 200-base window keeps its genomic coordinates; 40 N on each side
"$M" explain -q $MODEL -r zeros -w 120 -g genome.fa inside.bed -o w.npz
"$M" explain -q $MODEL -r zeros -g genome.fa inside.bed -o full.npz
"$PYTHON" - <<'PY'
import numpy as np
w, f = np.load("w.npz"), np.load("full.npz")
assert (w["end"] - w["start"] == 200).all() and (w["start"] == f["start"]).all(), "window moved"
assert not w["onehot"][:, :40].any() and not w["onehot"][:, 160:].any(), "flanks not N"
assert np.array_equal(w["onehot"][:, 40:160], f["onehot"][:, 40:160]), "centre differs"
print(f"--width 120: {len(w['start'])} windows, 40 N each side, centre = genome")
PY
cd /
rm -rf "$T"
