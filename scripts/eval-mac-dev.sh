#!/usr/bin/env bash
# Alignment quality on MAC-Dev (Chinese-English literary chapters with human
# gold, GPL: read from ../shared/data/mac-dev at run time, never copied into
# the repo). Each chapter aligned on its own, then all six as one batch.
# Usage: scripts/eval-mac-dev.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data=${BITEXT_SHARED:-../shared/data}/mac-dev
out=eval-data/results/mac-dev
bitext=target/release/bitext
cargo build --release --quiet
rm -rf "$out" && mkdir -p "$out/gold" "$out/pred" "$out/pairs"
for gold in "$data"/*.gold; do
  n=$(basename "$gold" .gold)
  cp "$gold" "$out/gold/$n.txt"
  $bitext align --presegmented --src-lang zh --tgt-lang en "$data/$n.zh" "$data/$n.en" -o "$out/pred/$n.beads"
  mkdir -p "$out/pairs/$n"
  cp "$data/$n.zh" "$out/pairs/$n/zh.txt"
  cp "$data/$n.en" "$out/pairs/$n/en.txt"
  cp "$gold" "$out/pairs/$n/gold.txt"
done
$bitext eval --json --pred-ext beads "$out/gold" "$out/pred" > "$out/alone.json" 2>/dev/null
$bitext batch --quiet --gold --force --presegmented --src-lang zh --format jsonl \
  -o "$out/batch" "$out/pairs" --json > "$out/batch.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
alone = json.load(open(f"{out}/alone.json"))
batch = json.load(open(f"{out}/batch.json"))["gold"]
print("| MAC-Dev zh-en | strict P | strict R | strict F1 | lax F1 | ECE |")
print("|---|---:|---:|---:|---:|---:|")
for name, r in (("each chapter alone", alone), ("one batch", batch)):
    s, l = r["strict"], r["lax"]
    print(f"| {name} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | {l['f1']:.4f} "
          f"| {r['calibration']['ece']:.4f} |")
PY
