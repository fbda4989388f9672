# The DeepLIFT paper's false-negative bars (appendix G b for GATA1, Fig. 5 b for TAL1) and
# appendix I's instance-count panels, computed with its authors' own definitions, beside
# ours (issue 15; sim/README.md, "The paper, exactly"). Included by sim/Snakefile; on with
# `paper_exact: true` in sim/config.yaml.
#
# The definitions are those of the notebook the paper's figures come from,
# examples/public/genomics/genomics_simulation.ipynb of kundajelab/deeplift at commit 671ee67:
#  - every method against one flat reference, A .3 C .2 G .2 T .3 (gradient x input and
#    guided backprop as multiplier x (x - ref)); RevealCancel on all layers; integrated
#    gradients with 10 steps; the "multiref" method with 10 dinucleotide shuffles;
#  - GATA_disc1 / TAL1_known1 with pseudocount 0.001, natural-log odds against the same
#    A .3 C .2 G .2 T .3, + strand only; the top 5 per sequence by the notebook's greedy
#    exclusion (start-of-sequence repeats counted); a strong match has log-odds >= 7 nats;
#  - false negative: a strong match in a sequence with both motifs (labels 1,1,1) whose
#    task-0 importance (contributions summed over the 4 channels and the window) is <= 0.
# Besides "paper" (all of it) and "ours" (both strands, bits, top 5 overlaps allowed, > 7),
# each difference is measured alone (ours with one of the notebook's choices), and the two
# that matter together (the notebook's without its greedy pick).

PAPER_ON = bool(config.get("paper_exact", False))
PAPER_REF = "freq:0.3,0.2,0.2,0.3"
PAPER_BG = "0.3,0.2,0.2,0.3"
PAPER_SHUFFLES = 10
PAPER_STEPS = 10
# the notebook's methods, in the order of its bar chart
PAPER_METHODS = ["guided_backprop", "grad_x_input", "integrated_gradients", "rescale",
                 "revealcancel", "genomics_default", "genomics_default_shuf10"]
PAPER_METHOD_ARGS = dict(METHOD_ARGS)
PAPER_METHOD_ARGS["integrated_gradients"] = f"--method integrated-gradients --steps {PAPER_STEPS}"
PAPER_METHOD_ARGS["genomics_default_shuf10"] = METHOD_ARGS["genomics_default_shuf"]
# definition name -> (scan options, score options); top 5 and the background in all of them
PAPER_FORWARD, PAPER_NATS, PAPER_GREEDY = "--strand +", "--log-base e", "--greedy-exclude"
PAPER_DEFS = {
    "ours": ("", ""),
    "ours+forward": (PAPER_FORWARD, ""),
    "ours+nats": (PAPER_NATS, ""),
    "ours+greedy": (PAPER_GREEDY, ""),
    "paper-greedy": (f"{PAPER_FORWARD} {PAPER_NATS}", "--threshold-inclusive"),
    "paper": (f"{PAPER_FORWARD} {PAPER_NATS} {PAPER_GREEDY}", "--threshold-inclusive"),
}
PAPER_STRONG = 7


def paper_npz(model, method):
    """The explain output of a notebook method: the main run's when it was made the
    notebook's way, else the paper rules' own."""
    same = (PAPER_REF == EX["reference"] and "raw" in VARIANTS and method in METHODS
            and (method != "integrated_gradients" or int(EX["steps"]) == PAPER_STEPS))
    if method == "genomics_default_shuf10":
        same = "genomics_default_shuf" in METHODS and "raw" in VARIANTS \
            and int(EX["num_shuffles"]) == PAPER_SHUFFLES
        if same:
            return f"{OUT}/{model}/explain/genomics_default_shuf.raw.npz"
    return f"{OUT}/{model}/explain/{method}.raw.npz" if same else f"{OUT}/{model}/paper/explain/{method}.npz"


def paper_scores(model, defn):
    return [f"{OUT}/{model}/paper/score/{defn}/{m}{ext}" for m in PAPER_METHODS
            for ext in (".tsv", ".summary.tsv")]


