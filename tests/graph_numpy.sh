#!/bin/sh
# Keras functional models (ChromBPNet- and BPNet-shaped, both HDF5 string encodings, made by
# tests/ref/make_graph_fixtures.py) against the independent float64 numpy graph and DeepLIFT
# of tests/ref/graph_ref.py: info, predict of every head, explain (counts and both profile
# conventions; Rescale and the genomics default; zero and dinucleotide-shuffled references),
# same bytes for any -t/-b, save round trips read by h5py, refusals, and ChromBPNet-length
# windows of a genome through shards, merge and bigWig. Skipped (77) without numpy+h5py.
set -u
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy, h5py' 2>/dev/null; then
	echo "SKIP: no Python 3 with numpy and h5py; graphs not checked against the numpy reference"
	exit 77
fi
M=${MOTIFLIFT:-./motiflift}
M=$(cd "$(dirname "$M")" && pwd)/$(basename "$M")
S=${TESTS_SRCDIR:-$(dirname "$0")}
REF="$PYTHON $S/ref/graph_ref.py"
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/graphnp.XXXXXX" 2>/dev/null || mktemp -d)
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
fails_with() { # exit code, expected stderr regex, command... : that code and one matching line
	want=$1 re=$2
	shift 2
	"$@" >/dev/null 2>"$T/err"
	rc=$?
	[ $rc = "$want" ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -Eq -- "$re" "$T/err"
}
"$PYTHON" "$S/ref/make_graph_fixtures.py" "$T" || exit 1
C3=$T/chrombpnet_v3.h5 C2=$T/chrombpnet_v2.h5 BP=$T/bpnet.h5
head -8 "$T/seqs.fa" >"$T/s4.fa"
head -8 "$T/seqs100.fa" >"$T/b4.fa"
"$M" shuffle -n 3 -k 2 --seed 7 "$T/s4.fa" -o "$T/r4.fa"
"$M" shuffle -n 3 -k 2 --seed 7 "$T/b4.fa" -o "$T/rb4.fa"

# ---- loading and predictions
step "info lists both ChromBPNet heads with their shapes" sh -c \
	"$M info -m $C3 | grep -q '^#output	0	logits_profile_predictions	60 x 1	60 values' &&
	 $M info -m $C3 | grep -q '^#output	1	logcount_predictions	1 x 1	1 values'"
step "h5py 2 file (fixed-length names split in two, list out of order) = h5py 3 file" sh -c \
	"$M predict --head 1 -m $C2 $T/seqs.fa -o $T/a.tsv && $M predict --head 1 -m $C3 $T/seqs.fa -o $T/b.tsv && cmp $T/a.tsv $T/b.tsv"
for h in logits_profile_predictions logcount_predictions; do
	for f in $C3 $C2; do
		k=0; [ $h = logcount_predictions ] && k=1
		step "predict $(basename $f) head $h vs numpy" sh -c \
			"$M predict -t 2 --head $h -m $f $T/seqs.fa -o $T/p.tsv && $REF predict $f --head $k --seqs $T/seqs.fa --tsv $T/p.tsv"
	done
done
for k in 0 1 2; do
	step "predict bpnet head $k vs numpy" sh -c \
		"$M predict --head $k -m $BP $T/seqs100.fa -o $T/p.tsv && $REF predict $BP --head $k --seqs $T/seqs100.fa --tsv $T/p.tsv"
done
step "same bytes for -t 1 -b 1 and -t 2 -b 5" sh -c \
	"$M predict -t 1 -b 1 -m $BP --head 1 $T/seqs100.fa -o $T/a.tsv && $M predict -t 2 -b 5 -m $BP --head 1 $T/seqs100.fa -o $T/b.tsv && cmp $T/a.tsv $T/b.tsv"

# ---- DeepLIFT against the numpy reference
explain_vs_ref() { # model seqs refs(zeros|file) head target profile-rule rule
	if [ "$3" = zeros ]; then r="-r zeros" rr=""; else r="-r fasta:$3 -n 3" rr="--refs $3"; fi
	mr=$7
	[ "$7" = genomics ] && mr=genomics-default
	pr=""; [ "$5" = profile ] && pr="--profile-rule $6" # a usage error with --target counts
	"$M" explain -q -t 2 -m "$1" --head "$4" --target "$5" $pr --rule $mr $r "$2" \
		-o "$T/e.npz" && $REF explain "$1" --seqs "$2" $rr --npz "$T/e.npz" --head "$4" --target "$5" \
		--profile-rule "$6" --rule "$7"
}
for refs in zeros "$T/r4.fa"; do
	rn=zeros; [ "$refs" = zeros ] || rn=shuffles
	step "ChromBPNet counts, genomics default, $rn" explain_vs_ref $C3 "$T/s4.fa" "$refs" 1 counts rescale genomics
	step "ChromBPNet profile rescale, Rescale, $rn" explain_vs_ref $C3 "$T/s4.fa" "$refs" 0 profile rescale rescale
	step "ChromBPNet profile shap, genomics default, $rn" explain_vs_ref $C3 "$T/s4.fa" "$refs" 0 profile shap genomics
done
for refs in zeros "$T/rb4.fa"; do
	rn=zeros; [ "$refs" = zeros ] || rn=shuffles
	step "BPNet counts (RevealCancel after Dense), genomics default, $rn" explain_vs_ref $BP "$T/b4.fa" "$refs" 0 counts rescale genomics
	step "BPNet counts, Rescale, $rn" explain_vs_ref $BP "$T/b4.fa" "$refs" 0 counts rescale rescale
	step "BPNet two-track profile rescale, $rn" explain_vs_ref $BP "$T/b4.fa" "$refs" 1 profile rescale genomics
	step "BPNet two-track profile shap, $rn" explain_vs_ref $BP "$T/b4.fa" "$refs" 1 profile shap rescale
	step "BPNet max-pooling head (the gradient there), $rn" explain_vs_ref $BP "$T/b4.fa" "$refs" 2 counts rescale genomics
done
step "dinuc-shuffle references = the same shuffles given as FASTA" sh -c \
	"$M explain -q -m $C3 --target counts -n 3 --seed 7 $T/s4.fa -o $T/a.npz && $M explain -q -m $C3 --target counts -r fasta:$T/r4.fa -n 3 $T/s4.fa -o $T/b.npz &&
	 $PYTHON -c 'import numpy as n, sys; a, b = n.load(sys.argv[1]), n.load(sys.argv[2]); assert (a[\"contrib\"] == b[\"contrib\"]).all() and (a[\"hyp\"] == b[\"hyp\"]).all(); print(\"identical\")' $T/a.npz $T/b.npz"
step "explain: same bytes for -t 1 -b 1 and -t 2 -b 7, profile target" sh -c \
	"$M explain -q -t 1 -b 1 -m $BP --target profile -n 3 $T/seqs100.fa -o $T/a.npz && $M explain -q -t 2 -b 7 -m $BP --target profile -n 3 $T/seqs100.fa -o $T/b.npz && cmp $T/a.npz $T/b.npz"
step "--target picks the head: profile -> profile, counts -> counts (bpnet lists counts first)" sh -c \
	"$M explain -q -m $BP --target profile -r zeros $T/b4.fa -o $T/a.npz && $M explain -q -m $BP --head profile --target profile -r zeros $T/b4.fa -o $T/b.npz && cmp $T/a.npz $T/b.npz &&
	 $M explain -q -m $C3 --target counts -r zeros $T/s4.fa -o $T/a.npz && $M explain -q -m $C3 --head 1 -r zeros $T/s4.fa -o $T/b.npz && cmp $T/a.npz $T/b.npz"
step "TF-MoDISco inputs for the profile target (ohe and hyp, N x 4 x L)" sh -c \
	"$M explain -q -m $C3 --target profile --profile-rule shap -n 2 $T/s4.fa -o $T/m.npz --modisco $T/mod &&
	 $PYTHON -c 'import numpy as n, sys; o, h = n.load(sys.argv[1])[\"arr_0\"], n.load(sys.argv[2])[\"arr_0\"]; assert o.shape == h.shape == (4, 4, 120), (o.shape, h.shape); print(o.shape)' $T/mod.ohe.npz $T/mod.hyp.npz"

# ---- writing: normalize keeps the graph (and regenerates its config when it must)
"$PYTHON" - "$C3" "$T/nobias.h5" <<'EOF'
import h5py, json, sys, shutil
shutil.copy(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "r+") as f:  # the first conv without a bias
    cfg = json.loads(f.attrs["model_config"])
    for l in cfg["config"]["layers"]:
        if l["name"] == "bpnet_1st_conv":
            l["config"]["use_bias"] = False
    f.attrs["model_config"] = json.dumps(cfg)
    g = f["model_weights/bpnet_1st_conv"]
    del g["bpnet_1st_conv/bias:0"]
    g.attrs["weight_names"] = [b"bpnet_1st_conv/kernel:0"]
EOF
for f in $C3 $T/nobias.h5; do
	step "normalize $(basename $f): same logits of both heads, read back by h5py" sh -c \
		"$M normalize -m $f -o $T/n.h5 2>/dev/null && for h in 0 1; do $M predict --head \$h -m $f $T/seqs.fa -o $T/a.tsv && $M predict --head \$h -m $T/n.h5 $T/seqs.fa -o $T/b.tsv &&
		 $REF predict $T/n.h5 --head \$h --seqs $T/seqs.fa --tsv $T/b.tsv >/dev/null && $PYTHON -c '
import numpy as np, sys
a = np.loadtxt(sys.argv[1], skiprows=1, usecols=range(1, int(sys.argv[3]) + 1), ndmin=2)
b = np.loadtxt(sys.argv[2], skiprows=1, usecols=range(1, int(sys.argv[3]) + 1), ndmin=2)
d = np.abs(a - b).max() / np.abs(a).max(); print(\"max rel diff %.3g\" % d); sys.exit(int(d > 1e-5))' $T/a.tsv $T/b.tsv \$([ \$h = 0 ] && echo 60 || echo 1) || exit 1; done"
done
step "normalized functional file: Keras 2 layout (Functional, InputLayer listed, outputs)" "$PYTHON" -c '
import h5py, json, sys
f = h5py.File(sys.argv[1]); c = json.loads(f.attrs["model_config"])
names = [n.decode() if isinstance(n, bytes) else n for n in f["model_weights"].attrs["layer_names"]]
assert c["class_name"] in ("Functional", "Model") and names[0] == "sequence", (c["class_name"], names[:2])
assert [o[0] for o in c["config"]["output_layers"]] == ["logits_profile_predictions", "logcount_predictions"]
print("layers", len(names))' "$T/n.h5"

# ---- refusals: one line, naming the layer and what to do
step "Lambda (the full chrombpnet.h5) refused, pointing to chrombpnet_nobias.h5" fails_with 1 \
	"layer 'logsumexp' is a Lambda.*chrombpnet_nobias.h5" "$M" info -m "$T/lambda.h5"
step "nested model refused" fails_with 1 "layer 'model_wo_bias' is a nested model" "$M" predict -m "$T/nested.h5" "$T/seqs.fa"
step "Keras 3 file refused" fails_with 1 "a Keras 3 model.*save the model with tf.keras" "$M" info -m "$T/keras3.h5"
printf 'PK\003\004rest' >"$T/m.keras"
step "Keras 3 .keras archive refused" fails_with 1 "a Keras 3 .keras archive" "$M" info -m "$T/m.keras"
step "shared layer refused" fails_with 1 "layer 'bpnet_1st_conv' is called 2 times" "$M" info -m "$T/shared.h5"
step "TensorFlow op layer refused" fails_with 1 "layer 'tf.math.exp' is a TensorFlow operation" "$M" info -m "$T/tfop.h5"
step "a head that does not exist is a usage error" fails_with 2 "--head 'nope': the model has no such output" "$M" predict --head nope -m $C3 "$T/seqs.fa"
step "--target profile on a one-position head" fails_with 2 "it is no profile" "$M" explain --head 1 --target profile -m $C3 "$T/s4.fa"
"$PYTHON" -c 'import h5py, sys; open(sys.argv[2], "w").write(h5py.File(sys.argv[1]).attrs["model_config"])' $C3 "$T/arch.json"
step "training a graph is refused" fails_with 1 "training a functional graph .* is not supported" \
	"$M" train --arch "$T/arch.json" --data "$T/seqs.fa" --valid "$T/seqs.fa" -o "$T/x.h5"

# ---- ChromBPNet-length windows of a genome: shards, merge, bigWig over the explained window
"$PYTHON" - "$T" <<'EOF'
import numpy as np, sys
r = np.random.RandomState(5)
with open(sys.argv[1] + "/g.fa", "w") as f:
    for c, n in (("chr1", 3000), ("chr2", 2000)):
        s = "".join(r.choice(list("ACGT"), size=n))
        f.write(">%s\n%s\n" % (c, "\n".join(s[i:i + 60] for i in range(0, n, 60))))
with open(sys.argv[1] + "/peaks.bed", "w") as f:
    for c, a, b in (("chr1", 100, 180), ("chr1", 900, 1000), ("chr1", 2950, 2990), ("chr2", 500, 560),
                    ("chr2", 1200, 1300), ("chr1", 1500, 1550)):
        f.write("%s\t%d\t%d\n" % (c, a, b))
EOF
step "genome windows of 120 bp: 3 shards merged = one run, bigWig covers each window" sh -c "
	cd $T && $M explain -q -m $C3 --target profile -g g.fa --pad-n -n 2 peaks.bed -o all.npz --bigwig all.bw &&
	for i in 1 2 3; do $M explain -q -m $C3 --target profile -g g.fa --pad-n -n 2 --shard \$i/3 peaks.bed -o s\$i.npz || exit 1; done &&
	$M merge -o merged.npz -g g.fa --bigwig merged.bw s1.npz s2.npz s3.npz && cmp all.npz merged.npz && cmp all.bw merged.bw &&
	$PYTHON -c '
import numpy as np, sys
d = np.load(\"all.npz\"); L = d[\"contrib\"].shape[1]
assert L == 120 and ((d[\"end\"] - d[\"start\"]) == L).all(), (L, d[\"start\"], d[\"end\"])
print(\"%d windows of %d bp\" % (len(d[\"start\"]), L))'"
rm -rf "$T"
echo "graph_numpy: $fail failed"
[ $fail = 0 ]
