//! `bitext batch`: build a parallel corpus from many document pairs.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;

use bitext::Lang;
use bitext::corpus::batch::{self, LexiconSource, Progress, Settings, Silent, Store};
use bitext::corpus::output::{Outputs, Summary};
use bitext::corpus::{Discovery, Languages, PairSpec, discover};
use bitext::write::{CsvProfile, Format};

use super::{
    CheckArgs, Exit, InputArgs, Inputs, ModelArgs, SideEncodings, UnitsArgs, WriterArgs, left_out,
};

/// Align many document pairs into one parallel corpus, on all cores.
///
/// INPUT is a folder of pair folders, found at any depth (`<name>/en.txt` +
/// `<name>/de.txt`, as in corpus/), of flat pairs (`<name>.en.txt` +
/// `<name>.de.txt`, or `<name>.en` + `<name>.de`), a folder of parallel
/// folders (`en/<name>.txt` + `de/<name>.txt`), or a manifest (CSV or TSV
/// with the header `id,source,target[,source_lang,target_lang]`, paths
/// relative to the manifest). Without --src-lang, the original is taken to
/// be English.
///
/// Writes OUTDIR/corpus.<format> (one file per format, the document id in
/// every unit; one per language pair if there are several),
/// OUTDIR/summary.csv, and with --per-document OUTDIR/documents/<id>.<format>.
/// Documents that cannot be read, are empty, or are in another language than
/// declared are reported and skipped, and so is every document of the
/// batch's languages that has no partner; the exit status is then 1.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    bitext batch corpus -o out/\n  \
    bitext batch manifest.tsv -o out/ --format jsonl,tsv,moses --threads 8\n  \
    bitext batch corpus -o out/ --gold --json")]
pub struct Args {
    /// Folders of document pairs, or manifests.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// The folder to write the corpus, the summary and the batch state into.
    #[arg(long, short = 'o', value_name = "OUTDIR")]
    pub output: PathBuf,

    /// Formats of the combined corpus, comma-separated: tmx, jsonl, hf
    /// (Hugging Face translation pairs, corpus.hf.jsonl), tsv, parquet, beads, csv
    /// and xlsx (review tables, read back by `bitext review`), html (a
    /// review page that saves a review file for `bitext review`), moses
    /// (line-aligned files named by language code, with corpus.ids saying
    /// where each line comes from).
    #[arg(long, short = 'f', value_name = "LIST", default_value = "tmx,jsonl,tsv", value_parser = parse_formats)]
    pub format: Formats,

    /// Also write each document's alignment to OUTDIR/documents/.
    #[arg(long)]
    pub per_document: bool,

    /// Threads to use (default: all cores). Results are the same whatever
    /// the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,

    /// Print no progress bar and no summary on the terminal.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Print the summary as JSON on standard output.
    #[arg(long)]
    pub json: bool,

    /// Skip documents already aligned in OUTDIR by an earlier, interrupted
    /// run; the corpus comes out the same as from one uninterrupted run.
    #[arg(long)]
    pub resume: bool,

    /// Replace the corpus files in OUTDIR if they exist.
    #[arg(long)]
    pub force: bool,

    /// Score every pair that has a gold.txt beside it, and the whole batch.
    /// A gold.txt that cannot be read or parsed is not scored and is
    /// reported as a warning naming the file and line.
    #[arg(long)]
    pub gold: bool,

    /// Learn the translation lexicon from the whole batch (`batch`, the
    /// default, more accurate), from each document alone (`document`, as
    /// `bitext align` and `bitext align --jsonl` do), or from a counts FILE
    /// of `bitext lexicon learn` or `merge` (the lexicon of the collection
    /// it was gathered from; a file named batch or document: ./batch).
    #[arg(long, value_name = "batch|document|FILE", default_value = "batch", value_parser = parse_lexicon)]
    pub lexicon: LexiconScope,

    /// Language of the originals (default: taken from the file names;
    /// English if a pair has English).
    #[arg(long, value_name = "LANG")]
    pub src_lang: Option<Lang>,

    /// Language of the translations (default: the other language found).
    #[arg(long, value_name = "LANG")]
    pub tgt_lang: Option<Lang>,

    #[command(flatten)]
    pub checks: CheckArgs,

    #[command(flatten)]
    pub writer: WriterArgs,

    #[command(flatten)]
    pub units: UnitsArgs,

    #[command(flatten)]
    pub model: ModelArgs,

    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub encodings: SideEncodings,
}

/// Where `--lexicon` says the lexicon comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexiconScope {
    Batch,
    Document,
    Counts(PathBuf),
}

