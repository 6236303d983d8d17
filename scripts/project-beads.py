#!/usr/bin/env python3
"""Project an alignment of running text onto gold line ids.

Usage:

    python3 scripts/project-beads.py --lines-src FILE --lines-tgt FILE \\
        PRED.jsonl > PRED.beads
    python3 scripts/project-beads.py --self-test

When the aligner is run on running text it segments the text into its own
sentences, whose ids do not match the gold (which counts the lines of the
presegmented files). This script maps the predicted beads back onto the gold
lines so that they can be scored against the line-level gold ("score on
sentence text").

Input PRED.jsonl: one JSON object per bead, in order, with
  source_ids, target_ids   arrays of the aligner's sentence ids
  source, target           arrays of the sentence texts of the bead, in the
                           order of the ids (a single string is taken as the
                           texts joined with a space)
  confidence               number (optional; omitted from the output if absent)
Other fields are ignored. If the records carry a "doc" field (bitext batch
output) and name more than one document, select one with --doc.
--lines-src/--lines-tgt are the presegmented files (one gold line per line,
blank lines ignored).

Method, per side: the aligner's sentences, in id order, concatenated must
give the same text as the gold lines concatenated, compared after Unicode
NFC normalisation with all whitespace removed (otherwise the script fails
and shows the first differing position). Each sentence covers a character
span of that stream; a gold line belongs to the predicted bead that holds
the most of its characters (ties: the earlier bead). Each predicted bead becomes a bead over
the gold lines it was given; a bead left with no lines on a side is empty on
that side, a bead left empty on both sides is dropped. Every bead keeps its
own confidence.

Output: one bead per line, "[ids]:[ids]:confidence" (confidence with 2-4
decimals), ids 0-based over the non-blank lines of the --lines files.

Python 3 standard library only.
"""

import argparse
import bisect
import json
import re
import sys
import unicodedata

WS_RE = re.compile(r"\s+")
# What bitext's reader removes (src/text/normalize.rs): soft hyphen, zero-width
# space, word joiner, BOM, non-characters and XML-illegal control characters.
REMOVED_RE = re.compile("[\u00ad\u200b\u2060\ufeff\ufffe\uffff\x00-\x08\x0b\x0c\x0e-\x1f]")


class ProjectionError(Exception):
    pass


def strip_ws(text):
    """The text as compared: normalised as bitext reads it, all whitespace removed.

    Unicode NFC and the removal of invisible characters, because the aligner
    normalises its sentences (NTREX has decomposed umlauts, "a" + U+0308, and
    zero-width spaces).
    """
    return WS_RE.sub("", unicodedata.normalize("NFC", REMOVED_RE.sub("", text)))


def read_gold_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\r\n") for line in f if line.strip()]


def read_pred(path, doc=None):
    """Read the beads; with `doc`, keep only the records whose "doc" is doc."""
    beads = []
    docs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise ProjectionError(f"{path}:{n}: invalid JSON: {e}")
            if not isinstance(record, dict):
                raise ProjectionError(f"{path}:{n}: not a JSON object")
            d = record.get("doc")
            if d not in docs:
                docs.append(d)
            if doc is None or d == doc:
                beads.append(record)
    if doc is None and len(docs) > 1:
        raise ProjectionError(
            f"records of {len(docs)} documents ({', '.join(map(str, docs[:5]))}"
            f"{', ...' if len(docs) > 5 else ''}); choose one with --doc")
    if doc is not None and not beads:
        raise ProjectionError(f"no records with \"doc\": {json.dumps(doc)}")
    return beads


def side_units(beads, side):
    """Return the sentence units of one side sorted by id.

    A unit is (first id, bead index, text). With the array form there is one
    unit per sentence; with the string form a bead's ids must be consecutive
    and the whole string is one unit.
    """
    ids_key, text_key = f"{side}_ids", side
    units = []
    seen = {}
    for b, bead in enumerate(beads):
        ids = bead.get(ids_key) or []
        if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
            raise ProjectionError(f"bead {b}: {ids_key} must be an array of integers")
        for i in ids:
            if i in seen:
                raise ProjectionError(
                    f"{side} sentence id {i} appears in bead {seen[i]} and bead {b}")
            seen[i] = b
        if not ids:
            continue
        texts = bead.get(text_key)
        if isinstance(texts, list):
            if len(texts) != len(ids) or not all(isinstance(t, str) for t in texts):
                raise ProjectionError(
                    f"bead {b}: {text_key} has {len(texts)} texts for {len(ids)} ids")
            for i, t in zip(ids, texts):
                units.append((i, b, t))
        elif isinstance(texts, str):
            if sorted(ids) != list(range(min(ids), min(ids) + len(ids))):
                raise ProjectionError(
                    f"bead {b}: {text_key} is a single string but {ids_key} "
                    f"{ids} are not consecutive, so the text cannot be placed")
            units.append((min(ids), b, texts))
        else:
            raise ProjectionError(f"bead {b}: {text_key} missing or not a string/array")
    units.sort()
    return units


