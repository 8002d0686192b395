#!/usr/bin/env bash
# Executes every notebook in notebooks/ against a dataset built from testdata/corpus, then reads the
# dataset with pyarrow, polars, DuckDB and Spark (notebooks/interop_check.py) and checks they agree.
# A failing cell or a disagreement fails the script. Called by .ci/run; runnable by hand:
#
#   bash .ci/notebooks.sh            # everything
#   NO_SPARK=1 bash .ci/notebooks.sh # without Spark (no Java)
#   NO_PIP=1 bash .ci/notebooks.sh   # packages already installed
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { echo "notebooks.sh: $* ($(($(date +%s) - start)) s)"; }

PY=${PYTHON:-python3}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/drift-notebooks.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if [ -z "${NO_PIP:-}" ]; then
	step "installing notebooks/requirements.txt"
	"$PY" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r notebooks/requirements.txt
fi
# nbconvert runs notebooks with the "python3" kernel; register it if this Python has none.
if ! "$PY" -m jupyter kernelspec list 2>/dev/null | grep -qw python3; then
	"$PY" -m ipykernel install --user --name python3 >/dev/null
fi

spark_flag=()
if [ -n "${NO_SPARK:-}" ]; then
	spark_flag=(--no-spark)
elif ! command -v java >/dev/null 2>&1; then
	echo "notebooks.sh: Spark needs Java (apt-get install -y default-jre-headless); set NO_SPARK=1 to skip it" >&2
	exit 1
elif [ -z "${JAVA_HOME:-}" ]; then
	JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
	export JAVA_HOME
fi
export SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON="$PY"

step "building drift"
go build -o "$TMP/drift" ./cmd/drift
"$TMP/drift" run testdata/corpus -o "$TMP/out" >/dev/null

# Two more corpora whose cycle ids look like dates and like numbers ("03" would become 3), so a
# reader that infers partition types would return a date or an integer: all must see strings.
tricky=()
for cycles in "2026-01-15 2026-02-15" "03 10"; do
	name="tricky-${cycles%% *}"
	for cycle in $cycles; do
		mkdir -p "$TMP/$name/$cycle"
		cp testdata/corpus/2026-01/* "$TMP/$name/$cycle/"
	done
	"$TMP/drift" run "$TMP/$name" -o "$TMP/$name-out" >/dev/null
	tricky+=("$TMP/$name-out")
done

step "checking notebooks are stripped"
"$PY" - notebooks/*.ipynb <<'EOF'
import sys, nbformat
bad = []
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code" and (c.outputs or c.execution_count is not None):
            bad.append(f"{path}: cell {i} has outputs; strip them (jupyter nbconvert --clear-output --inplace {path})")
if bad:
    sys.exit("\n".join(bad))
EOF

passed=0
export DRIFT_OUT="$TMP/out" DRIFT_SAMPLE_DIR="$TMP/hand_coding" MPLBACKEND=Agg
for nb in notebooks/*.ipynb; do
	step "executing $nb"
	if ! "$PY" -m jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
		--output-dir "$TMP/executed" "$nb" >"$TMP/nbconvert.log" 2>&1; then
		cat "$TMP/nbconvert.log" >&2
		echo "notebooks.sh: $nb failed" >&2
		exit 1
	fi
	passed=$((passed + 1))
done

step "interop check: the sample dataset, and cycles that look like dates and numbers"
"$PY" notebooks/interop_check.py "${spark_flag[@]}" "$TMP/out" "${tricky[@]}"
passed=$((passed + 1))

step "done"
echo "notebooks: $passed passed, 0 failed"
