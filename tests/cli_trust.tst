# Nothing lost, nothing silently wrong (issue 18) and one exit-code rule (issue 12).
# exit	expectation	command
# fixtures (tr_*): the paper's model, 20 simdata records, an explain npz and scan matches of them
0	-	cp $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 $T/tr_w.h5 && cp $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $T/tr_j.json && cp $D/small.fa $T/tr_in.fa && cp $D/same_motif.meme $T/tr_m.meme && gzip -dc $D/paper/sequences.simdata.gz | head -21 > $T/tr_20.simdata && cp $D/genome.fa $T/tr_g.fa
0	-	$M explain -q -m $T/tr_w.h5 -j $T/tr_j.json -r zeros $T/tr_20.simdata -o $T/tr_s.npz && $M scan -q -m $D/../../motifs/tal_gata.meme --top 2 $T/tr_20.simdata -o $T/tr_top.bed && test -s $T/tr_top.bed
# 1. an output is never an input: same file by name, symlink, hard link or redirection, in every command
1	one:output '.*tr_in.fa' is the input '.*tr_in.fa' \(the same file\)	$M scan -m $T/tr_m.meme $T/tr_in.fa -o $T/tr_in.fa
0	out:^>seq2$	$M scan -m $T/tr_m.meme $T/tr_in.fa -o $T/tr_in.fa; cat $T/tr_in.fa
1	one:output .*tr_m.meme. is the input	$M scan -m $T/tr_m.meme $T/tr_in.fa -o $T/tr_m.meme
1	one:output .*tr_ln.fa. is the input .*tr_in.fa	ln -sf tr_in.fa $T/tr_ln.fa && $M scan -m $T/tr_m.meme $T/tr_in.fa -o $T/tr_ln.fa
1	one:output .*tr_hl.fa. is the input .*tr_in.fa	ln -f $T/tr_in.fa $T/tr_hl.fa && $M seq $T/tr_in.fa -o $T/tr_hl.fa
1	one:output 'standard output' is the input	$M seq $T/tr_in.fa >> $T/tr_in.fa
1	one:output .*tr_in.fa. is the input 'standard input'	$M seq - -o $T/tr_in.fa < $T/tr_in.fa
1	one:name another output or use --in-place	$M seq -l 4 $T/tr_in.fa -o $T/tr_in.fa
1	one:is the input	$M shuffle $T/tr_in.fa -o $T/tr_in.fa
1	one:output .*tr_w.h5. is the input	$M predict -m $T/tr_w.h5 -j $T/tr_j.json $T/tr_20.simdata -o $T/tr_w.h5
1	one:output .*tr_20.simdata. is the input	$M predict -m $T/tr_w.h5 -j $T/tr_j.json $T/tr_20.simdata -o $T/tr_20.simdata
1	one:output .*tr_j.json. is the input	$M evaluate -m $T/tr_w.h5 -j $T/tr_j.json $T/tr_20.simdata -o $T/tr_j.json
1	one:output .*tr_20.simdata. is the input	$M explain -m $T/tr_w.h5 -j $T/tr_j.json -r zeros $T/tr_20.simdata -o $T/tr_20.simdata --format tsv
1	one:output .*tr_w.h5. is the input	$M explain -m $T/tr_w.h5 -j $T/tr_j.json -r zeros $T/tr_20.simdata -o $T/tr_x.npz --modisco $T/tr_w
1	one:output .*tr_w.task1.h5. is the input	cp $T/tr_w.h5 $T/tr_w.task1.h5 && $M explain -m $T/tr_w.task1.h5 -j $T/tr_j.json -r zeros $T/tr_20.simdata -o $T/tr_x.npz --modisco $T/tr_w; s=$?; rm -f $T/tr_w.task1.h5; exit $s
1	one:output .*tr_20.simdata. is the input	$M train --data $T/tr_20.simdata --valid $T/tr_20.simdata -o $T/tr_20.simdata
1	one:output .*tr_vn.txt. is the input	cut -f1 $T/tr_20.simdata > $T/tr_vn.txt && $M train --data $T/tr_20.simdata --valid $T/tr_vn.txt -o $T/tr_t.h5 --history $T/tr_vn.txt
1	one:output .*tr_w.h5. is the input .*or use --in-place	$M normalize -m $T/tr_w.h5 -j $T/tr_j.json -o $T/tr_w.h5
1	one:output .*tr_s.npz. is the input	$M merge -o $T/tr_s.npz $T/tr_s.npz $T/tr_s.npz
1	one:output .*tr_s.npz. is the input	$M score -s $T/tr_s.npz -b $T/tr_top.bed -o $T/tr_s.npz
1	one:output .*tr_top.bed. is the input	$M score -s $T/tr_s.npz -b $T/tr_top.bed --summary $T/tr_top.bed
1	one:output .*tr_p.labels.tsv. is the input	cp $D/../../motifs/tal_gata.meme $T/tr_p.labels.tsv && $M simulate -n 8 -m $T/tr_p.labels.tsv -o $T/tr_p
1	one:is named for two outputs	ln -f $T/tr_s.npz $T/tr_s2.npz && $M score -s $T/tr_s.npz -b $T/tr_top.bed -o $T/tr_o.tsv --summary $T/tr_o2.tsv && ln -f $T/tr_o.tsv $T/tr_o3.tsv && $M score -s $T/tr_s.npz -b $T/tr_top.bed -o $T/tr_o.tsv --summary $T/tr_o3.tsv
# in-place editing only when asked for: --in-place, whole or not at all; a hard link keeps the old file
0	out:^ACGT$	cp $D/small.fa $T/tr_ip.fa && ln -f $T/tr_ip.fa $T/tr_ip2.fa && $M seq -l 4 --in-place $T/tr_ip.fa && sed -n 2p $T/tr_ip.fa && cmp -s $D/small.fa $T/tr_ip2.fa
2	one:--in-place needs an input file	$M seq --in-place - < $D/small.fa
2	one:--in-place rewrites FASTA files	cp $T/tr_20.simdata $T/tr_ip.simdata && $M seq --in-place $T/tr_ip.simdata
2	one:--in-place and -o name two outputs	$M seq --in-place $T/tr_in.fa -o $T/tr_other.fa
0	out:^#input.200 x 4$	cp $T/tr_w.h5 $T/tr_nw.h5 && $M normalize -m $T/tr_nw.h5 -j $T/tr_j.json --in-place && $M info -m $T/tr_nw.h5 | head -1 && $M predict -m $T/tr_nw.h5 $T/tr_20.simdata > $T/tr_p1.tsv && $M predict -m $T/tr_w.h5 -j $T/tr_j.json $T/tr_20.simdata > $T/tr_p2.tsv && $PYTHON -c "import numpy as n; a=n.loadtxt('$T/tr_p1.tsv',skiprows=1,usecols=(1,2,3)); b=n.loadtxt('$T/tr_p2.tsv',skiprows=1,usecols=(1,2,3)); assert abs(a-b).max() < 1e-5"
# 7. a run that writes several outputs leaves none when a later one fails
1	one:error writing '/dev/full'	rm -f $T/tr_aon.tsv; $M score -s $T/tr_s.npz -b $T/tr_top.bed -o $T/tr_aon.tsv --summary /dev/full
0	-	rm -f $T/tr_aon.tsv; $M score -s $T/tr_s.npz -b $T/tr_top.bed -o $T/tr_aon.tsv --summary /dev/full 2>/dev/null; test ! -e $T/tr_aon.tsv && test -z "$(ls -A $T | grep '^\.tr_aon')"
0	-	rm -rf $T/tr_sim && mkdir $T/tr_sim && ln -s /dev/full $T/tr_sim/p.motifs.bed && ! $M simulate -n 40 -o $T/tr_sim/p 2>/dev/null && test "$(ls -A $T/tr_sim)" = p.motifs.bed
0	-	rm -f $T/tr_tm.h5; head -3 $T/tr_20.simdata | cut -f1 > $T/tr_v3.txt && ! $M train -q -e 1 --data $T/tr_20.simdata --valid $T/tr_v3.txt -o $T/tr_tm.h5 --history /dev/full 2>/dev/null && test ! -e $T/tr_tm.h5
0	-	rm -f $T/tr_e.npz; cp $D/genome.fa $T/tr_eg.fa && ! $M explain -q -m $T/tr_w.h5 -j $T/tr_j.json -r zeros --pad-n -g $T/tr_eg.fa $D/regions.bed -o $T/tr_e.npz --bedgraph /dev/full 2>/dev/null && test ! -e $T/tr_e.npz
# 2. bad input is refused: one rule for frequencies (4 numbers >= 0 summing to 1; a background > 0), usage errors exit 2
2	one:--bg '1,1,1,1': need 4 frequencies >= 0 summing to 1	$M scan --bg 1,1,1,1 -m $T/tr_m.meme $T/tr_in.fa
2	one:--bg '0.5,0.5,0,0': the frequency of G is 0	$M scan --bg 0.5,0.5,0,0 -m $T/tr_m.meme $T/tr_in.fa
2	one:--bg 'nan': expected motif, data, A,C,G,T or a background file	$M scan --bg nan -m $T/tr_m.meme $T/tr_in.fa
1	one:summing to 1	printf 'A 0.5\nC 0.5\nG 0.5\nT 0.5\n' > $T/tr_bg.txt && $M scan --bg $T/tr_bg.txt -m $T/tr_m.meme $T/tr_in.fa
0	out:background A 0.3 C 0.2 G 0.2 T 0.3	printf 'A 0.3\nC 0.2\nG 0.2\nT 0.3\n' > $T/tr_bg.txt && $M scan --bg $T/tr_bg.txt -m $T/tr_m.meme $T/tr_in.fa
2	one:--background '1,1,1,1': need 4 frequencies >= 0 summing to 1	$M simulate --background 1,1,1,1 -o $T/tr_x
2	one:--background '1,0,0,0': the frequency of C is 0	$M simulate --background 1,0,0,0 -o $T/tr_x
2	one:--bg '1,1,1,1': need 4 frequencies	$M score --bg 1,1,1,1 -s $T/tr_s.npz -m $T/tr_m.meme
2	one:--top '0': must be between 1 and	$M score --top 0 -s $T/tr_s.npz -m $T/tr_m.meme
2	one:--top '0': must be between 1 and	$M scan --top 0 -m $T/tr_m.meme $T/tr_in.fa
0	out:^yes$	a=$($M score -s $T/tr_s.npz -m $T/tr_m.meme --pvalue 0.01 | grep -vc '^#'); b=$($M score -s $T/tr_s.npz -m $T/tr_m.meme --pvalue 0.01 --top 1 | grep -vc '^#'); [ $a -gt $b ] && echo yes
2	one:task 'abc'	$M score --task abc -s $T/tr_s.npz -b $T/tr_top.bed
2	one:motif 'NOPE' not in	$M scan -m $T/tr_m.meme --motif NOPE $T/tr_in.fa
2	one:motif 'NOPE' not in	$M score -s $T/tr_s.npz -m $T/tr_m.meme --motif NOPE
2	one:class 'bad': expected NAME=	$M simulate --class bad -o $T/tr_x
2	one:motif 'NOPE' not in	$M simulate --class a=NOPE:1 -o $T/tr_x
1	one:tr_cf.txt: line 2: class 'b c'	printf 'class a=GATA_disc1:1\nclass b c\n' > $T/tr_cf.txt && $M simulate -m $D/../../motifs/tal_gata.meme --config $T/tr_cf.txt -o $T/tr_x
2	one:task 'nope' was not explained	cp $D/genome.fa $T/tr_mg.fa && $M explain -q -m $T/tr_w.h5 -j $T/tr_j.json -r zeros --pad-n -g $T/tr_mg.fa $D/regions.bed -o $T/tr_bed.npz && $M merge --bw-task nope --bigwig $T/tr_x.bw -g $T/tr_mg.fa $T/tr_bed.npz
1	one:motif 'MA1': a row's counts go in one pair of brackets	printf '>MA1 x\nA [ 1 2 3\nC [ 1 2 3 ]\nG [ 1 2 3 ]\nT [ 1 2 3 ]\n' > $T/tr_b.jaspar && $M scan -m $T/tr_b.jaspar $T/tr_in.fa
1	one:line 3: .*brackets	printf '>MA1 x\nA [ 1 2 3 ]\nC  1 2 3 ]\nG [ 1 2 3 ]\nT [ 1 2 3 ]\n' > $T/tr_b.jaspar && $M scan -m $T/tr_b.jaspar $T/tr_in.fa
0	out:MA1	printf '>MA1 x\nA 6 3 13\nC 4 9 2\nG 7 6 0\nT 3 2 5\n' > $T/tr_j3.jaspar && $M scan --pvalue 1 -m $T/tr_j3.jaspar $T/tr_in.fa
1	one:training data: none of its .* sequences has a label of 0 or 1	awk -F'\t' 'BEGIN{OFS="\t"} NR>1{$4=$5=$6=-1} 1' $T/tr_20.simdata > $T/tr_nolab.simdata && $M train -q --data $T/tr_nolab.simdata --valid $T/tr_v3.txt -o $T/tr_nl.h5
1	one:genome .*tr_dup.fa.: record 2 is named 'chr1' like an earlier record	printf '>chr1\nACGTACGT\n>chr1 again\nGGGGGGGG\n' > $T/tr_dup.fa && printf 'chr1\t0\t4\n' > $T/tr_a.bed && $M seq -g $T/tr_dup.fa $T/tr_a.bed
0	-	printf '>chr1\nACGTACGT\n>chr1 again\nGGGGGGGG\n' > $T/tr_dup2.fa && ! $M seq --index -g $T/tr_dup2.fa 2>/dev/null && test ! -e $T/tr_dup2.fa.fai
0	out:^>chr1:0-12 >chr2:10-99$	cp $D/genome.fa $T/tr_pg.fa && printf 'chr1\t0\t5\nchr2\t10\t99\n' > $T/tr_pn.bed && $M seq --pad-n -g $T/tr_pg.fa -w 20 $T/tr_pn.bed | head -1 | tr '\n' ' ' && $M seq --pad-n -g $T/tr_pg.fa $T/tr_pn.bed | sed -n 3p
0	out:^none$	$M seq --pad-n -g $T/tr_pg.fa -w 30 $T/tr_pn.bed > $T/tr_pn.fa && ! grep -q ':-' $T/tr_pn.fa && echo none
# 3. empty input: a warning and an empty output for an empty set; an error where nothing can be done
0	one:tr_e.fa: no sequences: the output is empty	: > $T/tr_e.fa && $M seq $T/tr_e.fa -o $T/tr_e.out && test -f $T/tr_e.out && ! test -s $T/tr_e.out
0	one:standard input: no sequences	$M seq - < /dev/null
0	one:tr_e.fa.gz: no sequences	printf '' | gzip > $T/tr_e.fa.gz && $M seq $T/tr_e.fa.gz
0	one:tr_blank.fa: no sequences	printf '\n\n  \n' > $T/tr_blank.fa && $M seq $T/tr_blank.fa
0	one:no sequences \(a simdata header alone\)	head -1 $T/tr_20.simdata > $T/tr_h.simdata && $M seq $T/tr_h.simdata
0	one:tr_e.bed: no regions	: > $T/tr_e.bed && $M seq -g $T/tr_g.fa $T/tr_e.bed
0	one:no sequences	$M scan -m $T/tr_m.meme $T/tr_e.fa -o $T/tr_e.bed2
0	one:no sequences	$M scan --bg data -m $T/tr_m.meme $T/tr_e.fa -o $T/tr_e.bed2
0	out:^name.task0.task1.task2$	$M predict -m $T/tr_w.h5 -j $T/tr_j.json $T/tr_e.fa
0	one:tr_e.fa: no sequences	$M predict -m $T/tr_w.h5 -j $T/tr_j.json $T/tr_e.fa
0	out:^\(0, 200, 4, 3\)$	$M explain -q -m $T/tr_w.h5 -j $T/tr_j.json -r zeros $T/tr_e.fa -o $T/tr_e.npz && $PYTHON -c "import numpy as n; print(n.load('$T/tr_e.npz')['contrib'].shape)"
0	one:tr_e.fa: no sequences	$M explain -m $T/tr_w.h5 -j $T/tr_j.json -r zeros $T/tr_e.fa -o $T/tr_e.npz 2>&1 | grep -v '^\[M::' >&2
1	one:tr_e.fa: no sequences$	$M evaluate -m $T/tr_w.h5 -j $T/tr_j.json $T/tr_e.fa
1	one:tr_h.simdata: no sequences	$M train --data $T/tr_h.simdata --valid $T/tr_v3.txt -o $T/tr_e.h5
0	one:tr_e.fa: no sequences	$M shuffle $T/tr_e.fa
# old-Mac (CR-only) line ends: refused where they would turn a file into one record
1	one:tr_cr.fa: line 1: carriage returns without line feeds	printf '>a\rACGT\r>b\rGGGG\r' > $T/tr_cr.fa && $M seq $T/tr_cr.fa
1	one:tr_cr.simdata: line 1: carriage returns	printf 'seqName\tsequence\tembeddings\ttask1\rs1\tACGT\t\t1\r' > $T/tr_cr.simdata && $M seq $T/tr_cr.simdata
1	one:tr_cr.meme: line 1: carriage returns	printf 'MEME version 4\r\rALPHABET= ACGT\r' > $T/tr_cr.meme && $M scan -m $T/tr_cr.meme $T/tr_in.fa
1	one:tr_cr.txt: line 1: carriage returns	printf 'seq1\rseq2\r' > $T/tr_cr.txt && $M seq -n $T/tr_cr.txt $T/tr_in.fa
1	one:tr_crl.tsv: line 1: carriage returns	printf 'name\tt1\rseq1\t1\r' > $T/tr_crl.tsv && $M evaluate -m $T/tr_w.h5 -j $T/tr_j.json -l $T/tr_crl.tsv --resize $T/tr_in.fa
1	one:tr_cr.bed: line 1: carriage returns	printf 'chr1\t0\t4\rchr1\t2\t6\r' > $T/tr_cr.bed && $M seq -g $T/tr_g.fa $T/tr_cr.bed
1	one:tr_crm.bed: line 1: carriage returns	printf 'empty_1732\t1\t5\tM\t0\t+\rempty_1732\t2\t6\tM\t0\t+\r' > $T/tr_crm.bed && $M score -s $T/tr_s.npz -b $T/tr_crm.bed
1	one:tr_crt.bed: line 1: carriage returns	printf 'empty_1732\t1\t5\tM\rempty_1732\t2\t6\tM\r' > $T/tr_crt.bed && $M score -s $T/tr_s.npz -b $T/tr_top.bed --truth $T/tr_crt.bed
1	one:tr_crs.tsv: line 1: carriage returns	printf 'seqName\ttask1\rempty_1732\t1\r' > $T/tr_crs.tsv && $M score -s $T/tr_s.npz -b $T/tr_top.bed --labels $T/tr_crs.tsv
1	one:tr_crc.txt: line 1: carriage returns	printf 'class a=GATA_disc1:1\rclass b=\r' > $T/tr_crc.txt && $M simulate -m $D/../../motifs/tal_gata.meme --config $T/tr_crc.txt -o $T/tr_x
0	out:^>a$	printf '>a\r\nACGT\r\n' > $T/tr_crlf.fa && $M seq $T/tr_crlf.fa
# 4. duplicate names warned once; NaN contributions are an error naming the sequence
0	one:2 records have the name of an earlier one \(the first: 'gata_tal1_135', again at record 21\)	(cat $T/tr_20.simdata; tail -2 $T/tr_20.simdata) > $T/tr_dup.simdata && $M predict -m $T/tr_w.h5 -j $T/tr_j.json $T/tr_dup.simdata -o $T/tr_dup.tsv
0	one:2 records have the name of an earlier one	$M explain -m $T/tr_w.h5 -j $T/tr_j.json -r zeros $T/tr_dup.simdata -o $T/tr_dup.npz 2>&1 | grep -v '^\[M::' >&2
0	one:2 rows have the sequence name of an earlier row	$M explain -q -m $T/tr_w.h5 -j $T/tr_j.json -r zeros $T/tr_dup.simdata -o $T/tr_dup.npz && $M score -s $T/tr_dup.npz -b $T/tr_top.bed -o $T/tr_dup.tsv
1	one:the scores of sequence 'empty_1732' under match 1 .* are not finite	$PYTHON -c "import numpy as n; d=dict(n.load('$T/tr_s.npz')); d['contrib']=d['contrib'].copy(); d['contrib'][0]=n.nan; n.savez('$T/tr_nan.npz', **d)" && $M score -s $T/tr_nan.npz -b $T/tr_top.bed
# 5. messages point at the right thing
1	one:line 6: motif 'a': w= 99999999999 is not a motif width	printf 'MEME version 4\n\nALPHABET= ACGT\n\nMOTIF a\nletter-probability matrix: alength= 4 w= 99999999999\n0.25 0.25 0.25 0.25\n' > $T/tr_w.meme && $M scan -m $T/tr_w.meme $T/tr_in.fa
1	one:w= inf is not a motif width	printf 'MEME version 4\n\nALPHABET= ACGT\n\nMOTIF a\nletter-probability matrix: alength= 4 w= inf\n0.25 0.25 0.25 0.25\n' > $T/tr_w.meme && $M scan -m $T/tr_w.meme $T/tr_in.fa
1	one:tr_c.meme: line 8: motif 'a': row 2: expected 4 numbers	printf 'MEME version 4\n\nALPHABET= ACGT\n\nMOTIF a\nletter-probability matrix: alength= 4 w= 2\n0.25 0.25 0.25 0.25\n0.25 x 0.25 0.25\n' > $T/tr_c.meme && $M scan -m $T/tr_c.meme $T/tr_in.fa
1	one:tr_e3.txt: line 2: motif 'm1': expected a letter and 4 numbers	printf '>m1 d\nA 0.3 0.2 0.5\nC 0.3 0.2 0.2 0.3\n' > $T/tr_e3.txt && $M scan -m $T/tr_e3.txt $T/tr_in.fa
1	one:tr_l2.tsv: 2 label columns per name but the model has 3 outputs	cut -f1,4,5 $T/tr_20.simdata > $T/tr_l2.tsv && $M evaluate -m $T/tr_w.h5 -j $T/tr_j.json -l $T/tr_l2.tsv $T/tr_20.simdata
1	one:tr_l2.tsv: no labels for record 'seq1' of	cut -f1,4,5,6 $T/tr_20.simdata > $T/tr_l2.tsv && $M evaluate -m $T/tr_w.h5 -j $T/tr_j.json -l $T/tr_l2.tsv --resize $T/tr_in.fa
1	one:tr_l2.tsv: 2 label columns per name but the model has 3 outputs	cut -f1,4,5 $T/tr_20.simdata > $T/tr_l2.tsv && $M train -q --data $T/tr_20.simdata -l $T/tr_l2.tsv --valid $T/tr_v3.txt -o $T/tr_l2.h5
# issue 12: errors that said two lines say one
1	one:cannot open .*tr_nope.simdata	$M train --data $T/tr_nope.simdata --valid $T/tr_v3.txt -o $T/tr_nope.h5
1	one:layer 'conv1d_1': bad input shape \(-5, 4\)	sed 's/"batch_input_shape": \[null, 200, 4\]/"batch_input_shape": [null, -5, 4]/' $T/tr_j.json > $T/tr_bs.json && $M info -m $T/tr_w.h5 -j $T/tr_bs.json
1	one:layer 'conv1d_1': input shape must be \(length, channels\)	sed 's/"batch_input_shape": \[null, 200, 4\]/"batch_input_shape": "relu"/' $T/tr_j.json > $T/tr_bs.json && $M info -m $T/tr_w.h5 -j $T/tr_bs.json
1	one:bad input shape \(99999999999, 4\)	sed 's/"batch_input_shape": \[null, 200, 4\]/"batch_input_shape": [null, 99999999999, 4]/' $T/tr_j.json > $T/tr_bs.json && $M info -m $T/tr_w.h5 -j $T/tr_bs.json
1	one:out of memory for a batch of 1000000 sequences	{ if ldd $M | grep -q libasan; then export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1:max_allocation_size_mb=500; else ulimit -v 600000; fi; $M predict -m $T/tr_w.h5 -j $T/tr_j.json -b 1000000 $T/tr_20.simdata -o $T/tr_oom.tsv; echo $? > $T/tr_oom.rc; } 2>&1 | grep -v 'AddressSanitizer failed to allocate' >&2; exit $(cat $T/tr_oom.rc)
1	one:no 'chrom' and 'start' arrays: tracks need an explain npz of BED regions	$M merge --bigwig $T/tr_x.bw -g $T/tr_g.fa $T/tr_s.npz
1	one:cannot write '/dev/full': an npz needs a regular file	$M explain -m $T/tr_w.h5 -j $T/tr_j.json -r zeros $T/tr_20.simdata -o /dev/full --format npz
1	one:tr_cut.npz: .*(truncated|not a zip|damaged|end of)	head -c 3000 $T/tr_s.npz > $T/tr_cut.npz && $M score -s $T/tr_cut.npz -b $T/tr_top.bed
1	one:tr_lh.npz: names: unexpected end of file	$PYTHON -c "import struct; d=bytearray(open('$T/tr_s.npz','rb').read()); e=d.rfind(b'PK\\x05\\x06'); cd=struct.unpack('<I', d[e+16:e+20])[0]; d[cd+42:cd+46]=struct.pack('<I', len(d)-10); open('$T/tr_lh.npz','wb').write(d)" && $M score -s $T/tr_lh.npz -b $T/tr_top.bed
1	one:error writing	$M explain -m $T/tr_w.h5 -j $T/tr_j.json -r zeros $T/tr_20.simdata --format tsv > /dev/full
0	one:1 of the 21 selected names were not found	$M evaluate -m $T/tr_w.h5 -j $T/tr_j.json --names $T/tr_20.simdata $T/tr_20.simdata -o $T/tr_ev.tsv
