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
        /// The file that could not be read (a document, dictionary, rules or reviewed file), as the user named it.
        path: PathBuf,
        /// Why the operating system refused (not found, permission, ...).
        #[source]
        source: std::io::Error,
    },

    /// An output file or folder could not be written.
    #[error("{}: cannot write the file", path.display())]
    Write {
        /// The output file or folder being written.
        path: PathBuf,
        /// Why the operating system refused (disk full, permission, ...).
        #[source]
        source: std::io::Error,
    },

    /// A directory was given where a document was expected.
    #[error("{}: is a directory, not a text file; give the path of a document inside it", path.display())]
    IsDirectory {
        /// The folder that was named as a document.
        path: PathBuf,
    },

    /// The document holds no text at all (after removing metadata and whitespace).
    #[error("{}: the document is empty (no text after metadata and blank lines)", path.display())]
    Empty {
        /// The document that holds no text.
        path: PathBuf,
    },

    /// The bytes look like a binary file (NUL bytes), not text.
    #[error("{}: looks like a binary file (NUL byte at byte {offset}); bitext reads plain text", path.display())]
    Binary {
        /// The file that holds NUL bytes.
        path: PathBuf,
        /// Byte offset (from 0) of the first NUL byte, so the user can look there.
        offset: usize,
    },

    /// The file looks like UTF-16 without a byte-order mark.
    #[error(
        "{}: looks like UTF-16 without a byte-order mark; read it as {encoding}",
        path.display()
    )]
    Utf16WithoutBom {
        /// The file that reads as UTF-16.
        path: PathBuf,
        /// The UTF-16 variant (`utf-16le` or `utf-16be`) the byte pattern suggests; the message proposes it.
        encoding: &'static str,
    },

    /// The file is not valid UTF-8 and no other encoding was given.
    #[error(
        "{}: invalid UTF-8 at byte {offset} (line {line}); if the file is in another encoding, \
         name it (windows-1252, latin1, utf-16le or utf-16be)",
        path.display()
    )]
    InvalidUtf8 {
        /// The file that is not UTF-8.
        path: PathBuf,
        /// Byte offset (from 0) of the first byte that breaks UTF-8.
        offset: usize,
        /// Line (from 1) of that byte, for an editor's go-to-line.
        line: usize,
    },

    /// The file could not be decoded in the encoding the user named.
    #[error("{}: not valid {encoding} at byte {offset}", path.display())]
    Decode {
        /// The file that could not be decoded.
        path: PathBuf,
        /// The encoding the user named (or UTF-16 when a byte-order mark said so).
        encoding: &'static str,
        /// Byte offset (from 0) of the first byte that is not valid in that encoding.
        offset: usize,
    },

    /// A document in a format bitext recognises but does not read (RTF,
    /// legacy Office files, zip archives other than DOCX and ODT).
    #[error(
        "{}: this is {format}, which bitext does not read; save it as DOCX, ODT or plain text \
         (UTF-8) and give bitext that file",
        path.display()
    )]
    UnsupportedFormat {
        /// The document in the unread format.
        path: PathBuf,
        /// The format it was recognised as, for the message ("RTF", "a legacy Word file", ...).
        format: &'static str,
    },

    /// A DOCX or ODT file that is not a zip archive bitext can read.
    #[error(
        "{}: not a readable {format} file (a damaged zip archive); save it again from the word \
         processor",
        path.display()
    )]
    DocumentArchive {
        /// The DOCX or ODT file.
        path: PathBuf,
        /// `DOCX` or `ODT`, as told by the extension or the content.
        format: &'static str,
        /// What the zip reader found wrong.
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
        /// The DOCX or ODT file.
        path: PathBuf,
        /// `DOCX` or `ODT`.
        format: &'static str,
        /// The zip part that holds the text and is missing (`word/document.xml`, `content.xml`).
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
        /// The DOCX or ODT file.
        path: PathBuf,
        /// The zip part whose unpacking crossed the limit.
        part: String,
        /// The most bytes bitext unpacks from one document, counted over all its parts.
        limit: u64,
    },

    /// Malformed XML in a part of a DOCX or ODT file.
    #[error(
        "{}: {part}: malformed XML at byte {offset}; save the document again from the word processor",
        path.display()
    )]
    DocumentXml {
        /// The DOCX or ODT file.
        path: PathBuf,
        /// The zip part holding the malformed XML.
        part: String,
        /// Byte offset (from 0) in that part's unpacked XML where the parser stopped.
        offset: u64,
        /// What the XML parser found wrong.
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
        /// The HTML document.
        path: PathBuf,
        /// The deepest nesting bitext parses.
        limit: usize,
        /// Byte offset (from 0) in the decoded text where the limit was crossed.
        offset: usize,
    },

    /// A PDF was given and pdftotext (poppler) is not installed.
    #[error(
        "{}: reading PDF needs pdftotext (poppler), which is not installed; install it \
         (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler), or save \
         the document as text",
        path.display()
    )]
    PdfToTextMissing {
        /// The PDF that could not be read without pdftotext.
        path: PathBuf,
    },

    /// pdftotext could not turn a PDF into text.
    #[error("{}: cannot read this PDF: {problem}", path.display())]
    Pdf {
        /// The PDF pdftotext was run on.
        path: PathBuf,
        /// How pdftotext failed, or why its output holds no text.
        problem: PdfProblem,
    },

    /// A language code that is not of the form `de` or `de-DE`.
    #[error(
        "invalid language code {code:?}: use an ISO 639-1 code with an optional region, such as de or de-DE"
    )]
    InvalidLang {
        /// The code as given, in a flag, a manifest or a file name.
        code: String,
    },

    /// The language of a document could not be told from its name or content.
    #[error(
        "{}: cannot tell the language of this document ({reason}); name its language",
        path.display()
    )]
    UnknownLanguage {
        /// The document whose language is unknown.
        path: PathBuf,
        /// Why neither the file name nor the text told the language (no code in the name, too little text, two languages scoring alike).
        reason: String,
    },

    /// A parameter of the model or of a run that is out of its range.
    #[error("{name} = {value} is out of range: expected {expected}")]
    InvalidParameter {
        /// The parameter's name as the model or the run calls it (`max_bead`, `length_variance`).
        name: &'static str,
        /// The value given, as text so that any type can be shown.
        value: String,
        /// The range the parameter accepts, in words (`1 to 8`).
        expected: &'static str,
    },

    /// An output would land outside the folder it was asked for (a
    /// document id naming another folder, or a link inside the folder).
    #[error(
        "{}: refused, it is outside the output folder {}; nothing is written outside it",
        path.display(),
        folder.display()
    )]
    OutsideOutput {
        /// The output path that was refused.
        path: PathBuf,
        /// The output folder the run was asked to write into.
        folder: PathBuf,
    },

    /// An output file exists and overwriting was not asked for.
    #[error("{}: the file exists, and replacing it was not asked for", path.display())]
    OutputExists {
        /// The output file that already exists.
        path: PathBuf,
    },

    /// Two pairs of a batch have the same id, so their outputs would
    /// overwrite each other.
    #[error(
        "two pairs have the id {id:?} ({} and {}); give them different names",
        first.display(),
        second.display()
    )]
    DuplicatePairId {
        /// The id both pairs would be written under.
        id: String,
        /// A document of the first pair with that id.
        first: PathBuf,
        /// A document of the second pair with that id.
        second: PathBuf,
    },

    /// A folder of documents in several languages, none of them English
    /// (taken as the original when no source language is named).
    #[error(
        "{}: cannot tell which language is the original; name the source and target languages",
        folder.display()
    )]
    OriginalUnknown {
        /// The pair folder whose original cannot be told.
        folder: PathBuf,
    },

    /// A folder with several translations of its original and no target
    /// language named.
    #[error(
        "{}: several translations ({}); name the target language to align one of them",
        folder.display(),
        languages.join(", ")
    )]
    SeveralTranslations {
        /// The pair folder.
        folder: PathBuf,
        /// The language codes of the translations found in it.
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
        /// The pair folder.
        folder: PathBuf,
        /// The language code both documents carry.
        lang: String,
        /// The first of the two documents.
        first: PathBuf,
        /// The second of the two documents.
        second: PathBuf,
    },

    /// A document stored by an earlier batch run that cannot be read back.
    #[error(
        "{}: damaged batch state ({cause}); delete it to align the document again",
        path.display()
    )]
    DamagedState {
        /// The stored state file under the batch's state folder.
        path: PathBuf,
        /// Why its JSON cannot be read back.
        cause: serde_json::Error,
    },

    /// A lexicon counts file (of a lexicon learned in pieces) that cannot
    /// be used: not such a file, another version, damaged or truncated.
    #[error("{}, line {line}: {problem}", path.display())]
    LexiconCounts {
        /// The counts file.
        path: PathBuf,
        /// The line (from 1) where the problem is.
        line: usize,
        /// What is wrong there.
        problem: String,
    },

    /// A manifest line that cannot be used.
    #[error("{}, line {line}: {problem}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// Line (from 1) of the manifest, the header being line 1.
        line: usize,
        /// What is wrong with that line.
        problem: ManifestProblem,
    },

    /// A dictionary file that cannot be read as a dictionary: the message
    /// says where (line, byte or entry) and what bitext accepts.
    #[error("{}: {problem}", path.display())]
    Dictionary {
        /// The dictionary file given.
        path: PathBuf,
        /// What is wrong with it and where.
        problem: DictionaryProblem,
    },

    /// An SRX segmentation rules file that cannot be used: malformed XML,
    /// a pattern bitext cannot match (the message names the language rule
    /// and the rule), a map to rules the file lacks.
    #[error("{}: segmentation rules: {problem}", path.display())]
    Srx {
        /// The SRX file given.
        path: PathBuf,
        /// What is wrong with it, naming the language rule and the rule.
        problem: String,
    },

    /// A language rules file (built in or given by the user) is malformed.
    #[error("language rules for {lang:?}, line {line}: {problem}")]
    Rules {
        /// The language code whose rules are malformed (its built-in file or the file the user gave).
        lang: String,
        /// Line (from 1) of the rules file.
        line: usize,
        /// What is wrong with that line.
        problem: RulesProblem,
    },

    /// A line of an alignment file (gold or prediction) is not a bead.
    #[error("{}:{line}: {problem}", path.display())]
    Bead {
        /// The alignment file (gold or prediction).
        path: PathBuf,
        /// Line (from 1) of the bad bead.
        line: usize,
        /// What is wrong with that line.
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
        /// The alignment file.
        path: PathBuf,
        /// Line (from 1) of the second bead holding the sentence.
        line: usize,
        /// The side (source or target) of the sentence.
        side: Side,
        /// The sentence's id (from 0) on that side.
        id: usize,
        /// Line (from 1) of the first bead holding it.
        first_line: usize,
    },

    /// A gold file in a folder has no prediction at the matching path.
    #[error("{}: no prediction for this gold file (expected {})", gold.display(), expected.display())]
    MissingPrediction {
        /// The gold alignment file.
        gold: PathBuf,
        /// Where its prediction was looked for: the same relative path in the prediction folder.
        expected: PathBuf,
    },

    /// A gold folder holds no files to score.
    #[error("{}: no gold alignment files in this folder", path.display())]
    NoGoldFiles {
        /// The gold folder.
        path: PathBuf,
    },

    /// A reviewed file that cannot be read as a review table at all.
    #[error("{}: {problem}", path.display())]
    Review {
        /// The reviewed file (CSV, XLSX or the review page's JSON).
        path: PathBuf,
        /// Why it is not a review table.
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
        /// The reviewed workbook.
        path: PathBuf,
        /// Where in the workbook: a sheet and cell, or the zip part.
        place: String,
        /// What is beyond a review table there.
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
        /// The reviewed file.
        path: PathBuf,
        /// Every problem found, in file order; the message lists the first [`MAX_LISTED_PROBLEMS`].
        problems: Vec<Problem>,
    },

    /// A language the outputs need is neither given nor named in the
    /// reviewed file.
    #[error(
        "{}: the {side} language is not named in the file (bitext names it on the summary \
         sheet of an XLSX and in the #document rows of a CSV; older files do not); name it",
        path.display()
    )]
    ReviewLanguage {
        /// The reviewed file.
        path: PathBuf,
        /// The side whose language is missing.
        side: Side,
    },

    /// One of gold and prediction is a file and the other a folder.
    #[error(
        "{} and {} must both be alignment files or both be folders",
        gold.display(),
        prediction.display()
    )]
    FileAndFolder {
        /// The gold path given.
        gold: PathBuf,
        /// The prediction path given.
        prediction: PathBuf,
    },
}

