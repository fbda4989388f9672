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
# ONNX models (issue 14): C for the ONNX schema, generated at build time by protoc-c from
# the onnx.proto configure found (python3-onnx's); never in the repository or the tarball.
# It lands in the build tree's src/model/gen/ (included as "model/gen/onnx.pb-c.h").
MF_ONNX_PB = src/model/gen/onnx.pb-c.c src/model/gen/onnx.pb-c.h
nodist_libmotiflift_la_SOURCES = $(MF_ONNX_PB)
BUILT_SOURCES = $(MF_ONNX_PB)
MOSTLYCLEANFILES = $(MF_ONNX_PB) src/model/gen/onnx.proto
src/model/gen/onnx.pb-c.c: $(ONNX_PROTO)
	$(AM_V_GEN)$(MKDIR_P) src/model/gen && cp "$(ONNX_PROTO)" src/model/gen/onnx.proto && \
	$(PROTOC_C) --proto_path=src/model/gen --c_out=src/model/gen src/model/gen/onnx.proto
src/model/gen/onnx.pb-c.h: src/model/gen/onnx.pb-c.c
	@test -f $@ || { rm -f src/model/gen/onnx.pb-c.c; $(MAKE) $(AM_MAKEFLAGS) src/model/gen/onnx.pb-c.c; }
libmotiflift_la_SOURCES += \
	src/model/onnx_fold.c \
	src/model/onnx_layers.c \
	src/model/onnx_ops.c \
	src/model/onnx_read.c \
	src/model/onnx_tensor.c \
	src/model/onnx_values.c \
	src/model/onnx_view.c \
	src/model/onnx_write.c \
	src/model/onnx_internal.h \
	src/model/onnx_io.h
