//! Which document of a pair something belongs to. A leaf module (it imports
//! nothing from the crate), so that the error type, evaluation and writers
//! can all name a side without depending on each other.

use std::fmt;

/// The two sides of an alignment: the original and the translation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The original.
    Source,
    /// The translation.
    Target,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Source => "source",
            Side::Target => "target",
        })
    }
}
