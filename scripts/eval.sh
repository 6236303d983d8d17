#!/usr/bin/env bash
# Alignment quality of bitext, measured on data anyone can regenerate:
#   - textberg-dev (German-French, human gold, presegmented), read from
#     ../shared/data/textberg-dev and never copied into the repo;
#   - NTREX-128 German-English with merges and drops (scripts/make-ntrex-perturbed.py,
#     fixed seed), presegmented and end to end from running paragraphs
#     (bitext segments; its beads are projected onto the gold lines by
#     scripts/project-beads.py, i.e. scored on sentence text);
#   - the bundled corpus (corpus/*/gold.txt);
#   - NTREX English-French, -Russian and -Chinese, perturbed likewise.
# Each document pair is aligned on its own (no batch lexicon).
# Prints one table; details per set are in eval-data/results/<set>.txt.
# Usage: scripts/eval.sh [--seed N]
set -euo pipefail
cd "$(dirname "$0")/.."
seed=1
[ "${1:-}" = "--seed" ] && seed=$2
shared=${BITEXT_SHARED:-../shared/data}
out=eval-data/results
bitext=target/release/bitext
cargo build --release --quiet
rm -rf "$out" && mkdir -p "$out"

# textberg-dev
mkdir -p "$out/textberg"
$bitext align --presegmented --src-lang de --tgt-lang fr \
  "$shared/textberg-dev/dev.de" "$shared/textberg-dev/dev.fr" -o "$out/textberg/dev.beads"
$bitext eval "$shared/textberg-dev/dev.defr" "$out/textberg/dev.beads" > "$out/textberg.txt" 2>/dev/null
$bitext eval --json "$shared/textberg-dev/dev.defr" "$out/textberg/dev.beads" > "$out/textberg.json" 2>/dev/null

# NTREX perturbed
data=eval-data/ntrex-perturbed-seed$seed
python3 scripts/make-ntrex-perturbed.py --seed "$seed" --data "$shared/ntrex128-newstest2019" --out "$data" > /dev/null
mkdir -p "$out/ntrex-presegmented" "$out/ntrex-running"
for gold in "$data"/gold/*.txt; do
  doc=$(basename "$gold" .txt)
  $bitext align --presegmented "$data/presegmented/$doc/en.txt" "$data/presegmented/$doc/de.txt" \
    -o "$out/ntrex-presegmented/$doc.beads"
  $bitext align "$data/running/$doc/en.txt" "$data/running/$doc/de.txt" -o "$out/ntrex-running/$doc.jsonl"
  python3 scripts/project-beads.py --lines-src "$data/presegmented/$doc/en.txt" \
    --lines-tgt "$data/presegmented/$doc/de.txt" "$out/ntrex-running/$doc.jsonl" > "$out/ntrex-running/$doc.beads"
done
for set in ntrex-presegmented ntrex-running; do
  $bitext eval --pred-ext beads "$data/gold" "$out/$set" > "$out/$set.txt" 2>/dev/null
  $bitext eval --json --pred-ext beads "$data/gold" "$out/$set" > "$out/$set.json" 2>/dev/null
done

# Other language pairs: NTREX English-French, -Russian, -Chinese, presegmented.
for target in fra rus zho-CN; do
  code=$(case $target in fra) echo fr;; rus) echo ru;; zho-CN) echo zh;; esac)
  data=eval-data/ntrex-perturbed-en-$code-seed$seed
  python3 scripts/make-ntrex-perturbed.py --seed "$seed" --target "$target" \
    --data "$shared/ntrex128-newstest2019" --out "$data" > /dev/null
  mkdir -p "$out/ntrex-en-$code"
  for gold in "$data"/gold/*.txt; do
    doc=$(basename "$gold" .txt)
    $bitext align --presegmented --src-lang en --tgt-lang "$code" \
      "$data/presegmented/$doc/en.txt" "$data/presegmented/$doc/$code.txt" -o "$out/ntrex-en-$code/$doc.beads"
  done
  $bitext eval --pred-ext beads "$data/gold" "$out/ntrex-en-$code" > "$out/ntrex-en-$code.txt" 2>/dev/null
  $bitext eval --json --pred-ext beads "$data/gold" "$out/ntrex-en-$code" > "$out/ntrex-en-$code.json" 2>/dev/null
done

# The bundled corpus: gold files gathered under one name per pair.
mkdir -p "$out/corpus-gold" "$out/corpus"
exact=0; total=0
for gold in $(find corpus -name gold.txt | sort); do
  pair=$(dirname "$gold")
  name=$(echo "${pair#corpus/}" | tr / _)
  cp "$gold" "$out/corpus-gold/$name.txt"
  $bitext align "$pair/en.txt" "$pair/de.txt" -o "$out/corpus/$name.beads"
  total=$((total + 1))
  if diff -q <(sed 's/:[0-9.]*$//' "$out/corpus/$name.beads") "$gold" > /dev/null; then
    exact=$((exact + 1))
  else
    echo "differs from its gold: $pair" >&2
  fi
done
$bitext eval --pred-ext beads "$out/corpus-gold" "$out/corpus" > "$out/corpus.txt" 2>/dev/null
$bitext eval --json --pred-ext beads "$out/corpus-gold" "$out/corpus" > "$out/corpus.json" 2>/dev/null

python3 - "$out" "$seed" "$exact" "$total" <<'PY'
import json, sys
out, seed, exact, total = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rows = [
    ("textberg-dev de-fr (presegmented)", "textberg"),
    (f"NTREX de-en perturbed, seed {seed} (presegmented)", "ntrex-presegmented"),
    (f"NTREX de-en perturbed, seed {seed} (end to end)", "ntrex-running"),
    ("bundled corpus (end to end)", "corpus"),
    (f"NTREX fr-en perturbed, seed {seed} (presegmented)", "ntrex-en-fr"),
    (f"NTREX ru-en perturbed, seed {seed} (presegmented)", "ntrex-en-ru"),
    (f"NTREX zh-en perturbed, seed {seed} (presegmented)", "ntrex-en-zh"),
]
print("| set | docs | beads (gold) | strict P | strict R | strict F1 | lax F1 | ECE |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, key in rows:
    r = json.load(open(f"{out}/{key}.json"))
    s, l = r["strict"], r["lax"]
    ece = r["calibration"]["ece"] if r.get("calibration") else float("nan")
    print(f"| {name} | {r['documents']} | {r['beads']['gold']} | {s['precision']:.4f} | {s['recall']:.4f} "
          f"| {s['f1']:.4f} | {l['f1']:.4f} | {ece:.4f} |")
print(f"\nbundled pairs aligned exactly as their gold: {exact} of {total}")
PY
