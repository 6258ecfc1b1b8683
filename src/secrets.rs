//! Secrets that must survive restarts, generated on first start into the data dir unless given
//! in configuration. Files are created atomically with mode 0600 so that two instances starting
//! at once end up sharing one key.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, bail};
use rand::RngCore as _;

use crate::config::Settings;

/// Keys loaded at start.
#[derive(Clone)]
pub struct Secrets {
    /// Session cookie signing + encryption key (64 bytes).
    pub session_key: Vec<u8>,
    /// HMAC key for signed links (≥ 32 bytes).
    pub token_key: Vec<u8>,
    /// The VAPID private key: a P-256 scalar, 32 bytes, big-endian.
    pub vapid_key: Vec<u8>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets { .. }")
    }
}

impl Secrets {
    /// Uses configured keys, otherwise reads or creates `data_dir/secrets/*.key`.
    pub fn load_or_generate(settings: &Settings) -> anyhow::Result<Self> {
        let dir = settings.data_dir.join("secrets");
        let session_key = match &settings.session_key {
            Some(k) => k.expose().clone(),
            None => file_key(&dir.join("session.key"), 64)?,
        };
        let token_key = match &settings.token_key {
            Some(k) => k.expose().clone(),
            None => file_key(&dir.join("token.key"), 32)?,
        };
        let vapid_key = match &settings.vapid_private_key {
            Some(k) => k.expose().clone(),
            None => {
                let path = dir.join("vapid.key");
                let key = created_key(&path, 32, || {
                    loop {
                        // Almost every 32 bytes is a valid scalar (below the group order, not 0).
                        let mut key = vec![0u8; 32];
                        rand::rng().fill_bytes(&mut key);
                        if p256::SecretKey::from_slice(&key).is_ok() {
                            break key;
                        }
                    }
                })?;
                if key.len() != 32 || p256::SecretKey::from_slice(&key).is_err() {
                    bail!(
                        "{} is not a P-256 private key (32 bytes); remove it to generate a new \
                         one (browsers following by push will have to follow again)",
                        path.display()
                    );
                }
                key
            }
        };
        Ok(Secrets {
            session_key,
            token_key,
            vapid_key,
        })
    }
}

fn file_key(path: &Path, len: usize) -> anyhow::Result<Vec<u8>> {
    created_key(path, len, || {
        let mut key = vec![0u8; len];
        rand::rng().fill_bytes(&mut key);
        key
    })
}

/// The key in `path`, or a new one from `generate` written there.
fn created_key(
    path: &Path,
    len: usize,
    generate: impl FnOnce() -> Vec<u8>,
) -> anyhow::Result<Vec<u8>> {
    match std::fs::read(path) {
        Ok(bytes) if bytes.len() >= len => return Ok(bytes),
        Ok(bytes) => bail!(
            "{} holds {} bytes, expected at least {len}; remove it to generate a new key",
            path.display(),
            bytes.len()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
    let dir = path.parent().context("secret path has no parent")?;
    create_private_dir(dir)?;
    let key = generate();
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("key"),
        std::process::id()
    ));
    write_private(&tmp, &key)?;
    // hard_link fails if another instance won the race; then its key is the one to use.
    let linked = std::fs::hard_link(&tmp, path);
    std::fs::remove_file(&tmp).ok();
    match linked {
        Ok(()) => Ok(key),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
        }
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

/// Creates a directory (and its missing parents) readable by the owner only, mode 0700: the data
/// dir holds the database, keys and subscribers' addresses. An existing directory is left as it
/// is, with a warning when others can read it.
pub fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
        if let Ok(meta) = std::fs::metadata(dir) {
            if meta.permissions().mode() & 0o077 != 0 {
                tracing::warn!(
                    dir = %dir.display(),
                    mode = format!("{:o}", meta.permissions().mode() & 0o777),
                    "the data directory can be read by other users; `chmod 700` it"
                );
            }
            return Ok(());
        }
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("cannot create {}", dir.display()))
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
    }
}

/// Makes an existing file readable by the owner only (mode 0600); a missing file is fine.
pub fn make_private(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        match std::fs::metadata(path) {
            Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                    .with_context(|| format!("cannot chmod 600 {}", path.display()))?;
            }
            _ => {}
        }
    }
    let _ = path;
    Ok(())
}

fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DatabaseUrl;

    #[test]
    fn generated_keys_persist_across_restarts() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().to_path_buf();
        let settings = Settings::for_tests(dir.clone(), DatabaseUrl::Sqlite(dir.join("q.db")));
        let first = Secrets::load_or_generate(&settings).expect("generate");
        let second = Secrets::load_or_generate(&settings).expect("reload");
        assert_eq!(first.session_key, second.session_key);
        assert_eq!(first.token_key, second.token_key);
        assert_eq!(first.session_key.len(), 64);
        assert_ne!(first.session_key[..32], first.token_key[..]);
        assert_eq!(first.vapid_key, second.vapid_key);
        assert!(p256::SecretKey::from_slice(&first.vapid_key).is_ok());
    }
}
