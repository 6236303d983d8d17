#!/usr/bin/env bash
# How many segments OmegaT fills with 100 % matches from bitext's TMX.
#
#   scripts/omegat-check.sh [--keep DIR] SOURCE TARGET [BITEXT_ALIGN_OPTIONS...]
#
# Aligns SOURCE (the English original) with TARGET (its German translation)
# into a TMX, puts it in the tm/auto/ folder of a new OmegaT project that
# translates SOURCE, and has OmegaT (Debian's `omegat`, console mode) translate
# the project: OmegaT inserts the 100 % matches of tm/auto/ by itself. Then it
# counts, from OmegaT's own output, the segments filled, and checks each fill
# against the reference alignment (corpus/atlantic-council: en.txt, de.txt,
# gold.txt; set BITEXT_OMEGAT_REFERENCE to another folder): a fill is right
# when it is the German of the English segment's gold beads. Prints
#
#   omegat: en.txt: 39 of 43 segments filled with 100 % matches, 39 right
#
# With --tmx-units sentence, a unit may hold a part of a German sentence that
# translates two English ones (an English segment of a 2-1 gold bead): such a
# fill is right when it is a part of that bead's German, and the line says how
# many right fills are parts ("…, 43 right, 4 of them parts of a sentence").
#
# The options after TARGET go to `bitext align` (e.g. --segment-rules FILE
# --tmx-units sentence). OmegaT reads a copy of SOURCE, so the project's
# segmentation is OmegaT's own (its default rules, or the SRX file given with
# --segment-rules, which is also handed to OmegaT). BITEXT: the binary
# (default: target/debug/bitext, built if missing). Runs offline; about 10 s.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

keep=""
if [ "${1:-}" = "--keep" ]; then keep="$2"; shift 2; fi
if [ $# -lt 2 ]; then
    echo "usage: scripts/omegat-check.sh [--keep DIR] SOURCE TARGET [BITEXT_ALIGN_OPTIONS...]" >&2
    exit 2
fi
source_doc="$1"; target_doc="$2"; shift 2
jar=/usr/share/omegat/OmegaT.jar
if [ ! -f "$jar" ] || ! command -v java >/dev/null 2>&1; then
    echo "omegat-check: OmegaT is not installed (Debian/Ubuntu: apt-get install omegat)" >&2
    exit 3
fi
bitext="${BITEXT:-$repo/target/debug/bitext}"
[ -x "$bitext" ] || (cd "$repo" && cargo build --quiet)
reference="${BITEXT_OMEGAT_REFERENCE:-$repo/corpus/atlantic-council}"

if [ -n "$keep" ]; then
    project="$keep"; rm -rf "$project"; mkdir -p "$project"
else
    project="$(mktemp -d)"; trap 'rm -rf "$project"' EXIT
fi
mkdir -p "$project"/{source,target,tm/auto,glossary,dictionary,omegat,config}
cp "$source_doc" "$project/source/"
name="$(basename "$source_doc")"

"$bitext" align --src-lang en --tgt-lang de "$source_doc" "$target_doc" \
    -o "$project/tm/auto/bitext.tmx" "$@" 2>"$project/bitext.log" \
    || { cat "$project/bitext.log" >&2; exit 1; }

# The rules bitext segmented by are OmegaT's too (a project's own
# segmentation.srx overrides the defaults).
args=("$@")
for i in "${!args[@]}"; do
    if [ "${args[$i]}" = "--segment-rules" ]; then
        cp "${args[$((i + 1))]}" "$project/omegat/segmentation.srx"
    fi
done

cat >"$project/omegat.project" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes></source_dir_excludes>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>EN</source_lang>
    <target_lang>DE</target_lang>
    <source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
EOF

omegat() {
    java -Djava.awt.headless=true -jar "$jar" "$project" --config-dir="$project/config" \
        --disable-project-locking --quiet "$@" >>"$project/omegat.log" 2>&1 \
        || { tail -20 "$project/omegat.log" >&2; exit 1; }
}
# The translation (tm/auto/'s 100 % matches inserted) and, in another run,
# OmegaT's source segments (a pseudo-translated TMX holds each once).
omegat --mode=console-translate
omegat --mode=console-createpseudotranslatetmx \
    --pseudotranslatetmx="$project/segments.tmx" --pseudotranslatetype=equal

"$bitext" segment --lang en "$reference/en.txt" >"$project/reference.en"
"$bitext" segment --lang de "$reference/de.txt" >"$project/reference.de"

python3 - "$project" "$name" "$reference/gold.txt" <<'EOF'
import re, sys, xml.etree.ElementTree as ET

project, name, gold = sys.argv[1:]
read = lambda path: open(path, encoding="utf-8").read()

def sentences(path):
    return [line for line in read(path).splitlines() if line.strip()]

# Reference pairs: the English of consecutive gold beads -> their German.
en, de = sentences(project + "/reference.en"), sentences(project + "/reference.de")
beads = []
for line in read(gold).splitlines():
    s, t = line.split(":")[:2]
    ids = lambda side: [int(x) for x in side.strip("[] ").split(",") if x.strip()]
    beads.append((ids(s), ids(t)))
expected = {}
for k in range(len(beads)):
    for l in range(k, min(k + 8, len(beads))):
        run = beads[k : l + 1]
        source = " ".join(en[i] for b in run for i in b[0])
        target = " ".join(de[j] for b in run for j in b[1])
        if source and target:
            expected.setdefault(source, target)
# English sentences of beads that join several into fewer German ones: the
# German a part of which may translate each.
joined = {}
for s_ids, t_ids in beads:
    if len(s_ids) > len(t_ids) >= 1:
        for i in s_ids:
            joined[en[i]] = " ".join(de[j] for j in t_ids)

def segs(path):
    root = ET.parse(path).getroot()
    for tu in root.iter("tu"):
        tuv = {v.get("lang", v.get("{http://www.w3.org/XML/1998/namespace}lang")).lower()[:2]: v for v in tu.iter("tuv")}
        yield tuv

# OmegaT's source segments, each once, and how often each is in the document.
unique = {"".join(t["en"].find("seg").itertext()) for t in segs(project + "/segments.tmx")}
memory = {}
for tuv in segs(project + "/tm/auto/bitext.tmx"):
    memory.setdefault("".join(tuv["en"].find("seg").itertext()), set()).add(
        "".join(tuv["de"].find("seg").itertext()))
source = read(project + "/source/" + name)
target = read(project + "/target/" + name)

# A segment is filled when its match from the memory is in OmegaT's
# translation, and right when that is the reference's German.
filled = right = parts = 0
for segment in sorted(unique):
    fill = next((f for f in sorted(memory.get(segment, ())) if f != segment and f in target), None)
    if fill is None:
        print(f"  unfilled: {segment}", file=sys.stderr)
        continue
    times = max(1, source.count(segment))
    filled += times
    if expected.get(segment) == fill:
        right += times
    elif fill in joined.get(segment, ""):
        right += times
        parts += times
    else:
        print(f"  not the reference: {segment} -> {fill}", file=sys.stderr)

stats = read(project + "/omegat/project_stats.txt")
total, remaining = (int(re.search(label + r":\s+(\d+)", stats).group(1)) for label in ("Total", "Remaining"))
if total - remaining != filled:
    sys.exit(f"omegat-check: OmegaT's statistics say {total - remaining} segments filled, its files {filled}")
of_them = f", {parts} of them parts of a sentence" if parts else ""
print(f"omegat: {name}: {filled} of {total} segments filled with 100 % matches, {right} right{of_them}")
EOF
