#!/usr/bin/env python3
"""Figures of the TAL1/GATA1 simulation benchmark (sim/Snakefile), from motiflift outputs.

  simfig.py scatter --motif M --data SIMDATA -o a.png -o a.pdf SCORES.tsv...  (figure 5 / app. G a)
  simfig.py fnfp    --data SIMDATA --table fnfp.tsv -o b.png SCORES.tsv...    (appendix G b)
  simfig.py tiers   --data SIMDATA -o c.png SCORES.tsv...                     (appendix I)
  simfig.py logos   --data SIMDATA -o d.png EXPLAIN.npz...                    (appendix H)

SCORES.tsv are `motiflift score` tables, one per method, named <method>.<variant>.tsv;
EXPLAIN.npz are `motiflift explain` outputs named the same way. Only draws and counts:
every number it plots was computed by motiflift.
"""
import argparse
import csv
import gzip
import os
import re
import sys
import textwrap

import numpy as np

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from matplotlib.textpath import TextPath  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.transforms import Affine2D  # noqa: E402

METHOD_LABELS = {
    "grad_x_input": "gradient × input",
    "guided_backprop": "guided backprop × input",
    "integrated_gradients": "integrated gradients",
    "rescale": "DeepLIFT Rescale",
    "revealcancel": "DeepLIFT RevealCancel",
    "genomics_default": "DeepLIFT fc-RC conv-RS",
    "genomics_default_shuf": "DeepLIFT fc-RC conv-RS, shuffled refs",
}
TASK_LABELS = ["task 0: both", "task 1: GATA1", "task 2: TAL1"]
CLASS_COLOURS = {  # as in the paper's appendix G
    "gata_tal1": ("#d62728", "both motifs"),
    "gata_only": ("#1f77b4", "GATA1 only"),
    "tal1_only": ("#2ca02c", "TAL1 only"),
    "empty": ("#000000", "no motif"),
}
BASE_COLOURS = {"A": "#109648", "C": "#255c99", "G": "#f7b32b", "T": "#d62839"}


def fail(msg):
    """One clear line and a non-zero exit (Snakemake then removes the outputs)."""
    sys.stderr.write("simfig: " + msg + "\n")
    sys.exit(1)


def method_of(path):
    """'<dir>/<method>.<variant>.tsv' -> method."""
    return os.path.basename(path).split(".")[0]


def label(method, width=0):
    """The method's name in figures; wrapped onto lines of width characters when width > 0."""
    text = METHOD_LABELS.get(method, method)
    return textwrap.fill(text, width) if width else text


def class_of(name):
    """Simulated names are '<class>_<k>'."""
    return name.rsplit("_", 1)[0]


# ---------------------------------------------------------------- reading

