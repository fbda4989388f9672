#!/usr/bin/env python3
"""ONNX fixtures and float64 references from PyTorch for motiflift's ONNX reader
(tests/onnx_torch.sh drives it; tests/data/onnx/README.md describes the committed files).

  onnx_torch.py data DIR              the small committed fixtures (tests/data/onnx): tiny
                                      models and malformed files for tests/cli_onnx.tst
  onnx_torch.py make DIR PAPER_DIR    models DIR/<name>.onnx, sequences DIR/<name>.fa and
                                      float64 PyTorch outputs DIR/<name>.ref.npz
  onnx_torch.py predict DIR NAME TSV [K]
                                      motiflift predict's TSV against output K of the reference
  onnx_torch.py deeplift DIR NAME NPZ [REFS.fa] [K] [profile]
                                      motiflift explain --rule rescale (zeros reference, or
                                      the FASTA references, n per sequence) against an autograd
                                      float64 DeepLIFT (Rescale) of the same model, output K
                                      (with profile: the profile target, rescale convention)

Models are built from fixed seeds (the paper's from tests/data/paper), so every subcommand
rebuilds the same network. PyTorch only makes the files and the references: motiflift reads
the ONNX with its own C reader.
"""
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

torch.set_grad_enabled(False)

# ---- DeepLIFT Rescale through autograd -------------------------------------------------------


