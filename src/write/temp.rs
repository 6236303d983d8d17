//! bitext's temporary files: named `.bitext-<pid>-<random>.tmp` beside the
//! output they become, known while they live so that a signal can remove
//! them, and removed at the next run in that folder when a killed process
//! (`kill -9`, a power cut) left them behind.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Temporaries that this process is writing now.
static LIVE: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Folders already swept for stale temporaries in this run.
static SWEPT: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Names of an earlier version (`.bitext-<random>.tmp`, no process id) are
/// taken as stale when older than this: no run writes one file that long.
const LEGACY_AGE: Duration = Duration::from_secs(24 * 3600);

/// The prefix of this process's temporaries.
pub(crate) fn prefix() -> String {
    format!(".bitext-{}-", std::process::id())
}

/// A live temporary; forgotten when dropped (committed or abandoned).
#[derive(Debug)]
pub(crate) struct Registered(PathBuf);

impl Registered {
    /// Creates a temporary with `create` and registers it (`path` names
    /// it), both under the lock a signal's removal holds until the process
    /// ends: so no temporary exists unregistered, not even for an instant,
    /// and none is created once the removal has begun.
    pub(crate) fn create<T>(
        create: impl FnOnce() -> std::io::Result<T>,
        path: impl FnOnce(&T) -> &Path,
    ) -> std::io::Result<(T, Registered)> {
        let mut live = lock(&LIVE);
        let temp = create()?;
        let registered = Registered(path(&temp).to_path_buf());
        live.insert(registered.0.clone());
        Ok((temp, registered))
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        lock(&LIVE).remove(&self.0);
    }
}

/// Removes every temporary this process is writing: for a signal handler,
/// which must exit right after, without running destructors. The list
/// stays locked until then, so that the other threads, still running,
/// create no temporary after it was emptied (they wait for the exit).
pub fn remove_temporaries() {
    let live = lock(&LIVE);
    for path in live.iter() {
        let _ = std::fs::remove_file(path);
    }
    std::mem::forget(live);
}

/// Removes, once per run and folder, temporaries of bitext's naming that no
/// running process writes any more. Failures are ignored: a file that
/// cannot be removed is only clutter.
pub(crate) fn sweep(dir: &Path) {
    if !lock(&SWEPT).insert(dir.to_path_buf()) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if is_stale(name, || entry.metadata().ok()?.modified().ok()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a file of this name is a temporary that nobody writes: its
/// process is gone, or (an older version's name) it is old.
fn is_stale(name: &str, modified: impl FnOnce() -> Option<SystemTime>) -> bool {
    let Some(middle) = name
        .strip_prefix(".bitext-")
        .and_then(|rest| rest.strip_suffix(".tmp"))
    else {
        return false;
    };
    match middle.split_once('-') {
        Some((pid, _)) if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) => {
            match pid.parse::<u32>() {
                Ok(pid) if pid == std::process::id() => false,
                Ok(pid) => process_gone(pid).unwrap_or_else(|| old(modified)),
                Err(_) => false,
            }
        }
        None if !middle.is_empty() && middle.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            old(modified)
        }
        _ => false,
    }
}

fn old(modified: impl FnOnce() -> Option<SystemTime>) -> bool {
    modified()
        .and_then(|time| time.elapsed().ok())
        .is_some_and(|age| age > LEGACY_AGE)
}

/// Whether no process of this id runs, where the system can tell (Linux's
/// /proc); `None` elsewhere.
fn process_gone(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    proc.join("self")
        .exists()
        .then(|| !proc.join(pid.to_string()).exists())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bitext_temporaries_of_gone_processes_are_stale() {
        let now = || Some(SystemTime::now());
        let long_ago = || Some(SystemTime::now() - Duration::from_secs(48 * 3600));
        let own = format!("{}x.tmp", prefix());
        assert!(!is_stale(&own, long_ago), "this process's own");
        if Path::new("/proc/self").exists() {
            assert!(
                is_stale(".bitext-4294967295-abc.tmp", now),
                "no such process"
            );
            assert!(!is_stale(".bitext-1-abc.tmp", long_ago), "init runs");
        }
        assert!(
            is_stale(".bitext-a1B2c3.tmp", long_ago),
            "an old version's, old"
        );
        assert!(
            !is_stale(".bitext-a1B2c3.tmp", now),
            "an old version's, recent"
        );
        for other in [
            "bitext-1-a.tmp",
            ".bitext-1-a.txt",
            "notes.tmp",
            ".bitext-.tmp",
        ] {
            assert!(!is_stale(other, long_ago), "{other}");
        }
    }
}
