#!/usr/bin/env python3
"""Build corpus/ntrex/: real English news articles with their professional
German translations, taken from NTREX-128 (WMT19 newstest2019).

Usage (from the repo root):

    python3 scripts/make-ntrex-corpus.py [--data DIR] [--out DIR] [--explain]

--data defaults to ../shared/data/ntrex128-newstest2019 and --out to
corpus/ntrex, both relative to the repo root (the parent of scripts/).
Relative paths given on the command line are taken relative to the current
directory.

Input: en-de.docs.tsv (columns doc_id, sent_in_doc, line, en, de; one
sentence per row, English line i translated by German line i).

For every document id in DOC_IDS the script writes <out>/<doc_id>/ with

  en.txt    the English article as running text
  de.txt    the German translation, same paragraphs
  gold.txt  one bead per line, "[i]:[i]" for i = 0..n-1

Paragraphs: the first sentence (usually the headline) is its own paragraph;
any line that does not end in sentence-final punctuation (. ? ! …, optionally
followed by closing quotes) is a heading and is its own paragraph; the other
sentences are grouped into paragraphs of 1-4 sentences with
random.Random(zlib.crc32(doc_id)), the same grouping for both languages.
Sentences in a paragraph are joined with one space, paragraphs are separated
by a blank line, LF line ends, trailing newline. The output is deterministic.

The document list was chosen with the checks in check_doc(); --explain prints
every document of the data set that the checks (or the manual list) reject,
and why. The script refuses to write a listed document that fails a check.

Python 3 standard library only.
"""

import argparse
import csv
import os
import random
import re
import sys
import zlib

# Fixed selection: 19 articles from 14 outlets, 4-27 sentences each. All
# pass check_doc(); chosen among the passing documents for spread over
# outlets and lengths, and for few upstream oddities (see corpus/ntrex/README.md).
DOC_IDS = [
    "bbc.381735",              # 11, prison disorder
    "bbc.381736",              # 14, North Korea defectors ("Mr Park", "Mr Ri")
    "bbc.381780",              #  5, Londonderry, short
    "reuters.218909",          # 10, "La.", "a.m.", "J. Paul" inside sentences
    "reuters.218921",          #  9, baseball
    "newsweek.51339",          # 15, Palin arrest
    "dailymail.co.uk.298602",  # 12, four bullet-point headings
    "scotsman.133773",         # 27, bats
    "scotsman.133783",         # 10, letter to EU staff
    "nytimes.184830",          # 21, op-ed, many "Mr." and "F.B.I."
    "nytimes.184862",          # 14, migrant children
    "cnn.304447",              # 15, rally speech, many short quote lines
    "abcnews.306755",          #  8, "U.S. Sen.", "Rep." inside sentences
    "telegraph.405404",        # 19, many short quote lines
    "cbsnews.248411",          # 17, plane crash, "U.S. Navy"
    "rt.com.91334",            # 21, Ronaldo
    "upi.176251",              # 20, football, "p.m."
    "euronews-en.153835",      #  4, shortest
    "thelocal.65969",          # 17, Syria at the UN
]

# Documents that pass the automatic checks but were rejected after reading
# them.
MANUAL_REJECT = {
    "scotsman.133753": "lines 5-10 switch without introduction to a different "
                       "story ('The American, who won the 200 metres ...': "
                       "Michael Johnson's stroke)",
    "independent.226317": "line 9 is an image caption '... (Elvie/Mother)' "
                          "(would become a heading); de line 27 'Catwalk,während'",
    "independent.226349": "lines 8-9 close a quote that is never opened; "
                          "line 8 en is garbled ('told let me by')",
    "cnbc.com.6784": "line 2 en is an incomplete sentence "
                     "('pits Democrat Rep. Conor Lamb - who won ...', no object)",
    "reuters.218882": "line 2 is a photo caption",
    "cnn.304400": "line 6 de leaves out two of the listed counties",
}

# Sentence-final punctuation, optionally followed by closing quotes.
FINAL_RE = re.compile(r"[.?!…][\"”“'’»«]*$")

