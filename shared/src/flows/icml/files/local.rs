//! Catalogues as files in a directory of the local process.

use super::{CatalogueFiles, Download, FileName, file_name};
use crate::error::{Error, Result};
use crate::model::TenantId;
use async_trait::async_trait;
use std::path::PathBuf;
use tempfile::{NamedTempFile, TempPath};

/// `<dir>/<tenant>.xml`, other exports in `<dir>/.exports/<tenant>/<name>`,
/// staged in `<dir>/.staging/`.
#[derive(Debug, Clone)]
pub struct LocalCatalogueFiles {
    dir: PathBuf,
}

impl LocalCatalogueFiles {
    /// The directory is made when the first catalogue is.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        LocalCatalogueFiles { dir: dir.into() }
    }

    fn staging_dir(&self) -> PathBuf {
        self.dir.join(".staging")
    }

    fn export_path(&self, tenant: &TenantId, name: &FileName) -> PathBuf {
        self.dir
            .join(".exports")
            .join(tenant.as_str())
            .join(name.as_str())
    }
}

/// The file at `path` if it exists.
async fn existing(path: PathBuf) -> Result<Option<Download>> {
    match tokio::fs::metadata(&path).await {
        Ok(_) => Ok(Some(Download::File(path))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::storage(e)),
    }
}

#[async_trait]
impl CatalogueFiles for LocalCatalogueFiles {
    fn staged_file(&self) -> Result<NamedTempFile> {
        let staging = self.staging_dir();
        std::fs::create_dir_all(&staging).map_err(|e| {
            Error::Storage(format!("catalogue directory {}: {e}", staging.display()))
        })?;
        NamedTempFile::new_in(staging).map_err(Error::storage)
    }

    async fn publish(&self, tenant: &TenantId, file: TempPath) -> Result<()> {
        let target = self.dir.join(file_name(tenant));
        // A rename within one filesystem replaces the old file atomically.
        file.persist(&target).map_err(|e| Error::storage(e.error))?;
        Ok(())
    }

    async fn download(&self, tenant: &TenantId) -> Result<Option<Download>> {
        existing(self.dir.join(file_name(tenant))).await
    }

    async fn publish_named(
        &self,
        tenant: &TenantId,
        name: &FileName,
        _content_type: &str,
        file: TempPath,
    ) -> Result<()> {
        let target = self.export_path(tenant, name);
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(Error::storage)?;
        }
        file.persist(&target).map_err(|e| Error::storage(e.error))?;
        Ok(())
    }

    async fn download_named(&self, tenant: &TenantId, name: &FileName) -> Result<Option<Download>> {
        existing(self.export_path(tenant, name)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[tokio::test]
    async fn publishing_replaces_the_previous_catalogue_whole() {
        let root = tempfile::tempdir().unwrap();
        let files = LocalCatalogueFiles::new(root.path().join("icml"));
        let tenant = TenantId::parse("acme").unwrap();
        assert_eq!(files.download(&tenant).await.unwrap(), None);
        for body in ["<first/>", "<second/>"] {
            let mut staged = files.staged_file().unwrap();
            staged.write_all(body.as_bytes()).unwrap();
            files
                .publish(&tenant, staged.into_temp_path())
                .await
                .unwrap();
        }
        let Some(Download::File(path)) = files.download(&tenant).await.unwrap() else {
            panic!("a published catalogue is served from its file");
        };
        assert_eq!(std::fs::read_to_string(path).unwrap(), "<second/>");
        let staged = std::fs::read_dir(files.staging_dir()).unwrap().count();
        assert_eq!(staged, 0, "nothing is left in the staging directory");
    }

    #[tokio::test]
    async fn named_exports_are_kept_per_tenant() {
        let root = tempfile::tempdir().unwrap();
        let files = LocalCatalogueFiles::new(root.path().join("icml"));
        let (a, b) = (TenantId::parse("a").unwrap(), TenantId::parse("b").unwrap());
        let name = FileName::parse("customers-1.csv").unwrap();
        let mut staged = files.staged_file().unwrap();
        staged.write_all(b"id\n7\n").unwrap();
        files
            .publish_named(&a, &name, "text/csv", staged.into_temp_path())
            .await
            .unwrap();
        let Some(Download::File(path)) = files.download_named(&a, &name).await.unwrap() else {
            panic!("a published export is served from its file");
        };
        assert_eq!(std::fs::read_to_string(path).unwrap(), "id\n7\n");
        assert_eq!(files.download_named(&b, &name).await.unwrap(), None);
        assert_eq!(files.download(&a).await.unwrap(), None, "not the catalogue");
        for bad in ["", "../x", "a/b", ".hidden", "x y"] {
            assert_eq!(FileName::parse(bad), None, "{bad:?}");
        }
    }
}
