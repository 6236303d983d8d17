//! `bitext align --jsonl`: a map step for distributed engines. Reads one
//! JSON object per line on standard input and writes one JSON line of
//! aligned beads per input line, in order, with constant memory, so that it
//! runs under Spark (`RDD.pipe`), Hadoop Streaming, Ray or GNU parallel.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use bitext::align::Aligner;
use bitext::{Document, Lang, Mode};

/// One input line.
#[derive(Debug, Deserialize)]
struct Request {
    id: serde_json::Value,
    source: String,
    target: String,
    source_lang: Option<String>,
    target_lang: Option<String>,
}

/// One output line: the beads, or the error that stopped this document.
#[derive(Debug, Serialize)]
struct Response {
    id: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parallel: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    beads: Option<Vec<BeadOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct BeadOut {
    bead: String,
    source_ids: Vec<usize>,
    target_ids: Vec<usize>,
    source: Vec<String>,
    target: Vec<String>,
    confidence: f64,
}

/// Streams standard input to standard output. A line that cannot be aligned
/// gives `{"id": …, "error": "…"}` and the stream goes on, so one bad
/// document does not fail a whole task of a distributed job.
pub fn run(
    aligner: &Aligner,
    mode: Mode,
    source_lang: Option<&Lang>,
    target_lang: Option<&Lang>,
) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (index, line) in stdin.lock().lines().enumerate() {
        let line = line.context("cannot read standard input")?;
        if line.trim().is_empty() {
            continue;
        }
        let response = match serde_json::from_str::<Request>(&line) {
            Ok(request) => align(aligner, mode, source_lang, target_lang, request),
            Err(e) => Response::error(
                serde_json::Value::Null,
                format!("input line {}: not a request: {e}", index + 1),
            ),
        };
        serde_json::to_writer(&mut out, &response)?;
        writeln!(out)?;
        out.flush()?;
    }
    Ok(())
}

impl Response {
    fn error(id: serde_json::Value, message: String) -> Response {
        Response {
            id,
            source_lang: None,
            target_lang: None,
            parallel: None,
            beads: None,
            error: Some(message),
        }
    }
}

fn align(
    aligner: &Aligner,
    mode: Mode,
    source_lang: Option<&Lang>,
    target_lang: Option<&Lang>,
    request: Request,
) -> Response {
    let id = request.id.clone();
    match try_align(aligner, mode, source_lang, target_lang, request) {
        Ok(response) => response,
        Err(e) => Response::error(id, e.to_string()),
    }
}

fn try_align(
    aligner: &Aligner,
    mode: Mode,
    source_lang: Option<&Lang>,
    target_lang: Option<&Lang>,
    request: Request,
) -> bitext::Result<Response> {
    let name = match &request.id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let read = |text: &str,
                side: &str,
                given: Option<&Lang>,
                line_lang: &Option<String>|
     -> bitext::Result<(Document, Lang)> {
        let path = Path::new(&name).join(side);
        let document = Document::from_text(&path, text)?;
        let lang = match line_lang {
            Some(code) => Lang::parse(code)?,
            None => Lang::resolve(given, &path, &document.text())?,
        };
        Ok((document, lang))
    };
    let (source_doc, source_lang) =
        read(&request.source, "source", source_lang, &request.source_lang)?;
    let (target_doc, target_lang) =
        read(&request.target, "target", target_lang, &request.target_lang)?;
    let pair = aligner.align_documents(
        &name,
        (&source_doc, &source_lang),
        (&target_doc, &target_lang),
        mode,
    );
    let texts = |sentences: &[bitext::Sentence]| sentences.iter().map(|s| s.text.clone()).collect();
    let beads = pair
        .alignment
        .beads
        .iter()
        .map(|b| BeadOut {
            bead: b.kind(),
            source_ids: b.source.clone().collect(),
            target_ids: b.target.clone().collect(),
            source: texts(&pair.source[b.source.clone()]),
            target: texts(&pair.target[b.target.clone()]),
            confidence: (b.confidence * 10_000.0).round() / 10_000.0,
        })
        .collect();
    Ok(Response {
        id: request.id,
        source_lang: Some(pair.source_lang.to_string()),
        target_lang: Some(pair.target_lang.to_string()),
        parallel: Some((pair.alignment.parallel * 10_000.0).round() / 10_000.0),
        beads: Some(beads),
        error: None,
    })
}
