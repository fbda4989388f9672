#!/bin/sh
# bench/discover_bench.sh paper [THREADS=1]
# bench/discover_bench.sh genome [SEQUENCES=80000] [THREADS=1]
# bench/discover_bench.sh class [THREADS=2]
# Time and peak memory (/usr/bin/time -v) of motiflift discover. Run from the build directory.
#  paper:  the DeepLIFT paper's 8,000 sequences explained with the published model (genomics
#          default, 20 dinucleotide shuffles; made once, kept in $BENCH_DIR/paper.npz), then
#          discover one task at a time (all seqlets, no cap): seqlets, patterns, user CPU,
#          peak RSS per task, and the acceptance check (tests/discover_paper.py).
#  genome: genome scale: SEQUENCES simulated sequences, each with 1-3 GATA_disc1 and 1-3
#          TAL1_known1 instances (motiflift simulate --class), laid
#          end to end into a 10-chromosome genome, a BED window over each, explained from
#          the genome with one frequency reference (-g genome.fa regions.bed), then discover
#          of task1 (both motifs) with genomic coordinates.
#  class:  a simulate --class benchmark of three motifs (GATA_disc1, CTCF_known1,
#          NRF1_known1; --rc-prob 0.5) and motif-free sequences, a model trained on it,
#          its test set explained; discover, checked as the paper's data is.
set -eu
MODE=${1:-paper}
B=$(cd "$(dirname "$0")" && pwd)
S=$B/..
M=${MOTIFLIFT:-./motiflift}
PY=${PYTHON:-/usr/bin/python3}
P=$S/tests/data/paper
W=${BENCH_DIR:-/tmp/motiflift_discover_bench}
MODEL="-m $P/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $P/keras2_conv1d_record_5_model_PQzyq_modelJson.json"
mkdir -p "$W"
timed() { # log, command...: the run's summary, user CPU and peak memory
	log=$1
	shift
	/usr/bin/time -v "$@" 2>"$log" || { cat "$log"; exit 1; }
	grep -E "M::discover\]|User time|Maximum resident" "$log" | grep -v " stages (" | sed "s/^[[:space:]]*/  /"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
case $MODE in
paper)
	TH=${2:-1}
	[ -s "$W/paper.npz" ] || "$M" explain -q -t 2 $MODEL -n 20 "$P/sequences.simdata.gz" -o "$W/paper.npz"
	for t in 0 1 2; do
		echo "task $t, -t $TH:"
		timed "$W/paper.t$t.log" "$M" discover -t "$TH" -s "$W/paper.npz" --task $t -o "$W/paper.t$t"
	done
	echo "all tasks in one run, -t $TH:"
	timed "$W/paper.all.log" "$M" discover -t "$TH" -s "$W/paper.npz" -o "$W/paper.all"
	gzip -dc "$P/sequences.simdata.gz" >"$W/paper.simdata"
	"$PY" "$S/tests/discover_paper.py" "$W/paper.all" "$W/paper.simdata" "$S/motifs/encode_motifs.txt.gz"
	;;
genome)
	N=${2:-80000}
	TH=${3:-1}
	G=$W/genome.$N
	if [ ! -s "$G.npz" ]; then
		"$M" simulate -q -n "$N" --class "both=GATA_disc1:2:1:3+TAL1_known1:2:1:3" -o "$G.sim"
		# 10 chromosomes of sequences end to end; one 200-bp BED window per sequence
		gzip -dc "$G.sim.simdata.gz" | awk -F '\t' -v n="$N" -v fa="$G.fa" -v bed="$G.bed" '
			NR == 1 { next }
			{ c = 1 + int(k * 10 / n); if (c != last) { printf ">chr%d\n", c > fa; pos = 0; last = c }
			  print $2 > fa; printf "chr%d\t%d\t%d\t%s\n", c, pos, pos + length($2), $1 > bed
			  pos += length($2); ++k }'
		"$M" explain -q -t 2 $MODEL -r freq:0.3,0.2,0.2,0.3 --task 0 -g "$G.fa" "$G.bed" -o "$G.npz"
	fi
	echo "genome: $N windows of 200 bp, task1, -t $TH:"
	timed "$G.log" "$M" discover -t "$TH" -s "$G.npz" -o "$G.out"
	grep -c . "$G.out.seqlets.bed" | awk '{ print "  BED rows (header included):", $1 }'
	head -3 "$G.out.seqlets.bed" | tail -2 | cut -f1-6 | sed 's/^/  /'
	;;
class)
	# three motifs, each reverse-complemented half the time, one class and one task each,
	# plus motif-free sequences; a model trained here, its test set explained, discover
	TH=${2:-2}
	C=$W/class
	if [ ! -s "$C.npz" ]; then
		"$M" simulate -q -n 8000 --rc-prob 0.5 --class "gata=GATA_disc1:1" \
			--class "ctcf=CTCF_known1:1" --class "nrf1=NRF1_known1:1" --class "none=" -o "$C"
		"$M" train -q -t "$TH" -e 30 --data "$C.simdata.gz" --train "$C.train.txt" \
			--valid "$C.valid.txt" -o "$C.model.h5"
		"$M" evaluate -m "$C.model.h5" --data "$C.simdata.gz" --names "$C.test.txt" | sed 's/^/  /'
		"$M" explain -q -t "$TH" -m "$C.model.h5" -n 20 --names "$C.test.txt" "$C.simdata.gz" \
			-o "$C.npz"
	fi
	echo "class benchmark (GATA_disc1, CTCF_known1, NRF1_known1; rc-prob 0.5), test set, -t $TH:"
	timed "$C.log" "$M" discover -t "$TH" -s "$C.npz" -o "$C.out"
	gzip -dc "$C.simdata.gz" >"$C.simdata"
	"$PY" "$S/tests/discover_paper.py" "$C.out" "$C.simdata" "$S/motifs/encode_motifs.txt.gz" \
		task1=GATA_disc1 task2=CTCF_known1 task3=NRF1_known1 "$C.npz" || true
	;;
*)
	echo "usage: $0 paper [THREADS] | genome [SEQUENCES] [THREADS] | class [THREADS]" >&2
	exit 2
	;;
esac
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
