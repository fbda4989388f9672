/* paper_arch.c (room train): the DeepLIFT paper's genomics architecture (appendix F), the
 * Keras JSON the authors published (models/paper_arch.json is the same text, indented). */
#include "model/train.h"

const char *mf_train_paper_arch(void)
{
	return
		"{\"class_name\": \"Sequential\", \"keras_version\": \"2.1.6\", \"config\": [{\"class_name\": \"Conv1D\","
		" \"config\": {\"kernel_initializer\": {\"class_name\": \"VarianceScaling\", \"config\": {\"distributi"
		"on\": \"uniform\", \"scale\": 1.0, \"seed\": null, \"mode\": \"fan_avg\"}}, \"name\": \"conv1d_1\", \"kern"
		"el_constraint\": null, \"bias_regularizer\": null, \"bias_constraint\": null, \"dtype\": \"float32"
		"\", \"activation\": \"linear\", \"trainable\": true, \"filters\": 50, \"padding\": \"valid\", \"strides\""
		": [1], \"dilation_rate\": [1], \"kernel_regularizer\": null, \"bias_initializer\": {\"class_name\""
		": \"Zeros\", \"config\": {}}, \"batch_input_shape\": [null, 200, 4], \"use_bias\": true, \"activity"
		"_regularizer\": null, \"kernel_size\": [11]}}, {\"class_name\": \"Activation\", \"config\": {\"activ"
		"ation\": \"relu\", \"trainable\": true, \"name\": \"activation_1\"}}, {\"class_name\": \"Conv1D\", \"con"
		"fig\": {\"kernel_constraint\": null, \"kernel_initializer\": {\"class_name\": \"VarianceScaling\", "
		"\"config\": {\"distribution\": \"uniform\", \"scale\": 1.0, \"seed\": null, \"mode\": \"fan_avg\"}}, \"na"
		"me\": \"conv1d_2\", \"bias_regularizer\": null, \"bias_constraint\": null, \"activation\": \"linear\""
		", \"trainable\": true, \"padding\": \"valid\", \"strides\": [1], \"dilation_rate\": [1], \"kernel_reg"
		"ularizer\": null, \"filters\": 50, \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}},"
		" \"use_bias\": true, \"activity_regularizer\": null, \"kernel_size\": [11]}}, {\"class_name\": \"Ac"
		"tivation\", \"config\": {\"activation\": \"relu\", \"trainable\": true, \"name\": \"activation_2\"}}, {"
		"\"class_name\": \"AveragePooling1D\", \"config\": {\"padding\": \"valid\", \"strides\": [180], \"traina"
		"ble\": true, \"name\": \"average_pooling1d_1\", \"pool_size\": [180]}}, {\"class_name\": \"Flatten\","
		" \"config\": {\"trainable\": true, \"name\": \"flatten_1\", \"data_format\": \"channels_last\"}}, {\"cl"
		"ass_name\": \"Dense\", \"config\": {\"kernel_initializer\": {\"class_name\": \"VarianceScaling\", \"co"
		"nfig\": {\"distribution\": \"uniform\", \"scale\": 1.0, \"seed\": null, \"mode\": \"fan_avg\"}}, \"name\""
		": \"dense_1\", \"kernel_constraint\": null, \"bias_regularizer\": null, \"bias_constraint\": null,"
		" \"activation\": \"linear\", \"trainable\": true, \"kernel_regularizer\": null, \"bias_initializer\""
		": {\"class_name\": \"Zeros\", \"config\": {}}, \"units\": 50, \"use_bias\": true, \"activity_regulari"
		"zer\": null}}, {\"class_name\": \"Activation\", \"config\": {\"activation\": \"relu\", \"trainable\": t"
		"rue, \"name\": \"activation_3\"}}, {\"class_name\": \"Dropout\", \"config\": {\"rate\": 0.5, \"noise_sh"
		"ape\": null, \"trainable\": true, \"seed\": null, \"name\": \"dropout_1\"}}, {\"class_name\": \"Dense\""
		", \"config\": {\"kernel_initializer\": {\"class_name\": \"VarianceScaling\", \"config\": {\"distribut"
		"ion\": \"uniform\", \"scale\": 1.0, \"seed\": null, \"mode\": \"fan_avg\"}}, \"name\": \"dense_2\", \"kern"
		"el_constraint\": null, \"bias_regularizer\": null, \"bias_constraint\": null, \"activation\": \"li"
		"near\", \"trainable\": true, \"kernel_regularizer\": null, \"bias_initializer\": {\"class_name\": \""
		"Zeros\", \"config\": {}}, \"units\": 3, \"use_bias\": true, \"activity_regularizer\": null}}, {\"cla"
		"ss_name\": \"Activation\", \"config\": {\"activation\": \"sigmoid\", \"trainable\": true, \"name\": \"ac"
		"tivation_4\"}}], \"backend\": \"tensorflow\"}";
}