fn parse_lexicon(value: &str) -> Result<LexiconScope, String> {
    Ok(match value {
        "batch" => LexiconScope::Batch,
        "document" => LexiconScope::Document,
        "" => return Err("give batch, document or a counts file".into()),
        path => LexiconScope::Counts(PathBuf::from(path)),
    })
}

/// The formats asked for, each name expanded (`moses` is two files).
#[derive(Debug, Clone)]
pub struct Formats(Vec<Format>);

fn parse_formats(list: &str) -> Result<Formats, String> {
    let mut formats = Vec::new();
    for name in list.split(',').filter(|n| !n.trim().is_empty()) {
        for format in Format::named(name)? {
            if !formats.contains(&format) {
                formats.push(format);
            }
        }
    }
    if formats.is_empty() {
        return Err("name at least one format".into());
    }
    Ok(Formats(formats))
}

pub fn run(args: Args) -> anyhow::Result<Exit> {
    let languages = Languages {
        source: args.src_lang.clone(),
        target: args.tgt_lang.clone(),
    };
    let Discovery { pairs, orphans } = discover(&args.inputs, &languages)?;
    if pairs.is_empty() {
        anyhow::bail!(
            "no document pairs found in {}{}; see `bitext batch --help` for the layouts bitext recognises",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            match orphans.as_slice() {
                [] => String::new(),
                [first, ..] => format!(
                    ", only {} documents without partner (such as {first})",
                    orphans.len()
                ),
            }
        );
    }
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("{}: cannot create the folder", args.output.display()))?;
    let mut outputs = Outputs {
        folder: args.output.clone(),
        formats: args.format.0.clone(),
        options: args.writer.options(CsvProfile::Data)?,
        per_document: args.per_document,
        gold: args.gold,
        overwrite: args.force || args.resume,
        policy: args.checks.policy(),
        bead_kinds: bitext::align::bead_kinds(usize::from(args.model.max_bead)),
        sentence_units: None,
    };
    outputs.refuse_existing(&pairs)?;
    refuse_inputs_as_outputs(&args, &pairs, &outputs)?;
    let aligner = args.model.aligner()?;
    outputs.sentence_units = args.units.sentences().then(|| aligner.clone());
    let mode = args.input.mode()?;
    let lexicon = match &args.lexicon {
        LexiconScope::Batch => LexiconSource::Batch,
        LexiconScope::Document => LexiconSource::Document,
        LexiconScope::Counts(path) => {
            LexiconSource::Counts(super::lexicon::counts(path, &aligner, &mode)?)
        }
    };
    let settings = Settings {
        aligner,
        mode,
        encodings: args.encodings.resolve(args.input.encoding),
        format: args.input.input_format.0,
        lexicon,
        policy: args.checks.policy(),
    };
    let mut languages: Vec<(&Lang, &Lang)> = Vec::new();
    for pair in &pairs {
        let key = (&pair.source_lang, &pair.target_lang);
        if !languages.contains(&key) {
            settings.aligner.prepare_dictionary(key.0, key.1);
            languages.push(key);
        }
    }
    let store = Store::new(args.output.join(".bitext").join("documents"))?;
    let bar = Bar::new(!args.quiet && std::io::stderr().is_terminal());
    let progress: &dyn Progress = match &bar {
        Some(bar) => bar,
        None => &Silent,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, usize::from))
        .build()
        .context("cannot start the worker threads")?;
    let outcomes = pool.install(|| batch::run(&pairs, &settings, &store, args.resume, progress));
    if let Some(bar) = bar {
        bar.0.finish_and_clear();
    }
    let summary = pool.install(|| outputs.write(&pairs, &outcomes, &store, orphans))?;
    report(&args, &outputs, &summary)?;
    let failed = summary.failed.len();
    if failed > 0 {
        anyhow::bail!(
            "{failed} of {} document pairs failed (see above); the others are in the corpus",
            pairs.len()
        );
    }
    if !summary.orphans.is_empty() {
        anyhow::bail!(
            "{} documents have no partner to be aligned with (see above); the {} pairs found are in the corpus",
            summary.orphans.len(),
            pairs.len()
        );
    }
    Ok(if summary.unrelated.is_empty() {
        Exit::Done
    } else {
        Exit::Unrelated
    })
}

/// Refuses to start a batch that would write over one of its inputs (a
/// document, a manifest): checked before anything is aligned or written,
/// with or without `--force`.
fn refuse_inputs_as_outputs(
    args: &Args,
    pairs: &[PairSpec],
    outputs: &Outputs,
) -> anyhow::Result<()> {
    let inputs = Inputs::new(
        args.inputs.iter().map(PathBuf::as_path).chain(
            pairs
                .iter()
                .flat_map(|p| [p.source.as_path(), p.target.as_path()]),
        ),
    );
    for path in outputs.corpus_files(pairs) {
        inputs.refuse(&path)?;
    }
    if args.per_document {
        for pair in pairs {
            for path in outputs.document_files(pair) {
                inputs.refuse(&path)?;
            }
        }
    }
    Ok(())
}

