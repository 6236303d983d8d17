//! `bitext align --jsonl`: a map step for distributed engines. Reads one
//! JSON object per line on standard input and writes one JSON line of
//! aligned beads per input line, in order, with constant memory, so that it
//! runs under Spark (`RDD.pipe`), Hadoop Streaming, Ray or GNU parallel.
//!
//! Every input line gets exactly one output line, whatever it holds (invalid
//! UTF-8, no JSON, a missing field, nothing, too many bytes): the output
//! stays line-aligned with the input, and one bad line costs one error
//! record, not the task.
//!
//! Each pair goes through the checks `align` and `batch` make
//! ([`bitext::corpus::check`]): one the policy refuses (a declared language
//! the text clearly contradicts, the same text twice) is answered with an
//! error line; the others (documents that do not look parallel, very
//! different lengths) are answered with the beads and the findings as
//! warnings, since the answer is for a program that filters, as the
//! `jsonl` output of `align` is.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use bitext::align::{Aligner, Model};
use bitext::corpus::bitextor;
use bitext::corpus::check::{self, Declared, Finding, Policy};
use bitext::{Document, Lang, Mode};

/// The longest input line read, in bytes without the newline: a bound on
/// memory that a line of a few gigabytes (a broken export, a binary file)
/// cannot push the process past. A request is two documents; 64 MiB is
/// some ten thousand pages of text.
const MAX_LINE_BYTES: usize = 64 << 20;

/// What the input lines are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StreamFormat {
    /// A JSON object per line: {"id", "source", "target", "source_lang",
    /// "target_lang"}.
    Json,
    /// Bitextor's document pairs: source URL, target URL, base64 source
    /// text, base64 target text, separated by tabs.
    Bitextor,
}

/// One input line.
#[derive(Debug, Deserialize)]
pub struct Request {
    id: serde_json::Value,
    source: String,
    target: String,
    source_lang: Option<String>,
    target_lang: Option<String>,
    /// The documents' URLs, from a Bitextor line.
    #[serde(skip)]
    urls: Option<(String, String)>,
}

impl Request {
    /// What the document is learned under by `bitext lexicon learn`: its
    /// id, or for a Bitextor line, whose id is its line number in one shard,
    /// its two URLs, which stay unique when a crawl is learned in shards.
    pub fn learning_key(&self) -> String {
        match (&self.urls, &self.id) {
            (Some((source, target)), _) => format!("{source} {target}"),
            (None, serde_json::Value::String(id)) => id.clone(),
            (None, other) => other.to_string(),
        }
    }
}

/// How each pair is aligned and checked, the same for every line.
pub struct Settings<'a> {
    pub aligner: &'a Aligner,
    pub mode: &'a Mode,
    /// The languages of the run, for requests that declare none.
    pub source_lang: Option<&'a Lang>,
    pub target_lang: Option<&'a Lang>,
    pub policy: Policy,
    pub format: StreamFormat,
    /// The lexicon to align with, learned from a whole collection (`bitext
    /// lexicon`): each pair is then aligned as `bitext batch` aligns it.
    /// `None`: each pair learns from itself.
    pub model: Option<&'a Model>,
}

/// One output line: the beads, or the error that stopped this document.
#[derive(Debug, Serialize)]
struct Response {
    id: serde_json::Value,
    /// The input line (from 1), for an error on a line whose id is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parallel: Option<f64>,
    /// What the checks found that did not stop the pair, as messages:
    /// always there when the beads are, so that a filter can count on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    warnings: Option<Vec<String>>,
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

/// Streams standard input to standard output. A line that cannot be read
/// or aligned gives `{"id": …, "error": "…"}` (with `"line"` when the id is
/// unknown) and the stream goes on, so one bad document does not fail a
/// whole task of a distributed job. Only a failure to read standard input
/// or to write standard output ends the run with an error.
pub fn run(settings: &Settings) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for_each_request(settings.format, |number, request| {
        let response = match request {
            Ok(request) => align(settings, request),
            Err(bad) => Response::bad_line(number, bad),
        };
        serde_json::to_writer(&mut out, &response)?;
        writeln!(out)?;
        out.flush()?;
        Ok(())
    })
}

