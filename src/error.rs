//! The library's error type: every variant names the file it is about and,
//! where it helps, where in the file the problem is, so that the message alone
//! tells the user what to fix.

use std::fmt;
use std::path::PathBuf;

use crate::side::Side;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while reading, segmenting or aligning documents.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read. (The cause is the error's
    /// source, which `bitext` prints after the message.)
    #[error("{}: cannot read the file", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An output file or folder could not be written.
    #[error("{}: cannot write the file", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A directory was given where a document was expected.
    #[error("{}: is a directory, not a text file; give the path of a document inside it", path.display())]
    IsDirectory { path: PathBuf },

    /// The document holds no text at all (after removing metadata and whitespace).
    #[error("{}: the document is empty (no text after metadata and blank lines)", path.display())]
    Empty { path: PathBuf },

    /// The bytes look like a binary file (NUL bytes), not text.
    #[error("{}: looks like a binary file (NUL byte at byte {offset}); bitext reads plain text", path.display())]
    Binary { path: PathBuf, offset: usize },

    /// The file looks like UTF-16 without a byte-order mark.
    #[error(
        "{}: looks like UTF-16 without a byte-order mark; read it as {encoding}",
        path.display()
    )]
    Utf16WithoutBom {
        path: PathBuf,
        encoding: &'static str,
    },

    /// The file is not valid UTF-8 and no other encoding was given.
    #[error(
        "{}: invalid UTF-8 at byte {offset} (line {line}); if the file is in another encoding, \
         name it (windows-1252, latin1, utf-16le or utf-16be)",
        path.display()
    )]
    InvalidUtf8 {
        path: PathBuf,
        offset: usize,
        line: usize,
    },

    /// The file could not be decoded in the encoding the user named.
    #[error("{}: not valid {encoding} at byte {offset}", path.display())]
    Decode {
        path: PathBuf,
        encoding: &'static str,
        offset: usize,
    },

    /// A document in a format bitext recognises but does not read (RTF,
    /// legacy Office files, zip archives other than DOCX and ODT).
    #[error(
        "{}: this is {format}, which bitext does not read; save it as DOCX, ODT or plain text \
         (UTF-8) and give bitext that file",
        path.display()
    )]
    UnsupportedFormat { path: PathBuf, format: &'static str },

    /// A DOCX or ODT file that is not a zip archive bitext can read.
    #[error(
        "{}: not a readable {format} file (a damaged zip archive); save it again from the word \
         processor",
        path.display()
    )]
    DocumentArchive {
        path: PathBuf,
        format: &'static str,
        #[source]
        source: zip::result::ZipError,
    },

    /// A DOCX or ODT file without the part that holds its text.
    #[error(
        "{}: this {format} file has no {part}, the part that holds its text; save it again from \
         the word processor",
        path.display()
    )]
    DocumentPart {
        path: PathBuf,
        format: &'static str,
        part: &'static str,
    },

    /// A DOCX or ODT file whose parts unpack to more than bitext reads,
    /// refused before they are unpacked.
    #[error(
        "{}: part {part}: the document unpacks to more than the limit of {} MiB; refused before \
         unpacking (a damaged file or a zip bomb)",
        path.display(),
        limit >> 20
    )]
    DocumentTooLarge {
        path: PathBuf,
        part: String,
        limit: u64,
    },

    /// Malformed XML in a part of a DOCX or ODT file.
    #[error(
        "{}: {part}: malformed XML at byte {offset}; save the document again from the word processor",
        path.display()
    )]
    DocumentXml {
        path: PathBuf,
        part: String,
        offset: u64,
        #[source]
        source: quick_xml::Error,
    },

    /// HTML whose elements nest deeper than any web page, refused before
    /// it is parsed (parsing it would take minutes).
    #[error(
        "{}: HTML elements nested more than {limit} deep (at byte {offset} of the text); a web \
         page is never this deep, so the file is damaged or not a web page",
        path.display()
    )]
    HtmlTooDeep {
        path: PathBuf,
        limit: usize,
        offset: usize,
    },

    /// A PDF was given and pdftotext (poppler) is not installed.
    #[error(
        "{}: reading PDF needs pdftotext (poppler), which is not installed; install it \
         (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler), or save \
         the document as text",
        path.display()
    )]
    PdfToTextMissing { path: PathBuf },

    /// pdftotext could not turn a PDF into text.
    #[error("{}: cannot read this PDF: {problem}", path.display())]
    Pdf { path: PathBuf, problem: PdfProblem },

    /// A language code that is not of the form `de` or `de-DE`.
    #[error(
        "invalid language code {code:?}: use an ISO 639-1 code with an optional region, such as de or de-DE"
    )]
    InvalidLang { code: String },

    /// The language of a document could not be told from its name or content.
    #[error(
        "{}: cannot tell the language of this document ({reason}); name its language",
        path.display()
    )]
    UnknownLanguage { path: PathBuf, reason: String },

    /// A parameter of the model or of a run that is out of its range.
    #[error("{name} = {value} is out of range: expected {expected}")]
    InvalidParameter {
        name: &'static str,
        value: String,
        expected: &'static str,
    },

    /// An output would land outside the folder it was asked for (a
    /// document id naming another folder, or a link inside the folder).
    #[error(
        "{}: refused, it is outside the output folder {}; nothing is written outside it",
        path.display(),
        folder.display()
    )]
    OutsideOutput { path: PathBuf, folder: PathBuf },

    /// An output file exists and overwriting was not asked for.
    #[error("{}: the file exists, and replacing it was not asked for", path.display())]
    OutputExists { path: PathBuf },

    /// Two pairs of a batch have the same id, so their outputs would
    /// overwrite each other.
    #[error(
        "two pairs have the id {id:?} ({} and {}); give them different names",
        first.display(),
        second.display()
    )]
    DuplicatePairId {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },

    /// A folder of documents in several languages, none of them English
    /// (taken as the original when no source language is named).
    #[error(
        "{}: cannot tell which language is the original; name the source and target languages",
        folder.display()
    )]
    OriginalUnknown { folder: PathBuf },

    /// A folder with several translations of its original and no target
    /// language named.
    #[error(
        "{}: several translations ({}); name the target language to align one of them",
        folder.display(),
        languages.join(", ")
    )]
    SeveralTranslations {
        folder: PathBuf,
        languages: Vec<String>,
    },

    /// A pair folder with two documents in one language (`de.txt` and
    /// `de.docx`), either of which could be meant.
    #[error(
        "{}: two documents in {lang} ({} and {}); keep one of them",
        folder.display(),
        file_name(first),
        file_name(second)
    )]
    TwoDocumentsInOneLanguage {
        folder: PathBuf,
        lang: String,
        first: PathBuf,
        second: PathBuf,
    },

    /// A document stored by an earlier batch run that cannot be read back.
    #[error(
        "{}: damaged batch state ({cause}); delete it to align the document again",
        path.display()
    )]
    DamagedState {
        path: PathBuf,
        cause: serde_json::Error,
    },

    /// A manifest line that cannot be used.
    #[error("{}, line {line}: {problem}", path.display())]
    Manifest {
        path: PathBuf,
        line: usize,
        problem: ManifestProblem,
    },

    /// A dictionary file that cannot be read as a dictionary: the message
    /// says where (line, byte or entry) and what bitext accepts.
    #[error("{}: {problem}", path.display())]
    Dictionary {
        path: PathBuf,
        problem: DictionaryProblem,
    },

    /// An SRX segmentation rules file that cannot be used: malformed XML,
    /// a pattern bitext cannot match (the message names the language rule
    /// and the rule), a map to rules the file lacks.
    #[error("{}: segmentation rules: {problem}", path.display())]
    Srx { path: PathBuf, problem: String },

    /// A language rules file (built in or given by the user) is malformed.
    #[error("language rules for {lang:?}, line {line}: {problem}")]
    Rules {
        lang: String,
        line: usize,
        problem: RulesProblem,
    },

    /// A line of an alignment file (gold or prediction) is not a bead.
    #[error("{}:{line}: {problem}", path.display())]
    Bead {
        path: PathBuf,
        line: usize,
        problem: BeadProblem,
    },

    /// A sentence sits in two beads of one alignment file (or twice in one
    /// bead): the file does not describe an alignment, so it cannot be scored.
    #[error(
        "{}:{line}: {side} sentence {id} is already in the bead on line {first_line}; \
         each sentence belongs to at most one bead",
        path.display()
    )]
    DuplicateId {
        path: PathBuf,
        line: usize,
        side: Side,
        id: usize,
        first_line: usize,
    },

    /// A gold file in a folder has no prediction at the matching path.
    #[error("{}: no prediction for this gold file (expected {})", gold.display(), expected.display())]
    MissingPrediction { gold: PathBuf, expected: PathBuf },

    /// A gold folder holds no files to score.
    #[error("{}: no gold alignment files in this folder", path.display())]
    NoGoldFiles { path: PathBuf },

    /// A reviewed file that cannot be read as a review table at all.
    #[error("{}: {problem}", path.display())]
    Review {
        path: PathBuf,
        problem: ReviewFileProblem,
    },

    /// A reviewed workbook beyond what a review table can be (a value far
    /// outside the table, a damaged cell reference, a part that unpacks to
    /// too much), refused before it is unpacked or stored. `place` says
    /// where: `sheet "review", cell XFD1048576`, or the zip part.
    #[error(
        "{}: {place}: {reason}; the workbook is damaged or not a bitext review",
        path.display()
    )]
    ReviewWorkbook {
        path: PathBuf,
        place: String,
        reason: String,
    },

    /// Problems in the rows of a reviewed file; nothing is written until
    /// the file is corrected, so all of them are listed at once.
    #[error(
        "{}: {} in the reviewed file, nothing was written; correct {} and run bitext review again:\n{}",
        path.display(),
        count(problems.len(), "problem"),
        if problems.len() == 1 { "it" } else { "them" },
        list_problems(problems)
    )]
    ReviewRows {
        path: PathBuf,
        problems: Vec<Problem>,
    },

    /// A language the outputs need is neither given nor named in the
    /// reviewed file.
    #[error(
        "{}: the {side} language is not named in the file (bitext names it on the summary \
         sheet of an XLSX and in the #document rows of a CSV; older files do not); name it",
        path.display()
    )]
    ReviewLanguage { path: PathBuf, side: Side },

    /// One of gold and prediction is a file and the other a folder.
    #[error(
        "{} and {} must both be alignment files or both be folders",
        gold.display(),
        prediction.display()
    )]
    FileAndFolder { gold: PathBuf, prediction: PathBuf },
}

