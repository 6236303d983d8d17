#!/usr/bin/env python3
"""Build a perturbed NTREX-128 evaluation set with exactly known gold.

Usage (from the repo root):

    python3 scripts/make-ntrex-perturbed.py [--data DIR] [--out DIR]
                                            [--seed N] [--target deu]

--data defaults to ../shared/data/ntrex128-newstest2019 (relative to the
repo root, the parent of scripts/). --out defaults to
eval-data/ntrex-perturbed for --target deu and to
eval-data/ntrex-perturbed-en-<xx> for the other targets (so that the gold
files of different language pairs do not overwrite each other). eval-data/
is gitignored: the data is CC BY-SA 4.0 and must NOT be committed.

Source is always the English original; the target is German (deu, read from
en-de.docs.tsv) or French, Russian or Simplified Chinese (fra, rus, zho-CN,
read from newstest2019-src.eng.txt, newstest2019-ref.<target>.txt and
DOCUMENT_IDS.tsv). The output uses the 2-letter codes en, de, fr, ru, zh.

For every one of the 123 documents:

* Paragraphs are decided on the original 1-1 lines, the same grouping on
  both sides, as in make-ntrex-corpus.py: the first line (headline) and every
  heading (a line without sentence-final punctuation on either side) is its
  own paragraph; the other lines are grouped into paragraphs of 1-4 lines
  with a random.Random seeded from (seed, doc id).
* Perturbation: walking through the lines (never the first one) with a
  random.Random seeded from (seed, doc id), at each position
    p = 0.08  merge 2 adjacent lines on one side (side chosen at random),
    p = 0.03  merge 3 adjacent lines on one side,
    p = 0.04  drop the line on the source side,
    p = 0.04  drop the line on the target side,
    otherwise keep the line pair 1-1.
  A merge is only done if all its lines are in one paragraph and none of
  them is a heading; otherwise the position stays 1-1 (so the effective merge
  rates are lower than the nominal ones; the summary prints both).
  Merging "A went home." + "B stayed." gives "A went home; B stayed."; if the
  first line ends with ? ! … or a closing quote, the lines are joined with a
  space; if it ends with an abbreviation ("U.S.") the period is kept
  ("U.S.; B"). French uses " ; ", Chinese drops a final "。" and joins with
  "；" (and joins with nothing instead of a space).
* Output:
    OUT/presegmented/<doc>/en.txt, <xx>.txt   one perturbed line per line,
        blank line between paragraphs (a paragraph emptied by drops is
        absent on that side), LF, trailing newline
    OUT/running/<doc>/en.txt, <xx>.txt        same paragraphs, the lines of
        a paragraph joined with one space
    OUT/gold/<doc>.txt    beads "[i, i+1]:[j]", "[i]:[]", "[]:[j]", ... with
        0-based ids of the perturbed lines through the whole document
        (blank lines not counted); every id of both sides once, in order.

--hard: a setting about as hard as real translation (MAC-Dev has 62 % 1-1
beads; this has about 66 %). Walking through all lines (the headline
included) with a random.Random seeded from (seed, doc id), at each position
    p = 0.14  merge 2 adjacent lines on one side,
    p = 0.05  merge 3 adjacent lines on one side,
    p = 0.06  re-split: take 2 or 3 lines, keep them on one side and cut the
              other side's text into 3 or 2 sentences at other places (2-2,
              2-3, 3-2 beads with shifted boundaries: "A, and B. C." against
              "A." + "B; C."): at a semicolon, a spaced dash or a comma
              before a coordinating conjunction ("and" dropped), else at
              another comma; never at an original boundary, every piece at
              least 3 words (Chinese: 8 characters),
    p = 0.05  drop the line on the source side, p = 0.05 on the target side,
              each drop continuing to the next line with p = 0.3 (runs of
              null beads),
    otherwise keep the line pair 1-1.
  Merges and re-splits also cross headlines and paragraph breaks (the merged
  line is in the paragraph of its first line). Then, on each side on its own,
  every paragraph break is removed with p = 0.12 or moved one line up or down
  with p = 0.12, and a break is added between two lines with p = 0.06, so
  the paragraphs of the two sides differ. The summary counts all of these.
  The default setting is not changed by this option (its output stays
  byte-identical).

Every run re-reads the files it wrote and checks that the gold covers every
non-blank line of both sides exactly once, in order (and stops otherwise).

The output is deterministic (byte-identical for the same seed and data).

Python 3 standard library only.
"""

