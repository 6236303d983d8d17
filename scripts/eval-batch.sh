#!/usr/bin/env bash
# Does aligning documents together help? Aligns the NTREX-128 German-English
# perturbation set (scripts/make-ntrex-perturbed.py, presegmented) with
# `bitext batch`, once learning the lexicon from the whole batch (the
# default) and once from each document alone, and scores both against the
# gold. Needs ../shared/data/ntrex128-newstest2019.
# Usage: scripts/eval-batch.sh [--seed N] [--hard]   (--hard: the harder setting)
set -euo pipefail
cd "$(dirname "$0")/.."
seed=1 hard=
while [ $# -gt 0 ]; do
  case $1 in
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --hard) hard=--hard; shift ;;
    *) echo "usage: scripts/eval-batch.sh [--seed N] [--hard]" >&2; exit 2 ;;
  esac
done
shared=${BITEXT_SHARED:-../shared/data}
cargo build --release --quiet
data=eval-data/ntrex-perturbed${hard:+-hard}-seed$seed
python3 scripts/make-ntrex-perturbed.py --seed "$seed" $hard --data "$shared/ntrex128-newstest2019" \
  --out "$data" > /dev/null
# bitext batch --gold reads gold.txt beside each pair.
for gold in "$data"/gold/*.txt; do
  cp "$gold" "$data/presegmented/$(basename "$gold" .txt)/gold.txt"
done
echo "| lexicon learned from | docs | strict P | strict R | strict F1 | lax F1 | ECE |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for scope in document batch; do
  out=eval-data/results/batch${hard:+-hard}-$scope
  mkdir -p eval-data/results
  target/release/bitext batch --quiet --json --gold --force --presegmented --lexicon "$scope" \
    --format jsonl -o "$out" "$data/presegmented" > "$out.json" 2>/dev/null || true
  python3 - "$out.json" "$scope" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
g = r["gold"]
label = {"document": "each document alone", "batch": "the whole batch (123 documents)"}[sys.argv[2]]
print(f"| {label} | {g['documents']} | {g['strict']['precision']:.4f} | {g['strict']['recall']:.4f} "
      f"| {g['strict']['f1']:.4f} | {g['lax']['f1']:.4f} | {g['calibration']['ece']:.4f} |")
PY
done
