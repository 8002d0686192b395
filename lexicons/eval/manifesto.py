#!/usr/bin/env python3
"""Sanity check of the framing lexicon on UK manifestos 1987-2010 (issue 5; lexicons/README.md).

Usage (from the repo root; needs ../shared/corpora, pandas and pyarrow, and a drift binary):
    go build -o /tmp/drift ./cmd/drift
    python3 lexicons/eval/manifesto.py [--corpora ../shared/corpora] [--drift /tmp/drift]
        [--lexicons lexicons] [--corpus /tmp/manifesto] [--out /tmp/manifesto-out]

Steps: (1) writes one transcript folder per election year, /tmp/manifesto/<year>/<party>.txt, one line
"<Party>: <sentence>" per crowd-coded sentence of the Con, Lab and LD manifestos 1987-2010 (the party
is the speaker, so each year has three speakers and drift's speaker-clustered class_share is not
suppressed, as it is for a single "Manifesto:" speaker; drift.yaml also names the party as the site); (2) runs `drift run` on it with the given lexicons;
(3) reads frames.parquet, drift.parquet and matches/ back with pandas and prints markdown tables:
per year the class share (drift's class_share = class / (class + identity) counted hits), the shares
of sentences with class and with identity hits, and the crowd's Economic share; per sentence the share
of crowd-Economic labels among sentences with class hits vs identity hits; and correlations.
"""
import argparse, os, shutil, subprocess, sys
import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.abspath(os.path.join(here, "..", ".."))
ap = argparse.ArgumentParser()
ap.add_argument("--corpora", default=os.path.join(repo, "..", "shared", "corpora"))
ap.add_argument("--drift", default="/tmp/drift")
ap.add_argument("--lexicons", default=os.path.join(repo, "lexicons"))
ap.add_argument("--corpus", default="/tmp/manifesto")
ap.add_argument("--out", default="/tmp/manifesto-out")
a = ap.parse_args()

PARTIES = ["Con", "Lab", "LD"]
SPEAKER = {"Con": "Conservatives", "Lab": "Labour", "LD": "Liberal Democrats"}
src = os.path.join(a.corpora, "uk-manifesto-sentences", "sentences.csv")
d = pd.read_csv(src)
d = d[d.party.isin(PARTIES) & d.year.between(1987, 2010) & d.crowd_econsocial_label.notna()].copy()
d = d.sort_values(["year", "party", "sent_pos"]).reset_index(drop=True)
d["text1"] = d.text.astype(str).str.replace(r"\s+", " ", regex=True).str.strip()

# (1) corpus: one folder (cycle) per year, one file (site) per party, one line per sentence
if os.path.exists(a.corpus):
    shutil.rmtree(a.corpus)
d["line"] = 0
for (year, party), g in d.groupby(["year", "party"]):
    os.makedirs(f"{a.corpus}/{year}", exist_ok=True)
    with open(f"{a.corpus}/{year}/{party}.txt", "w", encoding="utf-8") as f:
        for i, (idx, t) in enumerate(zip(g.index, g.text1), 1):
            f.write(f"{SPEAKER[party]}: {t}\n")
            d.loc[idx, "line"] = i
with open(f"{a.corpus}/drift.yaml", "w") as f:
    f.write("cycle_from: folder\nsites:\n" + "".join(f'  {p}: ["*/{p}.txt"]\n' for p in PARTIES))

# (2) drift run
subprocess.run([a.drift, "run", a.corpus, "-o", a.out, "--lexicons", a.lexicons, "-q"], check=True)

# (3) read back
turns = pd.read_parquet(f"{a.out}/turns")
m = pd.read_parquet(f"{a.out}/matches")
frames = pd.read_parquet(f"{a.out}/frames.parquet")
dr = pd.read_parquet(f"{a.out}/drift.parquet")
for t in (turns, m):
    t["cycle"] = t["cycle"].astype(str)
    t["party"] = t["doc_path"].str.extract(r"/(\w+)\.txt$")[0]
assert len(turns) == len(d), f"{len(turns)} turns for {len(d)} sentences: one line per turn expected"
mf = m[(m.dimension == "framing") & m.counted].merge(
    turns[["cycle", "doc_path", "turn", "line"]], on=["cycle", "doc_path", "turn"])
hit = mf.groupby(["cycle", "party", "line", "category"]).size().unstack(fill_value=0)
d["cycle"] = d.year.astype(str)
d = d.merge(hit.reset_index(), on=["cycle", "party", "line"], how="left")
for c in ("class", "identity"):
    d[c] = d.get(c, 0).fillna(0).astype(int)