/// Why a reviewed file cannot be read as a table at all (problems in its
/// rows are [`Problem`]s instead, all listed at once).
#[derive(Debug, thiserror::Error)]
pub enum ReviewFileProblem {
    #[error(
        "this is an old Excel workbook (.xls); save it as .xlsx or as CSV UTF-8 and give bitext that file"
    )]
    OldExcel,
    #[error("row {row}: cannot read the CSV ({cause})")]
    Csv { row: usize, cause: csv::Error },
    #[error(
        "starts with a UTF-8 byte-order mark but is not valid UTF-8 at byte {offset} \
         (line {line}); the file is damaged: save it again from the spreadsheet"
    )]
    DamagedUtf8 { offset: usize, line: usize },
    /// The zip container or the workbook inside it cannot be opened.
    #[error("cannot read the XLSX workbook ({cause}); save it again from the spreadsheet")]
    Workbook {
        cause: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("cannot read sheet \"{sheet}\" ({cause})")]
    Sheet {
        sheet: String,
        cause: calamine::XlsxError,
    },
    /// The workbook has no review table; `sheets` are the ones it has.
    #[error(
        "no sheet named \"{expected}\" (the workbook has {}); give the workbook bitext wrote \
         for review, or rename the sheet with the review table",
        quoted(sheets)
    )]
    NoReviewSheet {
        expected: &'static str,
        sheets: Vec<String>,
    },
    /// A review page's file that is not whole JSON (a download cut off, a
    /// file edited by hand).
    #[error(
        "is not a complete JSON file (line {line}, column {column}: {cause}); the download was \
         cut off, or the file edited? Save the review from the page again"
    )]
    PageJson {
        line: usize,
        column: usize,
        cause: serde_json::Error,
    },
    /// JSON, but not what the review page saves.
    #[error(
        "is JSON but not a review file of bitext's review page (it has no \"format\": \"{expected}\"); \
         give the file the page saved (review.json)"
    )]
    NotAPage { expected: &'static str },
    /// The review page itself, given instead of the file it saves.
    #[error(
        "is the review page itself, which holds no review; open it in a browser, review, save \
         (Ctrl+S: review.json) and give bitext review that file"
    )]
    PageItself,
    /// A review page's file of a version this bitext does not read.
    #[error(
        "is a review page file of version {found}, and this bitext reads version {supported}; \
         review with the page this bitext writes, or read the file with the bitext that wrote it"
    )]
    PageVersion { found: String, supported: u64 },
    /// A review page's file beyond what a review can be.
    #[error("{what}, more than the limit of {limit}; the file is damaged or not a bitext review")]
    PageTooLarge { what: String, limit: String },
    /// A document of a review page's file that cannot be read (a field
    /// missing or of the wrong type); `document` counts from 1.
    #[error(
        "document {document}: {reason}; the file is damaged: save the review from the page again"
    )]
    PageDocument { document: usize, reason: String },
    /// A bead of a review page's file that cannot be read; `bead` is its
    /// number in the file, from 1, as the page shows it.
    #[error(
        "document {doc}, bead {bead}: {reason}; the file is damaged: save the review from the \
         page again"
    )]
    PageBead {
        doc: String,
        bead: usize,
        reason: String,
    },
}

