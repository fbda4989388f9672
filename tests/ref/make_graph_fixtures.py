#!/usr/bin/env python3
"""Writes small Keras functional models with h5py (tests only) into the directory argv[1]:

  chrombpnet_v3.h5  ChromBPNet-shaped (chrombpnet's bpnet_model.py at small size): a valid
                    Conv1D, dilated valid Conv1Ds (relu) with Cropping1D skips and Add, a
                    profile head (Conv1D -> Cropping1D -> Flatten) and a counts head
                    (GlobalAveragePooling1D -> Dense(1)); class Functional, TF 2.x style:
                    variable-length string attributes (h5py 3)
  chrombpnet_v2.h5  the same weights as a Keras 2.2.4-tf "Model": fixed-length NULLPAD
                    strings (h5py 2), layer_names split into layer_names0/layer_names1, the
                    config's layer list out of order, /optimizer_weights and training_config
  bpnet.h5          BPNet-shaped (bpnet-lite's layout): 'same' dilated convs with residual
                    Add and no crops, BatchNormalization, a two-track profile head (Conv1D ->
                    Cropping1D -> Reshape) and a counts head (Cropping1D -> global average
                    and max pooling -> Concatenate -> Dense relu -> Dropout -> Dense(2));
                    outputs listed counts first
  lambda.h5, nested.h5, keras3.h5, shared.h5, tfop.h5: what motiflift refuses
  seqs.fa           12 random sequences of each model's input length (chrombpnet_*: 120,
  seqs100.fa        bpnet: 100)

Weights are seeded and scaled by 1/sqrt(fan-in) so activations stay of order one."""
import json
import sys

import h5py
import numpy as np

OUT = sys.argv[1]


def layer(cls, name, inbound, **cfg):
    cfg["name"] = name
    nodes = [[[src, 0, 0, {}] for src in inbound]] if inbound is not None else []
    return {"class_name": cls, "config": cfg, "name": name, "inbound_nodes": nodes}


def conv(name, src, filters, k, dil=1, pad="valid", act="linear"):
    return layer("Conv1D", name, [src], filters=filters, kernel_size=[k], strides=[1],
                 padding=pad, data_format="channels_last", dilation_rate=[dil], groups=1,
                 activation=act, use_bias=True, trainable=True, dtype="float32")


def chrombpnet_layers(L=120, F=8, n_dil=3, prof_k=9, out_len=60):
    ls = [layer("InputLayer", "sequence", None, batch_input_shape=[None, L, 4],
                dtype="float32", sparse=False, ragged=False)]
    ls.append(conv("bpnet_1st_conv", "sequence", F, 11, act="relu"))
    x, xlen = "bpnet_1st_conv", L - 10
    for i in range(1, n_dil + 1):
        c = "bpnet_%dconv" % i
        ls.append(conv(c, x, F, 3, dil=2 ** i, act="relu"))
        crop = 2 ** i
        ls.append(layer("Cropping1D", "bpnet_%dcrop" % i, [x], cropping=[crop, crop]))
        add = "add" if i == 1 else "add_%d" % (i - 1)
        ls.append(layer("Add", add, [c, "bpnet_%dcrop" % i]))
        x, xlen = add, xlen - 2 * crop
    ls.append(conv("prof_out_precrop", x, 1, prof_k))
    plen = xlen - prof_k + 1
    cs = (plen - out_len) // 2
    ls.append(layer("Cropping1D", "logits_profile_predictions_preflatten", ["prof_out_precrop"],
                    cropping=[cs, plen - out_len - cs]))
    ls.append(layer("Flatten", "logits_profile_predictions",
                    ["logits_profile_predictions_preflatten"], data_format="channels_last"))
    ls.append(layer("GlobalAveragePooling1D", "gap", [x], data_format="channels_last",
                    keepdims=False))
    ls.append(layer("Dense", "logcount_predictions", ["gap"], units=1, activation="linear",
                    use_bias=True))
    outs = [["logits_profile_predictions", 0, 0], ["logcount_predictions", 0, 0]]
    return ls, outs