def read_tsv(path):
    """Header + rows of a TSV; lines starting with '#' (comments) are skipped."""
    with open(path, newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    if not lines:
        fail(f"{path}: empty table (no header)")
    reader = csv.reader(lines, delimiter="\t")
    header = next(reader)
    rows = [r for r in reader if r]
    for i, r in enumerate(rows):
        if len(r) != len(header):
            fail(f"{path}: row {i + 2}: {len(r)} columns, header has {len(header)}")
    return header, rows


def pick(header, path, *names):
    """Index of the first column called one of names (case-insensitive)."""
    low = [h.lower() for h in header]
    for n in names:
        if n.lower() in low:
            return low.index(n.lower())
    fail(f"{path}: no column named {' or '.join(names)} (header: {' '.join(header)})")


def task_columns(header, path):
    """Importance columns, one per task, in task order."""
    found = {}
    for pattern in (r"^(?:imp|importance)[_:.-]?task(\d+)$", r"^task(\d+)[_:.-]?(?:imp|importance)$",
                    r"^task(\d+)$"):
        for i, h in enumerate(header):
            m = re.match(pattern, h, re.IGNORECASE)
            if m:
                found.setdefault(int(m.group(1)), i)
        if found:
            break
    if not found:
        fail(f"{path}: no per-task importance columns (header: {' '.join(header)})")
    return [found[t] for t in sorted(found)]


def load_scores(path):
    """A `motiflift score` table as arrays: name, motif, logodds, cls, imp (n, tasks)."""
    header, rows = read_tsv(path)
    iname = pick(header, path, "name", "seqname", "seq", "sequence_name", "chrom")
    imotif = pick(header, path, "motif")
    ilo = pick(header, path, "logodds", "log_odds", "log-odds")
    itasks = task_columns(header, path)
    low = [h.lower() for h in header]
    icls = low.index("class") if "class" in low else None
    try:
        imp = np.array([[float(r[i]) for i in itasks] for r in rows], dtype=float).reshape(len(rows), len(itasks))
        lo = np.array([float(r[ilo]) for r in rows], dtype=float)
    except ValueError as e:
        fail(f"{path}: not a number: {e}")
    if not np.all(np.isfinite(imp)) or not np.all(np.isfinite(lo)):
        fail(f"{path}: NaN or infinite importance/log-odds")
    names = np.array([r[iname] for r in rows])
    cls = np.array([r[icls] if icls is not None else class_of(r[iname]) for r in rows])
    # embedded: 1 when the match lies on a planted instance (score --labels simdata / --truth)
    iemb = low.index("embedded") if "embedded" in low else None
    emb = np.array([r[iemb] == "1" for r in rows]) if iemb is not None else None
    return {"name": names, "motif": np.array([r[imotif] for r in rows]), "logodds": lo,
            "cls": cls, "imp": imp, "embedded": emb}


def load_truth(simdata):
    """name -> list of (start, end, motif) embedded instances, from the simdata TSV."""
    opener = gzip.open if simdata.endswith(".gz") else open
    truth = {}
    with opener(simdata, "rt") as f:
        header = f.readline().rstrip("\n").split("\t")
        if len(header) < 3 or header[2] != "embeddings":
            fail(f"{simdata}: not a simdata TSV (no 'embeddings' column)")
        for line in f:
            t = line.rstrip("\n").split("\t")
            inst = []
            for e in filter(None, t[2].split(",")):
                m = re.match(r"^pos-(\d+)_(.+)-([ACGTN]+)$", e)
                if not m:
                    fail(f"{simdata}: {t[0]}: unreadable embedding '{e}'")
                start = int(m.group(1))
                motif = m.group(2).replace("revComp-", "")
                inst.append((start, start + len(m.group(3)), motif))
            truth[t[0]] = inst
    return truth


# ---------------------------------------------------------------- helpers

def save(fig, outputs):
    for out in outputs:
        fig.savefig(out, dpi=110 if out.endswith(".png") else None)
    plt.close(fig)


def margins(fig, left, right, top, bottom, hspace=0.3, wspace=0.3):
    """Fixed margins in inches (tight_layout measures every label: slow on big grids)."""
    w, h = fig.get_size_inches()
    fig.subplots_adjust(left=left / w, right=1 - right / w, top=1 - top / h, bottom=bottom / h,
                        hspace=hspace, wspace=wspace)


def class_legend(fig, classes):
    handles = [plt.Line2D([], [], marker="o", ls="", color=CLASS_COLOURS[c][0], label=CLASS_COLOURS[c][1])
               for c in classes if c in CLASS_COLOURS]
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=9)


def load_all(paths):
    return [(method_of(p), load_scores(p)) for p in paths]


def fnfp_counts(s, gata, strong):
    """Appendix G b: strong GATA1 matches in both-motif sequences with task-0 importance <= 0
    (false negatives); strong GATA1 matches in GATA1-only sequences with task-2 ("contains
    TAL1") importance > 0 (false positives). Also the false negatives among the strong
    matches that lie on a planted GATA1 instance (-1, -1 when the table does not say)."""
    g = (s["motif"] == gata) & (s["logodds"] > strong)
    both = g & (s["cls"] == "gata_tal1")
    only = g & (s["cls"] == "gata_only")
    ntask = s["imp"].shape[1]
    fn = int(np.sum(s["imp"][both, 0] <= 0))
    fp = int(np.sum(s["imp"][only, 2] > 0)) if ntask > 2 else 0
    fn_emb, n_emb = -1, -1
    if s["embedded"] is not None:
        planted = both & s["embedded"]
        fn_emb, n_emb = int(np.sum(s["imp"][planted, 0] <= 0)), int(planted.sum())
    return fn, int(both.sum()), fp, int(only.sum()), fn_emb, n_emb


# ---------------------------------------------------------------- figures

