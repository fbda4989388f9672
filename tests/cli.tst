# exit	expectation	command
2	err:Usage:   motiflift <command>	$M
0	out:^motiflift [0-9]+\.[0-9]+	$M --version
0	out:Commands:	$M --help
2	err:unknown command .frobnicate.	$M frobnicate
2	err:unknown command	$M help frobnicate
2	err:expected one input file	$M seq
2	err:--threads .x.: not an integer	$M seq -t x $D/small.fa
2	err:--threads .0.: must be between	$M seq -t 0 $D/small.fa
2	err:option -o needs an argument	$M seq $D/small.fa -o
2	err:--format .bam.: expected fasta or npz	$M seq --format bam $D/small.fa
0	out:^>seq1$	$M seq $D/small.fa
0	out:^ACGTNACGTA$	$M seq -l 10 $D/small.fa
0	out:^CGTACGTNACGT$	$M seq -r $D/small.fa
0	out:^CGTNACGTAC$	$M seq -w 10 $D/small.fa
0	out:^>seq2$	cat $D/small.fa | $M seq -
0	out:^>seq2$	$M seq -o $T/x.fa.gz $D/small.fa && gzip -dc $T/x.fa.gz
0	out:^acgtACGTNN	$M seq $D/small.fa -o $T/y.fa && sed -n 4p $T/y.fa
0	out:^>empty_1$	$M seq $D/tiny.simdata
0	out:^>chr1:2-8$	cp $D/genome.fa $T/g.fa && $M seq -g $T/g.fa $D/regions.bed
0	out:^>peak2$	cp $D/genome.fa $T/g2.fa && $M seq -g $T/g2.fa $D/regions.bed
1	err:chromosome .chrZ. is not in genome	cp $D/genome.fa $T/g3.fa && printf "chrZ\t0\t5\n" > $T/z.bed && $M seq -g $T/g3.fa $T/z.bed
1	err:runs past the chromosome	cp $D/genome.fa $T/g4.fa && printf "chr2\t10\t99\n" > $T/e.bed && $M seq -g $T/g4.fa $T/e.bed
0	out:NNNN$	cp $D/genome.fa $T/g5.fa && printf "chr2\t10\t99\n" > $T/e.bed && $M seq --pad-n -g $T/g5.fa $T/e.bed
0	out:^chr2	cp $D/genome.fa $T/g6.fa && $M seq --index -g $T/g6.fa && cut -f1 $T/g6.fa.fai
2	err:--index takes a --genome and no input	$M seq --index $D/small.fa
1	err:cannot read genome .*nope.fa	$M seq --index -g $D/nope.fa
1	err:cannot open .*nope.fa	$M seq $D/nope.fa
1	err:neither FASTA	$M seq $D/regions.bed
1	err:truncated or corrupt	awk 'BEGIN{srand(1);print ">x";for(i=0;i<3000;i++){s="";for(j=0;j<60;j++)s=s substr("ACGT",int(rand()*4)+1,1);print s}}' | gzip > $T/big.fa.gz && head -c 30000 $T/big.fa.gz > $T/t.fa.gz && $M seq $T/t.fa.gz
0	-	: > $T/empty.fa && $M seq $T/empty.fa -o $T/empty.out && test -f $T/empty.out && ! test -s $T/empty.out
1	err:has length 11 but earlier	$M seq $D/small.fa -o $T/a.npz
0	-	$M seq $D/small.fa -o $T/a.npz; test ! -e $T/a.npz && test -z "$(ls -A $T | grep tmp)"
0	-	$M seq -w 10 $D/small.fa -o $T/b.npz && test -s $T/b.npz
1	err:cannot write ./nonexistent-dir/x.fa.: directory ./nonexistent-dir.	$M seq $D/small.fa -o /nonexistent-dir/x.fa
0	out:^>seq2$	printf "seq2\\n" > $T/n.txt && $M seq --names $T/n.txt $D/small.fa
1	err:cannot open name list	$M seq --names $T/none.txt $D/small.fa
# shuffle (issue 6)
2	err:expected one input file	$M shuffle
2	err:--kmer .0.: must be between	$M shuffle -k 0 $D/small.fa
2	err:--copies .x.: not an integer	$M shuffle -n x $D/small.fa
0	out:^>seq1_shuf2$	$M shuffle -n 3 $D/small.fa
0	out:^ACACACAC$	printf ">r\nacacacac\n" | $M shuffle -n 2 -
0	err:record .r. has only 1 distinct 2-let shuffle	printf ">r\nacacacac\n" | $M shuffle -n 2 -
0	-	printf ">r\nACGT\n" | $M shuffle -n 1 - 2>$T/w.err && ! test -s $T/w.err
0	-	$M shuffle -n 5 --seed 3 -t 1 $D/paper/sequences.simdata.gz -o $T/s1.fa && $M shuffle -n 5 --seed 3 -t 2 $D/paper/sequences.simdata.gz -o $T/s2.fa.gz && gzip -dc $T/s2.fa.gz | cmp - $T/s1.fa
0	-	$M shuffle -n 2 --seed 3 $D/paper/sequences.simdata.gz | awk 'NR%2==0{print length($0)}' | sort -u | grep -qx 200
0	-	$M shuffle --seed 9 -n 2 $D/small.fa | grep -A1 '^>seq1_' > $T/o1.txt && printf '>other\nACGTACGGTAGGCA\n' | cat - $D/small.fa > $T/rev.fa && $M shuffle --seed 9 -n 2 $T/rev.fa | grep -A1 '^>seq1_' | cmp - $T/o1.txt
0	out:^>chr1:2-8_shuf0$	cp $D/genome.fa $T/gs.fa && $M shuffle -g $T/gs.fa $D/regions.bed
1	err:cannot open	$M shuffle $D/nope.fa
# simulate
2	err:-o PREFIX is required	$M simulate
2	err:unexpected argument	$M simulate -o $T/s extra
2	err:--num .0.: must be between	$M simulate -n 0 -o $T/s
2	err:--length .x.: not an integer	$M simulate -L x -o $T/s
2	err:--background .0.5,0.5,0.5,0.5.: need 4 frequencies	$M simulate --background 0.5,0.5,0.5,0.5 -o $T/s
2	err:--background .*expected 4 comma-separated	$M simulate --background 0.3,0.2 -o $T/s
2	err:--split .*expected 3	$M simulate --split 0.8,0.2 -o $T/s
2	err:--split .0.5,0.1,0.1.: need 3 fractions	$M simulate --split 0.5,0.1,0.1 -o $T/s
2	err:--pseudocount .2.: must be between 0 and 1	$M simulate --pseudocount 2 -o $T/s
2	err:--rc-prob .nan.: not a finite number	$M simulate --rc-prob nan -o $T/s
2	err:motif .GATA. not in .*close names: GATA_disc1	$M simulate -n 8 --class a=GATA:2 -o $T/s
2	err:motif .TAL1_known2. not in .*tal_gata.meme; close names: TAL1_known1	$M simulate -n 8 -m $D/../../motifs/tal_gata.meme --class a=TAL1_known2:1 -o $T/s
2	err:expected MOTIF:LAMBDA	$M simulate -n 8 --class a=GATA_disc1 -o $T/s
1	err:do not fit in sequences of length 30	$M simulate -L 30 -o $T/s
1	err:cannot open motif file	$M simulate -m $T/none.meme -o $T/s
1	err:not a motif file	$M simulate -m $D/small.fa -o $T/s
1	err:expected .class NAME	printf "klass a=\n" > $T/c.cfg && $M simulate --config $T/c.cfg -o $T/s
0	out:^seqName	$M simulate -n 40 -o $T/s && gzip -dc $T/s.simdata.gz | head -1
0	out:^8 8 8 8$	$M simulate -n 32 -o $T/s && for c in empty gata_only tal1_only gata_tal1; do grep -c "^${c}_" $T/s.labels.tsv; done | tr '\n' ' ' | sed 's/ $//'
0	out:^48 38 5 5$	$M simulate -n 48 -o $T/s && (cat $T/s.train.txt $T/s.valid.txt $T/s.test.txt | sort -u | wc -l; wc -l < $T/s.train.txt; wc -l < $T/s.valid.txt; wc -l < $T/s.test.txt) | xargs echo
0	out:^same$	$M simulate -n 3000 --seed 5 -o $T/a && $M simulate -n 3000 --seed 5 -t 2 -o $T/b && cmp $T/a.simdata.gz $T/b.simdata.gz && cmp $T/a.motifs.bed $T/b.motifs.bed && echo same
0	out:^GATA_disc1	$M simulate -n 20 -m $D/../../motifs/tal_gata.meme --class g=GATA_disc1:2 -o $T/g && cut -f4 $T/g.motifs.bed | sort -u
0	out:^>x_1$	printf "# mine\nclass x=CTCF_known1:1:1:1\ntask ctcf=CTCF_known1\n" > $T/m.cfg && $M simulate -n 2 --config $T/m.cfg -o $T/m && gzip -dc $T/m.fa.gz
0	out:ctcf$	$M simulate -n 2 --config $T/m.cfg -o $T/m2 && head -1 $T/m2.labels.tsv
0	out:revComp-TAL1_known1-	$M simulate -n 8 --rc-prob 1 -o $T/r && gzip -dc $T/r.simdata.gz
0	out:^>empty_1$	$M simulate -n 4 -o $T/f && gzip -dc $T/f.fa.gz | sort | head -1
# scan (issue 7)
2	err:expected -m MOTIFS	$M scan $D/small.fa
0	out:^1600$	$M scan -m $D/../../motifs/tal_gata.meme --top 1 -n $D/paper/test.txt.gz $D/paper/sequences.simdata.gz | grep -vc "^#"
1	err:cannot open .*nope.txt	$M scan -m $D/../../motifs/tal_gata.meme -n $D/nope.txt $D/small.fa
2	err:--strand .x.: expected	$M scan -m $D/../../motifs/tal_gata.meme --strand x $D/small.fa
2	err:motif .NOPE. not in	$M scan -m $D/../../motifs/tal_gata.meme --motif NOPE $D/small.fa
0	out:^s1 1 11 GATA_disc1 [0-9]+ [+] 12[.]7	printf ">s1\nAAAAGATAAGGCAAAA\n" | $M scan -m $D/../../motifs/tal_gata.meme - | tr "\t" " " | tr '\t' ' '
0	out:^s1 4 14 GATA_disc1 [0-9]+ - 12[.]7[0-9]* [0-9.e-]+ AAAGATAAGG$	printf ">s1\nNNNNCCTTATCTTTNN\n" | $M scan -m $D/../../motifs/tal_gata.meme - | tr '\t' ' '
0	out:^chr1 6 16 GATA_disc1 .* GTACGTACGT$	cp $D/genome.fa $T/sg.fa && printf 'chr1\t3\t17\n' > $T/sg.bed && $M scan -m $D/../../motifs/tal_gata.meme --top 1 --strand + --motif GATA_disc1 -g $T/sg.fa $T/sg.bed | tr '\t' ' '
0	-	$M scan -m $D/../../motifs/tal_gata.meme --pvalue 1e-3 -t 1 $D/paper/sequences.simdata.gz -o $T/h1.bed && $M scan -m $D/../../motifs/tal_gata.meme --pvalue 1e-3 -t 2 $D/paper/sequences.simdata.gz -o $T/h2.bed.gz && gzip -dc $T/h2.bed.gz | cmp - $T/h1.bed
0	out:^8000$	$M scan -m $D/../../motifs/tal_gata.meme --top 1 --motif TAL1_known1 $D/paper/sequences.simdata.gz | grep -vc '^#'
0	out:qvalue	$M scan -m $D/../../motifs/tal_gata.meme --qvalue --bg data $D/paper/sequences.simdata.gz | head -1
# explain
2	err:a model is required	$M explain $D/small.fa
2	err:--method .lrp. is not one of	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --method lrp $D/small.fa
2	err:--reference .shuffle.: expected	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -r shuffle $D/small.fa
2	err:npz output needs a file name	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --format npz $D/small.fa
2	err:cannot tell the format	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -o $T/x.bam $D/small.fa
2	err:--task .x.: task .x. does not exist	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --task x $D/small.fa
1	err:has length 12, the model takes 200 .--resize	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
2	err:task .7. does not exist	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --task 7 --resize $D/small.fa
1	err:ran out of references	awk 'BEGIN{printf ">r1\n"; for(i=0;i<200;i++) printf "A"; print ""}' > $T/r1.fa && $M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -r fasta:$T/r1.fa -n 2 --resize $D/small.fa
0	out:^#name.pos.base.task0.task1.task2$	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --resize -r zeros $D/small.fa
0	err:2 sequences x 20 references	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --resize $D/small.fa -o $T/e.tsv.gz && gzip -dc $T/e.tsv.gz | grep -c . | grep -qx 402
0	-	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -q --resize $D/small.fa -o $T/q.npz 2>$T/q.err && test ! -s $T/q.err
1	err:cannot load|not|HDF5	$M explain -m $D/small.fa --resize $D/small.fa
0	-	zcat $D/paper/test.txt.gz | head -6 > $T/n6 && $M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --names $T/n6 -t 1 -b 4 $D/paper/sequences.simdata.gz -o $T/t1.npz && $M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --names $T/n6 -t 2 -b 1 $D/paper/sequences.simdata.gz -o $T/t2.npz && cmp $T/t1.npz $T/t2.npz
# model helper (issue 4): predict, evaluate, info, normalize
0	out:^#total_params[[:space:]]32503$	$M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json
0	out:^#input[[:space:]]200 x 4$	$M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json
2	err:a model is required	$M info
2	err:a model is required	$M predict $D/small.fa
2	err:--batch-size .0.: must be between	$M predict -b 0 -m x.h5 $D/small.fa
2	err:an output is required	$M normalize -m x.h5
1	err:nope.h5: cannot open	$M info -m $D/nope.h5
1	err:not an HDF5 file	$M info -m $D/small.fa
1	err:no 'model_config' attribute: not a full Keras model	$M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5
1	err:nope.json: cannot open	$M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $T/nope.json
1	err:layer 'conv1d_2': unsupported layer class 'LSTM'	sed 's/"class_name": "Conv1D"/"class_name": "LSTM"/2' $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json > $T/lstm.json && $M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $T/lstm.json
1	err:has shape \(11,4,50\) but the architecture needs \(11,4,40\)	sed 's/"filters": 50/"filters": 40/' $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json > $T/f40.json && $M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $T/f40.json
1	err:not valid JSON	head -c 200 $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json > $T/cut.json && $M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $T/cut.json
1	err:has length 12, the model takes 200 .--resize	$M predict -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa -o $T/p.tsv
0	out:^seq1[[:space:]][0-9.e-]+[[:space:]][0-9.e-]+[[:space:]][0-9.e-]+$	$M predict --resize -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
0	out:^name[[:space:]]task1[[:space:]]task2[[:space:]]task3$	$M predict -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --names $D/paper/test.txt.gz $D/paper/sequences.simdata.gz
0	out:^801$	$M predict -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --names $D/paper/test.txt.gz $D/paper/sequences.simdata.gz -o $T/t.tsv.gz && gzip -dc $T/t.tsv.gz | wc -l
0	out:^task3[[:space:]]800[[:space:]]424[[:space:]]0\.997	$M evaluate -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --names $D/paper/test.txt.gz $D/paper/sequences.simdata.gz
0	out:^task3[[:space:]]800[[:space:]]424[[:space:]]0\.997	$M evaluate -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -n $D/paper/test.txt.gz --data $D/paper/sequences.simdata.gz
2	err:one sequence file, as --data or as the operand	$M evaluate -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --data $D/paper/sequences.simdata.gz $D/small.fa
0	out:^task2[[:space:]]2[[:space:]]1[[:space:]]	printf "name\tA\tB\tC\nseq1\t1\t0\t1\nseq2\t0\t1\t0\nseq9\t1\t1\t1\n" > $T/lab.tsv && $M evaluate --resize -l $T/lab.tsv -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
1	err:no labels	$M evaluate --resize -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
0	out:^#total_params[[:space:]]32503$	$M normalize -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -o $T/n.h5 && $M info -m $T/n.h5
# score (issue 7)
2	err:expected --scores NPZ and either	$M score -s $T/x.npz
2	err:expected --scores NPZ and either	$M score -s $T/x.npz -b $T/m.bed -m $D/../../motifs/tal_gata.meme
2	err:--threshold .x.	$M score -s $T/x.npz -b $T/m.bed --threshold x
1	err:cannot open .*nonexistent.npz	$M score -s $T/nonexistent.npz -b $T/m.bed
1	err:not a zip/npz file	$M score -s $D/small.fa -b $T/m.bed
1	err:no array .contrib.	$M seq $D/tiny.simdata -o $T/seq.npz && $M score -s $T/seq.npz -b $T/m.bed
1	err:no array .hyp.	$M seq $D/tiny.simdata -o $T/seq.npz && $M score -s $T/seq.npz --array hyp -b $T/m.bed
0	out:^same$	for f in jaspar motif txt; do $M scan -m $D/same_motif.$f --bg 0.3,0.2,0.2,0.3 --pvalue 1e-3 $D/paper/sequences.simdata.gz | grep -v '^#' | cut -f1-3,5- > $T/h.$f; done; $M scan -m $D/same_motif.meme --bg 0.3,0.2,0.2,0.3 --pvalue 1e-3 $D/paper/sequences.simdata.gz | grep -v '^#' | cut -f1-3,5- > $T/h.meme && cmp $T/h.meme $T/h.jaspar && cmp $T/h.meme $T/h.motif && cmp $T/h.meme $T/h.txt && test -s $T/h.meme && echo same
# train helper (issue 5): motiflift train
2	err:--data, --valid and -o are required	$M train
0	out:"filters": 50	$M train --print-arch
2	err:--batch-size .0.: must be between	$M train -b 0 --data x --valid y -o z
2	err:--patience .x.: not an integer	$M train -p x --data x --valid y -o z
2	err:unexpected argument	$M train --data x --valid y -o z extra
1	err:cannot open	$M train --data $D/nope.simdata --valid $D/nope.txt -o $T/m.h5
1	err:none of the names	printf "nobody\n" > $T/v0.txt && zcat $D/paper/sequences.simdata.gz | awk 'NR>1&&NR<=6{print $1}' > $T/t0.txt && $M train --data $D/paper/sequences.simdata.gz --train $T/t0.txt --valid $T/v0.txt -o $T/m0.h5 && test ! -e $T/m0.h5
1	err:length 200 but the model takes 250	$M train --print-arch | sed 's/null, 200, 4/null, 250, 4/' > $T/a100.json && zcat $D/paper/sequences.simdata.gz | awk 'NR>1&&NR<=21{print $1}' > $T/v1.txt && $M train --arch $T/a100.json --data $D/paper/sequences.simdata.gz --valid $T/v1.txt -o $T/m1.h5
1	err:training BatchNormalization is not supported	printf '{"class_name":"Sequential","config":[{"class_name":"Conv1D","config":{"name":"c","filters":2,"kernel_size":3,"batch_input_shape":[null,200,4]}},{"class_name":"BatchNormalization","config":{"name":"bn","axis":-1}},{"class_name":"GlobalMaxPooling1D","config":{"name":"g"}},{"class_name":"Dense","config":{"name":"d","units":3,"activation":"sigmoid"}}]}' > $T/bn.json && $M train --arch $T/bn.json --data $D/tiny.simdata --valid $T/v0.txt -o $T/m2.h5
1	err:no labels .give --labels.	printf ">a\nACGT\n" > $T/a.fa && printf "a\n" > $T/va.txt && $M train --print-arch | sed 's/null, 200, 4/null, 4, 4/;s/"kernel_size": \[11\]/"kernel_size": [1]/g;s/"pool_size": \[180\]/"pool_size": [4]/;s/"strides": \[180\]/"strides": [4]/' > $T/a4.json && $M train --arch $T/a4.json --data $T/a.fa --valid $T/va.txt -o $T/m3.h5
0	out:^task3	printf '{"class_name":"Sequential","config":[{"class_name":"Conv1D","config":{"name":"c","filters":4,"kernel_size":5,"activation":"relu","batch_input_shape":[null,200,4]}},{"class_name":"GlobalMaxPooling1D","config":{"name":"g"}},{"class_name":"Dense","config":{"name":"d","units":3,"activation":"sigmoid"}}]}' > $T/s.json && zcat $D/paper/sequences.simdata.gz | awk 'NR>1&&NR<=301{print $1}' > $T/tr.txt && zcat $D/paper/sequences.simdata.gz | awk 'NR>301&&NR<=401{print $1}' > $T/va.txt && $M train -q --arch $T/s.json --data $D/paper/sequences.simdata.gz --train $T/tr.txt --valid $T/va.txt -e 3 --history $T/h.tsv -o $T/s.h5 && test "$(wc -l < $T/h.tsv)" = 4 && $M evaluate -m $T/s.h5 --names $T/va.txt $D/paper/sequences.simdata.gz
0	-	printf '{"class_name":"Sequential","config":[{"class_name":"Conv1D","config":{"name":"c","filters":4,"kernel_size":5,"activation":"relu","batch_input_shape":[null,200,4]}},{"class_name":"GlobalMaxPooling1D","config":{"name":"g"}},{"class_name":"Dense","config":{"name":"d","units":3,"activation":"sigmoid"}}]}' > $T/s2.json && zcat $D/paper/sequences.simdata.gz | awk 'NR>1&&NR<=201{print $1}' > $T/tr2.txt && zcat $D/paper/sequences.simdata.gz | awk 'NR>201&&NR<=261{print $1}' > $T/va2.txt && for t in 1 2; do $M train -q -t $t --seed 3 --arch $T/s2.json --data $D/paper/sequences.simdata.gz --train $T/tr2.txt --valid $T/va2.txt -e 2 -o $T/d$t.h5 && $M predict -m $T/d$t.h5 --names $T/va2.txt $D/paper/sequences.simdata.gz -o $T/p$t.tsv || exit 1; done && cmp $T/p1.tsv $T/p2.tsv
# genome scale: shards, tracks, merge (issue 9)
2	err:--shard '2/1': expected I/N	$M explain -m x.h5 --shard 2/1 $D/small.fa
2	err:--shard 'a/3': expected I/N	$M scan -m $D/same_motif.meme --shard a/3 $D/small.fa
2	err:need BED regions and a genome	$M explain -m x.h5 --bedgraph $T/x.bg $D/small.fa
2	err:expected the shard outputs	$M merge -o $T/m.npz
2	err:nothing to write	$M merge $T/a.npz
2	err:need a genome	$M merge --bigwig $T/m.bw $T/a.npz
1	err:not a zip/npz file	$M merge -o $T/m.npz $D/small.fa
0	out:^>seq1$	$M seq $D/small.fa -o $T/s1.fa && $M merge -o $T/m.fa $T/s1.fa $T/s1.fa && grep -c '^>seq1$' $T/m.fa > /dev/null && head -1 $T/m.fa
0	out:^1$	$M scan -m $D/same_motif.meme --pvalue 1 --top 1 $D/small.fa -o $T/a.bed && for i in 1 2 3; do $M scan -m $D/same_motif.meme --pvalue 1 --top 1 --shard $i/3 $D/small.fa -o $T/a$i.bed; done && $M merge -o $T/m.bed $T/a1.bed $T/a2.bed $T/a3.bed && cmp $T/a.bed $T/m.bed && grep -vc '^#' $T/m.bed
# bad-input hunt (session 3)
2	err:--task ..: expected all	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --task "" $D/small.fa
1	err:output .*sd.valid.txt. is a directory	mkdir -p $T/simdir/sd.valid.txt && $M simulate -n 40 -o $T/simdir/sd && false || test ! -e $T/simdir/sd.simdata.gz && $M simulate -n 40 -o $T/simdir/sd
2	err:is a directory; give a prefix	$M simulate -n 40 -o $T/
1	err:.*m.h5. is named for two outputs	$M train -d $D/paper/sequences.simdata.gz --valid $D/paper/test.txt.gz -o $T/m.h5 --history $T/m.h5
1	err:cannot write .*/nonexist/x.*No such file	$M score -s $T/x.npz -b $T/m.bed -o $T/ok.tsv --summary $T/nonexist/x
1	err:cannot write .*/nonexist/m.h5	$M train -d $D/paper/sequences.simdata.gz --valid $D/paper/test.txt.gz -o $T/nonexist/m.h5
0	out:^>seq1$	mkfifo $T/fifo && { cat $T/fifo > $T/fifo.out & } && $M seq $D/small.fa -o $T/fifo && wait && test -p $T/fifo && head -1 $T/fifo.out
1	err:truncated or corrupt	awk 'BEGIN{srand(2);print "seqName\tsequence\tembeddings\ttask1";for(i=0;i<3000;i++){s="";for(j=0;j<200;j++)s=s substr("ACGT",int(rand()*4)+1,1);print "s_" i "\t" s "\t\t1"}}' | gzip > $T/big.simdata.gz && head -c 150000 $T/big.simdata.gz > $T/t.simdata.gz && $M seq $T/t.simdata.gz
2	err:--reference freq: .1,1,1,1.: need 4 frequencies >= 0 summing to 1	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -r freq:1,1,1,1 $D/small.fa
1	err:Dropout rate must be a number in .0, 1.	$M train --print-arch | sed 's/"rate": 0.5/"rate": 1.5/' > $T/drop.json && $M train -a $T/drop.json -d $D/paper/sequences.simdata.gz --valid $D/paper/test.txt.gz -o $T/drop.h5
1	err:two motifs are named .GATA_disc1.	cat $D/../../motifs/tal_gata.meme > $T/dup.meme && sed -n '/^MOTIF GATA_disc1/,$p' $D/../../motifs/tal_gata.meme >> $T/dup.meme && $M scan -m $T/dup.meme $D/small.fa
1	err:.seq1. has labels on two lines	printf "name\tA\nseq1\t1\nseq1\t0\nseq2\t1\n" > $T/duplab.tsv && $M evaluate --resize -l $T/duplab.tsv -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
1	err:line 2: empty seqName	printf "seqName\tsequence\tembeddings\ttask1\n\tACGT\t\t1\n" > $T/noname.simdata && $M seq $T/noname.simdata
0	out:^1 0$	mkdir -p $T/kill && zcat $D/paper/sequences.simdata.gz | head -3001 > $T/kill/s.simdata && { $M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -n 20 $T/kill/s.simdata -o $T/kill/k.tsv.gz & p=$!; sleep 1; a=$(ls -A $T/kill | grep -c tmp); kill -TERM $p; wait $p; echo "$a $(ls -A $T/kill | grep -c 'tmp\|k.tsv')"; }
1	err:the name list is empty	: > $T/empty.names && $M seq -n $T/empty.names $D/small.fa
2	err:cannot go to standard output	$M normalize -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -o -
1	err:BGZF end-of-file marker is missing	$M seq -o $T/gz.fa.gz $D/genome.fa && s=$(stat -c %s $T/gz.fa.gz) && head -c $((s - 28)) $T/gz.fa.gz > $T/cut.fa.gz && $M seq -g $T/cut.fa.gz $D/regions.bed
