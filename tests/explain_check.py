"""Checks motiflift explain outputs with numpy/h5py (called by explain_numpy.sh)."""
import gzip
import sys

import h5py
import numpy as np

d, paper = sys.argv[1], sys.argv[2]
fails = checks = 0


def expect(what, cond):
    global fails, checks
    checks += 1
    if not cond:
        print("FAIL:", what)
        fails += 1


names = [l.split()[0] for l in open(f"{d}/names") if l.strip()]
z = np.load(f"{d}/dl.npz")
n, L, T, R = len(names), 200, 3, 5
expect("arrays", set(z.files) >= {"names", "onehot", "contrib", "proj", "hyp", "delta", "tasks", "meta"})
expect("shapes", z["contrib"].shape == (n, L, 4, T) and z["hyp"].shape == (n, L, 4, T)
       and z["proj"].shape == (n, L, 4, T) and z["onehot"].shape == (n, L, 4) and z["delta"].shape == (n, R, T))
expect("names are the selected ones", sorted(z["names"]) == sorted(names))
expect("tasks named by the simdata header", list(z["tasks"]) == ["task1", "task2", "task3"])
c, h, x, p = z["contrib"], z["hyp"], z["onehot"], z["proj"]
pos = c.sum(axis=2)
expect("proj holds each position's total on the observed base",
       np.allclose(p.sum(axis=2), pos, atol=1e-6) and np.all(p[x == 0] == 0))
expect("hyp at the observed base = actual contribution",
       np.allclose((h * x[..., None]).sum(axis=2), pos, rtol=1e-4, atol=1e-5))
expect("summation-to-delta residuals small", np.abs(z["delta"]).max() < 1e-3)

f = np.load(f"{d}/fa.npz")
order = [list(f["names"]).index(s) for s in z["names"]]
expect("dinuc-shuffle references are exactly motiflift shuffle's",
       np.array_equal(f["contrib"][order], c) and np.array_equal(f["hyp"][order], h))

oh = np.load(f"{d}/mod.ohe.npz")["arr_0"]
expect("modisco ohe (n, 4, L)", oh.shape == (n, 4, L) and np.array_equal(oh, x.transpose(0, 2, 1)))
for t in range(T):
    hy = np.load(f"{d}/mod.task{t}.hyp.npz")["arr_0"]
    expect(f"modisco hyp task{t}", np.array_equal(hy, h[..., t].transpose(0, 2, 1)))
    with h5py.File(f"{d}/mod.task{t}.h5", "r") as f5:
        expect(f"modisco h5 task{t}", np.array_equal(f5["hyp_scores"][:], h[..., t])
               and np.array_equal(f5["input_seqs"][:], x))
zz = np.load(f"{d}/z.npz")
expect("single task", zz["contrib"].shape == (n, L, 4, 1) and list(zz["tasks"]) == ["task1"])
expect("single-task modisco names", np.load(f"{d}/z.hyp.npz")["arr_0"].shape == (n, 4, L))
with h5py.File(f"{d}/z.h5", "r") as f5:
    expect("single-task h5", f5["hyp_scores"].shape == (n, L, 4))
expect("zeros reference: contributions only on observed bases", np.all(zz["contrib"][x == 0] == 0))

rows = [l.rstrip("\n").split("\t") for l in open(f"{d}/dl.tsv") if not l.startswith("#")]
expect("TSV rows", len(rows) == n * L and len(rows[0]) == 3 + T + 4 * T)
byname = {s: i for i, s in enumerate(z["names"])}
i0 = byname[rows[0][0]]
expect("TSV contributions", np.allclose([float(v) for v in rows[5][3:6]], pos[i0, 5], rtol=1e-5, atol=1e-6))
expect("TSV hypothetical", np.allclose([float(v) for v in rows[5][6:10]], h[i0, 5, :, 0], rtol=1e-5, atol=1e-6))

ig = np.load(f"{d}/ig.npz")
dlogit = ig["contrib"].sum(axis=(1, 2))[:, None, :] - ig["delta"]
rel = np.abs(ig["delta"]) / np.maximum(1, np.abs(dlogit))
expect("integrated gradients (200 midpoints) nearly sum to the logit difference", rel.max() < 0.05)
g, gx = np.load(f"{d}/g.npz"), np.load(f"{d}/gxi.npz")
expect("grad-x-input with zeros = gradient x input",
       np.allclose(gx["contrib"], g["contrib"] * x[..., None], rtol=1e-6, atol=1e-7))
expect("no residuals promised for gradients", np.all(np.isnan(gx["delta"])))

print(f"explain: {checks - fails} passed, {fails} failed")
sys.exit(1 if fails else 0)
