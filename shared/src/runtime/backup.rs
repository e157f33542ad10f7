//! `synclane backup`: an online copy of the local runtime's database and,
//! beside it, of the secrets key file. Without the key file the tenants'
//! sealed secrets in the copy cannot be opened, so both are taken together
//! and restored together.

use super::config::LocalConfig;
use crate::error::{Error, Result};
use crate::sqlite::backup::{BackupReport, backup_file};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// What `backup` wrote.
#[derive(Debug, Clone)]
pub struct LocalBackup {
    pub database: BackupReport,
    /// Where the key file was copied (`OUT.key`); `None` when the process
    /// never made one (no secret was sealed yet).
    pub key_copy: Option<PathBuf>,
    /// The key file the process uses.
    pub key_file: PathBuf,
}

/// Copies the database of `config` to `out` and its key file to `OUT.key`.
pub fn backup(config: &LocalConfig, out: &Path) -> Result<LocalBackup> {
    if config.aws.is_some() {
        return Err(Error::Invalid(
            "this config runs on DynamoDB and SQS: back up with the table's point-in-time recovery (DEPLOY.md)".into(),
        ));
    }
    let database = backup_file(&config.database, out)?;
    let key_file = config.secrets_key_file();
    let key_copy = PathBuf::from(format!("{}.key", out.display()));
    let key_copy = match std::fs::read(&key_file) {
        Ok(key) => {
            write_owner_only(&key_copy, &key).map_err(|e| {
                Error::Storage(format!("copy the key file to {}: {e}", key_copy.display()))
            })?;
            Some(key_copy)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(Error::Storage(format!(
                "read the key file {}: {e}",
                key_file.display()
            )));
        }
    };
    Ok(LocalBackup {
        database,
        key_copy,
        key_file,
    })
}

/// Writes `bytes` to `path` with mode 0600, fsynced (the key is a secret).
fn write_owner_only(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()
}
