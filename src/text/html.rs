//! HTML documents, such as a web article saved from the browser: the
//! article's text block by block (headings, paragraphs, list items, block
//! quotes and pull-quotes, captions, table cells), without the page's
//! boilerplate.
//!
//! What is left out, and why (the heuristic the README describes):
//! - elements that hold no article text: `head`, `script`, `style`,
//!   `noscript`, `template`, forms and their controls, embedded media,
//!   `nav`, `footer`, `menu`, `dialog`, and anything `hidden` or
//!   `aria-hidden="true"`;
//! - `header` outside an `article` or `main` (the site's header; an
//!   article's own header holds its title and is kept), and `aside` unless
//!   it is a pull-quote;
//! - landmark roles of page furniture: `navigation`, `banner`,
//!   `contentinfo`, `complementary`, `search`, `menu`, `menubar`,
//!   `toolbar`, `dialog`, `alertdialog`;
//! - elements whose class or id holds one of [`BOILERPLATE_WORDS`] as a
//!   word (`cookie-banner`, `shareBar`, `related_posts`), unless the element
//!   holds an `h1`, `article` or `main`: a wrapper that happens to be called
//!   `has-sidebar` still holds the article.
//!
//! Parsing is html5ever's, the HTML standard's algorithm as browsers run
//! it: unclosed `<p>` and `<li>`, entities and misnested tags come out as a
//! browser shows them.

use std::collections::HashSet;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

use super::Paragraph;
use super::blocks::{Blocks, Contents};
use super::metadata::split_date;

/// Elements whose whole content is left out.
const LEFT_OUT: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "canvas", "video", "audio", "map", "form", "button", "select", "textarea", "input", "label",
    "nav", "footer", "menu", "dialog",
];

/// ARIA roles of page furniture.
const LEFT_OUT_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "dialog",
    "alertdialog",
];

/// Words in a class or id that mark page furniture rather than article
/// text.
pub const BOILERPLATE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "footer",
    "gdpr",
    "masthead",
    "menu",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "pagination",
    "popup",
    "promo",
    "related",
    "share",
    "sharing",
    "sidebar",
    "signup",
    "skip",
    "social",
    "sponsored",
    "subscribe",
    "toolbar",
];

/// Elements that start and end a block of text.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// How deep elements may nest. The HTML tree builder looks through the
/// open elements at many tags, so a page nested a hundred thousand deep
/// (half a MiB of `<div>`) takes minutes; real pages stay below a few
/// hundred, and browsers stop nesting at 512 (Blink).
pub const MAX_DEPTH: usize = 1024;

/// A page nested deeper than [`MAX_DEPTH`]: the byte of the element that
/// went beyond it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    pub offset: usize,
}

/// The blocks and head metadata (`title`, `date`) of an HTML document.
pub fn read(text: &str) -> Result<Contents, TooDeep> {
    check_depth(text)?;
    let html = Html::parse_document(text);
    Ok((metadata(&html), blocks(&html)))
}

/// The blocks of an HTML fragment (raw HTML inside Markdown).
pub fn fragment_blocks(text: &str) -> Result<Vec<Paragraph>, TooDeep> {
    check_depth(text)?;
    Ok(blocks(&Html::parse_fragment(text)))
}

/// Elements that never hold others, or whose end tag may be left out
/// (the next one closes them): they do not nest without end.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rp", "rt", "html", "head", "body",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// Refuses a page whose elements nest deeper than [`MAX_DEPTH`], by a scan
/// of its tags that is linear in its length: an end tag closes the open
/// elements down to the one it names (as the tree builder does), elements
/// in [`FLAT`] are not counted.
fn check_depth(text: &str) -> Result<(), TooDeep> {
    let bytes = text.as_bytes();
    let lower_at = |i: usize, s: &[u8]| {
        bytes
            .get(i..i + s.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(s))
    };
    let find_from =
        |i: usize, s: &[u8]| (i..bytes.len().saturating_sub(s.len() - 1)).find(|&j| lower_at(j, s));
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<').map(|p| p + i) {
        i = at + 1;
        if lower_at(at, b"<!--") {
            i = find_from(at + 4, b"-->").map_or(bytes.len(), |j| j + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let end = (start..bytes.len())
            .find(|&j| !bytes[j].is_ascii_alphanumeric())
            .unwrap_or(bytes.len());
        if end == start {
            continue;
        }
        let name = text[start..end].to_ascii_lowercase();
        i = tag_end(bytes, end);
        if closing {
            if let Some(k) = open.iter().rposition(|n| *n == name) {
                open.truncate(k);
            }
        } else if RAW_TEXT.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = find_from(i, close.as_bytes()).unwrap_or(bytes.len());
        } else if !FLAT.contains(&name.as_str()) && bytes.get(i.wrapping_sub(2)) != Some(&b'/') {
            open.push(name);
            if open.len() > MAX_DEPTH {
                return Err(TooDeep { offset: at });
            }
        }
    }
    Ok(())
}

