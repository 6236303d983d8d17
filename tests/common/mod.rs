//! Helpers shared by the alignment tests.

use bitext::align::{Aligner, Alignment, Config, Side};
use bitext::{Lang, Sentence};

/// Aligns `source` with `target` in the languages `langs` (codes).
pub fn align_with(
    config: Config,
    source: &[Sentence],
    target: &[Sentence],
    langs: (&str, &str),
) -> Alignment {
    let (sl, tl) = (Lang::parse(langs.0).unwrap(), Lang::parse(langs.1).unwrap());
    Aligner::new(config).unwrap().align(
        Side {
            sentences: source,
            lang: &sl,
        },
        Side {
            sentences: target,
            lang: &tl,
        },
    )
}
