#!/usr/bin/env python3
"""The paper's acceptance for motiflift discover (issue 16), checked independently of it.

  discover_paper.py PREFIX SIMDATA MOTIFS [TASK=WANT[+WANT]...] [SCORES.npz]
  (wants given replace the paper's; SCORES.npz: the explain output, when it holds a subset)

PREFIX.patterns.npz is discover's output on explain scores of SIMDATA's sequences; MOTIFS the
ENCODE motifs file. Default wants: task1 (index 0) GATA_disc1+TAL1_known1, task2 GATA_disc1,
task3 TAL1_known1. For each wanted motif some pattern of the task that is not weak must have
it as discover's best match (or within 0.5 % of the best score, as TAL1_known2 ties with
TAL1_known1), and a column Pearson >= 0.95 over the pattern's trimmed core, computed here
from the PPM (best offset and strand); the motif must also be among the pattern's Tomtom
hits (motiflift compare's, in the npz). Prints a table per pattern: seqlets, the fraction of
them on an embedded instance (simdata 'embeddings'), the best matches; exits 1 on a miss.
"""
import gzip
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from discover_check import encode_motifs  # noqa: E402  (the ENCODE file reader)


def embeddings(path):
    """name -> list of (start, end, motif) of the planted instances."""
    out = {}
    with gzip.open(path, "rt") if path.endswith(".gz") else open(path) as f:
        head = f.readline().rstrip("\n").split("\t")
        ci = head.index("embeddings")
        for line in f:
            c = line.rstrip("\n").split("\t")
            ins = []
            for e in filter(None, c[ci].split(",")):
                pos, rest = e.split("_", 1)
                motif, seq = rest.rsplit("-", 1)
                at = int(pos[len("pos-"):])
                ins.append((at, at + len(seq), motif))
            out[c[0]] = ins
    return out


def core_pearson(q, m):
    """Best mean column Pearson of query columns q (w, 4) against motif m over every offset
    placing all of q inside m or m inside q (the shorter one fully aligned), both strands."""
    def colr(a, b):
        a = a - a.mean(1, keepdims=True)
        b = b - b.mean(1, keepdims=True)
        den = np.sqrt((a * a).sum(1) * (b * b).sum(1))
        return np.where(den > 1e-12, (a * b).sum(1) / np.where(den > 0, den, 1), 0.0)
    best = -1.0
    for mm in (m, m[::-1, ::-1]):
        short, long_ = (q, mm) if len(q) <= len(mm) else (mm, q)
        for off in range(len(long_) - len(short) + 1):
            best = max(best, colr(short, long_[off:off + len(short)]).mean())
    return best


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    prefix, simdata, motif_path = argv[1:4]
    wants = {"task1": ["GATA_disc1", "TAL1_known1"], "task2": ["GATA_disc1"],
             "task3": ["TAL1_known1"]}
    scores = [a for a in argv[4:] if a.endswith(".npz")]
    given = [a for a in argv[4:] if not a.endswith(".npz")]
    if given:  # the wants given replace the paper's
        wants = {}
    for a in given:
        t, w = a.split("=", 1)
        wants[t] = w.split("+")
    z = np.load(prefix + ".patterns.npz")
    db = encode_motifs(motif_path)
    emb = embeddings(simdata)
    ok = True
    tasks = [str(t) for t in z["tasks"]]
    # seqlet_example numbers the explained sequences: all of SIMDATA in order, or those of
    # the explain npz given (a subset, e.g. explain --names test.txt)
    ex_names = [str(x) for x in np.load(scores[0])["names"]] if scores else list(emb)
    for ti, t in enumerate(tasks):
        if t not in wants:
            continue
        found = {w: None for w in wants[t]}
        print("task %s:" % t)
        for p in np.where(z["pattern_task"] == ti)[0]:
            c0, c1 = z["core"][p]
            ppm = z["ppm"][p][c0:c1].astype(float)
            members = np.where(z["seqlet_pattern"] == p)[0]
            on = 0
            for s in members:
                e, a, b = z["seqlet_example"][s], z["seqlet_start"][s], z["seqlet_end"][s]
                on += any(x < b and y > a for x, y, _ in emb[ex_names[e]])
            frac = on / max(len(members), 1)
            ms = z["match_score"][p]
            line = "  %-28s %5d seqlets, %5.1f%% on an embedded instance, %s; best: %s" % (
                z["pattern"][p], z["pattern_seqlets"][p], 100 * frac,
                "weak" if z["weak"][p] else "strong",
                ", ".join("%s %.3f" % (z["match"][p][k], ms[k]) for k in range(len(ms))))
            for w in wants[t]:
                if z["weak"][p] or w not in list(z["match"][p]):
                    continue
                k = list(z["match"][p]).index(w)
                if ms[k] < ms[0] * 0.995:
                    continue
                r = core_pearson(ppm, db[w])
                tt = [str(x) for x in z["tomtom_match"][p]]
                line += "; %s core Pearson %.3f; Tomtom: %s q %.2g" % (
                    w, r, tt[0], z["tomtom_qvalue"][p][0])
                if w not in tt:
                    print("FAIL: %s: %s is not among Tomtom's best (%s)" % (z["pattern"][p], w, tt))
                    ok = False
                if r >= 0.95 and (found[w] is None or r > found[w][1]):
                    found[w] = (str(z["pattern"][p]), r)
            print(line)
        for w, f in found.items():
            if f is None:
                print("FAIL: task %s: no strong pattern whose best match is %s with core Pearson "
                      ">= 0.95" % (t, w))
                ok = False
            else:
                print("  -> %s: %s (core Pearson %.3f)" % (w, f[0], f[1]))
    if not ok:
        sys.exit(1)
    print("discover on the paper's data: every wanted motif found")


if __name__ == "__main__":
    main(sys.argv)
