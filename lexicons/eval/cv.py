#!/usr/bin/env python3
"""Split-half cross-validation inside dev: scores per block of gold ids, and per-block errors.

Usage (repo root; build drift first: go build -o /tmp/drift ./cmd/drift):
    python3 lexicons/eval/cv.py [--drift /tmp/drift] [--cats class,identity] [--errors A|B|C]
           [--source sotu|us-debates|uk-manifesto|testdata]

Blocks: A = g0001-g1141 (the first build and the first two fresh samples), B = g1142-g1717 (the
third and fourth fresh samples), C = g1718-g1998 (the fifth fresh sample, scored once in run 7 and
retired to dev), and each fresh sample on its own. Tuning a rule on some blocks' errors and checking
it on a block it was not written from estimates how a rule generalises to sentences it was not
fitted to. `--source` restricts every block (and the error listing) to rows of one source. One `drift validate --errors --json` call on dev; TP/TN are derived from the gold codes
and the disagreements. Reads only dev rows: `validate --split dev` lists no test-row error, and test
rows are dropped before scoring, so held-out rows are never read.
"""
import argparse, csv, json, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("--drift", default="/tmp/drift")
ap.add_argument("--gold", default="testdata/gold/gold.csv")
ap.add_argument("--lexicons", default="lexicons")
ap.add_argument("--cats", default="class,identity")
ap.add_argument("--errors", default="", help="list the errors of this block (A, B or C)")
ap.add_argument("--source", default="", help="only rows whose source starts with this (e.g. sotu)")
a = ap.parse_args()
rows = [r for r in csv.DictReader(open(a.gold, newline="", encoding="utf-8")) if r["split"] == "dev"
        and r["source"].startswith(a.source)]
keep = {r["id"] for r in rows}
out = subprocess.run([a.drift, "validate", "--gold", a.gold, "--lexicons", a.lexicons, "--split", "dev",
                      "--errors", "--json"], capture_output=True, text=True)
if out.returncode != 0:
    sys.exit(out.stderr.strip() or f"drift validate exited {out.returncode}")
errs = [e for e in json.loads(out.stdout).get("errors", []) if e["id"] in keep]
wrong = {(e["id"], e["category"]): e for e in errs}
BLOCKS = {"A": ("g0001", "g1141"), "B": ("g1142", "g1717"), "C": ("g1718", "g1998")}
blocks = {"A g0001-g1141": BLOCKS["A"], "B g1142-g1717": BLOCKS["B"], "C g1718-g1998": BLOCKS["C"],
          "first build g0001-g0557": ("g0001", "g0557"), "fresh 1 g0558-g0849": ("g0558", "g0849"),
          "fresh 2 g0850-g1141": ("g0850", "g1141"), "fresh 3 g1142-g1427": ("g1142", "g1427"),
          "fresh 4 g1428-g1717": ("g1428", "g1717"), "fresh 5 g1718-g1998": ("g1718", "g1998"),
          "all dev g0001-g1998": ("g0001", "g1998")}

def score(lo, hi, c):
    tp = fp = fn = tn = 0
    for r in rows:
        if not (lo <= r["id"] <= hi):
            continue
        g = r[c] == "1"
        pred = g != ((r["id"], c) in wrong)
        tp += g and pred; fp += pred and not g; fn += g and not pred; tn += not g and not pred
    n = tp + fp + fn + tn
    p = tp / (tp + fp) if tp + fp else float("nan")
    rc = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * rc / (p + rc) if tp else 0.0
    if n == 0:
        return (float("nan"),) * 4 + (0, 0, 0, 0)
    po = (tp + tn) / n
    pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / n / n
    k = (po - pe) / (1 - pe) if pe < 1 else float("nan")
    return p, rc, f, k, tp, fp, fn, tn

print("| block | category | P | R | F1 | kappa | tp/fp/fn/tn |")
print("|---|---|---:|---:|---:|---:|---|")
for name, (lo, hi) in blocks.items():
    for c in a.cats.split(","):
        p, rc, f, k, tp, fp, fn, tn = score(lo, hi, c)
        print(f"| {name} | {c} | {p:.3f} | {rc:.3f} | {f:.3f} | {k:.3f} | {tp}/{fp}/{fn}/{tn} |")
if a.errors:
    lo, hi = BLOCKS[a.errors]
    src = {r["id"]: r["source"] for r in rows}
    for c in a.cats.split(","):
        for kind in ("fp", "fn"):
            sel = [e for e in errs if e["category"] == c and e["kind"] == kind and lo <= e["id"] <= hi]
            print(f"\n== block {a.errors} {c} {kind.upper()} ({len(sel)})")
            for e in sel:
                hits = " " + ", ".join(e["hits"]) if e["hits"] else ""
                print(f"{e['id']} [{src.get(e['id'], '')[:26]}]{hits} :: {e['text']}")
