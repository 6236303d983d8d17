//! bitext aligns a translation with its original sentence by sentence.
//!
//! The library is the pipeline, one module per stage:
//!
//! ```text
//! file ─► text::Document ─► segment::Sentence* ─► (align) ─► (write)
//! ```
//!
//! ```
//! use std::path::Path;
//! use bitext::{Document, Lang, Mode, Segmenter};
//!
//! let doc = Document::from_text(Path::new("de.txt"), "date 2025-08-21 Das ist z. B. gut. Und das?")?;
//! assert_eq!(doc.meta("date"), Some("2025-08-21"));
//! let sentences = Segmenter::new(&Lang::parse("de")?).segment(&doc, Mode::Split);
//! assert_eq!(sentences[1].text, "Und das?");
//! # Ok::<(), bitext::Error>(())
//! ```

pub mod align;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod lang;
pub mod review;
pub mod segment;
pub mod side;
pub mod text;
pub mod write;

pub use align::{Aligner, Alignment, Bead, Side};
pub use error::{Error, Result};
pub use lang::Lang;
pub use segment::{Mode, Segmenter, Sentence};
pub use text::{Document, Encoding, Paragraph};
