"""Independent numpy reference for motiflift score (tests/score_numpy.sh).

make DIR : writes numpy-made explain-like npz files (savez, float32 and float64, savez_compressed)
           and a matches BED into DIR.
check DIR N FILE...: checks that each DIR/FILE has N rows whose importances match sums computed here by numpy."""
import sys

import numpy as np

N, L, T = 30, 40, 3


def make(d):
    rng = np.random.default_rng(7)
    names = np.array(["gata_tal1_%d" % i if i % 2 else "empty_%d" % i for i in range(N)])
    contrib = rng.normal(size=(N, L, 4, T)).astype(np.float32)
    onehot = np.eye(4, dtype=np.float32)[rng.integers(0, 4, size=(N, L))]
    tasks = np.array(["task0", "task1", "task2"])
    meta = np.array(["method=test", "reference=none"])
    np.savez(d + "/np32.npz", names=names, contrib=contrib, proj=contrib.sum(axis=2, keepdims=True) * onehot[..., None],
             onehot=onehot, tasks=tasks, meta=meta)
    np.savez(d + "/np64.npz", names=names, contrib=contrib.astype(np.float64), tasks=tasks)
    np.savez_compressed(d + "/npc.npz", names=names, contrib=contrib, tasks=tasks)
    with open(d + "/m.bed", "w") as f:
        f.write("# test columns: chrom start end motif score strand logodds pvalue\n")
        for i in range(200):
            r = int(rng.integers(0, N))
            w = int(rng.integers(1, 12))
            s = int(rng.integers(0, L - w + 1))
            f.write("%s\t%d\t%d\tM%d\t0\t+\t%.2f\t1e-4\n" % (names[r], s, s + w, i % 2,
                                                             rng.uniform(0, 12)))


def check(d, n_rows, *outs):
    z = np.load(d + "/np32.npz")
    names = list(z["names"])
    c = z["contrib"].astype(np.float64)
    worst = 0.0
    for out in outs:
        rows = [l.rstrip("\n").split("\t") for l in open(d + "/" + out) if not l.startswith("#")]
        head, rows = rows[0], rows[1:]
        assert len(rows) == int(n_rows), (out, len(rows))
        cols = [head.index("imp_task%d" % t) for t in range(T)]
        for r in rows:
            i, s, e = names.index(r[0]), int(r[1]), int(r[2])
            want = c[i, s:e].sum(axis=(0, 1))
            got = np.array([float(r[k]) for k in cols])
            err = np.max(np.abs(got - want) / (1e-5 + 1e-5 * np.abs(want)))
            worst = max(worst, err)
            assert err <= 1.0, (out, r, got, want)
            assert r[head.index("class")] == r[0].rsplit("_", 1)[0]
    print("score matches numpy on %d x %s matches (worst error %.3g of tolerance)"
          % (len(outs), n_rows, worst))


if __name__ == "__main__":
    {"make": make, "check": check}[sys.argv[1]](*sys.argv[2:])
