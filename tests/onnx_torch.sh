#!/bin/sh
# ONNX models against PyTorch (tests/onnx_torch.py): models exported with torch.onnx.export
# (the paper's architecture with the paper's weights, channels first and last; a
# bpnet-lite-shaped BPNet; one model per group of ops at opsets 11, 13 and 17) predict
# what PyTorch's float64 pass gives; the paper's ONNX export predicts and explains exactly
# as the Keras file does; DeepLIFT Rescale matches an autograd float64 reference and sums
# to the delta; normalize writes an ONNX file other tools read, with unchanged predictions.
# Skipped (77) without python3-torch and python3-onnx.
set -u
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy, torch, onnx' 2>/dev/null; then
	echo "SKIP: no Python 3 with numpy, torch (python3-torch) and onnx (python3-onnx): ONNX models not checked against PyTorch"
	exit 77
fi
M=${MOTIFLIFT:-./motiflift}
S=${TESTS_SRCDIR:-$(dirname "$0")}
P=$S/data/paper
KERAS="-m $P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $P/keras2_conv1d_record_5_model_PQzyq_modelJson.json"
SEQS=$P/sequences.simdata.gz
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/onnxtorch.XXXXXX" 2>/dev/null || mktemp -d)
PY="$PYTHON -W ignore $S/onnx_torch.py"
export PAPER_DIR="$P"
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
# max |a - b| / max |b| over the numbers of two TSVs (first column: names)
tsv_close() { # a b tolerance
	$PYTHON -c '
import numpy as np, sys
a = np.loadtxt(sys.argv[1], skiprows=1, usecols=None, dtype=str)[:, 1:].astype(float)
b = np.loadtxt(sys.argv[2], skiprows=1, usecols=None, dtype=str)[:, 1:].astype(float)
d = np.abs(a - b).max() / np.abs(b).max()
print("max difference %.3g of the largest value" % d); sys.exit(int(not d <= float(sys.argv[3])))' "$@"
}

step "export the PyTorch models" $PY make "$T" "$P"
for n in paper paper_last bpnet bpnet_ctl ops_a11 ops_a13 ops_a17 ops_b11 ops_b13 ops_c; do
	step "$n: predictions vs PyTorch float64" sh -c \
		"$M predict -m $T/$n.onnx $T/$n.fa -o $T/$n.tsv && $PY predict $T $n $T/$n.tsv"
done
for n in bpnet bpnet_ctl; do
	step "$n: counts head (--head out1) vs PyTorch float64" sh -c \
		"$M predict --head out1 -m $T/$n.onnx $T/$n.fa -o $T/$n.1.tsv && $PY predict $T $n $T/$n.1.tsv 1"
	step "$n: DeepLIFT Rescale of the counts head vs autograd float64" sh -c \
		"$M explain -q --head 1 -m $T/$n.onnx --rule rescale -r zeros $T/$n.fa -o $T/$n.c.npz && $PY deeplift $T $n $T/$n.c.npz 1"
	step "$n: DeepLIFT Rescale of the profile target (rescale rule) vs autograd float64" sh -c \
		"$M explain -q --target profile -m $T/$n.onnx --rule rescale -r zeros $T/$n.fa -o $T/$n.p.npz && $PY deeplift $T $n $T/$n.p.npz 0 profile"
done
step "ops_b13: DeepLIFT Rescale (tanh, slices, sums, MatMul, Concat) vs autograd float64" sh -c \
	"$M explain -q -m $T/ops_b13.onnx --rule rescale -r zeros $T/ops_b13.fa -o $T/ob.npz && $PY deeplift $T ops_b13 $T/ob.npz"
step "bpnet: same bytes for -t 1 -b 1 and -t 2 -b 7" sh -c \
	"$M predict -t 1 -b 1 -m $T/bpnet.onnx $T/bpnet.fa -o $T/b1.tsv && $M predict -t 2 -b 7 -m $T/bpnet.onnx $T/bpnet.fa -o $T/b2.tsv && cmp $T/b1.tsv $T/b2.tsv"

# the paper's model: the ONNX export against the Keras file it was copied from
gzip -dc "$P/test.txt.gz" | head -16 >"$T/names"
$M predict $KERAS $SEQS -o $T/k.tsv
$M predict -m $T/paper.onnx $SEQS -o $T/o.tsv
$M predict -m $T/paper_last.onnx $SEQS -o $T/o2.tsv
step "paper.onnx predicts as the Keras model (8000 sequences, 1e-5)" tsv_close $T/o.tsv $T/k.tsv 1e-5
step "paper_last.onnx (channels last) predicts as the Keras model" tsv_close $T/o2.tsv $T/k.tsv 1e-5
step "paper.onnx explains as the Keras model (genomics default, 5 shuffles, 1e-5)" sh -c \
	"$M explain -q $KERAS --names $T/names -n 5 $SEQS -o $T/k.npz --modisco $T/km && $M explain -q -m $T/paper.onnx --names $T/names -n 5 $SEQS -o $T/o.npz --modisco $T/om && $PYTHON -c '