def fig_scatter(args):
    data = load_all(args.inputs)
    ntask = data[0][1]["imp"].shape[1]
    fig, axes = plt.subplots(len(data), ntask, figsize=(3.0 * ntask, 2.0 * len(data) + 0.8),
                             squeeze=False, sharex=True)
    order = ["empty", "tal1_only", "gata_only", "gata_tal1"]
    for row, (method, s) in enumerate(data):
        sel = s["motif"] == args.motif
        if not sel.any():
            fail(f"{args.inputs[row]}: no matches of motif {args.motif}")
        for t in range(ntask):
            ax = axes[row][t]
            for c in order:
                m = sel & (s["cls"] == c)
                ax.scatter(s["logodds"][m], s["imp"][m, t], s=4, alpha=0.6, lw=0,
                           color=CLASS_COLOURS.get(c, ("grey",))[0], rasterized=True)
            ax.axhline(0, color="grey", lw=0.5)
            ax.axvline(args.strong, color="grey", lw=0.5, ls=":")
            ax.tick_params(labelsize=7)
            if row == 0:
                ax.set_title(TASK_LABELS[t] if t < len(TASK_LABELS) else f"task {t}", fontsize=9)
            if t == 0:
                ax.set_ylabel(label(method, 20), fontsize=8)
            if row == len(data) - 1:
                ax.set_xlabel(f"{args.motif} log-odds (bits)", fontsize=8)
    fig.suptitle(f"Total importance of the top {args.top} {args.motif} matches per sequence"
                 f" ({args.title})", fontsize=10)
    class_legend(fig, order[::-1])
    margins(fig, 0.95, 0.15, 0.85, 0.85)
    save(fig, args.output)


def fig_tiers(args):
    data = load_all(args.inputs)
    truth = load_truth(args.data)
    fig, axes = plt.subplots(len(data), 3, figsize=(8.5, 1.9 * len(data) + 0.8), squeeze=False,
                             sharex=True)
    for row, (method, s) in enumerate(data):
        ninst = np.array([sum(1 for i in truth.get(n, []) if i[2] == args.tal1) for n in s["name"]])
        sel = (s["motif"] == args.tal1) & np.isin(s["cls"], ["gata_tal1", "tal1_only"])
        lim = None
        if sel.any():
            y = s["imp"][sel, 0]
            pad = 0.05 * (y.max() - y.min() + 1e-9)
            lim = (y.min() - pad, y.max() + pad)
        for k in (1, 2, 3):
            ax = axes[row][k - 1]
            for c in ("tal1_only", "gata_tal1"):
                m = sel & (ninst == k) & (s["cls"] == c)
                ax.scatter(s["logodds"][m], s["imp"][m, 0], s=4, alpha=0.6, lw=0,
                           color=CLASS_COLOURS[c][0], rasterized=True)
            ax.axhline(0, color="grey", lw=0.5)
            if lim:
                ax.set_ylim(lim)
            ax.tick_params(labelsize=7)
            if row == 0:
                ax.set_title(f"{k} instance{'s' if k > 1 else ''} in the sequence", fontsize=9)
            if k == 1:
                ax.set_ylabel(label(method, 20), fontsize=8)
            if row == len(data) - 1:
                ax.set_xlabel(f"{args.tal1} log-odds (bits)", fontsize=8)
    fig.suptitle(f"Task 0 importance of the top {args.top} {args.tal1} matches per sequence\n"
                 f"by the number of embedded {args.tal1} instances ({args.title})", fontsize=10)
    class_legend(fig, ["gata_tal1", "tal1_only"])
    margins(fig, 0.95, 0.15, 0.85, 0.85)
    save(fig, args.output)


