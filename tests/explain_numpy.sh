#!/bin/sh
# Checks explain's npz, TSV and TF-MoDISco outputs with numpy/h5py; skipped (77) without them.
set -eu
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy, h5py' 2>/dev/null; then
	echo "SKIP: no Python 3 with numpy and h5py; explain outputs not checked by numpy"
	exit 77
fi
M=${MOTIFLIFT:-./motiflift}
S=${TESTS_SRCDIR:-$(dirname "$0")}
P=$S/data/paper
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/explain.XXXXXX" 2>/dev/null || mktemp -d)
MODEL="-m $P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $P/keras2_conv1d_record_5_model_PQzyq_modelJson.json"
gzip -dc "$P/test.txt.gz" | head -12 > "$T/names"
"$M" explain $MODEL -q --names "$T/names" -n 5 "$P/sequences.simdata.gz" -o "$T/dl.npz" --modisco "$T/mod"
"$M" explain $MODEL -q --names "$T/names" -n 5 "$P/sequences.simdata.gz" -o "$T/dl.tsv" --hyp
"$M" explain $MODEL -q --names "$T/names" --task 0 -r zeros "$P/sequences.simdata.gz" -o "$T/z.npz" --modisco "$T/z"
"$M" explain $MODEL -q --names "$T/names" --method integrated-gradients --steps 200 -r freq:0.3,0.2,0.2,0.3 \
	"$P/sequences.simdata.gz" -o "$T/ig.npz"
"$M" explain $MODEL -q --names "$T/names" --method grad-x-input -r zeros "$P/sequences.simdata.gz" -o "$T/gxi.npz"
"$M" explain $MODEL -q --names "$T/names" --method gradient "$P/sequences.simdata.gz" -o "$T/g.npz"
"$M" seq --names "$T/names" "$P/sequences.simdata.gz" -o "$T/in.fa"
"$M" shuffle -q -n 5 "$T/in.fa" -o "$T/shuf.fa"
"$M" explain $MODEL -q -r "fasta:$T/shuf.fa" -n 5 "$T/in.fa" -o "$T/fa.npz"
"$PYTHON" "$S/explain_check.py" "$T" "$P"
rm -rf "$T"
