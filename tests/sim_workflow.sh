#!/bin/sh
# Runs the simulation benchmark workflow (sim/Snakefile) with its small configuration
# (sim/test.yaml) into a scratch directory, checks every output exists and is well formed
# (tests/sim_check.py), that a second run has nothing to do, and that a failing step fails
# the run without leaving its output behind. Skipped (exit 77) without snakemake or without
# a Python with numpy and matplotlib.
set -eu
S=${TESTS_SRCDIR:-$(dirname "$0")}
ROOT=$(cd "$S/.." && pwd)
M=${MOTIFLIFT:-$ROOT/motiflift}
case $M in /*) ;; *) M=$(pwd)/$M ;; esac
if ! command -v snakemake >/dev/null 2>&1; then
	echo "SKIP: snakemake not installed (apt-get install snakemake); workflow not tested"
	exit 77
fi
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import numpy, matplotlib' 2>/dev/null; then
	echo "SKIP: no Python 3 with numpy and matplotlib; workflow not tested"
	exit 77
fi
[ -z "${TESTS_TMPDIR:-}" ] || mkdir -p "$TESTS_TMPDIR"
T=$(mktemp -d "${TESTS_TMPDIR:-/tmp}/simwf.XXXXXX" 2>/dev/null || mktemp -d)
run() {
	snakemake -s "$ROOT/sim/Snakefile" --configfile "$ROOT/sim/test.yaml" --directory "$T" \
		--config motiflift="$M" python="$PYTHON" --cores 2 "$@"
}

start=$(date +%s)
run --quiet >"$T/run1.log" 2>&1 || { tail -n 40 "$T/run1.log"; echo "FAIL: workflow run"; exit 1; }
echo "workflow: $(($(date +%s) - start)) s"
"$PYTHON" "$S/sim_check.py" "$T/results/sim-test"

# re-runnable: nothing to do the second time
run -n >"$T/run2.log" 2>&1 || { cat "$T/run2.log"; echo "FAIL: dry run"; exit 1; }
grep -q "Nothing to be done" "$T/run2.log" || {
	cat "$T/run2.log"
	echo "FAIL: a second run would recompute something"
	exit 1
}

# fails loudly, without partial outputs: a scan with a motif the file does not have
bed=results/sim-test/published/matches.bed
if run --forcerun scan --config motiflift="$M" python="$PYTHON" scan='{"gata": "NO_SUCH_MOTIF"}' \
	-- "$bed" >"$T/run3.log" 2>&1; then
	echo "FAIL: a failing step did not fail the workflow"
	exit 1
fi
grep -q "NO_SUCH_MOTIF" "$T/run3.log" || { cat "$T/run3.log"; echo "FAIL: the error is not shown"; exit 1; }
[ ! -e "$T/$bed" ] || { echo "FAIL: the failed step left $bed behind"; exit 1; }
rm -rf "$T"
echo "PASS: sim workflow"
