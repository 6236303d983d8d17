//! The command-line interface: one module per subcommand, each with its
//! `Args` and one `run` function. This file holds the top-level definition
//! (also used to generate completions and the man page) and the plumbing the
//! subcommands share.

mod align;
mod batch;
mod completions;
mod eval;
pub mod hint;
mod lexicon;
mod man;
mod review;
mod segment;
mod stream;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};

use bitext::align::{Aligner, Config, Dictionary, Params};
use bitext::corpus::check::Policy;
use bitext::text::{InputFormat, Markup, Note};
use bitext::write::{
    AlignedDocument, CacheFolder, CsvProfile, Dropped, Format, LangMap, Options, ReviewOrder,
    TmxFlavour, TsvColumn,
};
use bitext::{Document, Encoding, Lang};

/// Align a translation with its original, sentence by sentence.
///
/// bitext reads two documents (an original and its translation), splits them
/// into sentences, aligns them and writes parallel corpora for translation
/// memories, spreadsheets and datasets.
#[derive(Debug, Parser)]
#[command(name = "bitext", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Align(align::Args),
    Batch(batch::Args),
    Lexicon(lexicon::Args),
    Segment(segment::Args),
    Review(review::Args),
    Eval(eval::Args),
    Completions(completions::Args),
    Man(man::Args),
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let done = |result: anyhow::Result<()>| result.map(|()| Exit::Done);
    match cli.command {
        Command::Align(args) => align::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Lexicon(args) => done(lexicon::run(args)),
        Command::Segment(args) => done(segment::run(args)),
        Command::Review(args) => done(review::run(args)),
        Command::Eval(args) => done(eval::run(args)),
        Command::Completions(args) => done(completions::run(args)),
        Command::Man(args) => done(man::run(args)),
    }
}

/// How a run that did its work ends: scripts tell by the exit status
/// whether the output can be used as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Exit status 0.
    Done,
    /// Exit status 3: documents that do not translate each other were
    /// aligned and left out of the corpus formats (written only with
    /// --allow-unrelated).
    Unrelated,
}

impl Exit {
    pub fn code(self) -> std::process::ExitCode {
        match self {
            Exit::Done => std::process::ExitCode::SUCCESS,
            Exit::Unrelated => std::process::ExitCode::from(3),
        }
    }
}

/// What the checks around aligning let through; shared by `align` and
/// `batch`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Align a document even when its text is clearly in another language
    /// than the one declared for it (by --src-lang, --tgt-lang, a manifest
    /// or the file name). Without it, bitext refuses, naming the file, the
    /// declared and the detected language.
    #[arg(long)]
    pub trust_lang: bool,

    /// Write documents that do not look like translations of each other
    /// (parallel probability below 0.5) into TMX, TSV, hf and line-aligned
    /// files too, and exit 0. Without it they are left out of those
    /// formats (review formats still show them) and the exit status is 3.
    #[arg(long)]
    pub allow_unrelated: bool,
}

impl CheckArgs {
    pub fn policy(&self) -> Policy {
        Policy {
            trust_languages: self.trust_lang,
            allow_unrelated: self.allow_unrelated,
        }
    }
}

/// Whether an error is only a closed pipe (`bitext segment f | head`), which
/// is not worth a message.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// How to align; shared by `align` and `batch`.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    /// A bilingual dictionary to help; repeat for several. Formats are
    /// told from the content: hunalign (`target @ source`), TSV
    /// (`source<TAB>target`), FreeDict dictd (the .index or the
    /// .dict/.dict.dz), FreeDict TEI, CC-CEDICT; also gzip-compressed.
    /// `--dict system` uses the FreeDict dictionaries installed for each
    /// language pair (in $BITEXT_DICT_PATH, then /usr/share/dictd; Debian:
    /// apt-get install dict-freedict-eng-deu). A dictionary that names its
    /// languages is used in either direction, and only for them.
    #[arg(long, value_name = "FILE|system")]
    pub dict: Vec<PathBuf>,

    /// Largest number of sentences on one side of a bead: with N, beads of
    /// up to N + 1 sentences in all (4 allows 1-4, 2-3, 3-2 and 4-1).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=8))]
    pub max_bead: u8,

    /// Cost of leaving a sentence unaligned (a 1-0 or 0-1 bead). Lower it
    /// when the translation drops or adds much, raise it when it is close.
    #[arg(long, value_name = "COST", default_value_t = Params::default().null_cost, value_parser = parse_cost)]
    pub null_cost: f64,

    /// Cost of each further unaligned sentence right after one on the same
    /// side: whole passages without counterpart cost less than as many
    /// scattered sentences.
    #[arg(long, value_name = "COST", default_value_t = Params::default().null_extend, value_parser = parse_cost)]
    pub null_extend: f64,
}

