#!/usr/bin/env python3
"""Aggregate scores of one gold split by source corpus and for debate moderator turns (counts only).

Usage (repo root; go build -o /tmp/drift ./cmd/drift; ../shared/corpora for the moderator lookup):
    python3 lexicons/eval/breakdown.py --split test [--cats class,identity]

Prints tp/fp/fn/tn per subset, never the sentences, so it can be run on the held-out split without
exposing its errors sentence by sentence. Moderator turns are looked up in us-debates/turns.csv
(role moderator_or_other; the 2020 candidate Michael Bennet, listed there, is not counted).
"""
import argparse, csv, json, os, subprocess, tempfile
here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.abspath(os.path.join(here, "..", ".."))
ap = argparse.ArgumentParser()
ap.add_argument("--split", default="test")
ap.add_argument("--cats", default="class,identity")
ap.add_argument("--drift", default="/tmp/drift")
ap.add_argument("--gold", default=os.path.join(repo, "testdata/gold/gold.csv"))
ap.add_argument("--lexicons", default=os.path.join(repo, "lexicons"))
ap.add_argument("--corpora", default=os.path.join(repo, "..", "shared", "corpora"))
a = ap.parse_args()
csv.field_size_limit(10**9)
rows = [r for r in csv.DictReader(open(a.gold, newline="", encoding="utf-8")) if r["split"] == a.split]
cols = list(rows[0].keys())
mods = set()
tp = os.path.join(a.corpora, "us-debates", "turns.csv")
if os.path.exists(tp):
    for r in csv.DictReader(open(tp, newline="", encoding="utf-8")):
        if r["role"] != "candidate" and r["speaker"] != "Michael Bennet":
            mods.add((r["debate_id"], r["turn"]))
def is_mod(r):
    s = r["source"].split(":")
    return s[0] == "us-debates" and (s[1], s[2].split()[1]) in mods
def score(sub):
    if not sub:
        return None
    p = tempfile.mktemp(suffix=".csv")
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols); w.writeheader(); w.writerows(sub)
    out = subprocess.run([a.drift, "validate", "--gold", p, "--lexicons", a.lexicons, "--json"],
                         capture_output=True, text=True, check=True).stdout
    os.remove(p)
    return json.loads(out)["categories"]
subsets = [("all", rows)]
for src in ("us-debates", "sotu", "uk-manifesto", "testdata"):
    subsets.append((src, [r for r in rows if r["source"].startswith(src + ":")]))
subsets.append(("debate moderator turns", [r for r in rows if is_mod(r)]))
subsets.append(("all but moderator turns", [r for r in rows if not is_mod(r)]))
print("| subset | n | " + " | ".join(f"{c} F1 | {c} tp/fp/fn/tn" for c in a.cats.split(",")) + " |")
print("|---|---:|" + "---:|---|" * len(a.cats.split(",")))
for name, sub in subsets:
    j = score(sub)
    if j is None:
        continue
    cells = []
    for c in a.cats.split(","):
        v = j[c]
        f1 = "-" if v["f1"] is None else f"{v['f1']:.3f}"
        cells += [f1, f"{v['tp']}/{v['fp']}/{v['fn']}/{v['tn']}"]
    print(f"| {name} | {len(sub)} | " + " | ".join(cells) + " |")
