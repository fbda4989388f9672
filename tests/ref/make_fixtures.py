#!/usr/bin/env python3
"""Writes small Keras HDF5 fixtures with h5py (tests only) into the directory argv[1]:

  general.h5   full-model form, Keras 2.2.4-style config object with an InputLayer:
               Conv1D same/stride 2/fused relu, Conv1D dilation 2, BatchNormalization,
               MaxPooling1D, AveragePooling1D, GlobalMaxPooling1D, Dense tanh, Dense softmax;
               random weights (seed 1), variable-length string attributes like h5py 3
  plain.h5     HDF5 with a dataset but no Keras layout
  nan.h5       general.h5 with one NaN weight
  shape.h5     general.h5 with a Dense kernel of the wrong shape
  seqs.simdata 50 random sequences of length 60 for general.h5"""
import json
import sys

import h5py
import numpy as np

rng = np.random.RandomState(1)
L = 60


def layer(cls, **cfg):
    return {"class_name": cls, "config": cfg}


LAYERS = [
    layer("InputLayer", name="input_1", batch_input_shape=[None, L, 4], dtype="float32"),
    layer("Conv1D", name="conv_a", filters=8, kernel_size=[5], strides=[2], padding="same",
          dilation_rate=[1], activation="relu", use_bias=True, data_format="channels_last"),
    layer("Conv1D", name="conv_b", filters=6, kernel_size=[3], strides=[1], padding="valid",
          dilation_rate=[2], activation="linear", use_bias=False),
    layer("BatchNormalization", name="bn", axis=-1, epsilon=0.001, center=True, scale=True),
    layer("MaxPooling1D", name="maxpool", pool_size=[2], strides=[2], padding="valid"),
    layer("AveragePooling1D", name="avgpool", pool_size=[3], strides=[1], padding="valid"),
    layer("GlobalMaxPooling1D", name="gmp"),
    layer("Dense", name="dense_a", units=7, activation="tanh", use_bias=True),
    layer("Dropout", name="drop", rate=0.25),
    layer("Dense", name="dense_b", units=3, activation="softmax", use_bias=True),
]

WEIGHTS = {
    "conv_a": [("kernel", (5, 4, 8)), ("bias", (8,))],
    "conv_b": [("kernel", (3, 8, 6))],
    "bn": [("gamma", (6,)), ("beta", (6,)), ("moving_mean", (6,)), ("moving_variance", (6,))],
    "dense_a": [("kernel", (6, 7)), ("bias", (7,))],
    "dense_b": [("kernel", (7, 3)), ("bias", (3,))],
}


def write_model(path, mutate=None):
    cfg = {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": LAYERS},
           "keras_version": "2.2.4", "backend": "tensorflow"}
    r = np.random.RandomState(1)
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = "2.2.4"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(cfg)
        mw = f.create_group("model_weights")
        names = [l["config"]["name"] for l in LAYERS]
        mw.attrs["layer_names"] = [n.encode() for n in names]
        for n in names:
            g = mw.create_group(n)
            wn = []
            for key, shape in WEIGHTS.get(n, []):
                x = r.uniform(-1, 1, size=shape).astype(np.float32)
                if key == "moving_variance":
                    x = np.abs(x) + 0.1
                if mutate:
                    x = mutate(n, key, x)
                g.create_dataset("%s/%s:0" % (n, key), data=x)
                wn.append(("%s/%s:0" % (n, key)).encode())
            g.attrs["weight_names"] = wn


def nan_weight(n, key, x):
    if n == "dense_a" and key == "kernel":
        x = x.copy()
        x[2, 3] = np.nan
    return x


def bad_shape(n, key, x):
    return x[:5] if n == "dense_a" and key == "kernel" else x


def main():
    d = sys.argv[1]
    write_model(d + "/general.h5")
    write_model(d + "/nan.h5", nan_weight)
    write_model(d + "/shape.h5", bad_shape)
    with h5py.File(d + "/plain.h5", "w") as f:
        f.create_dataset("x", data=np.arange(3.0))
    with open(d + "/seqs.simdata", "w") as fh:
        fh.write("seqName\tsequence\tembeddings\ttask1\ttask2\ttask3\n")
        for i in range(50):
            s = "".join(rng.choice(list("ACGTN"), p=[0.24, 0.24, 0.24, 0.24, 0.04], size=L))
            fh.write("s%d\t%s\t\t%d\t%d\t%d\n" % (i, s, i % 2, (i // 2) % 2, (i // 3) % 2))


if __name__ == "__main__":
    main()