/// `sheets "a", "b"`, or `no sheets`.
fn quoted(names: &[String]) -> String {
    if names.is_empty() {
        return "no sheets".to_string();
    }
    let names: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    format!("sheets {}", names.join(", "))
}

/// The bead format, for messages about a line that is not in it.
const BEAD_FORMAT: &str = "expected [source ids]:[target ids] or \
    [source ids]:[target ids]:confidence, e.g. [3]:[3, 4] or [0]:[0]:0.93";

/// What is wrong with a line of an alignment file (gold or prediction).
#[derive(Debug, thiserror::Error)]
pub enum BeadProblem {
    #[error("not valid UTF-8 (byte {offset}); alignment files are UTF-8 text")]
    NotUtf8 { offset: usize },
    /// The line is not `[ids]:[ids]` (`why` says which part is missing).
    #[error("not a bead ({why}): {text:?}; {BEAD_FORMAT}")]
    Syntax { text: String, why: &'static str },
    #[error("not a bead (confidence {number:?} is not a number): {text:?}; {BEAD_FORMAT}")]
    ConfidenceNotANumber { text: String, number: String },
    #[error("{id:?} is not a sentence id; ids are whole numbers counted from 0")]
    NotAnId { id: String },
    #[error("confidence {value} is not between 0 and 1")]
    ConfidenceOutOfRange { value: f64 },
    #[error("empty bead []:[]; a bead holds at least one sentence")]
    Empty,
    #[error(
        "not a bead: {cause}; expected an object such as \
         {{\"source_ids\": [3], \"target_ids\": [3, 4], \"confidence\": 0.9}}"
    )]
    NotJson { cause: serde_json::Error },
}