impl ModelArgs {
    /// The aligner these options describe (reads the dictionary).
    pub fn aligner(&self) -> anyhow::Result<Aligner> {
        let mut config = Config {
            max_bead: usize::from(self.max_bead),
            ..Config::default()
        };
        config.params.null_cost = self.null_cost;
        config.params.null_extend = self.null_extend;
        config.dictionary = self.dictionary()?;
        Ok(Aligner::new(config)?)
    }

    /// The dictionaries asked for, merged, reporting on standard error.
    fn dictionary(&self) -> anyhow::Result<Option<Dictionary>> {
        if self.dict.is_empty() {
            return Ok(None);
        }
        let system = Path::new(SYSTEM_DICTIONARIES);
        let files: Vec<PathBuf> = self
            .dict
            .iter()
            .filter(|p| p.as_path() != system)
            .cloned()
            .collect();
        let mut dictionary = Dictionary::read_all(&files)?
            .with_notify(Arc::new(|message: &str| eprintln!("bitext: {message}")));
        for file in dictionary.describe() {
            eprintln!("bitext: dictionary {file}");
        }
        if self.dict.iter().any(|p| p.as_path() == system) {
            dictionary = dictionary.with_system(system_dictionary_dirs());
        }
        if let Some(dir) = cache_dir() {
            dictionary = dictionary.with_store(Arc::new(CacheFolder::new(dir)));
        }
        Ok(Some(dictionary))
    }
}

/// The `--dict` value that asks for the installed FreeDict dictionaries (a
/// file of that name is `./system`).
const SYSTEM_DICTIONARIES: &str = "system";

/// Where `--dict system` looks: $BITEXT_DICT_PATH (folders, separated as
/// in PATH), then Debian's dictd folder.
fn system_dictionary_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("BITEXT_DICT_PATH")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    dirs.push(PathBuf::from("/usr/share/dictd"));
    dirs
}

/// Where keyed dictionaries are kept between runs: $BITEXT_CACHE_DIR (set
/// but empty: nowhere), else $XDG_CACHE_HOME/bitext, else
/// ~/.cache/bitext.
fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("BITEXT_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| Path::new(d).is_absolute())
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from(std::env::var_os("HOME")?).join(".cache")))?;
    Some(base.join("bitext"))
}

/// How input documents are read; shared by every subcommand that reads text.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Input encoding: auto, utf-8, windows-1252, latin1, utf-16, utf-16le,
    /// utf-16be. auto reads UTF-8 (with or without BOM), and a file that is
    /// not UTF-8 but reads as Windows-1252 text (what Excel and Notepad
    /// save as "ANSI") as Windows-1252, with a warning naming the file;
    /// other bytes are an error. utf-8 is strict. A UTF-16 BOM is always
    /// recognised.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding, default_value = "auto")]
    pub encoding: Encoding,

    /// The input has one sentence per line (blank line = paragraph break), as
    /// hunalign, Vecalign and Bertalign take it: lines are not split or joined.
    #[arg(long)]
    pub presegmented: bool,

    /// Split sentences by these SRX segmentation rules (SRX 2.0, as OmegaT,
    /// Trados and memoQ export them) instead of bitext's own, so that the
    /// sentences are the CAT tool's segments and its 100 % matches find the
    /// memory's units. When aligning, they split the source (the segments
    /// the CAT tool looks up); the translation keeps bitext's own rules. Patterns are Java/ICU regular expressions; look-around
    /// and back-references are refused with the rule named.
    #[arg(long, value_name = "FILE", conflicts_with = "presegmented")]
    pub segment_rules: Option<PathBuf>,

    /// Input format: auto (the default: told from the content, then the
    /// extension), text, html, markdown, docx, odt or pdf (pdf needs
    /// pdftotext from poppler-utils).
    #[arg(long, value_name = "FORMAT", value_parser = parse_input_format, default_value = "auto")]
    pub input_format: FormatChoice,
}