class Rescale(torch.autograd.Function):
    """An elementwise nonlinearity f whose backward is the Rescale multiplier
    (f(x) - f(r)) / (x - r). The batch holds the inputs in its first half and their
    references in the second; where |x - r| is below 1e-7 the derivative at the reference
    is used (as motiflift does)."""

    @staticmethod
    def forward(ctx, x, f, df):
        ctx.save_for_backward(x)
        ctx.f, ctx.df = f, df
        return f(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        n = x.shape[0] // 2
        xi, xr = x[:n], x[n:]
        dx = xi - xr
        m = torch.where(dx.abs() < 1e-7, ctx.df(xr), (ctx.f(xi) - ctx.f(xr)) / torch.where(dx == 0, 1.0, dx))
        return g * torch.cat([m, m]), None, None


class ProfileRescale(torch.autograd.Function):
    """The profile target's y_j = m_j softmax(m)_j (over the last axis) as one elementwise
    nonlinearity under Rescale (bpnet-lite / tangermeme); where |m_x - m_r| < 1e-6 the
    gradient at x with the softmax held fixed, s_j (1 + m_j - sum_k s_k m_k)."""

    @staticmethod
    def forward(ctx, m):
        ctx.save_for_backward(m)
        return m * torch.softmax(m, dim=-1)

    @staticmethod
    def backward(ctx, g):
        (m,) = ctx.saved_tensors
        n = m.shape[0] // 2
        mx, mr = m[:n], m[n:]
        sx, sr = torch.softmax(mx, -1), torch.softmax(mr, -1)
        d = mx - mr
        grad = sx * (1 + mx - (sx * mx).sum(-1, keepdim=True))
        mult = torch.where(d.abs() < 1e-6, grad, (mx * sx - mr * sr) / torch.where(d == 0, 1.0, d))
        return g * torch.cat([mult, mult])


def _relu_d(x):
    return (x > 0).to(x.dtype)


class Net(nn.Module):
    """Base: the nonlinearities switch to Rescale for references."""

    rescale = False

    def relu(self, x):
        return Rescale.apply(x, torch.relu, _relu_d) if self.rescale else torch.relu(x)

    def tanh(self, x):
        return Rescale.apply(x, torch.tanh, lambda v: 1 - torch.tanh(v) ** 2) if self.rescale else torch.tanh(x)


# ---- the models ---------------------------------------------------------------------------------


class Paper(Net):
    """The paper's Keras model (tests/data/paper) in PyTorch with its weights copied in."""

    def __init__(self, paper_dir, channels_last=False):
        super().__init__()
        import h5py
        import json

        base = f"{paper_dir}/keras2_conv1d_record_5_model_PQzyq_model"
        cfg = {l["config"]["name"]: l["config"] for l in json.load(open(base + "Json.json"))["config"]}
        f = h5py.File(base + "Weights.h5", "r")

        def w(layer, kind):
            return np.asarray(f[f"{layer}/{layer}/{kind}:0"], dtype=np.float64)

        self.last = channels_last
        k1, k2 = cfg["conv1d_1"]["kernel_size"][0], cfg["conv1d_2"]["kernel_size"][0]
        pool = cfg["average_pooling1d_1"]["pool_size"][0]
        self.conv1, self.conv2 = nn.Conv1d(4, 50, k1), nn.Conv1d(50, 50, k2)
        self.pool = nn.AvgPool1d(pool, cfg["average_pooling1d_1"]["strides"][0])
        self.lp = (200 - k1 - k2 + 2 - pool) // cfg["average_pooling1d_1"]["strides"][0] + 1
        self.d1, self.d2 = nn.Linear(50 * self.lp, 50), nn.Linear(50, 3)
        self.drop = nn.Dropout(0.5)
        for conv, name in ((self.conv1, "conv1d_1"), (self.conv2, "conv1d_2")):
            conv.weight.copy_(torch.from_numpy(w(name, "kernel").transpose(2, 1, 0)))
            conv.bias.copy_(torch.from_numpy(w(name, "bias")))
        k = w("dense_1", "kernel")  # Keras flattens (L, C): row l*C + c
        if not channels_last:  # PyTorch flattens (C, L): column c*L + l
            k = k.reshape(self.lp, 50, 50).transpose(1, 0, 2).reshape(50 * self.lp, 50)
        self.d1.weight.copy_(torch.from_numpy(k.T))
        self.d1.bias.copy_(torch.from_numpy(w("dense_1", "bias")))
        self.d2.weight.copy_(torch.from_numpy(w("dense_2", "kernel").T))
        self.d2.bias.copy_(torch.from_numpy(w("dense_2", "bias")))
        self.logits = False

    def forward(self, x):
        if self.last:
            x = x.transpose(1, 2)
        h = self.pool(self.relu(self.conv2(self.relu(self.conv1(x)))))
        h = torch.flatten(h.transpose(1, 2) if self.last else h, 1)
        h = self.d2(self.drop(self.relu(self.d1(h))))
        return h if self.logits else torch.sigmoid(h)


class BPNetLite(Net):
    """bpnet-lite's BPNet (no control tracks) at a small size: same-padded dilated residual
    convolutions, a profile head trimmed to the output window and a count head over the
    mean of the trimmed window; channels first, two outputs."""

    def __init__(self, n_filters=8, n_layers=3, n_outputs=2, n_control_tracks=0):
        super().__init__()
        self.trimming = 47 + sum(2 ** i for i in range(1, n_layers + 1))
        self.iconv = nn.Conv1d(4, n_filters, kernel_size=21, padding=10)
        self.rconvs = nn.ModuleList(
            [nn.Conv1d(n_filters, n_filters, 3, padding=2 ** i, dilation=2 ** i) for i in range(1, n_layers + 1)])
        self.fconv = nn.Conv1d(n_filters + n_control_tracks, n_outputs, kernel_size=75, padding=37)
        self.linear = nn.Linear(n_filters + (1 if n_control_tracks else 0), 1)

    def forward(self, X, X_ctl=None):
        start, end = self.trimming, X.shape[2] - self.trimming
        X = self.relu(self.iconv(X))
        for conv in self.rconvs:
            X = torch.add(X, self.relu(conv(X)))
        X_w_ctl = X if X_ctl is None else torch.cat([X, X_ctl], dim=1)
        y_profile = self.fconv(X_w_ctl)[:, :, start:end]
        X = torch.mean(X[:, :, start - 37:end + 37], dim=2)
        if X_ctl is not None:
            X_ctl = torch.sum(X_ctl[:, :, start - 37:end + 37], dim=(1, 2)).unsqueeze(-1)
            X = torch.cat([X, torch.log(X_ctl + 1)], dim=-1)
        y_counts = self.linear(X).reshape(X.shape[0], 1)
        return y_profile, y_counts


class OpsA(Net):
    """Pad, dilated Conv, BatchNormalization, MaxPool, k=1 Conv, Sigmoid, Mul/Sub by
    constants, MatMul + Add (a Linear over positions), Transpose, AveragePool, Concat on
    channels, Softmax over channels, ReduceMean over the length, Gemm."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(4, 6, 5, dilation=2)
        self.bn = nn.BatchNorm1d(6)
        self.bn.running_mean.uniform_(-0.5, 0.5)
        self.bn.running_var.uniform_(0.5, 2.0)
        self.bn.weight.uniform_(0.5, 1.5)
        self.bn.bias.uniform_(-0.2, 0.2)
        self.pool = nn.MaxPool1d(3, stride=2, padding=1)
        self.conv2 = nn.Conv1d(6, 5, 1)
        self.scale = nn.Parameter(torch.rand(1, 5, 1) + 0.5, requires_grad=False)
        self.lin = nn.Linear(5, 6)
        self.apool = nn.AvgPool1d(2)
        self.convb = nn.Conv1d(6, 3, 3, padding=1)
        self.head = nn.Linear(9, 4)

    def forward(self, x):
        h = self.conv1(F.pad(x, (1, 2)))
        h = self.pool(self.bn(self.relu(h)))
        h = torch.sigmoid(self.conv2(h)) * self.scale - 0.25
        h = self.apool(self.lin(h.transpose(1, 2)).transpose(1, 2))
        h = torch.cat([h, self.relu(self.convb(h))], dim=1)
        return self.head(torch.softmax(h, dim=1).mean(dim=2))


class OpsB(Net):
    """Channels-last input: Transpose, 'same' Conv, Tanh, Slice of channels and length,
    Flatten of channels-first values, Unsqueeze/Squeeze, Reshape through a shape
    sub-graph, Div/Add by constants, ReduceSum over channels and over the length,
    MatMul of (N, K) values, Concat of two (N, k) values."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 6, 3, padding=1)
        self.w = nn.Parameter(torch.randn(4, 3) * 0.3, requires_grad=False)

    def forward(self, x):
        h = self.tanh(self.conv(x.transpose(1, 2)))
        h = torch.flatten(h[:, 1:5, 3:-3], 1).unsqueeze(1).squeeze(1)
        h = h.reshape(h.shape[0], 4, -1) / 2.0 + 1.0
        s = h.sum(dim=1, keepdim=True).mean(dim=2)
        return torch.cat([torch.matmul(torch.sum(h, dim=2), self.w), s], dim=1)


class OpsC(Net):
    """GlobalAveragePool, GlobalMaxPool, Sub of two computed values, Squeeze, Gemm and a
    Softmax over the last axis; Identity, Dropout and Cast nodes are added after export."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 5, 7)
        self.gap, self.gmp = nn.AdaptiveAvgPool1d(1), nn.AdaptiveMaxPool1d(1)
        self.lin = nn.Linear(5, 3)

    def forward(self, x):
        h = self.relu(self.conv(x))
        return torch.softmax(self.lin((self.gap(h) - self.gmp(h)).squeeze(2)), dim=-1)


class Tiny(Net):
    """A small chain: Conv, Relu, MaxPool, Flatten, Gemm, Sigmoid."""

    def __init__(self, channels_last=False, in_ch=4):
        super().__init__()
        self.last = channels_last
        self.conv = nn.Conv1d(in_ch, 3, 5)
        self.pool = nn.MaxPool1d(2)
        self.lin = nn.Linear(3 * 8, 2)

    def forward(self, x):
        if self.last:
            x = x.transpose(1, 2)
        return torch.sigmoid(self.lin(torch.flatten(self.pool(self.relu(self.conv(x))), 1)))


class Erf(Net):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 3, 5)

    def forward(self, x):
        return torch.erf(self.conv(x)).mean(dim=2)


class Looping(torch.nn.Module):
    def forward(self, x):
        h = x
        for _ in range(x.shape[2] // 10):
            h = h * 0.5
        return h.mean(dim=2)


# name: (constructor, input length, channels last, opset, seed, zero inputs)
MODELS = {
    "paper": (lambda p: Paper(p), 200, False, 13, 0, []),
    "paper_last": (lambda p: Paper(p, channels_last=True), 200, True, 11, 0, []),
    "bpnet": (lambda p: BPNetLite(), 300, False, 13, 1, []),
    "bpnet_ctl": (lambda p: BPNetLite(n_control_tracks=2), 300, False, 13, 1, [2]),
    "ops_a11": (lambda p: OpsA(), 60, False, 11, 2, []),
    "ops_a13": (lambda p: OpsA(), 60, False, 13, 2, []),
    "ops_a17": (lambda p: OpsA(), 60, False, 17, 2, []),
    "ops_b11": (lambda p: OpsB(), 40, True, 11, 3, []),
    "ops_b13": (lambda p: OpsB(), 40, True, 13, 3, []),
    "ops_c": (lambda p: OpsC(), 50, False, 13, 4, []),
}


def export_helper():
    """scripts/onnx_export.py, the helper users run (the fixtures go through it)."""
    import importlib.util
    import os

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "onnx_export.py")
    spec = importlib.util.spec_from_file_location("onnx_export", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def build(name, paper_dir):
    """The model, wrapped so that it takes the sequence only (bpnet-lite's zero control
    tracks as scripts/onnx_export.py --zero-input makes them)."""
    make, L, last, opset, seed, zeros = MODELS[name]
    torch.manual_seed(seed)
    m = make(paper_dir)
    m.eval()
    if zeros:
        m = export_helper().ZeroInputs(m, zeros, last).eval()
    return m, L, last, opset


def export(m, L, last, opset, path, n_out, dynamic_batch=True, dynamic_len=False, in_ch=4):
    x = torch.zeros(2, L, in_ch) if last else torch.zeros(2, in_ch, L)
    outs = [f"out{k}" for k in range(n_out)]
    axes = {}
    if dynamic_batch:
        axes = {"x": {0: "batch"}, **{o: {0: "batch"} for o in outs}}
    if dynamic_len:
        axes["x"][1 if last else 2] = "length"
    torch.onnx.export(m.float(), (x,), path, opset_version=opset, input_names=["x"], output_names=outs,
                      dynamic_axes=axes, do_constant_folding=True)


# ---- sequences and one-hot ----------------------------------------------------------------------


def random_fasta(path, n, L, seed):
    rng = np.random.default_rng(seed)
    names, seqs = [], []
    with open(path, "w") as f:
        for i in range(n):
            s = "".join(rng.choice(list("ACGT"), L))
            if i % 3 == 1:  # an N run and lowercase, as real inputs have
                j = rng.integers(0, L - 5)
                s = s[:j] + "NNNN" + s[j + 4:]
                s = s.lower()
            names.append(f"s{i}")
            seqs.append(s.upper())
            f.write(f">s{i}\n{s}\n")
    return names, seqs


def read_fasta(path):
    names, seqs, cur = [], [], []
    for line in open(path):
        line = line.strip()
        if line.startswith(">"):
            if names:
                seqs.append("".join(cur).upper())
            names.append(line[1:].split()[0])
            cur = []
        elif line:
            cur.append(line)
    if names:
        seqs.append("".join(cur).upper())
    return names, seqs


def onehot(seqs, last):
    L = len(seqs[0])
    x = np.zeros((len(seqs), L, 4))
    for i, s in enumerate(seqs):
        for j, b in enumerate(s):
            k = "ACGT".find(b)
            if k >= 0:
                x[i, j, k] = 1.0
    return x if last else x.transpose(0, 2, 1)


def as_rows(y):
    """A reference output as motiflift's values per sample: (N, C, L) profiles become
    positions x tracks, [l][c] row-major."""
    y = np.asarray(y, dtype=np.float64)
    if y.ndim == 3:
        y = y.transpose(0, 2, 1)
    return y.reshape(y.shape[0], -1)


def forward64(m, x):
    y = m.double()(torch.from_numpy(x))
    return [as_rows(t) for t in (y if isinstance(y, tuple) else (y,))]


# ---- subcommands --------------------------------------------------------------------------------


def add_alias_nodes(path):
    """Identity -> Dropout -> Cast after the first Relu (torch drops them from eval exports)."""
    import onnx
    from onnx import helper

    m = onnx.load(path)
    g = m.graph
    k = next(i for i, n in enumerate(g.node) if n.op_type == "Relu")
    src = g.node[k].output[0]
    for n in g.node:
        n.input[:] = [f"{src}_cast" if i == src else i for i in n.input]
    new = [helper.make_node("Identity", [src], [f"{src}_id"], name="ident"),
           helper.make_node("Dropout", [f"{src}_id"], [f"{src}_drop"], name="drop"),
           helper.make_node("Cast", [f"{src}_drop"], [f"{src}_cast"], name="cast", to=1)]
    for j, n in enumerate(new):
        g.node.insert(k + 1 + j, n)
    onnx.checker.check_model(m)
    onnx.save(m, path)


def cmd_make(out, paper_dir):
    helper = export_helper()
    for name in MODELS:
        m, L, last, opset = build(name, paper_dir)
        helper.export(m, f"{out}/{name}.onnx", L, last, opset)
        if name == "ops_c":
            add_alias_nodes(f"{out}/{name}.onnx")
        _, seqs = random_fasta(f"{out}/{name}.fa", 24, L, 7)
        ys = forward64(m, onehot(seqs, last))
        np.savez(f"{out}/{name}.ref.npz", **{f"out{k}": y for k, y in enumerate(ys)})
    print(f"made {len(MODELS)} models in {out}")


def cmd_data(out):
    """Small committed fixtures: good tiny models and malformed files."""
    import onnx

    torch.manual_seed(5)
    export(Tiny().eval(), 20, False, 13, f"{out}/tiny.onnx", 1)
    torch.manual_seed(5)
    export(Tiny(channels_last=True).eval(), 20, True, 13, f"{out}/tiny_last.onnx", 1)
    torch.manual_seed(5)
    export(Tiny().eval(), 20, False, 9, f"{out}/opset9.onnx", 1)
    torch.manual_seed(5)
    export(Tiny().eval(), 20, False, 13, f"{out}/dynlen.onnx", 1, dynamic_len=True)
    torch.manual_seed(5)
    export(Tiny(in_ch=5).eval(), 20, False, 13, f"{out}/fivech.onnx", 1, in_ch=5)
    torch.manual_seed(5)
    export(Erf().eval(), 20, False, 13, f"{out}/erf.onnx", 1)
    torch.onnx.export(torch.jit.script(Looping()), (torch.zeros(2, 4, 20),), f"{out}/loop.onnx",
                      opset_version=13, input_names=["x"], output_names=["out0"],
                      dynamic_axes={"x": {0: "batch"}})
    m = onnx.load(f"{out}/tiny.onnx")
    onnx.save_model(m, f"{out}/external.onnx", save_as_external_data=True, all_tensors_to_one_file=True,
                    location="external.onnx.data", size_threshold=0)
    print(f"wrote the fixtures of {out}")


def close(a, b, what, rtol=1e-5):
    """|a - b| <= rtol (|b| + max|b| / 10) elementwise, the max over each sample's values:
    relative, with a floor at a tenth of the sample's scale (float32 sums that cancel leave
    near-zero values with large relative errors; PyTorch's own float32 pass has them too)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        print(f"FAIL: {what}: shapes {a.shape} and {b.shape}")
        return False
    flat = np.abs(b).reshape(b.shape[0], -1) if b.ndim > 1 else np.abs(b)[:, None]
    scale = flat.max(axis=1).reshape((-1,) + (1,) * (b.ndim - 1)) if b.size else 0.0
    err = np.abs(a - b) / (np.abs(b) + 0.1 * scale + 1e-30)
    ok = bool(np.all(err <= rtol))
    print(f"{'ok' if ok else 'FAIL'}: {what}: max relative difference {err.max():.3g} (<= {rtol:g})")
    return ok


def read_tsv(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path) if not l.startswith("#")]
    names = [r[0] for r in rows[1:]]
    return names, np.array([[float(v) for v in r[1:]] for r in rows[1:]])


