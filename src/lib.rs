//! bitext aligns a translation with its original sentence by sentence.
//!
//! The library is the pipeline, one module per stage:
//!
//! ```text
//! file ─► text::Document ─► segment::Sentence* ─► (align) ─► (write)
//! ```
//!
//! The main job: read a translation and its original, align them sentence
//! by sentence, and write a translation memory.
//!
//! ```
//! use std::path::Path;
//! use bitext::align::{Aligner, Config};
//! use bitext::write::{Format, Options};
//! use bitext::{Document, Lang, Mode};
//!
//! let en = Document::from_text(Path::new("en.txt"), "Peace is near. Talks resume on Monday.")?;
//! let de = Document::from_text(
//!     Path::new("de.txt"),
//!     "Der Frieden ist nah. Die Gespräche beginnen am Montag wieder.",
//! )?;
//! let aligner = Aligner::new(Config::default())?;
//! let (en_lang, de_lang) = (Lang::parse("en")?, Lang::parse("de")?);
//! let pair = aligner.align_documents("talks", (en, &en_lang), (de, &de_lang), &Mode::Split);
//!
//! // Two sentences a side, paired one to one, each with its confidence.
//! assert_eq!(pair.alignment.beads.len(), 2);
//! assert!(pair.alignment.beads.iter().all(|b| b.confidence > 0.5));
//!
//! let mut tmx = Vec::new();
//! let mut writer = Format::Tmx.writer(&mut tmx, &Options::default());
//! writer.document(&pair.view())?;
//! writer.finish()?;
//! drop(writer);
//! let tmx = String::from_utf8(tmx).unwrap();
//! assert!(tmx.contains("<seg>Die Gespräche beginnen am Montag wieder.</seg>"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Each stage can be used alone, here reading and segmenting:
//!
//! ```
//! use std::path::Path;
//! use bitext::{Document, Lang, Mode, Segmenter};
//!
//! let doc = Document::from_text(Path::new("de.txt"), "date 2025-08-21 Das ist z. B. gut. Und das?")?;
//! assert_eq!(doc.meta("date"), Some("2025-08-21"));
//! let sentences = Segmenter::new(&Lang::parse("de")?).segment(&doc, &Mode::Split);
//! assert_eq!(sentences[1].text, "Und das?");
//! # Ok::<(), bitext::Error>(())
//! ```

#![warn(missing_docs)]

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
pub use text::{Document, Encoding, InputFormat, Paragraph};