/// What is wrong with a line of a language data file
/// (`src/lang/data/<code>.txt`, or one a user gives in that format).
#[derive(Debug, thiserror::Error)]
pub enum RulesProblem {
    #[error("text before the first [section]; a data file starts with a header such as [language]")]
    BeforeFirstSection,
    #[error(
        "unknown section [{name}]; the sections are [language], [stopwords], [speech_verbs], \
         [metadata], [prefix], [before_number] and [ambiguous]"
    )]
    UnknownSection { name: String },
    #[error("expected `key = value`, found {found:?}")]
    NotKeyValue { found: String },
    #[error(
        "unknown option {key:?}; [language] sets name, script, ordinal_period, needs_space, \
         terminators, closing_quotes and spaced_closing_quotes"
    )]
    UnknownOption { key: String },
    #[error("{key} must be yes or no, not {value:?}")]
    NotYesNo { key: String, value: String },
    #[error("unknown script {value:?}; use one of {known}")]
    UnknownScript { value: String, known: String },
    #[error("expected `field = Label …`, found {found:?}")]
    NotFieldLabels { found: String },
    #[error("unknown metadata field {field:?}; use one of {known}")]
    UnknownMetadataField { field: String, known: String },
}

/// The formats a dictionary may be in, for messages about one that is not.
const DICTIONARY_FORMATS: &str = "bitext reads hunalign (`target @ source` per line), TSV \
    (`source<TAB>target`), FreeDict dictd (.index with .dict or .dict.dz), FreeDict TEI (.tei) \
    and CC-CEDICT (cedict_ts.u8), also gzip-compressed";

