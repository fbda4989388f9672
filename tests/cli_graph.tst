# Keras functional graphs (issue 13): heads, targets, their usage errors. The fixtures and
# the numbers are checked in tests/graph_numpy.sh; these rows need only the paper's model.
# exit	expectation	command
0	out:^#output.0.activation_4.1 x 3.3 values.logit_layer=9$	$M info -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 --json $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json
0	out:^name.task0.task1.task2$	$M predict --head activation_4 -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --resize $D/small.fa
0	out:^name.task0.task1.task2$	$M predict --head 0 -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --resize $D/small.fa
2	err:--head .1.: the model has no such output \(1: activation_4 or 0..0	$M predict --head 1 -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
2	err:--head .dense_2.: the model has no such output	$M evaluate --head dense_2 -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/paper/sequences.simdata.gz
2	err:--target .shape. is not one of: counts profile	$M explain --target shape -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
2	err:--profile-rule .deeplift. is not one of: rescale shap	$M explain --profile-rule deeplift -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
2	err:--profile-rule applies to --target profile	$M explain --profile-rule shap -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json $D/small.fa
2	err:the model has no profile output	$M explain --target profile -r zeros -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --resize $D/small.fa
2	err:output .activation_4. has one position \(3 values\): it is no profile	$M explain --head 0 --target profile -r zeros -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --resize $D/small.fa
0	out:^target=logits	printf 'empty_1732\n' > $T/one && $M explain -q --target counts -r zeros -m $D/paper/keras2_conv1d_record_5_model_PQzyq_modelWeights.h5 -j $D/paper/keras2_conv1d_record_5_model_PQzyq_modelJson.json --names $T/one $D/paper/sequences.simdata.gz | head -1 | tr ';' '\n'
1	err:a Keras 3 .keras archive	printf 'PK\003\004' > $T/m.keras && $M info -m $T/m.keras
