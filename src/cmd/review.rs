//! `bitext review`: read a reviewed spreadsheet (or the file the review
//! page saved) back and write the final corpus.

use std::path::PathBuf;

use bitext::Lang;
use bitext::review::{self, Unreviewed};
use bitext::write::{AlignedDocument, CsvProfile};

use super::OutputArgs;

/// Read a reviewed spreadsheet back and write the final corpus.
///
/// REVIEWED is a review table written by `bitext align -o review.csv` (any
/// profile, also as Excel saves it again) or `-o review.xlsx`, or the
/// review.json that the page of `-o review.html` saves, after a person
/// set the status column (on the page: the status of each bead): `ok` keeps a row as it is, `fix` keeps it with its
/// edited source and target text, `reject` leaves it out; rows without a
/// status follow --unreviewed. Rows are matched by their id, so sorting or
/// filtering the sheet is fine: a document's units come out in id order
/// (documents in the order of their first row).
///
/// Every row is checked first (header, ids, bead, confidence, status, texts
/// of kept rows); if anything is wrong, every problem is listed with its row
/// number (header = row 1) and nothing is written. Each kept row becomes one
/// unit with the row's texts; rows a person checked (ok, fix) get confidence
/// 1.0, unreviewed rows keep bitext's.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    bitext review review.xlsx -o final.tmx\n  \
    bitext review review.csv -o final.tsv\n  \
    bitext review review.json -o final.tmx\n  \
    bitext review --src-lang en --tgt-lang de-AT old-review.csv -o final.tmx\n  \
    bitext review --unreviewed above=0.9 review.xlsx -o corpus.en -o corpus.de\n  \
    bitext review --unreviewed drop review.xlsx -o checked.jsonl")]
pub struct Args {
    /// The reviewed file: CSV (UTF-8, or Windows-1252 as German Excel saves
    /// it, with a warning; `,`, `;` or TAB), XLSX (sheet "review"), or the
    /// JSON file the review page saves (review.json).
    pub reviewed: PathBuf,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Rows nobody gave a status: keep (with their confidence), drop, or
    /// above=X (keep those at least X confident, e.g. above=0.8).
    #[arg(long, value_name = "POLICY", default_value = "keep", value_parser = parse_unreviewed)]
    pub unreviewed: Unreviewed,

    /// Language of the source side (ISO 639-1, optional region: en, en-US).
    /// Default: the one the file names (the summary sheet of an XLSX, the
    /// #document rows of a CSV); needed for files that name none (older
    /// bitext). Given, it wins; if the file names another language, with a
    /// warning.
    #[arg(long, value_name = "LANG")]
    pub src_lang: Option<Lang>,

    /// Language of the target side. Default: the one the file names, as
    /// for --src-lang.
    #[arg(long, value_name = "LANG")]
    pub tgt_lang: Option<Lang>,
}

fn parse_unreviewed(s: &str) -> Result<Unreviewed, String> {
    s.parse()
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let path = &args.reviewed;
    let bytes = std::fs::read(path).map_err(|e| bitext::Error::io(path, e))?;
    let table = review::parse(path, &bytes)?;
    for warning in &table.warnings {
        eprintln!("bitext: warning: {warning}");
    }
    let reviewed = table.apply(args.unreviewed)?;
    let (source_lang, target_lang) =
        table.languages(args.src_lang.as_ref(), args.tgt_lang.as_ref())?;
    for conflict in table.language_conflicts(args.src_lang.as_ref(), args.tgt_lang.as_ref()) {
        eprintln!("bitext: warning: {conflict}");
    }
    let outputs = args.output.plan(&[path], &source_lang, &target_lang)?;
    let docs: Vec<AlignedDocument> = reviewed
        .documents
        .iter()
        .map(|doc| doc.aligned(&source_lang, &target_lang))
        .collect();
    // The final corpus is for programs and CAT tools: CSV as data.
    let options = args.output.writer.options(CsvProfile::Data)?;
    args.output.write(&outputs, &docs, &|_| false, &options)?;
    eprint!("bitext: {}: {}", path.display(), reviewed.summary);
    Ok(())
}