/// Encodings of the two sides, for the subcommands that read an original
/// and a translation, which often come from different programs.
#[derive(Debug, Clone, clap::Args)]
pub struct SideEncodings {
    /// Encoding of the source (the original); default: --encoding.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub src_encoding: Option<Encoding>,

    /// Encoding of the target (the translation); default: --encoding.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub tgt_encoding: Option<Encoding>,
}

impl SideEncodings {
    /// The encodings of source and target: each side's own, else the
    /// common one.
    pub fn resolve(&self, common: Encoding) -> (Encoding, Encoding) {
        (
            self.src_encoding.unwrap_or(common),
            self.tgt_encoding.unwrap_or(common),
        )
    }
}

/// A format named on the command line, or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatChoice(pub Option<InputFormat>);

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    s.parse()
}

fn parse_input_format(s: &str) -> Result<FormatChoice, String> {
    if s.eq_ignore_ascii_case("auto") {
        Ok(FormatChoice(None))
    } else {
        s.parse().map(|f| FormatChoice(Some(f)))
    }
}

impl InputArgs {
    /// Reads a document in the --input-format and --encoding; `-` reads
    /// standard input.
    pub fn read(&self, path: &Path) -> anyhow::Result<Document> {
        self.read_as(path, self.input_format, self.encoding)
    }

    /// Reads a document in the given format (`auto`: as it shows) and
    /// encoding, and says on standard error what the user should know
    /// about the reading.
    pub fn read_as(
        &self,
        path: &Path,
        format: FormatChoice,
        encoding: Encoding,
    ) -> anyhow::Result<Document> {
        let document = if path == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
                .context("cannot read standard input")?;
            Document::from_bytes_as(Path::new("<stdin>"), &bytes, encoding, format.0)?
        } else {
            Document::read_as(path, encoding, format.0)?
        };
        for note in &document.notes {
            eprintln!("bitext: {}", describe_note(&document.path, note));
        }
        Ok(document)
    }

    /// How sentences are found (reads the segmentation rules, if given).
    pub fn mode(&self) -> anyhow::Result<bitext::Mode> {
        Ok(if self.presegmented {
            bitext::Mode::Presegmented
        } else if let Some(path) = &self.segment_rules {
            bitext::Mode::Srx(Arc::new(bitext::segment::srx::SrxRules::read(path)?))
        } else {
            bitext::Mode::Split
        })
    }
}

/// A note about how a document was read, as the terminal shows it:
/// `warning: de.txt: …` with the flag that reads markup for what it is.
pub fn describe_note(path: &Path, note: &Note) -> String {
    let kind = if note.is_warning() { "warning" } else { "note" };
    let hint = match note {
        Note::Markup(Markup::Html { .. }) => "; to read it as HTML, give --input-format html",
        Note::DecodedAs { .. } => " (--encoding, or for one side --src-encoding or --tgt-encoding)",
        _ => "",
    };
    format!("{kind}: {}: {note}{hint}", path.display())
}

/// Where aligned documents go and in which formats; shared by the
/// subcommands that write alignments.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output; the format comes from the
    /// extension: .beads, .jsonl, .tsv, .tmx, .csv and .xlsx (review tables
    /// for spreadsheets), .html (a review page for the browser), or the
    /// language code of a side
    /// (`-o out.en -o out.de`: Moses-style line-aligned files). Repeat to
    /// write several formats from one alignment. Files are written
    /// atomically; an existing file is replaced only with --force.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Vec<PathBuf>,

    /// Output format when it cannot come from a file name (standard output,
    /// or a single -o with another extension): beads (the default on
    /// standard output), jsonl, hf (Hugging Face translation pairs; as a
    /// file: NAME.hf.jsonl), tsv, parquet, tmx, csv, xlsx, html.
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,

    /// Replace output files that exist (without it, bitext refuses and
    /// says so, before doing any work).
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub writer: WriterArgs,
}

/// What a TMX unit is; shared by the subcommands that align.
#[derive(Debug, Clone, clap::Args)]
pub struct UnitsArgs {
    /// TMX: what a translation unit is: bead (one unit per bead, the
    /// default) or sentence (a bead of two or more sentences on each side is
    /// cut into the smaller beads inside it, and a translation sentence that
    /// joins several source sentences into parts cut at its clauses, marked
    /// x-target-part, where the aligner is confident of each part, at least
    /// 0.5, so that a CAT tool's one-sentence segments find their units).
    /// Other outputs keep the beads.
    #[arg(long, value_name = "UNITS", default_value = "bead", value_parser = ["bead", "sentence"])]
    pub tmx_units: String,
}

