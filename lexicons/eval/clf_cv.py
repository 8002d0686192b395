#!/usr/bin/env python3
"""Cross-validated comparison of the lexicons with supervised linear sentence classifiers, on dev only.

Question: would a linear classifier over word n-grams (alone, with lexicon-hit features, or OR/AND the
lexicon) plausibly reach class F1 >= 0.85, and how much does it beat the lexicon under the same folds?

Usage (repo root; needs scikit-learn: pip install scikit-learn):
    go build -o /tmp/drift ./cmd/drift
    python3 lexicons/eval/clf_cv.py [--drift /tmp/drift] [--cats class,identity] [--boot 2000]
           [--top 25] [--folds blocks,loso,rolling] [--models lex,lr,nblr,lr+lex,nblr+lex,lex|lr,lex|nblr,lex&lr]

Models: lex = lexicon alone; lr = L2 logistic regression on binary lowercased word unigrams+bigrams
(min df 2 in the training rows); nblr = the same with NB log-count-ratio scaled features (NB-SVM style);
+lex = plus lexicon features (hit/no hit per category, log1p hit counts per subcategory); lex|lr and
lex&lr = lexicon OR / AND the text-only classifier (classifier threshold tuned for the combination).

Reads ONLY dev rows: gold.csv is filtered on split == "dev" as it is loaded, before anything else, and
the lexicon features come from `drift validate --split dev` run on a temporary copy of those dev rows
(written to a temp dir, every category column set to 0, so every counted hit of every row shows up as a
"fp" error with its entries). Held-out rows are never read, counted or scored.

Folds (as in cv.py): blocks A = g0001-g1141, B = g1142-g1717, C = g1718-g1998 (train on two, test on the
third), and leave-one-source-out over the source prefixes sotu, us-debates, uk-manifesto, testdata.
Every hyperparameter (C of the L2 logistic regression, and the decision threshold; for the OR/AND
combinations the threshold of the classifier inside the combination) is chosen by an inner stratified
5-fold CV on the training rows of each outer fold only. Facilitator rows are scored as no framing for
every model, as `drift run`/`drift validate` do, and are left out of training.

Caveat: the current lexicons were tuned on all dev rows, so in the blocks and leave-one-source-out folds
the lexicon baseline (and the lexicon features of lr+lex, lex|lr ...) are in-sample; only the
classifier-only models are honest there. The third scheme, `rolling`, is honest for every model: each fresh
sample (g0850-g1141, g1142-g1427, g1428-g1717, g1718-g1998) is scored with the lexicons as frozen before it
was first scored (runs 4-7; extracted with `git archive <commit> lexicons` into a temp dir), and the
classifiers are trained only on the rows before it, with that frozen lexicon's features.

Output: per fold and pooled P/R/F1 (pooled = all out-of-fold predictions together) with a bootstrap 95%
interval of the pooled F1 (rows resampled), the pooled scores on `testdata` rows, and the top positive
and negative features of a model fitted on all dev rows. Deterministic (fixed seeds, liblinear).
"""
import argparse, csv, json, math, os, re, subprocess, sys, tempfile
from collections import Counter

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ap = argparse.ArgumentParser()
ap.add_argument("--drift", default="/tmp/drift")
ap.add_argument("--gold", default="testdata/gold/gold.csv")
ap.add_argument("--lexicons", default="lexicons")
ap.add_argument("--cats", default="class,identity")
ap.add_argument("--boot", type=int, default=2000)
ap.add_argument("--top", type=int, default=25)
ap.add_argument("--models", default="lex,lr,nblr,lr+lex,nblr+lex,lex|lr,lex|nblr,lex&lr")
ap.add_argument("--folds", default="blocks,loso,rolling")
a = ap.parse_args()

# ---- dev rows only, filtered at load time -------------------------------------------------------
with open(a.gold, newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f)
    fields = reader.fieldnames
    rows = [r for r in reader if r["split"] == "dev"]
