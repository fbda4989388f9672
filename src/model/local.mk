# src/model: the model: layers, kernels, Keras HDF5 read/write, normalize, predict, train, metrics.
libmotiflift_la_SOURCES += \
	src/model/gemm.c \
	src/model/graph.c \
	src/model/keras_config.c \
	src/model/keras_functional.c \
	src/model/keras_layers.c \
	src/model/keras_io.c \
	src/model/keras_save.c \
	src/model/kernels.c \
	src/model/layer.c \
	src/model/metrics.c \
	src/model/model.c \
	src/model/normalize.c \
	src/model/paper_arch.c \
	src/model/predict.c \
	src/model/train.c \
	src/model/train_data.c \
	src/model/vec.c \
	src/model/wiring.c \
	src/model/gemm.h \
	src/model/graph.h \
	src/model/keras_functional.h \
	src/model/keras_io.h \
	src/model/keras_layers.h \
	src/model/kernels.h \
	src/model/layer.h \
	src/model/metrics.h \
	src/model/model.h \
	src/model/normalize.h \
	src/model/predict.h \
	src/model/train.h \
	src/model/vec.h \
	src/model/wiring.h
