#!/usr/bin/env python3
"""Print the table of scripts/eval.sh from its results, with the previous
figures beside the current ones.

Usage (scripts/eval.sh runs it):

    python3 scripts/eval-table.py --results eval-data/results \\
        --previous scripts/eval-previous.tsv --seed 1 --hard-seeds "1 2 3 4 5" \\
        --exact N --total N [--dict-defr NAMES] [--dict-ende NAMES] \\
        [--dict-zhen NAMES] [--save-previous]

Reads RESULTS/<set>.json (the JSON of `bitext eval`, or the "gold" part of
`bitext batch --gold --json`). A row over several seeds reads
RESULTS/<set>-seed<N>.json for every hard seed and shows the mean, with the
range (min-max) of strict F1 and ECE. A row whose results are absent (a
dictionary row not asked for) is left out.

The previous figures (--previous) are one line per row, "key<TAB>strict
F1<TAB>ECE", lines starting with # are comments. They are those of seed 1: for
the rows that depend on --seed they are shown only when --seed is 1.
--save-previous rewrites the file with the figures of this run (rows not in
this run keep their previous line).

Python 3 standard library only.
"""

import argparse
import json
import os
import sys

HEADER = ("# Figures of the last release, shown by scripts/eval.sh beside the current ones.\n"
          "# Rewritten by scripts/eval.sh --save-previous. key<TAB>strict F1<TAB>ECE\n")


def rows(seed, hard_seeds, dicts):
    """(key, label, kind) in table order; kind: one, seeded (depends on --seed), seeds."""
    hard = f"seeds {hard_seeds[0]}–{hard_seeds[-1]}, mean (min–max)"
    out = [
        ("textberg", "textberg-dev de-fr (presegmented)", "one"),
        ("textberg-dict", f"textberg-dev de-fr + {dicts['defr']} (presegmented)", "one"),
        ("mac-dev", "MAC-Dev zh-en, each chapter alone (presegmented)", "one"),
        ("mac-dev-batch", "MAC-Dev zh-en, one batch (presegmented)", "one"),
        ("mac-dev-batch-dict", f"MAC-Dev zh-en, one batch + {dicts['zhen']} (presegmented)", "one"),
        ("ntrex-presegmented", f"NTREX de-en perturbed, seed {seed} (presegmented)", "seeded"),
        ("ntrex-running", f"NTREX de-en perturbed, seed {seed} (end to end)", "seeded"),
        ("ntrex-hard", f"NTREX de-en hard, {hard} (presegmented)", "seeds"),
        ("ntrex-hard-dict", f"NTREX de-en hard + {dicts['ende']}, {hard} (presegmented)", "seeds"),
        ("ntrex-en-fr", f"NTREX fr-en perturbed, seed {seed} (presegmented)", "seeded"),
        ("ntrex-en-ru", f"NTREX ru-en perturbed, seed {seed} (presegmented)", "seeded"),
        ("ntrex-en-zh", f"NTREX zh-en perturbed, seed {seed} (presegmented)", "seeded"),
        ("corpus", "bundled corpus (end to end)", "one"),
    ]
    return out


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def ece(report):
    cal = report.get("calibration")
    return cal["ece"] if cal else float("nan")


def read_previous(path):
    previous = {}
    if not os.path.exists(path):
        return previous
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            try:
                previous[fields[0]] = (float(fields[1]), float(fields[2]))
            except (IndexError, ValueError):
                sys.exit(f"{path}:{number}: expected key<TAB>strict F1<TAB>ECE, got {line!r}")
    return previous


def fmt_range(values):
    mean = sum(values) / len(values)
    if len(values) == 1:
        return f"{mean:.4f}"
    return f"{mean:.4f} ({min(values):.4f}–{max(values):.4f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", required=True)
    ap.add_argument("--previous", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hard-seeds", default="1 2 3 4 5")
    ap.add_argument("--exact", type=int, required=True)
    ap.add_argument("--total", type=int, required=True)
    for name in ("defr", "ende", "zhen"):
        ap.add_argument(f"--dict-{name}", default="")
    ap.add_argument("--save-previous", action="store_true")
    args = ap.parse_args()

    hard_seeds = args.hard_seeds.split()
    dicts = {"defr": args.dict_defr.strip(), "ende": args.dict_ende.strip().replace(" ", ", "),
             "zhen": args.dict_zhen.strip()}
    previous = read_previous(args.previous)
    measured = {}

    print("| set | docs | beads (gold) | strict P | strict R | lax F1 "
          "| strict F1 before | strict F1 | ECE before | ECE |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key, label, kind in rows(args.seed, hard_seeds, dicts):
        if kind == "seeds":
            paths = [os.path.join(args.results, f"{key}-seed{s}.json") for s in hard_seeds]
        else:
            paths = [os.path.join(args.results, f"{key}.json")]
        if not all(os.path.exists(p) for p in paths):
            if any(os.path.exists(p) for p in paths) or not key.endswith("-dict"):
                sys.exit(f"eval-table.py: results of {key} are missing in {args.results}")
            continue
        reports = [load(p) for p in paths]
        f1 = [r["strict"]["f1"] for r in reports]
        eces = [ece(r) for r in reports]

        def mean(get):
            return sum(get(r) for r in reports) / len(reports)

        docs = reports[0]["documents"]
        gold = sum(r["beads"]["gold"] for r in reports)
        if len(reports) > 1:
            docs = f"{len(reports)} × {docs}"
        measured[key] = (sum(f1) / len(f1), sum(eces) / len(eces))
        before = previous.get(key) if (kind != "seeded" or args.seed == 1) else None
        before_f1, before_ece = (f"{before[0]:.4f}", f"{before[1]:.4f}") if before else ("–", "–")
        print(f"| {label} | {docs} | {gold} | {mean(lambda r: r['strict']['precision']):.4f} "
              f"| {mean(lambda r: r['strict']['recall']):.4f} "
              f"| {mean(lambda r: r['lax']['f1']):.4f} | {before_f1} | {fmt_range(f1)} "
              f"| {before_ece} | {fmt_range(eces)} |")
    print(f"\nbundled pairs aligned exactly as their gold: {args.exact} of {args.total}")

    if args.save_previous:
        if args.seed != 1:
            sys.exit("eval-table.py: --save-previous needs --seed 1")
        order = [key for key, _, _ in rows(args.seed, hard_seeds, dicts)]
        merged = dict(previous)
        merged.update(measured)
        keys = [k for k in order if k in merged] + sorted(set(merged) - set(order))
        with open(args.previous, "w", encoding="utf-8", newline="\n") as f:
            f.write(HEADER)
            for k in keys:
                f.write(f"{k}\t{merged[k][0]:.4f}\t{merged[k][1]:.4f}\n")
        print(f"wrote {args.previous}", file=sys.stderr)


if __name__ == "__main__":
    main()
