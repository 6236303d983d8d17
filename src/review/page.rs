//! The file the review page saves (`review.json`, see
//! [`crate::write::html`]) as a review table: one row per bead, in the
//! columns of the spreadsheets, so that the same checks and the same
//! rebuilding apply to it as to a reviewed CSV or workbook. The rows are
//! numbered by bead, from 1 through all documents, as the page numbers
//! them, and problems name beads ([`Locus::Bead`]).
//!
//! The file comes from a browser and may have been edited or cut off on
//! the way, so it is read as hostile: its size and number of beads are
//! bounded before anything is built, a document or bead that cannot be
//! read is a typed error naming it, and what the page may change (which
//! sentences a bead holds, after moves, joins and splits) is checked as
//! the sentence ids of spreadsheet rows are: every sentence of both sides
//! once, in order, up to the number of sentences the document has.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result, ReviewFileProblem};
use crate::lang::Lang;
use crate::review::sheet::{Sheet, SheetRow};
use crate::review::{Contents, Locus, Place, Stated};
use crate::write::html::{PAGE_FORMAT, PAGE_VERSION, PageBead, PageDocument, PageSentence};
use crate::write::table::{COLUMNS, ids, row_id};

/// How much a review page's file may hold.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    /// Bytes of the file (it is read whole, and a JSON value takes a few
    /// times its text).
    pub bytes: usize,
    /// Beads of all documents: as many as a workbook has rows.
    pub beads: usize,
    /// Sentences of one side of a document.
    pub sentences: usize,
}

/// A review of a million beads of a few hundred bytes each fits.
const LIMITS: Limits = Limits {
    bytes: 512 << 20,
    beads: 1_048_575,
    sentences: 16 << 20,
};

/// Reads the file the review page saved as a review table.
pub(super) fn read(path: &Path, bytes: &[u8]) -> Result<Sheet> {
    read_within(path, bytes, &LIMITS)
}

pub(super) fn read_within(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Sheet> {
    let fail = |problem: ReviewFileProblem| Error::Review {
        path: path.to_path_buf(),
        problem,
    };
    if bytes.len() > limits.bytes {
        return Err(fail(ReviewFileProblem::PageTooLarge {
            what: format!("the file has {} bytes", bytes.len()),
            limit: format!("{} MiB", limits.bytes >> 20),
        }));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|cause| {
        fail(ReviewFileProblem::PageJson {
            line: cause.line(),
            column: cause.column(),
            cause,
        })
    })?;
    check_marker(&value).map_err(fail)?;
    let documents = value
        .get("documents")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            fail(ReviewFileProblem::PageDocument {
                document: 1,
                reason: "the file has no list \"documents\"".to_string(),
            })
        })?;
    let mut sheet = Sheet {
        rows: vec![SheetRow {
            number: 0,
            cells: COLUMNS.iter().map(|c| c.to_string()).collect(),
        }],
        contents: Some(Contents::default()),
        locus: Locus::Bead,
        ..Sheet::default()
    };
    let mut stated = Vec::new();
    let mut languages = Vec::new();
    for (k, value) in documents.iter().enumerate() {
        let doc = PageDocument::<Value>::deserialize(value).map_err(|e| {
            fail(ReviewFileProblem::PageDocument {
                document: k + 1,
                reason: e.to_string(),
            })
        })?;
        let first = sheet.rows.len();
        if first - 1 + doc.beads.len() > limits.beads {
            return Err(fail(ReviewFileProblem::PageTooLarge {
                what: format!("document {} takes the file beyond", k + 1),
                limit: format!("{} beads", limits.beads),
            }));
        }
        for (side, count) in [
            ("source", doc.source_sentences),
            ("target", doc.target_sentences),
        ] {
            if count > limits.sentences {
                return Err(fail(ReviewFileProblem::PageTooLarge {
                    what: format!("document {} says it has {count} {side} sentences", k + 1),
                    limit: format!("{} sentences a side", limits.sentences),
                }));
            }
        }
        for (index, value) in doc.beads.iter().enumerate() {
            let number = sheet.rows.len();
            let bead = PageBead::deserialize(value)
                .map_err(|e| e.to_string())
                .and_then(|bead| within(bead, &doc, limits))
                .map_err(|reason| {
                    fail(ReviewFileProblem::PageBead {
                        doc: doc.id.clone(),
                        bead: number,
                        reason,
                    })
                })?;
            sheet.rows.push(SheetRow {
                number,
                cells: cells(&doc.id, index, &bead),
            });
        }
        stated.push(Stated {
            ordinal: k + 1,
            doc: doc.id.clone(),
            beads: doc.beads.len(),
            source: doc.source_sentences,
            target: doc.target_sentences,
            // A document's problems are told at its first bead.
            place: Place {
                sheet: None,
                row: first,
            },
        });
        languages.push((k + 1, doc.source_lang, doc.target_lang));
    }
    let (source_lang, target_lang) = agreed_languages(path, &languages, &mut sheet.warnings);
    sheet.source_lang = source_lang;
    sheet.target_lang = target_lang;
    sheet.contents = Some(Contents {
        total: Some((
            stated.len(),
            Place {
                sheet: None,
                row: 1,
            },
        )),
        documents: stated,
        beads: None,
    });
    Ok(sheet)
}

