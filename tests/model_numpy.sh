#!/bin/sh
# The model against an independent float64 numpy/h5py reference (tests/ref/keras_ref.py):
# predictions and logits of the paper's model on all 8,000 published sequences, auROCs
# on the published test split, normalization (logits unchanged, weights centred, output
# readable by h5py), a general fixture model written by h5py (Keras 2.2.4 layout), bad
# model files, and byte-identical output for any -t/-b. Skipped (77) without numpy+h5py.
set -u
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy, h5py' 2>/dev/null; then
	echo "SKIP: no Python 3 with numpy and h5py; model not checked against the numpy reference"
	exit 77
fi
M=${MOTIFLIFT:-./motiflift}
S=${TESTS_SRCDIR:-$(dirname "$0")}
P=$S/data/paper
H5=$P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5
JS=$P/keras2_conv1d_record_5_model_PQzyq_modelJson.json
SEQS=$P/sequences.simdata.gz
REF="$PYTHON $S/ref/keras_ref.py"
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/modelnp.XXXXXX" 2>/dev/null || mktemp -d)
fail=0
step() { # description, command...
	d=$1
	shift
	if "$@" >"$T/log" 2>&1; then
		echo "ok: $d: $(tail -1 "$T/log")"
	else
		echo "FAIL: $d"
		sed 's/^/  /' "$T/log" | head -20
		fail=$((fail + 1))
	fi
}
fails_with() { # expected stderr regex, command... : exit 1 and exactly one matching line
	re=$1
	shift
	"$@" >/dev/null 2>"$T/err"
	rc=$?
	[ $rc = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -Eq -- "$re" "$T/err"
}

step "paper model predictions vs numpy (8000 seqs)" sh -c \
	"$M predict -t 2 -m $H5 --json $JS $SEQS -o $T/pred.tsv && $REF predict $H5 --json $JS --seqs $SEQS --tsv $T/pred.tsv"
step "paper model logits vs numpy" sh -c \
	"$M predict --logits -m $H5 --json $JS $SEQS -o $T/logit.tsv && $REF predict $H5 --json $JS --logits --seqs $SEQS --tsv $T/logit.tsv"
step "auROC on the published test split vs numpy (3 decimals)" sh -c \
	"$M evaluate -m $H5 --json $JS --names $P/test.txt.gz $SEQS -o $T/eval.tsv && $REF evaluate $H5 --json $JS --seqs $SEQS --names $P/test.txt.gz --tsv $T/eval.tsv"
step "same bytes for -t 1 -b 1 and -t 2 -b 512" sh -c \
	"$M predict -t 1 -b 1 -m $H5 --json $JS --names $P/test.txt.gz $SEQS -o $T/a.tsv && $M predict -t 2 -b 512 -m $H5 --json $JS --names $P/test.txt.gz $SEQS -o $T/b.tsv && cmp $T/a.tsv $T/b.tsv"
step "normalize: logits unchanged (max abs diff <= 1e-5)" sh -c \
	"$M normalize -m $H5 --json $JS -o $T/norm.h5 && $M predict --logits -t 2 -m $T/norm.h5 $SEQS -o $T/nlogit.tsv && $PYTHON -c '
import numpy as np, sys
a = np.loadtxt(sys.argv[1], skiprows=1, usecols=(1, 2, 3)); b = np.loadtxt(sys.argv[2], skiprows=1, usecols=(1, 2, 3))
d = np.abs(a - b).max(); print(\"max abs logit diff %.3g\" % d); sys.exit(int(d > 1e-5))' $T/logit.tsv $T/nlogit.tsv"
step "normalize: first conv weights sum to zero over channels (h5py)" $REF sumzero "$T/norm.h5"
step "normalized full-model file read by h5py gives the same predictions" sh -c \
	"$M predict -m $T/norm.h5 $SEQS -o $T/npred.tsv && $REF predict $T/norm.h5 --seqs $SEQS --tsv $T/npred.tsv"
step "normalizing twice changes weights by at most one rounding (h5py)" sh -c \
	"$M normalize -m $T/norm.h5 -o $T/norm2.h5 && $M predict --logits -m $T/norm2.h5 $SEQS -o $T/n2logit.tsv && $PYTHON -c '
import h5py, numpy as np, sys
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
for n in a[\"model_weights\"].attrs[\"layer_names\"]:
    g, h = a[\"model_weights\"][n.decode()], b[\"model_weights\"][n.decode()]
    for w in g.attrs[\"weight_names\"]:
        x, y = np.asarray(g[w]), np.asarray(h[w])
        # normalizing twice changes at most one float32 rounding; shapes and order identical
        assert x.shape == y.shape and x.dtype == y.dtype == np.float32, w
        assert np.abs(x - y).max() <= 1e-6, w
print(\"weights equal\")' $T/norm.h5 $T/norm2.h5"
"$PYTHON" "$S/ref/make_fixtures.py" "$T"
step "general model (same/stride/dilation/bn/pools/softmax) vs numpy" sh -c \
	"$M predict -m $T/general.h5 $T/seqs.simdata -o $T/g.tsv && $REF predict $T/general.h5 --seqs $T/seqs.simdata --tsv $T/g.tsv"
step "general model logits (fused softmax removed) vs numpy" sh -c \
	"$M predict --logits -m $T/general.h5 $T/seqs.simdata -o $T/gl.tsv && $REF predict --logits $T/general.h5 --seqs $T/seqs.simdata --tsv $T/gl.tsv"
step "bad: NaN weight" fails_with "layer 'dense_a': weight 'dense_a/kernel:0' contains NaN" $M info -m "$T/nan.h5"
step "bad: wrong weight shape" fails_with "has shape \(5,7\) but the architecture needs \(6,7\)" $M info -m "$T/shape.h5"
step "bad: HDF5 but not Keras" fails_with "no 'model_config' attribute" $M info -m "$T/plain.h5"
step "bad: HDF5 but not Keras, with --json" fails_with "no Keras weights here" $M info -m "$T/plain.h5" --json "$JS"
step "bad: not HDF5" fails_with "not an HDF5 file" $M predict -m "$JS" "$SEQS"
step "bad: missing JSON" fails_with "nope.json: cannot open" $M predict -m "$H5" --json "$T/nope.json" "$SEQS"
rm -rf "$T"
echo "model_numpy: $fail failed"
[ $fail = 0 ]