import numpy as np, sys
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
for k in (\"contrib\", \"hyp\", \"proj\", \"delta\"):
    d = np.abs(a[k] - b[k]).max() / np.abs(b[k]).max()
    assert d <= 1e-5, (k, d)
for t in range(3):
    x, y = np.load(f\"{sys.argv[3]}.task{t}.hyp.npz\")[\"arr_0\"], np.load(f\"{sys.argv[4]}.task{t}.hyp.npz\")[\"arr_0\"]
    assert np.abs(x - y).max() <= 1e-5 * np.abs(y).max(), t
print(\"contributions, hypothetical contributions, deltas and TF-MoDISco files agree\")' $T/o.npz $T/k.npz $T/om $T/km"
step "paper: DeepLIFT Rescale, zeros reference, vs autograd float64" sh -c \
	"$M explain -q -m $T/paper.onnx --rule rescale -r zeros $T/paper.fa -o $T/pz.npz && $PY deeplift $T paper $T/pz.npz"
step "paper: DeepLIFT Rescale, 3 shuffled references each, vs autograd float64" sh -c \
	"$M shuffle -q -n 3 $T/paper.fa -o $T/shuf.fa && $M explain -q -m $T/paper.onnx --rule rescale -r fasta:$T/shuf.fa -n 3 $T/paper.fa -o $T/pf.npz && $PY deeplift $T paper $T/pf.npz $T/shuf.fa"
step "paper_last: DeepLIFT Rescale vs autograd float64" sh -c \
	"$M explain -q -m $T/paper_last.onnx --rule rescale -r zeros $T/paper_last.fa -o $T/plz.npz && $PY deeplift $T paper_last $T/plz.npz"

# normalize writes ONNX: the same graph with centred first-convolution weights
step "normalize: an ONNX file the onnx checker accepts, first conv centred" sh -c \
	"$M normalize -m $T/paper.onnx -o $T/norm.onnx && $PYTHON -c '
import numpy as np, onnx, sys
from onnx import numpy_helper
m = onnx.load(sys.argv[1]); onnx.checker.check_model(m)
w = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
s = np.abs(w[\"conv1.weight\"].sum(axis=1)).max()
print(\"largest sum over the 4 channels %.2g\" % s); sys.exit(int(s > 1e-6))' $T/norm.onnx"
$M predict -m $T/norm.onnx $SEQS -o $T/no.tsv
$M normalize $KERAS -o $T/kn.h5 && $M predict -m $T/kn.h5 $SEQS -o $T/kn.tsv
step "normalize: predictions on one-hot sequences unchanged" tsv_close $T/no.tsv $T/o.tsv 1e-5
step "normalize: predictions equal to the normalized Keras model's" tsv_close $T/no.tsv $T/kn.tsv 1e-6

# genome windows, shards and merge, with an ONNX model as with a Keras one
MOTIFLIFT=$M sh "$S/make_genome.sh" "$T/g" >/dev/null
X="$M explain -q -m $T/bpnet.onnx --head 1 -r freq:0.3,0.2,0.2,0.3 --pad-n -g $T/g/genome.fa"
step "bpnet.onnx on BED + genome: 3 shards merged == one run (npz, bigWig)" sh -c \
	"$X $T/g/peaks.bed -o $T/g/one.npz --bigwig $T/g/one.bw && for i in 1 2 3; do $X --shard \$i/3 -b 5 $T/g/peaks.bed -o $T/g/s\$i.npz || exit 1; done && $M merge -o $T/g/m.npz -g $T/g/genome.fa --bigwig $T/g/m.bw $T/g/s1.npz $T/g/s2.npz $T/g/s3.npz && cmp $T/g/m.npz $T/g/one.npz && cmp $T/g/m.bw $T/g/one.bw"
step "paper.onnx on BED + genome explains as the Keras model" sh -c \
	"$M explain -q -m $T/paper.onnx -n 3 --pad-n -g $T/g/genome.fa $T/g/peaks.bed -o $T/g/po.npz && $M explain -q $KERAS -n 3 --pad-n -g $T/g/genome.fa $T/g/peaks.bed -o $T/g/pk.npz && $PYTHON -c '
import numpy as np, sys
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
for k in b.files:
    if k != \"meta\":
        assert np.array_equal(a[k], b[k]), k
print(\"every array equal\")' $T/g/po.npz $T/g/pk.npz"

rm -rf "$T"
echo "onnx_torch: $fail failed"
[ $fail = 0 ]
