#!/usr/bin/env python3
"""The auROC a detector that knows the PWMs reaches on a simulated test split.

  bench/pwm_ceiling.py MOTIFLIFT PREFIX BG [MOTIFS] [LABEL:MOTIF ...]

PREFIX.simdata.gz and PREFIX.test.txt come from `motiflift simulate -o PREFIX`; BG is the
background of the simulation (A,C,G,T). For each label column and motif (default: task2 =
GATA_disc1, task3 = TAL1_known1, motifs/tal_gata.meme), every window of every test sequence
is scored on both strands (`motiflift scan --pvalue 1`) and the sequence gets the
likelihood ratio of "one instance somewhere" against the background, the mean of
2^log-odds over its windows: near the best any classifier can do for that label. A model's
auROC on the same split is best read against it.
"""
import gzip
import os
import subprocess
import sys

import numpy as np


def auroc(score, label):
    """Mann-Whitney, ties counted one half."""
    score, label = np.asarray(score, float), np.asarray(label, int)
    order = np.argsort(score, kind="mergesort")
    s = score[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2 + 1
        i = j + 1
    r = np.empty(len(s))
    r[order] = ranks
    npos = label.sum()
    nneg = len(label) - npos
    return (r[label == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    motiflift, prefix, bg = argv[:3]
    here = os.path.dirname(os.path.abspath(__file__))
    motifs = argv[3] if len(argv) > 3 else os.path.join(here, "..", "motifs", "tal_gata.meme")
    pairs = [a.split(":") for a in argv[4:]] or [["task2", "GATA_disc1"], ["task3", "TAL1_known1"]]
    with open(prefix + ".test.txt") as f:
        test = {line.strip() for line in f if line.strip()}
    labels = {}
    with gzip.open(prefix + ".simdata.gz", "rt") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] in test:
                labels[p[0]] = dict(zip(header[3:], p[3:]))
    out = subprocess.run([motiflift, "scan", "-q", "-m", motifs, "--bg", bg, "--pvalue", "1",
                          prefix + ".simdata.gz"], capture_output=True, text=True, check=True).stdout
    lr = {}
    for line in out.splitlines():
        if line.startswith("#"):
            continue
        p = line.split("\t")
        if p[0] in labels:
            key = (p[0], p[3])
            lr[key] = lr.get(key, 0.0) + 2.0 ** float(p[6])
    names = sorted(labels)
    for task, motif in pairs:
        y = [int(float(labels[n][task])) for n in names]
        s = [np.log(lr.get((n, motif), 1e-300)) for n in names]
        print(f"{prefix}\t{task}\t{motif}\tauROC {auroc(s, y):.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