def bpnet_layers(L=100, F=8):
    ls = [layer("InputLayer", "x", None, batch_input_shape=[None, L, 4], dtype="float32")]
    ls.append(conv("iconv", "x", F, 7, pad="same"))
    ls.append(layer("BatchNormalization", "ibn", ["iconv"], axis=-1, epsilon=0.001,
                    center=True, scale=True))
    ls.append(layer("Activation", "irelu", ["ibn"], activation="relu"))
    x = "irelu"
    for i in (1, 2):
        ls.append(conv("rconv%d" % i, x, F, 3, dil=2 ** i, pad="same", act="relu"))
        ls.append(layer("Add", "radd%d" % i, [x, "rconv%d" % i]))
        x = "radd%d" % i
    ls.append(conv("fconv", x, 2, 5))                                   # 96 x 2
    ls.append(layer("Cropping1D", "pcrop", ["fconv"], cropping=[18, 18]))  # 60 x 2
    ls.append(layer("Reshape", "profile", ["pcrop"], target_shape=[120]))
    ls.append(layer("Cropping1D", "ccrop", [x], cropping=[20, 20]))
    ls.append(layer("GlobalAveragePooling1D", "cgap", ["ccrop"]))
    ls.append(layer("GlobalMaxPooling1D", "cgmp", ["ccrop"]))
    ls.append(layer("Concatenate", "ccat", ["cgap", "cgmp"], axis=-1))
    ls.append(layer("Dense", "chid", ["ccat"], units=8, activation="relu", use_bias=True))
    ls.append(layer("Dropout", "cdrop", ["chid"], rate=0.1))
    ls.append(layer("Dense", "counts", ["cdrop"], units=2, activation="linear", use_bias=True))
    outs = [["counts", 0, 0], ["profile", 0, 0]]
    return ls, outs


def shapes(ls, L):
    """The weight shapes of each layer, from its inbound layer's output shape."""
    out, w = {}, {}
    for l in ls:
        c, cfg = l["class_name"], l["config"]
        ins = [out[e[0]] for e in l["inbound_nodes"][0]] if l["inbound_nodes"] else []
        if c == "InputLayer":
            out[cfg["name"]] = tuple(cfg["batch_input_shape"][1:])
        elif c == "Conv1D":
            (n, ch), k, d = ins[0], cfg["kernel_size"][0], cfg["dilation_rate"][0]
            w[cfg["name"]] = [("kernel", (k, ch, cfg["filters"])), ("bias", (cfg["filters"],))]
            n2 = n if cfg["padding"] == "same" else n - (k - 1) * d
            out[cfg["name"]] = (n2, cfg["filters"])
        elif c == "Dense":
            w[cfg["name"]] = [("kernel", (ins[0][-1], cfg["units"])), ("bias", (cfg["units"],))]
            out[cfg["name"]] = (cfg["units"],)
        elif c == "BatchNormalization":
            ch = ins[0][-1]
            w[cfg["name"]] = [(k, (ch,)) for k in ("gamma", "beta", "moving_mean", "moving_variance")]
            out[cfg["name"]] = ins[0]
        elif c == "Cropping1D":
            a, b = cfg["cropping"]
            out[cfg["name"]] = (ins[0][0] - a - b, ins[0][1])
        elif c == "Flatten":
            out[cfg["name"]] = (int(np.prod(ins[0])),)
        elif c == "Reshape":
            out[cfg["name"]] = tuple(cfg["target_shape"])
        elif c in ("GlobalAveragePooling1D", "GlobalMaxPooling1D"):
            out[cfg["name"]] = (ins[0][-1],)
        elif c == "Concatenate":
            out[cfg["name"]] = (sum(i[-1] for i in ins),)
        else:
            out[cfg["name"]] = ins[0]
    return w


def weights(ls, L, seed):
    r = np.random.RandomState(seed)
    vals = {}
    for name, ws in shapes(ls, L).items():
        for key, shape in ws:
            if key == "kernel":
                fan_in = int(np.prod(shape[:-1]))
                x = r.normal(0, 1.4 / np.sqrt(fan_in), size=shape)
            elif key == "moving_variance":
                x = r.uniform(0.5, 1.5, size=shape)
            elif key == "gamma":
                x = r.uniform(0.5, 1.5, size=shape) * r.choice([-1, 1], size=shape)
            else:
                x = r.normal(0, 0.1, size=shape)
            vals.setdefault(name, []).append((key, x.astype(np.float32)))
    return vals