def cmd_predict(d, name, tsv, k=0):
    ref = np.load(f"{d}/{name}.ref.npz")[f"out{k}"]
    names, got = read_tsv(tsv)
    want_names, _ = read_fasta(f"{d}/{name}.fa")
    if names != want_names:
        print(f"FAIL: {name}: names {names[:3]} ...")
        return False
    return close(got, ref, f"{name} output {k} vs PyTorch float64")


def deeplift_ref(m, x, refs, k, profile):
    """DeepLIFT (Rescale) of output k for inputs x (n, ...) and references refs (n, R, ...)
    by autograd in float64: per task, contributions mean_r mult_r (x - r_r) and the deltas
    f(x) - f(r). A task is one value of the output, or with profile one track of an
    (N, tracks, L) output explained as sum_j m_j softmax(m)_j, m = logits - mean(logits)."""
    m = m.double()
    inner = getattr(m, "model", m)
    inner.rescale = True
    if hasattr(inner, "logits"):
        inner.logits = True
    n, R = refs.shape[0], refs.shape[1]
    contrib, deltas = 0.0, []
    for r in range(R):
        xx = torch.from_numpy(np.concatenate([x, refs[:, r]])).requires_grad_(True)
        with torch.enable_grad():
            y = m(xx)
            y = y[k] if isinstance(y, tuple) else y
            if profile:
                z = y - y.mean(dim=-1, keepdim=True)
                y = ProfileRescale.apply(z).sum(dim=-1)
            y = y.reshape(2 * n, -1)
            per_task = []
            for t in range(y.shape[1]):
                (g,) = torch.autograd.grad(y[:n, t].sum(), xx, retain_graph=True)
                per_task.append((g[:n] * (xx[:n] - xx[n:])).detach().numpy())
        contrib = contrib + np.stack(per_task, -1)
        deltas.append((y[:n] - y[n:]).detach().numpy())
    return contrib / R, np.stack(deltas, 1)


