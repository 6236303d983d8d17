#!/usr/bin/env bash
# Batch throughput and memory: the 123 NTREX-128 articles (perturbed, running
# text; scripts/make-ntrex-perturbed.py) copied under distinct names until
# the batch has at least 100,000 sentence pairs, aligned by `bitext batch`
# with 1 and with 2 threads (each run 3 times, the median reported: shared
# machines are noisy). Prints sentence pairs per second, the speed-up, and
# peak memory for the full batch and for a fifth of it (memory must not grow
# with the number of documents). Needs ../shared/data/ntrex128-newstest2019.
# Usage: scripts/bench-batch.sh [SENTENCE_PAIRS]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-100000}
shared=${BITEXT_SHARED:-../shared/data}
work=eval-data/bench-batch
data=eval-data/ntrex-perturbed-seed1
cargo build --release --quiet
python3 scripts/make-ntrex-perturbed.py --seed 1 --data "$shared/ntrex128-newstest2019" --out "$data" > /dev/null
rm -rf "$work" && mkdir -p "$work"
copies=$(python3 - "$want" "$data" "$work" <<'PY'
import os, shutil, sys
want, data, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
docs = sorted(os.listdir(os.path.join(data, "running")))
per_copy = sum(1 for d in docs for l in open(os.path.join(data, "presegmented", d, "en.txt"), encoding="utf-8") if l.strip())
copies = -(-want // per_copy)
for c in range(copies):
    for d in docs:
        to = os.path.join(work, "input", f"copy{c:03d}", d)
        os.makedirs(to)
        for lang in ("en", "de"):
            shutil.copy(os.path.join(data, "running", d, f"{lang}.txt"), to)
    if c == copies // 5 - 1:
        shutil.copytree(os.path.join(work, "input"), os.path.join(work, "fifth"))
print(copies)
PY
)
echo "batch: $copies copies of 123 documents"
run() { # threads input name
  : > "$work/$3.time"
  for attempt in 1 2 3; do
    /usr/bin/time -f "%e %M" -a -o "$work/$3.time" target/release/bitext batch --quiet --json --force \
      --format jsonl --threads "$1" -o "$work/$3" "$work/$2" > "$work/$3.json"
  done
  python3 - "$work/$3.json" "$work/$3.time" "$1" "$2" <<'PY'
import json, statistics, sys
summary = json.load(open(sys.argv[1]))
runs = [line.split() for line in open(sys.argv[2]) if line.strip()]
seconds = statistics.median(float(r[0]) for r in runs)
kb = max(int(r[1]) for r in runs)
open(sys.argv[2] + ".median", "w").write(str(seconds))
pairs = summary["source_sentences"]
print(f"| {sys.argv[4]} | {summary['documents']} | {pairs} | {sys.argv[3]} | {seconds:.1f} | "
      f"{pairs / seconds:,.0f} | {kb / 1024:.0f} MB |")
PY
}
echo "| input | documents | sentence pairs | threads | seconds | pairs per second | peak memory |"
echo "|---|---:|---:|---:|---:|---:|---:|"
run 1 input one
run 2 input two
run 2 fifth fifth
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
one = float(open(f"{w}/one.time.median").read())
two = float(open(f"{w}/two.time.median").read())
print(f"\nspeed-up with 2 threads: {one / two:.2f}x")
PY
