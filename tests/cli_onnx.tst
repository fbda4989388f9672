# ONNX models (issue 14), on the committed fixtures of tests/data/onnx (tests/onnx_torch.py
# data); tests/onnx_torch.sh checks the numbers against PyTorch.
# exit	expectation	command
0	out:^#source.ONNX \(IR 7, opset 13, pytorch 1.13.0\); input 'x' \(batch, 4, 20\): channels first$	$M info -m $D/onnx/tiny.onnx
0	out:^#source.ONNX .*input 'x' \(batch, 20, 4\): channels last$	$M info -m $D/onnx/tiny_last.onnx
0	out:^5.\/Sigmoid.Activation.sigmoid.1 x 2	$M info $D/onnx/tiny.onnx
0	out:^#source.ONNX	cp $D/onnx/tiny.onnx $T/model.h5 && $M info -m $T/model.h5
0	out:^s2	printf '>s1\nACGTACGTACGTACGTACGT\n>s2\nTTGCANNNACGTAAGGCCTA\n' > $T/s.fa && $M predict -m $D/onnx/tiny.onnx $T/s.fa
0	-	printf '>s1\nACGTACGTACGTACGTACGT\n>s2\nTTGCANNNACGTAAGGCCTA\n' > $T/s.fa && $M predict -m $D/onnx/tiny.onnx $T/s.fa -o $T/a.tsv && $M predict -m $D/onnx/tiny_last.onnx $T/s.fa -o $T/b.tsv && cmp $T/a.tsv $T/b.tsv
0	out:^#name.pos.base.task0.task1$	printf '>s1\nACGTACGTACGTACGTACGT\n' > $T/s.fa && $M explain -r zeros -m $D/onnx/tiny.onnx $T/s.fa | sed -n 2p
0	out:^#source.ONNX	$M normalize -m $D/onnx/tiny.onnx -o $T/norm.onnx && $M info -m $T/norm.onnx
2	err:-o .*n.h5: an ONNX model is written back as ONNX; name the output .onnx	$M normalize -m $D/onnx/tiny.onnx -o $T/n.h5
2	err:is an ONNX model, which carries its architecture: --json is only for weights-only Keras	$M info -m $D/onnx/tiny.onnx --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json
1	err:t.onnx: not an ONNX model: the protobuf does not decode \(truncated or corrupt	head -c 600 $D/onnx/tiny.onnx > $T/t.onnx && $M info -m $T/t.onnx
1	err:x.onnx: not an ONNX model: the protobuf does not decode	printf 'hello, not a model\n' > $T/x.onnx && $M predict -m $T/x.onnx $D/small.fa
1	err:e.onnx: not an ONNX model: the file is empty	: > $T/e.onnx && $M info -m $T/e.onnx
1	err:x.bin: not an HDF5 file	printf 'hello, not a model\n' > $T/x.bin && $M info -m $T/x.bin
1	err:external.onnx: tensor 'conv.weight' keeps its values in an external file	$M info -m $D/onnx/external.onnx
1	err:erf.onnx: node '/Erf' \(Erf\): op not supported \(motiflift reads 1-D conv nets	$M info -m $D/onnx/erf.onnx
1	err:loop.onnx: node '/Loop' \(Loop\): control flow is not supported	$M info -m $D/onnx/loop.onnx
1	err:fivech.onnx: input 'x' has shape \(batch, 5, 20\): neither axis has the 4 channels of one-hot DNA	$M info -m $D/onnx/fivech.onnx
1	err:dynlen.onnx: input 'x' has shape \(batch, 4, length\): its length is not fixed	$M info -m $D/onnx/dynlen.onnx
1	err:opset9.onnx: ONNX opset 9 \(motiflift reads opsets 11 to 17	$M info -m $D/onnx/opset9.onnx
1	err:nope.onnx: cannot open	$M info -m $T/nope.onnx
