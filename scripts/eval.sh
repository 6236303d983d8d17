#!/usr/bin/env bash
# Alignment quality of bitext, measured on data anyone can regenerate, read
# from ../shared/data (BITEXT_SHARED) and never copied into the repo:
#   - textberg-dev (German-French, human gold, presegmented);
#   - MAC-Dev (Chinese-English literary, human gold, presegmented): each
#     chapter aligned on its own, and the six chapters as one `bitext batch`
#     (which learns its lexicon from the whole batch);
#   - NTREX-128 German-English with merges and drops
#     (scripts/make-ntrex-perturbed.py, seed --seed), presegmented and end to
#     end from running paragraphs (bitext segments; its beads are projected
#     onto the gold lines by scripts/project-beads.py, i.e. scored on sentence
#     text);
#   - NTREX-128 German-English in the harder setting (--hard: merges across
#     paragraphs, 2-2/2-3/3-2 re-splits, runs of null beads, paragraph breaks
#     that differ), seeds 1-5: mean and range;
#   - NTREX English-French, -Russian and -Chinese, perturbed as the default;
#   - the bundled corpus (corpus/*/gold.txt);
#   - with dictionaries (--dicts, or the variables below): textberg-dev with
#     FreeDict deu-fra, NTREX hard with FreeDict eng-deu and deu-eng, the
#     MAC-Dev batch with CC-CEDICT.
# Except for the MAC-Dev batch, each document pair is aligned on its own (no
# batch lexicon), several at a time (BITEXT_EVAL_JOBS, default: all cores);
# the output does not depend on the number.
# Prints one table with the figures of the last release
# (scripts/eval-previous.tsv) beside the current ones; details per set are
# in eval-data/results/<set>.txt.
#
# Usage: scripts/eval.sh [--seed N] [--dicts] [--save-previous]
#   --seed N          seed of the default NTREX perturbation (default 1; the
#                     previous figures are for seed 1 and shown only then)
#   --dicts           also the dictionary rows, with the dictionaries below
#   --save-previous   rewrite scripts/eval-previous.tsv from this run (for a
#                     release: moves the baseline; rows not run are kept)
# Dictionaries (setting one also asks for its row; a row asked for fails if
# its dictionary cannot be used):
#   BITEXT_DICT_DEFR  default /usr/share/dictd/freedict-deu-fra.index
#   BITEXT_DICT_ENDE  space-separated, default /usr/share/dictd/freedict-eng-deu.index
#                     /usr/share/dictd/freedict-deu-eng.index
#   BITEXT_CEDICT     default ../shared-cache/cedict_ts.u8
# BITEXT_BIN names another bitext binary to measure.
set -euo pipefail
cd "$(dirname "$0")/.."
seed=1 dicts=0 save=0
while [ $# -gt 0 ]; do
  case $1 in
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --dicts) dicts=1; shift ;;
    --save-previous) save=1; shift ;;
    *) echo "usage: scripts/eval.sh [--seed N] [--dicts] [--save-previous]" >&2; exit 2 ;;
  esac
done
if [ "$save" = 1 ] && [ "$seed" != 1 ]; then
  echo "eval.sh: --save-previous needs the seed of the previous figures, 1" >&2; exit 2
fi
shared=${BITEXT_SHARED:-../shared/data}
jobs=${BITEXT_EVAL_JOBS:-$(nproc)}
hard_seeds="1 2 3 4 5"

# The dictionary rows asked for: name -> space-separated files.
declare -A dict
if [ "$dicts" = 1 ] || [ -n "${BITEXT_DICT_DEFR:-}" ]; then
  dict[defr]=${BITEXT_DICT_DEFR:-/usr/share/dictd/freedict-deu-fra.index}
fi
if [ "$dicts" = 1 ] || [ -n "${BITEXT_DICT_ENDE:-}" ]; then
  dict[ende]=${BITEXT_DICT_ENDE:-/usr/share/dictd/freedict-eng-deu.index /usr/share/dictd/freedict-deu-eng.index}
fi
if [ "$dicts" = 1 ] || [ -n "${BITEXT_CEDICT:-}" ]; then
  dict[zhen]=${BITEXT_CEDICT:-../shared-cache/cedict_ts.u8}
fi
for name in "${!dict[@]}"; do
  for file in ${dict[$name]}; do
    if [ ! -r "$file" ]; then
      echo "eval.sh: dictionary not found or not readable: $file" \
        "(install it, e.g. apt-get install dict-freedict-deu-fra, or set BITEXT_DICT_DEFR," \
        "BITEXT_DICT_ENDE, BITEXT_CEDICT)" >&2
      exit 1
    fi
  done