def cmd_deeplift(d, name, npz, refs_fa, k, profile, paper_dir):
    m, L, last, _ = build(name, paper_dir)
    z = np.load(npz)
    names = list(z["names"])
    fa_names, seqs = read_fasta(f"{d}/{name}.fa")
    order = [fa_names.index(s) for s in names]
    x = onehot([seqs[i] for i in order], last)
    if refs_fa:  # explain -r fasta: takes R records per input, in input order
        rn, rs = read_fasta(refs_fa)
        R = len(rn) // len(fa_names)
        refs = np.stack([onehot([rs[i * R + j] for i in order], last) for j in range(R)], 1)
    else:
        refs = np.zeros((x.shape[0], 1) + x.shape[1:])
    contrib, deltas = deeplift_ref(m, x, refs, k, profile)
    if not last:  # motiflift's contributions are (n, L, 4, T)
        contrib = contrib.transpose(0, 2, 1, 3)
    what = f"{name} output {k}{' profile' if profile else ''}"
    want = deltas.mean(axis=1)
    ok = close(contrib.sum(axis=(1, 2)), want, f"{what}: the reference's contributions sum to f(x) - f(r)", 1e-9)
    ok &= close(z["contrib"].sum(axis=(1, 2)), want, f"{what}: motiflift's contributions sum to f(x) - f(r)", 1e-4)
    return close(z["contrib"], contrib, f"{what}: DeepLIFT Rescale contributions vs autograd float64", 1e-4) and ok


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    cmd = argv[1]
    if cmd == "data":
        cmd_data(argv[2])
        return 0
    if cmd == "make":
        cmd_make(argv[2], argv[3])
        return 0
    if cmd == "predict":
        return 0 if cmd_predict(argv[2], argv[3], argv[4], int(argv[5]) if len(argv) > 5 else 0) else 1
    if cmd == "deeplift":
        import os

        d, name, npz, rest = argv[2], argv[3], argv[4], argv[5:]
        refs = next((a for a in rest if a.endswith(".fa")), None)
        k = next((int(a) for a in rest if a.isdigit()), 0)
        paper = os.environ.get("PAPER_DIR", os.path.join(os.path.dirname(__file__), "data", "paper"))
        return 0 if cmd_deeplift(d, name, npz, refs, k, "profile" in rest, paper) else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