d["has_class"], d["has_identity"] = d["class"] > 0, d["identity"] > 0
d["econ"] = d.crowd_econsocial_label.eq("Economic")
d["social"] = d.crowd_econsocial_label.eq("Social")

fr = frames[frames.dimension == "framing"]
byyear = fr.groupby(["cycle", "category"]).hits.sum().unstack()
share = dr[(dr.measure == "class_share") & (dr.scope == "cycle") & (dr.site == "all")].set_index("cycle")

rows = []
for y, g in d.groupby("cycle"):
    rows.append(dict(year=y, sentences=len(g), class_hits=int(byyear.loc[y, "class"]),
                     identity_hits=int(byyear.loc[y, "identity"]),
                     class_share=float(byyear.loc[y, "class"] / (byyear.loc[y, "class"] + byyear.loc[y, "identity"])),
                     drift_est=float(share.loc[y, "estimate"]),
                     ci=f"{share.loc[y, 'ci_low']:.3f}-{share.loc[y, 'ci_high']:.3f}",
                     pct_class_sent=100 * g.has_class.mean(), pct_identity_sent=100 * g.has_identity.mean(),
                     pct_econ=100 * g.econ.mean(), econ_vs_social=g.econ.sum() / (g.econ.sum() + g.social.sum())))
Y = pd.DataFrame(rows)
print("\n### Per election year (Con + Lab + LD, crowd-coded sentences)\n")
print("| year | sentences | class hits | identity hits | class share | drift class_share [95% interval] | % sentences with class | % with identity | % Economic (crowd) | Economic / (Economic + Social) |")
print("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|")
for r in Y.itertuples():
    print(f"| {r.year} | {r.sentences} | {r.class_hits} | {r.identity_hits} | {r.class_share:.3f} | {r.drift_est:.3f} [{r.ci}] | "
          f"{r.pct_class_sent:.1f} | {r.pct_identity_sent:.1f} | {r.pct_econ:.1f} | {r.econ_vs_social:.3f} |")

print("\n### Per sentence: crowd label by framing hit\n")
print("| sentences | n | % Economic | % Social | % neither |")
print("|---|---:|---:|---:|---:|")
groups = [("with a class hit", d.has_class), ("with an identity hit", d.has_identity),
          ("class hit, no identity hit", d.has_class & ~d.has_identity),
          ("identity hit, no class hit", d.has_identity & ~d.has_class),
          ("no class or identity hit", ~d.has_class & ~d.has_identity), ("all", d.econ | True)]
for name, mask in groups:
    g = d[mask]
    print(f"| {name} | {len(g)} | {100*g.econ.mean():.1f} | {100*g.social.mean():.1f} | "
          f"{100*(1-g.econ.mean()-g.social.mean()):.1f} |")

print("\n### Correlations\n")
def corr(x, y):
    return x.corr(y), x.rank().corr(y.rank())  # Spearman = Pearson on ranks (no scipy needed)
p, s = corr(Y.class_share, Y.econ_vs_social)
print(f"- per year (n={len(Y)}): class share vs Economic/(Economic+Social): Pearson r = {p:.2f}, Spearman rho = {s:.2f}")
p, s = corr(Y.class_share, Y.pct_econ)
print(f"- per year (n={len(Y)}): class share vs % Economic of all coded sentences: Pearson r = {p:.2f}, Spearman rho = {s:.2f}")
py = d.groupby(["cycle", "party"]).agg(c=("class", "sum"), i=("identity", "sum"), e=("econ", "sum"), s=("social", "sum"))
py["cs"], py["es"] = py.c / (py.c + py.i), py.e / (py.e + py.s)
p, s = corr(py.cs, py.es)
print(f"- per party and year (n={len(py)}): class share vs Economic/(Economic+Social): Pearson r = {p:.2f}, Spearman rho = {s:.2f}")
d["cls_ind"] = d.has_class.astype(int) - d.has_identity.astype(int)
sub = d[d.econ | d.social]
print(f"- per sentence (n={len(sub)}, Economic or Social): phi(class hit, Economic) = {sub.has_class.astype(int).corr(sub.econ.astype(int)):.2f}, "
      f"phi(identity hit, Social) = {sub.has_identity.astype(int).corr(sub.social.astype(int)):.2f}")
