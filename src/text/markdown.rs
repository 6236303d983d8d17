//! Markdown documents (CommonMark with tables, footnotes and YAML front
//! matter): headings, paragraphs, list items, block quotes, table cells,
//! footnotes and code blocks each become a block; the markup (emphasis,
//! link targets, images, code fences) goes, the text of links stays. Raw
//! HTML blocks are read as HTML; inline tags are dropped.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::blocks::{Blocks, Contents};
use super::html;

/// The blocks and front-matter metadata (`title`, `date`, … as
/// `key: value` lines between `---` lines) of a Markdown document.
pub fn read(text: &str) -> Result<Contents, html::TooDeep> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut blocks = Blocks::default();
    let mut metadata = Vec::new();
    let mut in_metadata = false;
    let mut in_image = 0usize;
    let mut in_code = false;
    let mut raw_html = String::new();
    for event in Parser::new_ext(text, options) {
        if !raw_html.is_empty() && !matches!(event, Event::Html(_)) {
            blocks.extend(html::fragment_blocks(&std::mem::take(&mut raw_html))?);
        }
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(text) if in_metadata => metadata.extend(front_matter(&text)),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Start(tag) => {
                if starts_block(&tag) {
                    blocks.end_block();
                }
                in_code |= matches!(tag, Tag::CodeBlock(_));
            }
            Event::End(tag) => {
                if ends_block(tag) {
                    blocks.end_block();
                }
                in_code &= !matches!(tag, TagEnd::CodeBlock);
            }
            Event::Text(text) if in_code => blocks.preformatted(&text),
            Event::Text(text) | Event::Code(text) => blocks.text(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => blocks.text(&text),
            Event::Html(html) => raw_html.push_str(&html),
            Event::SoftBreak => blocks.text(" "),
            Event::HardBreak => blocks.line_break(),
            Event::Rule => blocks.end_block(),
            Event::InlineHtml(_) | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    blocks.extend(html::fragment_blocks(&raw_html)?);
    Ok((metadata, blocks.finish()))
}

fn starts_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn ends_block(tag: TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// The `key: value` lines of YAML front matter, keys lower-cased, quotes
/// around values removed; anything else in it (lists, nesting) is not
/// document metadata bitext uses.
fn front_matter(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let (key, value) = line.split_once(':')?;
            // Indented lines belong to a nested value.
            if key.trim().is_empty() || line.starts_with(char::is_whitespace) {
                return None;
            }
            let key = key.trim();
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            (!value.is_empty()).then(|| (key.to_lowercase(), value.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Paragraph;

    fn texts(markdown: &str) -> Vec<String> {
        read(markdown)
            .unwrap()
            .1
            .iter()
            .map(Paragraph::text)
            .collect()
    }

    #[test]
    fn blocks_without_markup() {
        let markdown = "---\ntitle: \"A title\"\ndate: 2025-08-21\ntags:\n  - x\n---\n\
            # The *heading*\n\nA paragraph with **bold**, `code` and a [link](https://example.org)\n\
            wrapped here.![an image](a.png)\n\n\
            - one item\n- two\n  items\n\n> Quoted\n> text.\n\n\
            ```rust\nlet a = 1;\nlet b = 2;\n```\n\n\
            | A | B |\n|---|---|\n| c1 | c2 |\n\n\
            Text[^1] with a note.\n\n[^1]: The note.\n\n\
            <div class=\"box\"><p>Raw one.</p><p>Raw two.</p></div>\n\nLine one  \nline two\n";
        let (metadata, paragraphs) = read(markdown).unwrap();
        assert_eq!(
            metadata,
            [
                ("title".to_string(), "A title".to_string()),
                ("date".to_string(), "2025-08-21".to_string())
            ]
        );
        let texts: Vec<String> = paragraphs.iter().map(Paragraph::text).collect();
        assert_eq!(
            texts,
            [
                "The heading",
                "A paragraph with bold, code and a link wrapped here.",
                "one item",
                "two items",
                "Quoted text.",
                "let a = 1; let b = 2;",
                "A",
                "B",
                "c1",
                "c2",
                "Text with a note.",
                "The note.",
                "Raw one.",
                "Raw two.",
                "Line one line two",
            ]
        );
        assert_eq!(paragraphs[5].lines, ["let a = 1;", "let b = 2;"]);
        assert_eq!(paragraphs[14].lines, ["Line one", "line two"]);
    }

    #[test]
    fn deep_block_quotes() {
        let markdown = format!("{} Deep.\n", ">".repeat(10_000));
        assert_eq!(texts(&markdown), ["Deep."]);
    }
}