impl UnitsArgs {
    /// Whether TMX units are cut to sentences.
    pub fn sentences(&self) -> bool {
        self.tmx_units == "sentence"
    }
}

/// Options of the writers; shared by the subcommands that write alignments.
#[derive(Debug, Clone, clap::Args)]
pub struct WriterArgs {
    /// Keep only beads at least this confident in the corpus formats (tmx,
    /// tsv, line-aligned files, jsonl); says how many it left out. Review
    /// files (csv, xlsx) keep every bead.
    #[arg(long, value_name = "X", value_parser = parse_probability)]
    pub min_confidence: Option<f64>,

    /// The columns of TSV files, comma-separated: source, target,
    /// confidence, doc, bead, source_ids, target_ids, source_lang,
    /// target_lang (Bitextor's src_text, trg_text, aligner_score, src_url,
    /// trg_url, src_lang and trg_lang are read as ours). Default:
    /// source,target.
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_tsv_column)]
    pub tsv_columns: Vec<TsvColumn>,

    /// Write each sentence pair once in the corpus formats: a pair whose
    /// two texts (whitespace and case aside) were written before is left
    /// out, and counted.
    #[arg(long)]
    pub dedup: bool,

    // TMX
    /// TMX: language tags to write instead of the documents' codes, for CAT
    /// tools that need regions (Trados skips units whose languages do not
    /// match the memory's): `--tmx-lang de=de-DE,en=en-US`. Also applies to
    /// the header's source language. A code maps only documents of exactly
    /// that code (de maps de, not de-AT).
    #[arg(long, value_name = "CODE=TAG", value_delimiter = ',', value_parser = LangMap::parse_mapping)]
    pub tmx_lang: Vec<(Lang, String)>,

    /// TMX: how the props of a unit are named: standard (x-confidence,
    /// x-bead, x-document, x-source-ids, x-target-ids) or trados
    /// (x-Confidence:SingleString, …, which Trados imports as custom
    /// fields).
    #[arg(long, value_name = "FLAVOUR", default_value = "standard", value_parser = parse_tmx_flavour)]
    pub tmx_flavour: TmxFlavour,

    /// TMX: keep sentences without counterpart, as notes in the header
    /// (with their id, language and text); they never become translation
    /// units, which need both languages.
    #[arg(long)]
    pub keep_unaligned: bool,

    /// How CSV review files are written: excel-de, excel or data (default
    /// for `bitext align`: excel-de).
    ///
    /// excel-de is for German Excel and LibreOffice (UTF-8 with BOM, `;`,
    /// CRLF, decimal comma: opens with a double-click), excel for English
    /// ones (the same with `,` and a decimal point), data for programs
    /// (RFC 4180, no BOM, LF, every cell as it is). The two spreadsheet
    /// profiles put a `'` before a cell starting with = + - @ (so that it is
    /// not run as a formula), write line breaks inside a text as spaces, and
    /// write the bead type as `2–1` with an en dash (Excel turns `2-1` into
    /// a date).
    #[arg(long, value_name = "PROFILE", value_parser = parse_csv_profile)]
    pub csv_profile: Option<CsvProfile>,

    /// The order of the rows of review files: document (bead by bead) or
    /// confidence (least confident first: review from the top, no sorting
    /// needed). An XLSX orders all rows; a CSV the rows of each document,
    /// below its heading row. The ids keep document order, and `bitext
    /// review` restores it.
    #[arg(long, value_name = "ORDER", default_value = "document", value_parser = parse_review_order)]
    pub review_order: ReviewOrder,
}

fn parse_tsv_column(s: &str) -> Result<TsvColumn, String> {
    s.parse()
}

fn parse_csv_profile(s: &str) -> Result<CsvProfile, String> {
    s.parse()
}

fn parse_review_order(s: &str) -> Result<ReviewOrder, String> {
    s.parse()
}

