#!/usr/bin/env bash
# Sentence-boundary precision/recall of bitext (and of the sentencex crate,
# the alternative considered) on the NTREX-128 articles, German and English.
# Needs ../shared/data/ntrex128-newstest2019 (or BITEXT_NTREX=/path/to/it).
# SEGMENT_EVAL_VERBOSE=1 also lists every boundary bitext gets wrong.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --quiet --release --test it segment_eval:: -- --ignored --nocapture 2>&1 |
  sed -n '/^Sentence boundaries/,$p;/^F[PN] /p' | grep -v -e '^test result' -e '^.$'
