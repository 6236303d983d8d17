//! Sentence segmentation: paragraphs → sentences.
//!
//! A rule-based splitter whose language knowledge (abbreviations, stop words,
//! quote conventions) comes from the data files in `src/lang/data/`. Every
//! candidate boundary (final punctuation plus closing quotes, followed by a
//! space) is decided by looking at the word before it and the word after it;
//! see [`Segmenter::split`]. The work per character is bounded, so the time is
//! linear in the length of the text, even for a paragraph of many megabytes.

mod lines;
mod rules;
pub mod srx;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::lang::{Lang, LanguageData};
use crate::text::Document;

/// A sentence of a document, the unit that gets aligned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// 0-based position in the document (the id used in bead files).
    #[serde(rename = "sentence")]
    pub id: usize,
    /// 0-based index of the paragraph the sentence belongs to.
    pub paragraph: usize,
    /// The sentence's text as aligned and written: a span of its
    /// paragraph's running text (its lines joined by single spaces), or a
    /// whole line of presegmented input.
    pub text: String,
}

/// How a document's lines become sentences.
#[derive(Clone, Debug, Default)]
pub enum Mode {
    /// Split running text into sentences (the default).
    #[default]
    Split,
    /// Every line is already one sentence, as hunalign, Vecalign and
    /// Bertalign take their input; nothing is split or joined.
    Presegmented,
    /// Split running text by a CAT tool's SRX rules, so that sentences are
    /// its segments (lines are joined as in `Split`).
    Srx(Arc<srx::SrxRules>),
}

impl Mode {
    /// How the translation of a document split this way is split: SRX
    /// rules cut only the source, as the CAT tool does (it looks up source
    /// segments), and the translation keeps bitext's own splitting, which
    /// suits the alignment better than a tool's rules for the other
    /// language; the other modes apply to both.
    pub fn for_translation(&self) -> Mode {
        match self {
            Mode::Srx(_) => Mode::Split,
            other => other.clone(),
        }
    }
}

/// Splits text into sentences by the rules of one language. In running
/// text, a line break ends a sentence only where web text puts one (list
/// items, headings, bylines; see `lines`); other lines are joined.
#[derive(Clone, Debug)]
pub struct Segmenter {
    lang: Lang,
    data: &'static LanguageData,
}

impl Segmenter {
    /// A segmenter for `lang` (generic rules if bitext has none for it).
    pub fn new(lang: &Lang) -> Segmenter {
        Segmenter {
            lang: lang.clone(),
            data: lang.data(),
        }
    }

    /// Splits one paragraph of running text into sentences (trimmed, never
    /// empty). The end of a paragraph always ends a sentence, so headings
    /// without final punctuation stand alone.
    pub fn split<'a>(&self, paragraph: &'a str) -> Vec<&'a str> {
        let mut sentences = Vec::new();
        let mut start = 0;
        // "1. A seat costs 39 euros.": a list item's number ends nothing.
        let mut pos = lines::enumerator_len(paragraph).unwrap_or(0);
        while let Some(c) = paragraph[pos..].chars().next() {
            if !self.data.terminators.contains(&c) {
                pos += c.len_utf8();
                continue;
            }
            let candidate = rules::Candidate::at(self.data, paragraph, pos);
            if candidate.is_boundary(self.data) {
                push_trimmed(&mut sentences, &paragraph[start..candidate.end]);
                start = candidate.end;
            }
            pos = candidate.end;
        }
        push_trimmed(&mut sentences, &paragraph[start..]);
        sentences
    }

    /// Turns a document into its sentences, numbered in reading order.
    pub fn segment(&self, document: &Document, mode: &Mode) -> Vec<Sentence> {
        let mut sentences = Vec::new();
        for (paragraph, block) in document.paragraphs.iter().enumerate() {
            let mut add = |text: &str| {
                sentences.push(Sentence {
                    id: sentences.len(),
                    paragraph,
                    text: text.to_string(),
                })
            };
            match mode {
                Mode::Presegmented => block.lines.iter().for_each(|line| add(line)),
                Mode::Split => {
                    for run in lines::runs(self.data, &block.lines) {
                        self.split(&run).into_iter().for_each(&mut add);
                    }
                }
                Mode::Srx(rules) => {
                    for run in lines::runs(self.data, &block.lines) {
                        rules.split(&self.lang, &run).into_iter().for_each(&mut add);
                    }
                }
            }
        }
        sentences
    }
}

/// The clauses of a sentence: byte ranges of its text cut after a comma,
/// semicolon or colon followed by a space (so "1,5" and "12:30" stay whole),
/// after their full-width forms (Chinese and Japanese write no space), and
/// before a dash between spaces. Where a translation joins two sentences of
/// the original into one, it joins them at such a mark ("…, während …",
/// "Im Gegenteil: …"), so the clauses are where the sentence can be cut back
/// into the original's parts. Pieces without a letter or digit join the
/// piece before them; the ranges cover the trimmed text, in order.
pub fn clauses(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut cuts = vec![0];
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = at + c.len_utf8();
        match c {
            ',' | ';' | ':' if next.is_some_and(char::is_whitespace) => cuts.push(end),
            '，' | '；' | '：' | '、' if next.is_some() => cuts.push(end),
            '–' | '—' if at > 0 && text[..at].ends_with(' ') && next == Some(' ') => {
                cuts.push(at)
            }
            _ => {}
        }
    }
    cuts.push(text.len());
    let mut pieces: Vec<std::ops::Range<usize>> = Vec::new();
    for pair in cuts.windows(2) {
        let piece = &text[pair[0]..pair[1]];
        let start = pair[0] + (piece.len() - piece.trim_start().len());
        let end = pair[0] + piece.trim_end().len();
        if start >= end {
            continue;
        }
        let worded = text[start..end].chars().any(char::is_alphanumeric);
        match pieces.last_mut() {
            Some(last) if !worded => last.end = end,
            _ => pieces.push(start..end),
        }
    }
    pieces
}

fn push_trimmed<'a>(sentences: &mut Vec<&'a str>, text: &'a str) {
    let text = text.trim();
    if !text.is_empty() {
        sentences.push(text);
    }
}

#[cfg(test)]
mod tests;
