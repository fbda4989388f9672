#!/usr/bin/env python3
"""Independent float64 reference for Keras functional models (tests only): the forward
pass of the graph and DeepLIFT through it, written from the definitions in
shared/docs/DEEPLIFT.md and MODEL_FORMATS.md section 3, one (input, reference) pair at a
time with explicit multipliers m+ and m-.

  graph_ref.py predict MODEL --seqs FA --tsv OUT.tsv [--head K]
      motiflift's predictions of output K against the numpy graph (<= 1e-5 relative to
      the output's scale)
  graph_ref.py explain MODEL --seqs FA --npz OUT.npz --head K --target counts|profile
               [--rule rescale|genomics] [--profile-rule rescale|shap] [--refs REFS.fa]
      motiflift explain's contrib/hyp (mean over references) against the reference, and
      its residuals: the contributions sum to the target's difference (or, for the shap
      convention, to sum_j w_j dm_j, which the reference shows differs from the target's
      difference); without --refs the reference is all zeros
Exit 0 when everything holds, 1 with a message otherwise."""
import argparse
import json
import sys

import h5py
import numpy as np


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def names_attr(g, key):
    if key in g.attrs:
        return [text(v) for v in g.attrs[key]]
    out, i = [], 0
    while "%s%d" % (key, i) in g.attrs:
        out += [text(v) for v in g.attrs["%s%d" % (key, i)]]
        i += 1
    return out


class Model:
    def __init__(self, path):
        f = h5py.File(path, "r")
        cfg = json.loads(text(f.attrs["model_config"]))["config"]
        self.layers = {l["config"]["name"]: l for l in cfg["layers"]}
        self.inputs = {n: [e[0] for e in l["inbound_nodes"][0]] if l["inbound_nodes"] else []
                       for n, l in self.layers.items()}
        self.outputs = [o[0] for o in cfg["output_layers"]]
        self.w = {}
        mw = f["model_weights"]
        for n in self.layers:
            if n in mw:
                g = mw[n]
                for wn in names_attr(g, "weight_names"):
                    self.w.setdefault(n, {})[wn.split("/")[-1].split(":")[0]] = np.asarray(g[wn], np.float64)
        self.order, done = [], set()
        while len(self.order) < len(self.layers):  # producers first, whatever the list order
            for n in self.layers:
                if n not in done and all(i in done for i in self.inputs[n]):
                    self.order.append(n)
                    done.add(n)

    def cls(self, n):
        return self.layers[n]["class_name"]

    def cfg(self, n):
        return self.layers[n]["config"]


def conv_geometry(cfg, L):
    k, d = cfg["kernel_size"][0], cfg.get("dilation_rate", [1])[0]
    span = (k - 1) * d + 1
    if cfg.get("padding", "valid") == "same":
        out = L
        pad = max(out - 1 + span - L, 0) // 2
    else:
        out, pad = L - span + 1, 0
    return k, d, out, pad


def conv_lin(x, W, cfg):
    """Pre-activation without bias: x (L, C) -> (out, O)."""
    k, d, out, pad = conv_geometry(cfg, x.shape[0])
    y = np.zeros((out, W.shape[2]))
    for kk in range(k):
        for t in range(out):
            u = t + kk * d - pad
            if 0 <= u < x.shape[0]:
                y[t] += x[u] @ W[kk]
    return y


def conv_back(m, W, cfg, L):
    """Multipliers on the input of a linear conv: transpose of conv_lin."""
    k, d, out, pad = conv_geometry(cfg, L)
    g = np.zeros((L, W.shape[1]))
    for kk in range(k):
        for t in range(out):
            u = t + kk * d - pad
            if 0 <= u < L:
                g[u] += W[kk] @ m[t]
    return g


def act_name(m, n):
    c = m.cls(n)
    return m.cfg(n)["activation"] if c in ("Conv1D", "Dense", "Activation") else "linear"