rule paper_explain:
    input:
        model=lambda wc: model_files(wc.model, "raw"),
        seqs=f"{OUT}/{{model}}/test.fa",
    output: f"{OUT}/{{model}}/paper/explain/{{pmethod}}.npz"
    wildcard_constraints: pmethod="|".join(PAPER_METHODS)
    params:
        m=lambda wc, input: model_args(input.model),
        method=lambda wc: PAPER_METHOD_ARGS[wc.pmethod],
        ref=lambda wc: f"-r dinuc-shuffle -n {PAPER_SHUFFLES}" if wc.pmethod.endswith("shuf10")
        else f"-r {PAPER_REF}",
        seed=EX["seed"],
    threads: THREADS
    log: f"{OUT}/logs/{{model}}/paper_explain.{{pmethod}}.log"
    benchmark: f"{OUT}/benchmarks/{{model}}/paper_explain.{{pmethod}}.tsv"
    shell:
        "{MF} explain {params.m} {params.method} {params.ref} --seed {params.seed}"
        " -t {threads} {input.seqs} -o {output}" + ON_ERROR


# one job per definition: its matches, then their scores under every method (quick runs,
# one job: Snakemake's own cost per job is larger than theirs)
rule paper_count:
    input:
        motifs=repo_path(SC["motifs"]),
        seqs=f"{OUT}/{{model}}/test.fa",
        npz=lambda wc: [paper_npz(wc.model, m) for m in PAPER_METHODS],
        data=lambda wc: data_file(wc.model),
    output:
        matches=f"{OUT}/{{model}}/paper/matches.{{defn}}.bed",
        scores=paper_scores("{model}", "{defn}"),
    wildcard_constraints: defn="|".join(re.escape(d) for d in PAPER_DEFS)
    params:
        motifs=" ".join("--motif " + m for m in MOTIFS),
        scan=lambda wc: PAPER_DEFS[wc.defn][0],
        score=lambda wc: PAPER_DEFS[wc.defn][1],
        dir=lambda wc: f"{OUT}/{wc.model}/paper/score/{wc.defn}",
        pairs=lambda wc, input: " ".join(f"{m}={f}" for m, f in zip(PAPER_METHODS, input.npz)),
    log: f"{OUT}/logs/{{model}}/paper_count.{{defn}}.log"
    benchmark: f"{OUT}/benchmarks/{{model}}/paper_count.{{defn}}.tsv"
    shell:
        "( {MF} scan -m {input.motifs} {params.motifs} --bg {PAPER_BG} --pseudocount 0.001"
        " --top 5 {params.scan} {input.seqs} -o {output.matches} || exit 1;"
        " for p in {params.pairs}; do {MF} score -s ${{p#*=}} -b {output.matches}"
        " --data {input.data} --threshold {PAPER_STRONG} {params.score}"
        " -o {params.dir}/${{p%%=*}}.tsv --summary {params.dir}/${{p%%=*}}.summary.tsv || exit 1;"
        " done )" + ON_ERROR


rule paper_figures:
    input:
        scores=lambda wc: [f for d in PAPER_DEFS for f in paper_scores(wc.model, d)],
    output:
        table=f"{OUT}/{{model}}/paper/fn.tsv",
        fn=multiext(f"{OUT}/figures/{{model}}/paper_fn", ".png", ".pdf"),
        tiers=multiext(f"{OUT}/figures/{{model}}/paper_tiers", ".png", ".pdf"),
    params:
        methods=",".join(PAPER_METHODS),
        defs=",".join(PAPER_DEFS),
        notebook=lambda wc: "--notebook" if wc.model == "published" else "",
    log: f"{OUT}/logs/{{model}}/paper_figures.log"
    benchmark: f"{OUT}/benchmarks/{{model}}/paper_figures.tsv"
    shell:
        "{PY} {SCRIPTS}/simpaper.py figures --dir {OUT}/{wildcards.model}/paper"
        " --model {wildcards.model} --methods {params.methods} --defs {params.defs}"
        " --gata {SC[gata]} --tal1 {SC[tal1]} {params.notebook} --table {output.table}"
        " --fn {output.fn} --tiers {output.tiers}" + ON_ERROR


rule paper_report:
    input:
        tables=expand(f"{OUT}/{{model}}/paper/fn.tsv", model=MODELS),
        figures=expand(f"{OUT}/figures/{{model}}/paper_{{fig}}.png", model=MODELS, fig=["fn", "tiers"]),
    output:
        rows=f"{OUT}/paper/rows.tsv",
        html=f"{OUT}/paper/section.html",
    log: f"{OUT}/logs/paper_report.log"
    shell:
        "{PY} {SCRIPTS}/simpaper.py report --outdir {OUT} --gata {SC[gata]} --tal1 {SC[tal1]}"
        " --rows {output.rows} --html {output.html} {input.tables}" + ON_ERROR


if PAPER_ON:
    REPORT_EXTRA += [f"{OUT}/paper/rows.tsv", f"{OUT}/paper/section.html"]
    README_FIGS_EXTRA += ["published/paper_fn", "published/paper_tiers", "trained/paper_fn"]