def fig_fnfp(args):
    rows = []
    for path in args.inputs:
        s = load_scores(path)
        variant = os.path.basename(path).split(".")[1]
        rows.append((method_of(path), variant) + fnfp_counts(s, args.gata, args.strong))
    with open(args.table, "w") as f:
        f.write("method\tvariant\tfn\tn_strong_both\tfn_prop\tfp\tn_strong_gata_only\tfp_prop\t"
                "fn_embedded\tn_strong_both_embedded\tfn_embedded_prop\n")
        for m, v, fn, nb, fp, no, fe, ne in rows:
            f.write(f"{m}\t{v}\t{fn}\t{nb}\t{fn / nb if nb else float('nan'):.4f}\t"
                    f"{fp}\t{no}\t{fp / no if no else float('nan'):.4f}\t"
                    + (f"{fe}\t{ne}\t{fe / ne if ne else float('nan'):.4f}\n" if ne >= 0 else "NA\tNA\tNA\n"))
    methods = list(dict.fromkeys(r[0] for r in rows))
    variants = list(dict.fromkeys(r[1] for r in rows))
    fig, axes = plt.subplots(1, 2, figsize=(10, 0.45 * len(methods) + 1.8), sharey=True)
    h = 0.8 / len(variants)
    for j, v in enumerate(variants):
        fnp = [next((r[2] / r[3] if r[3] else 0) for r in rows if r[0] == m and r[1] == v) for m in methods]
        fpp = [next((r[4] / r[5] if r[5] else 0) for r in rows if r[0] == m and r[1] == v) for m in methods]
        y = np.arange(len(methods)) + (j - (len(variants) - 1) / 2) * h
        kw = dict(height=h, color=("#4c72b0", "#dd8452", "#55a868")[j % 3], label=f"{v} weights")
        axes[0].barh(y, fnp, **kw)
        axes[1].barh(y, fpp, **kw)
        planted = [next((r[6] / r[7] if r[7] > 0 else np.nan) for r in rows if r[0] == m and r[1] == v)
                   for m in methods]
        if not np.all(np.isnan(planted)):
            axes[0].plot(planted, y, "k|", ms=9, mew=1.5,
                         label="on a planted instance only" if j == 0 else None)
    axes[0].set_yticks(range(len(methods)))
    axes[0].set_yticklabels([label(m) for m in methods], fontsize=8)
    axes[0].invert_yaxis()
    axes[0].set_xlabel("proportion", fontsize=8)
    axes[1].set_xlabel("proportion", fontsize=8)
    axes[0].set_title(f"false negatives: strong {args.gata} (log-odds > {args.strong:g})\n"
                      "in both-motif sequences with task-0 importance ≤ 0", fontsize=9)
    axes[1].set_title(f"false positives: strong {args.gata} in GATA1-only\n"
                      "sequences with task-2 (TAL1) importance > 0", fontsize=9)
    # false negatives are a few percent: their own scale, or the bars vanish
    fn_max = max([r[2] / r[3] for r in rows if r[3]] + [r[6] / r[7] for r in rows if r[7] > 0] + [0.01])
    axes[0].set_xlim(0, min(1.0, 1.3 * fn_max))
    axes[1].set_xlim(0, 1)
    for ax in axes:
        ax.tick_params(labelsize=8)
    axes[1].legend(fontsize=8, loc="lower right")
    planted_marks = [h for h, lab in zip(*axes[0].get_legend_handles_labels()) if lab.startswith("on a planted")]
    if planted_marks:
        axes[0].legend(handles=planted_marks, fontsize=8, loc="lower right")
    fig.suptitle(args.title, fontsize=10)
    margins(fig, 2.4, 0.2, 0.9, 0.5, wspace=0.08)
    save(fig, args.output)


_LETTERS = {}


def letter_path(base):
    """The outline of a base letter and its extent (cached: building it is the slow part)."""
    if base not in _LETTERS:
        path = TextPath((0, 0), base, size=1, prop=FontProperties(family="DejaVu Sans", weight="bold"))
        _LETTERS[base] = (path, path.get_extents())
    return _LETTERS[base]


def draw_letter(ax, base, x, y0, height):
    """Base letter filling [x, x+1] x [y0, y0+height] (negative height: drawn upside down)."""
    path, ext = letter_path(base)
    t = Affine2D().translate(-ext.x0, -ext.y0).scale(0.95 / ext.width, height / ext.height) \
        .translate(x + 0.025, y0)
    ax.add_patch(PathPatch(t.transform_path(path), color=BASE_COLOURS[base], lw=0))


def choose_examples(names, args):
    if args.names and args.names != "-":
        want = args.names.split(",")
        missing = [n for n in want if n not in set(names)]
        if missing:
            fail(f"{args.inputs[0]}: example sequence(s) not explained: {', '.join(missing)}")
        return want
    out = []
    for c in args.classes.split(","):
        pick_ = next((n for n in names if class_of(n) == c), None)
        if pick_ is None:
            fail(f"{args.inputs[0]}: no test sequence of class {c}")
        out.append(pick_)
    return out


