# the DeepLIFT notebook's definitions (issue 15): scan --log-base, --greedy-exclude; score --threshold-inclusive and its -m options
# exit	expectation	command
2	err:--log-base .10.: expected 2 .bits. or e .nats.	$M scan -m $D/../../motifs/tal_gata.meme --log-base 10 $D/small.fa
2	err:--greedy-exclude needs --top K	$M scan -m $D/../../motifs/tal_gata.meme --greedy-exclude $D/small.fa
2	err:--greedy-exclude needs --top K and replaces --nonoverlap	$M scan -m $D/../../motifs/tal_gata.meme --top 5 --nonoverlap --greedy-exclude $D/small.fa
0	out:log-odds in nats .ln.	$M scan -m $D/../../motifs/tal_gata.meme --log-base e --top 1 $D/small.fa | head -1
0	out:log-odds in bits .log2.	$M scan -m $D/../../motifs/tal_gata.meme --top 1 $D/small.fa | head -1
0	out:^s1 1 11 GATA_disc1 [0-9]+ [+] 8[.]843$	printf ">s1\nAAAAGATAAGGCAAAA\n" | $M scan -m $D/../../motifs/tal_gata.meme --log-base e --motif GATA_disc1 --top 1 - | grep -v '^#' | cut -f1-7 | tr '\t' ' '
0	out:^1$	printf ">s1\nAAAAGATAAGGCAAAA\n" | $M scan -m $D/../../motifs/tal_gata.meme --log-base e --motif GATA_disc1 --min-score 8.8 - | grep -vc '^#'
0	out:^0$	printf ">s1\nAAAAGATAAGGCAAAA\n" | $M scan -m $D/../../motifs/tal_gata.meme --log-base e --motif GATA_disc1 --min-score 8.9 - | grep -v '^#' | wc -l
0	out:^3 s1 1 11$	printf ">s1\nAGCAGATAAGGAAAAAAAAAA\n" | $M scan -m $D/../../motifs/tal_gata.meme --motif GATA_disc1 --strand + --top 3 --greedy-exclude - | grep -v '^#' | cut -f1-3 | uniq -c | tr '\t' ' ' | sed 's/^ *//'
0	out:^1 s1 5 15$	printf ">s1\nAAAAAGCAGATAAGGAAAAAAAAAAAAAA\n" | $M scan -m $D/../../motifs/tal_gata.meme --motif GATA_disc1 --strand + --top 3 --greedy-exclude - | grep -v '^#' | cut -f1-3 | uniq -c | tr '\t' ' ' | sed 's/^ *//'
0	-	$M scan -m $D/../../motifs/tal_gata.meme --strand + --log-base e --top 5 --greedy-exclude -t 1 $D/paper/sequences.simdata.gz -o $T/g1.bed && $M scan -m $D/../../motifs/tal_gata.meme --strand + --log-base e --top 5 --greedy-exclude -t 2 $D/paper/sequences.simdata.gz -o $T/g2.bed && cmp $T/g1.bed $T/g2.bed
0	out:^80000$	$M scan -m $D/../../motifs/tal_gata.meme --strand + --log-base e --top 5 --greedy-exclude $D/paper/sequences.simdata.gz | grep -vc '^#'
2	err:--strand, --log-base and --greedy-exclude choose how -m scans	$M score -s $T/x.npz -b $T/m.bed --log-base e
2	err:--greedy-exclude needs --top K	$M score -s $T/x.npz -m $D/../../motifs/tal_gata.meme --pvalue 1e-4 --greedy-exclude
2	err:--log-base .x.: expected 2	$M score -s $T/x.npz -m $D/../../motifs/tal_gata.meme --log-base x
2	err:--strand .-.: expected	$M score -s $T/x.npz -m $D/../../motifs/tal_gata.meme --strand -
