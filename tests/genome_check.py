"""Independent checks of motiflift's genome-scale outputs (run by tests/genome_bigwig.sh).

genome_check.py GENOME.fa EXPLAIN.npz TRACK.bw TRACK.bedgraph HITS.bed[.gz] TASKCOL
  * the one-hot rows of the npz are the genome's bases at (chrom, start, end), N (all zeros)
    outside the chromosome: genomic coordinates end to end;
  * the bigWig (read with pyBigWig) holds, at every base, the mean over the regions covering
    it of contrib[..., TASKCOL] summed over channels, and nothing where no region lies;
    its chromosome sizes are the genome's;
  * the bedGraph holds the bigWig's intervals exactly;
  * every scan hit's sequence column is the genome's bases at its coordinates.
"""
import gzip
import sys

import numpy as np
import pyBigWig


def read_fasta(path):
    seqs, name, parts = {}, None, []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(">"):
                if name:
                    seqs[name] = "".join(parts)
                name, parts = line[1:].split()[0], []
            else:
                parts.append(line)
    if name:
        seqs[name] = "".join(parts)
    return seqs


def onehot(s):
    out = np.zeros((len(s), 4), np.float32)
    for i, c in enumerate(s.upper()):
        k = "ACGT".find(c)
        if k >= 0:
            out[i, k] = 1
    return out


def window(genome, chrom, start, end):
    g = genome[chrom]
    left = "N" * max(0, -start)
    right = "N" * max(0, end - len(g))
    return left + g[max(start, 0):min(end, len(g))] + right


def main():
    fa, npz, bw_path, bg_path, hits, col = sys.argv[1:7]
    col = int(col)
    genome = read_fasta(fa)
    z = np.load(npz)
    chrom, start, end = z["chrom"], z["start"], z["end"]
    n, L = z["onehot"].shape[:2]
    fails = 0
    for i in range(n):
        w = window(genome, str(chrom[i]), int(start[i]), int(end[i]))
        if end[i] - start[i] != L or not np.array_equal(onehot(w), z["onehot"][i]):
            print(f"row {i} ({chrom[i]}:{start[i]}-{end[i]}): one-hot is not the genome's bases")
            fails += 1
    print(f"one-hot at genomic coordinates: {n} rows checked")

    per_base = z["contrib"][:, :, :, col].astype(np.float64).sum(axis=2).astype(np.float32)
    bw = pyBigWig.open(bw_path)
    sizes = {k: len(v) for k, v in genome.items()}
    if bw.chroms() != sizes:
        print(f"bigWig chromosome sizes {bw.chroms()} != genome {sizes}")
        fails += 1
    checked = 0
    for c, clen in sizes.items():
        tot, cnt = np.zeros(clen), np.zeros(clen, np.int64)
        for i in np.nonzero(chrom == c)[0]:
            s, e = int(start[i]), int(end[i])
            lo, hi = max(s, 0), min(e, clen)
            tot[lo:hi] += per_base[i, lo - s:hi - s]
            cnt[lo:hi] += 1
        expect = np.full(clen, np.nan)
        expect[cnt > 0] = tot[cnt > 0] / cnt[cnt > 0]
        got = np.array(bw.values(c, 0, clen), dtype=np.float64)
        if not np.array_equal(np.isnan(got), np.isnan(expect)):
            print(f"{c}: covered bases differ ({np.sum(~np.isnan(got))} in bigWig, "
                  f"{np.sum(cnt > 0)} expected)")
            fails += 1
            continue
        m = ~np.isnan(expect)
        bad = np.abs(got[m] - expect[m]) > 1e-7 + 1e-5 * np.abs(expect[m])
        if bad.any():
            print(f"{c}: {bad.sum()} bases differ, max |diff| {np.abs(got[m] - expect[m]).max()}")
            fails += 1
        checked += int(m.sum())
    print(f"bigWig values: {checked} bases checked against the npz")

    bg = []
    with open(bg_path) as f:
        for line in f:
            c, s, e, v = line.split("\t")
            bg.append((c, int(s), int(e), np.float32(float(v))))
    ivs = [(c, s, e, np.float32(v)) for c in sizes for (s, e, v) in (bw.intervals(c) or [])]
    if bg != ivs:
        print(f"bedGraph ({len(bg)} intervals) differs from the bigWig ({len(ivs)})")
        fails += 1
    print(f"bedGraph = bigWig intervals: {len(bg)}")

    comp = str.maketrans("ACGTacgtNn", "TGCAtgcaNn")
    nh = 0
    with gzip.open(hits, "rt") if hits.endswith(".gz") else open(hits) as f:
        for line in f:
            if line.startswith("#"):
                continue
            c, s, e, _, _, strand, _, _, seq = line.rstrip("\n").split("\t")[:9]
            g = window(genome, c, int(s), int(e))
            if strand == "-":
                g = g.translate(comp)[::-1]
            if g != seq:
                print(f"hit {c}:{s}-{e}{strand}: sequence {seq} but the genome has {g}")
                fails += 1
            nh += 1
    print(f"scan hits at genomic coordinates: {nh} checked")
    print("FAIL" if fails else "OK")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