import argparse
import collections
import hashlib
import os
import random
import re
import sys

P_MERGE2 = 0.08
P_MERGE3 = 0.03
P_DROP_SRC = 0.04
P_DROP_TGT = 0.04

# --hard (see the module docstring)
HARD_P_MERGE2 = 0.14
HARD_P_MERGE3 = 0.05
HARD_P_RESPLIT = 0.06
RESPLIT_SHAPES = [(2, 2), (2, 2), (2, 3), (3, 2)]  # (lines kept, pieces), drawn uniformly
HARD_P_DROP_SRC = 0.05
HARD_P_DROP_TGT = 0.05
HARD_P_DROP_MORE = 0.3
HARD_P_BREAK_REMOVE = 0.12
HARD_P_BREAK_MOVE = 0.12
HARD_P_BREAK_ADD = 0.06

# target code -> (file suffix of the reference, 2-letter output code)
TARGETS = {
    "deu": ("deu", "de"),
    "fra": ("fra", "fr"),
    "rus": ("rus", "ru"),
    "zho-CN": ("zho-CN", "zh"),
}

# Sentence-final punctuation, optionally followed by closing quotes. Same as
# make-ntrex-corpus.py, extended with CJK full-width punctuation and
# (no-break) spaces before closing quotes (French « ... . »). For en and de
# the extension does not change which lines are headings.
FINAL_RE = re.compile(r"[.?!…。？！](?:[\s\u00a0\u202f]*[\"”“'’»«」』])*$")
CLOSING_QUOTES = "\"”“'’»«」』"

