//! TMX 1.4: translation memories for CAT tools (OmegaT, Trados, memoQ,
//! Okapi). What those tools accept is summarised in the project guide
//! (`FORMATS.md`); the rules this writer keeps:
//!
//! - valid against the TMX 1.4 DTD (`tests/fixtures/tmx14.dtd`), UTF-8
//!   without BOM, every required header attribute, `segtype="sentence"`
//!   (OmegaT re-segments a `paragraph` memory), dates as `YYYYMMDDThhmmssZ`;
//! - no `<!DOCTYPE>`: it is optional, and a reader that resolves the
//!   external DTD without shipping a copy of it fails on a file it cannot
//!   find;
//! - one `<tu>` per bead with text on both sides, props before the `<tuv>`s,
//!   plain text in `<seg>` (never an empty one);
//! - characters XML 1.0 forbids are removed, even though the reader already
//!   removes them: the writer is safe on its own.
//!
//! Beads without counterpart (null beads) are not translation units: a unit
//! with only one `<tuv>` is valid by the DTD, but some tools import it as a
//! segment with an empty translation. With `keep_unaligned` they become
//! `<note>`s in the `<header>`, the one place the DTD allows notes outside a
//! unit and that no tool imports as a translation. Since the header comes
//! first, the body is then held in memory until [`Writer::finish`].

use std::borrow::Cow;
use std::io::{self, Write};
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::table::{ids, row_id};
use super::{AlignedDocument, Dropped, Options, Selection, Writer};
use crate::align::Unit;
use crate::lang::Lang;

/// Trados Cloud refuses segments longer than this (in characters).
pub const MAX_SEGMENT_CHARS: usize = 2_000;

/// 9999-12-31T23:59:59Z: the last moment a TMX date (four-digit year) holds.
const MAX_EPOCH: u64 = 253_402_300_799;

/// Names of the props of a unit, as CAT tools expect them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TmxFlavour {
    /// `x-confidence`, `x-bead`, …: TMX's convention for user props.
    #[default]
    Standard,
    /// `x-Confidence:SingleString`, …: Trados imports props typed
    /// `x-Name:SingleString` as custom fields of the memory.
    Trados,
}

impl TmxFlavour {
    /// The names the flavours are parsed from (`FromStr`), listed in messages about an unknown one.
    pub const NAMES: &'static [&'static str] = &["standard", "trados"];

    /// The `type` of each prop, in the order they are written.
    /// The props of every unit, then `x-target-part` for a unit whose
    /// target is a part of a sentence ("1/2": the first of two parts).
    fn prop_types(self) -> [&'static str; 6] {
        match self {
            TmxFlavour::Standard => [
                "x-confidence",
                "x-bead",
                "x-document",
                "x-source-ids",
                "x-target-ids",
                "x-target-part",
            ],
            TmxFlavour::Trados => [
                "x-Confidence:SingleString",
                "x-Bead:SingleString",
                "x-Document:SingleString",
                "x-SourceIds:SingleString",
                "x-TargetIds:SingleString",
                "x-TargetPart:SingleString",
            ],
        }
    }
}

impl FromStr for TmxFlavour {
    type Err = String;
    fn from_str(s: &str) -> Result<TmxFlavour, String> {
        match s.to_ascii_lowercase().as_str() {
            "standard" => Ok(TmxFlavour::Standard),
            "trados" => Ok(TmxFlavour::Trados),
            _ => Err(format!(
                "unknown TMX flavour {s:?}; use one of {}",
                TmxFlavour::NAMES.join(", ")
            )),
        }
    }
}

/// Language tags to write instead of the documents' own (`de` → `de-DE`),
/// for tools that match memories by language and region: Trados skips
/// units whose languages do not match the memory's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LangMap(Vec<(Lang, String)>);

impl LangMap {
    /// Maps `from` to `to`, replacing an earlier mapping of `from`.
    pub fn insert(&mut self, from: Lang, to: String) {
        self.0.retain(|(lang, _)| *lang != from);
        self.0.push((from, to));
    }

    /// The tag to write for `lang`: its mapping if there is one for exactly
    /// this tag (`de` does not map `de-AT`: a region given is meant), else
    /// the tag itself.
    pub fn tag(&self, lang: &Lang) -> String {
        self.0
            .iter()
            .find(|(from, _)| from == lang)
            .map_or_else(|| lang.to_string(), |(_, to)| to.clone())
    }

