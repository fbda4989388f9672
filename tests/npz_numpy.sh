#!/bin/sh
# Reads motiflift's .npz output back with numpy; skipped (exit 77) without numpy.
set -eu
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy' 2>/dev/null; then
	echo "SKIP: no Python 3 with numpy (configure found none); npz files not checked by numpy"
	exit 77
fi
M=${MOTIFLIFT:-./motiflift}
S=${TESTS_SRCDIR:-$(dirname "$0")}
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/npz.XXXXXX" 2>/dev/null || mktemp -d)
cp "$S/data/genome.fa" "$T/g.fa"
"$M" seq -w 10 "$S/data/small.fa" -o "$T/fa.npz"
"$M" seq "$S/data/tiny.simdata" -o "$T/sim.npz"
"$M" seq -g "$T/g.fa" -w 6 "$S/data/regions.bed" -o "$T/bed.npz"
"$PYTHON" "$S/npz_check.py" "$T"
rm -rf "$T"
