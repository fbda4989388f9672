#!/usr/bin/env python3
"""Fixtures and checks for tests/discover.sh (numpy, h5py).

  discover_check.py make DIR MOTIFS     synthetic explain npz files in DIR: a.npz (GATA_disc1
                                        forward, TAL1_known1 reverse-complemented, planted
                                        with a large contribution), b.npz (the same kind, a
                                        different length, genomic chrom/start/end), and the
                                        bad inputs nohyp.npz, shape.npz, zero.npz
  discover_check.py check PREFIX NPZ... the outputs of 'discover -o PREFIX NPZ...'
"""
import gzip
import sys

import numpy as np


def encode_motifs(path):
    """name -> (w, 4) probabilities from the ENCODE motifs.txt(.gz) file."""
    out, name, rows = {}, None, []
    with gzip.open(path, "rt") if path.endswith(".gz") else open(path) as f:
        for line in f:
            if line.startswith(">"):
                if name:
                    out[name] = np.array(rows)
                name, rows = line[1:].split()[0], []
            elif line.strip():
                rows.append([float(x) for x in line.split()[1:5]])
    if name:
        out[name] = np.array(rows)
    return out


def synthetic(rng, n, length, motifs, genomic):
    """Sequences with 0-2 planted instances; hyp large and positive on them, noise elsewhere."""
    onehot = np.zeros((n, length, 4), np.float32)
    hyp = (rng.normal(0, 0.02, (n, length, 4, 2))).astype(np.float32)
    bases = rng.integers(0, 4, (n, length))
    for i in range(n):
        for m, (pwm, rc, task) in enumerate(motifs):
            if rng.random() < 0.5:
                continue
            w = len(pwm)
            at = int(rng.integers(0, length - w))
            site = np.array([rng.choice(4, p=col / col.sum()) for col in pwm])
            if rc:
                site = 3 - site[::-1]
            bases[i, at:at + w] = site
            for j in range(w):
                col = pwm[w - 1 - j][::-1] if rc else pwm[j]
                # contribution proportional to how much the motif prefers the base
                hyp[i, at + j, :, task] += 2.0 * (col - 0.25)
                hyp[i, at + j, :, 0] += 1.0 * (col - 0.25)
    onehot[np.arange(n)[:, None], np.arange(length)[None, :], bases] = 1
    arrays = dict(onehot=onehot, hyp=hyp, names=np.array(["s%d" % i for i in range(n)]),
                  tasks=np.array(["both", "second"]))
    if genomic:
        arrays.update(chrom=np.array(["chr%d" % (1 + i % 2) for i in range(n)]),
                      start=np.arange(n, dtype=np.int64) * 1000,
                      end=np.arange(n, dtype=np.int64) * 1000 + length)
    return arrays


def make(outdir, motif_path):
    db = encode_motifs(motif_path)
    rng = np.random.default_rng(5)
    motifs = [(db["GATA_disc1"], False, 1), (db["TAL1_known1"], True, 1)]
    a = synthetic(rng, 700, 100, motifs, False)
    np.savez(outdir + "/a.npz", **a)
    np.savez(outdir + "/b.npz", **synthetic(rng, 300, 130, motifs, True))
    np.savez(outdir + "/nohyp.npz", onehot=a["onehot"], names=a["names"])
    np.savez(outdir + "/shape.npz", onehot=a["onehot"], hyp=a["hyp"][:, :90])
    zero = dict(a)
    zero["hyp"] = np.zeros_like(a["hyp"])
    np.savez(outdir + "/zero.npz", **zero)


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check_h5(path, npz, task):
    import h5py
    with h5py.File(path, "r") as f:
        if "window_size" not in f.attrs:
            fail(path + ": no window_size attribute")
        names = [(g, p) for g in ("pos_patterns", "neg_patterns") if g in f for p in f[g]]
        if not names:
            fail(path + ": no patterns")
        for g, p in names:
            q = f[g][p]
            for d in ("sequence", "contrib_scores", "hypothetical_contribs"):
                if q[d].ndim != 2 or q[d].shape[1] != 4 or q[d].dtype != np.float64:
                    fail("%s: %s/%s/%s has shape %s, %s" % (path, g, p, d, q[d].shape, q[d].dtype))
            s = q["seqlets"]
            n = int(s["n_seqlets"][:][0])
            if s["is_revcomp"].dtype != np.bool_:
                fail("%s: is_revcomp is %s, not bool" % (path, s["is_revcomp"].dtype))
            for d in ("example_idx", "start", "end", "is_revcomp"):
                if s[d].shape != (n,):
                    fail("%s: %s/%s/seqlets/%s has %s rows for %d seqlets" % (path, g, p, d, s[d].shape, n))
            if not np.all(s["end"][:] - s["start"][:] == q["sequence"].shape[0]):
                fail(path + ": seqlet windows are not as wide as their pattern")
            ppm = q["sequence"][:]
            if not np.allclose(ppm.sum(1), 1, atol=1e-6):
                fail(path + ": PPM rows do not sum to 1")
            # the npz agrees: same seqlet count for the same pattern
            name = "%s.%s.%s" % (task, g, p)
            if name not in list(npz["pattern"]):
                fail("%s: %s/%s is not a pattern of the npz" % (path, g, p))
            k = list(npz["pattern"]).index(name)
            if npz["pattern_seqlets"][k] != n:
                fail("%s: %s/%s has %d seqlets, the npz %d" % (path, g, p, n, npz["pattern_seqlets"][k]))