/// The byte after the `>` that ends a tag whose name ends at `from`
/// (quoted attribute values may hold `>`).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (j, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return j + 1,
            _ => {}
        }
    }
    bytes.len()
}

fn blocks(html: &Html) -> Vec<Paragraph> {
    let content = holders_of_content(html);
    let mut blocks = Blocks::default();
    let mut skipped: Option<NodeId> = None;
    let mut preformatted = 0usize;
    // The traversal is iterative: a deeply nested page cannot overflow the
    // stack.
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipped.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) if preformatted > 0 => blocks.preformatted(text),
                    Node::Text(text) => blocks.text(text),
                    Node::Element(element) => {
                        let Some(element_ref) = ElementRef::wrap(node) else {
                            continue;
                        };
                        if is_left_out(element_ref, &content) {
                            skipped = Some(node.id());
                            continue;
                        }
                        match element.name() {
                            "br" => blocks.line_break(),
                            name if BLOCK.contains(&name) => {
                                blocks.end_block();
                                preformatted += usize::from(name == "pre");
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skipped {
                    if id == node.id() {
                        skipped = None;
                    }
                    continue;
                }
                if let Node::Element(element) = node.value()
                    && BLOCK.contains(&element.name())
                {
                    blocks.end_block();
                    preformatted -= usize::from(element.name() == "pre");
                }
            }
        }
    }
    blocks.finish()
}

/// The elements that hold an `h1`, `article` or `main` (themselves
/// included): never left out for their class or id. Each marker walks up
/// until it meets an element already marked, so this is linear in the
/// size of the page however deep it is.
fn holders_of_content(html: &Html) -> HashSet<NodeId> {
    let mut holders = HashSet::new();
    for node in html.tree.nodes() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        if !matches!(element.name(), "h1" | "article" | "main") {
            continue;
        }
        let mut current = Some(node);
        while let Some(n) = current {
            if !holders.insert(n.id()) {
                break;
            }
            current = n.parent();
        }
    }
    holders
}

/// Whether an element and all it holds are page furniture.
fn is_left_out(element: ElementRef, content: &HashSet<NodeId>) -> bool {
    let value = element.value();
    let name = value.name();
    if LEFT_OUT.contains(&name)
        || value.attr("hidden").is_some()
        || value
            .attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    let pull_quote = is_pull_quote(element);
    match name {
        "header" => return !in_article(element),
        "aside" => return !pull_quote,
        "html" | "body" | "main" | "article" => return false,
        _ => {}
    }
    if let Some(role) = value.attr("role")
        && role
            .split_ascii_whitespace()
            .any(|r| LEFT_OUT_ROLES.contains(&r.to_ascii_lowercase().as_str()))
        && !pull_quote
    {
        return true;
    }
    !content.contains(&element.id())
        && !pull_quote
        && names(element).any(|word| BOILERPLATE_WORDS.contains(&word.as_str()))
}

/// Whether an element sits inside an `article` or `main`.
fn in_article(element: ElementRef) -> bool {
    element
        .ancestors()
        .filter_map(|n| n.value().as_element())
        .any(|e| matches!(e.name(), "article" | "main"))
}

/// Whether an element's class or id calls it a pull-quote (`pullquote`,
/// `pull-quote`, `article__pull-quote`).
fn is_pull_quote(element: ElementRef) -> bool {
    let words: Vec<String> = names(element).collect();
    words.iter().any(|w| w == "pullquote")
        || words
            .windows(2)
            .any(|pair| pair[0] == "pull" && pair[1] == "quote")
}

