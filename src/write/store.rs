//! A folder that keeps what is worth keeping between runs (the keyed form
//! of big dictionaries, see [`KeyedStore`]): files written atomically, read
//! back only up to a size, and never a reason for a run to fail.

use std::io::Read;
use std::path::PathBuf;

use crate::align::KeyedStore;

/// Largest stored file read back: the keyed FreeDict English–German pair is
/// about 2 MB.
const MAX_STORED: u64 = 1 << 30;

/// A cache folder, created when first written to.
#[derive(Debug, Clone)]
pub struct CacheFolder {
    dir: PathBuf,
}

impl CacheFolder {
    /// The folder `dir` (names given to it are file names inside it).
    pub fn new(dir: PathBuf) -> CacheFolder {
        CacheFolder { dir }
    }
}

impl KeyedStore for CacheFolder {
    fn load(&self, name: &str) -> Option<Vec<u8>> {
        let path = self.dir.join(name);
        // Only a regular file: a FIFO put in its place would block the read.
        if !std::fs::metadata(&path).ok()?.is_file() {
            return None;
        }
        let file = std::fs::File::open(&path).ok()?;
        let mut bytes = Vec::new();
        file.take(MAX_STORED + 1).read_to_end(&mut bytes).ok()?;
        (bytes.len() as u64 <= MAX_STORED).then_some(bytes)
    }

    fn save(&self, name: &str, bytes: &[u8]) -> Result<(), String> {
        let path = self.dir.join(name);
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            format!(
                "{}: cannot create the cache folder: {e}",
                self.dir.display()
            )
        })?;
        super::atomic(&path, true, |out| out.write_all(bytes)).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_it_is_given_and_says_why_it_cannot() {
        let dir = tempfile::tempdir().unwrap();
        let folder = CacheFolder::new(dir.path().join("bitext"));
        assert!(folder.load("a.bin").is_none());
        folder.save("a.bin", b"keyed").unwrap();
        assert_eq!(folder.load("a.bin").unwrap(), b"keyed");
        folder.save("a.bin", b"again").unwrap();
        assert_eq!(folder.load("a.bin").unwrap(), b"again");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("bitext"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.bin"], "no temporary file is left");
        // Something else than a file under the name: not read (a FIFO would
        // block).
        std::fs::create_dir(dir.path().join("bitext").join("d.bin")).unwrap();
        assert!(folder.load("d.bin").is_none());
        #[cfg(unix)]
        {
            let fifo = dir.path().join("bitext").join("f.bin");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                assert!(folder.load("f.bin").is_none());
            }
        }
        // A file where the folder should be.
        let blocked = dir.path().join("file");
        std::fs::write(&blocked, "x").unwrap();
        let err = CacheFolder::new(blocked).save("a.bin", b"k").unwrap_err();
        assert!(err.contains("cannot create the cache folder"), "{err}");
    }
}
