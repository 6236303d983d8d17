//! The alignment as a person reads it in a terminal: source, target and
//! confidence side by side, wrapped to the width of the terminal, the
//! doubtful beads highlighted and the sentences without counterpart shown
//! as such, then a summary. For reading only: scripts read the beads format.

use std::collections::BTreeMap;
use std::io::Write;

use unicode_width::UnicodeWidthChar;

use super::{AlignedDocument, Writer};
use crate::align::Alignment;

/// Between the columns.
const SEPARATOR: &str = " │ ";
/// The confidence column: `0.99`.
const CONFIDENCE_WIDTH: usize = 4;
/// Text columns never get narrower than this, however narrow the terminal
/// (lines are then longer than the terminal, but still readable).
const MIN_TEXT_WIDTH: usize = 12;
/// What stands in the column of the side a null bead has no sentence on.
const NOTHING: &str = "—";

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const DOUBTFUL: &str = "\x1b[1;33m";
const RESET: &str = "\x1b[0m";

/// Writes the side-by-side view.
pub struct ViewWriter<W: Write> {
    out: W,
    /// The width of the terminal, in columns.
    width: usize,
    /// Whether to highlight with ANSI escape codes.
    color: bool,
}

impl<W: Write> ViewWriter<W> {
    /// A view `width` columns wide, highlighted with ANSI colours if `color`.
    pub fn new(out: W, width: usize, color: bool) -> Self {
        ViewWriter { out, width, color }
    }

    fn style(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

impl<W: Write> Writer for ViewWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> std::io::Result<()> {
        let text_width = text_width(self.width);
        let heading = row(
            &format!("source ({})", doc.source_lang),
            &format!("target ({})", doc.target_lang),
            "conf",
            text_width,
        );
        writeln!(self.out, "{}", self.style(BOLD, &heading))?;
        for bead in &doc.alignment.beads {
            let side = |text: String| {
                if text.is_empty() {
                    vec![NOTHING.to_string()]
                } else {
                    wrap(&text, text_width)
                }
            };
            let (source, target) = (side(doc.source_text(bead)), side(doc.target_text(bead)));
            let confidence = format!("{:.2}", bead.confidence);
            for k in 0..source.len().max(target.len()) {
                let cell = |lines: &[String]| lines.get(k).cloned().unwrap_or_default();
                let conf = if k == 0 { confidence.as_str() } else { "" };
                let line = row(&cell(&source), &cell(&target), conf, text_width);
                let line = if bead.is_doubtful() {
                    self.style(DOUBTFUL, &line)
                } else if bead.is_null() {
                    self.style(DIM, &line)
                } else {
                    line
                };
                writeln!(self.out, "{}", line.trim_end())?;
            }
        }
        writeln!(self.out)?;
        for line in wrap(&summary(doc.alignment), self.width) {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// What an alignment came to, on one line: beads by type, how many are
/// doubtful, and the probability that the documents translate each other.
pub fn summary(alignment: &Alignment) -> String {
    let kinds: BTreeMap<String, usize> = alignment.kinds();
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
    format!(
        "{} beads ({}), {} below 0.5; parallel probability {:.2}",
        alignment.beads.len(),
        kinds.join(", "),
        alignment.doubtful(),
        alignment.parallel
    )
}

/// The width of each text column in a view `width` columns wide.
fn text_width(width: usize) -> usize {
    let fixed = 2 * SEPARATOR.chars().count() + CONFIDENCE_WIDTH;
    (width.saturating_sub(fixed) / 2).max(MIN_TEXT_WIDTH)
}

/// One line of the view: both texts padded to `width` columns, and the
/// confidence.
fn row(source: &str, target: &str, confidence: &str, width: usize) -> String {
    format!(
        "{}{SEPARATOR}{}{SEPARATOR}{confidence}",
        pad(source, width),
        pad(target, width)
    )
}

/// `text` followed by spaces up to `width` columns.
fn pad(text: &str, width: usize) -> String {
    let used = display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// The columns a text takes in a terminal: wide (CJK) characters count two,
/// combining marks none.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Breaks `text` into lines of at most `width` columns: at spaces, and
/// inside a word only where the word alone is wider than a line (as
/// Chinese and Japanese text, written without spaces, always is).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let word_width = display_width(word);
        if used > 0 && used + 1 + word_width <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + word_width;
            continue;
        }
        if used > 0 && word_width <= width {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
            used = word_width;
            continue;
        }
        // The word does not fit on a line of its own: break it where the
        // line is full, after what the line already holds.
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > 0 {
                lines.push(std::mem::take(&mut line).trim_end().to_string());
                used = 0;
            }
            line.push(c);
            used += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let lines = wrap("The talks resume on Monday in Geneva.", 12);
        assert_eq!(lines, ["The talks", "resume on", "Monday in", "Geneva."]);
        assert!(lines.iter().all(|l| display_width(l) <= 12));
        assert_eq!(wrap("short", 12), ["short"]);
        assert_eq!(wrap("", 12), [""]);
    }

    #[test]
    fn breaks_words_longer_than_a_line() {
        let lines = wrap("a Donaudampfschifffahrtsgesellschaft", 10);
        assert_eq!(lines, ["a Donaudam", "pfschifffa", "hrtsgesell", "schaft"]);
    }

    #[test]
    fn wide_characters_count_double() {
        let text = "乌克兰总统说这是他与美国总统迄今为止最好的一次会晤。";
        let lines = wrap(text, 10);
        assert!(lines.iter().all(|l| display_width(l) <= 10), "{lines:?}");
        assert_eq!(lines[0], "乌克兰总统");
        assert_eq!(lines.concat(), text, "nothing lost or added");
        assert_eq!(display_width("Ärger"), 5);
        assert_eq!(pad("会晤", 6), "会晤  ");
    }

    #[test]
    fn the_view_shows_texts_confidences_nulls_and_the_summary() {
        use crate::write::fixture::{Pair, bead};
        let pair = Pair::new(
            &["Peace is near.", "Talks resume on Monday."],
            &[
                "Der Frieden ist nah.",
                "Die Gespräche beginnen am Montag wieder.",
                "Anm. d. Übers.",
            ],
            vec![
                bead(0..1, 0..1, 0.99),
                bead(1..2, 1..2, 0.31),
                bead(2..2, 2..3, 0.9),
            ],
        );
        let doc = pair.doc("talks");
        let render = |color: bool| {
            let mut writer = ViewWriter::new(Vec::new(), 40, color);
            writer.document(&doc).unwrap();
            writer.finish().unwrap();
            String::from_utf8(writer.out).unwrap()
        };
        let plain = render(false);
        assert!(!plain.contains('\x1b'), "{plain}");
        assert!(
            plain.contains("source (en)") && plain.contains("│ 0.99"),
            "{plain}"
        );
        assert!(
            plain.contains("— "),
            "the null bead shows its empty side: {plain}"
        );
        assert!(plain.contains("Anm. d."), "{plain}");
        let (body, end) = plain.split_once("\n\n").unwrap();
        assert_eq!(
            end.lines().collect::<Vec<_>>().join(" "),
            "3 beads (0-1 1, 1-1 2), 1 below 0.5; parallel probability 1.00",
        );
        assert!(plain.lines().all(|l| display_width(l) <= 40), "{plain}");
        assert!(
            body.contains("Talks resume on │ Die Gespräche   │ 0.31\nMonday."),
            "wrapped: {plain}"
        );
        let colored = render(true);
        let doubtful = colored.lines().find(|l| l.contains("0.31")).unwrap();
        assert!(doubtful.starts_with(DOUBTFUL), "{colored}");
    }
}
