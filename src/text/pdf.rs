//! PDF documents, through poppler's `pdftotext`: its layout analysis
//! (`-bbox-layout`) groups the words of each page into blocks and lines,
//! and each block becomes a paragraph. Around that, what a PDF does to
//! running text is undone, conservatively:
//! - a paragraph cut by a page break (a page's last block not ending a
//!   sentence and the next page's first starting in lower case) is joined;
//! - a page number (a block of only digits at the top or bottom of a page)
//!   is left out, and so are list bullets;
//! - a word hyphenated at a line end is joined only where the document
//!   shows it is one word (see [`join_lines`]).
//!
//! pdftotext runs as a separate process with the PDF on its standard input,
//! stopped after [`TIME_LIMIT`] or once it has written [`TEXT_LIMIT`] bytes.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::Paragraph;
use super::xml::{Step, walk};
use crate::error::{Error, PdfProblem, Result};

const PROGRAM: &str = "pdftotext";
/// A book of a thousand pages takes pdftotext a few seconds.
pub const TIME_LIMIT: Duration = Duration::from_secs(120);
/// The layout output is about ten times the text.
pub const TEXT_LIMIT: u64 = 1 << 30;

/// The paragraphs of a PDF file.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Vec<Paragraph>> {
    let layout = run_pdftotext(path, bytes)?;
    let pages = pages(&layout).map_err(|m| Error::Pdf {
        path: path.to_path_buf(),
        problem: PdfProblem::Failed {
            said: format!("its output is not XML at byte {}: {}", m.offset, m.source),
        },
    })?;
    let paragraphs = paragraphs(pages);
    if paragraphs.is_empty() {
        return Err(Error::Pdf {
            path: path.to_path_buf(),
            problem: PdfProblem::NoText,
        });
    }
    Ok(paragraphs)
}

/// Runs pdftotext on `bytes`, within the time and size limits.
fn run_pdftotext(path: &Path, bytes: &[u8]) -> Result<Vec<u8>> {
    let failed = |problem| Error::Pdf {
        path: path.to_path_buf(),
        problem,
    };
    let mut child = Command::new(PROGRAM)
        .args(["-bbox-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::PdfToTextMissing {
                path: path.to_path_buf(),
            },
            _ => Error::io(path, e),
        })?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        unreachable!("all three are piped");
    };
    let overflow = Arc::new(AtomicBool::new(false));
    let result = std::thread::scope(|scope| {
        // A PDF pdftotext stops reading early closes the pipe: not an error.
        scope.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let out = {
            let overflow = Arc::clone(&overflow);
            scope.spawn(move || {
                let mut out = Vec::new();
                let _ = stdout.take(TEXT_LIMIT + 1).read_to_end(&mut out);
                if out.len() as u64 > TEXT_LIMIT {
                    overflow.store(true, Ordering::SeqCst);
                }
                out
            })
        };
        let err = scope.spawn(move || {
            let mut err = Vec::new();
            let _ = stderr.take(64 << 10).read_to_end(&mut err);
            err
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if overflow.load(Ordering::SeqCst) => {
                    break Err(PdfProblem::TooLarge { limit: TEXT_LIMIT });
                }
                Ok(None) if started.elapsed() > TIME_LIMIT => {
                    break Err(PdfProblem::TimedOut {
                        seconds: TIME_LIMIT.as_secs(),
                    });
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(e) => {
                    break Err(PdfProblem::Failed {
                        said: e.to_string(),
                    });
                }
            }
        };
        if status.is_err() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let out = out.join().unwrap_or_default();
        let err = err.join().unwrap_or_default();
        (status, out, err)
    });
    let (status, out, err) = result;
    let status = status.map_err(failed)?;
    if overflow.load(Ordering::SeqCst) {
        return Err(failed(PdfProblem::TooLarge { limit: TEXT_LIMIT }));
    }
    if !status.success() {
        let said = String::from_utf8_lossy(&err);
        // Its last word on the matter is the one that made it stop.
        let said = said.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(failed(PdfProblem::Failed {
            said: if said.is_empty() {
                status.to_string()
            } else {
                said.trim().to_string()
            },
        }));
    }
    Ok(out)
}

/// A page as blocks of lines, each line its words joined by spaces.
type Page = Vec<Vec<String>>;

