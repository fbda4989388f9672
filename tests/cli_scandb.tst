# scan over motif collections (issue 19): selection by pattern or list, --list, summary, progress, exact p-values
# exit	expectation	command
0	out:^GATA_disc1 TAL1_known1$	$M scan -m $D/../../motifs/tal_gata.meme --list | tail -n +2 | cut -f1 | tr '\n' ' ' | sed 's/ $//'
0	out:^#motif[[:blank:]]width[[:blank:]]max_logodds[[:blank:]]threshold[[:blank:]]threshold_minus[[:blank:]]exact$	$M scan -m $D/../../motifs/tal_gata.meme --list
0	out:^GATA_disc1[[:blank:]]10[[:blank:]][0-9.]+[[:blank:]][0-9.]+[[:blank:]][0-9.]+[[:blank:]]yes$	$M scan -m $D/../../motifs/tal_gata.meme --motif 'GATA*' --list
0	out:^1$	$M scan -m $D/../../motifs/tal_gata.meme --motif 'G?TA_*' --motif GATA_disc1 --list | grep -vc '^#'
0	out:^ok$	$M scan -m $D/../../motifs/tal_gata.meme --motif GATA_disc1 --list | tail -n 1 > $T/bits.tsv && $M scan -m $D/../../motifs/tal_gata.meme --motif GATA_disc1 --list --log-base e | tail -n 1 > $T/nats.tsv && paste $T/bits.tsv $T/nats.tsv | awk '{ for (i = 3; i <= 5; ++i) { d = $i * log(2) - $(i + 6); if (d > 0.002 || d < -0.002 || $i < 1) bad = 1 } print bad ? "bad" : "ok" }'
0	out:^28$	$M scan -m $D/../../motifs/encode_motifs.txt.gz --motif 'GATA_*' --list | grep -vc '^#'
0	out:^GATA_known12[[:blank:]]5[[:blank:]][0-9.]+[[:blank:]]NA[[:blank:]]NA[[:blank:]]yes$	$M scan -m $D/../../motifs/encode_motifs.txt.gz --motif GATA_known12 --list
2	err:motif pattern .NOPE\*. matches no motif in	$M scan -m $D/../../motifs/tal_gata.meme --motif 'NOPE*' --list
2	err:motif .NOPE. not in	$M scan -m $D/../../motifs/tal_gata.meme --motif NOPE $D/small.fa
2	err:no input file with --list	$M scan -m $D/../../motifs/tal_gata.meme --list $D/small.fa
2	err:--bg data needs an input	$M scan -m $D/../../motifs/tal_gata.meme --list --bg data
0	out:^TAL1_known1 GATA_disc1 $	printf 'query_id\ttarget_id\toptimal_offset\nq1\tTAL1_known1\t0\nq2\tGATA_disc1\t1\nq3\tTAL1_known1\t2\n\n# Tomtom-style trailer\n' > $T/hits.tsv && $M scan -m $D/../../motifs/tal_gata.meme --motifs-from $T/hits.tsv --list | tail -n +2 | cut -f1 | tr '\n' ' '
0	out:^TAL1_known1 $	printf 'Query_ID\tTarget_ID\nq1\tTAL1_known1\n' > $T/hits2.tsv && $M scan -m $D/../../motifs/tal_gata.meme --motifs-from $T/hits2.tsv --list | tail -n +2 | cut -f1 | tr '\n' ' '
0	out:^GATA_disc1 TAL1_known1 $	printf '# wanted\nGATA_disc1 from the paper\n\n  TAL1_known1\n' | gzip > $T/names.txt.gz && $M scan -m $D/../../motifs/tal_gata.meme --motifs-from $T/names.txt.gz --list | tail -n +2 | cut -f1 | tr '\n' ' '
2	err:motif .GATA_known1. not in	printf 'GATA_known1\n' > $T/n1.txt && $M scan -m $D/../../motifs/tal_gata.meme --motifs-from $T/n1.txt $D/small.fa
1	err:a query_id header without a target_id column	printf 'query_id\tother\nq\tGATA_disc1\n' > $T/bad.tsv && $M scan -m $D/../../motifs/tal_gata.meme --motifs-from $T/bad.tsv --list
1	err:no target_id	printf 'query_id\ttarget_id\nq1\n' > $T/short.tsv && $M scan -m $D/../../motifs/tal_gata.meme --motifs-from $T/short.tsv --list
1	err:cannot open motif list	$M scan -m $D/../../motifs/tal_gata.meme --motifs-from $T/nope.txt --list
1	err:truncated or corrupt	printf 'GATA_disc1\nTAL1_known1\n' | gzip | head -c 20 > $T/cut.txt.gz && $M scan -m $D/../../motifs/tal_gata.meme --motifs-from $T/cut.txt.gz --list
0	err:^\[M::scan\] 2 motifs, 1600000 bases in 8000 sequences, [0-9]+ matches in [0-9.]+ s$	$M scan -m $D/../../motifs/tal_gata.meme $D/paper/sequences.simdata.gz -o $T/s.bed
0	out:^0$	$M scan -q -m $D/../../motifs/tal_gata.meme $D/paper/sequences.simdata.gz -o $T/s.bed 2>&1 | wc -c | tr -d ' '
0	err:^\[M::scan\] [0-9]+/1600000 bases	MOTIFLIFT_PROGRESS_SECONDS=0 $M scan -m $D/../../motifs/tal_gata.meme $D/paper/sequences.simdata.gz -o $T/s.bed
0	err:^\[M::scan\] [0-9]+ bases	cat $D/small.fa | MOTIFLIFT_PROGRESS_SECONDS=0 $M scan -m $D/../../motifs/tal_gata.meme - -o $T/s.bed
0	out:^same$	$M scan -q -m $D/../../motifs/tal_gata.meme --pvalue 1e-3 $D/paper/sequences.simdata.gz -o $T/all.bed && $M scan -q -m $D/../../motifs/tal_gata.meme --motif '*_*' --pvalue 1e-3 $D/paper/sequences.simdata.gz -o $T/glob.bed && cmp $T/all.bed $T/glob.bed && echo same
0	out:^0 [1-9][0-9]*$	$M scan -q -m $D/../../motifs/encode_motifs.txt.gz --motif 'GATA*' --motif 'TAL1*' --bg 0.25,0.25,0.25,0.25 $D/paper/sequences.simdata.gz | awk '!/^#/ { n++; if ($8 > 1e-4) bad++ } END { print bad + 0, n }'
0	out:^same$	$M scan -q -m $D/../../motifs/encode_motifs.txt.gz --motif 'GATA*' --bg 0.25,0.25,0.25,0.25 -t 1 $D/paper/sequences.simdata.gz -o $T/e1.bed && $M scan -q -m $D/../../motifs/encode_motifs.txt.gz --motif 'GATA*' --bg 0.25,0.25,0.25,0.25 -t 2 $D/paper/sequences.simdata.gz -o $T/e2.bed.gz && gzip -dc $T/e2.bed.gz | cmp - $T/e1.bed && echo same
