//! `bitext lexicon`: the batch lexicon in steps that a distributed engine
//! runs. `learn` is a map step (the first pass over a shard of streaming
//! requests), `merge` the reduce step (associative and order-independent,
//! so it runs as a tree), and `bitext align --jsonl --lexicon FILE` the map
//! step that aligns with the merged lexicon: together they give what
//! `bitext batch` gives on all the documents at once.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use bitext::align::{Aligner, LexiconCounts, Model, Side};
use bitext::corpus::batch::fnv1a;
use bitext::corpus::check::Policy;
use bitext::write::AtomicFile;
use bitext::{Lang, Mode, Segmenter};

use super::stream::{Checked, StreamFormat};
use super::{InputArgs, ModelArgs};

/// Learn the batch lexicon in pieces, on a cluster.
///
/// `bitext lexicon learn < shard.jsonl > shard.counts` runs the first pass
/// over the streaming requests of one shard (as `bitext align --jsonl`
/// reads them) and writes what it teaches; `bitext lexicon merge *.counts >
/// all.counts` merges such files (in any order or grouping, the same
/// bytes); `bitext align --jsonl --lexicon all.counts` aligns every request
/// with the merged lexicon, exactly as `bitext batch` aligns the same
/// documents (learning beads capped at 20,000 per language pair, taken in
/// order of document id).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    bitext lexicon learn < shard1.jsonl > shard1.counts\n  \
    bitext lexicon merge shard1.counts shard2.counts -o all.counts\n  \
    bitext align --jsonl --lexicon all.counts < shard1.jsonl > shard1.aligned.jsonl")]
pub struct Args {
    #[command(subcommand)]
    pub step: Step,
}

#[derive(Debug, clap::Subcommand)]
pub enum Step {
    Learn(LearnArgs),
    Merge(MergeArgs),
}

/// The map step: read streaming requests (JSON lines {"id", "source",
/// "target", "source_lang", "target_lang"}) on standard input, run the
/// first pass of each, and write the lexicon counts (a versioned JSON-lines
/// file, see the README). A line that is no request, whose documents cannot
/// be read, or that `bitext batch` would refuse (a text in another language
/// than declared, one document twice) is reported on standard error and not
/// learned from.
#[derive(Debug, clap::Args)]
pub struct LearnArgs {
    /// Write the counts to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,

    /// Language of the sources when a request names none (default:
    /// detected).
    #[arg(long, value_name = "LANG")]
    pub src_lang: Option<Lang>,

    /// Language of the targets when a request names none.
    #[arg(long, value_name = "LANG")]
    pub tgt_lang: Option<Lang>,

    /// Learn from a request even when a text is clearly in another
    /// language than declared (as `bitext batch --trust-lang` aligns it).
    /// Without it such a request is not learned from, as `bitext batch`
    /// fails the pair; nor is one whose two documents are the same.
    #[arg(long)]
    pub trust_lang: bool,

    /// What the input lines are, as for `bitext align --jsonl`: json (the
    /// requests above) or bitextor (Bitextor's document pairs; each is
    /// learned under its two URLs, which are unique across shards where line
    /// numbers are not).
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "json")]
    pub stream_format: StreamFormat,

    #[command(flatten)]
    pub model: ModelArgs,

    #[command(flatten)]
    pub input: InputArgs,
}

/// The reduce step: merge lexicon counts files into one. Associative and
/// order-independent: any tree of merges over the same files gives the
/// same bytes.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Counts files written by `bitext lexicon learn` or `merge`.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Write the merged counts to FILE (atomically) instead of standard
    /// output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.step {
        Step::Learn(args) => learn(args),
        Step::Merge(args) => {
            let counts = LexiconCounts::read_files(&args.files)?;
            write(&counts, args.output.as_deref(), args.force)
        }
    }
}

