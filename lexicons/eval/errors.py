#!/usr/bin/env python3
"""List per-sentence disagreements between drift and the gold codes (for tuning on dev).

Usage (repo root; build drift first: go build -o /tmp/drift5 ./cmd/drift):
    python3 lexicons/eval/errors.py --split dev [--cats class,identity] [--drift /tmp/drift5]
           [--gold testdata/gold/gold.csv] [--lexicons lexicons]

`drift validate` reports only totals, so this scores each row on its own (one validate call per
row) and prints FP/FN rows. Use it on dev only: reading test errors spoils the held-out split.
"""
import argparse, csv, json, os, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

ap = argparse.ArgumentParser()
ap.add_argument("--split", default="dev")
ap.add_argument("--cats", default="class,identity")
ap.add_argument("--drift", default="/tmp/drift5")
ap.add_argument("--gold", default="testdata/gold/gold.csv")
ap.add_argument("--lexicons", default="lexicons")
a = ap.parse_args()
if a.split == "test":
    sys.exit("refusing to list test errors: the test split is held out")
rows = [r for r in csv.DictReader(open(a.gold, newline="", encoding="utf-8")) if r["split"] == a.split]
cols = list(rows[0].keys())
cats = a.cats.split(",")
tmp = tempfile.mkdtemp()

def score(r):
    p = os.path.join(tmp, r["id"] + ".csv")
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols); w.writeheader(); w.writerow(r)
    out = subprocess.run([a.drift, "validate", "--gold", p, "--lexicons", a.lexicons, "--json"],
                         capture_output=True, text=True)
    j = json.loads(out.stdout)["categories"]
    return r, {c: int(j[c]["tp"] + j[c]["fp"] > 0) for c in cats}

with ThreadPoolExecutor(8) as ex:
    res = list(ex.map(score, rows))
for c in cats:
    for kind, want in (("FP", (0, 1)), ("FN", (1, 0))):
        hits = [r for r, pred in res if (int(r[c]), pred[c]) == want]
        print(f"\n== {c} {kind} ({len(hits)})")
        for r in hits:
            print(f"{r['id']} [{r['source'][:28]}] {r['text']}")