    /// Parses one mapping, `CODE=TAG` (`de=de-DE`, `zh=zh-Hans-CN`). TAG
    /// is a BCP 47 tag, kept as written.
    pub fn parse_mapping(s: &str) -> Result<(Lang, String), String> {
        let (from, to) = s
            .split_once('=')
            .ok_or_else(|| format!("{s:?} is not a mapping; write CODE=TAG, e.g. de=de-DE"))?;
        let from = Lang::parse(from).map_err(|e| e.to_string())?;
        let to = to.trim();
        if !is_language_tag(to) {
            return Err(format!(
                "{to:?} is not a language tag; write a code with optional subtags, e.g. de-DE"
            ));
        }
        Ok((from, to.to_string()))
    }
}

impl FromIterator<(Lang, String)> for LangMap {
    fn from_iter<I: IntoIterator<Item = (Lang, String)>>(mappings: I) -> LangMap {
        let mut map = LangMap::default();
        for (from, to) in mappings {
            map.insert(from, to);
        }
        map
    }
}

impl FromStr for LangMap {
    type Err = String;
    /// `de=de-DE,en=en-US`.
    fn from_str(s: &str) -> Result<LangMap, String> {
        s.split(',')
            .filter(|m| !m.trim().is_empty())
            .map(LangMap::parse_mapping)
            .collect()
    }
}

/// The shape of a BCP 47 tag: a 2–3 letter code, then subtags of 1–8
/// letters or digits (`de`, `de-DE`, `es-419`, `zh-Hans-CN`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let code = parts.next().unwrap_or_default();
    (2..=3).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Reads a Unix time in seconds, as `SOURCE_DATE_EPOCH` holds it
/// (reproducible-builds.org): digits only, at most year 9999.
pub fn parse_epoch(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let invalid = || format!("{s:?} is not a number of seconds since 1970-01-01 (up to year 9999)");
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid());
    }
    match s.parse::<u64>() {
        Ok(seconds) if seconds <= MAX_EPOCH => Ok(seconds),
        _ => Err(invalid()),
    }
}

/// A Unix time as TMX writes dates: `YYYYMMDDThhmmssZ`, UTC.
pub fn tmx_date(epoch: u64) -> String {
    let epoch = epoch.min(MAX_EPOCH);
    let (year, month, day) = civil_from_days(epoch / 86_400);
    let seconds = epoch % 86_400;
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// The proleptic Gregorian date of a day counted from 1970-01-01: Howard
/// Hinnant's `civil_from_days`, for non-negative days (no date crate needed).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Count from 0000-03-01, so that the leap day ends each 400-year era.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// Whether XML 1.0 allows a character at all (its `Char` production):
/// control characters other than tab, line feed and carriage return, and
/// U+FFFE/U+FFFF, cannot even be escaped.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text as it may go into the file: characters XML forbids removed, and
/// line breaks as spaces (a segment is one line; a carriage return would
/// not survive XML's line-end normalisation anyway).
fn clean(text: &str) -> Cow<'_, str> {
    if text
        .chars()
        .all(|c| is_xml_char(c) && c != '\n' && c != '\r')
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|&c| is_xml_char(c))
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect(),
    )
}

/// One side of a unit: a language tag and its segment.
#[derive(Debug, Clone, PartialEq)]
struct Variant {
    lang: String,
    text: String,
}

/// A translation unit, decided before it is serialised.
#[derive(Debug, Clone, PartialEq)]
struct TmxUnit {
    tuid: String,
    /// Only for units whose source language is not the header's (a batch
    /// of several source languages).
    srclang: Option<String>,
    props: Vec<(&'static str, String)>,
    source: Variant,
    target: Variant,
}

/// What becomes of one bead.
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Unit(TmxUnit),
    /// A bead with one side empty, as the text of a header note.
    Unaligned(String),
    /// Left out, with the reason as a warning.
    Dropped(String),
}