def forward(m, x):
    """Every layer's (pre-activation, output), float64, for one input (L, 4)."""
    pre, out = {}, {}
    for n in m.order:
        c, cfg, ins = m.cls(n), m.cfg(n), [out[i] for i in m.inputs[n]]
        w = m.w.get(n, {})
        if c == "InputLayer":
            z = x
        elif c == "Conv1D":
            z = conv_lin(ins[0], w["kernel"], cfg) + w.get("bias", 0.0)
        elif c == "Dense":
            z = ins[0] @ w["kernel"] + w.get("bias", 0.0)
        elif c == "BatchNormalization":
            z = (ins[0] - w["moving_mean"]) / np.sqrt(w["moving_variance"] + cfg["epsilon"]) * \
                w.get("gamma", 1.0) + w.get("beta", 0.0)
        elif c == "Cropping1D":
            a, b = cfg["cropping"]
            z = ins[0][a:ins[0].shape[0] - b]
        elif c == "Add":
            z = sum(ins)
        elif c == "Concatenate":
            z = np.concatenate(ins, axis=-1)
        elif c == "GlobalAveragePooling1D":
            z = ins[0].mean(axis=0)
        elif c == "GlobalMaxPooling1D":
            z = ins[0].max(axis=0)
        elif c in ("Flatten", "Reshape"):
            z = ins[0].reshape(-1)
        elif c in ("Dropout", "Activation"):
            z = ins[0]
        else:
            raise SystemExit("reference: unsupported layer " + c)
        pre[n] = z
        a = act_name(m, n)
        out[n] = np.maximum(z, 0.0) if a == "relu" else z
        if a not in ("relu", "linear"):
            raise SystemExit("reference: unsupported activation " + a)
    return pre, out


def profile_shape(m, n):
    """(positions, tracks) of an output, looking through Flatten/Reshape."""
    while m.cls(n) in ("Flatten", "Reshape"):
        n = m.inputs[n][0]
    return n


# ---- DeepLIFT -----------------------------------------------------------------------------

def linear_kind(m, n):
    """Genomics default: the linear layer a nonlinearity follows decides its rule."""
    while True:
        c = m.cls(n)
        if c == "Conv1D":
            return "rescale"
        if c == "Dense":
            return "revealcancel"
        if not m.inputs[n]:
            return "rescale"
        n = m.inputs[n][0]


def relu_rule(m, n, rule):
    if rule == "rescale":
        return "rescale"
    return linear_kind(m, n if m.cls(n) != "Activation" else m.inputs[n][0])


def parts_linear(dx, Wp, Wn, lin):
    """Positive and negative parts of a linear layer's output from its input difference."""
    dp, dn = np.maximum(dx, 0), np.minimum(dx, 0)
    return lin(dp, Wp) + lin(dn, Wn), lin(dn, Wp) + lin(dp, Wn)


def relu_back(zx, zr, mp, mn, rule, pos=None, neg=None):
    if rule == "rescale":
        dz = zx - zr
        near = np.abs(dz) < 1e-7
        s = np.where(near, (zr > 0).astype(float),
                     (np.maximum(zx, 0) - np.maximum(zr, 0)) / np.where(near, 1.0, dz))
        return s * mp, s * mn
    eps = 1e-7
    P = np.where(np.abs(pos) < 0.5 * eps, np.where(pos >= 0, pos + eps, pos - eps), pos)
    N = np.where(np.abs(neg) < 0.5 * eps, np.where(neg >= 0, neg + eps, neg - eps), neg)
    f = lambda v: np.maximum(v, 0.0)
    dyp = 0.5 * ((f(zr + P) - f(zr)) + (f(zr + N + P) - f(zr + N)))
    dyn = 0.5 * ((f(zr + N) - f(zr)) + (f(zr + P + N) - f(zr + P)))
    return dyp / P * mp, dyn / N * mn


def pick(dx, a, b):
    return np.where(dx > 0, a, np.where(dx < 0, b, 0.5 * (a + b)))


def linear_back(mp, mn, W, dx, back):
    Wp, Wn = np.maximum(W, 0), np.minimum(W, 0)
    A = back(mp, Wp) + back(mn, Wn)
    B = back(mp, Wn) + back(mn, Wp)
    return pick(dx, A, B)


def start_mults(m, head, target, prule, task, ax, ar):
    """Multipliers on the target output and the sum the contributions should reach."""
    ox, orf = ax[head], ar[head]
    mult = np.zeros_like(ox)
    if target == "counts":
        mult.reshape(-1)[task] = 1.0
        d = ox.reshape(-1)[task] - orf.reshape(-1)[task]
        return mult, d, d
    ch = ax[profile_shape(m, head)].shape[-1]
    lx, lr = ox.reshape(-1, ch)[:, task], orf.reshape(-1, ch)[:, task]
    mx, mr = lx - lx.mean(), lr - lr.mean()
    sx, sr = np.exp(mx - mx.max()), np.exp(mr - mr.max())
    sx, sr = sx / sx.sum(), sr / sr.sum()
    fx, fr = (sx * mx).sum(), (sr * mr).sum()
    d = mx - mr
    if prule == "shap":
        mu = 0.5 * (sx + sr)
        expect = (mu * d).sum()
    else:
        mu = np.where(np.abs(d) < 1e-6, sx * (1 + mx - fx), (mx * sx - mr * sr) / np.where(d == 0, 1, d))
        expect = fx - fr
    full = np.zeros((lx.shape[0], ch))
    full[:, task] = mu - mu.mean()
    mult = full.reshape(ox.shape)
    return mult, expect, fx - fr