done
# dict_args NAME: the --dict options of a dictionary row.
dict_args() { for file in ${dict[$1]}; do printf -- '--dict\n%s\n' "$file"; done; }

out=eval-data/results
# BITEXT_BIN: another build to measure (then nothing is built here).
bitext=${BITEXT_BIN:-target/release/bitext}
[ -n "${BITEXT_BIN:-}" ] || cargo build --release --quiet
rm -rf "$out" && mkdir -p "$out"

# fail SET: stops with what bitext said while working on SET.
fail() {
  echo "eval.sh: $1 failed; bitext said (in $out/$1.log):" >&2
  tail -n 20 "$out/$1.log" >&2
  exit 1
}

# check_dict_log SET: a dictionary row whose dictionary bitext did not use
# (it says so on standard error) must not pass for a measurement.
check_dict_log() {
  if grep -i "not used" "$out/$1.log" >&2; then
    echo "eval.sh: $1: bitext did not use the dictionary (see $out/$1.log)" >&2
    exit 1
  fi
}

# score SET GOLD: scores eval-data/results/SET/*.beads against GOLD.
score() {
  $bitext eval --pred-ext beads "$2" "$out/$1" > "$out/$1.txt" 2>/dev/null
  $bitext eval --json --pred-ext beads "$2" "$out/$1" > "$out/$1.json" 2>/dev/null
}

# align_set SET DATA SRC TGT [OPTION...]: aligns DATA/presegmented/<doc>/SRC.txt
# with TGT.txt for every DATA/gold/<doc>.txt, several at a time, and scores.
align_set() {
  local set=$1 data=$2 src=$3 tgt=$4
  shift 4
  mkdir -p "$out/$set"
  find "$data/gold" -name '*.txt' -printf '%f\n' | sed 's/\.txt$//' | sort |
    xargs -P "$jobs" -I{} $bitext align --presegmented "$@" \
      "$data/presegmented/{}/$src.txt" "$data/presegmented/{}/$tgt.txt" -o "$out/$set/{}.beads" \
      2>> "$out/$set.log" || fail "$set"
  score "$set" "$data/gold"
}

# perturbed NAME [OPTION...]: the NTREX perturbation set eval-data/NAME.
perturbed() {
  local name=$1
  shift
  python3 scripts/make-ntrex-perturbed.py --data "$shared/ntrex128-newstest2019" \
    --out "eval-data/$name" "$@" > "$out/$name.summary"
}

# textberg-dev
mkdir -p "$out/textberg"
$bitext align --presegmented --src-lang de --tgt-lang fr \
  "$shared/textberg-dev/dev.de" "$shared/textberg-dev/dev.fr" -o "$out/textberg/dev.beads"
$bitext eval "$shared/textberg-dev/dev.defr" "$out/textberg/dev.beads" > "$out/textberg.txt" 2>/dev/null
$bitext eval --json "$shared/textberg-dev/dev.defr" "$out/textberg/dev.beads" > "$out/textberg.json" 2>/dev/null
if [ -n "${dict[defr]:-}" ]; then
  mkdir -p "$out/textberg-dict"
  mapfile -t args < <(dict_args defr)
  $bitext align --presegmented --src-lang de --tgt-lang fr "${args[@]}" \
    "$shared/textberg-dev/dev.de" "$shared/textberg-dev/dev.fr" -o "$out/textberg-dict/dev.beads" \
    2> "$out/textberg-dict.log" || fail textberg-dict
  check_dict_log textberg-dict
  $bitext eval "$shared/textberg-dev/dev.defr" "$out/textberg-dict/dev.beads" > "$out/textberg-dict.txt" 2>/dev/null
  $bitext eval --json "$shared/textberg-dev/dev.defr" "$out/textberg-dict/dev.beads" > "$out/textberg-dict.json" 2>/dev/null
fi

