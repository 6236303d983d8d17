//! `bitext segment`: split a document into sentences and print them.

use std::io::Write;
use std::path::PathBuf;

use bitext::{Lang, Segmenter, Sentence};

use super::{InputArgs, emit};

/// Split a document into sentences.
///
/// Prints one sentence per line with a blank line between paragraphs (the
/// presegmented input format of bitext and other aligners), or JSON lines
/// with paragraph and sentence ids. Leading metadata such as
/// `date 2025-08-21` is recognised and left out.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext segment corpus/atlantic-council/de.txt\n  bitext segment --lang fr --format jsonl article.txt"
)]
pub struct Args {
    /// The document to split (`-` reads standard input).
    pub file: PathBuf,

    /// Language of the document (ISO 639-1, e.g. de, en, fr, or de-DE).
    /// Default: taken from the file name (de.txt, article.de.txt,
    /// article_de.txt), else detected from the text.
    #[arg(long, short = 'l', value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Write to this file instead of standard output (atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// One sentence per line, a blank line between paragraphs.
    Text,
    /// One JSON object per sentence: {"sentence", "paragraph", "text"}.
    Jsonl,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if let Some(output) = &args.output {
        super::refuse_input_as_output(&[&args.file], output)?;
    }
    let document = args.input.read(&args.file)?;
    let lang = Lang::resolve(args.lang.as_ref(), &document.path, &document.text())?;
    let sentences = Segmenter::new(&lang).segment(&document, &args.input.mode()?);
    emit(args.output.as_ref(), args.force, |out| match args.format {
        Format::Text => write_text(out, &sentences),
        Format::Jsonl => write_jsonl(out, &sentences),
    })
}

fn write_text(out: &mut dyn Write, sentences: &[Sentence]) -> std::io::Result<()> {
    for (i, sentence) in sentences.iter().enumerate() {
        if i > 0 && sentences[i - 1].paragraph != sentence.paragraph {
            writeln!(out)?;
        }
        writeln!(out, "{}", sentence.text)?;
    }
    Ok(())
}

fn write_jsonl(out: &mut dyn Write, sentences: &[Sentence]) -> std::io::Result<()> {
    for sentence in sentences {
        serde_json::to_writer(&mut *out, sentence)?;
        writeln!(out)?;
    }
    Ok(())
}