/// Why a reviewed file cannot be read as a table at all (problems in its
/// rows are [`Problem`]s instead, all listed at once).
#[derive(Debug, thiserror::Error)]
pub enum ReviewFileProblem {
    /// A binary Excel 97-2003 workbook, which bitext does not read; only XLSX and CSV are review tables.
    #[error(
        "this is an old Excel workbook (.xls); save it as .xlsx or as CSV UTF-8 and give bitext that file"
    )]
    OldExcel,
    /// The CSV parser gave up at a row (unbalanced quotes, a line that is not CSV).
    #[error("row {row}: cannot read the CSV ({cause})")]
    Csv {
        /// The row (from 1, as the spreadsheet shows it) where the parser stopped.
        row: usize,
        /// What the CSV parser found wrong.
        cause: csv::Error,
    },
    /// A CSV whose byte-order mark says UTF-8 but whose bytes are not; bitext does not then fall back to Windows-1252, since the mark says the file is meant to be UTF-8.
    #[error(
        "starts with a UTF-8 byte-order mark but is not valid UTF-8 at byte {offset} \
         (line {line}); the file is damaged: save it again from the spreadsheet"
    )]
    DamagedUtf8 {
        /// Byte offset (from 0) of the first byte that breaks UTF-8.
        offset: usize,
        /// Line (from 1) of that byte.
        line: usize,
    },
    /// The zip container or the workbook inside it cannot be opened.
    #[error("cannot read the XLSX workbook ({cause}); save it again from the spreadsheet")]
    Workbook {
        /// What the XLSX reader found wrong.
        cause: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The review sheet was found but its cells cannot be read.
    #[error("cannot read sheet \"{sheet}\" ({cause})")]
    Sheet {
        /// The sheet's name.
        sheet: String,
        /// What the XLSX reader found wrong.
        cause: calamine::XlsxError,
    },
    /// The workbook has no review table; `sheets` are the ones it has.
    #[error(
        "no sheet named \"{expected}\" (the workbook has {}); give the workbook bitext wrote \
         for review, or rename the sheet with the review table",
        quoted(sheets)
    )]
    NoReviewSheet {
        /// The sheet name bitext writes the review table under.
        expected: &'static str,
        /// The sheet names the workbook does have.
        sheets: Vec<String>,
    },
    /// A review page's file that is not whole JSON (a download cut off, a
    /// file edited by hand).
    #[error(
        "is not a complete JSON file (line {line}, column {column}: {cause}); the download was \
         cut off, or the file edited? Save the review from the page again"
    )]
    PageJson {
        /// Line (from 1) where the JSON parser stopped.
        line: usize,
        /// Column (from 1) where the JSON parser stopped.
        column: usize,
        /// What the JSON parser found wrong.
        cause: serde_json::Error,
    },
    /// JSON, but not what the review page saves.
    #[error(
        "is JSON but not a review file of bitext's review page (it has no \"format\": \"{expected}\"); \
         give the file the page saved (review.json)"
    )]
    NotAPage {
        /// The value of `format` a review page's file carries.
        expected: &'static str,
    },
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
    PageVersion {
        /// The `version` the file carries, as written there.
        found: String,
        /// The version this bitext reads.
        supported: u64,
    },
    /// A review page's file beyond what a review can be.
    #[error("{what}, more than the limit of {limit}; the file is damaged or not a bitext review")]
    PageTooLarge {
        /// What exceeds the limit, in words (the file's size, a document's beads or sentences).
        what: String,
        /// The limit, with its unit.
        limit: String,
    },
    /// A document of a review page's file that cannot be read (a field
    /// missing or of the wrong type); `document` counts from 1.
    #[error(
        "document {document}: {reason}; the file is damaged: save the review from the page again"
    )]
    PageDocument {
        /// Which document, counted from 1 in the file.
        document: usize,
        /// What is missing or of the wrong type.
        reason: String,
    },
    /// A bead of a review page's file that cannot be read; `bead` is its
    /// number in the file, from 1, as the page shows it.
    #[error(
        "document {doc}, bead {bead}: {reason}; the file is damaged: save the review from the \
         page again"
    )]
    PageBead {
        /// The id of the document the bead belongs to.
        doc: String,
        /// The bead's number from 1 through all documents of the file, as the page shows it.
        bead: usize,
        /// What is wrong with the bead.
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
    /// The line holds bytes that are not UTF-8.
    #[error("not valid UTF-8 (byte {offset}); alignment files are UTF-8 text")]
    NotUtf8 {
        /// Byte offset (from 0) in the file of the first byte that breaks UTF-8.
        offset: usize,
    },
    /// The line is not `[ids]:[ids]` (`why` says which part is missing).
    #[error("not a bead ({why}): {text:?}; {BEAD_FORMAT}")]
    Syntax {
        /// The offending line.
        text: String,
        /// Which part of the bead is missing or malformed.
        why: &'static str,
    },
    /// The third part of a bead, its confidence, is not a number.
    #[error("not a bead (confidence {number:?} is not a number): {text:?}; {BEAD_FORMAT}")]
    ConfidenceNotANumber {
        /// The offending line.
        text: String,
        /// The part that should be the confidence.
        number: String,
    },
    /// An id in a bead's list is not a whole number.
    #[error("{id:?} is not a sentence id; ids are whole numbers counted from 0")]
    NotAnId {
        /// The text that should be an id.
        id: String,
    },
    /// A confidence outside 0..=1, which cannot be a probability.
    #[error("confidence {value} is not between 0 and 1")]
    ConfidenceOutOfRange {
        /// The confidence as read.
        value: f64,
    },
    /// A bead with no sentence on either side, which aligns nothing.
    #[error("empty bead []:[]; a bead holds at least one sentence")]
    Empty,
    /// A line of a JSON Lines alignment file that is not a bead object.
    #[error(
        "not a bead: {cause}; expected an object such as \
         {{\"source_ids\": [3], \"target_ids\": [3, 4], \"confidence\": 0.9}}"
    )]
    NotJson {
        /// What the JSON parser found wrong.
        cause: serde_json::Error,
    },
}

