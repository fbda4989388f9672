#!/bin/sh
# Genome scale without Python: explain and scan on BED regions of a test genome made here
# (tests/make_genome.sh): chromosome ends (error, or N padding with --pad-n), unknown
# chromosomes, -t 1 vs -t 2, plain vs bgzipped genome, and --shard + merge == one run,
# byte for byte, for npz, TSV.gz, bigWig, bedGraph and scan BED.
set -eu
M=${MOTIFLIFT:-./motiflift}
S=$(cd "${TESTS_SRCDIR:-$(dirname "$0")}" && pwd)
P=$S/data/paper
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/genome.XXXXXX" 2>/dev/null || mktemp -d)
MODEL="-m $P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $P/keras2_conv1d_record_5_model_PQzyq_modelJson.json"
REF="-r freq:0.3,0.2,0.2,0.3"
MOTIFS=$S/../motifs/tal_gata.meme
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
same() { cmp -s "$1" "$2" || fail "$3: $1 and $2 differ"; }
# expect CODE PATTERN cmd...: exit status CODE and PATTERN on stderr
expect() {
	code=$1 pat=$2; shift 2
	rc=0; "$@" 2> "$T/err" > /dev/null || rc=$?
	[ "$rc" -eq "$code" ] || fail "exit $rc (want $code): $*"
	grep -q -- "$pat" "$T/err" || fail "no '$pat' in stderr of: $* ($(cat "$T/err"))"
}

MOTIFLIFT=$M sh "$S/make_genome.sh" "$T"
G=$T/genome.fa
cd "$T"

# chromosome ends: an error naming the region and --pad-n, no output left behind
expect 1 "runs past the chromosome" "$M" explain $MODEL $REF -g "$G" peaks.bed -o x.npz
grep -q -- "--pad-n" err || fail "the chromosome-end error does not mention --pad-n"
[ ! -e x.npz ] || fail "a failed explain left x.npz"
expect 1 "runs past the chromosome" "$M" scan -m "$MOTIFS" -g "$G" -w 200 peaks.bed -o x.bed
# unknown chromosome
printf 'chr1\t1000\t1100\nchrUn\t5\t50\n' > unknown.bed
expect 1 "chromosome 'chrUn' is not in genome" "$M" explain $MODEL $REF -g "$G" unknown.bed -o x.npz
expect 1 "chromosome 'chrUn' is not in genome" "$M" scan -m "$MOTIFS" -g "$G" unknown.bed -o x.bed
[ ! -e x.npz ] && [ ! -e x.bed ] || fail "a failed run left an output"
# usage errors
expect 2 "--shard" "$M" explain $MODEL -g "$G" --shard 4/3 peaks.bed -o x.npz
expect 2 "--shard" "$M" scan -m "$MOTIFS" --shard 0/3 peaks.bed
expect 2 "--qvalue" "$M" scan -m "$MOTIFS" -g "$G" --qvalue --shard 1/2 peaks.bed
expect 2 "genome" "$M" explain $MODEL --bigwig x.bw peaks.bed
expect 1 "standard input" sh -c "cat peaks.bed | '$M' explain $MODEL -g '$G' --shard 1/2 - -o x.npz"

# one run, -t 1 and -t 2, plain and bgzipped genome
X="$M explain -q $MODEL $REF --pad-n"
$X -g "$G" -t 1 peaks.bed -o one.npz --bigwig one.bw --bedgraph one.bedgraph
$X -g "$G.gz" -t 2 -b 5 peaks.bed -o two.npz --bigwig two.bw --bedgraph two.bedgraph
same one.npz two.npz "-t 1 vs -t 2 (npz)"
same one.bw two.bw "-t 1 vs -t 2 (bigWig)"
same one.bedgraph two.bedgraph "-t 1 vs -t 2 (bedGraph)"
$X -g "$G" peaks.bed -o one.tsv.gz
SC="$M scan -q -m $MOTIFS -w 200 --pad-n --pvalue 1e-3"
$SC -g "$G" -t 1 peaks.bed -o one.bed.gz
$SC -g "$G.gz" -t 2 peaks.bed -o two.bed.gz
same one.bed.gz two.bed.gz "scan -t 1 vs -t 2"
[ "$(gzip -dc one.bed.gz | grep -vc '^#')" -gt 20 ] || fail "too few scan hits to compare"