/// The words of an element's class and id, lower-cased: split at anything
/// but letters and digits, and where a lower-case letter meets an upper-case
/// one (`shareBar` → `share`, `bar`).
fn names(element: ElementRef) -> impl Iterator<Item = String> {
    let value = element.value();
    let text = format!(
        "{} {}",
        value.attr("class").unwrap_or_default(),
        value.id().unwrap_or_default()
    );
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        let boundary = !c.is_alphanumeric() || (previous_lower && c.is_uppercase());
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
        previous_lower = c.is_lowercase();
    }
    if !word.is_empty() {
        words.push(word);
    }
    words.into_iter()
}

/// `title` from the page's `<title>`, `date` (YYYY-MM-DD) from the first
/// publication-date `<meta>` (`article:published_time`, `date`,
/// `dc.date`, `dcterms.date`, `datePublished`, `pubdate`).
fn metadata(html: &Html) -> Vec<(String, String)> {
    const DATE_NAMES: &[&str] = &[
        "article:published_time",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.date",
        "dcterms.created",
        "datepublished",
        "pubdate",
        "publish-date",
    ];
    let mut title = None;
    let mut date = None;
    for node in html.tree.nodes() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let in_head = || {
            element
                .ancestors()
                .filter_map(|n| n.value().as_element())
                .any(|e| e.name() == "head")
        };
        match element.value().name() {
            "title" if title.is_none() && in_head() => {
                let mut blocks = Blocks::default();
                blocks.text(&element.text().collect::<String>());
                title = blocks.finish().first().map(Paragraph::text);
            }
            "meta" if date.is_none() => {
                let value = element.value();
                let named = ["name", "property", "itemprop"].iter().any(|a| {
                    value
                        .attr(a)
                        .is_some_and(|n| DATE_NAMES.contains(&n.to_ascii_lowercase().as_str()))
                });
                date = value
                    .attr("content")
                    .filter(|_| named)
                    .and_then(|c| iso_date(c.trim()))
                    .map(str::to_string);
            }
            _ => {}
        }
    }
    let mut metadata = Vec::new();
    if let Some(title) = title {
        metadata.push(("title".to_string(), title));
    }
    if let Some(date) = date {
        metadata.push(("date".to_string(), date));
    }
    metadata
}

/// The date of an ISO date (`2025-08-21`) or date-time
/// (`2025-08-21T09:30:00Z`).
fn iso_date(text: &str) -> Option<&str> {
    let date = text.split_once('T').map_or(text, |(date, _time)| date);
    split_date(date)
        .filter(|(_, rest)| rest.is_empty())
        .map(|(date, _)| date)
}

