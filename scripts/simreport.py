#!/usr/bin/env python3
"""The report of the TAL1/GATA1 simulation benchmark (sim/Snakefile): results.tsv and one
HTML page, from the outputs motiflift wrote under OUTDIR (evaluate tables, score summaries,
the fnfp tables of simfig.py, Snakemake benchmark files) and the figures.

results.tsv columns: section, model, variant, method, metric, value, paper, note.
"""
import argparse
import glob
import html
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simfig import METHOD_LABELS, fail, read_tsv  # noqa: E402

PAPER_AUROC = [0.985, 0.983, 0.997]  # appendix F, tasks 0, 1, 2
# appendix G (b): "Guided Backprop x inp and DeepLIFT with RevealCancel have no false
# negatives, but Guided Backprop has false positives for Task 2"
PAPER_FN = {"guided_backprop": "0 (no false negatives)", "revealcancel": "0 (no false negatives)"}
PAPER_FP = {"guided_backprop": "> 0 (false positives on task 2)"}


def evaluate_rows(outdir, model, variant):
    path = f"{outdir}/{model}/evaluate.{variant}.tsv"
    header, rows = read_tsv(path)
    try:
        iroc = header.index("auROC")
        iprc = header.index("auPRC")
    except ValueError:
        fail(f"{path}: no auROC/auPRC columns (header: {' '.join(header)})")
    out = []
    for t, r in enumerate(rows):
        paper = f"{PAPER_AUROC[t]:.3f}" if t < len(PAPER_AUROC) else ""
        roc = float(r[iroc])
        note = "" if not paper else ("meets the paper" if roc >= PAPER_AUROC[t] - 5e-4 else "below the paper")
        out.append(("auroc", model, variant, "-", f"task{t} auROC", f"{roc:.4f}", paper, note))
        out.append(("auprc", model, variant, "-", f"task{t} auPRC", f"{float(r[iprc]):.4f}", "", ""))
    return out


def fnfp_rows(outdir, model):
    path = f"{outdir}/{model}/fnfp.tsv"
    header, rows = read_tsv(path)
    col = {h: i for i, h in enumerate(header)}
    out = []
    for r in rows:
        m, v = r[col["method"]], r[col["variant"]]
        out.append(("false_negatives", model, v, m, "FN proportion (strong GATA1, both class, task 0 <= 0)",
                    r[col["fn_prop"]], PAPER_FN.get(m, "> 0 for the other methods"),
                    f"{r[col['fn']]} of {r[col['n_strong_both']]}"))
        if col.get("fn_embedded_prop") is not None and r[col["fn_embedded_prop"]] not in ("NA", "nan"):
            out.append(("false_negatives", model, v, m,
                        "FN proportion, planted instances only (strong GATA1 on an embedded instance, both class, task 0 <= 0)",
                        r[col["fn_embedded_prop"]], "not reported (the paper counts all strong matches)",
                        f"{r[col['fn_embedded']]} of {r[col['n_strong_both_embedded']]}"))
        out.append(("false_positives", model, v, m, "FP proportion (strong GATA1, GATA1-only class, task 2 > 0)",
                    r[col["fp_prop"]], PAPER_FP.get(m, "not reported"),
                    f"{r[col['fp']]} of {r[col['n_strong_gata_only']]}"))
    return out


def runtime_rows(outdir):
    out = []
    for path in sorted(glob.glob(f"{outdir}/benchmarks/**/*.tsv", recursive=True)):
        header, rows = read_tsv(path)
        if not rows or "s" not in header:
            fail(f"{path}: not a Snakemake benchmark file")
        step = os.path.relpath(path, f"{outdir}/benchmarks")[:-4]
        secs = float(rows[-1][header.index("s")])
        rss = rows[-1][header.index("max_rss")] if "max_rss" in header else ""
        out.append(("runtime", "-", "-", step, "wall seconds", f"{secs:.2f}", "",
                    f"max RSS {rss} MB" if rss not in ("", "-", "NA") else ""))
    return out


def table_html(header, rows):
    h = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{h}</tr>{body}</table>"


def figure_html(outdir, path, caption):
    rel = os.path.relpath(path, outdir)
    pdf = rel[:-4] + ".pdf"
    return (f'<figure><a href="{html.escape(rel)}"><img src="{html.escape(rel)}" alt="{html.escape(caption)}"></a>'
            f'<figcaption>{html.escape(caption)} (<a href="{html.escape(pdf)}">PDF</a>)</figcaption></figure>')


