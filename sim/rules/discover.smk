# sim/rules/discover.smk: de novo motifs (issue 16), an optional part of sim/Snakefile.
# motiflift discover on one method's explain output of each model's test set, and a figure
# of the patterns beside their best ENCODE match (scripts/discofig.py), as a report section
# and a README thumbnail. Off with 'discover: {enabled: false}'.

DISC = config.get("discover", {})
DISC_ON = bool(DISC.get("enabled", True))
DISC_METHOD = DISC.get("method", "genomics_default_shuf")
DISC_VARIANT = DISC.get("variant", "raw")


rule discover:
    input: f"{OUT}/{{model}}/explain/{DISC_METHOD}.{DISC_VARIANT}.npz"
    output:
        multiext(f"{OUT}/{{model}}/discover/patterns", ".meme", ".cwm.meme", ".patterns.npz",
                 ".seqlets.bed", ".html"),
    params: prefix=f"{OUT}/{{model}}/discover/patterns"
    threads: THREADS
    log: f"{OUT}/logs/{{model}}/discover.log"
    benchmark: f"{OUT}/benchmarks/{{model}}/discover.tsv"
    shell:
        "{MF} discover -t {threads} -s {input} -o {params.prefix}" + ON_ERROR


rule figure_discover:
    input:
        patterns=f"{OUT}/{{model}}/discover/patterns.patterns.npz",
        motifs=os.path.join(REPO, "motifs", "encode_motifs.txt.gz"),
    output:
        png=f"{OUT}/figures/{{model}}/discover.png",
        pdf=f"{OUT}/figures/{{model}}/discover.pdf",
    params:
        want=f"{SC['gata']},{SC['tal1']}",
        title=lambda wc: f"{wc.model} model: motiflift discover on {DISC_METHOD} ({DISC_VARIANT})"
                         " scores (left), the best ENCODE match (right)",
    log: f"{OUT}/logs/{{model}}/figure_discover.log"
    shell:
        "{PY} {SCRIPTS}/discofig.py --patterns {input.patterns} --motifs {input.motifs}"
        " --want {params.want} --title '{params.title}' -o {output.png} -o {output.pdf}" + ON_ERROR


rule discover_report:
    input:
        figures=expand(f"{OUT}/figures/{{model}}/discover.png", model=MODELS),
        reports=expand(f"{OUT}/{{model}}/discover/patterns.html", model=MODELS),
    output: f"{OUT}/discover/section.html"
    run:
        import html as H
        parts = ["<h2>De novo motifs (motiflift discover)</h2>",
                 f"<p>motiflift discover on the {H.escape(DISC_METHOD)} ({H.escape(DISC_VARIANT)})"
                 " scores of each model's test set: the patterns that are not weak beside their"
                 " best ENCODE match (title green: the match is a simulated motif).</p>"]
        for model, fig, rep in zip(MODELS, input.figures, input.reports):
            f, r = os.path.relpath(fig, OUT), os.path.relpath(rep, OUT)
            parts.append(f'<figure><a href="{H.escape(f)}"><img src="{H.escape(f)}" alt="discover"></a>'
                         f'<figcaption>{H.escape(model)} model (<a href="{H.escape(r)}">discover'
                         ' report</a>)</figcaption></figure>')
        with open(output[0], "w") as out:
            out.write("\n".join(parts) + "\n")


if DISC_ON:
    REPORT_EXTRA += [f"{OUT}/discover/section.html"]
    README_FIGS_EXTRA += ["published/discover"]