/// What is wrong with a line of a language data file
/// (`src/lang/data/<code>.txt`, or one a user gives in that format).
#[derive(Debug, thiserror::Error)]
pub enum RulesProblem {
    /// A line before any `[section]` header, so it belongs to no section.
    #[error("text before the first [section]; a data file starts with a header such as [language]")]
    BeforeFirstSection,
    /// A `[section]` header bitext does not know.
    #[error(
        "unknown section [{name}]; the sections are [language], [stopwords], [speech_verbs], \
         [metadata], [prefix], [before_number] and [ambiguous]"
    )]
    UnknownSection {
        /// The section name as written.
        name: String,
    },
    /// A line of `[language]` or `[metadata]` that is not `key = value`.
    #[error("expected `key = value`, found {found:?}")]
    NotKeyValue {
        /// The line as written.
        found: String,
    },
    /// A key in `[language]` that is no option.
    #[error(
        "unknown option {key:?}; [language] sets name, script, ordinal_period, needs_space, \
         terminators, closing_quotes and spaced_closing_quotes"
    )]
    UnknownOption {
        /// The key as written.
        key: String,
    },
    /// A yes/no option with another value.
    #[error("{key} must be yes or no, not {value:?}")]
    NotYesNo {
        /// The option.
        key: String,
        /// The value as written.
        value: String,
    },
    /// A `script` value that names no script bitext knows.
    #[error("unknown script {value:?}; use one of {known}")]
    UnknownScript {
        /// The value as written.
        value: String,
        /// The script names bitext knows, listed for the message.
        known: String,
    },
    /// A line of `[metadata]` that is not `field = Label …`.
    #[error("expected `field = Label …`, found {found:?}")]
    NotFieldLabels {
        /// The line as written.
        found: String,
    },
    /// A `[metadata]` field bitext does not know.
    #[error("unknown metadata field {field:?}; use one of {known}")]
    UnknownMetadataField {
        /// The field as written.
        field: String,
        /// The metadata field names bitext knows, listed for the message.
        known: String,
    },
}