FIGURE_TEXT = [
    ("scatter_gata", "Figure 5 / appendix G (a): total importance of the top GATA1 matches per"
     " sequence vs their log-odds, per method (rows) and task (columns), coloured by class."),
    ("scatter_tal1", "Figure 5 of the paper: the same for the TAL1 matches."),
    ("tiers", "Appendix I: task-0 importance of TAL1 matches, split by how many TAL1 instances"
     " the sequence holds."),
    ("logos", "Appendix H: per-base importance for task 1 (contains GATA1) on example test"
     " sequences; boxes mark the embedded motifs."),
]


def write_html(args, results, summaries):
    out = args.outdir
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'>",
             "<title>motiflift: TAL1/GATA1 simulation benchmark</title><style>",
             "body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em}",
             "table{border-collapse:collapse;font-size:90%;margin:.5em 0}",
             "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}",
             "img{max-width:100%;border:1px solid #eee}figure{margin:1em 0}</style></head><body>",
             "<h1>The DeepLIFT paper's TAL1/GATA1 simulation benchmark</h1>",
             "<p>Written by <code>sim/Snakefile</code> (scripts/simreport.py). Every number comes from"
             " <code>motiflift</code>: simulate, train, evaluate, normalize, explain, scan, score."
             " The same table is in <a href='results.tsv'>results.tsv</a>.</p>"]
    hdr = ["model", "variant", "method", "metric", "value", "paper", "note"]
    for section, title in (("auroc", "Test auROC per task (paper: 0.985 / 0.983 / 0.997)"),
                           ("false_negatives", "False negatives (appendix G b)"),
                           ("false_positives", "False positives (appendix G a, task 2)"),
                           ("runtime", "Run time of each step (Snakemake benchmark files)")):
        rows = [r[1:] for r in results if r[0] == section]
        parts.append(f"<h2>{html.escape(title)}</h2>" + table_html(hdr, rows))
        if section == "runtime":
            total = sum(float(r[4]) for r in rows)
            parts.append(f"<p>Sum of the step times: {total:.1f} s (steps may run in parallel).</p>")
    for model in args.models:
        parts.append(f"<h2>Figures: {html.escape(model)} model</h2>")
        parts.append(figure_html(out, f"{out}/figures/{model}/fnfp.png",
                                 "Appendix G (b): false-negative and false-positive proportions per method"))
        for variant in args.variants:
            for fig, text in FIGURE_TEXT:
                parts.append(figure_html(out, f"{out}/figures/{model}/{fig}.{variant}.png",
                                         f"{text} [{model} model, {variant} weights]"))
    for path in args.extra:
        if path.endswith(".html"):
            with open(path) as f:
                parts.append(f.read())
    parts.append("<h2>motiflift score summaries</h2>")
    for path in summaries:
        header, rows = read_tsv(path)
        parts.append(f"<details><summary>{html.escape(os.path.relpath(path, out))}</summary>"
                     + table_html(header, rows) + "</details>")
    parts.append("<h2>Methods</h2><ul>" + "".join(
        f"<li><code>{html.escape(k)}</code>: {html.escape(v)}</li>" for k, v in METHOD_LABELS.items()) + "</ul>")
    parts.append("</body></html>\n")
    with open(args.html, "w") as f:
        f.write("\n".join(parts))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--models", required=True)
    ap.add_argument("--variants", required=True)
    ap.add_argument("--methods", required=True)
    ap.add_argument("--tsv", required=True)
    ap.add_argument("--html", required=True)
    ap.add_argument("--gata", default="GATA_disc1")
    ap.add_argument("--tal1", default="TAL1_known1")
    ap.add_argument("--strong", type=float, default=7.0)
    ap.add_argument("--extra", nargs="*", default=[],
                    help="optional parts of the workflow: rows TSVs (results.tsv's columns), HTML sections")
    args = ap.parse_args(argv)
    args.models = args.models.split(",")
    args.variants = args.variants.split(",")
    methods = args.methods.split(",")
    results = []
    for model in args.models:
        for variant in args.variants:
            results += evaluate_rows(args.outdir, model, variant)
    for model in args.models:
        results += fnfp_rows(args.outdir, model)
    for path in args.extra:
        if path.endswith(".tsv"):
            results += [tuple(r) for r in read_tsv(path)[1]]
    results += runtime_rows(args.outdir)
    with open(args.tsv, "w") as f:
        f.write("section\tmodel\tvariant\tmethod\tmetric\tvalue\tpaper\tnote\n")
        for r in results:
            f.write("\t".join(r) + "\n")
    summaries = [f"{args.outdir}/{m}/score/{meth}.{v}.summary.tsv"
                 for m in args.models for v in args.variants for meth in methods]
    write_html(args, results, summaries)


if __name__ == "__main__":
    main(sys.argv[1:])
