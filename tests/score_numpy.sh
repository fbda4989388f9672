#!/bin/sh
# motiflift score on numpy-written npz files (numpy.savez, float32 and float64, ZIP64 local
# headers) against sums computed by numpy; savez_compressed is refused with a clear error.
# Skipped (exit 77) without numpy.
set -eu
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy' 2>/dev/null; then
	echo "SKIP: no Python 3 with numpy (configure found none); score not checked by numpy"
	exit 77
fi
M=${MOTIFLIFT:-./motiflift}
S=${TESTS_SRCDIR:-$(dirname "$0")}
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/score.XXXXXX" 2>/dev/null || mktemp -d)
"$PYTHON" "$S/score_check.py" make "$T"
"$M" score -s "$T/np32.npz" -b "$T/m.bed" -o "$T/out32.tsv"
"$M" score -s "$T/np64.npz" -b "$T/m.bed" -o "$T/out64.tsv"
"$M" score -s "$T/np32.npz" --array proj -b "$T/m.bed" -o "$T/outproj.tsv"
"$PYTHON" "$S/score_check.py" check "$T" 200 out32.tsv out64.tsv outproj.tsv
# on the fly: the npz's one-hot sequences scanned with both paper motifs, top 5 each
"$M" score -s "$T/np32.npz" -m "$S/../motifs/tal_gata.meme" --top 5 -o "$T/fly.tsv"
"$PYTHON" "$S/score_check.py" check "$T" 300 fly.tsv
if "$M" score -s "$T/npc.npz" -b "$T/m.bed" -o "$T/outc.tsv" 2>"$T/err"; then
	echo "FAIL: a savez_compressed file was accepted"
	exit 1
fi
grep -q "savez_compressed" "$T/err" || { echo "FAIL: unclear error:"; cat "$T/err"; exit 1; }
[ ! -e "$T/outc.tsv" ] || { echo "FAIL: output left behind after an error"; exit 1; }
echo "savez_compressed refused: $(cat "$T/err")"
rm -rf "$T"
