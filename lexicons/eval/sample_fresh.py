#!/usr/bin/env python3
"""Draw a fresh held-out test sample for testdata/gold (split=test).

Usage (from the repo root, with ../shared/corpora present):
    python3 lexicons/eval/sample_fresh.py [--corpora ../shared/corpora] [--seed N] [--scale F] > /tmp/fresh_sample.csv
To reproduce the first fresh draw (2026-11-22, rows g0558-g0849) exactly, exclude the gold set as it was
before those rows were added:
    python3 lexicons/eval/sample_fresh.py --gold <(git show c82c3ad:testdata/gold/gold.csv) > /tmp/fresh_sample.csv
(checked: byte-identical to the draw that was coded). The second fresh draw (rows g0850-) used --seed 1123
against gold.csv as of commit d1a6a4c (see testdata/gold/README.md, "Second fresh test split").

Deterministic for a given --seed (default 5280, the first fresh draw) and gold file. Pool: every sentence of 50-290 characters in us-debates turns.csv
(candidates and named moderators, not "Question"/"Audience"), the SOTU addresses and the UK
manifesto sentences, split with the same simple punctuation rule as the first gold build; texts and
sources already in testdata/gold/gold.csv are excluded. Strata: class keyword, identity keyword,
hard-case phrase, and unfiltered random sentences. The sample is coded by hand BEFORE drift is run on
it (see testdata/gold/README.md).
"""
import argparse, csv, os, random, re, sys

ap = argparse.ArgumentParser()
ap.add_argument("--corpora", default=os.path.join(os.path.dirname(__file__), "../../../shared/corpora"))
ap.add_argument("--gold", default=os.path.join(os.path.dirname(__file__), "../../testdata/gold/gold.csv"))
ap.add_argument("--seed", type=int, default=5280, help="random seed (5280: the first fresh draw)")
ap.add_argument("--scale", type=float, default=1.0, help="multiply every stratum size by this (1.0: 75/75/55/95)")
args = ap.parse_args()
C = args.corpora
csv.field_size_limit(10**9)

def norm(s):
    return re.sub(r"\W+", " ", s.lower()).strip()

def sents(text):
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[\"'A-Z0-9(])", text) if s.strip()]

gold = list(csv.DictReader(open(args.gold, newline="", encoding="utf-8")))
gold_texts = {norm(r["text"]) for r in gold}
gold_src = {r["source"] for r in gold}

pool = []  # (corpus, source, text)
for r in csv.DictReader(open(f"{C}/us-debates/turns.csv", newline="", encoding="utf-8")):
    sp = r["speaker"].strip()
    if sp.lower() in ("question", "audience", "unknown", "moderator", "") or "question" in sp.lower():
        continue
    for k, s in enumerate(sents(r["text"]), 1):
        pool.append(("us-debates", f"us-debates:{r['debate_id']}:turn {r['turn']}:s{k}", s))
for fn in sorted(os.listdir(f"{C}/sotu/addresses")):
    if not fn.endswith(".txt"):
        continue
    stem = fn[:-4]
    for k, s in enumerate(sents(open(f"{C}/sotu/addresses/{fn}", encoding="utf-8").read()), 1):
        pool.append(("sotu", f"sotu:{stem}:s{k}", s))
for r in csv.DictReader(open(f"{C}/uk-manifesto-sentences/sentences.csv", newline="", encoding="utf-8")):
    pool.append(("uk-manifesto", f"uk-manifesto:{r['doc_id']}", re.sub(r"\s+", " ", r["text"]).strip()))

seen = set(gold_texts)
cand = []
for corp, src, s in pool:
    if not (50 <= len(s) <= 290) or src in gold_src:
        continue
    n = norm(s)
    if n in seen:
        continue
    seen.add(n)
    if sum(c.isupper() for c in s) > 0.5 * sum(c.isalpha() for c in s):
        continue  # headings in capitals
    cand.append((corp, src, s))
print(f"pool: {len(cand)} sentences", file=sys.stderr)

CLASS = re.compile(r"\b(wages?|pay|paid|salar\w*|rents?|renters?|tenants?|landlords?|workers?|working (class|families|people)|middle class|unions?|strikes?|jobs?|unemploy\w*|poverty|poor|bosses|employers?|corporations?|compan(y|ies)|banks?|pensions?|pensioners|debts?|prices|labou?r|overtime|layoffs?|laid off|benefits|wealthy|billionaires|millionaires|the rich|mortgages?|evict\w*|cost of living|low.paid)\b", re.I)
IDENT = re.compile(r"\b(race|racial|racism|racist|whites?|blacks?|african|hispanics?|latinos?|asians?|immigra\w*|migra\w*|asylum|refugees?|foreigners?|citizenship|borders?|native\w*|ethnic\w*|religio\w*|christians?|muslims?|jewish|jews|catholics?|church\w*|women|gender|gay|lesbian|sexual\w*|negro\w*|minorit\w*|discriminat\w*|nationality|indians?|hindu|sikh|mexicans?|ancestors|came over|off the boat)\b", re.I)
HARD = re.compile(r"(white house|arms race|european union|soviet union|the union\b|national debt|public debt|first.class|capital city|strike a deal|black market|white paper|native speaker|union army|rent a|class ?room|\bclass of\b|race for|space race|air ?strikes?|blue.collar|white.collar|pensions|the banks|companies|the boss|race card|across the border|coming over|too many|black friday|white goods|human race|\bunion of\b|credit union|customs union)", re.I)

rng = random.Random(args.seed)
rng.shuffle(cand)
plan = [("class", CLASS, 75), ("identity", IDENT, 75), ("hard", HARD, 55), ("random", None, 95)]
per_corpus_share = {"us-debates": 0.36, "sotu": 0.30, "uk-manifesto": 0.34}
taken, used = [], set()
for name, rx, n in plan:
    n = round(n * args.scale)
    caps = {c: round(n * f) for c, f in per_corpus_share.items()}
    got = {c: 0 for c in caps}
    for corp, src, s in cand:
        if src in used or got[corp] >= caps[corp]:
            continue
        if rx is not None and not rx.search(s):
            continue
        if rx is None and (HARD.search(s)):
            continue
        used.add(src); got[corp] += 1
        taken.append((name, corp, src, s))
        if sum(got.values()) >= n:
            break
rng.shuffle(taken)
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["n", "stratum", "source", "text"])
for i, (name, corp, src, s) in enumerate(taken, 1):
    w.writerow([i, name, src, s])
print(f"seed {args.seed}, sampled: {len(taken)}", file=sys.stderr)
