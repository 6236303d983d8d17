#!/usr/bin/env bash
# Speed and memory of one long alignment: the NTREX-128 articles (perturbed,
# see scripts/make-ntrex-perturbed.py) concatenated until each side has at
# least 100,000 sentences, aligned presegmented on one core. Prints seconds
# and peak memory, and the quality of the long alignment against the
# concatenated gold (the banded search must not lose accuracy).
# With --dict (a file, or `system`: the installed FreeDict English–German
# and German–English dictionaries, 977,770 entries), the long pair is
# aligned with the dictionary too, and the script prints what loading it
# costs (a 20-sentence pair aligned with and without it) and what it costs
# each document once loaded (100 small pairs streamed through
# `bitext align --jsonl` in one process, against one). Dictionaries are
# timed cold (an empty cache: read and keyed) and warm (their keyed form
# read from the cache the cold run left, see README "Dictionaries"); the
# script uses a cache folder of its own, never the user's.
# With --long, the pair has 1,000,000 sentences a side (the same as
# SENTENCES 1000000): slow (about two minutes, and 2 GB of memory), it
# shows that time and memory stay linear and accuracy the same.
# Needs ../shared/data/ntrex128-newstest2019.
# Usage: scripts/bench-align.sh [SENTENCES | --long] [--dict FILE|system]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
want=100000
dict=()
while [ $# -gt 0 ]; do
    case "$1" in
        --dict) dict+=(--dict "$2"); shift 2 ;;
        --long) want=1000000; shift ;;
        *) want=$1; shift ;;
    esac
done
data=eval-data/bench
mkdir -p "$data"
[ -d eval-data/ntrex-perturbed/presegmented ] || python3 scripts/make-ntrex-perturbed.py >/dev/null
python3 - "$want" "$data" <<'PY'
import os, sys
want, out = int(sys.argv[1]), sys.argv[2]
import re
root = "eval-data/ntrex-perturbed/presegmented"
docs = sorted(os.listdir(root))
def lines(doc, lang):
    with open(os.path.join(root, doc, lang + ".txt"), encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]
def shifted(ids, offset):
    return ", ".join(str(int(x) + offset) for x in ids.split(",") if x.strip())
src, tgt, gold = [], [], []
while len(src) < want or len(tgt) < want:
    for doc in docs:
        with open(os.path.join("eval-data/ntrex-perturbed/gold", doc + ".txt"), encoding="utf-8") as f:
            for bead in f:
                s, t = re.match(r"\[([^\]]*)\]:\[([^\]]*)\]", bead).groups()
                gold.append(f"[{shifted(s, len(src))}]:[{shifted(t, len(tgt))}]")
        src += lines(doc, "en"); tgt += lines(doc, "de")
for lang, side in (("en", src), ("de", tgt)):
    with open(os.path.join(out, f"long.{lang}.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(side) + "\n")
with open(os.path.join(out, "long.gold"), "w", encoding="utf-8") as f:
    f.write("\n".join(gold) + "\n")
print(f"long pair: {len(src)} source and {len(tgt)} target sentences")
PY
cargo build --release --quiet
/usr/bin/time -f "%e s elapsed, %M KB peak memory" \
  taskset -c 0 target/release/bitext align --force --presegmented "$data/long.en.txt" "$data/long.de.txt" -o "$data/long.beads"
echo "beads: $(wc -l < "$data/long.beads")"
target/release/bitext eval "$data/long.gold" "$data/long.beads" | sed -n '4,6p;/^ECE/p'
[ ${#dict[@]} -gt 0 ] || exit 0

echo
echo "with ${dict[*]}:"
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
export BITEXT_CACHE_DIR=$cache
head -n 20 "$data/long.en.txt" > "$data/small.en.txt"
head -n 20 "$data/long.de.txt" > "$data/small.de.txt"
python3 - "$data" "${dict[@]}" <<'PY'
import json, os, shutil, subprocess, sys, time
data, dict_args = sys.argv[1], sys.argv[2:]
bitext = "target/release/bitext"
cache = os.environ["BITEXT_CACHE_DIR"]
def timed(args, stdin=None, runs=3, cold=False):
    """Median wall time of `runs` runs, and the last run's standard error;
    `cold`: each run with an empty cache."""
    times = []
    for _ in range(runs):
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        start = time.perf_counter()
        done = subprocess.run([bitext] + args, input=stdin, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2], done.stderr
small = ["align", "--presegmented", "--src-lang", "en", "--tgt-lang", "de", f"{data}/small.en.txt", f"{data}/small.de.txt"]
without, _ = timed(small)
with_dict, notes = timed(small + dict_args, cold=True)
for line in notes.splitlines():
    print("  " + line)
print(f"dictionary load, cold: {with_dict - without:.2f} s (a 20-sentence pair: {without * 1000:.0f} ms without, {with_dict:.2f} s with)")
warm, _ = timed(small + dict_args)
print(f"dictionary load, warm: {warm - without:.3f} s (keyed form from the cache: {warm * 1000:.0f} ms with)")
def requests(n):
    src = open(f"{data}/small.en.txt", encoding="utf-8").read()
    tgt = open(f"{data}/small.de.txt", encoding="utf-8").read()
    return "".join(json.dumps({"id": k, "source": src, "target": tgt, "source_lang": "en", "target_lang": "de"}) + "\n" for k in range(n))
stream = ["align", "--jsonl", "--presegmented"] + dict_args
one, _ = timed(stream, requests(1))
hundred, _ = timed(stream, requests(101))
print(f"per document with the dictionary loaded: {(hundred - one) / 100 * 1000:.1f} ms (20-sentence pairs, align --jsonl)")
PY
for run in cold warm; do
    [ $run = warm ] || rm -rf "$cache"
    printf '%s: ' $run
    /usr/bin/time -f "%e s elapsed, %M KB peak memory" \
      taskset -c 0 target/release/bitext align --force --presegmented "${dict[@]}" "$data/long.en.txt" "$data/long.de.txt" -o "$data/long-dict-$run.beads" 2>&1 | grep -v '^bitext: '
done
cmp -s "$data/long-dict-cold.beads" "$data/long-dict-warm.beads" || { echo "cold and warm beads differ" >&2; exit 1; }
target/release/bitext eval "$data/long.gold" "$data/long-dict-warm.beads" | sed -n '4,6p;/^ECE/p'