/// Decides what bead number `index` of `doc` becomes.
fn entry(doc: &AlignedDocument, index: usize, unit: &Unit, options: &Options) -> Entry {
    let bead = &unit.bead;
    let tuid = clean(&row_id(doc.id, index)).into_owned();
    let source = Variant {
        lang: options.tmx_langs.tag(doc.source_lang),
        text: clean(&doc.source_text(bead)).into_owned(),
    };
    let target = Variant {
        lang: options.tmx_langs.tag(doc.target_lang),
        text: clean(&doc.unit_target_text(unit)).into_owned(),
    };
    if bead.is_null() {
        let (side, range) = if bead.target.is_empty() {
            (&source, &bead.source)
        } else {
            (&target, &bead.target)
        };
        return Entry::Unaligned(format!(
            "{tuid}: no counterpart for {} {}: {}",
            side.lang,
            ids(range),
            side.text
        ));
    }
    if let Some(empty) = [&source, &target]
        .into_iter()
        .find(|v| v.text.trim().is_empty())
    {
        return Entry::Dropped(format!(
            "{tuid}: left out, the {} text is empty once characters XML forbids are removed",
            empty.lang
        ));
    }
    let values = [
        Some(format!("{:.4}", bead.confidence)),
        Some(bead.kind()),
        Some(clean(doc.id).into_owned()),
        Some(ids(&bead.source)),
        Some(ids(&bead.target)),
        unit.part.as_ref().map(|p| format!("{}/{}", p.number, p.of)),
    ];
    Entry::Unit(TmxUnit {
        tuid,
        srclang: None,
        props: options
            .tmx_flavour
            .prop_types()
            .into_iter()
            .zip(values)
            .filter_map(|(name, value)| Some((name, value?)))
            .collect(),
        source,
        target,
    })
}

/// Warnings about segments too long for Trados Cloud.
fn length_warnings(unit: &TmxUnit) -> impl Iterator<Item = String> + '_ {
    [&unit.source, &unit.target].into_iter().filter_map(|v| {
        let chars = v.text.chars().count();
        (chars > MAX_SEGMENT_CHARS).then(|| {
            format!(
                "{}: the {} segment has {chars} characters; Trados Cloud accepts at most 2,000",
                unit.tuid, v.lang
            )
        })
    })
}

/// Starts a line at an indentation level (two spaces each). Whitespace
/// between elements is insignificant in TMX; inside `<seg>` there is none.
fn line<W: Write>(xml: &mut quick_xml::Writer<W>, level: usize) -> io::Result<()> {
    let out = xml.get_mut();
    out.write_all(b"\n")?;
    out.write_all("  ".repeat(level).as_bytes())
}

/// Text content: `&`, `<` and `>` escaped (`>` so that `]]>` never
/// appears), quotes left as they are.
fn text(content: &str) -> BytesText<'_> {
    BytesText::from_escaped(partial_escape(content))
}

/// `<name attributes…>text</name>` on its own line.
fn text_element<W: Write>(
    xml: &mut quick_xml::Writer<W>,
    level: usize,
    name: &str,
    attributes: &[(&str, &str)],
    content: &str,
) -> io::Result<()> {
    line(xml, level)?;
    xml.create_element(name)
        .with_attributes(attributes.iter().copied())
        .write_text_content(text(content))?;
    Ok(())
}

fn write_unit<W: Write>(xml: &mut quick_xml::Writer<W>, unit: &TmxUnit) -> io::Result<()> {
    line(xml, 2)?;
    let mut tu = BytesStart::new("tu").with_attributes([("tuid", unit.tuid.as_str())]);
    if let Some(srclang) = &unit.srclang {
        tu.push_attribute(("srclang", srclang.as_str()));
    }
    xml.write_event(Event::Start(tu))?;
    for (name, value) in &unit.props {
        text_element(xml, 3, "prop", &[("type", name)], value)?;
    }
    for variant in [&unit.source, &unit.target] {
        line(xml, 3)?;
        xml.write_event(Event::Start(
            BytesStart::new("tuv").with_attributes([("xml:lang", variant.lang.as_str())]),
        ))?;
        text_element(xml, 4, "seg", &[], &variant.text)?;
        line(xml, 3)?;
        xml.write_event(Event::End(BytesEnd::new("tuv")))?;
    }
    line(xml, 2)?;
    xml.write_event(Event::End(BytesEnd::new("tu")))
}

