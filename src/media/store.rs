//! Processed uploads on disk, one directory per SHA-256.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::kind::{ImageKind, Variant};
use super::process::Processed;

/// The name of the stripped original's file (without extension), next to the variants'.
const ORIGINAL: &str = "original";

/// Files of processed uploads under one root directory (`<data_dir>/media`):
///
/// ```text
/// <root>/<sha[0..2]>/<sha>/original.<ext>
/// <root>/<sha[0..2]>/<sha>/body.<ext>
/// <root>/<sha[0..2]>/<sha>/cover.<ext>
/// <root>/<sha[0..2]>/<sha>/thumb.<ext>
/// ```
///
/// Files are keyed by the upload's SHA-256 only, so organisations that upload the same file
/// share it: delete a directory only when no media row refers to its SHA any more.
/// Every path is built from a validated SHA (64 lowercase hex digits) and a fixed file name,
/// so nothing taken from a URL can point outside the root.
#[derive(Debug, Clone)]
pub struct MediaStore {
    root: PathBuf,
}

impl MediaStore {
    /// A store under `root`. Nothing is created until the first [`store`](Self::store).
    pub fn new(root: PathBuf) -> MediaStore {
        MediaStore { root }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes the stripped original and every variant of `processed` into its directory.
    ///
    /// Each file is written to a temporary file in the same directory, flushed to disk and
    /// renamed over its final name, so a reader sees the old file or the new one, never a
    /// partial one. Storing the same upload again simply replaces the files (idempotent).
    pub fn store(&self, processed: &Processed) -> io::Result<()> {
        let dir = self.dir(&processed.sha256).ok_or_else(invalid_sha)?;
        fs::create_dir_all(&dir)?;
        write_file(&dir, ORIGINAL, processed.kind, &processed.original)?;
        for (variant, kind, bytes) in &processed.variants {
            write_file(&dir, variant.as_str(), *kind, bytes)?;
        }
        sync_dir(&dir);
        Ok(())
    }

    /// The file for `name` (`original`, `body`, `cover` or `thumb`) of the upload `sha`,
    /// whatever its format, if it exists. `None` for anything else, including a `sha` that is
    /// not exactly 64 lowercase hex digits (so `../etc` or `ab/../..` never reach the disk).
    ///
    /// The format is the extension: see [`ImageKind::from_extension`].
    pub fn path(&self, sha: &str, name: &str) -> Option<PathBuf> {
        let dir = self.dir(sha)?;
        if name != ORIGINAL && name.parse::<Variant>().is_err() {
            return None;
        }
        ImageKind::ALL
            .into_iter()
            .map(|kind| dir.join(file_name(name, kind)))
            .find(|path| path.is_file())
    }

    /// Whether the upload `sha` has been stored (its original is on disk).
    pub fn contains(&self, sha: &str) -> bool {
        self.path(sha, ORIGINAL).is_some()
    }

    /// Removes the directory of the upload `sha` and everything in it. Deleting what is not
    /// there is not an error; an invalid `sha` is ([`io::ErrorKind::InvalidInput`]).
    pub fn delete(&self, sha: &str) -> io::Result<()> {
        let dir = self.dir(sha).ok_or_else(invalid_sha)?;
        match fs::remove_dir_all(&dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// `<root>/<sha[0..2]>/<sha>` for a valid SHA-256 in lowercase hex.
    fn dir(&self, sha: &str) -> Option<PathBuf> {
        let valid = sha.len() == 64 && sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        valid.then(|| self.root.join(&sha[..2]).join(sha))
    }
}

fn invalid_sha() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "a media SHA-256 must be 64 lowercase hex digits",
    )
}

fn file_name(name: &str, kind: ImageKind) -> String {
    format!("{name}.{}", kind.extension())
}

/// Writes `<dir>/<name>.<ext>` atomically, then removes any `<name>.<other ext>` left from an
/// earlier store in another format, so that [`MediaStore::path`] finds exactly one file.
fn write_file(dir: &Path, name: &str, kind: ImageKind, bytes: &[u8]) -> io::Result<()> {
    let target = dir.join(file_name(name, kind));
    let temp = dir.join(format!(
        ".{name}.{}.{:016x}.tmp",
        kind.extension(),
        rand::random::<u64>()
    ));
    let written = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, &target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;

    for other in ImageKind::ALL.into_iter().filter(|k| *k != kind) {
        match fs::remove_file(dir.join(file_name(name, other))) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Makes the renames in `dir` durable, where the platform can (best effort: the files
/// themselves were already synced).
fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}
