//! Catalogues as objects of an S3 bucket (`ICML_BUCKET`), handed out as
//! presigned GET URLs: the bytes never pass through a Lambda response.

use super::{CatalogueFiles, Download, FileName, file_name};
use crate::error::{Error, Result};
use crate::model::TenantId;
use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use std::time::Duration;
use tempfile::{NamedTempFile, TempPath};

/// How long a download URL stays valid.
pub const URL_TTL: Duration = Duration::from_secs(15 * 60);

/// `s3://<bucket>/icml/<tenant>.xml`.
#[derive(Debug, Clone)]
pub struct S3CatalogueFiles {
    client: Client,
    bucket: String,
}

impl S3CatalogueFiles {
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        S3CatalogueFiles {
            client,
            bucket: bucket.into(),
        }
    }

    /// A client on `sdk`; path-style addressing when the endpoint is
    /// overridden (a local S3 such as moto has no per-bucket host names).
    pub fn client(sdk: &aws_config::SdkConfig) -> Client {
        let config = aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(sdk.endpoint_url().is_some())
            .build();
        Client::from_conf(config)
    }

    fn key(tenant: &TenantId) -> String {
        format!("icml/{}", file_name(tenant))
    }

    fn export_key(tenant: &TenantId, name: &FileName) -> String {
        format!("exports/{tenant}/{}", name.as_str())
    }

    /// Uploads `file` as `key`, streamed from disk: memory stays flat
    /// whatever its size.
    async fn put(&self, key: String, content_type: &str, file: &TempPath) -> Result<()> {
        let body = ByteStream::from_path(file)
            .await
            .map_err(|e| s3_error("read staged file", e))?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(body)
            .send()
            .await
            .map_err(|e| s3_error("PutObject", e))?;
        Ok(())
    }

    /// A presigned GET of `key`, or `None` when there is no such object.
    async fn presigned(&self, key: String) -> Result<Option<Download>> {
        let head = self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(&key)
            .send()
            .await;
        if let Err(e) = head {
            if e.as_service_error().is_some_and(|s| s.is_not_found()) {
                return Ok(None);
            }
            return Err(s3_error("HeadObject", e));
        }
        let presign = PresigningConfig::expires_in(URL_TTL).map_err(|e| s3_error("presign", e))?;
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(&key)
            .presigned(presign)
            .await
            .map_err(|e| s3_error("presign GetObject", e))?;
        Ok(Some(Download::Redirect(request.uri().to_owned())))
    }
}

fn s3_error(what: &str, e: impl std::fmt::Debug) -> Error {
    Error::Storage(format!("S3 {what}: {e:?}"))
}

#[async_trait]
impl CatalogueFiles for S3CatalogueFiles {
    fn staged_file(&self) -> Result<NamedTempFile> {
        // Lambda's /tmp (512 MB by default) holds the file while it uploads.
        NamedTempFile::new().map_err(Error::storage)
    }

    async fn publish(&self, tenant: &TenantId, file: TempPath) -> Result<()> {
        self.put(Self::key(tenant), "application/xml; charset=utf-8", &file)
            .await
    }

    async fn download(&self, tenant: &TenantId) -> Result<Option<Download>> {
        self.presigned(Self::key(tenant)).await
    }

    async fn publish_named(
        &self,
        tenant: &TenantId,
        name: &FileName,
        content_type: &str,
        file: TempPath,
    ) -> Result<()> {
        self.put(Self::export_key(tenant, name), content_type, &file)
            .await
    }

    async fn download_named(&self, tenant: &TenantId, name: &FileName) -> Result<Option<Download>> {
        self.presigned(Self::export_key(tenant, name)).await
    }
}