/// Reads standard input line by line, calling `each` with the line number
/// (from 1) and the request, or why the line is none. Only a failure to
/// read standard input, or one of `each`, ends it early.
pub fn for_each_request(
    format: StreamFormat,
    mut each: impl FnMut(u64, Result<Request, BadLine>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut bytes = Vec::new();
    for number in 1u64.. {
        let Some(length) = read_line(&mut input, MAX_LINE_BYTES, &mut bytes)
            .with_context(|| format!("cannot read line {number} of standard input"))?
        else {
            break;
        };
        let request = match format {
            StreamFormat::Json => parse(&bytes, length),
            StreamFormat::Bitextor => parse_bitextor(number, &bytes, length),
        };
        each(number, request)?;
    }
    Ok(())
}

/// How long a line read by [`read_line`] was.
#[derive(Debug, PartialEq, Eq)]
enum LineLength {
    /// At most the limit: the buffer holds the whole line.
    Whole,
    /// Longer than the limit, this many bytes: the buffer is empty.
    Over(u64),
}

/// Reads one line into `line`, without its `\n`, reusing the buffer. A
/// line longer than `limit` bytes is read to its end but not kept, so that
/// memory stays bounded by `limit` and the next line starts where it should.
/// A last line without newline counts. `None` at the end of the input.
fn read_line(
    input: &mut impl BufRead,
    limit: usize,
    line: &mut Vec<u8>,
) -> std::io::Result<Option<LineLength>> {
    line.clear();
    let mut length = 0u64;
    let mut started = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        started = true;
        let newline = available.iter().position(|&b| b == b'\n');
        let content = &available[..newline.unwrap_or(available.len())];
        length += content.len() as u64;
        if length <= limit as u64 {
            line.extend_from_slice(content);
        } else {
            line.clear();
        }
        let used = newline.map_or(available.len(), |at| at + 1);
        input.consume(used);
        if newline.is_some() {
            break;
        }
    }
    let length = if length <= limit as u64 {
        LineLength::Whole
    } else {
        LineLength::Over(length)
    };
    Ok(started.then_some(length))
}

/// Why an input line is not a request.
#[derive(Debug)]
pub struct BadLine {
    /// The request's id, when the line is an object with a usable one.
    id: Option<serde_json::Value>,
    pub message: String,
}

impl BadLine {
    fn new(message: String) -> BadLine {
        BadLine { id: None, message }
    }
}

/// The problem of a line over [`MAX_LINE_BYTES`].
fn too_long(length: LineLength) -> Result<(), String> {
    match length {
        LineLength::Whole => Ok(()),
        LineLength::Over(length) => Err(format!(
            "longer than the limit of {} MiB ({length} bytes)",
            MAX_LINE_BYTES >> 20
        )),
    }
}

/// Reads Bitextor line `number` as a request whose id is the line number
/// (Bitextor lines have no id; a URL may be in several pairs) and whose
/// languages are those of the run.
fn parse_bitextor(number: u64, bytes: &[u8], length: LineLength) -> Result<Request, BadLine> {
    let bad = |message: String| BadLine {
        id: Some(number.into()),
        message,
    };
    too_long(length).map_err(bad)?;
    let pair = bitextor::parse_line(bytes).map_err(|e| bad(e.to_string()))?;
    Ok(Request {
        id: number.into(),
        source: pair.source,
        target: pair.target,
        source_lang: None,
        target_lang: None,
        urls: Some((pair.source_url, pair.target_url)),
    })
}

/// Reads one input line as a request.
fn parse(bytes: &[u8], length: LineLength) -> Result<Request, BadLine> {
    too_long(length).map_err(BadLine::new)?;
    let text = std::str::from_utf8(bytes)
        .map_err(|e| BadLine::new(format!("not valid UTF-8 at byte {}", e.valid_up_to())))?;
    if text.trim().is_empty() {
        return Err(BadLine::new("empty line, no request".to_string()));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        BadLine::new(format!(
            "not JSON at column {}: {}",
            e.column(),
            bitext::error::json_message(&e)
        ))
    })?;
    let serde_json::Value::Object(fields) = &value else {
        return Err(BadLine::new(format!(
            "not a JSON object but {}",
            kind(&value)
        )));
    };
    let id = match fields.get("id") {
        None => return Err(BadLine::new("missing field `id`".to_string())),
        Some(id @ (serde_json::Value::String(_) | serde_json::Value::Number(_))) => id.clone(),
        Some(other) => {
            return Err(BadLine::new(format!(
                "\"id\" must be a string or a number, not {}",
                kind(other)
            )));
        }
    };
    serde_json::from_value(value).map_err(|e| BadLine {
        id: Some(id),
        message: e.to_string(),
    })
}