def deeplift(m, head, x, r, task, rule, target, prule):
    """Input multipliers for one pair, the expected sum and the target's own difference."""
    px, ax = forward(m, x)
    pr, ar = forward(m, r)
    mults = {}
    mp0, expect, dtarget = start_mults(m, head, target, prule, task, ax, ar)
    cond = 1.0
    if target == "profile" and prule == "rescale":
        # float32 logits carry ~1e-7 relative error; (m_x s_x - m_r s_r) / (m_x - m_r)
        # amplifies it by |m| / |m_x - m_r|: the tolerance follows that condition number
        ch = ax[profile_shape(m, head)].shape[-1]
        lx, lr = ax[head].reshape(-1, ch)[:, task], ar[head].reshape(-1, ch)[:, task]
        dm = np.abs((lx - lx.mean()) - (lr - lr.mean()))
        cond = np.abs(lx - lx.mean()).max() / max(dm.min(), 1e-12)
    mults[head] = (mp0, mp0.copy())
    inp = m.order[0]
    for n in reversed(m.order):
        if n not in mults or n == inp:
            continue
        mp, mn = mults.pop(n)
        c, cfg, w = m.cls(n), m.cfg(n), m.w.get(n, {})
        ins = m.inputs[n]
        send = []
        if act_name(m, n) == "relu":  # the nonlinearity first (fused or an Activation)
            rl = relu_rule(m, n, rule)
            pos = neg = None
            if rl == "revealcancel":
                if c != "Dense":
                    raise SystemExit("reference: RevealCancel only after a fused Dense")
                src = ins[0]
                dxin = ax[src] - ar[src]
                pos, neg = parts_linear(dxin, np.maximum(w["kernel"], 0), np.minimum(w["kernel"], 0),
                                        lambda v, W: v @ W)
            mp, mn = relu_back(px[n], pr[n], mp, mn, rl, pos, neg)
        dxi = [ax[i] - ar[i] for i in ins]
        if c == "Conv1D":
            L = ax[ins[0]].shape[0]
            g = linear_back(mp, mn, w["kernel"], dxi[0], lambda v, W: conv_back(v, W, cfg, L))
            send = [(ins[0], g, g)]
        elif c == "Dense":
            g = linear_back(mp, mn, w["kernel"], dxi[0], lambda v, W: W @ v)
            send = [(ins[0], g, g)]
        elif c == "BatchNormalization":
            s = w.get("gamma", 1.0) / np.sqrt(w["moving_variance"] + cfg["epsilon"])
            A = np.where(s >= 0, s * mp, s * mn)
            B = np.where(s >= 0, s * mn, s * mp)
            g = pick(dxi[0], A, B)
            send = [(ins[0], g, g)]
        elif c == "Cropping1D":
            a, b = cfg["cropping"]
            pad = lambda v: np.pad(v, ((a, b), (0, 0)))
            send = [(ins[0], pad(mp), pad(mn))]
        elif c == "Add":
            send = [(i, mp, mn) for i in ins]
        elif c == "Concatenate":
            o = 0
            for i in ins:
                k = ax[i].shape[-1]
                send.append((i, mp[..., o:o + k], mn[..., o:o + k]))
                o += k
        elif c == "GlobalAveragePooling1D":
            L = ax[ins[0]].shape[0]
            send = [(ins[0], np.tile(mp / L, (L, 1)), np.tile(mn / L, (L, 1)))]
        elif c == "GlobalMaxPooling1D":  # the gradient: to the first maximum of the input
            xin = ax[ins[0]]
            arg = xin.argmax(axis=0)
            gp, gn = np.zeros_like(xin), np.zeros_like(xin)
            gp[arg, np.arange(xin.shape[1])] = mp
            gn[arg, np.arange(xin.shape[1])] = mn
            send = [(ins[0], gp, gn)]
        elif c in ("Flatten", "Reshape"):
            shp = ax[ins[0]].shape
            send = [(ins[0], mp.reshape(shp), mn.reshape(shp))]
        elif c in ("Dropout", "Activation"):
            send = [(ins[0], mp, mn)]
        else:
            raise SystemExit("reference: no DeepLIFT rule for " + c)
        for i, gp, gn in send:
            if i in mults:
                mults[i] = (mults[i][0] + gp, mults[i][1] + gn)
            else:
                mults[i] = (gp.copy(), gn.copy())
    mp, mn = mults[inp]
    return pick(x - r, mp, mn), expect, dtarget, cond


# ---- files ------------------------------------------------------------------------------

def read_fasta(path):
    names, seqs = [], []
    for line in open(path):
        line = line.strip()
        if line.startswith(">"):
            names.append(line[1:].split()[0])
            seqs.append("")
        elif line:
            seqs[-1] += line
    return names, seqs