def strings(names, fixed):
    if fixed:
        return np.array([n.encode() for n in names], dtype="S%d" % max(1, max(len(n) for n in names)))
    return np.array(names, dtype=h5py.string_dtype("ascii"))


def write(path, ls, outs, vals, cls="Functional", kv="2.8.0", fixed=False, split=False,
          extras=False, order=None, root_cfg=None):
    cfg = {"class_name": cls, "config": {"name": "model", "layers": ls if order is None else
                                         [ls[i] for i in order],
                                         "input_layers": [[ls[0]["name"], 0, 0]],
                                         "output_layers": outs},
           "keras_version": kv, "backend": "tensorflow"}
    if root_cfg:
        cfg = root_cfg(cfg)
    with h5py.File(path, "w") as f:
        if fixed:
            f.attrs["keras_version"] = np.bytes_(kv)
            f.attrs["backend"] = np.bytes_("tensorflow")
            f.attrs["model_config"] = np.bytes_(json.dumps(cfg))
        else:
            f.attrs["keras_version"] = kv
            f.attrs["backend"] = "tensorflow"
            f.attrs["model_config"] = json.dumps(cfg)
        if extras:
            f.attrs["training_config"] = json.dumps({"loss": ["multinomial_nll", "mse"]})
            ow = f.create_group("optimizer_weights").create_group("Adam")
            ow.create_dataset("iter:0", data=np.int64(1234))
        mw = f.create_group("model_weights")
        names = [l["name"] for l in ls]
        if split:  # what Keras does past 64 kB: name0, name1, ...
            mw.attrs["layer_names0"] = strings(names[:5], fixed)
            mw.attrs["layer_names1"] = strings(names[5:], fixed)
        else:
            mw.attrs["layer_names"] = strings(names, fixed)
        mw.attrs["keras_version"] = kv
        mw.attrs["backend"] = "tensorflow"
        for n in names:
            g = mw.create_group(n)
            wn = []
            for key, x in vals.get(n, []):
                g.create_dataset("%s/%s:0" % (n, key), data=x)
                wn.append("%s/%s:0" % (n, key))
            g.attrs["weight_names"] = strings(wn, fixed) if wn else np.zeros(0, dtype=np.float64)


def fasta(path, n, L, seed):
    r = np.random.RandomState(seed)
    with open(path, "w") as f:
        for i in range(n):
            s = "".join(r.choice(list("ACGT"), size=L, p=[0.3, 0.2, 0.2, 0.3]))
            f.write(">s%d\n%s\n" % (i, s))


def main():
    ls, outs = chrombpnet_layers()
    vals = weights(ls, 120, 7)
    write(OUT + "/chrombpnet_v3.h5", ls, outs, vals)
    shuffled = [0] + list(range(len(ls) - 1, 0, -1))  # consumers listed before producers
    write(OUT + "/chrombpnet_v2.h5", ls, outs, vals, cls="Model", kv="2.2.4-tf", fixed=True,
          split=True, extras=True, order=shuffled)
    bl, bouts = bpnet_layers()
    write(OUT + "/bpnet.h5", bl, bouts, weights(bl, 100, 11))
    # refused: a Lambda head, a nested model, Keras 3, a shared layer, a TF op layer
    lam = ls + [layer("Lambda", "logsumexp", ["logcount_predictions"], function="4wEAAAA=",
                      function_type="lambda")]
    write(OUT + "/lambda.h5", lam, [outs[0], ["logsumexp", 0, 0]], vals)
    nested = ls[:1] + [layer("Functional", "model_wo_bias", ["sequence"], layers=[])]
    write(OUT + "/nested.h5", nested, [["model_wo_bias", 0, 0]], {})
    write(OUT + "/keras3.h5", ls, outs, vals, kv="3.3.3")
    shared = [dict(l) for l in ls]
    shared[1] = dict(shared[1], inbound_nodes=shared[1]["inbound_nodes"] * 2)
    write(OUT + "/shared.h5", shared, outs, vals)
    tfop = ls + [layer("TFOpLambda", "tf.math.exp", ["logcount_predictions"],
                       function="math.exp")]
    write(OUT + "/tfop.h5", tfop, [outs[0], ["tf.math.exp", 0, 0]], vals)
    fasta(OUT + "/seqs.fa", 12, 120, 3)
    fasta(OUT + "/seqs100.fa", 12, 100, 4)


if __name__ == "__main__":
    main()