/// The kind of a JSON value, for error messages.
fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl Response {
    fn error(id: serde_json::Value, message: String) -> Response {
        Response {
            id,
            line: None,
            source_url: None,
            target_url: None,
            source_lang: None,
            target_lang: None,
            parallel: None,
            warnings: None,
            beads: None,
            error: Some(message),
        }
    }

    /// The answer to input line `number`, which is not a request: by its
    /// id where the line has one, otherwise by the line number, which is
    /// also in the message for people reading the log.
    fn bad_line(number: u64, bad: BadLine) -> Response {
        let message = format!("line {number}: {}", bad.message);
        match bad.id {
            Some(id) => Response::error(id, message),
            None => Response {
                line: Some(number),
                ..Response::error(serde_json::Value::Null, message)
            },
        }
    }
}

fn align(settings: &Settings, request: Request) -> Response {
    let id = request.id.clone();
    match try_align(settings, request) {
        Ok(response) => response,
        Err(message) => Response::error(id, message),
    }
}

/// A request's documents, read and checked: its id as a name, both
/// documents with their languages, and what the checks found that the
/// policy lets through.
pub struct Checked {
    pub name: String,
    pub source: (Document, Lang),
    pub target: (Document, Lang),
    pub noted: Vec<Finding>,
}

/// Reads and checks the documents of a request, or says why it is not
/// aligned: a document that cannot be read, a language that cannot be
/// told, or the findings the policy refuses (each naming the request's id
/// and the side, `7/source`).
pub fn checked(settings: &Settings, request: &Request) -> Result<Checked, String> {
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
    let message = |e: bitext::Error| e.to_string();
    let (source_doc, source_lang) = read(
        &request.source,
        "source",
        settings.source_lang,
        &request.source_lang,
    )
    .map_err(message)?;
    let (target_doc, target_lang) = read(
        &request.target,
        "target",
        settings.target_lang,
        &request.target_lang,
    )
    .map_err(message)?;
    let (source_text, target_text) = (source_doc.text(), target_doc.text());
    let (refused, noted) = settings.policy.sort(check::before_aligning(
        Declared::new(&source_doc.path, &source_text, &source_lang),
        Declared::new(&target_doc.path, &target_text, &target_lang),
    ));
    if !refused.is_empty() {
        return Err(refused.iter().map(refusal).collect::<Vec<_>>().join("; "));
    }
    Ok(Checked {
        name,
        source: (source_doc, source_lang),
        target: (target_doc, target_lang),
        noted,
    })
}

/// Aligns one request, or says why not (see [`checked`]).
fn try_align(settings: &Settings, request: Request) -> Result<Response, String> {
    let Checked {
        name,
        source: (source_doc, source_lang),
        target: (target_doc, target_lang),
        noted,
    } = checked(settings, &request)?;
    let (source, target) = ((source_doc, &source_lang), (target_doc, &target_lang));
    let pair = match settings.model {
        Some(model) => {
            (settings.aligner).align_documents_learned(model, &name, source, target, settings.mode)
        }
        None => (settings.aligner).align_documents(&name, source, target, settings.mode),
    };
    let warnings = noted
        .iter()
        .chain(&check::after_aligning(&pair))
        .map(ToString::to_string)
        .collect();
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
    let (source_url, target_url) = request.urls.unzip();
    Ok(Response {
        id: request.id,
        line: None,
        source_url,
        target_url,
        source_lang: Some(pair.source_lang.to_string()),
        target_lang: Some(pair.target_lang.to_string()),
        parallel: Some((pair.alignment.parallel * 10_000.0).round() / 10_000.0),
        warnings: Some(warnings),
        beads: Some(beads),
        error: None,
    })
}

