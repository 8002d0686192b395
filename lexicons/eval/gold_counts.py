#!/usr/bin/env python3
"""Print the Counts tables of testdata/gold/README.md (markdown) from gold.csv.

Usage (from the repo root):
    python3 lexicons/eval/gold_counts.py [--gold testdata/gold/gold.csv] [--draw NAME=draw.csv ...]
Each --draw is the output of sample_fresh.py for one fresh split (columns n,stratum,source,text);
its rows kept in gold.csv are counted per stratum. Reads only the hand codes, never the lexicons.
"""
import argparse, collections, csv

CATS = "class identity structural horizontal integration mobilisation local international material privilege".split()
ap = argparse.ArgumentParser()
ap.add_argument("--gold", default="testdata/gold/gold.csv")
ap.add_argument("--draw", action="append", default=[], metavar="NAME=FILE")
args = ap.parse_args()

rows = list(csv.DictReader(open(args.gold, newline="", encoding="utf-8")))
splits = ["dev", "test"]
by = {s: [r for r in rows if r["split"] == s] for s in splits}
by["all"] = rows
cols = splits + ["all"]

def line(label, f):
    return f"| {label} | " + " | ".join(str(sum(1 for r in by[c] if f(r))) for c in cols) + " |"

print("| category | " + " | ".join(f"{c} ({len(by[c])})" for c in cols) + " |")
print("|---|" + "---:|" * len(cols))
for k in CATS:
    print(line(k, lambda r, k=k: r[k] == "1"))
print(line("*class or identity*", lambda r: r["class"] == "1" or r["identity"] == "1"))
print(line("*class and identity*", lambda r: r["class"] == "1" and r["identity"] == "1"))
print(line("*no category at all*", lambda r: all(r[k] == "0" for k in CATS)))
print(line("*facilitator rows*", lambda r: r["role"] == "facilitator"))
print("| **sentences** | " + " | ".join(str(len(by[c])) for c in cols) + " |")
print()
print("| source | " + " | ".join(cols) + " |")
print("|---|" + "---:|" * len(cols))
for src in ["us-debates", "sotu", "uk-manifesto", "testdata"]:
    print(line(src, lambda r, s=src: r["source"].split(":")[0] == s))
if args.draw:
    ids = {r["source"]: r for r in rows}
    names = [d.split("=", 1)[0] for d in args.draw]
    counts = {}
    for d in args.draw:
        name, path = d.split("=", 1)
        c = collections.Counter()
        for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
            c[(r["stratum"], "drawn")] += 1
            if r["source"] in ids:
                c[(r["stratum"], "kept")] += 1
        counts[name] = c
    print()
    print("| stratum | " + " | ".join(f"{n}: drawn | {n}: kept" for n in names) + " |")
    print("|---|" + "---:|---:|" * len(names))
    label = {"class": "class keyword", "identity": "identity keyword", "hard": "hard-case phrase", "random": "random"}
    for st in ["class", "identity", "hard", "random"]:
        print(f"| {label[st]} | " + " | ".join(f"{counts[n][(st, 'drawn')]} | {counts[n][(st, 'kept')]}" for n in names) + " |")
    print("| **all** | " + " | ".join(f"{sum(v for (s, k), v in counts[n].items() if k == 'drawn')} | {sum(v for (s, k), v in counts[n].items() if k == 'kept')}" for n in names) + " |")
