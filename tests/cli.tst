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
