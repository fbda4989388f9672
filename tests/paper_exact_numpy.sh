#!/bin/sh
# The DeepLIFT notebook's definitions (issue 15) against an independent numpy reference
# (tests/paper_exact_check.py): scan --strand + (the notebook's single forward filter),
# --log-base e (ln-odds, also for --min-score), --greedy-exclude (numpy argmax + a Python
# slice set to -inf, start-of-sequence repeats included), and score --threshold-inclusive.
# Skipped (exit 77) without numpy.
set -eu
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy' 2>/dev/null; then
	echo "SKIP: no Python 3 with numpy (configure found none); paper-exact options not checked"
	exit 77
fi
M=${MOTIFLIFT:-./motiflift}
S=${TESTS_SRCDIR:-$(dirname "$0")}
D=$S/data/paper
MOT=$S/../motifs/tal_gata.meme
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/paperexact.XXXXXX" 2>/dev/null || mktemp -d)
"$PYTHON" "$S/paper_exact_check.py" make "$T" "$MOT" "$D/sequences.simdata.gz" "$D/test.txt.gz"
scan() { "$M" scan -m "$MOT" --bg 0.3,0.2,0.2,0.3 --log-base e "$@" "$T/in.fa"; }
scan --strand + --pvalue 1 -o "$T/all.bed"
scan --pvalue 1 -o "$T/both.bed"
scan --strand + --pvalue 1 --min-score 5 -o "$T/min.bed"
scan --strand + --top 5 --greedy-exclude -t 2 -o "$T/greedy.bed"
"$M" score -q -s "$T/fn.npz" -b "$T/fn.bed" -o "$T/fn.tsv" --summary "$T/fn.gt.tsv"
"$M" score -q -s "$T/fn.npz" -b "$T/fn.bed" -o "$T/fn.tsv" --summary "$T/fn.ge.tsv" --threshold-inclusive
"$PYTHON" "$S/paper_exact_check.py" check "$T" "$MOT"
rm -rf "$T"
