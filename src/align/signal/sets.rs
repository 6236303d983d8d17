//! Multisets of ids per sentence, and cheap bounds on how many ids two beads
//! can share: what the signals that match items (words, numbers) build on.

/// Lists of ids, one per sentence, stored end to end, so that the ids of
/// consecutive sentences are one slice.
#[derive(Debug, Clone, Default)]
pub struct Ragged {
    ids: Vec<u32>,
    starts: Vec<usize>,
}

impl Ragged {
    pub fn new<'s>(lists: impl Iterator<Item = &'s [u32]>) -> Ragged {
        let mut ragged = Ragged {
            ids: Vec::new(),
            starts: vec![0],
        };
        for list in lists {
            ragged.ids.extend_from_slice(list);
            ragged.starts.push(ragged.ids.len());
        }
        // Grown by doubling, the lists could hold up to twice what they
        // need for as long as the pair is aligned.
        ragged.ids.shrink_to_fit();
        ragged.starts.shrink_to_fit();
        ragged
    }

    /// The ids of sentences `start..end`, end to end.
    pub fn range(&self, start: usize, end: usize) -> &[u32] {
        &self.ids[self.starts[start]..self.starts[end]]
    }

    /// Number of ids in sentences `start..end`.
    pub fn count(&self, start: usize, end: usize) -> usize {
        self.starts[end] - self.starts[start]
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// The hashed set of each sentence's ids.
    pub fn bits(&self) -> Vec<Bits> {
        (0..self.len())
            .map(|k| Bits::of(self.range(k, k + 1)))
            .collect()
    }
}

/// A hashed set of ids (256 bits) with the number of ids it holds: two
/// beads whose sets share few bits can match few ids.
#[derive(Debug, Clone, Copy, Default)]
pub struct Bits {
    bits: [u64; 4],
    /// Ids put in, with repeats.
    count: u32,
}

impl Bits {
    pub fn of(ids: &[u32]) -> Bits {
        let mut bits = Bits {
            count: ids.len() as u32,
            ..Bits::default()
        };
        for &id in ids {
            let h = hash(id) >> 56;
            bits.bits[(h >> 6) as usize] |= 1 << (h & 63);
        }
        bits
    }

    pub fn union(sets: &[Bits]) -> Bits {
        sets.iter().fold(Bits::default(), |acc, b| Bits {
            bits: std::array::from_fn(|k| acc.bits[k] | b.bits[k]),
            count: acc.count + b.count,
        })
    }

    fn ones(&self) -> u32 {
        self.bits.iter().map(|w| w.count_ones()).sum()
    }

    /// At least the size of the multiset intersection of the ids behind
    /// `self` and `other`. Each shared bit holds at least one match; every
    /// further match needs a further id on both sides beyond the first of
    /// its bit, of which each side has `count - ones`.
    pub fn max_matches(&self, other: &Bits) -> u32 {
        let shared: u32 = (0..4)
            .map(|k| (self.bits[k] & other.bits[k]).count_ones())
            .sum();
        if shared == 0 {
            return 0;
        }
        let extra = (self.count - self.ones()).min(other.count - other.ones());
        (shared + extra).min(self.count).min(other.count)
    }
}

/// Fibonacci hashing of an id to 64 well-mixed bits.
fn hash(id: u32) -> u64 {
    u64::from(id)
        .wrapping_add(1)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The multiset intersection of `source` and `linked`, each matched id given
/// to `each` once per pair. Sorted slices (one sentence a side) are merged;
/// otherwise `counts`, a zeroed counter per id, is used and left zeroed.
pub fn for_each_match(
    source: &[u32],
    linked: &[u32],
    sorted: bool,
    counts: &mut Vec<u32>,
    mut each: impl FnMut(u32),
) {
    if source.is_empty() || linked.is_empty() {
        return;
    }
    if sorted {
        intersect(source, linked).for_each(each);
        return;
    }
    let needed = source.iter().copied().max().map_or(0, |m| m as usize + 1);
    if counts.len() < needed {
        counts.resize(needed, 0);
    }
    for &id in source {
        counts[id as usize] += 1;
    }
    for &id in linked {
        if let Some(c) = counts.get_mut(id as usize)
            && *c > 0
        {
            *c -= 1;
            each(id);
        }
    }
    for &id in source {
        counts[id as usize] = 0;
    }
}

/// How many ids of `source` find a partner in `linked` (both sorted), as
/// multisets.
pub fn count_matches(source: &[u32], linked: &[u32]) -> usize {
    intersect(source, linked).count()
}

/// Multiset intersection of two sorted slices.
fn intersect<'s>(a: &'s [u32], b: &'s [u32]) -> impl Iterator<Item = u32> + 's {
    let (mut x, mut y) = (0, 0);
    std::iter::from_fn(move || {
        while x < a.len() && y < b.len() {
            match a[x].cmp(&b[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    x += 1;
                    y += 1;
                    return Some(a[x - 1]);
                }
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiset_intersection_counts_repeats_once_per_pair() {
        let got: Vec<u32> = intersect(&[1, 1, 2, 5], &[1, 2, 2, 5, 7]).collect();
        assert_eq!(got, [1, 2, 5]);
        let got: Vec<u32> = intersect(&[1, 1], &[1, 1, 1]).collect();
        assert_eq!(got, [1, 1]);
    }

    #[test]
    fn unsorted_matching_agrees_with_sorted() {
        let (source, linked) = ([5u32, 1, 2, 1], [2u32, 7, 1, 1, 1, 5]);
        let mut counts = Vec::new();
        let mut got = Vec::new();
        for_each_match(&source, &linked, false, &mut counts, |id| got.push(id));
        got.sort_unstable();
        assert_eq!(got, [1, 1, 2, 5]);
        assert!(counts.iter().all(|&c| c == 0), "counters left zeroed");
    }

    #[test]
    fn bits_bound_the_matches_with_repeats() {
        let a = Bits::of(&[3, 3, 3, 9]);
        let b = Bits::of(&[3, 3, 3]);
        assert!(a.max_matches(&b) >= 3);
        assert_eq!(Bits::of(&[1]).max_matches(&Bits::of(&[])), 0);
    }
}
