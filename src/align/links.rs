//! Which target words may translate which source words.
//!
//! Links come from three places, all learned or given at run time: words
//! whose keys are equal or nearly so (names, numbers written out, cognates,
//! transliterations: Jaro–Winkler on keys, computed once over the two
//! vocabularies, never per cell of the lattice); a lexicon learned without
//! supervision from the beads of a first pass (see `lexicon`, over one
//! document or a whole batch); and user dictionaries.

use std::collections::HashMap;

use super::features::Vocab;

/// Jaro–Winkler similarity of two keys at or above which they are linked.
const FUZZY_THRESHOLD: f64 = 0.9;
/// Fuzzy matching needs keys of at least these lengths (the shorter and the
/// longer of the two): short keys match too easily.
const FUZZY_MIN_LEN: (usize, usize) = (3, 4);

/// For every target word (key id), the source words (key ids) it may
/// translate, sorted.
#[derive(Debug, Clone, Default)]
pub struct Links {
    by_target: Vec<Vec<u32>>,
}

impl Links {
    /// Links identical and near-identical keys of the two vocabularies.
    pub fn orthographic(source: &Vocab, target: &Vocab) -> Links {
        let mut links = Links {
            by_target: vec![Vec::new(); target.len()],
        };
        // Block by the first two characters: near-identical keys share them
        // (the key already folds the usual transliteration differences).
        let mut blocks: HashMap<String, Vec<(u32, &str)>> = HashMap::new();
        for (id, word) in source.iter() {
            blocks.entry(block(word)).or_default().push((id, word));
        }
        for (t_id, t_word) in target.iter() {
            if let Some(s_id) = source.get(t_word) {
                links.add(t_id, s_id);
            }
            let t_len = t_word.chars().count();
            if t_len < FUZZY_MIN_LEN.0 {
                continue;
            }
            for &(s_id, s_word) in blocks.get(&block(t_word)).into_iter().flatten() {
                let s_len = s_word.chars().count();
                if s_word != t_word
                    && s_len.min(t_len) >= FUZZY_MIN_LEN.0
                    && s_len.max(t_len) >= FUZZY_MIN_LEN.1
                    && strsim::jaro_winkler(s_word, t_word) >= FUZZY_THRESHOLD
                {
                    links.add(t_id, s_id);
                }
            }
        }
        links.finish();
        links
    }

    /// Adds a link from target word `t` to source word `s`.
    pub fn add(&mut self, t: u32, s: u32) {
        let t = t as usize;
        if self.by_target.len() <= t {
            self.by_target.resize(t + 1, Vec::new());
        }
        self.by_target[t].push(s);
    }

    /// Adds every link of `other`.
    pub fn extend(&mut self, other: &Links) {
        for (t, sources) in other.by_target.iter().enumerate() {
            for &s in sources {
                self.add(t as u32, s);
            }
        }
        self.finish();
    }

    /// Sorts and deduplicates after adding.
    pub fn finish(&mut self) {
        for sources in &mut self.by_target {
            sources.sort_unstable();
            sources.dedup();
        }
    }

    /// The source words target word `t` may translate.
    pub fn sources(&self, t: u32) -> &[u32] {
        self.by_target.get(t as usize).map_or(&[], Vec::as_slice)
    }
}

fn block(word: &str) -> String {
    word.chars().take(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> Vocab {
        let mut v = Vocab::default();
        for w in words {
            v.id(w);
        }
        v
    }

    #[test]
    fn links_identical_and_near_identical_keys() {
        let source = vocab(&["presid", "kiv", "ukrain", "house"]);
        let target = vocab(&["prasid", "kiev", "ukrain", "berlin"]);
        let links = Links::orthographic(&source, &target);
        assert_eq!(links.sources(0), [0], "Präsident ~ president");
        assert_eq!(links.sources(1), [1], "Kiew ~ Kyiv");
        assert_eq!(links.sources(2), [2]);
        assert!(links.sources(3).is_empty());
    }
}
