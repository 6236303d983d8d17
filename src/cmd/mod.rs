//! The command-line interface: one module per subcommand, each with its
//! `Args` and one `run` function. This file holds the top-level definition
//! (also used to generate completions and the man page) and the plumbing the
//! subcommands share.

mod align;
mod completions;
mod eval;
mod man;
mod segment;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};

use bitext::write::{AlignedDocument, CsvProfile, Format, Options};
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
    Segment(segment::Args),
    Eval(eval::Args),
    Completions(completions::Args),
    Man(man::Args),
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Align(args) => align::run(args),
        Command::Segment(args) => segment::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
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

/// How input documents are read; shared by every subcommand that reads text.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Input encoding. Default: UTF-8 (with or without BOM; a UTF-16 BOM is
    /// always recognised). Invalid UTF-8 is an error unless another encoding
    /// is named here.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding, default_value = "utf-8")]
    pub encoding: Encoding,

    /// The input has one sentence per line (blank line = paragraph break), as
    /// hunalign, Vecalign and Bertalign take it: lines are not split or joined.
    #[arg(long)]
    pub presegmented: bool,
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    s.parse()
}

impl InputArgs {
    /// Reads a document; `-` reads standard input.
    pub fn read(&self, path: &Path) -> anyhow::Result<Document> {
        if path == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
                .context("cannot read standard input")?;
            return Ok(Document::from_bytes(
                Path::new("<stdin>"),
                &bytes,
                self.encoding,
            )?);
        }
        Ok(Document::read(path, self.encoding)?)
    }

    pub fn mode(&self) -> bitext::Mode {
        if self.presegmented {
            bitext::Mode::Presegmented
        } else {
            bitext::Mode::Split
        }
    }
}

/// Where aligned documents go and in which formats; shared by the
/// subcommands that write alignments.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output; the format comes from the
    /// extension: .beads, .jsonl, .tsv, .csv and .xlsx (review tables for
    /// spreadsheets), or the language code of a side
    /// (`-o out.en -o out.de`: Moses-style line-aligned files). Repeat to
    /// write several formats from one alignment. Files are written
    /// atomically; an existing file is replaced only with --force.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Vec<PathBuf>,

    /// Output format when it cannot come from a file name (standard output,
    /// or a single -o with another extension): beads (the default on
    /// standard output), jsonl, tsv, csv, xlsx.
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,

    /// Replace output files that exist (without it, bitext refuses and
    /// says so, before doing any work).
    #[arg(long)]
    pub force: bool,

    /// Keep only beads at least this confident in the dataset formats
    /// (tsv, line-aligned files).
    #[arg(long, value_name = "X", value_parser = parse_probability)]
    pub min_confidence: Option<f64>,

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
}

fn parse_csv_profile(s: &str) -> Result<CsvProfile, String> {
    s.parse()
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
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
    /// Decides every output's format and checks that no file would be
    /// overwritten without --force, before any work is done.
    pub fn plan(&self, source: &Lang, target: &Lang) -> anyhow::Result<Vec<Output>> {
        if self.output.len() > 1 && self.format.is_some() {
            anyhow::bail!(
                "--format applies to one output; with several -o, name each format by its file extension"
            );
        }
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

    /// The writer options these arguments ask for; `csv_default` is the
    /// command's CSV profile when --csv-profile is not given (a command
    /// knows its users: spreadsheets for one pair, programs for batches).
    pub fn options(&self, csv_default: CsvProfile) -> Options {
        Options {
            min_confidence: self.min_confidence,
            csv_profile: self.csv_profile.unwrap_or(csv_default),
        }
    }

    /// Writes the documents to every planned output.
    pub fn write(
        &self,
        outputs: &[Output],
        docs: &[AlignedDocument],
        options: &Options,
    ) -> anyhow::Result<()> {
        for output in outputs {
            emit(output.path.as_ref(), self.force, |out| {
                let mut writer = output.format.writer(out, options);
                for doc in docs {
                    writer.document(doc)?;
                }
                writer.finish()
            })?;
        }
        Ok(())
    }
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
