//! `bitext align`: align a translation with its original.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use bitext::Lang;
use bitext::corpus::check::{self, Declared};
use bitext::write::{CsvProfile, ViewWriter, Writer, summary};

use super::stream::StreamFormat;
use super::{
    CheckArgs, Exit, FormatChoice, InputArgs, ModelArgs, OutputArgs, SideEncodings, UnitsArgs,
};

/// Align a translation with its original, sentence by sentence.
///
/// Reads SOURCE (the original) and TARGET (its translation), splits both
/// into sentences and finds which sentences translate which: one bead per
/// group of aligned sentences (1-1, 2-1, 1-0, …), each with a confidence,
/// the estimated probability that the bead is exactly right. Review the
/// least confident beads first.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    bitext align corpus/atlantic-council/en.txt corpus/atlantic-council/de.txt\n  \
    bitext align en.txt de.txt -o pairs.jsonl\n  \
    bitext align en.txt de.txt -o memory.tmx --segment-rules omegat.srx --tmx-units sentence\n  \
    bitext align en.txt de.txt -o corpus.tsv -o corpus.en -o corpus.de\n  \
    bitext align en.txt de.txt -o review.xlsx -o review.csv\n  \
    bitext align en.txt de.txt -o review.csv --csv-profile excel\n  \
    bitext align article.html artikel.docx -o review.xlsx\n  \
    bitext align --presegmented --src-lang de --tgt-lang fr dev.de dev.fr\n  \
    bitext align --jsonl < requests.jsonl > aligned.jsonl\n  \
    bitext align --jsonl --lexicon all.counts < requests.jsonl > aligned.jsonl")]
pub struct Args {
    /// The original document.
    #[arg(required_unless_present = "jsonl")]
    pub source: Option<PathBuf>,

    /// The translation.
    #[arg(required_unless_present = "jsonl")]
    pub target: Option<PathBuf>,

    /// Streaming mode for distributed engines (Spark, Hadoop Streaming,
    /// Ray, GNU parallel): read JSON lines {"id", "source", "target",
    /// "source_lang", "target_lang"} (texts, not paths) on standard input
    /// and write one JSON line of aligned beads per input line, in order,
    /// with constant memory. Every input line is answered, a bad one
    /// (invalid UTF-8, no JSON, a missing field, empty, over 64 MiB) by an
    /// {"id", "error"} line, with "line" (from 1) when the id is unknown.
    /// A declared language the text clearly contradicts, or the same text
    /// twice, gets an error line (--trust-lang aligns the former); the
    /// other checks' findings are the answer's "warnings".
    #[arg(long, conflicts_with_all = ["source", "target", "output", "format", "allow_unrelated"])]
    pub jsonl: bool,

    /// What the --jsonl input lines are: json (the requests above) or
    /// bitextor (Bitextor's document pairs: source URL, target URL, base64
    /// source text, base64 target text, tab-separated; the id is the line
    /// number, the URLs are the answer's "source_url" and "target_url",
    /// the languages come from --src-lang/--tgt-lang, else are detected).
    #[arg(long, value_name = "FORMAT", value_enum, requires = "jsonl", conflicts_with_all = ["source", "target"])]
    pub stream_format: Option<StreamFormat>,

    /// With --jsonl: align with the lexicon of a counts file from
    /// `bitext lexicon learn` or `merge` (learned from a whole collection),
    /// as `bitext batch` aligns the same documents. The file must be
    /// gathered with the same alignment and segmentation options.
    #[arg(long, value_name = "FILE", requires = "jsonl")]
    pub lexicon: Option<PathBuf>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// The pair's document id in the outputs (TMX property x-document, the
    /// doc column, JSON lines' doc). Default: the documents' common name
    /// without language code (report for report.en.txt + report.de.txt),
    /// else the folder both are in, else the source's name.
    #[arg(long, value_name = "ID", conflicts_with = "jsonl", value_parser = parse_id)]
    pub id: Option<String>,

    /// Language of the source (ISO 639-1, optional region: en, en-US).
    /// Default: from the file name, else detected.
    #[arg(long, value_name = "LANG")]
    pub src_lang: Option<Lang>,

    /// Language of the target. Default: from the file name, else detected.
    #[arg(long, value_name = "LANG")]
    pub tgt_lang: Option<Lang>,

    #[command(flatten)]
    pub checks: CheckArgs,

