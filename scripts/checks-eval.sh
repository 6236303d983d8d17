#!/usr/bin/env bash
# How well the checks before and after aligning judge real documents: the
# NTREX-128 news articles (English originals, German, French, Russian and
# Chinese translations; 123 documents, 4-30 sentences each), run through
# `bitext batch` with manifests that declare their languages.
#  - False alarms: documents and single sentences declared rightly, refused
#    as another language (must be 0).
#  - Caught: every document declared as each other bundled language of
#    en de fr es it nl pt ru zh ja, and each English-German pair with its
#    languages swapped.
#  - Unrelated: translations (English-German, English-French) taken as
#    unrelated (false alarms), and unrelated pairs (each English article with
#    the German or French translation of the next one) caught.
# Needs ../shared/data/ntrex128-newstest2019.
# Usage: scripts/checks-eval.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/ntrex128-newstest2019
cargo build --release --quiet
bin=$PWD/target/release/bitext
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$data" "$work" <<'PY'
import os, sys
data, work = sys.argv[1], sys.argv[2]
files = {"en": "newstest2019-src.eng.txt", "de": "newstest2019-ref.deu.txt",
         "fr": "newstest2019-ref.fra.txt", "ru": "newstest2019-ref.rus.txt",
         "zh": "newstest2019-ref.zho-CN.txt"}
ids = open(f"{data}/DOCUMENT_IDS.tsv", encoding="utf-8").read().split("\n")[:1997]
docs = {}
for lang, name in files.items():
    lines = [l.rstrip("\r") for l in open(f"{data}/{name}", encoding="utf-8", newline="").read().split("\n")[:1997]]
    os.makedirs(f"{work}/docs/{lang}", exist_ok=True)
    os.makedirs(f"{work}/sentences/{lang}", exist_ok=True)
    by_doc = {}
    for i, (doc, line) in enumerate(zip(ids, lines)):
        by_doc.setdefault(doc, []).append(line)
        with open(f"{work}/sentences/{lang}/{i}.txt", "w", encoding="utf-8") as f:
            f.write(line + "\n")
    for doc, sentences in by_doc.items():
        with open(f"{work}/docs/{lang}/{doc}.txt", "w", encoding="utf-8") as f:
            f.write("\n".join(sentences) + "\n")
    docs = list(by_doc)
bundled = ["en", "de", "fr", "es", "it", "nl", "pt", "ru", "zh", "ja"]
def manifest(name, rows):
    with open(f"{work}/{name}.tsv", "w", encoding="utf-8") as f:
        f.write("id\tsource\ttarget\tsource_lang\ttarget_lang\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
d = lambda lang, doc: f"docs/{lang}/{doc}.txt"
manifest("right", [(f"{x}/{doc}", d("en", doc), d(x, doc), "en", x)
                   for x in ["de", "fr", "ru", "zh"] for doc in docs])
manifest("right-sentences", [(f"{x}/{i}", f"sentences/en/{i}.txt", f"sentences/{x}/{i}.txt", "en", x)
                             for x in ["de", "fr", "ru", "zh"] for i in range(1997)])
# One wrong side per pair: the target, beside a rightly declared source.
manifest("wrong", [(f"{x}-as-{y}/{doc}", d("de" if x == "en" else "en", doc), d(x, doc),
                    "de" if x == "en" else "en", y)
                   for x in files for y in bundled if y != x for doc in docs])
manifest("swapped", [(doc, d("en", doc), d("de", doc), "de", "en") for doc in docs])
manifest("unrelated", [(f"{x}/{doc}", d("en", doc), d(x, docs[(k + 1) % len(docs)]), "en", x)
                       for x in ["de", "fr"] for k, doc in enumerate(docs)])
PY
run() {
    "$bin" batch --quiet --format beads --lexicon document --threads 2 -o "$work/out-$1" "$work/$1.tsv" || true
}
for name in right right-sentences wrong swapped unrelated; do
    run "$name" 2>/dev/null
done
python3 - "$work" <<'PY'
import csv, sys
work = sys.argv[1]
def rows(name):
    return list(csv.DictReader(open(f"{work}/out-{name}/summary.csv", encoding="utf-8")))
def refused(row):
    return row["status"] == "failed" and "as declared for the" in row["error"]
right, sentences = rows("right"), rows("right-sentences")
wrong, swapped = rows("wrong"), rows("swapped")
print(f"declared language: {sum(map(refused, right))} false alarms on {2 * len(right)} rightly "
      f"declared documents and {sum(map(refused, sentences))} on {2 * len(sentences)} rightly "
      f"declared single sentences; caught {sum(map(refused, wrong))} of {len(wrong)} documents "
      f"declared as another language and {sum(map(refused, swapped))} of {len(swapped)} "
      f"English-German pairs with their languages swapped")
same_script = [r for r in right if r["id"].split("/")[0] in ("de", "fr")]
unrelated = rows("unrelated")
flagged = lambda rs: sum(r["status"] == "unrelated" for r in rs)
print(f"unrelated documents: {flagged(same_script)} of {len(same_script)} English-German and "
      f"English-French translations taken as unrelated; {flagged(unrelated)} of {len(unrelated)} "
      f"unrelated pairs caught")
PY