/// The formats a dictionary may be in, for messages about one that is not.
const DICTIONARY_FORMATS: &str = "bitext reads hunalign (`target @ source` per line), TSV \
    (`source<TAB>target`), FreeDict dictd (.index with .dict or .dict.dz), FreeDict TEI (.tei) \
    and CC-CEDICT (cedict_ts.u8), also gzip-compressed";

/// What is wrong with a dictionary file. Lines are counted from 1, bytes
/// from 0.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryProblem {
    /// The file's content matches none of the dictionary formats bitext reads.
    #[error("not a dictionary in a known format; {DICTIONARY_FORMATS}")]
    UnknownFormat,
    /// The file holds NUL bytes: it is not a text dictionary.
    #[error("a binary file, not a dictionary; {DICTIONARY_FORMATS}")]
    Binary,
    /// The format was recognised, but not one entry was read from the file.
    #[error("no dictionary entries found ({format})")]
    NoEntries {
        /// The format it was read as, for the message.
        format: String,
    },
    /// The file (or its uncompressed content) is larger than bitext reads, which keeps memory bounded.
    #[error(
        "larger than {max_mib} MiB{}, the most bitext reads as a dictionary",
        if *uncompressed { " uncompressed" } else { "" }
    )]
    TooBig {
        /// The limit in MiB.
        max_mib: u64,
        /// Whether the limit was crossed by the gzip content once uncompressed, not by the file itself.
        uncompressed: bool,
    },
    /// A `.gz` file whose gzip stream cannot be read.
    #[error("not a valid gzip file ({0})")]
    Gzip(std::io::Error),
    /// The dictionary text is not UTF-8.
    #[error("invalid UTF-8 at byte {offset} (line {line}); dictionaries must be UTF-8")]
    InvalidUtf8 {
        /// Byte offset (from 0) of the first byte that breaks UTF-8.
        offset: usize,
        /// Line (from 1) of that byte.
        line: usize,
    },
    /// A line of a hunalign or TSV dictionary that is neither format.
    #[error(
        "line {line}: not a dictionary entry; write `target @ source` (hunalign) or \
         `source<TAB>target`"
    )]
    NotAnEntry {
        /// Line (from 1) of the dictionary.
        line: usize,
    },
    /// An entry with an empty source or target side.
    #[error("line {line}: an entry needs both a source and a target")]
    HalfEntry {
        /// Line (from 1) of the dictionary.
        line: usize,
    },
    /// A line of a CC-CEDICT file that does not have its shape.
    #[error(
        "line {line}: not a CC-CEDICT entry; write `traditional simplified [pinyin] /gloss/gloss/`"
    )]
    NotCedictEntry {
        /// Line (from 1) of the dictionary.
        line: usize,
    },
    /// A dictd `.dict` file was given and its `.index` is not beside it.
    #[error("a dictd dictionary needs its index {} beside it", index.display())]
    MissingIndex {
        /// The index file that was looked for.
        index: PathBuf,
    },
    /// A dictd `.index` file was given and neither its `.dict.dz` nor `.dict` is beside it.
    #[error("a dictd dictionary needs its articles {base}.dict.dz or {base}.dict beside it")]
    MissingArticles {
        /// The path without extension under which the articles were looked for.
        base: String,
    },
    /// A line of a dictd index that is not three tab-separated fields.
    #[error("line {line}: not an index line (headword<TAB>offset<TAB>length)")]
    NotAnIndexLine {
        /// Line (from 1) of the index.
        line: usize,
    },
    /// A dictd index line whose offset or length is not dictd's base64 number.
    #[error("line {line}: {offset:?} or {length:?} is not a number in dictd's base64")]
    NotBase64 {
        /// Line (from 1) of the index.
        line: usize,
        /// The offset field as written.
        offset: String,
        /// The length field as written.
        length: String,
    },
    /// A dictd index entry pointing to an article longer than bitext reads, which keeps a damaged index from taking all memory.
    #[error("line {line}: an article of {length} bytes; the most bitext reads is {max}")]
    ArticleTooLong {
        /// Line (from 1) of the index.
        line: usize,
        /// The article's length in bytes as the index gives it.
        length: u64,
        /// The longest article bitext reads, in bytes.
        max: u64,
    },
    /// A dictd index entry pointing past the end of the articles file: the index and the articles do not belong together.
    #[error(
        "line {line}: the article at bytes {start}..{end} lies beyond the end of {} \
         ({size} bytes uncompressed); the two files do not belong together",
        articles.display()
    )]
    ArticleBeyondEnd {
        /// Line (from 1) of the index.
        line: usize,
        /// Start of the article, in bytes of the uncompressed articles.
        start: u64,
        /// End of the article (exclusive), in bytes.
        end: u64,
        /// The articles file (`.dict` or `.dict.dz`).
        articles: PathBuf,
        /// Size of the uncompressed articles, in bytes.
        size: usize,
    },
    /// The dictd articles, once uncompressed, are not UTF-8.
    #[error("invalid UTF-8 at byte {offset} of the uncompressed articles")]
    ArticlesUtf8 {
        /// Byte offset (from 0) in the uncompressed articles.
        offset: usize,
    },
    /// A dictd index entry whose byte range cuts a UTF-8 character in two.
    #[error("the article at bytes {start}..{end} does not start or end at a character")]
    ArticleSplitsCharacter {
        /// Start of the article, in bytes of the uncompressed articles.
        start: usize,
        /// End of the article (exclusive), in bytes.
        end: usize,
    },
    /// A TEI dictionary whose XML is malformed.
    #[error("not well-formed XML at byte {offset}: {cause}")]
    Xml {
        /// Byte offset (from 0) where the parser stopped.
        offset: u64,
        /// What the XML parser found wrong.
        cause: quick_xml::Error,
    },
    /// A TEI dictionary nesting elements deeper than bitext follows, refused rather than walked.
    #[error("elements nested deeper than {max} at byte {offset}")]
    TooDeep {
        /// The deepest nesting bitext follows.
        max: usize,
        /// Byte offset (from 0) where the limit was crossed.
        offset: u64,
    },
    /// An XML file without a `<TEI>` element, so not a FreeDict dictionary.
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
    MissingColumns {
        /// The column names the header has.
        found: Vec<String>,
    },
    /// A language column holds no valid code.
    #[error(
        "invalid language code {code:?}: use an ISO 639-1 code with an optional region, such as de or de-DE"
    )]
    InvalidLanguage {
        /// The code as written in the manifest.
        code: String,
    },
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
    /// Places are spreadsheet rows, header = row 1 (CSV and XLSX review tables).
    Row,
    /// Places are beads, numbered from 1 through all documents (the review page's JSON).
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
    Failed {
        /// What pdftotext wrote on its standard error.
        said: String,
    },
    /// pdftotext ran longer than the limit and was stopped.
    TimedOut {
        /// The time limit, in seconds.
        seconds: u64,
    },
    /// pdftotext wrote more text than the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
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

