"""Independent numpy reference for the DeepLIFT notebook's definitions in motiflift scan and
score (tests/paper_exact_numpy.sh): forward-strand-only scanning, natural-log odds, the
greedy top-k with numpy's argmax and a real Python slice "scores[i-h:i+h-1] = -inf", and
score's inclusive threshold.

make DIR MOTIFS SIMDATA TEST_NAMES: writes DIR/in.fa (300 published test sequences, random
    ones of many lengths, some shorter than a motif, and sequences whose best GATA1 window
    starts before w/2) and DIR/fn.npz + DIR/fn.bed for the threshold check.
check DIR MOTIFS: checks DIR/all.bed (every + window in nats), DIR/both.bed (every window,
    both strands, nats), DIR/min.bed (+ windows with ln-odds >= 5), DIR/greedy.bed (top 5,
    the notebook's pick), DIR/fn.gt.tsv and DIR/fn.ge.tsv (score summaries, > and >= 7).
"""
import gzip
import sys

import numpy as np

BG = np.array([0.3, 0.2, 0.2, 0.3])
PC = 0.001
CODE = {c: i for i, c in enumerate("ACGT")}


def read_meme(path):
    """Motif name -> (w, 4) probabilities, rows normalised to sum 1 as motiflift reads them."""
    motifs, name, rows = {}, None, []
    for line in open(path):
        t = line.split()
        if t[:1] == ["MOTIF"]:
            name, rows = t[1], []
            motifs[name] = rows
        elif name and len(t) == 4 and all(x.replace(".", "").isdigit() for x in t):
            rows.append([float(x) for x in t])
    return {k: np.array(v) / np.array(v).sum(axis=1, keepdims=True) for k, v in motifs.items()}


def bits_matrix(p):
    """log2(smoothed p / bg), cell by cell as motiflift computes it."""
    s = p * (1 - PC) + PC / 4
    return np.log2(s / BG[None, :])


def window_bits(seq, lo):
    """Log-odds in bits of every + window of seq, summed left to right as motiflift does (so
    windows that tie there tie here); NaN for windows with a letter other than ACGT."""
    w = lo.shape[0]
    n = max(len(seq) - w + 1, 0)
    codes = np.array([CODE.get(c, -1) for c in seq.upper()], dtype=int)
    out, bad = np.zeros(n), np.zeros(n, dtype=bool)
    for j in range(w):  # one position at a time over every window: the same additions
        c = codes[j:j + n]
        out += lo[j, np.maximum(c, 0)]
        bad |= c < 0
    out[bad] = np.nan
    return out


def notebook_pick(scores, n, w):
    """deeplift.util.get_top_n_scores_per_region at 671ee67 (written anew): n rounds of
    numpy's argmax, then the Python slice [i - int(w/2) : i + int(w/2) - 1] set to -inf."""
    scores = np.where(np.isnan(scores), -np.inf, scores)
    h = int(w / 2)
    picks = []
    for _ in range(n if len(scores) else 0):
        i = int(np.argmax(scores))
        if scores[i] == -np.inf:  # motiflift stops where numpy would return a -inf "hit"
            break
        picks.append(i)
        scores[i - h:i + h - 1] = -np.inf
    return picks


def read_fasta(path):
    seqs, name = {}, None
    for line in open(path):
        line = line.strip()
        if line.startswith(">"):
            name = line[1:]
            seqs[name] = ""
        elif name:
            seqs[name] += line
    return seqs


def read_bed(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path) if not l.startswith("#")]
    return [(r[0], int(r[1]), int(r[2]), r[3], r[5], float(r[6])) for r in rows]


def make(d, motifs, simdata, names):
    rng = np.random.default_rng(15)
    keep = {l.strip() for l in gzip.open(names, "rt")}
    gata = read_meme(motifs)["GATA_disc1"]
    consensus = "".join("ACGT"[i] for i in gata.argmax(axis=1))
    with open(d + "/in.fa", "w") as f:
        n_kept = 0
        for line in gzip.open(simdata, "rt"):
            t = line.split("\t")
            if t[0] in keep and n_kept < 300:
                f.write(">%s\n%s\n" % (t[0], t[1]))
                n_kept += 1
        for i in range(300):
            n = int(rng.choice([5, 9, 12, 16, 20, 25, 40, 200]))
            s = "".join(rng.choice(list("ACGT"), size=n, p=BG))
            if i % 3 == 0 and n >= 20:  # the best GATA1 window starts before w/2
                at = int(rng.integers(0, 7))
                s = s[:at] + consensus + s[at + len(consensus):]
            if i % 17 == 0 and n > 10:
                s = s[:7] + "N" + s[8:]
            f.write(">r%d\n%s\n" % (i, s))
    # the threshold check: matches at log-odds around 7, importance of either sign
    names = np.array(["gata_tal1_%d" % i for i in range(8)])
    contrib = rng.normal(size=(8, 30, 4, 3)).astype(np.float32)
    np.savez(d + "/fn.npz", names=names, contrib=contrib, tasks=np.array(["task0", "task1", "task2"]))
    with open(d + "/fn.bed", "w") as f:
        f.write("# motiflift scan: log-odds in nats (ln); columns: chrom start end motif score "
                "strand logodds pvalue sequence\n")
        for i in range(60):
            lo = [6.999, 7.0, 7.001, 8.0, 3.0][i % 5]
            s = int(rng.integers(0, 20))
            f.write("%s\t%d\t%d\tM\t0\t+\t%.3f\t1e-4\tACGTACGTAC\n" % (names[i % 8], s, s + 10, lo))


