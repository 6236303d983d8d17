//! `bitext align`: align a translation with its original.

use std::path::{Path, PathBuf};

use bitext::align::{Aligner, Config, Dictionary, Params, Side};
use bitext::write::{AlignedDocument, CsvProfile};
use bitext::{Lang, Segmenter};

use super::{InputArgs, OutputArgs};

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
    bitext align en.txt de.txt -o corpus.tsv -o corpus.en -o corpus.de\n  \
    bitext align en.txt de.txt -o review.xlsx -o review.csv\n  \
    bitext align en.txt de.txt -o review.csv --csv-profile excel\n  \
    bitext align --presegmented --src-lang de --tgt-lang fr dev.de dev.fr")]
pub struct Args {
    /// The original document.
    pub source: PathBuf,

    /// The translation.
    pub target: PathBuf,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Language of the source (ISO 639-1, optional region: en, en-US).
    /// Default: from the file name, else detected.
    #[arg(long, value_name = "LANG")]
    pub src_lang: Option<Lang>,

    /// Language of the target. Default: from the file name, else detected.
    #[arg(long, value_name = "LANG")]
    pub tgt_lang: Option<Lang>,

    /// A bilingual dictionary to help: `target @ source` per line
    /// (hunalign's format) or `source<TAB>target`.
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,

    /// Largest number of sentences on one side of a bead: with N, beads of
    /// up to N + 1 sentences in all (4 allows 1-4, 2-3, 3-2 and 4-1).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=8))]
    pub max_bead: u8,

    /// Cost of leaving a sentence unaligned (a 1-0 or 0-1 bead). Lower it
    /// when the translation drops or adds much, raise it when it is close.
    #[arg(long, value_name = "COST", default_value_t = Params::default().null_cost)]
    pub null_cost: f64,

    /// Cost of each further unaligned sentence right after one on the same
    /// side: whole passages without counterpart cost less than as many
    /// scattered sentences.
    #[arg(long, value_name = "COST", default_value_t = Params::default().null_extend)]
    pub null_extend: f64,

    #[command(flatten)]
    pub input: InputArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let source_doc = args.input.read(&args.source)?;
    let target_doc = args.input.read(&args.target)?;
    let source_lang = Lang::resolve(args.src_lang.as_ref(), &source_doc.path, &source_doc.text())?;
    let target_lang = Lang::resolve(args.tgt_lang.as_ref(), &target_doc.path, &target_doc.text())?;
    let outputs = args.output.plan(&source_lang, &target_lang)?;
    let source = Segmenter::new(&source_lang).segment(&source_doc, args.input.mode());
    let target = Segmenter::new(&target_lang).segment(&target_doc, args.input.mode());

    let mut config = Config {
        max_bead: usize::from(args.max_bead),
        ..Config::default()
    };
    config.params.null_cost = args.null_cost;
    config.params.null_extend = args.null_extend;
    if let Some(path) = &args.dict {
        config.dictionary = Some(Dictionary::read(path)?);
    }
    let alignment = Aligner::new(config).align(
        Side {
            sentences: &source,
            lang: &source_lang,
        },
        Side {
            sentences: &target,
            lang: &target_lang,
        },
    );
    let id = document_id(&args.source, &args.target);
    let doc = AlignedDocument {
        id: &id,
        source: &source,
        target: &target,
        source_lang: &source_lang,
        target_lang: &target_lang,
        alignment: &alignment,
    };
    let options = args.output.options(CSV_PROFILE);
    args.output.write(&outputs, &[doc], &options)
}

/// The CSV profile of `bitext align` without --csv-profile: one pair's
/// review file, opened by translators in a spreadsheet, often German Excel.
const CSV_PROFILE: CsvProfile = CsvProfile::ExcelDe;

/// A name for the pair: the folder both files are in (`atlantic-council`),
/// else the source file's stem.
fn document_id(source: &Path, target: &Path) -> String {
    let folder = |p: &Path| {
        p.parent()
            .and_then(|d| d.file_name())
            .map(|n| n.to_string_lossy().into_owned())
    };
    match (folder(source), folder(target)) {
        (Some(a), Some(b)) if a == b => a,
        _ => source
            .file_stem()
            .map_or_else(|| "doc".to_string(), |s| s.to_string_lossy().into_owned()),
    }
}