# Abbreviations whose period must not be removed: the list of make-ntrex-corpus.py.
def _corpus_module():
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "make-ntrex-corpus.py")
    spec = importlib.util.spec_from_file_location("make_ntrex_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CORPUS = _corpus_module()
ABBREV = CORPUS.ABBREV
ABBREV_TOKEN_RE = re.compile(r"(?:^|[\s(\"“„‚'‘«»])(?P<tok>\S+\.)$")

BEAD_TYPES = ["1-1", "2-1", "1-2", "3-1", "1-3", "1-0", "0-1"]


def seeded_rng(seed, doc_id, purpose):
    """A random.Random that depends only on (seed, doc id, purpose)."""
    digest = hashlib.sha256(f"{seed}\t{doc_id}\t{purpose}".encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def is_heading(src, tgt):
    return not (FINAL_RE.search(src) and FINAL_RE.search(tgt))


def ends_with_abbrev(text):
    m = ABBREV_TOKEN_RE.search(text)
    if not m:
        return False
    tok = m.group("tok")
    word = tok[:-1]
    if re.fullmatch(r"(?:[^\W\d_]\.){2,}", tok):
        return True  # U.S., a.m., z.B. (not "weather.com.")
    if word in ABBREV:
        return True
    return len(word) == 1 and word.isalpha()  # initial


def join_two(first, second, lang):
    """Join two sentences into one sentence (see the module docstring)."""
    space = "" if lang == "zh" else " "
    if lang == "zh" and first.endswith("。"):
        return first[:-1].rstrip() + "；" + second
    if first.endswith(".") and not first.endswith(".."):
        if ends_with_abbrev(first):
            return first + ";" + space + second
        sep = " ; " if lang == "fr" else "; "
        return first[:-1].rstrip() + sep + second
    return first + space + second


def merge_lines(lines, lang):
    text = lines[0]
    for nxt in lines[1:]:
        text = join_two(text, nxt, lang)
    return text


def paragraphs(doc_id, rows, seed):
    """Paragraph index for every original line (same on both sides)."""
    rng = seeded_rng(seed, doc_id, "paragraphs")
    para_of = []
    n_para = 0
    current = 0
    target = 0
    for i, (src, tgt) in enumerate(rows):
        if i == 0 or is_heading(src, tgt):
            if current:
                n_para += 1
                current = 0
            para_of.append(n_para)
            n_para += 1
            continue
        if not current:
            target = rng.randint(1, 4)
        para_of.append(n_para)
        current += 1
        if current == target:
            n_para += 1
            current = 0
    return para_of


def perturb(doc_id, rows, para_of, seed, tgt_lang, stats):
    """Return (src_lines, tgt_lines, beads).

    src_lines/tgt_lines: lists of (paragraph index, text) of the perturbed
    lines; beads: list of (source ids, target ids).
    """
    rng = seeded_rng(seed, doc_id, "perturb")
    n = len(rows)
    heading = [i == 0 or is_heading(s, t) for i, (s, t) in enumerate(rows)]
    src_lines, tgt_lines, beads = [], [], []

    def keep(i):
        beads.append(([len(src_lines)], [len(tgt_lines)]))
        src_lines.append((para_of[i], rows[i][0]))
        tgt_lines.append((para_of[i], rows[i][1]))

    i = 0
    while i < n:
        if i == 0:
            keep(0)
            i += 1
            continue
        r = rng.random()
        if r < P_MERGE2 + P_MERGE3:
            k = 2 if r < P_MERGE2 else 3
            merge_side = "src" if rng.random() < 0.5 else "tgt"
            stats[f"attempted merge{k}"] += 1
            span = range(i, i + k)
            if (i + k <= n and all(not heading[j] for j in span)
                    and len({para_of[j] for j in span}) == 1):
                if merge_side == "src":
                    s_ids = [len(src_lines)]
                    src_lines.append((para_of[i], merge_lines([rows[j][0] for j in span], "en")))
                    t_ids = []
                    for j in span:
                        t_ids.append(len(tgt_lines))
                        tgt_lines.append((para_of[j], rows[j][1]))
                else:
                    s_ids = []
                    for j in span:
                        s_ids.append(len(src_lines))
                        src_lines.append((para_of[j], rows[j][0]))
                    t_ids = [len(tgt_lines)]
                    merged = merge_lines([rows[j][1] for j in span], tgt_lang)
                    tgt_lines.append((para_of[i], merged))
                beads.append((s_ids, t_ids))
                i += k
            else:
                stats[f"infeasible merge{k}"] += 1
                keep(i)
                i += 1
        elif r < P_MERGE2 + P_MERGE3 + P_DROP_SRC:
            beads.append(([], [len(tgt_lines)]))
            tgt_lines.append((para_of[i], rows[i][1]))
            i += 1
        elif r < P_MERGE2 + P_MERGE3 + P_DROP_SRC + P_DROP_TGT:
            beads.append(([len(src_lines)], []))
            src_lines.append((para_of[i], rows[i][0]))
            i += 1
        else:
            keep(i)
            i += 1
    return src_lines, tgt_lines, beads


# Where a translator who restructures a passage may end one sentence and
# begin the next: a semicolon, a spaced dash, or a comma before a coordinating
# conjunction (which is dropped if it only means "and"); in Chinese a
# full-width comma or semicolon between two characters. Commas before
# subordinate or relative clauses are not cuts: the pieces would not be
# sentences.
_AND = {"en": "and", "de": "und", "fr": "et", "ru": "и"}
_BUT = {"en": "but|yet|so", "de": "aber|doch|denn|sondern", "fr": "mais|car|puis",
        "ru": "а|но|однако"}


def cut_re(lang):
    if lang == "zh":
        return re.compile(r"(?<=[^\W\d_])[，；](?=[^\W\d_])")
    return re.compile(r"(?<=[^\W\d_])(?:[;,]?[ \u00a0]+[–—]|;|,[ \u00a0]+(?:%s)(?=[ \u00a0])"
                      r"|,(?=[ \u00a0]+(?:%s)[ \u00a0]))[ \u00a0]+(?=\w)"
                      % (_AND[lang], _BUT[lang]))


# Any other comma between two words: a cut of last resort, when a group has
# too few of the places above.
COMMA_RE = re.compile(r"(?<=[^\W\d_]),[ \u00a0]+(?=[^\W\d_])")


def long_enough(text, lang):
    """A piece of a re-split sentence must read as a sentence, not a stub."""
    return len(text) >= 8 if lang == "zh" else len(text.split()) >= 3


def resplit(texts, paras, m, lang, rng):
    """Re-split the sentences `texts` into m sentences at cut_re() (else at
    COMMA_RE), never at an original sentence boundary (those are joined as
    merges are), so that no piece boundary matches a boundary of the other
    side: the bead is a genuine len(texts)-m (or m-len(texts)) bead. The text before a cut ends
    with a full stop, the text after it starts with a capital.

    Returns a list of (paragraph, text), or None if the sentences have too
    few places to cut or the pieces would be too short.
    """
    def places(pattern):
        return [(j, mt.start(), mt.end()) for j, text in enumerate(texts)
                for mt in pattern.finditer(text)
                if long_enough(text[:mt.start()], lang) and long_enough(text[mt.end():], lang)]
    strong = places(cut_re(lang))
    weak = [c for c in places(COMMA_RE) if all(c[0] != d[0] or c[1] != d[1] for d in strong)]
    if len(strong) + len(weak) < m - 1:
        return None
    if len(strong) >= m - 1:
        chosen = rng.sample(strong, m - 1)
    else:
        chosen = strong + rng.sample(weak, m - 1 - len(strong))
    chosen.sort()
    stop = "。" if lang == "zh" else "."
    pieces = [[]]  # each piece: list of (line index, fragment)
    for j, text in enumerate(texts):
        starts = [0] + [end for cj, _, end in chosen if cj == j]
        ends = [start for cj, start, _ in chosen if cj == j] + [len(text)]
        for f, (a, b) in enumerate(zip(starts, ends)):
            frag = text[a:b]
            if len(starts) > 1 and not long_enough(frag, lang):
                return None  # a cut too close to another or to the line's end
            if f > 0:
                pieces.append([])
                frag = frag[:1].upper() + frag[1:]
            if f < len(starts) - 1:
                frag = frag.rstrip() + stop
            pieces[-1].append((j, frag))
    return [(paras[frags[0][0]], merge_lines([f for _, f in frags], lang)) for frags in pieces]


def perturb_hard(doc_id, rows, para_of, seed, tgt_lang, stats):
    """The --hard perturbation; same interface as perturb()."""
    rng = seeded_rng(seed, doc_id, "perturb-hard")
    n = len(rows)
    heading = [i == 0 or is_heading(s, t) for i, (s, t) in enumerate(rows)]
    lang = {0: "en", 1: tgt_lang}
    out = {0: [], 1: []}
    beads = []

    def put(side, para, text):
        out[side].append((para, text))
        return len(out[side]) - 1

    def keep(i):
        beads.append(([put(0, para_of[i], rows[i][0])], [put(1, para_of[i], rows[i][1])]))

    def crossing(span):
        return any(heading[j] for j in span) or len({para_of[j] for j in span}) > 1

    i = 0
    while i < n:
        r = rng.random()
        if r < HARD_P_MERGE2 + HARD_P_MERGE3 + HARD_P_RESPLIT:
            if r < HARD_P_MERGE2 + HARD_P_MERGE3:
                k, m = (2 if r < HARD_P_MERGE2 else 3), 1
                name = f"merge{k}"
            else:
                k, m = rng.choice(RESPLIT_SHAPES)
                name = f"resplit {k}-{m}"
            side = 0 if rng.random() < 0.5 else 1  # the side that is merged or re-split
            stats[f"attempted {name}"] += 1
            span = range(i, i + k)
            pieces = None
            if i + k <= n:
                texts = [rows[j][side] for j in span]
                if m == 1:
                    pieces = [(para_of[i], merge_lines(texts, lang[side]))]
                else:
                    pieces = resplit(texts, [para_of[j] for j in span], m, lang[side], rng)
            if pieces is None:
                stats[f"infeasible {name}"] += 1
                keep(i)
                i += 1
                continue
            if crossing(span):
                stats[f"{name} across a headline or paragraph break"] += 1
            ids = {side: [put(side, p, t) for p, t in pieces],
                   1 - side: [put(1 - side, para_of[j], rows[j][1 - side]) for j in span]}
            beads.append((ids[0], ids[1]))
            i += k
        elif r < HARD_P_MERGE2 + HARD_P_MERGE3 + HARD_P_RESPLIT + HARD_P_DROP_SRC + HARD_P_DROP_TGT:
            # Drop on one side: the other side's line is a null bead; a drop
            # may continue over the next lines (a passage without counterpart).
            kept = 1 if r < (HARD_P_MERGE2 + HARD_P_MERGE3 + HARD_P_RESPLIT
                             + HARD_P_DROP_SRC) else 0
            while True:
                bead = ([], [])
                bead[kept].append(put(kept, para_of[i], rows[i][kept]))
                beads.append(bead)
                i += 1
                if i >= n or rng.random() >= HARD_P_DROP_MORE:
                    break
        else:
            keep(i)
            i += 1
    src_lines = perturb_breaks(out[0], seeded_rng(seed, doc_id, "breaks-src"), stats, "en")
    tgt_lines = perturb_breaks(out[1], seeded_rng(seed, doc_id, "breaks-tgt"), stats, tgt_lang)
    return src_lines, tgt_lines, beads


def perturb_breaks(lines, rng, stats, lang):
    """Remove, move (by one line) and add paragraph breaks on one side, so
    that the two sides' paragraphs differ as in real documents."""
    n = len(lines)
    before = {k for k in range(1, n) if lines[k][0] != lines[k - 1][0]}
    breaks = set(before)
    for k in range(1, n):
        r = rng.random()
        if k in before:
            if r < HARD_P_BREAK_REMOVE:
                breaks.discard(k)
                stats[f"paragraph breaks removed ({lang})"] += 1
            elif r < HARD_P_BREAK_REMOVE + HARD_P_BREAK_MOVE:
                k2 = k + rng.choice((-1, 1))
                if 1 <= k2 < n and k2 not in breaks:
                    breaks.discard(k)
                    breaks.add(k2)
                    stats[f"paragraph breaks moved ({lang})"] += 1
        elif r < HARD_P_BREAK_ADD and k not in breaks:
            breaks.add(k)
            stats[f"paragraph breaks added ({lang})"] += 1
    para, result = 0, []
    for k, (_, text) in enumerate(lines):
        para += k in breaks
        result.append((para, text))
    return result


def group(lines):
    """Group (paragraph, text) pairs into a list of paragraphs (lists of text)."""
    paras = []
    last = None
    for p, text in lines:
        if p != last:
            paras.append([])
            last = p
        paras[-1].append(text)
    return paras


def render_presegmented(lines):
    return "\n\n".join("\n".join(p) for p in group(lines)) + "\n"


def render_running(lines):
    return "\n\n".join(" ".join(p) for p in group(lines)) + "\n"


def format_bead(s_ids, t_ids):
    return "[" + ", ".join(map(str, s_ids)) + "]:[" + ", ".join(map(str, t_ids)) + "]"


def check_beads(beads, n_src, n_tgt, doc_id):
    s_all = [i for s, _ in beads for i in s]
    t_all = [j for _, t in beads for j in t]
    if s_all != list(range(n_src)) or t_all != list(range(n_tgt)):
        sys.exit(f"internal error: gold of {doc_id} does not cover all ids in order")
    if any(not s and not t for s, t in beads):
        sys.exit(f"internal error: empty bead in {doc_id}")


def self_check(pre_dir, gold_path, langs, doc_id):
    """Re-read what was written: every non-blank line of both presegmented
    files is in exactly one gold bead, in order, and no bead is empty."""
    def fail(what):
        sys.exit(f"self-check failed for {doc_id}: {what}")
    counts = []
    for lang in langs:
        lines = read_lines(os.path.join(pre_dir, f"{lang}.txt"))
        if any(line != line.strip() and line.strip() for line in lines):
            fail(f"{lang}.txt has a line with leading or trailing space")
        counts.append(sum(1 for line in lines if line.strip()))
    seen = ([], [])
    for number, line in enumerate(read_lines(gold_path), 1):
        m = re.fullmatch(r"\[([0-9, ]*)\]:\[([0-9, ]*)\]", line)
        if not m:
            fail(f"gold line {number} is not a bead: {line!r}")
        ids = [[int(x) for x in g.split(",") if x.strip()] for g in m.groups()]
        if not ids[0] and not ids[1]:
            fail(f"gold line {number} is an empty bead")
        for side in (0, 1):
            seen[side].extend(ids[side])
    for side in (0, 1):
        if seen[side] != list(range(counts[side])):
            fail(f"the gold does not cover the {counts[side]} lines of {langs[side]}.txt "
                 "exactly once and in order")


def read_lines(path):
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def read_docs_tsv(path):
    """The documents of en-de.docs.tsv, read as make-ntrex-corpus.py reads them."""
    order, docs = CORPUS.read_docs(path)
    return collections.OrderedDict((doc_id, docs[doc_id]) for doc_id in order)


def read_docs_raw(data, suffix):
    ids = read_lines(os.path.join(data, "DOCUMENT_IDS.tsv"))
    src = read_lines(os.path.join(data, "newstest2019-src.eng.txt"))
    tgt = read_lines(os.path.join(data, f"newstest2019-ref.{suffix}.txt"))
    if not len(ids) == len(src) == len(tgt):
        sys.exit(f"line counts differ: DOCUMENT_IDS {len(ids)}, eng {len(src)}, "
                 f"{suffix} {len(tgt)}")
    docs = collections.OrderedDict()
    last = None
    for doc_id, s, t in zip(ids, src, tgt):
        doc_id = doc_id.strip()
        if doc_id != last and doc_id in docs:
            sys.exit(f"document {doc_id} is not one contiguous block")
        last = doc_id
        docs.setdefault(doc_id, []).append((s, t))
    return docs


def write_file(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    ap.add_argument("--data", default=os.path.join(repo, "..", "shared", "data",
                                                   "ntrex128-newstest2019"))
    ap.add_argument("--out", default=None,
                    help="output folder (default eval-data/ntrex-perturbed, "
                         "or eval-data/ntrex-perturbed-en-<xx> for non-German targets)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--target", choices=sorted(TARGETS), default="deu")
    ap.add_argument("--hard", action="store_true",
                    help="the harder setting (see below); default output folder "
                         "gets the suffix -hard")
    args = ap.parse_args()

    suffix, tgt_lang = TARGETS[args.target]
    if args.out is None:
        name = "ntrex-perturbed" if args.target == "deu" else f"ntrex-perturbed-en-{tgt_lang}"
        args.out = os.path.join(repo, "eval-data", name + ("-hard" if args.hard else ""))
    perturb_doc = perturb_hard if args.hard else perturb

    if args.target == "deu":
        docs = read_docs_tsv(os.path.join(args.data, "en-de.docs.tsv"))
    else:
        docs = read_docs_raw(args.data, suffix)

    stats = collections.Counter()
    counts = collections.Counter()
    n_orig = n_src = n_tgt = n_para = 0
    for doc_id, rows in docs.items():
        if not re.fullmatch(r"[A-Za-z0-9._-]+", doc_id) or doc_id.startswith("."):
            sys.exit(f"unsafe document id for a file name: {doc_id!r}")
        para_of = paragraphs(doc_id, rows, args.seed)
        src_lines, tgt_lines, beads = perturb_doc(doc_id, rows, para_of, args.seed,
                                                  tgt_lang, stats)
        check_beads(beads, len(src_lines), len(tgt_lines), doc_id)
        n_orig += len(rows)
        n_src += len(src_lines)
        n_tgt += len(tgt_lines)
        n_para += len(set(para_of))
        for s, t in beads:
            counts[f"{len(s)}-{len(t)}"] += 1

        pre = os.path.join(args.out, "presegmented", doc_id)
        run = os.path.join(args.out, "running", doc_id)
        write_file(os.path.join(pre, "en.txt"), render_presegmented(src_lines))
        write_file(os.path.join(pre, f"{tgt_lang}.txt"), render_presegmented(tgt_lines))
        write_file(os.path.join(run, "en.txt"), render_running(src_lines))
        write_file(os.path.join(run, f"{tgt_lang}.txt"), render_running(tgt_lines))
        write_file(os.path.join(args.out, "gold", f"{doc_id}.txt"),
                   "".join(format_bead(s, t) + "\n" for s, t in beads))
        self_check(pre, os.path.join(args.out, "gold", f"{doc_id}.txt"), ["en", tgt_lang],
                   doc_id)

    total = sum(counts.values())
    setting = ", hard" if args.hard else ""
    print(f"wrote {args.out}  (en-{tgt_lang}, seed {args.seed}{setting}; "
          "CC BY-SA 4.0, do not commit)")
    print(f"documents: {len(docs)}")
    print(f"original lines: {n_orig} per side, {n_para} paragraphs")
    print(f"perturbed lines: en {n_src}, {tgt_lang} {n_tgt}")
    print(f"beads: {total}")
    for t in BEAD_TYPES + sorted(set(counts) - set(BEAD_TYPES)):
        print(f"  {t}: {counts[t]}")
    names = [f"merge{k}" for k in (2, 3)]
    if args.hard:
        names += [f"resplit {k}-{m}" for k, m in sorted(set(RESPLIT_SHAPES))]
    for name in names:
        print(f"{name}: {stats[f'attempted {name}']} drawn, "
              f"{stats[f'infeasible {name}']} infeasible (kept 1-1)")
    if args.hard:
        for key in sorted(k for k in stats if " across " in k or k.startswith("paragraph")):
            print(f"{key}: {stats[key]}")


if __name__ == "__main__":
    main()
