//! The keyed form of a language pair's dictionaries, stored between runs.
//!
//! Reading and keying the FreeDict English–German and German–English
//! files (977,770 entries, 200 MB of articles) takes seconds; what comes
//! out of it (the word keys of both languages and the links between them)
//! is a few megabytes and reads back in a fraction of that. So the keyed
//! form is kept in a [`KeyedStore`] (the binary gives a folder in the
//! user's cache) under a name derived from everything it was made from:
//! the build of bitext (which fixes the keying rules and the language
//! data), the language pair, and every dictionary file used with its size
//! and modification time. A changed file, another build or another set of
//! dictionaries is another name, so a stored form is never used for what
//! it was not made from.
//!
//! The stored bytes are read as hostile all the same (a cache folder is
//! writable by the user, a file can be cut short by a full disk): every
//! length is checked against what is left, every id against the number of
//! keys, the offsets must rise, the keys must be distinct UTF-8, and a
//! checksum covers the whole. Anything wrong, and the form is built again
//! from the dictionaries as if nothing had been stored.
//!
//! The format (little-endian): the magic line, the version (u32), the
//! fingerprint (u64 length + bytes), the number of entries used (u64), the
//! entries of each file in the order the fingerprint lists them (u64 count,
//! u64 each), the source keys and the target keys in id order (each a u64
//! count, then per key a u32 length and its bytes), the offsets (u64 count,
//! u32 each), the source ids (u64 count, u32 each), and a 64-bit checksum
//! of everything before it.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};

use super::Keyed;

/// Keeps stored keyed dictionaries by name between runs.
pub trait KeyedStore: Send + Sync {
    /// The bytes stored under `name`, if any (a store that cannot read
    /// says none).
    fn load(&self, name: &str) -> Option<Vec<u8>>;
    /// Stores `bytes` under `name`; an error is a message for the user
    /// (the run goes on without storing).
    fn save(&self, name: &str, bytes: &[u8]) -> std::result::Result<(), String>;
}

const MAGIC: &[u8] = b"bitext keyed dictionary\n";
const VERSION: u32 = 1;

/// The name a keyed form made from `fingerprint` is stored under: the
/// language pair, readable, and a hash of the whole fingerprint (which the
/// stored bytes repeat in full, so that a hash collision is caught).
pub(super) fn name(source: &str, target: &str, fingerprint: &str) -> String {
    let safe = |lang: &str| -> String {
        lang.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(16)
            .collect()
    };
    format!(
        "keyed-{}-{}-{:016x}.bin",
        safe(source),
        safe(target),
        checksum(fingerprint.as_bytes())
    )
}

/// A stable 64-bit hash (the same on every run and machine of one
/// endianness; FxHash is not randomised).
fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
}

/// The bytes of a keyed form and the entries of each file it was made from.
pub(super) fn encode(keyed: &Keyed, fingerprint: &str, file_entries: &[usize]) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        64 + 4 * (keyed.offsets.len() + keyed.sources.len())
            + 12 * (keyed.source.len() + keyed.target.len()),
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    put_bytes(&mut out, fingerprint.as_bytes());
    put_u64(&mut out, keyed.entries as u64);
    put_u64(&mut out, file_entries.len() as u64);
    for &n in file_entries {
        put_u64(&mut out, n as u64);
    }
    for keys in [&keyed.source, &keyed.target] {
        let mut by_id = vec![""; keys.len()];
        for (key, &id) in keys {
            by_id[id as usize] = key;
        }
        put_u64(&mut out, by_id.len() as u64);
        for key in by_id {
            out.extend_from_slice(&(key.len() as u32).to_le_bytes());
            out.extend_from_slice(key.as_bytes());
        }
    }
    put_u64(&mut out, keyed.offsets.len() as u64);
    for &o in &keyed.offsets {
        out.extend_from_slice(&(o as u32).to_le_bytes());
    }
    put_u64(&mut out, keyed.sources.len() as u64);
    for &s in &keyed.sources {
        out.extend_from_slice(&s.to_le_bytes());
    }
    let sum = checksum(&out);
    put_u64(&mut out, sum);
    out
}

/// Whether a keyed form fits the stored format (its numbers in u32).
pub(super) fn storable(keyed: &Keyed) -> bool {
    keyed.sources.len() < u32::MAX as usize
        && keyed.source.len() < u32::MAX as usize
        && keyed.target.len() < u32::MAX as usize
}

