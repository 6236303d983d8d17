//! Building paragraphs from structured documents (HTML, DOCX, ODT,
//! Markdown): text arrives in pieces, with block boundaries and line breaks
//! between them, and leaves as [`Paragraph`]s, one per block, so that the
//! segmenter never joins a heading, a list item or a table cell with what
//! follows it.

use super::Paragraph;

/// What a reader of a structured format finds: the metadata the format
/// holds (`title`, `date`) and the paragraphs.
pub type Contents = (Vec<(String, String)>, Vec<Paragraph>);

/// Collects the text of a document block by block.
///
/// Whitespace is collapsed as a browser or word processor shows it: runs
/// of spaces, tabs and line ends inside a block become one space, and
/// blocks or lines that hold only whitespace are dropped.
#[derive(Debug, Default)]
pub struct Blocks {
    paragraphs: Vec<Paragraph>,
    lines: Vec<String>,
    line: String,
}

impl Blocks {
    /// Appends running text to the current line.
    pub fn text(&mut self, text: &str) {
        for c in text.chars() {
            if is_collapsed_space(c) {
                if !self.line.is_empty() && !self.line.ends_with(' ') {
                    self.line.push(' ');
                }
            } else {
                self.line.push(c);
            }
        }
    }

    /// Appends text whose line ends are kept (`<pre>`, code blocks).
    pub fn preformatted(&mut self, text: &str) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.line_break();
            }
            self.text(line);
        }
    }

    /// Ends the current line (`<br>`, `w:br`, `text:line-break`): the block
    /// goes on on a new line.
    pub fn line_break(&mut self) {
        let line = self.line.trim();
        if !line.is_empty() {
            self.lines.push(line.to_string());
        }
        self.line.clear();
    }

    /// Ends the current block; the next text starts a new paragraph.
    pub fn end_block(&mut self) {
        self.line_break();
        if !self.lines.is_empty() {
            self.paragraphs.push(Paragraph {
                lines: std::mem::take(&mut self.lines),
            });
        }
    }

    /// Adds paragraphs read elsewhere (footnotes, an embedded HTML block)
    /// after the blocks so far.
    pub fn extend(&mut self, paragraphs: Vec<Paragraph>) {
        self.end_block();
        self.paragraphs.extend(paragraphs);
    }

    /// The paragraphs, the last block ended.
    pub fn finish(mut self) -> Vec<Paragraph> {
        self.end_block();
        self.paragraphs
    }
}

/// Whitespace that markup languages collapse: ASCII spaces and line ends
/// (a no-break space is kept, as browsers keep it).
fn is_collapsed_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: Blocks) -> Vec<Vec<String>> {
        blocks.finish().into_iter().map(|p| p.lines).collect()
    }

    #[test]
    fn whitespace_collapses_and_blocks_stay_apart() {
        let mut b = Blocks::default();
        b.text("  A  heading\n");
        b.end_block();
        b.end_block();
        b.text("First ");
        b.text(" line");
        b.line_break();
        b.text("\tsecond\u{a0}line ");
        b.end_block();
        b.text("   ");
        assert_eq!(
            texts(b),
            [vec!["A heading"], vec!["First line", "second\u{a0}line"]]
        );
    }

    #[test]
    fn preformatted_keeps_line_ends() {
        let mut b = Blocks::default();
        b.preformatted("let a = 1;\n\n  let b = 2;");
        assert_eq!(texts(b), [vec!["let a = 1;", "let b = 2;"]]);
    }
}