/// The encoding a page declares in its first bytes (`<meta charset=…>` or
/// `content="text/html; charset=…"`), as the HTML standard's prescan finds
/// it.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let at = head.windows(8).position(|w| w == b"charset=")?;
    let value = head[at + 8..]
        .strip_prefix(b"\"")
        .or_else(|| head[at + 8..].strip_prefix(b"'"))
        .unwrap_or(&head[at + 8..]);
    let end = value
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(value.len());
    encoding_rs::Encoding::for_label(&value[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        read(html).unwrap().1.iter().map(Paragraph::text).collect()
    }

    #[test]
    fn blocks_of_an_article() {
        let page = "<!DOCTYPE html><html><head><title>T &amp; more</title>\
            <meta property=\"article:published_time\" content=\"2025-08-21T09:30:00Z\">\
            <style>p { color: red }</style></head><body>\
            <h1>A  heading</h1><p>First &eacute;t&eacute;\n sentence. <a href=\"/x\">Link text</a> too.\
            <p>Unclosed paragraph<ul><li>One item<li>Two <em>items</em></ul>\
            <blockquote><p>Quoted.</p></blockquote>\
            <figure><img alt=\"ignored\" src=\"a.jpg\"><figcaption>The caption.</figcaption></figure>\
            <table><tr><td>Cell one</td><td>Cell two</td></tr></table>\
            <p>Line one<br>line two</p><pre>code  one\ncode two</pre></body></html>";
        assert_eq!(
            texts(page),
            [
                "A heading",
                "First été sentence. Link text too.",
                "Unclosed paragraph",
                "One item",
                "Two items",
                "Quoted.",
                "The caption.",
                "Cell one",
                "Cell two",
                "Line one line two",
                "code one code two",
            ]
        );
        let (metadata, paragraphs) = read(page).unwrap();
        assert_eq!(
            metadata,
            [
                ("title".to_string(), "T & more".to_string()),
                ("date".to_string(), "2025-08-21".to_string())
            ]
        );
        assert_eq!(paragraphs[9].lines, ["Line one", "line two"]);
        assert_eq!(paragraphs[10].lines, ["code one", "code two"]);
    }

    #[test]
    fn boilerplate_is_left_out() {
        let page = "<html><body>\
            <header class=\"site\"><a href=\"/\">Site name</a></header>\
            <nav><ul><li>Home</li></ul></nav>\
            <div id=\"cookie-banner\"><p>We use cookies.</p><button>Accept</button></div>\
            <div class=\"has-sidebar\"><article><header><h1>The title</h1>\
            <p class=\"byline\">By A. Writer</p></header>\
            <div class=\"shareBar\"><a>Share on X</a></div>\
            <p>Real text.</p>\
            <aside class=\"related-posts\"><p>Read this too.</p></aside>\
            <aside class=\"pull-quote\"><p>A pulled quote.</p></aside>\
            <div role=\"navigation\">Next article</div>\
            <p hidden>Hidden text.</p><p aria-hidden=\"true\">Also hidden.</p>\
            <form><label>Email</label><input></form>\
            <div class=\"newsletter-signup\">Subscribe now</div>\
            </article></div>\
            <footer><p>Copyright</p></footer><script>var x = '<p>no</p>';</script>\
            </body></html>";
        assert_eq!(
            texts(page),
            ["The title", "By A. Writer", "Real text.", "A pulled quote."]
        );
    }

    #[test]
    fn words_of_class_and_id() {
        let html = Html::parse_fragment("<div class=\"shareBar  article__pull-quote\" id=\"x_y\">");
        let div = html
            .root_element()
            .descendent_elements()
            .find(|e| e.value().name() == "div")
            .unwrap();
        let words: Vec<String> = names(div).collect();
        assert_eq!(
            words,
            ["share", "bar", "article", "pull", "quote", "x", "y"]
        );
        assert!(is_pull_quote(div));
    }

    #[test]
    fn charset_from_the_head() {
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"Windows-1252\">"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
            ),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            declared_charset(b"<meta charset=utf-8>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(declared_charset(b"<p>charset is a word</p>"), None);
    }

    #[test]
    fn nesting_up_to_the_limit_is_read() {
        let depth = MAX_DEPTH - 2;
        let page = format!(
            "<html><body>{}<p>Deep.</p>{}</body></html>",
            "<div class=\"a>b\">".repeat(depth),
            "</div>".repeat(depth)
        );
        assert_eq!(texts(&page), ["Deep."]);
        // Unclosed paragraphs and list items, void elements, self-closed
        // tags, comments and scripts do not nest.
        let flat = "<p>One<li>Two<br><img src=x><span/><!-- <div> --><script>'<div>'</script>"
            .repeat(MAX_DEPTH * 2);
        assert!(check_depth(&format!("<body>{flat}")).is_ok());
        let closed = "<div><span>a</span></div>".repeat(MAX_DEPTH * 2);
        assert!(check_depth(&closed).is_ok());
    }

    #[test]
    fn nesting_beyond_the_limit_is_refused_quickly() {
        let page = format!("<html><body>{}x", "<div>".repeat(100_000));
        let started = std::time::Instant::now();
        assert_eq!(
            read(&page).err(),
            Some(TooDeep {
                offset: 12 + 5 * MAX_DEPTH
            })
        );
        assert!(started.elapsed().as_secs() < 5);
        let unclosed_bold = format!("{}x", "<b>".repeat(MAX_DEPTH + 1));
        assert!(check_depth(&unclosed_bold).is_err());
    }
}