def check(prefix, inputs):
    z = np.load(prefix + ".patterns.npz")
    P = len(z["pattern"])
    for k in ("pattern_task", "pattern_sign", "pattern_seqlets", "weak", "matched"):
        if z[k].shape != (P,):
            fail("npz %s has shape %s for %d patterns" % (k, z[k].shape, P))
    if z["ppm"].shape[:1] != (P,) or z["ppm"].shape[2] != 4:
        fail("npz ppm has shape %s" % (z["ppm"].shape,))
    # the planted motifs come back, as the best match, from the second task's patterns
    best = {}
    for i in range(P):
        if z["tasks"][z["pattern_task"][i]] == "second" and not z["weak"][i]:
            best[z["match"][i][0]] = max(best.get(z["match"][i][0], 0), z["match_score"][i][0])
    for want in ("GATA_disc1", "TAL1_known1"):
        if best.get(want, 0) < 0.9:
            fail("no strong pattern of the second task matches %s (best matches: %s)" % (want, best))
    # every called seqlet is a row; pattern members point at real patterns
    S = len(z["seqlet_task"])
    if S == 0 or np.any(z["seqlet_pattern"] >= P) or np.any(z["seqlet_pattern"] < -1):
        fail("seqlet rows: %d, pattern indices out of range" % S)
    counts = np.bincount(z["seqlet_pattern"][z["seqlet_pattern"] >= 0], minlength=P)
    if np.any(counts > z["pattern_seqlets"]):
        fail("more seqlet rows than members for a pattern: %s vs %s" % (counts, z["pattern_seqlets"]))
    bed = [l.rstrip("\n").split("\t") for l in open(prefix + ".seqlets.bed") if not l.startswith("#")]
    if len(bed) != S:
        fail("BED has %d rows for %d seqlets" % (len(bed), S))
    for r in bed:
        if len(r) != 11 or int(r[1]) > int(r[2]) or not int(r[1]) <= int(r[6]) <= int(r[7]) <= int(r[2]):
            fail("bad BED row: %s" % r)
    genomic = any(r[0].startswith("chr") for r in bed)
    if genomic != all("chrom" in np.load(p).files for p in inputs):
        fail("BED coordinates are not genomic exactly when every input has chrom")
    meme = open(prefix + ".meme").read()
    cwm = open(prefix + ".cwm.meme").read()
    if meme.count("MOTIF ") != P or cwm.count("MOTIF ") != P:
        fail("MEME files hold %d and %d motifs for %d patterns" % (meme.count("MOTIF "), cwm.count("MOTIF "), P))
    html = open(prefix + ".html").read()
    if html.count("<svg class=\"logo\"") < 2 * P or "</html>" not in html:
        fail("the HTML report lacks logos")
    import glob
    h5s = sorted(glob.glob(prefix + ".*h5"))
    if not h5s:
        fail("no .h5 output")
    tasks = sorted(set(str(z["tasks"][t]) for t in z["pattern_task"]))
    for h in h5s:
        # PREFIX.TASK.h5 for several tasks, PREFIX.h5 for one
        task = h[len(prefix) + 1:-3] if h != prefix + ".h5" else tasks[0]
        if task not in tasks or (h == prefix + ".h5") != (len(tasks) == 1):
            fail("%s: not the h5 file of a task (tasks: %s)" % (h, tasks))
        check_h5(h, z, task)
    print("discover outputs: %d patterns, %d seqlets, %d h5 file(s): ok" % (P, S, len(h5s)))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
