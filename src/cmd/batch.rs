//! `bitext batch`: build a parallel corpus from many document pairs.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;

use bitext::Lang;
use bitext::align::AlignedPair;
use bitext::corpus::batch::{
    self, DocumentSummary, LexiconSource, Outcome, Progress, Settings, Silent, Store,
};
use bitext::corpus::check;
use bitext::corpus::{Discovery, Languages, Orphan, PairSpec, discover};
use bitext::eval::{self, Evaluation};
use bitext::write::{
    AtomicFile, CsvProfile, Dropped, Format, Options, Writer, atomic, create_dir_within,
    guard_formula, one_line,
};

use super::{CheckArgs, Exit, InputArgs, Inputs, ModelArgs, SideEncodings, WriterArgs, left_out};

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
    let overwrite = args.force || args.resume;
    let groups = language_groups(&pairs);
    for target in corpus_files(&args, &groups) {
        if !overwrite && target.exists() {
            return Err(bitext::Error::OutputExists { path: target }.into());
        }
    }
    refuse_inputs_as_outputs(&args, &pairs, &groups)?;
    let aligner = args.model.aligner()?;
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
    for ((source, target), _) in &groups {
        settings.aligner.prepare_dictionary(source, target);
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
    let summary =
        pool.install(|| write_outputs(&args, &pairs, &outcomes, &groups, &store, orphans))?;
    report(&args, &summary)?;
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

/// The pairs of each language pair, in order of first appearance.
fn language_groups(pairs: &[PairSpec]) -> Vec<((Lang, Lang), Vec<usize>)> {
    let mut groups: Vec<((Lang, Lang), Vec<usize>)> = Vec::new();
    for (k, pair) in pairs.iter().enumerate() {
        let key = (pair.source_lang.clone(), pair.target_lang.clone());
        match groups.iter_mut().find(|(g, _)| *g == key) {
            Some((_, members)) => members.push(k),
            None => groups.push((key, vec![k])),
        }
    }
    groups
}

/// The name of the combined corpus of a language pair.
fn corpus_stem(groups: &[((Lang, Lang), Vec<usize>)], (source, target): &(Lang, Lang)) -> String {
    if groups.len() == 1 {
        "corpus".into()
    } else {
        format!("corpus.{source}-{target}")
    }
}

fn corpus_files(args: &Args, groups: &[((Lang, Lang), Vec<usize>)]) -> Vec<PathBuf> {
    let mut files = vec![args.output.join("summary.csv")];
    for (key, _) in groups {
        for format in &args.format.0 {
            files.push(corpus_file(args, groups, key, format));
        }
    }
    files
}

/// The corpus file of one language pair in one format.
fn corpus_file(
    args: &Args,
    groups: &[((Lang, Lang), Vec<usize>)],
    key: &(Lang, Lang),
    format: &Format,
) -> PathBuf {
    let name = format!(
        "{}.{}",
        corpus_stem(groups, key),
        format.extension(&key.0, &key.1)
    );
    args.output.join(name)
}

/// The files `--per-document` writes for a pair, one per format.
fn document_files(args: &Args, id: &str, source: &Lang, target: &Lang) -> Vec<PathBuf> {
    let stem = args
        .output
        .join("documents")
        .join(bitext::corpus::document_file_stem(id));
    args.format
        .0
        .iter()
        .map(|format| {
            let mut name = stem.file_name().unwrap_or_default().to_os_string();
            name.push(".");
            name.push(format.extension(source, target));
            stem.with_file_name(name)
        })
        .collect()
}

/// Refuses to start a batch that would write over one of its inputs (a
/// document, a manifest): checked before anything is aligned or written,
/// with or without `--force`.
fn refuse_inputs_as_outputs(
    args: &Args,
    pairs: &[PairSpec],
    groups: &[((Lang, Lang), Vec<usize>)],
) -> anyhow::Result<()> {
    let inputs = Inputs::new(
        args.inputs.iter().map(PathBuf::as_path).chain(
            pairs
                .iter()
                .flat_map(|p| [p.source.as_path(), p.target.as_path()]),
        ),
    );
    for path in corpus_files(args, groups) {
        inputs.refuse(&path)?;
    }
    if args.per_document {
        for pair in pairs {
            for path in document_files(args, &pair.id, &pair.source_lang, &pair.target_lang) {
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

/// Documents loaded at a time when the combined corpus is written.
const LOAD_SLICE: usize = 256;

/// What the batch produced, for the terminal, summary.csv and --json.
#[derive(Debug, Serialize)]
struct Summary {
    documents: usize,
    aligned: usize,
    resumed: usize,
    /// Stored from an earlier run but made from other inputs or settings:
    /// aligned again.
    stale: usize,
    /// The bead types every document is counted by (its columns).
    #[serde(skip)]
    bead_kinds: Vec<String>,
    failed: Vec<batch::Failure>,
    /// Documents found with no partner: not aligned, listed.
    orphans: Vec<Orphan>,
    source_sentences: usize,
    target_sentences: usize,
    beads: BTreeMap<String, usize>,
    /// Over the beads that pair sentences, as per document.
    mean_confidence: Option<f64>,
    below_half: usize,
    /// The documents that do not look like translations of each other, left
    /// out of the corpus formats (none with --allow-unrelated).
    unrelated: Vec<String>,
    warnings: Vec<String>,
    /// What the corpus files left out by choice (--min-confidence,
    /// --dedup), by file name.
    left_out: BTreeMap<String, Dropped>,
    /// The same, as sentences for the terminal.
    #[serde(skip)]
    notes: Vec<String>,
    outputs: Vec<PathBuf>,
    gold: Option<eval::Report>,
    per_document: Vec<DocumentSummary>,
}

fn write_outputs(
    args: &Args,
    pairs: &[PairSpec],
    outcomes: &[Outcome],
    groups: &[((Lang, Lang), Vec<usize>)],
    store: &Store,
    orphans: Vec<Orphan>,
) -> anyhow::Result<Summary> {
    let overwrite = args.force || args.resume;
    let options = args.writer.options(CsvProfile::Data)?;
    let kinds = bitext::align::bead_kinds(usize::from(args.model.max_bead));
    let policy = args.checks.policy();
    let mut summary = Summary {
        bead_kinds: kinds.clone(),
        documents: pairs.len(),
        aligned: 0,
        resumed: 0,
        stale: 0,
        failed: Vec::new(),
        orphans,
        source_sentences: 0,
        target_sentences: 0,
        beads: BTreeMap::new(),
        mean_confidence: None,
        below_half: 0,
        unrelated: Vec::new(),
        warnings: Vec::new(),
        left_out: BTreeMap::new(),
        notes: Vec::new(),
        outputs: Vec::new(),
        gold: None,
        per_document: Vec::new(),
    };
    let mut evaluation = Evaluation::new();
    let mut confidence_sum = 0.0;
    let mut bead_count = 0;
    for (key, members) in groups {
        let mut files = Vec::new();
        for format in &args.format.0 {
            let path = corpus_file(args, groups, key, format);
            files.push((path.clone(), AtomicFile::create(&path, overwrite)?));
            summary.outputs.push(path);
        }
        {
            let mut writers: Vec<Box<dyn Writer + '_>> = files
                .iter_mut()
                .zip(&args.format.0)
                .map(|((_, file), format)| format.writer(file, &options))
                .collect();
            // Documents are loaded (parsed) in parallel, a slice at a time,
            // and written in order.
            for slice in members.chunks(LOAD_SLICE) {
                let loaded: Vec<Option<bitext::Result<AlignedPair>>> = slice
                    .par_iter()
                    .map(|&k| {
                        matches!(outcomes[k], Outcome::Done { .. })
                            .then(|| store.load(&pairs[k].id))
                    })
                    .collect();
                for (&k, pair) in slice.iter().zip(loaded) {
                    match &outcomes[k] {
                        Outcome::Failed(failure) => summary.failed.push(failure.clone()),
                        Outcome::Done {
                            resumed,
                            stale,
                            notes,
                        } => {
                            let pair = pair.expect("loaded for every aligned document")?;
                            let findings = check::after_aligning(&pair);
                            let withheld = findings.iter().any(|f| policy.withholds(f));
                            for (writer, format) in writers.iter_mut().zip(&args.format.0) {
                                if !(withheld && format.is_corpus()) {
                                    writer.document(&pair.view())?;
                                }
                            }
                            if args.per_document {
                                write_document(args, &pair, &options, overwrite, withheld)?;
                            }
                            let gold = args
                                .gold
                                .then(|| score(&pairs[k], &pair, &mut evaluation))
                                .flatten();
                            let mut doc = DocumentSummary::of(&pair, &kinds, &findings);
                            if withheld {
                                doc.warnings.push(format!(
                                    "left out of {}",
                                    corpus_formats(args).join(", ")
                                ));
                                summary.unrelated.push(doc.id.clone());
                            }
                            doc.warnings.extend(pairs[k].notes.iter().cloned());
                            doc.warnings.extend(notes.iter().cloned());
                            doc.warnings.extend(gold);
                            summary.aligned += 1;
                            summary.resumed += usize::from(*resumed);
                            summary.stale += usize::from(*stale);
                            summary.source_sentences += doc.source_sentences;
                            summary.target_sentences += doc.target_sentences;
                            for (kind, n) in &doc.beads {
                                *summary.beads.entry(kind.clone()).or_insert(0) += n;
                            }
                            for bead in pair.alignment.beads.iter().filter(|b| !b.is_null()) {
                                confidence_sum += bead.confidence;
                                bead_count += 1;
                            }
                            summary.below_half += doc.below_half;
                            summary
                                .warnings
                                .extend(doc.warnings.iter().map(|w| format!("{}: {w}", doc.id)));
                            summary.per_document.push(doc);
                        }
                    }
                }
            }
            for (writer, path) in writers
                .iter_mut()
                .zip(&summary.outputs[summary.outputs.len() - args.format.0.len()..])
            {
                writer.finish()?;
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                summary
                    .warnings
                    .extend(writer.warnings().iter().map(|w| format!("{name}: {w}")));
                if let Some(message) = left_out(writer.dropped(), &options) {
                    summary.notes.push(format!("{name}: {message}"));
                    summary.left_out.insert(name, writer.dropped());
                }
            }
        }
        for (_, file) in files {
            file.commit()?;
        }
    }
    summary.mean_confidence = (bead_count > 0).then(|| confidence_sum / bead_count as f64);
    if args.gold {
        summary.gold = Some(evaluation.report());
    }
    let path = args.output.join("summary.csv");
    atomic(&path, overwrite, |out| {
        write_summary_csv(out, pairs, outcomes, &summary)
    })?;
    summary.outputs.push(path);
    Ok(summary)
}

/// The corpus formats asked for (those unrelated documents are left out
/// of), by name.
fn corpus_formats(args: &Args) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for format in args.format.0.iter().filter(|f| f.is_corpus()) {
        let name = match format {
            Format::Moses(_) | Format::MosesIds => "moses".to_string(),
            other => other.to_string(),
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Writes one document's own files; a `withheld` document goes only into
/// the review formats (the corpus formats' files are written without it).
fn write_document(
    args: &Args,
    pair: &AlignedPair,
    options: &Options,
    overwrite: bool,
    withheld: bool,
) -> anyhow::Result<()> {
    let paths = document_files(args, &pair.id, &pair.source_lang, &pair.target_lang);
    for (format, path) in args.format.0.iter().zip(paths) {
        if let Some(parent) = path.parent() {
            create_dir_within(&args.output, parent)?;
        }
        atomic(&path, overwrite, |out| {
            let mut writer = format.writer(out, options);
            if !(withheld && format.is_corpus()) {
                writer.document(&pair.view())?;
            }
            writer.finish()
        })?;
    }
    Ok(())
}

/// Scores a pair against the gold.txt beside its source, if there is one.
/// A gold file that is there but cannot be read or parsed is not scored and
/// comes back as a warning naming the file and line: skipping it silently
/// would report a score over fewer documents than the user gave.
fn score(spec: &PairSpec, pair: &AlignedPair, evaluation: &mut Evaluation) -> Option<String> {
    let gold_path = spec.source.parent()?.join("gold.txt");
    if !gold_path.exists() {
        return None;
    }
    let gold = match eval::read_beads(&gold_path) {
        Ok(gold) => gold,
        Err(e) => return Some(format!("gold not scored: {e}")),
    };
    let predicted: Vec<eval::ScoredBead> = pair
        .alignment
        .beads
        .iter()
        .map(|b| {
            eval::ScoredBead::new(b.source.clone().collect(), b.target.clone().collect())
                .with_confidence(b.confidence)
        })
        .collect();
    evaluation.add(&gold, &predicted);
    None
}

fn write_summary_csv(
    out: &mut dyn Write,
    pairs: &[PairSpec],
    outcomes: &[Outcome],
    summary: &Summary,
) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let kinds = &summary.bead_kinds;
    let mut header: Vec<String> = [
        "id",
        "status",
        "source_sentences",
        "target_sentences",
        "beads",
    ]
    .map(String::from)
    .into();
    header.extend(kinds.iter().map(|k| format!("beads_{k}")));
    header.extend(
        [
            "parallel_probability",
            "mean_confidence",
            "below_0.5",
            "unaligned_share",
            "warnings",
            "error",
        ]
        .map(String::from),
    );
    csv.write_record(&header)?;
    // Every row has every column; a failed document's figures are empty.
    let empty = header.len() - 3;
    let mut docs = summary.per_document.iter();
    // People open the summary in spreadsheets: an id or a message
    // starting with = + - @ must not run as a formula there.
    let text = |cell: &str| guard_formula(&one_line(cell)).into_owned();
    let unrelated: std::collections::HashSet<&str> =
        summary.unrelated.iter().map(String::as_str).collect();
    for (pair, outcome) in pairs.iter().zip(outcomes) {
        let mut record = vec![text(&pair.id)];
        match outcome {
            Outcome::Failed(failure) => {
                record.push("failed".into());
                record.extend(std::iter::repeat_n(String::new(), empty));
                record.push(text(&failure.reason()));
            }
            Outcome::Done { .. } => {
                let doc = docs.next().expect("a summary for every aligned document");
                let status = if unrelated.contains(doc.id.as_str()) {
                    "unrelated"
                } else {
                    "aligned"
                };
                record.push(status.into());
                record.push(doc.source_sentences.to_string());
                record.push(doc.target_sentences.to_string());
                record.push(doc.beads.values().sum::<usize>().to_string());
                record.extend(
                    kinds
                        .iter()
                        .map(|k| doc.beads.get(k).copied().unwrap_or(0).to_string()),
                );
                record.push(format!("{:.4}", doc.parallel_probability));
                record.push(
                    doc.mean_confidence
                        .map_or(String::new(), |m| format!("{m:.4}")),
                );
                record.push(doc.below_half.to_string());
                record.push(format!("{:.4}", doc.unaligned_share));
                record.push(text(&doc.warnings.join("; ")));
                record.push(String::new());
            }
        }
        csv.write_record(&record)?;
    }
    for orphan in &summary.orphans {
        let mut record = vec![text(&orphan.path.display().to_string()), "orphan".into()];
        record.extend(std::iter::repeat_n(String::new(), empty));
        record.push(text(&orphan.to_string()));
        csv.write_record(&record)?;
    }
    csv.flush()
}

fn report(args: &Args, summary: &Summary) -> anyhow::Result<()> {
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
    for note in &summary.notes {
        writeln!(err, "  {note}")?;
    }
    if !summary.unrelated.is_empty() {
        writeln!(
            err,
            "{} document pairs do not look like translations of each other, left out of {} \
             (--allow-unrelated writes them): {}{}",
            summary.unrelated.len(),
            corpus_formats(args).join(", "),
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
