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
1	err:cannot open .*nope.fa	$M seq $D/nope.fa
1	err:neither FASTA	$M seq $D/regions.bed
1	err:truncated or corrupt	awk 'BEGIN{srand(1);print ">x";for(i=0;i<3000;i++){s="";for(j=0;j<60;j++)s=s substr("ACGT",int(rand()*4)+1,1);print s}}' | gzip > $T/big.fa.gz && head -c 30000 $T/big.fa.gz > $T/t.fa.gz && $M seq $T/t.fa.gz
0	-	: > $T/empty.fa && $M seq $T/empty.fa -o $T/empty.out && test -f $T/empty.out && ! test -s $T/empty.out
1	err:has length 11 but earlier	$M seq $D/small.fa -o $T/a.npz
0	-	$M seq $D/small.fa -o $T/a.npz; test ! -e $T/a.npz && test -z "$(ls -A $T | grep tmp)"
0	-	$M seq -w 10 $D/small.fa -o $T/b.npz && test -s $T/b.npz
1	err:cannot create a file next to	$M seq $D/small.fa -o /nonexistent-dir/x.fa
0	out:^>seq2$	printf "seq2\\n" > $T/n.txt && $M seq --names $T/n.txt $D/small.fa
1	err:cannot open name list	$M seq --names $T/none.txt $D/small.fa
# model helper (issue 4): predict, evaluate, info, normalize
0	out:^#total_params[[:space:]]32503$	$M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json
0	out:^#input[[:space:]]200 x 4$	$M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json
2	err:a model is required	$M info
2	err:a model is required	$M predict $D/small.fa
2	err:--batch-size .0.: must be between	$M predict -b 0 -m x.h5 $D/small.fa
2	err:both -m MODEL.h5 and -o OUT.h5	$M normalize -m x.h5
1	err:nope.h5: cannot open	$M info -m $D/nope.h5
1	err:not an HDF5 file	$M info -m $D/small.fa
1	err:no 'model_config' attribute: not a full Keras model	$M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5
1	err:nope.json: cannot open	$M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $T/nope.json
1	err:layer 'conv1d_2': unsupported layer class 'LSTM'	sed 's/"class_name": "Conv1D"/"class_name": "LSTM"/2' $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json > $T/lstm.json && $M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $T/lstm.json
1	err:has shape \(11,4,50\) but the architecture needs \(11,4,40\)	sed 's/"filters": 50/"filters": 40/' $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json > $T/f40.json && $M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $T/f40.json
1	err:not valid JSON	head -c 200 $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json > $T/cut.json && $M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $T/cut.json
1	err:has length 12, expected 200	$M predict -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa -o $T/p.tsv
0	out:^seq1[[:space:]][0-9.e-]+[[:space:]][0-9.e-]+[[:space:]][0-9.e-]+$	$M predict --resize -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
0	out:^name[[:space:]]task0[[:space:]]task1[[:space:]]task2$	$M predict -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --names $D/paper/test.txt.gz $D/paper/sequences.simdata.gz
0	out:^801$	$M predict -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --names $D/paper/test.txt.gz $D/paper/sequences.simdata.gz -o $T/t.tsv.gz && gzip -dc $T/t.tsv.gz | wc -l
0	out:^task3[[:space:]]800[[:space:]]424[[:space:]]0\.997	$M evaluate -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --names $D/paper/test.txt.gz $D/paper/sequences.simdata.gz
0	out:^task2[[:space:]]2[[:space:]]1[[:space:]]	printf "name\tA\tB\tC\nseq1\t1\t0\t1\nseq2\t0\t1\t0\nseq9\t1\t1\t1\n" > $T/lab.tsv && $M evaluate --resize -l $T/lab.tsv -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
1	err:no labels	$M evaluate --resize -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
0	out:^#total_params[[:space:]]32503$	$M normalize -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -o $T/n.h5 && $M info -m $T/n.h5
