# compare (issue 17): exit	expectation	command ($M motiflift, $D tests/data, $T scratch)
2	err:expected a query motif file	$M compare
2	err:--dist .foo.: expected ed, pearson	$M compare --dist foo $D/same_motif.meme
2	err:--cwm signed compares signed columns, which only --dist pearson	$M compare --cwm signed $D/same_motif.meme
2	err:--cwm .x.: expected positive or signed	$M compare --cwm x $D/same_motif.meme
2	err:--thresh 2: a q-value threshold is at most 1	$M compare --thresh 2 $D/same_motif.meme
2	err:--thresh-on .x.: expected q, E or p	$M compare --thresh-on x $D/same_motif.meme
2	err:--min-overlap .0.: must be between	$M compare --min-overlap 0 $D/same_motif.meme
2	err:--top .0.: must be between	$M compare --top 0 $D/same_motif.meme
1	err:cannot open motif file .*nope.meme	$M compare $D/nope.meme
1	err:cannot open motif file .*nope.meme	$M compare $D/../../motifs/tal_gata.meme $D/nope.meme
1	err:empty.meme: empty file: no motifs	: > $T/empty.meme && $M compare $D/../../motifs/tal_gata.meme $T/empty.meme
1	err:w1.meme: query motif .one. has width 1; compare takes 2 to 100 columns	printf "MEME version 4\n\nMOTIF one\nletter-probability matrix:\n0.7 0.1 0.1 0.1\n" > $T/w1.meme && $M compare $T/w1.meme
1	err:w1d.meme: database motif .one. has width 1	printf "MEME version 4\n\nMOTIF one\nletter-probability matrix:\n0.7 0.1 0.1 0.1\n" > $T/w1d.meme && $M compare $D/../../motifs/tal_gata.meme $T/w1d.meme
1	err:nan.meme: line 5: motif .x. row 1: value nan is not a number	printf "MEME version 4\n\nMOTIF x\nletter-probability matrix:\nnan 0 0 0\n0 1 0 0\n" > $T/nan.meme && $M compare $T/nan.meme
1	err:trunc.txt.gz: read error: the file is truncated or corrupt	zcat $D/../../motifs/encode_motifs.txt.gz | gzip > $T/e.gz && head -c 100000 $T/e.gz > $T/trunc.txt.gz && $M compare $D/../../motifs/tal_gata.meme $T/trunc.txt.gz
1	err:cannot write .*nonexistent-dir	$M compare $D/../../motifs/tal_gata.meme -o /nonexistent-dir/x.tsv
0	out:^Query_ID[[:blank:]]Target_ID[[:blank:]]Optimal_offset[[:blank:]]p-value[[:blank:]]E-value[[:blank:]]q-value[[:blank:]]Overlap[[:blank:]]Query_consensus[[:blank:]]Target_consensus[[:blank:]]Orientation$	$M compare --top 1 $D/../../motifs/tal_gata.meme
0	out:^GATA_disc1[[:blank:]]GATA_disc1[[:blank:]]0[[:blank:]][0-9.e-]+[[:blank:]][0-9.e-]+[[:blank:]][0-9.e-]+[[:blank:]]10[[:blank:]]GCAGATAAGG[[:blank:]]GCAGATAAGG[[:blank:]]\+$	$M compare --top 1 $D/../../motifs/tal_gata.meme
0	out:^TAL1_known1[[:blank:]]TAL1_known1[[:blank:]]0[[:blank:]].*[[:blank:]]16[[:blank:]]CTGAACAGATGGTCGG[[:blank:]]CTGAACAGATGGTCGG[[:blank:]]\+$	$M compare --top 1 --dist pearson --query $D/../../motifs/tal_gata.meme -d $D/../../motifs/encode_motifs.txt.gz
0	out:^2$	$M compare --top 1 $D/../../motifs/tal_gata.meme | grep -c '	0	.*	+$'
0	out:^GATA_disc1[[:blank:]]GATA_disc1[[:blank:]]-?[0-9]+[[:blank:]].*[[:blank:]]-$	printf "MEME version 4\n\nMOTIF rc\nletter-probability matrix:\n" > $T/rc.meme && zcat $D/../../motifs/encode_motifs.txt.gz | awk '/^>/{p=($1==">GATA_disc1")} p&&!/^>/{r[n++]=$5" "$4" "$3" "$2} END{for(i=n-1;i>=0;i--) print r[i]}' >> $T/rc.meme && $M compare --top 1 $T/rc.meme | sed 's/^rc/GATA_disc1/'
0	-	$M compare -t 1 --dist pearson --thresh 1 --top 50 $D/../../motifs/tal_gata.meme -o $T/t1.tsv && $M compare -t 2 --dist pearson --thresh 1 --top 50 $D/../../motifs/tal_gata.meme -o $T/t2.tsv.gz && gzip -dc $T/t2.tsv.gz | cmp - $T/t1.tsv
0	out:^# motiflift compare .*--dist ed --min-overlap 5	$M compare --top 1 $D/../../motifs/tal_gata.meme
0	out:<svg	$M compare --top 3 --html $T/x.html $D/../../motifs/tal_gata.meme -o $T/x.tsv && cat $T/x.html

0	out:^pat[[:blank:]].*GATA[ACGT]*[[:blank:]][-+]$	printf "MEME version 4\n\nMOTIF pat\nletter-probability matrix:\n0.01 -0.01 0 0\n0 0 0.02 0\n0 0 0 0\n0 0 0 0\n0.5 0 0 -0.02\n0 -0.03 1.0 0\n0.9 0 0 0\n0 0 0 1.2\n1.0 0 -0.05 0\n0.7 0 0 0\n0 0 0.8 0\n0 0 0.4 0\n0 0.01 0 0\n0 0 0 0\n" > $T/pat.meme && $M compare --top 1 --trim-cwm 0.3 $T/pat.meme
0	out:^pat[[:blank:]].*GATA[ACGT]*[[:blank:]][-+]$	printf "MEME version 4\n\nMOTIF pat\nletter-probability matrix:\n0.01 -0.01 0 0\n0 0 0.02 0\n0 0 0 0\n0 0 0 0\n0.5 0 0 -0.02\n0 -0.03 1.0 0\n0.9 0 0 0\n0 0 0 1.2\n1.0 0 -0.05 0\n0.7 0 0 0\n0 0 0.8 0\n0 0 0.4 0\n0 0.01 0 0\n0 0 0 0\n" > $T/pat.cwm.meme && $M compare --top 1 --cwm signed --dist pearson $T/pat.cwm.meme