def mismatch_message(side, pred_stream, gold_stream, gold_lines, bounds):
    n = min(len(pred_stream), len(gold_stream))
    pos = next((k for k in range(n) if pred_stream[k] != gold_stream[k]), n)
    line = max(0, bisect.bisect_right(bounds, pos) - 1)
    line = min(line, len(gold_lines) - 1) if gold_lines else 0
    lo = max(0, pos - 30)
    return (f"{side} text of the prediction does not match the gold lines "
            f"(whitespace ignored): prediction {len(pred_stream)} chars, "
            f"gold {len(gold_stream)} chars; first difference at char {pos} "
            f"(gold line {line})\n"
            f"  gold: ...{gold_stream[lo:pos]}[[{gold_stream[pos:pos + 30]}]]...\n"
            f"  pred: ...{pred_stream[lo:pos]}[[{pred_stream[pos:pos + 30]}]]...")


def assign_lines(beads, side, gold_lines):
    """Return, for every predicted bead, the sorted gold line ids it gets."""
    gold_clean = [strip_ws(line) for line in gold_lines]
    bounds = [0]
    for g in gold_clean:
        bounds.append(bounds[-1] + len(g))
    gold_stream = "".join(gold_clean)

    units = side_units(beads, side)
    pred_stream = "".join(strip_ws(t) for _, _, t in units)
    if pred_stream != gold_stream:
        raise ProjectionError(mismatch_message(side, pred_stream, gold_stream,
                                               gold_lines, bounds))

    # chars[line] = {bead index: characters of the line held by that bead}
    chars = [dict() for _ in gold_lines]
    pos = 0
    for _, b, t in units:
        start, end = pos, pos + len(strip_ws(t))
        pos = end
        if start == end:
            continue
        k = bisect.bisect_right(bounds, start) - 1
        while k < len(gold_lines) and bounds[k] < end:
            overlap = min(end, bounds[k + 1]) - max(start, bounds[k])
            if overlap > 0:
                chars[k][b] = chars[k].get(b, 0) + overlap
            k += 1

    result = [[] for _ in beads]
    for k, held in enumerate(chars):
        if not held:
            continue  # cannot happen for a non-blank line once the texts match
        best = min(held, key=lambda b: (-held[b], b))
        result[best].append(k)
    return result


def project(beads, src_lines, tgt_lines):
    """Return a list of (source line ids, target line ids, confidence)."""
    src = assign_lines(beads, "source", src_lines)
    tgt = assign_lines(beads, "target", tgt_lines)
    out = []
    for b, bead in enumerate(beads):
        if src[b] or tgt[b]:
            out.append((src[b], tgt[b], bead.get("confidence")))
    return out


def format_conf(c):
    s = f"{float(c):.4f}"
    while s.endswith("0") and len(s.split(".")[1]) > 2:
        s = s[:-1]
    return s


def format_bead(s, t, conf):
    text = "[" + ", ".join(map(str, s)) + "]:[" + ", ".join(map(str, t)) + "]"
    if conf is not None:
        text += ":" + format_conf(conf)
    return text


