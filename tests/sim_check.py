#!/usr/bin/env python3
"""Checks the outputs of sim/Snakefile under OUTDIR exist and are well formed (run by
tests/sim_workflow.sh with sim/test.yaml): usage: sim_check.py OUTDIR"""
import csv
import glob
import os
import sys

import numpy as np

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


def tsv(path):
    with open(path, newline="") as f:
        rows = [r for r in csv.reader((line for line in f if not line.startswith("#")), delimiter="\t")]
    check(len(rows) >= 2, f"{path}: no data rows")
    check(all(len(r) == len(rows[0]) for r in rows), f"{path}: ragged rows")
    return rows[0], rows[1:]


def main(out):
    results = f"{out}/results.tsv"
    if not check(os.path.exists(results), f"{results}: missing"):
        return
    header, rows = tsv(results)
    check(header == ["section", "model", "variant", "method", "metric", "value", "paper", "note"],
          f"{results}: header {header}")
    models = sorted({r[1] for r in rows if r[0] == "auroc"})
    variants = sorted({r[2] for r in rows if r[0] == "auroc"})
    methods = sorted({r[3] for r in rows if r[0] == "false_negatives"})
    check(models == ["published", "trained"], f"{results}: models {models}")
    check(variants == ["norm", "raw"], f"{results}: variants {variants}")
    check(len(methods) >= 1, f"{results}: no methods")
    for r in rows:
        if r[0] in ("auroc", "auprc", "false_negatives", "false_positives"):
            v = float(r[5])
            check(0 <= v <= 1, f"{results}: {r[0]} {r[1]} {r[2]} {r[3]} {r[4]} = {v}")
    aurocs = {(r[1], r[2], r[4]): float(r[5]) for r in rows if r[0] == "auroc"}
    check(len(aurocs) == 12, f"{results}: {len(aurocs)} auROC rows, expected 2 models x 2 variants x 3 tasks")
    for t in range(3):  # the published model as the authors report it; normalization keeps outputs
        check(aurocs.get(("published", "raw", f"task{t} auROC"), 0) > 0.98, f"published task{t} auROC")
        for m in ("published", "trained"):
            a, b = aurocs.get((m, "raw", f"task{t} auROC")), aurocs.get((m, "norm", f"task{t} auROC"))
            check(a is not None and b is not None and abs(a - b) < 2e-3, f"{m} task{t}: raw {a} vs norm {b}")
    steps = {r[3] for r in rows if r[0] == "runtime"}
    for step in ("simulate", "train", "published/scan", "trained/evaluate.raw"):
        check(step in steps, f"{results}: no run time for {step}")
    check(all(float(r[5]) >= 0 for r in rows if r[0] == "runtime"), f"{results}: negative run time")

    for m in models:
        for v in variants:
            for meth in methods:
                npz = f"{out}/{m}/explain/{meth}.{v}.npz"
                if check(os.path.exists(npz), f"{npz}: missing"):
                    d = np.load(npz)
                    n = len(d["names"])
                    check(n > 0 and d["contrib"].shape == (n, 200, 4, 3), f"{npz}: contrib {d['contrib'].shape}")
                    check(np.isfinite(d["contrib"]).all(), f"{npz}: non-finite scores")
                sc = f"{out}/{m}/score/{meth}.{v}.tsv"
                if check(os.path.exists(sc), f"{sc}: missing"):
                    h, body = tsv(sc)
                    check(sum(c.startswith("imp_") for c in h) == 3, f"{sc}: importance columns {h}")
                check(os.path.getsize(f"{out}/{m}/score/{meth}.{v}.summary.tsv") > 0, f"{m} {meth} {v}: summary")
            for fig in ("scatter_gata", "scatter_tal1", "tiers", "logos"):
                figure(f"{out}/figures/{m}/{fig}.{v}")
        figure(f"{out}/figures/{m}/fnfp")
        h, body = tsv(f"{out}/{m}/matches.bed")
    paper_exact(out, rows, models)
    with open(f"{out}/report.html") as f:
        page = f.read()
    check(page.rstrip().endswith("</html>"), "report.html: truncated")
    for png in glob.glob(f"{out}/figures/*/*.png"):
        check(os.path.relpath(png, out) in page, f"report.html: no {png}")


def paper_exact(out, rows, models):
    """The DeepLIFT notebook's definitions (sim/rules/paper_exact.smk, on in every config):
    seven methods x two motifs per model, counts in the note, and with the published model
    and test split the bars the authors rendered, exactly (the six deterministic methods;
    the multiref one draws its own shuffles)."""
    pe = [r for r in rows if r[0] == "paper_exact_false_negatives"]
    check(len(pe) == 14 * len(models), f"results.tsv: {len(pe)} paper_exact_false_negatives rows")
    for r in pe:
        hit, n = (int(x) for x in r[7].split(" of "))
        check(n > 0 and abs(hit / n - float(r[5])) < 1e-4, f"paper-exact {r[1]} {r[3]}: {r[5]} vs {r[7]}")
        if r[1] == "published" and r[3] != "genomics_default_shuf10":
            check("reproduced" in r[6], f"published {r[3]} {r[4][:12]}: {r[5]} ({r[7]}), notebook {r[6]}")
        if r[1] == "published" and r[3] in ("revealcancel", "guided_backprop"):
            check(hit == 0, f"published {r[3]}: {r[7]} false negatives, the paper has none")
    check(any(r[0] == "paper_exact_definitions" for r in rows), "results.tsv: no paper_exact_definitions rows")
    check(any(r[0] == "paper_exact_tiers" for r in rows), "results.tsv: no paper_exact_tiers rows")
    for m in models:
        figure(f"{out}/figures/{m}/paper_fn")
        figure(f"{out}/figures/{m}/paper_tiers")


def figure(stem):
    for ext, magic in (("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF")):
        path = f"{stem}.{ext}"
        if check(os.path.exists(path), f"{path}: missing"):
            with open(path, "rb") as f:
                head = f.read(8)
            check(head.startswith(magic) and os.path.getsize(path) > 2000, f"{path}: not a {ext} figure")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: sim_check.py OUTDIR")
    main(sys.argv[1])
    for msg in failures:
        print("FAIL:", msg)
    if failures:
        sys.exit(1)
    print("sim_check: all outputs present and well formed")
