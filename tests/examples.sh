#!/bin/sh
# The examples users copy still run: every ```sh block of README.md (in order, in one shell,
# as a reader would paste them) and every EXAMPLES block of the man pages in doc/ run on
# test data and exit 0. The files they name (hg38.fa.gz, peaks.bed, model.h5, ...) are
# made here from tests/data; a few sizes are cut so the suite stays quick (listed in
# `shrink` below: the commands are otherwise run as printed).
set -u
M=${MOTIFLIFT:-./motiflift}
S=${TESTS_SRCDIR:-$(dirname "$0")}
TOP=$(cd "$S/.." && pwd)
S=$TOP/tests
case $M in /*) ;; *) M=$(pwd)/$M ;; esac
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/examples.XXXXXX" 2>/dev/null || mktemp -d)
mkdir -p "$T/bin" "$T/template"
ln -s "$M" "$T/bin/motiflift"
# the examples' python3 is the one configure found (with numpy, h5py, torch), as on Debian
printf '#!/bin/sh\nPYTHONPATH=%s exec %s "$@"\n' "$S" "${PYTHON:-/usr/bin/python3}" >"$T/bin/python3"
chmod +x "$T/bin/python3"
PATH=$T/bin:$PATH
export PATH
fail=0
pass=0

# ---- the files the examples name ------------------------------------------------------
P=$S/data/paper
W=$P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5
J=$P/keras2_conv1d_record_5_model_PQzyq_modelJson.json
(
	set -e
	cd "$T/template"
	MOTIFLIFT=$M sh "$S/make_genome.sh" g >/dev/null 2>&1
	for g in hg38.fa.gz genome.fa.gz; do
		cp g/genome.fa.gz "$g"
		motiflift seq --index -g "$g"
	done
	cp g/genome.fa hg38.fa
	cp g/inside.bed peaks.bed
	rm -rf g
	motiflift seq -g hg38.fa.gz -w 200 peaks.bed -o peaks.fa 2>/dev/null
	cp peaks.fa seqs.fa
	ln -s "$P/sequences.simdata.gz" sequences.simdata.gz
	ln -s "$P/test.txt.gz" test.txt.gz
	cp "$W" w.h5
	cp "$J" arch.json
	cp "$J" model.json
	motiflift normalize -q -m "$W" --json "$J" -o model.h5
	cp "$TOP/motifs/tal_gata.meme" motifs.meme
	# a ChromBPNet-shaped functional model (small: input 120) for the graph examples
	mkdir graphs
	"$PYTHON" "$TOP/tests/ref/make_graph_fixtures.py" graphs > /dev/null
	cp graphs/chrombpnet_v3.h5 chrombpnet_nobias.h5
	rm -rf graphs
	cp "$TOP/motifs/tal_gata.meme" JASPAR.meme
	cp "$S/data/onnx/tiny.onnx" model.onnx
	ln -s "$TOP/scripts" scripts
	# a small bpnet-lite BPNet saved whole (its class from tests/onnx_torch.py, which the
	# python3 below finds), for the ONNX export example; without PyTorch those lines are cut
	if "$PYTHON" -c 'import torch' 2>/dev/null; then
		PYTHONPATH=$S "$PYTHON" -c 'import torch, onnx_torch
torch.save(onnx_torch.BPNetLite(n_control_tracks=2), "bpnet.torch")'
	fi
	awk 'NF == 4 && $1 ~ /^[0-9.]+$/ {printf "%.4f %.4f %.4f %.4f\n", $1 - .25, $2 - .25, \
		$3 - .25, $4 - .25; next} {print}' "$TOP/motifs/tal_gata.meme" > run.cwm.meme
	awk '/^>/ {sub(/^>/, ""); n++; print $1 "\t" (n % 2) "\t" (n % 3 == 0) "\t" (n % 5 < 2)}' \
		seqs.fa > labels.tsv
	awk '/^>/ {sub(/^>/, ""); if (NR % 3 == 0) print $1}' seqs.fa > valid.txt
	ln -s "$TOP/tests" tests
	ln -s "$TOP/motifs" motifs
	mkdir sim
) || { echo "examples: could not make the example files"; rm -rf "$T"; exit 99; }

# Size cuts: full-size simulations, 40-epoch trainings and 20-reference explanations of
# thousands of sequences would make the suite take minutes.
shrink() {
	sed -e 's/motiflift simulate -n [0-9]*/motiflift simulate/' \
		-e 's/motiflift simulate /motiflift simulate -n 300 /' \
		-e 's/motiflift train --data/motiflift train --epochs 1 --data/' \
		-e 's/motiflift explain /motiflift explain -n 2 /' \
		-e 's/ -L 500 / /' \
		-e 's/--length 2114/--length 200/' |
		if [ -e "$T/template/bpnet.torch" ]; then cat; else grep -v 'onnx_export.py\|bpnet.onnx'; fi
}
[ -e "$T/template/bpnet.torch" ] ||
	echo "examples: no python3-torch: the ONNX export examples are not run"

run_block() { # name, script file
	d=$(mktemp -d "$T/run.XXXXXX")
	cp -a "$T/template/." "$d/"
	if (cd "$d" && sh -e "$2") >"$d.out" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1"
		sed 's/^/  | /' "$2"
		tail -5 "$d.out" | sed 's/^/  > /'
	fi
	rm -rf "$d" "$d.out"
}

# ---- README.md: every sh block but the setup/build ones, in order, in one shell ---------
awk '/^```sh$/ {on = 1; block = ""; next}
	/^```$/ && on {on = 0; if (block !~ /scripts\/setup.sh|autoreconf|\.\/configure|make distcheck/) printf "%s", block; next}
	on {block = block $0 "\n"}' "$TOP/README.md" | shrink >"$T/readme.sh"
[ -s "$T/readme.sh" ] || { echo "FAIL: no examples found in README.md"; fail=$((fail + 1)); }
run_block README.md "$T/readme.sh"

# ---- man pages: each EXAMPLES section's .nf blocks, in its own directory ---------------
for man in "$TOP"/doc/*.1; do
	awk '/^\.SH EXAMPLE/ {on = 1; next} /^\.SH/ {on = 0}
		on && /^\.nf/ {nf = 1; next} on && /^\.fi/ {nf = 0; next} on && nf {print}' "$man" |
		sed -e 's/\\-/-/g' -e 's/\\e$/\\/' -e 's/\\e/\\/g' -e 's/\\\\$/\\/' | shrink >"$T/man.sh"
	[ -s "$T/man.sh" ] || continue
	run_block "$(basename "$man")" "$T/man.sh"
done

rm -rf "$T"
echo "examples: $pass passed, $fail failed"
[ $fail = 0 ]
