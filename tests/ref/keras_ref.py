#!/usr/bin/env python3
"""Independent float64 reference for motiflift's Keras model code (tests only).

Reads a Keras HDF5 model with h5py (weights-only .h5 + .json, or a full model with
model_config), runs the forward pass in numpy float64 and compares with motiflift's TSV.

  keras_ref.py predict MODEL.h5 [--json ARCH] --seqs SEQS.simdata[.gz] --tsv OUT.tsv [--logits]
  keras_ref.py evaluate MODEL.h5 [--json ARCH] --seqs SEQS --names test.txt.gz --tsv EVAL.tsv
  keras_ref.py sumzero MODEL.h5           (first conv's weights sum to 0 over channels)
Exit 0 when the comparison holds, 1 with a message otherwise."""
import argparse
import gzip
import json
import sys

import h5py
import numpy as np


def opener(path):
    return gzip.open(path, "rt") if path.endswith(".gz") else open(path)


def load(path, json_path):
    f = h5py.File(path, "r")
    if json_path:
        cfg = json.load(open(json_path))
    else:
        raw = f.attrs["model_config"]
        cfg = json.loads(raw.decode() if isinstance(raw, bytes) else raw)
    root = f["model_weights"] if "model_weights" in f else f
    layers = cfg["config"]
    if isinstance(layers, dict):
        layers = layers["layers"]
    out = []
    for lj in layers:
        name = lj["config"]["name"]
        weights = {}
        if name in root:
            g = root[name]
            for wn in g.attrs["weight_names"]:
                wn = wn.decode() if isinstance(wn, bytes) else wn
                key = wn.split("/")[-1].split(":")[0]
                weights[key] = np.asarray(g[wn], dtype=np.float64)
        out.append((lj["class_name"], lj["config"], weights))
    return out


def act(x, name):
    if name in (None, "linear"):
        return x
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-x))
    if name == "tanh":
        return np.tanh(x)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise SystemExit("unsupported activation " + name)


def one(v):
    return v[0] if isinstance(v, list) else v


