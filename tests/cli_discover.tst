# motiflift discover (issue 16): bad inputs say one line and exit non-zero; usage errors exit 2.
# exit	expectation	command
# fixtures (dc/): synthetic explain npz files (tests/discover_check.py) and broken ones
0	-	rm -rf $T/dc && mkdir $T/dc && $PYTHON $D/../discover_check.py make $T/dc $D/../../motifs/encode_motifs.txt.gz && : > $T/dc/empty.npz && head -c 100000 $T/dc/a.npz > $T/dc/trunc.npz
0	-	$PYTHON -c "import numpy as np; z=dict(np.load('$T/dc/a.npz')); z['hyp'][3,5,2,1]=np.nan; np.savez('$T/dc/nan.npz',**z); z=dict(np.load('$T/dc/a.npz')); z['onehot'][3,5,:]=[1,1,0,0]; np.savez('$T/dc/oh.npz',**z); z=dict(np.load('$T/dc/a.npz')); [z.__setitem__(k, z[k][:0]) for k in ('hyp','onehot','names')]; np.savez('$T/dc/n0.npz',**z); z=dict(np.load('$T/dc/a.npz')); z['hyp'][2,7,1,0]=3e35; np.savez('$T/dc/big.npz',**z)"
# a run: the summary line, every output
0	err:^\[M::discover\] 700 sequences, 1 task: [0-9]+ seqlets, [0-9]+ patterns in	$M discover -s $T/dc/a.npz --task 1 -o $T/dc/ok && test -s $T/dc/ok.meme -a -s $T/dc/ok.cwm.meme -a -s $T/dc/ok.patterns.npz -a -s $T/dc/ok.h5 -a -s $T/dc/ok.seqlets.bed -a -s $T/dc/ok.html
0	out:^MOTIF	$M discover -q -s $T/dc/a.npz --task second -o $T/dc/q && grep -m1 '^MOTIF' $T/dc/q.meme
# bad inputs: one line naming the file and the problem, exit 1, nothing written
1	one:nohyp.npz: no array 'hyp'	$M discover -s $T/dc/nohyp.npz -o $T/dc/bad
1	one:shape.npz: hyp must be a float \(n, L, 4, T\) array	$M discover -s $T/dc/shape.npz -o $T/dc/bad
1	one:task both: no seqlet passes the threshold	$M discover -s $T/dc/zero.npz -o $T/dc/bad
1	one:empty.npz: too short for a zip/npz file	$M discover -s $T/dc/empty.npz -o $T/dc/bad
1	one:trunc.npz: not a zip/npz file	$M discover -s $T/dc/trunc.npz -o $T/dc/bad
1	one:same_motif.meme: not a zip/npz file	$M discover -s $D/same_motif.meme -o $T/dc/bad
1	one:nan.npz: hyp of sequence 's3' \(row 3\), task second is not finite at position 5	$M discover -s $T/dc/nan.npz -o $T/dc/bad
1	one:big.npz: hyp of sequence 's2' \(row 2\), task both is beyond \+-1e30 at position 7	$M discover -s $T/dc/big.npz -o $T/dc/bad
1	one:oh.npz: onehot row 3, position 5 is not one-hot	$M discover -s $T/dc/oh.npz -o $T/dc/bad
1	one:n0.npz: no sequences	$M discover -s $T/dc/n0.npz -o $T/dc/bad
1	one:cannot open .*missing.npz	$M discover -s $T/dc/missing.npz -o $T/dc/bad
1	one:hyp	$M discover -s $T/dc/a.npz $T/dc/shape.npz -o $T/dc/bad
0	-	! ls $T/dc | grep -q '^bad'
# an output is never an input
1	one:output .*dc/x.meme. is the input .*dc/x.meme	cp $D/same_motif.meme $T/dc/x.meme && $M discover -s $T/dc/a.npz --task 1 -o $T/dc/x --db $T/dc/x.meme
1	one:cannot write .*no/such/dir	$M discover -s $T/dc/a.npz -o $T/dc/no/such/dir/p
# usage errors: exit 2
2	one:--task 'third': task 'third' does not exist	$M discover -s $T/dc/a.npz --task third -o $T/dc/bad
2	one:task '5' does not exist	$M discover -s $T/dc/a.npz --task 5 -o $T/dc/bad
2	one:task 'both' is named twice	$M discover -s $T/dc/a.npz --task 0,both -o $T/dc/bad
2	one:expected an output prefix	$M discover -s $T/dc/a.npz
2	one:expected explain npz files	$M discover -o $T/dc/bad
2	one:-o needs a file name prefix	$M discover -s $T/dc/a.npz -o -
2	one:--fdr	$M discover -s $T/dc/a.npz -o $T/dc/bad --fdr 2
2	one:--window	$M discover -s $T/dc/a.npz -o $T/dc/bad -w 0