def check_fn(d, contrib):
    names = ["gata_tal1_%d" % i for i in range(8)]
    bed = read_bed(d + "/fn.bed")
    for out, strong in (("fn.gt.tsv", lambda x: x > 7), ("fn.ge.tsv", lambda x: x >= 7)):
        n = hit = 0
        for name, s, e, _, _, lo in bed:
            if strong(lo):
                n += 1
                hit += contrib[names.index(name), s:e, :, 0].astype(np.float64).sum() <= 0
        rows = [l.split("\t") for l in open(d + "/" + out) if l.startswith("false_negative\tM\ttask0")]
        unit = "nats" in open(d + "/" + out).readline()
        assert unit, (out, "summary does not say nats")
        got = [(int(r[5]), int(r[6])) for r in rows if r[4] in ("logodds>7", "logodds>=7")]
        assert got == [(n, hit)], (out, got, (n, hit))
        print(f"{out}: {hit} of {n} strong matches with importance <= 0, as numpy counts")


def check(d, motifs):
    pwms = {k: bits_matrix(v) for k, v in read_meme(motifs).items()}
    seqs = read_fasta(d + "/in.fa")
    ln2 = np.log(2)
    scores = {(n, m): window_bits(s, lo) for n, s in seqs.items() for m, lo in pwms.items()}
    # every + window, in nats
    all_rows = read_bed(d + "/all.bed")
    want = sum(int(np.sum(~np.isnan(v))) for v in scores.values())
    assert len(all_rows) == want, ("all.bed rows", len(all_rows), want)
    worst = 0.0
    for name, s, e, m, strand, lo in all_rows:
        assert strand == "+", strand
        ref = scores[(name, m)][s] * ln2
        worst = max(worst, abs(lo - ref))
    assert worst <= 6e-4, ("nats differ from ln(p/bg) by", worst)
    print(f"all.bed: {len(all_rows)} + windows, nats within {worst:.1e} of the numpy sums")
    # both strands: '-' is the reverse complement's + score
    rc = str.maketrans("ACGTacgt", "TGCAtgca")
    both = read_bed(d + "/both.bed")
    rcscores = {(n, m): window_bits(s.translate(rc)[::-1], lo) for n, s in seqs.items()
                for m, lo in pwms.items()}
    nminus = 0
    for name, s, e, m, strand, lo in both:
        if strand == "-":  # the window [s, e) is [len - e, len - s) of the reverse complement
            ref = rcscores[(name, m)][len(seqs[name]) - e] * ln2
            assert abs(lo - ref) <= 6e-4, (name, s, m, lo, ref)
            nminus += 1
    assert nminus == len(all_rows) and len(both) == 2 * len(all_rows), (nminus, len(both))
    print(f"both.bed: every '-' window is the + score of its reverse complement")
    # --min-score 5 in nats
    mins = read_bed(d + "/min.bed")
    want = {(n, m, i) for (n, m), v in scores.items() for i in np.where(v * ln2 >= 5)[0]}
    got = {(r[0], r[3], r[1]) for r in mins}
    edge = {(n, m, i) for (n, m), v in scores.items() for i in np.where(np.abs(v * ln2 - 5) < 1e-9)[0]}
    assert got ^ want <= edge, ("--min-score in nats", sorted(got ^ want)[:5])
    print(f"min.bed: {len(mins)} + windows with ln-odds >= 5, as numpy finds")
    # the notebook's greedy top 5
    greedy = read_bed(d + "/greedy.bed")
    got, want, repeats = {}, {}, 0
    for name, s, e, m, strand, lo in greedy:
        assert strand == "+", strand
        got.setdefault((name, m), []).append(s)
    for (name, m), v in scores.items():
        picks = notebook_pick(v.copy(), 5, pwms[m].shape[0])
        if picks:
            want[(name, m)] = sorted(picks)
            repeats += len(picks) - len(set(picks))
    bad = [k for k in set(got) | set(want) if sorted(got.get(k, [])) != want.get(k, [])]
    assert not bad, ("greedy picks differ", [(k, got.get(k), want.get(k)) for k in bad[:5]])
    assert repeats > 50, ("too few start-of-sequence repeats exercised", repeats)
    print(f"greedy.bed: the notebook's picks for {len(want)} (sequence, motif) pairs,"
          f" {repeats} repeated picks")
    check_fn(d, np.load(d + "/fn.npz")["contrib"])


if __name__ == "__main__":
    if sys.argv[1:2] == ["make"] and len(sys.argv) == 6:
        make(*sys.argv[2:])
    elif sys.argv[1:2] == ["check"] and len(sys.argv) == 4:
        check(*sys.argv[2:])
    else:
        sys.exit(__doc__)
