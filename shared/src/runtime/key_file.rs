//! The local process's master key file: 32 random bytes, hex, that seal
//! the tenants' secrets in the embedded database (AWS seals with KMS).
//! Made on first start with mode 0600 (owner only); a key file that others
//! can read is refused, as ssh refuses such a private key.

use crate::error::{Error, Result};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// The key in `path`, made there first if the file does not exist.
pub fn load_or_create(path: &Path) -> Result<[u8; 32]> {
    let invalid =
        |what: String| Error::Invalid(format!("secrets key file {}: {what}", path.display()));
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let mode = std::fs::metadata(path)
                .map_err(|e| invalid(e.to_string()))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(invalid(format!(
                    "mode {:o} lets others read it; chmod 600 it",
                    mode & 0o777
                )));
            }
            hex::decode(text.trim())
                .ok()
                .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
                .ok_or_else(|| invalid("not 64 hex digits".into()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key: [u8; 32] = rand::random();
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map_err(|e| invalid(e.to_string()))?;
            file.write_all(format!("{}\n", hex::encode(key)).as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| invalid(e.to_string()))?;
            tracing::info!(message = "Made the secrets key file; back it up with the database.", path = %path.display());
            Ok(key)
        }
        Err(e) => Err(invalid(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::load_or_create;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn made_owner_only_then_read_back_and_refused_when_others_can_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("synclane.key");
        let made = load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(load_or_create(&path).unwrap(), made);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(load_or_create(&path).is_err());
    }
}