    /// Show the alignment side by side (source | target | confidence,
    /// wrapped to the terminal's width, or $COLUMNS) even when standard
    /// output is not a terminal. It is the default on a terminal when no
    /// --format or -o is given; piped, bitext writes beads.
    #[arg(long, conflicts_with_all = ["output", "format"])]
    pub view: bool,

    /// Colour in the side-by-side view: auto (on a terminal, unless
    /// $NO_COLOR is set), always or never.
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(flatten)]
    pub model: ModelArgs,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub encodings: SideEncodings,

    /// Format of the source alone (overrides --input-format for it): auto,
    /// text, html, markdown, docx, odt, pdf.
    #[arg(long, value_name = "FORMAT", value_parser = super::parse_input_format)]
    pub src_format: Option<FormatChoice>,

    #[command(flatten)]
    pub units: UnitsArgs,

    /// Format of the target alone (overrides --input-format for it).
    #[arg(long, value_name = "FORMAT", value_parser = super::parse_input_format)]
    pub tgt_format: Option<FormatChoice>,
}

pub fn run(args: Args) -> anyhow::Result<Exit> {
    let aligner = args.model.aligner()?;
    let (Some(source_path), Some(target_path)) = (&args.source, &args.target) else {
        // Requests may name other languages; those load at their first use.
        if let (Some(source), Some(target)) = (&args.src_lang, &args.tgt_lang) {
            aligner.prepare_dictionary(source, target);
        }
        let mode = args.input.mode()?;
        let model = match &args.lexicon {
            Some(path) => Some(super::lexicon::load(path, &aligner, &mode)?),
            None => None,
        };
        super::stream::run(&super::stream::Settings {
            aligner: &aligner,
            mode: &mode,
            model: model.as_ref(),
            source_lang: args.src_lang.as_ref(),
            target_lang: args.tgt_lang.as_ref(),
            policy: args.checks.policy(),
            format: args.stream_format.unwrap_or(StreamFormat::Json),
        })?;
        return Ok(Exit::Done);
    };
    let mode = args.input.mode()?;
    let (source_encoding, target_encoding) = args.encodings.resolve(args.input.encoding);
    let source_doc = args.input.read_as(
        source_path,
        args.src_format.unwrap_or(args.input.input_format),
        source_encoding,
    )?;
    let target_doc = args.input.read_as(
        target_path,
        args.tgt_format.unwrap_or(args.input.input_format),
        target_encoding,
    )?;
    let (source_text, target_text) = (source_doc.text(), target_doc.text());
    let source_lang = Lang::resolve(args.src_lang.as_ref(), &source_doc.path, &source_text)?;
    let target_lang = Lang::resolve(args.tgt_lang.as_ref(), &target_doc.path, &target_text)?;
    let policy = args.checks.policy();
    let (refused, noted) = policy.sort(check::before_aligning(
        Declared::new(&source_doc.path, &source_text, &source_lang),
        Declared::new(&target_doc.path, &target_text, &target_lang),
    ));
    // The joined texts were for the checks only: freed before aligning,
    // whose peak memory they would add to (as much as the documents' text).
    drop((source_text, target_text));
    // Every refusal is said, the last as the error (with its hint).
    if let Some((last, others)) = refused.split_last() {
        for other in others {
            eprintln!("bitext: error: {other}");
        }
        return Err(last.clone().into());
    }
    for finding in noted {
        eprintln!("bitext: warning: {finding}; aligned as declared");
    }
    let outputs = args
        .output
        .plan(&[source_path, target_path], &source_lang, &target_lang)?;
    aligner.prepare_dictionary(&source_lang, &target_lang);
    let id = match &args.id {
        Some(id) => id.clone(),
        None => document_id(source_path, target_path),
    };
    let both = format!(
        "{} and {}",
        source_doc.path.display(),
        target_doc.path.display()
    );
    let pair = aligner.align_documents(
        &id,
        (source_doc, &source_lang),
        (target_doc, &target_lang),
        &mode,
    );
    let findings = check::after_aligning(&pair);
    for finding in &findings {
        eprintln!("bitext: warning: {both}: {finding}");
    }
    let withheld = findings.iter().any(|f| policy.withholds(f));
    let options = args.output.writer.options(CSV_PROFILE)?;
    let units = args
        .units
        .sentences()
        .then(|| aligner.split_beads(&pair, bitext::align::SPLIT_CONFIDENCE));
    let view = match &units {
        Some(units) => pair.view().with_units(units),
        None => pair.view(),
    };
    let terminal = std::io::stdout().is_terminal();
    if args.view || (terminal && args.output.output.is_empty() && args.output.format.is_none()) {
        let color = args.color.enabled(terminal);
        super::emit(None, false, |out| {
            let mut shown = ViewWriter::new(out, terminal_width(), color);
            shown.document(&pair.view())?;
            shown.finish()
        })?;
    } else {
        args.output
            .write(&outputs, &[view], &|_| withheld, &options)?;
    }
    let files: Vec<String> = outputs
        .iter()
        .filter_map(|o| o.path.as_ref().map(|p| p.display().to_string()))
        .collect();
    let left_out: Vec<&str> = outputs
        .iter()
        .zip(&files)
        .filter(|(o, _)| o.format.is_corpus())
        .map(|(_, f)| f.as_str())
        .collect();
    if withheld {
        if !left_out.is_empty() {
            eprintln!(
                "bitext: warning: {} written without the pairs of these documents",
                left_out.join(", ")
            );
        }
        eprintln!(
            "bitext: hint: if they do translate each other, give --allow-unrelated to write \
             their pairs into the corpus formats (TMX, TSV, hf, line-aligned files) and exit 0"
        );
    }
    if !files.is_empty() {
        eprintln!(
            "bitext: {}; wrote {}",
            summary(&pair.alignment),
            files.join(", ")
        );
    }
    Ok(if withheld {
        Exit::Unrelated
    } else {
        Exit::Done
    })
}

