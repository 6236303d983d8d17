#!/usr/bin/env python3
"""Check whether bitext's confidences would gain from a recalibration.

bitext reports each bead's posterior probability as its confidence. This
script fits the usual recalibration, Platt scaling
(confidence = sigmoid(SLOPE * logit(posterior) + OFFSET), maximum likelihood on
whether each bead is exactly right), on synthetic data no reported figure is
measured on: NTREX-128 English-German, -French, -Russian and -Chinese with
perturbations of seed 2 (scripts/make-ntrex-perturbed.py), aligned
presegmented and end to end. It then compares the expected calibration error
(ECE) of the raw and the recalibrated confidences on held-out data: the
human-aligned textberg-dev and NTREX English-German of seed 1.

Usage: scripts/calibration-check.py [--seed 2]
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BITEXT = os.path.join(ROOT, "target", "release", "bitext")
BEAD = re.compile(r"\[([^\]]*)\]:\[([^\]]*)\](?::([0-9.eE+-]+))?")


def ids(field):
    return tuple(int(x) for x in field.split(",") if x.strip())


def read_beads(path):
    beads = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = BEAD.match(line.strip())
            if m:
                conf = float(m.group(3)) if m.group(3) else None
                beads.append((ids(m.group(1)), ids(m.group(2)), conf))
    return beads


def run(args, stdout=None):
    subprocess.run(args, check=True, stdout=stdout, cwd=ROOT)


def samples_for(target, seed, shared):
    """(posterior, correct) pairs for one language pair."""
    code = {"deu": "de", "fra": "fr", "rus": "ru", "zho-CN": "zh"}[target]
    data = os.path.join(ROOT, "eval-data", f"calibration-en-{code}-seed{seed}")
    run([sys.executable, "scripts/make-ntrex-perturbed.py", "--seed", str(seed), "--target", target,
         "--data", os.path.join(shared, "ntrex128-newstest2019"), "--out", data], stdout=subprocess.DEVNULL)
    out = []
    for name in sorted(os.listdir(os.path.join(data, "gold"))):
        doc = name[:-4]
        gold = {(s, t) for s, t, _ in read_beads(os.path.join(data, "gold", name))}
        pre = os.path.join(data, "presegmented", doc)
        run_dir = os.path.join(data, "running", doc)
        pred_pre = os.path.join(data, f"{doc}.pre.beads")
        run([BITEXT, "align", "--presegmented", "--src-lang", "en", "--tgt-lang", code,
             os.path.join(pre, "en.txt"), os.path.join(pre, f"{code}.txt"), "-o", pred_pre])
        pred_jsonl = os.path.join(data, f"{doc}.run.jsonl")
        run([BITEXT, "align", "--src-lang", "en", "--tgt-lang", code,
             os.path.join(run_dir, "en.txt"), os.path.join(run_dir, f"{code}.txt"), "-o", pred_jsonl])
        pred_run = os.path.join(data, f"{doc}.run.beads")
        with open(pred_run, "w", encoding="utf-8") as f:
            run([sys.executable, "scripts/project-beads.py", "--lines-src", os.path.join(pre, "en.txt"),
                 "--lines-tgt", os.path.join(pre, f"{code}.txt"), pred_jsonl], stdout=f)
        for pred in (pred_pre, pred_run):
            for s, t, c in read_beads(pred):
                out.append((c, (s, t) in gold))
    return out


def fit(samples):
    """Logistic regression of correctness on logit(posterior), by Newton's method."""
    xs = []
    for p, y in samples:
        p = min(max(p, 1e-6), 1 - 1e-6)
        xs.append((math.log(p / (1 - p)), 1.0 if y else 0.0))
    a, b = 1.0, 0.0
    for _ in range(50):
        ga = gb = haa = hab = hbb = 0.0
        for x, y in xs:
            q = 1 / (1 + math.exp(-(a * x + b)))
            ga += (q - y) * x
            gb += q - y
            w = q * (1 - q)
            haa += w * x * x
            hab += w * x
            hbb += w
        det = haa * hbb - hab * hab + 1e-12
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-9:
            break
    return a, b


def ece(samples, a, b):
    bins = [[0, 0.0, 0] for _ in range(10)]
    for p, y in samples:
        p = min(max(p, 1e-9), 1 - 1e-9)
        c = 1 / (1 + math.exp(-(a * math.log(p / (1 - p)) + b)))
        k = min(9, int(c * 10))
        bins[k][0] += 1
        bins[k][1] += c
        bins[k][2] += y
    n = sum(x[0] for x in bins)
    return sum(abs(x[2] - x[1]) for x in bins if x[0]) / max(1, n)


def held_out(shared):
    """(posterior, correct) pairs on textberg-dev and on NTREX en-de, seed 1."""
    sets = {}
    tb = os.path.join(shared, "textberg-dev")
    pred = os.path.join(ROOT, "eval-data", "calibration-textberg.beads")
    run([BITEXT, "align", "--presegmented", "--src-lang", "de", "--tgt-lang", "fr",
         os.path.join(tb, "dev.de"), os.path.join(tb, "dev.fr"), "-o", pred])
    gold = {(s, t) for s, t, _ in read_beads(os.path.join(tb, "dev.defr"))}
    sets["textberg-dev de-fr"] = [(c, (s, t) in gold) for s, t, c in read_beads(pred)]
    data = os.path.join(ROOT, "eval-data", "calibration-en-de-seed1")
    run([sys.executable, "scripts/make-ntrex-perturbed.py", "--seed", "1",
         "--data", os.path.join(shared, "ntrex128-newstest2019"), "--out", data], stdout=subprocess.DEVNULL)
    samples = []
    for name in sorted(os.listdir(os.path.join(data, "gold"))):
        doc = name[:-4]
        pre = os.path.join(data, "presegmented", doc)
        out = os.path.join(data, f"{doc}.beads")
        run([BITEXT, "align", "--presegmented", os.path.join(pre, "en.txt"), os.path.join(pre, "de.txt"), "-o", out])
        gold = {(s, t) for s, t, _ in read_beads(os.path.join(data, "gold", name))}
        samples += [(c, (s, t) in gold) for s, t, c in read_beads(out)]
    sets["NTREX en-de seed 1"] = samples
    return sets


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "data"))
    parser.add_argument("--targets", default="deu,fra,rus,zho-CN",
                        help="NTREX target languages to fit on (default: all four)")
    args = parser.parse_args()
    run(["cargo", "build", "--release", "--quiet"])
    samples = []
    for target in args.targets.split(","):
        part = samples_for(target, args.seed, args.shared)
        print(f"fit on NTREX en-{target}, seed {args.seed}: {len(part)} beads, "
              f"{sum(y for _, y in part) / len(part):.4f} exactly right")
        samples += part
    a, b = fit(samples)
    print(f"Platt scaling fitted: slope {a:.4f}, offset {b:.4f}")
    print("| data | ECE raw | ECE recalibrated |")
    print("|---|---:|---:|")
    print(f"| fitting data | {ece(samples, 1.0, 0.0):.4f} | {ece(samples, a, b):.4f} |")
    for name, part in held_out(args.shared).items():
        print(f"| {name} (held out) | {ece(part, 1.0, 0.0):.4f} | {ece(part, a, b):.4f} |")


if __name__ == "__main__":
    main()