/// Whether `bytes` are a review page itself (which holds no review: the
/// reviewer's work is in the file it saves).
pub(super) fn is_page(bytes: &[u8]) -> bool {
    let marker = format!("\"format\":\"{PAGE_FORMAT}\"");
    bytes.trim_ascii_start().starts_with(b"<")
        && bytes.windows(marker.len()).any(|w| w == marker.as_bytes())
}

/// The file must say it is a review page's file, of the version read here.
fn check_marker(value: &Value) -> Result<(), ReviewFileProblem> {
    if value.get("format").and_then(Value::as_str) != Some(PAGE_FORMAT) {
        return Err(ReviewFileProblem::NotAPage {
            expected: PAGE_FORMAT,
        });
    }
    match value.get("version") {
        Some(version) if version.as_u64() == Some(PAGE_VERSION) => Ok(()),
        found => Err(ReviewFileProblem::PageVersion {
            found: found.map_or("(none)".to_string(), Value::to_string),
            supported: PAGE_VERSION,
        }),
    }
}

/// A bead whose sentence ids are within the limits (so that counting past
/// them cannot overflow); whether they are the right ones is checked with
/// the rows.
fn within(bead: PageBead, doc: &PageDocument<Value>, limits: &Limits) -> Result<PageBead, String> {
    let beyond = |s: &PageSentence| s.id >= limits.sentences;
    if let Some(s) = bead.source.iter().chain(&bead.target).find(|s| beyond(s)) {
        return Err(format!(
            "sentence id {} is beyond the limit of {} sentences a side (document {})",
            s.id, limits.sentences, doc.id
        ));
    }
    Ok(bead)
}

/// A bead as the cells of a review table row (see [`COLUMNS`]): the id
/// from its position, the ids and bead type from its sentences, their
/// texts joined. A side with an emptied sentence is written empty, so that
/// a kept bead is refused as a row whose text was emptied is: the
/// sentence would vanish from the corpus.
fn cells(doc: &str, index: usize, bead: &PageBead) -> Vec<String> {
    let side = |sentences: &[PageSentence]| {
        let list: Vec<usize> = sentences.iter().map(|s| s.id).collect();
        let text = if sentences.iter().any(|s| s.text.trim().is_empty()) {
            String::new()
        } else {
            let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
            texts.join(" ")
        };
        (ids_of(&list), text)
    };
    let (source_ids, source) = side(&bead.source);
    let (target_ids, target) = side(&bead.target);
    vec![
        row_id(doc, index),
        doc.to_string(),
        source_ids,
        target_ids,
        format!("{}-{}", bead.source.len(), bead.target.len()),
        bead.confidence.to_string(),
        bead.status.clone(),
        source,
        target,
        String::new(),
    ]
}

/// Sentence ids in the notation of the review table, `[3, 4]`, as given
/// (the table's reader checks that they are consecutive).
fn ids_of(list: &[usize]) -> String {
    match (list.first(), list.last()) {
        (Some(&first), Some(&last)) if last >= first && last - first + 1 == list.len() => {
            ids(&(first..last + 1))
        }
        _ => {
            let list: Vec<String> = list.iter().map(usize::to_string).collect();
            format!("[{}]", list.join(", "))
        }
    }
}