def self_test():
    def bead(s_ids, t_ids, s, t, c):
        return {"source_ids": s_ids, "target_ids": t_ids, "source": s,
                "target": t, "confidence": c}

    def run(beads, src, tgt):
        return [format_bead(*b) for b in project(beads, src, tgt)]

    # 1. A gold line split into two sentences that stay in one bead.
    src = ["A went home; B stayed.", "C left."]
    tgt = ["X ging heim. Y blieb.", "Z ging."]
    beads = [bead([0], [0, 1], ["A went home; B stayed."], ["X ging heim.", "Y blieb."], 0.91),
             bead([1], [2], ["C left."], ["Z ging."], 0.8)]
    assert run(beads, src, tgt) == ["[0]:[0]:0.91", "[1]:[1]:0.80"], run(beads, src, tgt)
    # Same with the string form and different whitespace.
    beads_str = [bead([0], [0, 1], "A went home;  B stayed.", "X ging heim.\nY blieb.", 0.91),
                 bead([1], [2], "C left.", "Z ging.", 0.8)]
    assert run(beads_str, src, tgt) == ["[0]:[0]:0.91", "[1]:[1]:0.80"]

    # 2. A gold line split into two sentences that went to different beads:
    #    the line goes to the bead holding most of its characters.
    src = ["A went.", "B stayed.", "C left."]
    tgt = ["X ging. Y blieb dort.", "Z ging."]
    beads = [bead([0], [0], ["A went."], ["X ging."], 0.9),
             bead([1], [1], ["B stayed."], ["Y blieb dort."], 0.12345),
             bead([2], [2], ["C left."], ["Z ging."], 1)]
    assert run(beads, src, tgt) == ["[0]:[]:0.90", "[1]:[0]:0.1235", "[2]:[1]:1.00"], \
        run(beads, src, tgt)
    # Tie: the earlier bead wins.
    tgt_tie = ["Xa ging. Yb ging.", "Z ging."]
    beads_tie = [bead([0], [0], ["A went."], ["Xa ging."], 0.5),
                 bead([1], [1], ["B stayed."], ["Yb ging."], 0.5),
                 bead([2], [2], ["C left."], ["Z ging."], 0.5)]
    assert run(beads_tie, src, tgt_tie) == ["[0]:[0]:0.50", "[1]:[]:0.50", "[2]:[1]:0.50"]

    # 3. Null beads; a bead that loses everything is dropped.
    src = ["A went.", "B stayed.", "C left."]
    tgt = ["X ging.", "Sie sagte: „Nein.“ Dann ging sie lange.", "Z ging."]
    beads = [bead([0], [], ["A went."], [], 0.3),
             bead([], [0], [], ["X ging."], 0.4),
             bead([], [1], [], ["Sie sagte: „Nein.“"], 0.2),
             bead([1], [2], ["B stayed."], ["Dann ging sie lange."], 0.7),
             bead([2], [3], ["C left."], ["Z ging."], 0.8)]
    # Minority part of tgt line 1 is "Siesagte:„Nein.“" (16) vs
    # "Dannginsielange." (17): the null bead []:[2] ends up empty -> dropped.
    assert run(beads, src, tgt) == ["[0]:[]:0.30", "[]:[0]:0.40", "[1]:[1]:0.70",
                                    "[2]:[2]:0.80"], run(beads, src, tgt)

    # 4. Sentences listed out of id order across beads are put in id order.
    src = ["A.", "B."]
    tgt = ["X.", "Y."]
    beads = [bead([0], [1], ["A."], ["Y."], 0.5), bead([1], [0], ["B."], ["X."], 0.5)]
    assert run(beads, src, tgt) == ["[0]:[1]:0.50", "[1]:[0]:0.50"]

    # Decomposed vs composed umlauts count as the same text.
    assert run([bead([0], [0], ["A."], ["Kapit\u00e4n."], 0.5)], ["A."], ["Kapita\u0308n."]) \
        == ["[0]:[0]:0.50"]

    # 5. Text mismatch is an error.
    try:
        project([bead([0], [0], ["A went."], ["X ging!"], 0.5)], ["A went."], ["X ging."])
    except ProjectionError as e:
        assert "first difference at char 5" in str(e), str(e)
    else:
        raise AssertionError("mismatch not detected")
    # Duplicate ids are an error.
    try:
        project([bead([0], [0], ["A."], ["X."], 0.5), bead([0], [], ["A."], [], 0.5)],
                ["A."], ["X."])
    except ProjectionError as e:
        assert "appears in bead" in str(e)
    else:
        raise AssertionError("duplicate id not detected")
    print("self-test passed")


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    ap.add_argument("--lines-src", help="presegmented source file (gold lines)")
    ap.add_argument("--lines-tgt", help="presegmented target file (gold lines)")
    ap.add_argument("--doc", help="use only the records whose \"doc\" field is DOC "
                    "(needed when PRED.jsonl holds several documents)")
    ap.add_argument("--self-test", action="store_true", help="run built-in tests")
    ap.add_argument("pred", nargs="?", help="predicted beads, JSONL")
    args = ap.parse_args()

    if args.self_test:
        self_test()
        return
    if not (args.lines_src and args.lines_tgt and args.pred):
        ap.error("--lines-src, --lines-tgt and PRED.jsonl are required")
    try:
        beads = read_pred(args.pred, args.doc)
        out = project(beads, read_gold_lines(args.lines_src),
                      read_gold_lines(args.lines_tgt))
    except ProjectionError as e:
        sys.exit(f"project-beads: {args.pred}: {e}")
    sys.stdout.write("".join(format_bead(*b) + "\n" for b in out))


if __name__ == "__main__":
    main()