def conv(x, cfg, w):
    W, k = w["kernel"], w["kernel"].shape[0]
    s, d = one(cfg.get("strides", 1)), one(cfg.get("dilation_rate", 1))
    span = (k - 1) * d + 1
    L = x.shape[1]
    if cfg.get("padding", "valid") == "same":
        out_len = -(-L // s)
        tot = max((out_len - 1) * s + span - L, 0)
        x = np.pad(x, ((0, 0), (tot // 2, tot - tot // 2), (0, 0)))
    else:
        out_len = (L - span) // s + 1
    y = np.zeros((x.shape[0], out_len, W.shape[2]))
    for kk in range(k):
        idx = np.arange(out_len) * s + kk * d
        y += np.einsum("nlc,co->nlo", x[:, idx, :], W[kk])
    if "bias" in w:
        y += w["bias"]
    return act(y, cfg.get("activation"))


def pool(x, cfg, fn):
    k = one(cfg["pool_size"])
    s = one(cfg.get("strides") or k)
    if cfg.get("padding", "valid") != "valid":
        raise SystemExit("reference: only valid pooling")
    n = (x.shape[1] - k) // s + 1
    return np.stack([fn(x[:, i * s:i * s + k, :], axis=1) for i in range(n)], axis=1)


def forward(model, x, logits=False):
    last = len(model)
    if logits and model[-1][0] == "Activation":
        last -= 1
    elif logits:  # a fused final activation: the same layer, linear
        cls, cfg, w = model[-1]
        model = model[:-1] + [(cls, dict(cfg, activation="linear"), w)]
    for cls, cfg, w in model[:last]:
        if cls == "Conv1D":
            x = conv(x, cfg, w)
        elif cls == "Dense":
            x = x @ w["kernel"] + w.get("bias", 0.0)
            x = act(x, cfg.get("activation"))
        elif cls == "Activation":
            x = act(x, cfg["activation"])
        elif cls == "AveragePooling1D":
            x = pool(x, cfg, np.mean)
        elif cls == "MaxPooling1D":
            x = pool(x, cfg, np.max)
        elif cls == "GlobalAveragePooling1D":
            x = x.mean(axis=1)
        elif cls == "GlobalMaxPooling1D":
            x = x.max(axis=1)
        elif cls == "Flatten":
            x = x.reshape(x.shape[0], -1)
        elif cls == "BatchNormalization":
            x = (x - w["moving_mean"]) / np.sqrt(w["moving_variance"] + cfg.get("epsilon", 1e-3))
            x = x * w.get("gamma", 1.0) + w.get("beta", 0.0)
        elif cls in ("Dropout", "InputLayer"):
            pass
        else:
            raise SystemExit("reference: unsupported layer " + cls)
    return x.reshape(x.shape[0], -1)


def read_simdata(path, names=None):
    ids, seqs, labels = [], [], []
    with opener(path) as fh:
        fh.readline()
        for line in fh:
            p = line.rstrip("\n").split("\t")
            if names is not None and p[0] not in names:
                continue
            ids.append(p[0])
            seqs.append(p[1])
            labels.append([float(v) for v in p[3:]])
    ids = [i for i in ids]
    return ids, seqs, np.array(labels)


def onehot(seqs):
    lut = np.zeros((256, 4))  # N and other codes: all zeros
    for i, c in enumerate("ACGT"):
        lut[ord(c), i] = lut[ord(c.lower()), i] = 1.0
    return np.stack([lut[np.frombuffer(s.encode(), dtype=np.uint8)] for s in seqs])


def auroc(s, y):
    order = np.argsort(s, kind="mergesort")
    s, y = s[order], y[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):  # average ranks over ties
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        ranks[i:j] = (i + j + 1) / 2.0
        i = j
    npos = y.sum()
    nneg = len(y) - npos
    return (ranks[y == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg)


def cmd_predict(a):
    model = load(a.model, a.json)
    ids, seqs, _ = read_simdata(a.seqs)
    ref = forward(model, onehot(seqs), a.logits)
    rows = [l.rstrip("\n").split("\t") for l in open(a.tsv)][1:]
    got = np.array([[float(v) for v in r[1:]] for r in rows])
    if [r[0] for r in rows] != ids or got.shape != ref.shape:
        print("names or shape differ: %s vs %s" % (got.shape, ref.shape))
        return 1
    # relative to each value, with an absolute floor at 1e-5 of the output's scale
    # (float32 sums of ~550 terms cannot match near-zero logits relatively)
    scale = np.abs(ref).max()
    err = np.abs(got - ref) / np.maximum(np.abs(ref), scale)
    rel = np.abs(got - ref) / np.maximum(np.abs(ref), 1e-30)
    print("%d x %d outputs, max |diff| %.3g, max diff/max(|ref|, %.3g) %.3g, median rel %.3g"
          % (got.shape + (np.abs(got - ref).max(), scale, err.max(), np.median(rel))))
    return 0 if err.max() <= 1e-5 else 1


def cmd_evaluate(a):
    model = load(a.model, a.json)
    names = set(l.split()[0] for l in opener(a.names) if l.strip())
    ids, seqs, labels = read_simdata(a.seqs, names)
    ref = forward(model, onehot(seqs))
    rows = [l.rstrip("\n").split("\t") for l in open(a.tsv)][1:]
    bad = 0
    for t, r in enumerate(rows):
        want = auroc(ref[:, t], labels[:, t])
        print("task %d: motiflift auROC %s, numpy %.6f" % (t, r[3], want))
        bad += round(float(r[3]), 3) != round(want, 3) or int(r[1]) != len(ids)
    return 1 if bad or len(rows) != labels.shape[1] else 0


def cmd_sumzero(a):
    model = load(a.model, None)
    W = model[0][2]["kernel"]
    s = np.abs(W.sum(axis=1)).max()
    print("max |sum over channels| = %.3g" % s)
    return 0 if s < 1e-6 else 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cmd")
    p.add_argument("model")
    p.add_argument("--json")
    p.add_argument("--seqs")
    p.add_argument("--tsv")
    p.add_argument("--names")
    p.add_argument("--logits", action="store_true")
    a = p.parse_args()
    return {"predict": cmd_predict, "evaluate": cmd_evaluate, "sumzero": cmd_sumzero}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