/// What is wrong with a dictionary file. Lines are counted from 1, bytes
/// from 0.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryProblem {
    #[error("not a dictionary in a known format; {DICTIONARY_FORMATS}")]
    UnknownFormat,
    #[error("a binary file, not a dictionary; {DICTIONARY_FORMATS}")]
    Binary,
    #[error("no dictionary entries found ({format})")]
    NoEntries { format: String },
    #[error(
        "larger than {max_mib} MiB{}, the most bitext reads as a dictionary",
        if *uncompressed { " uncompressed" } else { "" }
    )]
    TooBig { max_mib: u64, uncompressed: bool },
    #[error("not a valid gzip file ({0})")]
    Gzip(std::io::Error),
    #[error("invalid UTF-8 at byte {offset} (line {line}); dictionaries must be UTF-8")]
    InvalidUtf8 { offset: usize, line: usize },
    #[error(
        "line {line}: not a dictionary entry; write `target @ source` (hunalign) or \
         `source<TAB>target`"
    )]
    NotAnEntry { line: usize },
    #[error("line {line}: an entry needs both a source and a target")]
    HalfEntry { line: usize },
    #[error(
        "line {line}: not a CC-CEDICT entry; write `traditional simplified [pinyin] /gloss/gloss/`"
    )]
    NotCedictEntry { line: usize },
    #[error("a dictd dictionary needs its index {} beside it", index.display())]
    MissingIndex { index: PathBuf },
    #[error("a dictd dictionary needs its articles {base}.dict.dz or {base}.dict beside it")]
    MissingArticles { base: String },
    #[error("line {line}: not an index line (headword<TAB>offset<TAB>length)")]
    NotAnIndexLine { line: usize },
    #[error("line {line}: {offset:?} or {length:?} is not a number in dictd's base64")]
    NotBase64 {
        line: usize,
        offset: String,
        length: String,
    },
    #[error("line {line}: an article of {length} bytes; the most bitext reads is {max}")]
    ArticleTooLong { line: usize, length: u64, max: u64 },
    #[error(
        "line {line}: the article at bytes {start}..{end} lies beyond the end of {} \
         ({size} bytes uncompressed); the two files do not belong together",
        articles.display()
    )]
    ArticleBeyondEnd {
        line: usize,
        start: u64,
        end: u64,
        articles: PathBuf,
        size: usize,
    },
    #[error("invalid UTF-8 at byte {offset} of the uncompressed articles")]
    ArticlesUtf8 { offset: usize },
    #[error("the article at bytes {start}..{end} does not start or end at a character")]
    ArticleSplitsCharacter { start: usize, end: usize },
    #[error("not well-formed XML at byte {offset}: {cause}")]
    Xml {
        offset: u64,
        cause: quick_xml::Error,
    },
    #[error("elements nested deeper than {max} at byte {offset}")]
    TooDeep { max: usize, offset: u64 },
    #[error(
        "an XML file, but not TEI (no <TEI> element); bitext reads FreeDict's TEI dictionaries"
    )]
    NotTei,
}

