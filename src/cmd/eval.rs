//! `bitext eval`: score an alignment against a gold alignment and print the
//! report, as text for people or as one JSON object for scripts.

use std::io::Write;
use std::path::PathBuf;

use bitext::eval::{self, Evaluation, Report};

use super::emit;

/// Score an alignment against a gold alignment.
///
/// Prints strict and lax precision, recall and F1 as the sentence-alignment
/// literature computes them on Text+Berg (Sennrich & Volk 2010; Vecalign,
/// Bertalign), a breakdown by bead type and, when the predicted beads carry
/// confidences, a reliability table with the expected calibration error.
///
/// Strict: a bead is right if the other alignment has the same bead. Lax: a
/// bead is right if one of its source sentences is aligned in the other
/// alignment with one of its target sentences. Precision is over all
/// predicted beads, null beads ([7]:[] or []:[9]) included; recall is over the
/// gold beads with sentences on both sides. With folders, counts are summed
/// over all documents before dividing.
///
/// Alignment files hold one bead per line, [source ids]:[target ids] with
/// 0-based sentence ids and an optional :confidence, e.g. [3]:[3, 4] or
/// [0]:[0]:0.93. Files ending in .jsonl are read as the JSON lines of
/// `bitext align` (fields source_ids, target_ids, confidence).
///
/// A file that mentions a sentence twice is an error. If gold and prediction
/// do not cover the same sentences (usually: different segmentations), bitext
/// warns and scores anyway.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    bitext eval corpus/atlantic-council/gold.txt aligned.beads\n  \
    bitext eval --pred-ext jsonl gold/ predictions/      # gold/a/doc.txt ↔ predictions/a/doc.jsonl\n  \
    bitext eval --json gold.txt pred.txt | jq .strict.f1")]
pub struct Args {
    /// The gold alignment: a file, or a folder of files (searched
    /// recursively; hidden files are skipped).
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,

    /// The alignment to score: a file, or a folder holding one prediction for
    /// every gold file, at the same relative path.
    #[arg(value_name = "PRED")]
    pub pred: PathBuf,

    /// With folders: the extension of the prediction files when it differs
    /// from the gold files' (gold doc.txt, prediction doc.beads:
    /// --pred-ext beads). Files are matched on their path without extension.
    #[arg(long, value_name = "EXT")]
    pub pred_ext: Option<String>,

    /// Print the report as one JSON object (keys documents, beads, strict,
    /// lax, types, calibration) instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.pred_ext.is_some() && !args.gold.is_dir() {
        anyhow::bail!(
            "--pred-ext only applies when GOLD and PRED are folders; {} is not a folder",
            args.gold.display()
        );
    }
    let pairs = eval::pair_files(&args.gold, &args.pred, args.pred_ext.as_deref())?;
    let mut evaluation = Evaluation::new();
    for (gold_path, pred_path) in &pairs {
        let gold = eval::read_beads(gold_path)?;
        let prediction = eval::read_beads(pred_path)?;
        let gaps = eval::coverage_gaps(&gold, &prediction);
        if !gaps.is_empty() {
            let gaps: Vec<String> = gaps.iter().map(ToString::to_string).collect();
            eprintln!(
                "bitext: warning: {} and {} do not cover the same sentences ({}); \
                 were they made from the same segmentation?",
                gold_path.display(),
                pred_path.display(),
                gaps.join("; ")
            );
        }
        evaluation.add(&gold, &prediction);
    }
    let report = evaluation.report();
    emit(None, false, |out| {
        if args.json {
            serde_json::to_writer(&mut *out, &report)?;
            writeln!(out)
        } else {
            write_report(out, &report)
        }
    })
}

/// The report for people: scores first, then the details.
fn write_report(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    writeln!(out, "documents  {}", report.documents)?;
    writeln!(
        out,
        "beads      {} gold, {} predicted",
        report.beads.gold, report.beads.predicted
    )?;
    writeln!(out)?;
    writeln!(out, "        precision  recall      F1")?;
    for (name, scores) in [("strict", report.strict), ("lax", report.lax)] {
        writeln!(
            out,
            "{name:<6}  {:>9.4}  {:>6.4}  {:>6.4}",
            scores.precision, scores.recall, scores.f1
        )?;
    }
    write_types(out, report)?;
    write_calibration(out, report)
}

fn write_types(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    writeln!(out)?;
    writeln!(out, "bead types (strict)")?;
    writeln!(
        out,
        "type   gold  found  recall  predicted  correct  precision"
    )?;
    for row in &report.types {
        writeln!(
            out,
            "{:<5} {:>5}  {:>5}  {:>6}  {:>9}  {:>7}  {:>9}",
            row.kind,
            row.gold,
            row.found,
            share(row.found, row.gold),
            row.predicted,
            row.correct,
            share(row.correct, row.predicted)
        )?;
    }
    Ok(())
}

fn write_calibration(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    writeln!(out)?;
    let Some(calibration) = &report.calibration else {
        return writeln!(out, "calibration: no predicted bead has a confidence");
    };
    writeln!(out, "calibration (strict accuracy by confidence)")?;
    writeln!(out, "confidence  beads  mean conf  accuracy")?;
    let last = calibration.bins.len().saturating_sub(1);
    for (i, bin) in calibration.bins.iter().enumerate() {
        let close = if i == last { ']' } else { ')' };
        writeln!(
            out,
            "[{:.1}, {:.1}{close} {:>6}  {:>9}  {:>8}",
            bin.lo,
            bin.hi,
            bin.count,
            decimal(bin.mean_confidence),
            decimal(bin.accuracy)
        )?;
    }
    writeln!(out, "ECE {:.4}", calibration.ece)?;
    match calibration.missing_confidence {
        0 => {}
        1 => writeln!(
            out,
            "1 predicted bead had no confidence and is left out of the calibration"
        )?,
        n => writeln!(
            out,
            "{n} predicted beads had no confidence and are left out of the calibration"
        )?,
    }
    Ok(())
}

/// `part / whole` with 4 decimals, or `-` when there is no whole.
fn share(part: usize, whole: usize) -> String {
    decimal((whole > 0).then(|| part as f64 / whole as f64))
}

fn decimal(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"))
}