/// The pages of pdftotext's `-bbox-layout` output.
fn pages(layout: &[u8]) -> Result<Vec<Page>, super::xml::Malformed> {
    let mut pages: Vec<Page> = Vec::new();
    let mut line: Vec<String> = Vec::new();
    let mut in_word = false;
    walk(layout, |step| match step {
        Step::Open(e) => match e.local_name().into_inner() {
            "page" => pages.push(Vec::new()),
            "block" => {
                if let Some(page) = pages.last_mut() {
                    page.push(Vec::new());
                }
            }
            "word" => in_word = true,
            _ => {}
        },
        Step::Close(name) => match name {
            "word" => in_word = false,
            "line" => {
                let text = std::mem::take(&mut line).join(" ");
                if let Some(block) = pages.last_mut().and_then(|p| p.last_mut())
                    && !text.trim().is_empty()
                {
                    block.push(text);
                }
            }
            _ => {}
        },
        Step::Text(text) if in_word => line.push(text.trim().to_string()),
        Step::Text(_) => {}
    })?;
    for page in &mut pages {
        page.retain(|block| !block.is_empty());
    }
    Ok(pages)
}

/// The paragraphs of the pages: page numbers and bullets left out,
/// paragraphs cut by a page break joined, hyphenated words rejoined.
fn paragraphs(mut pages: Vec<Page>) -> Vec<Paragraph> {
    for page in &mut pages {
        let is_number = |block: &Vec<String>| {
            block.len() == 1 && {
                let t = block[0].trim();
                !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())
            }
        };
        if page.len() > 1 && page.last().is_some_and(is_number) {
            page.pop();
        }
        if page.len() > 1 && page.first().is_some_and(is_number) {
            page.remove(0);
        }
    }
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut page_start = false;
    for page in pages {
        for block in page {
            let continues = page_start
                && blocks.last().is_some_and(|previous| {
                    !ends_sentence(previous.last().map_or("", String::as_str))
                        && block[0].chars().next().is_some_and(char::is_lowercase)
                });
            page_start = false;
            match blocks.last_mut() {
                Some(previous) if continues => previous.extend(block),
                _ => blocks.push(block),
            }
        }
        page_start = true;
    }
    let vocabulary = vocabulary(&blocks);
    blocks
        .into_iter()
        .flat_map(list_items)
        .map(|block| Paragraph {
            lines: join_lines(&block, &vocabulary),
        })
        .filter(|p| !p.lines.is_empty())
        .collect()
}

/// A block split at every line that starts with a bullet (pdftotext puts
/// a whole list in one block), bullets removed: each list item its own
/// paragraph, as in the other formats.
fn list_items(block: Vec<String>) -> Vec<Vec<String>> {
    let mut items: Vec<Vec<String>> = Vec::new();
    for line in block {
        let stripped = strip_bullet(&line);
        let bulleted = stripped.len() != line.len();
        let stripped = stripped.to_string();
        match items.last_mut() {
            Some(item) if !bulleted => item.push(stripped),
            _ => items.push(vec![stripped]),
        }
    }
    items
}

/// Whether a line ends a sentence (or a heading-like line ending in a
/// colon).
fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '”', '»', '“', '«', ')', '…'])
}

/// A line without the bullet glyph a list item starts with.
fn strip_bullet(line: &str) -> &str {
    match line.strip_prefix(['•', '◦', '▪', '▫', '■', '□', '●', '○', '‣', '⁃', '\u{f0b7}'])
    {
        Some(rest) if rest.starts_with(char::is_whitespace) => rest.trim_start(),
        _ => line,
    }
}

/// Every word the document holds, lower-cased, without punctuation around
/// it (for telling a hyphenated line end from a compound). The halves of a
/// word split at a hyphenated line end are not counted: they are what is
/// being decided.
fn vocabulary(blocks: &[Vec<String>]) -> HashSet<String> {
    let mut words = HashSet::new();
    for block in blocks {
        let mut after_hyphen = false;
        for line in block {
            let mut tokens: Vec<&str> = line.split_whitespace().collect();
            if after_hyphen && !tokens.is_empty() {
                tokens.remove(0);
            }
            after_hyphen = line.trim_end().ends_with('-');
            if after_hyphen {
                tokens.pop();
            }
            words.extend(tokens.into_iter().map(bare_word).filter(|w| !w.is_empty()));
        }
    }
    words
}

