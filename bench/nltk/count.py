"""NLTK peer for drift's benchmark: tokenise every file of a folder with
NLTK's Treebank word tokenizer (after a simple regex sentence split, since
punkt needs downloaded data) and count lexicon words with a dictionary.

    python count.py DIR LEXICON_WORDS

LEXICON_WORDS is a file of drift's normalised lexicon entries, one a line
(`barescan -words` writes it); entries ending in '*' are stems. Prints "files bytes tokens hits seconds" on one line.
"""
import os
import re
import sys
import time
from collections import Counter

from nltk.tokenize import TreebankWordTokenizer

SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])")


def files_under(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield os.path.join(dirpath, name)


def main():
    root, lexfile = sys.argv[1], sys.argv[2]
    words, stems, phrases = set(), [], {}
    with open(lexfile, encoding="utf-8") as f:
        for line in f:
            e = line.strip()
            if not e:
                continue
            parts = e.split()
            if len(parts) > 1:
                phrases.setdefault(parts[0].rstrip("*"), []).append(parts)
            elif e.endswith("*"):
                stems.append(e[:-1])
            else:
                words.add(e)
    stems = tuple(stems)
    tok = TreebankWordTokenizer()
    start = time.perf_counter()
    nfiles = nbytes = ntokens = 0
    counts = Counter()
    for path in files_under(root):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        nfiles += 1
        nbytes += len(text.encode("utf-8"))
        for sent in SENT.split(text):
            toks = [t.lower() for t in tok.tokenize(sent)]
            ntokens += len(toks)
            for i, t in enumerate(toks):
                if t in words:
                    counts[t] += 1
                if t.startswith(stems):
                    counts[t] += 1
                for p in phrases.get(t, ()):
                    seq = toks[i:i + len(p)]
                    if len(seq) == len(p) and all(
                        w.startswith(q[:-1]) if q.endswith("*") else w == q for w, q in zip(seq, p)
                    ):
                        counts[" ".join(p)] += 1
    secs = time.perf_counter() - start
    print(f"{nfiles} {nbytes} {ntokens} {sum(counts.values())} {secs:.3f}")


if __name__ == "__main__":
    main()