/// Writes a TMX file: the header with the first document, one unit per
/// aligned bead, `</body></tmx>` at [`Writer::finish`]. Documents of a batch
/// share the file; a document whose source language differs from the first
/// one's marks its units with their own `srclang`.
pub struct TmxWriter<W: Write> {
    out: W,
    options: Options,
    /// When the file was made, as written in the header.
    created: String,
    /// The header's source language: the first document's.
    srclang: Option<String>,
    /// Whether the header and `<body>` are written.
    started: bool,
    /// With `keep_unaligned`, the body waits here for the header notes.
    held: Option<Vec<u8>>,
    notes: Vec<String>,
    warnings: Vec<String>,
    selection: Selection,
}

impl<W: Write> TmxWriter<W> {
    /// A writer to `out` with `options`: the flavour of its props, the
    /// creation date, and which units the corpus selection keeps.
    pub fn new(out: W, options: &Options) -> Self {
        let created = options.created.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
        TmxWriter {
            out,
            options: options.clone(),
            created: tmx_date(created),
            srclang: None,
            started: false,
            held: options.keep_unaligned.then(Vec::new),
            notes: Vec::new(),
            warnings: Vec::new(),
            selection: Selection::new(options),
        }
    }

    /// The XML declaration, `<tmx>`, the header (with its notes) and `<body>`.
    fn start(&mut self) -> io::Result<()> {
        let srclang = self.srclang.as_deref().unwrap_or("*all*");
        let header = BytesStart::new("header").with_attributes([
            ("creationtool", "bitext"),
            ("creationtoolversion", env!("CARGO_PKG_VERSION")),
            ("segtype", "sentence"),
            ("o-tmf", "bitext"),
            ("adminlang", "en"),
            ("srclang", srclang),
            ("datatype", "plaintext"),
            ("creationdate", self.created.as_str()),
        ]);
        let mut xml = quick_xml::Writer::new(&mut self.out);
        xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        line(&mut xml, 0)?;
        xml.write_event(Event::Start(
            BytesStart::new("tmx").with_attributes([("version", "1.4")]),
        ))?;
        line(&mut xml, 1)?;
        if self.notes.is_empty() {
            xml.write_event(Event::Empty(header))?;
        } else {
            xml.write_event(Event::Start(header))?;
            for note in &self.notes {
                text_element(&mut xml, 2, "note", &[], note)?;
            }
            line(&mut xml, 1)?;
            xml.write_event(Event::End(BytesEnd::new("header")))?;
        }
        line(&mut xml, 1)?;
        xml.write_event(Event::Start(BytesStart::new("body")))?;
        self.started = true;
        Ok(())
    }

    /// Where units go: the file, or the held body.
    fn body(&mut self) -> &mut dyn Write {
        match &mut self.held {
            Some(held) => held,
            None => &mut self.out,
        }
    }
}

