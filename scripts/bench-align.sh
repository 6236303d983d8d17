#!/usr/bin/env bash
# Speed and memory of one long alignment: the NTREX-128 articles (perturbed,
# see scripts/make-ntrex-perturbed.py) concatenated until each side has at
# least 100,000 sentences, aligned presegmented on one core. Prints seconds
# and peak memory, and the quality of the long alignment against the
# concatenated gold (the banded search must not lose accuracy).
# Needs ../shared/data/ntrex128-newstest2019.
# Usage: scripts/bench-align.sh [SENTENCES]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-100000}
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