/// A refused finding as its error message, with the option that lets it
/// through where there is one. (A request's own language fields come
/// before --src-lang and --tgt-lang, so only --trust-lang is named.)
fn refusal(finding: &Finding) -> String {
    match finding {
        Finding::WrongLanguage { declared, .. } => format!(
            "{finding} (if {} is right, give --trust-lang)",
            declared.code()
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of `input` as [`read_line`] gives it with `limit`, read
    /// through a buffer of 3 bytes so that lines span several reads.
    fn lines(input: &[u8], limit: usize) -> Vec<(String, LineLength)> {
        let mut reader = std::io::BufReader::with_capacity(3, input);
        let mut line = Vec::new();
        let mut lines = Vec::new();
        while let Some(length) = read_line(&mut reader, limit, &mut line).unwrap() {
            lines.push((String::from_utf8(line.clone()).unwrap(), length));
        }
        lines
    }

    fn whole(text: &str) -> (String, LineLength) {
        (text.to_string(), LineLength::Whole)
    }

    #[test]
    fn reads_lines_without_their_newline() {
        assert_eq!(
            lines(b"one\n\ntwo\r\nthree", 8),
            [whole("one"), whole(""), whole("two\r"), whole("three")]
        );
        assert_eq!(lines(b"", 8), []);
        assert_eq!(lines(b"\n", 8), [whole("")]);
    }

    #[test]
    fn skips_over_a_line_longer_than_the_limit() {
        assert_eq!(
            lines(b"12345678\n123456789\nnext\n1234567890", 8),
            [
                whole("12345678"),
                (String::new(), LineLength::Over(9)),
                whole("next"),
                (String::new(), LineLength::Over(10)),
            ]
        );
    }

    #[test]
    fn a_long_line_is_not_kept_in_memory() {
        let input = [b'x'; 10_000];
        let mut reader = std::io::BufReader::with_capacity(64, &input[..]);
        let mut line = Vec::new();
        let length = read_line(&mut reader, 100, &mut line).unwrap();
        assert_eq!(length, Some(LineLength::Over(10_000)));
        assert!(line.capacity() <= 200, "{}", line.capacity());
    }

    #[test]
    fn a_bad_line_is_answered_by_line_number_or_id() {
        let answer = |line: &[u8], length| {
            let bad = parse(line, length).unwrap_err();
            let response = Response::bad_line(7, bad);
            (response.id, response.line, response.error.unwrap())
        };
        let by_line = |message: &str| (serde_json::Value::Null, Some(7), message.to_string());
        assert_eq!(
            answer(b"{\"id\": \"\xff\"}", LineLength::Whole),
            by_line("line 7: not valid UTF-8 at byte 8")
        );
        assert_eq!(
            answer(b"{\"id\": ", LineLength::Whole),
            by_line("line 7: not JSON at column 7: EOF while parsing a value")
        );
        assert_eq!(
            answer(b"", LineLength::Over(1 << 30)),
            by_line("line 7: longer than the limit of 64 MiB (1073741824 bytes)")
        );
        assert_eq!(
            answer(br#"{"id": "x", "target": ""}"#, LineLength::Whole),
            (
                "x".into(),
                None,
                "line 7: missing field `source`".to_string()
            )
        );
    }

    #[test]
    fn a_bad_bitextor_line_is_answered_by_its_line_number() {
        let answer = |line: &[u8], length| {
            let bad = parse_bitextor(7, line, length).unwrap_err();
            let response = Response::bad_line(7, bad);
            (response.id, response.line, response.error.unwrap())
        };
        assert_eq!(
            answer(b"", LineLength::Over(100 << 20)),
            (
                7.into(),
                None,
                "line 7: longer than the limit of 64 MiB (104857600 bytes)".to_string()
            )
        );
        let (id, _, error) = answer(b"a\tb", LineLength::Whole);
        assert_eq!(id, 7);
        assert!(error.starts_with("line 7: 2 fields, not 4"), "{error}");
        let request = parse_bitextor(7, b"a\tb\tSGVsbG8u\tSGFsbG8u", LineLength::Whole).unwrap();
        assert_eq!(
            (request.id, request.source, request.target),
            (7.into(), "Hello.".into(), "Hallo.".into())
        );
        assert_eq!(request.urls, Some(("a".into(), "b".into())));
    }

    proptest::proptest! {
        /// Any input, through any buffer size and limit, gives one line per
        /// line of the input (a last one without newline counts), and every
        /// line parses to a request or a bad line, never a panic.
        #[test]
        fn every_line_of_any_input_is_answered(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::prelude::Just(b"{\"id\":1,\"source\":\"a\",\"target\":\"b\"}".to_vec()),
                    proptest::prelude::Just(b"\n".to_vec()),
                    proptest::collection::vec(proptest::prelude::any::<u8>(), 0..20),
                ],
                0..20,
            ),
            capacity in 1usize..16,
            limit in 0usize..64,
        ) {
            let input: Vec<u8> = parts.concat();
            let expected = input.iter().filter(|&&b| b == b'\n').count()
                + usize::from(input.last().is_some_and(|&b| b != b'\n'));
            let mut reader = std::io::BufReader::with_capacity(capacity, input.as_slice());
            let mut line = Vec::new();
            let mut count = 0;
            while let Some(length) = read_line(&mut reader, limit, &mut line).unwrap() {
                proptest::prop_assert!(line.len() <= limit);
                let _ = parse(&line, length);
                count += 1;
            }
            proptest::prop_assert_eq!(count, expected);
        }
    }
}
