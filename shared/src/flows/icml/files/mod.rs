//! Where generated ICML catalogues are kept, and how an operator gets one.
//!
//! A catalogue of 100k offers is tens of megabytes: more than a Lambda
//! response may carry (6 MB), so it is written to a file, then published to a
//! place that serves it: a directory of the local process, or an S3 bucket
//! whose object the admin API hands out as a short-lived presigned URL.
//!
//! Other exports made in the background (a customer list, CM-4) are kept
//! the same way under a name of their own (`publish_named`).

mod local;
mod s3;

pub use local::LocalCatalogueFiles;
pub use s3::S3CatalogueFiles;

use crate::error::Result;
use crate::model::TenantId;
use async_trait::async_trait;
use std::path::PathBuf;
use tempfile::{NamedTempFile, TempPath};

/// How the current catalogue reaches the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Download {
    /// Served from this file by the process itself.
    File(PathBuf),
    /// Fetched from this (presigned, expiring) URL.
    Redirect(String),
}

/// The store of one current catalogue per tenant.
#[async_trait]
pub trait CatalogueFiles: Send + Sync {
    /// A new empty file to write a catalogue in before it is published (for
    /// the local store, on the same filesystem, so publishing is a rename).
    fn staged_file(&self) -> Result<NamedTempFile>;

    /// Makes the finished, validated file the tenant's current catalogue,
    /// replacing the previous one whole (a reader never sees half a file).
    async fn publish(&self, tenant: &TenantId, file: TempPath) -> Result<()>;

    /// The current catalogue, if one was ever published.
    async fn download(&self, tenant: &TenantId) -> Result<Option<Download>>;

    /// Keeps the finished `file` as the tenant's export `name` (a
    /// `FileName`), served as `content_type`.
    async fn publish_named(
        &self,
        tenant: &TenantId,
        name: &FileName,
        content_type: &str,
        file: TempPath,
    ) -> Result<()>;

    /// The tenant's export `name`, if it was published.
    async fn download_named(&self, tenant: &TenantId, name: &FileName) -> Result<Option<Download>>;
}

/// The name of an export file: letters, digits, `.`, `_` and `-`, not
/// starting with a dot, so that it is one path segment and one S3 key part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName(String);

impl FileName {
    pub fn parse(raw: &str) -> Option<FileName> {
        let ok = !raw.is_empty()
            && raw.len() <= 128
            && !raw.starts_with('.')
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        ok.then(|| FileName(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The object name of a tenant's catalogue (tenant ids are `[A-Za-z0-9_-]`).
fn file_name(tenant: &TenantId) -> String {
    format!("{tenant}.xml")
}