def onehot(s):
    lut = {c: i for i, c in enumerate("ACGT")}
    x = np.zeros((len(s), 4))
    for i, c in enumerate(s.upper()):
        if c in lut:
            x[i, lut[c]] = 1.0
    return x


def cmd_predict(a):
    m = Model(a.model)
    head = m.outputs[a.head]
    names, seqs = read_fasta(a.seqs)
    ref = np.stack([forward(m, onehot(s))[1][head].reshape(-1) for s in seqs])
    rows = [l.rstrip("\n").split("\t") for l in open(a.tsv)][1:]
    got = np.array([[float(v) for v in r[1:]] for r in rows])
    if [r[0] for r in rows] != names or got.shape != ref.shape:
        print("names or shape differ: %s vs %s" % (got.shape, ref.shape))
        return 1
    err = np.abs(got - ref).max() / np.abs(ref).max()
    print("%d x %d values of output %s, max |diff| / max |ref| = %.3g" % (got.shape + (head, err)))
    return 0 if err <= 1e-5 else 1


def reads_max_pooling(m, n):
    """Max pooling takes the gradient: no summation promise below it."""
    return m.cls(n) in ("GlobalMaxPooling1D", "MaxPooling1D") or \
        any(reads_max_pooling(m, i) for i in m.inputs[n])


def cmd_explain(a):
    m = Model(a.model)
    head = m.outputs[a.head]
    sums = not reads_max_pooling(m, head)
    names, seqs = read_fasta(a.seqs)
    refs = read_fasta(a.refs)[1] if a.refs else None
    d = np.load(a.npz)
    tasks = [int(t) for t in d["task_index"]]
    R = d["delta"].shape[1]
    bad = worst = worst_sum = 0.0
    not_delta = 0.0
    for i, s in enumerate(seqs):
        x = onehot(s)
        rs = [onehot(refs[i * R + j]) for j in range(R)] if refs else [np.zeros_like(x)] * R
        for ti, t in enumerate(tasks):
            contrib, hyp = np.zeros_like(x), np.zeros_like(x)
            tol = 1e-4
            for j, r in enumerate(rs):
                mult, expect, dtarget, cond = deeplift(m, head, x, r, t, a.rule, a.target, a.profile_rule)
                tol = max(tol, 1e-6 * cond)
                c = mult * (x - r)
                contrib += c / R
                hyp += (mult - (mult * r).sum(axis=1, keepdims=True)) / R
                # motiflift's residual (its sum minus what its convention sums to)
                # relative to the sum's size: the larger of its value and its terms' magnitude
                res = float(d["delta"][i, j, ti])
                worst_sum = max(worst_sum, abs(res) / max(abs(expect), np.abs(c).sum()))
                if a.profile_rule == "shap" and a.target == "profile":
                    not_delta = max(not_delta, abs(c.sum() - dtarget))
                if sums and abs(c.sum() - expect) > 1e-6 * max(1.0, abs(expect)):
                    print("reference: pair %d/%d sums to %.12g, not %.12g" % (i, j, c.sum(), expect))
                    bad += 1
            for what, want, got in (("contrib", contrib, d["contrib"][i, :, :, ti]),
                                    ("hyp", hyp, d["hyp"][i, :, :, ti])):
                scale = max(np.abs(want).max(), 1e-12)
                e = np.abs(got - want).max() / scale
                worst = max(worst, e)
                if e > tol:
                    print("%s %s task %d: max |diff| / max |ref| = %.3g (tolerance %.3g)" %
                          (names[i], what, t, e, tol))
                    bad += 1
    print("%d sequences x %d references x %d tasks: contrib/hyp max relative diff %.3g, "
          "max |residual| / max(|expected|, sum |contrib|) %.3g%s" % (len(seqs), R, len(tasks), worst, worst_sum,
          ", shap sums miss the target's difference by up to %.3g" % not_delta
          if a.profile_rule == "shap" and a.target == "profile" else ""))
    if sums and worst_sum > 1e-4:
        bad += 1
    if a.profile_rule == "shap" and a.target == "profile" and not_delta < 1e-6:
        print("shap: expected its sums to differ from the target's difference")
        bad += 1
    return 1 if bad else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cmd")
    p.add_argument("model")
    p.add_argument("--seqs")
    p.add_argument("--tsv")
    p.add_argument("--npz")
    p.add_argument("--refs")
    p.add_argument("--head", type=int, default=0)
    p.add_argument("--target", default="counts")
    p.add_argument("--rule", default="genomics")
    p.add_argument("--profile-rule", dest="profile_rule", default="rescale")
    a = p.parse_args()
    return {"predict": cmd_predict, "explain": cmd_explain}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