def fig_logos(args):
    truth = load_truth(args.data)
    npzs = []
    for p in args.inputs:
        try:
            d = np.load(p)
            npzs.append((method_of(p), [str(n) for n in d["names"]], d["proj"], d["onehot"]))
        except (OSError, KeyError, ValueError) as e:
            fail(f"{p}: not a motiflift explain npz: {e}")
    examples = choose_examples(npzs[0][1], args)
    nrow = len(examples) * len(npzs)
    fig, axes = plt.subplots(nrow, 1, figsize=(14, 1.05 * nrow + 0.8), squeeze=False)
    row = 0
    for name in examples:
        for method, names, proj, onehot in npzs:
            if name not in names:
                fail(f"{method}: sequence {name} not in the npz")
            i = names.index(name)
            if args.task >= proj.shape[3]:
                fail(f"{method}: task {args.task} not explained (npz has {proj.shape[3]} tasks)")
            ax = axes[row][0]
            scores = proj[i, :, :, args.task].sum(axis=1)
            bases = ["ACGT"[k] if onehot[i, p].max() > 0 else None
                     for p, k in enumerate(onehot[i].argmax(axis=1))]
            for p, b in enumerate(bases):
                if b and scores[p] != 0:
                    draw_letter(ax, b, p, min(0.0, scores[p]), abs(scores[p]) if scores[p] > 0 else scores[p])
            lim = max(abs(scores).max(), 1e-6) * 1.1
            ax.set_ylim(-lim, lim)
            ax.set_xlim(0, len(bases))
            for start, end, motif in truth.get(name, []):
                colour = "#1f77b4" if motif == args.gata else "#2ca02c"
                ax.add_patch(Rectangle((start, -lim * 0.98), end - start, lim * 1.96, fill=False,
                                       ec=colour, lw=1.2))
            ax.axhline(0, color="grey", lw=0.4)
            ax.set_ylabel(label(method, 22), fontsize=7, rotation=0, ha="right", va="center")
            ax.tick_params(labelsize=6)
            if method == npzs[0][0]:
                ax.set_title(f"{name}: importance for task {args.task}"
                             f" ({TASK_LABELS[args.task] if args.task < 3 else ''});"
                             f" boxes: embedded {args.gata} (blue), {args.tal1} (green)", fontsize=9)
            row += 1
    fig.suptitle(args.title, fontsize=10, y=1 - 0.15 / fig.get_size_inches()[1])
    margins(fig, 1.6, 0.15, 0.8, 0.3, hspace=0.45)
    save(fig, args.output)


def thumbnails(argv):
    """simfig.py thumbs DIR WIDTH PNG...: copies of the PNGs at most WIDTH pixels wide, for
    the repository (sim/figures/), named <model>_<figure>.png after their directory."""
    from PIL import Image
    if len(argv) < 3:
        fail("usage: simfig.py thumbs DIR WIDTH PNG...")
    outdir, width = argv[0], int(argv[1])
    os.makedirs(outdir, exist_ok=True)
    for png in argv[2:]:
        img = Image.open(png)
        if img.width > width:
            img = img.resize((width, round(img.height * width / img.width)), Image.LANCZOS)
        name = os.path.basename(os.path.dirname(png)) + "_" + os.path.basename(png)
        img.convert("P", palette=Image.ADAPTIVE, colors=128).save(os.path.join(outdir, name), optimize=True)


def main(argv):
    if argv and argv[0] == "thumbs":
        thumbnails(argv[1:])
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("figure", choices=["scatter", "fnfp", "tiers", "logos"])
    ap.add_argument("inputs", nargs="+", help="score TSVs (logos: explain npz files)")
    ap.add_argument("-o", "--output", action="append", required=True, help="PNG/PDF (repeat)")
    ap.add_argument("--data", required=True, help="the simdata TSV (embedded motifs, classes)")
    ap.add_argument("--methods", default="", help="(informational) methods in order")
    ap.add_argument("--motif", default="GATA_disc1")
    ap.add_argument("--gata", default="GATA_disc1")
    ap.add_argument("--tal1", default="TAL1_known1")
    ap.add_argument("--strong", type=float, default=7.0)
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--table", help="fnfp: the proportions as TSV")
    ap.add_argument("--names", default="-", help="logos: sequences, comma-separated")
    ap.add_argument("--classes", default="gata_tal1,tal1_only", help="logos: first of each class")
    ap.add_argument("--task", type=int, default=1)
    ap.add_argument("--title", default="")
    args = ap.parse_args(argv)
    for p in args.inputs + [args.data]:
        if not os.path.exists(p):
            fail(f"{p}: no such file")
    if args.figure == "fnfp" and not args.table:
        fail("fnfp needs --table")
    {"scatter": fig_scatter, "fnfp": fig_fnfp, "tiers": fig_tiers, "logos": fig_logos}[args.figure](args)


if __name__ == "__main__":
    main(sys.argv[1:])