/// The languages of the file, if every document names the same readable
/// ones; otherwise none, with a warning (they must then be given).
fn agreed_languages(
    path: &Path,
    languages: &[(usize, String, String)],
    warnings: &mut Vec<String>,
) -> (Option<Lang>, Option<Lang>) {
    let mut agreed = |side: &str, of: fn(&(usize, String, String)) -> &String| {
        let first = languages.first()?;
        let lang = match Lang::parse(of(first)) {
            Ok(lang) => lang,
            Err(_) => {
                warnings.push(format!(
                    "{}: document 1 names {:?} as its {side} language, which is no language \
                     code (such as de or de-DE): name the language on the command line",
                    path.display(),
                    of(first)
                ));
                return None;
            }
        };
        match languages.iter().find(|l| of(l) != of(first)) {
            None => Some(lang),
            Some(other) => {
                warnings.push(format!(
                    "{}: the documents name different {side} languages ({} in document 1, {} \
                     in document {}), and one is written for the whole file: name it on the \
                     command line",
                    path.display(),
                    of(first),
                    of(other),
                    other.0
                ));
                None
            }
        }
    };
    let source = agreed("source", |l| &l.1);
    let target = agreed("target", |l| &l.2);
    (source, target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Unreviewed, parse};
    use crate::write::html::PageFile;

    fn sentence(id: usize, text: &str) -> PageSentence {
        PageSentence {
            id,
            text: text.to_string(),
        }
    }

    fn bead(source: &[usize], target: &[usize], status: &str) -> PageBead {
        PageBead {
            source: source
                .iter()
                .map(|&i| sentence(i, &format!("S{i}.")))
                .collect(),
            target: target
                .iter()
                .map(|&i| sentence(i, &format!("T{i}.")))
                .collect(),
            confidence: 0.75,
            status: status.to_string(),
        }
    }

    /// A document `d` of three source and three target sentences.
    fn file(beads: Vec<PageBead>) -> PageFile {
        PageFile {
            format: PAGE_FORMAT.to_string(),
            version: PAGE_VERSION,
            documents: vec![PageDocument {
                id: "d".to_string(),
                source_lang: "en".to_string(),
                target_lang: "de".to_string(),
                source_sentences: 3,
                target_sentences: 3,
                beads,
            }],
        }
    }

    fn bytes(file: &PageFile) -> Vec<u8> {
        serde_json::to_vec_pretty(file).unwrap()
    }

    /// The problems `bitext review` lists for a file, as `bead N: …`.
    fn problems(file: &PageFile) -> Vec<String> {
        let table = parse(Path::new("review.json"), &bytes(file)).unwrap();
        match table.apply(Unreviewed::Keep) {
            Ok(_) => Vec::new(),
            Err(Error::ReviewRows { problems, .. }) => {
                problems.iter().map(ToString::to_string).collect()
            }
            Err(other) => panic!("unexpected error {other}"),
        }
    }

    fn file_problem(bytes: &[u8], limits: &Limits) -> ReviewFileProblem {
        match read_within(Path::new("review.json"), bytes, limits) {
            Err(Error::Review { problem, .. }) => problem,
            other => panic!("expected a file problem, got {other:?}"),
        }
    }

    #[test]
    fn moves_joins_and_splits_that_keep_every_sentence_are_read_back() {
        // Sentence 1 moved into the first bead, 2-2 split into 1-0 and 0-1.
        let mut edited = bead(&[2], &[], "fix");
        edited.source[0].text = "Edited </script> source.".to_string();
        let page = file(vec![
            bead(&[0, 1], &[0, 1], "fix"),
            edited,
            bead(&[], &[2], "reject"),
        ]);
        let table = parse(Path::new("review.json"), &bytes(&page)).unwrap();
        assert!(table.warnings.is_empty(), "{:?}", table.warnings);
        assert_eq!(table.source_lang, Some(Lang::parse("en").unwrap()));
        let reviewed = table.apply(Unreviewed::Keep).unwrap();
        let doc = &reviewed.documents[0];
        assert_eq!(doc.source[0].text, "S0. S1.");
        assert_eq!(doc.target[0].text, "T0. T1.");
        assert_eq!(doc.source[1].text, "Edited </script> source.");
        assert_eq!(
            doc.alignment.beads.len(),
            2,
            "the rejected bead is left out"
        );
        assert_eq!(reviewed.summary.rejected, 1);
        assert!(
            reviewed
                .summary
                .to_string()
                .starts_with("3 beads in 1 document")
        );
    }

    #[test]
    fn a_lost_sentence_is_named_by_bead() {
        let found = problems(&file(vec![
            bead(&[0], &[0], ""),
            bead(&[2], &[1], ""),
            bead(&[], &[2], ""),
        ]));
        assert_eq!(
            found,
            [
                "bead 2: source_ids [2] should start at 1, after bead 1; restore the ids bitext wrote"
            ]
        );
        // The last sentence gone, from the end of the document.
        let found = problems(&file(vec![bead(&[0, 1], &[0, 1, 2], "")]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("bead 1: document d has 3 source"),
            "{found:?}"
        );
        // No beads at all for a document that has sentences.
        let found = problems(&file(Vec::new()));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("but no beads"), "{found:?}");
    }

    #[test]
    fn a_duplicated_or_reordered_sentence_is_refused() {
        let duplicated = problems(&file(vec![
            bead(&[0, 1], &[0], ""),
            bead(&[1, 2], &[1, 2], ""),
        ]));
        assert_eq!(duplicated.len(), 1, "{duplicated:?}");
        assert!(duplicated[0].starts_with("bead 2: source_ids [1, 2] should start at 2"));
        let twice_in_a_bead = problems(&file(vec![bead(&[0, 0, 1, 2], &[0, 1, 2], "")]));
        assert!(
            twice_in_a_bead[0].contains("not consecutive"),
            "{twice_in_a_bead:?}"
        );
        let reordered = problems(&file(vec![
            bead(&[0], &[0], ""),
            bead(&[2], &[1], ""),
            bead(&[1], &[2], ""),
        ]));
        assert_eq!(reordered.len(), 2, "{reordered:?}");
        assert!(reordered.iter().all(|p| p.contains("should start at")));
    }

    #[test]
    fn an_emptied_sentence_of_a_kept_bead_is_refused() {
        let mut emptied = bead(&[1, 2], &[1, 2], "fix");
        emptied.target[1].text = "  ".to_string();
        let found = problems(&file(vec![bead(&[0], &[0], "ok"), emptied.clone()]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("bead 2: the text of target [1, 2] is empty"));
        emptied.status = "reject".to_string();
        assert!(problems(&file(vec![bead(&[0], &[0], "ok"), emptied])).is_empty());
    }

    #[test]
    fn statuses_are_checked_as_in_the_spreadsheets() {
        let found = problems(&file(vec![bead(&[0, 1, 2], &[0, 1, 2], "done")]));
        assert_eq!(
            found,
            ["bead 1: unknown status \"done\"; use ok, fix or reject, or leave it empty"]
        );
    }

    #[test]
    fn a_file_cut_off_or_not_a_page_is_a_typed_error() {
        let whole = bytes(&file(vec![bead(&[0, 1, 2], &[0, 1, 2], "ok")]));
        let cut = &whole[..whole.len() / 2];
        assert!(matches!(
            file_problem(cut, &LIMITS),
            ReviewFileProblem::PageJson { .. }
        ));
        let other = br#"{"documents": []}"#;
        assert!(matches!(
            file_problem(other, &LIMITS),
            ReviewFileProblem::NotAPage { .. }
        ));
        let mut newer = file(Vec::new());
        newer.version = PAGE_VERSION + 1;
        let problem = file_problem(&bytes(&newer), &LIMITS);
        assert!(
            matches!(&problem, ReviewFileProblem::PageVersion { found, .. } if found == "2"),
            "{problem}"
        );
        let no_version = format!(r#"{{"format": "{PAGE_FORMAT}", "documents": []}}"#);
        assert!(matches!(
            file_problem(no_version.as_bytes(), &LIMITS),
            ReviewFileProblem::PageVersion { .. }
        ));
    }

    #[test]
    fn a_bead_or_document_that_cannot_be_read_is_named() {
        let page = file(vec![bead(&[0], &[0], ""), bead(&[1, 2], &[1, 2], "")]);
        let mut value = serde_json::to_value(&page).unwrap();
        value["documents"][0]["beads"][1]["source"][0]["id"] = Value::from(-1);
        let problem = file_problem(&serde_json::to_vec(&value).unwrap(), &LIMITS);
        let message = problem.to_string();
        assert!(
            matches!(&problem, ReviewFileProblem::PageBead { doc, bead: 2, .. } if doc == "d"),
            "{message}"
        );
        assert!(
            message.starts_with("document d, bead 2: invalid value"),
            "{message}"
        );
        let mut value = serde_json::to_value(&page).unwrap();
        value["documents"][0]
            .as_object_mut()
            .unwrap()
            .remove("target_sentences");
        let problem = file_problem(&serde_json::to_vec(&value).unwrap(), &LIMITS);
        assert!(
            problem
                .to_string()
                .contains("missing field `target_sentences`"),
            "{problem}"
        );
    }

    #[test]
    fn the_page_itself_is_told_from_its_file() {
        let (en, de) = (Lang::parse("en").unwrap(), Lang::parse("de").unwrap());
        let sentences = Vec::new();
        let alignment = crate::align::Alignment {
            beads: Vec::new(),
            parallel: 1.0,
        };
        let doc = crate::write::AlignedDocument {
            id: "d",
            source: &sentences,
            target: &sentences,
            source_lang: &en,
            target_lang: &de,
            alignment: &alignment,
            units: None,
        };
        let mut html = Vec::new();
        let mut writer = crate::write::Format::Html.writer(&mut html, &Default::default());
        writer.document(&doc).unwrap();
        writer.finish().unwrap();
        drop(writer);
        assert!(is_page(&html));
        let error = parse(Path::new("review.html"), &html).unwrap_err();
        assert!(
            matches!(
                &error,
                Error::Review {
                    problem: ReviewFileProblem::PageItself,
                    ..
                }
            ),
            "{error}"
        );
        assert!(!is_page(b"<p>bitext-review-page</p>"));
    }

    #[test]
    fn a_huge_file_is_refused_before_it_is_read() {
        let small = Limits {
            bytes: 4096,
            beads: 2,
            sentences: 100,
        };
        let page = file(vec![bead(&[0], &[0], ""), bead(&[1, 2], &[1, 2], "")]);
        assert!(read_within(Path::new("r.json"), &bytes(&page), &small).is_ok());
        let mut big = page.clone();
        big.documents[0].beads[0].source[0].text = "x".repeat(5000);
        assert!(matches!(
            file_problem(&bytes(&big), &small),
            ReviewFileProblem::PageTooLarge { .. }
        ));
        let mut many = page.clone();
        many.documents[0].beads.push(bead(&[], &[], ""));
        let problem = file_problem(&bytes(&many), &small);
        assert!(problem.to_string().contains("2 beads"), "{problem}");
        let mut far = page.clone();
        far.documents[0].beads[1].target[1].id = usize::MAX;
        let problem = file_problem(&bytes(&far), &small);
        assert!(
            matches!(problem, ReviewFileProblem::PageBead { bead: 2, .. }),
            "{problem}"
        );
        let mut counted = page;
        counted.documents[0].source_sentences = usize::MAX;
        assert!(matches!(
            file_problem(&bytes(&counted), &small),
            ReviewFileProblem::PageTooLarge { .. }
        ));
    }

    #[test]
    fn documents_that_name_other_languages_leave_them_to_be_given() {
        let mut page = file(vec![bead(&[0, 1, 2], &[0, 1, 2], "ok")]);
        let mut second = page.documents[0].clone();
        second.id = "e".to_string();
        second.target_lang = "fr".to_string();
        page.documents.push(second);
        let table = parse(Path::new("review.json"), &bytes(&page)).unwrap();
        assert_eq!(table.source_lang, Some(Lang::parse("en").unwrap()));
        assert_eq!(table.target_lang, None);
        assert!(table.warnings[0].contains("different target languages"));
        assert_eq!(table.apply(Unreviewed::Keep).unwrap().documents.len(), 2);
    }
}