/// When the view is in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour, standard output being a `terminal` or not; auto
    /// follows no-color.org: a non-empty $NO_COLOR turns colour off.
    fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// The width of the view: $COLUMNS (what shells set and tests give), else
/// the terminal's, else 100.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&w: &usize| w > 0)
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .unwrap_or(100)
}

fn parse_id(s: &str) -> Result<String, String> {
    match s.trim() {
        "" => Err("an id needs at least one character other than spaces".into()),
        id => Ok(id.to_string()),
    }
}

/// The CSV profile of `bitext align` without --csv-profile: one pair's
/// review file, opened by translators in a spreadsheet, often German Excel.
const CSV_PROFILE: CsvProfile = CsvProfile::ExcelDe;

/// A name for the pair, the same however the paths were typed (paths are
/// resolved first): the documents' common name without language code
/// (`report` for `report.en.txt` + `report.de.txt`, `x` for `en/x.txt` +
/// `de/x.txt`), else the folder both are in (`atlantic-council` for its
/// `en.txt` + `de.txt`), else the source's name, else its folder's.
fn document_id(source: &Path, target: &Path) -> String {
    let resolved = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (source, target) = (resolved(source), resolved(target));
    let folder = |p: &Path| {
        p.parent()
            .and_then(|d| d.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    };
    let (source_name, target_name) = (
        name_without_language(&source),
        name_without_language(&target),
    );
    if !source_name.is_empty() && source_name == target_name {
        return source_name;
    }
    if source.parent() == target.parent()
        && let Some(folder) = folder(&source)
    {
        return folder;
    }
    if !source_name.is_empty() {
        return source_name;
    }
    folder(&source).unwrap_or_else(|| "doc".to_string())
}

/// A document's file name without extension and language code: `report`
/// for `report.en.txt`, nothing for `en.txt`.
fn name_without_language(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let is_language = |code: &str| Lang::parse(code).is_ok_and(|l| l.is_known());
    if is_language(&stem) {
        return String::new();
    }
    match stem.rsplit_once('.') {
        Some((name, code)) if is_language(code) => name.to_string(),
        _ => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_does_not_depend_on_how_paths_are_typed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let touch = |path: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x").unwrap();
            path
        };
        let (en, de) = (touch("article/en.txt"), touch("article/de.txt"));
        assert_eq!(document_id(&en, &de), "article");
        let typed = root.join("article/../article/./en.txt");
        assert_eq!(document_id(&typed, &de), "article");
        let (en, de) = (touch("flat/report.en.txt"), touch("flat/report.de.txt"));
        assert_eq!(document_id(&en, &de), "report");
        let (en, de) = (touch("en/story.txt"), touch("de/story.txt"));
        assert_eq!(document_id(&en, &de), "story");
        let (en, de) = (touch("a/en.txt"), touch("b/de.txt"));
        assert_eq!(document_id(&en, &de), "a");
        let (en, de) = (touch("a/original.txt"), touch("b/übersetzung.txt"));
        assert_eq!(document_id(&en, &de), "original");
    }
}