# MAC-Dev: a copy in the layout of the other sets (presegmented/<chapter>/
# zh.txt + en.txt, gold/<chapter>.txt) and, for bitext batch, gold.txt
# beside each pair.
mac=eval-data/mac-dev
rm -rf "$mac" && mkdir -p "$mac/gold"
for gold in "$shared"/mac-dev/*.gold; do
  chapter=$(basename "$gold" .gold)
  mkdir -p "$mac/presegmented/$chapter"
  cp "$shared/mac-dev/$chapter.zh" "$mac/presegmented/$chapter/zh.txt"
  cp "$shared/mac-dev/$chapter.en" "$mac/presegmented/$chapter/en.txt"
  cp "$gold" "$mac/gold/$chapter.txt"
  cp "$gold" "$mac/presegmented/$chapter/gold.txt"
done
align_set mac-dev "$mac" zh en --src-lang zh --tgt-lang en
# batch_set SET DIR [OPTION...]: the pairs of DIR (with gold.txt beside each)
# as one bitext batch, scored by batch --gold.
batch_set() {
  local set=$1 dir=$2
  shift 2
  $bitext batch --quiet --json --gold --force --presegmented "$@" \
    --format jsonl -o "$out/$set" "$dir" > "$out/$set.batch.json" 2> "$out/$set.log" ||
    fail "$set"
  python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["gold"], indent=1))' \
    "$out/$set.batch.json" > "$out/$set.json"
}
batch_set mac-dev-batch "$mac/presegmented" --src-lang zh --tgt-lang en
if [ -n "${dict[zhen]:-}" ]; then
  mapfile -t args < <(dict_args zhen)
  batch_set mac-dev-batch-dict "$mac/presegmented" --src-lang zh --tgt-lang en "${args[@]}"
  check_dict_log mac-dev-batch-dict
fi

# NTREX de-en perturbed, default setting: presegmented and end to end.
data=ntrex-perturbed-seed$seed
perturbed "$data" --seed "$seed"
align_set ntrex-presegmented "eval-data/$data" en de
mkdir -p "$out/ntrex-running"
export bitext out
export data_dir=eval-data/$data
# running_doc DOC: aligns the running paragraphs of DOC and projects the
# beads onto the gold lines.
running_doc() {
  $bitext align "$data_dir/running/$1/en.txt" "$data_dir/running/$1/de.txt" \
    -o "$out/ntrex-running/$1.jsonl"
  python3 scripts/project-beads.py --lines-src "$data_dir/presegmented/$1/en.txt" \
    --lines-tgt "$data_dir/presegmented/$1/de.txt" "$out/ntrex-running/$1.jsonl" \
    > "$out/ntrex-running/$1.beads"
}
export -f running_doc
find "$data_dir/gold" -name '*.txt' -printf '%f\n' | sed 's/\.txt$//' | sort |
  xargs -P "$jobs" -I{} bash -c 'running_doc "$1"' _ {}
score ntrex-running "$data_dir/gold"

# NTREX de-en, hard setting, seeds 1-5 (with dictionaries if asked for).
for s in $hard_seeds; do
  perturbed "ntrex-perturbed-hard-seed$s" --hard --seed "$s"
  align_set "ntrex-hard-seed$s" "eval-data/ntrex-perturbed-hard-seed$s" en de
  if [ -n "${dict[ende]:-}" ]; then
    # One batch with a lexicon per document aligns as align_set does, but
    # reads the dictionaries once, not once per document.
    for gold in "eval-data/ntrex-perturbed-hard-seed$s"/gold/*.txt; do
      cp "$gold" "eval-data/ntrex-perturbed-hard-seed$s/presegmented/$(basename "$gold" .txt)/gold.txt"
    done
    mapfile -t args < <(dict_args ende)
    batch_set "ntrex-hard-dict-seed$s" "eval-data/ntrex-perturbed-hard-seed$s/presegmented" \
      --lexicon document --src-lang en --tgt-lang de "${args[@]}"
    check_dict_log "ntrex-hard-dict-seed$s"
  fi
done

# Other language pairs: NTREX English-French, -Russian, -Chinese, presegmented.
for target in fra rus zho-CN; do
  code=$(case $target in fra) echo fr;; rus) echo ru;; zho-CN) echo zh;; esac)
  perturbed "ntrex-perturbed-en-$code-seed$seed" --seed "$seed" --target "$target"
  align_set "ntrex-en-$code" "eval-data/ntrex-perturbed-en-$code-seed$seed" en "$code" \
    --src-lang en --tgt-lang "$code"
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
score corpus "$out/corpus-gold"

names() { for file in ${dict[$1]:-}; do printf '%s ' "$(basename "$file")"; done; }
python3 scripts/eval-table.py --results "$out" --previous scripts/eval-previous.tsv \
  --seed "$seed" --hard-seeds "$hard_seeds" --exact "$exact" --total "$total" \
  --dict-defr "$(names defr)" --dict-ende "$(names ende)" --dict-zhen "$(names zhen)" \
  $([ "$save" = 1 ] && echo --save-previous)
