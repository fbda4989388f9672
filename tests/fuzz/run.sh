#!/bin/sh
# Runs each libFuzzer harness for SECONDS (CI: a short smoke run), from seed corpora made
# out of tests/data, and fails on any report. Usage (from the build directory, after
# 'make fuzz'):  tests/fuzz/run.sh SECONDS [target ...]   (targets: seqio bed motif ...)
# Findings (crash-*, leak-*, timeout-*, oom-*) land in tests/fuzz/findings/; the corpus
# grows in tests/fuzz/corpus/<target>/ and is reused by the next run.
set -u
secs=${1:-30}
shift 2>/dev/null || true
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${FUZZ_OUT:-tests/fuzz}
D="$src/tests/data"
targets=${*:-"seqio bed motif keras_json keras_h5 npz lists onnx discover"}
mkdir -p "$out/findings"

seed() { # target, then files or "name:text" pairs
	t=$1
	shift
	mkdir -p "$out/seeds/$t"
	for s in "$@"; do
		case $s in
		*:*) printf '%b' "${s#*:}" >"$out/seeds/$t/${s%%:*}" ;;
		*) cp "$s" "$out/seeds/$t/" ;;
		esac
	done
}

make_seeds() {
	seed seqio "$D/small.fa" "$D/tiny.simdata" "crlf:>a\r\nACGT\r\n" "lower:>x y\nacgtn\n\n>z\nA\n"
	gzip -c "$D/small.fa" >"$out/seeds/seqio/small.fa.gz"
	gzip -dc "$D/paper/sequences.simdata.gz" | head -5 >"$out/seeds/seqio/paper.simdata"
	{ cat "$D/genome.fa"; echo "#BED"; cat "$D/regions.bed"; } >"$out/seeds/bed.txt"
	seed bed "$D/regions.bed" "$out/seeds/bed.txt" "track:track name=x\n# c\nchr1\t0\t20\tall\nchr2 3 4\n"
	seed motif "$D/same_motif.meme" "$D/same_motif.jaspar" "$D/same_motif.motif" \
		"$D/same_motif.txt" "$src/motifs/tal_gata.meme"
	gzip -dc "$src/motifs/encode_motifs.txt.gz" | head -60 >"$out/seeds/motif/encode.txt"
	seed onnx "$D/onnx/tiny.onnx" "$D/onnx/tiny_last.onnx" "$D/onnx/opset9.onnx" \
		"$D/onnx/dynlen.onnx" "$D/onnx/fivech.onnx" "$D/onnx/erf.onnx" "$D/onnx/loop.onnx"
	seed keras_json "$D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json" \
		"$src/models/paper_arch.json"
	seed keras_h5 "layers:\001conv1d_1\nconv1d_2\nfoo" "weights:\002conv1d_1/kernel:0\nconv1d_1/bias:0"
	printf '\000' | cat - "$D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json" \
		>"$out/seeds/keras_h5/config"
	seed lists "labels:\000name\tt1\tt2\na\t1\t0\nb\t0\t1\n" "names:\001a\nb c\n#x\n" \
		"matches:\002chr1\t0\t5\tM\t10\t+\t3.2\t1e-4\tACGTA\n" "truth:\003s1\t2\t8\tGATA\t0\t+\n" \
		"simdata:\004seqName\tsequence\tembeddings\ttask1\ns1\tACGT\tpos-1_GATA-GAT\t1\n" \
		"config:\005class both=GATA:1+TAL1:1:1:2\nclass none=\ntask t=GATA\n"
	if [ -n "${MOTIFLIFT:-}" ] && [ -x "$MOTIFLIFT" ]; then # npz seeds made by motiflift
		mkdir -p "$out/seeds/npz"
		"$MOTIFLIFT" seq -q -w 8 "$D/small.fa" -o "$out/seeds/npz/seq.npz"
		gzip -dc "$D/paper/sequences.simdata.gz" | head -3 >"$out/seeds/two.simdata"
		"$MOTIFLIFT" explain -q -r zeros -m "$D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5" \
			-j "$D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json" \
			"$out/seeds/two.simdata" -o "$out/seeds/npz/explain.npz"
		seed discover "$out/seeds/npz/explain.npz"
	fi
	# small explain-like npz files (libFuzzer cuts inputs at -max_len: a real explain npz
	# is too big to be parsed whole), when a Python with numpy is at hand
	py=${PYTHON:-python3}
	if "$py" -c 'import numpy' 2>/dev/null; then
		mkdir -p "$out/seeds/discover"
		"$py" - "$out/seeds/discover" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(1)
for name, n, L, T, genomic in (("tiny", 3, 40, 2, False), ("genomic", 4, 30, 1, True)):
    oh = np.eye(4, dtype=np.float32)[rng.integers(0, 4, (n, L))]
    hyp = rng.laplace(0, 0.1, (n, L, 4, T)).astype(np.float32)
    hyp[:, 10:16] += 2 * oh[:, 10:16, :, None]
    a = dict(onehot=oh, hyp=hyp, names=np.array(["s%d" % i for i in range(n)]),
             tasks=np.array(["t%d" % t for t in range(T)]))
    if genomic:
        a.update(chrom=np.array(["chr1"] * n), start=np.arange(n) * 100, end=np.arange(n) * 100 + L)
    np.savez(sys.argv[1] + "/" + name + ".npz", **a)
PY
	fi
	seed npz "empty:PK\005\006\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000"
}

make_seeds
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
scratch=$(mktemp -d "$base/mf_fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
fail=0
for t in $targets; do
	bin="$out/fuzz_$t"
	[ -x "$bin" ] || { echo "fuzz: $bin missing (run 'make fuzz')"; fail=1; continue; }
	mkdir -p "$out/corpus/$t"
	dict=""
	[ -f "$src/tests/fuzz/$t.dict" ] && dict="-dict=$src/tests/fuzz/$t.dict"
	echo "== fuzz_$t for ${secs}s"
	# FUZZ_KEEP_GOING=1 (long runs): go on after a finding, in a forked child
	keep=""
	[ -n "${FUZZ_KEEP_GOING:-}" ] && keep="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
	if MF_FUZZ_TMP=$scratch "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
			-max_len=8192 -print_final_stats=1 -artifact_prefix="$out/findings/$t-" $dict $keep \
			"$out/corpus/$t" "$out/seeds/$t" >"$out/$t.log" 2>&1; then
		grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE" "$out/$t.log" | tail -2
	else
		echo "FAIL: fuzz_$t reported a finding:"
		grep -E "^fuzz:|ERROR|SUMMARY|^    #[0-9]+ .* in (mf_|[a-z_]+ /)|Test unit" "$out/$t.log" | head -30
		fail=1
	fi
done
[ $fail = 0 ] && echo "fuzz: all clean" || exit 1
