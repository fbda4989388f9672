/* onnx_io.h: ONNX model files (PyTorch's exchange format, torch.onnx.export), read through
 * protobuf-c into the same layer graph the Keras reader builds (model.h): nothing
 * downstream asks where a model came from.
 *
 * What is read: a ModelProto of IR version 3 to 9 whose default-domain opset is 11 to 17,
 * with one input of shape (N, 4, L) (channels first, PyTorch) or (N, L, 4) (channels
 * last), L fixed; 1-D conv nets of Conv, Relu, Sigmoid, Tanh, Softmax, Add, Sub, Mul, Div,
 * MatMul, Gemm, Slice, ReduceMean, ReduceSum, Reshape, Flatten, Squeeze, Unsqueeze,
 * Transpose, MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, BatchNormalization,
 * Identity, Dropout, Concat, Pad and Cast, with shape sub-graphs (Shape, Gather, Constant,
 * arithmetic, ...) folded for the fixed length. Weights are rearranged at load into the
 * Keras axis order the engine uses. Anything else is one error line naming the node and
 * its op. Outputs keep the graph's order and names. */
#ifndef MF_ONNX_IO_H
#define MF_ONNX_IO_H

#include "model/model.h"

/* Loads an ONNX model; the caller owns it (mf_model_destroy). NULL on error (logged). */
mf_model_t *mf_onnx_load(const char *path);

/* 1 when the file's content is an ONNX model rather than HDF5 (a protobuf starting with
   its ir_version field), or when it cannot be read and its name ends in ".onnx"; else 0. */
int mf_onnx_sniff(const char *path);

/* Writes the ONNX model at src_path to out_path (atomically) with the weights of m's
   convolutions (m as loaded from src_path, then changed in place, e.g. normalized) in
   place of the file's: the graph is kept as it is, so other tools read the result as they
   read the original. 0, or -1 (logged) when m's other layers changed or it does not come
   from that file. */
int mf_onnx_save(const char *src_path, const mf_model_t *m, const char *out_path);

#endif