# Abbreviations that end with a period but do not end a sentence.
ABBREV = {
    # English titles, months, misc.
    "Mr", "Mrs", "Ms", "Dr", "St", "No", "Nos", "Jan", "Feb", "Mar", "Apr",
    "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Gov", "Sen",
    "Sens", "Rep", "Reps", "Gen", "Lt", "Col", "Sgt", "Capt", "Det", "Prof",
    "Rev", "Jr", "Sr", "Inc", "Co", "Corp", "Ltd", "vs", "v", "etc", "approx",
    "Mt", "Ft", "Ave", "Blvd", "Fig", "Vol", "est", "Pres", "Supt", "Insp",
    # German
    "Nr", "Hr", "Fr", "bzw", "ca", "usw", "Jh", "Mio", "Mrd", "Abs", "Str",
    "vgl", "ggf", "inkl", "evtl", "Tel", "Okt", "Dez", "Mrz",
}
# A token that ends with an abbreviation period: a listed abbreviation, a
# single-letter initial ("W."), a dotted acronym ("U.S.", "a.m.", "z.B.") or
# an ordinal number ("29." in German dates).
ABBREV_TOKEN_RE = re.compile(
    r"(?:^|[\s(\"“„‚'‘«»])"
    r"(?P<tok>(?:[A-Za-zÄÖÜäöü]\.){2,}|[A-Za-zÄÖÜäöü]+\.|\d+\.)$")

# A possible sentence boundary inside a line: final punctuation, optional
# closing quotes, whitespace, optional opening quote/bracket, upper case.
INNER_BOUNDARY_RE = re.compile(
    r"([.?!…]+)([\"”“'’»«]*)\s+([\"„“”‚‘'(«»]*)([A-ZÄÖÜ])")

# Characters allowed to open a line before the first letter/digit.
OPENERS = "\"„“”‚‘'(«»"
# Line endings that mark a fragment (neither a sentence nor a heading).
FRAGMENT_END_RE = re.compile(r"[,;:\-–—(/]\s*$")

# German/English character-length ratio limits (data set: median 1.19,
# 1st percentile ~0.85, 99th ~1.80), applied to lines of >= 40 English chars.
RATIO_MIN = 0.75
RATIO_MAX = 1.90
RATIO_MIN_LEN = 40


def abbrev_end(text, lang):
    """Return the abbreviation token if `text` ends with one, else None.

    Numbers count as abbreviations only in German, where "29." is an ordinal
    ("am 29. September"); English "in 2017." is an ordinary sentence end.
    """
    m = ABBREV_TOKEN_RE.search(text.rstrip("\"”“'’»«"))
    if not m:
        return None
    tok = m.group("tok")
    word = tok[:-1]
    if tok.count(".") >= 2:
        return tok  # U.S., a.m., D.C., z.B.
    if word in ABBREV:
        return tok
    if len(word) == 1 and word.isalpha():
        return tok  # initial
    if word.isdigit() and lang == "de" and len(word) <= 3:
        return tok  # German ordinal
    return None


def inner_boundaries(text, lang):
    """Sentence boundaries inside a line (abbreviation periods excluded)."""
    found = []
    for m in INNER_BOUNDARY_RE.finditer(text):
        before = text[: m.start(1)]
        punct = m.group(1)
        if punct == ".":
            if abbrev_end(before + ".", lang):
                continue
        found.append(text[max(0, m.start(1) - 20): m.end(4) + 15])
    return found


def check_doc(rows):
    """Return a list of reasons why this document is unsuitable."""
    reasons = []
    for i, (en, de) in enumerate(rows):
        fin_en = bool(FINAL_RE.search(en))
        fin_de = bool(FINAL_RE.search(de))
        if fin_en != fin_de:
            reasons.append(
                f"line {i}: sentence-final punctuation on one side only "
                f"(en {'yes' if fin_en else 'no'}, de {'yes' if fin_de else 'no'})")
        for lang, text in (("en", en), ("de", de)):
            tok = abbrev_end(text, lang) if FINAL_RE.search(text) else None
            if tok:
                reasons.append(f"line {i} {lang}: ends with abbreviation {tok!r}")
            stripped = text.lstrip(OPENERS)
            if not stripped or stripped[0].islower():
                reasons.append(f"line {i} {lang}: starts in lower case: {text[:40]!r}")
            if FRAGMENT_END_RE.search(text):
                reasons.append(f"line {i} {lang}: ends like a fragment: {text[-40:]!r}")
            if text != text.strip() or "  " in text:
                reasons.append(f"line {i} {lang}: stray whitespace")
            for ctx in inner_boundaries(text, lang):
                reasons.append(f"line {i} {lang}: more than one sentence: ...{ctx}...")
        if len(en) >= RATIO_MIN_LEN:
            ratio = len(de) / len(en)
            if not RATIO_MIN <= ratio <= RATIO_MAX:
                reasons.append(
                    f"line {i}: de/en length ratio {ratio:.2f} "
                    f"(possible merge/split or loose translation)")
    return reasons