impl WriterArgs {
    /// The writer options these arguments ask for (checks SOURCE_DATE_EPOCH);
    /// `csv_default` is the command's CSV profile when --csv-profile is not
    /// given (a command knows its users: spreadsheets for one pair, programs
    /// for batches).
    pub fn options(&self, csv_default: CsvProfile) -> anyhow::Result<Options> {
        Ok(Options {
            min_confidence: self.min_confidence,
            dedup: self.dedup,
            tsv_columns: self.tsv_columns.clone(),
            // TMX
            tmx_flavour: self.tmx_flavour,
            tmx_langs: self.tmx_lang.iter().cloned().collect(),
            keep_unaligned: self.keep_unaligned,
            created: source_date_epoch()?,
            csv_profile: self.csv_profile.unwrap_or(csv_default),
            review_order: self.review_order,
        })
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn parse_tmx_flavour(s: &str) -> Result<TmxFlavour, String> {
    s.parse()
}

/// The creation time for files, from `SOURCE_DATE_EPOCH` if set
/// (reproducible-builds.org: the same input gives the same bytes).
fn source_date_epoch() -> anyhow::Result<Option<u64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => bitext::write::tmx::parse_epoch(&value)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("SOURCE_DATE_EPOCH: {e}")),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            anyhow::bail!("SOURCE_DATE_EPOCH: not a number of seconds since 1970-01-01")
        }
    }
}

fn parse_cost(s: &str) -> Result<f64, String> {
    let value: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    bitext::align::check_cost("cost", value)
        .map(|()| value)
        .map_err(|_| {
            format!(
                "{s} is out of range: give a number from 0 to {}",
                bitext::align::MAX_PARAM
            )
        })
}

fn parse_probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("{s:?} is not a number between 0 and 1")),
    }
}

/// One planned output: a file (or standard output) and its format.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: Option<PathBuf>,
    pub format: Format,
}

impl OutputArgs {
    /// Decides every output's format and checks, before any work is done,
    /// that no file would be overwritten without --force and that no output
    /// is one of the `inputs` or another output (with or without --force:
    /// the translation or the reviewer's work must never be replaced).
    pub fn plan(
        &self,
        inputs: &[&Path],
        source: &Lang,
        target: &Lang,
    ) -> anyhow::Result<Vec<Output>> {
        if self.output.len() > 1 && self.format.is_some() {
            anyhow::bail!(
                "--format applies to one output; with several -o, name each format by its file extension"
            );
        }
        self.writer.options(CsvProfile::Data)?; // checked before any work
        if self.output.is_empty() {
            let format = self.format.unwrap_or(Format::Beads);
            if format == Format::Xlsx && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                anyhow::bail!("xlsx is a binary format; write it to a file with -o FILE.xlsx");
            }
            return Ok(vec![Output { path: None, format }]);
        }
        let mut outputs = Vec::new();
        for path in &self.output {
            let format = match self.format {
                Some(format) => format,
                None => Format::from_path(path, source, target).with_context(|| {
                    format!(
                        "{}: cannot tell the output format from the file name; use --format ({}) \
                         or an extension such as .{} or .{}",
                        path.display(),
                        Format::NAMES.join(", "),
                        source.code(),
                        target.code()
                    )
                })?,
            };
            refuse_input_as_output(inputs, path)?;
            if let Some(other) = outputs
                .iter()
                .find_map(|o: &Output| o.path.as_ref().filter(|p| same_file(p, path)))
            {
                anyhow::bail!(
                    "{}: named twice as an output (also as {}); give each -o its own file",
                    path.display(),
                    other.display()
                );
            }
            if !self.force && path.exists() {
                return Err(bitext::Error::OutputExists { path: path.clone() }.into());
            }
            outputs.push(Output {
                path: Some(path.clone()),
                format,
            });
        }
        Ok(outputs)
    }

    /// Writes the documents to every planned output, all or nothing: files
    /// are put in place only once every one of them is complete, so a
    /// failure in the last leaves none of them behind. The documents for
    /// which `withheld` is true go only into the review formats.
    pub fn write(
        &self,
        outputs: &[Output],
        docs: &[AlignedDocument],
        withheld: &dyn Fn(&AlignedDocument) -> bool,
        options: &Options,
    ) -> anyhow::Result<()> {
        // What each file says: warnings, and notes (`true`) on what the user's
        // options left out.
        let write = |out: &mut dyn Write, format: Format| -> std::io::Result<Vec<(String, bool)>> {
            let mut writer = format.writer(out, options);
            for doc in docs {
                if !(format.is_corpus() && withheld(doc)) {
                    writer.document(doc)?;
                }
            }
            writer.finish()?;
            let name = |n: String| (n, false);
            let mut found: Vec<(String, bool)> =
                writer.warnings().iter().cloned().map(name).collect();
            found.extend(left_out(writer.dropped(), options).map(|note| (note, true)));
            Ok(found)
        };
        let mut files = Vec::new();
        let mut warnings = Vec::new();
        for output in outputs {
            match &output.path {
                Some(path) => {
                    let mut file = bitext::write::AtomicFile::create(path, self.force)?;
                    let found = write(&mut file, output.format)
                        .map_err(|e| bitext::Error::write(path, e))?;
                    warnings.extend(found.into_iter().map(|w| (path.display().to_string(), w)));
                    files.push(file);
                }
                None => {
                    let mut found = Vec::new();
                    emit(None, self.force, |out| {
                        found = write(out, output.format)?;
                        Ok(())
                    })?;
                    warnings.extend(found.into_iter().map(|w| ("standard output".into(), w)));
                }
            }
        }
        for file in files {
            file.commit()?;
        }
        for (name, (message, note)) in warnings {
            let kind = if note { "" } else { "warning: " };
            eprintln!("bitext: {kind}{name}: {message}");
        }
        Ok(())
    }
}