impl<W: Write> Writer for TmxWriter<W> {
    fn document(&mut self, doc: &AlignedDocument) -> io::Result<()> {
        let srclang = self.options.tmx_langs.tag(doc.source_lang);
        let header_srclang = self.srclang.get_or_insert_with(|| srclang.clone()).clone();
        if !self.started && self.held.is_none() {
            self.start()?;
        }
        for (index, unit) in doc.tmx_units().iter().enumerate() {
            if !self.selection.keep_unit(doc, unit) {
                continue;
            }
            match entry(doc, index, unit, &self.options) {
                Entry::Unit(mut unit) => {
                    if srclang != header_srclang {
                        unit.srclang = Some(srclang.clone());
                    }
                    self.warnings.extend(length_warnings(&unit));
                    write_unit(&mut quick_xml::Writer::new(self.body()), &unit)?;
                }
                Entry::Unaligned(note) if self.options.keep_unaligned => self.notes.push(note),
                Entry::Unaligned(_) => {}
                Entry::Dropped(warning) => self.warnings.push(warning),
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        if !self.started {
            self.start()?;
        }
        if let Some(held) = self.held.take() {
            self.out.write_all(&held)?;
        }
        self.out.write_all(b"\n  </body>\n</tmx>\n")?;
        self.out.flush()
    }

    fn warnings(&self) -> &[String] {
        &self.warnings
    }

    fn dropped(&self) -> Dropped {
        self.selection.dropped()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Alignment;
    use crate::align::Bead;
    use crate::write::fixture::{Pair, bead, sentences};

    /// Writes one document `doc` (en → de) with the given beads.
    fn tmx(source: &[&str], target: &[&str], beads: Vec<Bead>, options: &Options) -> String {
        tmx_of("doc", source, target, beads, options)
    }

    fn tmx_of(
        id: &str,
        source: &[&str],
        target: &[&str],
        beads: Vec<Bead>,
        options: &Options,
    ) -> String {
        tmx_with_warnings(id, source, target, beads, options).0
    }

    /// The TMX of one document and the writer's warnings.
    fn tmx_with_warnings(
        id: &str,
        source: &[&str],
        target: &[&str],
        beads: Vec<Bead>,
        options: &Options,
    ) -> (String, Vec<String>) {
        let pair = Pair::new(source, target, beads);
        let doc = pair.doc(id);
        let mut out = Vec::new();
        let mut writer = TmxWriter::new(&mut out, options);
        writer.document(&doc).unwrap();
        writer.finish().unwrap();
        let warnings = writer.warnings().to_vec();
        drop(writer);
        (String::from_utf8(out).unwrap(), warnings)
    }

    fn fixed() -> Options {
        Options {
            created: Some(0),
            ..Options::default()
        }
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn dates_are_utc_civil_dates() {
        assert_eq!(tmx_date(0), "19700101T000000Z");
        assert_eq!(tmx_date(1_234_567_890), "20090213T233130Z");
        assert_eq!(tmx_date(951_782_399), "20000228T235959Z");
        assert_eq!(tmx_date(951_782_400), "20000229T000000Z"); // 2000: leap (÷400)
        assert_eq!(tmx_date(1_709_208_000), "20240229T120000Z");
        assert_eq!(tmx_date(1_735_689_599), "20241231T235959Z"); // day 366
        assert_eq!(tmx_date(4_107_542_400), "21000301T000000Z"); // 2100: no 29 Feb
        assert_eq!(tmx_date(MAX_EPOCH), "99991231T235959Z");
        assert_eq!(tmx_date(u64::MAX), "99991231T235959Z");
    }

    #[test]
    fn civil_dates_agree_with_counting_days() {
        let leap =
            |y: u64| y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
        let (mut year, mut month, mut day) = (1970, 1, 1);
        for days in 0..200_000 {
            assert_eq!(civil_from_days(days), (year, month, day), "day {days}");
            let length = match month {
                2 if leap(year) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            day += 1;
            if day > length {
                (day, month) = (1, month + 1);
                if month > 12 {
                    (month, year) = (1, year + 1);
                }
            }
        }
    }

    #[test]
    fn epochs_are_digits_up_to_year_9999() {
        assert_eq!(parse_epoch("1700000000"), Ok(1_700_000_000));
        assert_eq!(parse_epoch(" 0\n"), Ok(0));
        for bad in [
            "",
            "-1",
            "1e9",
            "12:00",
            "253402300800",
            "99999999999999999999",
        ] {
            assert!(parse_epoch(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn header_has_every_required_attribute() {
        let out = tmx(&["A."], &["B."], vec![bead(0..1, 0..1, 0.9)], &fixed());
        assert!(
            out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">")
        );
        for attribute in [
            "creationtool=\"bitext\"",
            &format!("creationtoolversion=\"{}\"", env!("CARGO_PKG_VERSION")),
            "segtype=\"sentence\"",
            "o-tmf=\"bitext\"",
            "adminlang=\"en\"",
            "srclang=\"en\"",
            "datatype=\"plaintext\"",
            "creationdate=\"19700101T000000Z\"",
        ] {
            assert!(out.contains(attribute), "{attribute} missing:\n{out}");
        }
        assert!(!out.contains("DOCTYPE"));
        assert!(out.ends_with("</body>\n</tmx>\n"));
    }

    #[test]
    fn a_unit_has_props_then_source_then_target() {
        let out = tmx(
            &["One.", "Two."],
            &["Eins und zwei."],
            vec![bead(0..2, 0..1, 0.93125)],
            &fixed(),
        );
        let expected = "\
    <tu tuid=\"doc-0000\">
      <prop type=\"x-confidence\">0.9313</prop>
      <prop type=\"x-bead\">2-1</prop>
      <prop type=\"x-document\">doc</prop>
      <prop type=\"x-source-ids\">[0, 1]</prop>
      <prop type=\"x-target-ids\">[0]</prop>
      <tuv xml:lang=\"en\">
        <seg>One. Two.</seg>
      </tuv>
      <tuv xml:lang=\"de\">
        <seg>Eins und zwei.</seg>
      </tuv>
    </tu>";
        assert!(out.contains(expected), "{out}");
    }

    #[test]
    fn trados_flavour_types_its_custom_fields() {
        let options = Options {
            tmx_flavour: TmxFlavour::Trados,
            ..fixed()
        };
        let out = tmx(&["A."], &["B."], vec![bead(0..1, 0..1, 0.5)], &options);
        for name in ["Confidence", "Bead", "Document", "SourceIds", "TargetIds"] {
            let prop = format!("<prop type=\"x-{name}:SingleString\">");
            assert!(out.contains(&prop), "{prop} missing:\n{out}");
        }
        assert!(!out.contains("x-confidence"));
        assert_eq!("TRADOS".parse(), Ok(TmxFlavour::Trados));
        assert!("memoq".parse::<TmxFlavour>().is_err());
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let out = tmx_of(
            "Q&A \"<1>\"\t'x'",
            &["a < b && c > d ]]> \"q\" 'q'"],
            &["x"],
            vec![bead(0..1, 0..1, 0.5)],
            &fixed(),
        );
        assert!(
            out.contains("<seg>a &lt; b &amp;&amp; c &gt; d ]]&gt; \"q\" 'q'</seg>"),
            "{out}"
        );
        assert!(
            out.contains("<tu tuid=\"Q&amp;A &quot;&lt;1&gt;&quot;&#9;&apos;x&apos;-0000\">"),
            "{out}"
        );
        assert!(out.contains("<prop type=\"x-document\">Q&amp;A \"&lt;1&gt;\"\t'x'</prop>"));
        assert!(
            LangMap::parse_mapping("en=en\"").is_err(),
            "no quote in a tag"
        );
    }

    #[test]
    fn characters_xml_forbids_are_removed() {
        let forbidden = "a\u{0}b\u{8}c\u{B}d\u{C}e\u{E}f\u{1F}g\u{FFFE}h\u{FFFF}i";
        assert_eq!(clean(forbidden), "abcdefghi");
        assert_eq!(clean("tab\tline\r\nend"), "tab\tline  end");
        assert_eq!(clean("é 中 😀 \u{7F}"), "é 中 😀 \u{7F}");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        let out = tmx(
            &["bad\u{1}one"],
            &["gut\u{FFFF}"],
            vec![bead(0..1, 0..1, 0.5)],
            &fixed(),
        );
        assert!(out.contains("<seg>badone</seg>") && out.contains("<seg>gut</seg>"));
        assert!(!out.chars().any(|c| !is_xml_char(c)));
    }

    #[test]
    fn no_empty_segment_is_ever_written() {
        let (out, warnings) = tmx_with_warnings(
            "doc",
            &["\u{1}\u{2}"],
            &["Da."],
            vec![bead(0..1, 0..1, 0.9)],
            &fixed(),
        );
        assert!(!out.contains("<tu"), "{out}");
        assert!(!out.contains("<seg></seg>") && !out.contains("<seg/>"));
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("doc-0000: left out"),
            "{warnings:?}"
        );
    }

    #[test]
    fn null_beads_are_not_units_and_can_be_kept_as_header_notes() {
        let beads = || {
            vec![
                bead(0..1, 0..1, 0.9),
                bead(1..2, 1..1, 0.8),
                bead(2..2, 1..2, 0.7),
            ]
        };
        let source = ["Kept.", "Dropped & lost."];
        let target = ["Behalten.", "Anm. d. Übers."];
        let out = tmx(&source, &target, beads(), &fixed());
        assert_eq!(count(&out, "<tu "), 1);
        assert!(!out.contains("<note"));

        let keep = Options {
            keep_unaligned: true,
            ..fixed()
        };
        let out = tmx(&source, &target, beads(), &keep);
        assert_eq!(count(&out, "<tu "), 1);
        let header = &out[out.find("<header").unwrap()..out.find("</header>").unwrap()];
        assert!(
            header
                .contains("<note>doc-0001: no counterpart for en [1]: Dropped &amp; lost.</note>"),
            "{out}"
        );
        assert!(
            header.contains("<note>doc-0002: no counterpart for de [1]: Anm. d. Übers.</note>")
        );
        assert!(out.find("</header>") < out.find("<body>"));
    }

    #[test]
    fn min_confidence_keeps_only_confident_beads() {
        let options = Options {
            min_confidence: Some(0.8),
            keep_unaligned: true,
            ..fixed()
        };
        let out = tmx(
            &["A.", "B.", "C."],
            &["X.", "Y."],
            vec![
                bead(0..1, 0..1, 0.8),
                bead(1..2, 1..2, 0.79),
                bead(2..3, 2..2, 0.5),
            ],
            &options,
        );
        assert_eq!(count(&out, "<tu "), 1);
        assert!(out.contains("tuid=\"doc-0000\""));
        assert!(
            !out.contains("<note"),
            "unconfident null beads are left out too"
        );
    }

    #[test]
    fn languages_are_mapped_everywhere() {
        let options = Options {
            tmx_langs: "en=en-US, de=de-DE".parse().unwrap(),
            ..fixed()
        };
        let out = tmx(&["A."], &["B."], vec![bead(0..1, 0..1, 0.5)], &options);
        assert!(out.contains("srclang=\"en-US\""));
        assert!(
            out.contains("<tuv xml:lang=\"en-US\">") && out.contains("<tuv xml:lang=\"de-DE\">")
        );
    }

    #[test]
    fn language_maps_match_exact_tags() {
        let map: LangMap = "de=de-DE,zh=zh-Hans-CN,de=de-CH".parse().unwrap();
        let tag = |t: &str| map.tag(&Lang::parse(t).unwrap());
        assert_eq!(
            tag("de"),
            "de-CH",
            "a later mapping replaces an earlier one"
        );
        assert_eq!(tag("zh"), "zh-Hans-CN");
        assert_eq!(tag("de-AT"), "de-AT");
        assert_eq!(tag("en"), "en");
        for bad in [
            "de",
            "de=",
            "=de-DE",
            "german=de",
            "de=de_DE",
            "de=de-DE-toolongtag",
        ] {
            assert!(LangMap::parse_mapping(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn long_segments_are_reported() {
        let long = "x".repeat(MAX_SEGMENT_CHARS + 1);
        let unit = TmxUnit {
            tuid: "doc-0003".to_string(),
            srclang: None,
            props: Vec::new(),
            source: Variant {
                lang: "en".to_string(),
                text: "x".repeat(MAX_SEGMENT_CHARS),
            },
            target: Variant {
                lang: "de".to_string(),
                text: long,
            },
        };
        let warnings: Vec<String> = length_warnings(&unit).collect();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("doc-0003: the de segment has 2001 characters"));
    }

    #[test]
    fn a_batch_shares_one_header_and_marks_other_source_languages() {
        let (s1, t1, s2, t2) = (
            sentences(&["A."]),
            sentences(&["B."]),
            sentences(&["C."]),
            sentences(&["D."]),
        );
        let (en, de, fr) = (
            Lang::parse("en").unwrap(),
            Lang::parse("de").unwrap(),
            Lang::parse("fr").unwrap(),
        );
        let alignment = Alignment {
            beads: vec![bead(0..1, 0..1, 0.9)],
            parallel: 1.0,
        };
        let doc = |id, source, target, source_lang| AlignedDocument {
            id,
            source,
            target,
            source_lang,
            target_lang: &de,
            alignment: &alignment,
            units: None,
        };
        let mut out = Vec::new();
        let mut writer = TmxWriter::new(&mut out, &fixed());
        writer.document(&doc("one", &s1, &t1, &en)).unwrap();
        writer.document(&doc("two", &s2, &t2, &fr)).unwrap();
        writer.finish().unwrap();
        drop(writer);
        let out = String::from_utf8(out).unwrap();
        assert_eq!(count(&out, "<header"), 1);
        assert!(out.contains("<tu tuid=\"one-0000\">"));
        assert!(out.contains("<tu tuid=\"two-0000\" srclang=\"fr\">"));
    }

    #[test]
    fn an_empty_batch_is_still_a_tmx_file() {
        let mut out = Vec::new();
        let mut writer = TmxWriter::new(&mut out, &fixed());
        writer.finish().unwrap();
        drop(writer);
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("srclang=\"*all*\""));
        assert!(out.ends_with("<body>\n  </body>\n</tmx>\n"));
    }
}
