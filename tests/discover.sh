#!/bin/sh
# motiflift discover end to end on synthetic explain npz files (tests/discover_check.py makes
# them: GATA_disc1 and a reverse-complemented TAL1_known1 planted with large contributions):
# the planted motifs come back as best matches; every output is well formed (h5py reads
# TF-MoDISco's layout, scan reads the MEME file); two files of different lengths, one with
# genomic coordinates; the same bytes for -t 1 and -t 2; bad inputs fail with one clear line
# and leave no output. Skipped (77) without a Python that has numpy and h5py.
set -u
S=${TESTS_SRCDIR:-$(dirname "$0")}
M=${MOTIFLIFT:-$S/../motiflift}
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy, h5py' 2>/dev/null; then
	echo "SKIP: no Python 3 with numpy and h5py"
	exit 77
fi
[ -z "${TESTS_TMPDIR:-}" ] || mkdir -p "$TESTS_TMPDIR"
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/discover.XXXXXX" 2>/dev/null || mktemp -d)
fail() {
	echo "FAIL: $*"
	exit 1
}

"$PYTHON" "$S/discover_check.py" make "$T" "$S/../motifs/encode_motifs.txt.gz" || fail "fixtures"

# one file, all tasks, one thread and two
"$M" discover -s "$T/a.npz" -o "$T/one" 2>"$T/one.err" || { cat "$T/one.err"; fail "discover a.npz"; }
grep -q '^\[M::discover\] 700 sequences, 2 tasks: [0-9]* seqlets, [0-9]* patterns' "$T/one.err" ||
	{ cat "$T/one.err"; fail "no summary line"; }
"$PYTHON" "$S/discover_check.py" check "$T/one" "$T/a.npz" || fail "outputs of a.npz"
for e in both.h5 second.h5; do [ -s "$T/one.$e" ] || fail "no one.$e (several tasks: one .h5 each)"; done
"$M" discover -t 2 -s "$T/a.npz" -o "$T/two" 2>/dev/null || fail "discover -t 2"
for e in meme cwm.meme patterns.npz seqlets.bed both.h5 second.h5; do
	cmp -s "$T/one.$e" "$T/two.$e" || fail "-t 1 and -t 2 differ in .$e"
done
grep -v '<code>' "$T/one.html" >"$T/one.h" && grep -v '<code>' "$T/two.html" >"$T/two.h" &&
	cmp -s "$T/one.h" "$T/two.h" || fail "-t 1 and -t 2 differ in .html"

# the PPMs scan
"$M" scan -m "$T/one.meme" --top 1 "$S/data/small.fa" >"$T/scan.bed" 2>"$T/scan.err" ||
	{ cat "$T/scan.err"; fail "scan cannot read PREFIX.meme"; }

# two files (lengths 100 and 130, the second with chrom/start), one task: PREFIX.h5
"$M" discover -s "$T/a.npz" "$T/b.npz" --task second -o "$T/ab" 2>"$T/ab.err" ||
	{ cat "$T/ab.err"; fail "discover a.npz b.npz"; }
[ -s "$T/ab.h5" ] || fail "one task: no PREFIX.h5"
"$PYTHON" "$S/discover_check.py" check "$T/ab" "$T/a.npz" "$T/b.npz" || fail "outputs of a.npz b.npz"
# genomic coordinates when every input has them
"$M" discover -s "$T/b.npz" --task 1 -o "$T/b" 2>"$T/b.err" || { cat "$T/b.err"; fail "discover b.npz"; }
"$PYTHON" "$S/discover_check.py" check "$T/b" "$T/b.npz" || fail "outputs of b.npz"

# bad inputs: one line naming the problem, exit 1, nothing written
bad() { # expected message, arguments...
	want=$1
	shift
	"$M" discover -o "$T/bad" "$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	[ $rc = 1 ] || { cat "$T/stderr"; fail "exit $rc, not 1, for: $*"; }
	grep -q -- "$want" "$T/stderr" || { cat "$T/stderr"; fail "no '$want' for: $*"; }
	! ls "$T" | grep -q '^bad\.\|tmp' || { ls "$T"; fail "output left behind for: $*"; }
}
bad "nohyp.npz: no array 'hyp'" -s "$T/nohyp.npz"
bad "shape.npz: hyp must be a float (n, L, 4, T) array with onehot's" -s "$T/shape.npz"
bad "no seqlet passes the threshold" -s "$T/zero.npz"
"$M" discover -s "$T/a.npz" --task third -o "$T/bad" 2>/dev/null; [ $? = 2 ] || fail "an unknown task: not a usage error"
bad "same_motif.meme: not a zip/npz file" -s "$T/a.npz" "$S/data/same_motif.meme"
"$M" discover -s "$T/a.npz" >/dev/null 2>&1
[ $? = 2 ] || fail "no -o: not a usage error"

rm -rf "$T"
echo "PASS: discover"
