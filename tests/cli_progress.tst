# Progress: done/total, rate and ETA; a refreshing line on a terminal (script(1) gives one),
# a plain line every MOTIFLIFT_PROGRESS_SECONDS elsewhere (default 10: short runs print none);
# -q silences it.
# exit	expectation	command
0	err:^\[M::explain\] 64/800 sequences \(8%\), [0-9]+/s, ETA [0-9]+:[0-9][0-9]$	MOTIFLIFT_PROGRESS_SECONDS=0 $M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -n 1 --names $D/paper/test.txt.gz $D/paper/sequences.simdata.gz -o $T/p.npz
0	-	MOTIFLIFT_PROGRESS_SECONDS=0 $M explain -q -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -n 1 --names $D/paper/test.txt.gz $D/paper/sequences.simdata.gz -o $T/p.npz 2> $T/q.err && test ! -s $T/q.err
0	-	$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -n 1 --names $D/paper/test.txt.gz $D/paper/sequences.simdata.gz -o $T/p.npz 2> $T/d.err && ! grep -q 'sequences (' $T/d.err
0	out:\[M::explain\] [0-9]+/800 sequences \([0-9]+%\), [0-9]+/s, ETA [0-9]+:[0-9][0-9]	script -qec "$M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -n 1 --names $D/paper/test.txt.gz $D/paper/sequences.simdata.gz -o $T/p.npz" /dev/null | tr '\r' '\n'
0	err:^\[M::explain\] [0-9]+ sequences, [0-9]+/s$	MOTIFLIFT_PROGRESS_SECONDS=0 $M explain -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json -n 1 -r zeros - < $D/paper/sequences.simdata.gz -o $T/p.npz
0	err:^\[M::simulate\] 2000/2000 sequences \(100%\)	MOTIFLIFT_PROGRESS_SECONDS=0 $M simulate -n 2000 -o $T/psim
0	err:^\[M::merge\] 9/9 arrays \(100%\)	MOTIFLIFT_PROGRESS_SECONDS=0 $M merge -o $T/pm.npz $T/p.npz
0	err:^\[M::train\] [0-9]+/[0-9]+ sequences of epoch 1	$M simulate -n 400 -o $T/ptr 2>/dev/null && MOTIFLIFT_PROGRESS_SECONDS=0 $M train --data $T/ptr.simdata.gz --valid $T/ptr.valid.txt --epochs 1 -o $T/ptr.h5
