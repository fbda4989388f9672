#!/usr/bin/env python3
"""Discovered motifs beside the PWMs they were simulated from (sim/Snakefile, issue 16).

  discofig.py --patterns PREFIX.patterns.npz --motifs MOTIFS [--want A,B] -o f.png -o f.pdf

One row per pattern that is not weak (motiflift discover's PREFIX.patterns.npz): its PPM
over the trimmed core (information content logo), and beside it the motif of MOTIFS
(ENCODE, MEME or the shipped encode_motifs.txt.gz) that discover named its best match,
aligned at the offset and strand where their columns correlate best. --want names the
simulated motifs: a pattern whose best match is one of them is titled in green, else red.
Only draws: the patterns and their matches were computed by motiflift.
"""
import argparse
import gzip
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import simfig  # noqa: E402  (letters, colours, saving)
import matplotlib.pyplot as plt  # noqa: E402


def read_motifs(path):
    """name -> (w, 4) probabilities, from an ENCODE (>name, then "X pA pC pG pT" rows) or
    MEME (MOTIF name, letter-probability matrix) file."""
    out, name, rows, mode = {}, None, [], None
    with gzip.open(path, "rt") if path.endswith(".gz") else open(path) as f:
        for line in f:
            t = line.split()
            if line.startswith(">") or line.startswith("MOTIF"):
                if name and rows:
                    out[name] = np.array(rows)
                name = line[1:].split()[0] if line.startswith(">") else t[1]
                rows, mode = [], "encode" if line.startswith(">") else None
            elif line.startswith("letter-probability"):
                mode = "meme"
            elif mode and len(t) >= 4:
                try:
                    rows.append([float(x) for x in (t[1:5] if mode == "encode" else t[:4])])
                except ValueError:
                    mode = None
            elif mode == "meme" and not t:
                mode = None
    if name and rows:
        out[name] = np.array(rows)
    return out


def ic(ppm, eps=1e-3):
    p = (ppm + eps) / (ppm + eps).sum(1, keepdims=True)
    return np.log2(4) + (p * np.log2(p)).sum(1)


def align(q, m):
    """(offset of q's column 0 in m's frame, m on the strand used) by best mean column
    Pearson over the overlap, both strands."""
    def score(a, b):
        a = a - a.mean(1, keepdims=True)
        b = b - b.mean(1, keepdims=True)
        den = np.sqrt((a * a).sum(1) * (b * b).sum(1))
        return np.where(den > 1e-12, (a * b).sum(1) / np.where(den > 0, den, 1), 0).sum()
    best = (-np.inf, 0, m)
    for mm in (m, m[::-1, ::-1]):
        for off in range(-len(mm) + 2, len(q) - 1):  # m's column 0 at q's column off
            lo, hi = max(0, off), min(len(q), off + len(mm))
            if hi - lo < 2:
                continue
            s = score(q[lo:hi], mm[lo - off:hi - off])
            if s > best[0]:
                best = (s, off, mm)
    return best[1], best[2]


def logo(ax, ppm, x0):
    h = ic(ppm)
    for j, col in enumerate(ppm):
        y = 0.0
        for k in np.argsort(col):
            hh = col[k] * h[j]
            if hh > 1e-3:
                simfig.draw_letter(ax, "ACGT"[k], x0 + j, y, hh)
            y += hh


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--patterns", required=True)
    ap.add_argument("--motifs", required=True)
    ap.add_argument("--want", default="GATA_disc1,TAL1_known1")
    ap.add_argument("--title", default="")
    ap.add_argument("--max", type=int, default=12, help="at most this many rows")
    ap.add_argument("-o", "--output", action="append", required=True)
    a = ap.parse_args(argv)
    z = np.load(a.patterns)
    db = read_motifs(a.motifs)
    want = set(a.want.split(","))
    rows = [p for p in range(len(z["pattern"])) if not z["weak"][p]][:a.max]
    fig, axes = plt.subplots(max(len(rows), 1), 2, figsize=(9, 1.3 * max(len(rows), 1) + 0.6),
                             squeeze=False, gridspec_kw={"width_ratios": [1, 1]})
    if not rows:
        axes[0][0].text(0.5, 0.5, "no pattern", ha="center", va="center")
    for r, p in enumerate(rows):
        c0, c1 = z["core"][p]
        q = z["ppm"][p][max(0, c0 - 2):c1 + 2].astype(float)
        best = str(z["match"][p][0]) if z["match"].shape[1] else ""
        ax, bx = axes[r]
        logo(ax, q, 0)
        ok = best in want and bool(z["matched"][p])
        ax.set_title("%s: %d seqlets" % (z["pattern"][p], z["pattern_seqlets"][p]), fontsize=8,
                     loc="left", color="#1a7f37" if ok else "#b42318")
        width = len(q)
        if best in db:
            off, m = align(q, db[best])
            logo(bx, m, off)
            width = max(width, off + len(m)) - min(0, off)
            bx.set_title("%s (score %.3f, core Pearson %.3f)" % (best, z["match_score"][p][0],
                         z["match_pearson"][p][0]), fontsize=8, loc="left")
            bx.set_xlim(min(0, off) - 0.5, max(len(q), off + len(m)) + 0.5)
        ax.set_xlim(-0.5, len(q) + 0.5)
        for x in (ax, bx):
            x.set_ylim(0, 2)
            x.set_yticks([0, 1, 2])
            x.set_xticks([])
            for s in ("top", "right"):
                x.spines[s].set_visible(False)
        ax.set_ylabel("bits", fontsize=8)
    fig.suptitle(a.title or "discovered patterns (left) and their best database match (right)",
                 fontsize=10)
    fig.tight_layout()
    simfig.save(fig, a.output)


if __name__ == "__main__":
    main(sys.argv[1:])