/// The keyed form stored in `bytes` and the entries of each file, if the
/// bytes are whole, sound and made from `fingerprint`.
pub(super) fn decode(bytes: &[u8], fingerprint: &str) -> Option<(Keyed, Vec<usize>)> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if checksum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut r = Reader { bytes: body };
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != VERSION {
        return None;
    }
    let stored = r.len_prefixed()?;
    if stored != fingerprint.as_bytes() {
        return None;
    }
    let entries = usize::try_from(r.u64()?).ok()?;
    let files = r.count(8)?;
    let file_entries = (0..files)
        .map(|_| usize::try_from(r.u64()?).ok())
        .collect::<Option<Vec<usize>>>()?;
    let source = r.keys()?;
    let target = r.keys()?;
    let offsets: Vec<usize> = r.numbers()?.into_iter().map(|o| o as usize).collect();
    let sources = r.numbers()?;
    if !r.bytes.is_empty()
        || offsets.len() != target.len() + 1
        || offsets.first() != Some(&0)
        || offsets.last() != Some(&sources.len())
        || offsets.windows(2).any(|w| w[0] > w[1])
        || sources.iter().any(|&s| s as usize >= source.len())
    {
        return None;
    }
    let keyed = Keyed {
        source,
        target,
        offsets,
        sources,
        entries,
    };
    Some((keyed, file_entries))
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_u64(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Reads the stored format; every method says `None` where the bytes do not
/// hold what it reads.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count of items at least `size` bytes each, refused if the bytes
    /// left cannot hold them (so that no count makes a huge allocation).
    fn count(&mut self, size: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= self.bytes.len() / size).then_some(n)
    }

    fn len_prefixed(&mut self) -> Option<&'a [u8]> {
        let n = self.count(1)?;
        self.take(n)
    }

    fn keys(&mut self) -> Option<FxHashMap<String, u32>> {
        let n = self.count(4)?;
        let mut keys = FxHashMap::with_capacity_and_hasher(n, Default::default());
        for id in 0..n as u32 {
            let len = self.u32()? as usize;
            let key = std::str::from_utf8(self.take(len)?).ok()?;
            if keys.insert(key.to_string(), id).is_some() {
                return None;
            }
        }
        Some(keys)
    }

    fn numbers(&mut self) -> Option<Vec<u32>> {
        let n = self.count(4)?;
        let bytes = self.take(4 * n)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyed() -> Keyed {
        let map = |keys: &[&str]| -> FxHashMap<String, u32> {
            keys.iter()
                .enumerate()
                .map(|(id, k)| (k.to_string(), id as u32))
                .collect()
        };
        Keyed {
            source: map(&["haus", "katz", "hund"]),
            target: map(&["hous", "cat", "dog", "hom"]),
            offsets: vec![0, 1, 2, 3, 4],
            sources: vec![0, 1, 2, 0],
            entries: 4,
        }
    }

    fn same(a: &Keyed, b: &Keyed) -> bool {
        a.source == b.source
            && a.target == b.target
            && a.offsets == b.offsets
            && a.sources == b.sources
            && a.entries == b.entries
    }

    #[test]
    fn a_stored_form_reads_back_as_it_was() {
        let bytes = encode(&keyed(), "print", &[3, 1]);
        let (back, files) = decode(&bytes, "print").unwrap();
        assert!(same(&back, &keyed()));
        assert_eq!(files, [3, 1]);
    }

    #[test]
    fn another_fingerprint_or_damaged_bytes_are_not_used() {
        let bytes = encode(&keyed(), "print", &[4]);
        assert!(decode(&bytes, "other print").is_none());
        for cut in [0, 1, 8, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], "print").is_none(), "cut at {cut}");
        }
        for at in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x40;
            assert!(decode(&flipped, "print").is_none(), "byte {at} flipped");
        }
    }

    #[test]
    fn unsound_content_with_a_right_checksum_is_refused() {
        // A source id beyond the keys, with the checksum made to fit.
        let mut bad = keyed();
        bad.sources[3] = 7;
        assert!(decode(&encode(&bad, "p", &[4]), "p").is_none());
        let mut bad = keyed();
        bad.offsets = vec![0, 2, 1, 3, 4];
        assert!(decode(&encode(&bad, "p", &[4]), "p").is_none());
        // A huge count must not allocate: refused against the bytes left.
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&VERSION.to_le_bytes());
        bytes.extend_from_slice(&u64::MAX.to_le_bytes());
        let sum = checksum(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        assert!(decode(&bytes, "p").is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// Any edit of a stored form (bytes changed, cut, inserted), with
        /// or without its checksum made to fit again, reads as nothing or
        /// as a sound form: never a panic, never an id out of range.
        #[test]
        fn edited_bytes_never_panic_and_never_give_an_unsound_form(
            edits in proptest::collection::vec((0usize..3, 0usize..512, proptest::prelude::any::<u8>()), 1..8),
            refit in proptest::prelude::any::<bool>(),
        ) {
            let good = encode(&keyed(), "print", &[4]);
            let mut bytes = good[..good.len() - 8].to_vec();
            for (kind, at, byte) in edits {
                let at = at % (bytes.len() + 1);
                match kind {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 if at < bytes.len() => bytes.truncate(at),
                    _ => bytes.insert(at, byte),
                }
            }
            let sum = if refit { checksum(&bytes) } else { checksum(&good[..good.len() - 8]) };
            bytes.extend_from_slice(&sum.to_le_bytes());
            if let Some((k, _)) = decode(&bytes, "print") {
                proptest::prop_assert_eq!(k.offsets.len(), k.target.len() + 1);
                proptest::prop_assert!(k.sources.iter().all(|&s| (s as usize) < k.source.len()));
                proptest::prop_assert!(k.offsets.windows(2).all(|w| w[0] <= w[1]));
            }
        }
    }

    #[test]
    fn names_depend_on_the_whole_fingerprint_and_stay_in_the_folder() {
        let a = name("en", "de", "files a");
        assert_ne!(a, name("en", "de", "files b"));
        assert_eq!(a, name("en", "de", "files a"));
        let hostile = name("../../x", "a/b", "f");
        assert!(
            !hostile.contains('/') && !hostile.contains(".."),
            "{hostile}"
        );
    }
}