/// What the counts are gathered with, as one stable key: the aligner's
/// settings and the segmentation. Counts gathered otherwise would not give
/// the lexicon of one run, so merging and aligning refuse them.
pub fn settings(aligner: &Aligner, mode: &Mode) -> String {
    let segmentation = match mode {
        Mode::Split => "split".to_string(),
        Mode::Presegmented => "presegmented".to_string(),
        Mode::Srx(rules) => format!("srx {}", rules.path().display()),
    };
    let described = format!("{} segmentation={segmentation}", aligner.fingerprint());
    format!("{:016x}", fnv1a(&described))
}

/// The lexicon learned from a counts file, checked to be gathered with the
/// settings of this run.
pub fn load(path: &Path, aligner: &Aligner, mode: &Mode) -> anyhow::Result<Model> {
    Ok(aligner.learn_counts(&counts(path, aligner, mode)?))
}

/// A counts file, checked to be gathered with the settings of this run.
pub fn counts(path: &Path, aligner: &Aligner, mode: &Mode) -> anyhow::Result<LexiconCounts> {
    let counts = LexiconCounts::read_files(&[path])?;
    let expected = settings(aligner, mode);
    if counts.settings() != expected {
        anyhow::bail!(
            "{}: the lexicon counts were gathered with other settings (key {}) than this run's \
             (key {expected}); give `bitext lexicon learn` the same --max-bead, --null-cost, \
             --null-extend, --dict and segmentation options as this command",
            path.display(),
            counts.settings()
        );
    }
    Ok(counts)
}

fn learn(args: LearnArgs) -> anyhow::Result<()> {
    let aligner = args.model.aligner()?;
    let mode = args.input.mode()?;
    if let (Some(source), Some(target)) = (&args.src_lang, &args.tgt_lang) {
        aligner.prepare_dictionary(source, target);
    }
    let mut counts = LexiconCounts::new(&settings(&aligner, &mode));
    // The requests `bitext align --jsonl` would refuse, as `bitext batch`
    // fails such pairs, are not learned from.
    let stream = super::stream::Settings {
        aligner: &aligner,
        mode: &mode,
        source_lang: args.src_lang.as_ref(),
        target_lang: args.tgt_lang.as_ref(),
        policy: Policy {
            trust_languages: args.trust_lang,
            allow_unrelated: true,
        },
        format: args.stream_format,
        model: None,
    };
    super::stream::for_each_request(args.stream_format, |number, request| {
        let checked = request
            .map_err(|bad| format!("line {number}: {}", bad.message))
            .and_then(|request| {
                super::stream::checked(&stream, &request)
                    .map(|checked| (request.learning_key(), checked))
                    .map_err(|e| format!("line {number}: {e}"))
            });
        let (
            name,
            Checked {
                source: (source, source_lang),
                target: (target, target_lang),
                ..
            },
        ) = match checked {
            Ok(checked) => checked,
            Err(message) => {
                eprintln!("bitext: warning: {message}; not learned from");
                return Ok(());
            }
        };
        let source = Segmenter::new(&source_lang).segment(&source, &mode);
        let target = Segmenter::new(&target_lang).segment(&target, &mode.for_translation());
        let observation = aligner.observe(
            Side {
                sentences: &source,
                lang: &source_lang,
            },
            Side {
                sentences: &target,
                lang: &target_lang,
            },
        );
        if !counts.insert(&name, observation) {
            anyhow::bail!(
                "line {number}: the id {name:?} ({source_lang}-{target_lang}) is on an \
                 earlier line too; give every document its own id"
            );
        }
        Ok(())
    })?;
    write(&counts, args.output.as_deref(), args.force)
}

/// Writes counts to `output` (atomically) or standard output.
fn write(counts: &LexiconCounts, output: Option<&Path>, force: bool) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            let mut file = AtomicFile::create(path, force)?;
            counts
                .write(&mut file)
                .map_err(|e| bitext::Error::write(path, e))?;
            file.commit()?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            counts
                .write(&mut out)
                .and_then(|()| out.flush())
                .context("cannot write the counts to standard output")?;
        }
    }
    Ok(())
}