fn bare_word(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
        .to_lowercase()
}

/// The lines of a block as the lines of a paragraph, with words split at a
/// line end (`Regie-` / `rung`) joined. Only a hyphen between lower-case
/// letters is a candidate, and it is removed only if the document holds
/// the joined word elsewhere, or if the second half is no word of the
/// document (`rung`); otherwise the line ends with a real hyphen: a
/// compound (`well-` / `known` is `well-known` if the document has it) or
/// a suspended one (`Staats-` / `und Regierungschefs` keeps its space).
pub fn join_lines(lines: &[String], vocabulary: &HashSet<String>) -> Vec<String> {
    let mut joined: Vec<String> = Vec::new();
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        let Some(previous) = joined.last_mut() else {
            joined.push(line.to_string());
            continue;
        };
        match hyphen_join(previous, line, vocabulary) {
            Some(Join::WithoutHyphen) => {
                previous.pop();
                previous.push_str(line);
            }
            Some(Join::WithHyphen) => previous.push_str(line),
            None => joined.push(line.to_string()),
        }
    }
    joined
}

/// How a hyphenated line end joins the next line.
enum Join {
    WithoutHyphen,
    WithHyphen,
}

/// How a line ending in a hyphen joins the next line, if it does.
fn hyphen_join(line: &str, next: &str, vocabulary: &HashSet<String>) -> Option<Join> {
    let head = line.strip_suffix('-')?;
    let before = head.split_whitespace().last()?;
    if !before.chars().last().is_some_and(char::is_lowercase) {
        return None;
    }
    let after = next.split_whitespace().next()?;
    if !after.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    let first = bare_word(before);
    let second = bare_word(after);
    if vocabulary.contains(&format!("{first}{second}")) {
        Some(Join::WithoutHyphen)
    } else if vocabulary.contains(&format!("{first}-{second}")) {
        Some(Join::WithHyphen)
    } else if !vocabulary.contains(&second) {
        Some(Join::WithoutHyphen)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn vocab(text: &str) -> HashSet<String> {
        vocabulary(&[lines(&[text])])
    }

    #[test]
    fn hyphenated_words_are_joined_conservatively() {
        let v = vocab("Die Regierung und die Staats- und Regierungschefs, well-known");
        let join = |a: &str, b: &str| join_lines(&lines(&[a, b]), &v);
        assert_eq!(join("Die Regie-", "rung tagt."), ["Die Regierung tagt."]);
        assert_eq!(
            join("Die Staats-", "und Regierungschefs"),
            ["Die Staats-", "und Regierungschefs"]
        );
        assert_eq!(join("a well-", "known fact"), ["a well-known fact"]);
        assert_eq!(
            join("neue Vertei-", "digungslinien"),
            ["neue Verteidigungslinien"]
        );
        assert_eq!(join("die EU-", "Kommission"), ["die EU-", "Kommission"]);
        assert_eq!(join("ends here.", "next"), ["ends here.", "next"]);
        let halves = vocabulary(&[lines(&["Die Regie-", "rung tagt."])]);
        assert!(
            !halves.contains("rung") && !halves.contains("regie-"),
            "{halves:?}"
        );
    }

    #[test]
    fn layout_blocks_become_paragraphs() {
        let layout = br#"<html><body><doc>
            <page><flow><block><line><word>Title</word><word>here</word></line></block>
            <block><line><word>First</word><word>line</word></line>
                   <line><word>goes</word><word>on,</word></line></block>
            <block><line><word>1</word></line></block></flow></page>
            <page><flow><block><line><word>and</word><word>ends.</word></line></block>
            <block><line><word>&#8226;</word><word>An</word><word>item</word></line>
                   <line><word>&#8226;</word><word>Another</word></line><line><word>item</word></line></block>
            <block><line><word>A</word><word>&amp;</word><word>B.</word></line></block>
            </flow></page></doc></body></html>"#;
        let texts: Vec<Vec<String>> = paragraphs(pages(layout).ok().unwrap())
            .into_iter()
            .map(|p| p.lines)
            .collect();
        assert_eq!(
            texts,
            [
                lines(&["Title here"]),
                lines(&["First line", "goes on,", "and ends."]),
                lines(&["An item"]),
                lines(&["Another", "item"]),
                lines(&["A & B."]),
            ]
        );
    }
}