/// What is wrong with a line of a Bitextor document-pair stream
/// ([`crate::corpus::bitextor`]).
#[derive(Debug, thiserror::Error)]
pub enum BitextorProblem {
    /// The line does not split into four fields at its tabs.
    #[error(
        "{found} field{}, not 4 (source_url, target_url, base64 source text, base64 target \
         text, separated by tabs)",
        if *found == 1 { "" } else { "s" }
    )]
    FieldCount {
        /// The fields there are.
        found: usize,
    },
    /// A URL field is not UTF-8.
    #[error("the {side} URL is not UTF-8 (byte {offset})")]
    UrlNotUtf8 {
        /// Whose URL.
        side: Side,
        /// The first byte that is not, counted from 0 in the field.
        offset: usize,
    },
    /// A text field is not base64.
    #[error("the {side} text is not base64 at character {offset} ({why})")]
    Base64 {
        /// Whose text.
        side: Side,
        /// The first wrong character, counted from 0 in the field.
        offset: usize,
        /// What is wrong there.
        why: &'static str,
    },
    /// A text field decodes to bytes that are not UTF-8.
    #[error("the {side} text is not UTF-8 once decoded (byte {offset})")]
    TextNotUtf8 {
        /// Whose text.
        side: Side,
        /// The first byte that is not, counted from 0 in the decoded text.
        offset: usize,
    },
}

/// serde_json's message without its "at line 1 column N": bitext reads one
/// JSON text per line, and that position would read as a line of the file.
pub fn json_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match message.strip_suffix(&position) {
        Some(message) => message.to_string(),
        None => message,
    }
}
