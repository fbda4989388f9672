"""Checks motiflift's npz outputs with numpy.load (called by npz_numpy.sh)."""
import sys

import numpy as np

d = sys.argv[1]
fails = 0


def expect(what, cond):
    global fails
    if not cond:
        print("FAIL:", what)
        fails += 1


def onehot(s):
    m = {"A": 0, "C": 1, "G": 2, "T": 3}
    x = np.zeros((len(s), 4), np.float32)
    for i, c in enumerate(s.upper()):
        if c in m:
            x[i, m[c]] = 1
    return x


z = np.load(f"{d}/fa.npz")
expect("fa arrays", sorted(z.files) == ["names", "onehot"])
expect("fa onehot", z["onehot"].dtype == np.float32 and z["onehot"].shape == (2, 10, 4))
expect("fa names", list(z["names"]) == ["seq1", "seq2"])
expect("fa seq1", np.array_equal(z["onehot"][0], onehot("CGTNACGTAC")))
expect("fa seq2 (N-free lowercase)", np.array_equal(z["onehot"][1], onehot("acgtACGTNN")))

z = np.load(f"{d}/sim.npz")
expect("sim labels", np.array_equal(z["labels"], np.array([[0, 0, 0], [0, 1, 0]], np.float32)))
expect("sim tasks", list(z["tasks"]) == ["task1", "task2", "task3"])
expect("sim onehot", np.array_equal(z["onehot"][1], onehot("GATAAGACGT")))

z = np.load(f"{d}/bed.npz")
expect("bed chrom", list(z["chrom"]) == ["chr1", "chr2"])
expect("bed start/end", list(z["start"]) == [2, 0] and list(z["end"]) == [8, 6])
expect("bed int64", z["start"].dtype == np.int64)
expect("bed seq", np.array_equal(z["onehot"][1], onehot("TTTTTg")))
expect("bed names", list(z["names"]) == ["chr1:2-8", "peak2"])

print(f"npz: {13 - fails} passed, {fails} failed")
sys.exit(1 if fails else 0)