# shards (3, and 7 with odd batch sizes) merged == one run
for n in 3 7; do
	i=1
	while [ $i -le $n ]; do
		$X -g "$G.gz" --shard $i/$n -b $((i + 2)) -t 2 peaks.bed -o s$i.npz
		if [ $n -eq 3 ]; then
			$X -g "$G" --shard $i/$n peaks.bed -o s$i.tsv.gz
			$SC -g "$G" --shard $i/$n peaks.bed -o s$i.bed.gz
		fi
		i=$((i + 1))
	done
	list() { i=1; while [ $i -le $n ]; do printf 's%d.%s ' $i "$1"; i=$((i + 1)); done; }
	"$M" merge -o m.npz -g "$G" --bigwig m.bw --bedgraph m.bedgraph $(list npz)
	same m.npz one.npz "$n shards merged (npz)"
	same m.bw one.bw "$n shards merged (bigWig)"
	same m.bedgraph one.bedgraph "$n shards merged (bedGraph)"
	[ $n -eq 3 ] || continue
	"$M" merge -o m.tsv.gz $(list tsv.gz)
	"$M" merge -o m.bed.gz $(list bed.gz)
	same m.tsv.gz one.tsv.gz "$n shards merged (TSV.gz)"
	same m.bed.gz one.bed.gz "$n shards merged (scan BED)"
done
# more shards than records: empty shards merge too
head -2 inside.bed > two.bed
$X -g "$G" two.bed -o two1.npz
for i in 1 2 3 4 5; do $X -g "$G" --shard $i/5 two.bed -o e$i.npz; done
"$M" merge -o e.npz e1.npz e2.npz e3.npz e4.npz e5.npz
same e.npz two1.npz "5 shards of 2 records merged"
# shards of different runs are refused
$X -g "$G" --shard 1/2 peaks.bed -o h1.npz
$X -g "$G" --task 0 -n 3 -r dinuc-shuffle --shard 2/2 peaks.bed -o other.npz
expect 1 "another dtype or shape" "$M" merge -o x.npz h1.npz other.npz
$X -g "$G" -r freq:0.25,0.25,0.25,0.25 --shard 2/2 peaks.bed -o other.npz
expect 1 "'meta' differs" "$M" merge -o x.npz h1.npz other.npz
# and so are missing, repeated, reordered or foreign shards (the last shard run had n = 7)
expect 1 "shard 2 of 7 given as input 1 of 7" "$M" merge -o x.npz s2.npz s1.npz s3.npz s4.npz s5.npz s6.npz s7.npz
expect 1 "shard 1 of 7 given as input 1 of 6" "$M" merge -o x.npz s1.npz s2.npz s3.npz s4.npz s5.npz s6.npz
expect 1 "shard 1 of 2 given as input 2 of 2" "$M" merge -o x.npz h1.npz h1.npz
expect 1 "shard 1 of 2 given as input 1 of 7" "$M" merge -o x.npz h1.npz s2.npz s3.npz s4.npz s5.npz s6.npz s7.npz
expect 1 "not a --shard output" "$M" merge -o x.npz h1.npz one.npz
$SC -g "$G" --shard 1/2 peaks.bed -o b1.bed.gz
$SC -g "$G" --shard 2/2 peaks.bed -o b2.bed.gz
expect 1 "shard 2 of 2 given as input 1 of 2" "$M" merge -o x.bed b2.bed.gz b1.bed.gz
expect 1 "binary data, not a text" "$M" merge -o x.bed b1.bed.gz h1.npz
[ ! -e x.npz ] && [ ! -e x.bed ] || fail "a failed merge left its output"

cd /
[ $fails -eq 0 ] && rm -rf "$T"
echo "genome.sh: $fails failures"
[ $fails -eq 0 ]
