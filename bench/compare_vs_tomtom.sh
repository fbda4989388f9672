#!/bin/sh
# bench/compare_vs_tomtom.sh TOMTOM [WORKDIR]
# Agreement of motiflift compare with MEME's Tomtom on all-versus-all of the 2,067 shipped
# ENCODE motifs, for -dist ed and -dist pearson (-min-overlap 5, every target reported).
# TOMTOM is a tomtom binary (MEME 5.5.8 built from source; not part of motiflift). Tomtom
# takes hours for this job: its outputs (WORKDIR/tomtom_<dist>.tsv, and the /usr/bin/time
# -v report WORKDIR/tomtom_<dist>.time) are reused when present, also when they hold only
# some of the queries (e.g. tomtom -mi for a sample; a query cut short is left out); the
# figures are then over those queries. Prints, per distance:
#   top-1: queries whose best target is Tomtom's best (the self match);
#   top-1 other: the best target other than the query itself;
#   p within 2x: rows with Tomtom p < 1e-3 whose p-values agree within a factor of 2,
#   and those rows' offset / strand / overlap agreement.
# Run from the build directory (MOTIFLIFT=path overrides ./motiflift).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 TOMTOM [WORKDIR]" >&2; exit 2; }
TOMTOM=$1
W=${2:-/tmp/motiflift_compare_vs_tomtom}
S=$(cd "$(dirname "$0")/.." && pwd)
M=${MOTIFLIFT:-./motiflift}
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$W"

# The ENCODE motifs in MEME format, rows renormalised to sum 1 (what Tomtom reads).
zcat "$S/motifs/encode_motifs.txt.gz" | awk '
BEGIN { print "MEME version 4\n\nALPHABET= ACGT\n\nstrands: + -\n\nBackground letter frequencies\nA 0.25 C 0.25 G 0.25 T 0.25\n" }
function flush(  i, a, s) {
	printf "MOTIF %s\nletter-probability matrix: alength= 4 w= %d\n", name, n
	for (i = 1; i <= n; i++) {
		split(row[i], a, " "); s = a[1] + a[2] + a[3] + a[4]
		printf "%.6f %.6f %.6f %.6f\n", a[1] / s, a[2] / s, a[3] / s, a[4] / s
	}
	print ""
}
/^>/ { if (n) flush(); name = substr($1, 2); n = 0; next }
NF == 5 { row[++n] = $2 " " $3 " " $4 " " $5 }
END { if (n) flush() }' > "$W/encode.meme"

for d in ed pearson; do
	if [ ! -s "$W/tomtom_$d.tsv" ]; then
		echo "running tomtom -dist $d (hours) ..."
		/usr/bin/time -v -o "$W/tomtom_$d.time" "$TOMTOM" -no-ssc -text -min-overlap 5 \
			-dist "$d" -thresh 1 "$W/encode.meme" "$W/encode.meme" > "$W/tomtom_$d.tsv" \
			2> "$W/tomtom_$d.err"
	fi
	"$M" compare -q -t 2 --dist "$d" --min-overlap 5 --thresh 1 --thresh-on p \
		"$W/encode.meme" "$W/encode.meme" -o "$W/motiflift_$d.tsv"
	echo "== -dist $d"
	"$PY" - "$W/tomtom_$d.tsv" "$W/motiflift_$d.tsv" <<'EOF'
import sys

def load(path):
    """query -> list of rows (target, offset, p, overlap, strand) in file order"""
    out = {}
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith(('#', 'Query_ID')):
                continue
            r = line.rstrip('\n').split('\t')
            if len(r) < 10:  # the last line of a stopped run
                continue
            out.setdefault(r[0], []).append((r[1], int(r[2]), float(r[3]), int(r[6]), r[9]))
    return out

tt, ours = load(sys.argv[1]), load(sys.argv[2])
full = max(len(r) for r in tt.values())  # a query cut short (a stopped run) is left out
queries = sorted(q for q in tt if len(tt[q]) == full)
missing = [q for q in queries if q not in ours]
top1 = sum(1 for q in queries if q in ours and ours[q][0][0] == tt[q][0][0])

def best_other(rows, q):
    return next((r for r in rows if r[0] != q), None)

other = same_other = tied_other = 0
for q in queries:
    a, b = best_other(tt[q], q), best_other(ours.get(q, []), q)
    if a is None or b is None:
        continue
    other += 1
    if a[0] == b[0]:
        same_other += 1
    else:  # a different target with the same Tomtom p-value (a tie) counts as agreement
        tp = {r[0]: r[2] for r in tt[q]}
        if tp.get(b[0]) == a[2]:
            tied_other += 1

n = within = place = 0
worst = []
for q in queries:
    mine = {r[0]: r for r in ours.get(q, [])}
    for t, off, p, ov, st in tt[q]:
        if p >= 1e-3 or t not in mine:
            continue
        n += 1
        mp = mine[t][2]
        ratio = max(mp, p) / max(min(mp, p), 1e-300) if p > 0 else (1 if mp < 1.5e-45 else 1e300)
        within += ratio <= 2
        place += (mine[t][1], mine[t][3], mine[t][4]) == (off, ov, st)
        worst.append((ratio, q, t, p, mp))
worst.sort(reverse=True)
print(f"queries: {len(queries)} (missing in motiflift's output: {len(missing)})")
print(f"top-1 target = Tomtom's: {top1}/{len(queries)} ({100 * top1 / len(queries):.2f}%)")
print(f"top-1 other than the query: {same_other}/{other} ({100 * same_other / other:.2f}%), "
      f"+ {tied_other} tied at Tomtom's p ({100 * (same_other + tied_other) / other:.2f}%)")
print(f"rows with Tomtom p < 1e-3: {n}; p within 2x: {within} ({100 * within / n:.3f}%); "
      f"same offset/overlap/strand: {place} ({100 * place / n:.3f}%)")
print("largest ratios (query, target, Tomtom p, motiflift p):")
for r in worst[:5]:
    print(f"  {r[0]:.3g}  {r[1]} {r[2]} {r[3]:.3g} {r[4]:.3g}")
EOF
done