/// What is wrong with a line of a batch manifest.
#[derive(Debug, thiserror::Error)]
pub enum ManifestProblem {
    /// The CSV itself cannot be read there.
    #[error("cannot read the CSV ({0})")]
    Csv(#[from] csv::Error),
    /// The header lacks a column bitext needs.
    #[error("the header must name the columns id, source, target (found: {})", found.join(", "))]
    MissingColumns { found: Vec<String> },
    /// A language column holds no valid code.
    #[error(
        "invalid language code {code:?}: use an ISO 639-1 code with an optional region, such as de or de-DE"
    )]
    InvalidLanguage { code: String },
    /// Neither the line, nor the file names, nor the run say a language.
    #[error("no language: add source_lang/target_lang columns or name the languages of the batch")]
    NoLanguage,
    /// The id column is empty.
    #[error("empty id")]
    EmptyId,
}

/// At most this many problems are listed; the rest are counted. A file with
/// more usually has one cause (a moved column, a wrong profile), and a
/// screenful is enough to see it.
pub const MAX_LISTED_PROBLEMS: usize = 50;

/// Something wrong in a reviewed file, at the row it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The sheet the row is on, if not the review table (a workbook's
    /// summary sheet, which lists the documents).
    pub sheet: Option<String>,
    /// The row number the spreadsheet shows (header = row 1), or the
    /// bead number the review page shows.
    pub row: usize,
    /// Whether `row` counts rows or beads.
    pub locus: Locus,
    /// What is wrong and what to do about it.
    pub message: String,
}

/// What the places of a reviewed file are counted in: the rows of a
/// spreadsheet, or the beads of the file a review page saves (which has
/// no rows; the page numbers its beads from 1 through all documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locus {
    #[default]
    Row,
    Bead,
}

impl fmt::Display for Locus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Locus::Row => "row",
            Locus::Bead => "bead",
        })
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "sheet \"{sheet}\", ")?;
        }
        write!(f, "{} {}: {}", self.locus, self.row, self.message)
    }
}

/// Lists problems for an error message: the first [`MAX_LISTED_PROBLEMS`]
/// one per line, then how many more there are.
fn list_problems(problems: &[Problem]) -> String {
    let mut lines: Vec<String> = problems
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(|p| format!("  {p}"))
        .collect();
    if problems.len() > MAX_LISTED_PROBLEMS {
        lines.push(format!(
            "  … and {} more",
            problems.len() - MAX_LISTED_PROBLEMS
        ));
    }
    lines.join("\n")
}

/// Why pdftotext gave no text for a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfProblem {
    /// pdftotext failed; what it said.
    Failed { said: String },
    /// pdftotext ran longer than the limit and was stopped.
    TimedOut { seconds: u64 },
    /// pdftotext wrote more text than the limit.
    TooLarge { limit: u64 },
    /// The PDF holds no text layer.
    NoText,
}

impl std::fmt::Display for PdfProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfProblem::Failed { said } => write!(f, "pdftotext failed ({said})"),
            PdfProblem::TimedOut { seconds } => {
                write!(f, "pdftotext ran longer than {seconds} s and was stopped")
            }
            PdfProblem::TooLarge { limit } => write!(
                f,
                "its text is longer than the limit of {} MiB",
                limit >> 20
            ),
            PdfProblem::NoText => f.write_str(
                "it holds no text, only images (a scanned PDF needs OCR first, e.g. ocrmypdf)",
            ),
        }
    }
}

/// The last part of a path, for messages that name the folder apart.
fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `1 problem`, `3 problems`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl Error {
    /// Wraps an I/O error met while writing `path`.
    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }

    /// Wraps an I/O error, turning "is a directory" into its own clear message.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        if path.is_dir() {
            Error::IsDirectory { path }
        } else {
            Error::Io { path, source }
        }
    }
}
