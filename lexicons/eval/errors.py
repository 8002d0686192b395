#!/usr/bin/env python3
"""List per-sentence disagreements between drift and the gold codes (for tuning on dev).

Usage (repo root; build drift first: go build -o /tmp/drift ./cmd/drift):
    python3 lexicons/eval/errors.py --split dev [--cats class,identity] [--drift /tmp/drift]
           [--gold testdata/gold/gold.csv] [--lexicons lexicons]

A thin wrapper over `drift validate --errors --json` that groups the false positives and false
negatives by category and adds each row's source. For every false positive it shows the entries
that hit. Use it on dev only: reading test errors spoils the held-out split.
"""
import argparse, csv, json, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("--split", default="dev")
ap.add_argument("--cats", default="class,identity")
ap.add_argument("--drift", default="/tmp/drift")
ap.add_argument("--gold", default="testdata/gold/gold.csv")
ap.add_argument("--lexicons", default="lexicons")
a = ap.parse_args()
if a.split == "test":
    sys.exit("refusing to list test errors: the test split is held out")
source = {r["id"]: r["source"] for r in csv.DictReader(open(a.gold, newline="", encoding="utf-8"))}
out = subprocess.run([a.drift, "validate", "--gold", a.gold, "--lexicons", a.lexicons, "--split", a.split,
                      "--errors", "--json"], capture_output=True, text=True)
if out.returncode != 0:
    sys.exit(out.stderr.strip() or f"drift validate exited {out.returncode}")
errors = json.loads(out.stdout).get("errors", [])
for c in a.cats.split(","):
    for kind in ("fp", "fn"):
        rows = [e for e in errors if e["category"] == c and e["kind"] == kind]
        print(f"\n== {c} {kind.upper()} ({len(rows)})")
        for e in rows:
            hits = " " + ", ".join(e["hits"]) if e["hits"] else ""
            print(f"{e['id']} [{source.get(e['id'], '')[:28]}]{hits} :: {e['text']}")