assert rows and all(r["split"] == "dev" for r in rows)
CATS_ALL = [c for c in fields if c not in ("id", "source", "split", "role", "text")]
ids = [r["id"] for r in rows]
N = len(rows)
src = np.array([r["source"].split(":")[0] for r in rows])
facil = np.array([r["role"] == "facilitator" for r in rows])

# ---- lexicon hits per dev row: validate a dev-only copy with every code 0 ------------------------
HIT = re.compile(r'\(([a-z_]+)/([a-z_]+)\)$')
pos = {i: n for n, i in enumerate(ids)}


def lex_features(lexdir):
    """Per dev row: lexicon prediction per category and log1p hit counts per subcategory."""
    with tempfile.TemporaryDirectory() as td:
        zero = os.path.join(td, "dev_zero.csv")
        with open(zero, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            for r in rows:
                w.writerow({**r, **{c: "0" for c in CATS_ALL}})
        out = subprocess.run([a.drift, "validate", "--gold", zero, "--lexicons", lexdir, "--split", "dev",
                              "--errors", "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr.strip() or f"drift validate exited {out.returncode}")
    pred = {c: np.zeros(N, bool) for c in CATS_ALL}
    subcounts = [Counter() for _ in range(N)]
    for e in json.loads(out.stdout).get("errors", []):
        n = pos[e["id"]]  # a KeyError would mean a non-dev row: impossible, the file holds dev rows only
        assert e["kind"] == "fp"
        pred[e["category"]][n] = True
        for h in e["hits"]:
            m = HIT.search(h)
            if m:
                subcounts[n][m.group(1) + "/" + m.group(2)] += 1
    subs = sorted({k for c in subcounts for k in c})
    names = ["lex:" + c for c in CATS_ALL] + ["sub:" + s for s in subs]
    X = np.zeros((N, len(names)))
    for n in range(N):
        for j, c in enumerate(CATS_ALL):
            X[n, j] = pred[c][n]
        for s, k in subcounts[n].items():
            X[n, len(CATS_ALL) + subs.index(s)] = math.log1p(k)
    return {"pred": pred, "X": sparse.csr_matrix(X), "names": names}


LEX = lex_features(a.lexicons)
lexpred = LEX["pred"]

# ---- text features: lowercased word unigrams + bigrams, binary ----------------------------------
TOK = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def grams(text):
    t = TOK.findall(text.lower())
    return set(t) | {t[i] + " " + t[i + 1] for i in range(len(t) - 1)}


G = [grams(r["text"]) for r in rows]


def vocab(idx, min_df=2):
    df = Counter(g for n in idx for g in G[n])
    return {g: j for j, g in enumerate(sorted(g for g, k in df.items() if k >= min_df))}


def textmat(idx, voc):
    data, ri, ci = [], [], []
    for r, n in enumerate(idx):
        for g in G[n]:
            j = voc.get(g)
            if j is not None:
                ri.append(r); ci.append(j); data.append(1.0)
    return sparse.csr_matrix((data, (ri, ci)), shape=(len(idx), len(voc)))


CGRID = [0.1, 0.3, 1.0, 3.0, 10.0]
TGRID = np.round(np.arange(0.10, 0.91, 0.025), 3)


def f1(y, p):
    tp = int((y & p).sum()); fp = int((~y & p).sum()); fn = int((y & ~p).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def prf(y, p):
    tp = int((y & p).sum()); fp = int((~y & p).sum()); fn = int((y & ~p).sum())
    P = tp / (tp + fp) if tp + fp else float("nan")
    R = tp / (tp + fn) if tp + fn else float("nan")
    return P, R, f1(y, p), tp, fp, fn


def nb_ratio(X, y, alpha=1.0):
    p = alpha + X[y].sum(0); q = alpha + X[~y].sum(0)
    return np.asarray(np.log((p / p.sum()) / (q / q.sum()))).ravel()


class Model:
    """kind: lr | lr+lex | nblr | nblr+lex; comb: None | 'or' | 'and' (with the lexicon of cat)."""

    def __init__(self, kind, cat, comb=None, lex=None):
        self.kind, self.cat, self.comb, self.lex = kind, cat, comb, lex or LEX

    def _X(self, idx, voc, r=None):
        X = textmat(idx, voc)
        if r is not None:
            X = X.multiply(r).tocsr()
        if self.kind.endswith("+lex"):
            X = sparse.hstack([X, self.lex["X"][idx]]).tocsr()
        return X

    def _fitraw(self, idx, y, C):
        voc = vocab(idx)
        r = nb_ratio(textmat(idx, voc), y) if self.kind.startswith("nb") else None
        clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, class_weight=None)
        clf.fit(self._X(idx, voc, r), y)
        return voc, r, clf

    def _combine(self, prob, idx, t):
        p = prob >= t
        lx = self.lex["pred"][self.cat][idx]
        if self.comb == "or":
            p = p | lx
        elif self.comb == "and":
            p = p & lx
        return p & ~facil[idx]

    def fit(self, idx, y):
        """idx: training rows (participant only); choose C and threshold by inner 5-fold CV."""
        skf = StratifiedKFold(5, shuffle=True, random_state=13)
        oof = {C: np.zeros(len(idx)) for C in CGRID}
        for tr, te in skf.split(idx, y):
            for C in CGRID:
                voc, r, clf = self._fitraw(idx[tr], y[tr], C)
                oof[C][te] = clf.predict_proba(self._X(idx[te], voc, r))[:, 1]
        best = (-1, None, None)
        for C in CGRID:
            for t in TGRID:
                s = f1(y, self._combine(oof[C], idx, t))
                if s > best[0] + 1e-12:
                    best = (s, C, t)
        _, self.C, self.t = best
        self.voc, self.r, self.clf = self._fitraw(idx, y, self.C)
        return self

    def predict(self, idx):
        prob = self.clf.predict_proba(self._X(idx, self.voc, self.r))[:, 1]
        return self._combine(prob, idx, self.t)

    def features(self):
        names = sorted(self.voc, key=self.voc.get)
        if self.kind.endswith("+lex"):
            names += self.lex["names"]
        w = self.clf.coef_.ravel().copy()
        if self.r is not None:
            w[: len(self.r)] *= self.r  # effective weight on the binary feature
        return names, w


BLOCKS = {"A": ("g0001", "g1141"), "B": ("g1142", "g1717"), "C": ("g1718", "g1998")}
folds = []
if "blocks" in a.folds:
    folds.append(("blocks", [(k, np.array([lo <= i <= hi for i in ids])) for k, (lo, hi) in BLOCKS.items()]))
if "loso" in a.folds:
    folds.append(("loso", [(s, src == s) for s in ("sotu", "us-debates", "uk-manifesto", "testdata")]))
# Rolling origin with the lexicons as frozen before each fresh sample was first scored (runs 4-7): test on
# the fresh sample, train only on the rows before it, lexicon predictions and features from that frozen
# version (for training and test rows alike). Nothing here was tuned on the test rows, lexicon included.
ROLL = [("fresh2", "e8811c8", "g0850", "g1141"), ("fresh3", "59c670d", "g1142", "g1427"),
        ("fresh4", "8bfc08e", "g1428", "g1717"), ("fresh5", "52f7325", "g1718", "g1998")]
if "rolling" in a.folds:
    fl = []
    for name, commit, lo, hi in ROLL:
        td = tempfile.mkdtemp(prefix="clf-lex-")
        arch = subprocess.run(["git", "archive", commit, "lexicons"], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", td], input=arch, check=True)
        lex = lex_features(os.path.join(td, "lexicons"))
        te = np.array([lo <= i <= hi for i in ids]); tr = np.array([i < lo for i in ids])
        fl.append((f"{name}@{commit}", te, tr, lex))
    folds.append(("rolling", fl))


def run(model_name, cat, test_mask_list):
    y_all = np.array([r[cat] == "1" for r in rows])
    pred = np.zeros(N, bool)
    scored = np.zeros(N, bool)
    info = []
    for name, te_mask, *rest in test_mask_list:
        tr_mask, lex = rest if rest else (~te_mask, LEX)
        te = np.where(te_mask)[0]
        scored[te] = True
        if model_name == "lex":
            pred[te] = lex["pred"][cat][te]
            info.append((name, "", ""))
            continue
        kind, comb = {"lr": ("lr", None), "lr+lex": ("lr+lex", None), "lex|lr": ("lr", "or"),
                      "lex&lr": ("lr", "and"), "nblr": ("nblr", None), "nblr+lex": ("nblr+lex", None),
                      "lex|nblr": ("nblr", "or")}[model_name]
        tr = np.where(tr_mask & ~facil)[0]
        m = Model(kind, cat, comb, lex).fit(tr, y_all[tr])
        pred[te] = m.predict(te)
        info.append((name, m.C, m.t))
    return y_all[scored], pred[scored], scored, info


def boot_ci(y, p, B, base=None, seed=20261207):
    """95% interval of the pooled F1 and (with base, the lexicon's predictions on the same rows) of the
    paired difference F1(model) - F1(lexicon), rows resampled with the same seed for every model."""
    rng = np.random.default_rng(seed)
    s, d = [], []
    for _ in range(B):
        i = rng.integers(0, len(y), len(y))
        s.append(f1(y[i], p[i]))
        if base is not None:
            d.append(s[-1] - f1(y[i], base[i]))
    ci = (np.percentile(s, 2.5), np.percentile(s, 97.5))
    return ci + ((np.percentile(d, 2.5), np.percentile(d, 97.5)) if d else (float("nan"),) * 2)


models = a.models.split(",")
for cat in a.cats.split(","):
    for scheme, fl in folds:
        print(f"\n## {cat}, {scheme} folds\n")
        head = " | ".join(f"{n} P/R/F1" for n, *_ in fl)
        print(f"| model | {head} | pooled P/R/F1 | pooled F1 95% CI | F1 - lex (paired 95% CI) | "
              "testdata rows P/R/F1 (tp/fp/fn) | C, t per fold |")
        print("|---|" + "---|" * len(fl) + "---|---|---|---|---|")
        base = run("lex", cat, fl)[1]
        for mn in models:
            y, p, sc, info = run(mn, cat, fl)
            cells = []
            for name, mask, *_ in fl:
                P, R, F, *_ = prf(y[mask[sc]], p[mask[sc]])
                cells.append(f"{P:.3f}/{R:.3f}/{F:.3f}")
            P, R, F, *_ = prf(y, p)
            lo, hi, dlo, dhi = boot_ci(y, p, a.boot, base)
            dF = F - f1(y, base)
            td = src[sc] == "testdata"
            tP, tR, tF, ttp, tfp, tfn = prf(y[td], p[td])
            hp = ", ".join(f"{n}:{c},{t}" for n, c, t in info) if mn != "lex" else ""
            print(f"| {mn} | " + " | ".join(cells) + f" | {P:.3f}/{R:.3f}/**{F:.3f}** | {lo:.3f}-{hi:.3f} | "
                  f"{dF:+.3f} ({dlo:+.3f} to {dhi:+.3f}) | "
                  f"{tP:.3f}/{tR:.3f}/{tF:.3f} ({ttp}/{tfp}/{tfn}) | {hp} |", flush=True)

    if a.top:
        y_all = np.array([r[cat] == "1" for r in rows])
        tr = np.where(~facil)[0]
        for kind in ("lr", "nblr", "lr+lex"):
            m = Model(kind, cat).fit(tr, y_all[tr])
            names, w = m.features()
            o = np.argsort(w)
            print(f"\n### {cat}: {kind} fitted on all dev participant rows (C={m.C}, t={m.t}, "
                  f"{len(names)} features, {int((w != 0).sum())} non-zero)")
            print("top +: " + ", ".join(f"{names[j]} {w[j]:+.2f}" for j in o[::-1][: a.top]))
            print("top -: " + ", ".join(f"{names[j]} {w[j]:+.2f}" for j in o[: a.top]))
