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

use bitext::{Document, Encoding};

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

/// Sends output to a file (written atomically) or to standard output.
pub fn emit(
    output: Option<&PathBuf>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    match output {
        Some(path) => Ok(bitext::write::atomic(path, write)?),
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            write(&mut out).context("cannot write to standard output")?;
            out.flush().context("cannot write to standard output")?;
            Ok(())
        }
    }
}
