#!/usr/bin/env python3
"""Inter-coder agreement between testdata/gold/gold.csv (first coder) and a second coder's file.

Usage (from the repo root):
    python3 lexicons/eval/agreement.py [--gold testdata/gold/gold.csv] [--second testdata/gold/second_coder.csv]

The second file has an `id` column and one 0/1 column per category; only its ids are compared.
Prints, per category, each coder's positives, the rows both coded 1, percent agreement and Cohen's
kappa (undefined, shown as "-", when both coders give one same code to every row).
"""
import argparse, csv, sys

CATS = "class identity structural horizontal integration mobilisation local international material privilege".split()

ap = argparse.ArgumentParser()
ap.add_argument("--gold", default="testdata/gold/gold.csv")
ap.add_argument("--second", default="testdata/gold/second_coder.csv")
args = ap.parse_args()

gold = {r["id"]: r for r in csv.DictReader(open(args.gold, newline="", encoding="utf-8"))}
second = list(csv.DictReader(open(args.second, newline="", encoding="utf-8")))
missing = [r["id"] for r in second if r["id"] not in gold]
if missing:
    sys.exit(f"{args.second}: ids not in {args.gold}: {', '.join(missing[:5])}")

print(f"{len(second)} sentences coded by both")
print(f"{'category':<14} {'first':>5} {'second':>6} {'both':>4} {'agree':>6} {'kappa':>6}")
for c in CATS:
    a = [int(gold[r["id"]][c]) for r in second]
    b = [int(r[c]) for r in second]
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    kappa = f"{(po - pe) / (1 - pe):.3f}" if pe < 1 else "-"
    print(f"{c:<14} {sum(a):>5} {sum(b):>6} {sum(x & y for x, y in zip(a, b)):>4} {po:>6.3f} {kappa:>6}")