/// A progress bar on standard error.
struct Bar(indicatif::ProgressBar);

impl Bar {
    fn new(show: bool) -> Option<Bar> {
        show.then(|| {
            let bar = indicatif::ProgressBar::new(0);
            let style = indicatif::ProgressStyle::with_template(
                "{msg:>9} [{bar:40}] {percent:>3}% ({eta} left)",
            )
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_message("starting");
            Bar(bar)
        })
    }
}

impl Progress for Bar {
    fn start(&self, total: usize) {
        self.0.set_length(total as u64);
        self.0.reset_eta();
    }

    fn phase(&self, name: &str) {
        self.0.set_message(name.to_string());
    }

    fn advance(&self, done: usize) {
        self.0.set_position(done as u64);
    }
}

fn report(args: &Args, outputs: &Outputs, summary: &Summary) -> anyhow::Result<()> {
    if args.json {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        serde_json::to_writer_pretty(&mut out, summary)?;
        writeln!(out)?;
    }
    if args.quiet {
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "{} of {} document pairs aligned{}; {} failed",
        summary.aligned,
        summary.documents,
        match (summary.resumed, summary.stale) {
            (0, 0) => String::new(),
            (resumed, 0) => format!(" ({resumed} from the earlier run)"),
            (resumed, stale) => format!(
                " ({resumed} from the earlier run, {stale} aligned again: their inputs or settings changed)"
            ),
        },
        summary.failed.len()
    )?;
    // Each option that mends some failures is named once, after them.
    let mut hints: Vec<String> = Vec::new();
    for failure in &summary.failed {
        writeln!(err, "  failed: {}: {}", failure.id, failure.reason())?;
        let hint = match &failure.cause {
            batch::Cause::Error(error) => super::hint::for_error(error),
            batch::Cause::Refused(finding) => super::hint::for_finding(finding),
        };
        if let Some(hint) = hint.filter(|h| !hints.contains(h)) {
            hints.push(hint);
        }
    }
    for hint in hints {
        writeln!(err, "  hint: {hint}")?;
    }
    for orphan in &summary.orphans {
        writeln!(err, "  no partner: {orphan}")?;
    }
    let beads: Vec<String> = summary
        .beads
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    writeln!(
        err,
        "{} source and {} target sentences; beads: {}; mean confidence {}; {} below 0.5",
        summary.source_sentences,
        summary.target_sentences,
        beads.join(", "),
        summary
            .mean_confidence
            .map_or("-".to_string(), |m| format!("{m:.3}")),
        summary.below_half
    )?;
    for (name, dropped) in &summary.left_out {
        if let Some(message) = left_out(*dropped, &outputs.options) {
            writeln!(err, "  {name}: {message}")?;
        }
    }
    if !summary.unrelated.is_empty() {
        writeln!(
            err,
            "{} document pairs do not look like translations of each other, left out of {} \
             (--allow-unrelated writes them): {}{}",
            summary.unrelated.len(),
            outputs.corpus_formats().join(", "),
            summary.unrelated[..summary.unrelated.len().min(20)].join(", "),
            if summary.unrelated.len() > 20 {
                ", … (see summary.csv)"
            } else {
                ""
            }
        )?;
    }
    for warning in summary.warnings.iter().take(20) {
        writeln!(err, "  warning: {warning}")?;
    }
    if summary.warnings.len() > 20 {
        writeln!(
            err,
            "  … {} more warnings in summary.csv",
            summary.warnings.len() - 20
        )?;
    }
    if let Some(gold) = &summary.gold {
        writeln!(
            err,
            "against gold ({} documents): strict P {:.4} R {:.4} F1 {:.4}, lax F1 {:.4}",
            gold.documents, gold.strict.precision, gold.strict.recall, gold.strict.f1, gold.lax.f1
        )?;
    }
    for output in &summary.outputs {
        writeln!(err, "wrote {}", output.display())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// The help names every format `--format` takes.
    #[test]
    fn help_lists_every_format() {
        let command = crate::cmd::Cli::command();
        let batch = command.find_subcommand("batch").unwrap();
        let format = batch
            .get_arguments()
            .find(|a| a.get_id() == "format")
            .unwrap();
        let help = format
            .get_long_help()
            .or(format.get_help())
            .unwrap()
            .to_string();
        for name in Format::NAMES.iter().chain(&["moses"]) {
            assert!(parse_formats(name).is_ok(), "{name}");
            assert!(help.contains(name), "--format help lacks {name}: {help}");
        }
    }
}