/// What a corpus file left out by the user's choice, as a sentence for the
/// terminal and the summary (`None` if nothing).
pub fn left_out(dropped: Dropped, options: &Options) -> Option<String> {
    let mut parts = Vec::new();
    if dropped.below_min_confidence > 0 {
        parts.push(format!(
            "{} below confidence {}",
            count(dropped.below_min_confidence, "bead", "beads"),
            options.min_confidence.unwrap_or_default()
        ));
    }
    if dropped.duplicates > 0 {
        parts.push(format!(
            "{} (written once)",
            count(
                dropped.duplicates,
                "duplicate sentence pair",
                "duplicate sentence pairs"
            )
        ));
    }
    (!parts.is_empty()).then(|| format!("left out {}", parts.join(" and ")))
}

/// `n` and the noun in its number: `1 bead`, `3 beads`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Refuses an output that is one of the inputs (`-` is standard input, never
/// a file).
pub fn refuse_input_as_output(inputs: &[&Path], output: &Path) -> anyhow::Result<()> {
    Inputs::new(inputs.iter().copied()).refuse(output)
}

/// The files a run reads, kept so that no output replaces one of them (the
/// same file, also through a symbolic or hard link). Built once, it checks
/// each output with one `stat`, so a batch of many documents can check
/// every file it writes.
pub struct Inputs {
    files: std::collections::HashMap<FileId, PathBuf>,
}

impl Inputs {
    /// The inputs among `paths` that exist (`-` is standard input).
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Inputs {
        let files = paths
            .into_iter()
            .filter(|path| *path != Path::new("-"))
            .filter_map(|path| Some((file_id(path)?, path.to_path_buf())))
            .collect();
        Inputs { files }
    }

    /// An error if `output` is one of the inputs.
    pub fn refuse(&self, output: &Path) -> anyhow::Result<()> {
        match file_id(output).and_then(|id| self.files.get(&id)) {
            Some(input) => anyhow::bail!(
                "{}: this output is the input {}; refused (with or without --force) so that \
                 no input is replaced: write to another file",
                output.display(),
                input.display()
            ),
            None => Ok(()),
        }
    }
}

/// What makes a file itself: (Unix) its device and inode, which hard links
/// share; elsewhere its path with links resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

/// The identity of an existing file; `None` if there is none at `path`.
fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileId::Inode(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        Some(FileId::Path(path.canonicalize().ok()?))
    }
}

/// Whether two paths name the same file: the same path once links are
/// resolved, or (Unix) the same device and inode, which also catches hard
/// links. A path that does not exist is the same only as itself.
fn same_file(a: &Path, b: &Path) -> bool {
    match (file_id(a), file_id(b)) {
        (Some(a), Some(b)) => a == b,
        _ => absolute(a) == absolute(b),
    }
}

/// A path made absolute and cleaned of `.` (and, through the existing
/// parent, of links), for comparing paths of files not written yet.
fn absolute(path: &Path) -> Option<PathBuf> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// Sends output to a file (written atomically; an existing file is replaced
/// only if `overwrite`) or to standard output.
pub fn emit(
    output: Option<&PathBuf>,
    overwrite: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    match output {
        Some(path) => Ok(bitext::write::atomic(path, overwrite, write)?),
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            write(&mut out).context("cannot write to standard output")?;
            out.flush().context("cannot write to standard output")?;
            Ok(())
        }
    }
}