def is_heading(en, de):
    # Checked docs agree on both sides; use both for safety.
    return not (FINAL_RE.search(en) and FINAL_RE.search(de))


def paragraphs(doc_id, rows):
    """Return paragraphs as lists of sentence indices."""
    rng = random.Random(zlib.crc32(doc_id.encode("utf-8")))
    paras = []
    current = []
    target = 0
    for i, (en, de) in enumerate(rows):
        if i == 0 or is_heading(en, de):
            if current:
                paras.append(current)
                current = []
            paras.append([i])
            continue
        if not current:
            target = rng.randint(1, 4)
        current.append(i)
        if len(current) == target:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return paras


def render(sents, paras):
    return "\n\n".join(" ".join(sents[i] for i in p) for p in paras) + "\n"


def read_docs(path):
    docs = {}
    order = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header != ["doc_id", "sent_in_doc", "line", "en", "de"]:
            sys.exit(f"unexpected header in {path}: {header}")
        for row in reader:
            doc_id, pos, _line, en, de = row
            en = en.rstrip("\r")
            de = de.rstrip("\r")
            if doc_id not in docs:
                docs[doc_id] = []
                order.append(doc_id)
            if int(pos) != len(docs[doc_id]):
                sys.exit(f"{doc_id}: rows out of order at sent_in_doc {pos}")
            docs[doc_id].append((en, de))
    return order, docs


def write_file(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(repo, "..", "shared", "data",
                                                   "ntrex128-newstest2019"))
    ap.add_argument("--out", default=os.path.join(repo, "corpus", "ntrex"))
    ap.add_argument("--explain", action="store_true",
                    help="print every rejected document and why")
    args = ap.parse_args()

    order, docs = read_docs(os.path.join(args.data, "en-de.docs.tsv"))

    if args.explain:
        print("# 'line i' = 0-based sentence position in the document "
              "(sent_in_doc)")
        n_ok = 0
        for doc_id in order:
            reasons = check_doc(docs[doc_id])
            if doc_id in MANUAL_REJECT:
                reasons.append("manual: " + MANUAL_REJECT[doc_id])
            if reasons:
                print(f"REJECT {doc_id} ({len(docs[doc_id])} sentences)")
                for r in reasons:
                    print(f"    {r}")
            else:
                n_ok += 1
                mark = "selected" if doc_id in DOC_IDS else "not selected"
                print(f"OK     {doc_id} ({len(docs[doc_id])} sentences, {mark})")
        print(f"{n_ok} of {len(order)} documents pass the checks; "
              f"{len(DOC_IDS)} selected", file=sys.stderr)

    bad = []
    for doc_id in DOC_IDS:
        if doc_id not in docs:
            bad.append(f"{doc_id}: not in data")
            continue
        reasons = check_doc(docs[doc_id])
        if doc_id in MANUAL_REJECT:
            reasons.append("manual: " + MANUAL_REJECT[doc_id])
        bad.extend(f"{doc_id}: {r}" for r in reasons)
    if bad:
        sys.exit("selected documents fail the checks:\n  " + "\n  ".join(bad))
    if len(set(DOC_IDS)) != len(DOC_IDS):
        sys.exit("duplicate ids in DOC_IDS")

    for doc_id in DOC_IDS:
        rows = docs[doc_id]
        paras = paragraphs(doc_id, rows)
        outdir = os.path.join(args.out, doc_id)
        os.makedirs(outdir, exist_ok=True)
        write_file(os.path.join(outdir, "en.txt"), render([r[0] for r in rows], paras))
        write_file(os.path.join(outdir, "de.txt"), render([r[1] for r in rows], paras))
        write_file(os.path.join(outdir, "gold.txt"),
                   "".join(f"[{i}]:[{i}]\n" for i in range(len(rows))))
        if not args.explain:
            print(f"{doc_id}: {len(rows)} sentences, {len(paras)} paragraphs")


if __name__ == "__main__":
    main()
